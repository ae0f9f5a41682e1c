"""A workspace import derives again only the students it is about, and writes the files
deriving every student writes.

Two copies of a workspace take the same sequence of imports: one as the product runs
them, the other with every student derived again at each step (the students' files never
"in line"). After each step ``students.csv`` and ``attempts.csv`` are the same bytes and
the count of students is the same; the first copy says which students it derived, and
does derive only the touched ones where the rules allow (a delta of per-student records,
a delta of shared records — a class moved to another course, a term's dates, a line
item —, an enrollment moved to another student, a truncated bulk export confirmed), and
every student again where they do not (a term ended since, students.csv edited by hand,
the catalog edited).

The exports are the benchmark's synthetic generator's (every person invented).
"""

from __future__ import annotations

import shutil
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from careerpaths.demo.region import build_region
from careerpaths.io import roster_store
from careerpaths.io.oneroster import read_oneroster
from careerpaths.io.roster_store import import_into_workspace
from careerpaths.io.workspace import write_workspace
from tests.roster_exports import bench_module, moved_enrollment_delta, shared_delta

pytestmark = pytest.mark.slow  # two workspaces through ten imports each

AS_OF = date(2026, 3, 1)
NOW = datetime(2026, 3, 1, 12, tzinfo=UTC)
LATER = date(2026, 6, 20)  # the spring term has ended; the same school year
FILES = ("students.csv", "attempts.csv")


def _edit_by_hand(ws: Path) -> None:
    path = ws / "students" / "students.csv"
    path.write_bytes(path.read_bytes())  # the same bytes, written again: not ours any more


def _edit_catalog(ws: Path) -> None:
    path = ws / "courses.csv"
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")


def test_a_workspace_import_derives_the_students_it_touches_as_deriving_all_would(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bench = bench_module()
    root = tmp_path / "exports"
    bench.generate_oneroster(build_region(students=0), root / "bulk", students=50, seed=3)
    for seed in range(4, 9):
        bench.generate_oneroster_delta(root / "bulk", root / f"delta{seed}", share=0.2, seed=seed)
    shared_delta(root / "bulk", root / "shared")
    moved_enrollment_delta(root / "bulk", root / "moved")
    bench.generate_oneroster(build_region(students=0), root / "truncated", students=40, seed=3)
    base = tmp_path / "base"
    write_workspace(build_region(students=6), base)  # six synthetic students, never imported
    assert (base / "courses.csv").is_file()
    touched, every = tmp_path / "touched", tmp_path / "every"
    shutil.copytree(base, touched)
    shutil.copytree(base, every)

    # (export, day, what to do to the workspaces first, what the first copy derives)
    steps = [
        ("bulk", AS_OF, None, "all"),
        ("bulk", AS_OF, None, "touched"),  # nothing new: nothing derived, nothing written
        ("delta4", AS_OF, None, "touched"),
        ("shared", AS_OF, None, "touched"),
        ("moved", AS_OF, None, "touched"),
        ("truncated", AS_OF, None, "touched"),  # 10 students made inactive, confirmed
        ("delta5", LATER, None, "all"),  # a term ended since every student was derived
        ("delta6", LATER, _edit_by_hand, "all"),
        ("delta7", LATER, _edit_catalog, "all"),
        ("delta8", LATER, None, "touched"),  # in line again since the last step
    ]
    in_line = roster_store._in_line
    for name, day, edit, derived in steps:
        if edit is not None:
            edit(touched)
            edit(every)
        got = import_into_workspace(
            read_oneroster(root / name), touched, now=NOW, as_of=day, confirm=True
        )
        monkeypatch.setattr(roster_store, "_in_line", lambda *args: False)
        want = import_into_workspace(
            read_oneroster(root / name), every, now=NOW, as_of=day, confirm=True
        )
        monkeypatch.setattr(roster_store, "_in_line", in_line)
        assert got.derived == derived, name
        assert want.derived == "all"
        assert (got.applied, got.students) == (want.applied, want.students), name
        assert got.applied == (name != "bulk" or day != AS_OF or got.rederived > 0), name
        if derived == "touched":
            assert got.rederived < want.rederived, name
        for file in FILES:
            assert (touched / "students" / file).read_bytes() == (
                every / "students" / file
            ).read_bytes(), (name, file)
        # the skipped rows reported are those of the students derived
        assert {s.sourced_id for s in got.skipped} <= {s.sourced_id for s in want.skipped}
    # the sequence changed the students it says it did
    text = (touched / "students" / "students.csv").read_text(encoding="utf-8")
    assert text.count("\n") - 1 == 40 + 6


def test_a_quoted_cell_over_two_lines_is_read_as_one_row(tmp_path: Path) -> None:
    path = tmp_path / "students.csv"
    path.write_text('id,name\nb,"two\nlines"\nc,plain\n\'=d,x\n', encoding="utf-8")
    assert list(roster_store._rows_by_id(path)) == [
        ("b", 'b,"two\nlines"\n'),
        ("c", "c,plain\n"),
        ("=d", "'=d,x\n"),
    ]
