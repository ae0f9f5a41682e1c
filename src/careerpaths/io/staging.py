"""DuckDB over an import's CSV files: duplicate ids found set-based, by the engine.

The files whose rows no other file names (OneRoster's ``enrollments`` and ``results``, the
template's ``attempts`` and ``college_transcripts``: tens of millions of rows at state
scale) are not held as a dict of their ids while they are read. Once a file is read without
an error of its own, DuckDB reads it again with ``read_csv`` (every column as text) and
groups its rows by a *key* of their id — the id's letters and digits, upper-cased (and, for
a template row without an id, the same of its student, course, school year and season) —
``GROUP BY key HAVING count(*) > 1``. Two rows with the same id always have the same key,
so the keys found are a superset of the repeats; the reader then reads the file again and
compares the ids of the rows with those keys exactly (:func:`careerpaths.io.roster.
Table.duplicates`), so every error names a real repeat, worded and placed as the row-by-row
check places it. A file with no repeated key is not read again.

When DuckDB reads the file differently from the reader (a row count that differs, a file it
cannot parse), :func:`duplicate_keys` returns None and every row is compared: slower, never
wrong. This replaced a home-made hash array sorted with numpy. The checks run on cursors of
one in-memory DuckDB database kept for the process: opening a database for each file cost
more than checking a small one.
"""

from __future__ import annotations

import os
import re
import tempfile
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from careerpaths.io.spreadsheet import Row, clean_cell

_NOT_KEY = re.compile(r"[^A-Za-z0-9|]")


def coarse(text: str) -> str:
    """The key of a value: its ASCII letters, digits and ``|``, upper-cased.

    >>> coarse(' ="syn-1" '), coarse("SYN 1"), coarse("--")
    ('SYN1', 'SYN1', '')
    """
    return _NOT_KEY.sub("", text).upper()


def _sql_coarse(column: str) -> str:
    return f"upper(regexp_replace(coalesce({column}, ''), '[^A-Za-z0-9|]', '', 'g'))"


@dataclass(frozen=True)
class KeySpec:
    """How a row's duplicate key is made: its id column and, when that is blank, the
    columns the reader makes the id of (the template's student, course, year, season)."""

    id_column: str
    composite: tuple[str, ...] = ()

    def key(self, row: Row) -> str | None:
        """The row's key; None for a row compared whatever the keys (an id with no letter
        or digit, whose key would not tell it apart)."""
        given = row.get(self.id_column)
        key = coarse(given)
        if key:
            return "I" + key
        if clean_cell(given):
            return None
        if not self.composite:
            return "I"
        return "C" + "|".join(coarse(row.get(c)) for c in self.composite)


_database: tuple[int, Any] | None = None  # (the process id, its in-memory DuckDB database)
_database_lock = threading.Lock()


def _cursor() -> Any:
    """A new connection to the process's in-memory DuckDB database, made on first use.

    Opening a database takes tens of milliseconds, more than the whole check of a small
    file; a cursor of one already open takes well under one. Each call gets its own cursor
    (DuckDB's way for threads), and a forked process opens a database of its own.
    """
    import duckdb

    global _database
    with _database_lock:
        if _database is None or _database[0] != os.getpid():
            config: dict[str, str | bool | int | float | list[str]] = {
                "temp_directory": tempfile.gettempdir(),
                "preserve_insertion_order": False,
            }
            _database = (os.getpid(), duckdb.connect(config=config))
        return _database[1].cursor()


def _forget_database() -> None:
    """After a DuckDB error the next check opens a new database (one left in a bad state
    would send every later file to the slower comparison); the old one closes with the
    last cursor still using it."""
    global _database
    with _database_lock:
        _database = None


def duplicate_keys(path: Path, header: list[str], spec: KeySpec, rows: int) -> set[str] | None:
    """The keys more than one row of ``path`` has, by DuckDB; None when DuckDB does not
    read the file as the reader did (``header`` as it read it, ``rows`` the rows it read):
    then every row is to be compared."""
    import duckdb

    names = [f"c{i}" for i in range(len(header))]
    at = {name: f"c{i}" for i, name in enumerate(header)}
    if spec.id_column not in at or any(c not in at for c in spec.composite):
        return None
    given = _sql_coarse(at[spec.id_column])
    if spec.composite:
        made = " || '|' || ".join(_sql_coarse(at[c]) for c in spec.composite)
        key = f"CASE WHEN {given} <> '' THEN 'I' || {given} ELSE 'C' || {made} END"
        odd = f"{given} = '' AND trim(coalesce({at[spec.id_column]}, '')) NOT IN ('', '=\"\"')"
    else:
        key = f"'I' || {given}"
        odd = f"{given} = '' AND trim(coalesce({at[spec.id_column]}, '')) NOT IN ('', '=\"\"')"
    nonblank = (
        "regexp_matches(concat(" + ", ".join(f"coalesce({n}, '')" for n in names) + "), '\\S')"
    )
    columns = "{" + ", ".join(f"'{n}': 'VARCHAR'" for n in names) + "}"
    source = (
        f"read_csv(?, header = false, skip = 1, delim = ',', quote = '\"', escape = '\"', "
        f"columns = {columns}, auto_detect = false, "
        f"strict_mode = false, max_line_size = 67108864, encoding = 'utf-8')"
    )
    try:
        with _cursor() as con:
            counted = con.execute(
                f"SELECT count(*) FILTER (WHERE {nonblank}), "
                f"count(*) FILTER (WHERE {nonblank} AND {odd}) FROM {source}",
                [str(path)],
            ).fetchone()
            if counted is None or counted[0] != rows:
                return None
            found = con.execute(
                f"SELECT k FROM (SELECT {key} AS k FROM {source} WHERE {nonblank}) "
                "GROUP BY k HAVING count(*) > 1",
                [str(path)],
            ).fetchall()
    except duckdb.Error:
        _forget_database()
        return None
    keys = {k for (k,) in found}
    if counted[1]:
        keys.add("")  # rows with an id of no letter or digit: the file is read again
    return keys


def repeated_ids(
    again: Iterable[Row],
    spec: KeySpec,
    keys: set[str] | None,
    id_of: Callable[[Row], tuple[str, int | None]],
) -> list[tuple[int, int | None, str, int]]:
    """``(line, column, id, first line)`` of each row whose id an earlier row has, in file
    order: ``again`` is the file read again; only rows whose key is in ``keys`` (all rows
    when None) are compared, exactly, by ``id_of`` (a row's id and the column an error
    about it names)."""
    first: dict[str, int] = {}
    found: list[tuple[int, int | None, str, int]] = []
    for row in again:
        if keys is not None:
            key = spec.key(row)
            if key is not None and key not in keys:
                continue
        sid, column = id_of(row)
        if not sid:
            continue
        if sid in first:
            found.append((row.line, column, sid, first[sid]))
        else:
            first[sid] = row.line
    return found
