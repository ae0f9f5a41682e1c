"""The dual-enrollment equity measures, written once as Ibis expressions.

Every function takes Ibis tables shaped like :mod:`careerpaths.analytics.tables` and
returns an Ibis expression; the same expression runs on DuckDB, PostgreSQL and Spark.
Definitions (the Aspen Institute / CCRC dual enrollment measures), for a group ``g``:

* ``enrolled`` — students in ``g`` (the denominator of participation);
* ``participants`` — students in ``g`` with at least one dual-credit attempt;
  participation rate = participants / enrolled;
* course success = dual-credit attempts graded C or better (P, S, CR and T count as C)
  / completed dual-credit attempts (every grade except in progress ``IP`` and unknown);
* credit ratio = college credits earned / college credits attempted (completed attempts);
* credits by high-school graduation = college credits earned in grades 9-12 by the
  graduating cohort (``cohort`` = the earliest cohort in the data: the seniors),
  reported as a total and as ``cohort_12plus``, the number reaching 12 or more;
* credentialed = students holding a credential earned in high school.

Representation index, gaps and their intervals are computed from these counts in
:mod:`careerpaths.analytics.report` (plain Python).
"""

from __future__ import annotations

from collections.abc import Sequence

import ibis
import ibis.expr.types as ir

from careerpaths.analytics.tables import FLAGS
from careerpaths.core import grades

C_OR_BETTER = tuple(
    sorted(g for g in (*grades.LETTERS, *grades.PASS_GRADES) if grades.meets_minimum(g, "C"))
)
NOT_COMPLETED = (grades.IN_PROGRESS, "")
ALL = "all"
ALL_STUDENTS = "All students"

SUBGROUPS: tuple[str, ...] = ("race_ethnicity", "sex", *FLAGS)
DIMENSIONS: dict[str, tuple[str, ...]] = {
    "school": ("district", "school"),
    "college": ("college",),
    "pathway": ("pathway",),
    "subgroup": SUBGROUPS,
}
COUNT_COLUMNS = (
    "enrolled",
    "participants",
    "courses_completed",
    "courses_success",
    "cohort_students",
    "cohort_12plus",
    "credentialed",
)
SUM_COLUMNS = ("credits_attempted", "credits_earned", "cohort_credits")


def _as_int(cond: ir.BooleanValue) -> ir.IntegerValue:
    return cond.ifelse(1, 0)


def student_facts(students: ir.Table, attempts: ir.Table, *, cohort: int) -> ir.Table:
    """One row per student: the student's columns and their dual-credit totals.

    >>> # facts = student_facts(con.table("students"), con.table("attempts"), cohort=2027)
    """
    dual = attempts.filter(attempts.dual_credit)
    completed = ~dual.letter.isin(NOT_COMPLETED)
    per = dual.group_by(sid=dual.student_id).aggregate(
        dual_attempts=dual.count(),
        dual_completed=_as_int(completed).sum(),
        dual_success=_as_int(dual.letter.isin(C_OR_BETTER)).sum(),
        dual_credits_attempted=completed.ifelse(dual.credits_attempted, 0.0).sum(),
        dual_credits_earned=dual.credits_earned.sum(),
        dual_credits_hs=(dual.hs_grade <= 12).ifelse(dual.credits_earned, 0.0).sum(),
    )
    joined = students.left_join(per, students.student_id == per.sid)
    return joined.select(
        *[students[c] for c in students.columns],
        participant=joined.dual_attempts.fill_null(0) > 0,
        courses_completed=joined.dual_completed.fill_null(0),
        courses_success=joined.dual_success.fill_null(0),
        credits_attempted=joined.dual_credits_attempted.fill_null(0.0),
        credits_earned=joined.dual_credits_earned.fill_null(0.0),
        in_cohort=students.cohort == cohort,
        credits_hs=joined.dual_credits_hs.fill_null(0.0),
    )


def _aggregates(t: ir.Table) -> dict[str, ir.Value]:
    return {
        "enrolled": t.count(),
        "participants": _as_int(t.participant).sum(),
        "courses_completed": t.courses_completed.sum(),
        "courses_success": t.courses_success.sum(),
        "cohort_students": _as_int(t.in_cohort).sum(),
        "cohort_12plus": _as_int(t.in_cohort & (t.credits_hs >= 12)).sum(),
        "credentialed": _as_int(t.credentials > 0).sum(),
        "credits_attempted": t.credits_attempted.sum(),
        "credits_earned": t.credits_earned.sum(),
        "cohort_credits": t.in_cohort.ifelse(t.credits_hs, 0.0).sum(),
    }


def group_measures(facts: ir.Table, dimensions: Sequence[str]) -> ir.Table:
    """The measures for all students and for every value of each dimension (long form).

    Columns: ``dimension``, ``group``, then :data:`COUNT_COLUMNS` and :data:`SUM_COLUMNS`.
    The ``all`` dimension has one row, ``All students``.
    """
    order = ["dimension", "group", *COUNT_COLUMNS, *SUM_COLUMNS]
    parts = [
        facts.aggregate(**_aggregates(facts)).mutate(
            dimension=ibis.literal(ALL), group=ibis.literal(ALL_STUDENTS)
        )
    ]
    for dim in dimensions:
        parts.append(
            facts.group_by(group=facts[dim].cast("string"))
            .aggregate(**_aggregates(facts))
            .mutate(dimension=ibis.literal(dim))
        )
    return ibis.union(*[p.select(*order) for p in parts], distinct=False)


def student_years(students: ir.Table, attempts: ir.Table) -> ir.Table:
    """One row per student and school year with an attempt: the student's columns and
    ``any_dual`` (a dual-credit attempt that year)."""
    year = attempts.group_by(sid=attempts.student_id, school_year=attempts.school_year).aggregate(
        any_dual=_as_int(attempts.dual_credit).max()
    )
    t = year.join(students, year.sid == students.student_id)
    return t.select(*[t[c] for c in students.columns], t.school_year, t.any_dual)


def yearly_participation(years: ir.Table, dimensions: Sequence[str]) -> ir.Table:
    """Participation by school year from :func:`student_years`: students with any attempt
    that year (enrolled) and those with a dual-credit attempt that year (participants),
    for all students and each value of each dimension. Columns: ``dimension``,
    ``group``, ``school_year``, ``enrolled``, ``participants``.
    """
    t = years
    order = ["dimension", "group", "school_year", "enrolled", "participants"]
    aggs = {"enrolled": t.count(), "participants": t.any_dual.sum()}
    parts = [
        t.group_by("school_year")
        .aggregate(**aggs)
        .mutate(dimension=ibis.literal(ALL), group=ibis.literal(ALL_STUDENTS))
    ]
    for dim in dimensions:
        parts.append(
            t.group_by("school_year", group=t[dim].cast("string"))
            .aggregate(**aggs)
            .mutate(dimension=ibis.literal(dim))
        )
    return ibis.union(*[p.select(*order) for p in parts], distinct=False)


def graduating_cohort(students: ir.Table) -> ir.Scalar:
    """The earliest expected graduation year in the data (the seniors)."""
    return students.cohort.min()
