"""A state-scale import works a range of students at a time and gives what one range gives.

* ``import_into_workspace`` building the students' files in 4 or 7 ranges writes the same
  ``students.csv`` and ``attempts.csv`` bytes and the same records as with one range, and
  reports the same counts, holds, stale records and skipped rows — over a sequence of
  imports: a bulk export, the same again, a delta, a truncated bulk export (held, then
  confirmed).
* A reader that stages its records in DuckDB in many small batches gives the records one
  batch gives, and the same import.
* Duplicate ids of a large file, found by DuckDB, are reported exactly as the per-row
  check reports them.
* A reference to nothing is reported whatever the ranges, and nothing is written.

The exports are the benchmark's synthetic generator's (``benchmarks/bench_import.py``).
"""

from __future__ import annotations

import gc
import importlib.util
import shutil
import sys
import tempfile
from collections import Counter
from datetime import UTC, date, datetime
from pathlib import Path
from types import ModuleType
from typing import Any

import duckdb
import pytest

from careerpaths.demo.region import build_region
from careerpaths.io import oneroster, records_db
from careerpaths.io.oneroster import read_oneroster
from careerpaths.io.roster import RosterError, RosterSnapshot
from careerpaths.io.roster_store import ImportOutcome, import_into_workspace, records_path
from careerpaths.io.workspace import write_workspace

pytestmark = pytest.mark.slow  # state-scale imports, each against the one-part import

ROOT = Path(__file__).parents[3]
AS_OF = date(2026, 3, 1)
NOW = datetime(2026, 3, 1, 12, tzinfo=UTC)
FILES = ("students.csv", "attempts.csv")


def _records(ws: Path) -> list[tuple[Any, ...]]:
    """Every record kept in the workspace, in order."""
    con = duckdb.connect(str(records_path(ws)), read_only=True)
    try:
        return con.execute("SELECT * FROM records ORDER BY kind, sourced_id").fetchall()
    finally:
        con.close()


def _bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "bench_import", ROOT / "benchmarks" / "bench_import.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_import"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    bench = _bench()
    region = build_region(students=0)
    root = tmp_path_factory.mktemp("exports")
    bench.generate_oneroster(region, root / "bulk", students=60, seed=3)
    bench.generate_oneroster_delta(root / "bulk", root / "delta", share=0.2, seed=4)
    bench.generate_oneroster(region, root / "truncated", students=45, seed=3)
    ws = root / "ws"
    write_workspace(build_region(students=6), ws)  # six synthetic students, never imported
    return {
        "bulk": root / "bulk",
        "delta": root / "delta",
        "truncated": root / "truncated",
        "ws": ws,
    }


def _summary(outcome: ImportOutcome) -> tuple[Any, ...]:
    plan = outcome.plan
    return (
        plan.counts(),
        [h.as_dict() for h in plan.holds],
        plan.stale,
        plan.dropped,
        outcome.applied,
        outcome.students,
        Counter((s.code, s.kind, s.sourced_id) for s in outcome.skipped),
        plan.as_dict()["changes"],
    )


def _run(exports: dict[str, Path], ws: Path, parts: int) -> list[tuple[Any, ...]]:
    shutil.copytree(exports["ws"], ws)
    seen = []
    steps = [
        ("bulk", NOW, False),
        ("bulk", NOW, False),
        ("delta", datetime(2026, 3, 2, 12, tzinfo=UTC), False),
        ("truncated", datetime(2026, 3, 3, 12, tzinfo=UTC), False),
        ("truncated", datetime(2026, 3, 3, 12, tzinfo=UTC), True),
    ]
    for name, now, confirm in steps:
        outcome = import_into_workspace(
            read_oneroster(exports[name]), ws, now=now, as_of=AS_OF, confirm=confirm, parts=parts
        )
        files = (*((ws / "students" / f).read_bytes() for f in FILES), _records(ws))
        seen.append((name, confirm, _summary(outcome), files))
    return seen


@pytest.mark.parametrize("parts", [4, 7])
def test_an_import_in_parts_writes_and_reports_what_one_part_does(
    exports: dict[str, Path], tmp_path: Path, parts: int
) -> None:
    whole = _run(exports, tmp_path / "one", 1)
    in_parts = _run(exports, tmp_path / "parts", parts)
    for a, b in zip(whole, in_parts, strict=True):
        assert a[:3] == b[:3] and a[3] == b[3], a[:2]
    # the sequence did what it says: changes, nothing, a delta, a hold, then confirmed
    counts = [step[2][0] for step in whole]
    assert counts[0]["student"] == {"insert": 60} and counts[1] == {}
    assert counts[2] and whole[2][2][4] is True
    assert whole[3][2][1] and whole[3][2][4] is False  # held: nothing written
    assert whole[4][2][4] is True and counts[4]["student"] == {"deactivate": 15}
    assert whole[4][3] != whole[2][3]


