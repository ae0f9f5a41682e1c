"""Views over HTTP: the htmx editor, the conflict answer, the admin for users and roles."""

from __future__ import annotations

from typing import Any

from careerpaths.web.catalog.models import Pathway, PathwayRevision

HTMX = {"HTTP_HX_REQUEST": "true"}


def test_an_htmx_edit_returns_the_editor_with_findings_and_metrics(client_for: Any) -> None:
    client = client_for("district_designer")
    response = client.post(
        "/design/pathways/it/place/", {"version": 1, "course": "CIS-102", "term": "G10-FA"}, **HTMX
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.startswith('<div id="editor"')  # a fragment, not a page
    assert 'data-code="prerequisite-order"' in html and 'data-testid="metrics"' in html


def test_the_second_save_of_a_version_gets_409_and_nothing_is_overwritten(
    client_for: Any,
) -> None:
    first, second = client_for("district_designer"), client_for("site_admin")
    data = {"version": 1, "course": "ART-101", "term": "G11-SP"}
    assert first.post("/design/pathways/it/place/", data, **HTMX).status_code == 200
    response = second.post(
        "/design/pathways/it/place/", {**data, "course": "CIS-130", "term": "G9-FA"}, **HTMX
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "Someone else saved this pathway" in html and "nothing was overwritten" in html
    placed = {p.course: p.term.id for p in Pathway.objects.get(pk="it").to_domain().placements}
    assert placed["ART-101"] == "G11-SP" and placed["CIS-130"] == "G12-SP"
    assert PathwayRevision.objects.filter(pathway_id="it").count() == 2


def test_publishing_with_errors_answers_422_with_the_reason(client_for: Any) -> None:
    client = client_for("district_designer")
    client.post(
        "/design/pathways/it-draft/place/", {"version": 1, "course": "CIS-102", "term": "G10-FA"}
    )
    response = client.post(
        "/design/pathways/it-draft/status/", {"version": 2, "status": "published"}, **HTMX
    )
    assert response.status_code == 422
    assert "cannot be published" in response.content.decode()
    assert Pathway.objects.get(pk="it-draft").status == "draft"


def test_the_admin_manages_institutions_users_and_roles(
    client_for: Any, users: dict[str, Any]
) -> None:
    client = client_for("site_admin")
    for url in (
        "/admin/catalog/institution/",
        "/admin/catalog/institution/da/change/",
        "/admin/auth/user/",
        f"/admin/auth/user/{users['counselor'].pk}/change/",
        "/admin/students/studentaccess/",
    ):
        assert client.get(url).status_code == 200, url
    assert client.get("/admin/students/student/").status_code == 404  # records stay out


def test_the_history_page_lists_who_did_what(client_for: Any) -> None:
    client = client_for("district_designer")
    client.post("/design/pathways/it/place/", {"version": 1, "course": "CIS-102", "term": "G10-FA"})
    html = client.get("/design/pathways/it/history/").content.decode()
    assert "Placed CIS-102 in G10-FA" in html and "district_designer" in html


def test_the_details_form_saves_and_shows_field_errors(client_for: Any) -> None:
    client = client_for("district_designer")
    page = client.get("/design/pathways/it-draft/").content.decode()
    assert 'action="/design/pathways/it-draft/details/"' in page
    assert '<label for="details-name">' in page and 'id="onramp-0-requires"' in page
    version = Pathway.objects.get(pk="it-draft").version
    data = {
        "version": version,
        "name": "IT Support",
        "cluster": "Information Technology",
        "schools": ["hs-a"],
        "occupations": "15-1232, 15-1244",
        "summers": "on",
        "onramp-count": 2,
        "onramp-0-term": "G11-FA",
        "onramp-0-label": "Junior year",
        "onramp-0-requires": "MAT-156 and (",
        "onramp-1-term": "",
        "onramp-1-label": "",
        "onramp-1-requires": "",
    }
    response = client.post("/design/pathways/it-draft/details/", data, **HTMX)
    assert response.status_code == 422
    html = response.content.decode()
    assert 'aria-describedby="onramp-0-requires-error"' in html
    assert 'id="onramp-0-requires-error"' in html and "Requisite, column" in html
    assert 'value="MAT-156 and ("' in html  # what was typed is kept
    assert Pathway.objects.get(pk="it-draft").version == version

    data["onramp-0-requires"] = "MAT-156"
    response = client.post("/design/pathways/it-draft/details/", data)
    assert response.status_code == 302
    p = Pathway.objects.get(pk="it-draft").to_domain()
    assert p.occupations == ("15-1232", "15-1244") and p.summers
    assert [r.label for r in p.on_ramps] == ["Junior year"]

    stale = client.post("/design/pathways/it-draft/details/", {**data, "name": "Stale"}, **HTMX)
    assert stale.status_code == 409 and "Someone else saved this pathway" in stale.content.decode()
    assert Pathway.objects.get(pk="it-draft").name == "IT Support"


def test_the_credential_page_edits_stacks_into(client_for: Any) -> None:
    client = client_for("college_coordinator")
    assert 'id="stacks_into"' in client.get("/design/credentials/cert/").content.decode()
    data = {"name": "IT Cert", "total_credits": "", "requirements": "", "description": ""}
    response = client.post("/design/credentials/cert/", {**data, "stacks_into": "aas"})
    assert response.status_code == 302
    bad = client.post("/design/credentials/cert/", {**data, "stacks_into": "nowhere"})
    assert bad.status_code == 422 and "nowhere is not another credential" in bad.content.decode()


def test_the_access_log_names_the_student_for_admins(client_for: Any) -> None:
    from careerpaths.web.students.models import Student, StudentAccess

    counselor = client_for("counselor")
    student = Student.objects.filter(school__in=["hs-a", "hs-b"]).first() or Student.objects.first()
    assert student is not None
    counselor.get(f"/students/{student.public_id}/")
    assert StudentAccess.objects.filter(student=student).exists()
    html = client_for("site_admin").get("/admin/students/studentaccess/").content.decode()
    assert student.record_id in html and f"/students/{student.public_id}/" in html
    assert f"student {student.pk}<" not in html


def test_target_occupations_are_shown_and_picked_by_title(client_for: Any) -> None:
    """Issue 15: occupations picked by title from the labor data, not typed as codes."""
    client = client_for("district_designer")
    page = client.get("/design/pathways/it-draft/").content.decode()
    assert 'name="occupations" value="15-1232" checked' in page
    assert "Computer User Support Specialists" in page
    assert '<option value="29-1141">Registered Nurses</option>' in page
    version = Pathway.objects.get(pk="it-draft").version
    data = {
        "version": version,
        "name": "IT Support",
        "cluster": "Information Technology",
        "description": "",
        "schools": ["hs-a"],
        # the kept checkbox is left out (unchecked); one occupation picked in the search box
        "occupations": ["15-1244"],
        "onramp-count": 0,
    }
    assert client.post("/design/pathways/it-draft/details/", data).status_code == 302
    assert Pathway.objects.get(pk="it-draft").to_domain().occupations == ("15-1244",)
    page = client.get("/design/pathways/it-draft/").content.decode()
    assert "Network and Computer Systems Administrators" in page


def test_the_planner_suggests_a_term_and_saves_nothing(client_for: Any) -> None:
    """Issue 15: "suggest placement" from the planner: the term respects the requisites and
    the offerings, and nothing is saved until the designer places the course."""
    import re

    from careerpaths.core.terms import Term

    client = client_for("district_designer")
    version = Pathway.objects.get(pk="it-draft").version
    client.post("/design/pathways/it-draft/remove/", {"version": version, "course": "CIS-102"})
    version = Pathway.objects.get(pk="it-draft").version
    response = client.post(
        "/design/pathways/it-draft/place/",
        {"version": version, "course": "CIS-102", "term": "G9-FA", "suggest": "1"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="suggestion"' in html and "The planner suggests" in html
    place_term = html.split('id="place-term">', 1)[1].split("</select>", 1)[0]
    chosen = re.search(r'<option value="(G\d+-(?:FA|SP|SU))" selected>', place_term)
    assert chosen is not None
    term = Term.parse(chosen.group(1))
    # after CIS-101 (its prerequisite, in grade 11 fall), in a term CIS-102 is offered
    assert term > Term.parse("G11-FA")
    assert 'value="CIS-102"' in html  # the course box keeps the course
    assert Pathway.objects.get(pk="it-draft").version == version  # nothing saved
    nothing = client.post(
        "/design/pathways/it-draft/place/", {"version": version, "course": "", "suggest": "1"}
    )
    assert "Type or pick a course first" in nothing.content.decode()
