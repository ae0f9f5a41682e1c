"""OneRoster's two large files read set-based: DuckDB reads, checks and stages their rows.

``enrollments.csv`` and ``results.csv`` hold nine rows in ten of an export (tens of
millions at state scale). Their rows are read by DuckDB's CSV reader into a table with
their line numbers; one SQL pass finds the rows that are *plainly right* — every check of
the row-by-row reader (:mod:`careerpaths.io.oneroster`) passes and nothing needs a word in
the report — and stages their records in the import (``incoming``) as SQL; the few other
rows (a bad date, an unknown role, a reference to a user who is not a student, a cell with
surrounding spaces or a quote, non-ASCII text, …) are handed to the row-by-row reader,
which says what is wrong with each exactly as it always has. A file is not read set-based
at all, and goes to the row-by-row reader whole, when DuckDB would read it otherwise than
Python's ``csv`` does: an error of the file itself (its encoding, a short or long row, an
unclosed quote), a quoted cell spanning lines or a blank line (the line numbers would
differ), a header that is not on line 1 or has an empty cell, a cell over the size limit.

"Plainly right" is deliberately narrow (printable ASCII without quotes or backslashes, no
surrounding spaces, exact-case statuses and roles, ISO dates and ``…Z`` times), so that the
records SQL builds are the row-by-row reader's own, byte for byte: ``tests/unit/io/
test_oneroster_sql.py`` compares the two readers on generated and mutated exports.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb

from careerpaths.io.records_db import RecordSink
from careerpaths.io.roster import Kind, Mode
from careerpaths.io.spreadsheet import MAX_FIELD, Row

# A cell that needs no cleaning and is its own JSON text: printable ASCII, no quote or
# backslash, no space at either end (or empty).
_PLAIN = r"^([!#-\[\]-~]([ !#-\[\]-~]*[!#-\[\]-~])?)?$"
_DATE = r"^(19|20|21)\d{2}-\d{2}-\d{2}$"
_WHEN = r"^(19|20|21)\d{2}-\d{2}-\d{2}T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{3}|\.\d{6})?Z$"
_SCORE = r"^\d{1,7}(\.\d{1,6})?$"

FILES = ("enrollments", "results")
_CHUNK = 1 << 24


@dataclass(frozen=True)
class _Spec:
    """What a plainly right row of a file is, and the record SQL makes of it."""

    kind: Kind
    # SQL conditions, given col(name) and the file's vocabulary (its roles or statuses)
    checks: Callable[[Callable[[str], str], tuple[str, ...]], list[str]]
    keeps: Callable[[Callable[[str], str]], str]  # SQL: the row gives a record
    data: tuple[tuple[str, str], ...]  # (field kept, SQL of its value), keys sorted
    refs: tuple[tuple[Kind, str], ...]  # (kind, column) in the reader's order


def _date_ok(c: str) -> str:
    return f"({c} = '' OR (regexp_matches({c}, '{_DATE}') AND try_cast({c} AS DATE) IS NOT NULL))"


def _enrollment_checks(col: Callable[[str], str], allowed: tuple[str, ...]) -> list[str]:
    roles = ", ".join(f"'{r}'" for r in allowed)
    begin, end = col("begindate"), col("enddate")
    return [
        f"{col('role')} IN ({roles})",
        f"{col('classsourcedid')} <> ''",
        f"{col('schoolsourcedid')} <> ''",
        f"{col('usersourcedid')} <> ''",
        _date_ok(begin),
        _date_ok(end),
        f"NOT ({begin} <> '' AND {end} <> '' AND {end} < {begin})",
        f"lower({col('primary')}) IN ('', 'true', 'false')",
    ]


def _result_checks(col: Callable[[str], str], allowed: tuple[str, ...]) -> list[str]:
    statuses = ", ".join(f"'{s}'" for s in allowed)
    score = col("score")
    return [
        f"{col('lineitemsourcedid')} <> ''",
        f"{col('studentsourcedid')} <> ''",
        f"{col('scorestatus')} IN ({statuses})",
        f"({score} = '' OR (regexp_matches({score}, '{_SCORE}') "
        f"AND try_cast({score} AS DOUBLE) <= 1000000))",
        _date_ok(col("scoredate")),
    ]


SPECS = {
    "enrollments": _Spec(
        Kind.ENROLLMENT,
        _enrollment_checks,
        lambda col: f"{col('role')} = 'student'",
        (
            ("begin", "begindate"),
            ("class", "classsourcedid"),
            ("end", "enddate"),
            ("school", "schoolsourcedid"),
            ("user", "usersourcedid"),
        ),
        (
            (Kind.CLASS, "classSourcedId"),
            (Kind.ORG, "schoolSourcedId"),
            (Kind.STUDENT, "userSourcedId"),
        ),
    ),
    "results": _Spec(
        Kind.RESULT,
        _result_checks,
        lambda col: "true",
        (
            ("line_item", "lineitemsourcedid"),
            ("score", "score"),
            ("score_status", "scorestatus"),
            ("student", "studentsourcedid"),
            ("text_score", "textscore"),
        ),
        ((Kind.LINE_ITEM, "lineItemSourcedId"), (Kind.STUDENT, "studentSourcedId")),
    ),
}


@dataclass
class SetRead:
    """What the set-based read of a file gave: its rows (not blank), the rows left to the
    row-by-row reader, as it would have built them, in line order, and the place in the
    order read of the file's line 0 (a record of line n goes at ``first + n``)."""

    count: int
    rows: list[Row]
    first: int
    # (line, column, sourcedId, first line) of each row whose id an earlier row has
    repeats: list[tuple[int, int | None, str, int]]


