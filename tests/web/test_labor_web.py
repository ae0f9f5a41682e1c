"""Labor-market results in the web app: the map's panel, the staff reports, data sources.

The map tests use the Cedar Rapids demo region (real OEWS May 2025 figures for its metro
area, 0016300); the permission tests use the two-district test region of conftest.py.
"""

from __future__ import annotations

import csv
import io
import re
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from careerpaths.labor import ONET_ATTRIBUTION
from careerpaths.web.accounts.models import Role
from careerpaths.web.accounts.services import user_set_role
from careerpaths.web.catalog.services import region_import
from tests.web.auth import verified_login

STAFF_PAGES = ("/labor/credentials/", "/labor/gaps/", "/labor/flags/")


@pytest.fixture
def demo(db: None) -> Any:
    from careerpaths.demo.region import build_region

    region = build_region(students=0)
    region_import(region=region)
    return region


@pytest.fixture
def demo_client(demo: Any) -> Client:
    """A viewer of the demo region (sees every pathway, read-only)."""
    user = get_user_model().objects.create_user(username="leader", password="pw-leader")
    user_set_role(user=user, role=Role.VIEWER, institutions=[])
    client = Client()
    verified_login(client, user)
    return client


def _exit(html: str, credential: str) -> str:
    """The labor panel's entry for one exit."""
    m = re.search(
        rf'<li class="labor-exit" data-credential="{credential}">(.*?)</li>\s*</ul>', html, re.S
    )
    assert m, f"no labor panel entry for the {credential} exit"
    return m.group(1)


# --------------------------------------------------------------------------- the map


def test_the_map_shows_the_registered_nurses_median_at_the_adn_exit(demo: Any) -> None:
    html = Client().get("/pathways/health-nursing/").content.decode()
    adn = _exit(html, "kw-adn-aas")
    assert "Registered Nurses" in adn and 'data-soc="29-1141"' in adn
    assert "Median pay: $78,370 a year" in adn  # OEWS May 2025, Cedar Rapids, IA
    assert "about 161 a year" in adn  # 2,880 jobs x 189.1k / 3,391.0k
    assert "Many openings" in adn and "Pays well" in adn
    # Nursing assistants: many openings, but below the area's median wage ($49,360).
    cna = _exit(html, "iowa-cna")
    assert "$39,110" in cna and "Many openings" in cna and "Pays well" not in cna
    assert 'data-area="0016300"' in html and "Jobs, pay and openings in Cedar Rapids, IA" in html


def test_every_on_ramp_says_what_it_leads_to(demo: Any) -> None:
    html = Client().get("/pathways/health-nursing/").content.decode()
    ramps = re.findall(r'<li class="labor-ramp" data-term="([^"]+)">(.*?)</li>', html, re.S)
    assert [t for t, _ in ramps] == ["G9-FA", "G11-FA", "G13-FA"]
    for _term, text in ramps:
        assert "leads to" in text and "Associate Degree Nursing (AAS)" in text
        assert "best median pay $78,370 a year" in text
    assert "Iowa Certified Nursing Assistant" not in ramps[2][1]  # earned before grade 13


def test_the_source_line_names_dataset_vintage_and_scaling(demo: Any) -> None:
    html = Client().get("/pathways/health-nursing/").content.decode()
    line = re.search(r'<p class="labor-source">(.*?)</p>', html, re.S)
    assert line
    text = line.group(1)
    assert "BLS OEWS, May 2025" in text and "BLS Employment Projections, 2024–34" in text
    assert "openings scaled from national rates" in text
    assert 'href="/labor/sources/"' in text


def test_a_figure_not_published_for_the_area_is_never_invented(demo: Any, settings: Any) -> None:
    settings.CAREERPATHS_LABOR_AREA = "0013020"  # Bay City, MI: RN wage not released
    html = Client().get("/pathways/health-nursing/").content.decode()
    adn = _exit(html, "kw-adn-aas")
    assert "Median pay: not published for this area" in adn
    assert "Pays well" not in adn and "$" not in adn.split("Openings")[0]


def test_an_unknown_configured_area_leaves_the_map_without_the_panel(
    demo: Any, settings: Any
) -> None:
    settings.CAREERPATHS_LABOR_AREA = "Atlantis"
    response = Client().get("/pathways/health-nursing/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "labor-panel" not in html and "Where this pathway can take you" in html


def test_the_panel_in_spanish(demo: Any) -> None:
    html = Client().get("/pathways/health-nursing/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    adn = _exit(html, "kw-adn-aas")
    assert "Salario mediano: $78,370 al año" in adn  # es-US groups like en-US (not Spain)
    assert "Vacantes: unas 161 al año" in adn
    assert "Muchas vacantes" in adn and "Buen salario" in adn
    assert "Empleos, salarios y vacantes en Cedar Rapids, IA" in html
    assert "Entradas: dónde puede incorporarse" in html
    assert "vacantes calculadas con las tasas nacionales" in html
    assert "Acerca de estas cifras" in html


def test_the_panel_is_cached_per_revision_area_and_data(demo: Any) -> None:
    from careerpaths.web.labor import selectors

    first = selectors.map_panel(pathway_id="health-nursing")
    assert first is not None
    assert selectors.map_panel(pathway_id="health-nursing") is first
    assert selectors.map_panel(pathway_id="no-such-pathway") is None


# --------------------------------------------------------------------------- staff pages


@pytest.mark.parametrize("path", STAFF_PAGES)
@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 302),
        ("site_admin", 200),
        ("district_designer", 200),
        ("college_coordinator", 200),
        ("counselor", 403),
        ("viewer", 200),
    ],
)
def test_staff_pages_by_role(client_for: Any, path: str, role: str, status: int) -> None:
    response = client_for(role).get(path)
    assert response.status_code == status
    if status == 200:
        html = response.content.decode()
        assert "Cedar Rapids, IA" in html and "BLS OEWS" in html
        assert ONET_ATTRIBUTION[:60] in html


