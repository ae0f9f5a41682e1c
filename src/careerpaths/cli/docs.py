"""The CLI reference (docs/cli.md), generated from ``--help`` so it cannot drift.

Regenerate with ``.venv/bin/python -m careerpaths.cli.docs > docs/cli.md`` and
``.venv/bin/python -m careerpaths.cli.docs findings > docs/findings.md``;
``tests/unit/test_docs.py`` fails when either file is stale.
"""

from __future__ import annotations

import os
import sys
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


def command_paths(command: Any = None) -> list[list[str]]:
    """Every command and sub-command, as argument lists (the root is ``[]``); of
    ``command`` when given (the app's click command, already built), else of the app."""
    return [[], *_commands(command or typer.main.get_command(app), [])]


def _help(runner: CliRunner, command: Any, path: list[str]) -> str:
    """``careerpaths <path> --help`` as ``runner.invoke`` prints it, without building the
    app's click command again: ``invoke`` builds it from every function's signature on each
    call, 40-odd times for the reference (2-3 s of the 3 it took)."""
    with runner.isolation(env=ENV) as (_, _, output):
        try:
            command.main(args=[*path, "--help"], prog_name="careerpaths")
        except SystemExit:
            pass
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
        text = output.getvalue()
    return text.decode(runner.charset, "replace").replace("\r\n", "\n")


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
        command = typer.main.get_command(app)
        for path in command_paths(command):
            title = " ".join(["careerpaths", *path])
            parts += [f"## `{title}`", "", "```", _help(runner, command, path).rstrip(), "```", ""]
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    return "\n".join(parts)


FINDINGS_HEAD = """# Validation findings

`careerpaths validate` (and the demo's report) returns **findings**, never a bare yes/no. Each has
a stable `code`, a `severity` (`error`, `warning`, `info`), a `where` (pathway, term, course,
credential, requirement node, or file/line/column) and a plain-language `message`.
Errors in the catalog or in a published pathway make the command exit 1; a draft
pathway's errors are reported without failing the run (`--strict-drafts` counts them).

"""

FINDINGS_TAIL = """
## How requisites are judged in a pathway template

A pathway is a plan, not a transcript, so requisites are decided in three-valued logic:

- a course named in a **prerequisite** must be placed in an earlier term; a **corequisite** in
  the same or an earlier term; a **strict corequisite** in the same term;
- `or` alternatives are honoured (`CIS-101 or CIS-102` is met by either);
- `grade >= 11` is checked against the grade of the term the course is placed in;
- facts about a particular student (placement scores, GPA, flags, credentials held
  before the pathway) are *unknown* for a template: the course gets one
  `eligibility-conditions` info finding so advisers know to check them at enrollment.

## Cycles

Requisites form constraints between terms: a prerequisite says *before*, a corequisite
*same or before*, a strict corequisite *same*. A cycle made only of prerequisites is a
`requisite-cycle`; a cycle that mixes corequisites with at least one prerequisite is
`contradictory-corequisites` (Curricular Analytics issue #126); a cycle of corequisites only
is fine (the courses are taken together). Cycles that run only through `or` alternatives
are `requisite-cycle-optional` warnings. Each is reported with the cycle itself.

## Labor-market review flags

`careerpaths labor flags` reports findings of the same shape with codes prefixed
`labor.` (a pathway whose target occupations no longer meet the high-demand, high-wage
thresholds in the newest loaded vintage, and so on): see the table in
[labor.md](labor.md#review-flags).
"""

PLANNER_HEAD = """
## The planner's findings

`careerpaths plan`, the designer's "fill the grid" and "suggest placement" and the student
plan page report findings of the same shape (see [planner.md](planner.md)). With no plan,
`plan-infeasible` comes first and each `plan-conflict` names one constraint of a small set
that cannot hold together (found with CP-SAT's sufficient assumptions for infeasibility, then
shrunk by deletion), in plain language.

"""


def findings_doc() -> str:
    """docs/findings.md: the table of finding codes comes from ``validation.CODES``."""
    from careerpaths.core.validation import CODES

    rows = ["| code | severity | meaning |", "| --- | --- | --- |"]
    from careerpaths.core.planning import PLAN_CODES

    rows += [f"| `{code}` | {sev.value} | {text} |" for code, (sev, text) in CODES.items()]
    plan = ["| code | severity | meaning |", "| --- | --- | --- |"]
    plan += [f"| `{code}` | {sev.value} | {text} |" for code, (sev, text) in PLAN_CODES.items()]
    return (
        FINDINGS_HEAD
        + "\n".join(rows)
        + "\n"
        + FINDINGS_TAIL
        + PLANNER_HEAD
        + "\n".join(plan)
        + "\n"
    )


if __name__ == "__main__":
    import sys

    print(findings_doc() if sys.argv[1:] == ["findings"] else generate(), end="")
