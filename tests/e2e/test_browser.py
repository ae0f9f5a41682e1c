"""The three journeys of the issue, in a real browser, with screenshots and axe checks."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, expect

from tests.e2e.conftest import axe_violations, csp_violations, login, shoot


def test_family_opens_a_pathway_map_from_the_home_page(
    page: Page, site: Any, axe_script: Path, tmp_path: Path
) -> None:
    page.goto(site.url)
    expect(page.get_by_role("heading", name="By career cluster")).to_be_visible()
    assert axe_violations(page, axe_script) == []
    page.get_by_role("link", name="Alpha High School").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Pathways at Alpha High School")
    assert axe_violations(page, axe_script) == []
    page.get_by_role("link", name="IT Support", exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("IT Support")
    expect(page.get_by_test_id("hs-credits")).to_have_text("13")
    college = page.locator("li.course.college").first
    hs = page.locator("li.course.hs").first
    assert college.evaluate("e => getComputedStyle(e).borderTopWidth") != hs.evaluate(
        "e => getComputedStyle(e).borderTopWidth"
    )
    expect(page.locator("li.course[data-course='CIS-102'] .req")).to_contain_text(
        "Needs: College CIS-101"
    )
    assert axe_violations(page, axe_script) == []
    shoot(page, "family-map")
    # The print stylesheet fits the map on at most two landscape pages.
    pdf = tmp_path / "map.pdf"
    page.pdf(path=str(pdf), format="Letter", landscape=True, print_background=True)
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf.read_bytes())) <= 2


def test_the_map_works_on_a_phone_and_in_spanish(page: Page, site: Any, axe_script: Path) -> None:
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(site.url)
    page.get_by_label("Language").select_option("es")
    page.get_by_role("button", name="Change").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Trayectorias profesionales")
    page.goto(f"{site.url}/pathways/it/")
    expect(page.get_by_text("créditos universitarios obtenidos")).to_be_visible()
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    assert axe_violations(page, axe_script) == []
    shoot(page, "family-map-phone-es")


def test_designer_moves_a_course_before_its_prerequisite(
    page: Page, site: Any, axe_script: Path
) -> None:
    blocked = csp_violations(page)
    login(page, site.url, "designer")
    page.goto(f"{site.url}/design/pathways/it/")
    expect(page.locator("[data-code='prerequisite-order']")).to_have_count(0)
    assert axe_violations(page, axe_script) == []
    page.evaluate("window.__noReload = true")
    page.get_by_label("Move CIS-102 to term").select_option("G10-FA")
    page.get_by_role("button", name="Move CIS-102", exact=True).click()
    finding = page.locator("[data-code='prerequisite-order']")
    expect(finding.first).to_be_visible()
    expect(finding.first).to_contain_text("CIS-101")
    assert page.evaluate("window.__noReload") is True  # htmx swapped the editor in place
    expect(page.locator("[data-term='G10-FA'] [data-course='CIS-102']")).to_be_visible()
    assert axe_violations(page, axe_script) == []
    assert blocked == []  # htmx and csrf.js run under the Content-Security-Policy
    shoot(page, "designer-finding")


def test_counselor_opens_an_audit_and_is_refused_another_school(
    page: Page, site: Any, axe_script: Path
) -> None:
    from careerpaths.web.students.models import Student

    login(page, site.url, "counselor")
    page.goto(f"{site.url}/students/")
    expect(page.get_by_test_id("caseload-count")).to_have_text("3 students")
    page.get_by_role("link", name="SYN-A1").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("SYN-A1")
    expect(page.get_by_test_id("college-credits")).to_have_text("6")
    expect(page.get_by_test_id("flags")).to_contain_text("College credit outside any pathway")
    shoot(page, "counselor-audit")
    other = Student.objects.get(record_id="SYN-B1").public_id
    response = page.goto(f"{site.url}/students/{other}/")
    assert response is not None and response.status == 404
    shoot(page, "counselor-refused")


def test_designer_places_by_keyboard_and_families_see_it_only_once_published(
    page: Page, site: Any, axe_script: Path
) -> None:
    """Issue 15: the published-map defect in the browser, and the editor's keyboard path
    (a searchable course box, focus kept after each change, the checks beside a grid of
    one school year per row that fits 1,280 px)."""
    blocked = csp_violations(page)
    page.set_viewport_size({"width": 1280, "height": 900})
    login(page, site.url, "designer")
    page.goto(f"{site.url}/design/pathways/it/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    course = page.get_by_label("Course", exact=True)
    course.focus()
    page.keyboard.type("ART-101")
    page.get_by_label("Term", exact=True).first.select_option("G11-SP")
    course.focus()
    page.keyboard.press("Enter")
    expect(page.locator("[data-term='G11-SP'] [data-course='ART-101']")).to_be_visible()
    # the keyboard user is still in the course box, not back at the top of the page
    expect(page.get_by_label("Course", exact=True)).to_be_focused()
    expect(page.get_by_test_id("unpublished-changes")).to_be_visible()
    assert axe_violations(page, axe_script) == []
    # families still see the published map, without the course
    family = page.context.browser.new_page()  # type: ignore[union-attr]
    family.goto(f"{site.url}/pathways/it/")
    expect(family.locator("li.course[data-course='CIS-101']")).to_be_visible()
    expect(family.locator("li.course[data-course='ART-101']")).to_have_count(0)
    page.get_by_role("button", name="Publish the changes").click()
    expect(page.get_by_test_id("unpublished-changes")).to_have_count(0)
    family.reload()
    expect(family.locator("li.course[data-course='ART-101']")).to_be_visible()
    family.close()
    # one school year per row: G11 fall and spring side by side, G12 fall below them
    fall = page.locator("[data-term='G11-FA']").bounding_box()
    spring = page.locator("[data-term='G11-SP']").bounding_box()
    next_fall = page.locator("[data-term='G12-FA']").bounding_box()
    assert fall and spring and next_fall
    assert abs(fall["y"] - spring["y"]) < 2 and next_fall["y"] > fall["y"] + 10
    assert blocked == []
    shoot(page, "designer-keyboard")


def test_designer_drags_a_course_card_to_another_term_into_a_draft(
    page: Page, site: Any, axe_script: Path
) -> None:
    """Issue 15: drag and drop beside the Move control. A course card dropped on another
    term is moved there on the server (the same post as Move: a new version of the working
    copy), the focus lands on the moved card, and the published map families see stays as
    it was until the designer publishes. A drop on the card's own term changes nothing."""
    from careerpaths.web.catalog.models import Pathway
    from careerpaths.web.catalog.selectors import region_snapshot

    def working() -> dict[str, str]:
        return {p.course: p.term.id for p in Pathway.objects.get(pk="it").to_domain().placements}

    def published() -> dict[str, str]:
        return {p.course: p.term.id for p in region_snapshot().pathways["it"].placements}

    blocked = csp_violations(page)
    page.set_viewport_size({"width": 1280, "height": 900})
    login(page, site.url, "designer")
    page.goto(f"{site.url}/design/pathways/it/")
    page.evaluate("window.__noReload = true")
    before, version = working(), Pathway.objects.get(pk="it").version
    assert before == published() and "CIS-102" in before
    card = page.locator("#editor li.course[data-course='CIS-102']")
    # the card's own term: nothing is posted, nothing changes
    card.drag_to(page.locator(f"#editor [data-term='{before['CIS-102']}']"))
    expect(card).to_be_focused()
    assert Pathway.objects.get(pk="it").version == version and working() == before
    # another term (here the last one, after CIS-102's prerequisite)
    target = "G12-SP" if before["CIS-102"] != "G12-SP" else "G12-FA"
    family = page.context.browser.new_page()  # type: ignore[union-attr]
    family.goto(f"{site.url}/pathways/it/")
    public_before = family.locator("main .term").all_inner_texts()
    card.drag_to(page.locator(f"#editor [data-term='{target}'] h3"))
    moved = page.locator(f"#editor [data-term='{target}'] li.course[data-course='CIS-102']")
    expect(moved).to_be_visible()
    expect(moved).to_be_focused()
    assert page.evaluate("window.__noReload") is True  # htmx swapped the editor in place
    expect(page.get_by_test_id("unpublished-changes")).to_be_visible()
    after = working()
    assert after["CIS-102"] == target
    assert {k: v for k, v in after.items() if k != "CIS-102"} == {
        k: v for k, v in before.items() if k != "CIS-102"
    }
    assert Pathway.objects.get(pk="it").version == version + 1
    # families still see the published map, unchanged
    assert published() == before
    family.reload()
    assert family.locator("main .term").all_inner_texts() == public_before
    expect(
        family.locator(f"[data-term='{before['CIS-102']}'] [data-course='CIS-102']")
    ).to_be_visible()
    family.close()
    assert axe_violations(page, axe_script) == []
    assert blocked == []
    shoot(page, "designer-drag")
