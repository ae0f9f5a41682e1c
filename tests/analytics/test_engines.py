"""One analytics layer, three engines: the same report from DuckDB, PostgreSQL and Spark.

The data is a small demo region (300 synthetic students, every breakdown). Each engine's
raw measures and its suppressed report must equal DuckDB's exactly.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import pyarrow as pa

from careerpaths.analytics import engines
from careerpaths.analytics import measures as m
from careerpaths.analytics.report import equity_report, fetch
from careerpaths.analytics.tables import region_tables
from careerpaths.demo.region import build_region

ALL_DIMS = tuple(d for dims in m.DIMENSIONS.values() for d in dims)


@cache
def _demo() -> tuple[pa.Table, pa.Table]:
    return region_tables(build_region(students=300))


def _canonical(rows: list[dict[str, Any]]) -> list[tuple]:
    return sorted(tuple(sorted(r.items())) for r in rows)


@cache
def _duckdb_result() -> tuple[Any, ...]:
    con = engines.connect("duckdb")
    s, a = engines.load(con, *_demo())
    cohort, groups, trends, districts = fetch(con, s, a, dimensions=ALL_DIMS, cohort=None)
    report = equity_report(con, s, a, by=tuple(m.DIMENSIONS), synthetic=True)
    return cohort, _canonical(groups), _canonical(trends), districts, report


def test_engine_matches_duckdb(engine: tuple[str, Any]) -> None:
    name, con = engine
    s, a = engines.load(con, *_demo(), prefix=f"e_{name}_")
    cohort, groups, trends, districts = fetch(con, s, a, dimensions=ALL_DIMS, cohort=None)
    expected = _duckdb_result()
    assert (cohort, _canonical(groups), _canonical(trends), districts) == expected[:4]
    report = equity_report(con, s, a, by=tuple(m.DIMENSIONS), engine="duckdb", synthetic=True)
    assert report == expected[4]
