"""Demand for next year's sections, computed set-based on the analytics engine.

**Definition.** A student counts toward (school, course, term) when their declared
pathway places the course in their next school year (grade now + 1, high-school grades
only), they have not already earned it or got it in progress (an attempt whose grade
is anything but F, W, NP, I or empty), and they will be **eligible** for it then. The
term is the placement's season in the next school year: fall in ``next_fall_year``,
spring and summer in the year after.

**Eligibility** is the course's own rule, as the audits and the eligibility what-if read
it (:mod:`careerpaths.core.requisites`): the grade window (``grade_min``/``grade_max``) and
the eligibility expression of a college course, with ``grade`` the grade the student
will be in, scores (``gpa``, ``placement.reading``) and flags (``proficient.math``) as on
record now, credentials held and courses passed (with a minimum grade when the rule
names one). A rule the record cannot decide — a placement score the student has not got
yet — leaves the student **undecided**: not counted as demand (a college cannot enrol on
a score it does not have, as in the what-if), but counted apart, since a placement test
before registration may make them eligible. Students the rule excludes are counted apart
too (``ineligible``).

It is set-based in the engine (DuckDB by default, via Ibis, on the ``students`` and
``attempts`` tables of :mod:`careerpaths.analytics.tables` and a long ``facts`` table of
scores, flags and credentials): one join to the placements, one anti-join of what is
done, two conditional group-bys that turn the facts and the passed courses each rule
names into columns, one ``CASE`` per distinct rule compiled from the expression (SQL's
three-valued ``AND``/``OR`` is the audits' Kleene logic), then a group-by — no Python loop
over students. The counts are exact for planning sections; what is shown to people goes
through :func:`careerpaths.core.privacy.show_count`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa

from careerpaths.core import grades
from careerpaths.core.model import Region, Student
from careerpaths.core.requisites import (
    AllOf,
    AnyOf,
    Comparison,
    CourseReq,
    Expr,
    Flag,
    HasCredential,
    Op,
    course_key,
    unparse,
    walk,
)
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
#: One row per score, flag or credential of a student: a score's ``name`` as rules write
#: it (``placement.math``, ``gpa``) with its ``value``; a flag as ``flag:NAME`` and a
#: credential as ``credential:ID``, each with value 1.
FACTS_SCHEMA = pa.schema(
    [("student_id", pa.string()), ("name", pa.string()), ("value", pa.float64())]
)
FLAG = "flag:"
CREDENTIAL = "credential:"


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


def facts_table(students: Iterable[Student]) -> pa.Table:
    """The scores, flags and credentials of ``students`` as :data:`FACTS_SCHEMA` rows."""
    ids: list[str] = []
    names: list[str] = []
    values: list[float] = []
    for s in students:
        for name, value in s.scores.items():
            ids.append(s.id)
            names.append(name)
            values.append(float(value))
        for flag in sorted(s.flags):
            ids.append(s.id)
            names.append(FLAG + flag)
            values.append(1.0)
        for cred in sorted(s.credentials):
            ids.append(s.id)
            names.append(CREDENTIAL + cred)
            values.append(1.0)
    return pa.table({"student_id": ids, "name": names, "value": values}, schema=FACTS_SCHEMA)


# --------------------------------------------------------------------------- eligibility


@dataclass(frozen=True)
class Eligibility:
    """A course's eligibility as demand reads it: its rule and its grade window."""

    rule: Expr | None = None
    grade_min: int | None = None
    grade_max: int | None = None

    @property
    def trivial(self) -> bool:
        return self.rule is None and self.grade_min is None and self.grade_max is None

    def describe(self) -> str:
        """The rule as written, with the grade window when the rule does not say it."""
        said = set(walk(self.rule))
        parts = [unparse(self.rule)] if self.rule is not None else []
        for bound, op in ((self.grade_min, Op.GE), (self.grade_max, Op.LE)):
            if bound is not None and Comparison("grade", op, float(bound)) not in said:
                parts.append(f"grade {op.value} {bound}")
        return " and ".join(parts) or "none"


def eligibility_rules(region: Region) -> dict[str, Eligibility]:
    """course key -> its eligibility, for the college courses that have one (a high-school
    course, like the audits, has none: eligibility rules are dual enrollment's)."""
    out = {}
    for key, c in region.courses.items():
        if not c.is_college:
            continue
        e = Eligibility(c.eligibility, c.grade_min, c.grade_max)
        if not e.trivial:
            out[key] = e
    return out


