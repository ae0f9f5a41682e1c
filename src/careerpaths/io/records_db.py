"""The student records kept, and an import merged into them, in DuckDB.

One engine does the work set-based: a reader stages its records in DuckDB as it reads
(:class:`RecordSink`: in memory, or for a large export in a database file of its own
that DuckDB pages in and out within its memory limit), the merge with the records kept is
SQL (:func:`plan_changes`), and the workspace keeps its records in a DuckDB database,
``students/records.duckdb`` (replacing the hand-written ``roster-state.json`` of earlier
releases, converted on first use).

Tables (docs/student-data.md):

``records``
    every record ever imported, active or not: ``kind``, ``sourced_id``, ``active``,
    ``modified`` (``dateLastModified``, UTC), ``data`` (the fields kept, as JSON with sorted
    keys, so that two imports compare as text) and ``student`` (the student a per-student
    record is about: the range of students a part of the students' files is built from).
``incoming`` (an import's, dropped before the database is kept)
    one import's records in the order read (``ord``), with their references, file and line.
``changes`` (likewise)
    the plan: one row per record inserted, updated, deactivated or reactivated, before and
    after.

The merge rules are those of :mod:`careerpaths.io.roster_merge` (which states them); this
module is their only implementation.
"""

from __future__ import annotations

import os
import tempfile
import threading
import weakref
from collections.abc import Collection, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import duckdb
import orjson
import pyarrow as pa

from careerpaths.core import i18n
from careerpaths.io.errors import LoadError
from careerpaths.io.roster import (
    Fields,
    Kind,
    Mode,
    Record,
    RecordStatus,
    Ref,
    RosterError,
    Stored,
    school_year_of,
    unique_errors,
)

FORMAT_VERSION = 1
RECORDS_FILE = "records.duckdb"
# Rows a sink holds in Python before they go to DuckDB in one batch.
BATCH = 50_000
# DuckDB's memory for staging and merging; past it, it spills to its temporary folder.
MEMORY_LIMIT = "1GB"
# Exports larger than this (bytes of their files) are staged in a database file, smaller
# ones in memory (staged, a record takes about four times its CSV text: 256 MiB of CSV
# stage in about the memory limit).
STAGE_IN_FILE_OVER = 256 * 2**20

_KINDS = {k.value: k for k in Kind}
_STATUSES = {s.value: s for s in RecordStatus}

RECORDS_DDL = """
CREATE TABLE IF NOT EXISTS records (
    kind VARCHAR NOT NULL,
    sourced_id VARCHAR NOT NULL,
    active BOOLEAN NOT NULL,
    modified TIMESTAMP,
    data VARCHAR NOT NULL,
    student VARCHAR
);
CREATE TABLE IF NOT EXISTS meta (name VARCHAR, value VARCHAR);
"""

_REF = pa.struct(
    [("kind", pa.string()), ("id", pa.string()), ("col", pa.string()), ("col_no", pa.int32())]
)
INCOMING_SCHEMA = pa.schema(
    [
        ("ord", pa.int64()),
        ("kind", pa.string()),
        ("sourced_id", pa.string()),
        ("status", pa.string()),
        ("modified", pa.timestamp("us")),
        ("data", pa.string()),
        ("refs", pa.list_(_REF)),
        ("file", pa.string()),
        ("line", pa.int32()),
        ("only_if_known", pa.bool_()),
    ]
)
INCOMING_DDL = """
CREATE TABLE IF NOT EXISTS incoming (
    ord BIGINT, kind VARCHAR, sourced_id VARCHAR, status VARCHAR, modified TIMESTAMP,
    data VARCHAR, refs STRUCT(kind VARCHAR, id VARCHAR, col VARCHAR, col_no INTEGER)[],
    file VARCHAR, line INTEGER, only_if_known BOOLEAN
)
"""
RECORDS_SCHEMA = pa.schema(
    [
        ("kind", pa.string()),
        ("sourced_id", pa.string()),
        ("active", pa.bool_()),
        ("modified", pa.timestamp("us")),
        ("data", pa.string()),
    ]
)


# The student a per-student record is about (NULL for the shared kinds).
def student_of(kind: str = "kind", sid: str = "sourced_id", data: str = "data") -> str:
    """SQL for the student a per-student record is about (NULL for the shared kinds)."""
    return f"""
CASE {kind}
    WHEN 'student' THEN {sid}
    WHEN 'demographics' THEN {sid}
    WHEN 'enrollment' THEN coalesce(json_extract_string({data}, '$.user'), '')
    WHEN 'result' THEN coalesce(json_extract_string({data}, '$.student'), '')
    WHEN 'attempt' THEN coalesce(json_extract_string({data}, '$.student'), '')
    WHEN 'transcript' THEN coalesce(json_extract_string({data}, '$.student'), '')
END
"""


PER_STUDENT = frozenset(
    {Kind.STUDENT, Kind.DEMOGRAPHICS, Kind.ENROLLMENT, Kind.RESULT, Kind.ATTEMPT, Kind.TRANSCRIPT}
)


