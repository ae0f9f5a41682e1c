"""IMS OneRoster 1.1 and 1.2 bulk and delta CSV, read into a :class:`RosterSnapshot`.

``manifest.csv`` decides the version (``oneroster.version``) and, per file, whether it is
``bulk``, ``delta`` or ``absent``. The files read are ``orgs``, ``academicSessions``,
``courses``, ``classes``, ``users`` (and 1.2's ``roles``), ``enrollments``,
``demographics``, ``lineItems`` and ``results``; the others a manifest may list
(resources, categories, score scales, …) are not needed and are not read.

Every row is checked — required fields, ``status`` (``active`` / ``tobedeleted``; required
in a delta file), ISO 8601 dates, enumerations, duplicate ``sourcedId``\\ s — and so is every
reference to a file read in bulk. References into a delta or absent file are checked by
:func:`careerpaths.io.roster_merge.merge` against the records already kept. Any problem
raises :class:`~careerpaths.io.roster.RosterError` listing all of them with file, line,
column and reason. Only students are kept from ``users``; teachers, guardians and
administrators are left out, and so are their enrollments.

>>> from pathlib import Path
>>> snap = read_oneroster(Path("tests/data/oneroster/v1p1"))  # doctest: +SKIP
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from types import MappingProxyType

from careerpaths.core import i18n
from careerpaths.io import oneroster_sql
from careerpaths.io.domains import POINTS_POSSIBLE, SCORE, in_domain
from careerpaths.io.errors import LoadError
from careerpaths.io.oneroster_sql import SetRead
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
    parse_date,
    parse_when,
    unique_errors,
)
from careerpaths.io.spreadsheet import Row
from careerpaths.io.staging import KeySpec, duplicate_keys, repeated_ids

VERSIONS = ("1.1", "1.2")
PARENT = "parentSourcedId"
COMMON = ("sourcedId", "status", "dateLastModified")

# The spec's columns per file (1.1 and 1.2 differ in users, lineItems and results);
# required ones are those the spec requires and those we rely on.
COLUMNS: dict[str, tuple[str, ...]] = {
    "orgs": (*COMMON, "name", "type", "identifier", "parentSourcedId"),
    "academicSessions": (
        *COMMON, "title", "type", "startDate", "endDate", "parentSourcedId", "schoolYear",
    ),
    "courses": (
        *COMMON, "schoolYearSourcedId", "title", "courseCode", "grades", "orgSourcedId",
        "subjects", "subjectCodes", "resourceSourcedIds",
    ),
    "classes": (
        *COMMON, "title", "grades", "courseSourcedId", "classCode", "classType", "location",
        "schoolSourcedId", "termSourcedIds", "subjects", "subjectCodes", "periods",
        "resourceSourcedIds",
    ),
    "users": (
        *COMMON, "enabledUser", "orgSourcedIds", "role", "username", "userIds", "givenName",
        "familyName", "middleName", "identifier", "email", "sms", "phone", "agentSourcedIds",
        "grades", "password", "userMasterIdentifier", "resourceSourcedIds",
        "preferredGivenName", "preferredMiddleName", "preferredFamilyName",
        "primaryOrgSourcedId", "pronouns",
    ),
    "roles": (
        *COMMON, "userSourcedId", "roleType", "role", "beginDate", "endDate", "orgSourcedId",
        "userProfileSourcedId",
    ),
    "enrollments": (
        *COMMON, "classSourcedId", "schoolSourcedId", "userSourcedId", "role", "primary",
        "beginDate", "endDate",
    ),
    "demographics": (
        *COMMON, "birthDate", "sex", "americanIndianOrAlaskaNative", "asian",
        "blackOrAfricanAmerican", "nativeHawaiianOrOtherPacificIslander", "white",
        "demographicRaceTwoOrMoreRaces", "hispanicOrLatinoEthnicity", "countryOfBirthCode",
        "stateOfBirthAbbreviation", "cityOfBirth", "publicSchoolResidenceStatus",
    ),
    "lineItems": (
        *COMMON, "title", "description", "assignDate", "dueDate", "classSourcedId",
        "categorySourcedId", "gradingPeriodSourcedId", "academicSessionSourcedId",
        "schoolSourcedId", "resultValueMin", "resultValueMax", "scoreScaleSourcedId",
        "learningObjectiveSet", "learningObjectiveIds", "learningObjectiveResults",
    ),
    "results": (
        *COMMON, "lineItemSourcedId", "studentSourcedId", "classSourcedId", "scoreStatus",
        "score", "textScore", "scoreDate", "comment", "scoreScaleSourcedId",
        "learningObjectiveSet", "learningObjectiveIds", "learningObjectiveResults",
        "inProgress", "incomplete", "late", "missing",
    ),
}  # fmt: skip
REQUIRED: dict[str, tuple[str, ...]] = {
    "orgs": ("sourcedId", "name", "type"),
    "academicSessions": ("sourcedId", "title", "type", "startDate", "endDate", "schoolYear"),
    "courses": ("sourcedId", "title", "orgSourcedId"),
    "classes": (
        "sourcedId", "title", "courseSourcedId", "classType", "schoolSourcedId", "termSourcedIds",
    ),
    "users": ("sourcedId", "enabledUser", "username", "givenName", "familyName"),
    "roles": ("sourcedId", "userSourcedId", "roleType", "role", "orgSourcedId"),
    "enrollments": ("sourcedId", "classSourcedId", "schoolSourcedId", "userSourcedId", "role"),
    "demographics": ("sourcedId",),
    "lineItems": ("sourcedId", "title", "classSourcedId"),
    "results": ("sourcedId", "lineItemSourcedId", "studentSourcedId", "scoreStatus"),
}  # fmt: skip
KIND_OF_FILE: dict[str, Kind] = {
    "orgs": Kind.ORG,
    "academicSessions": Kind.SESSION,
    "courses": Kind.COURSE,
    "classes": Kind.CLASS,
    "users": Kind.STUDENT,
    "enrollments": Kind.ENROLLMENT,
    "demographics": Kind.DEMOGRAPHICS,
    "lineItems": Kind.LINE_ITEM,
    "results": Kind.RESULT,
}
READ_ORDER = (
    "orgs", "academicSessions", "courses", "classes", "roles", "users", "enrollments",
    "demographics", "lineItems", "results",
)  # fmt: skip
# Files whose ids no other file names: their ids are checked for duplicates by DuckDB once
# the file is read (careerpaths.io.staging), and in a file of more than HASH_IDS_OVER rows a
# repeated row is read as any other (see _repeated_ids).
UNNAMED = ("enrollments", "results")
HASH_IDS_OVER = 1_000_000
# Files a manifest may name that we do not need.
OTHER_FILES = (
    "categories", "classResources", "courseResources", "resources", "userResources",
    "userProfiles", "scoreScales", "lineItemLearningObjectiveIds", "lineItemScoreScales",
    "resultLearningObjectiveIds", "resultScoreScales",
)  # fmt: skip

ORG_TYPES = ("department", "school", "district", "local", "state", "national")
SESSION_TYPES = ("gradingPeriod", "semester", "schoolYear", "term")
CLASS_TYPES = ("homeroom", "scheduled")
ROLES = (
    "administrator", "aide", "guardian", "parent", "proctor", "relative", "student", "teacher",
    "counselor", "districtAdministrator", "principal", "siteAdministrator", "systemAdministrator",
)  # fmt: skip
ENROLLMENT_ROLES = ("administrator", "proctor", "student", "teacher", "aide", "guardian", "parent")
SCORE_STATUSES = (
    "exempt", "fully graded", "not submitted", "partially graded", "submitted",
)  # fmt: skip
SEXES = {"male": "M", "female": "F", "other": "X", "unspecified": ""}
# CEDS grade levels a student may have; we keep 9-14 (PS, postsecondary, is 13).
GRADE_LEVELS = {
    **{f"{g:02d}": str(g) for g in range(1, 14)},
    **{str(g): str(g) for g in range(1, 14)},
    "PS": "13", "UG": "13", "IT": "0", "PR": "0", "PK": "0", "TK": "0", "KG": "0", "OTHER": "0",
}  # fmt: skip
# The federal race/ethnicity categories (the labels the demo and the analytics use).
RACE_FLAGS = (
    ("americanIndianOrAlaskaNative", "American Indian or Alaska Native"),
    ("asian", "Asian"),
    ("blackOrAfricanAmerican", "Black or African American"),
    ("nativeHawaiianOrOtherPacificIslander", "Native Hawaiian or Other Pacific Islander"),
    ("white", "White"),
)
HISPANIC = "Hispanic/Latino"
TWO_OR_MORE = "Two or more races"
# Perkins V special populations, given as extension columns (metadata.<name>).
PERKINS = (
    "economically_disadvantaged", "english_learner", "disability", "homeless", "foster_care",
    "migrant", "military_connected", "single_parent", "displaced_homemaker",
)  # fmt: skip
DUAL_CREDIT_EXTENSION = "dual_credit"
FINAL_EXTENSION = "final"


@dataclass
class _Ctx:
    root: Path
    version: str
    modes: dict[str, Mode]
    errors: list[LoadError]
    records: RecordSink
    ids: dict[str, dict[str, int]]  # file -> sourcedId -> line (every row, any role)
    user_roles: dict[str, set[str]]  # user sourcedId -> roles (1.2's roles.csv)
    user_orgs: dict[str, list[str]]  # user sourcedId -> orgs from roles.csv, primary first
    students: set[str]
    broken: set[str]  # files that could not be read at all: references to them are not checked
    bad: set[tuple[str, str]]  # (file, sourcedId) of rows with an error: nor are references to them
    users_have_role: bool = False  # a 1.2 users.csv that still has the role column
    done: set[str] = field(default_factory=set)  # files read to the end
    deferred: list[Record] = field(default_factory=list)  # references checked at the end
    # Set as each file starts (nothing of it changes until the file ends) and at the end:
    # the kinds whose file is read in bulk and not to its end yet, and the files
    # references are checked against — read in bulk, without an error of their own —
    # by the kind they hold, with their ids.
    pending: frozenset[Kind] = frozenset()
    targets: dict[Kind, tuple[str, dict[str, int]]] = field(default_factory=dict)
    warnings: list[LoadError] = field(default_factory=list)  # imported, and reported
    skipped: list[LoadError] = field(default_factory=list)  # rows left out, and listed
    rows: dict[str, int] = field(default_factory=dict)  # rows read per file
    place: int | None = None  # see oneroster_sql.SetRead.first

    def add(self, rec: Record) -> None:
        """Keep ``rec``, its references checked now when the files they name are read
        (a row whose references make it unusable — an enrollment of a teacher as a
        student — is left out and listed instead)."""
        pending = self.pending
        if pending and not pending.isdisjoint(map(_kind_of_ref, rec.refs)):
            self.deferred.append(rec)  # a file read later, or this one (a parent org)
        elif not _check_record_refs(self, rec):
            return
        # A file read set-based keeps its records in line order (see oneroster_sql).
        self.records.append(rec, None if self.place is None else self.place + rec.line)

    def _pending(self, name: str) -> bool:
        """A file read in bulk but not to its end yet (only those are checked against)."""
        return self.modes.get(name) is _BULK and name not in self.done

    def refresh(self) -> None:
        """``pending`` and ``targets`` as they are now."""
        self.pending = frozenset(k for k, f in _FILE_OF_KIND.items() if self._pending(f))
        self.targets = {
            k: (f, self.ids.get(f, {}))
            for k, f in _FILE_OF_KIND.items()
            if self.modes.get(f) is _BULK and f not in self.broken
        }


def read_oneroster(root: Path | str) -> RosterSnapshot:
    """Read a OneRoster CSV folder; raise RosterError listing every problem if any."""
    root = Path(root)
    if not root.is_dir():
        raise RosterError([LoadError(str(root), None, None, i18n.text("not a folder"))])
    errors: list[LoadError] = []
    manifest_warnings: list[LoadError] = []
    version, modes = _manifest(root, errors, manifest_warnings)
    if errors:
        raise RosterError(unique_errors(errors))
    sink = RecordSink(input_bytes(root / f"{name}.csv" for name in modes))
    ctx = _Ctx(root, version, modes, errors, sink, {}, {}, {}, set(), set(), set())
    ctx.warnings.extend(manifest_warnings)
    try:
        return _read_files(ctx)
    except BaseException:
        ctx.records.discard()  # nothing of a failed read stays on disk
        raise


def _read_files(ctx: _Ctx) -> RosterSnapshot:
    version, modes, errors = ctx.version, ctx.modes, ctx.errors
    readers: dict[str, Callable[[_Ctx, Table, Row, _Base], Record | None]] = {
        "orgs": _org,
        "academicSessions": _session,
        "courses": _course,
        "classes": _class,
        "roles": _role,
        "users": _user,
        "enrollments": _enrollment,
        "demographics": _demographics,
        "lineItems": _line_item,
        "results": _result,
    }
    for name in READ_ORDER:
        if name in modes:
            _read_file(ctx, name, readers[name])
    if (
        version == "1.2"
        and modes.get("users") is Mode.BULK
        and "roles" not in modes
        and not ctx.users_have_role
        and ctx.ids.get("users")
    ):
        errors.append(
            LoadError(
                "manifest.csv",
                None,
                None,
                i18n.text(
                    "OneRoster 1.2 gives users' roles in roles.csv, which the manifest does not list"
                ),
            )
        )
    ctx.refresh()
    for rec in ctx.deferred:
        _check_record_refs(ctx, rec)
    if errors:
        raise RosterError(unique_errors(errors))
    return RosterSnapshot(
        source=f"oneroster-{version}",
        modes=MappingProxyType({KIND_OF_FILE[f]: m for f, m in modes.items() if f in KIND_OF_FILE}),
        records=ctx.records.records(),
        warnings=tuple(unique_errors(ctx.warnings)),
        skipped_rows=tuple(unique_errors(ctx.skipped)),
        rows=MappingProxyType(dict(ctx.rows)),
    )


def _manifest(
    root: Path, errors: list[LoadError], warnings: list[LoadError]
) -> tuple[str, dict[str, Mode]]:
    label = "manifest.csv"
    if not (root / label).is_file():
        errors.append(
            LoadError(label, None, None, i18n.text("the file is missing (every export has one)"))
        )
        return "", {}
    table = TableStream(
        root / label, label, ("propertyName", "value"), ("propertyName", "value"), extensions=False
    )
    props: dict[str, tuple[str, Row]] = {}
    for row in table:
        name = table.required(row, "propertyName")
        if name in props:
            table.err(row, "propertyName", i18n.text("%(name)s is given twice", name=name))
        props[name] = (table.get(row, "value"), row)
    if table.broken:
        props = {}  # a manifest with an error of its own gives nothing else
    has_rows = table.count > 0
    version, vrow = props.get("oneroster.version", ("", None))
    if has_rows and vrow is None:
        table.errors.append(LoadError(label, None, None, i18n.text("oneroster.version is missing")))
    elif vrow is not None and version not in VERSIONS:
        table.err(
            vrow,
            "value",
            i18n.text("oneroster.version %(version)r is not 1.1 or 1.2", version=version),
        )
    modes: dict[str, Mode] = {}
    wanted = set(COLUMNS) - ({"roles"} if version == "1.1" else set())
    for prop, (value, row) in props.items():
        if not prop.startswith("file."):
            continue
        name = prop.removeprefix("file.")
        v = value.lower()
        if not v:
            # file.userProfiles, with no value: real exports leave the files they do not
            # have empty. Read as absent.
            warnings.append(
                LoadError(
                    label,
                    row.line,
                    2,
                    i18n.text("%(prop)s has no value; read as absent", prop=prop),
                )
            )
            v = "absent"
        if v not in ("bulk", "delta", "absent"):
            table.err(
                row,
                "value",
                i18n.text(
                    "%(prop)s is %(value)r; expected bulk, delta or absent", prop=prop, value=value
                ),
            )
            continue
        present = (root / f"{name}.csv").is_file()
        if name not in wanted and name not in OTHER_FILES:
            table.err(
                row,
                "propertyName",
                i18n.text(
                    "%(prop)s is not a OneRoster %(version)s file", prop=prop, version=version or ""
                ),
            )
        elif v == "absent" and present and name in wanted:
            table.err(
                row,
                "value",
                i18n.text("%(file)s is present but the manifest says absent", file=f"{name}.csv"),
            )
        elif v != "absent" and not present:
            table.errors.append(
                LoadError(
                    f"{name}.csv",
                    None,
                    None,
                    i18n.text("the file is missing (%(prop)s is %(value)s)", prop=prop, value=v),
                )
            )
        elif v != "absent" and name in wanted:
            modes[name] = Mode(v)
    if has_rows:
        for name in sorted(wanted):
            if (root / f"{name}.csv").is_file() and f"file.{name}" not in props:
                table.errors.append(
                    LoadError(
                        label,
                        None,
                        None,
                        i18n.text(
                            "%(file)s is present but %(prop)s is not listed",
                            file=f"{name}.csv",
                            prop=f"file.{name}",
                        ),
                    )
                )
    errors.extend(table.errors)
    return version, modes


@dataclass(slots=True)
class _Base:
    """The common fields of a row, already checked."""

    sourced_id: str
    status: RecordStatus
    modified: datetime | None


def _read_file(
    ctx: _Ctx, name: str, make: Callable[[_Ctx, Table, Row, _Base], Record | None]
) -> None:
    """Read one file in one pass: each row checked and made into its record as it is read.

    A file with an error of its own (encoding, CSV syntax, header, a short or long row)
    gives its errors only, as if none of its rows had been read: what its rows did —
    their errors, their ids, the students and roles they gave — is undone at the end, and
    references to it are not checked. (Its records went to the sink: the read fails.)
    """
    label = f"{name}.csv"
    mode = ctx.modes[name]
    required = REQUIRED[name]
    if name == "users" and ctx.version == "1.1":
        required = (*required, "orgSourcedIds", "role")
    if mode is _DELTA:
        required = (*required, "status", "dateLastModified")
    table = TableStream(ctx.root / label, label, COLUMNS[name], required)
    seen = ctx.ids.setdefault(name, {})
    ctx.refresh()
    errors_before, deferred_before = len(ctx.errors), len(ctx.deferred)
    set_read = None
    if name in oneroster_sql.FILES:
        set_read = _set_based(ctx, name, mode, table)
        if set_read is None:  # read row by row, from the start
            table = TableStream(ctx.root / label, label, COLUMNS[name], required)
    rows: Iterable[Row] = table if set_read is None else set_read.rows
    ctx.place = None if set_read is None else set_read.first
    # A file that no other file names (millions of rows at state scale) keeps no ids while
    # it is read (an id string and a line number a row cost gigabytes): DuckDB finds its
    # repeats after the file, see _repeated_ids.
    unnamed = name in UNNAMED
    for row in rows:
        sid = table.required(row, "sourcedId")
        if not sid:
            continue
        if not unnamed:
            if sid in seen:
                table.err(
                    row,
                    "sourcedId",
                    i18n.text(
                        "sourcedId %(id)r is listed twice (first on line %(first)s)",
                        id=sid,
                        first=seen[sid],
                    ),
                )
                continue
            seen[sid] = row.line
        _row(ctx, table, name, mode, row, sid, make)
    ctx.place = None
    if set_read is not None:
        table.count = set_read.count
    if table.broken:
        del ctx.errors[errors_before:]
        del ctx.deferred[deferred_before:]
        ctx.ids[name] = {}
        ctx.bad = {b for b in ctx.bad if b[0] != name}
        if name == "users":  # the only file that gives them
            ctx.students.clear()
            ctx.users_have_role = False
        if name == "roles":
            ctx.user_roles.clear()
            ctx.user_orgs.clear()
        ctx.broken.add(name)
    elif unnamed:
        _repeated_ids(ctx, table, errors_before, None if set_read is None else set_read.repeats)
    ctx.errors.extend(table.errors)
    ctx.warnings.extend(table.warnings)
    ctx.rows[label] = table.count
    ctx.done.add(name)


def _set_based(ctx: _Ctx, name: str, mode: Mode, table: TableStream) -> SetRead | None:
    """Read a large file set-based (:mod:`careerpaths.io.oneroster_sql`), or None: then it
    is read row by row from the start (``table`` is spent either way)."""
    rows = iter(table)
    first = next(rows, None)
    close = getattr(rows, "close", None)
    if close is not None:
        close()
    if first is None or first.line != 2:
        return None  # an empty or broken file, or its header not on line 1
    kinds = {kind for kind, _ in oneroster_sql.SPECS[name].refs}
    if not ctx.pending.isdisjoint(kinds):
        return None  # references into a file not read yet
    targets = {k: set(ids) for k, (f, ids) in ctx.targets.items() if k in kinds}
    return oneroster_sql.read(
        ctx.records,
        name,
        ctx.root / table.label,
        table.label,
        mode,
        table.header,
        targets,
        ctx.students,
        ENROLLMENT_ROLES if name == "enrollments" else SCORE_STATUSES,
    )


def _repeated_ids(
    ctx: _Ctx,
    table: TableStream,
    errors_before: int,
    found: list[tuple[int, int | None, str, int]] | None = None,
) -> None:
    """The "listed twice" errors of a file whose ids were not kept: DuckDB groups its rows
    by a key of their ids, and the rows of a repeated key are read again and their ids
    compared exactly (:mod:`careerpaths.io.staging`).

    The two-pass reader knew a file's length before its first row. Up to HASH_IDS_OVER
    rows it compared ids exactly and skipped a repeated row: its only error was "listed
    twice". Over, it hashed the ids and read every row as any other, a repeated row's own
    errors reported too. Read once, every row is read and the length is known at the end:
    for a file that short a repeated row's own errors are dropped then (each carries the
    row's line). Nothing names these files' rows, so nothing else of them is undone.
    """
    label = table.label
    repeats: list[tuple[int, int | None, str, int]] = []
    if found is not None:
        repeats = found  # a file read set-based: its repeats were found with it
    else:
        keys = duplicate_keys(ctx.root / label, table.header, _SOURCED_ID_KEY, table.count)
        if keys is None or keys:
            again = TableStream(ctx.root / label, label, table.columns, ())
            repeats = repeated_ids(again, _SOURCED_ID_KEY, keys, _sourced_id)
            if again.broken or again.header != table.header:
                raise RosterError(
                    [
                        LoadError(
                            label, None, None, i18n.text("the file changed while it was being read")
                        )
                    ]
                )
    if repeats and table.count <= HASH_IDS_OVER:
        lines = {line for line, _, _, _ in repeats}
        table.errors[:] = [e for e in table.errors if e.line not in lines]
        ctx.errors[errors_before:] = [
            e for e in ctx.errors[errors_before:] if e.file != label or e.line not in lines
        ]
    table.errors.extend(
        LoadError(
            label,
            line,
            column,
            i18n.text(
                "sourcedId %(id)r is listed twice (first on line %(first)s)", id=sid, first=first
            ),
        )
        for line, column, sid, first in repeats
    )


_SOURCED_ID_KEY = KeySpec("sourcedid")


def _sourced_id(row: Row) -> tuple[str, int | None]:
    return row.values.get("sourcedid", ""), row.columns.get("sourcedid")


_STATUSES = {s.value: s for s in RecordStatus}
_ACTIVE, _TOBEDELETED = RecordStatus.ACTIVE, RecordStatus.TOBEDELETED
_BULK, _DELTA = Mode.BULK, Mode.DELTA


def _row(
    ctx: _Ctx,
    table: Table,
    name: str,
    mode: Mode,
    row: Row,
    sid: str,
    make: Callable[[_Ctx, Table, Row, _Base], Record | None],
) -> None:
    """A row with its ``sourcedId``: checked, and its record kept."""
    status_text = table.get(row, "status")
    if not status_text and mode is _DELTA:
        table.err(
            row, "status", i18n.text("status is required in a delta file (active or tobedeleted)")
        )
    status = _ACTIVE
    if status_text:
        got = _STATUSES.get(status_text.lower())
        if got is None and status_text.lower() == "inactive":
            # OneRoster 1.0's status: the record is made inactive, as tobedeleted does.
            table.warn(
                row,
                "status",
                i18n.text("status 'inactive' (OneRoster 1.0) read as tobedeleted: made inactive"),
            )
            got = _TOBEDELETED
        if got is None:
            table.err(
                row,
                "status",
                i18n.text("status %(value)r is not active or tobedeleted", value=status_text),
            )
        else:
            status = got
    modified = None
    text = table.get(row, "dateLastModified")
    if text:
        try:
            modified = parse_when(text)
        except ValueError:
            table.err(
                row,
                "dateLastModified",
                i18n.text(
                    "%(value)r is not an ISO 8601 date-time (2025-08-20T14:03:00.000Z)", value=text
                ),
            )
    elif mode is _DELTA:
        table.err(
            row, "dateLastModified", i18n.text("dateLastModified is required in a delta file")
        )
    if status is _TOBEDELETED:
        # A record to delete needs only its id: the rest may be blank.
        kind = KIND_OF_FILE.get(name)
        if kind is not None:
            ctx.add(Record(kind, sid, status, modified, EMPTY_FIELDS, (), table.label, row.line))
        return
    before = len(table.errors)
    rec = make(ctx, table, row, _Base(sid, status, modified))
    if rec is not None:
        ctx.add(rec)
    if len(table.errors) > before:
        ctx.bad.add((name, sid))


def _record(
    kind: Kind,
    table: Table,
    row: Row,
    base: _Base,
    data: Mapping[str, str],
    refs: list[tuple[Kind, str, str]],
    *,
    only_if_known: bool = False,
) -> Record:
    columns = row.columns
    return Record(
        kind,
        base.sourced_id,
        base.status,
        base.modified,
        Fields.of(data),
        tuple(Ref(k, sid, col, columns.get(col.lower())) for k, sid, col in refs if sid),
        table.label,
        row.line,
        only_if_known,
    )


def _enum(table: Table, row: Row, column: str, allowed: tuple[str, ...]) -> str:
    v = table.required(row, column)
    if v and v not in allowed:
        lowered = {a.lower(): a for a in allowed}
        if v.lower() in lowered:
            return lowered[v.lower()]
        table.err(
            row,
            column,
            i18n.text(
                "%(column)s %(value)r is not one of %(allowed)s",
                column=column,
                value=v,
                allowed=", ".join(allowed),
            ),
        )
    return v


def _date(table: Table, row: Row, column: str) -> str:
    v = table.get(row, column)
    if v:
        iso = _iso_date(v)
        if iso is None:
            table.err(row, column, i18n.text("%(value)r is not a date (YYYY-MM-DD)", value=v))
            return ""
        return iso
    return ""


@functools.lru_cache(maxsize=4096)  # an export's dates are a few hundred term dates
def _iso_date(v: str) -> str | None:
    try:
        return parse_date(v[:10] if "T" in v else v).isoformat()
    except ValueError:
        return None


def _ids(v: str) -> list[str]:
    return [p.strip() for p in v.split(",") if p.strip()]


def _org(ctx: _Ctx, t: Table, row: Row, b: _Base) -> Record:
    typ = _enum(t, row, "type", ORG_TYPES)
    return _record(
        Kind.ORG,
        t,
        row,
        b,
        {
            "name": t.required(row, "name"),
            "type": typ,
            "identifier": t.get(row, "identifier"),
            "parent": t.get(row, "parentSourcedId"),
        },
        [(Kind.ORG, t.get(row, "parentSourcedId"), "parentSourcedId")],
    )


def _session(ctx: _Ctx, t: Table, row: Row, b: _Base) -> Record:
    t.required(row, "title")
    start = _date(t, row, "startDate") if t.required(row, "startDate") else ""
    end = _date(t, row, "endDate") if t.required(row, "endDate") else ""
    if start and end and end < start:
        t.err(
            row,
            "endDate",
            i18n.text("endDate %(end)s is before startDate %(start)s", end=end, start=start),
        )
    year = t.required(row, "schoolYear")
    if year and not (len(year) == 4 and year.isascii() and year.isdigit()):
        t.err(
            row,
            "schoolYear",
            i18n.text("schoolYear %(value)r is not a year (e.g. 2026 for 2025-26)", value=year),
        )
    return _record(
        Kind.SESSION,
        t,
        row,
        b,
        {
            "title": t.get(row, "title"),
            "type": _enum(t, row, "type", SESSION_TYPES),
            "start": start,
            "end": end,
            "parent": t.get(row, "parentSourcedId"),
            "school_year": year,
        },
        [(Kind.SESSION, t.get(row, "parentSourcedId"), "parentSourcedId")],
    )


def _flag(t: Table, row: Row, name: str) -> str:
    """``yes`` or blank from a ``metadata.<name>`` true/false cell (blank when absent)."""
    found = t.extension(row, name)
    if found is None or not found[1]:
        return ""
    column, v = found
    try:
        return "yes" if parse_bool(v) else ""
    except ValueError:
        t.err(row, column, i18n.text("%(value)r is not true or false", value=v))
        return ""


def _course(ctx: _Ctx, t: Table, row: Row, b: _Base) -> Record:
    t.required(row, "title")
    return _record(
        Kind.COURSE,
        t,
        row,
        b,
        {
            "title": t.get(row, "title"),
            "course_code": t.get(row, "courseCode"),
            "org": t.required(row, "orgSourcedId"),
            "school_year": t.get(row, "schoolYearSourcedId"),
            "dual_credit": _flag(t, row, DUAL_CREDIT_EXTENSION),
        },
        [
            (Kind.ORG, t.get(row, "orgSourcedId"), "orgSourcedId"),
            (Kind.SESSION, t.get(row, "schoolYearSourcedId"), "schoolYearSourcedId"),
        ],
    )


def _class(ctx: _Ctx, t: Table, row: Row, b: _Base) -> Record:
    t.required(row, "title")
    terms = _ids(t.required(row, "termSourcedIds"))
    return _record(
        Kind.CLASS,
        t,
        row,
        b,
        {
            "title": t.get(row, "title"),
            "course": t.required(row, "courseSourcedId"),
            "school": t.required(row, "schoolSourcedId"),
            "class_type": _enum(t, row, "classType", CLASS_TYPES),
            "terms": ",".join(terms),
            "dual_credit": _flag(t, row, DUAL_CREDIT_EXTENSION),
        },
        [
            (Kind.COURSE, t.get(row, "courseSourcedId"), "courseSourcedId"),
            (Kind.ORG, t.get(row, "schoolSourcedId"), "schoolSourcedId"),
            *[(Kind.SESSION, s, "termSourcedIds") for s in terms],
        ],
    )


def _role(ctx: _Ctx, t: Table, row: Row, b: _Base) -> None:
    role = _enum(t, row, "role", ROLES)
    user = t.required(row, "userSourcedId")
    org = t.required(row, "orgSourcedId")
    kind = _enum(t, row, "roleType", ("primary", "secondary"))
    _date(t, row, "beginDate")
    _date(t, row, "endDate")
    if user and role:
        ctx.user_roles.setdefault(user, set()).add(role)
    if user and org and role == "student":
        orgs = ctx.user_orgs.setdefault(user, [])
        orgs.insert(0, org) if kind == "primary" else orgs.append(org)
    return None


def _user(ctx: _Ctx, t: Table, row: Row, b: _Base) -> Record | None:
    for column in ("username", "givenName", "familyName"):
        t.required(row, column)
    enabled = t.required(row, "enabledUser")
    if enabled and enabled.lower() not in ("true", "false"):
        t.err(
            row,
            "enabledUser",
            i18n.text("enabledUser %(value)r is not true or false", value=enabled),
        )
    role_text = t.get(row, "role")
    role_unknown = False
    if ctx.version == "1.1" or role_text:
        role = _enum(t, row, "role", ROLES)
        orgs = _ids(t.get(row, "orgSourcedIds"))
        if ctx.version == "1.1" and not orgs:
            t.err(row, "orgSourcedIds", i18n.text("orgSourcedIds is required"))
    else:
        roles = ctx.user_roles.get(b.sourced_id, set())
        role = "student" if "student" in roles else (sorted(roles)[0] if roles else "")
        orgs = list(ctx.user_orgs.get(b.sourced_id, []))
        if not roles and ctx.modes.get("roles") is Mode.BULK:
            t.err(
                row, "sourcedId", i18n.text("user %(id)r has no role in roles.csv", id=b.sourced_id)
            )
        elif not roles:
            role_unknown = True  # a delta: a student's update if we know them as one
    primary = t.get(row, "primaryOrgSourcedId")
    if primary:
        orgs = [primary, *[o for o in orgs if o != primary]]
    grades_text = t.get(row, "grades")
    grade = ""
    if grades_text:
        codes = _ids(grades_text)
        unknown = [g for g in codes if g.upper() not in GRADE_LEVELS]
        if unknown:
            t.err(
                row,
                "grades",
                i18n.text(
                    "grade %(value)r is not a CEDS grade level (09, 10, … 13, PS)", value=unknown[0]
                ),
            )
        elif codes:
            grade = str(max(int(GRADE_LEVELS[g.upper()]) for g in codes))
    if role_text:
        ctx.users_have_role = True
    if role != "student" and not role_unknown:
        return None
    ctx.students.add(b.sourced_id)  # a role_unknown user is checked against the state later
    return _record(
        Kind.STUDENT,
        t,
        row,
        b,
        {
            "identifier": t.get(row, "identifier"),
            "school": orgs[0] if orgs else "",
            "orgs": ",".join(orgs),
            "grade": grade,
            "enabled": "yes" if enabled.lower() == "true" else "",
        },
        [(Kind.ORG, o, "primaryOrgSourcedId" if o == primary else "orgSourcedIds") for o in orgs],
        only_if_known=role_unknown,
    )


def _enrollment(ctx: _Ctx, t: Table, row: Row, b: _Base) -> Record | None:
    role = _enum(t, row, "role", ENROLLMENT_ROLES)
    cls = t.required(row, "classSourcedId")
    school = t.required(row, "schoolSourcedId")
    user = t.required(row, "userSourcedId")
    begin = _date(t, row, "beginDate")
    end = _date(t, row, "endDate")
    if begin and end and end < begin:
        t.err(
            row,
            "endDate",
            i18n.text("endDate %(end)s is before beginDate %(begin)s", end=end, begin=begin),
        )
    primary = t.get(row, "primary")
    if primary and primary.lower() not in ("true", "false"):
        t.err(row, "primary", i18n.text("primary %(value)r is not true or false", value=primary))
    if role != "student":
        return None
    return _record(
        Kind.ENROLLMENT,
        t,
        row,
        b,
        {"class": cls, "school": school, "user": user, "begin": begin, "end": end},
        [
            (Kind.CLASS, cls, "classSourcedId"),
            (Kind.ORG, school, "schoolSourcedId"),
            (Kind.STUDENT, user, "userSourcedId"),
        ],
    )


def _demographics(ctx: _Ctx, t: Table, row: Row, b: _Base) -> Record | None:
    sid = b.sourced_id
    if "users" in ctx.modes and sid in ctx.ids.get("users", {}) and sid not in ctx.students:
        return None  # a teacher's or a guardian's: not kept
    _date(t, row, "birthDate")
    flags: dict[str, bool] = {}
    for column in [c for c, _ in RACE_FLAGS] + [
        "demographicRaceTwoOrMoreRaces",
        "hispanicOrLatinoEthnicity",
    ]:
        v = t.get(row, column)
        try:
            flags[column] = parse_bool(v)
        except ValueError:
            t.err(
                row,
                column,
                i18n.text("%(column)s %(value)r is not true or false", column=column, value=v),
            )
    sex_text = t.get(row, "sex")
    sex = SEXES.get(sex_text.lower()) if sex_text else ""
    if sex is None:
        t.err(
            row,
            "sex",
            i18n.text(
                "sex %(value)r is not one of %(allowed)s", value=sex_text, allowed=", ".join(SEXES)
            ),
        )
        sex = ""
    data = {"race_ethnicity": race_ethnicity(flags), "sex": sex}
    for p in PERKINS:
        found = t.extension(row, p)
        if found is not None and found[1]:
            data[p] = "Y" if _flag(t, row, p) else "N"
    return _record(Kind.DEMOGRAPHICS, t, row, b, data, [(Kind.STUDENT, sid, "sourcedId")])


def race_ethnicity(flags: Mapping[str, bool]) -> str:
    """The federal category from OneRoster's flags: Hispanic/Latino first, then two or more
    races (the flag, or more than one race flag), then the single race; blank when none.

    >>> race_ethnicity({"asian": True, "white": True})
    'Two or more races'
    """
    if flags.get("hispanicOrLatinoEthnicity"):
        return HISPANIC
    races = [label for column, label in RACE_FLAGS if flags.get(column)]
    if flags.get("demographicRaceTwoOrMoreRaces") or len(races) > 1:
        return TWO_OR_MORE
    return races[0] if races else ""


def _line_item(ctx: _Ctx, t: Table, row: Row, b: _Base) -> Record:
    title = t.required(row, "title")
    cls = t.required(row, "classSourcedId")
    for column in ("assignDate", "dueDate"):
        _date(t, row, column)
    top = t.get(row, "resultValueMax")
    if top and in_domain(top, POINTS_POSSIBLE) is None:
        t.err(
            row,
            "resultValueMax",
            i18n.text(
                "resultValueMax %(value)r is not %(what)s", value=top, what=POINTS_POSSIBLE.what
            ),
        )
        top = ""
    category = t.get(row, "categorySourcedId")
    final = (
        "final" in title.lower()
        or "final" in category.lower()
        or _flag(t, row, FINAL_EXTENSION) == "yes"
    )
    session = t.get(row, "academicSessionSourcedId") or t.get(row, "gradingPeriodSourcedId")
    return _record(
        Kind.LINE_ITEM,
        t,
        row,
        b,
        {
            "title": title,
            "class": cls,
            "session": session,
            "max": top,
            "final": "yes" if final else "",
        },
        [(Kind.CLASS, cls, "classSourcedId")],
    )


def _result(ctx: _Ctx, t: Table, row: Row, b: _Base) -> Record:
    item = t.required(row, "lineItemSourcedId")
    student = t.required(row, "studentSourcedId")
    status = t.required(row, "scoreStatus")
    if status and status.lower() not in SCORE_STATUSES:
        t.err(
            row,
            "scoreStatus",
            i18n.text(
                "scoreStatus %(value)r is not one of %(allowed)s",
                value=status,
                allowed=", ".join(SCORE_STATUSES),
            ),
        )
    score = t.get(row, "score")
    if score and in_domain(score, SCORE) is None:
        t.err(
            row, "score", i18n.text("score %(value)r is not %(what)s", value=score, what=SCORE.what)
        )
    _date(t, row, "scoreDate")
    return _record(
        Kind.RESULT,
        t,
        row,
        b,
        {
            "line_item": item,
            "student": student,
            "score_status": status.lower(),
            "score": score,
            "text_score": t.get(row, "textScore"),
        },
        [(Kind.LINE_ITEM, item, "lineItemSourcedId"), (Kind.STUDENT, student, "studentSourcedId")],
    )


_FILE_OF_KIND = {k: f for f, k in KIND_OF_FILE.items()}
_STUDENT, _DEMOGRAPHICS = Kind.STUDENT, Kind.DEMOGRAPHICS
_kind_of_ref = operator.itemgetter(0)  # Ref.kind


def _check_record_refs(ctx: _Ctx, rec: Record) -> bool:
    """References into a file read in bulk must name one of its rows (references into a
    delta file are checked against the records kept, when merging). False: the record
    is left out (an enrollment of someone who is not a student, listed as skipped).

    A parent (``parentSourcedId`` of an org or a session) left out of the export is a
    warning: a partial export of one school, or a parent term left out."""
    targets = ctx.targets  # see _Ctx.refresh
    for ref in rec.refs:
        got = targets.get(ref.kind)
        if got is None:
            continue  # a file not read in bulk, or with an error of its own
        target, ids = got
        if ref.sourced_id in ids and (ref.kind is not _STUDENT or ref.sourced_id in ctx.students):
            continue
        if (target, ref.sourced_id) in ctx.bad:
            continue  # that row's own error says enough
        if ref.sourced_id not in ids and ref.column == PARENT:
            ctx.warnings.append(
                LoadError(
                    rec.file,
                    rec.line,
                    ref.column_no,
                    i18n.text(
                        "%(column)s %(id)r is not in %(file)s (a partial export?); imported "
                        "without it",
                        column=ref.column,
                        id=ref.sourced_id,
                        file=f"{target}.csv",
                    ),
                )
            )
            continue
        if ref.sourced_id not in ids:
            ctx.errors.append(
                LoadError(
                    rec.file,
                    rec.line,
                    ref.column_no,
                    i18n.text(
                        "%(column)s %(id)r is not in %(file)s",
                        column=ref.column,
                        id=ref.sourced_id,
                        file=f"{target}.csv",
                    ),
                )
            )
        else:  # a user who is not a student
            if rec.kind is _DEMOGRAPHICS:
                continue
            # The user's role contradicts the row (a teacher enrolled as a student): the
            # row cannot be used; it is left out and listed.
            ctx.skipped.append(
                LoadError(
                    rec.file,
                    rec.line,
                    ref.column_no,
                    i18n.text(
                        "%(column)s %(id)r is in users.csv but is not a student; the row is left out",
                        column=ref.column,
                        id=ref.sourced_id,
                    ),
                )
            )
            return False
    return True
