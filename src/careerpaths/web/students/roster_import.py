"""Student data into the app's database: a OneRoster or plain-CSV import, in one transaction.

The records kept (:class:`~careerpaths.web.students.models.RosterRecord`) are read as plain
rows into the DuckDB connection the import was staged in, beside it, and the plan is the
workspace's own set-based merge (:func:`careerpaths.io.records_db.plan_changes`); the
scope is applied to its ``changes`` table. :func:`roster_import` carries the plan out
inside ``transaction.atomic()``: the records, written straight from ``changes`` (SQLite
``executemany``, PostgreSQL ``COPY``), then the ``Student`` rows derived from the records
(``roster.to_students``) — every student after a bulk file, only those a delta touches
after a delta — then their audit summaries, a chunk of rows at a time (``CHUNK``). Nothing
is ever deleted: students made inactive get ``active=False``; synthetic students that were
never imported are left alone. A held plan (more than 10% of a school's active students
deactivated) writes nothing until it is confirmed. Every import, whatever its outcome, is
recorded as an :class:`~careerpaths.web.students.models.ImportBatch`.

Scope: the command line and site administrators import for any school; a district
designer only for the schools of their district. An export with students of other schools
is refused whole (the schools are listed), and a scoped bulk file deactivates only the
records of the designer's own schools — another district's students are not "missing"
from an export that was never meant to list them.

Logs carry ids and counts only, never personal data.
"""

from __future__ import annotations

import hashlib
import io
import logging
import shutil
import tempfile
import zipfile
import zlib
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path, PurePosixPath
from types import MappingProxyType
from typing import Any

import duckdb
import orjson
import pyarrow as pa
from django.conf import settings
from django.contrib.auth.models import User
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models import Field
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from careerpaths.core import model as m
from careerpaths.core.i18n import Text, text_to_data
from careerpaths.io import records_db
from careerpaths.io.errors import LoadError
from careerpaths.io.import_outcome import ImportOutcome
from careerpaths.io.records_db import DuckRecords, StagedRecords
from careerpaths.io.roster import (
    Kind,
    Mode,
    Record,
    RecordStatus,
    RosterError,
    RosterSnapshot,
    enforce_policy,
    to_students,
)
from careerpaths.io.roster_merge import (
    CHANGES_LISTED,
    DEACTIVATION_HOLD_SHARE,
    FUTURE_SKEW,
    Action,
    PlanSummary,
    change_of,
    holds_of,
)
from careerpaths.io.student_formats import FORMATS, read_folder
from careerpaths.web.accounts.models import Role
from careerpaths.web.accounts.selectors import Scope
from careerpaths.web.catalog.models import RegionInfo
from careerpaths.web.catalog.selectors import versioned_snapshot
from careerpaths.web.students.import_lock import ImportBusy, import_lock, record_busy
from careerpaths.web.students.models import DOMAIN_FIELDS, ImportBatch, RosterRecord, Student
from careerpaths.web.students.selectors import import_batch_get
from careerpaths.web.students.services import student_summaries_refresh

log = logging.getLogger("careerpaths.web.students.import")

# An upload larger than this is refused before it is read (settings can lower or raise it).
DEFAULT_MAX_UPLOAD_BYTES = 25 * 1024 * 1024
# A zip may not unpack to more than this many times its own size, nor hold more files.
MAX_UNZIP_RATIO = 20
MAX_ZIP_MEMBERS = 100

IMPORT_ROLES = (Role.SITE_ADMIN, Role.DISTRICT_DESIGNER)

# Per-student kinds: the field naming the student a record belongs to.
_STUDENT_FIELD = {
    Kind.ENROLLMENT: "user",
    Kind.RESULT: "student",
    Kind.ATTEMPT: "student",
    Kind.TRANSCRIPT: "student",
}


def max_upload_bytes() -> int:
    return int(getattr(settings, "CAREERPATHS_IMPORT_MAX_BYTES", DEFAULT_MAX_UPLOAD_BYTES))


class ImportRefused(Exception):
    """The export has students of schools outside the importer's scope (nothing written)."""

    def __init__(self, schools: Iterable[str]) -> None:
        self.schools = sorted(set(schools))
        super().__init__(", ".join(self.schools))


class UploadRefused(Exception):
    """An upload that is not read at all: too large, not a zip or CSV, a malformed zip."""


# --------------------------------------------------------------------------- scope


def _unrestricted(scope: Scope | None) -> bool:
    return scope is None or scope.role is Role.SITE_ADMIN


