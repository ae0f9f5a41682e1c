"""Snapshots of the DuckDB SQL the measures compile to, so a change shows in review.

Regenerate after an intended change: ``CAREERPATHS_UPDATE_SNAPSHOTS=1 pytest tests/analytics``.
The tables are as :func:`careerpaths.analytics.engines.load` makes them, with the integer
``student_key`` the attempts are joined and grouped by and the ``year_key`` the trends
compare.
"""

from __future__ import annotations

import os
from pathlib import Path

import ibis
import pyarrow as pa
import pytest

from careerpaths.analytics import measures as m
from careerpaths.analytics.tables import ATTEMPTS_SCHEMA, STUDENT_KEY, STUDENTS_SCHEMA, YEAR_KEY

SNAPSHOTS = Path(__file__).parent / "snapshots"


def _tables() -> tuple[ibis.Table, ibis.Table]:
    key = pa.field(STUDENT_KEY, pa.int64())
    return (
        ibis.table(ibis.Schema.from_pyarrow(STUDENTS_SCHEMA.append(key)), name="students"),
        ibis.table(
            ibis.Schema.from_pyarrow(
                ATTEMPTS_SCHEMA.append(key).append(pa.field(YEAR_KEY, pa.int64()))
            ),
            name="attempts",
        ),
    )


def _exprs() -> dict[str, ibis.Expr]:
    s, a = _tables()
    years = ("2025-26", "2026-27")
    facts = m.student_facts(s, a, cohort=2027, years=years, year_keys=(2025, 2026))
    return {
        "school_years": m.school_years(a),
        "student_facts": facts,
        "group_measures_school": m.group_measures(facts, m.DIMENSIONS["school"], nyears=2),
        "group_measures_subgroup": m.group_measures(facts, m.DIMENSIONS["subgroup"], nyears=2),
    }


@pytest.mark.parametrize("name", sorted(_exprs()))
def test_sql_snapshot(name: str) -> None:
    sql = ibis.to_sql(_exprs()[name], dialect="duckdb").strip() + "\n"
    path = SNAPSHOTS / f"{name}.sql"
    if os.environ.get("CAREERPATHS_UPDATE_SNAPSHOTS") == "1" or not path.exists():
        path.write_text(sql, encoding="utf-8")
    assert sql == path.read_text(encoding="utf-8")
