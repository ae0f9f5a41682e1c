"""``careerpaths labor``: formats, sources with every figure, exit codes, imports."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from typer.testing import CliRunner

from careerpaths.cli import labor_cmd
from careerpaths.cli.labor_cmd import labor_app
from careerpaths.core.model import Region

DATA = Path(__file__).resolve().parent.parent / "data" / "labor"
runner = CliRunner()


@pytest.fixture
def use_region(region: Region, monkeypatch: pytest.MonkeyPatch) -> Region:
    monkeypatch.setattr(labor_cmd, "_region", lambda workspace, fmt: region)
    return region


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(labor_app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_areas(home: Path) -> None:
    code, out, _ = run("areas", "--search", "Cedar Rapids", "--format", "json")
    assert code == 0
    doc = json.loads(out)
    assert [a["code"] for a in doc["areas"]] == ["0016300"]
    assert doc["sources"][0]["citation"] == "BLS OEWS, May 2025"
    code, out, _ = run("areas", "--search", "IA", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows[0]["name"] == "Iowa" and all(r["source"] == "BLS OEWS, May 2025" for r in rows)
    # the state, 8 metro areas whose primary state is Iowa, Omaha, NE-IA,
    # and 4 nonmetro areas
    assert len(rows) == 14
    assert "Omaha, NE-IA" in [r["name"] for r in rows]


def test_occupation(home: Path) -> None:
    code, out, _ = run("occupation", "29-1141", "--area", "Cedar Rapids, IA", "--format", "json")
    assert code == 0
    doc = json.loads(out)
    national, area = doc["figures"]
    assert national["median_wage"] == 97_550 and area["median_wage"] == 78_370
    assert area["area"]["code"] == "0016300" and area["wage_source"] == "oews-2025-05"
    assert doc["onet"]["title"] == "Registered Nurses"
    assert "CC BY 4.0" in doc["attribution"]
    assert {s["kind"] for s in doc["sources"]} >= {"oews", "projections", "onet"}
    code, out, _ = run("occupation", "29-1141", "--area", "16300")
    assert code == 0
    assert "O*NET® is a trademark of USDOL/ETA" in out and "Source: BLS OEWS, May 2025" in out
    code, out, _ = run("occupation", "13-1021", "--format", "csv")
    row = next(csv.DictReader(io.StringIO(out)))
    assert row["published_code"] == "13-1020" and row["join"] == "rolled_up"
    assert row["wage_source"] == "BLS OEWS, May 2025"


def test_unknown_area_is_one_readable_line(home: Path, use_region: Region) -> None:
    for cmd in ("credentials", "exits", "gap", "flags"):
        code, out, err = run(cmd, "--area", "Atlantis, XX")
        assert code == 2 and out == ""
        assert err.count("\n") == 1 and "no area 'Atlantis, XX'" in err
    code, _, err = run("occupation", "29-1141", "--area", "Springfield")
    assert code == 2 and "ambiguous" in err
    code, _, err = run("occupation", "29-114")
    assert code == 2 and "not a SOC code" in err


def test_credentials_formats_and_chart(home: Path, use_region: Region, tmp_path: Path) -> None:
    chart = tmp_path / "chart.svg"
    code, out, _ = run("credentials", "--area", "Cedar Rapids, IA", "--chart", str(chart))
    assert code == 0
    assert "Source: BLS OEWS, May 2025" in out and "Electrician" in out
    assert "High-wage: median ≥ $49,360" in out
    ET.fromstring(chart.read_text())
    code, out, _ = run("credentials", "--area", "0016300", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows[0]["rank"] == "1" and rows[0]["wage_source"] == "BLS OEWS, May 2025"
    assert rows[0]["projection_source"] == "BLS Employment Projections, 2024–34"
    code, out, _ = run("credentials", "--area", "0016300", "--format", "json", "--all")
    doc = json.loads(out)
    assert doc["rows"] and "not_leading_to_high_demand_high_wage" in doc
    assert doc["baseline"]["wage_threshold"] == 49_360
    assert {s["key"] for s in doc["sources"]} >= {"oews-2025-05", "projections-2024-2034"}


def test_family_wage_option(home: Path, use_region: Region) -> None:
    code, out, _ = run(
        "credentials", "--area", "0016300", "--format", "json", "--family-wage", "55000"
    )
    doc = json.loads(out)
    assert code == 0 and doc["baseline"]["wage_threshold"] == 55_000
    assert "family-supporting" in doc["baseline"]["wage_basis"]


def test_exits(home: Path, use_region: Region) -> None:
    code, out, _ = run("exits", "--area", "0016300", "--pathway", "health", "--format", "json")
    assert code == 0
    doc = json.loads(out)
    (p,) = doc["pathways"]
    assert [e["credential"] for e in p["exits"]] == ["cna", "pn", "adn"]
    rn = p["exits"][2]["occupations"][0]
    assert rn["median_wage"] == 78_370 and rn["wage_source"] == "oews-2025-05"
    assert p["on_ramps"][0]["best_median_wage"] == 78_370
    code, out, _ = run("exits", "--area", "0016300", "--format", "table")
    assert code == 0 and "On-ramp G9-FA" in out and "Source: BLS" in out
    code, out, _ = run("exits", "--area", "0016300", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {r["pathway"] for r in rows} == {"health", "welding", "aides"}
    assert all(r["wage_source"] for r in rows if r["median_wage"])
    code, _, err = run("exits", "--area", "0016300", "--pathway", "nope")
    assert code == 2 and "no pathway 'nope'" in err


def test_gap(home: Path, use_region: Region) -> None:
    code, out, _ = run("gap", "--area", "Cedar Rapids, IA", "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert "53-3032" in [r["soc"] for r in rows]
    assert all(r["wage_source"] == "BLS OEWS, May 2025" for r in rows)
    code, _, err = run("gap", "--area", "0016300", "--max-education", "PhD")
    assert code == 2 and "--max-education" in err


def test_flags_exit_codes(home: Path, use_region: Region) -> None:
    code, out, _ = run("flags", "--area", "0016300")
    assert code == 1  # the 'aides' pathway has no qualifying target
    assert "labor.pathway-no-qualifying-target" in out
    code, out, _ = run("flags", "--area", "0016300", "--pathway", "welding", "--format", "json")
    assert code == 0
    doc = json.loads(out)
    assert doc["counts"]["error"] == 0 and doc["sources"]


def test_workspace_labor_yaml(home: Path, use_region: Region, tmp_path: Path) -> None:
    (tmp_path / "labor.yaml").write_text((DATA / "labor.yaml.sample").read_text())
    code, out, _ = run("credentials", "--workspace", str(tmp_path), "--format", "json")
    assert code == 0
    doc = json.loads(out)
    assert doc["area"]["code"] == "0016300"  # from labor.yaml
    assert doc["baseline"]["wage_threshold"] == 60_000
    (tmp_path / "labor.yaml").write_text("thresholds: [1, 2]\n")
    code, _, err = run("credentials", "--workspace", str(tmp_path))
    assert code == 2 and "thresholds" in err


def test_import_malformed_loads_nothing(home: Path) -> None:
    code, out, err = run(
        "import", "oews", str(DATA / "oews_malformed.csv"), "--vintage", "May 2026"
    )
    assert code == 2 and out == ""
    assert "nothing was loaded" in err
    assert "oews_malformed.csv:3:5: soc_code: '15-125' is not a SOC code" in err
    assert not (home / "labor.sqlite").exists()
    code, out, _ = run(
        "import", "crosswalk", str(DATA / "cip_soc_crosswalk_malformed.csv"), "--format", "json"
    )
    doc = json.loads(out)
    assert code == 2 and doc["ok"] is False
    assert doc["errors"][0] == {
        "file": "cip_soc_crosswalk_malformed.csv",
        "line": 3,
        "column": 1,
        "reason": "CIP code: '5.38.01' is not a CIP code",
    }
    code, _, err = run("import", "oews", str(DATA / "nope.csv"))
    assert code == 2 and "does not exist" in err
    code, _, _ = run("import", "wages", str(DATA / "oews_may2025_sample.csv"))
    assert code == 2  # unknown kind


def test_import_list_and_remove(home: Path) -> None:
    code, out, _ = run(
        "import", "state-projections", str(DATA / "synthetic_state_projections_ia.csv")
    )
    assert code == 0 and "imported 7 rows" in out
    code, out, _ = run("datasets", "--format", "json")
    sets = json.loads(out)["datasets"]
    imported = [d for d in sets if d["origin"] == "imported"]
    assert len(imported) == 1 and imported[0]["kind"] == "state-projections"
    code, out, _ = run("occupation", "29-1141", "--area", "0016300", "--format", "json")
    area = json.loads(out)["figures"][1]
    assert area["demand_basis"] == "state_scaled"
    assert area["projection_source"] == imported[0]["key"]
    code, out, _ = run("remove", str(imported[0]["id"]))
    assert code == 0 and "removed" in out
    code, _, err = run("remove", "1")
    assert code == 2 and "no imported dataset" in err


def test_demo_region_uses_cedar_rapids(home: Path) -> None:
    """Without --workspace the demo region is used, with its metro area's real figures."""
    pytest.importorskip("careerpaths.demo.region")
    code, out, _ = run("exits", "--format", "json")
    assert code == 0
    doc = json.loads(out)
    assert doc["area"]["code"] == "0016300"
    figures = [
        o
        for p in doc["pathways"]
        for e in p["exits"]
        for o in e["occupations"]
        if o["published_code"] == "29-1141"
    ]
    if figures:  # the demo's nursing pathway, when it has one
        assert figures[0]["median_wage"] == 78_370
    assert {s["key"] for s in doc["sources"]} >= {"oews-2025-05"}
