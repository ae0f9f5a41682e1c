"""Public pages: the map's content, Spanish, the catalogue file, and the database in use."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import polib
import pytest
from django.db import connection

from careerpaths.web.accounts.selectors import PUBLIC, user_scope
from careerpaths.web.catalog import selectors

LOCALE = Path(selectors.__file__).parents[1] / "locale" / "es" / "LC_MESSAGES"


def test_the_map_shows_credits_savings_requisites_and_exits(client_for: Any) -> None:
    html = client_for("anonymous").get("/pathways/it/").content.decode()
    assert 'data-testid="hs-credits">13<' in html  # CIS 101, 102, 120, 121, 130 by grade 12
    assert 'data-testid="savings">$2,821<' in html  # 13 credits x $217
    assert "Needs: College CIS-101" in html  # the title, in words
    assert "IT Support Certificate" in html and "SOC 15-1232" in html  # the code, on demand
    # All five college courses are taken in high school: free, and styled as such.
    assert html.count('class="course college free"') == 5 and html.count('class="course hs"') == 4


def test_spanish_for_families(client_for: Any) -> None:
    client = client_for("anonymous")
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert 'lang="es"' in html and "Trayectorias profesionales" in html
    html = client.get("/pathways/it/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "créditos universitarios obtenidos" in html and "Otoño" in html


def test_the_spanish_catalogue_is_complete_and_compiled() -> None:
    po = polib.pofile(str(LOCALE / "django.po"))
    assert po.percent_translated() == 100 and not po.fuzzy_entries()
    mo = {e.msgid: e.msgstr for e in polib.mofile(str(LOCALE / "django.mo"))}
    for entry in po.translated_entries():
        if not entry.msgid_plural:
            assert mo.get(entry.msgid) == entry.msgstr, f"django.mo is stale: {entry.msgid!r}"


def test_visibility_rule_matches_the_query(users: dict[str, Any]) -> None:
    region = selectors.region_snapshot()
    for user in users.values():
        scope = user_scope(user=user) if user is not None else PUBLIC
        visible = set(selectors.pathways_visible(scope=scope).values_list("id", flat=True))
        for pathway in region.pathways.values():
            assert selectors.pathway_is_visible(scope=scope, pathway=pathway) == (
                pathway.id in visible
            )


@pytest.mark.parametrize(
    ("role", "location"),
    [
        ("anonymous", "/accounts/login/?next=/staff/"),
        ("site_admin", "/design/"),
        ("district_designer", "/design/"),
        ("college_coordinator", "/design/courses/"),
        ("counselor", "/students/"),
        ("viewer", "/design/"),
    ],
)
def test_staff_home_sends_each_role_to_its_work(client_for: Any, role: str, location: str) -> None:
    assert client_for(role).get("/staff/")["Location"] == location


def test_the_database_in_use(db: None) -> None:
    expected = "postgresql" if os.environ.get("CAREERPATHS_TEST_POSTGRES") == "1" else "sqlite"
    assert connection.vendor == expected


def test_refusals_look_like_missing_pages_in_the_site_layout(client_for: Any) -> None:
    anonymous = client_for("anonymous")
    draft = anonymous.get("/pathways/nurse/", HTTP_ACCEPT_LANGUAGE="es")
    missing = anonymous.get("/pathways/no-such-pathway/", HTTP_ACCEPT_LANGUAGE="es")
    assert draft.status_code == missing.status_code == 404
    for response in (draft, missing):  # nothing tells a draft from nothing
        html = response.content.decode()
        assert "Página no encontrada" in html and "Nursing" not in html
    page = client_for("counselor").get("/design/")
    assert page.status_code == 403 and "Not allowed" in page.content.decode()
