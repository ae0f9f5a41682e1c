"""Benchmark: a district's SIS export into the web app's database (the command users run).

``bench_import.py`` times the workspace path stage by stage; this times the product's own
path end to end — ``careerpaths import oneroster DIR``, which reads the export, merges it
into the records the database keeps, writes the records, the students and their audit
summaries in one transaction, and logs the import — each run a fresh process, as a data
clerk or a nightly job would start it:

1. ``careerpaths import demo-catalog`` (the demo region's catalog, no students) into an
   empty database, untimed;
2. the first import of a **synthetic** OneRoster 1.2 bulk export (the generator of
   ``bench_import.py``: every person invented);
3. the same files again (idempotent: must change nothing);
4. a delta (re-graded results, dropped classes, changed demographics).

SQLite (a temporary ``CAREERPATHS_HOME``) by default; ``--database-url`` for PostgreSQL.

    .venv/bin/python benchmarks/bench_import_db.py                     # 10,000 students
    .venv/bin/python benchmarks/bench_import_db.py --students 50000
    .venv/bin/python benchmarks/bench_import_db.py --database-url postgres://…/bench

Wall seconds include the process start (Django set-up and migration check, about 1-2 s),
as the user sees them; peak memory is the largest resident set of any import process.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_import import duckdb_floor, generate_oneroster, generate_oneroster_delta
from careerpaths.demo.region import build_region
from careerpaths.io.workspace import write_workspace

AS_OF = "2026-03-01"  # the generator's day: fall 2025 graded, spring 2026 in progress


def _cli() -> str:
    exe = Path(sys.executable).with_name("careerpaths")
    return str(exe) if exe.exists() else "careerpaths"


def _run(args: list[str], env: dict[str, str]) -> tuple[float, dict[str, object]]:
    t = time.perf_counter()
    done = subprocess.run(
        [_cli(), *args], env=env, capture_output=True, text=True, check=False, timeout=6 * 3600
    )
    wall = time.perf_counter() - t
    if done.returncode != 0:
        sys.stderr.write(done.stdout[-4000:] + done.stderr[-4000:])
        raise SystemExit(f"careerpaths {' '.join(args)} exited {done.returncode}")
    data: dict[str, object] = {}
    if "--format" in args:
        data = json.loads(done.stdout)
    return wall, data


def _peak_gb() -> float:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024**2


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--students", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=5)
    ap.add_argument("--delta-share", type=float, default=0.01)
    ap.add_argument("--database-url", help="PostgreSQL (an empty database); default SQLite")
    args = ap.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="careerpaths-bench-import-db-"))
    try:
        region = build_region(students=0)
        t = time.perf_counter()
        export = generate_oneroster(
            region, tmp / "oneroster", students=args.students, seed=args.seed
        )
        delta = generate_oneroster_delta(
            tmp / "oneroster", tmp / "delta", share=args.delta_share, seed=args.seed + 1
        )
        print(
            f"generated (synthetic) {args.students:,} students: OneRoster 1.2 "
            f"{export.total_rows:,} rows ({export.enrollments:,} enrollments, "
            f"{export.results:,} results), delta {delta.total_rows:,} rows, in "
            f"{time.perf_counter() - t:.1f} s"
        )
        write_workspace(region, tmp / "catalog")
        env = {**os.environ, "CAREERPATHS_HOME": str(tmp / "home")}
        env.pop("DATABASE_URL", None)
        if args.database_url:
            env["DATABASE_URL"] = args.database_url
        engine = "PostgreSQL" if args.database_url else "SQLite"
        wall, _ = _run(["import", str(tmp / "catalog")], env)
        print(f"{engine}: catalog loaded in {wall:.1f} s (untimed below)")

        common = ["--as-of", AS_OF, "--format", "json"]
        rows = export.total_rows
        floor_s, floor_rows, floor_gb = duckdb_floor(tmp / "oneroster")
        wall, first = _run(["import", "oneroster", str(tmp / "oneroster"), *common], env)
        print(
            f"  first import: {wall:.1f} s, {rows / wall:,.0f} rows/s, "
            f"{args.students / wall:,.0f} students/s; {first['students']:,} students written; "
            f"peak {_peak_gb():.2f} GB"
        )
        print(
            f"  side by side: plain DuckDB read_csv of the same files {floor_s:.1f} s "
            f"({floor_rows:,} rows, peak {floor_gb:.2f} GB) -> the import is "
            f"{wall / floor_s:.0f}x the floor"
        )
        wall, again = _run(["import", "oneroster", str(tmp / "oneroster"), *common], env)
        assert not again["applied"], "a second identical import changed something"
        print(f"  same files again: {wall:.1f} s, nothing changed; peak {_peak_gb():.2f} GB")
        wall, d = _run(["import", "oneroster", str(tmp / "delta"), *common], env)
        counts = d.get("counts", {})
        print(
            f"  delta ({delta.total_rows:,} rows): {wall:.1f} s, applied={d['applied']}, "
            f"changes {counts}; peak {_peak_gb():.2f} GB"
        )
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
