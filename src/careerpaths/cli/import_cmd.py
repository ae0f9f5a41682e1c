"""``careerpaths import oneroster DIR`` and ``careerpaths import csv DIR``: student data in.

Each command reads the export (every problem listed as file:line:column: reason), merges it
into the workspace's student records (``--workspace``) and rewrites them, or with no
workspace only checks the export and says what it holds. Exit codes: 0 imported (or
checked, or nothing new); 1 held: the import would deactivate more than 10% of a school's
active students and needs ``--confirm``; 2 unusable input (nothing written).
"""

from __future__ import annotations

import sys
from collections import Counter
from datetime import UTC, date, datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from typer import _click  # typer vendors click
from typer.core import TyperGroup

from careerpaths.cli import render
from careerpaths.io.errors import WorkspaceError
from careerpaths.io.roster import Mode, RosterSnapshot

SCHEMA_VERSION = 1

DEFAULT_COMMAND = "workspace"


class DefaultToWorkspace(TyperGroup):
    """``import DIR`` runs the ``workspace`` subcommand when one is registered, so that
    ``careerpaths import DIR`` (a region workspace into the database) keeps working beside
    ``careerpaths import oneroster DIR`` and ``careerpaths import csv DIR``."""

    def resolve_command(
        self, ctx: _click.Context, args: list[str]
    ) -> tuple[str | None, _click.Command | None, list[str]]:
        if (
            args
            and args[0] not in self.commands
            and not args[0].startswith("-")
            and DEFAULT_COMMAND in self.commands
        ):
            args = [DEFAULT_COMMAND, *args]
        return super().resolve_command(ctx, args)


