"""The plain-CSV template as read before the single pass (commit c08169b): each file
read twice through ``TableReader``, duplicate ids by an exact dict. Kept only as the
reference the single-pass reader is tested against (``tests/unit/test_roster_one_pass.py``);
the tables of columns are the live module's."""

from __future__ import annotations

import math
from datetime import datetime
from pathlib import Path
from types import MappingProxyType

from careerpaths.core import grades
from careerpaths.core.model import split_code
from careerpaths.io.errors import LoadError
from careerpaths.io.roster import (
    EMPTY_FIELDS,
    Interner,
    Kind,
    Mode,
    Record,
    RecordStatus,
    Ref,
    RosterError,
    RosterSnapshot,
    TableReader,
    parse_bool,
    unique_errors,
)
from careerpaths.io.roster_spill import RecordSink
from careerpaths.io.spreadsheet import Row
from careerpaths.io.student_csv import _YEAR_RE, FILES, KIND_OF_FILE, PERKINS, RACE_ETHNICITY, SEXES


def read_student_csv(root: Path | str, *, mode: Mode = Mode.BULK) -> RosterSnapshot:
    """Read a template folder; raise RosterError listing every problem if any."""
    root = Path(root)
    if not root.is_dir():
        raise RosterError([LoadError(str(root), None, None, "not a folder")])
    if not (root / "students.csv").is_file() and mode is Mode.BULK:
        raise RosterError(
            [LoadError("students.csv", None, None, "the file is missing (it is required)")]
        )
    errors: list[LoadError] = []
    records = RecordSink()
    modes: dict[Kind, Mode] = {}
    student_ids: set[str] | None = None
    intern = Interner()
    for name, (columns, required) in FILES.items():
        if not (root / name).is_file():
            continue
        req = (*required, "status", "date_last_modified") if mode is Mode.DELTA else required
        table = TableReader(root / name, name, columns, req, extensions=False)
        kind = KIND_OF_FILE[name]
        modes[kind] = mode
        seen: dict[str, int] = {}
        for row in table.rows:
            base = _base(table, row, mode, intern)
            if base is None:
                continue
            status, modified = base
            if kind is Kind.STUDENT:
                got = _student(table, row, status, modified, intern)
            else:
                got = _attempt(table, row, kind, status, modified, student_ids, intern)
            for rec in got:
                if rec.kind is not kind:
                    records.append(rec)
                    continue
                if rec.sourced_id in seen:
                    column = "student_id" if kind is Kind.STUDENT else _id_column(kind)
                    if kind is not Kind.STUDENT and not table.get(row, _id_column(kind)):
                        column = "course"
                    table.err(
                        row,
                        column,
                        f"{rec.sourced_id!r} is listed twice (first on line {seen[rec.sourced_id]})",
                    )
                    continue
                seen[rec.sourced_id] = row.line
                records.append(rec)
        if kind is Kind.STUDENT:
            # References to a students.csv that could not be read are not checked.
            student_ids = set(seen) if table.rows or not table.errors else None
            modes[Kind.DEMOGRAPHICS] = mode
        errors.extend(table.errors)
    if errors:
        raise RosterError(unique_errors(errors))
    return RosterSnapshot("csv", MappingProxyType(modes), records.records())


def _id_column(kind: Kind) -> str:
    return "attempt_id" if kind is Kind.ATTEMPT else "transcript_id"


def _base(
    t: TableReader, row: Row, mode: Mode, intern: Interner
) -> tuple[RecordStatus, datetime | None] | None:
    text = t.get(row, "status").lower()
    status = RecordStatus.ACTIVE
    if text in ("tobedeleted", "inactive"):
        status = RecordStatus.TOBEDELETED
    elif text not in ("", "active"):
        t.err(row, "status", f"status {text!r} is not active or tobedeleted")
    elif mode is Mode.DELTA and not text:
        t.err(row, "status", "status is required in a delta import (active or tobedeleted)")
    modified = None
    when = t.get(row, "date_last_modified")
    if when:
        try:
            modified = intern.when(when)
        except ValueError:
            t.err(
                row,
                "date_last_modified",
                f"{when!r} is not an ISO 8601 date-time (2025-08-20T14:03:00Z)",
            )
    elif mode is Mode.DELTA:
        t.err(row, "date_last_modified", "date_last_modified is required in a delta import")
    return status, modified


def _int(t: TableReader, row: Row, column: str, lo: int, hi: int, what: str) -> str:
    v = t.get(row, column)
    if not v:
        return ""
    if not (v.isascii() and v.isdigit() and lo <= int(v) <= hi):
        t.err(row, column, f"{v!r} is not {what}")
        return ""
    return str(int(v))


def _yes_no(t: TableReader, row: Row, column: str) -> str:
    v = t.get(row, column)
    try:
        return "yes" if parse_bool(v) else ""
    except ValueError:
        t.err(row, column, f"{v!r} is not yes or no")
        return ""


