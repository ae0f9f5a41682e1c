"""The student-data readers read each file once and give what the two-pass readers gave.

The readers used to read each file twice — a pass that checked it (encoding, CSV syntax,
header, row lengths), then one that yielded its rows — so that a file with such an error
gave no row. They now check and build each row as it is read (``TableStream``) and undo
what a file's rows did when an error of the file itself turns up later. The two-pass
readers are kept as references in ``tests/unit/two_pass``; here, with hypothesis:

* ``TableStream`` yields ``TableReader``'s rows and reports its errors, whatever the bytes
  (the rows' own errors dropped when the file has an error of its own);
* ``read_oneroster`` and ``read_student_csv`` give the references' records (with their
  files and lines) or errors, on the fixtures mutated as the fuzz tests mutate them and
  on the benchmark's generated exports damaged anywhere (a truncated row, a stray quote
  or byte, a row given twice, a bad cell);
* duplicate ids of a long unnamed file (enrollments, results) come out the same wherever
  the hashing threshold falls — the two-pass reader read a repeated row's own errors only
  when it hashed — and with every id hashing alike;
* the template's duplicate attempt ids, checked by hashes over the threshold, give the
  exact check's errors, with real duplicates and with every id hashing alike;
* a read that fails leaves none of its spilled parts on disk, even while its error is
  held.
"""

from __future__ import annotations

import csv
import io
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from careerpaths.demo.region import build_region
from careerpaths.io import oneroster, roster_spill, student_csv
from careerpaths.io.oneroster import read_oneroster
from careerpaths.io.roster import RosterError, RosterSnapshot, TableReader, TableStream
from careerpaths.io.roster_spill import IdHashes, RecordSink
from careerpaths.io.spreadsheet import MAX_FIELD
from careerpaths.io.student_csv import read_student_csv
from tests.unit.test_roster_fuzz import SOURCES, mutated
from tests.unit.test_roster_parts import _bench
from tests.unit.two_pass import oneroster as two_pass_oneroster
from tests.unit.two_pass import student_csv as two_pass_student_csv

Reader = Callable[[Path], RosterSnapshot]
REFERENCE: dict[Reader, Reader] = {
    read_oneroster: two_pass_oneroster.read_oneroster,
    read_student_csv: two_pass_student_csv.read_student_csv,
}
MANY = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def outcome(read: Reader, root: Path) -> tuple[Any, ...]:
    """What a read gives: its errors, or its records with their files and lines."""
    try:
        snap = read(root)
    except RosterError as exc:
        return ("errors", exc.errors)
    return (
        "snapshot",
        snap.source,
        dict(snap.modes),
        [(r, r.file, r.line, r.only_if_known) for r in snap.records],
    )


def same_as_two_pass(read: Reader, root: Path) -> tuple[Any, ...]:
    got = outcome(read, root)
    assert got == outcome(REFERENCE[read], root)
    return got


# ------------------------------------------------------------------ one table


header_names = st.sampled_from(["a", "b", "c", "d", "A", "", "zz", "metadata.x", "metadata.Y_z"])
cells = st.text(alphabet=st.sampled_from(list(' ab="é,\n\t\r')), max_size=6) | st.sampled_from(
    ['="0123"', ' ="x" ', '="', "", "  ", '=""', ' =" y "']
)


@given(
    header=st.lists(header_names, min_size=1, max_size=5),
    rows=st.lists(st.lists(cells, max_size=6), max_size=7),
    lead=st.sampled_from(["", "\n", " , \r\n", "\ufeff"]),
    tail=st.sampled_from(["", '"', "\xff", "\n\n", 'x,"y', "a,b,c,d,e,f,g\n", "\x00"]),
    required=st.lists(st.sampled_from(["a", "b", "c"]), max_size=2, unique=True),
    extensions=st.booleans(),
)
@settings(max_examples=400, deadline=None)
def test_a_stream_gives_the_two_pass_rows_and_errors(
    tmp_path_factory: pytest.TempPathFactory,
    header: list[str],
    rows: list[list[str]],
    lead: str,
    tail: str,
    required: list[str],
    extensions: bool,
) -> None:
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow(header)
    w.writerows(rows)
    path = tmp_path_factory.mktemp("csv") / "t.csv"
    data = (lead + out.getvalue()).encode("utf-8")
    path.write_bytes(data + b"\xff" if tail == "\xff" else data + tail.encode("utf-8"))
    columns = ("a", "b", "c", "d")
    two = TableReader(path, "t.csv", columns, required, extensions=extensions)
    one = TableStream(path, "t.csv", columns, required, extensions=extensions)
    got = []
    for row in one:
        got.append((row.line, row.values, row.columns))
        one.err(row, "a", "a row's own error")  # dropped if the file has an error
    assert one.meta == two.meta
    if two.errors:
        assert one.broken and one.errors == two.errors and one.count == 0
        assert list(two.rows) == []
    else:
        assert not one.broken and one.count == len(two.rows)
        assert got == [(r.line, r.values, r.columns) for r in two.rows]
        assert [e.line for e in one.errors] == [line for line, _, _ in got]
    with pytest.raises(RuntimeError):
        list(one)  # read once


