"""A small two-district region for the web tests, built on the unit tests' mini region.

district (da) ── hs-a ──┐                  cc (the college)
district (db) ── hs-b   │  students: 3 at hs-a, 2 at hs-b (synthetic)
pathways: it (da, published), it-draft (dA, draft), nurse (db, draft)
"""

from __future__ import annotations

from dataclasses import replace
from types import MappingProxyType

from careerpaths.core.model import (
    Attempt,
    Institution,
    InstitutionKind,
    PathwayStatus,
    Region,
    Student,
)
from tests.factories import mini_region, t


def _student(sid: str, school: str, grade: int, attempts: tuple[Attempt, ...] = ()) -> Student:
    return Student(
        id=sid,
        school=school,
        grade_level=grade,
        cohort=2026 + 12 - grade,
        pathway="it",
        scores=MappingProxyType({"placement.math": 250.0}),
        attempts=attempts,
        synthetic=True,
    )


def web_region() -> Region:
    base = mini_region()
    it = replace(base.pathways["it"], schools=("hs-a",))
    draft = replace(it, id="it-draft", name="IT Support (next year)", status=PathwayStatus.DRAFT)
    nurse = replace(
        it,
        id="nurse",
        name="Nursing",
        cluster="Health Science",
        owner="db",
        schools=("hs-b",),
        status=PathwayStatus.DRAFT,
    )
    institutions = {
        "da": Institution("da", "District A", InstitutionKind.DISTRICT),
        "db": Institution("db", "District B", InstitutionKind.DISTRICT),
        "hs-a": Institution("hs-a", "Alpha High School", InstitutionKind.HIGH_SCHOOL, "da"),
        "hs-b": Institution("hs-b", "Beta High School", InstitutionKind.HIGH_SCHOOL, "db"),
        "cc": Institution("cc", "Community College", InstitutionKind.COLLEGE),
        "district": Institution("district", "District", InstitutionKind.DISTRICT),
    }
    it = replace(it, owner="da")
    draft = replace(draft, owner="da")
    passed = (
        Attempt("HSE-101", t("G9-FA"), "A", 1.0),
        Attempt("HSM-101", t("G9-SP"), "B", 1.0),
        Attempt("HSE-102", t("G10-FA"), "A", 1.0),
        Attempt("HSM-102", t("G10-SP"), "B", 1.0),
        Attempt("CIS-101", t("G11-FA"), "A", 3.0, dual_credit=True, provider="cc"),
        Attempt("ART-101", t("G11-FA"), "B", 3.0, dual_credit=True, provider="cc"),
    )
    students = {
        s.id: s
        for s in (
            _student("SYN-A1", "hs-a", 11, passed),
            _student("SYN-A2", "hs-a", 10),
            _student("SYN-A3", "hs-a", 9),
            _student("SYN-B1", "hs-b", 11, passed),
            _student("SYN-B2", "hs-b", 12),
        )
    }
    diploma = replace(base.credentials["diploma"], issuer="da")  # total_credits=4 (an int)
    cert = replace(base.credentials["cert"], total_credits=12.0)  # a float: exported as 12.0
    return replace(
        base,
        credentials={**base.credentials, "diploma": diploma, "cert": cert},
        institutions=institutions,
        pathways={"it": it, "it-draft": draft, "nurse": nurse},
        students=students,
    )
