"""Browser checks of the labor-market pages: the demo region's nursing map with its labor
panel (axe, phone width, one printed page) and the ranked credentials with the inline chart."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import axe_violations, login, shoot


@pytest.fixture
def demo_site(live_server: Any, transactional_db: None) -> Iterator[Any]:
    """The Cedar Rapids demo region served live, with a viewer (password pw-leader)."""
    from django.contrib.auth import get_user_model

    from careerpaths.demo.region import build_region
    from careerpaths.web.accounts.models import Role
    from careerpaths.web.accounts.services import user_set_role
    from careerpaths.web.catalog.services import region_import

    region_import(region=build_region(students=0))
    user = get_user_model().objects.create_user(username="leader", password="pw-leader")
    user_set_role(user=user, role=Role.VIEWER, institutions=[])
    yield live_server


def test_the_nursing_map_shows_wages_and_stays_accessible(
    page: Page, demo_site: Any, axe_script: Path, tmp_path: Path
) -> None:
    page.goto(f"{demo_site.url}/pathways/health-nursing/")
    adn = page.locator("li.labor-exit[data-credential='kw-adn-aas']")
    expect(adn).to_contain_text("Registered Nurses")
    expect(adn).to_contain_text("$78,370")
    expect(page.locator("p.labor-source")).to_contain_text("BLS OEWS, May 2025")
    assert axe_violations(page, axe_script) == []
    shoot(page, "labor-map")
    page.set_viewport_size({"width": 375, "height": 740})
    page.reload()
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    assert axe_violations(page, axe_script) == []


@pytest.mark.parametrize("lang", ["en", "es"])
def test_every_demo_map_with_its_labor_panel_prints_on_two_pages_at_8pt(
    page: Page, demo_site: Any, tmp_path: Path, lang: str
) -> None:
    from careerpaths.demo.region import build_region

    page.context.set_extra_http_headers({"Accept-Language": lang})
    pdf = tmp_path / "map.pdf"
    region = build_region(students=0)
    counts = {}
    for pathway_id in (p.id for p in region.pathways.values() if p.status.value == "published"):
        page.goto(f"{demo_site.url}/pathways/{pathway_id}/")
        expect(page.locator("section.labor-panel")).to_have_count(1)
        expect(page.locator("html")).to_have_attribute("lang", lang)
        page.pdf(path=str(pdf), format="Letter", landscape=True, print_background=True)
        counts[pathway_id] = len(re.findall(rb"/Type\s*/Page[^s]", pdf.read_bytes()))
        page.emulate_media(media="print")
        smallest = page.evaluate(
            """() => Math.min(...[...document.querySelectorAll('main *')]
                .filter(e => e.offsetParent !== null && e.childNodes.length
                        && [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim()))
                .map(e => parseFloat(getComputedStyle(e).fontSize)))"""
        )
        page.emulate_media(media=None)  # back to the default (pdf() prints with print media)
        assert smallest >= 8 * 96 / 72 - 0.01, (pathway_id, smallest)  # 8 pt in CSS px
    assert max(counts.values()) <= 2, str(counts)


def test_credentials_worth_building_with_its_chart(
    page: Page, demo_site: Any, axe_script: Path
) -> None:
    login(page, demo_site.url, "leader")
    page.goto(f"{demo_site.url}/labor/credentials/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Credentials worth building")
    expect(page.locator("figure.labor-chart svg")).to_be_visible()
    assert axe_violations(page, axe_script) == []
    shoot(page, "labor-credentials")
    page.get_by_role("textbox", name="Area").fill("Atlantis")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("alert")).to_contain_text("No area matches")
    assert axe_violations(page, axe_script) == []
