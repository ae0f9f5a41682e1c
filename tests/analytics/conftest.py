"""Fixtures for the analytics tests: a hand-computed fixture and the three engines.

DuckDB always runs. PostgreSQL runs with ``CAREERPATHS_TEST_POSTGRES=1`` (a throwaway
cluster, tests/pg.py); Spark runs when pyspark and Java are installed. With ``CI=true`` an
engine that cannot run FAILS the tests that need it instead of skipping them.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from typing import Any

import pyarrow as pa
import pytest

from careerpaths.analytics import engines
from careerpaths.analytics.tables import ATTEMPTS_SCHEMA, FLAGS, STUDENTS_SCHEMA


def _unavailable(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"engine unavailable in CI: {reason}")
    pytest.skip(reason)


def _student(
    sid: str,
    school: str,
    pathway: str,
    grade: int,
    cohort: int,
    race: str,
    sex: str,
    credentials: int = 0,
    **flags: str,
) -> dict[str, Any]:
    return {
        "student_id": sid,
        "school": school,
        "district": "D",
        "college": "K",
        "pathway": pathway,
        "grade_level": grade,
        "cohort": cohort,
        "race_ethnicity": race,
        "sex": sex,
        **{f: flags.get(f, "N") for f in FLAGS},
        "credentials": credentials,
    }


def _attempt(
    sid: str,
    course: str,
    year: str,
    hs_grade: int,
    letter: str,
    attempted: float,
    earned: float,
    dual: bool,
) -> dict[str, Any]:
    return {
        "student_id": sid,
        "course": course,
        "school_year": year,
        "hs_grade": hs_grade,
        "letter": letter,
        "credits_attempted": attempted,
        "credits_earned": earned,
        "dual_credit": dual,
    }


@pytest.fixture(scope="session")
def tiny() -> tuple[pa.Table, pa.Table]:
    """Four students; the expected values in test_measures.py are worked out by hand.

    S1 (school A, senior, econ. disadvantaged): five dual-credit attempts — A, C-, P, B+
       and one in progress — 12 credits earned by graduation; a credential.
    S2 (school A, senior): high-school courses only.
    S3 (school B, grade 11, econ. disadvantaged, English learner): one dual attempt, W.
    S4 (school B, grade 10): one high-school course in progress.
    """
    students = [
        _student("S1", "A", "P1", 12, 2027, "White", "F", 1, economically_disadvantaged="Y"),
        _student("S2", "A", "(none)", 12, 2027, "Black or African American", "M"),
        _student(
            "S3",
            "B",
            "P1",
            11,
            2028,
            "White",
            "F",
            economically_disadvantaged="Y",
            english_learner="Y",
        ),
        _student("S4", "B", "(none)", 10, 2029, "Hispanic/Latino", "M"),
    ]
    attempts = [
        _attempt("S1", "COL-6", "2024-25", 10, "B+", 3, 3, True),
        _attempt("S1", "COL-1", "2025-26", 11, "A", 3, 3, True),
        _attempt("S1", "COL-2", "2025-26", 11, "C-", 3, 3, True),
        _attempt("S1", "HS-1", "2025-26", 11, "B", 0, 0, False),
        _attempt("S1", "COL-3", "2026-27", 12, "IP", 4, 0, True),
        _attempt("S1", "COL-4", "2026-27", 12, "P", 3, 3, True),
        _attempt("S2", "HS-3", "2025-26", 11, "A", 0, 0, False),
        _attempt("S2", "HS-4", "2026-27", 12, "IP", 0, 0, False),
        _attempt("S3", "COL-5", "2026-27", 11, "W", 3, 0, True),
        _attempt("S3", "HS-2", "2026-27", 11, "IP", 0, 0, False),
        _attempt("S4", "HS-5", "2026-27", 10, "IP", 0, 0, False),
    ]
    return (
        pa.Table.from_pylist(students, schema=STUDENTS_SCHEMA),
        pa.Table.from_pylist(attempts, schema=ATTEMPTS_SCHEMA),
    )


@pytest.fixture(scope="session")
def duckdb_con() -> Any:
    return engines.connect("duckdb")


@pytest.fixture(scope="session")
def postgres_con() -> Iterator[Any]:
    if os.environ.get("CAREERPATHS_TEST_POSTGRES") != "1":
        _unavailable("PostgreSQL tests need CAREERPATHS_TEST_POSTGRES=1")
    try:
        from tests.pg import start_cluster

        cluster = start_cluster()
    except Exception as exc:  # no server binaries, no permission
        _unavailable(f"cannot start PostgreSQL: {exc}")
    try:
        con = engines.connect("postgres", url=cluster.url)
        yield con
        con.disconnect()
    finally:
        cluster.stop()


@pytest.fixture(scope="session")
def spark_con() -> Iterator[Any]:
    try:
        import pyspark  # noqa: F401
    except ImportError:
        _unavailable("pyspark is not installed")
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        _unavailable("Spark needs Java")
    con = engines.connect("spark")
    con._session.sparkContext.setLogLevel("ERROR")
    yield con
    con._session.stop()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark engine-parametrized tests ``postgres`` / ``spark`` (``-m "not spark"``)."""
    for item in items:
        name = getattr(item, "callspec", None) and item.callspec.params.get("engine")
        if name in ("postgres", "spark"):
            item.add_marker(getattr(pytest.mark, name))


@pytest.fixture(params=["duckdb", "postgres", "spark"])
def engine(request: pytest.FixtureRequest) -> tuple[str, Any]:
    return request.param, request.getfixturevalue(f"{request.param}_con")