def test_credentials_worth_building(demo_client: Client) -> None:
    html = demo_client.get("/labor/credentials/").content.decode()
    row = re.search(r'<tr data-credential="kw-adn-aas">(.*?)</tr>', html, re.S)
    assert row and "Registered Nurses" in row.group(1) and "$78,370" in row.group(1)
    # The chart is inline SVG: no script, no external resource.
    svg = re.search(r"<svg .*?</svg>", html, re.S)
    assert (
        svg
        and "<script" not in svg.group(0)
        and "http" not in svg.group(0).replace("http://www.w3.org/2000/svg", "")
    )
    assert "Registered Nurses" in svg.group(0)


def test_credentials_csv(demo_client: Client) -> None:
    response = demo_client.get("/labor/credentials/", {"area": "16300", "format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="credentials-0016300.csv"' in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    adn = next(r for r in rows if r["credential"] == "kw-adn-aas")
    assert adn["area"] == "0016300" and adn["area_name"] == "Cedar Rapids, IA"
    assert adn["best_median_wage"] == "78370" and "29-1141 Registered Nurses" in adn["occupations"]
    assert adn["wage_source"] == "BLS OEWS, May 2025"
    assert adn["projection_source"] == "BLS Employment Projections, 2024–34"
    ranked = [int(r["rank"]) for r in rows if r["rank"]]
    assert ranked == list(range(1, len(ranked) + 1))


def test_gaps_page_and_csv(demo_client: Client) -> None:
    html = demo_client.get("/labor/gaps/").content.decode()
    assert "Gaps: good jobs no pathway leads to" in html
    assert 'data-soc="29-1141"' not in html  # the nursing pathway leads there
    response = demo_client.get("/labor/gaps/", {"format": "csv"})
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert rows and all(r["area"] == "0016300" for r in rows)
    assert "29-1141" not in {r["soc"] for r in rows}
    assert all(r["median_wage"] for r in rows)  # HDHW rows always have a wage
    more = demo_client.get("/labor/gaps/", {"format": "csv", "experienced": "1"})
    assert len(list(csv.DictReader(io.StringIO(more.content.decode())))) >= len(rows)


def test_review_flags_page_and_csv(demo_client: Client, demo: Any) -> None:
    html = demo_client.get("/labor/flags/").content.decode()
    sections = re.findall(r'<section class="flags-pathway" data-pathway="([^"]+)"', html)
    assert set(sections) == {p.id for p in demo.pathways.values() if p.status.value != "archived"}
    # ADN -> Registered Nurses: BLS gives a bachelor's degree as typical entry education.
    assert 'data-code="labor.exit-below-typical-entry"' in html
    response = demo_client.get("/labor/flags/", {"format": "csv"})
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert any(
        r["pathway"] == "health-nursing"
        and r["code"] == "labor.exit-below-typical-entry"
        and r["soc"] == "29-1141"
        for r in rows
    )


def test_review_flags_list_only_pathways_in_scope(client_for: Any) -> None:
    html = client_for("district_designer").get("/labor/flags/").content.decode()
    shown = set(re.findall(r'<section class="flags-pathway" data-pathway="([^"]+)"', html))
    assert "nurse" not in shown  # another district's draft
    assert "it" in shown
    admin = client_for("site_admin").get("/labor/flags/").content.decode()
    assert 'data-pathway="nurse"' in admin


@pytest.mark.parametrize(
    ("query", "status", "text"),
    [
        ("16300", 200, "Cedar Rapids, IA"),
        ("Cedar Rapids, IA", 200, "Cedar Rapids, IA"),
        ("IA", 200, "Iowa"),
        ("Atlantis", 400, "No area matches “Atlantis”"),
        ("9999999", 400, "No area matches “9999999”"),
        ("Springfield", 400, "matches several areas"),
    ],
)
def test_the_area_chooser(client_for: Any, query: str, status: int, text: str) -> None:
    response = client_for("viewer").get("/labor/credentials/", {"area": query})
    assert response.status_code == status
    assert text in response.content.decode()


def test_a_bad_area_in_a_csv_request(client_for: Any) -> None:
    response = client_for("viewer").get("/labor/gaps/", {"area": "Atlantis", "format": "csv"})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/plain")
    assert "No area matches" in response.content.decode()


def test_the_staff_navigation_links_the_labor_pages(client_for: Any) -> None:
    assert 'href="/labor/credentials/"' in client_for("viewer").get("/design/").content.decode()


# --------------------------------------------------------------------------- data sources


def test_data_sources_page(client_for: Any) -> None:
    html = client_for("anonymous").get("/labor/sources/").content.decode()
    for expected in (
        "May 2025",
        "2024–34",
        "https://www.bls.gov/oes/tables.htm",
        "Public domain",
        "CC BY 4.0",
        ONET_ATTRIBUTION,
        "National",  # the test region sets no labor area: the national figures
    ):
        assert expected in html, expected

    es = client_for("anonymous").get("/labor/sources/", HTTP_ACCEPT_LANGUAGE="es")
    assert "Fuentes de datos" in es.content.decode()


def test_the_area_is_the_regions_setting(demo: Any) -> None:
    """The demo region's ``labor_area`` (region.yaml) picks its metro area."""
    assert demo.settings.labor_area == "0016300"
    html = Client().get("/labor/sources/").content.decode()
    assert "Cedar Rapids, IA" in html
