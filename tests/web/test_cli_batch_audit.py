"""``careerpaths audit --all`` over the app's database: a stored run and its summary."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from careerpaths.cli.main import app, run
from careerpaths.io.workspace import write_workspace
from careerpaths.web.audits.models import AuditRun, StudentResult
from tests.web.regions import web_region

runner = CliRunner()
pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded(tmp_path: Path) -> Path:
    write_workspace(web_region(), tmp_path / "ws")
    result = runner.invoke(app, ["import", "workspace", str(tmp_path / "ws")])
    assert result.exit_code == 0, result.output
    return tmp_path / "ws"


def test_audit_all_without_a_workspace_stores_a_run_and_prints_its_summary(loaded: Path) -> None:
    result = runner.invoke(app, ["audit", "--all", "--as-of", "2026-10-01"])
    assert result.exit_code == 0, result.output
    stored = AuditRun.objects.get()
    assert StudentResult.objects.filter(run=stored).count() == 5
    out = result.output
    assert f"Batch audit of 2026-10-01 stored as run {stored.pk}" in out
    assert "Students audited: *; on track: *; off track: *." in out
    assert "Alpha High School" in out and "Beta High School" in out
    assert "ART-101 College ART-101" in out  # the random act's course, its count hidden
    assert "SYN-" not in out  # no student


def test_audit_all_json_and_changes_since_the_previous_run(loaded: Path) -> None:
    assert runner.invoke(app, ["audit", "--all"]).exit_code == 0
    result = runner.invoke(app, ["audit", "--all", "--format", "json", "--as-of", "2026-11-02"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["run"]["as_of"] == "2026-11-02"
    assert data["run"]["started_by"] == "command line"
    assert data["totals"]["students"] is None
    assert [s["kind"] for s in data["schools"]] == [
        "school", "district", "school", "district", "region",
    ]  # fmt: skip
    assert data["courses"][0]["key"] == "ART101" and data["courses"][0]["students"] is None
    assert data["changes"]["previous_run"] == AuditRun.objects.order_by("pk").first().pk
    assert AuditRun.objects.count() == 2


def test_audit_with_a_workspace_keeps_storing_nothing(loaded: Path) -> None:
    result = runner.invoke(app, ["audit", str(loaded), "--all"])
    assert result.exit_code == 0, result.output
    assert not AuditRun.objects.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["audit"], "give either --student ID or --all"),
        (["audit", "--student", "SYN-A1"], "--student needs a workspace"),
        (["audit", "--all", "--as-of", "yesterday"], "Invalid value for '--as-of'"),
    ],
)
def test_wrong_usage_is_one_readable_line_and_exit_2(
    args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exc:
        run(args)
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1
    assert not AuditRun.objects.exists()


def test_as_of_with_a_workspace_is_refused(loaded: Path) -> None:
    result = runner.invoke(app, ["audit", str(loaded), "--all", "--as-of", "2026-10-01"])
    assert result.exit_code == 2 and "--as-of applies to runs over the database" in result.output


def test_audit_all_on_an_empty_database_says_what_to_do() -> None:
    result = runner.invoke(app, ["audit", "--all"])
    assert result.exit_code == 2
    assert "careerpaths import workspace DIR" in result.output
    assert not AuditRun.objects.exists()
