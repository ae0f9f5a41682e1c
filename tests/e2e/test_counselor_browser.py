"""The counselor walkthrough in a real browser: a counselor logs in (two-step login), finds an
at-risk grade-12 student on the caseload, reads the audit (the at-risk banner, what is still
needed, met blocks folded), switches to Spanish, reads it on a phone and prints the short
version for a family meeting. axe-core on every view; screenshots go to docs/img/ for
docs/web.md. Uses the Cedar Rapids demo region with its synthetic students."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import ROOT, axe_violations, csp_violations, login

DOCS_IMG = ROOT / "docs" / "img"
STUDENTS = 300  # the demo's first synthetic students (generated from the demo's seed)


def _at_risk_student(region: Any) -> Any:
    """The first grade-12 nursing student who failed a college course: the issue's case of a
    senior short of diploma credits with a course to retake."""
    from careerpaths.core.student_audit import FlagCode, RegionIndex, audit_student

    index = RegionIndex(region)
    for sid in sorted(region.students):
        s = region.students[sid]
        if s.grade_level != 12 or s.pathway != "health-nursing":
            continue
        flags = {f.code for f in audit_student(s, region, index).flags}
        if FlagCode.FAILED_COLLEGE_COURSE in flags:
            return s
    raise AssertionError("the demo has no grade-12 nursing student with a failed course")


@pytest.fixture
def demo_counselor(live_server: Any, transactional_db: None) -> Iterator[tuple[Any, str]]:
    from django.contrib.auth import get_user_model

    from careerpaths.demo.region import build_region
    from careerpaths.web.accounts.models import Role
    from careerpaths.web.accounts.services import user_set_role
    from careerpaths.web.catalog.services import region_import

    region = build_region(students=STUDENTS)
    region_import(region=region)
    student = _at_risk_student(region)
    user = get_user_model().objects.create_user(username="counselor", password="pw-counselor")
    user_set_role(user=user, role=Role.COUNSELOR, institutions=[student.school])
    yield live_server, student.id


def _overflow(page: Page) -> int:
    return int(page.evaluate("document.documentElement.scrollWidth - window.innerWidth"))


def _print(page: Page, pdf: Path) -> str:
    """Prints the page as the browser would (print media, the page's own @page size)."""
    page.emulate_media(media="print")
    expect(page.locator(".print-only")).to_be_visible()
    expect(page.locator(".staff-nav")).to_be_hidden()
    expect(page.locator("button[data-print]")).to_be_hidden()
    page.pdf(path=str(pdf), format="Letter", prefer_css_page_size=True, print_background=True)
    page.emulate_media(media="screen")
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf.read_bytes()))
    assert pages <= 2, f"the short version takes {pages} pages"
    return subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_a_counselor_reads_an_at_risk_students_audit_and_prints_it(
    page: Page, demo_counselor: tuple[Any, str], axe_script: Path, tmp_path: Path
) -> None:
    from careerpaths.web.students.models import Student, StudentAccess

    site, record_id = demo_counselor
    blocked = csp_violations(page)
    DOCS_IMG.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    login(page, site.url, "counselor")

    # The caseload: find the student by id.
    page.goto(f"{site.url}/students/")
    expect(page.get_by_test_id("caseload-counts")).to_be_visible()
    page.get_by_label("Student ID").fill(record_id)
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_test_id("caseload-count")).to_have_text("1 student")
    assert axe_violations(page, axe_script) == []
    page.get_by_role("link", name=record_id).click()

    # The audit leads with the risk and what to do next, in words and titles.
    risk = page.get_by_test_id("risk")
    expect(risk.get_by_role("heading", level=2)).to_have_text("⚠ At risk of not graduating on time")
    expect(risk).to_contain_text("still needed for the diploma beyond the courses under way")
    expect(page.get_by_test_id("retakes")).to_contain_text("First Aid and CPR/BLS")
    needed = page.get_by_test_id("still-needed")
    expect(needed).to_contain_text("more high-school credit")
    expect(needed).to_contain_text("English 12 (second semester)")
    expect(needed).to_contain_text("Grade 12 · Spring")
    expect(page.get_by_test_id("next-courses")).to_contain_text("Not yet: needs")
    # Met blocks are folded, the diploma open; the bars have their figures in words.
    assert page.locator("details[data-diploma]").get_attribute("open") is not None
    folded = page.locator("details.part-done")
    assert folded.count() >= 1
    assert all(folded.nth(k).get_attribute("open") is None for k in range(folded.count()))
    expect(page.locator("details[data-diploma] .bar-text").first).to_contain_text(
        "high-school credits done"
    )
    expect(page.get_by_test_id("then")).to_contain_text("would still be missing")
    expect(page.locator("button[data-print]")).to_be_visible()  # audit.js shows it
    # no requisite syntax or term code in the page's text
    text = page.locator("main").inner_text()
    assert not re.search(r"\bG1[0-4]-(FA|SP|SU)\b|>=", text)
    assert axe_violations(page, axe_script) == []
    assert _overflow(page) <= 0
    page.screenshot(path=str(DOCS_IMG / "audit-en-1280.png"))

    english = _print(page, tmp_path / "audit-en.pdf")
    assert "At risk of not graduating on time" in english and "What to do next" in english
    pdf = str(tmp_path / "audit-en.pdf")
    image = str(DOCS_IMG / "audit-print-1")  # pdftoppm adds .png
    subprocess.run(["pdftoppm", "-png", "-r", "70", "-singlefile", pdf, image], check=True)

    # Spanish, from the header's language switch.
    page.get_by_label("Language").select_option("es")
    page.get_by_role("button", name="Change").click()
    expect(risk.get_by_role("heading", level=2)).to_have_text(
        "⚠ En riesgo de no graduarse a tiempo"
    )
    expect(page.get_by_role("heading", name="Qué hacer ahora")).to_be_visible()
    expect(page.get_by_test_id("still-needed")).to_contain_text("Grado 12 · Primavera")
    assert axe_violations(page, axe_script) == []
    page.screenshot(path=str(DOCS_IMG / "audit-es-1280.png"))
    spanish = _print(page, tmp_path / "audit-es.pdf")
    assert "En riesgo de no graduarse a tiempo" in spanish and "Qué hacer ahora" in spanish

    # A phone: one column, nothing wider than the screen.
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    expect(risk).to_be_visible()
    assert _overflow(page) <= 0
    assert axe_violations(page, axe_script) == []
    page.screenshot(path=str(DOCS_IMG / "audit-es-390.png"))

    assert blocked == []
    # Every view was logged: the first, the Spanish one and the phone's.
    student = Student.objects.get(record_id=record_id)
    assert StudentAccess.objects.filter(student=student, what="audit").count() == 3


