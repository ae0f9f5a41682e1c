"""Keeping imported student data in a region workspace (what the CLI does).

The records kept are ``students/records.duckdb`` (:mod:`careerpaths.io.records_db`: every
record ever imported, active or not, with its ``dateLastModified``); ``students/students.csv``
and ``students/attempts.csv`` are regenerated from it (:func:`careerpaths.io.roster.
to_students`, a range of students at a time). Students in ``students.csv`` that were never
imported (the demo's synthetic students) are kept as they are. The merge runs in DuckDB on a
copy of the records; the copy and the two files are written into a new folder that is
swapped in for ``students/``: an import lands whole or not at all.

A workspace of an earlier release keeps ``students/roster-state.json``: it is converted
into ``records.duckdb`` by the first import (and left out of the new folder).

The web app keeps the same records in its database and applies the same plan
(:func:`careerpaths.io.roster_merge.merge`, the same SQL) in one transaction.
"""

from __future__ import annotations

import bisect
import csv
import hashlib
import json
import shutil
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from types import MappingProxyType

import duckdb

from careerpaths.core.model import Region, Student
from careerpaths.io import csvsafe, records_db
from careerpaths.io.errors import LoadError
from careerpaths.io.import_outcome import ImportOutcome
from careerpaths.io.roster import (
    RosterError,
    RosterSnapshot,
    Skipped,
    Stored,
    to_students,
)
from careerpaths.io.roster_merge import (
    CHANGES_LISTED,
    DEACTIVATION_HOLD_SHARE,
    FUTURE_SKEW,
    PlanSummary,
    change_of,
    holds_of,
)
from careerpaths.io.spreadsheet import clean_cell
from careerpaths.io.workspace import load_workspace, write_student_files

OLD_STATE_FILE = "roster-state.json"  # earlier releases' records kept (converted)
RECORDS_FILE = records_db.RECORDS_FILE
KEPT = "ws.records"  # the workspace's records, attached to the import's connection
# Students' files are rebuilt a range of this many students at a time.
STUDENTS_PER_RANGE = 20_000


