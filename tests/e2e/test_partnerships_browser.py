"""Browser checks of the partnership pages: costs and budget at 1280 px, 390 px and in print."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import axe_violations, login, shoot


@pytest.fixture
def leader_site(live_server: Any, transactional_db: None) -> Iterator[Any]:
    from django.contrib.auth import get_user_model

    from careerpaths.web.accounts.models import Role
    from careerpaths.web.accounts.services import user_set_role

    user = get_user_model().objects.create_user(username="leader", password="pw-leader")
    user_set_role(user=user, role=Role.VIEWER, institutions=[])
    yield live_server


@pytest.mark.parametrize(
    "path",
    ["/partnerships/costs/?region=cedar-rapids", "/partnerships/budget/?region=cedar-rapids"],
)
def test_partnership_pages_fit_a_phone_and_print(
    page: Page, leader_site: Any, axe_script: Path, tmp_path: Path, path: str
) -> None:
    login(page, leader_site.url, "leader")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{leader_site.url}{path}")
    expect(page.locator("table.data").first).to_be_visible()
    assert axe_violations(page, axe_script) == []
    shoot(page, "partnerships-" + path.split("/")[2])
    page.set_viewport_size({"width": 390, "height": 800})
    page.reload()
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    pdf = tmp_path / "page.pdf"
    page.pdf(path=str(pdf), format="Letter", print_background=True)
    assert pdf.stat().st_size > 1000


@pytest.fixture
def partner_site(live_server: Any, transactional_db: None, tmp_path: Path) -> Iterator[Any]:
    """The demo partnerships, with a designer of the Cedar Rapids district."""
    import shutil

    from django.contrib.auth import get_user_model

    from careerpaths.io.funding import PARTNERSHIPS_DIR
    from careerpaths.web.accounts.models import Role
    from careerpaths.web.accounts.services import user_set_role
    from careerpaths.web.catalog.models import Institution
    from careerpaths.web.partnerships.services import partnerships_import

    for inst, kind in (("crcsd", "district"), ("kirkwood", "college")):
        Institution.objects.create(pk=inst, name=inst, kind=kind)
    shutil.copytree(PARTNERSHIPS_DIR, tmp_path / "partnerships")
    partnerships_import(folder=tmp_path / "partnerships")
    user = get_user_model().objects.create_user(username="crdesigner", password="pw-crdesigner")
    user_set_role(user=user, role=Role.DISTRICT_DESIGNER, institutions=["crcsd"])
    yield live_server


def test_agreement_pages_fit_a_phone_print_and_refuse_a_bad_edit_whole(
    page: Page, partner_site: Any, axe_script: Path, tmp_path: Path
) -> None:
    login(page, partner_site.url, "crdesigner")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{partner_site.url}/partnerships/agreements/")
    expect(page.locator("[data-code='agreement-renewal-due']")).to_be_visible()
    page.locator("table.data").get_by_role(
        "link", name="Concurrent enrollment sharing contract, Cedar Rapids and Kirkwood"
    ).click()
    expect(page.locator("tr[data-version='1']")).to_be_visible()
    assert axe_violations(page, axe_script) == []
    shoot(page, "partnerships-agreement")
    page.get_by_role("link", name="Edit this agreement").click()
    assert axe_violations(page, axe_script) == []
    page.get_by_label("Ends (YYYY-MM-DD)").fill("2020-01-01")
    page.get_by_role("button", name="Save agreement").click()
    expect(page.get_by_role("alert")).to_contain_text("not after it starts")
    shoot(page, "partnerships-agreement-refused")
    page.set_viewport_size({"width": 390, "height": 800})
    for path in ("/partnerships/agreements/", page.url):
        page.goto(path if path.startswith("http") else f"{partner_site.url}{path}")
        assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    pdf = tmp_path / "page.pdf"
    page.pdf(path=str(pdf), format="Letter", print_background=True)
    assert pdf.stat().st_size > 1000