class _Schools:
    """Resolves a record to the institution it belongs to, as ``to_students`` does: the
    records kept (``kept``), overlaid with the import's own orgs, students, classes and
    line items (those it does not delete)."""

    def __init__(self, kept: DuckRecords, snapshot: RosterSnapshot, region: m.Region) -> None:
        self.region = region
        self.orgs: dict[str, Mapping[str, str]] = {
            s.sourced_id: s.data for s in kept.of(Kind.ORG, active_only=False)
        }
        self.students: dict[str, Mapping[str, str]] = {
            s.sourced_id: s.data for s in kept.of(Kind.STUDENT, active_only=False)
        }
        self.classes: dict[str, Mapping[str, str]] = {
            s.sourced_id: s.data for s in kept.of(Kind.CLASS, active_only=False)
        }
        self.items: dict[str, Mapping[str, str]] = {
            s.sourced_id: s.data for s in kept.of(Kind.LINE_ITEM, active_only=False)
        }
        for rec in _records_of(
            snapshot.records, (Kind.ORG, Kind.STUDENT, Kind.CLASS, Kind.LINE_ITEM)
        ):
            if rec.status is RecordStatus.TOBEDELETED:
                continue
            table = {
                Kind.ORG: self.orgs,
                Kind.STUDENT: self.students,
                Kind.CLASS: self.classes,
                Kind.LINE_ITEM: self.items,
            }.get(rec.kind)
            if table is not None:
                table[rec.sourced_id] = rec.data

    def org(self, org_id: str) -> str | None:
        if not org_id:
            return None
        if org_id in self.region.institutions:
            return org_id
        identifier = self.orgs.get(org_id, {}).get("identifier", "")
        return identifier if identifier in self.region.institutions else None

    def org_label(self, org_id: str) -> str:
        org = self.orgs.get(org_id, {})
        return org.get("identifier") or org.get("name") or org_id or "(no school)"

    def student(self, data: Mapping[str, str]) -> str | None:
        for org_id in [data.get("school", ""), *data.get("orgs", "").split(",")]:
            if (school := self.org(org_id)) is not None:
                return school
        return None

    def student_label(self, data: Mapping[str, str]) -> str:
        return self.org_label(data.get("school", "") or data.get("orgs", "").split(",")[0])

    def owner(self, kind: Kind, sourced_id: str, data: Mapping[str, str]) -> str | None:
        """The institution a kept record belongs to; None when it belongs to no one school."""
        if kind is Kind.STUDENT:
            return self.student(data)
        if kind is Kind.DEMOGRAPHICS:
            return self.student(self.students.get(sourced_id, {}))
        if kind in _STUDENT_FIELD:
            return self.student(self.students.get(data.get(_STUDENT_FIELD[kind], ""), {}))
        if kind is Kind.CLASS:
            return self.org(data.get("school", ""))
        if kind is Kind.COURSE:
            return self.org(data.get("org", ""))
        if kind is Kind.ORG:
            return self.org(sourced_id)
        if kind is Kind.LINE_ITEM:
            return self.org(self.classes.get(data.get("class", ""), {}).get("school", ""))
        return None  # sessions: shared by every school of the export


_PER_STUDENT_SQL = ", ".join(
    f"'{k.value}'" for k in (Kind.STUDENT, Kind.DEMOGRAPHICS, *_STUDENT_FIELD)
)


def _scope(con: duckdb.DuckDBPyConnection, schools: _Schools, scope: Scope | None) -> set[str]:
    """Limit the merge's ``changes`` to what ``scope`` may carry out; the institutions the
    import touches.

    Raises ImportRefused listing the schools outside the scope whose students the export
    names (every student a row is about: a ``tobedeleted`` row's, read from the records
    kept). For a scoped importer, a bulk file's deactivations are limited to the records of
    the importer's own schools: the others' rows are taken out of ``changes``.
    """
    touched: set[str] = set()
    outside: set[str] = set()
    restricted = not _unrestricted(scope)
    allowed = scope.institutions if scope is not None else frozenset()
    named = con.execute(
        f"""
        SELECT DISTINCT s FROM (
            SELECT CASE
                       WHEN i.status <> 'tobedeleted'
                           THEN {records_db.student_of("i.kind", "i.sourced_id", "i.data")}
                       WHEN i.kind IN ('student', 'demographics') THEN i.sourced_id
                       ELSE r.student
                   END AS s
            FROM incoming i
            LEFT JOIN records r ON r.kind = i.kind AND r.sourced_id = i.sourced_id
            WHERE i.kind IN ({_PER_STUDENT_SQL})
        ) WHERE s IS NOT NULL AND s <> ''
        ORDER BY s
        """
    ).fetchall()
    for (sid,) in named:
        data = schools.students.get(sid)
        if data is None:
            continue
        school = schools.student(data)
        if school is not None:
            touched.add(school)
        if restricted and (school is None or school not in allowed):
            outside.add(school or schools.student_label(data))
    if outside:
        raise ImportRefused(outside)

    # Deactivations: the students' schools are touched; a scoped importer's bulk file
    # calls missing only the records of its own schools (or those it names itself).
    cur = con.cursor()
    cur.execute(
        "SELECT c.kind, c.sourced_id, c.b_data, EXISTS (SELECT 1 FROM incoming i "
        "WHERE i.kind = c.kind AND i.sourced_id = c.sourced_id) FROM changes c "
        "WHERE c.action = 'deactivate' AND c.b_data IS NOT NULL"
        + ("" if restricted else " AND c.kind = 'student'")
    )
    others: list[tuple[str, str]] = []
    kinds = {k.value: k for k in Kind}
    while rows := cur.fetchmany(10_000):
        for kind_text, sid, before, named_here in rows:
            kind = kinds[kind_text]
            owner = schools.owner(kind, sid, orjson.loads(before))
            if kind is Kind.STUDENT and owner is not None:
                touched.add(owner)
            if restricted and not named_here and (owner is None or owner not in allowed):
                others.append((kind_text, sid))
    if others:
        keys = pa.table({"kind": [k for k, _ in others], "sourced_id": [sid for _, sid in others]})
        con.register("not_ours", keys)
        try:
            con.execute(
                "DELETE FROM changes USING not_ours n WHERE changes.action = 'deactivate' "
                "AND changes.kind = n.kind AND changes.sourced_id = n.sourced_id"
            )
        finally:
            con.unregister("not_ours")
    return touched


# --------------------------------------------------------------------------- the import


def _records_of(records: Collection[Record], kinds: tuple[Kind, ...]) -> Iterable[Record]:
    """The import's records of ``kinds`` (read from DuckDB when staged there)."""
    if isinstance(records, StagedRecords):
        return records.of_kinds(kinds)
    return (r for r in records if r.kind in kinds)


