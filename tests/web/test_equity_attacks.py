"""Attackers on the equity dashboard's trend table (issue 12, item 2).

"Enrolled" by school year counts every student in school that year, so when cohorts come
in one by one, consecutive years subtract to one cohort's size: Homeless = Y enrolled
16, 23, 31 gave 7 and 8 for two cohorts suppressed elsewhere. The attacker here builds
random populations (groups, cohorts that join in different years, two schools), reads
every published view (the region, each school, each cohort) and searches for a small
count by subtracting:

- a year from the next one, in the same view and group (a cohort's size);
- a school's view from the region's (the other school), the same cell;
- both at once: the region's change from one year to the next minus a school's change.

It must find nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise
from types import MappingProxyType

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from careerpaths.analytics.report import EquityReport, TrendRow, build_report
from careerpaths.core.model import Attempt, Student
from careerpaths.web.equity import selectors
from tests.factories import t
from tests.web.test_equity_web import _population

YEARS = ("2023-24", "2024-25", "2025-26")
COLUMNS = ("enrolled", "participants")


def _students(spec: list[tuple[int, int, int, int]]) -> list[Student]:
    """``spec``: per group, (students at hs-a, at hs-b, first year index, dual every k)."""
    out = []
    for g, (a_n, b_n, first, dual_every) in enumerate(spec):
        for i in range(a_n + b_n):
            # a student attends from their cohort's first year on (cohorts join one by one)
            start = (first + i) % len(YEARS)
            attempts = tuple(
                Attempt(
                    "CIS-101" if dual_every and i % (dual_every + 1) == 0 else "HSE-101",
                    t("G11-FA"),
                    "B",
                    3.0,
                    bool(dual_every and i % (dual_every + 1) == 0),
                    "cc" if dual_every and i % (dual_every + 1) == 0 else "",
                    year,
                )
                for year in YEARS[start:]
            )
            out.append(
                Student(
                    id=f"T-{g}-{i:03d}",
                    school="hs-a" if i < a_n else "hs-b",
                    grade_level=11,
                    cohort=2027 + start,
                    demographics=MappingProxyType(
                        {"race_ethnicity": f"Group {g}", "homeless": "Y" if i % 2 else "N"}
                    ),
                    attempts=attempts,
                    synthetic=True,
                )
            )
    return out


def _cells(report: EquityReport) -> dict[tuple[str, str, str, str], int]:
    """Published trend cells: (dimension, group, year, column) -> count."""
    out = {}
    for r in report.trends:
        for c in COLUMNS:
            v = getattr(r, c)
            if v is not None:
                out[(r.dimension, r.group, r.school_year, c)] = v
    return out


def _year_changes(cells: dict[tuple[str, str, str, str], int]) -> Iterator[tuple[object, int]]:
    for (dim, group, year, c), now in cells.items():
        for before, later in pairwise(YEARS):
            if later == year:
                then = cells.get((dim, group, before, c))
                if then is not None:
                    yield (dim, group, before, year, c), now - then


def _views(pop: selectors.Population) -> dict[str, EquityReport]:
    views = {"": selectors.dashboard_report(pop=pop, filters=selectors.Filters())}
    values = {f"school:{s}" for s in pop.students["school"].to_pylist()}
    values |= {f"cohort:{c}" for c in pop.students["cohort"].to_pylist()}
    for value in sorted(values):
        try:
            views[value] = selectors.dashboard_report(
                pop=pop, filters=selectors.Filters(population=value)
            )
        except selectors.FilterRefused:
            continue  # refused: nothing published
    return views


def _attack(views: dict[str, EquityReport]) -> list[tuple[object, ...]]:
    found: list[tuple[object, ...]] = []
    cells = {name: _cells(v) for name, v in views.items()}
    # 1. a year minus the year before, in every view
    for name, cs in cells.items():
        for where, d in _year_changes(cs):
            if 0 < abs(d) < 10:
                found.append(("year change", name, where, d))
    schools = [n for n in cells if n.startswith("school:")]
    if len(schools) == 2:
        region = cells[""]
        for name in schools:
            other = next(n for n in schools if n != name)
            if other not in cells:
                continue
            # 2. the region minus a school: the other school's cell
            for key, total in region.items():
                part = cells[name].get(key, 0 if key not in cells[other] else None)
                if part is not None and 0 < total - part < 10 and key not in cells[other]:
                    found.append(("region minus school", name, key, total - part))
            # 3. the region's change minus a school's change: the other school's change
            mine = dict(_year_changes(cells[name]))
            theirs = dict(_year_changes(cells[other]))
            for where, d in _year_changes(region):
                if where in mine and where not in theirs and 0 < abs(d - mine[where]) < 10:
                    found.append(("change minus change", name, where, d - mine[where]))
    return found


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    spec=st.lists(
        st.tuples(st.integers(0, 25), st.integers(0, 25), st.integers(0, 2), st.integers(0, 3)),
        min_size=1,
        max_size=3,
    )
)
def test_no_difference_across_years_schools_or_cohorts_reveals_a_small_count(
    spec: list[tuple[int, int, int, int]],
) -> None:
    students = _students(spec)
    if len({s.school for s in students}) < 2:
        return
    selectors.cache_clear()
    pop = _population(students, key=f"trend-attack {spec!r}")
    assert _attack(_views(pop)) == []


def test_the_homeless_trend_of_the_issue_is_protected() -> None:
    """Homeless = Y enrolled 16, 23, 31 in three years: 7 and 8 joined (two cohorts)."""
    groups = []
    trends = []
    for dim, group, sizes in (
        ("all", "All students", (200, 240, 280)),
        ("homeless", "Y", (16, 23, 31)),
        ("homeless", "N", (184, 217, 249)),
    ):
        total = {"enrolled": sizes[-1], "participants": 20}
        groups.append(
            {
                "dimension": dim,
                "group": group,
                **dict.fromkeys(
                    (
                        "courses_completed",
                        "courses_success",
                        "cohort_students",
                        "cohort_12plus",
                        "credentialed",
                    ),
                    0,
                ),
                "credits_attempted": 0.0,
                "credits_earned": 0.0,
                "cohort_credits": 0.0,
                **total,
            }
        )
        for year, n in zip(YEARS, sizes, strict=True):
            trends.append(
                {
                    "dimension": dim,
                    "group": group,
                    "school_year": year,
                    "enrolled": n,
                    "participants": n // 2,
                }
            )
    report = build_report(groups, trends, cohort=2027, dimensions=("homeless",))
    published = [(r.school_year, r.enrolled) for r in report.trends if isinstance(r, TrendRow)]
    assert _attack({"": report}) == [], published
