"""The plain-CSV student template, for districts without a OneRoster export.

A folder with up to three files (columns documented in docs/student-data.md)::

    students.csv              one row per student (required)
    attempts.csv              high-school and college course attempts (optional)
    college_transcripts.csv   dual-credit courses from the college's transcript (optional)

read into the same :class:`~careerpaths.io.roster.RosterSnapshot` as a OneRoster export,
with the same checks: every problem is reported with file, line, column and reason, and
nothing is returned when there is one. Each file present is taken as complete (bulk):
a student or an attempt it no longer lists is made inactive when merged. With
``mode=Mode.DELTA`` the files list only changes, and ``status`` may say ``tobedeleted``.

Students are identified by ``student_id``; an attempt by ``attempt_id`` when given, else
by student, course, school year and season (``SYN-1|BIO-168|2025-26|FA``).
"""

from __future__ import annotations

import functools
import math
import re
from datetime import datetime
from pathlib import Path
from types import MappingProxyType

from careerpaths.core import grades, i18n
from careerpaths.core.model import split_code
from careerpaths.io.domains import CREDITS, in_domain, score_domain
from careerpaths.io.errors import LoadError
from careerpaths.io.oneroster import HISPANIC, PERKINS, RACE_FLAGS, TWO_OR_MORE
from careerpaths.io.records_db import RecordSink, input_bytes
from careerpaths.io.roster import (
    EMPTY_FIELDS,
    Fields,
    Kind,
    Mode,
    Record,
    RecordStatus,
    Ref,
    RosterError,
    RosterSnapshot,
    Table,
    TableStream,
    parse_bool,
    parse_when,
    unique_errors,
)
from careerpaths.io.spreadsheet import Row
from careerpaths.io.staging import KeySpec, duplicate_keys, repeated_ids

COMMON = ("status", "date_last_modified")
STUDENT_COLUMNS = (
    "student_id", "school", "grade_level", "cohort", "pathway", "scores", "flags",
    "credentials", "race_ethnicity", "sex", *PERKINS, *COMMON,
)  # fmt: skip
ATTEMPT_COLUMNS = (
    "attempt_id", "student_id", "course", "school_year", "season", "grade", "credits_earned",
    "dual_credit", "provider", *COMMON,
)  # fmt: skip
TRANSCRIPT_COLUMNS = (
    "transcript_id", "student_id", "college", "course", "school_year", "season", "grade",
    "credits_earned", *COMMON,
)  # fmt: skip
FILES = {
    "students.csv": (STUDENT_COLUMNS, ("student_id", "school", "grade_level")),
    "attempts.csv": (ATTEMPT_COLUMNS, ("student_id", "course", "school_year", "season")),
    "college_transcripts.csv": (
        TRANSCRIPT_COLUMNS,
        ("student_id", "college", "course", "school_year", "season", "grade"),
    ),
}
KIND_OF_FILE = {
    "students.csv": Kind.STUDENT,
    "attempts.csv": Kind.ATTEMPT,
    "college_transcripts.csv": Kind.TRANSCRIPT,
}
RACE_ETHNICITY = (HISPANIC, TWO_OR_MORE, *(label for _, label in RACE_FLAGS))
SEXES = ("F", "M", "X")
_YEAR_RE = re.compile(r"^(\d{4})-(\d{2})$", re.ASCII)


def read_student_csv(root: Path | str, *, mode: Mode = Mode.BULK) -> RosterSnapshot:
    """Read a template folder; raise RosterError listing every problem if any."""
    root = Path(root)
    if not root.is_dir():
        raise RosterError([LoadError(str(root), None, None, i18n.text("not a folder"))])
    if not (root / "students.csv").is_file() and mode is Mode.BULK:
        raise RosterError(
            [
                LoadError(
                    "students.csv", None, None, i18n.text("the file is missing (it is required)")
                )
            ]
        )
    records = RecordSink(input_bytes(root / name for name in FILES))
    try:
        return _read_files(root, mode, records)
    except BaseException:
        records.discard()  # nothing of a failed read stays on disk
        raise