# The kinds of which a state holds tens of rows per student: a delta that changes no shared
# record loads only those of the students it names (:func:`_load_for_delta`).
_PER_STUDENT_ROWS = ("enrollment", "result", "attempt", "transcript")


def _load_kept(
    con: duckdb.DuckDBPyConnection,
    *,
    join: str = "",
    where: str = "",
    skip_present: bool = False,
) -> int:
    """Records the database keeps (all of them, or those ``join`` and ``where`` select
    from ``t``, the table), into the merge's ``records`` table: plain rows from a cursor
    (server side on PostgreSQL), a chunk at a time into Arrow columns, no model instances;
    the fields as the canonical JSON text the merge compares
    (:func:`careerpaths.io.records_db.data_json`: text written by an earlier release, or
    PostgreSQL's ``jsonb`` text, is put in that form). ``skip_present``: leave out the
    records ``records`` already holds (changed by the merge since, perhaps)."""
    conn = connections[DEFAULT_DB_ALIAS]
    qn = conn.ops.quote_name
    data = "t.data::text" if conn.vendor == "postgresql" else "t.data"
    active = str(RosterRecord.Status.ACTIVE)
    loads, dumps, sort = orjson.loads, orjson.dumps, orjson.OPT_SORT_KEYS
    count = 0
    with conn.chunked_cursor() as cur:
        cur.execute(
            "SELECT t.kind, t.sourced_id, t.status, t.date_last_modified, "
            f"{data} FROM {qn(RosterRecord._meta.db_table)} AS t {join} "
            + (f"WHERE {where}" if where else "")
        )
        while chunk := cur.fetchmany(records_db.BATCH):
            kinds, sids, statuses, times, texts = zip(*chunk, strict=True)
            table = pa.Table.from_arrays(
                [
                    pa.array(kinds, type=pa.string()),
                    pa.array(sids, type=pa.string()),
                    pa.array([s == active for s in statuses], type=pa.bool_()),
                    pa.array([_naive_utc(t) for t in times], type=pa.timestamp("us")),
                    pa.array(
                        [dumps(loads(t), option=sort).decode() for t in texts], type=pa.string()
                    ),
                ],
                schema=records_db.RECORDS_SCHEMA,
            )
            count += records_db.load_table(con, table, skip_present=skip_present)
    return count


def _partial(con: duckdb.DuckDBPyConnection, snapshot: RosterSnapshot) -> bool:
    """Whether the import may be planned against part of the records kept: a delta (no
    bulk file: nothing it leaves out is made inactive) of per-student records only (no
    class, course, term, line item or org changed, whose students would all be read)."""
    if any(mode is Mode.BULK for mode in snapshot.modes.values()):
        return False
    shared = ", ".join(f"'{k.value}'" for k in Kind if k not in records_db.PER_STUDENT)
    return not con.execute(f"SELECT count(*) FROM incoming WHERE kind IN ({shared})").fetchall()[0][
        0
    ]


def _load_for_delta(con: duckdb.DuckDBPyConnection) -> None:
    """The records kept a delta of per-student records is planned and derived against: every
    record of the kinds that are few (orgs, terms, courses, classes, line items, students,
    demographics), the delta's own keys, and every record of the students it names."""
    conn = connections[DEFAULT_DB_ALIAS]
    many = ", ".join(f"'{k}'" for k in _PER_STUDENT_ROWS)
    _load_kept(con, where=f"t.kind NOT IN ({many})")
    keys = con.execute(
        f"SELECT DISTINCT kind, sourced_id FROM incoming WHERE kind IN ({many})"
    ).fetchall()
    with conn.cursor() as cur:
        temp = "TEMPORARY TABLE"
        cur.execute(
            f"CREATE {temp} careerpaths_delta_keys (kind varchar(20), sourced_id varchar(255))"
        )
        cur.execute(f"CREATE {temp} careerpaths_delta_students (id varchar(255) PRIMARY KEY)")
        try:
            if keys:
                cur.executemany("INSERT INTO careerpaths_delta_keys VALUES (%s, %s)", keys)
                _load_kept(
                    con,
                    join="JOIN careerpaths_delta_keys k "
                    "ON k.kind = t.kind AND k.sourced_id = t.sourced_id",
                    skip_present=True,
                )
            named = con.execute(
                "SELECT DISTINCT s FROM ("
                f"SELECT {records_db.student_of('kind', 'sourced_id', 'data')} AS s FROM incoming "
                "UNION ALL SELECT r.student FROM records r JOIN incoming i "
                "ON i.kind = r.kind AND i.sourced_id = r.sourced_id"
                ") WHERE s IS NOT NULL AND s <> ''"
            ).fetchall()
            if named:
                cur.executemany("INSERT INTO careerpaths_delta_students VALUES (%s)", named)
                _load_kept(
                    con,
                    join="JOIN careerpaths_delta_students n ON n.id = t.student",
                    where=f"t.kind IN ({many})",
                    skip_present=True,
                )
        finally:
            cur.execute("DROP TABLE careerpaths_delta_keys")
            cur.execute("DROP TABLE careerpaths_delta_students")


def _load_the_rest(con: duckdb.DuckDBPyConnection) -> None:
    """The records kept that :func:`_load_for_delta` left out (every student is derived)."""
    many = ", ".join(f"'{k}'" for k in _PER_STUDENT_ROWS)
    _load_kept(con, where=f"t.kind IN ({many})", skip_present=True)


def _naive_utc(value: Any) -> datetime | None:
    """A stored ``dateLastModified`` as the naive UTC time DuckDB keeps."""
    if value is None:
        return None
    if isinstance(value, str):  # a backend without the converter
        value = datetime.fromisoformat(value)
    assert isinstance(value, datetime)
    return value if value.tzinfo is None else value.astimezone(UTC).replace(tzinfo=None)