@dataclass
class _Atoms:
    """The columns a set of rules needs, each named once (``a0``, ``a1`` ...)."""

    scores: dict[str, str] = field(default_factory=dict)  # score name -> column
    facts: dict[str, str] = field(default_factory=dict)  # flag:/credential: name -> column
    courses: dict[tuple[str, str | None], str] = field(default_factory=dict)  # (code, min)

    def _col(self, table: dict[Any, str], key: Any) -> str:
        if key not in table:
            table[key] = f"a{len(self.scores) + len(self.facts) + len(self.courses)}"
        return table[key]

    def collect(self, expr: Expr | None) -> None:
        match expr:
            case None:
                return
            case Comparison(name, _, _):
                if name != "grade":
                    self._col(self.scores, name)
            case Flag(name):
                self._col(self.facts, FLAG + name)
            case HasCredential(cred):
                self._col(self.facts, CREDENTIAL + cred)
            case CourseReq(code, min_grade):
                self._col(self.courses, (code, min_grade))
            case AllOf(items) | AnyOf(items):
                for item in items:
                    self.collect(item)


_OPS = {
    Op.GE: lambda a, b: a >= b,
    Op.LE: lambda a, b: a <= b,
    Op.GT: lambda a, b: a > b,
    Op.LT: lambda a, b: a < b,
    Op.EQ: lambda a, b: a == b,
    Op.NE: lambda a, b: a != b,
}


def _compile(expr: Expr, t: Any, atoms: _Atoms, grade: Any) -> Any:
    """``expr`` as an Ibis boolean over ``t`` (the atoms' columns), ``grade`` the grade the
    student will be in. A missing score is NULL, and SQL's three-valued AND/OR is the
    Kleene logic of :func:`careerpaths.core.requisites.evaluate`; flags, credentials and
    courses are never unknown (absent is False), as in the audits."""
    match expr:
        case Comparison(name, op, value):
            left = grade if name == "grade" else t[atoms.scores[name]]
            return _OPS[op](left, value)
        case Flag(name):
            return t[atoms.facts[FLAG + name]].notnull()
        case HasCredential(cred):
            return t[atoms.facts[CREDENTIAL + cred]].notnull()
        case CourseReq(code, min_grade):
            return t[atoms.courses[(code, min_grade)]].notnull()
        case AllOf(items):
            out = _compile(items[0], t, atoms, grade)
            for item in items[1:]:
                out = out & _compile(item, t, atoms, grade)
            return out
        case AnyOf(items):
            out = _compile(items[0], t, atoms, grade)
            for item in items[1:]:
                out = out | _compile(item, t, atoms, grade)
            return out
    raise TypeError(f"not a requisite: {expr!r}")


def _predicate(e: Eligibility, t: Any, atoms: _Atoms, grade: Any) -> Any:
    import ibis

    out = ibis.literal(True)
    if e.grade_min is not None:
        out = out & (grade >= e.grade_min)
    if e.grade_max is not None:
        out = out & (grade <= e.grade_max)
    if e.rule is not None:
        out = out & _compile(e.rule, t, atoms, grade)
    return out


def _passing_letters(min_grade: str | None) -> list[str]:
    return [
        g
        for g in (*grades.LETTERS, *sorted(grades.PASS_GRADES))
        if grades.meets_minimum(g, min_grade)
    ]


