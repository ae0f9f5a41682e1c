"""Benchmark: qualification checks at scale and demand for a state's students.

    PYTHONPATH=src .venv/bin/python benchmarks/bench_staffing.py [--instructors N]
        [--courses N] [--students N] [--pair-sample N]

1. Qualification: ``--instructors`` synthetic instructors (random degrees, graduate hours,
   work years, licences) × ``--courses`` courses of the demo catalog under the demo
   college's rules. ``check_matrix`` (one evaluation per instructor and discipline/kind
   group) is timed on the whole grid; the per-pair ``check_qualification`` (the full
   explanation of every pair) on ``--pair-sample`` instructors, scaled to the grid, and
   the two are printed side by side (their verdicts are compared on the sample).
2. Demand: ``--students`` synthetic students and ~20 attempts each generated inside DuckDB
   (``careerpaths.analytics.tables.generate_state``), 12 pathways of 8 placements a grade,
   and each student's facts (a GPA; reading, math and science proficiency flags for about
   two thirds; reading and math placement scores for about 40%) generated the same way.
   The demand query is timed without eligibility (one join, one anti-join, one group-by
   through Ibis) and with each course's eligibility rule (the demo's Senior Year Plus
   rule for a third of the courses, ``grade >= 11 and gpa >= 2.5`` for a third, a course
   passed with a C for a tenth, ``grade >= 11`` for the rest): the facts and the passed
   courses pivoted by two conditional group-bys, one CASE branch per distinct rule.
"""

from __future__ import annotations

import argparse
import random
import resource
import time
from datetime import date

import pyarrow as pa

from careerpaths.core import staffing as st
from careerpaths.core.requisites import parse
from careerpaths.demo.region import build_region
from careerpaths.staffing.demand import Eligibility
from careerpaths.staffing.files import DEMO_STAFFING, load_staffing

DISCIPLINES = ["mathematics", "nursing", "biology", "english", "information technology",
               "health sciences", "psychology", "manufacturing", "welding", "accounting"]  # fmt: skip


def cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def instructors(n: int, seed: int = 17) -> list[st.Instructor]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        degrees = tuple(
            st.Degree(rng.choice(list(st.DegreeLevel)), rng.choice(DISCIPLINES))
            for _ in range(rng.randint(1, 3))
        )
        out.append(
            st.Instructor(
                id=f"i{i}", name=f"Synthetic {i}", employer="hs",
                degrees=degrees,
                graduate_hours={rng.choice(DISCIPLINES): float(rng.randint(0, 36))},
                work_years={rng.choice(DISCIPLINES): float(rng.randint(0, 12))},
                licences=(st.Licence(rng.choice(["RN", "CNA", "LPN"]),
                                     date(2026, rng.randint(1, 12), 1)),),
            )
        )  # fmt: skip
    return out


