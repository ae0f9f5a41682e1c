"""Designer fixes from issue #15: a same-term move is no change, exit kinds in words, summer
terms only when the grid has them."""

from __future__ import annotations

from typing import Any

from django.test import Client

from careerpaths.web.accounts.selectors import user_scope
from careerpaths.web.catalog.models import Pathway, PathwayRevision
from careerpaths.web.catalog.services import pathway_place_course
from tests.web.auth import verified_login


def test_a_move_to_the_same_term_makes_no_version_and_no_conflict(users: dict[str, Any]) -> None:
    designer = users["district_designer"]
    scope = user_scope(user=designer)
    row = Pathway.objects.get(pk="it")
    version, revisions = row.version, PathwayRevision.objects.filter(pathway_id="it").count()
    where = {pl.course: pl.term.id for pl in row.to_domain().placements}["CIS-102"]
    pathway_place_course(
        scope=scope,
        actor=designer,
        pathway_id="it",
        version=version,
        course="CIS-102",
        term=where,
    )
    assert Pathway.objects.get(pk="it").version == version
    assert PathwayRevision.objects.filter(pathway_id="it").count() == revisions
    # a colleague's edit of the same version still goes through
    pathway_place_course(
        scope=scope,
        actor=designer,
        pathway_id="it",
        version=version,
        course="ART-101",
        term="G11-SP",
    )
    assert Pathway.objects.get(pk="it").version == version + 1


def test_exit_kinds_read_as_words_and_no_summer_is_offered(users: dict[str, Any]) -> None:
    c = Client()
    verified_login(c, users["district_designer"])
    html = c.get("/design/pathways/it/").content.decode()
    assert "off_ramp" not in html.replace('value="off_ramp"', "")
    assert "Off-ramp: a credential to leave with and work" in html
    assert 'value="G10-SU"' not in html  # the pathway's grid has no summers


def test_fill_the_grid_gives_a_clean_pathway_in_one_new_version(users: dict[str, Any]) -> None:
    import dataclasses

    from careerpaths.core.findings import Severity
    from careerpaths.core.validation import validate_pathway
    from careerpaths.web.catalog.selectors import region_snapshot

    c = Client()
    verified_login(c, users["district_designer"])
    row = Pathway.objects.get(pk="it")
    row.update_from_domain(dataclasses.replace(row.to_domain(), placements=()))  # an empty grid
    row.save()
    html = c.get("/design/pathways/it/").content.decode()
    assert "Fill the grid" in html
    response = c.post("/design/pathways/it/fill/", {"version": row.version}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200, response.content.decode()[:500]
    after = Pathway.objects.get(pk="it")
    assert after.version == row.version + 1
    assert len(after.to_domain().placements) >= 9
    region = region_snapshot()
    findings = validate_pathway(
        after.to_domain(),
        region.courses,
        region.credentials,
        region.settings,
        region.institutions,
    )
    assert [f.code for f in findings if f.severity is Severity.ERROR] == []