def _scan(path: Path) -> tuple[int, bool] | None:
    """(lines, ends with a newline) of a file with plain line ends, or None (a NUL byte, a
    lone carriage return)."""
    lines = 0
    last = b""
    with path.open("rb") as fh:
        while chunk := fh.read(_CHUNK):
            if b"\0" in chunk:
                return None
            n = chunk.count(b"\n")
            r = chunk.count(b"\r")
            crlf = chunk.count(b"\r\n") + (1 if last == b"\r" and chunk[:1] == b"\n" else 0)
            if r and r != crlf + (1 if chunk[-1:] == b"\r" else 0):
                return None
            lines += n
            last = chunk[-1:]
    if last == b"\r":
        return None
    return lines + (1 if last and last != b"\n" else 0), last == b"\n"


def read(
    sink: RecordSink,
    name: str,
    path: Path,
    label: str,
    mode: Mode,
    header: list[str],
    targets: dict[Kind, set[str]],
    students: set[str] | None,
    allowed: tuple[str, ...],
) -> SetRead | None:
    """Read ``path`` set-based: stage the records of its plainly right rows in ``sink`` and
    return the other rows; None (nothing staged) when the file must be read row by row.

    ``header``: its cells (lower-cased, checked already, on line 1); ``targets``: the ids of
    the files read in bulk that references of this file must name, by kind (a kind absent
    is not checked here); ``students``: the users who are students (None: not checked);
    ``allowed``: the file's vocabulary (enrollment roles, score statuses).
    """
    spec = SPECS[name]
    if "" in header or len(set(header)) != len(header):
        return None
    scanned = _scan(path)
    if scanned is None:
        return None
    lines, _ = scanned
    con = sink.connection()
    n = len(header)
    names = [f"c{i}" for i in range(1, n + 1)]
    pos = {h: i for i, h in enumerate(header)}

    def col(h: str) -> str:
        return f"coalesce({names[pos[h]]}, '')" if h in pos else "''"

    columns = "{" + ", ".join(f"'{c}': 'VARCHAR'" for c in names) + "}"
    quoted = str(path).replace("'", "''")
    try:
        con.execute("SET preserve_insertion_order = true")
        con.execute(
            "CREATE OR REPLACE TABLE raw AS SELECT row_number() OVER () + 1 AS line, * "
            f"FROM read_csv('{quoted}', header = false, skip = 1, delim = ',', quote = '\"', "
            "escape = '\"', all_varchar = true, strict_mode = true, null_padding = false, "
            f"auto_detect = false, max_line_size = {4 * MAX_FIELD}, columns = {columns})"
        )
    except duckdb.Error:
        con.execute("DROP TABLE IF EXISTS raw")
        return None
    finally:
        con.execute("SET preserve_insertion_order = false")
    try:
        return _staged(con, sink, spec, name, label, mode, header, names, col, lines,
                       targets, students, path, allowed)  # fmt: skip
    finally:
        con.execute("DROP TABLE IF EXISTS raw")
        con.execute("DROP TABLE IF EXISTS judged")