def _same_table(path: Path) -> None:
    columns = ("a", "b", "c")
    two = TableReader(path, "t.csv", columns, ("a",))
    one = TableStream(path, "t.csv", columns, ("a",))
    got = [(row.line, row.values, row.columns) for row in one]
    assert (one.errors, one.broken, one.meta) == (two.errors, bool(two.errors), two.meta)
    if not two.errors:  # (with an error, the rows before it were yielded: the caller drops them)
        assert got == [(r.line, r.values, r.columns) for r in two.rows]


@pytest.mark.parametrize(
    "cell",
    [
        "x" * MAX_FIELD,
        "x" * (MAX_FIELD + 1),
        " " * (MAX_FIELD + 1),  # blank, but long
        '="' + "0" * MAX_FIELD + '"',
        "y" * (MAX_FIELD * 10 + 1),  # over csv's own limit
    ],
)
@pytest.mark.parametrize("at", [0, 2, 3, 4])  # a cell, the last, a blank extra, an extra
def test_long_cells_as_two_pass(tmp_path: Path, cell: str, at: int) -> None:
    row = ["1", "2", "3", "", ""][: max(at + 1, 3)]
    row[at] = cell
    path = tmp_path / "t.csv"
    path.write_text(f"a,b,c\nx,y,z\n{','.join(row)}\nu,v,w\n", encoding="utf-8")
    _same_table(path)


def test_a_stream_of_a_missing_file_says_it_cannot_be_read(tmp_path: Path) -> None:
    one = TableStream(tmp_path / "nope.csv", "nope.csv", ("a",), ("a",))
    assert list(one) == [] and one.broken
    assert [e.reason for e in one.errors] == [
        e.reason for e in TableReader(tmp_path / "nope.csv", "nope.csv", ("a",), ("a",)).errors
    ]


# ------------------------------------------------------------------ whole readers, fixtures


@MANY
@given(mutated())
def test_the_readers_give_what_the_two_pass_readers_gave(case: tuple[str, str, bytes]) -> None:
    source, file, content = case
    folder, read = SOURCES[source]
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "export"
        shutil.copytree(folder, root)
        (root / file).write_bytes(content)
        same_as_two_pass(read, root)


@pytest.mark.parametrize("source", sorted(SOURCES))
def test_the_fixtures_read_as_before(source: str) -> None:
    folder, read = SOURCES[source]
    assert same_as_two_pass(read, folder)[0] == "snapshot"


# ------------------------------------------------------------------ generated exports


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    bench = _bench()
    region = build_region(students=0)
    root = tmp_path_factory.mktemp("exports")
    bench.generate_oneroster(region, root / "bulk", students=25, seed=5)
    bench.generate_oneroster_delta(root / "bulk", root / "delta", share=0.3, seed=6)
    bench.generate_template(region, root / "template", students=25, seed=5)
    return {"bulk": root / "bulk", "delta": root / "delta", "template": root / "template"}


def _reader(name: str) -> Reader:
    return read_student_csv if name == "template" else read_oneroster


