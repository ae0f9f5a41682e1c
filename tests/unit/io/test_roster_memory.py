"""The compact forms that keep a state-scale import in memory give what the plain ones gave.

* ``Fields`` (a record's fields as one tuple of values, keys shared) behaves as the dict
  it replaces: items, order, lookups, equality with any mapping.
* The streaming CSV reader (``_StreamSheet``, behind ``TableReader``) yields the rows and
  errors that ``_StrictSheet`` gives reading the file whole, and refuses a file that changes
  between its two passes.
"""

from __future__ import annotations

import csv
import io
import shutil
from datetime import UTC, datetime
from pathlib import Path
from types import MappingProxyType

import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from careerpaths.io.oneroster import read_oneroster
from careerpaths.io.roster import (
    Fields,
    RosterError,
    TableReader,
    _StreamSheet,
    _StrictSheet,
)

DATA = Path(__file__).parents[2] / "data"
texts = st.text(max_size=6)
mappings = st.dictionaries(st.sampled_from(["a", "b", "c", "grade", "é"]), texts, max_size=5)


@pytest.mark.slow
@given(mappings, mappings)
@settings(max_examples=300, deadline=None)
def test_fields_behave_as_the_dict(d: dict[str, str], other: dict[str, str]) -> None:
    f = Fields.of(d)
    assert dict(f) == d and list(f) == list(d) and list(f.items()) == list(d.items())
    assert len(f) == len(d) and list(f.values()) == list(d.values())
    for key in ("a", "b", "zz"):
        assert (key in f) == (key in d)
        assert f.get(key) == d.get(key) and f.get(key, "-") == d.get(key, "-")
        if key in d:
            assert f[key] == d[key]
        else:
            with pytest.raises(KeyError):
                f[key]
    g = Fields.of(other)
    assert (f == g) == (d == other) and (f != g) == (d != other)
    assert (f == other) == (d == other) and (f == MappingProxyType(other)) == (d == other)
    assert (MappingProxyType(other) == f) == (d == other)
    assert Fields.of(f) is f


def test_fields_refuse_a_shape_that_is_not_a_mapping() -> None:
    with pytest.raises(ValueError):
        Fields(("a", "b"), ("1",))
    with pytest.raises(ValueError):
        Fields(("a", "a"), ("1", "2"))
    assert Fields.of({}) == {} and Fields.of({"a": "1"}) != ("1",)


# ------------------------------------------------------------------ streaming CSV

cells = st.text(alphabet=st.sampled_from(list(' ab="é,\n\t\r')), max_size=6) | st.sampled_from(
    ['="0123"', ' ="x" ', '="', "", "  "]
)


def _csv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow(header)
    w.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8", newline="")


@pytest.mark.slow
@given(
    header=st.lists(st.sampled_from(["a", "b", "c", "d"]), min_size=1, max_size=4, unique=True),
    rows=st.lists(st.lists(cells, max_size=6), max_size=6),
    tail=st.sampled_from(["", '"', "\xff", "\n\n", 'x,"y']),
)
@settings(max_examples=300, deadline=None)
def test_the_streaming_sheet_gives_the_strict_sheets_rows_and_errors(
    tmp_path_factory: pytest.TempPathFactory, header: list[str], rows: list[list[str]], tail: str
) -> None:
    path = tmp_path_factory.mktemp("csv") / "t.csv"
    _csv(path, header, rows)
    if tail == "\xff":
        path.write_bytes(path.read_bytes() + b"\xff")  # not UTF-8
    else:
        path.write_text(path.read_text(encoding="utf-8") + tail, encoding="utf-8", newline="")
    whole, stream = _StrictSheet(path, "t.csv"), _StreamSheet(path, "t.csv")
    assert stream.header == whole.header
    assert stream.errors == whole.errors
    assert stream.rows == []  # the first pass keeps none
    if not whole.errors:
        again = [(r.line, r.values, r.columns) for r in stream.again()]
        assert again == [(r.line, r.values, r.columns) for r in whole.rows]
        assert stream.count == len(whole.rows)


def test_a_file_that_changes_between_the_passes_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "orgs.csv"
    _csv(path, ["sourcedId", "name"], [["o1", "A"], ["o2", "B"]])
    table = TableReader(path, "orgs.csv", ["sourcedId", "name"], ["sourcedId"])
    assert len(table.rows) == 2 and table.rows
    path.write_text("sourcedId,name\no1\n", encoding="utf-8")  # truncated since
    with pytest.raises(RosterError) as exc:
        list(table.rows)
    assert [e.reason for e in exc.value.errors] == ["the file changed while it was being read"]
    path.write_text("sourcedid,title\no1,A\n", encoding="utf-8")  # another header
    with pytest.raises(RosterError):
        list(table.rows)