def _staged(
    con: duckdb.DuckDBPyConnection,
    sink: RecordSink,
    spec: _Spec,
    name: str,
    label: str,
    mode: Mode,
    header: list[str],
    names: list[str],
    col: Callable[[str], str],
    lines: int,
    targets: dict[Kind, set[str]],
    students: set[str] | None,
    path: Path,
    allowed: tuple[str, ...],
) -> SetRead | None:
    rows, longest = con.execute(
        f"SELECT count(*), coalesce(max(greatest({', '.join(f'length(coalesce({c}, ))' for c in names)})), 0) FROM raw"
    ).fetchall()[0]
    if rows + 1 != lines or longest > MAX_FIELD:
        return None  # a cell spanning lines, a blank line, a cell over the limit
    # The ids references must name, as tables of this connection.
    ref_checks: list[str] = []
    for kind, column in spec.refs:
        ids = targets.get(kind)
        if ids is None:
            continue
        table = f"ids_{kind.value}"
        con.execute(f"CREATE OR REPLACE TEMP TABLE {table} (id VARCHAR)")
        _load_ids(
            con, table, ids if kind is not Kind.STUDENT or students is None else ids & students
        )
        ref_checks.append(f"{col(column.lower())} IN (SELECT id FROM {table})")
    plain = " AND ".join(f"regexp_matches({col(h)}, '{_PLAIN}')" for h in header)
    status, when = col("status"), col("datelastmodified")
    common = [
        f"{col('sourcedid')} <> ''",
        f"{status} IN ('active', 'tobedeleted')"
        if mode is Mode.DELTA
        else f"{status} IN ('', 'active', 'tobedeleted')",
        f"(regexp_matches({when}, '{_WHEN}') AND "
        f"try_cast(replace({when}, 'Z', '') AS TIMESTAMP) IS NOT NULL"
        + (")" if mode is Mode.DELTA else f" OR {when} = '')"),
    ]
    active_checks = spec.checks(col, allowed) + ref_checks
    blank = " AND ".join(f"{col(h)} = ''" for h in header)
    con.execute(
        f"""
        CREATE OR REPLACE TABLE judged AS
        SELECT line, *,
               ({blank}) AS blank,
               ({plain}) AND {" AND ".join(common)}
                   AND ({status} = 'tobedeleted' OR ({" AND ".join(active_checks) or "true"}))
                   AS ok
        FROM raw
        """
    )
    # judged holds every cell of raw: keeping both held a state's file twice in DuckDB's
    # memory (spilled), and its grouping for repeated ids then ran out of memory.
    con.execute("DROP TABLE raw")
    count = con.execute("SELECT count(*) FROM judged WHERE NOT blank").fetchall()[0][0]
    first = sink.reserve(lines + 1)  # one place per line: records keep the order read
    json = " || ',' || ".join(
        f"""'"{key}":"' || {col(h) if key != "score_status" else f"lower({col(h)})"} || '"'"""
        for key, h in spec.data
    )
    refs = ", ".join(
        f"{{'kind': '{kind.value}', 'id': {col(column.lower())}, 'col': '{column}', "
        f"'col_no': {header.index(column.lower()) + 1 if column.lower() in header else 'NULL'}}}"
        for kind, column in spec.refs
    )
    when_sql = (
        f"CASE WHEN {when} = '' THEN NULL ELSE CAST(replace({when}, 'Z', '') AS TIMESTAMP) END"
    )
    added = con.execute(
        f"""
        INSERT INTO incoming
        SELECT {first} + line AS ord, '{spec.kind.value}', {col("sourcedid")},
               CASE WHEN {status} = 'tobedeleted' THEN 'tobedeleted' ELSE 'active' END,
               {when_sql},
               CASE WHEN {status} = 'tobedeleted' THEN '{{}}' ELSE '{{' || {json} || '}}' END,
               CASE WHEN {status} = 'tobedeleted' THEN []
                    ELSE [{refs}]::STRUCT(kind VARCHAR, id VARCHAR, col VARCHAR,
                                          col_no INTEGER)[] END,
               '{label}', line, false
        FROM judged
        WHERE ok AND NOT blank AND ({status} = 'tobedeleted' OR {spec.keeps(col)})
        """
    ).fetchall()[0][0]
    sink.added(added)
    others = [
        line for (line,) in con.execute(
            "SELECT line FROM judged WHERE NOT ok AND NOT blank ORDER BY line"
        ).fetchall()
    ]  # fmt: skip
    got = _python_rows(path, header, set(others))
    if got is None:
        return None  # Python reads those lines otherwise: the whole file row by row
    kept, blank_lines = got
    if sorted([r.line for r in kept] + blank_lines) != others:
        return None
    return SetRead(count - len(blank_lines), kept, first, _repeats(con, header, col, kept))


