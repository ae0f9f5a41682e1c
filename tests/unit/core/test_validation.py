from __future__ import annotations

from dataclasses import replace

import pytest

from careerpaths.core.findings import Severity, has_errors
from careerpaths.core.model import Placement, RegionSettings, index_courses
from careerpaths.core.requirements import AllOf, Credits, Selector
from careerpaths.core.validation import CODES, validate_catalog, validate_pathway
from tests.factories import college, hs, mini_region, t, with_placements


def codes(findings):  # type: ignore[no-untyped-def]
    return [f.code for f in findings if f.severity is not Severity.INFO]


def check(region, pathway=None):  # type: ignore[no-untyped-def]
    return validate_pathway(
        pathway or region.pathways["it"], region.courses, region.credentials, region.settings
    )


def test_the_mini_pathway_is_clean() -> None:
    region = mini_region()
    findings = check(region)
    assert codes(findings) == []
    assert not has_errors(findings)


def test_prerequisite_out_of_order() -> None:
    region = mini_region()
    # CIS-102 (needs CIS-101) moved before CIS-101
    p = with_placements(region, Placement("CIS-102", t("G10-SP")), drop=("CIS-102",))
    findings = check(region, p)
    (f,) = [f for f in findings if f.code == "prerequisite-order"]
    assert f.severity is Severity.ERROR
    assert f.where.course == "CIS-102" and f.where.term == "G10-SP"
    assert "needs CIS-101 in an earlier term" in f.message


def test_or_prerequisites_are_met_by_either_course() -> None:
    #   CIS-101 ──┐
    #             ├─(or)─> CIS-120     CIS-102 alone is enough
    #   CIS-102 ──┘
    region = mini_region()
    p = with_placements(region, drop=("CIS-101",))
    findings = check(region, p)
    assert "prerequisite-order" in codes(findings)  # CIS-102 itself needs CIS-101
    assert not any(f.code == "prerequisite-order" and f.where.course == "CIS-120" for f in findings)


def test_corequisite_same_or_earlier_and_strict_same_term() -> None:
    region = mini_region()
    later = with_placements(region, Placement("CIS-121", t("G12-SP")), drop=("CIS-121",))
    assert "corequisite-order" in codes(check(region, later))
    earlier = with_placements(region, Placement("CIS-121", t("G11-SP")), drop=("CIS-121",))
    assert "corequisite-order" not in codes(check(region, earlier))
    strict = dict(region.courses)
    strict["CIS120"] = replace(
        strict["CIS120"], corequisites=None, strict_corequisites=strict["CIS120"].corequisites
    )
    r2 = replace(region, courses=strict)
    assert "strict-corequisite-term" in codes(check(r2, earlier))
    assert "strict-corequisite-term" not in codes(check(r2))


def test_term_offered_grade_window_and_eligibility() -> None:
    region = mini_region()
    p = with_placements(region, Placement("CIS-130", t("G12-FA")), drop=("CIS-130",))
    assert "term-not-offered" in codes(check(region, p))
    # CIS-101's eligibility rule is grade >= 11: placing it in grade 10 is refused
    early = with_placements(region, Placement("CIS-101", t("G10-FA")), drop=("CIS-101",))
    f = [f for f in check(region, early) if f.code == "dual-enrollment-eligibility"]
    assert f and "needs grade >= 11" in f[0].message
    courses = dict(region.courses)
    courses["CIS101"] = replace(courses["CIS101"], grade_min=11, eligibility=None)
    assert "grade-window" in codes(check(replace(region, courses=courses), early))


def test_eligibility_on_student_facts_is_information_not_error() -> None:
    region = mini_region()
    courses = dict(region.courses)
    from careerpaths.core.requisites import parse

    courses["CIS101"] = replace(courses["CIS101"], eligibility=parse("placement.reading >= 250"))
    findings = check(replace(region, courses=courses))
    info = [f for f in findings if f.code == "eligibility-conditions"]
    assert info and info[0].severity is Severity.INFO and not has_errors(findings)


def test_twelve_college_credits_by_grade_12_is_configurable() -> None:
    region = mini_region()
    assert "college-credits-by-grade-12" not in codes(check(region))  # 13 credits placed
    strict = replace(region, settings=RegionSettings(min_college_credits_by_grade_12=15))
    (f,) = [f for f in check(strict) if f.code == "college-credits-by-grade-12"]
    assert f.message == (
        "13 college credits are placed by the end of grade 12; the region's minimum is 15."
    )


def test_diploma_and_exit_requirements() -> None:
    region = mini_region()
    no_math = with_placements(region, drop=("HSM-102",))
    (f,) = [f for f in check(region, no_math) if f.code == "diploma-not-met"]
    assert "1 more credits from the MATH credit area" in f.message
    # the certificate at grade 12 spring needs CIS-102, placed too late if moved to grade 13
    late = with_placements(region, Placement("CIS-102", t("G13-FA")), drop=("CIS-102",))
    assert "exit-not-met" in codes(check(region, late))