def demand_expr(
    students: Any,
    attempts: Any,
    placements: Any,
    *,
    facts: Any = None,
    rules: Mapping[str, Eligibility] | None = None,
) -> Any:
    """The Ibis expression: per (school, term, course, course_key), the eligible
    ``students`` and those ``undecided`` and ``ineligible`` (see the module)."""
    import ibis

    j = students.join(
        placements,
        [students.pathway == placements.pathway, (students.grade_level + 1) == placements.grade],
    )
    done = attempts.filter(~attempts.letter.isin(NOT_DONE)).select(
        done_student="student_key", done_course="course"
    )
    j = j.anti_join(done, [j.student_key == done.done_student, j.course == done.done_course])
    rules = dict(rules or {})
    atoms = _Atoms()
    for e in rules.values():
        atoms.collect(e.rule)
    if atoms.scores or atoms.facts:
        if facts is None:
            raise ValueError("eligibility rules name scores or flags: pass the facts table")
        if "student_key" not in facts.columns:
            keys = students.select(fact_id="student_id", fact_key="student_key")
            facts = facts.join(keys, facts.student_id == keys.fact_id).select(
                student_key="fact_key", name="name", value="value"
            )
        wanted = {**atoms.scores, **atoms.facts}
        wide = (
            facts.filter(facts.name.isin(list(wanted)))
            .group_by("student_key")
            .aggregate(
                **{col: facts.value.max(where=facts.name == name) for name, col in wanted.items()}
            )
        )
        wide = wide.rename(fact_student="student_key")
        j = j.left_join(wide, j.student_key == wide.fact_student).drop("fact_student")
    if atoms.courses:
        # the course as any record spells it (MAT-156, MAT 156, mat156): its course key,
        # by plain replacements (a regular expression over every attempt costs more)
        spelled = attempts.course.upper()
        for sep in (" ", "-", "_", ".", "\t"):
            spelled = spelled.replace(sep, "")
        keys = sorted({course_key(code) for code, _ in atoms.courses})
        passed = attempts.mutate(ref_key=spelled, ref_letter=attempts.letter.upper().strip())
        passed = passed.filter(
            passed.ref_key.isin(keys) & passed.ref_letter.isin(_passing_letters(None))
        )
        cols = {}
        for (code, min_grade), col in atoms.courses.items():
            ok = (passed.ref_key == course_key(code)) & passed.ref_letter.isin(
                _passing_letters(min_grade)
            )
            cols[col] = passed.student_key.max(where=ok)
        wide_c = (
            passed.group_by("student_key").aggregate(**cols).rename(course_student="student_key")
        )
        j = j.left_join(wide_c, j.student_key == wide_c.course_student).drop("course_student")
    grade = j.grade
    # one branch per distinct rule (courses sharing a rule share its CASE branch)
    by_rule: dict[Eligibility, list[str]] = {}
    for key, e in sorted(rules.items()):
        by_rule.setdefault(e, []).append(key)
    if by_rule:
        branches = [
            (j.course_key.isin(keys), _predicate(e, j, atoms, grade)) for e, keys in by_rule.items()
        ]
        verdict = ibis.cases(*branches, else_=ibis.literal(True))
    else:
        verdict = ibis.literal(True)
    j = j.mutate(eligible=verdict)
    return (
        j.group_by(["school", "term", "course", "course_key"])
        .aggregate(
            students=j.eligible.fill_null(False).cast("int64").sum(),
            undecided=j.eligible.isnull().cast("int64").sum(),
            ineligible=(~j.eligible.fill_null(True)).cast("int64").sum(),
        )
        .order_by(["term", "course_key", "school"])
    )


@dataclass(frozen=True)
class DemandRow:
    school: str
    term: str
    course: str
    course_key: str
    students: int  # eligible next year: the demand
    undecided: int = 0  # the rule cannot be decided yet (a placement score not on record)
    ineligible: int = 0  # the rule excludes them


def demand_on(
    con: Any,
    *,
    students: Any,
    attempts: Any,
    placements: pa.Table,
    facts: Any = None,
    rules: Mapping[str, Eligibility] | None = None,
) -> list[DemandRow]:
    """Run the demand query on an Ibis backend holding ``students`` and ``attempts``
    (and ``facts``, an Ibis table or a :data:`FACTS_SCHEMA` Arrow table, when the rules
    name scores, flags or credentials). Without ``rules`` every placed student counts."""
    p = con.create_table("staffing_placements", placements, overwrite=True)
    placed = set(placements["course_key"].to_pylist())
    rules = {k: e for k, e in (rules or {}).items() if k in placed}  # only placed courses
    if isinstance(facts, pa.Table):
        facts = con.create_table("staffing_facts", facts, overwrite=True)
    df = demand_expr(students, attempts, p, facts=facts, rules=rules).to_pyarrow()
    return [
        DemandRow(r["school"], r["term"], r["course"], r["course_key"], int(r["students"]),
                  int(r["undecided"]), int(r["ineligible"]))
        for r in df.to_pylist()
        if r["students"] or r["undecided"]
    ]  # fmt: skip


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
        facts=facts_table(region.students.values()),
        rules=eligibility_rules(region),
    )


def demand_map(rows: Iterable[DemandRow], *, term: str) -> dict[tuple[str, str], int]:
    """(school, course key) -> eligible students, for one term (what the shortage finder
    takes)."""
    return {(r.school, r.course_key): r.students for r in rows if r.term == term and r.students}
