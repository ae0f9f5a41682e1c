"""Spanish everywhere a string is marked: every marked string of the web app is in the
catalogue and translated, and the staff pages (caseload, student-data import, equity
dashboard and what-if) render in Spanish with none of their English sentences left.

tests/web/test_public.py checks the catalogue against itself (100% translated, the .mo
up to date); this checks the source against the catalogue, so a string marked in a
template or a view but never extracted with ``makemessages`` (or extracted but left
untranslated) fails here, naming the file.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import Any

import polib
import pytest
from django.utils.translation.template import templatize

from careerpaths.web.students.models import ImportBatch
from tests.web.test_equity_web import equity_students  # noqa: F401  (a fixture)

WEB = Path(__file__).parents[2] / "src" / "careerpaths" / "web"
CATALOGUE = WEB / "locale" / "es" / "LC_MESSAGES" / "django.po"

# The callables makemessages extracts from Python (Django's xgettext keywords).
PY_KEYWORDS = {
    "_": (None, 0),
    "gettext": (None, 0),
    "gettext_lazy": (None, 0),
    "gettext_noop": (None, 0),
    "ngettext": (None, 0),
    "ngettext_lazy": (None, 0),
    "pgettext": (0, 1),
    "pgettext_lazy": (0, 1),
    "npgettext": (0, 1),
    "npgettext_lazy": (0, 1),
}
_LITERAL = r"""u?(?:'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")"""
# templatize() writes each translation tag as a gettext call, and a constant string in a
# variable or filter argument (_("...")) as _(...); it blanks out everything else.
_TEMPLATE_CALL = re.compile(rf"\b(_|n?p?gettext)\(((?:\s*{_LITERAL}\s*,?)+)")

Key = tuple[str | None, str]  # (msgctxt, msgid)


def template_msgids(path: Path) -> set[Key]:
    """The msgids makemessages takes from one template (through Django's templatize)."""
    out: set[Key] = set()
    for call in _TEMPLATE_CALL.finditer(templatize(path.read_text(), origin=str(path))):
        strings = [ast.literal_eval(s) for s in re.findall(_LITERAL, call.group(2))]
        if call.group(1).startswith(("pgettext", "npgettext")):
            out.add((strings[0], strings[1]))
        else:
            out.add((None, strings[0]))
    return out


def python_msgids(path: Path) -> set[Key]:
    """The msgids marked in one Python module: the keyword calls with literal arguments,
    f-strings included (where xgettext does not look, so they fail here)."""
    out: set[Key] = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
            continue
        spec = PY_KEYWORDS.get(node.func.id)
        if spec is None:
            continue
        ctx_at, id_at = spec
        literals = [
            a.value if isinstance(a, ast.Constant) and isinstance(a.value, str) else None
            for a in node.args
        ]
        msgid = literals[id_at] if len(literals) > id_at else None
        ctx = None if ctx_at is None else literals[ctx_at]
        if msgid is not None and (ctx_at is None or ctx is not None):
            out.add((ctx, msgid))
    return out


def sources() -> list[Path]:
    found = [*WEB.rglob("*.html"), *WEB.rglob("*.txt"), *WEB.rglob("*.py")]
    return sorted(p for p in found if "locale" not in p.parts and "__pycache__" not in p.parts)


def msgids(path: Path) -> set[Key]:
    return python_msgids(path) if path.suffix == ".py" else template_msgids(path)


def translated() -> dict[Key, str]:
    po = polib.pofile(str(CATALOGUE))
    return {
        (e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural.get(0, "")
        for e in po.translated_entries()
        if not e.fuzzy and not e.obsolete
    }


CATALOGUE_ES = translated()

STAFF_TEMPLATES = [
    "students/caseload.html",
    "students/student.html",
    "students/import.html",
    "students/import_detail.html",
    "equity/dashboard.html",
    "equity/whatif.html",
    "equity/_results.html",
    "equity/_chart.html",
    "equity/_legend.html",
    "staff/_nav.html",
]


@pytest.mark.parametrize("path", sources(), ids=lambda p: str(p.relative_to(WEB)))
def test_every_marked_string_is_translated_into_spanish(path: Path) -> None:
    missing = sorted(m for m in msgids(path) if m not in CATALOGUE_ES)
    assert not missing, (
        f"{path.relative_to(WEB)}: not in the Spanish catalogue, or untranslated/fuzzy "
        f"(run makemessages, translate, compilemessages; see docs/web.md): {missing}"
    )


def test_the_extraction_finds_what_makemessages_finds(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(
        "{% load i18n %}<p>{% translate 'Upload and check' %}</p>"
        "{% blocktranslate with n=x %}At most {{ n }} MB, 10% off.{% endblocktranslate %}"
        "{% blocktranslate count n=k %}{{ n }} file{% plural %}{{ n }} files{% endblocktranslate %}"
        '{% translate "May" context "month" %}'
        '{{ who|default:_("import") }}'
    )
    assert template_msgids(page) == {
        (None, "Upload and check"),
        (None, "At most %(n)s MB, 10%% off."),
        (None, "%(n)s file"),
        ("month", "May"),
        (None, "import"),
    }
    module = tmp_path / "views.py"
    module.write_text(
        "from django.utils.translation import gettext as _, pgettext\n"
        "a = _('One (two)') % {}\n"
        "b = _('Joined ' 'literals')\n"
        "c = f\"{_('inside an f-string')} {a}\"\n"
        "d = pgettext('month', 'May')\n"
        "e = _(a)\n"
        "for _x in range(2):\n    pass\n"
    )
    assert python_msgids(module) == {
        (None, "One (two)"),
        (None, "Joined literals"),
        (None, "inside an f-string"),
        ("month", "May"),
    }


@pytest.mark.parametrize("template", STAFF_TEMPLATES)
def test_the_staff_templates_mark_their_strings(template: str) -> None:
    assert msgids(WEB / "templates" / template), f"{template}: no string marked for translation"


def _english_left(html: str, templates: list[str]) -> list[str]:
    """The English sentences of these templates that appear in a page rendered in Spanish
    (msgids of two words or more, without placeholders, whose Spanish differs)."""
    out = []
    for template in templates:
        for ctx, msgid in msgids(WEB / "templates" / template):
            if "%(" in msgid or len(msgid.split()) < 2:
                continue
            if CATALOGUE_ES.get((ctx, msgid), msgid) != msgid and msgid in html:
                out.append(msgid)
    return out


def _spanish(client: Any, url: str) -> str:
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="es")
    assert response.status_code == 200, url
    html: str = response.content.decode()
    assert '<html lang="es">' in html
    return html


def test_the_caseload_renders_in_spanish(client_for: Any) -> None:
    html = _spanish(client_for("counselor"), "/students/")
    assert "Estudiantes asignados" in html and "Todas mis escuelas" in html
    assert not _english_left(html, ["students/caseload.html", "staff/_nav.html"])


def test_the_import_pages_render_in_spanish(client_for: Any, users: dict[str, Any]) -> None:
    client = client_for("site_admin")
    html = _spanish(client, "/students/import/")
    assert "Importación de datos de estudiantes" in html and "Cargar y verificar" in html
    assert "Todavía no hay importaciones." in html
    assert not _english_left(html, ["students/import.html", "staff/_nav.html"])
    batch = ImportBatch.objects.create(
        actor=users["site_admin"],
        via=ImportBatch.Via.WEB,
        format="csv",
        as_of="2026-03-01",
        status=ImportBatch.Status.APPLIED,
        totals={"added": 3, "students": 3, "written": 3},
    )
    html = _spanish(client, f"/students/import/{batch.public_id}/")
    assert "Lo que cambió la importación" in html and "plantilla CSV simple" in html
    assert ">aplicada<" in html and ">agregados<" in html
    assert not _english_left(html, ["students/import_detail.html"])


def test_the_equity_pages_render_in_spanish(
    client_for: Any,
    equity_students: list[Any],  # noqa: F811
) -> None:
    client = client_for("viewer")
    html = _spanish(client, "/equity/")
    assert "Equidad en la inscripción doble" in html
    assert "Tasa de participación en la inscripción doble" in html
    assert "Los grupos pequeños están protegidos." in html
    templates = ["equity/dashboard.html", "equity/_results.html", "equity/_legend.html"]
    assert not _english_left(html, templates)
    for english in ("Participation rate", "Representation index", "All students"):
        assert english not in html  # from the view's Python, not the templates
    html = _spanish(client, "/equity/whatif/")
    assert "Simulación de elegibilidad" in html and "Regla alternativa" in html
    assert "Tasa de elegibilidad actual" in html and "ahora " in html
    assert not _english_left(html, ["equity/whatif.html", "equity/_legend.html"])


def test_equity_group_values_read_in_the_readers_language() -> None:
    from django.utils import translation

    from careerpaths.web.equity.selectors import GROUP_VALUES, group_label

    with translation.override("es"):
        assert group_label("race_ethnicity", "Hispanic/Latino", {}) == "Hispano/latino"
        assert group_label("sex", "F", {}) == "Femenino"
        for dimension, values in GROUP_VALUES.items():
            for value in values:
                assert group_label(dimension, value, {}) != value  # every one translated
        # a value of a district's own template is shown as written
        assert group_label("race_ethnicity", "Prefers not to say", {}) == "Prefers not to say"
    with translation.override("en"):
        assert group_label("race_ethnicity", "Hispanic/Latino", {}) == "Hispanic/Latino"
        assert group_label("sex", "M", {}) == "Male"


# ----------------------------------------------------------------- the core's sentences


def _core_english_left(html: str) -> list[str]:
    """The fixed words of the core's sentence templates (``core_messages``: findings,
    remedies, cost bases, qualification checks, delivery models) found in a page rendered in
    Spanish: each template's runs of three words or more between its placeholders, whose
    Spanish differs (a two-word run such as "on record" also occurs in the partnership
    files' own texts, an agreement's clauses, shown as written)."""
    import html as html_lib

    from careerpaths.web.core_messages import core_msgids

    shown = " ".join(html_lib.unescape(re.sub(r"<[^>]+>", " ", html)).split())
    out = []
    for msgid in core_msgids():
        if CATALOGUE_ES.get((None, msgid), msgid) == msgid:
            continue
        for part in re.split(r"%\(\w+\)s", msgid):
            words = part.strip(" .,;:()=")
            if len(words.split()) >= 3 and words in shown:
                out.append(words)
    return out


def test_the_core_sentences_are_all_in_the_catalogue() -> None:
    from pathlib import Path as P

    from careerpaths.web import core_messages

    assert P(core_messages.__file__).read_text() == core_messages.generate(), (
        "web/core_messages.py is stale: run .venv/bin/python -m careerpaths.web.core_messages"
    )
    missing = [m for m in core_messages.core_msgids() if (None, m) not in CATALOGUE_ES]
    assert not missing, missing


@pytest.fixture
def staffed(region: Any, tmp_path: Path) -> None:
    import shutil

    from careerpaths.io.funding import PARTNERSHIPS_DIR
    from careerpaths.web.catalog.models import Institution
    from careerpaths.web.partnerships.services import partnerships_import
    from careerpaths.web.staffing.services import staffing_import
    from tests.web import staffing_files

    for inst, kind in (("crcsd", "district"), ("kirkwood", "college"), ("ivy-tech", "college")):
        Institution.objects.get_or_create(pk=inst, defaults={"name": inst, "kind": kind})
    shutil.copytree(PARTNERSHIPS_DIR, tmp_path / "partnerships")
    partnerships_import(folder=tmp_path / "partnerships")
    staffing_import(folder=staffing_files.write(tmp_path / "staffing"))


def test_the_staffing_page_says_the_cores_remedies_and_costs_in_spanish(
    client_for: Any, staffed: None
) -> None:
    html = _spanish(client_for("college_coordinator"), "/staffing/")
    for spanish in (
        "no ha hecho la orientación del curso",  # why a section is not staffed
        "Aprobar a un maestro de preparatoria calificado como profesor adjunto",  # remedy
        "Después de la orientación del curso",  # feasibility
        "no se ofrece en línea",  # remedy detail
        "de matrícula",  # cost basis
        "menos de 10 estudiantes: se calcula como 10",
        "años de experiencia laboral en",  # qualification check
        "la matrícula publicada del curso",  # the rules costing the remedies
    ):
        assert spanish in html, spanish
    assert not _core_english_left(html)
    assert not _english_left(html, ["staffing/index.html", "staff/_nav.html"])


def test_the_designer_editor_says_the_validators_findings_in_spanish(client_for: Any) -> None:
    client = client_for("district_designer")
    client.post("/design/pathways/it/place/", {"version": 1, "course": "CIS-102", "term": "G10-FA"})
    html = _spanish(client, "/design/pathways/it/")
    assert 'data-code="prerequisite-order"' in html
    assert "CIS-102 en Grado 10, Otoño necesita" in html and "en un período anterior" in html
    assert '<span class="sev">error</span>' in html
    assert not _core_english_left(html)
    english = client.get("/design/pathways/it/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "CIS-102 in Grade 10 Fall needs" in english and "in an earlier term" in english


def test_the_costs_page_names_the_delivery_models_in_spanish(
    client_for: Any, staffed: None
) -> None:
    html = _spanish(client_for("site_admin"), "/partnerships/costs/?region=cedar-rapids&lines=1")
    assert "En la escuela secundaria, con profesorado universitario" in html
    assert "Proyección a cinco años" in html
    assert not _core_english_left(html)
    for english in ("At the high school, college faculty", "At a career center"):
        assert english not in html


def test_the_agreements_show_their_titles_as_written_and_the_rest_in_spanish(
    client_for: Any, staffed: None
) -> None:
    from careerpaths.web.partnerships.models import Agreement

    client = client_for("site_admin")
    html = _spanish(client, "/partnerships/agreements/")
    row = Agreement.objects.get(ref="crcsd-kirkwood-2024")
    assert row.title in html  # the partnership's own words, as its files wrote them
    assert "Renovaciones pendientes" in html and "Firmado" in html
    assert not _english_left(html, ["partnerships/agreements.html", "staff/_nav.html"])
    html = _spanish(client, f"/partnerships/agreements/{row.public_id}/")
    assert row.title in html
    assert not _core_english_left(html)
    assert not _english_left(html, ["partnerships/agreement.html"])


def test_the_instructor_page_says_the_checks_and_findings_in_spanish(
    client_for: Any, staffed: None
) -> None:
    from careerpaths.web.staffing.models import Instructor

    row = Instructor.objects.get(ref="ben")
    html = _spanish(client_for("college_coordinator"), f"/staffing/instructors/{row.public_id}/")
    assert "No califica según" in html and "necesita" in html
    assert not _core_english_left(html)


def test_a_core_finding_reads_in_the_readers_language() -> None:
    from django.utils import translation

    from careerpaths.core.i18n import text
    from careerpaths.web.core_text import say

    message = text(
        "%(name)s: %(why)s",
        name="Ada",
        why=text("%(name)s has not done the course orientation", name="Ada"),
    )
    assert message == "Ada: Ada has not done the course orientation"  # English as it was
    with translation.override("es"):
        assert say(message) == "Ada: Ada no ha hecho la orientación del curso"
        assert say("Kennedy High School") == "Kennedy High School"  # data: as written
    with translation.override("en"):
        assert say(message) == str(message)


def _core_sentences_left(html: str) -> list[str]:
    """The cells, headings, captions and notes of a page rendered in Spanish that are
    whole English sentences of the core (a ``text()`` template filled with any values),
    whatever their length: a column heading of one word included (a code, in ``<code>``,
    is a code)."""
    import html as html_lib

    from careerpaths.web.core_messages import core_msgids

    shown = {
        " ".join(html_lib.unescape(re.sub(r"<[^>]+>", " ", m)).split())
        for m in re.findall(
            r"<(?:td|th|caption|p|li|strong)[^>]*>(.*?)</",
            re.sub(r"<code>.*?</code>", "", html),
            re.S,
        )
    }
    out = []
    for msgid in core_msgids():
        if CATALOGUE_ES.get((None, msgid), msgid) == msgid:
            continue
        parts = re.split(r"%\(\w+\)s", msgid.replace("%%", "%"))
        pattern = re.compile(".+?".join(re.escape(p) for p in parts) + "$")
        out += [s for s in shown if pattern.match(s)]
    return out


def test_the_costs_page_says_its_tables_headings_and_notes_in_spanish(
    client_for: Any, users: dict[str, Any], staffed: None
) -> None:
    from careerpaths.web.accounts.models import Role
    from careerpaths.web.accounts.services import user_set_role

    designer = users["district_designer"]  # of the district of the Cedar Rapids partnership
    user_set_role(user=designer, role=Role.DISTRICT_DESIGNER, institutions=["crcsd"])
    html = _spanish(
        client_for("district_designer"), "/partnerships/costs/?region=cedar-rapids&lines=1"
    )
    for english in (
        "Cost by delivery model",
        "Family savings",
        "Shared equipment",
        "Cost lines with their rules",
        "Redundancy,",
        "School district pays",
        "Per college credit",
        "Family saves",
        ">Illustrative<",
        "Total over 5 years",
        "Per credential",
    ):
        assert english not in html, english
    for spanish in (
        "Costo por modalidad de impartición",
        "Ahorro de las familias",
        "Total en 5 años",
    ):
        assert spanish in html, spanish
    assert re.search(r"<td>\$\d{1,3}(,\d{3})+\.\d\d</td>", html)  # es-US: $5,859.00
    assert not re.search(r"<td>-?\d+,\d{1,2}</td>", html)  # not Spain's 5859,0
    assert not _core_english_left(html)
    assert not _core_sentences_left(html)
    assert not _english_left(html, ["partnerships/costs.html", "partnerships/_table.html"])


@pytest.mark.parametrize("role", ["college_coordinator", "district_designer", "counselor"])
def test_the_due_list_says_its_milestones_in_spanish(
    client_for: Any, staffed: None, role: str
) -> None:
    from careerpaths.staffing.files import read_lead_times

    html = _spanish(client_for(role), "/staffing/due/")
    leads = [lead for lead in read_lead_times()[0] if lead.role == role and not lead.states]
    assert leads
    for lead in leads:
        assert str(lead.label) not in html, lead.label  # the shipped labels: ours to translate
    for status in ("Done", "Late", "At risk", "Upcoming", "due soon", "upcoming"):
        assert f">{status}<" not in html and f"({status})" not in html, status
    assert "CIS-101 at Alpha High School" in html  # the launch file's subject, as written
    assert "<title>" in html and "<h2>" not in html.split("</title>")[0]
    assert not _core_english_left(html)
    assert not _core_sentences_left(html)
    assert not _english_left(html, ["staffing/dues.html", "staff/_nav.html"])


def _designer_of_cedar_rapids(users: dict[str, Any]) -> None:
    from careerpaths.web.accounts.models import Role
    from careerpaths.web.accounts.services import user_set_role

    designer = users["district_designer"]  # of the district of the Cedar Rapids partnership
    user_set_role(user=designer, role=Role.DISTRICT_DESIGNER, institutions=["crcsd"])


def test_the_budget_page_says_its_findings_statuses_uses_and_reasons_in_spanish(
    client_for: Any, users: dict[str, Any], staffed: None
) -> None:
    _designer_of_cedar_rapids(users)
    client = client_for("district_designer")
    html = _spanish(client, "/partnerships/budget/?region=cedar-rapids")
    assert 'data-code="budget-tuition"' in html and 'data-code="budget-supplant"' in html
    for spanish in (
        "no están permitidas, salvo para reducir",  # a finding
        "<td>No permitido</td>",  # a status
        "<td>Requiere revisión</td>",
        "<td>Permitido</td>",
        "equipo, tecnología y materiales alineados con la industria",  # a use
        "Sirve para: ",  # a reason
        "Responde a una necesidad de la CLNA: ",
        "Perkins V, sec. 211(a): los fondos complementan",  # a reference in words
        "Todos los montos son ilustrativos.",
    ):
        assert spanish in html, spanish
    for english in (
        "Not allowable",
        "Needs review",
        "Serves ",
        "Answers CLNA need",
        "<td>equipment</td>",  # the use's code: the page shows its words
        "<td>not_allowable</td>",
        "aligned with industry",
        "funds supplement, not supplant",
    ):
        assert english not in html, english
    assert not _core_english_left(html)
    # the partnership's own words (its lines' descriptions, its needs) are shown as written
    from careerpaths.io.funding import bundled_partnership

    budget = bundled_partnership("cedar-rapids").budget
    assert budget is not None
    own = html
    for written in [ln.description for ln in budget.lines] + list(budget.needs.values()):
        assert written in own
        own = own.replace(written, "")
    assert not _core_sentences_left(own)
    assert not _english_left(html, ["partnerships/budget.html", "partnerships/_table.html"])
    # the same page in English says it in English; the download keeps the codes
    english = client.get("/partnerships/budget/?region=cedar-rapids", HTTP_ACCEPT_LANGUAGE="en")
    assert "<td>Not allowable</td>" in english.content.decode()
    data = client.get("/partnerships/budget/?region=cedar-rapids&format=json").content.decode()
    assert '"not_allowable"' in data and '"equipment"' in data


@pytest.fixture
def launches_by_id(region: Any, tmp_path: Path) -> None:
    """The staffing of :func:`staffed`, its launches named by ids (course, pathway, site)."""
    import shutil

    from careerpaths.io.funding import PARTNERSHIPS_DIR
    from careerpaths.web.catalog.models import Institution
    from careerpaths.web.partnerships.services import partnerships_import
    from careerpaths.web.staffing.services import staffing_import
    from tests.web import staffing_files

    for inst, kind in (("crcsd", "district"), ("kirkwood", "college"), ("ivy-tech", "college")):
        Institution.objects.get_or_create(pk=inst, defaults={"name": inst, "kind": kind})
    shutil.copytree(PARTNERSHIPS_DIR, tmp_path / "partnerships")
    partnerships_import(folder=tmp_path / "partnerships")
    calendar = staffing_files.CALENDAR.replace(
        "  - {target: section, subject: CIS-101 at Alpha High School, term: 2027-FA, state: IA}",
        "  - {target: section, subject: a new CIS-101 section, course: CIS-101, site: hs-a,"
        " term: 2027-FA, state: IA}\n"
        "  - {target: pathway, subject: the IT pathway, pathway: it, site: hs-a, term: 2028-SP}",
    )
    assert calendar != staffing_files.CALENDAR
    staffing_import(folder=staffing_files.write(tmp_path / "staffing", calendar_yaml=calendar))


def test_the_due_list_names_launches_and_reminders_in_words_in_spanish(
    client_for: Any, launches_by_id: None
) -> None:
    from careerpaths.web.catalog.selectors import region_snapshot

    region = region_snapshot()
    course, pathway = region.course("CIS-101"), region.pathways["it"]
    assert course is not None
    client = client_for("college_coordinator")
    html = _spanish(client, "/staffing/due/")
    assert f"{course.title} (CIS-101) en Alpha High School, otoño de 2027" in html
    html_designer = _spanish(client_for("district_designer"), "/staffing/due/")
    assert f"La trayectoria {pathway.name} en Alpha High School, primavera de 2028" in (
        html_designer
    )
    reminders = html[html.index("(NACEP)") :]
    assert "Ada Teacher (illustrative)" in reminders  # the instructor by name, not "ada"
    assert "S-CIS101" not in html  # the section in words, not its code
    for english in (" at Alpha High School", "fall 2027", "a new CIS-101 section", "NACEP F2 "):
        assert english not in html + html_designer, english
    assert not _core_english_left(html) and not _core_sentences_left(html)
    english = client.get("/staffing/due/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f"{course.title} (CIS-101) at Alpha High School, fall 2027" in english


def test_the_calendar_export_follows_the_readers_language(
    client_for: Any, launches_by_id: None
) -> None:
    from icalendar import Calendar

    client = client_for("college_coordinator")

    def events(lang: str) -> tuple[list[str], list[str]]:
        response = client.get("/staffing/due.ics", HTTP_ACCEPT_LANGUAGE=lang)
        assert response["Content-Type"].startswith("text/calendar")
        cal = Calendar.from_ical(response.content)
        found = list(cal.walk("VEVENT"))
        assert found
        return [str(e["SUMMARY"]) for e in found], [str(e["DESCRIPTION"]) for e in found]

    summaries, descriptions = events("es")
    text = " ".join(summaries + descriptions)
    assert "NACEP F2: Orientación del curso" in summaries
    assert "Quién: " in text and "Estado: " in text and "otoño de 2027" in text
    for english in ("Who: ", "Status: ", "Course orientation", " at Alpha High School"):
        assert english not in text, english
    assert not [s for s in summaries if _core_sentences_left(f"<p>{s}</p>")]
    summaries, descriptions = events("en")
    assert "NACEP F2: Course orientation" in summaries
    assert any("Who: College coordinator" in d for d in descriptions)


def test_the_costs_page_shows_the_catalogs_spanish_titles_and_the_demo_notes_in_spanish(
    client_for: Any, users: dict[str, Any]
) -> None:
    from careerpaths.demo.region import build_region
    from careerpaths.web.catalog.services import region_import

    region_import(region=build_region(students=0))  # the catalog the family map shows
    _designer_of_cedar_rapids(users)
    html = _spanish(client_for("district_designer"), "/partnerships/costs/?region=cedar-rapids")
    for spanish in (
        "Exploración de carreras en salud",  # the catalog's Spanish title of HSC-205
        "Terminología médica",
        "El tamaño de los grupos, el número de credenciales",  # the demo's note
    ):
        assert spanish in html, spanish
    for english in (
        "Exploration of Healthcare Careers",
        "Medical Terminology",
        "Cohort sizes, credential counts",
    ):
        assert english not in html, english
    assert not _core_english_left(html) and not _core_sentences_left(html)