def _totals(con: duckdb.DuckDBPyConnection, plan: PlanSummary) -> dict[str, int]:
    actions: Counter[str] = Counter()
    for by_action in plan.counted.values():
        actions.update(by_action)
    # the import's keys that change nothing (rows older than those kept, and rows about
    # people not kept, aside)
    quiet = con.execute(
        "SELECT count(*) FROM (SELECT DISTINCT kind, sourced_id FROM incoming) i "
        "WHERE NOT EXISTS (SELECT 1 FROM changes c "
        "WHERE c.kind = i.kind AND c.sourced_id = i.sourced_id)"
    ).fetchall()[0][0]
    return {
        "added": actions[Action.INSERT],
        "updated": actions[Action.UPDATE],
        "deactivated": actions[Action.DEACTIVATE],
        "reactivated": actions[Action.REACTIVATE],
        "unchanged": max(0, int(quiet) - plan.stale - plan.dropped),
        "stale": plan.stale,
        "dropped": plan.dropped,
    }


def _derived_in_line(con: duckdb.DuckDBPyConnection, as_of: date, revision: int) -> bool:
    """Whether the Student rows are what deriving every student from the records kept
    would give today, but for what this import changes: the last import that derived every
    student (for every school) did so on this catalog revision — a catalog edit or a
    workspace import changes it, and both change what students derive to — and its day
    derives alike (:func:`careerpaths.io.records_db.derives_alike`)."""
    for day, totals in (
        ImportBatch.objects.filter(status__in=_DERIVED)
        .order_by("-pk")
        .values_list("as_of", "totals")
        .iterator()
    ):
        if (totals or {}).get("derived") == "all":
            if (totals or {}).get("revision") != revision:
                return False
            return records_db.derives_alike(con, day, as_of)
    return False


_DERIVED = (
    ImportBatch.Status.APPLIED,
    ImportBatch.Status.CONFIRMED,
    ImportBatch.Status.UNCHANGED,
)


# Rows written (or read to be compared) per statement: model instances are built a chunk
# at a time inside the one transaction, never for a whole state-scale import at once.
CHUNK = 2000


def _write_records(con: duckdb.DuckDBPyConnection, batch: ImportBatch) -> None:
    """Insert the new records and update the changed ones (never a delete), straight from
    the merge's ``changes`` table.

    PostgreSQL: ``COPY`` into the table (new records) and into a temporary table joined by
    one ``UPDATE … FROM`` (changed ones). SQLite: ``INSERT`` and ``UPDATE … WHERE kind = ?
    AND sourced_id = ?`` executed for a chunk of rows at a time (``executemany``). The
    fields are the merge's JSON text as they are (no object per record); times go through
    the field's own preparation, so rows are what the ORM would store.
    """
    conn = connections[DEFAULT_DB_ALIAS]
    table = RosterRecord._meta.db_table
    qn = conn.ops.quote_name
    modified_field = RosterRecord._meta.get_field("date_last_modified")
    assert isinstance(modified_field, Field)
    times: dict[datetime | None, Any] = {None: None}  # an import shares its few timestamps
    status = {True: str(RosterRecord.Status.ACTIVE), False: str(RosterRecord.Status.INACTIVE)}
    postgres = conn.vendor == "postgresql"

    def when(modified: datetime | None) -> Any:
        got = times.get(modified, times)
        if got is times:
            value = records_db.aware(modified)
            got = times[modified] = (
                value if postgres else modified_field.get_db_prep_save(value, conn)
            )
        return got

    src = con.cursor()
    src.execute(
        "SELECT b_data IS NULL AS new, kind, sourced_id, a_active, a_modified, data, "
        "coalesce(student, '') FROM changes ORDER BY new DESC, kind, sourced_id"
    )
    columns = (
        "kind", "sourced_id", "status", "date_last_modified", "data", "student", "batch_id"
    )  # fmt: skip
    names = ", ".join(qn(c) for c in columns)
    with conn.cursor() as cursor:
        if postgres:
            _copy_records(cursor, src, table, names, when, status, batch.pk)
            return
        insert = f"INSERT INTO {qn(table)} ({names}) VALUES (%s, %s, %s, %s, %s, %s, %s)"
        update = (
            f"UPDATE {qn(table)} SET {qn('status')} = %s, {qn('date_last_modified')} = %s, "
            f"{qn('data')} = %s, {qn('student')} = %s, {qn('batch_id')} = %s "
            f"WHERE {qn('kind')} = %s AND {qn('sourced_id')} = %s"
        )
        while rows := src.fetchmany(CHUNK):
            new = [
                (kind, sid, status[active], when(modified), data, student, batch.pk)
                for is_new, kind, sid, active, modified, data, student in rows
                if is_new
            ]
            changed = [
                (status[active], when(modified), data, student, batch.pk, kind, sid)
                for is_new, kind, sid, active, modified, data, student in rows
                if not is_new
            ]
            if new:
                cursor.executemany(insert, new)
            if changed:
                cursor.executemany(update, changed)


