"""Benchmark: the equity report on state-scale synthetic data.

Generates 1,000,000 students and ~20,000,000 course attempts inside DuckDB
(``careerpaths.analytics.tables.generate_state``), then times the equity report
(every breakdown: school and district, college, pathway, every subgroup; with trends)
on DuckDB, and the same report on Spark local mode (``local[2]``) from Parquet files.

    .venv/bin/python benchmarks/bench_equity.py [--students N] [--spark-students N]

Timings: ``queries`` is the Ibis expressions on the engine (what scales with the data);
``suppression`` is the complementary suppression in Python over the report's cells.
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
import time

import ibis

from careerpaths.analytics import engines
from careerpaths.analytics import measures as m
from careerpaths.analytics.report import build_report, fetch
from careerpaths.analytics.tables import generate_state

ALL_BY = tuple(m.DIMENSIONS)
ALL_DIMS = tuple(d for b in ALL_BY for d in m.DIMENSIONS[b])


def timed_report(
    con: object, s: object, a: object, engine: str, dims: tuple[str, ...] = ALL_DIMS
) -> dict[str, float]:
    t0 = time.perf_counter()
    cohort, groups, trends, districts = fetch(con, s, a, dimensions=dims, cohort=None)  # type: ignore[arg-type]
    t1 = time.perf_counter()
    report = build_report(
        groups, trends, districts=districts, cohort=cohort, dimensions=dims, engine=engine
    )
    t2 = time.perf_counter()
    hidden = sum(1 for r in report.rows if r.participants is None)
    return {
        "queries": t1 - t0,
        "suppression": t2 - t1,
        "total": t2 - t0,
        "groups": len(report.rows),
        "groups_suppressed": hidden,
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--students", type=int, default=1_000_000)
    ap.add_argument("--spark-students", type=int, default=1_000_000)
    ap.add_argument("--no-spark", action="store_true")
    args = ap.parse_args()

    con = ibis.duckdb.connect()
    t = time.perf_counter()
    generate_state(con.con, students=args.students)
    n_att = con.con.sql("select count(*) from attempts").fetchall()[0][0]
    print(
        f"generated {args.students:,} students, {n_att:,} attempts in {time.perf_counter() - t:.1f} s"
    )
    s, a = con.table("students"), con.table("attempts")
    timed_report(con, s, a, "duckdb")  # warm-up: the first run pays for planning
    runs = [timed_report(con, s, a, "duckdb") for _ in range(3)]
    best = min(runs, key=lambda r: r["total"])
    print(
        f"duckdb: report {best['total']:.2f} s (queries {best['queries']:.2f} s, suppression "
        f"{best['suppression']:.2f} s; {best['groups']} groups, {best['groups_suppressed']} "
        "with participants suppressed; best of 3)"
    )
    sub = min(
        (timed_report(con, s, a, "duckdb", m.DIMENSIONS["subgroup"]) for _ in range(3)),
        key=lambda r: r["total"],
    )
    print(
        f"duckdb: the default report (--by subgroup) {sub['total']:.2f} s (queries "
        f"{sub['queries']:.2f} s, suppression {sub['suppression']:.2f} s; best of 3)"
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
            f"(queries {r['queries']:.1f} s, suppression {r['suppression']:.2f} s)"
        )
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        os.environ.pop("SPARK_LOCAL_IP", None)


if __name__ == "__main__":
    main()
