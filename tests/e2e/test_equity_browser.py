"""Browser check of the equity dashboard on 300 demo (synthetic) students: charts and
tables render, a filter updates the results in place (htmx), and axe finds nothing."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import axe_violations, login, shoot


@pytest.fixture
def equity_site(live_server: Any, transactional_db: None) -> Iterator[Any]:
    from django.contrib.auth import get_user_model

    from careerpaths.demo.region import build_region
    from careerpaths.web.accounts.models import Role
    from careerpaths.web.accounts.services import user_set_role
    from careerpaths.web.catalog.services import region_import
    from careerpaths.web.equity.selectors import cache_clear

    region_import(region=build_region(students=300))
    cache_clear()
    user = get_user_model().objects.create_user(username="leader", password="pw-leader")
    user_set_role(user=user, role=Role.VIEWER, institutions=[])
    yield live_server


def test_the_dashboard_filters_in_place_and_stays_accessible(
    page: Page, equity_site: Any, axe_script: Path
) -> None:
    login(page, equity_site.url, "leader")
    page.goto(f"{equity_site.url}/equity/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Dual enrollment equity")
    expect(page.locator(".equity-synthetic")).to_contain_text("Synthetic data")
    expect(page.locator("#groups-participation svg")).to_be_visible()
    assert axe_violations(page, axe_script) == []
    shoot(page, "equity-dashboard")
    page.get_by_label("Compare by").select_option("sex")
    expect(page.locator("#groups-participation th[scope=row]").first).to_have_text("Female")
    expect(page).to_have_url(f"{equity_site.url}/equity/?population=&group=sex")
    page.goto(f"{equity_site.url}/equity/whatif/")
    page.get_by_role(
        "link", name="Technical (CTE) courses' rule instead of the academic one"
    ).click()
    expect(page.locator("#whatif-school")).to_be_visible()
    assert axe_violations(page, axe_script) == []
    shoot(page, "equity-whatif")
    page.get_by_label("Alternative rule").fill("grade >= ")
    page.get_by_role("button", name="Compare").click()
    expect(page.get_by_role("alert")).to_contain_text("Alternative rule, column")
    assert axe_violations(page, axe_script) == []
