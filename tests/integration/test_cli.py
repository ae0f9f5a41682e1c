"""The command line, end to end through the CLI runner (and one real subprocess)."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from careerpaths.cli.main import app
from careerpaths.core.model import Placement
from careerpaths.io.workspace import schema, write_workspace
from tests.factories import t, with_placements
from tests.unit.io.test_workspace import region_with_students

runner = CliRunner()


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    write_workspace(region_with_students(), tmp_path / "ws")
    return tmp_path / "ws"


def test_validate_clean_workspace_exits_0(ws: Path) -> None:
    result = runner.invoke(app, ["validate", str(ws)])
    assert result.exit_code == 0, result.output
    assert "0 errors" in result.output


def test_validate_json_follows_its_schema_and_errors_exit_1(tmp_path: Path) -> None:
    region = region_with_students()
    bad = with_placements(region, Placement("CIS-102", t("G10-SP")), drop=("CIS-102",))
    write_workspace(replace(region, pathways={"it": bad}), tmp_path / "ws")
    result = runner.invoke(app, ["validate", str(tmp_path / "ws"), "--format", "json"])
    assert result.exit_code == 1
    data = json.loads(result.output)
    jsonschema.validate(data, schema("output-validate"))
    assert "prerequisite-order" in [f["code"] for f in data["findings"]]


def test_unloadable_workspace_exits_2_with_positions(ws: Path) -> None:
    (ws / "courses.csv").write_text("code,title\nA-1\n")
    result = runner.invoke(app, ["validate", str(ws), "--format", "json"])
    assert result.exit_code == 2
    data = json.loads(result.output)
    jsonschema.validate(data, schema("output-validate"))
    assert data["errors"][0]["file"] == "courses.csv"


def test_audit_one_student_and_all(ws: Path) -> None:
    result = runner.invoke(app, ["audit", str(ws), "--student", "SYN-000001", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    jsonschema.validate(data, schema("output-audit"))
    (s,) = data["students"]
    assert s["synthetic"] is True and s["college_credits"] == 3
    text = runner.invoke(app, ["audit", str(ws), "--student", "SYN-000001"]).output
    assert "SYNTHETIC" in text and "District diploma" in text
    summary = runner.invoke(app, ["audit", str(ws), "--all"])
    assert summary.exit_code == 0
    assert "│ *" in summary.output or " * " in summary.output  # one student: a small cell, hidden
    assert runner.invoke(app, ["audit", str(ws), "--student", "NOPE"]).exit_code == 2


def test_metrics_of_a_pathway_file(ws: Path) -> None:
    result = runner.invoke(app, ["metrics", str(ws / "pathways" / "it.yaml"), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    jsonschema.validate(data, schema("output-metrics"))
    by_id = {c["id"]: c for c in data["courses"]}
    #   CIS-101 -> CIS-102 -> CIS-120 -> CIS-130, CIS-101 -> CIS-120, CIS-121 -> CIS-120
    assert by_id["CIS-101"]["blocking"] == 3
    assert by_id["CIS-130"]["delay"] == 4


@pytest.mark.parametrize("fmt", ["table", "csv"])
def test_metrics_other_formats(ws: Path, fmt: str) -> None:
    result = runner.invoke(app, ["metrics", str(ws / "pathways" / "it.yaml"), "--format", fmt])
    assert result.exit_code == 0 and "CIS-101" in result.output


def test_schema_command_prints_json() -> None:
    result = runner.invoke(app, ["schema", "pathway"])
    assert json.loads(result.output)["title"].startswith("careerpaths pathway")


def test_wrong_command_is_one_readable_line() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "careerpaths.cli.main", "frobnicate"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines() == [
        "careerpaths: No such command 'frobnicate'. (see 'careerpaths --help')"
    ]
    proc = subprocess.run(
        [sys.executable, "-m", "careerpaths.cli.main", "metrics", "/nope.csv"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 2 and len(proc.stderr.strip().splitlines()) == 1


def test_core_contract_holds() -> None:
    """The import-linter contract: the core imports no Django, Ibis, OR-Tools, or adapters."""
    exe = Path(sys.executable).with_name("lint-imports")
    proc = subprocess.run(
        [str(exe)], capture_output=True, text=True, check=False, cwd=Path(__file__).parents[2]
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
