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

import bisect
import csv
import heapq
import shutil
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from types import MappingProxyType

from careerpaths.core.model import Region, Student
from careerpaths.io.errors import LoadError
from careerpaths.io.import_outcome import ImportOutcome
from careerpaths.io.roster import (
    Key,
    Kind,
    RosterError,
    RosterSnapshot,
    RosterState,
    Skipped,
    Stored,
    iter_state,
    state_order,
    to_students,
    unique_errors,
    write_state_json,
)
from careerpaths.io.roster_merge import (
    DEACTIVATION_HOLD_SHARE,
    Summing,
    apply,
    merge,
)
from careerpaths.io.roster_spill import (
    PARTS,
    SHARED_KINDS,
    SpilledRecords,
    part_of,
    record_spill,
    stored_spill,
    student_of,
)
from careerpaths.io.spreadsheet import clean_cell
from careerpaths.io.workspace import load_workspace, write_student_files

STATE_FILE = "roster-state.json"


def state_path(workspace: Path) -> Path:
    return workspace / "students" / STATE_FILE


STATE_IN_PARTS_OVER = 256 * 1024 * 1024  # bytes of roster-state.json merged in parts


class _Known:
    """Records that exist outside one part: the shared kinds, and every student."""

    def __init__(self, shared: set[Key], students: set[str]) -> None:
        self.shared = shared
        self.students = students

    def __contains__(self, key: object) -> bool:
        if isinstance(key, tuple) and key[0] is Kind.STUDENT:
            return key[1] in self.students
        return key in self.shared


def import_into_workspace(
    snapshot: RosterSnapshot,
    workspace: Path | str,
    *,
    now: datetime,
    as_of: date,
    confirm: bool = False,
    dry_run: bool = False,
    parts: int | None = None,
    timings: dict[str, float] | None = None,
) -> ImportOutcome[None]:
    """Merge ``snapshot`` into the workspace's student records and rewrite them.

    Raises WorkspaceError (the workspace does not load) or RosterError (a reference to a
    record that is nowhere); nothing is written then, nor for a held plan without
    ``confirm``, nor with ``dry_run``.

    The records are merged a part at a time (:mod:`careerpaths.io.roster_spill`): one
    part for a district, :data:`~careerpaths.io.roster_spill.PARTS` when the import was
    read onto disk or ``roster-state.json`` is over 256 MB (``parts`` chooses). The
    files written are the same whatever the number of parts. ``timings``, when given,
    receives the seconds each stage took.
    """
    ws = Path(workspace)
    path = state_path(ws)
    incoming = snapshot.records
    spilled = isinstance(incoming, SpilledRecords)
    if parts is None:
        if isinstance(incoming, SpilledRecords):
            parts = incoming.parts
        elif path.exists() and path.stat().st_size > STATE_IN_PARTS_OVER:
            parts = PARTS
        else:
            parts = 1
    clock = _Clock(timings)

    # 1. The records kept: the shared kinds in memory, the others in parts.
    shared_state: dict[Key, Stored] = {}
    state_parts = stored_spill(parts)
    current_students: set[str] = set()
    active: Counter[str] = Counter()
    try:
        for s in iter_state(path):
            if s.kind in SHARED_KINDS:
                shared_state[(s.kind, s.sourced_id)] = s
                continue
            if s.kind is Kind.STUDENT:
                current_students.add(s.sourced_id)
                if s.active:
                    active[s.data.get("school", "")] += 1
            state_parts.add(part_of(s.sourced_id, parts), s)
    except RosterError:
        load_workspace(ws)  # a workspace that does not load says so first, as ever
        raise
    clock("read state")
    region = _load_region(ws, current_students)
    clock("load workspace")

    # 2. The import, likewise.
    if isinstance(incoming, SpilledRecords) and incoming.parts == parts:
        shared_in, in_parts, students_in = list(incoming.shared), incoming.spill, incoming.students
    else:
        shared_in, in_parts, students_in = [], record_spill(parts), {}
        for r in incoming:
            if r.kind in SHARED_KINDS:
                shared_in.append(r)
                continue
            if r.kind is Kind.STUDENT:
                students_in[r.sourced_id] = r.only_if_known
            in_parts.add(part_of(r.sourced_id, parts), r)
    del incoming
    known = _Known(
        set(shared_state) | {(r.kind, r.sourced_id) for r in shared_in},
        current_students | {sid for sid, only in students_in.items() if not only},
    )
    # Students' files are written a range of ids at a time, in order: the ranges.
    bounds = _bounds(sorted(current_students | students_in.keys()), parts)
    clock("split import" if not spilled else "split import (read onto disk)")

    # 3. Merge: the shared kinds once, then each part.
    summing = Summing()
    errors: list[LoadError] = []
    shared_modes = {k: m for k, m in snapshot.modes.items() if k in SHARED_KINDS}
    own_modes = {k: m for k, m in snapshot.modes.items() if k not in SHARED_KINDS}
    current = RosterState(MappingProxyType(shared_state))
    shared_new: Mapping[Key, Stored] = shared_state
    try:
        plan = merge(
            current,
            RosterSnapshot(snapshot.source, shared_modes, tuple(shared_in)),
            now=now,
            known=known,
        )
        summing.add(plan)
        shared_new = apply(current, plan, confirm=True).records
    except RosterError as exc:
        errors.extend(exc.errors)
    del shared_in, current
    runs = stored_spill(parts)  # each part's new records, in state order
    by_student = stored_spill(parts)  # the new per-student records, by range of student ids
    new_students: set[str] = set()
    for i in range(parts):
        current = RosterState(
            MappingProxyType({(s.kind, s.sourced_id): s for s in state_parts.items(i)})
        )
        try:
            plan = merge(
                current,
                RosterSnapshot(snapshot.source, own_modes, tuple(in_parts.items(i))),
                now=now,
                known=known,
            )
        except RosterError as exc:
            errors.extend(exc.errors)
            continue
        summing.add(plan)
        if errors:
            continue  # nothing will be written: only the other parts' errors are wanted
        for s in sorted(apply(current, plan, confirm=True).records.values(), key=state_order):
            runs.add(i, s)
            if s.kind is Kind.STUDENT:
                new_students.add(s.sourced_id)
            by_student.add(bisect.bisect_left(bounds, student_of(s)), s)
        del current, plan
    state_parts.close()
    in_parts.close()
    if errors:
        raise RosterError(unique_errors(errors))
    summary = summing.summary(active, DEACTIVATION_HOLD_SHARE)
    clock("merge")

    # 4. The students, a range at a time; written unless nothing is to be written.
    write = not (dry_run or (summary.held and not confirm) or (summary.empty and path.exists()))
    # students.csv holds every imported student again: only those never imported (the
    # demo's synthetic students) are written back as they are; the others are rebuilt
    # from the records.
    kept: list[list[Student]] = [[] for _ in range(parts)]
    for st in region.students.values():
        if st.id not in current_students and st.id not in new_students:
            kept[bisect.bisect_left(bounds, st.id)].append(st)
    region = replace(region, students=MappingProxyType({}))
    skipped: list[Skipped] = []
    count = 0

    def fill(folder: Path | None) -> None:
        nonlocal count
        files = _StudentFiles(folder) if folder is not None else None
        try:
            for j in range(parts):
                view = dict(shared_new)
                for s in by_student.items(j):
                    view[(s.kind, s.sourced_id)] = s
                mapped = to_students(RosterState(MappingProxyType(view)), region, as_of=as_of)
                del view
                skipped.extend(mapped.skipped)
                count += len(mapped.students)
                if files is not None:
                    files.add(sorted([*kept[j], *mapped.students], key=lambda st: st.id))
        finally:
            if files is not None:
                files.close()
        clock("to_students, students.csv, attempts.csv")
        if folder is not None:
            with (folder / STATE_FILE).open("w", encoding="utf-8", newline="\n") as fh:
                write_state_json(
                    fh,
                    heapq.merge(
                        sorted(shared_new.values(), key=state_order),
                        *(runs.items(i) for i in range(parts)),
                        key=state_order,
                    ),
                )
            clock("write roster-state.json")

    try:
        if write:
            _replace_students(ws, fill)
        else:
            fill(None)
    finally:
        runs.close()
        by_student.close()
    return ImportOutcome(
        summary,
        write,
        students=count,
        skipped=tuple(skipped),
        warnings=(*snapshot.warnings, *snapshot.skipped_rows, *summary.warnings),
        where=f"{ws}/students/",
    )


