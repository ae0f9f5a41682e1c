from __future__ import annotations

from dataclasses import replace
from types import MappingProxyType

from careerpaths.core.model import Attempt, Course, CreditUnit, Level, Student
from careerpaths.core.student_audit import FlagCode, audit_student, current_term
from tests.factories import mini_region, t


def student(
    *attempts: Attempt, grade: int = 12, pathway: str | None = "it", **kw: object
) -> Student:
    return Student(
        id="SYN-1",
        school="hs1",
        grade_level=grade,
        cohort=2027,
        pathway=pathway,
        attempts=attempts,
        synthetic=True,
        **kw,
    )  # type: ignore[arg-type]


def a(code: str, term: str, grade: str = "A", credits: float = 1, dual: bool = False) -> Attempt:
    return Attempt(code, t(term), grade, credits, dual)


ON_TRACK = (
    a("HSE-101", "G9-FA"),
    a("HSM-101", "G9-SP"),
    a("HSE-102", "G10-FA"),
    a("HSM-102", "G10-SP"),
    a("CIS-101", "G11-FA", "B", 3, True),
    a("CIS-102", "G11-SP", "A", 3, True),
    a("CIS-120", "G12-FA", "IP", 0, True),
    a("CIS-121", "G12-FA", "IP", 0, True),
)


def test_a_student_on_the_map() -> None:
    region = mini_region()
    result = audit_student(student(*ON_TRACK), region)
    assert result.synthetic
    assert result.on_track
    assert result.college_credits == 6 and result.dual_credits == 6
    assert result.diploma is not None and result.diploma.met
    cert = next(r for r in result.credentials if r.credential == "cert")
    # CIS-120 and CIS-121 are in progress (4 credits); CIS-130 comes in the spring
    assert cert.status.value == "not_met"
    assert cert.root is not None and "2 more credits from CIS 1**" in cert.root.remaining
    assert [(s.course, s.term, s.eligible) for s in result.next_courses] == [
        ("CIS-130", "G12-SP", False)  # its prerequisite CIS-120 is not finished yet
    ]
    assert current_term(student(*ON_TRACK)) == t("G12-FA")


def test_random_acts_off_track_and_failed_college_courses() -> None:
    region = mini_region()
    courses = dict(region.courses)
    courses["PHY101"] = Course(
        "PHY-101", "Physics", "cc", 4, CreditUnit.SEMESTER_HOUR, Level.POSTSECONDARY
    )
    region = replace(region, courses=courses)
    s = student(
        a("HSE-101", "G9-FA"),
        a("PHY-101", "G11-FA", "B", 4, True),
        a("ART-101", "G11-FA", "F", 0, True),
        grade=12,
    )
    result = audit_student(s, region)
    codes = {f.code for f in result.flags}
    assert result.random_acts == ("PHY-101",)  # counts toward no credential in the region
    assert FlagCode.RANDOM_ACT in codes
    assert FlagCode.FAILED_COLLEGE_COURSE in codes
    assert FlagCode.OFF_TRACK_DIPLOMA in codes and FlagCode.OFF_TRACK_PATHWAY in codes
    assert not result.on_track


def test_next_courses_check_prerequisites_and_eligibility() -> None:
    region = mini_region()
    # grade 10 spring: CIS-101 (grade >= 11) comes next year; CIS-101 is not yet allowed
    s = student(
        a("HSE-101", "G9-FA"),
        a("HSM-101", "G9-SP"),
        a("HSE-102", "G10-FA"),
        a("HSM-102", "G10-SP", "IP", 0),
        grade=10,
        scores=MappingProxyType({"placement.math": 260.0}),
    )
    result = audit_student(s, region)
    nxt = {x.course: x for x in result.next_courses}
    assert nxt["CIS-101"].eligible is True  # taken in grade 11: the rule grade >= 11 holds
    assert nxt["CIS-102"].eligible is False and "CIS-101" in nxt["CIS-102"].reason


def test_no_pathway_declared() -> None:
    result = audit_student(student(a("HSE-101", "G9-FA"), pathway=None, grade=9), mini_region())
    assert [f.code for f in result.flags] == [FlagCode.NO_PATHWAY]
    assert result.credentials == ()
