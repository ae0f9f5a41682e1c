"""Keeping imported student data in a region workspace (what the CLI does).

The records kept are ``students/roster-state.json`` (every record ever imported, active or
not, with its ``dateLastModified``); ``students/students.csv`` and
``students/attempts.csv`` are regenerated from it (:func:`careerpaths.io.roster.to_students`).
Students in ``students.csv`` that were never imported (the demo's synthetic students) are
kept as they are. The three files are written into a new folder that is swapped in for
``students/``: an import lands whole or not at all.

The web app keeps the same records in its database and applies the same
:class:`~careerpaths.io.roster_merge.MergePlan` in one transaction.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from careerpaths.core.model import Student
from careerpaths.io.roster import (
    Kind,
    RosterSnapshot,
    RosterState,
    Skipped,
    to_students,
)
from careerpaths.io.roster_merge import MergePlan, apply, merge
from careerpaths.io.workspace import load_workspace, write_student_files

STATE_FILE = "roster-state.json"


@dataclass(frozen=True)
class ImportOutcome:
    plan: MergePlan
    applied: bool  # False for a dry run, a held plan without confirmation, or an empty plan
    skipped: tuple[Skipped, ...] = ()
    students: int = 0  # active imported students written to students.csv


def state_path(workspace: Path) -> Path:
    return workspace / "students" / STATE_FILE


def import_into_workspace(
    snapshot: RosterSnapshot,
    workspace: Path | str,
    *,
    now: datetime,
    as_of: date,
    confirm: bool = False,
    dry_run: bool = False,
) -> ImportOutcome:
    """Merge ``snapshot`` into the workspace's student records and rewrite them.

    Raises WorkspaceError (the workspace does not load) or RosterError (a reference to a
    record that is nowhere); nothing is written then, nor for a held plan without
    ``confirm``, nor with ``dry_run``.
    """
    ws = Path(workspace)
    region = load_workspace(ws)
    state = RosterState.read(state_path(ws))
    plan = merge(state, snapshot, now=now)
    if dry_run or (plan.held and not confirm):
        preview = to_students(apply(state, plan, confirm=True), region, as_of=as_of)
        return ImportOutcome(plan, False, preview.skipped, len(preview.students))
    new_state = apply(state, plan, confirm=confirm)
    mapped = to_students(new_state, region, as_of=as_of)
    if plan.empty and state_path(ws).exists():
        return ImportOutcome(plan, False, mapped.skipped, len(mapped.students))
    kept = [s for s in region.students.values() if (Kind.STUDENT, s.id) not in new_state.records]
    _write_students(ws, [*kept, *mapped.students], new_state)
    return ImportOutcome(plan, True, mapped.skipped, len(mapped.students))


def _write_students(ws: Path, students: list[Student], state: RosterState) -> None:
    target = ws / "students"
    tmp = Path(tempfile.mkdtemp(prefix=".students-", dir=ws))
    try:
        if target.is_dir():
            for other in target.iterdir():
                if other.name not in ("students.csv", "attempts.csv", STATE_FILE):
                    if other.is_dir():
                        shutil.copytree(other, tmp / other.name)
                    else:
                        shutil.copy2(other, tmp / other.name)
        write_student_files(tmp, students)
        (tmp / STATE_FILE).write_text(state.to_json(), encoding="utf-8")
        if target.exists():
            backup = ws / ".students-old"
            if backup.exists():
                shutil.rmtree(backup)
            target.rename(backup)
            tmp.rename(target)
            shutil.rmtree(backup)
        else:
            tmp.rename(target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