def _copy_records(
    cursor: Any,
    src: duckdb.DuckDBPyConnection,
    table: str,
    names: str,
    when: Callable[[datetime | None], Any],
    status: Mapping[bool, str],
    batch_pk: int,
) -> None:
    """PostgreSQL's half of :func:`_write_records`: ``COPY`` (psycopg 3)."""
    raw = cursor.cursor  # the psycopg cursor under Django's wrapper
    raw.execute(
        "CREATE TEMPORARY TABLE careerpaths_roster_changed "
        "(kind varchar(20), sourced_id varchar(255), status varchar(10), "
        "date_last_modified timestamptz, data jsonb, student varchar(255)) ON COMMIT DROP"
    )
    inserts: list[tuple[Any, ...]] = []
    updates: list[tuple[Any, ...]] = []
    while rows := src.fetchmany(CHUNK):
        for is_new, kind, sid, active, modified, data, student in rows:
            if is_new:
                inserts.append((kind, sid, status[active], when(modified), data, student, batch_pk))
            else:
                updates.append((kind, sid, status[active], when(modified), data, student))
        if len(inserts) >= 10 * CHUNK:
            _copy(raw, f"COPY {table} ({names}) FROM STDIN", inserts)
        if len(updates) >= 10 * CHUNK:
            _copy(raw, "COPY careerpaths_roster_changed FROM STDIN", updates)
    _copy(raw, f"COPY {table} ({names}) FROM STDIN", inserts)
    _copy(raw, "COPY careerpaths_roster_changed FROM STDIN", updates)
    raw.execute(
        f"UPDATE {table} AS r SET status = c.status, date_last_modified = c.date_last_modified, "
        f"data = c.data, student = c.student, batch_id = %s FROM careerpaths_roster_changed c "
        "WHERE r.kind = c.kind AND r.sourced_id = c.sourced_id",
        [batch_pk],
    )
    raw.execute("DROP TABLE careerpaths_roster_changed")


def _copy(raw: Any, statement: str, rows: list[tuple[Any, ...]]) -> None:
    if rows:
        with raw.copy(statement) as copy:
            for row in rows:
                copy.write_row(row)
        rows.clear()


# The values compared to tell whether a Student row changed (attribute names: the school's
# id, not the related row).
_COMPARED = tuple(
    f.attname
    for f in Student._meta.concrete_fields
    if f.name in DOMAIN_FIELDS and f.name != "record_id"
)


def _write_students(
    mapped: Iterable[m.Student], imported: set[str], covers: Callable[[str], bool]
) -> int:
    """Upsert the Student rows of imported records; inactive ones get ``active=False``.

    A chunk of students at a time: their rows are read, compared (as the values the ORM
    stores), written and their audit summaries refreshed before the next chunk is read.
    Changed rows are written with one ``UPDATE … WHERE id = ?`` executed for the chunk:
    ``bulk_update``'s CASE expression per row and column cost more than the audits.
    """
    wanted = {s.id: s for s in mapped if covers(s.school)}
    ids = sorted(imported)
    fields = [
        f
        for f in Student._meta.concrete_fields
        if not f.primary_key and f.name != "public_id" and not f.name.startswith("summary_")
    ]
    conn = connections[DEFAULT_DB_ALIAS]
    qn = conn.ops.quote_name
    table = qn(Student._meta.db_table)
    update_sql = (
        f"UPDATE {table} SET {', '.join(f'{qn(str(f.column))} = %s' for f in fields)} "
        f"WHERE {qn('id')} = %s"
    )
    gone_sql = f"UPDATE {table} SET {qn('active')} = %s WHERE {qn('id')} = %s"
    written = 0
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        existing: dict[str, Student] = {}
        for part in range(0, len(chunk), 500):
            rows = Student.objects.filter(record_id__in=chunk[part : part + 500]).defer(
                "summary_audit"
            )
            for row in rows:
                existing[row.record_id] = row
        create: list[Student] = []
        update: list[Student] = []
        gone: list[Student] = []
        for sid in chunk:
            dom = wanted.get(sid)
            kept = existing.get(sid)
            if dom is None:
                if kept is not None and kept.active and covers(kept.school_id):
                    kept.active = False
                    gone.append(kept)
                continue
            new = Student(active=True)
            new.update_from_domain(dom)
            if kept is None:
                create.append(new)
            elif not kept.active or any(
                getattr(kept, name) != getattr(new, name) for name in _COMPARED
            ):
                kept.update_from_domain(dom)
                kept.active = True
                update.append(kept)
        Student.objects.bulk_create(create, batch_size=500)
        with conn.cursor() as cursor:
            if update:
                cursor.executemany(
                    update_sql,
                    [
                        [f.get_db_prep_save(getattr(row, f.attname), conn) for f in fields]
                        + [row.pk]
                        for row in update
                    ],
                )
            if gone:
                cursor.executemany(gone_sql, [[False, row.pk] for row in gone])
        refreshed = [*update]
        if all(row.pk is not None for row in create):  # the backend returned the new ids
            refreshed += create
        else:
            refreshed += Student.objects.filter(record_id__in=[s.record_id for s in create])
        if refreshed:
            student_summaries_refresh(students=refreshed)
        written += len(create) + len(update) + len(gone)
    return written