def test_random_acts_and_repeated_content() -> None:
    region = mini_region()
    p = with_placements(region, Placement("ART-101", t("G11-FA")))
    (f,) = [f for f in check(region, p) if f.code == "random-act"]
    assert f.where.course == "ART-101"
    courses = dict(region.courses)
    courses["HSX101"] = hs("HSX-101", "ELECTIVE", equivalents=("CIS-101",))
    p2 = with_placements(region, Placement("HSX-101", t("G10-FA")))
    (g,) = [g for g in check(replace(region, courses=courses), p2) if g.code == "repeated-content"]
    assert "repeats the content of dual-credit CIS-101" in g.message


def test_credit_load_per_term() -> None:
    region = mini_region()
    heavy = tuple(Placement(f"CIS-{n}", t("G13-FA")) for n in (201, 202, 203, 204, 205, 206, 207))
    courses = dict(region.courses)
    for n in range(201, 208):
        courses[f"CIS{n}"] = college(f"CIS-{n}")
    findings = check(replace(region, courses=courses), with_placements(region, *heavy))
    (f,) = [f for f in findings if f.code == "term-load-high"]
    assert "21 college semester hours" in f.message


#   A ──prereq──> B ──prereq──> C ──prereq──> A      a cycle
def test_requisite_cycle_is_reported_as_the_cycle() -> None:
    courses = index_courses(
        [
            college("A-1", pre="C-1"),
            college("B-1", pre="A-1"),
            college("C-1", pre="B-1"),
            college("D-1", pre="A-1"),
        ]
    )
    (f,) = validate_catalog(courses)
    assert f.code == "requisite-cycle"
    assert f.data["cycle"] == ["A-1", "B-1", "C-1", "A-1"]


#   A ──prereq──> B        B must come after A,
#   B ──coreq───> A        and B must be taken with or before A: contradictory
def test_contradictory_corequisite_chain() -> None:
    courses = index_courses([college("A-1", co="B-1"), college("B-1", pre="A-1")])
    (f,) = validate_catalog(courses)
    assert f.code == "contradictory-corequisites"
    assert set(f.data["cycle"]) == {"A-1", "B-1"}


def test_mutual_corequisites_are_fine_and_or_cycles_are_warnings() -> None:
    together = index_courses([college("A-1", co="B-1"), college("B-1", co="A-1")])
    assert validate_catalog(together) == []
    optional = index_courses(
        [college("A-1", pre="B-1 or C-1"), college("B-1", pre="A-1"), college("C-1")]
    )
    (f,) = validate_catalog(optional)
    assert f.code == "requisite-cycle-optional" and f.severity is Severity.WARNING


def test_unknown_requisite_course() -> None:
    (f,) = validate_catalog(index_courses([college("A-1", pre="ZZZ-9")]))
    assert f.code == "unknown-requisite-course"


@pytest.mark.parametrize("code", sorted(CODES))
def test_every_code_is_documented(code: str) -> None:
    from pathlib import Path

    doc = (Path(__file__).parents[3] / "docs" / "findings.md").read_text()
    assert f"`{code}`" in doc


def test_double_counting_between_diploma_and_college_credential_is_a_setting() -> None:
    #   diploma: 2 ELA + 2 MATH + 5 ELECTIVE credits; the dual-credit CIS courses are the
    #   only electives, so the diploma needs all of them
    region = mini_region()
    diploma = region.credentials["diploma"]
    tree = AllOf(
        (
            *diploma.requirements.children,  # type: ignore[union-attr]
            Credits(5, Selector(areas=("ELECTIVE",))),
        )
    )
    creds = {**region.credentials, "diploma": replace(diploma, requirements=tree)}
    shared = replace(region, credentials=creds)
    assert codes(check(shared)) == []  # dual credit: the CIS courses count twice
    apart = replace(shared, settings=RegionSettings(share_across_credentials=False))
    assert "exit-not-met" in codes(check(apart))


def test_a_general_elective_pool_does_not_make_a_course_part_of_the_program() -> None:
    region = mini_region()
    from careerpaths.core.model import Credential, CredentialKind

    aa = Credential(
        "aa",
        "Associate of Arts",
        CredentialKind.AA,
        "cc",
        requirements=Credits(21, Selector(patterns=("*",), level="postsecondary")),
    )
    assert aa.requirements.select.is_catch_all  # type: ignore[union-attr]
    creds = {
        **region.credentials,
        "aa": aa,
        "aas": replace(region.credentials["aas"], stacks_into=("aa",)),
    }
    p = with_placements(region, Placement("ART-101", t("G11-FA")))
    found = check(replace(region, credentials=creds), p)
    assert [f.where.course for f in found if f.code == "random-act"] == ["ART-101"]
