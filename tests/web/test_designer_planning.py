"""Designer fixes from issue #15: a same-term move is no change, exit kinds in words, summer
terms only when the grid has them."""

from __future__ import annotations

from typing import Any

from django.test import Client

from careerpaths.web.accounts.selectors import user_scope
from careerpaths.web.catalog.models import Pathway, PathwayRevision
from careerpaths.web.catalog.services import pathway_place_course


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
    c.force_login(users["district_designer"])
    html = c.get("/design/pathways/it/").content.decode()
    assert "off_ramp" not in html.replace('value="off_ramp"', "")
    assert "Off-ramp: a credential to leave with and work" in html
    assert 'value="G10-SU"' not in html  # the pathway's grid has no summers
