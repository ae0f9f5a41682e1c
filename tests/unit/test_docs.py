"""Docs that tests keep honest: the CLI reference, the findings table, the README commands."""

from __future__ import annotations

from pathlib import Path

import typer
from typer.testing import CliRunner

from careerpaths.cli.docs import ENV, _help, command_paths, findings_doc, generate
from careerpaths.cli.main import app

ROOT = Path(__file__).parents[2]


def test_cli_reference_is_current() -> None:
    assert (ROOT / "docs" / "cli.md").read_text() == generate(), (
        "docs/cli.md is stale: run .venv/bin/python -m careerpaths.cli.docs > docs/cli.md"
    )


def test_the_reference_prints_each_help_as_the_cli_runner_does() -> None:
    # generate() builds the click command once and runs it in the runner's isolation
    runner = CliRunner()
    command = typer.main.get_command(app)
    for path in ([], ["validate"], ["import", "oneroster"]):
        assert path in command_paths(command)
        invoked = runner.invoke(app, [*path, "--help"], prog_name="careerpaths", env=ENV)
        assert invoked.exit_code == 0 and "Usage: careerpaths" in invoked.output
        assert _help(runner, command, path) == invoked.output


def test_findings_reference_is_current() -> None:
    assert (ROOT / "docs" / "findings.md").read_text() == findings_doc(), (
        "docs/findings.md is stale: run .venv/bin/python -m careerpaths.cli.docs findings "
        "> docs/findings.md"
    )


def test_every_command_is_in_the_reference_and_has_help() -> None:
    text = (ROOT / "docs" / "cli.md").read_text()
    for path in command_paths():
        assert f"## `{' '.join(['careerpaths', *path])}`" in text


def test_readme_names_the_two_commands_and_ci_runs_the_test_one() -> None:
    readme = (ROOT / "README.md").read_text()
    assert "scripts/demo.sh" in readme and "scripts/test.sh" in readme
    assert "scripts/test.sh" in (ROOT / ".ci" / "run").read_text()


def test_changelog_has_an_entry() -> None:
    assert "issue #2" in (ROOT / "CHANGELOG.md").read_text()
