"""The CLI reference (docs/cli.md), generated from ``--help`` so it cannot drift.

Regenerate with ``.venv/bin/python -m careerpaths.cli.docs > docs/cli.md``;
``tests/unit/test_docs.py`` fails when the file is stale.
"""

from __future__ import annotations

import os

from typing import Any

import typer
from typer.testing import CliRunner

from careerpaths.cli.main import app

ENV = {"COLUMNS": "100", "TERM": "dumb", "NO_COLOR": "1", "_TYPER_FORCE_DISABLE_TERMINAL": "1"}


def _commands(group: Any, prefix: list[str]) -> list[list[str]]:
    out: list[list[str]] = []
    for name in sorted(group.commands):
        cmd = group.commands[name]
        out.append([*prefix, name])
        if hasattr(cmd, "commands"):
            out.extend(_commands(cmd, [*prefix, name]))
    return out


def command_paths() -> list[list[str]]:
    """Every command and sub-command, as argument lists (the root is ``[]``)."""
    return [[], *_commands(typer.main.get_command(app), [])]


def generate() -> str:
    runner = CliRunner()
    parts = [
        "# Command-line reference",
        "",
        "Generated from `--help` by `python -m careerpaths.cli.docs`; a test keeps it current.",
        "Exit codes everywhere: 0 clean, 1 findings of severity error, 2 unusable input or a",
        "wrong command (one line on stderr). `--format json` outputs carry `schema_version` and",
        "follow the schemas printed by `careerpaths schema output-validate|output-audit|"
        "output-metrics`.",
        "",
    ]
    old = {k: os.environ.get(k) for k in ENV}
    os.environ.update(ENV)
    try:
        for path in command_paths():
            result = runner.invoke(app, [*path, "--help"], prog_name="careerpaths", env=ENV)
            title = " ".join(["careerpaths", *path])
            parts += [f"## `{title}`", "", "```", result.output.rstrip(), "```", ""]
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    return "\n".join(parts)


if __name__ == "__main__":
    print(generate(), end="")