def _repeats(
    con: duckdb.DuckDBPyConnection,
    header: list[str],
    col: Callable[[str], str],
    rows: list[Row],
) -> list[tuple[int, int | None, str, int]]:
    """Rows whose ``sourcedId`` an earlier row has: the plainly right rows' ids as read,
    the others' as the row-by-row reader reads them."""
    con.execute("CREATE OR REPLACE TEMP TABLE other_ids (line BIGINT, id VARCHAR)")
    if rows:
        con.executemany(
            "INSERT INTO other_ids VALUES (?, ?)",
            [(r.line, r.values.get("sourcedid", "")) for r in rows],
        )
    ids = f"""
        SELECT line, {col("sourcedid")} AS id FROM judged WHERE ok AND NOT blank
        UNION ALL
        SELECT line, id FROM other_ids
    """
    # Two steps a state's file fits through in DuckDB's memory limit: a grouping (which
    # spills to disk) keeps the few repeated ids, then a join with them. A window over
    # every id in one query ran out of memory at 27.5 million enrollments.
    con.execute(
        "CREATE OR REPLACE TEMP TABLE repeated AS SELECT id, min(line) AS first "
        f"FROM ({ids}) WHERE id <> '' GROUP BY id HAVING count(*) > 1"
    )
    found = con.execute(
        f"SELECT i.line, i.id, r.first FROM ({ids}) AS i JOIN repeated AS r ON i.id = r.id "
        "WHERE i.line > r.first ORDER BY i.line"
    ).fetchall()
    con.execute("DROP TABLE other_ids")
    con.execute("DROP TABLE repeated")
    column = header.index("sourcedid") + 1 if "sourcedid" in header else None
    return [(line, column, sid, first) for line, sid, first in found]


def _load_ids(con: duckdb.DuckDBPyConnection, table: str, ids: set[str]) -> None:
    import pyarrow as pa

    con.register("ids_batch", pa.table({"id": pa.array(sorted(ids), type=pa.string())}))
    try:
        con.execute(f"INSERT INTO {table} SELECT id FROM ids_batch")
    finally:
        con.unregister("ids_batch")


def _python_rows(
    path: Path, header: list[str], wanted: set[int]
) -> tuple[list[Row], list[int]] | None:
    """The rows on lines ``wanted``, parsed and built as the row-by-row reader builds them
    (each on one line: a file read set-based has no cell spanning lines), and the lines
    of those that are blank to it (spaces only)."""
    from careerpaths.io.spreadsheet import clean_cell

    if not wanted:
        return [], []
    blank: list[int] = []
    columns = {h: i for i, h in enumerate(header, start=1) if h}
    out: list[Row] = []
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            for number, text in enumerate(fh, start=1):
                if number not in wanted:
                    continue
                fields = next(csv.reader([text], strict=True))
                if len(fields) != len(header):
                    return None
                cells = [f.strip() for f in fields]
                if not any(cells):
                    blank.append(number)
                    continue
                if '="' in "".join(fields):
                    cells = [clean_cell(v) if v[:2] == '="' else v for v in cells]
                out.append(Row(number, dict(zip(header, cells, strict=True)), columns))
    except (csv.Error, UnicodeDecodeError, StopIteration):
        return None
    return out, blank