class _Clock:
    def __init__(self, timings: dict[str, float] | None) -> None:
        self.timings = timings
        self.last = time.perf_counter()

    def __call__(self, stage: str) -> None:
        now = time.perf_counter()
        if self.timings is not None:
            self.timings[stage] = self.timings.get(stage, 0.0) + now - self.last
        self.last = now


def _bounds(ids: list[str], parts: int) -> list[str]:
    """``parts - 1`` ids that cut the sorted ``ids`` into ranges of about equal size
    (``bisect_left(bounds, id)`` is the range of an id)."""
    step = len(ids) / parts
    return [ids[int(step * k)] for k in range(1, parts)] if ids else [""] * (parts - 1)


def _load_region(ws: Path, imported: set[str]) -> Region:
    """The workspace's region, loaded without the students the records rebuild anyway.

    ``students.csv`` and ``attempts.csv`` list every imported student again (a state-scale
    import: millions of attempts, read whole by the workspace loader). They are loaded
    from a view of the workspace (symbolic links) where the rows of imported students are
    blank lines, so that what is left — the students never imported — loads and is checked
    exactly as before, at the same line numbers. Without symbolic links, or for a file
    that does not read as CSV, the workspace is loaded as it is.
    """
    students = ws / "students"
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


class _StudentFiles:
    """``students.csv`` and ``attempts.csv`` written a few thousand students at a time
    (``write_student_files`` builds every row of ``attempts.csv`` before writing: at state
    scale, tens of millions). Each batch — in id order, after the batch before — is written
    by ``write_student_files`` itself (so the format cannot drift) and appended, header
    once: the bytes are those of ``write_student_files(folder, all_students)``."""

    NAMES = ("students.csv", "attempts.csv")

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._tmp = tempfile.TemporaryDirectory(prefix=".part-", dir=folder)
        self._outs = [(folder / name).open("wb") for name in self.NAMES]
        self._header = True

    def add(self, students: list[Student]) -> None:
        for start in range(0, len(students), STUDENTS_PER_PART):
            self._write(students[start : start + STUDENTS_PER_PART])

    def _write(self, students: list[Student]) -> None:
        part = Path(self._tmp.name)
        write_student_files(part, students)
        for name, out in zip(self.NAMES, self._outs, strict=True):
            with (part / name).open("rb") as src:
                header = src.readline()  # column names: one line
                if self._header:
                    out.write(header)
                shutil.copyfileobj(src, out)
        self._header = False

    def close(self) -> None:
        try:
            if self._header:  # no student at all: the headers alone
                self._write([])
        finally:
            for out in self._outs:
                out.close()
            self._tmp.cleanup()


def _replace_students(ws: Path, fill: Callable[[Path], None]) -> None:
    """Swap in a new ``students/`` folder: its other files copied, then ``fill`` writes
    ``students.csv``, ``attempts.csv`` and the state. Lands whole or not at all."""
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
        fill(tmp)
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
