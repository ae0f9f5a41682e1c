"""The history's changes between two versions of a pathway (issue 15)."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from careerpaths.core.model import Placement
from careerpaths.core.pathway_diff import PathwayChange, pathway_changes
from tests.factories import mini_region, t


def test_the_same_pathway_has_no_change() -> None:
    p = mini_region().pathways["it"]
    assert pathway_changes(p, p) == []


def test_placed_removed_moved_and_details() -> None:
    p = mini_region().pathways["it"]
    moved = (
        *(
            replace(pl, term=t("G12-SP")) if pl.course == "CIS-120" else pl
            for pl in p.placements
            if pl.course != "HSE-101"
        ),
        Placement("ART-101", t("G11-SP")),
    )
    q = replace(p, placements=moved, name="IT")
    assert pathway_changes(p, q) == [
        PathwayChange("placed", "ART-101", after="G11-SP"),
        PathwayChange("moved", "CIS-120", "G12-FA", "G12-SP"),
        PathwayChange("removed", "HSE-101", before="G9-FA"),
        PathwayChange("detail", "name"),
    ]


@given(st.sets(st.integers(min_value=0, max_value=8)))
def test_removing_courses_lists_each_removed_course_once(dropped: set[int]) -> None:
    p = mini_region().pathways["it"]
    kept = tuple(pl for i, pl in enumerate(p.placements) if i not in dropped)
    changes = pathway_changes(p, replace(p, placements=kept))
    removed = sorted(p.placements[i].course for i in dropped if i < len(p.placements))
    assert sorted(c.subject for c in changes if c.kind == "removed") == removed
    assert all(c.kind == "removed" for c in changes)