def roster_import(
    *,
    snapshot: RosterSnapshot,
    scope: Scope | None,
    actor: User | None,
    via: str,
    fmt: str,
    as_of: date,
    now: datetime | None = None,
    confirm: bool = False,
    dry_run: bool = False,
    filename: str = "",
    payload: bytes | None = None,
    batch: ImportBatch | None = None,
) -> ImportOutcome[ImportBatch]:
    """Merge ``snapshot`` into the database's student records, whole or not at all.

    ``scope`` None is the command line (every school). Raises RosterError (a reference to a
    record that is nowhere) or ImportRefused (schools outside the scope): nothing is
    written then, and the caller records the failure (:func:`import_failed_record`). A held
    plan is recorded as held (with ``payload``, the files, kept for the confirmation) and
    applied only with ``confirm``; ``dry_run`` writes nothing and records nothing.
    ``batch``: the held import being confirmed.
    """
    now = now or datetime.now(UTC)
    restricted = not _unrestricted(scope)
    allowed = scope.institutions if scope is not None and restricted else None

    def covers(school: str) -> bool:
        return allowed is None or school in allowed

    with (
        import_lock(),
        transaction.atomic(),
        records_db.merging(snapshot.records) as con,
    ):
        # One import at a time (PostgreSQL; SQLite serializes writers anyway).
        list(RegionInfo.objects.select_for_update().values_list("pk", flat=True))
        revision, region = versioned_snapshot()
        # 1. The plan: the records kept, loaded beside the import staged in DuckDB, and
        #    compared set-based (the workspace's statements); then limited to the scope.
        partial = _partial(con, snapshot)
        if partial:
            _load_for_delta(con)
        else:
            _load_kept(con)
        planned = records_db.plan_changes(con, snapshot.modes, now=now, future_skew=FUTURE_SKEW)
        schools = _Schools(DuckRecords(con), snapshot, region)
        touched = _scope(con, schools, scope)
        holds = tuple(
            h
            for h in holds_of(
                Counter(planned.active), Counter(planned.gone), DEACTIVATION_HOLD_SHARE
            )
            if allowed is None or (schools.org(h.school) or "") in allowed
        )
        counts = records_db.change_counts(con)
        total = sum(n for by_action in counts.values() for n in by_action.values())
        plan = PlanSummary(
            counted=MappingProxyType({k: MappingProxyType(v) for k, v in counts.items()}),
            holds=holds,
            stale=planned.stale,
            dropped=planned.dropped,
            listed=(
                tuple(change_of(row) for row in records_db.change_rows(con))
                if total <= CHANGES_LISTED
                else None
            ),
            warnings=planned.warnings,
        )
        totals = _totals(con, plan)

        # 2. The students derived again: only those the import is about — those its rows
        #    name, and those enrolled in a class whose class, course, term or line item it
        #    changed — when the Student rows are otherwise in line with the records kept
        #    (:func:`_derived_in_line`); every student when they may not be (a catalog edit
        #    or a workspace import since, another day that derives otherwise, no import
        #    that derived them all yet) or when it changed an org (a student's school).
        every = not _derived_in_line(con, as_of, revision) or records_db.changes_every_student(con)
        try:
            records_db.apply_changes(con)
            if not every:
                records_db.mark_affected(con)
            elif partial:
                _load_the_rest(con)
            mapped = to_students(
                DuckRecords(con, only=None if every else "affected"),  # type: ignore[arg-type]
                region,
                as_of=as_of,
            )
            every_id = {
                sid
                for (sid,) in con.execute(
                    "SELECT sourced_id FROM records WHERE kind = 'student'"
                ).fetchall()
            }
            imported = (
                every_id
                if every
                else {
                    sid
                    for (sid,) in con.execute("SELECT student FROM affected").fetchall()
                    if sid in every_id
                }
            )
        finally:
            con.execute("DROP TABLE IF EXISTS affected")
        skipped = tuple(mapped.skipped)
        students = sum(1 for s in mapped.students if covers(s.school))
        if not every:  # the students the delta left alone, as the database has them
            students += sum(
                1
                for rid, school in Student.objects.filter(active=True).values_list(
                    "record_id", "school_id"
                )
                if rid in every_id and rid not in imported and covers(school)
            )
        warnings = (*snapshot.warnings, *snapshot.skipped_rows, *plan.warnings)
        held = plan.held and not confirm
        if dry_run:
            return ImportOutcome(
                plan,
                False,
                students=students,
                skipped=skipped,
                totals=totals,
                warnings=warnings,
                derived="all" if every else "touched",
                rederived=len(imported),
            )
        if held:
            status = ImportBatch.Status.HELD
        elif plan.empty:
            status = ImportBatch.Status.UNCHANGED
        elif batch is not None:
            status = ImportBatch.Status.CONFIRMED
        else:
            status = ImportBatch.Status.APPLIED
        batch = _batch_for(
            batch,
            actor=actor,
            via=via,
            fmt=fmt,
            filename=filename,
            payload=payload,
            delta=any(mode is Mode.DELTA for mode in snapshot.modes.values()),
        )
        batch.source = snapshot.source
        batch.as_of = as_of
        batch.status = status
        batch.counts = plan.counts()
        batch.holds = [h.as_dict() for h in plan.holds]
        batch.skipped = dict(sorted(Counter(s.code for s in skipped).items()))
        batch.warnings = [problem_row(w) for w in warnings]
        batch.schools = sorted(touched)
        batch.errors = []
        # The files wait server side only while the import is held.
        batch.payload = payload if held else None
        written = 0
        if not held:
            if not plan.empty:
                batch.save()
                _write_records(con, batch)
            # Rows that already agree are not written: the same files twice change nothing.
            written = _write_students(mapped.students, imported, covers)
            if written and status == ImportBatch.Status.UNCHANGED:
                batch.status = (
                    ImportBatch.Status.CONFIRMED
                    if batch.decided_by_id is not None
                    else ImportBatch.Status.APPLIED
                )
        batch.totals = {
            **totals,
            "students": students,
            "written": written,
            # what the next import reads to know whether the Student rows are in line
            "derived": "all" if every and allowed is None else "touched",
            "revision": revision,
        }
        batch.save()
    log.info(
        "student import %s: via=%s format=%s status=%s actor=%s changes=%d written=%d",
        batch.pk, via, fmt, batch.status, actor.pk if actor else None, plan.total, written,
    )  # fmt: skip
    return ImportOutcome(
        plan,
        not held and (not plan.empty or written > 0),
        students=students,
        skipped=skipped,
        written=written,
        totals=batch.totals,
        warnings=warnings,
        derived="all" if every else "touched",
        rederived=len(imported),
        batch=batch,
    )