def connect(path: Path | str | None = None) -> duckdb.DuckDBPyConnection:
    """A DuckDB connection (a file, or in memory) with the records table, a memory limit
    and a temporary folder of its own to spill to."""
    con = duckdb.connect(str(path) if path is not None else ":memory:")
    con.execute(f"SET memory_limit = '{MEMORY_LIMIT}'")
    if path is None:
        # In memory, DuckDB would spill to ".tmp" in the working directory: the system's
        # temporary folder instead (a file database spills beside its file).
        spill = Path(tempfile.gettempdir()) / f"careerpaths-duckdb-{os.getpid()}"
        con.execute("SET temp_directory = ?", [str(spill)])
    con.execute("SET preserve_insertion_order = false")
    con.execute(RECORDS_DDL)
    if not con.execute("SELECT count(*) FROM meta").fetchall()[0][0]:
        con.execute("INSERT INTO meta VALUES ('format_version', ?)", [str(FORMAT_VERSION)])
    return con


# --------------------------------------------------------------------------- values


def data_json(data: Mapping[str, str]) -> str:
    """A record's fields as the JSON text kept (sorted keys: equal fields, equal text)."""
    return orjson.dumps(dict(data), option=orjson.OPT_SORT_KEYS).decode()


def fields_of(text: str) -> Fields:
    return Fields.of(orjson.loads(text))


def utc_naive(when: datetime | None) -> datetime | None:
    """A timezone-aware time as the naive UTC time DuckDB keeps."""
    return None if when is None else when.astimezone(UTC).replace(tzinfo=None)


def aware(when: datetime | None) -> datetime | None:
    return None if when is None else when.replace(tzinfo=UTC)


def stored_of(row: tuple[Any, ...]) -> Stored:
    """A ``records`` row (kind, sourced_id, active, modified, data) as a Stored."""
    kind, sid, active, modified, data = row
    return Stored(_KINDS[kind], sid, bool(active), aware(modified), fields_of(data))


# --------------------------------------------------------------------------- staging


class _Columns:
    """Records turned into the columns of :data:`INCOMING_SCHEMA`, a batch at a time."""

    def __init__(self) -> None:
        self.clear()

    def clear(self) -> None:
        self.cols: list[list[Any]] = [[] for _ in INCOMING_SCHEMA]

    def __len__(self) -> int:
        return len(self.cols[0])

    def add(self, ord_: int, r: Record) -> None:
        c = self.cols
        c[0].append(ord_)
        c[1].append(r.kind.value)
        c[2].append(r.sourced_id)
        c[3].append(r.status.value)
        c[4].append(utc_naive(r.modified))
        c[5].append(data_json(r.data))
        c[6].append(
            [
                {"kind": f.kind.value, "id": f.sourced_id, "col": f.column, "col_no": f.column_no}
                for f in r.refs
            ]
        )
        c[7].append(r.file)
        c[8].append(r.line)
        c[9].append(r.only_if_known)

    def table(self) -> pa.Table:
        return pa.Table.from_arrays(
            [pa.array(col, type=f.type) for col, f in zip(self.cols, INCOMING_SCHEMA, strict=True)],
            schema=INCOMING_SCHEMA,
        )


def stage(con: duckdb.DuckDBPyConnection, records: Iterable[Record]) -> int:
    """Put ``records`` in ``con``'s ``incoming`` table (after what is there); their count."""
    con.execute(INCOMING_DDL)
    start = con.execute("SELECT count(*) FROM incoming").fetchall()[0][0]
    cols = _Columns()
    n = 0
    for r in records:
        cols.add(start + n, r)
        n += 1
        if len(cols) >= BATCH:
            _insert(con, cols)
    if len(cols):
        _insert(con, cols)
    return int(n)


def _insert(con: duckdb.DuckDBPyConnection, cols: _Columns) -> None:
    if not len(cols):
        return
    con.register("incoming_batch", cols.table())
    try:
        con.execute("INSERT INTO incoming SELECT * FROM incoming_batch")
    finally:
        con.unregister("incoming_batch")
    cols.clear()


class _Staging:
    """A staging database, closed (and its file removed) when the last holder — the sink,
    then the records it gave — is gone.

    In memory for an export of up to :data:`STAGE_IN_FILE_OVER` bytes; past it a DuckDB
    file in a temporary folder of its own. A state's export stages 50 million records:
    DuckDB pages a file's tables in and out within its memory limit, where an in-memory
    database's tables had to be spilled to its temporary folder and the read of the
    largest file then ran out of memory now and then (1,000,000 students). In memory is
    faster while the records fit (a 20,000-student export read in 5.0 s, against 7.0 s
    through a file). Nothing is checkpointed at the end: the file is thrown away."""

    def __init__(self, in_file: bool) -> None:
        folder = tempfile.TemporaryDirectory(prefix="careerpaths-staging-") if in_file else None
        self.con = connect(Path(folder.name) / "staging.duckdb" if folder else None)
        if folder is not None:
            self.con.execute("PRAGMA disable_checkpoint_on_shutdown")
        self.con.execute(INCOMING_DDL)
        self._release = weakref.finalize(self, _release, self.con, folder)

    def close(self) -> None:
        self._release()


