"""``careerpaths costs`` / ``budget`` / ``partnerships`` through the CLI runner."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

from openpyxl import load_workbook
from typer.testing import CliRunner

from careerpaths.cli.main import app
from careerpaths.io.funding import PARTNERSHIPS_DIR

runner = CliRunner()


def test_costs_compare_json_has_every_delivery_model_and_its_rules() -> None:
    result = runner.invoke(
        app,
        [
            "costs",
            "compare",
            "cedar-rapids",
            "--pathway",
            "health-nursing",
            "--lines",
            "-f",
            "json",
        ],
    )
    assert result.exit_code == 0, result.output
    tables = json.loads(result.stdout)
    models = [row["delivery_code"] for row in tables[0]["rows"]]
    assert models == [
        "hs_teacher",
        "college_faculty_at_hs",
        "college_campus",
        "career_center",
        "online",
    ]
    assert all(row["paid_by_family"] == 0.0 for row in tables[0]["rows"])
    lines = tables[2]["rows"]
    assert {line["rule"] for line in lines} >= {"IA-TUITION-DISTRICT", "IA-WEIGHTING-CTE"}
    assert all(line["source"].startswith("http") or line["illustrative"] for line in lines)


def test_costs_compare_csv_and_xlsx_hold_the_same_rows(tmp_path: Path) -> None:
    args = [
        "costs",
        "compare",
        "indianapolis",
        "--pathway",
        "health-cna",
        "--delivery",
        "career_center",
    ]
    result = runner.invoke(app, [*args, "-f", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout.split("\n\n")[0])))
    assert [r["delivery_code"] for r in rows] == ["career_center"]
    out = tmp_path / "costs.xlsx"
    result = runner.invoke(app, [*args, "-f", "xlsx", "-o", str(out)])
    assert result.exit_code == 0, result.output
    ws = load_workbook(out).worksheets[0]
    header = [c.value for c in ws[2]]
    values = dict(zip(header, [c.value for c in ws[3]], strict=True))
    assert values["total"] == float(rows[0]["total"])


def test_xlsx_without_output_is_one_readable_line_and_exit_2() -> None:
    result = runner.invoke(app, ["costs", "compare", "cedar-rapids", "-f", "xlsx"])
    assert result.exit_code == 2
    assert result.output.strip() == "error: --format xlsx needs --output FILE.xlsx"


def test_budget_check_exits_1_on_a_line_that_is_not_allowable() -> None:
    result = runner.invoke(app, ["budget", "check", "cedar-rapids", "-f", "json"])
    assert result.exit_code == 1
    assert "budget.yaml:14:5: error: L5: tuition and fees" in result.stderr
    rows = json.loads(result.stdout)[0]["rows"]
    assert {r["line"]: r["status"] for r in rows}["L4"] == "allowable"


def test_budget_check_is_clean_for_indianapolis() -> None:
    result = runner.invoke(app, ["budget", "check", "indianapolis", "-f", "csv"])
    assert result.exit_code == 0, result.output


def test_partnerships_check_finds_bad_dates_with_file_and_line(tmp_path: Path) -> None:
    folder = tmp_path / "cr"
    shutil.copytree(PARTNERSHIPS_DIR / "cedar-rapids", folder)
    agreements = folder / "agreements.yaml"
    agreements.write_text(agreements.read_text().replace("ends: 2027-06-30", "ends: 2023-06-30"))
    result = runner.invoke(app, ["partnerships", "check", str(folder), "--today", "2026-12-06"])
    assert result.exit_code == 1
    assert "cr/agreements.yaml:3:5: error: crcsd-kirkwood-2024: ends on 2023-06-30" in result.stderr


def test_unusable_region_exits_2_with_positions(tmp_path: Path) -> None:
    folder = tmp_path / "cr"
    shutil.copytree(PARTNERSHIPS_DIR / "cedar-rapids", folder)
    (folder / "equipment.yaml").write_text(
        "equipment:\n  - {id: x, name: X, cost: lots, useful_life_years: 5}\n"
    )
    result = runner.invoke(app, ["costs", "compare", str(folder), "--pathway", "health-nursing"])
    assert result.exit_code == 2
    assert result.stderr.strip() == "cr/equipment.yaml:2:28: 'cost' must be a number, not 'lots'"


def test_projection_and_rules_commands() -> None:
    result = runner.invoke(
        app, ["costs", "projection", "cedar-rapids", "--delivery", "college_campus", "-f", "json"]
    )
    assert result.exit_code == 0, result.output
    proj, redundancy, equipment = json.loads(result.stdout)
    assert len(proj["rows"]) == 5
    assert redundancy["rows"] == [] and redundancy["notes"][0].startswith("No high-school")
    assert any(n.startswith("Per credential expected") for n in proj["notes"])
    assert sum(r["partner_share_per_year"] for r in equipment["rows"]) == 6000.0
    result = runner.invoke(app, ["costs", "rules", "ohio-ccp", "-f", "json"])
    params = {r["parameter"]: r["value"] for r in json.loads(result.stdout)[0]["rows"]}
    assert params["default_ceiling_per_credit"] == 166.5533


def test_projection_costs_the_high_school_courses_the_validator_finds_repeated(
    tmp_path: Path,
) -> None:
    # the demo catalog with Principles of Health Science (grade 9) marked as the same
    # content as Exploration of Healthcare Careers (HSC-205, dual credit in grade 11)
    from careerpaths.demo.region import demo_workspace_path

    ws = tmp_path / "ws"
    shutil.copytree(demo_workspace_path(), ws)
    with (ws / "courses.csv").open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    for row in rows:
        if row["code"] == "CRCTE-150":
            row["equivalents"] = "HSC-205"
    with (ws / "courses.csv").open("w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    args = ["costs", "projection", "cedar-rapids", "--delivery", "hs_teacher", "-f", "json"]
    base = json.loads(runner.invoke(app, args).stdout)[0]
    result = runner.invoke(app, [*args, "--workspace", str(ws)])
    assert result.exit_code == 0, result.output
    proj, redundancy, _equipment = json.loads(result.stdout)
    (row,) = redundancy["rows"]
    assert (row["course"], row["repeats"], row["avoidable_per_year"]) == (
        "CRCTE-150",
        "HSC-205",
        6000.0,
    )
    assert row["rule"] == "hs_section_cost" and row["illustrative"] is True
    assert [r["total"] - b["total"] for r, b in zip(proj["rows"], base["rows"], strict=True)] == [
        6000.0
    ] * 5
    bad = runner.invoke(app, [*args, "--workspace", str(tmp_path / "missing")])
    assert bad.exit_code == 2
