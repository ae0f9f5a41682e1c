"""A published pathway's edits are a draft until published (issue 15): families, audits and
exports see the published version; the designer publishes or discards the changes."""

from __future__ import annotations

from typing import Any

from django.test import Client

from careerpaths.web.catalog.models import Pathway, PathwayRevision
from careerpaths.web.catalog.selectors import region_snapshot


def _version() -> int:
    return Pathway.objects.get(pk="it").version


def test_edits_to_a_published_pathway_reach_families_only_when_published(
    client_for: Any,
) -> None:
    designer = client_for("district_designer")
    public = Client()
    assert "College CIS-102" in public.get("/pathways/it/").content.decode()
    response = designer.post(
        "/design/pathways/it/place/",
        {"version": _version(), "course": "ART-101", "term": "G11-SP"},
    )
    assert response.status_code == 302
    row = Pathway.objects.get(pk="it")
    assert row.has_unpublished_changes
    # the working copy has the course; what is in force does not
    assert any(p.course == "ART-101" for p in row.to_domain().placements)
    assert not any(p.course == "ART-101" for p in region_snapshot().pathways["it"].placements)
    assert "College ART-101" not in public.get("/pathways/it/").content.decode()
    editor = designer.get("/design/pathways/it/").content.decode()
    assert 'data-testid="unpublished-changes"' in editor and "Publish the changes" in editor

    response = designer.post(
        "/design/pathways/it/status/", {"version": _version(), "status": "published"}
    )
    assert response.status_code == 302
    assert not Pathway.objects.get(pk="it").has_unpublished_changes
    assert "College ART-101" in public.get("/pathways/it/").content.decode()
    assert PathwayRevision.objects.filter(pathway_id="it", action="published").exists()
    editor = designer.get("/design/pathways/it/").content.decode()
    assert 'data-testid="unpublished-changes"' not in editor


def test_discarding_returns_the_working_copy_to_what_families_see(client_for: Any) -> None:
    designer = client_for("district_designer")
    before = Pathway.objects.get(pk="it").to_domain()
    designer.post("/design/pathways/it/remove/", {"version": _version(), "course": "HSE-101"})
    assert Pathway.objects.get(pk="it").has_unpublished_changes
    response = designer.post("/design/pathways/it/discard/", {"version": _version()})
    assert response.status_code == 302
    row = Pathway.objects.get(pk="it")
    assert not row.has_unpublished_changes and row.to_domain() == before
    assert PathwayRevision.objects.filter(pathway_id="it", action="discarded").exists()
    # nothing to discard: no new version
    version = row.version
    designer.post("/design/pathways/it/discard/", {"version": version})
    assert Pathway.objects.get(pk="it").version == version


def test_returning_to_draft_takes_the_map_down_and_publishing_again_puts_it_back(
    client_for: Any,
) -> None:
    designer = client_for("district_designer")
    designer.post("/design/pathways/it/status/", {"version": _version(), "status": "draft"})
    row = Pathway.objects.get(pk="it")
    assert row.published is None
    assert Client().get("/pathways/it/").status_code == 404
    designer.post("/design/pathways/it/status/", {"version": _version(), "status": "published"})
    assert Client().get("/pathways/it/").status_code == 200
    assert Pathway.objects.get(pk="it").published == Pathway.objects.get(pk="it").working_data()


def test_the_history_says_what_changed_and_restores_an_earlier_version(
    client_for: Any,
) -> None:
    designer = client_for("district_designer")
    first = Pathway.objects.get(pk="it").to_domain()
    designer.post(
        "/design/pathways/it/place/", {"version": _version(), "course": "ART-101", "term": "G11-SP"}
    )
    designer.post(
        "/design/pathways/it/place/", {"version": _version(), "course": "CIS-101", "term": "G12-FA"}
    )
    page = designer.get("/design/pathways/it/history/").content.decode()
    assert "Placed College ART-101 in Grade 11 · Spring" in page
    assert "Moved College CIS-101 from Grade 11 · Fall to Grade 12 · Fall" in page
    assert "Restore version 1" in page
    response = designer.post("/design/pathways/it/restore/", {"version": _version(), "restore": 1})
    assert response.status_code == 302
    row = Pathway.objects.get(pk="it")
    assert row.to_domain() == first and row.version == 4
    assert PathwayRevision.objects.get(pathway_id="it", version=4).action == "restored"
    # a stale form restores nothing
    designer.post("/design/pathways/it/restore/", {"version": 2, "restore": 2})
    assert Pathway.objects.get(pk="it").version == 4


def test_an_old_version_is_shown_as_its_map_with_what_changed_since(client_for: Any) -> None:
    designer = client_for("district_designer")
    designer.post(
        "/design/pathways/it/place/", {"version": _version(), "course": "ART-101", "term": "G11-SP"}
    )
    history = designer.get("/design/pathways/it/history/").content.decode()
    assert 'href="/design/pathways/it/history/1/"' in history
    page = designer.get("/design/pathways/it/history/1/").content.decode()
    assert 'data-testid="old-version"' in page
    assert 'data-course="CIS-101"' in page and 'data-course="ART-101"' not in page
    assert "Placed College ART-101 in Grade 11 · Spring" in page
    assert "Restore version 1" in page
    assert designer.get("/design/pathways/it/history/99/").status_code == 404
