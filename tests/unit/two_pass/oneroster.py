"""OneRoster as read before the single pass (commit c08169b): each file read twice
through ``TableReader`` (a pass that checks the file, then one that yields its rows),
duplicate ids of a long unnamed file by ``_IdHashes``. Kept only as the reference the
single-pass reader is tested against (``tests/unit/test_roster_one_pass.py``); the
tables of columns, enumerations and extensions are the live module's."""

from __future__ import annotations

from array import array
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from types import MappingProxyType

from careerpaths.io.errors import LoadError
from careerpaths.io.oneroster import (
    CLASS_TYPES,
    COLUMNS,
    DUAL_CREDIT_EXTENSION,
    ENROLLMENT_ROLES,
    FINAL_EXTENSION,
    GRADE_LEVELS,
    KIND_OF_FILE,
    ORG_TYPES,
    OTHER_FILES,
    PERKINS,
    RACE_FLAGS,
    READ_ORDER,
    REQUIRED,
    ROLES,
    SCORE_STATUSES,
    SESSION_TYPES,
    SEXES,
    UNNAMED,
    VERSIONS,
    race_ethnicity,
)
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
    parse_date,
    unique_errors,
)
from careerpaths.io.roster_spill import RecordSink
from careerpaths.io.spreadsheet import Row

HASH_IDS_OVER = 1_000_000


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
    intern: Interner = field(default_factory=Interner)
    done: set[str] = field(default_factory=set)  # files read to the end
    deferred: list[Record] = field(default_factory=list)  # references checked at the end

    def add(self, rec: Record) -> None:
        """Keep ``rec``, its references checked now when the files they name are read."""
        if any(self._pending(_FILE_OF_KIND[ref.kind]) for ref in rec.refs):
            self.deferred.append(rec)  # a file read later, or this one (a parent org)
        else:
            _check_record_refs(self, rec)
        self.records.append(rec)

    def _pending(self, name: str) -> bool:
        """A file read in bulk but not to its end yet (only those are checked against)."""
        return self.modes.get(name) is Mode.BULK and name not in self.done


def read_oneroster(root: Path | str) -> RosterSnapshot:
    """Read a OneRoster CSV folder; raise RosterError listing every problem if any."""
    root = Path(root)
    if not root.is_dir():
        raise RosterError([LoadError(str(root), None, None, "not a folder")])
    errors: list[LoadError] = []
    version, modes = _manifest(root, errors)
    if errors:
        raise RosterError(unique_errors(errors))
    ctx = _Ctx(root, version, modes, errors, RecordSink(), {}, {}, {}, set(), set(), set())
    readers: dict[str, Callable[[_Ctx, TableReader, Row, _Base], Record | None]] = {
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
                "OneRoster 1.2 gives users' roles in roles.csv, which the manifest does not list",
            )
        )
    for rec in ctx.deferred:
        _check_record_refs(ctx, rec)
    if errors:
        raise RosterError(unique_errors(errors))
    return RosterSnapshot(
        source=f"oneroster-{version}",
        modes=MappingProxyType({KIND_OF_FILE[f]: m for f, m in modes.items() if f in KIND_OF_FILE}),
        records=ctx.records.records(),
    )


def _manifest(root: Path, errors: list[LoadError]) -> tuple[str, dict[str, Mode]]:
    label = "manifest.csv"
    if not (root / label).is_file():
        errors.append(LoadError(label, None, None, "the file is missing (every export has one)"))
        return "", {}
    table = TableReader(
        root / label, label, ("propertyName", "value"), ("propertyName", "value"), extensions=False
    )
    props: dict[str, tuple[str, Row]] = {}
    for row in table.rows:
        name = table.required(row, "propertyName")
        if name in props:
            table.err(row, "propertyName", f"{name} is given twice")
        props[name] = (table.get(row, "value"), row)
    version, vrow = props.get("oneroster.version", ("", None))
    if table.rows and vrow is None:
        table.errors.append(LoadError(label, None, None, "oneroster.version is missing"))
    elif vrow is not None and version not in VERSIONS:
        table.err(vrow, "value", f"oneroster.version {version!r} is not 1.1 or 1.2")
    modes: dict[str, Mode] = {}
    wanted = set(COLUMNS) - ({"roles"} if version == "1.1" else set())
    for prop, (value, row) in props.items():
        if not prop.startswith("file."):
            continue
        name = prop.removeprefix("file.")
        v = value.lower()
        if v not in ("bulk", "delta", "absent"):
            table.err(row, "value", f"{prop} is {value!r}; expected bulk, delta or absent")
            continue
        present = (root / f"{name}.csv").is_file()
        if name not in wanted and name not in OTHER_FILES:
            table.err(row, "propertyName", f"{prop} is not a OneRoster {version or ''} file")
        elif v == "absent" and present and name in wanted:
            table.err(row, "value", f"{name}.csv is present but the manifest says absent")
        elif v != "absent" and not present:
            table.errors.append(
                LoadError(f"{name}.csv", None, None, f"the file is missing ({prop} is {v})")
            )
        elif v != "absent" and name in wanted:
            modes[name] = Mode(v)
    if table.rows:
        for name in sorted(wanted):
            if (root / f"{name}.csv").is_file() and f"file.{name}" not in props:
                table.errors.append(
                    LoadError(
                        label, None, None, f"{name}.csv is present but file.{name} is not listed"
                    )
                )
    errors.extend(table.errors)
    return version, modes


