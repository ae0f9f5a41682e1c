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

from careerpaths.analytics.tables import FLAGS, STUDENT_KEY, YEAR_KEY
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


# Up to this many school years, a student's years are one bit mask (two bits a year; 15
# years keep every value within a 32-bit integer on every engine)
MASK_YEARS = 15


def _as_int(cond: ir.BooleanValue) -> ir.IntegerValue:
    return cond.ifelse(1, 0)


def _int64(v: int) -> ir.IntegerScalar:
    return ibis.literal(v, type="int64")


def school_years(attempts: ir.Table) -> ir.Table:
    """The school years present in the attempts (one column, ``school_year``, sorted)."""
    return attempts.select("school_year").distinct().order_by("school_year")


def join_key(students: ir.Table, attempts: ir.Table) -> str:
    """The column that ties an attempt to its student: the integer ``student_key`` when
    both tables carry it (as :func:`careerpaths.analytics.engines.load` makes them), else
    ``student_id``. Either gives the same figures; the integer is cheaper to group by."""
    if STUDENT_KEY in students.columns and STUDENT_KEY in attempts.columns:
        return STUDENT_KEY
    return "student_id"


def student_facts(
    students: ir.Table,
    attempts: ir.Table,
    *,
    cohort: int,
    years: Sequence[str] = (),
    year_keys: Sequence[int] | None = None,
    bit_mask: bool = True,
) -> ir.Table:
    """One row per student: the student's columns and their dual-credit totals.

    For the trends, ``enrolled_<i>`` / ``dual_<i>`` say whether the student had any attempt
    / a dual-credit attempt in ``years[i]`` (the years of :func:`school_years`).

    Two groupings of the attempts by student, each as cheap as it can be: the dual-credit
    totals over the dual-credit attempts only, and over all attempts one bit-or of a
    mask with two bits per school year (an attempt that year; a dual-credit one),
    or, beyond :data:`MASK_YEARS` years or with ``bit_mask=False`` (an engine without a
    bit-or aggregate in Ibis: Spark), one small integer per year (0 none, 1 attempts,
    2 a dual-credit attempt). Both give the same columns and values. (One grouping with
    the dual-credit totals as filtered aggregates saves a join but evaluates the grade
    tests on all 20 million attempts instead of the 1.25 million dual-credit ones: about a
    CPU second more on DuckDB at state scale, measured.)

    The attempts are grouped and joined by :func:`join_key`. With ``year_keys`` (the
    attempts' ``year_key`` of each of ``years``, in the same order), a year is recognised
    by that integer instead of its text.
    """
    key = join_key(students, attempts)
    dual = attempts.filter(attempts.dual_credit)
    completed = ~dual.letter.isin(NOT_COMPLETED)
    per = dual.group_by(sid=dual[key]).aggregate(
        dual_attempts=dual.count(),
        dual_completed=_as_int(completed).sum(),
        dual_success=_as_int(dual.letter.isin(C_OR_BETTER)).sum(),
        dual_credits_attempted=completed.ifelse(dual.credits_attempted, 0.0).sum(),
        dual_credits_earned=dual.credits_earned.sum(),
        dual_credits_hs=(dual.hs_grade <= 12).ifelse(dual.credits_earned, 0.0).sum(),
    )
    joined = students.left_join(per, students[key] == per.sid)
    trend: dict[str, ir.Value] = {}
    a = attempts
    if year_keys is not None:
        if len(year_keys) != len(years):
            raise ValueError("year_keys must give one key for each of the years")
        in_year = [a[YEAR_KEY] == _int64(k) for k in year_keys]
    else:
        in_year = [a.school_year == y for y in years]
    if bit_mask and 0 < len(years) <= MASK_YEARS:
        # one bit-or per student: bit 2i = an attempt in years[i], bit 2i+1 = a dual one
        bit = ibis.cases(
            *[(cond, _int64(1 << (2 * i))) for i, cond in enumerate(in_year)],
            else_=_int64(0),
        )
        per_mask = a.group_by(ysid=a[key]).aggregate(
            years_mask=(bit * a.dual_credit.ifelse(_int64(3), _int64(1))).bit_or()
        )
        joined = joined.left_join(per_mask, joined[key] == per_mask.ysid)
        mask = joined.years_mask.fill_null(_int64(0))
        for i in range(len(years)):
            trend[f"enrolled_{i}"] = _as_int((mask & _int64(1 << (2 * i))) != 0)
            trend[f"dual_{i}"] = _as_int((mask & _int64(2 << (2 * i))) != 0)
    elif years:
        code = a.dual_credit.ifelse(2, 1)
        per_year = a.group_by(ysid=a[key]).aggregate(
            **{f"year_{i}": cond.ifelse(code, 0).max() for i, cond in enumerate(in_year)}
        )
        joined = joined.left_join(per_year, joined[key] == per_year.ysid)
        for i in range(len(years)):
            code_i = joined[f"year_{i}"].fill_null(0)
            trend[f"enrolled_{i}"] = _as_int(code_i >= 1)
            trend[f"dual_{i}"] = _as_int(code_i == 2)
    return joined.select(
        *[joined[c] for c in students.columns],
        participant=joined.dual_attempts.fill_null(0) > 0,
        courses_completed=joined.dual_completed.fill_null(0),
        courses_success=joined.dual_success.fill_null(0),
        credits_attempted=joined.dual_credits_attempted.fill_null(0.0),
        credits_earned=joined.dual_credits_earned.fill_null(0.0),
        in_cohort=joined.cohort == cohort,
        credits_hs=joined.dual_credits_hs.fill_null(0.0),
        **trend,
    )


