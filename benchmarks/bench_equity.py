"""Benchmark: the equity report on state-scale synthetic data.

Generates 1,000,000 students and ~20,000,000 course attempts inside DuckDB
(``careerpaths.analytics.tables.generate_state``), then times the equity report
(every breakdown: school and district, college, pathway, every subgroup; with trends)
on DuckDB, and the same report on Spark local mode (``local[2]``) from Parquet files.

    .venv/bin/python benchmarks/bench_equity.py [--students N] [--spark-students N]
                                                [--repeat N] [--no-spark]

Timings: ``queries`` is the Ibis expressions on the engine (what scales with the data);
``suppression`` is the complementary suppression in Python over the report's cells.
Each DuckDB figure is the median of ``--repeat`` runs after a warm-up, with the process's
CPU seconds beside it (on a shared machine the wall time varies with the other work; the
CPU seconds much less), and the machine's load average is printed before and after.
The issue's target is printed next to the measured time.

The warm-up run also compiles the report's SQL, which :func:`careerpaths.analytics.report.fetch`
caches per engine, table names and schemas and parameters: the timed runs are what a
repeated report (another request, another format) costs.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import tempfile
import time

import ibis

from careerpaths.analytics import engines
from careerpaths.analytics import measures as m
from careerpaths.analytics.report import build_report, fetch
from careerpaths.analytics.tables import generate_state

ALL_BY = tuple(m.DIMENSIONS)
ALL_DIMS = tuple(d for b in ALL_BY for d in m.DIMENSIONS[b])
TARGET_S = 2.0  # issue #5.9: the equity report in at most 2 s on DuckDB at state scale


def timed_report(
    con: object, s: object, a: object, engine: str, dims: tuple[str, ...] = ALL_DIMS
) -> dict[str, float]:
    c0, t0 = time.process_time(), time.perf_counter()
    cohort, groups, trends, districts = fetch(con, s, a, dimensions=dims, cohort=None)  # type: ignore[arg-type]
    t1 = time.perf_counter()
    report = build_report(
        groups, trends, districts=districts, cohort=cohort, dimensions=dims, engine=engine
    )
    t2, c2 = time.perf_counter(), time.process_time()
    hidden = sum(1 for r in report.rows if r.participants is None)
    return {
        "queries": t1 - t0,
        "suppression": t2 - t1,
        "total": t2 - t0,
        "cpu": c2 - c0,
        "groups": len(report.rows),
        "groups_suppressed": hidden,
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--students", type=int, default=1_000_000)
    ap.add_argument("--spark-students", type=int, default=1_000_000)
    ap.add_argument("--no-spark", action="store_true")
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()

    con = ibis.duckdb.connect()
    t = time.perf_counter()
    generate_state(con.con, students=args.students)
    n_att = con.con.sql("select count(*) from attempts").fetchall()[0][0]
    print(
        f"generated {args.students:,} students, {n_att:,} attempts in {time.perf_counter() - t:.1f} s"
    )
    s, a = con.table("students"), con.table("attempts")
    print("load average before the DuckDB runs: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    t = time.perf_counter()
    timed_report(con, s, a, "duckdb")  # warm-up: the first run pays for planning
    print(f"first (cold) report, every breakdown: {time.perf_counter() - t:.2f} s")
    medians: list[float] = []
    for label, dims in (
        ("every breakdown + trends", ALL_DIMS),
        ("the default report (--by subgroup)", m.DIMENSIONS["subgroup"]),
    ):
        timed_report(con, s, a, "duckdb", dims)  # warm-up for these dimensions
        runs = [timed_report(con, s, a, "duckdb", dims) for _ in range(args.repeat)]
        med = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
        print(
            f"duckdb, {label}: report {med['total']:.2f} s median of {args.repeat} "
            f"(min {min(r['total'] for r in runs):.2f}, max {max(r['total'] for r in runs):.2f}; "
            f"queries {med['queries']:.2f} s, suppression {med['suppression']:.2f} s; "
            f"{med['cpu']:.2f} CPU s; {int(med['groups'])} groups, "
            f"{int(med['groups_suppressed'])} with participants suppressed)"
        )
        medians.append(med["total"])
        print("  load average: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
        verdict = "met" if med["total"] <= TARGET_S else "NOT met"
        print(
            f"  target <= {TARGET_S:.1f} s: measured {med['total']:.2f} s = "
            f"{med['total'] / TARGET_S:.2f}x the target ({verdict})"
        )
    if args.no_spark:
        return
    tmp = tempfile.mkdtemp(prefix="careerpaths-bench-")
    try:
        if args.spark_students != args.students:
            generate_state(con.con, students=args.spark_students)
        for name in ("students", "attempts"):
            con.con.execute(f"copy {name} to '{tmp}/{name}.parquet' (format parquet)")
        t = time.perf_counter()
        spark = engines.connect("spark")
        spark._session.sparkContext.setLogLevel("ERROR")  # type: ignore[attr-defined]
        print(f"spark session started in {time.perf_counter() - t:.1f} s")
        ss = spark.read_parquet(f"{tmp}/students.parquet", table_name="students")
        sa = spark.read_parquet(f"{tmp}/attempts.parquet", table_name="attempts")
        r = timed_report(spark, ss, sa, "spark")
        print(
            f"spark local[2] ({args.spark_students:,} students): report {r['total']:.1f} s "
            f"(queries {r['queries']:.1f} s, suppression {r['suppression']:.2f} s; "
            f"{r['total'] / medians[0]:.0f}x DuckDB's every-breakdown report; no target)"
        )
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        os.environ.pop("SPARK_LOCAL_IP", None)


if __name__ == "__main__":
    main()
