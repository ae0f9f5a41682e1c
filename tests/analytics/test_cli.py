"""``careerpaths equity``: thin commands over the library, tested with the CLI runner."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from careerpaths.cli.equity_cmd import equity_app

runner = CliRunner()


def test_report_json_says_synthetic() -> None:
    result = runner.invoke(equity_app, ["report", "--format", "json", "--by", "pathway"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["synthetic"] is True and doc["engine"] == "duckdb"
    assert {r["dimension"] for r in doc["rows"]} == {"all", "pathway"}


def test_report_html_to_file(tmp_path: Path) -> None:
    out = tmp_path / "equity.html"
    result = runner.invoke(
        equity_app, ["report", "--format", "html", "--by", "school", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!doctype html>") and "<svg" in page


def test_report_csv_and_table() -> None:
    csv_out = runner.invoke(equity_app, ["report", "--format", "csv", "--threshold", "5"])
    assert csv_out.exit_code == 0
    assert csv_out.stdout.splitlines()[0].startswith("dimension,group,enrolled,participants")
    table = runner.invoke(equity_app, ["report", "--by", "college"])
    assert table.exit_code == 0 and "kirkwood" in table.stdout


def test_threshold_below_five_is_unusable_input() -> None:
    result = runner.invoke(equity_app, ["report", "--threshold", "4"])
    assert result.exit_code == 2


def test_whatif() -> None:
    result = runner.invoke(
        equity_app, ["whatif", "--rule", "grade >= 12", "--alternative", "grade >= 11", "-f", "csv"]
    )
    assert result.exit_code == 0, result.output
    assert "all,All students,2400" in result.stdout


def test_whatif_bad_rule() -> None:
    result = runner.invoke(equity_app, ["whatif", "--rule", "grade >="])
    assert result.exit_code == 2
    assert "column" in result.output


def test_postgres_without_a_url_is_unusable_input(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CAREERPATHS_ANALYTICS_POSTGRES", raising=False)
    result = runner.invoke(equity_app, ["report", "--engine", "postgres"])
    assert result.exit_code == 2
    assert "URL" in result.output
