"""The tabular schema of the equity analytics, its loaders and a state-scale generator.

Two tables, one row per student and one row per course attempt:

``students``
    ``student_id``, ``school``, ``district``, ``college`` (the partner college: the
    declared pathway's, else the one whose pathways the school offers), ``pathway``
    (``"(none)"`` when undeclared), ``grade_level``, ``cohort`` (expected graduation
    year), ``race_ethnicity``, ``sex``, the flags ``economically_disadvantaged``,
    ``english_learner``, ``disability``, ``homeless``, ``foster_care``, ``migrant``,
    ``military_connected``, ``single_parent``, ``displaced_homemaker`` (``"Y"``/``"N"``)
    and ``credentials`` (credentials earned in high school, a count).
``attempts``
    ``student_id``, ``course``, ``school_year`` (``"2025-26"``), ``hs_grade`` (grade level
    when taken), ``letter`` (the grade; ``"IP"`` in progress, ``""`` unknown),
    ``credits_attempted`` (college semester hours, 0 for a high-school course),
    ``credits_earned`` and ``dual_credit``.

Both tables may also carry ``student_key`` (:data:`STUDENT_KEY`), a dense integer
surrogate for ``student_id``, and the attempts ``year_key`` (:data:`YEAR_KEY`), one for
``school_year``, assigned when the tables are loaded (:func:`with_student_keys` and
:func:`with_year_keys`, called by :func:`careerpaths.analytics.engines.load`; the state
generator writes them directly). The measures join and group the attempts by the student
key and compare the year key: at state scale, grouping 20 million attempts by an integer
is several times cheaper than by a string, and on DuckDB a dense integer range lets the
grouping use a perfect hash table. Each key is a bijection with its text within one load,
so every figure is the same.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from careerpaths.core.model import InstitutionKind, Region, Student

FLAGS = (
    "economically_disadvantaged",
    "english_learner",
    "disability",
    "homeless",
    "foster_care",
    "migrant",
    "military_connected",
    "single_parent",
    "displaced_homemaker",
)
NO_PATHWAY = "(none)"
STUDENT_KEY = "student_key"
YEAR_KEY = "year_key"

STUDENTS_SCHEMA = pa.schema(
    [
        ("student_id", pa.string()),
        ("school", pa.string()),
        ("district", pa.string()),
        ("college", pa.string()),
        ("pathway", pa.string()),
        ("grade_level", pa.int64()),
        ("cohort", pa.int64()),
        ("race_ethnicity", pa.string()),
        ("sex", pa.string()),
        *[(f, pa.string()) for f in FLAGS],
        ("credentials", pa.int64()),
    ]
)
ATTEMPTS_SCHEMA = pa.schema(
    [
        ("student_id", pa.string()),
        ("course", pa.string()),
        ("school_year", pa.string()),
        ("hs_grade", pa.int64()),
        ("letter", pa.string()),
        ("credits_attempted", pa.float64()),
        ("credits_earned", pa.float64()),
        ("dual_credit", pa.bool_()),
    ]
)


def with_student_keys(students: pa.Table, attempts: pa.Table) -> tuple[pa.Table, pa.Table]:
    """Both tables with :data:`STUDENT_KEY` (int64) set from ``student_id``.

    The key of a student is the position of their id among the distinct ids of
    ``students``, in order of first appearance: dense (0 to n - 1), the same for the same
    id in both tables, so joining or grouping by it gives what joining or grouping by the
    id gives. An attempt whose student is not in ``students`` (or a null id) gets a null
    key and, as with the id, joins no student. A key column already present is replaced.

    >>> s = pa.table({"student_id": ["b", "a"]})
    >>> a = pa.table({"student_id": ["a", "a", "x", "b"]})
    >>> ks, ka = with_student_keys(s, a)
    >>> ks[STUDENT_KEY].to_pylist(), ka[STUDENT_KEY].to_pylist()
    ([0, 1], [1, 1, None, 0])
    """
    ids = pc.unique(students["student_id"]).drop_null()

    def keyed(table: pa.Table) -> pa.Table:
        key = pc.index_in(table["student_id"], value_set=ids, skip_nulls=True)
        if STUDENT_KEY in table.column_names:
            table = table.drop_columns([STUDENT_KEY])
        return table.append_column(STUDENT_KEY, pc.cast(key, pa.int64()))

    return keyed(students), keyed(attempts)


def with_year_keys(attempts: pa.Table) -> pa.Table:
    """``attempts`` with :data:`YEAR_KEY` (int64): the rank of its ``school_year`` among the
    distinct years, in order (a null year, a null key). A key column already present is
    replaced. The trends compare this integer instead of the year's text.

    >>> a = pa.table({"school_year": ["2025-26", "2024-25", "2025-26"]})
    >>> with_year_keys(a)[YEAR_KEY].to_pylist()
    [1, 0, 1]
    """
    years = pc.unique(attempts["school_year"]).drop_null()
    years = years.take(pc.array_sort_indices(years))
    key = pc.index_in(attempts["school_year"], value_set=years, skip_nulls=True)
    if YEAR_KEY in attempts.column_names:
        attempts = attempts.drop_columns([YEAR_KEY])
    return attempts.append_column(YEAR_KEY, pc.cast(key, pa.int64()))


def _partner_colleges(region: Region) -> dict[str, str]:
    """School → the college whose pathways it offers most (ties: alphabetical)."""
    counts: dict[str, Counter[str]] = {}
    for p in region.pathways.values():
        for school in p.schools:
            counts.setdefault(school, Counter())[p.college] += 1
    return {s: sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))[0][0] for s, c in counts.items()}


def region_tables(region: Region) -> tuple[pa.Table, pa.Table]:
    """The ``students`` and ``attempts`` tables of a region's student records."""
    return records_tables(region, region.students.values())


