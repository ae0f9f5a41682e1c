"""Small hand-built catalogs and pathways for tests (no files, no demo data)."""

from __future__ import annotations

from dataclasses import replace

from careerpaths.core.model import (
    Course,
    Credential,
    CredentialKind,
    CreditUnit,
    Exit,
    ExitKind,
    Institution,
    InstitutionKind,
    Level,
    Pathway,
    PathwayStatus,
    Placement,
    Region,
    index_courses,
)
from careerpaths.core.requirements import AllOf, CourseNode, Credits, Selector
from careerpaths.core.requisites import parse
from careerpaths.core.terms import Season, Term


def college(
    code: str,
    credits: float = 3,
    *,
    pre: str = "",
    co: str = "",
    strict: str = "",
    elig: str = "",
    area: str | None = None,
    hs: float | None = None,
    seasons: str = "FA SP",
    grade_min: int | None = None,
    tags: tuple[str, ...] = (),
    equivalents: tuple[str, ...] = (),
) -> Course:
    return Course(
        code=code,
        title=f"College {code}",
        provider="cc",
        credits=credits,
        unit=CreditUnit.SEMESTER_HOUR,
        level=Level.POSTSECONDARY,
        prerequisites=parse(pre),
        corequisites=parse(co),
        strict_corequisites=parse(strict),
        eligibility=parse(elig),
        hs_credit_area=area,
        hs_credits=hs,
        terms_offered=frozenset(Season(s) for s in seasons.split()),
        grade_min=grade_min,
        tags=frozenset(tags),
        equivalents=equivalents,
        tuition_per_credit=217.0,
    )


def hs(code: str, area: str, credits: float = 1, *, equivalents: tuple[str, ...] = ()) -> Course:
    return Course(
        code=code,
        title=f"HS {code}",
        provider="district",
        credits=credits,
        unit=CreditUnit.HS_CREDIT,
        level=Level.SECONDARY,
        hs_credit_area=area,
        equivalents=equivalents,
    )


def t(term: str) -> Term:
    return Term.parse(term)


def mini_region(**changes: object) -> Region:
    """A tiny region: a 4-credit diploma, a 12-credit certificate, a pathway that meets both."""
    courses = [
        hs("HSE-101", "ELA"),
        hs("HSE-102", "ELA"),
        hs("HSM-101", "MATH"),
        hs("HSM-102", "MATH"),
        college("CIS-101", pre="", elig="grade >= 11", area="ELECTIVE", hs=1),
        college("CIS-102", pre="CIS-101", area="ELECTIVE", hs=1),
        college("CIS-120", pre="CIS-101 or CIS-102", co="CIS-121", area="ELECTIVE", hs=1),
        college("CIS-121", 1, area="ELECTIVE", hs=1),
        college("CIS-130", 3, pre="CIS-120", area="ELECTIVE", hs=1, seasons="SP"),
        college("ART-101", 3, area="ELECTIVE", hs=1),
    ]
    diploma = Credential(
        "diploma",
        "District diploma",
        CredentialKind.HS_DIPLOMA,
        "district",
        requirements=AllOf(
            (Credits(2, Selector(areas=("ELA",))), Credits(2, Selector(areas=("MATH",))))
        ),
        total_credits=4,
    )
    cert = Credential(
        "cert",
        "IT Support Certificate",
        CredentialKind.CERTIFICATE,
        "cc",
        requirements=AllOf(
            (
                CourseNode("CIS-101"),
                CourseNode("CIS-102"),
                Credits(6, Selector(patterns=("CIS 1**",))),
            )
        ),
        stacks_into=("aas",),
    )
    aas = Credential(
        "aas",
        "IT AAS",
        CredentialKind.AAS,
        "cc",
        requirements=Credits(13, Selector(patterns=("CIS *",))),
    )
    pathway = Pathway(
        id="it",
        name="IT Support",
        cluster="Information Technology",
        owner="district",
        college="cc",
        occupations=("15-1232",),
        hs_diploma="diploma",
        placements=(
            Placement("HSE-101", t("G9-FA")),
            Placement("HSM-101", t("G9-SP")),
            Placement("HSE-102", t("G10-FA")),
            Placement("HSM-102", t("G10-SP")),
            Placement("CIS-101", t("G11-FA")),
            Placement("CIS-102", t("G11-SP")),
            Placement("CIS-120", t("G12-FA")),
            Placement("CIS-121", t("G12-FA")),
            Placement("CIS-130", t("G12-SP")),
        ),
        exits=(
            Exit("cert", t("G12-SP"), ExitKind.OFF_RAMP, ("15-1232",)),
            Exit("aas", t("G14-SP"), ExitKind.OFF_RAMP, ("15-1232",)),
        ),
        status=PathwayStatus.PUBLISHED,
    )
    region = Region(
        id="mini",
        name="Mini region",
        institutions={
            "district": Institution("district", "District", InstitutionKind.DISTRICT),
            "hs1": Institution("hs1", "High School", InstitutionKind.HIGH_SCHOOL, "district"),
            "cc": Institution("cc", "Community College", InstitutionKind.COLLEGE),
        },
        courses=index_courses(courses),
        credentials={c.id: c for c in (diploma, cert, aas)},
        pathways={"it": pathway},
    )
    return replace(region, **changes)  # type: ignore[arg-type]


def with_placements(region: Region, *placements: Placement, drop: tuple[str, ...] = ()) -> Pathway:
    p = region.pathways["it"]
    kept = tuple(x for x in p.placements if x.course not in drop)
    return replace(p, placements=kept + placements)
