"""The college coordinator's staffing flow in a real Chromium, on the demo region (600
synthetic students, the illustrative Kirkwood staffing): next fall's sections beside the
demand, the nursing shortage with each candidate's verdict and the remedies' costs under
Iowa's funding rules, a section refused activation until its instructor's orientation is
done, and a new instructor added through the form (a degree without its discipline
refused beside the field first). axe-core checks each page."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import axe_violations, login, shoot


@pytest.fixture
def staffing_site(live_server: Any, transactional_db: None) -> Iterator[Any]:
    from django.contrib.auth import get_user_model

    from careerpaths.demo.region import build_region
    from careerpaths.staffing.files import DEMO_STAFFING
    from careerpaths.web.accounts.models import Role
    from careerpaths.web.accounts.services import user_set_role
    from careerpaths.web.catalog.services import region_import
    from careerpaths.web.equity.selectors import cache_clear
    from careerpaths.web.staffing.services import staffing_import

    region_import(region=build_region(students=600))
    cache_clear()
    staffing_import(folder=DEMO_STAFFING)
    user = get_user_model().objects.create_user(username="coordinator", password="pw-coordinator")
    user_set_role(user=user, role=Role.COLLEGE_COORDINATOR, institutions=["kirkwood"])
    yield live_server


def test_a_coordinator_staffs_next_fall(page: Page, staffing_site: Any, axe_script: Path) -> None:
    from careerpaths.web.staffing.models import Instructor, InstructorAccess, Section

    base = staffing_site.url
    login(page, base, "coordinator")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{base}/staffing/?subject=HSC")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sections and instructors")

    # next fall's sections, and the demand beside them
    sections = page.locator("#sections + p + .table-wrap table")
    expect(sections).to_contain_text("2027FA-HSC113-LCRC")
    expect(sections).to_contain_text("2028SP-HSC173-LCRC-A")
    demand = page.get_by_test_id("demand")
    expect(demand).to_contain_text("HSC-173 Nurse Aide Theory")
    expect(demand.locator("th").nth(3)).to_have_text("Eligible students")

    # the nursing shortage: every candidate's verdict, the remedies and what they cost
    expect(page.get_by_test_id("funding")).to_contain_text(
        "Remedies are costed under Iowa Senior Year Plus"
    )
    card = page.locator("section.card").filter(has_text="HSC-173").first
    expect(card).to_be_visible()
    card.get_by_text("Why each candidate does or does not qualify").click()
    expect(card).to_contain_text("Marcus Lee (illustrative): Not qualified")
    expect(card).to_contain_text("needs a current RN licence (RN expired 2026-05-31)")
    expect(card).to_contain_text("Priya Natarajan (illustrative): Qualified by")
    remedies = card.locator("ol.remedies > li")
    expect(remedies.first).to_contain_text("under Iowa Senior Year Plus")
    expect(remedies.first.locator(".cost")).to_contain_text("$")
    remedies.first.get_by_text("How the cost is worked out").click()
    expect(remedies.first).to_contain_text("IA-TUITION-DISTRICT")
    expect(remedies.first.get_by_role("link", name="source").first).to_have_attribute(
        "href", "http://kirkwoodonlinenews.org/?p=5034"
    )
    assert axe_violations(page, axe_script) == []
    shoot(page, "staffing-coordinator")

    # a section whose instructor has not done the orientation cannot be activated
    page.get_by_role("button", name="Activate section 2028SP-HSC173-LCRC-A").click()
    expect(page.get_by_role("status")).to_contain_text(
        "cannot be activated until it is done (NACEP F2)"
    )
    assert Section.objects.get(ref="2028SP-HSC173-LCRC-A").status == "planned"

    # a new instructor through the form
    page.get_by_role("link", name="Add an instructor").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add an instructor")
    page.get_by_label("Name", exact=True).fill("Jordan Reyes (illustrative)")
    page.get_by_label("Employer", exact=True).select_option(label="Washington High School")
    page.get_by_label("Degree 1: level").select_option("bachelor")
    page.locator("#work-0-discipline").fill("nurse aide")
    page.locator("#work-0-value").fill("4")
    page.get_by_label("Licence or certification 1").fill("RN")
    page.get_by_label("expires (YYYY-MM-DD)").first.fill("2029-06-30")
    page.get_by_label("Background check date (YYYY-MM-DD)").fill("2026-08-15")
    page.get_by_label("Applies to teach (course codes, comma separated; optional)").fill("HSC-173")
    page.get_by_role("button", name="Add the instructor").click()
    # the degree's discipline was left blank: refused, the finding beside the field
    expect(page.get_by_test_id("form-refused")).to_be_visible()
    expect(page.locator("#degree-0-discipline-error")).to_contain_text("has no discipline")
    expect(page.locator("#degree-0-discipline")).to_have_attribute("aria-invalid", "true")
    assert not Instructor.objects.filter(name__startswith="Jordan").exists()
    assert axe_violations(page, axe_script) == []
    shoot(page, "staffing-instructor-form-refused")
    page.locator("#degree-0-discipline").fill("nursing")
    page.get_by_role("button", name="Add the instructor").click()
    expect(page.get_by_role("status")).to_contain_text(
        "Instructor Jordan Reyes (illustrative) added."
    )
    expect(page.get_by_role("status")).to_contain_text("Application recorded for HSC-173")
    expect(page.get_by_role("heading", level=1)).to_have_text("Jordan Reyes (illustrative)")
    expect(page.locator("main")).to_contain_text("Qualified by Registered nurse with 2 years")
    expect(page.locator("main dl")).to_contain_text("Washington High School")
    row = Instructor.objects.get(name="Jordan Reyes (illustrative)")
    assert row.employer == "washington-hs" and row.college_id == "kirkwood"
    assert InstructorAccess.objects.filter(instructor=row).count() == 1  # the record's view
    assert axe_violations(page, axe_script) == []
    shoot(page, "staffing-instructor-added")
    # a phone: the pages do not scroll sideways
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(f"{base}/staffing/instructors/new/?college=kirkwood")
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