def _release(
    con: duckdb.DuckDBPyConnection, folder: tempfile.TemporaryDirectory[str] | None
) -> None:
    try:
        con.close()
    finally:
        if folder is not None:
            folder.cleanup()


def input_bytes(files: Iterable[Path]) -> int:
    """The size of the files an import reads (those that exist), for :class:`RecordSink`."""
    return sum(p.stat().st_size for p in files if p.is_file())


class RecordSink:
    """Where a reader puts its records: staged in DuckDB a batch at a time (in memory, or
    in a database file of its own for a large export: :class:`_Staging`). A reader may
    also stage a file's records set-based, reading it in the sink's connection
    (:meth:`connection`, :meth:`reserve`, :meth:`added`)."""

    def __init__(self, input_size: int = 0) -> None:
        """``input_size``: the bytes of the files to be read (:func:`input_bytes`); past
        :data:`STAGE_IN_FILE_OVER` the records are staged in a database file."""
        self._in_file = input_size > STAGE_IN_FILE_OVER
        self._staging: _Staging | None = None
        self._cols = _Columns()
        self._count = 0  # records staged
        self._ord = 0  # the next record's place in the order read

    def __len__(self) -> int:
        return self._count

    def append(self, rec: Record, ord_: int | None = None) -> None:
        """Stage ``rec``, next in the order read or at ``ord_`` (reserved)."""
        if ord_ is None:
            ord_ = self._ord
            self._ord += 1
        self._cols.add(ord_, rec)
        self._count += 1
        if len(self._cols) >= BATCH:
            self._flush()

    def extend(self, recs: Iterable[Record]) -> None:
        for r in recs:
            self.append(r)

    def connection(self) -> duckdb.DuckDBPyConnection:
        """The sink's connection, its ``incoming`` table holding what is staged so far."""
        if self._staging is None:
            self._staging = _Staging(self._in_file)
        if len(self._cols):
            _insert(self._staging.con, self._cols)
        return self._staging.con

    def reserve(self, n: int) -> int:
        """Keep ``n`` places in the order read (a file's lines); the first one."""
        first = self._ord
        self._ord += n
        return first

    def added(self, n: int) -> None:
        """``n`` records were put in ``incoming`` by SQL, at places reserved."""
        self._count += n

    def _flush(self) -> None:
        _insert(self.connection(), self._cols)

    def discard(self) -> None:
        self._cols.clear()
        if self._staging is not None:
            self._staging.close()
        self._staging = None

    def records(self) -> StagedRecords:
        """The records read, staged (the sink is spent)."""
        con = self.connection()
        out = StagedRecords(con, self._count, self._staging)
        self._staging = None
        return out


class StagedRecords(Collection[Record]):
    """An import's records staged in DuckDB; iterates as the tuple of records it holds
    (in the order read). The merge runs in its connection (:func:`merging`): the records
    are not copied."""

    def __init__(
        self, con: duckdb.DuckDBPyConnection, count: int, staging: _Staging | None = None
    ) -> None:
        self._con = con
        self._count = count
        self._staging = staging  # the database file, kept while these records are

    def __len__(self) -> int:
        return self._count

    def __bool__(self) -> bool:
        return self._count > 0

    @property
    def connection(self) -> duckdb.DuckDBPyConnection:
        return self._con

    def __iter__(self) -> Iterator[Record]:
        return self._select("")

    def of_kinds(
        self, kinds: Iterable[Kind], *, status: RecordStatus | None = None
    ) -> Iterator[Record]:
        """The records of ``kinds`` (with ``status`` only, when given), in the order read."""
        names = ", ".join(f"'{k.value}'" for k in kinds) or "NULL"
        where = f"WHERE kind IN ({names})"
        if status is not None:
            where += f" AND status = '{status.value}'"
        return self._select(where)

    def keys(self) -> set[tuple[Kind, str]]:
        """Every (kind, sourcedId) the import holds."""
        cur = self._con.cursor()
        cur.execute("SELECT DISTINCT kind, sourced_id FROM incoming")
        return {(_KINDS[kind], sid) for kind, sid in cur.fetchall()}

    def students_named(self, kinds: Iterable[Kind]) -> set[str]:
        """The students the import's rows of ``kinds`` name (``tobedeleted`` rows aside)."""
        names = ", ".join(f"'{k.value}'" for k in kinds) or "NULL"
        cur = self._con.cursor()
        cur.execute(
            f"SELECT DISTINCT {student_of()} AS s FROM incoming "
            f"WHERE status <> 'tobedeleted' AND kind IN ({names}) AND s IS NOT NULL"
        )
        return {sid for (sid,) in cur.fetchall()}

    def _select(self, where: str) -> Iterator[Record]:
        cur = self._con.cursor()
        cur.execute(
            "SELECT kind, sourced_id, status, modified, data, refs, file, line, only_if_known "
            f"FROM incoming {where} ORDER BY ord"
        )
        while rows := cur.fetchmany(10_000):
            for kind, sid, status, modified, data, refs, file, line, only in rows:
                yield Record(
                    _KINDS[kind],
                    sid,
                    _STATUSES[status],
                    aware(modified),
                    fields_of(data),
                    tuple(Ref(_KINDS[f["kind"]], f["id"], f["col"], f["col_no"]) for f in refs),
                    file,
                    line,
                    bool(only),
                )

    def __contains__(self, item: object) -> bool:
        return any(r == item for r in self)


