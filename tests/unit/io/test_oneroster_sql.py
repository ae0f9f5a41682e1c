"""The set-based read of OneRoster's large files gives what the row-by-row read gives.

``enrollments.csv`` and ``results.csv`` are read by DuckDB and checked in SQL, their plainly
right rows' records built in SQL, the others handed to the row-by-row reader
(:mod:`careerpaths.io.oneroster_sql`). Hypothesis mutates a generated export (cells replaced
by values every check rejects or corrects, rows repeated, lines broken, bytes inserted) and
both reads must give the same snapshot — the same records in the same order, with the same
files and lines, the same warnings, rows left out and row counts — or the same errors.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from careerpaths.demo.region import build_region
from careerpaths.io import oneroster, oneroster_sql
from careerpaths.io.oneroster import read_oneroster
from careerpaths.io.roster import RosterError
from tests.unit.io.test_roster_parts import _bench

FILES = ("enrollments.csv", "results.csv")
CELLS = [
    "", " x", "x ", "Active", "ACTIVE", "inactive", "tobedeleted", "active", "teacher",
    "student", "Student", "aide", "2025-13-01", "2025-02-30", "2025-08-20", "2025-08-20T10:00:00Z",
    "2025-08-20T10:00:00.000Z", "2025-08-20T10:00:00+02:00", "2099-01-01T00:00:00Z", "09/01/2025",
    '="0042"', "é", 'x"y', "x\\y", "1e308", "-1", "100.5", "1000001", "fully graded",
    "Fully Graded", "submitted", "maybe", "TRUE", "nobody", "\t", "A-",
]  # fmt: skip


@pytest.fixture(scope="module")
def export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    bench = _bench()
    root = tmp_path_factory.mktemp("export") / "oneroster"
    bench.generate_oneroster(build_region(students=0), root, students=6, seed=3)
    return root


def _read(root: Path) -> Any:
    try:
        snap = read_oneroster(root)
    except RosterError as exc:
        return ("errors", exc.errors)
    return (
        "snapshot",
        [(r, r.file, r.line) for r in snap.records],
        snap.warnings,
        snap.skipped_rows,
        dict(snap.rows),
        dict(snap.modes),
    )


def _both(root: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Any, Any]:
    set_based = _read(root)
    with monkeypatch.context() as m:
        m.setattr(oneroster_sql, "FILES", ())
        row_by_row = _read(root)
    return set_based, row_by_row


@st.composite
def mutation(draw: st.DrawFn) -> tuple[str, str, list[tuple[int, int, str]]]:
    file = draw(st.sampled_from(FILES))
    how = draw(st.sampled_from(["cells", "cells", "cells", "repeat", "blank", "quoted", "bytes"]))
    edits = draw(
        st.lists(
            st.tuples(
                st.integers(1, 60),
                st.integers(0, 20),
                st.sampled_from(CELLS) | st.text(max_size=6).filter(lambda t: not set(t) & set(',"\r\n')),
            ),
            min_size=1,
            max_size=4,
        )
    )  # fmt: skip
    return file, how, edits


def _apply(path: Path, how: str, edits: list[tuple[int, int, str]]) -> None:
    lines = path.read_text(encoding="utf-8").split("\n")
    rows = [i for i in range(1, len(lines)) if lines[i]]
    for row, col, value in edits:
        at = rows[row % len(rows)]
        cells = lines[at].split(",")
        if how == "cells":
            cells[col % len(cells)] = value
            lines[at] = ",".join(cells)
        elif how == "repeat":  # another row's id: listed twice
            other = rows[(row + col + 1) % len(rows)].__index__()
            lines[other] = lines[at].split(",")[0] + "," + lines[other].split(",", 1)[1]
        elif how == "blank":
            lines.insert(at, "")
        elif how == "quoted":  # a cell spanning two lines
            cells[col % len(cells)] = '"a\nb"'
            lines[at] = ",".join(cells)
        else:
            lines[at] = lines[at][: col % (len(lines[at]) + 1)] + value + "\x00"[: row % 2]
    path.write_text("\n".join(lines), encoding="utf-8")


@pytest.mark.slow
@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(mutation())
def test_the_set_based_read_gives_the_row_by_row_read(
    export: Path, monkeypatch: pytest.MonkeyPatch, change: tuple[str, str, list[Any]]
) -> None:
    file, how, edits = change
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "oneroster"
        shutil.copytree(export, root)
        _apply(root / file, how, edits)
        set_based, row_by_row = _both(root, monkeypatch)
    assert set_based == row_by_row


def test_a_clean_export_is_read_set_based_and_gives_the_same_snapshot(
    export: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []
    real = oneroster_sql.read

    def counting(*args: Any, **kwargs: Any) -> Any:
        got = real(*args, **kwargs)
        calls.append(f"{args[1]}:{'set' if got is not None else 'rows'}")
        return got

    monkeypatch.setattr(oneroster_sql, "read", counting)
    set_based, row_by_row = _both(export, monkeypatch)
    assert calls == ["enrollments:set", "results:set"]  # the large files were read in SQL
    assert set_based[0] == "snapshot" and set_based == row_by_row
    assert len(set_based[1]) > 200


def test_a_file_sql_would_read_otherwise_is_read_row_by_row(
    export: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "oneroster"
    shutil.copytree(export, root)
    path = root / "results.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    cells = lines[3].split(",")
    cells[-1] = '"late\nnote"'  # a quoted cell spanning two lines: line numbers would differ
    lines[3] = ",".join(cells)
    path.write_text("\n".join(lines), encoding="utf-8")
    calls: list[Any] = []
    real = oneroster_sql.read
    monkeypatch.setattr(
        oneroster_sql, "read", lambda *a, **k: calls.append(got := real(*a, **k)) or got
    )
    set_based, row_by_row = _both(root, monkeypatch)
    assert calls[-1] is None  # results.csv went row by row
    assert set_based == row_by_row
    assert oneroster.UNNAMED == ("enrollments", "results")