def bench_checks(args: argparse.Namespace) -> None:
    region = build_region(students=0)
    data = load_staffing(DEMO_STAFFING, region)
    policy = data.policies["kirkwood"]
    college = sorted((c for c in region.courses.values() if c.is_college), key=lambda c: c.key)
    courses = (college * (args.courses // len(college) + 1))[: args.courses]
    people = instructors(args.instructors)
    as_of = date(2026, 11, 23)
    t0, c0 = time.perf_counter(), cpu()
    matrix = st.check_matrix(people, courses, policy, as_of=as_of)
    t_matrix, c_matrix = time.perf_counter() - t0, cpu() - c0
    sample = people[: args.pair_sample]
    t0, c0 = time.perf_counter(), cpu()
    pairs = {(p.id, c.code): st.check_qualification(p, c, policy, as_of=as_of).qualified
             for p in sample for c in courses}  # fmt: skip
    t_pairs, c_pairs = time.perf_counter() - t0, cpu() - c0
    assert all(matrix[k] == v for k, v in pairs.items())
    scale = len(people) / len(sample)
    n = len(people) * len(courses)
    groups = len({(policy.discipline_of(c), policy.kind_of(c)) for c in courses})
    print(f"qualification checks: {len(people):,} instructors x {len(courses)} courses "
          f"= {n:,} verdicts ({groups} discipline/kind groups)")  # fmt: skip
    print(f"  check_matrix (grouped)      {t_matrix:8.2f} s wall {c_matrix:8.2f} s CPU  "
          f"{sum(matrix.values()):,} qualified")  # fmt: skip
    print(f"  per-pair check_qualification {t_pairs * scale:7.2f} s wall {c_pairs * scale:8.2f} s CPU"
          f"  (measured on {len(sample)} instructors, x{scale:g})")  # fmt: skip
    print(f"  ratio per-pair / grouped: {t_pairs * scale / t_matrix:.1f}x")


def bench_demand(args: argparse.Namespace) -> None:
    from careerpaths.analytics import engines
    from careerpaths.analytics.tables import generate_state
    from careerpaths.staffing.demand import PLACEMENTS_SCHEMA, demand_on

    con = engines.connect("duckdb")
    t0 = time.perf_counter()
    generate_state(con.con, students=args.students)
    n_att = con.con.sql("select count(*) from attempts").fetchall()[0][0]
    print(f"\ndemand: {args.students:,} students, {n_att:,} attempts "
          f"(generated in {time.perf_counter() - t0:.1f} s)")  # fmt: skip
    rows: dict[str, list[object]] = {n: [] for n in PLACEMENTS_SCHEMA.names}
    for p in range(12):
        for grade in range(9, 13):
            for k in range(8):
                code = f"COL-{(p * 37 + grade * 11 + k * 5) % 400}"
                term = f"{2027 if k < 4 else 2028}-{'FA' if k < 4 else 'SP'}"
                for col, v in zip(PLACEMENTS_SCHEMA.names,
                                  (f"pathway-{p}", grade, term, code, code.replace("-", "")),
                                  strict=True):  # fmt: skip
                    rows[col].append(v)
    placements = pa.table(rows, schema=PLACEMENTS_SCHEMA)
    t0 = time.perf_counter()
    con.con.execute(FACTS_SQL)
    n_facts = con.con.sql("select count(*) from facts").fetchall()[0][0]
    print(f"  facts: {n_facts:,} scores and flags (generated in {time.perf_counter() - t0:.1f} s)")
    rules = bench_rules(sorted(set(placements["course_key"].to_pylist())))
    s, a, f = con.table("students"), con.table("attempts"), con.table("facts")

    def timed(label: str, **kw: object) -> None:
        times = []
        for _ in range(args.repeat):
            t0, c0 = time.perf_counter(), cpu()
            out = demand_on(con, students=s, attempts=a, placements=placements, **kw)
            times.append((time.perf_counter() - t0, cpu() - c0))
        wall, cpu_s = sorted(times)[len(times) // 2]
        total = sum(r.students for r in out)
        undecided = sum(r.undecided for r in out)
        ineligible = sum(r.ineligible for r in out)
        print(f"  {label:34} {wall:6.2f} s wall {cpu_s:6.2f} s CPU (median of {args.repeat}); "
              f"{len(out):,} (school, term, course) rows, {total:,} seats wanted"
              + (f", {undecided:,} undecided, {ineligible:,} not eligible" if kw else ""))  # fmt: skip

    timed("demand, no eligibility")
    timed(f"demand, eligible ({len(set(rules.values()))} rules)", facts=f, rules=rules)


FACTS_SQL = """
create or replace table facts as
with s as (select student_key, hash(student_key, 11) as h from students)
select student_key, 'gpa' as name, 0.5 + (h % 351) / 100.0 as value from s
union all select student_key, 'flag:proficient.reading', 1.0 from s where (h // 1000) % 100 < 67
union all select student_key, 'flag:proficient.math', 1.0 from s where (h // 100000) % 100 < 65
union all select student_key, 'flag:proficient.science', 1.0 from s where (h // 10000000) % 100 < 66
union all select student_key, 'placement.reading', 200.0 + (h // 1000000000) % 101
  from s where (h // 100) % 100 < 40
union all select student_key, 'placement.math', 200.0 + (h // 100000000000) % 101
  from s where (h // 100) % 100 < 40
"""


def bench_rules(keys: list[str]) -> dict[str, Eligibility]:
    """Eligibility rules for the benchmark's courses (see the module's docstring)."""
    syp = parse("grade >= 11 and (flag proficient.reading and flag proficient.math and "
                "flag proficient.science or placement.reading >= 250)")  # fmt: skip
    gpa = parse("grade >= 11 and gpa >= 2.5")
    course = parse("COL-5 with C and grade >= 11")
    grade = parse("grade >= 11")
    out = {}
    for k in keys:
        n = int(k.removeprefix("COL"))
        rule = course if n % 10 == 9 else syp if n % 3 == 0 else gpa if n % 3 == 1 else grade
        out[k] = Eligibility(rule, 11 if rule is grade else None)
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--instructors", type=int, default=5000)
    ap.add_argument("--courses", type=int, default=300)
    ap.add_argument("--pair-sample", type=int, default=250)
    ap.add_argument("--students", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    bench_checks(args)
    bench_demand(args)


if __name__ == "__main__":
    main()
