"""Connect an Ibis backend and load the two tables into it.

``duckdb`` (default) is embedded: nothing to install or run. ``postgres`` takes a URL
(``postgresql://user@host:port/db``; the CLI passes ``CAREERPATHS_ANALYTICS_POSTGRES``); ``spark``
starts PySpark in local mode (``local[2]``, UI off, a temporary warehouse directory),
the way a state longitudinal data system's cluster would be used from a notebook.
"""

from __future__ import annotations

import os
import tempfile
from enum import StrEnum
from typing import Any

import ibis
import pyarrow as pa
from ibis.backends import BaseBackend

from careerpaths.analytics.tables import (
    STUDENT_KEY,
    YEAR_KEY,
    with_student_keys,
    with_year_keys,
)

ENV_POSTGRES = "CAREERPATHS_ANALYTICS_POSTGRES"


class Engine(StrEnum):
    duckdb = "duckdb"
    postgres = "postgres"
    spark = "spark"


def spark_session(*, app: str = "careerpaths", partitions: int = 4) -> Any:
    """A local-mode Spark session (two cores, no UI, a throwaway warehouse)."""
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    from pyspark.sql import SparkSession

    warehouse = tempfile.mkdtemp(prefix="careerpaths-spark-")
    return (
        SparkSession.builder.appName(app)
        .master("local[2]")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", str(partitions))
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.sql.warehouse.dir", warehouse)
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )


def connect(engine: Engine | str = Engine.duckdb, *, url: str | None = None) -> BaseBackend:
    """An Ibis backend for ``engine``."""
    engine = Engine(engine)
    if engine is Engine.duckdb:
        return ibis.duckdb.connect()
    if engine is Engine.postgres:
        if not url:
            raise ValueError(f"PostgreSQL needs a URL (--url or {ENV_POSTGRES})")
        return ibis.connect(url.replace("postgresql://", "postgres://", 1))
    return ibis.pyspark.connect(spark_session())


def load(
    con: BaseBackend, students: pa.Table, attempts: pa.Table, *, prefix: str = ""
) -> tuple[Any, Any]:
    """Create (or replace) ``students`` and ``attempts`` in ``con``; return the tables.

    Both get the integer ``student_key`` (:func:`~careerpaths.analytics.tables.with_student_keys`)
    that the measures join and group by, unless both carry one already, and the attempts
    ``year_key`` (:func:`~careerpaths.analytics.tables.with_year_keys`) unless they have one.
    """
    if STUDENT_KEY not in students.column_names or STUDENT_KEY not in attempts.column_names:
        students, attempts = with_student_keys(students, attempts)
    if YEAR_KEY not in attempts.column_names:
        attempts = with_year_keys(attempts)
    s = con.create_table(f"{prefix}students", students, overwrite=True)
    a = con.create_table(f"{prefix}attempts", attempts, overwrite=True)
    return s, a