def _batch_for(
    batch: ImportBatch | None,
    *,
    actor: User | None,
    via: str,
    fmt: str,
    filename: str,
    payload: bytes | None,
    delta: bool = False,
) -> ImportBatch:
    """A new log entry for an import, or the held one being decided (by ``actor``, now)."""
    if batch is None:
        return ImportBatch(
            actor=actor,
            via=via,
            format=fmt,
            delta=delta,
            filename=filename[:255],
            sha256=hashlib.sha256(payload).hexdigest() if payload else "",
            size=len(payload) if payload else 0,
        )
    batch.decided_by = actor
    batch.decided_at = timezone.now()
    return batch


def problem_row(e: LoadError) -> dict[str, object]:
    """An error or warning as the import log keeps it: file, line, column, the English
    reason and, when a reader worded it (:class:`~careerpaths.core.i18n.Text`), its
    template and values (``text``), which the report says in its reader's language."""
    row = e.as_dict()
    if isinstance(e.reason, Text):
        row["text"] = text_to_data(e.reason)
    return row


def import_failed_record(
    *,
    errors: Iterable[LoadError] | None = None,
    refused: Iterable[str] | None = None,
    actor: User | None,
    via: str,
    fmt: str,
    as_of: date,
    filename: str = "",
    payload: bytes | None = None,
    source: str = "",
    batch: ImportBatch | None = None,
) -> ImportBatch:
    """Record an import that wrote nothing: its problems (file:line:column) or the refusal."""
    rows = [problem_row(e) for e in (errors or [])]
    outside = sorted(refused or [])
    batch = _batch_for(batch, actor=actor, via=via, fmt=fmt, filename=filename, payload=payload)
    batch.as_of = as_of
    batch.source = source or batch.source
    batch.status = ImportBatch.Status.FAILED
    # A refusal lists the schools outside the importer's scope (no file position).
    batch.errors = rows + [
        {"file": "", "line": None, "column": None, "reason": "", "school": s} for s in outside
    ]
    batch.totals = {"refused_schools": len(outside)} if outside else {}
    batch.holds = []
    batch.payload = None
    batch.save()
    log.info(
        "student import %s failed: via=%s format=%s problems=%d refused_schools=%d",
        batch.pk, via, fmt, len(rows), len(outside),
    )  # fmt: skip
    return batch


# --------------------------------------------------------------------------- uploads


@dataclass(frozen=True)
class Upload:
    name: str
    content: bytes


def upload_payload(files: list[Upload]) -> tuple[bytes, str]:
    """One zip of the uploaded files (a zip as it is, CSV files zipped), and a label.

    Raises UploadRefused for an upload that is too large, empty, or neither a zip nor CSV.
    """
    limit = max_upload_bytes()
    if not files:
        raise UploadRefused(_("Choose a file to upload."))
    total = sum(len(f.content) for f in files)
    if total > limit:
        raise UploadRefused(
            _(
                "The upload is %(size).1f MB; the limit is %(limit).0f MB. Nothing was read: "
                "split the export, or import it with the command line."
            )
            % {"size": total / 1048576, "limit": limit / 1048576}
        )
    if len(files) == 1 and files[0].name.lower().endswith(".zip"):
        return files[0].content, files[0].name
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for f in files:
            name = PurePosixPath(f.name.replace("\\", "/")).name
            if not name.lower().endswith(".csv"):
                raise UploadRefused(
                    _("%(name)s is neither a .zip of the export nor a .csv file of it.")
                    % {"name": name}
                )
            z.writestr(name, f.content)
    return buf.getvalue(), ", ".join(sorted(PurePosixPath(f.name).name for f in files))


# The compression methods Python's zipfile reads (stored, deflate, bzip2, lzma).
_READABLE_METHODS = {
    zipfile.ZIP_STORED: "stored",
    zipfile.ZIP_DEFLATED: "deflate",
    zipfile.ZIP_BZIP2: "bzip2",
    zipfile.ZIP_LZMA: "lzma",
}


def _unreadable_member(info: zipfile.ZipInfo) -> Text | None:
    """Why a member of the archive cannot be unpacked, before trying (None: it can): in
    English, with its template, which the report says in its reader's language."""
    if info.flag_bits & 0x1:
        return Text(
            gettext_noop(
                "the file is encrypted (password-protected) in the archive; zip the export "
                "again without a password"
            )
        )
    if info.compress_type not in _READABLE_METHODS:
        return Text(
            gettext_noop(
                "the file is compressed with a method this importer does not read (zip "
                "method %(method)s); zip the export again with the usual (deflate) compression"
            ),
            {"method": info.compress_type},
        )
    return None