def records_path(workspace: Path) -> Path:
    return workspace / "students" / RECORDS_FILE


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

    The students' files are rebuilt a range of students at a time: ``parts`` ranges
    (default one per :data:`STUDENTS_PER_RANGE` students); the files written are the same
    whatever the number. ``timings``, when given, receives the seconds each stage took.
    """
    ws = Path(workspace)
    folder = ws / "students"
    clock = _Clock(timings)
    kept_db = folder / RECORDS_FILE
    existed = kept_db.exists() or (folder / OLD_STATE_FILE).exists()
    with (
        tempfile.TemporaryDirectory(prefix=".records-", dir=ws) as scratch,
        records_db.merging(snapshot.records) as con,
    ):
        # 1. A working copy of the records kept, attached to the connection the import is
        #    staged in (a workspace of an earlier release: its roster-state.json converted).
        work = records_db.temp_copy(kept_db if kept_db.exists() else None, Path(scratch))
        records_db.connect(work).close()  # the tables, in a new database
        con.execute(f"ATTACH '{_sql_text(work)}' AS ws")
        attached = True
        try:
            if not kept_db.exists() and (folder / OLD_STATE_FILE).exists():
                _convert_old_state(con, folder / OLD_STATE_FILE)
            clock("read state")
            active = Counter(
                dict(
                    con.execute(
                        "SELECT coalesce(json_extract_string(data, '$.school'), ''), count(*) "
                        f"FROM {KEPT} WHERE kind = 'student' AND active GROUP BY ALL"
                    ).fetchall()
                )
            )

            # 2. The plan, set-based, between the import staged and the records kept.
            planned = records_db.plan_changes(
                con, snapshot.modes, now=now, future_skew=FUTURE_SKEW, kept=KEPT
            )
            listed = (
                tuple(change_of(row) for row in records_db.change_rows(con))
                if planned.total <= CHANGES_LISTED
                else None
            )
            summary = PlanSummary(
                counted=MappingProxyType(
                    {k: MappingProxyType(v) for k, v in planned.counts.items()}
                ),
                holds=holds_of(active, Counter(planned.gone), DEACTIVATION_HOLD_SHARE),
                stale=planned.stale,
                dropped=planned.dropped,
                listed=listed,
                warnings=planned.warnings,
            )
            # Only the students the import is about are derived again while the students'
            # files are otherwise in line with the records kept (:func:`_in_line`).
            fingerprint = _workspace_fingerprint(ws)
            touched_only = (
                existed
                and _in_line(con, folder, fingerprint, as_of)
                and not records_db.changes_every_student(con)
            )
            records_db.apply_changes(con, kept=KEPT)
            clock("merge")
            imported = {
                sid
                for (sid,) in con.execute(
                    f"SELECT sourced_id FROM {KEPT} WHERE kind = 'student'"
                ).fetchall()
            }
            region = _load_region(ws, imported, others=not touched_only)
            clock("load workspace")

            # 3. The students; written unless nothing is to be written.
            write = not (dry_run or (summary.held and not confirm) or (summary.empty and existed))
            drop: set[str] = set()
            every, touched = Path(scratch) / "every", Path(scratch) / "touched"
            if touched_only:
                records_db.mark_affected(con, kept=KEPT)
                drop = {sid for (sid,) in con.execute("SELECT student FROM affected").fetchall()}
                count, skipped = _derive(
                    con,
                    region,
                    drop,
                    as_of=as_of,
                    parts=parts,
                    into=touched if write else None,
                    only="affected",
                )
                count += sum(
                    1
                    for sid, _ in _rows_by_id(folder / "students.csv")
                    if sid in imported and sid not in drop
                )
            else:
                count, skipped = _derive(
                    con,
                    region,
                    imported,
                    as_of=as_of,
                    parts=parts,
                    into=every if write else None,
                )
            clock("to_students, students.csv, attempts.csv")
            if write:

                def fill(out: Path) -> None:
                    nonlocal attached
                    if touched_only:
                        _splice_files(folder, touched, out, drop)
                    else:
                        for name in _StudentFiles.NAMES:
                            shutil.move(str(every / name), out / name)
                    _note_derived(con, out, fingerprint, None if touched_only else as_of)
                    con.execute("CHECKPOINT ws")
                    con.execute("DETACH ws")
                    attached = False
                    shutil.move(str(work), out / RECORDS_FILE)
                    clock("write records.duckdb")

                _replace_students(ws, fill)
        finally:
            con.execute("DROP TABLE IF EXISTS affected")
            if attached:
                con.execute("DETACH ws")
    return ImportOutcome(
        summary,
        write,
        students=count,
        skipped=tuple(skipped),
        warnings=(*snapshot.warnings, *snapshot.skipped_rows, *summary.warnings),
        where=f"{ws}/students/",
        derived="touched" if touched_only else "all",
        rederived=len(drop & imported) if touched_only else len(imported),
    )


def _derive(
    con: duckdb.DuckDBPyConnection,
    region: Region,
    ids: set[str],
    *,
    as_of: date,
    parts: int | None,
    into: Path | None,
    only: str | None = None,
) -> tuple[int, list[Skipped]]:
    """The students ``ids`` derived again, a range of students at a time (memory stays
    that of a range whatever the number of students), and (into ``into``) their
    ``students.csv`` and ``attempts.csv`` written in id order — with the students never
    imported (the demo's synthetic students) as they are, when every student is derived
    (``only`` None; otherwise the table of the students to derive, ``affected``). The
    count of students derived and the rows skipped."""
    ordered = sorted(ids)
    if parts is None:
        parts = max(1, -(-len(ordered) // STUDENTS_PER_RANGE))
    bounds = _bounds(ordered, parts)
    # students.csv holds every imported student again: only those never imported are
    # written back as they are.
    kept: list[list[Student]] = [[] for _ in range(parts)]
    if only is None:
        for st in region.students.values():
            if st.id not in ids:
                kept[bisect.bisect_left(bounds, st.id)].append(st)
    region = replace(region, students=MappingProxyType({}))
    skipped: list[Skipped] = []
    count = 0
    view = records_db.DuckRecords(con, table=KEPT, only=only)
    if into is not None:
        into.mkdir()
    files = _StudentFiles(into) if into is not None else None
    try:
        edges: list[str | None] = [None, *bounds, None]
        for j in range(parts):
            part = view.part(edges[j], edges[j + 1])
            mapped = to_students(part, region, as_of=as_of)  # type: ignore[arg-type]
            skipped.extend(mapped.skipped)
            count += len(mapped.students)
            if files is not None:
                files.add(sorted([*kept[j], *mapped.students], key=lambda st: st.id))
    finally:
        if files is not None:
            files.close()
    return count, skipped


# Where the records kept say which students' files they were last derived into.
_DERIVED_DAY = "derived_day"  # the day every student was last derived
_DERIVED_FROM = "derived_from"  # the workspace's other files then (a fingerprint)
_FILES = "students_files"  # students.csv and attempts.csv as then written (size, time)


def _in_line(con: duckdb.DuckDBPyConnection, folder: Path, fingerprint: str, as_of: date) -> bool:
    """Whether ``students.csv`` and ``attempts.csv`` are what deriving every student from
    the records kept would give today: they are the files the last import wrote (same
    size and modification time: not edited since), the last import that derived every
    student did so from the same workspace (its catalog, schools, pathways and
    credentials: every file outside ``students/``), and on a day that derives alike
    (:func:`careerpaths.io.records_db.derives_alike`)."""
    meta = dict(con.execute("SELECT name, value FROM ws.meta").fetchall())
    if meta.get(_FILES) != _files_signature(folder) or meta.get(_DERIVED_FROM) != fingerprint:
        return False
    try:
        day = date.fromisoformat(meta.get(_DERIVED_DAY, ""))
    except ValueError:
        return False
    return records_db.derives_alike(con, day, as_of, kept=KEPT)


def _note_derived(
    con: duckdb.DuckDBPyConnection, out: Path, fingerprint: str, every_on: date | None
) -> None:
    """Record in the records kept the students' files just written into ``out`` (and,
    when every student was derived, the day and the workspace they were derived from)."""
    values = {_FILES: _files_signature(out)}
    if every_on is not None:
        values |= {_DERIVED_DAY: every_on.isoformat(), _DERIVED_FROM: fingerprint}
    for name, value in values.items():
        con.execute("DELETE FROM ws.meta WHERE name = ?", [name])
        con.execute("INSERT INTO ws.meta VALUES (?, ?)", [name, value])


def _files_signature(folder: Path) -> str:
    parts = []
    for name in _StudentFiles.NAMES:
        try:
            st = (folder / name).stat()
        except OSError:
            return ""
        parts.append(f"{name}:{st.st_size}:{st.st_mtime_ns}")
    return ";".join(parts)


def _workspace_fingerprint(ws: Path) -> str:
    """A digest of every file of the workspace that students are derived with: all but
    the students' files and the records kept (and hidden working folders)."""
    digest = hashlib.blake2b(digest_size=16)
    for path in sorted(ws.rglob("*")):
        rel = path.relative_to(ws)
        if any(part.startswith(".") for part in rel.parts) or not path.is_file():
            continue
        if rel.parts[0] == "students" and (
            rel.name in (*_StudentFiles.NAMES, OLD_STATE_FILE) or rel.name.startswith(RECORDS_FILE)
        ):
            continue
        digest.update(rel.as_posix().encode() + b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


def _rows_by_id(path: Path) -> Iterator[tuple[str, str]]:
    """The data rows of a students' file the product wrote, as (first cell, the row's
    text): a row is one line unless a quoted cell spans lines (an odd count of quotes so
    far). The header is skipped."""
    with path.open(encoding="utf-8", newline="") as fh:
        fh.readline()
        pending = ""
        for line in fh:
            if pending or '"' in line:
                pending += line
                if pending.count('"') % 2:
                    continue
                text, pending = pending, ""
                first = next(csv.reader([text]), [""])
                yield (csvsafe.restore(first[0]) if first else ""), text
            else:
                yield csvsafe.restore(line[: line.find(",")]), line
        if pending:
            first = next(csv.reader([pending]), [""])
            yield (csvsafe.restore(first[0]) if first else ""), pending


def _splice_files(folder: Path, new: Path, out: Path, drop: set[str]) -> None:
    """``students.csv`` and ``attempts.csv`` of ``folder`` written into ``out`` with the
    rows of the students ``drop`` replaced by those of the same files in ``new`` (the
    students derived again): the other rows are copied as they are, in place (the files
    are in student id order), so that the files are those every student derived again
    would give."""
    for name in _StudentFiles.NAMES:
        with (out / name).open("w", encoding="utf-8", newline="") as fh:
            with (new / name).open(encoding="utf-8", newline="") as header:
                fh.write(header.readline())
            incoming = _rows_by_id(new / name)
            nxt = next(incoming, None)
            lines: list[str] = []
            for sid, text in _rows_by_id(folder / name):
                while nxt is not None and nxt[0] < sid:
                    lines.append(nxt[1])
                    nxt = next(incoming, None)
                if sid not in drop:
                    lines.append(text)
                if len(lines) >= 10_000:
                    fh.writelines(lines)
                    lines.clear()
            while nxt is not None:
                lines.append(nxt[1])
                nxt = next(incoming, None)
            fh.writelines(lines)


def _sql_text(path: Path) -> str:
    return str(path).replace("'", "''")


def _convert_old_state(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    """Load an earlier release's ``roster-state.json`` into the records kept."""
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
        items = doc["records"]
        records_db.load_records(con, (Stored.from_dict(d) for d in items), table=KEPT)
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise RosterError(
            [LoadError(f"students/{OLD_STATE_FILE}", None, None, f"not a state file: {exc}")]
        ) from None


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


def _load_region(ws: Path, imported: set[str], *, others: bool = True) -> Region:
    """The workspace's region, loaded without the students the records rebuild anyway
    (and, with ``others`` false, without the students never imported either: an import
    that derives only the students it touches copies the other rows as they are).

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
                if not others and entry.name in _StudentFiles.NAMES:
                    with entry.open(encoding="utf-8-sig", newline="") as fh:
                        (view / "students" / entry.name).write_text(
                            fh.readline(), encoding="utf-8", newline=""
                        )
                    ok = True
                elif entry.name == "students.csv":
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
    ``students.csv``, ``attempts.csv`` and the records. Lands whole or not at all."""
    target = ws / "students"
    tmp = Path(tempfile.mkdtemp(prefix=".students-", dir=ws))
    try:
        if target.is_dir():
            for other in target.iterdir():
                if other.name not in ("students.csv", "attempts.csv", OLD_STATE_FILE) and (
                    not other.name.startswith(RECORDS_FILE)
                ):
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
