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