def _read_files(root: Path, mode: Mode, records: RecordSink) -> RosterSnapshot:
    errors: list[LoadError] = []
    warnings: list[LoadError] = []
    rows: dict[str, int] = {}
    modes: dict[Kind, Mode] = {}
    student_ids: set[str] | None = None
    for name, (columns, required) in FILES.items():
        if not (root / name).is_file():
            continue
        req = (*required, "status", "date_last_modified") if mode is Mode.DELTA else required
        # Each file read once, each row checked and made into its records as it is read.
        table = TableStream(root / name, name, columns, req, extensions=False)
        kind = KIND_OF_FILE[name]
        modes[kind] = mode
        seen: dict[str, int] = {}
        # Attempts and transcripts (20 million at state scale: a dict of their ids held
        # about 4 GB) keep no ids while they are read; DuckDB finds their repeats after the
        # file, confirmed with the errors of the exact check (careerpaths.io.staging).
        unnamed = kind is not Kind.STUDENT
        for row in table:
            base = _base(table, row, mode)
            if base is None:
                continue
            status, modified = base
            if kind is Kind.STUDENT:
                got = _student(table, row, status, modified)
            else:
                got = _attempt(table, row, kind, status, modified, student_ids)
            for rec in got:
                if rec.kind is not kind:
                    records.append(rec)
                    continue
                if unnamed:
                    records.append(rec)  # repeats found by DuckDB after the file
                    continue
                if rec.sourced_id in seen:
                    table.err(
                        row,
                        "student_id",
                        i18n.text(
                            "%(id)r is listed twice (first on line %(first)s)",
                            id=rec.sourced_id,
                            first=seen[rec.sourced_id],
                        ),
                    )
                    continue
                else:
                    seen[rec.sourced_id] = row.line
                records.append(rec)
        if unnamed and not table.broken:
            spec = _KEYS[kind]
            keys = duplicate_keys(root / name, table.header, spec, table.count)
            if keys is None or keys:
                again = TableStream(root / name, name, columns, (), extensions=False)
                table.errors.extend(
                    LoadError(
                        name,
                        line,
                        column,
                        i18n.text(
                            "%(id)r is listed twice (first on line %(first)s)", id=rid, first=first
                        ),
                    )
                    for line, column, rid, first in repeated_ids(
                        again, spec, keys, functools.partial(_id_of_row, kind)
                    )
                )
                if again.broken or again.header != table.header:
                    raise RosterError(
                        [
                            LoadError(
                                name,
                                None,
                                None,
                                i18n.text("the file changed while it was being read"),
                            )
                        ]
                    )
        if kind is Kind.STUDENT:
            # References to a students.csv that could not be read are not checked.
            student_ids = None if table.broken else set(seen)
            modes[Kind.DEMOGRAPHICS] = mode
        errors.extend(table.errors)
        warnings.extend(table.warnings)
        rows[name] = table.count
    if errors:
        raise RosterError(unique_errors(errors))
    return RosterSnapshot(
        "csv",
        MappingProxyType(modes),
        records.records(),
        warnings=tuple(unique_errors(warnings)),
        rows=MappingProxyType(rows),
    )


@functools.lru_cache(maxsize=1024)  # a template's school years are a handful
def _school_year_end(text: str) -> str:
    """``2025-26`` → ``2026``; blank when the text is not a school year like that."""
    m = _YEAR_RE.match(text)
    if not m or (int(m.group(1)) + 1) % 100 != int(m.group(2)):
        return ""
    return str(int(m.group(1)) + 1)


_is_grade = functools.lru_cache(maxsize=1024)(grades.is_known)


def _id_column(kind: Kind) -> str:
    return "attempt_id" if kind is Kind.ATTEMPT else "transcript_id"


def _attempt_id(given: str, sid: str, code: str, year_text: str, season: str) -> str:
    """An attempt's (or a transcript's) id: the one given, else made of its student, course,
    school year and season (``SYN-1|BIO-168|2025-26|FA``); blank without student or course
    (``code`` is blank when it is not a course code)."""
    return given or (
        f"{sid}|{'-'.join(split_code(code))}|{year_text}|{season}" if sid and code else ""
    )


_COMPOSITE = ("student_id", "course", "school_year", "season")
# The keys DuckDB groups attempts and transcripts by (see careerpaths.io.staging).
_KEYS = {
    Kind.ATTEMPT: KeySpec("attempt_id", _COMPOSITE),
    Kind.TRANSCRIPT: KeySpec("transcript_id", _COMPOSITE),
}


def _id_of_row(kind: Kind, row: Row) -> tuple[str, int | None]:
    """The id :func:`_attempt` gives a row of a file without error, and the column its
    "listed twice" error names, from the row alone (the row read again)."""
    id_column = _id_column(kind)
    given = row.get(id_column)
    code = row.get("course")
    if code:
        try:
            split_code(code)
        except ValueError:
            code = ""
    rid = _attempt_id(
        given, row.get("student_id"), code, row.get("school_year"), row.get("season").upper()
    )
    return rid, row.col(id_column if given else "course")


def _base(t: Table, row: Row, mode: Mode) -> tuple[RecordStatus, datetime | None] | None:
    text = t.get(row, "status").lower()
    status = RecordStatus.ACTIVE
    if text in ("tobedeleted", "inactive"):
        status = RecordStatus.TOBEDELETED
    elif text not in ("", "active"):
        t.err(row, "status", i18n.text("status %(value)r is not active or tobedeleted", value=text))
    elif mode is Mode.DELTA and not text:
        t.err(
            row, "status", i18n.text("status is required in a delta import (active or tobedeleted)")
        )
    modified = None
    when = t.get(row, "date_last_modified")
    if when:
        try:
            modified = parse_when(when)
        except ValueError:
            t.err(
                row,
                "date_last_modified",
                i18n.text(
                    "%(value)r is not an ISO 8601 date-time (2025-08-20T14:03:00Z)", value=when
                ),
            )
    elif mode is Mode.DELTA:
        t.err(
            row, "date_last_modified", i18n.text("date_last_modified is required in a delta import")
        )
    return status, modified