@st.composite
def damage(draw: st.DrawFn, exports: dict[str, Path]) -> tuple[str, str, bytes]:
    """A generated export with one file damaged: a row cut short (anywhere, the last one
    included), a stray quote or byte, a row given again further down, a bad cell."""
    name = draw(st.sampled_from(sorted(exports)))
    file = draw(st.sampled_from(sorted(p.name for p in exports[name].glob("*.csv"))))
    data = (exports[name] / file).read_bytes()
    lines = data.split(b"\n")
    at = draw(st.integers(1, max(len(lines) - 2, 1)))
    how = draw(st.sampled_from(["cut", "quote", "byte", "again", "cell", "blank"]))
    if how == "cut":
        lines[at] = lines[at][: draw(st.integers(0, len(lines[at])))]
    elif how == "quote":
        lines[at] = lines[at] + b'"'
    elif how == "byte":
        lines[at] = lines[at] + b"\xe9"
    elif how == "again":
        lines.insert(draw(st.integers(at, len(lines) - 1)), lines[at])
    elif how == "cell":
        cells = lines[at].split(b",")
        i = draw(st.integers(0, len(cells) - 1))
        cells[i] = draw(st.sampled_from([b"", b"maybe", b"2025-13-01", b"tobedeleted", b"-1"]))
        lines[at] = b",".join(cells)
    else:
        lines.insert(at, b" , ,")
    return name, file, b"\n".join(lines)


def _damaged(exports: dict[str, Path], tmp: str, case: tuple[str, str, bytes]) -> Path:
    name, file, content = case
    root = Path(tmp) / name
    shutil.copytree(exports[name], root)
    (root / file).write_bytes(content)
    return root


@settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_damaged_exports_read_as_before(exports: dict[str, Path], data: st.DataObject) -> None:
    case = data.draw(damage(exports))
    with tempfile.TemporaryDirectory() as tmp:
        same_as_two_pass(_reader(case[0]), _damaged(exports, tmp, case))


@pytest.mark.parametrize("name", ["bulk", "delta", "template"])
def test_the_generated_exports_read_as_before(exports: dict[str, Path], name: str) -> None:
    assert same_as_two_pass(_reader(name), exports[name])[0] == "snapshot"


@pytest.mark.parametrize(
    ("file", "line"),
    [
        ("users.csv", b"u-late,active,2026-01-01T00:00:00Z,true"),  # a truncated last row
        ("roles.csv", b'r-late,"active'),  # an unclosed quote
        ("orgs.csv", b"o-late,active,,\xff"),  # not UTF-8
        ("results.csv", b"x,y,z"),
        ("enrollments.csv", b"e-late"),
    ],
)
def test_a_file_found_broken_at_its_end_gives_its_errors_only(
    exports: dict[str, Path], tmp_path: Path, file: str, line: bytes
) -> None:
    """What the rows read before the error did — their ids, the students and roles they
    gave, their errors and those of the rows naming them — is undone."""
    root = tmp_path / "bulk"
    shutil.copytree(exports["bulk"], root)
    path = root / file
    text = path.read_bytes()
    # and a row error before it, which the two-pass reader never reported
    first, rest = text.split(b"\n", 1)
    second, rest = rest.split(b"\n", 1)
    cells = second.split(b",")
    cells[1] = b"maybe"  # status
    path.write_bytes(b"\n".join([first, b",".join(cells), rest.rstrip(b"\n"), line]) + b"\n")
    kind, errors = same_as_two_pass(read_oneroster, root)
    assert kind == "errors"
    assert not any("maybe" in e.reason for e in errors)


def _append(path: Path, line: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + line + "\n", encoding="utf-8")


def _edit_cell(path: Path, at: int, column: str, value: str) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    cells = lines[at].split(",")
    cells[lines[0].split(",").index(column)] = value
    lines[at] = ",".join(cells)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _ref_error_then_cut(root: Path) -> None:
    _edit_cell(root / "enrollments.csv", 1, "classSourcedId", "nowhere")


def _no_roles(root: Path) -> None:
    (root / "roles.csv").unlink()
    manifest = root / "manifest.csv"
    manifest.write_text(
        manifest.read_text(encoding="utf-8").replace("file.roles,bulk\n", ""), encoding="utf-8"
    )


def _teacher(root: Path) -> None:
    users = (root / "users.csv").read_text(encoding="utf-8").splitlines()
    header = users[0].split(",")
    teacher = [""] * len(header)
    for column, value in (
        ("sourcedId", "t-1"),
        ("enabledUser", "true"),
        ("role", "teacher"),
        ("username", "t"),
        ("givenName", "T"),
        ("familyName", "Teacher"),
    ):
        teacher[header.index(column)] = value
    users.insert(2, ",".join(teacher))
    (root / "users.csv").write_text("\n".join(users) + "\n", encoding="utf-8")
    demographics = (root / "demographics.csv").read_text(encoding="utf-8").splitlines()
    cells = demographics[1].split(",")
    cells[0], cells[demographics[0].split(",").index("sex")] = "t-1", "alien"
    demographics.insert(2, ",".join(cells))
    (root / "demographics.csv").write_text("\n".join(demographics) + "\n", encoding="utf-8")