def test_records_staged_in_small_batches_give_the_same_records_and_the_same_import(
    exports: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plain = read_oneroster(exports["bulk"])
    monkeypatch.setattr(records_db, "BATCH", 100)
    batched = read_oneroster(exports["bulk"])
    assert len(plain.records) > 1000 and len(batched.records) == len(plain.records)
    assert list(batched.records) == list(plain.records)
    assert [(r.file, r.line) for r in batched.records] == [(r.file, r.line) for r in plain.records]
    _same_import(exports, tmp_path, plain, batched)


def _same_import(
    exports: dict[str, Path], tmp_path: Path, one: RosterSnapshot, other: RosterSnapshot
) -> None:
    """The two snapshots imported into copies of the workspace: the same outcome, the same
    students' files, the same records kept."""
    ws_one, ws_other = tmp_path / "one", tmp_path / "other"
    shutil.copytree(exports["ws"], ws_one)
    shutil.copytree(exports["ws"], ws_other)
    a = import_into_workspace(one, ws_one, now=NOW, as_of=AS_OF)
    b = import_into_workspace(other, ws_other, now=NOW, as_of=AS_OF)
    assert _summary(a) == _summary(b)
    for name in FILES:
        assert (ws_one / "students" / name).read_bytes() == (
            ws_other / "students" / name
        ).read_bytes()
    assert _records(ws_one) == _records(ws_other)


def test_a_large_export_is_staged_in_a_file_that_goes_with_its_records(
    exports: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past STAGE_IN_FILE_OVER bytes the records are staged in a DuckDB file of a folder of
    their own: the same records and the same import as in memory, and the folder is gone
    once the records are."""
    folders = lambda: set(Path(tempfile.gettempdir()).glob("careerpaths-staging-*"))  # noqa: E731
    before = folders()
    in_memory = read_oneroster(exports["bulk"])
    assert folders() == before
    monkeypatch.setattr(records_db, "STAGE_IN_FILE_OVER", 0)
    in_file = read_oneroster(exports["bulk"])
    (folder,) = folders() - before
    assert (folder / "staging.duckdb").is_file()
    assert list(in_file.records) == list(in_memory.records)
    _same_import(exports, tmp_path, in_memory, in_file)
    del in_file
    gc.collect()
    assert not folder.exists()
    # a read that fails leaves no folder behind either
    broken = tmp_path / "broken"
    shutil.copytree(exports["bulk"], broken)
    (broken / "users.csv").write_text("sourcedId\n", encoding="utf-8")
    with pytest.raises(RosterError):
        read_oneroster(broken)
    gc.collect()
    assert folders() == before


def _with_duplicates(src: Path, dst: Path) -> None:
    shutil.copytree(src, dst)
    for name in ("enrollments.csv", "results.csv"):
        lines = (dst / name).read_text(encoding="utf-8").splitlines(keepends=True)
        # the 3rd row's id again on a later row, and the 5th's twice more
        for at, again in ((3, 40), (5, 17), (5, 60)):
            first, later = lines[at].split(",", 1), lines[again].split(",", 1)
            lines[again] = first[0] + "," + later[1]
        (dst / name).write_text("".join(lines), encoding="utf-8")


def _errors(path: Path) -> list[Any]:
    with pytest.raises(RosterError) as exc:
        read_oneroster(path)
    return exc.value.errors


def test_duplicate_ids_found_by_duckdb_are_reported_as_row_by_row(
    exports: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _with_duplicates(exports["bulk"], tmp_path / "dups")
    by_row = _errors(tmp_path / "dups")
    assert [(e.file, e.line) for e in by_row if "is listed twice" in e.reason] == sorted(
        (f, line) for f in ("enrollments.csv", "results.csv") for line in (18, 41, 61)
    )
    monkeypatch.setattr(oneroster, "HASH_IDS_OVER", 0)
    assert _errors(tmp_path / "dups") == by_row
    # DuckDB reading the file otherwise (None): every row compared exactly, same errors
    monkeypatch.setattr(oneroster, "duplicate_keys", lambda *args: None)
    assert _errors(tmp_path / "dups") == by_row
    assert read_oneroster(exports["bulk"]).records  # no duplicate: no error


def test_a_reference_to_nothing_is_reported_from_any_part(
    exports: dict[str, Path], tmp_path: Path
) -> None:
    delta = tmp_path / "delta"
    shutil.copytree(exports["delta"], delta)
    path = delta / "results.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    header = lines[0].strip().split(",")
    col = header.index("studentSourcedId")
    for at in (1, len(lines) - 1):
        cells = lines[at].rstrip("\n").split(",")
        cells[col] = f"nobody-{at}"
        lines[at] = ",".join(cells) + "\n"
    path.write_text("".join(lines), encoding="utf-8")
    reports = []
    for parts in (1, 4):
        ws = tmp_path / f"ws{parts}"
        shutil.copytree(exports["ws"], ws)
        import_into_workspace(
            read_oneroster(exports["bulk"]), ws, now=NOW, as_of=AS_OF, parts=parts
        )
        before = _records(ws)
        with pytest.raises(RosterError) as exc:
            import_into_workspace(read_oneroster(delta), ws, now=NOW, as_of=AS_OF, parts=parts)
        assert _records(ws) == before  # nothing written
        reports.append(exc.value.errors)
    assert reports[0] == reports[1] and len(reports[0]) == 2
    assert all("nobody-" in e.reason and e.file == "results.csv" for e in reports[0])