@dataclass
class _Base:
    """The common fields of a row, already checked."""

    sourced_id: str
    status: RecordStatus
    modified: datetime | None
    intern: Interner


def _read_file(
    ctx: _Ctx, name: str, make: Callable[[_Ctx, TableReader, Row, _Base], Record | None]
) -> None:
    label = f"{name}.csv"
    mode = ctx.modes[name]
    required = REQUIRED[name]
    if name == "users" and ctx.version == "1.1":
        required = (*required, "orgSourcedIds", "role")
    if mode is Mode.DELTA:
        required = (*required, "status", "dateLastModified")
    table = TableReader(ctx.root / label, label, COLUMNS[name], required)
    if table.errors:
        ctx.broken.add(name)
    seen = ctx.ids.setdefault(name, {})
    intern = ctx.intern
    # Ids other rows name are kept once; an enrollment's or a result's own id is unique.
    shared_ids = name not in ("enrollments", "results", "roles")
    # A file of millions of rows that no other file names: its ids as hashes, duplicates
    # confirmed after the file (an id string and a line number a row cost gigabytes).
    hashed = _IdHashes() if name in UNNAMED and len(table.rows) > HASH_IDS_OVER else None
    for row in table.rows:
        sid = table.required(row, "sourcedId")
        if not sid:
            continue
        if shared_ids:
            sid = intern(sid)
        if hashed is not None:
            hashed.add(sid, row.line)
        elif sid in seen:
            table.err(
                row, "sourcedId", f"sourcedId {sid!r} is listed twice (first on line {seen[sid]})"
            )
            continue
        else:
            seen[sid] = row.line
        status_text = table.get(row, "status")
        if mode is Mode.DELTA and not status_text:
            table.err(row, "status", "status is required in a delta file (active or tobedeleted)")
        status = RecordStatus.ACTIVE
        if status_text:
            try:
                status = RecordStatus(status_text.lower())
            except ValueError:
                table.err(row, "status", f"status {status_text!r} is not active or tobedeleted")
        modified = None
        text = table.get(row, "dateLastModified")
        if text:
            try:
                modified = intern.when(text)
            except ValueError:
                table.err(
                    row,
                    "dateLastModified",
                    f"{text!r} is not an ISO 8601 date-time (2025-08-20T14:03:00.000Z)",
                )
        elif mode is Mode.DELTA:
            table.err(row, "dateLastModified", "dateLastModified is required in a delta file")
        if status is RecordStatus.TOBEDELETED:
            # A record to delete needs only its id: the rest may be blank.
            kind = KIND_OF_FILE.get(name)
            if kind is not None:
                ctx.add(Record(kind, sid, status, modified, EMPTY_FIELDS, (), label, row.line))
            continue
        before = len(table.errors)
        rec = make(ctx, table, row, _Base(sid, status, modified, intern))
        if rec is not None:
            ctx.add(rec)
        if len(table.errors) > before:
            ctx.bad.add((name, sid))
    if hashed is not None:
        table.errors.extend(hashed.duplicates(ctx.root / label, label, COLUMNS[name]))
    ctx.errors.extend(table.errors)
    ctx.done.add(name)


def _record(
    kind: Kind,
    table: TableReader,
    row: Row,
    base: _Base,
    data: Mapping[str, str],
    refs: list[tuple[Kind, str, str]],
    *,
    only_if_known: bool = False,
) -> Record:
    intern = base.intern
    return Record(
        kind,
        base.sourced_id,
        base.status,
        base.modified,
        intern.fields(data),
        tuple(
            intern.ref(Ref(k, intern(sid), col, row.col(col.lower())))
            for k, sid, col in refs
            if sid
        ),
        table.label,
        row.line,
        only_if_known,
    )


