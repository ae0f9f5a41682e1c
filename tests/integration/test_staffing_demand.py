"""Demand respects eligibility: the set-based query (Ibis on DuckDB) against the rules
evaluated student by student as the audits evaluate them, on random students."""

from __future__ import annotations

from dataclasses import replace
from types import MappingProxyType

from hypothesis import given, settings
from hypothesis import strategies as hs

from careerpaths.core import grades
from careerpaths.core.model import Attempt, Student
from careerpaths.core.requisites import evaluate, parse
from careerpaths.staffing.demand import (
    NOT_DONE,
    Eligibility,
    eligibility_rules,
    region_demand,
    term_id,
)
from tests.factories import college, mini_region, t

RULES = {
    "CIS-101": "grade >= 11 and (flag proficient.reading and flag proficient.math or "
    "placement.reading >= 250)",
    "CIS-102": "gpa >= 2.5 and CIS-101 with B",
    "CIS-120": "credential comptia-a or placement.math > 240",
    "CIS-121": "",
    "CIS-130": "grade >= 12",
}


def _region():
    base = mini_region()
    courses = dict(base.courses)
    for code, rule in RULES.items():
        c = courses[code.replace("-", "")]
        courses[c.key] = replace(
            c, eligibility=parse(rule), grade_min=11 if code == "CIS-121" else None
        )
    return replace(base, courses=courses)


class _Next:
    """The requisite context next year: the grade the student will be in, the record now."""

    def __init__(self, s: Student) -> None:
        self.s = s

    def has_course(self, req):  # type: ignore[no-untyped-def]
        return any(
            a.grade and a.key == req.key and grades.meets_minimum(a.grade, req.min_grade)
            for a in self.s.attempts
        )

    def value(self, name: str) -> float | None:
        return float(self.s.grade_level + 1) if name == "grade" else self.s.scores.get(name)

    def has_credential(self, c: str) -> bool:
        return c in self.s.credentials

    def flag(self, name: str) -> bool:
        return name in self.s.flags


def reference(region, rules: dict[str, Eligibility]) -> dict[tuple[str, str, str], list[int]]:
    out: dict[tuple[str, str, str], list[int]] = {}
    for s in region.students.values():
        p = region.pathways.get(s.pathway or "")
        if p is None:
            continue
        done = {a.course for a in s.attempts if (a.grade or "") not in NOT_DONE}
        for pl in p.placements:
            if pl.term.grade != s.grade_level + 1 or pl.term.grade > 12 or pl.course in done:
                continue
            e = rules.get(pl.key)
            verdict: bool | None = True
            if e is not None:
                g = s.grade_level + 1
                if (e.grade_min is not None and g < e.grade_min) or (
                    e.grade_max is not None and g > e.grade_max
                ):
                    verdict = False
                else:
                    verdict = evaluate(e.rule, _Next(s))
            key = (s.school, term_id(pl.term.season, 2027), pl.key)
            counts = out.setdefault(key, [0, 0, 0])
            counts[0 if verdict is True else 1 if verdict is None else 2] += 1
    return {k: v for k, v in out.items() if v[0] or v[1]}


attempt = hs.builds(
    Attempt,
    course=hs.sampled_from(["CIS-101", "CIS 101", "HSE-101", "CIS-120"]),
    term=hs.just(t("G9-FA")),
    grade=hs.sampled_from(["A", "B", "B-", "C", "D", "F", "W", "IP", None, "P"]),
    credits_earned=hs.just(3.0),
)
student = hs.builds(
    lambda i, grade, scores, flags, creds, attempts, pathway: Student(
        id=f"S{i}",
        school=hs_school(i),
        grade_level=grade,
        cohort=2027,
        pathway=pathway,
        scores=MappingProxyType(scores),
        flags=frozenset(flags),
        credentials=frozenset(creds),
        attempts=tuple(attempts),
        synthetic=True,
    ),
    hs.integers(0, 10_000),
    hs.integers(9, 12),
    hs.dictionaries(
        hs.sampled_from(["gpa", "placement.reading", "placement.math"]),
        hs.sampled_from([1.0, 2.5, 3.2, 239.0, 241.0, 250.0, 260.0]),
    ),
    hs.sets(hs.sampled_from(["proficient.reading", "proficient.math"])),
    hs.sets(hs.sampled_from(["comptia-a"])),
    hs.lists(attempt, max_size=3),
    hs.sampled_from(["it", None]),
)


def hs_school(i: int) -> str:
    return "hs1" if i % 2 else "hs2"


@settings(max_examples=40, deadline=None)
@given(people=hs.lists(student, min_size=1, max_size=40, unique_by=lambda s: s.id))
def test_set_based_eligibility_matches_the_rules_student_by_student(people) -> None:
    region = replace(_region(), students={s.id: s for s in people})
    rules = eligibility_rules(region)
    rows = region_demand(region, next_fall_year=2027)
    got = {(r.school, r.term, r.course_key): [r.students, r.undecided, r.ineligible] for r in rows}
    assert got == reference(region, rules)


def test_a_missing_placement_score_is_undecided_not_demand() -> None:
    tested = Student("S1", "hs1", 10, 2028, "it", MappingProxyType({"placement.reading": 260.0}))
    untested = Student("S2", "hs1", 10, 2028, "it")
    below = Student("S3", "hs1", 10, 2028, "it", MappingProxyType({"placement.reading": 200.0}))
    region = replace(_region(), students={s.id: s for s in (tested, untested, below)})
    rows = {r.course_key: r for r in region_demand(region, next_fall_year=2027)}
    assert (rows["CIS101"].students, rows["CIS101"].undecided, rows["CIS101"].ineligible) == (
        1, 1, 1,
    )  # fmt: skip


def test_without_an_eligibility_rule_every_placed_student_counts() -> None:
    region = replace(
        mini_region(),
        courses={**mini_region().courses, "CIS101": college("CIS-101", area="ELECTIVE", hs=1)},
        students={"S1": Student("S1", "hs1", 10, 2028, "it")},
    )
    rows = {r.course_key: r for r in region_demand(region, next_fall_year=2027)}
    assert (rows["CIS101"].students, rows["CIS101"].undecided) == (1, 0)
