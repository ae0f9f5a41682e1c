"""Duplicate ids found by DuckDB (careerpaths.io.staging) against the plain reference: a
dict of every row's id, read by the reader itself."""

from __future__ import annotations

import csv
import io
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from careerpaths.io.roster import TableStream
from careerpaths.io.spreadsheet import Row
from careerpaths.io.staging import KeySpec, coarse, duplicate_keys, repeated_ids

# Ids that look alike to a key and are not the same id, and ids that are the same id
# written differently (spaces, Excel's ="…").
IDS = st.one_of(
    st.sampled_from(["a1", "A1", "a-1", "a 1", " a1 ", '="a1"', "--", "-", "é", "e", "1|2", "12"]),
    st.text(alphabet="ab1-| é\"'", min_size=0, max_size=4),
)
OTHER = st.sampled_from(["x", "", "two\nlines", 'a "quote"', "c,omma", "  "])


def _write(rows: list[tuple[str, ...]], header: tuple[str, ...]) -> Path:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    path = Path(tempfile.mkdtemp(prefix="cp-staging-")) / "f.csv"
    path.write_text(buf.getvalue(), encoding="utf-8")
    return path


def _reference(path: Path, columns: tuple[str, ...], id_of: object) -> list[tuple[object, ...]]:
    first: dict[str, int] = {}
    found: list[tuple[object, ...]] = []
    for row in TableStream(path, "f.csv", columns, ()):
        sid, column = id_of(row)  # type: ignore[operator]
        if not sid:
            continue
        if sid in first:
            found.append((row.line, column, sid, first[sid]))
        else:
            first[sid] = row.line
    return found


def _by_duckdb(path: Path, columns: tuple[str, ...], spec: KeySpec, id_of: object) -> object:
    table = TableStream(path, "f.csv", columns, ())
    for _ in table:
        pass
    assert not table.broken
    keys = duplicate_keys(path, table.header, spec, table.count)
    assert keys is not None  # DuckDB read the file as the reader did
    again = TableStream(path, "f.csv", columns, ())
    return repeated_ids(again, spec, keys, id_of)  # type: ignore[arg-type]


def _sourced_id(row: Row) -> tuple[str, int | None]:
    return row.get("sourcedid"), row.col("sourcedid")


@pytest.mark.slow
@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(IDS, OTHER), min_size=1, max_size=25))
def test_duplicate_sourced_ids_are_exactly_the_repeats(rows: list[tuple[str, str]]) -> None:
    columns = ("sourcedId", "other")
    path = _write(rows, columns)
    spec = KeySpec("sourcedid")
    assert _by_duckdb(path, columns, spec, _sourced_id) == _reference(path, columns, _sourced_id)


def _attempt_id(row: Row) -> tuple[str, int | None]:
    given = row.get("attempt_id")
    made = "|".join(row.get(c) for c in ("student_id", "course", "school_year", "season"))
    return (given or made), row.col("attempt_id" if given else "course")


@pytest.mark.slow
@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["", "", "t1", "T1", "--", '=""']),
            st.sampled_from(["S1", "s1", "S 1"]),
            st.sampled_from(["BIO-168", "BIO 168"]),
            st.sampled_from(["2025-26"]),
            st.sampled_from(["FA", "SP"]),
        ),
        min_size=1,
        max_size=25,
    )
)
def test_duplicate_made_ids_are_exactly_the_repeats(rows: list[tuple[str, ...]]) -> None:
    columns = ("attempt_id", "student_id", "course", "school_year", "season")
    path = _write(rows, columns)
    spec = KeySpec("attempt_id", columns[1:])
    assert _by_duckdb(path, columns, spec, _attempt_id) == _reference(path, columns, _attempt_id)


def test_a_file_duckdb_reads_otherwise_is_compared_row_by_row(tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    path.write_text("sourcedId,other\na1,x\na1,y\n", encoding="utf-8")
    header = ["sourcedid", "other"]
    assert duplicate_keys(path, header, KeySpec("sourcedid"), 2) == {"IA1"}
    # the reader counted another number of rows: DuckDB's answer is not used
    assert duplicate_keys(path, header, KeySpec("sourcedid"), 3) is None
    assert duplicate_keys(tmp_path / "missing.csv", header, KeySpec("sourcedid"), 2) is None


def test_the_shared_database_serves_threads_at_once_and_outlives_an_error(
    tmp_path: Path,
) -> None:
    # the checks share one in-memory database, a cursor each: threads do not mix answers
    header = ["sourcedid", "other"]
    paths = []
    for i in range(6):
        path = tmp_path / f"f{i}.csv"
        path.write_text(f"sourcedId,other\na{i},x\na{i},y\nb,z\n", encoding="utf-8")
        paths.append(path)
    with ThreadPoolExecutor(max_workers=3) as pool:
        got = list(pool.map(lambda p: duplicate_keys(p, header, KeySpec("sourcedid"), 3), paths))
    assert got == [{f"IA{i}"} for i in range(6)]
    assert duplicate_keys(tmp_path / "missing.csv", header, KeySpec("sourcedid"), 2) is None
    assert duplicate_keys(paths[0], header, KeySpec("sourcedid"), 3) == {"IA0"}


def test_keys_ignore_what_the_reader_ignores() -> None:
    assert coarse(' ="SYN-1" ') == coarse("syn1") == "SYN1"


def test_blank_lines_and_a_byte_order_mark_read_alike(tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    path.write_text("\ufeffsourcedId,other\r\na1,x\r\n\r\n,\r\n a1 ,y\r\nb,z", encoding="utf-8")
    columns = ("sourcedId", "other")
    got = _by_duckdb(path, columns, KeySpec("sourcedid"), _sourced_id)
    assert got == _reference(path, columns, _sourced_id) == [(5, 1, "a1", 2)]
