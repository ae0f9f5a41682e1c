"""``careerpaths plan``: a student's plan and a pathway's grid from a workspace."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

from careerpaths.cli.main import app
from careerpaths.io.workspace import write_workspace
from tests.factories import t
from tests.unit.io.test_workspace import region_with_students

runner = CliRunner()


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    write_workspace(region_with_students(), tmp_path / "ws")
    return tmp_path / "ws"


def test_a_student_plan_as_json_and_text(ws: Path) -> None:
    out = runner.invoke(app, ["plan", str(ws), "--student", "SYN-000001", "-f", "json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert data["status"] == "optimal"
    terms = [p["term"] for p in data["plan"]["placements"]]
    assert terms == sorted(terms, key=t)
    text = runner.invoke(app, ["plan", str(ws), "--student", "SYN-000001"]).output
    assert "Plan for student SYN-000001" in text and "proven best" in text


def test_a_pathway_grid_is_filled_and_bad_input_is_one_line(ws: Path) -> None:
    out = runner.invoke(app, ["plan", str(ws), "--pathway", "it", "-f", "json"])
    assert out.exit_code == 0, out.output
    assert json.loads(out.output)["plan"]["placements"]
    assert runner.invoke(app, ["plan", str(ws), "--student", "NOPE"]).exit_code == 2
    assert runner.invoke(app, ["plan", str(ws)]).exit_code == 2


def test_no_plan_exits_1_with_the_conflict(tmp_path: Path) -> None:
    region = region_with_students()
    p = region.pathways["it"]
    early = replace(p, exits=(replace(p.exits[0], term=t("G10-SP")), *p.exits[1:]))
    write_workspace(replace(region, pathways={"it": early}), tmp_path / "ws")
    out = runner.invoke(app, ["plan", str(tmp_path / "ws"), "--pathway", "it"])
    assert out.exit_code == 1
    assert "plan-infeasible" in out.output and "must be earned by Grade 10 Spring" in out.output