def test_a_table_with_an_error_has_no_rows(tmp_path: Path) -> None:
    path = tmp_path / "orgs.csv"
    path.write_text("sourcedId,name\no1,A\no2\n", encoding="utf-8")  # a short row
    table = TableReader(path, "orgs.csv", ["sourcedId", "name"], ["sourcedId"])
    assert table.errors and not table.rows and list(table.rows) == []


# ------------------------------------------------------------------ the workspace's students


@pytest.fixture(scope="module")
def _imported_once(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from careerpaths.demo.region import build_region
    from careerpaths.io.roster_store import import_into_workspace
    from careerpaths.io.workspace import write_workspace

    ws = tmp_path_factory.mktemp("imported") / "region"
    write_workspace(build_region(students=3), ws)
    import_into_workspace(
        read_oneroster(DATA / "oneroster" / "v1p2"),
        ws,
        now=datetime(2026, 3, 1, tzinfo=UTC),
        as_of=datetime(2026, 3, 1).date(),
    )
    return ws


@pytest.fixture
def imported_ws(_imported_once: Path, tmp_path: Path) -> Path:
    """The demo catalog with 3 synthetic students and the OneRoster 1.2 fixture imported:
    imported once for the module, each test edits its own copy."""
    ws = tmp_path / "region"
    shutil.copytree(_imported_once, ws)
    return ws


def _imported(ws: Path) -> set[str]:
    from careerpaths.io.roster_store import records_path

    con = duckdb.connect(str(records_path(ws)), read_only=True)
    try:
        rows = con.execute("SELECT sourced_id FROM records WHERE kind = 'student'").fetchall()
    finally:
        con.close()
    return {sid for (sid,) in rows}


def test_the_region_is_loaded_without_the_students_the_records_rebuild(imported_ws: Path) -> None:
    from careerpaths.io.roster_store import _load_region
    from careerpaths.io.workspace import load_workspace

    full = load_workspace(imported_ws)
    imported = _imported(imported_ws)
    assert imported & set(full.students) and set(full.students) - imported
    light = _load_region(imported_ws, imported)
    assert set(light.students) == set(full.students) - imported  # the synthetic ones
    assert all(light.students[s] == full.students[s] for s in light.students)
    assert light.courses == full.courses and light.institutions == full.institutions


def test_a_bad_row_of_a_student_never_imported_is_reported_at_its_line(
    imported_ws: Path,
) -> None:
    from careerpaths.io.errors import WorkspaceError
    from careerpaths.io.roster_store import _load_region
    from careerpaths.io.workspace import load_workspace

    path = imported_ws / "students" / "attempts.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    # a synthetic student's attempt moved after the imported students' rows, with a bad term
    synthetic = next(i for i, line in enumerate(lines) if line.startswith("SYN-"))
    cells = lines.pop(synthetic).split(",")
    assert not lines[-1].startswith("SYN-")
    lines.append(",".join([cells[0], cells[1], "G99-XX", *cells[3:]]))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    imported = _imported(imported_ws)
    with pytest.raises(WorkspaceError) as full:
        load_workspace(imported_ws)
    with pytest.raises(WorkspaceError) as light:
        _load_region(imported_ws, imported)
    assert light.value.errors == full.value.errors  # same file, line, column and reason
    assert [e.line for e in full.value.errors] == [len(lines)]


@pytest.mark.parametrize("per_part", [1, 2, 7, 5000])
def test_student_files_written_in_parts_are_the_same_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, per_part: int
) -> None:
    from careerpaths.demo.region import build_region
    from careerpaths.io import roster_store
    from careerpaths.io.workspace import write_student_files

    students = list(build_region(students=23).students.values())[::-1]  # not in id order
    assert sum(len(s.attempts) for s in students) > 23
    whole, parts = tmp_path / "whole", tmp_path / "parts"
    whole.mkdir()
    parts.mkdir()
    write_student_files(whole, students)
    monkeypatch.setattr(roster_store, "STUDENTS_PER_PART", per_part)
    files = roster_store._StudentFiles(parts)
    files.add(sorted(students, key=lambda s: s.id))
    files.close()
    for name in ("students.csv", "attempts.csv"):
        assert (parts / name).read_bytes() == (whole / name).read_bytes()
    assert sorted(p.name for p in parts.iterdir()) == ["attempts.csv", "students.csv"]
