"""Import and export: a workspace round trip through the database loses nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from careerpaths.io.errors import WorkspaceError
from careerpaths.io.workspace import load_workspace, write_workspace
from careerpaths.web.catalog.models import Course, Pathway, PathwayRevision
from careerpaths.web.catalog.services import workspace_export, workspace_import
from careerpaths.web.students.models import Student
from tests.web.regions import web_region

pytestmark = pytest.mark.django_db


def test_round_trip_loses_nothing(tmp_path: Path) -> None:
    region = web_region()
    write_workspace(region, tmp_path / "in")
    original = load_workspace(tmp_path / "in")
    summary = workspace_import(root=tmp_path / "in")
    assert (summary.pathways, summary.students) == (3, 5)
    exported = workspace_export(root=tmp_path / "out")
    assert exported == original
    assert load_workspace(tmp_path / "out") == original
    written = sorted(p.relative_to(tmp_path / "in") for p in (tmp_path / "in").rglob("*.*"))
    assert written == sorted(
        p.relative_to(tmp_path / "out") for p in (tmp_path / "out").rglob("*.*")
    )
    for rel in written:  # byte for byte
        assert (tmp_path / "out" / rel).read_bytes() == (tmp_path / "in" / rel).read_bytes(), rel


def test_reimport_is_idempotent_and_keeps_history(tmp_path: Path) -> None:
    write_workspace(web_region(), tmp_path / "in")
    workspace_import(root=tmp_path / "in")
    first_ids = dict(Student.objects.values_list("record_id", "public_id"))
    workspace_import(root=tmp_path / "in")
    assert dict(Student.objects.values_list("record_id", "public_id")) == first_ids
    assert PathwayRevision.objects.filter(pathway_id="it").count() == 1
    assert Pathway.objects.get(pk="it").version == 1


def test_a_broken_workspace_changes_nothing(tmp_path: Path, region: Any) -> None:
    write_workspace(web_region(), tmp_path / "bad")
    courses = tmp_path / "bad" / "courses.csv"
    courses.write_text(courses.read_text().replace("CIS-101", "CIS-1O1", 1))
    before = Course.objects.count()
    with pytest.raises(WorkspaceError) as exc:
        workspace_import(root=tmp_path / "bad")
    assert all(e.file for e in exc.value.errors)
    assert Course.objects.count() == before


def test_summaries_are_computed_on_import(region: Any) -> None:
    a1 = Student.objects.get(record_id="SYN-A1")
    assert a1.summary_college_credits == 6.0
    assert "random-act" in a1.summary_flags  # ART-101 counts toward nothing in the region