def records_tables(region: Region, students: Iterable[Student]) -> tuple[pa.Table, pa.Table]:
    partner = _partner_colleges(region)
    srows: dict[str, list[Any]] = {name: [] for name in STUDENTS_SCHEMA.names}
    arows: dict[str, list[Any]] = {name: [] for name in ATTEMPTS_SCHEMA.names}
    for s in sorted(students, key=lambda s: s.id):
        school = region.institutions.get(s.school)
        district = school.parent if school and school.parent else s.school
        pathway = region.pathways.get(s.pathway) if s.pathway else None
        college = pathway.college if pathway else partner.get(s.school, "")
        row = {
            "student_id": s.id,
            "school": s.school,
            "district": district,
            "college": college,
            "pathway": s.pathway or NO_PATHWAY,
            "grade_level": s.grade_level,
            "cohort": s.cohort,
            "race_ethnicity": s.demographics.get("race_ethnicity", "Unknown"),
            "sex": s.demographics.get("sex", "Unknown"),
            **{f: "Y" if s.demographics.get(f) == "Y" else "N" for f in FLAGS},
            "credentials": len(s.credentials),
        }
        for name, value in row.items():
            srows[name].append(value)
        for a in s.attempts:
            course = region.course(a.course)
            is_college = course is not None and course.is_college
            hours = course.semester_hours if course is not None and is_college else 0.0
            if course is None and a.dual_credit:
                hours = a.credits_earned
            arows["student_id"].append(s.id)
            arows["course"].append(a.course)
            arows["school_year"].append(a.school_year)
            arows["hs_grade"].append(a.term.grade)
            arows["letter"].append(a.grade or "")
            arows["credits_attempted"].append(float(hours))
            arows["credits_earned"].append(
                float(a.credits_earned) if is_college or a.dual_credit else 0.0
            )
            arows["dual_credit"].append(bool(a.dual_credit))
    return (
        pa.table(srows, schema=STUDENTS_SCHEMA),
        pa.table(arows, schema=ATTEMPTS_SCHEMA),
    )


def high_schools(region: Region) -> dict[str, str]:
    """High school → district, for the school/district hierarchy."""
    return {
        i.id: i.parent or i.id
        for i in region.institutions.values()
        if i.kind is InstitutionKind.HIGH_SCHOOL
    }


# -- state-scale synthetic data, generated inside DuckDB -------------------------------------
# Realistic shapes, not statistics: 1,500 high schools in 300 districts of five and 30
# college service areas, subgroup shares like a mid-sized state's, 45% with a declared
# pathway, dual-credit participation falling with economic disadvantage, English learners
# and disability, about 20 attempts per student (8 a year over the grades completed so far).