# --------------------------------------------------------------------------- the merge


@dataclass(frozen=True)
class Planned:
    """What :func:`plan_changes` found (the changes themselves are the ``changes`` table)."""

    counts: dict[str, dict[str, int]]
    total: int
    gone: dict[str, int]  # students made inactive, per school
    active: dict[str, int]  # active students per school, before
    stale: int
    dropped: int
    warnings: tuple[LoadError, ...]


def plan_changes(
    con: duckdb.DuckDBPyConnection,
    modes: Mapping[Kind, Mode],
    *,
    now: datetime,
    future_skew: timedelta,
    kept: str = "records",
) -> Planned:
    """Compare ``incoming`` with the records kept (the table ``kept``: ``records``, or
    ``ws.records`` of an attached workspace database) and fill the ``changes`` table.

    Raises RosterError (nothing changed) for a reference to a record that is in neither.
    """
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    con.execute(INCOMING_DDL)
    now_n = utc_naive(now)
    latest = utc_naive(now + future_skew)
    bulk = sorted(k.value for k, m in modes.items() if m is Mode.BULK)
    params = {"now": now_n, "latest": latest}
    drop_work(con)
    # The last row of a key wins (a key given twice is rare: found by grouping the keys
    # alone, then only its rows compared); a dateLastModified in the future is read as now.
    twice = con.execute(
        "SELECT count(*) FROM (SELECT 1 FROM incoming GROUP BY kind, sourced_id "
        "HAVING count(*) > 1)"
    ).fetchall()[0][0]
    if not twice:
        # Every key once (the usual import): the import itself, read through a view.
        con.execute(
            """
            CREATE VIEW inc AS
            SELECT kind, sourced_id, status,
                   CASE WHEN modified > $latest THEN $now ELSE modified END AS modified,
                   coalesce(modified > $latest, false) AS clamped,
                   data, refs, file, line, only_if_known
            FROM incoming
            """.replace("$latest", _timestamp(latest)).replace("$now", _timestamp(now_n))
        )
    else:
        con.execute(
            """
            CREATE TABLE inc AS
            WITH twice AS (
                SELECT kind, sourced_id, max(ord) AS last,
                       bool_or(coalesce(modified > $latest, false)) AS clamped
                FROM incoming GROUP BY kind, sourced_id HAVING count(*) > 1
            )
            SELECT i.kind, i.sourced_id, i.status,
                   CASE WHEN i.modified > $latest THEN $now ELSE i.modified END AS modified,
                   coalesce(t.clamped, coalesce(i.modified > $latest, false)) AS clamped,
                   i.data, i.refs, i.file, i.line, i.only_if_known
            FROM incoming i LEFT JOIN twice t
                ON t.kind = i.kind AND t.sourced_id = i.sourced_id
            WHERE t.last IS NULL OR i.ord = t.last
            """,
            params,
        )
    future = con.execute(
        "SELECT file, line, modified FROM incoming WHERE modified > $latest ORDER BY ord",
        {"latest": latest},
    ).fetchall()
    warnings = [
        LoadError(
            file,
            line,
            None,
            i18n.text(
                "dateLastModified %(when)s is in the future; read as the import's time, %(now)s",
                when=aware(when).isoformat(),  # type: ignore[union-attr]
                now=now.isoformat(),
            ),
        )
        for file, line, when in future
    ]
    # Rows that may only update a record kept (a 1.2 delta user of unknown role).
    con.execute(
        f"""
        CREATE TABLE dropped AS
        SELECT i.kind, i.sourced_id FROM inc i
        WHERE i.only_if_known
          AND NOT EXISTS (SELECT 1 FROM {kept} r
                          WHERE r.kind = i.kind AND r.sourced_id = i.sourced_id)
        """
    )
    # References to a record neither in the import (kept) nor in the records. A state's
    # import names about 150 million references but only about a million records (its
    # students, classes, orgs, …): those are looked up, once each, among the records of
    # the kinds named, and only the rows naming a missing one are gathered again.
    refs = """
        SELECT kind, sourced_id, file, line, ref.kind AS tkind, ref.id AS tid,
               ref.col AS col, ref.col_no AS col_no
        FROM (SELECT kind, sourced_id, file, line, unnest(refs) AS ref
              FROM inc i
              WHERE status <> 'tobedeleted' AND len(refs) > 0
                AND NOT EXISTS (SELECT 1 FROM dropped d
                                WHERE d.kind = i.kind AND d.sourced_id = i.sourced_id))
    """
    con.execute(f"CREATE TABLE ref_targets AS SELECT DISTINCT tkind, tid FROM ({refs})")
    con.execute(
        f"""
        CREATE TABLE ref_missing AS
        SELECT n.tkind, n.tid FROM ref_targets n
        WHERE NOT EXISTS (SELECT 1 FROM inc p
                          WHERE p.kind IN (SELECT DISTINCT tkind FROM ref_targets)
                            AND p.kind = n.tkind AND p.sourced_id = n.tid
                            AND NOT EXISTS (SELECT 1 FROM dropped d
                                            WHERE d.kind = p.kind
                                              AND d.sourced_id = p.sourced_id))
          AND NOT EXISTS (SELECT 1 FROM {kept} r
                          WHERE r.kind = n.tkind AND r.sourced_id = n.tid)
        """
    )
    if con.execute("SELECT count(*) FROM ref_missing").fetchall()[0][0]:
        con.execute(
            f"CREATE TABLE misses AS SELECT f.* FROM ({refs}) f "
            "JOIN ref_missing m ON m.tkind = f.tkind AND m.tid = f.tid"
        )
    else:
        con.execute(
            "CREATE TABLE misses (kind VARCHAR, sourced_id VARCHAR, file VARCHAR, "
            "line INTEGER, tkind VARCHAR, tid VARCHAR, col VARCHAR, col_no INTEGER)"
        )
    # Demographics of someone who is not a student of ours (a teacher, a guardian): dropped.
    con.execute(
        "INSERT INTO dropped SELECT DISTINCT kind, sourced_id FROM misses "
        "WHERE kind = 'demographics'"
    )
    errors: list[LoadError] = []
    for file, line, col, col_no, tid, tkind in con.execute(
        "SELECT file, line, col, col_no, tid, tkind FROM misses WHERE kind <> 'demographics' "
        "ORDER BY file, line, col_no, col, tid"
    ).fetchall():
        if col == "parentSourcedId":
            # A parent org or session never exported (a partial export): a warning (the
            # reader gave it already when the file is bulk).
            if tkind in bulk:
                continue
            warnings.append(
                LoadError(
                    file,
                    line,
                    col_no,
                    i18n.text(
                        "%(column)s %(id)r is neither in this import nor in the records "
                        "already imported; imported without it",
                        column=col,
                        id=tid,
                    ),
                )
            )
            continue
        errors.append(
            LoadError(
                file,
                line,
                col_no,
                i18n.text(
                    "%(column)s %(id)r is neither in this import nor in the records already "
                    "imported",
                    column=col,
                    id=tid,
                ),
            )
        )
    if errors:
        raise RosterError(unique_errors(errors))
    dropped = con.execute("SELECT count(*) FROM (SELECT DISTINCT * FROM dropped)").fetchall()[0][0]

    # One pass over the import joined with the records kept: what each row does.
    con.execute(
        f"""
        CREATE TABLE changes AS
        WITH j AS (
            SELECT i.kind, i.sourced_id, i.status, i.modified, i.clamped, i.data,
                   r.sourced_id IS NOT NULL AS had, r.active AS b_active,
                   r.modified AS b_modified, r.data AS b_data,
                   coalesce(r.data = i.data, false) AS same,
                   coalesce(i.modified < CASE WHEN r.modified > $latest THEN NULL
                                              ELSE r.modified END, false) AS stale
            FROM inc i
            LEFT JOIN {kept} r ON r.kind = i.kind AND r.sourced_id = i.sourced_id
            WHERE NOT EXISTS (SELECT 1 FROM dropped d
                              WHERE d.kind = i.kind AND d.sourced_id = i.sourced_id)
        ),
        k AS (
            SELECT *,
                   coalesce(modified, CASE WHEN same THEN b_modified ELSE $now END) AS kept_mod,
                   CASE
                       WHEN stale THEN NULL
                       WHEN status = 'tobedeleted' THEN
                           CASE
                               -- an active record made inactive
                               WHEN had AND b_active THEN 'deactivate'
                               -- an inactive one deleted again later keeps the later date
                               WHEN had AND modified IS NOT NULL
                                    AND modified IS DISTINCT FROM b_modified THEN 'update'
                           END
                       WHEN NOT had THEN 'insert'
                       WHEN same AND b_active
                            AND (modified IS NULL OR coalesce(modified = b_modified, false)
                                 OR clamped) THEN NULL
                       WHEN same AND b_active
                            AND coalesce(modified, b_modified) IS NOT DISTINCT FROM b_modified
                           THEN NULL
                       WHEN b_active THEN 'update'
                       ELSE 'reactivate'
                   END AS action
            FROM j
        ),
        rows AS (
            SELECT action, kind, sourced_id, b_active, b_modified, b_data,
                   status <> 'tobedeleted' AS a_active,
                   CASE
                       WHEN action = 'deactivate' THEN coalesce(modified, $now)
                       WHEN status = 'tobedeleted' THEN modified
                       WHEN NOT had THEN modified
                       ELSE kept_mod
                   END AS a_modified,
                   CASE WHEN status = 'tobedeleted' THEN b_data ELSE data END AS a_data
            FROM k WHERE action IS NOT NULL
            UNION ALL
            -- a bulk file is complete: what it no longer lists is made inactive
            SELECT 'deactivate', r.kind, r.sourced_id, r.active, r.modified, r.data,
                   false, $now, r.data
            FROM {kept} r
            WHERE r.active AND r.kind IN (SELECT unnest($bulk::VARCHAR[]))
              AND NOT EXISTS (SELECT 1 FROM inc i
                              WHERE i.kind = r.kind AND i.sourced_id = r.sourced_id)
        )
        SELECT action, kind, sourced_id, b_active, b_modified, b_data, a_active, a_modified,
               a_data AS data, {student_of(data="a_data")} AS student
        FROM rows
        """,
        {**params, "bulk": bulk},
    )
    stale = con.execute(
        f"""
        SELECT count(*) FROM inc i JOIN {kept} r
            ON r.kind = i.kind AND r.sourced_id = i.sourced_id
        WHERE i.modified < CASE WHEN r.modified > $latest THEN NULL ELSE r.modified END
          AND NOT EXISTS (SELECT 1 FROM dropped d
                          WHERE d.kind = i.kind AND d.sourced_id = i.sourced_id)
        """,
        {"latest": latest},
    ).fetchall()[0][0]
    counts = change_counts(con)
    total = sum(n for by_action in counts.values() for n in by_action.values())
    school = "coalesce(json_extract_string({}, '$.school'), '')"
    gone = dict(
        con.execute(
            f"SELECT {school.format('b_data')}, count(*) FROM changes "
            "WHERE kind = 'student' AND action = 'deactivate' GROUP BY ALL"
        ).fetchall()
    )
    active = (
        dict(
            con.execute(
                f"SELECT {school.format('data')}, count(*) FROM {kept} "
                "WHERE kind = 'student' AND active GROUP BY ALL"
            ).fetchall()
        )
        if gone
        else {}
    )
    return Planned(
        counts=counts,
        total=total,
        gone=gone,
        active=active,
        stale=int(stale),
        dropped=int(dropped),
        warnings=tuple(unique_errors(warnings)),
    )


