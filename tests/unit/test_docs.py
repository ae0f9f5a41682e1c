"""Docs that tests keep honest: the CLI reference, the findings table, the README commands."""

from __future__ import annotations

from pathlib import Path

from careerpaths.cli.docs import command_paths, findings_doc, generate

ROOT = Path(__file__).parents[2]


def test_cli_reference_is_current() -> None:
    assert (ROOT / "docs" / "cli.md").read_text() == generate(), (
        "docs/cli.md is stale: run .venv/bin/python -m careerpaths.cli.docs > docs/cli.md"
    )


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
