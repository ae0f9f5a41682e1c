"""The family handout PDF (WeasyPrint): real text, in English and Spanish, linked from the map."""

from __future__ import annotations

import subprocess
from typing import Any

import pytest
from django.test import Client

from careerpaths.web.catalog.services import region_import


@pytest.fixture
def demo(db: None) -> Any:
    from careerpaths.demo.region import build_region

    region = build_region(students=0)
    region_import(region=region)
    return region


def _text(pdf: bytes, tmp_path: Any) -> str:
    path = tmp_path / "handout.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True)
    return " ".join(out.stdout.split())


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        (
            "en",
            ("How long", "Free college credit", "Grade 11 · Fall", "Registered Nurses", "$78,370"),
        ),
        ("es", ("Duración", "Grado 11 · Otoño", "créditos universitarios")),
    ],
)
def test_the_handout_is_searchable_text_in_the_language_asked(
    demo: Any, tmp_path: Any, lang: str, words: tuple[str, ...]
) -> None:
    client = Client()
    html = client.get("/pathways/health-nursing/", HTTP_ACCEPT_LANGUAGE=lang).content.decode()
    assert f'/pathways/health-nursing/handout.pdf?lang={lang}"' in html
    response = client.get(f"/pathways/health-nursing/handout.pdf?lang={lang}")
    assert response["Content-Type"] == "application/pdf"
    text = _text(response.content, tmp_path)
    for w in words:
        assert w in text, w
    assert "G11-FA" not in text and "SOC " not in text


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        (
            "en",
            (
                "For families at Kennedy High School",
                "Cedar Rapids Community School District, Cedar Rapids, IA",
                "Where Kennedy High School students take the courses",
                "Medical Terminology",
                "at Kennedy High School, at Kirkwood Linn County Regional Center, on the "
                "campus of Kirkwood Community College or online",
                "Nurse Aide Clinical",
                "at a workplace (work-based learning)",
                "Ask the school counselor at Kennedy High School.",
            ),
        ),
        (
            "es",
            (
                "Para las familias de Kennedy High School",
                "Dónde toman los cursos los estudiantes de Kennedy High School",
                "Terminología médica",
                "en Kennedy High School, en Kirkwood Linn County Regional Center, en el "
                "campus de Kirkwood Community College o en línea",
                "consejero escolar de Kennedy High School",
            ),
        ),
    ],
)
def test_a_schools_handout_names_the_school_and_where_its_courses_are(
    demo: Any, tmp_path: Any, lang: str, words: tuple[str, ...]
) -> None:
    client = Client()
    html = client.get("/pathways/health-nursing/", HTTP_ACCEPT_LANGUAGE=lang).content.decode()
    for school in ("jefferson-hs", "kennedy-hs", "washington-hs", "metro-hs"):
        assert f"handout.pdf?lang={lang}&amp;school={school}" in html
    assert "linn-mar-hs" not in html  # the nursing pathway is not offered there
    response = client.get(f"/pathways/health-nursing/handout.pdf?lang={lang}&school=kennedy-hs")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "health-nursing-kennedy-hs-" in response["Content-Disposition"]
    text = _text(response.content, tmp_path)
    for w in words:
        assert w in text, w
    assert "Jefferson High School students" not in text
    assert "G11-FA" not in text and "SOC " not in text


def test_a_handout_for_a_school_the_pathway_is_not_offered_at_is_404(demo: Any) -> None:
    client = Client()
    for school in ("linn-mar-hs", "kirkwood", "no-such"):
        response = client.get(f"/pathways/health-nursing/handout.pdf?school={school}")
        assert response.status_code == 404, school


def test_a_schools_handout_prints_the_contact_the_data_has_and_invents_none(
    db: None, tmp_path: Any
) -> None:
    import dataclasses
    from types import MappingProxyType

    from careerpaths.demo.region import build_region
    from careerpaths.io.workspace import load_workspace, write_workspace

    region = build_region(students=0)
    client = Client()
    url = "/pathways/health-nursing/handout.pdf?lang=en&school="
    region_import(region=region)
    text = _text(client.get(url + "metro-hs").content, tmp_path)
    assert "Ask the school counselor at Metro High School." in text
    assert "Contact Metro" not in text
    # a contact written in institutions.csv goes through the workspace and the database
    metro = dataclasses.replace(
        region.institutions["metro-hs"], contact="Counseling office, 319-555-0199"
    )
    region = dataclasses.replace(
        region, institutions=MappingProxyType({**region.institutions, "metro-hs": metro})
    )
    write_workspace(region, tmp_path / "ws")
    assert "contact" in (tmp_path / "ws" / "institutions.csv").read_text().splitlines()[0]
    region_import(region=load_workspace(tmp_path / "ws"))
    text = _text(client.get(url + "metro-hs").content, tmp_path)
    assert "Contact Metro High School: Counseling office, 319-555-0199" in text
    es = _text(client.get(url.replace("en", "es") + "metro-hs").content, tmp_path)
    assert "Comuníquese con Metro High School: Counseling office, 319-555-0199" in es
    text = _text(client.get(url + "kennedy-hs").content, tmp_path)  # no contact on record
    assert "319-555-0199" not in text and "Ask the school counselor at Kennedy" in text


def _pages(pdf: bytes, tmp_path: Any) -> int:
    path = tmp_path / "count.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    (line,) = [x for x in out.stdout.splitlines() if x.startswith("Pages:")]
    return int(line.split()[1])


@pytest.mark.slow
def test_every_demo_handout_fits_two_pages_in_both_languages(demo: Any, tmp_path: Any) -> None:
    from careerpaths.web import app as web
    from careerpaths.web.catalog import selectors

    region = selectors.region_snapshot()
    over = []
    checked = 0
    for pid in sorted(region.pathways):
        schools = [
            s.id for s in selectors.handout_schools(region=region, pathway=region.pathways[pid])
        ]
        for lang in ("en", "es"):
            for school in [None, *schools]:
                pdf = web.pathway_handout(pid, lang=lang, school=school)
                assert pdf is not None
                checked += 1
                if (n := _pages(pdf, tmp_path)) > 2:
                    over.append((pid, school, lang, n))
    assert checked >= 60  # every pathway, per school too, in both languages
    assert not over, over


def test_the_map_columns_are_as_wide_as_what_they_hold() -> None:
    from careerpaths.web.catalog.handout import column_weights, column_widths_css

    def year(courses: int, words: str = "Course title") -> str:
        items = "".join(
            f'<li class="course hs"><strong>{words}</strong></li>' for _ in range(courses)
        )
        return f'<details class="year hs-year" open><ul>{items}</ul></details>'

    html = (
        '<div class="grid">'
        + year(2)
        + year(2)
        + year(6, "A much longer course title with its requisites")
        + '<details class="year"><details class="code-on-demand noprint">'
        + "x" * 5000
        + "</details></details>"  # a hidden code: not counted
        + '</div><section class="exits">'
    )
    weights = column_weights(html)
    assert len(weights) == 4
    assert weights[0] == weights[1] < weights[2]
    assert weights[3] == 0.55  # the narrowest a column gets
    assert weights[2] <= 1.9
    assert "grid-template-columns: minmax(0, " in column_widths_css(html)
    assert column_weights("<p>no map</p>") == [] and column_widths_css("<p>no map</p>") == ""