_STATE_SQL = """
create or replace table students as
with base as (
  select i as n,
         hash(i, {seed}) as h1, hash(i, {seed} + 1) as h2, hash(i, {seed} + 2) as h3
  from range({students}) t(i)
)
select
  'ST-' || lpad(cast(n as varchar), 8, '0') as student_id,
  cast(n as bigint) as student_key,
  'hs-' || cast((h1 % 1500) as varchar) as school,
  'd-' || cast((h1 % 1500) // 5 as varchar) as district,
  'college-' || cast((h1 % 1500) // 50 as varchar) as college,
  case when (h2 % 100) < 55 then '(none)' else 'pathway-' || cast(h2 % 12 as varchar) end as pathway,
  cast(9 + (h3 % 4) as bigint) as grade_level,
  cast(2027 + 3 - (h3 % 4) as bigint) as cohort,
  case when (h1 // 7) % 100 < 58 then 'White'
       when (h1 // 7) % 100 < 73 then 'Hispanic/Latino'
       when (h1 // 7) % 100 < 87 then 'Black or African American'
       when (h1 // 7) % 100 < 92 then 'Asian'
       when (h1 // 7) % 100 < 97 then 'Two or more races'
       when (h1 // 7) % 100 < 99 then 'American Indian or Alaska Native'
       else 'Native Hawaiian or Other Pacific Islander' end as race_ethnicity,
  case when (h2 // 7) % 100 < 49 then 'F' else 'M' end as sex,
  case when (h3 // 7) % 100 < 42 then 'Y' else 'N' end as economically_disadvantaged,
  case when (h3 // 701) % 100 < 9 then 'Y' else 'N' end as english_learner,
  case when (h2 // 701) % 100 < 14 then 'Y' else 'N' end as disability,
  case when (h1 // 70001) % 1000 < 15 then 'Y' else 'N' end as homeless,
  case when (h2 // 70001) % 1000 < 4 then 'Y' else 'N' end as foster_care,
  case when (h3 // 70001) % 1000 < 2 then 'Y' else 'N' end as migrant,
  case when (h1 // 7000001) % 1000 < 15 then 'Y' else 'N' end as military_connected,
  case when (h2 // 7000001) % 1000 < 6 then 'Y' else 'N' end as single_parent,
  case when (h3 // 7000001) % 10000 < 5 then 'Y' else 'N' end as displaced_homemaker,
  cast(case when (h3 // 13) % 100 < (case when (h2 % 100) < 55 then 2 else 12 end)
       and h3 % 4 >= 2 then 1 else 0 end as bigint) as credentials
from base;

create or replace table attempts as
with s as (
  select student_id, student_key, grade_level,
         hash(student_id, {seed} + 3) as h,
         -- propensity to take dual credit, lower for the groups the literature finds
         -- under-represented
         (case when pathway <> '(none)' then 0.45 else 0.15 end)
           * (case when economically_disadvantaged = 'Y' then 0.6 else 1.0 end)
           * (case when english_learner = 'Y' then 0.5 else 1.0 end)
           * (case when disability = 'Y' then 0.5 else 1.0 end) as p_dual
  from students
),
slots as (
  select student_id, student_key, grade_level, p_dual, k,
         least(grade_level, 9 + k // 8) as hs_grade,
         hash(student_id, k, {seed} + 4) as hk
  from s, range({per_student_max}) r(k)
  where k < 8 * (grade_level - 8) + 1 - (h % 3)
),
marked as (
  select *,
         hs_grade >= 11 and (hk % 1000) < p_dual * 1000 as dual,
         case when hs_grade = grade_level then 'IP'
              when (hk // 1000) % 100 < 30 then 'A' when (hk // 1000) % 100 < 58 then 'B'
              when (hk // 1000) % 100 < 80 then 'C' when (hk // 1000) % 100 < 89 then 'D'
              when (hk // 1000) % 100 < 96 then 'F' else 'W' end as letter
  from slots
)
select
  student_id,
  student_key,
  case when dual then 'COL-' else 'HS-' end || cast(hk % 400 as varchar) as course,
  cast(2026 - grade_level + hs_grade as varchar) || '-'
    || lpad(cast((2027 - grade_level + hs_grade) % 100 as varchar), 2, '0') as school_year,
  cast(2026 - grade_level + hs_grade as bigint) as year_key,
  cast(hs_grade as bigint) as hs_grade,
  letter,
  cast(case when dual then 3.0 else 0.0 end as double) as credits_attempted,
  cast(case when dual and letter in ('A', 'B', 'C', 'D') then 3.0 else 0.0 end as double)
    as credits_earned,
  dual as dual_credit
from marked;
"""


def generate_state(con: Any, *, students: int = 1_000_000, seed: int = 5) -> None:
    """Create ``students`` and ``attempts`` in a DuckDB connection (``duckdb`` module API).

    About 20 attempts per student: ``students=1_000_000`` gives ~20,000,000 attempts.
    Everything is computed in SQL from hashes of the row numbers, so it is deterministic
    and takes seconds, not minutes. ``student_key`` is the row number, as
    :func:`with_student_keys` would assign it; ``year_key`` is the school year's first
    calendar year (one key per year, which is all :func:`careerpaths.analytics.report.fetch`
    needs: it reads the pairs from the data).
    """
    con.execute(_STATE_SQL.format(students=students, seed=seed, per_student_max=33))