def change_counts(con: duckdb.DuckDBPyConnection) -> dict[str, dict[str, int]]:
    """The ``changes`` table counted: ``{kind: {action: n}}``, both sorted."""
    counts: dict[str, dict[str, int]] = {}
    for kind, action, n in con.execute(
        "SELECT kind, action, count(*) FROM changes GROUP BY ALL ORDER BY kind, action"
    ).fetchall():
        counts.setdefault(kind, {})[action] = int(n)
    return counts


def change_rows(
    con: duckdb.DuckDBPyConnection, *, limit: int | None = None
) -> Iterator[tuple[Any, ...]]:
    """The ``changes`` rows (action, kind, sourced_id, before active/modified/data, after
    active/modified/data), by kind, then ``sourcedId``, then action."""
    cur = con.cursor()
    cur.execute(
        "SELECT action, kind, sourced_id, b_active, b_modified, b_data, a_active, a_modified, "
        "data FROM changes ORDER BY kind, sourced_id, action"
        + (f" LIMIT {int(limit)}" if limit is not None else "")
    )
    while rows := cur.fetchmany(10_000):
        yield from rows


WORK_TABLES = ("inc", "dropped", "ref_targets", "ref_missing", "misses", "changes")


def drop_work(con: duckdb.DuckDBPyConnection) -> None:
    """Drop a merge's working tables (``incoming`` stays)."""
    kinds = dict(
        con.execute(
            "SELECT table_name, table_type FROM information_schema.tables "
            "WHERE table_catalog = current_database() AND table_schema = current_schema()"
        ).fetchall()
    )
    for name in WORK_TABLES:
        if name in kinds:
            con.execute(f"DROP {'VIEW' if kinds[name] == 'VIEW' else 'TABLE'} {name}")


