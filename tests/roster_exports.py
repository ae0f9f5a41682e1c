"""Synthetic OneRoster exports the student-data tests share: the benchmark's generator
(every person invented) and the deltas built on its bulk exports."""

from __future__ import annotations

import csv
import importlib.util
import sys
from pathlib import Path
from typing import Any

from careerpaths.demo.region import build_region


def bench_module() -> Any:
    """The benchmark's synthetic OneRoster generator (every person invented)."""
    path = Path(__file__).parents[1] / "benchmarks" / "bench_import.py"
    spec = importlib.util.spec_from_file_location("bench_import", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_import"] = module
    spec.loader.exec_module(module)
    return module


def shared_delta(bulk: Path, out: Path) -> Path:
    """A delta that changes shared records only: one class moved to another course, one
    term's dates moved, one line item no longer final (every student enrolled in them is
    touched, though no row of theirs is in the delta)."""

    def rows(name: str) -> tuple[list[str], list[list[str]]]:
        with (bulk / f"{name}.csv").open(encoding="utf-8", newline="") as fh:
            reader = csv.reader(fh)
            return next(reader), list(reader)

    out.mkdir()
    modes: dict[str, str] = {}
    enrolled = {r[3] for r in rows("enrollments")[1]}  # classSourcedId
    header, classes = rows("classes")
    course_col, modified = header.index("courseSourcedId"), header.index("dateLastModified")
    taken = [c for c in classes if c[0] in enrolled]
    moved = taken[0]
    other = next(c[course_col] for c in taken if c[course_col] != moved[course_col])
    moved[course_col], moved[modified] = other, "2026-03-02T10:00:00.000Z"
    moved[header.index("status")] = "active"
    out.joinpath("classes.csv").write_text(
        ",".join(header) + "\n" + ",".join(f'"{v}"' for v in moved) + "\n", encoding="utf-8"
    )
    modes["classes"] = "delta"
    header, sessions = rows("academicSessions")
    term = next(s for s in sessions if s[header.index("type")] == "semester")
    term[header.index("endDate")] = "2026-02-20"  # ended: an IP grade is no longer one
    term[header.index("dateLastModified")] = "2026-03-02T10:00:00.000Z"
    term[header.index("status")] = "active"
    out.joinpath("academicSessions.csv").write_text(
        ",".join(header) + "\n" + ",".join(f'"{v}"' for v in term) + "\n", encoding="utf-8"
    )
    modes["academicSessions"] = "delta"
    header, items = rows("lineItems")
    item = items[len(items) // 2]
    item[header.index("dateLastModified")] = "2026-03-02T10:00:00.000Z"
    item[header.index("title")] = "Unit test"
    item[header.index("status")] = "active"
    if "category" in header:
        item[header.index("category")] = "unit"
    out.joinpath("lineItems.csv").write_text(
        ",".join(header) + "\n" + ",".join(f'"{v}"' for v in item) + "\n", encoding="utf-8"
    )
    modes["lineItems"] = "delta"
    for name in ("orgs", "courses", "users", "enrollments", "demographics", "results"):
        modes[name] = "absent"
    with (out / "manifest.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerows(
            [
                ["propertyName", "value"],
                ["manifest.version", "1.0"],
                ["oneroster.version", "1.2"],
                *[[f"file.{name}", mode] for name, mode in modes.items()],
            ]
        )
    return out


def moved_enrollment_delta(bulk: Path, out: Path) -> str:
    """A delta (into ``out``) that moves one student enrollment in a catalog course to
    another student; the student it named before."""
    catalog = build_region(students=0)
    with (bulk / "enrollments.csv").open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        header = next(reader)
        rows = [r for r in reader if r[header.index("role")] == "student"]

    def table(name: str, key: str, value: str) -> dict[str, str]:
        with (bulk / f"{name}.csv").open(encoding="utf-8", newline="") as fh:
            return {r[key]: r[value] for r in csv.DictReader(fh)}

    course_of = table("classes", "sourcedId", "courseSourcedId")
    code_of = table("courses", "sourcedId", "courseCode")
    user = header.index("userSourcedId")
    moved = next(  # an enrollment in a catalog course: it is an attempt of the student's
        r
        for r in rows
        if catalog.course(code_of.get(course_of.get(r[header.index("classSourcedId")], ""), ""))
    )
    before = moved[user]
    moved[user] = next(r[user] for r in rows if r[user] != before)
    moved[header.index("status")] = "active"
    moved[header.index("dateLastModified")] = "2026-03-02T10:00:00.000Z"
    delta = out
    delta.mkdir()
    with (delta / "enrollments.csv").open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows([header, moved])
    (delta / "manifest.csv").write_text(
        "propertyName,value\nmanifest.version,1.0\noneroster.version,1.2\nfile.enrollments,delta\n",
        encoding="utf-8",
    )
    return before
