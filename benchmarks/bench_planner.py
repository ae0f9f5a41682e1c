"""Benchmark: careerpaths' CP-SAT planner beside Curricular Analytics' ``create_degree_plan``.

    PYTHONPATH=src .venv/bin/python benchmarks/bench_planner.py [--repeat 3] [--no-peer] [--cpu]

``--cpu`` times with the process's CPU clock instead of the wall clock (both sides run in one
thread: CP-SAT with one worker), so a figure taken on a shared, busy machine is not inflated
by other processes' load.

Cases, each planned by both at the same load limit (18 semester hours a term, 12 terms,
no term offerings: the toolbox has none), on the same Curricular Analytics CSV:

* ``demo:<pathway>``: the college courses of each demo pathway with their prerequisites;
* ``generated-<n>``: seeded layered curricula (n courses, prerequisites from earlier layers);
* ``ubw``: the Curricular Analytics example curriculum committed in tests/data (its licence:
  the toolbox's documentation example).

Printed per case: terms used (careerpaths never more than the toolbox), load balance (standard
deviation of credits per used term), time (median of ``--repeat``), and careerpaths' status.

Then careerpaths alone, on the full model (offerings, grade windows, requisites with and/or,
loads in high-school and college units, the diploma and every exit's credential): each demo
pathway's grid filled from empty (target: p50 <= 200 ms), the pathway validator's errors on
the result (target: none), and CP-SAT's status (target: OPTIMAL); and demo students' plans
(target: p50 <= 100 ms).

The toolbox (``curricularanalytics==0.2.0``, AGPL) is never a dependency of careerpaths: when
it is not importable the peer columns say "skipped".
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

# the checkout this script is in, whatever careerpaths the interpreter has installed
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from careerpaths.core.model import Course, CreditUnit, Level
from careerpaths.core.planning import PlanProblem, PlanStatus, PlanTerm
from careerpaths.core.requisites import AllOf, CourseReq, mandatory_course_keys
from careerpaths.core.terms import Season, term_grid
from careerpaths.io.curricular_analytics import CaCourse, CurricularAnalyticsFile, write_csv
from careerpaths.io.curricular_analytics import read_csv as cp_read_csv

HERE = Path(__file__).resolve().parent
DATA = HERE.parent / "tests" / "data" / "curricular_analytics"
MAX_CPT = 18
TERMS = 12
clock = time.perf_counter  # --cpu: time.process_time

try:  # the peer, only if present
    import curricularanalytics as peer
except ImportError:  # pragma: no cover
    peer = None


def demo_cases() -> list[tuple[str, list[CaCourse]]]:
    from careerpaths.demo.region import build_region

    region = build_region(students=0)
    out = []
    for pid, p in sorted(region.pathways.items()):
        courses = {
            pl.key: region.courses[pl.key]
            for pl in p.placements
            if pl.key in region.courses and region.courses[pl.key].is_college
        }
        ids = {k: str(i + 1) for i, k in enumerate(sorted(courses))}
        rows = []
        for k, c in sorted(courses.items()):
            pre = sorted(ids[x] for x in mandatory_course_keys(c.prerequisites) if x in ids)
            rows.append(
                CaCourse(
                    ids[k],
                    c.title,
                    *c.code.split("-", 1) if "-" in c.code else ("", ""),
                    prerequisites=tuple(pre),
                    credit_hours=c.semester_hours,
                )
            )
        out.append((f"demo:{pid}", rows))
    return out


def generated(n: int, seed: int) -> list[CaCourse]:
    rng = random.Random(seed)
    layers = 6
    rows = []
    for i in range(n):
        layer = i * layers // n
        pool = [j for j in range(i) if j * layers // n < layer]
        pre = sorted({str(rng.choice(pool) + 1) for _ in range(rng.randint(0, 2))}) if pool else []
        rows.append(
            CaCourse(
                str(i + 1),
                f"Course {i + 1}",
                "GEN",
                str(100 + i),
                prerequisites=tuple(pre),
                credit_hours=float(rng.choice([3, 3, 4, 1])),
            )
        )
    return rows


def to_problem(rows: list[CaCourse]) -> PlanProblem:
    courses = {}
    for r in rows:
        pre = tuple(CourseReq(f"CA-{p}") for p in r.prerequisites)
        co = tuple(CourseReq(f"CA-{p}") for p in r.corequisites)
        c = Course(
            code=f"CA-{r.id}",
            title=r.name,
            provider="u",
            credits=r.credit_hours or 0.0,
            unit=CreditUnit.SEMESTER_HOUR,
            level=Level.POSTSECONDARY,
            terms_offered=frozenset({Season.FALL, Season.SPRING}),
            prerequisites=(pre[0] if len(pre) == 1 else AllOf(pre)) if pre else None,
            corequisites=(co[0] if len(co) == 1 else AllOf(co)) if co else None,
        )
        courses[c.key] = c
    terms = tuple(PlanTerm(t, float(MAX_CPT), None) for t in term_grid()[:TERMS])
    return PlanProblem(terms=terms, courses=courses, required=frozenset(courses))


def ours(problem: PlanProblem) -> tuple[float, int, float, str]:
    from careerpaths.planner.cpsat import solve

    t0 = clock()
    res = solve(problem, time_limit=30)
    dt = clock() - t0
    if res.plan is None:
        return dt, -1, 0.0, res.status.value
    by = res.plan.by_term()
    used = res.plan.score.terms
    loads = [sum(c.credits for c in by.get(t.term, [])) for t in problem.terms[:used]]
    return dt, used, statistics.pstdev(loads), res.status.value


def theirs(path: Path) -> tuple[float, int, float] | None:
    if peer is None:
        return None
    result = peer.read_csv(str(path))
    curric = getattr(result, "curriculum", result)
    t0 = clock()
    plan = peer.create_degree_plan(curric, max_terms=TERMS, max_cpt=MAX_CPT)
    dt = clock() - t0
    if plan is None:
        return dt, -1, 0.0
    loads = [sum(c.credit_hours for c in term.courses) for term in plan.terms]
    while loads and loads[-1] == 0:
        loads.pop()
    return dt, len(loads), statistics.pstdev(loads)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--no-peer", action="store_true")
    ap.add_argument("--cpu", action="store_true", help="time with the CPU clock")
    args = ap.parse_args()
    global clock
    if args.cpu:
        clock = time.process_time
    use_peer = peer is not None and not args.no_peer
    cases = demo_cases() + [(f"generated-{n}", generated(n, n)) for n in (40, 80)]
    tmp = Path(tempfile.mkdtemp())
    print(
        f"careerpaths CP-SAT vs curricularanalytics 0.2.0 create_degree_plan "
        f"({'present' if use_peer else 'skipped: not installed'}); {MAX_CPT} h/term, "
        f"{TERMS} terms, median of {args.repeat}, {'CPU' if args.cpu else 'wall'} clock"
    )
    print(f"{'case':34} {'terms':>11} {'load sd':>13} {'ms':>15} {'ratio':>6}  status")
    paths = []
    for name, rows in cases:
        path = tmp / f"{name.replace(':', '_')}.csv"
        write_csv(CurricularAnalyticsFile(curriculum=name, courses=tuple(rows)), path)
        paths.append((name, path))
    paths.append(("ubw (CA example)", DATA / "ubw_curriculum.csv"))
    for name, path in paths:
        doc = cp_read_csv(path)
        problem = to_problem(list(doc.courses))
        runs = [ours(problem) for _ in range(args.repeat)]
        ms = statistics.median(r[0] for r in runs) * 1000
        _, used, sd, status = runs[0]
        peer_cols = ("skipped", "", "")
        ratio = ""
        if use_peer:
            pr = [theirs(path) for _ in range(args.repeat)]
            pms = statistics.median(r[0] for r in pr if r) * 1000
            pused, psd = pr[0][1], pr[0][2]  # type: ignore[index]
            peer_cols = (str(pused), f"{psd:.2f}", f"{pms:.1f}")
            ratio = f"{ms / pms:.0f}x" if pms else ""
        print(
            f"{name:34} {used:>4} | {peer_cols[0]:>4} {sd:>6.2f}|{peer_cols[1]:>5} "
            f"{ms:>7.1f}|{peer_cols[2]:>6} {ratio:>6}  {status}"
        )

    print("\ncareerpaths alone, full model")
    from careerpaths.core.student_audit import RegionIndex
    from careerpaths.demo.region import build_region
    from careerpaths.planner import fill_pathway, plan_student

    region = build_region(students=40)
    times, statuses, errors = [], [], 0
    for pid, p in sorted(region.pathways.items()):
        t0 = clock()
        fill = fill_pathway(replace(p, placements=()), region, keep=False, time_limit=30)
        times.append(clock() - t0)
        statuses.append(fill.result.status)
        bad = [f.code for f in fill.findings if f.severity.value == "error"]
        errors += len(bad)
        print(
            f"  template {pid:28} {times[-1] * 1000:8.0f} ms  {fill.result.status.value:9} "
            f"validator errors: {bad or 'none'}"
        )
    print(
        f"  templates: p50 {statistics.median(times) * 1000:.0f} ms (target 200), "
        f"optimal {sum(s is PlanStatus.OPTIMAL for s in statuses)}/{len(statuses)}, "
        f"validator errors {errors}"
    )
    index = RegionIndex(region)
    st_times, st_status = [], []
    for s in sorted(region.students.values(), key=lambda s: s.id):
        t0 = clock()
        sp = plan_student(s, region, index=index, time_limit=30)
        st_times.append(clock() - t0)
        st_status.append(sp.result.status)
    counts = {k.value: sum(x is k for x in st_status) for k in PlanStatus}
    print(
        f"  student plans ({len(st_times)} synthetic students): p50 "
        f"{statistics.median(st_times) * 1000:.0f} ms (target 100), "
        f"p90 {sorted(st_times)[int(len(st_times) * 0.9)] * 1000:.0f} ms, {counts}"
    )


if __name__ == "__main__":
    sys.exit(main())
