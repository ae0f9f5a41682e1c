"""The web commands through the CLI runner: import, export, demo --no-serve; serve's help."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from careerpaths.cli.main import app
from careerpaths.io.workspace import load_workspace, write_workspace
from careerpaths.web.catalog.models import Pathway
from careerpaths.web.students.models import Student
from tests.web.regions import web_region

runner = CliRunner()
pytestmark = pytest.mark.django_db


def test_import_then_export_round_trip(tmp_path: Path) -> None:
    write_workspace(web_region(), tmp_path / "in")
    result = runner.invoke(app, ["import", str(tmp_path / "in")])
    assert result.exit_code == 0, result.output
    assert "3 pathways, 5 students" in result.output
    result = runner.invoke(app, ["export", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert load_workspace(tmp_path / "out") == load_workspace(tmp_path / "in")


def test_import_of_a_broken_workspace_exits_2_and_changes_nothing(tmp_path: Path) -> None:
    write_workspace(web_region(), tmp_path / "in")
    (tmp_path / "in" / "courses.csv").write_text("code,title\nA-1\n")
    result = runner.invoke(app, ["import", str(tmp_path / "in")])
    assert result.exit_code == 2
    assert "courses.csv" in result.output
    assert not Pathway.objects.exists()


def test_demo_without_serving_loads_the_region_and_prints_logins(tmp_path: Path) -> None:
    result = runner.invoke(
        app,
        [
            "demo",
            "--no-serve",
            "--students",
            "12",
            "--workspace",
            str(tmp_path / "ws"),
            "--home",
            str(tmp_path / "home"),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "Demo logins" in result.output
    for username in ("admin", "designer", "coordinator", "counselor", "viewer"):
        assert f"  {username} " in result.output
    assert Student.objects.count() == 12
    assert Pathway.objects.filter(status="published").exists()


def test_serve_documents_its_options() -> None:
    result = runner.invoke(app, ["serve", "--help"])
    assert result.exit_code == 0
    assert "--host" in result.output and "--port" in result.output


def test_map_writes_the_family_handout_as_a_searchable_pdf(tmp_path: Path) -> None:
    import subprocess

    from careerpaths.demo.region import build_region

    write_workspace(build_region(students=0), tmp_path / "in")
    assert runner.invoke(app, ["import", str(tmp_path / "in")]).exit_code == 0
    out = tmp_path / "nursing-es.pdf"
    result = runner.invoke(
        app, ["map", "health-nursing", "--pdf", "--lang", "es", "--output", str(out)]
    )
    assert result.exit_code == 0, result.output
    text = subprocess.run(
        ["pdftotext", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Grado 11 · Otoño" in " ".join(text.split())
    assert runner.invoke(app, ["map", "health-nursing"]).exit_code == 2
    assert runner.invoke(app, ["map", "no-such", "--pdf"]).exit_code == 2


def test_map_writes_one_schools_handout_and_refuses_a_school_not_offering_it(
    tmp_path: Path,
) -> None:
    import subprocess

    from careerpaths.demo.region import build_region

    write_workspace(build_region(students=0), tmp_path / "in")
    assert runner.invoke(app, ["import", str(tmp_path / "in")]).exit_code == 0
    for lang, words in (
        ("en", "For families at Metro High School"),
        ("es", "Para las familias de Metro High School"),
    ):
        out = tmp_path / f"nursing-metro-{lang}.pdf"
        result = runner.invoke(
            app,
            [
                "map",
                "health-nursing",
                "--pdf",
                "--lang",
                lang,
                "--school",
                "metro-hs",
                "-o",
                str(out),
            ],
        )
        assert result.exit_code == 0, result.output
        text = subprocess.run(
            ["pdftotext", str(out), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert words in " ".join(text.split())
    result = runner.invoke(app, ["map", "health-nursing", "--pdf", "--school", "linn-mar-hs"])
    assert result.exit_code == 2
    lines = [ln for ln in result.output.splitlines() if ln.strip()]
    assert len(lines) == 1, result.output
    assert "'linn-mar-hs'" in lines[0]
    for school in ("jefferson-hs", "kennedy-hs", "washington-hs", "metro-hs (Metro High School)"):
        assert school in lines[0]