STAFF_PAGES = {
    "admin": [
        "/design/",
        "/design/pathways/health-nursing/",
        "/design/pathways/mfg-welding/",
        "/design/pathways/health-nursing/history/",
        "/design/courses/",
        "/design/courses/BIO-168/",
        "/design/credentials/",
        "/design/credentials/kw-adn-aas/",
        "/equity/",
        "/equity/whatif/",
        "/audits/",
        "/labor/credentials/",
        "/staffing/",
        "/students/import/",
    ],
    "counselor": ["/students/", "/students/?pathway=health-nursing", "/equity/"],
}


def test_staff_pages_fit_a_phone(page: Page, demo_counselor: tuple[Any, str]) -> None:
    """The issue measured the caseload, the equity dashboard and the editor wider than a
    390 px phone (selects as wide as a pathway's name, the editor's grid, unwrapped tables)."""
    from django.contrib.auth import get_user_model

    from careerpaths.web.accounts.models import Role
    from careerpaths.web.accounts.services import user_set_role

    site, _ = demo_counselor
    admin = get_user_model().objects.create_user(username="admin", password="pw-admin")
    user_set_role(user=admin, role=Role.SITE_ADMIN, institutions=[])
    page.set_viewport_size({"width": 390, "height": 844})
    wide = []
    for username, urls in STAFF_PAGES.items():
        page.context.clear_cookies()
        login(page, site.url, username)
        for url in urls:
            response = page.goto(f"{site.url}{url}")
            assert response is not None and response.status == 200, url
            if _overflow(page) > 0:
                wide.append((url, _overflow(page)))
    assert wide == []