def _int(t: Table, row: Row, column: str, lo: int, hi: int, what: str) -> str:
    v = t.get(row, column)
    if not v:
        return ""
    if not (v.isascii() and v.isdigit() and lo <= int(v) <= hi):
        t.err(row, column, i18n.text("%(value)r is not %(what)s", value=v, what=what))
        return ""
    return str(int(v))


def _yes_no(t: Table, row: Row, column: str) -> str:
    v = t.get(row, column)
    try:
        return "yes" if parse_bool(v) else ""
    except ValueError:
        t.err(row, column, i18n.text("%(value)r is not yes or no", value=v))
        return ""


def _student(t: Table, row: Row, status: RecordStatus, modified: datetime | None) -> list[Record]:
    sid = t.required(row, "student_id")
    if not sid:
        return []
    if status is RecordStatus.TOBEDELETED:
        return [Record(Kind.STUDENT, sid, status, modified, EMPTY_FIELDS, (), t.label, row.line)]
    school = t.required(row, "school")
    level = t.get(row, "grade_level")
    grade = _int(t, row, "grade_level", 9, 14, i18n.text("a grade 9-14")) if level else ""
    if not level:
        t.required(row, "grade_level")
    for part in [p for p in t.get(row, "scores").split(";") if p.strip()]:
        name, _, value = part.partition("=")
        try:
            ok = bool(name.strip()) and math.isfinite(float(value))
        except ValueError:
            ok = False
        if not ok:
            t.err(
                row,
                "scores",
                i18n.text("%(value)r is not a score like placement.math=250", value=part.strip()),
            )
            break
        domain = score_domain(name)
        if in_domain(value, domain) is None:
            t.err(
                row,
                "scores",
                i18n.text(
                    "%(value)r: %(name)s must be %(what)s",
                    value=part.strip(),
                    name=name.strip(),
                    what=domain.what,
                ),
            )
            break
    race = t.get(row, "race_ethnicity")
    if race:
        match = [r for r in RACE_ETHNICITY if r.lower() == race.lower()]
        if not match:
            t.err(
                row,
                "race_ethnicity",
                i18n.text(
                    "%(value)r is not one of %(allowed)s",
                    value=race,
                    allowed="; ".join(RACE_ETHNICITY),
                ),
            )
        race = match[0] if match else ""
    sex = t.get(row, "sex").upper()
    if sex and sex not in SEXES:
        t.err(row, "sex", i18n.text("%(value)r is not F, M or X", value=sex))
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
        Fields.of(
            {
                "school": school,
                "orgs": school,
                "grade": grade,
                "cohort": _int(t, row, "cohort", 2000, 2100, i18n.text("a graduation year")),
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
        Fields.of({k: v for k, v in demo.items() if v}),
        (),
        t.label,
        row.line,
    )
    return [student, demographics]


def _attempt(
    t: Table,
    row: Row,
    kind: Kind,
    status: RecordStatus,
    modified: datetime | None,
    students: set[str] | None,
) -> list[Record]:
    sid = t.required(row, "student_id")
    code = t.required(row, "course")
    if code:
        try:
            split_code(code)
        except ValueError:
            t.err(
                row,
                "course",
                i18n.text(
                    "%(value)r is not a course code (letters then a number, e.g. BIO-168 or MATH 1)",
                    value=code,
                ),
            )
            code = ""
    year_text = t.required(row, "school_year")
    end_year = ""
    if year_text:
        end_year = _school_year_end(year_text)
        if not end_year:
            t.err(
                row,
                "school_year",
                i18n.text("%(value)r is not a school year like 2025-26", value=year_text),
            )
    season = t.required(row, "season").upper()
    if season and season not in ("FA", "SP", "SU"):
        t.err(row, "season", i18n.text("%(value)r is not FA, SP or SU", value=season))
    grade = t.get(row, "grade").upper()
    if kind is Kind.TRANSCRIPT:
        t.required(row, "grade")
    if grade and not _is_grade(grade):
        t.err(
            row, "grade", i18n.text("%(value)r is not a grade (A+ to F, P, NP, W, IP)", value=grade)
        )
    credits = t.get(row, "credits_earned")
    if credits and in_domain(credits, CREDITS) is None:
        t.err(
            row,
            "credits_earned",
            i18n.text("%(value)r is not %(what)s", value=credits, what=CREDITS.what),
        )
    rid = _attempt_id(t.get(row, _id_column(kind)), sid, code, year_text, season)
    if not rid or not end_year or season not in ("FA", "SP", "SU") or not sid:
        return []
    if students is not None and sid not in students:
        t.err(row, "student_id", i18n.text("student %(id)r is not in students.csv", id=sid))
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
        else (Ref(Kind.STUDENT, sid, "student_id", row.col("student_id")),)
    )
    return [Record(kind, rid, status, modified, Fields.of(data), refs, t.label, row.line)]
