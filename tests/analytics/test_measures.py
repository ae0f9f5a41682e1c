"""The measures on the hand-computed fixture (conftest.tiny), on every engine."""

from __future__ import annotations

from typing import Any

import pytest

from careerpaths.analytics import engines
from careerpaths.analytics import measures as m
from careerpaths.analytics.report import fetch

COLS = (*m.COUNT_COLUMNS, *m.SUM_COLUMNS)
# enrolled, participants, courses_completed, courses_success, cohort_students,
# cohort_12plus, credentialed, credits_attempted, credits_earned, cohort_credits
EXPECTED = {
    ("all", "All students"): (4, 2, 5, 3, 2, 1, 1, 15.0, 12.0, 12.0),
    ("school", "A"): (2, 1, 4, 3, 2, 1, 1, 12.0, 12.0, 12.0),
    ("school", "B"): (2, 1, 1, 0, 0, 0, 0, 3.0, 0.0, 0.0),
    ("district", "D"): (4, 2, 5, 3, 2, 1, 1, 15.0, 12.0, 12.0),
    ("economically_disadvantaged", "Y"): (2, 2, 5, 3, 1, 1, 1, 15.0, 12.0, 12.0),
    ("economically_disadvantaged", "N"): (2, 0, 0, 0, 1, 0, 0, 0.0, 0.0, 0.0),
    ("english_learner", "Y"): (1, 1, 1, 0, 0, 0, 0, 3.0, 0.0, 0.0),
    ("race_ethnicity", "Hispanic/Latino"): (1, 0, 0, 0, 0, 0, 0, 0.0, 0.0, 0.0),
    ("pathway", "P1"): (2, 2, 5, 3, 1, 1, 1, 15.0, 12.0, 12.0),
}
TRENDS = {
    ("all", "All students", "2024-25"): (1, 1),
    ("all", "All students", "2025-26"): (2, 1),
    ("all", "All students", "2026-27"): (4, 2),
    ("school", "B", "2026-27"): (2, 1),
    ("school", "A", "2025-26"): (2, 1),
}
DIMS = (
    "district",
    "school",
    "pathway",
    "race_ethnicity",
    "economically_disadvantaged",
    "english_learner",
)


def _fetch(name: str, con: Any, tiny: Any) -> tuple[int, dict, dict]:
    s, a = engines.load(con, *tiny, prefix=f"m_{name}_")
    cohort, groups, trends, districts = fetch(con, s, a, dimensions=DIMS, cohort=None)
    assert districts == {"A": "D", "B": "D"}
    g = {(r["dimension"], r["group"]): tuple(r[c] for c in COLS) for r in groups}
    t = {
        (r["dimension"], r["group"], r["school_year"]): (r["enrolled"], r["participants"])
        for r in trends
    }
    return cohort, g, t


def test_c_or_better() -> None:
    assert "C" in m.C_OR_BETTER and "P" in m.C_OR_BETTER
    assert "C-" not in m.C_OR_BETTER and "W" not in m.C_OR_BETTER


@pytest.mark.parametrize(("key", "expected"), EXPECTED.items())
def test_group_measures_by_hand(duckdb_con: Any, tiny: Any, key: tuple, expected: tuple) -> None:
    cohort, groups, _ = _fetch("duckdb", duckdb_con, tiny)
    assert cohort == 2027
    assert groups[key] == expected


def test_trends_by_hand(duckdb_con: Any, tiny: Any) -> None:
    _, _, trends = _fetch("duckdb", duckdb_con, tiny)
    for key, expected in TRENDS.items():
        assert trends[key] == expected


def test_every_engine_gives_the_hand_computed_values(engine: tuple[str, Any], tiny: Any) -> None:
    name, con = engine
    cohort, groups, trends = _fetch(name, con, tiny)
    assert cohort == 2027
    for key, expected in EXPECTED.items():
        assert groups[key] == expected, key
    for key, expected in TRENDS.items():
        assert trends[key] == expected, key


def _many_years(n_years: int) -> tuple[Any, Any, dict[tuple[str, str], tuple[int, int]]]:
    """Students with attempts spread over ``n_years`` school years (some dual, some with
    a missing year or a NULL dual flag) and the trend of every year, counted in Python."""
    import pyarrow as pa

    from careerpaths.analytics.tables import ATTEMPTS_SCHEMA, FLAGS, STUDENTS_SCHEMA

    years = [f"{2000 + i}-{(i + 1) % 100:02d}" for i in range(n_years)]
    students, attempts = [], []
    for k in range(40):
        sid = f"S{k:03d}"
        students.append(
            {
                "student_id": sid, "school": f"H{k % 3}", "district": "D", "college": "K",
                "pathway": "(none)", "grade_level": 12, "cohort": 2027,
                "race_ethnicity": "White", "sex": "F", **dict.fromkeys(FLAGS, "N"),
                "credentials": 0,
            }
        )  # fmt: skip
        for j, year in enumerate(years):
            if (k + j) % 4 == 0:
                continue  # no attempt that year
            dual = None if (k * j) % 7 == 3 else (k + 2 * j) % 3 == 0
            attempts.append(
                {
                    "student_id": sid, "course": "C", "school_year": year, "hs_grade": 11,
                    "letter": "A", "credits_attempted": 3.0, "credits_earned": 3.0,
                    "dual_credit": dual,
                }
            )  # fmt: skip
    expected: dict[tuple[str, str], tuple[int, int]] = {}
    for year in years:
        mine = [a for a in attempts if a["school_year"] == year]
        expected[("all", year)] = (
            len({a["student_id"] for a in mine}),
            len({a["student_id"] for a in mine if a["dual_credit"]}),
        )
    return (
        pa.Table.from_pylist(students, schema=STUDENTS_SCHEMA),
        pa.Table.from_pylist(attempts, schema=ATTEMPTS_SCHEMA),
        expected,
    )


@pytest.mark.parametrize("n_years", [3, m.MASK_YEARS, m.MASK_YEARS + 2])
def test_trends_with_many_years_bit_mask_and_per_year_paths(
    engine: tuple[str, Any], n_years: int
) -> None:
    """Up to MASK_YEARS years the trends come from one bit mask per student, beyond it
    (and on Spark, whose Ibis backend has no bit-or) from one aggregate per year: both
    give the counts a plain Python count gives, on every engine."""
    name, con = engine
    s_tab, a_tab, expected = _many_years(n_years)
    s, a = engines.load(con, s_tab, a_tab, prefix=f"y{n_years}_{name}_")
    _, _, trends, _ = fetch(con, s, a, dimensions=("school",), cohort=None)
    got = {
        ("all", t["school_year"]): (t["enrolled"], t["participants"])
        for t in trends
        if t["dimension"] == "all"
    }
    assert got == expected