def _enum(table: TableReader, row: Row, column: str, allowed: tuple[str, ...]) -> str:
    v = table.required(row, column)
    if v and v not in allowed:
        lowered = {a.lower(): a for a in allowed}
        if v.lower() in lowered:
            return lowered[v.lower()]
        table.err(row, column, f"{column} {v!r} is not one of {', '.join(allowed)}")
    return v


def _date(table: TableReader, row: Row, column: str) -> str:
    v = table.get(row, column)
    if v:
        try:
            return parse_date(v[:10] if "T" in v else v).isoformat()
        except ValueError:
            table.err(row, column, f"{v!r} is not a date (YYYY-MM-DD)")
    return ""


def _ids(v: str) -> list[str]:
    return [p.strip() for p in v.split(",") if p.strip()]


def _org(ctx: _Ctx, t: TableReader, row: Row, b: _Base) -> Record:
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


def _session(ctx: _Ctx, t: TableReader, row: Row, b: _Base) -> Record:
    t.required(row, "title")
    start = _date(t, row, "startDate") if t.required(row, "startDate") else ""
    end = _date(t, row, "endDate") if t.required(row, "endDate") else ""
    if start and end and end < start:
        t.err(row, "endDate", f"endDate {end} is before startDate {start}")
    year = t.required(row, "schoolYear")
    if year and not (len(year) == 4 and year.isascii() and year.isdigit()):
        t.err(row, "schoolYear", f"schoolYear {year!r} is not a year (e.g. 2026 for 2025-26)")
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


def _flag(t: TableReader, row: Row, name: str) -> str:
    """``yes`` or blank from a ``metadata.<name>`` true/false cell (blank when absent)."""
    found = t.extension(row, name)
    if found is None or not found[1]:
        return ""
    column, v = found
    try:
        return "yes" if parse_bool(v) else ""
    except ValueError:
        t.err(row, column, f"{v!r} is not true or false")
        return ""


def _course(ctx: _Ctx, t: TableReader, row: Row, b: _Base) -> Record:
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


def _class(ctx: _Ctx, t: TableReader, row: Row, b: _Base) -> Record:
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


def _role(ctx: _Ctx, t: TableReader, row: Row, b: _Base) -> None:
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


def _user(ctx: _Ctx, t: TableReader, row: Row, b: _Base) -> Record | None:
    for column in ("username", "givenName", "familyName"):
        t.required(row, column)
    enabled = t.required(row, "enabledUser")
    if enabled and enabled.lower() not in ("true", "false"):
        t.err(row, "enabledUser", f"enabledUser {enabled!r} is not true or false")
    role_text = t.get(row, "role")
    role_unknown = False
    if ctx.version == "1.1" or role_text:
        role = _enum(t, row, "role", ROLES)
        orgs = _ids(t.get(row, "orgSourcedIds"))
        if ctx.version == "1.1" and not orgs:
            t.err(row, "orgSourcedIds", "orgSourcedIds is required")
    else:
        roles = ctx.user_roles.get(b.sourced_id, set())
        role = "student" if "student" in roles else (sorted(roles)[0] if roles else "")
        orgs = list(ctx.user_orgs.get(b.sourced_id, []))
        if not roles and ctx.modes.get("roles") is Mode.BULK:
            t.err(row, "sourcedId", f"user {b.sourced_id!r} has no role in roles.csv")
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
                row, "grades", f"grade {unknown[0]!r} is not a CEDS grade level (09, 10, … 13, PS)"
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


def _enrollment(ctx: _Ctx, t: TableReader, row: Row, b: _Base) -> Record | None:
    role = _enum(t, row, "role", ENROLLMENT_ROLES)
    cls = t.required(row, "classSourcedId")
    school = t.required(row, "schoolSourcedId")
    user = t.required(row, "userSourcedId")
    begin = _date(t, row, "beginDate")
    end = _date(t, row, "endDate")
    if begin and end and end < begin:
        t.err(row, "endDate", f"endDate {end} is before beginDate {begin}")
    primary = t.get(row, "primary")
    if primary and primary.lower() not in ("true", "false"):
        t.err(row, "primary", f"primary {primary!r} is not true or false")
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


