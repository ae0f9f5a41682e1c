"""``careerpaths import oneroster DIR`` and ``careerpaths import csv DIR``: student data in.

One command per format registered in :mod:`careerpaths.io.student_formats`. Each reads the export (every problem listed as file:line:column: reason) and merges
it into the student records of the app's database — the one ``careerpaths serve`` and
``demo`` use — in one transaction, recording the import in the database's import log; with
``--workspace`` into a region workspace's ``students/`` instead; with ``--check`` it only
checks the export and says what it holds. Exit codes: 0 imported (or checked, or nothing
new); 1 held: the import would deactivate more than 10% of a school's active students and
needs ``--confirm``; 2 unusable input (nothing written); 3 another import into the same
database is running (nothing written; the attempt is logged).
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from typer import _click  # typer vendors click
from typer.core import TyperGroup

from careerpaths.cli import render
from careerpaths.io.errors import WorkspaceError
from careerpaths.io.import_outcome import ImportOutcome
from careerpaths.io.roster import DEFAULT_MAX_SKIPPED, Mode, RosterSnapshot, enforce_policy
from careerpaths.io.student_formats import FORMATS, StudentFormat

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
        help="Update this region workspace's students/ instead of the app's database.",
    ),
]
CheckOpt = Annotated[
    bool,
    typer.Option("--check", help="Only check the export and summarise it; write nothing."),
]
ConfirmOpt = Annotated[
    bool,
    typer.Option(
        "--confirm", help="Apply an import that deactivates more than 10% of a school's students."
    ),
]
DryRunOpt = Annotated[bool, typer.Option("--dry-run", help="Show the changes; write nothing.")]
FormatOpt = Annotated[Fmt, typer.Option("--format", "-f", help="table or json.")]
StrictOpt = Annotated[
    bool,
    typer.Option(
        "--strict",
        help="Refuse the import (write nothing) on any warning or any row left out.",
    ),
]
MaxSkippedOpt = Annotated[
    float,
    typer.Option(
        "--max-skipped",
        min=0,
        max=100,
        help="Rows that cannot be used are left out and listed while they are at most this "
        "percentage of their file; above it nothing is written.",
    ),
]
DeltaOpt = Annotated[
    bool, typer.Option("--delta", help="The files list changes only (default: complete).")
]
AsOfOpt = Annotated[
    str | None,
    typer.Option(
        "--as-of", help="The date grade levels refer to (YYYY-MM-DD; default today, UTC)."
    ),
]


EXIT_CODES = (
    "Exit codes: 0 imported, checked or nothing new; 1 held (needs --confirm); 2 unusable "
    "input, nothing written; 3 another import into the same database is running."
)


def _register(fmt: StudentFormat, app: typer.Typer = import_app) -> None:
    """``careerpaths import <fmt.key> DIR``: one command per registered format."""

    def run(
        folder: Path,
        mode: Mode,
        workspace: Path | None,
        check: bool,
        confirm: bool,
        dry_run: bool,
        strict: bool,
        max_skipped: float,
        as_of: str | None,
        format: Fmt,
    ) -> None:
        _run(
            lambda: fmt.read(folder, mode),
            Target(workspace, check, fmt.key, folder.name),
            confirm,
            dry_run,
            as_of,
            format,
            Policy(strict, max_skipped / 100),
        )

    folder_arg = typer.Argument(..., help=fmt.folder_help, show_default=False)
    command: Callable[..., None]
    if fmt.chooses_mode:

        def with_delta(
            folder: Path = folder_arg,
            workspace: WorkspaceOpt = None,
            check: CheckOpt = False,
            delta: DeltaOpt = False,
            confirm: ConfirmOpt = False,
            dry_run: DryRunOpt = False,
            strict: StrictOpt = False,
            max_skipped: MaxSkippedOpt = 100 * DEFAULT_MAX_SKIPPED,
            as_of: AsOfOpt = None,
            format: FormatOpt = Fmt.table,
        ) -> None:
            mode = Mode.DELTA if delta else Mode.BULK
            run(
                folder, mode, workspace, check, confirm, dry_run, strict, max_skipped, as_of, format
            )

        command = with_delta
    else:

        def files_say(
            folder: Path = folder_arg,
            workspace: WorkspaceOpt = None,
            check: CheckOpt = False,
            confirm: ConfirmOpt = False,
            dry_run: DryRunOpt = False,
            strict: StrictOpt = False,
            max_skipped: MaxSkippedOpt = 100 * DEFAULT_MAX_SKIPPED,
            as_of: AsOfOpt = None,
            format: FormatOpt = Fmt.table,
        ) -> None:
            run(
                folder, Mode.BULK, workspace, check, confirm, dry_run, strict, max_skipped,
                as_of, format,
            )  # fmt: skip

        command = files_say

    command.__doc__ = "\n\n".join(p for p in (fmt.summary, EXIT_CODES, fmt.details) if p)
    command.__name__ = f"import_{fmt.key}"
    app.command(fmt.key)(command)


for _fmt in FORMATS.values():
    _register(_fmt)


def _fail(errors: list[Any], fmt: Fmt) -> None:
    if fmt is Fmt.json:
        sys.stdout.write(render.load_errors_json(errors))
    else:
        n = len(errors)
        lines = [f"{n} problem{'s' if n != 1 else ''} in the import; nothing was written:"]
        lines += [f"  {e}" for e in errors]
        sys.stderr.write("\n".join(lines) + "\n")
    raise typer.Exit(2)


@dataclass(frozen=True)
class Target:
    """Where an import goes: a workspace, the app's database, or nowhere (``--check``)."""

    workspace: Path | None
    check: bool
    fmt: str  # a registered format's key (careerpaths.io.student_formats)
    label: str  # the export folder's name, for the import log