def _unknown_file(root: Path) -> None:
    _append(root / "manifest.csv", "file.nope,bulk")


@pytest.mark.parametrize(
    ("change", "cut", "sign", "shown_if_broken"),
    [
        # a row's reference to nothing, checked as it was read: dropped with the file
        (_ref_error_then_cut, "enrollments.csv", "'nowhere' is not in classes.csv", False),
        # users' ids dropped: nothing says roles.csv is missing for them
        (_no_roles, "users.csv", "which the manifest does not list", False),
        # users' ids dropped: a teacher's demographics row is read as any other
        (_teacher, "users.csv", "sex 'alien'", True),
        # a manifest's properties dropped: nothing said about them
        (_unknown_file, "manifest.csv", "file.nope is not a OneRoster 1.2 file", False),
    ],
)
@pytest.mark.parametrize("broken", [False, True])
def test_what_the_rows_of_a_broken_file_did_is_undone(
    exports: dict[str, Path],
    tmp_path: Path,
    change: Callable[[Path], None],
    cut: str,
    sign: str,
    shown_if_broken: bool,
    broken: bool,
) -> None:
    root = tmp_path / "bulk"
    shutil.copytree(exports["bulk"], root)
    change(root)
    if broken:
        _append(root / cut, "cut-short")
    got = same_as_two_pass(read_oneroster, root)
    flagged = got[0] == "errors" and any(sign in e.reason for e in got[1])
    assert flagged == (broken == shown_if_broken)


# ------------------------------------------------------------------ duplicate ids at scale


def _with_duplicates(src: Path, dst: Path) -> None:
    """Rows of enrollments and results given again further down, some with errors of
    their own (a bad status, a bad date) that only a hashed check used to report."""
    shutil.copytree(src, dst)
    for name in ("enrollments.csv", "results.csv"):
        lines = (dst / name).read_text(encoding="utf-8").splitlines(keepends=True)
        for (at, again), status in zip(
            ((3, 40), (5, 17), (5, 60), (9, 61), (12, 90)), ("", "maybe", "", "x", ""), strict=True
        ):
            first, later = lines[at].split(","), lines[again].split(",")
            later[0] = first[0]
            if status:
                later[1] = status
            if again == 61:
                later[2] = "yesterday"  # dateLastModified
            lines[again] = ",".join(later)
        (dst / name).write_text("".join(lines), encoding="utf-8")


def _threshold(monkeypatch: pytest.MonkeyPatch, n: int) -> None:
    monkeypatch.setattr(oneroster, "HASH_IDS_OVER", n)
    monkeypatch.setattr(two_pass_oneroster, "HASH_IDS_OVER", n)


def _colliding_add(self: Any, sid: str, line: int) -> None:
    self.hashes.append(7)
    self.lines.append(line)


@pytest.mark.parametrize("over", [0, 1, 20, 59, 60, 61, 150, 399, 600, 10**9])
def test_duplicate_ids_come_out_the_same_wherever_hashing_starts(
    exports: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, over: int
) -> None:
    _with_duplicates(exports["bulk"], tmp_path / "dups")
    _threshold(monkeypatch, over)
    kind, errors = same_as_two_pass(read_oneroster, tmp_path / "dups")
    assert kind == "errors" and sum("is listed twice" in e.reason for e in errors) == 10
    monkeypatch.setattr(roster_spill, "_SORT_OVER", 0)  # hashes sorted by numpy
    assert outcome(read_oneroster, tmp_path / "dups") == ("errors", errors)
    monkeypatch.setattr(IdHashes, "add", _colliding_add)  # every id hashing alike
    assert outcome(read_oneroster, tmp_path / "dups") == ("errors", errors)