import_app = typer.Typer(
    name="import",
    cls=DefaultToWorkspace,
    help="Import data: a region workspace into the app's database (import DIR), OneRoster "
    "1.1/1.2 CSV exports and the plain-CSV student template.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


class Fmt(StrEnum):
    table = "table"
    json = "json"


WorkspaceOpt = Annotated[
    Path | None,
    typer.Option(
        "--workspace",
        "-w",
        help="The region workspace whose students/ to update (without it: check only).",
    ),
]
ConfirmOpt = Annotated[
    bool,
    typer.Option(
        "--confirm", help="Apply an import that deactivates more than 10% of a school's students."
    ),
]
DryRunOpt = Annotated[bool, typer.Option("--dry-run", help="Show the changes; write nothing.")]
FormatOpt = Annotated[Fmt, typer.Option("--format", "-f", help="table or json.")]
AsOfOpt = Annotated[
    str | None,
    typer.Option(
        "--as-of", help="The date grade levels refer to (YYYY-MM-DD; default today, UTC)."
    ),
]


@import_app.command("oneroster")
def oneroster(
    folder: Annotated[Path, typer.Argument(help="The OneRoster CSV folder (with manifest.csv).")],
    workspace: WorkspaceOpt = None,
    confirm: ConfirmOpt = False,
    dry_run: DryRunOpt = False,
    as_of: AsOfOpt = None,
    format: FormatOpt = Fmt.table,
) -> None:
    """Import a OneRoster 1.1 or 1.2 bulk or delta CSV export.

    Only students are kept (not teachers or guardians); nothing is ever deleted:
    tobedeleted, and in a bulk file a record no longer listed, make a record inactive. An
    older delta never overwrites newer data; importing the same files twice changes nothing.
    """
    from careerpaths.io.oneroster import read_oneroster

    _run(lambda: read_oneroster(folder), workspace, confirm, dry_run, as_of, format)


@import_app.command("csv")
def csv_(
    folder: Annotated[
        Path,
        typer.Argument(help="The folder with students.csv, attempts.csv, college_transcripts.csv."),
    ],
    workspace: WorkspaceOpt = None,
    delta: Annotated[
        bool, typer.Option("--delta", help="The files list changes only (default: complete).")
    ] = False,
    confirm: ConfirmOpt = False,
    dry_run: DryRunOpt = False,
    as_of: AsOfOpt = None,
    format: FormatOpt = Fmt.table,
) -> None:
    """Import the plain-CSV student template (docs/student-data.md)."""
    from careerpaths.io.student_csv import read_student_csv

    mode = Mode.DELTA if delta else Mode.BULK
    _run(lambda: read_student_csv(folder, mode=mode), workspace, confirm, dry_run, as_of, format)


def _fail(errors: list[Any], fmt: Fmt) -> None:
    if fmt is Fmt.json:
        sys.stdout.write(render.load_errors_json(errors))
    else:
        n = len(errors)
        lines = [f"{n} problem{'s' if n != 1 else ''} in the import; nothing was written:"]
        lines += [f"  {e}" for e in errors]
        sys.stderr.write("\n".join(lines) + "\n")
    raise typer.Exit(2)


def _run(
    read: Any, workspace: Path | None, confirm: bool, dry_run: bool, as_of: str | None, fmt: Fmt
) -> None:
    from careerpaths.io.roster_store import import_into_workspace

    try:
        day = date.fromisoformat(as_of) if as_of else datetime.now(UTC).date()
    except ValueError:
        sys.stderr.write(f"careerpaths: --as-of {as_of!r} is not a date (YYYY-MM-DD)\n")
        raise typer.Exit(2) from None
    try:
        snapshot: RosterSnapshot = read()
        if workspace is None:
            _report_snapshot(snapshot, fmt)
            return
        outcome = import_into_workspace(
            snapshot,
            workspace,
            now=datetime.now(UTC),
            as_of=day,
            confirm=confirm,
            dry_run=dry_run,
        )
    except WorkspaceError as exc:  # RosterError is one too
        _fail(exc.errors, fmt)
        return
    plan = outcome.plan
    skipped = Counter(s.code for s in outcome.skipped)
    if fmt is Fmt.json:
        sys.stdout.write(
            render.dumps(
                {
                    "schema_version": SCHEMA_VERSION,
                    "ok": True,
                    "source": snapshot.source,
                    "applied": outcome.applied,
                    "dry_run": dry_run,
                    **plan.as_dict(),
                    "students": outcome.students,
                    "skipped": dict(sorted(skipped.items())),
                }
            )
        )
    else:
        out = [f"{snapshot.source}: {_summary(plan.counts()) or 'nothing new'}"]
        if plan.stale:
            out.append(f"  {plan.stale} records older than those kept were left alone")
        for code, n in sorted(skipped.items()):
            out.append(f"  left out: {n} ({code}; see docs/student-data.md)")
        for hold in plan.holds:
            out.append(f"  HELD: {hold.reason}")
        if plan.held and not confirm:
            out.append("Nothing was written; run again with --confirm to apply.")
        elif dry_run:
            out.append("Dry run: nothing was written.")
        elif outcome.applied:
            out.append(f"Written: {outcome.students} students in {workspace}/students/")
        sys.stdout.write("\n".join(out) + "\n")
    if plan.held and not confirm:
        raise typer.Exit(1)


def _summary(counts: dict[str, dict[str, int]]) -> str:
    return "; ".join(
        f"{kind} " + ", ".join(f"{n} {action}" for action, n in actions.items())
        for kind, actions in counts.items()
    )


def _report_snapshot(snapshot: RosterSnapshot, fmt: Fmt) -> None:
    counts = Counter(r.kind.value for r in snapshot.records)
    if fmt is Fmt.json:
        sys.stdout.write(
            render.dumps(
                {
                    "schema_version": SCHEMA_VERSION,
                    "ok": True,
                    "source": snapshot.source,
                    "modes": {k.value: m.value for k, m in snapshot.modes.items()},
                    "records": dict(sorted(counts.items())),
                }
            )
        )
        return
    parts = ", ".join(f"{n} {kind}" for kind, n in sorted(counts.items()))
    sys.stdout.write(
        f"{snapshot.source}: readable ({parts or 'no records'}); "
        "no --workspace given, nothing was written.\n"
    )
