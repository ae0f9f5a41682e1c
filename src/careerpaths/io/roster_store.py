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

import csv
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from types import MappingProxyType

from careerpaths.core.model import Region, Student
from careerpaths.io.roster import (
    Kind,
    RosterError,
    RosterSnapshot,
    RosterState,
    Skipped,
    to_students,
)
from careerpaths.io.roster_merge import MergePlan, apply, merge
from careerpaths.io.spreadsheet import clean_cell
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
    try:
        state = RosterState.read(state_path(ws))
    except RosterError:
        load_workspace(ws)  # a workspace that does not load says so first, as ever
        raise
    region = _load_region(ws, state)
    # students.csv holds every imported student again: only those never imported (the
    # demo's synthetic students) are written back as they are; the others are rebuilt
    # from the records.
    never_imported = [
        s for s in region.students.values() if (Kind.STUDENT, s.id) not in state.records
    ]
    region = replace(region, students=MappingProxyType({}))
    plan = merge(state, snapshot, now=now)
    if dry_run or (plan.held and not confirm):
        preview = to_students(apply(state, plan, confirm=True), region, as_of=as_of)
        return ImportOutcome(plan, False, preview.skipped, len(preview.students))
    new_state = apply(state, plan, confirm=confirm)
    del state  # the records as they were: only the plan's changes still need them
    mapped = to_students(new_state, region, as_of=as_of)
    if plan.empty and state_path(ws).exists():
        return ImportOutcome(plan, False, mapped.skipped, len(mapped.students))
    kept = [s for s in never_imported if (Kind.STUDENT, s.id) not in new_state.records]
    _write_students(ws, [*kept, *mapped.students], new_state)
    return ImportOutcome(plan, True, mapped.skipped, len(mapped.students))


def _load_region(ws: Path, state: RosterState) -> Region:
    """The workspace's region, loaded without the students the records rebuild anyway.

    ``students.csv`` and ``attempts.csv`` list every imported student again (a state-scale
    import: millions of attempts, read whole by the workspace loader). They are loaded
    from a view of the workspace (symbolic links) where the rows of imported students are
    blank lines, so that what is left — the students never imported — loads and is checked
    exactly as before, at the same line numbers. Without symbolic links, or for a file
    that does not read as CSV, the workspace is loaded as it is.
    """
    students = ws / "students"
    imported = {sid for kind, sid in state.records if kind is Kind.STUDENT}
    if not imported or not students.is_dir():
        return load_workspace(ws)
    with tempfile.TemporaryDirectory(prefix="careerpaths-view-") as tmp:
        view = Path(tmp)
        try:
            for entry in ws.iterdir():
                if entry.name != "students":
                    (view / entry.name).symlink_to(entry.resolve(), entry.is_dir())
            (view / "students").mkdir()
            for entry in students.iterdir():
                if entry.name == "students.csv":
                    ok = _blank_rows(entry, view / "students" / entry.name, "id", imported)
                elif entry.name == "attempts.csv":
                    ok = _blank_rows(entry, view / "students" / entry.name, "student", imported)
                else:
                    ok = True
                    (view / "students" / entry.name).symlink_to(entry.resolve(), entry.is_dir())
                if not ok:
                    return load_workspace(ws)
        except OSError:
            return load_workspace(ws)
        return load_workspace(view)


def _blank_rows(src: Path, dst: Path, column: str, drop: set[str]) -> bool:
    """Copy the CSV ``src`` to ``dst`` with each row whose ``column`` is in ``drop`` made
    blank lines (as many as it spans: the other rows keep their line numbers). False when
    ``src`` does not read as UTF-8 CSV with that column (the loader then reports it)."""
    raw: list[str] = []
    try:
        with (
            src.open(encoding="utf-8-sig", newline="") as fh,
            dst.open("w", encoding="utf-8", newline="") as out,
        ):

            def lines() -> Iterator[str]:
                for line in fh:
                    raw.append(line)
                    yield line

            at: int | None = None
            for fields in csv.reader(lines(), strict=True):
                text = "".join(raw)
                spans = len(raw)
                raw.clear()
                if at is None:
                    if any(f.strip() for f in fields):
                        header = [clean_cell(h).lower() for h in fields]
                        if column not in header:
                            return False
                        at = header.index(column)
                    out.write(text)
                elif at < len(fields) and clean_cell(fields[at]) in drop:
                    out.write("\n" * spans)
                else:
                    out.write(text)
            out.write("".join(raw))
    except (UnicodeDecodeError, csv.Error):
        return False
    return True


STUDENTS_PER_PART = 5000


def _write_student_files_in_parts(folder: Path, students: list[Student]) -> None:
    """``write_student_files(folder, students)``, the same bytes, written a few thousand
    students at a time: it builds every row of ``attempts.csv`` before writing, which at
    state scale is tens of millions of rows held at once. Each part is written by
    ``write_student_files`` itself (so the format cannot drift) and appended, header once.
    """
    ordered = sorted(students, key=lambda s: s.id)
    if len(ordered) <= STUDENTS_PER_PART:
        write_student_files(folder, ordered)
        return
    names = ("students.csv", "attempts.csv")
    with tempfile.TemporaryDirectory(prefix=".part-", dir=folder) as tmp:
        part = Path(tmp)
        outs = [(folder / name).open("wb") for name in names]
        try:
            for start in range(0, len(ordered), STUDENTS_PER_PART):
                write_student_files(part, ordered[start : start + STUDENTS_PER_PART])
                for name, out in zip(names, outs, strict=True):
                    with (part / name).open("rb") as src:
                        header = src.readline()  # column names: one line
                        if start == 0:
                            out.write(header)
                        shutil.copyfileobj(src, out)
        finally:
            for out in outs:
                out.close()


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
        _write_student_files_in_parts(tmp, students)
        with (tmp / STATE_FILE).open("w", encoding="utf-8", newline="\n") as fh:
            state.write_json(fh)
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