def _student(
    t: TableReader, row: Row, status: RecordStatus, modified: datetime | None, intern: Interner
) -> list[Record]:
    sid = intern(t.required(row, "student_id"))
    if not sid:
        return []
    if status is RecordStatus.TOBEDELETED:
        return [Record(Kind.STUDENT, sid, status, modified, EMPTY_FIELDS, (), t.label, row.line)]
    school = t.required(row, "school")
    level = t.get(row, "grade_level")
    grade = _int(t, row, "grade_level", 9, 14, "a grade 9-14") if level else ""
    if not level:
        t.required(row, "grade_level")
    for part in [p for p in t.get(row, "scores").split(";") if p.strip()]:
        name, _, value = part.partition("=")
        try:
            ok = bool(name.strip()) and math.isfinite(float(value))
        except ValueError:
            ok = False
        if not ok:
            t.err(row, "scores", f"{part.strip()!r} is not a score like placement.math=250")
            break
    race = t.get(row, "race_ethnicity")
    if race:
        match = [r for r in RACE_ETHNICITY if r.lower() == race.lower()]
        if not match:
            t.err(row, "race_ethnicity", f"{race!r} is not one of {'; '.join(RACE_ETHNICITY)}")
        race = match[0] if match else ""
    sex = t.get(row, "sex").upper()
    if sex and sex not in SEXES:
        t.err(row, "sex", f"{sex!r} is not F, M or X")
        sex = ""
    demo = {"race_ethnicity": race, "sex": sex}
    for p in PERKINS:
        if t.get(row, p):
            demo[p] = "Y" if _yes_no(t, row, p) else "N"
    student = Record(
        Kind.STUDENT,
        sid,
        status,
        modified,
        intern.fields(
            {
                "school": school,
                "orgs": school,
                "grade": grade,
                "cohort": _int(t, row, "cohort", 2000, 2100, "a graduation year"),
                "pathway": t.get(row, "pathway"),
                "scores": t.get(row, "scores"),
                "flags": t.get(row, "flags"),
                "credentials": t.get(row, "credentials"),
            }
        ),
        (),
        t.label,
        row.line,
    )
    demographics = Record(
        Kind.DEMOGRAPHICS,
        sid,
        status,
        modified,
        intern.fields({k: v for k, v in demo.items() if v}),
        (),
        t.label,
        row.line,
    )
    return [student, demographics]


def _attempt(
    t: TableReader,
    row: Row,
    kind: Kind,
    status: RecordStatus,
    modified: datetime | None,
    students: set[str] | None,
    intern: Interner,
) -> list[Record]:
    sid = intern(t.required(row, "student_id"))
    code = t.required(row, "course")
    if code:
        try:
            split_code(code)
        except ValueError as exc:
            t.err(row, "course", str(exc))
            code = ""
    year_text = t.required(row, "school_year")
    end_year = ""
    if year_text:
        m = _YEAR_RE.match(year_text)
        if not m or (int(m.group(1)) + 1) % 100 != int(m.group(2)):
            t.err(row, "school_year", f"{year_text!r} is not a school year like 2025-26")
        else:
            end_year = str(int(m.group(1)) + 1)
    season = t.required(row, "season").upper()
    if season and season not in ("FA", "SP", "SU"):
        t.err(row, "season", f"{season!r} is not FA, SP or SU")
    grade = t.get(row, "grade").upper()
    if kind is Kind.TRANSCRIPT:
        t.required(row, "grade")
    if grade and not grades.is_known(grade):
        t.err(row, "grade", f"{grade!r} is not a grade (A+ to F, P, NP, W, IP)")
    credits = t.get(row, "credits_earned")
    if credits:
        try:
            x = float(credits)
            if not math.isfinite(x) or x < 0:
                raise ValueError(credits)
        except ValueError:
            t.err(row, "credits_earned", f"{credits!r} is not a number of credits")
    id_column = _id_column(kind)
    rid = t.get(row, id_column) or (
        f"{sid}|{'-'.join(split_code(code))}|{year_text}|{season}" if sid and code else ""
    )
    if not rid or not end_year or season not in ("FA", "SP", "SU") or not sid:
        return []
    if students is not None and sid not in students:
        t.err(row, "student_id", f"student {sid!r} is not in students.csv")
        return []
    if status is RecordStatus.TOBEDELETED:
        return [Record(kind, rid, status, modified, EMPTY_FIELDS, (), t.label, row.line)]
    data = {
        "student": sid,
        "course": code,
        "school_year_end": end_year,
        "season": season,
        "grade": grade,
        "credits_earned": credits,
    }
    if kind is Kind.ATTEMPT:
        data["dual_credit"] = _yes_no(t, row, "dual_credit")
        data["provider"] = t.get(row, "provider")
    else:
        data["provider"] = t.required(row, "college")
        data["dual_credit"] = "yes"
    refs = (
        ()
        if students is not None
        else (intern.ref(Ref(Kind.STUDENT, intern(sid), "student_id", row.col("student_id"))),)
    )
    return [Record(kind, rid, status, modified, intern.fields(data), refs, t.label, row.line)]
