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
