"""The counselor's student audit as a counselor and a family read it (``web/students/
audit_page.py`` and ``templates/students/student.html``): progress per block, the at-risk
banner and its reasons in words, what is still needed with titles and terms, retakes,
"if the student follows the pathway", Spanish, and every view still logged."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

import pytest
from django.utils import translation

from careerpaths.core.model import Attempt, Student
from careerpaths.core.student_audit import audit_student
from careerpaths.io.audit_json import audit_to_json
from careerpaths.web.students.audit_page import AuditView, audit_view, number
from careerpaths.web.students.models import Student as StudentRow
from careerpaths.web.students.models import StudentAccess
from tests.factories import mini_region, t
from tests.web.test_translations import CATALOGUE_ES, WEB, msgids


def _rows(student: Student) -> list[list[Any]]:
    return [
        [a.course, a.term.id, a.grade, a.credits_earned, a.dual_credit, a.provider, ""]
        for a in student.attempts
    ]


def _view(student: Student, lang: str = "en", **kw: Any) -> AuditView:
    region = mini_region()
    with translation.override(lang):
        return audit_view(
            audit=audit_to_json(audit_student(student, region)),
            region=region,
            attempt_rows=_rows(student),
            **kw,
        )


# A grade-12 student in the fall: one English credit done and one under way, no math,
# a failed college course the certificate names, and the spring course's prerequisite
# (placed in the fall) not taken.
AT_RISK = Student(
    id="S-1",
    school="hs1",
    grade_level=12,
    cohort=2027,
    pathway="it",
    attempts=(
        Attempt("HSE-101", t("G9-FA"), "A", 1.0),
        Attempt("HSM-101", t("G9-SP"), "F", 0.0),
        Attempt("CIS-101", t("G11-FA"), "A", 3.0, dual_credit=True, provider="cc"),
        Attempt("CIS-102", t("G11-SP"), "F", 0.0, dual_credit=True, provider="cc"),
        Attempt("HSE-102", t("G12-FA"), "IP", 0.0),
    ),
)


def test_the_diploma_reads_as_credits_done_under_way_and_still_needed() -> None:
    v = _view(AT_RISK)
    assert v.diploma is not None and v.diploma.progress is not None
    p = v.diploma.progress
    assert (p.done, p.in_progress, p.needed) == (1.0, 1.0, 2.0)
    assert p.text == "1 of 4 high-school credits done · 1 in progress · 2 still needed"
    assert (p.done_pct, p.in_progress_x, p.in_progress_pct) == ("25.0", "25.0", "25.0")
    english, math = v.diploma.parts
    assert english.status == "in_progress" and english.progress.needed == 0.0
    assert math.progress.text == "0 of 2 high-school credits done · 2 still needed"
    need = math.needs[0]
    assert need.kind == "credits" and need.text == "2 more high-school credits"
    assert need.detail == "from mathematics"
    assert v.diploma.open  # not met: unfolded


def test_the_banner_says_why_the_student_is_at_risk_in_plain_words() -> None:
    v = _view(AT_RISK)
    assert v.at_risk and v.headline == "At risk of not graduating on time"
    kinds = [r.kind for r in v.reasons]
    assert kinds == ["diploma", "retake", "not-eligible", "pathway-pace"]
    text = {r.kind: r.text for r in v.reasons}
    assert text["diploma"] == (
        "2 high-school credits still needed for the diploma beyond the courses under way, "
        "with 1 semester left: more than a usual semester earns (about 0.5)."
    )
    assert text["retake"] == (
        "Retake College CIS-102: failed in Grade 11 · Spring (grade F). "
        "Needed for IT Support Certificate."
    )
    assert text["not-eligible"] == (
        "Not yet eligible for the free college course College CIS-130 (Grade 12 · Spring): "
        "needs College CIS-120."
    )
    assert "HS HSM-101" in text["pathway-pace"] and "College CIS-102" in text["pathway-pace"]
    # requisites in words, not in their syntax
    assert not any(">=" in r.text or " or " in r.text for r in v.reasons)


def test_still_needed_has_titles_the_term_and_the_retake() -> None:
    v = _view(AT_RISK)
    assert [r.title for r in v.retakes] == ["College CIS-102"]
    assert v.retakes[0].when == "Grade 12 · Spring"  # next offered after the fall under way
    cert = v.next_credential
    assert cert is not None and cert.name == "IT Support Certificate" and cert.open
    (retake,) = [n for n in cert.needs if n.code == "CIS-102"]
    assert retake.text == "College CIS-102"
    assert retake.retake == "failed in Grade 11 · Spring (grade F)"
    assert retake.late and retake.when == "next offered Grade 12 · Spring"
    credits = [n for n in cert.needs if n.kind == "credits"]
    assert credits and [o.code for o in credits[0].options] == ["CIS-130"]
    assert credits[0].options[0].when == "Grade 12 · Spring"
    assert cert.why == (
        "An exit of this pathway, Grade 12 · Spring: the student can leave here and work.",
    )
    aas = v.credentials[1]
    assert aas.why[-1] == "Listed because IT Support Certificate counts toward it."
    assert not aas.open  # a later credential is folded


def test_next_courses_say_eligibility_with_titles() -> None:
    v = _view(AT_RISK)
    (c,) = v.next_courses
    assert (c.title, c.when, c.eligible, c.free) == (
        "College CIS-130",
        "Grade 12 · Spring",
        False,
        True,
    )
    assert c.text == "Not yet: needs College CIS-120"


def test_if_the_student_follows_the_pathway_from_here() -> None:
    then = _view(AT_RISK).then
    assert then is not None
    # the spring's CIS-130 is all that is left on the map: no math, so no diploma
    assert then.diploma == "not_met"
    assert then.diploma_short == "2 high-school credits would still be missing."
    assert then.by_graduation == () and then.college_credits == 6.0  # 3 earned + CIS-130
    on_track = replace(
        AT_RISK,
        grade_level=10,
        attempts=(
            Attempt("HSE-101", t("G9-FA"), "A", 1.0),
            Attempt("HSM-101", t("G9-SP"), "B", 1.0),
        ),
    )
    then = _view(on_track).then
    assert then is not None and then.diploma == "met" and then.diploma_short == ""
    # every CIS course by grade 12 (13 credits) makes the AAS too
    assert then.by_graduation == ("IT Support Certificate", "IT AAS")
    assert _view(replace(AT_RISK, pathway=None)).then is None


def test_a_student_with_time_left_is_on_track() -> None:
    v = _view(replace(AT_RISK, grade_level=9, attempts=()))
    # 4 credits needed, 8 semesters left at half a credit each: exactly the usual pace
    assert not v.at_risk and v.headline == "On track" and v.reasons == ()
    v = _view(replace(AT_RISK, pathway=None, grade_level=9, attempts=()))
    assert v.notes == ("No pathway chosen yet: this audit covers the diploma only.",)
    assert v.credentials == ()


def test_a_held_credential_is_marked_held() -> None:
    v = _view(AT_RISK, held=("cert",))
    assert v.credentials[0].status == "met" and v.credentials[0].status_text == "Already held"
    assert not any(r.kind == "retake" for r in v.reasons)


def test_the_page_speaks_spanish() -> None:
    v = _view(AT_RISK, lang="es")
    assert v.headline == "En riesgo de no graduarse a tiempo"
    assert v.diploma is not None and v.diploma.progress is not None
    assert v.diploma.progress.text == (
        "completados: 1 de 4 créditos de preparatoria · en curso: 1 · pendientes: 2"
    )
    assert v.retakes[0].text == "reprobado en Grado 11 · Primavera (calificación F)"
    with translation.override("es"):
        assert number(1234.5) == "1,234.5"  # es-US, not Spain's "1.234,5"


@pytest.fixture
def a1(region: Any, users: dict[str, Any]) -> StudentRow:
    return StudentRow.objects.get(record_id="SYN-A1")


def test_the_page_is_logged_and_scoped(client_for: Any, a1: StudentRow) -> None:
    c = client_for("counselor")
    before = StudentAccess.objects.filter(student=a1, what="audit").count()
    html = c.get(f"/students/{a1.public_id}/").content.decode()
    assert StudentAccess.objects.filter(student=a1, what="audit").count() == before + 1
    assert 'data-testid="risk"' in html and "What to do next" in html
    assert "College credit that counts toward no credential in the region: College ART-101." in html
    assert 'href="/static/careerpaths/audit.css"' in html
    other = StudentRow.objects.get(record_id="SYN-B1")
    assert c.get(f"/students/{other.public_id}/").status_code == 404
    assert client_for("viewer").get(f"/students/{a1.public_id}/").status_code == 403


# The page's template and the Python that renders its blocks (students/templatetags).
STUDENT_SOURCES = [
    WEB / "templates" / "students" / "student.html",
    WEB / "students" / "templatetags" / "audit_blocks.py",
]
# The core's own English sentences (audit explanations and flag messages) never reach the page.
CORE_ENGLISH = ("not met", "still needed:", "remaining", "Met by", "Dual-credit courses")


def test_the_page_renders_in_spanish_with_no_english_sentence_left(
    client_for: Any, a1: StudentRow
) -> None:
    html = client_for("counselor").get(f"/students/{a1.public_id}/", HTTP_ACCEPT_LANGUAGE="es")
    text = html.content.decode()
    assert '<html lang="es">' in text and "Qué hacer ahora" in text
    for source in STUDENT_SOURCES:
        for ctx, msgid in msgids(source):
            if "%(" in msgid or len(msgid.split()) < 2:
                continue
            if CATALOGUE_ES.get((ctx, msgid), msgid) != msgid:
                assert msgid not in text, (source.name, msgid)
    for english in CORE_ENGLISH:
        assert english not in text, english
    # bar widths are written with a point whatever the language
    assert re.search(r'<rect class="bar-done" width="\d+\.\d"', text)
