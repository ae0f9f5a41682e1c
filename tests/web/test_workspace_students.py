"""Students across workspace imports and exports: nothing is hard-deleted (issue #5).

A workspace describes the current roster. Importing one makes the students it no longer
lists inactive — their rows, public ids, access log and batch-audit results stay — and
makes a student it lists again active; exporting writes the active students only (the
workspace format has no way to mark a student inactive).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from careerpaths.cli.main import app
from careerpaths.core.model import Institution as InstitutionModel
from careerpaths.core.model import InstitutionKind, Region
from careerpaths.io.workspace import load_workspace, write_workspace
from careerpaths.web.audits.models import StudentResult
from careerpaths.web.audits.services import batch_audit_run
from careerpaths.web.catalog.models import Institution
from careerpaths.web.catalog.services import region_import, workspace_export, workspace_import
from careerpaths.web.students.models import Student, StudentAccess
from tests.web.regions import web_region

runner = CliRunner()
pytestmark = pytest.mark.django_db
ALL = ("SYN-A1", "SYN-A2", "SYN-A3", "SYN-B1", "SYN-B2")


def without(region: Region, *record_ids: str) -> Region:
    students = {k: v for k, v in region.students.items() if k not in record_ids}
    return dataclasses.replace(region, students=students)


def active() -> set[str]:
    return set(Student.objects.filter(active=True).values_list("record_id", flat=True))


def public_ids() -> dict[str, Any]:
    return dict(Student.objects.values_list("record_id", "public_id"))


@pytest.fixture
def logged(tmp_path: Path) -> dict[str, Any]:
    """The test region imported from a workspace, SYN-A2 viewed once and batch-audited."""
    write_workspace(web_region(), tmp_path / "full")
    workspace_import(root=tmp_path / "full")
    counselor = get_user_model().objects.create_user(username="counselor")
    a2 = Student.objects.get(record_id="SYN-A2")
    StudentAccess.objects.create(actor=counselor, student=a2, what="audit")
    batch_audit_run(actor=None)
    return {"a2": a2, "ids": public_ids(), "root": tmp_path}


def test_a_student_left_out_of_the_workspace_is_made_inactive_not_deleted(
    logged: dict[str, Any],
) -> None:
    root = logged["root"]
    write_workspace(without(web_region(), "SYN-A2"), root / "smaller")
    summary = workspace_import(root=root / "smaller")
    assert (summary.students, summary.deactivated, summary.reactivated) == (4, 1, 0)
    assert public_ids() == logged["ids"]  # every row kept, with its public id
    assert active() == set(ALL) - {"SYN-A2"}
    a2 = Student.objects.get(record_id="SYN-A2")
    assert StudentAccess.objects.get(what="audit").student_id == a2.pk
    assert StudentResult.objects.filter(student=a2).count() == 1


def test_a_student_listed_again_is_active_again_with_the_workspaces_data(
    logged: dict[str, Any],
) -> None:
    root = logged["root"]
    write_workspace(without(web_region(), "SYN-A2"), root / "smaller")
    workspace_import(root=root / "smaller")
    back = web_region()
    moved = dataclasses.replace(back.students["SYN-A2"], grade_level=11, cohort=2027)
    back = dataclasses.replace(back, students={**back.students, "SYN-A2": moved})
    write_workspace(back, root / "back")
    summary = workspace_import(root=root / "back")
    assert (summary.deactivated, summary.reactivated) == (0, 1)
    a2 = Student.objects.get(record_id="SYN-A2")
    assert a2.active and a2.public_id == logged["a2"].public_id and a2.grade_level == 11
    assert a2.summary_revision > 0 and StudentAccess.objects.get().student_id == a2.pk
    assert active() == set(ALL)


def test_the_export_leaves_inactive_students_out(logged: dict[str, Any]) -> None:
    root = logged["root"]
    Student.objects.filter(record_id="SYN-B2").update(active=False)  # as a roster import does
    exported = workspace_export(root=root / "out")
    assert set(exported.students) == set(ALL) - {"SYN-B2"}
    assert "SYN-B2" not in (root / "out" / "students" / "students.csv").read_text()
    assert "SYN-B2" not in (root / "out" / "students" / "attempts.csv").read_text()
    assert load_workspace(root / "out") == without(load_workspace(root / "full"), "SYN-B2")
    # and back in: the student stays inactive, the others as they were
    summary = workspace_import(root=root / "out")
    assert (summary.deactivated, summary.reactivated) == (0, 0)
    assert active() == set(ALL) - {"SYN-B2"} and public_ids() == logged["ids"]


def test_a_school_gone_from_the_workspace_stays_while_inactive_students_name_it(
    logged: dict[str, Any],
) -> None:
    region = web_region()
    hs_b = ("SYN-B1", "SYN-B2")
    institutions = {k: v for k, v in region.institutions.items() if k != "hs-b"}
    pathways = {k: v for k, v in region.pathways.items() if k != "nurse"}  # offered at hs-b
    smaller = dataclasses.replace(
        without(region, *hs_b), institutions=institutions, pathways=pathways
    )
    summary = region_import(region=smaller)
    assert summary.deactivated == 2 and active() == {"SYN-A1", "SYN-A2", "SYN-A3"}
    # the records of hs-b's students stay whole: their school, and its district
    assert Institution.objects.filter(pk__in=["hs-b", "db"]).count() == 2
    # an institution no student names is removed as before
    employer = InstitutionModel("acme", "Acme Health", InstitutionKind.EMPLOYER)
    region_import(
        region=dataclasses.replace(smaller, institutions={**institutions, "acme": employer})
    )
    assert Institution.objects.filter(pk="acme").exists()
    region_import(region=smaller)
    assert not Institution.objects.filter(pk="acme").exists()
    assert Institution.objects.filter(pk__in=["hs-b", "db"]).count() == 2


def test_the_cli_says_who_was_made_inactive_and_exports_the_active(
    logged: dict[str, Any],
) -> None:
    root = logged["root"]
    write_workspace(without(web_region(), "SYN-A3", "SYN-B1"), root / "smaller")
    result = runner.invoke(app, ["import", str(root / "smaller")])
    assert result.exit_code == 0, result.output
    assert "3 students (2 no longer listed, made inactive)." in result.output
    assert Student.objects.count() == 5
    result = runner.invoke(app, ["export", str(root / "out")])
    assert result.exit_code == 0, result.output
    assert "3 active students" in result.output
    assert set(load_workspace(root / "out").students) == {"SYN-A1", "SYN-A2", "SYN-B2"}
    result = runner.invoke(app, ["import", str(root / "full")])
    assert "5 students (2 listed again, made active)." in result.output


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sets(st.sampled_from(ALL)), min_size=1, max_size=4))
def test_after_any_sequence_of_imports_the_last_one_is_the_active_roster(
    rosters: list[set[str]],
) -> None:
    """Reference: the active students are the last import's; every student ever imported
    still has its row, with the public id it was first given."""
    region = web_region()
    Student.objects.all().delete()  # each example starts from an empty roster
    seen: dict[str, Any] = {}
    for roster in rosters:
        region_import(region=without(region, *(set(ALL) - roster)))
        ids = public_ids()
        assert set(ids) == set(seen) | roster
        assert all(ids[k] == v for k, v in seen.items())
        assert active() == roster
        seen = ids