def _timestamp(when: datetime | None) -> str:
    """A literal of a naive UTC time (a view cannot take parameters)."""
    assert when is not None
    return f"TIMESTAMP '{when.isoformat(sep=' ')}'"


def apply_changes(con: duckdb.DuckDBPyConnection, *, kept: str = "records") -> None:
    """Carry the ``changes`` table out on ``records`` (never a delete of a record: a record
    changed is replaced by its new version)."""
    con.execute("BEGIN")
    try:
        con.execute(
            f"DELETE FROM {kept} AS r USING changes c "
            "WHERE r.kind = c.kind AND r.sourced_id = c.sourced_id"
        )
        con.execute(
            f"INSERT INTO {kept} SELECT kind, sourced_id, a_active, a_modified, data, student "
            "FROM changes"
        )
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


# The students a plan's changes are about, once applied to the records kept: those its
# rows name (and the student a changed record named before: an enrollment moved to another
# user), and those whose attempts read a class, course, term or line item it changed.
_AFFECTED = """
CREATE OR REPLACE TABLE affected AS
WITH ch AS (SELECT DISTINCT kind, sourced_id FROM changes),
cls AS (
    SELECT sourced_id AS id FROM ch WHERE kind = 'class'
    UNION
    SELECT r.sourced_id FROM {kept} r
    WHERE r.kind = 'class'
      AND json_extract_string(r.data, '$.course') IN
          (SELECT sourced_id FROM ch WHERE kind = 'course')
    UNION
    SELECT r.sourced_id FROM {kept} r JOIN ch s ON s.kind = 'session'
    WHERE r.kind = 'class'
      AND list_contains(
          string_split(coalesce(json_extract_string(r.data, '$.terms'), ''), ','),
          s.sourced_id)
),
items AS (
    SELECT sourced_id AS id FROM ch WHERE kind = 'line_item'
    UNION
    SELECT r.sourced_id FROM {kept} r
    WHERE r.kind = 'line_item' AND json_extract_string(r.data, '$.class') IN (SELECT id FROM cls)
)
SELECT student FROM (
SELECT student FROM changes
UNION
SELECT {before} FROM changes WHERE b_data IS NOT NULL
UNION
SELECT r.student FROM {kept} r
WHERE r.kind = 'enrollment' AND json_extract_string(r.data, '$.class') IN (SELECT id FROM cls)
UNION
SELECT r.student FROM {kept} r
WHERE r.kind = 'result'
  AND json_extract_string(r.data, '$.line_item') IN (SELECT id FROM items)
) WHERE student IS NOT NULL AND student <> ''
"""