def _demographics(ctx: _Ctx, t: TableReader, row: Row, b: _Base) -> Record | None:
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
            t.err(row, column, f"{column} {v!r} is not true or false")
    sex_text = t.get(row, "sex")
    sex = SEXES.get(sex_text.lower()) if sex_text else ""
    if sex is None:
        t.err(row, "sex", f"sex {sex_text!r} is not one of {', '.join(SEXES)}")
        sex = ""
    data = {"race_ethnicity": race_ethnicity(flags), "sex": sex}
    for p in PERKINS:
        found = t.extension(row, p)
        if found is not None and found[1]:
            data[p] = "Y" if _flag(t, row, p) else "N"
    return _record(Kind.DEMOGRAPHICS, t, row, b, data, [(Kind.STUDENT, sid, "sourcedId")])


def _line_item(ctx: _Ctx, t: TableReader, row: Row, b: _Base) -> Record:
    title = t.required(row, "title")
    cls = t.required(row, "classSourcedId")
    for column in ("assignDate", "dueDate"):
        _date(t, row, column)
    top = t.get(row, "resultValueMax")
    if top:
        try:
            float(top)
        except ValueError:
            t.err(row, "resultValueMax", f"resultValueMax {top!r} is not a number")
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


def _result(ctx: _Ctx, t: TableReader, row: Row, b: _Base) -> Record:
    item = t.required(row, "lineItemSourcedId")
    student = t.required(row, "studentSourcedId")
    status = t.required(row, "scoreStatus")
    if status and status.lower() not in SCORE_STATUSES:
        t.err(
            row, "scoreStatus", f"scoreStatus {status!r} is not one of {', '.join(SCORE_STATUSES)}"
        )
    score = t.get(row, "score")
    if score:
        try:
            float(score)
        except ValueError:
            t.err(row, "score", f"score {score!r} is not a number")
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


def _check_record_refs(ctx: _Ctx, rec: Record) -> None:
    """References into a file read in bulk must name one of its rows (references into a
    delta file are checked against the records kept, when merging)."""
    for ref in rec.refs:
        target = _FILE_OF_KIND[ref.kind]
        if ctx.modes.get(target) is not Mode.BULK or target in ctx.broken:
            continue
        if (target, ref.sourced_id) in ctx.bad:
            continue  # that row's own error says enough
        ids = ctx.ids.get(target, {})
        if ref.sourced_id not in ids:
            ctx.errors.append(
                LoadError(
                    rec.file,
                    rec.line,
                    ref.column_no,
                    f"{ref.column} {ref.sourced_id!r} is not in {target}.csv",
                )
            )
        elif ref.kind is Kind.STUDENT and ref.sourced_id not in ctx.students:
            if rec.kind is Kind.DEMOGRAPHICS:
                continue
            ctx.errors.append(
                LoadError(
                    rec.file,
                    rec.line,
                    ref.column_no,
                    f"{ref.column} {ref.sourced_id!r} is in users.csv but is not a student",
                )
            )


class _IdHashes:
    """The ``sourcedId`` of each row of a large file, as a 64-bit hash and a line number
    (16 bytes a row). Equal hashes are found by sorting once the file is read; the rows
    with a shared hash are read again to compare their ids exactly, so an error names a
    real duplicate, worded and placed as the per-row check words and places it."""

    def __init__(self) -> None:
        self.hashes = array("q")
        self.lines = array("q")

    def add(self, sid: str, line: int) -> None:
        self.hashes.append(hash(sid))
        self.lines.append(line)

    def duplicates(self, path: Path, label: str, columns: tuple[str, ...]) -> list[LoadError]:
        import numpy as np  # only for a file this large (an import's start stays quick)

        hashes = np.frombuffer(self.hashes, dtype=np.int64)
        order = np.argsort(hashes, kind="stable")
        ordered = hashes[order]
        same = ordered[1:] == ordered[:-1]
        if not same.any():
            return []
        shared = np.zeros(len(ordered), dtype=bool)
        shared[1:] |= same
        shared[:-1] |= same
        suspects = set(np.frombuffer(self.lines, dtype=np.int64)[order[shared]].tolist())
        errors: list[LoadError] = []
        first: dict[str, int] = {}
        for row in TableReader(path, label, columns, ()).rows:
            if row.line not in suspects:
                continue
            sid = row.get("sourcedid")
            if sid in first:
                errors.append(
                    LoadError(
                        label,
                        row.line,
                        row.col("sourcedid"),
                        f"sourcedId {sid!r} is listed twice (first on line {first[sid]})",
                    )
                )
            else:
                first[sid] = row.line
        return errors