def _template_with_duplicates(src: Path, dst: Path) -> None:
    """Attempts given twice (made ids), attempt ids given twice, and transcripts."""
    shutil.copytree(src, dst)
    path = dst / "attempts.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    header = lines[0].rstrip("\n").split(",")
    id_at = header.index("attempt_id")
    lines.insert(30, lines[4])  # the same student, course, year and season
    lines.insert(50, lines[7])
    for at, attempt_id in ((10, "A-1"), (44, "A-1"), (45, "A-2"), (70, "A-2"), (71, "A-2")):
        cells = lines[at].rstrip("\n").split(",")
        cells[id_at] = attempt_id
        lines[at] = ",".join(cells) + "\n"
    path.write_text("".join(lines), encoding="utf-8")
    students = (dst / "students.csv").read_text(encoding="utf-8").splitlines()[1:4]
    sids = [s.split(",")[0] for s in students]
    (dst / "college_transcripts.csv").write_text(
        "transcript_id,student_id,college,course,school_year,season,grade\n"
        f",{sids[0]},kirkwood,BIO-168,2025-26,FA,A\n"
        f"T-9,{sids[1]},kirkwood,BIO-168,2025-26,FA,B\n"
        f",{sids[0]},kirkwood,bio 168,2025-26,fa,C\n"
        f"T-9,{sids[2]},kirkwood,ENG-105,2025-26,SP,B\n",
        encoding="utf-8",
    )


@pytest.mark.parametrize("sort_over", [0, 100_000])  # hashes sorted by numpy, or in a dict
def test_template_duplicate_attempt_ids_by_hashes_are_the_exact_checks(
    exports: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sort_over: int
) -> None:
    _template_with_duplicates(exports["template"], tmp_path / "dups")
    monkeypatch.setattr(roster_spill, "_SORT_OVER", sort_over)
    kind, errors = same_as_two_pass(read_student_csv, tmp_path / "dups")
    assert kind == "errors"
    twice = [e for e in errors if "is listed twice" in e.reason]
    assert len(twice) == 7 and {e.file for e in twice} == {
        "attempts.csv",
        "college_transcripts.csv",
    }
    monkeypatch.setattr(IdHashes, "add", _colliding_add)  # every id hashing alike
    assert outcome(read_student_csv, tmp_path / "dups") == ("errors", errors)
    # no duplicate: every row a suspect, none reported
    assert outcome(read_student_csv, exports["template"])[0] == "snapshot"


def test_a_file_changed_before_its_suspects_are_read_again_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "results.csv"
    path.write_text("sourcedId,x\nr1,a\nr1,b\n", encoding="utf-8")
    hashes = IdHashes()
    hashes.add("r1", 2)
    hashes.add("r1", 3)
    again = TableStream(path, "results.csv", ("sourcedId", "x"), ())
    assert hashes.duplicates(again, ["sourcedid", "x"], lambda row: (row.get("sourcedid"), 1)) == [
        (3, 1, "r1", 2)
    ]
    path.write_text("sourcedId,y\nr1,a\nr1,b\n", encoding="utf-8")
    again = TableStream(path, "results.csv", ("sourcedId", "x", "y"), ())
    with pytest.raises(RosterError) as exc:
        hashes.duplicates(again, ["sourcedid", "x"], lambda row: (row.get("sourcedid"), 1))
    assert "changed while it was being read" in exc.value.errors[0].reason


# ------------------------------------------------------------------ spilled parts


@pytest.mark.parametrize("name", ["bulk", "template"])
def test_a_failed_read_leaves_no_part_on_disk(
    exports: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    spills = tmp_path / "tmp"
    spills.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(spills))
    module = student_csv if name == "template" else oneroster
    monkeypatch.setattr(module, "RecordSink", lambda: RecordSink(10, 3))
    root = tmp_path / name
    shutil.copytree(exports[name], root)
    last = root / ("attempts.csv" if name == "template" else "results.csv")
    last.write_bytes(last.read_bytes() + b"cut-short\n")  # found at the very end
    with pytest.raises(RosterError) as exc:
        _reader(name)(root)
    assert exc.value.errors and exc.traceback  # the error, its frames and the reader held
    assert not any(p.name.startswith("careerpaths-spill-") for p in spills.iterdir())
    # a read that succeeds keeps its parts until the import is done with them
    snap = _reader(name)(exports[name])
    assert isinstance(snap.records, roster_spill.SpilledRecords)
    assert any(p.name.startswith("careerpaths-spill-") for p in spills.iterdir())