def _aggregates(t: ir.Table, nyears: int) -> dict[str, ir.Value]:
    out: dict[str, ir.Value] = {
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
    for i in range(nyears):
        out[f"enrolled_{i}"] = t[f"enrolled_{i}"].sum()
        out[f"dual_{i}"] = t[f"dual_{i}"].sum()
    return out


# Dimensions that are rolled up together: one pre-aggregation of the per-student facts
# by all the requested dimensions of a family gives a small table of cells (a few
# thousand rows at state scale), and each dimension's groups are sums over those cells
# instead of another scan of one row per student. Every measure is a count or a sum, so
# the result is the same.
ROLLUP_FAMILIES: tuple[tuple[str, ...], ...] = (
    ("district", "school", "college", "pathway"),
    SUBGROUPS,
)


def group_measures(facts: ir.Table, dimensions: Sequence[str], *, nyears: int = 0) -> ir.Table:
    """The measures for all students and for every value of each dimension (long form).

    Columns: ``dimension``, ``group``, then :data:`COUNT_COLUMNS`, :data:`SUM_COLUMNS`
    and, per school year ``i`` of :func:`school_years`, ``enrolled_<i>`` (students with an
    attempt that year) and ``dual_<i>`` (those with a dual-credit attempt that year).
    The ``all`` dimension has one row, ``All students``.
    """
    measures = [
        *COUNT_COLUMNS,
        *SUM_COLUMNS,
        *[f"{c}_{i}" for i in range(nyears) for c in ("enrolled", "dual")],
    ]
    order = ["dimension", "group", *measures]

    def rollup(cells: ir.Table, **by: ir.Value) -> ir.Table:
        sums = {c: cells[c].sum() for c in measures}
        return cells.group_by(**by).aggregate(**sums) if by else cells.aggregate(**sums)

    parts = [
        facts.aggregate(**_aggregates(facts, nyears)).mutate(
            dimension=ibis.literal(ALL), group=ibis.literal(ALL_STUDENTS)
        )
    ]
    rolled: set[str] = set()
    for family in ROLLUP_FAMILIES:
        members = [d for d in dict.fromkeys(dimensions) if d in family]
        if len(members) < 2:
            continue
        cells = facts.group_by(*members).aggregate(**_aggregates(facts, nyears))
        for dim in members:
            parts.append(
                rollup(cells, group=cells[dim].cast("string")).mutate(dimension=ibis.literal(dim))
            )
        rolled.update(members)
    for dim in dimensions:
        if dim in rolled:
            continue
        parts.append(
            facts.group_by(group=facts[dim].cast("string"))
            .aggregate(**_aggregates(facts, nyears))
            .mutate(dimension=ibis.literal(dim))
        )
    return ibis.union(*[p.select(*order) for p in parts], distinct=False)


def graduating_cohort(students: ir.Table) -> ir.Scalar:
    """The earliest expected graduation year in the data (the seniors)."""
    return students.cohort.min()
