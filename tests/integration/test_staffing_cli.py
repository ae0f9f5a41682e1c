"""``careerpaths instructors check``, ``sections demand`` and ``timeline`` on the demo."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

from icalendar import Calendar
from typer.testing import CliRunner

from careerpaths.cli.main import app
from careerpaths.core.privacy import HIDDEN
from careerpaths.staffing.files import DEMO_STAFFING

runner = CliRunner()


def test_instructors_check_json_explains_each_verdict() -> None:
    r = runner.invoke(app, ["instructors", "check", "--course", "HSC-173", "--format", "json"])
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    lee = next(c for c in out["checks"] if c["instructor"] == "ins-lee")
    assert (lee["qualified"], lee["rule"], lee["missing"]) == (
        False, "rn-two-years", ["needs a current RN licence (RN expired 2026-05-31)"],
    )  # fmt: skip
    assert [f["code"] for f in out["findings"]] == ["licence-expired"]
    assert out["note"].startswith("Illustrative")


def test_instructors_check_csv_and_bad_input(tmp_path: Path) -> None:
    r = runner.invoke(app, ["instructors", "check", "--course", "MAT-156", "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert {x["instructor"]: x["qualified"] for x in rows}["ins-ortiz"] == "True"
    folder = tmp_path / "staffing"
    shutil.copytree(DEMO_STAFFING, folder)
    text = (folder / "instructors.yaml").read_text()
    (folder / "instructors.yaml").write_text(
        text.replace("- {level: master, discipline: mathematics}", "- {level: master}")
    )
    r = runner.invoke(app, ["instructors", "check", "--staffing", str(folder)])
    assert r.exit_code == 1
    assert "degree-without-discipline" in r.stdout
    r = runner.invoke(app, ["instructors", "check", "--instructor", "nobody"])
    assert r.exit_code == 2 and "no instructor 'nobody'" in r.stderr


def test_sections_demand_lists_the_nursing_shortage() -> None:
    r = runner.invoke(
        app, ["sections", "demand", "--subject", "HSC", "--shortages", "--format", "json"]
    )
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    short = {(s["term"], s["course"], s["school"]) for s in out["shortages"]}
    assert ("2028-SP", "HSC-173", "washington-hs") in short
    assert all(d["students"] == HIDDEN or int(d["students"]) >= 10 for d in out["demand"])


def test_timeline_lists_what_is_late_and_writes_a_calendar(tmp_path: Path) -> None:
    ics = tmp_path / "t.ics"
    r = runner.invoke(app, ["timeline", "--format", "json", "--ics", str(ics)])
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    late = {(m["id"], m["subject"]) for m in out["milestones"] if m["status"] == "late"}
    assert ("partnership-planning", "Nursing pathway at Metro High School, fall 2027") in late
    events = Calendar.from_ical(ics.read_bytes()).walk("VEVENT")
    assert len(events) == len(out["milestones"]) + len(out["reminders"])


def test_remedy_costs_name_their_funding_rules_and_sources() -> None:
    r = runner.invoke(
        app, ["sections", "demand", "--subject", "HSC", "--shortages", "--format", "json"]
    )
    out = json.loads(r.stdout)
    assert out["funding"]["rules"].startswith("Iowa Senior Year Plus")
    assert "cedar-rapids" in out["funding"]["from"]
    remedy = out["shortages"][0]["remedies"][0]
    assert remedy["cost_rules"] == out["funding"]["rules"]
    lines = {ln["rule"]: ln for ln in remedy["cost_lines"]}
    assert lines["IA-TUITION-DISTRICT"]["source"] == "http://kirkwoodonlinenews.org/?p=5034"
    # the delivery models differ: a high-school teacher gets a stipend, college faculty pay
    by_kind = {}
    for s in out["shortages"]:
        for rem in s["remedies"]:
            by_kind.setdefault(rem["delivery"], {ln["rule"] for ln in rem["cost_lines"]})
    assert "CR-ADJUNCT" in by_kind["college_faculty_at_hs"]
    assert "CR-BUS" in by_kind["career_center"]
    # demand counts the eligible; the undecided apart
    assert {"students", "undecided", "ineligible", "eligibility"} <= set(out["demand"][0])
    table = runner.invoke(app, ["sections", "demand", "--subject", "HSC", "--shortages"])
    assert "Remedies costed under Iowa Senior Year Plus" in table.stdout
    assert "IA-WEIGHTING-CTE: state_aid, state to district" in table.stdout


def test_the_tuition_default_and_the_csv_of_remedies() -> None:
    r = runner.invoke(app, ["sections", "demand", "--subject", "HSC", "--shortages",
                            "--funding", "tuition", "--format", "csv"])  # fmt: skip
    assert r.exit_code == 0, r.output
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert rows and all("published rate (no funding rules applied)" in x["remedy_cost_basis"]
                        for x in rows)  # fmt: skip
    r = runner.invoke(app, ["sections", "demand", "--subject", "HSC", "--shortages",
                            "--format", "csv"])  # fmt: skip
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert "IA-TUITION-DISTRICT district" in rows[0]["remedy_cost_rules"]
    assert "http://kirkwoodonlinenews.org/?p=5034" in rows[0]["remedy_cost_sources"]
    bad = runner.invoke(app, ["sections", "demand", "--funding", "atlantis"])
    assert bad.exit_code == 2 and "no such rules" in bad.stderr
