"""Fuzzing both student-data readers (hypothesis).

Whatever bytes a file holds — random bytes, a byte-order mark, stray quotes, a truncated
end, a huge cell, Latin-1 text — a reader either returns a snapshot (which then merges and
maps to students without an exception) or raises RosterError whose every error has a file,
a line and a column (or None) and a reason. Never another exception.

Edge cases are pinned below as explicit regression cases; no fuzzing run so far has found
an input that crashes a reader — add any that does to ``REGRESSIONS``.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from careerpaths.demo.region import build_region
from careerpaths.io.oneroster import read_oneroster
from careerpaths.io.roster import RosterError, RosterSnapshot, RosterState, to_students
from careerpaths.io.roster_merge import apply, merge
from careerpaths.io.student_csv import read_student_csv

DATA = Path(__file__).parents[2] / "data"
SOURCES: dict[str, tuple[Path, Callable[[Path], RosterSnapshot]]] = {
    "oneroster-1.1": (DATA / "oneroster" / "v1p1", read_oneroster),
    "oneroster-1.2": (DATA / "oneroster" / "v1p2", read_oneroster),
    "csv": (DATA / "student_csv", read_student_csv),
}
REGION = build_region(students=0)
NOW = datetime(2026, 3, 1, tzinfo=UTC)
FUZZ = settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def check(source: str, file: str, content: bytes) -> None:
    """Read the fixture of ``source`` with ``file`` replaced by ``content``."""
    folder, read = SOURCES[source]
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "export"
        shutil.copytree(folder, root)
        (root / file).write_bytes(content)
        try:
            snapshot = read(root)
        except RosterError as exc:
            assert exc.errors
            for e in exc.errors:
                assert isinstance(e.file, str) and e.file
                assert e.line is None or (isinstance(e.line, int) and e.line >= 1)
                assert e.column is None or (isinstance(e.column, int) and e.column >= 1)
                assert e.reason
            return
        try:
            state = apply(RosterState(), merge(RosterState(), snapshot, now=NOW), confirm=True)
        except RosterError:
            return
        to_students(state, REGION, as_of=date(2026, 3, 1))


def files_of(source: str) -> list[str]:
    return sorted(p.name for p in SOURCES[source][0].glob("*.csv"))


@st.composite
def mutated(draw: st.DrawFn) -> tuple[str, str, bytes]:
    source = draw(st.sampled_from(sorted(SOURCES)))
    file = draw(st.sampled_from(files_of(source)))
    data = (SOURCES[source][0] / file).read_bytes()
    kind = draw(st.sampled_from(["bytes", "insert", "truncate", "bom", "cell", "latin1", "field"]))
    at = draw(st.integers(0, len(data)))
    if kind == "bytes":
        return source, file, draw(st.binary(max_size=400))
    if kind == "insert":
        piece = draw(
            st.sampled_from(
                [b'"', b",", b"\n", b"\r", b"\x00", b'""', b"\xff\xfe", b"tobedeleted",
                 b"2025-02-30", b"9999-99-99T99:99Z", b"metadata.x", b"=\"", b"\xe9"]
            )
            | st.binary(min_size=1, max_size=8)
        )  # fmt: skip
        return source, file, data[:at] + piece + data[at:]
    if kind == "truncate":
        return source, file, data[:at]
    if kind == "bom":
        return source, file, b"\xef\xbb\xbf" + data
    if kind == "cell":
        text = draw(st.text(max_size=40))
        return source, file, data[:at] + text.encode("utf-8", "surrogatepass") + data[at:]
    if kind == "field":
        # One cell of one row replaced: reaches the checks behind a good header.
        lines = data.decode("utf-8").split("\n")
        row = draw(st.integers(1, max(len(lines) - 2, 1)))
        cells = lines[row].split(",")
        col = draw(st.integers(0, max(len(cells) - 1, 0)))
        cells[col] = draw(
            st.sampled_from(
                ["", "tobedeleted", "active", "2026-02-29", "2025-08-20T00:00:00Z", "13",
                 "PS", "08", "true", "maybe", "-1", "1e309", "nan", "G9-FA", "SU", "2025-26",
                 "e0000000-0000-4000-8000-000000000099", "IP", "A+", "99999", "kirkwood"]
            )
            | st.text(max_size=10).filter(lambda t: not set(t) & set(',"\r\n'))
        )  # fmt: skip
        lines[row] = ",".join(cells)
        return source, file, "\n".join(lines).encode("utf-8", "surrogatepass")
    return source, file, data.decode("utf-8").encode("latin-1", "replace")


@pytest.mark.slow
@FUZZ
@given(mutated())
def test_readers_never_crash_on_mutated_files(case: tuple[str, str, bytes]) -> None:
    check(*case)


@pytest.mark.slow
@FUZZ
@given(
    st.sampled_from(sorted(SOURCES)),
    st.lists(st.lists(st.text(max_size=12), max_size=6), max_size=6),
)
def test_readers_never_crash_on_random_tables(source: str, rows: list[list[str]]) -> None:
    import csv
    import io

    buf = io.StringIO()
    csv.writer(buf).writerows(rows)
    for file in files_of(source)[:3]:
        check(source, file, buf.getvalue().encode("utf-8", "surrogatepass"))


@pytest.mark.slow
@pytest.mark.parametrize("source", sorted(SOURCES))
def test_a_huge_cell_anywhere_is_an_error_not_a_crash(source: str) -> None:
    folder, _ = SOURCES[source]
    for file in files_of(source):
        data = (folder / file).read_bytes()
        cut = data.index(b"\n") + 1
        check(source, file, data[:cut] + b"x" * 1_500_000 + data[cut:])


# Regression cases: edge inputs pinned so that a future change cannot crash on them.
REGRESSIONS = [
    # a surrogate escaped into the file: not UTF-8 (positions in bytes)
    ("csv", "students.csv", b"student_id,school,grade_level\n\xed\xa0\x80,a,9\n"),
    # NUL bytes inside a row: csv's "line contains NUL"
    ("oneroster-1.1", "orgs.csv", b"sourcedId,name,type\n\x00,a,school\n"),
    # a header only, then an unclosed quote
    ("oneroster-1.2", "users.csv", b'sourcedId,enabledUser\n"abc'),
    # a metadata column whose name normalises to a Perkins population, with junk in it
    (
        "oneroster-1.1",
        "demographics.csv",
        b"sourcedId,metadata.English_Learner\ne0000000-0000-4000-8000-000000000001,perhaps\n",
    ),
    # a grade written with a non-ASCII digit
    ("csv", "students.csv", "student_id,school,grade_level\nS1,kennedy-hs,١٠\n".encode()),
    # a manifest with no rows at all
    ("oneroster-1.1", "manifest.csv", b"propertyName,value\n"),
    # an empty manifest
    ("oneroster-1.2", "manifest.csv", b""),
]


@pytest.mark.parametrize(("source", "file", "content"), REGRESSIONS)
def test_regressions(source: str, file: str, content: bytes) -> None:
    check(source, file, content)