def _unpack(payload: bytes, into: Path) -> Path:
    """Extract the zip safely; the folder holding the export (its manifest or students.csv)."""
    try:
        z = zipfile.ZipFile(io.BytesIO(payload))
    except zipfile.BadZipFile:
        raise UploadRefused(_("The file is not a readable .zip archive.")) from None
    with z:
        members = [i for i in z.infolist() if not i.is_dir()]
        if len(members) > MAX_ZIP_MEMBERS:
            raise UploadRefused(
                _("The archive holds more than %(n)d files.") % {"n": MAX_ZIP_MEMBERS}
            )
        unpacked = sum(i.file_size for i in members)
        if unpacked > max(MAX_UNZIP_RATIO * len(payload), max_upload_bytes()):
            raise UploadRefused(_("The archive unpacks to far more than its size; refused."))
        folders: set[PurePosixPath] = set()
        bad: list[LoadError] = []
        for info in members:
            path = PurePosixPath(info.filename.replace("\\", "/"))
            if path.is_absolute() or ".." in path.parts or path.name.startswith("."):
                continue  # never outside the folder; hidden files (macOS's ._*) ignored
            if "__MACOSX" in path.parts:
                continue
            target = into.joinpath(*path.parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            problem = _unreadable_member(info)
            if problem is None:
                try:
                    with z.open(info) as src, target.open("wb") as dst:
                        shutil.copyfileobj(src, dst)
                except (zipfile.BadZipFile, EOFError, OSError, zlib.error) as exc:
                    problem = Text(
                        gettext_noop(
                            "the archive's copy is damaged (%(why)s); zip the export again"
                        ),
                        {"why": str(exc) or type(exc).__name__},
                    )
            if problem is not None:
                bad.append(LoadError(str(path), None, None, problem))
                continue
            if path.name.lower() in ("manifest.csv", "students.csv"):
                folders.add(path.parent)
    if bad:
        # A member that cannot be unpacked: the import fails with its name, and is logged.
        raise RosterError(bad)
    if len(folders) > 1:
        raise UploadRefused(_("The archive holds more than one export; upload one at a time."))
    return into.joinpath(*next(iter(folders)).parts) if folders else into


def read_payload(payload: bytes, *, fmt: str, delta: bool) -> RosterSnapshot:
    """Read an uploaded export as the registered format ``fmt`` (RosterError with every
    bad row; UploadRefused)."""
    with tempfile.TemporaryDirectory(prefix="careerpaths-import-") as tmp:
        folder = _unpack(payload, Path(tmp))
        snapshot = read_folder(fmt, folder, delta=delta)
    enforce_policy(snapshot)  # rows left out: at most 1% of a file (DEFAULT_MAX_SKIPPED)
    return snapshot


@dataclass(frozen=True)
class UploadResult:
    batch: ImportBatch
    outcome: ImportOutcome[ImportBatch] | None


def import_upload(
    *, scope: Scope, actor: User, files: list[Upload], fmt: str, delta: bool
) -> UploadResult:
    """A web upload: read, merge, apply (or hold), and record it — every outcome recorded.

    Raises UploadRefused (nothing read, nothing recorded) for a file too large or not an
    export at all.
    """
    if fmt not in FORMATS:
        raise UploadRefused(_("Choose the export's format."))
    payload, label = upload_payload(files)
    as_of = timezone.now().astimezone(UTC).date()
    common: dict[str, Any] = dict(actor=actor, via=ImportBatch.Via.WEB, fmt=fmt, as_of=as_of)
    try:
        snapshot = read_payload(payload, fmt=fmt, delta=delta)
        outcome = roster_import(
            snapshot=snapshot, scope=scope, filename=label, payload=payload, **common
        )
    except RosterError as exc:
        failed = import_failed_record(errors=exc.errors, filename=label, payload=payload, **common)
        return UploadResult(failed, None)
    except ImportRefused as exc:
        failed = import_failed_record(
            refused=exc.schools, filename=label, payload=payload, **common
        )
        return UploadResult(failed, None)
    except ImportBusy:
        record_busy(
            actor_id=actor.pk, via=ImportBatch.Via.WEB, fmt=fmt, as_of=as_of, filename=label
        )
        raise UploadRefused(
            _(
                "Another student-data import is running; nothing was written. "
                "Upload the files again when it has finished."
            )
        ) from None
    assert outcome.batch is not None
    return UploadResult(outcome.batch, outcome)


class NotHeld(Exception):
    """Confirming or dismissing an import that is no longer held."""


def import_confirm(*, scope: Scope, actor: User, public_id: str) -> ImportBatch:
    """Apply a held import from its kept files, merged against the records as they are now."""
    batch = import_batch_get(scope=scope, public_id=public_id)
    if batch.status != ImportBatch.Status.HELD or batch.payload is None:
        raise NotHeld()
    payload = bytes(batch.payload)
    common: dict[str, Any] = dict(
        actor=actor, via=batch.via, fmt=batch.format, as_of=timezone.now().astimezone(UTC).date()
    )
    try:
        snapshot = read_payload(payload, fmt=batch.format, delta=batch.delta)
        outcome = roster_import(
            snapshot=snapshot, scope=scope, confirm=True, batch=batch, payload=payload, **common
        )
    except RosterError as exc:
        return import_failed_record(errors=exc.errors, batch=batch, **common)
    except ImportRefused as exc:
        return import_failed_record(refused=exc.schools, batch=batch, **common)
    except ImportBusy:
        record_busy(actor_id=actor.pk, via=batch.via, fmt=batch.format, as_of=common["as_of"])
        raise UploadRefused(
            _(
                "Another student-data import is running; the held import is still held. "
                "Confirm it again when the other has finished."
            )
        ) from None
    assert outcome.batch is not None
    return outcome.batch


def import_dismiss(*, scope: Scope, actor: User, public_id: str) -> ImportBatch:
    """Dismiss a held import: nothing is applied and its files are discarded."""
    batch = import_batch_get(scope=scope, public_id=public_id)
    if batch.status != ImportBatch.Status.HELD:
        raise NotHeld()
    batch.status = ImportBatch.Status.DISMISSED
    batch.payload = None
    batch.decided_by = actor
    batch.decided_at = timezone.now()
    batch.save(update_fields=["status", "payload", "decided_by", "decided_at"])
    log.info("student import %s dismissed by %s", batch.pk, actor.pk)
    return batch