SHARED_KINDS = ("class", "course", "session", "line_item")


def mark_affected(con: duckdb.DuckDBPyConnection, *, kept: str = "records") -> None:
    """The table ``affected(student)`` (of the connection's own database): the students the applied ``changes`` are
    about (what :class:`DuckRecords` ``only="affected"`` reads)."""
    con.execute(_AFFECTED.format(kept=kept, before=student_of("kind", "sourced_id", "b_data")))


def changes_every_student(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the planned ``changes`` may change any student: a change of a record that
    is neither per-student nor a class, course, term or line item (an org: a school)."""
    placeholders = ", ".join(f"'{k}'" for k in SHARED_KINDS)
    return bool(
        con.execute(
            f"SELECT count(*) FROM changes WHERE student IS NULL AND kind NOT IN ({placeholders})"
        ).fetchall()[0][0]
    )


def derives_alike(
    con: duckdb.DuckDBPyConnection, day: date, as_of: date, *, kept: str = "records"
) -> bool:
    """Whether students derived on ``day`` are what deriving them on ``as_of`` gives: the
    same school year (grade levels, cohorts) and no term of the records kept that ended in
    between (a grade is "in progress" until its term ends)."""
    if day == as_of:
        return True
    if school_year_of(day) != school_year_of(as_of):
        return False
    lo, hi = sorted((day, as_of))
    ended = con.execute(
        f"SELECT count(*) FROM {kept} WHERE kind = 'session' AND "
        "try_cast(json_extract_string(data, '$.end') AS DATE) >= ? AND "
        "try_cast(json_extract_string(data, '$.end') AS DATE) < ?",
        [lo, hi],
    ).fetchall()[0][0]
    return not ended


def load_rows(
    con: duckdb.DuckDBPyConnection,
    rows: Iterable[tuple[str, str, bool, datetime | None, str]],
    *,
    table: str = "records",
) -> int:
    """Put records kept elsewhere in ``table``, a batch at a time: rows of (kind,
    sourcedId, active, naive UTC ``dateLastModified``, fields as :func:`data_json` text).
    Returns how many."""
    cols: list[list[Any]] = [[] for _ in RECORDS_SCHEMA]
    count = 0

    def flush() -> None:
        load_table(
            con,
            pa.Table.from_arrays(
                [pa.array(c, type=f.type) for c, f in zip(cols, RECORDS_SCHEMA, strict=True)],
                schema=RECORDS_SCHEMA,
            ),
            table=table,
        )
        for c in cols:
            c.clear()

    kinds, sids, actives, times, datas = cols
    for kind, sid, active, modified, data in rows:
        kinds.append(kind)
        sids.append(sid)
        actives.append(active)
        times.append(modified)
        datas.append(data)
        count += 1
        if len(kinds) >= BATCH:
            flush()
    if kinds:
        flush()
    return count


def load_table(
    con: duckdb.DuckDBPyConnection,
    batch: pa.Table,
    *,
    table: str = "records",
    skip_present: bool = False,
) -> int:
    """Insert an Arrow table of :data:`RECORDS_SCHEMA` into ``table``; returns its rows.
    ``skip_present``: rows whose key ``table`` already holds are left out."""
    con.register("records_batch", batch)
    try:
        where = (
            f" AS b WHERE NOT EXISTS (SELECT 1 FROM {table} AS r "
            "WHERE r.kind = b.kind AND r.sourced_id = b.sourced_id)"
            if skip_present
            else ""
        )
        con.execute(
            f"INSERT INTO {table} SELECT *, {student_of()} AS student FROM records_batch{where}"
        )
    finally:
        con.unregister("records_batch")
    return int(batch.num_rows)


def load_records(
    con: duckdb.DuckDBPyConnection, stored: Iterable[Stored], *, table: str = "records"
) -> None:
    """Put records kept in memory (an earlier release's state file) in ``table``."""
    load_rows(
        con,
        (
            (s.kind.value, s.sourced_id, s.active, utc_naive(s.modified), data_json(s.data))
            for s in stored
        ),
        table=table,
    )


class DuckRecords:
    """The records kept, read as :func:`careerpaths.io.roster.to_students` reads a state
    (``of`` and ``get``), optionally for some students only: the per-student kinds of the
    students ``lo < student <= hi`` (None: open) and, with ``only``, of the students listed
    in that table's ``student`` column; the shared kinds whole."""

    def __init__(
        self,
        con: duckdb.DuckDBPyConnection,
        lo: str | None = None,
        hi: str | None = None,
        *,
        table: str = "records",
        only: str | None = None,
    ) -> None:
        self.con = con
        self.table = table
        self.lo = lo
        self.hi = hi
        self.only = only
        self._shared: dict[tuple[Kind, bool], list[Stored]] = {}
        self._orgs: dict[str, Stored] | None = None

    def part(self, lo: str | None, hi: str | None) -> DuckRecords:
        """The same records for another range of students (shared kinds read once)."""
        out = DuckRecords(self.con, lo, hi, table=self.table, only=self.only)
        out._shared = self._shared
        out._orgs = self._orgs
        return out

    def of(self, kind: Kind, *, active_only: bool = True) -> list[Stored]:
        if kind not in PER_STUDENT:
            key = (kind, active_only)
            if key not in self._shared:
                self._shared[key] = self._select(kind, active_only, ranged=False)
            return self._shared[key]
        return self._select(kind, active_only, ranged=True)

    def _select(self, kind: Kind, active_only: bool, *, ranged: bool) -> list[Stored]:
        where = ["kind = $kind"]
        params: dict[str, Any] = {"kind": kind.value}
        if active_only:
            where.append("active")
        if ranged and self.lo is not None:
            where.append("student > $lo")
            params["lo"] = self.lo
        if ranged and self.hi is not None:
            where.append("student <= $hi")
            params["hi"] = self.hi
        if ranged and self.only is not None:
            where.append(f"student IN (SELECT student FROM {self.only})")
        cur = self.con.cursor()
        cur.execute(
            f"SELECT kind, sourced_id, active, modified, data FROM {self.table} "
            f"WHERE {' AND '.join(where)} ORDER BY sourced_id",
            params,
        )
        # Plain dicts of fields (read-only here; the C ``dict.get`` is what to_students calls
        # millions of times).
        kinds, loads = _KINDS, orjson.loads
        return [
            Stored(kinds[kind], sid, bool(active), aware(modified), loads(data))
            for kind, sid, active, modified, data in cur.fetchall()
        ]

    def get(self, kind: Kind, sourced_id: str) -> Stored | None:
        if kind is Kind.ORG:
            if self._orgs is None:
                self._orgs = {s.sourced_id: s for s in self.of(Kind.ORG, active_only=False)}
            return self._orgs.get(sourced_id)
        rows = (
            self.con.cursor()
            .execute(
                f"SELECT kind, sourced_id, active, modified, data FROM {self.table} "
                "WHERE kind = ? AND sourced_id = ?",
                [kind.value, sourced_id],
            )
            .fetchall()
        )
        return stored_of(rows[0]) if rows else None


_local = threading.local()


@contextmanager
def scratch() -> Iterator[duckdb.DuckDBPyConnection]:
    """An empty in-memory records database for one merge, this thread's own (opened once
    per thread: a connection costs more than a small merge), emptied after use."""
    con: duckdb.DuckDBPyConnection | None = getattr(_local, "con", None)
    if con is None:
        con = _local.con = connect()
    try:
        yield con
    finally:
        try:
            drop_work(con)
            con.execute("DROP TABLE IF EXISTS incoming")
            con.execute("DELETE FROM records")
        except duckdb.Error:
            con.close()
            _local.con = None


@contextmanager
def merging(records: Collection[Record]) -> Iterator[duckdb.DuckDBPyConnection]:
    """The connection a merge of ``records`` runs in, with them in ``incoming`` and an empty
    ``records`` table: the staging connection of records a reader staged (nothing copied),
    else an in-memory one they are staged in. Left as found."""
    if isinstance(records, StagedRecords):
        con = records.connection
        con.execute("DELETE FROM records")
        try:
            yield con
        finally:
            drop_work(con)
            con.execute("DELETE FROM records")
        return
    with scratch() as con:
        stage(con, records)
        yield con


def temp_copy(src: Path | None, into: Path) -> Path:
    """A copy of the records database ``src`` (or a new one) in the folder ``into``."""
    dst = into / RECORDS_FILE
    if src is not None and src.exists():
        import shutil

        shutil.copyfile(src, dst)
        wal = src.with_name(src.name + ".wal")
        if wal.exists():
            shutil.copyfile(wal, dst.with_name(dst.name + ".wal"))
    return dst
