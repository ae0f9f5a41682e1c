"""Eligibility what-if: counted by hand, unknown scores, and the seed's claim made measurable."""

from __future__ import annotations

from types import MappingProxyType

from careerpaths.analytics.whatif import CURRENT_RULE, TECHNICAL_RULE, eligible, what_if
from careerpaths.core.model import Student
from careerpaths.core.requisites import parse
from careerpaths.demo.region import build_region


def _s(i: int, school: str, grade: int, gpa: float | None = None, **demo: str) -> Student:
    scores = {} if gpa is None else {"gpa": gpa}
    return Student(
        id=f"S{i}",
        school=school,
        grade_level=grade,
        cohort=2039 - grade,
        scores=MappingProxyType(scores),
        demographics=MappingProxyType(demo),
    )


def test_gains_and_losses_by_hand() -> None:
    # school A: 30 in grade 11, half with GPA 2.0 and half 3.5; school B: 30 in grade 10, GPA 3.5
    people = [_s(i, "A", 11, 2.0 if i < 15 else 3.5) for i in range(30)]
    people += [_s(100 + i, "B", 10, 3.5) for i in range(30)]
    result = what_if(people, rule="gpa >= 3.0", alternative="grade >= 11", dimensions=("school",))
    rows = {(r.dimension, r.group): r for r in result.rows}
    a, b, total = rows[("school", "A")], rows[("school", "B")], rows[("all", "All students")]
    assert (a.eligible_now, a.eligible_alternative, a.gains, a.loses) == (15, 30, 15, 0)
    assert (b.eligible_now, b.eligible_alternative, b.gains, b.loses) == (30, 0, 0, 30)
    assert (total.eligible_now, total.eligible_alternative, total.gains, total.loses) == (
        45,
        30,
        15,
        30,
    )
    assert (a.rate_now, a.rate_alternative) == ("50.0%", "≥95%")
    assert b.eligibility_gap_now_pp == 50.0  # 100% in B against 50% in A


def test_an_unknown_score_is_not_eligible() -> None:
    rule = parse("placement.math >= 250 or gpa >= 3.0")
    assert not eligible(rule, _s(1, "A", 11))
    assert eligible(rule, _s(2, "A", 11, 3.2))


def test_small_groups_are_suppressed() -> None:
    people = [_s(i, "A", 11, 3.5, homeless="Y" if i < 3 else "N") for i in range(40)]
    rows = {(r.dimension, r.group): r for r in what_if(people, dimensions=("homeless",)).rows}
    assert rows[("homeless", "Y")].enrolled is None
    assert rows[("homeless", "N")].enrolled is None  # else 40 - N gives Y


def test_technical_eligibility_widens_access_for_underserved_groups_in_the_demo() -> None:
    # The seed: technical courses' more flexible eligibility widens access. The groups
    # behind under the current rule gain on everyone else under the technical rule (the
    # gap moves their way; it may close or turn in their favour), and nobody loses.
    region = build_region()
    result = what_if(region.students.values(), rule=CURRENT_RULE, alternative=TECHNICAL_RULE)
    rows = {(r.dimension, r.group): r for r in result.rows}
    for key in [("economically_disadvantaged", "Y"), ("disability", "Y")]:
        row = rows[key]
        assert row.eligibility_gap_now_pp is not None and row.eligibility_gap_now_pp < 0
        assert row.eligibility_gap_alternative_pp is not None
        assert row.eligibility_gap_alternative_pp > row.eligibility_gap_now_pp
        assert row.loses == 0 and row.gains is not None and row.gains > 0