@dataclass(frozen=True)
class Policy:
    """``--strict`` and ``--max-skipped`` (a share, 0.01 for 1%)."""

    strict: bool = False
    max_skipped: float = DEFAULT_MAX_SKIPPED


WARNINGS_LISTED = 50  # the table lists this many warnings; JSON gives them all


def _run(
    read: Any,
    target: Target,
    confirm: bool,
    dry_run: bool,
    as_of: str | None,
    fmt: Fmt,
    policy: Policy = Policy(),
) -> None:
    if target.check and target.workspace is not None:
        sys.stderr.write("careerpaths: give --check or --workspace, not both\n")
        raise typer.Exit(2)
    try:
        day = date.fromisoformat(as_of) if as_of else datetime.now(UTC).date()
    except ValueError:
        sys.stderr.write(f"careerpaths: --as-of {as_of!r} is not a date (YYYY-MM-DD)\n")
        raise typer.Exit(2) from None
    try:
        snapshot: RosterSnapshot = read()
        enforce_policy(snapshot, max_skipped=policy.max_skipped, strict=policy.strict)
        if target.check:
            _report_snapshot(snapshot, fmt)
            return
        if target.workspace is not None:
            outcome = _into_workspace(snapshot, target.workspace, day, confirm, dry_run)
        else:
            outcome = _into_database(snapshot, target, day, confirm, dry_run)
    except WorkspaceError as exc:  # RosterError is one too
        if target.workspace is None and not target.check and not dry_run:
            _record_failure(target, day, exc.errors)
        _fail(exc.errors, fmt)
        return
    plan = outcome.plan
    skipped = outcome.skipped_counts
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
                    "derived": outcome.derived,
                    "derived_students": outcome.rederived,
                    "skipped": skipped,
                    "warnings": [w.as_dict() for w in outcome.warnings],
                }
            )
        )
    else:
        out = [f"{snapshot.source}: {_summary(plan.counts()) or 'nothing new'}"]
        if plan.stale:
            out.append(f"  {plan.stale} records older than those kept were left alone")
        for code, n in sorted(skipped.items()):
            out.append(f"  left out: {n} ({code}; see docs/student-data.md)")
        out += _warning_lines(outcome.warnings)
        for hold in plan.holds:
            out.append(f"  HELD: {hold.reason}")
        if plan.held and not confirm:
            out.append("Nothing was written; run again with --confirm to apply.")
        elif dry_run:
            out.append("Dry run: nothing was written.")
        elif outcome.applied:
            out.append(f"Written: {outcome.students} students in {outcome.where}")
        if outcome.derived == "touched":
            out.append(
                f"  derived again: the {outcome.rederived} students this import is about "
                "(the others were already in line with the records kept)"
            )
        sys.stdout.write("\n".join(out) + "\n")
    if plan.held and not confirm:
        raise typer.Exit(1)


def _into_workspace(
    snapshot: RosterSnapshot, workspace: Path, day: date, confirm: bool, dry_run: bool
) -> ImportOutcome[Any]:
    from careerpaths.io.roster_store import import_into_workspace

    return import_into_workspace(
        snapshot, workspace, now=datetime.now(UTC), as_of=day, confirm=confirm, dry_run=dry_run
    )


EXIT_BUSY = 3  # another import into the same database is running


def _web(*, migrate: bool = True) -> Any:
    from django.apps import apps

    from careerpaths.web import app as web

    if not apps.ready:  # set up once (a second setup would reconfigure logging)
        web.setup()
    if migrate:
        web.migrate()
    return web


def _into_database(
    snapshot: RosterSnapshot, target: Target, day: date, confirm: bool, dry_run: bool
) -> ImportOutcome[Any]:
    web = _web(migrate=False)
    from careerpaths.web.students.import_lock import ImportBusy, import_lock, record_busy
    from careerpaths.web.students.roster_import import roster_import

    try:
        # The lock first: migrating waits for a running import's write lock otherwise.
        with import_lock():
            web.migrate()
            # scope=None: the command line imports for every school (never refused for scope).
            outcome = roster_import(
                snapshot=snapshot,
                scope=None,
                actor=None,
                via="cli",
                fmt=target.fmt,
                as_of=day,
                confirm=confirm,
                dry_run=dry_run,
                filename=target.label,
            )
    except ImportBusy as exc:
        record_busy(actor_id=None, via="cli", fmt=target.fmt, as_of=day, filename=target.label)
        sys.stderr.write(f"careerpaths: {exc}\n")
        raise typer.Exit(EXIT_BUSY) from None
    return replace(outcome, where=web.database_label())


def _record_failure(target: Target, day: date, errors: list[Any]) -> None:
    _web()
    from careerpaths.web.students.roster_import import import_failed_record

    import_failed_record(
        errors=errors, actor=None, via="cli", fmt=target.fmt, as_of=day, filename=target.label
    )


def _warning_lines(warnings: Any) -> list[str]:
    """The warnings as the table lists them (imported, and reported)."""
    warnings = list(warnings)
    out = [f"  warning: {w}" for w in warnings[:WARNINGS_LISTED]]
    if len(warnings) > WARNINGS_LISTED:
        out.append(f"  … and {len(warnings) - WARNINGS_LISTED} more warnings (--format json)")
    return out


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
                    "warnings": [w.as_dict() for w in (*snapshot.warnings, *snapshot.skipped_rows)],
                }
            )
        )
        return
    parts = ", ".join(f"{n} {kind}" for kind, n in sorted(counts.items()))
    lines = [
        f"{snapshot.source}: readable ({parts or 'no records'}); "
        "checked only (--check), nothing was written.",
        *_warning_lines((*snapshot.warnings, *snapshot.skipped_rows)),
    ]
    sys.stdout.write("\n".join(lines) + "\n")
