from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from careerpaths.core.requisites import (
    AllOf,
    AnyOf,
    Comparison,
    CourseReq,
    Flag,
    HasCredential,
    Op,
    RequisiteSyntaxError,
    course_codes,
    evaluate,
    mandatory_course_keys,
    parse,
    unmet,
    unparse,
)


def test_parses_the_issue_example() -> None:
    e = parse("(MAT-156 or MATH 1 with B) and placement.math >= 250 and grade >= 11")
    assert e == AllOf(
        (
            AnyOf((CourseReq("MAT-156"), CourseReq("MATH 1", "B"))),
            Comparison("placement.math", Op.GE, 250.0),
            Comparison("grade", Op.GE, 11.0),
        )
    )
    assert unparse(e) == "(MAT-156 or MATH 1 with B) and placement.math >= 250 and grade >= 11"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("BIO-168", CourseReq("BIO-168")),
        ("BIO-168 with B-", CourseReq("BIO-168", "B-")),
        ("credential iowa-cna", HasCredential("iowa-cna")),
        ("flag admitted.nursing", Flag("admitted.nursing")),
        ("gpa >= 2.75", Comparison("gpa", Op.GE, 2.75)),
        ("A1 or B1 or C1", AnyOf((CourseReq("A1"), CourseReq("B1"), CourseReq("C1")))),
        ("A1 AND B1", AllOf((CourseReq("A1"), CourseReq("B1")))),
        ("((A1))", CourseReq("A1")),
        ("", None),
        ("   ", None),
    ],
)
def test_parse_forms(text: str, expected: object) -> None:
    assert parse(text) == expected


@pytest.mark.parametrize(
    ("text", "column", "fragment"),
    [
        ("A1 and (B1 or C1", 17, "ends too early"),
        ("grade >= ", 9, "ends too early"),
        ("MAT-156 MAT-157", 9, "unexpected 'MAT-157'"),
        ("a1 & b", 4, "unexpected '&'"),
        ("MATH 1 with Q", 13, "letter grade"),
        ("and A1", 1, "unexpected 'and'"),
    ],
)
def test_syntax_errors_carry_the_column(text: str, column: int, fragment: str) -> None:
    with pytest.raises(RequisiteSyntaxError) as info:
        parse(text)
    assert info.value.column == column
    assert fragment in info.value.reason


def test_and_binds_tighter_than_or() -> None:
    e = parse("A1 or B1 and C1")
    assert e == AnyOf((CourseReq("A1"), AllOf((CourseReq("B1"), CourseReq("C1")))))
    assert unparse(e) == "A1 or B1 and C1"
    assert unparse(parse("(A1 or B1) and C1")) == "(A1 or B1) and C1"


def test_mandatory_courses_follow_or_logic() -> None:
    e = parse("A1 and (B1 or C1) and (D1 or D1 and E1)")
    assert mandatory_course_keys(e) == {"A1", "D1"}
    assert course_codes(e) == {"A1", "B1", "C1", "D1", "E1"}


class Ctx:
    def __init__(self, courses: set[str], values: dict[str, float] | None = None) -> None:
        self.courses = courses
        self.values = values or {}

    def has_course(self, req: CourseReq) -> bool | None:
        return req.key in self.courses

    def value(self, name: str) -> float | None:
        return self.values.get(name)

    def has_credential(self, credential: str) -> bool | None:
        return None

    def flag(self, name: str) -> bool | None:
        return None


def test_three_valued_evaluation() -> None:
    e = parse("(MAT156 or MATH1) and placement.math >= 250")
    assert evaluate(e, Ctx({"MAT156"}, {"placement.math": 260})) is True
    assert evaluate(e, Ctx({"MAT156"}, {"placement.math": 200})) is False
    assert evaluate(e, Ctx({"MAT156"})) is None  # the score is unknown
    assert evaluate(e, Ctx(set())) is False  # false whatever the score
    assert unmet(e, Ctx(set(), {"placement.math": 100})) == [
        AnyOf((CourseReq("MAT156"), CourseReq("MATH1"))),
        Comparison("placement.math", Op.GE, 250.0),
    ]


# Round trip: any expression printed and parsed again is the same expression.
codes = st.sampled_from(["BIO-168", "MATH 1", "ENG-105", "CIS 102", "HSC-173"])
atoms = st.one_of(
    st.builds(CourseReq, codes, st.sampled_from([None, "A", "B-", "C+", "P"])),
    st.builds(
        Comparison,
        st.sampled_from(["grade", "gpa", "placement.math", "act.composite"]),
        st.sampled_from(list(Op)),
        st.integers(0, 400).map(float) | st.sampled_from([2.5, 3.25]),
    ),
    st.builds(HasCredential, st.sampled_from(["iowa-cna", "comptia-a-plus"])),
    st.builds(Flag, st.sampled_from(["proficient.reading", "admitted.nursing"])),
)


def _combine(children: st.SearchStrategy) -> st.SearchStrategy:  # type: ignore[type-arg]
    lists = st.lists(children, min_size=2, max_size=4).map(tuple)
    return st.one_of(lists.map(AllOf), lists.map(AnyOf))


def _normal(e: object) -> object:
    """Nested same-kind groups flatten when printed and parsed: (a and (b and c)) = a and b and c."""
    if isinstance(e, AllOf | AnyOf):
        flat: list[object] = []
        for i in e.items:
            n = _normal(i)
            flat.extend(n.items if type(n) is type(e) else (n,))  # type: ignore[union-attr]
        return type(e)(tuple(flat))  # type: ignore[arg-type]
    return e


@given(st.recursive(atoms, _combine, max_leaves=10))
def test_print_and_parse_round_trip(expr: object) -> None:
    text = unparse(expr)  # type: ignore[arg-type]
    assert parse(text) == _normal(expr)
    assert unparse(parse(text)) == text
