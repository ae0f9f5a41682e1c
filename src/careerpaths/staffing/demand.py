"""Demand for next year's sections, computed set-based on the analytics engine.

**Definition.** A student counts toward (school, course, term) when their declared
pathway places the course in their next school year (grade now + 1, high-school grades
only), and they have not already earned it or got it in progress (an attempt whose grade
is anything but F, W, NP, I or empty). The term is the placement's season in the next
school year: fall in ``next_fall_year``, spring and summer in the year after. The
course's eligibility conditions (placement scores, GPA) are checked at registration;
counting them here would need each student's audit, and demand is a planning figure.

It is one join and one anti-join in the engine (DuckDB by default, via Ibis, on the
``students`` and ``attempts`` tables of :mod:`careerpaths.analytics.tables`), then a
group-by — no Python loop over students. The counts are exact for planning sections;
what is shown to people goes through :func:`careerpaths.core.privacy.show_count`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import pyarrow as pa

from careerpaths.core.model import Region
from careerpaths.core.requisites import course_key
from careerpaths.core.terms import LAST_HIGH_SCHOOL_GRADE, Season

NOT_DONE = ("F", "W", "NP", "I", "")

PLACEMENTS_SCHEMA = pa.schema(
    [
        ("pathway", pa.string()),
        ("grade", pa.int64()),
        ("term", pa.string()),
        ("course", pa.string()),
        ("course_key", pa.string()),
    ]
)


def term_id(season: Season, next_fall_year: int) -> str:
    """The calendar term of a placement's season in the school year starting that fall.

    >>> term_id(Season.SPRING, 2027)
    '2028-SP'
    """
    year = next_fall_year if season is Season.FALL else next_fall_year + 1
    return f"{year}-{season.value}"


def placements_table(region: Region, *, next_fall_year: int) -> pa.Table:
    """Every pathway's high-school placements as rows (pathway, grade, term, course)."""
    rows: dict[str, list[Any]] = {n: [] for n in PLACEMENTS_SCHEMA.names}
    for p in sorted(region.pathways.values(), key=lambda p: p.id):
        for pl in p.placements:
            if pl.term.grade > LAST_HIGH_SCHOOL_GRADE:
                continue
            course = region.course(pl.course)
            code = course.code if course else pl.course
            rows["pathway"].append(p.id)
            rows["grade"].append(pl.term.grade)
            rows["term"].append(term_id(pl.term.season, next_fall_year))
            rows["course"].append(code)
            rows["course_key"].append(course_key(code))
    return pa.table(rows, schema=PLACEMENTS_SCHEMA)


def demand_expr(students: Any, attempts: Any, placements: Any) -> Any:
    """The Ibis expression: students per (school, term, course, course_key)."""
    j = students.join(
        placements,
        [students.pathway == placements.pathway, (students.grade_level + 1) == placements.grade],
    )
    done = attempts.filter(~attempts.letter.isin(NOT_DONE)).select(
        done_student="student_key", done_course="course"
    )
    j = j.anti_join(done, [j.student_key == done.done_student, j.course == done.done_course])
    return (
        j.group_by(["school", "term", "course", "course_key"])
        .aggregate(students=j.count())
        .order_by(["term", "course_key", "school"])
    )


@dataclass(frozen=True)
class DemandRow:
    school: str
    term: str
    course: str
    course_key: str
    students: int


def demand_on(con: Any, *, students: Any, attempts: Any, placements: pa.Table) -> list[DemandRow]:
    """Run the demand query on an Ibis backend holding ``students`` and ``attempts``."""
    p = con.create_table("staffing_placements", placements, overwrite=True)
    df = demand_expr(students, attempts, p).to_pyarrow()
    return [
        DemandRow(r["school"], r["term"], r["course"], r["course_key"], int(r["students"]))
        for r in df.to_pylist()
    ]


def region_demand(region: Region, *, next_fall_year: int) -> list[DemandRow]:
    """Demand of a region's student records (DuckDB in memory)."""
    from careerpaths.analytics import engines
    from careerpaths.analytics.tables import region_tables

    s_tab, a_tab = region_tables(region)
    con = engines.connect("duckdb")
    s, a = engines.load(con, s_tab, a_tab)
    return demand_on(
        con,
        students=s,
        attempts=a,
        placements=placements_table(region, next_fall_year=next_fall_year),
    )


def demand_map(rows: Iterable[DemandRow], *, term: str) -> dict[tuple[str, str], int]:
    """(school, course key) -> students, for one term (what the shortage finder takes)."""
    return {(r.school, r.course_key): r.students for r in rows if r.term == term}
