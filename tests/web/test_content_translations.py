"""Spanish for the content, not only the frame (issue 14, item 3): the maps show what the
designers translated and mark what they did not; designers translate in the editor; a staff
page and ``careerpaths translations`` list what is missing."""

from __future__ import annotations

import json
import re
from typing import Any

from django.test import Client
from typer.testing import CliRunner

from careerpaths.web.catalog.models import Course, Pathway
from tests.web.test_family_map import demo, readable  # noqa: F401


def _es(client: Client, url: str) -> str:
    return client.get(url, HTTP_ACCEPT_LANGUAGE="es").content.decode()


def test_the_demo_maps_read_in_spanish_with_nothing_left_in_english(demo: Any) -> None:  # noqa: F811
    client = Client()
    html = _es(client, "/pathways/health-nursing/")
    text = readable(html)
    assert "Enfermería: de auxiliar de enfermería" in text
    assert "Anatomía y fisiología humanas I (con laboratorio)" in text
    assert "Auxiliar de enfermería certificado de Iowa" in text
    assert "Únase en el grado 11 por medio de la Academia de Atención al Paciente" in text
    for english in ("Human Anatomy and Physiology I", "Nurse Aide Theory", "Patient Care Academy"):
        assert english not in text, english
    assert 'class="untranslated"' not in html
    assert 'data-testid="untranslated-note"' not in html
    # job titles stay in English, marked, with a note saying why
    assert "Los nombres de los empleos se muestran en inglés" in text
    assert re.search(r"<span lang=\"en\">[A-Z][^<]+</span>", html)
    # and the English map is unchanged
    english = readable(client.get("/pathways/health-nursing/").content.decode())
    assert "Human Anatomy and Physiology I (with lab)" in english
    assert "Anatomía" not in english


def test_an_untranslated_title_is_shown_in_english_marked_and_announced(demo: Any) -> None:  # noqa: F811
    row = Course.objects.get(key="BIO168")
    row.translations = {}
    row.save()
    from careerpaths.web.catalog.services import touch_region

    touch_region()
    html = _es(Client(), "/pathways/health-nursing/")
    assert re.search(
        r'<span lang="en" class="untranslated">Human Anatomy and Physiology I \(with lab\)</span>',
        html,
    )
    assert 'data-testid="untranslated-note"' in html
    assert "aún no se han traducido" in html


def test_designers_translate_in_the_editor_and_the_spanish_map_follows(client_for: Any) -> None:
    coordinator = client_for("college_coordinator")
    page = coordinator.get("/design/courses/CIS101/").content.decode()
    assert 'name="title_es"' in page
    course = Course.objects.get(key="CIS101")
    data = {
        "title": course.title,
        "title_es": "Introducción a la informática",
        "credits": course.credits,
        "tuition_per_credit": course.tuition_per_credit or "",
        "prerequisites": course.prerequisites,
        "corequisites": course.corequisites,
        "description": course.description,
    }
    assert coordinator.post("/design/courses/CIS101/", data).status_code == 302
    assert Course.objects.get(key="CIS101").translations == {
        "es": {"title": "Introducción a la informática"}
    }
    cred = {"name": "IT Support Certificate", "name_es": "Certificado de soporte de TI"}
    cred |= {"total_credits": "", "requirements": "", "description": ""}
    assert coordinator.post("/design/credentials/cert/", cred).status_code == 302

    designer = client_for("district_designer")
    version = Pathway.objects.get(pk="it").version
    details = {
        "version": version,
        "name": "IT Support",
        "name_es": "Soporte de TI",
        "cluster": "Information Technology",
        "description": "",
        "description_es": "",
        "schools": ["hs-a"],
        "occupations": "15-1232",
        "onramp-count": 1,
        "onramp-0-term": "G11-FA",
        "onramp-0-label": "Join in grade 11",
        "onramp-0-label_es": "Únase en el grado 11",
        "onramp-0-requires": "",
    }
    assert designer.post("/design/pathways/it/details/", details).status_code == 302
    saved = Pathway.objects.get(pk="it").to_domain()
    assert ("es", "name", "Soporte de TI") in saved.translations
    assert saved.on_ramps[0].translations == (("es", "label", "Únase en el grado 11"),)
    # the editor shows what was saved; families see it once the changes are published
    assert 'value="Soporte de TI"' in designer.get("/design/pathways/it/").content.decode()
    assert "Soporte de TI" not in readable(_es(Client(), "/pathways/it/"))
    version = Pathway.objects.get(pk="it").version
    publish = {"version": version, "status": "published"}
    assert designer.post("/design/pathways/it/status/", publish).status_code == 302

    html = _es(Client(), "/pathways/it/")
    text = readable(html)
    for spanish in (
        "Soporte de TI",
        "Introducción a la informática",
        "Certificado de soporte de TI",
        "Únase en el grado 11",
    ):
        assert spanish in text, spanish
    # what nobody translated is marked, and the page says so
    assert '<span lang="en" class="untranslated">College CIS-102</span>' in html
    assert 'data-testid="untranslated-note"' in html


def test_the_staff_page_lists_the_missing_texts_with_links_to_translate(
    client_for: Any,
) -> None:
    page = client_for("college_coordinator").get("/design/translations/").content.decode()
    assert "College CIS-101" in page and "IT Support Certificate" in page
    # a coordinator translates the college's courses, not the district's
    assert 'href="/design/courses/CIS101/"' in page
    assert 'href="/design/courses/HSE101/"' not in page
    admin = client_for("site_admin").get("/design/translations/").content.decode()
    assert 'href="/design/courses/HSE101/"' in admin and 'href="/design/pathways/it/"' in admin
    n = int(re.search(r'data-testid="missing-count">(\d+)', admin).group(1))  # type: ignore[union-attr]
    assert n == admin.count(">Translate<")


def test_the_command_lists_them_too_and_strict_fails(region: Any) -> None:
    from careerpaths.cli.main import app

    runner = CliRunner()
    result = runner.invoke(app, ["translations", "--format", "json"])
    assert result.exit_code == 0, result.output
    missing = json.loads(result.stdout)["missing"]
    assert {"kind": "course", "id": "CIS-101", "field": "title"}.items() <= next(
        m for m in missing if m["id"] == "CIS-101"
    ).items()
    assert runner.invoke(app, ["translations", "--strict"]).exit_code == 1


def test_the_spanish_home_page_names_pathways_and_clusters_in_spanish(demo: Any) -> None:  # noqa: F811
    text = readable(_es(Client(), "/"))
    assert "Ciencias de la salud" in text and "Health Science" not in text
    assert "Contabilidad y teneduría de libros" in text
    assert "Accounting and Bookkeeping" not in text
    english = readable(Client().get("/").content.decode())
    assert "Health Science" in english and "Accounting and Bookkeeping" in english


def test_no_demo_map_in_spanish_shows_catalog_text_in_english(demo: Any) -> None:  # noqa: F811
    client = Client()
    published = [p for p in demo.pathways.values() if p.status.value == "published"]
    for p in published:
        html = _es(client, f"/pathways/{p.id}/")
        assert 'class="untranslated"' not in html, p.id
        text = readable(html)
        for course in p.placements:
            english = demo.courses[course.key].title
            if len(english) > 12 and english not in ("Microsoft Office Specialist (MOS)",):
                assert english not in text, (p.id, english)
