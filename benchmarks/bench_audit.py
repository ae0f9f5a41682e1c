"""Student audits: the rate on the demo region, and the state-scale batch audit (not a test).

Usage:
    .venv/bin/python benchmarks/bench_audit.py [--students N] [--repeat K]
    .venv/bin/python benchmarks/bench_audit.py --state [--n 1000000] [--workers 2] [--full]

The first form audits every synthetic student of the demo region (diploma + declared
pathway's credentials, flags, next courses) and prints the rate of ``audit_student`` on
one core, of ``audit_many`` (full audits with the memo) on one core and on two workers,
and of ``verdict_many`` (the batch audit's verdicts) on one core. The peer figure quoted
beside it is uAchieve's published average of about 1.5 s per audit. It then times the
JSON that ``careerpaths audit WORKSPACE --all --format json`` writes for those audits
(``careerpaths.cli.render.audits_json``, schema ``output-audit``).

``--state`` is the batch audit at the scale of a state: N synthetic students (default
1,000,000; about 25 course attempts each) generated with the demo's realistic grade and
course distributions (``careerpaths.demo.students``), in seeded chunks, and audited in
``--workers`` processes — with ``verdict_many``, what a stored batch run computes
(statuses of the diploma and the pathway's credentials, credits, on/off track, random
acts, every flag), or with ``--full`` with ``audit_many`` (the explanation trees and next
courses too, what a counselor's page shows). Each worker generates a chunk, then audits
it (one memo per worker, shared by its chunks), so no student crosses a process boundary
and memory stays bounded by the chunks in flight. Generation and auditing are timed
separately inside the workers: the audit time on the workers is the sum of the workers'
audit seconds divided by the number of workers (they are busy all along), reported
beside the target of 60 s.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace

from careerpaths.analytics.audit_pool import audit_parallel
from careerpaths.cli.render import audits_json
from careerpaths.core.audit import AuditMemo
from careerpaths.core.model import Region
from careerpaths.core.student_audit import (
    RegionIndex,
    VerdictMemo,
    audit_many,
    audit_student,
    verdict_many,
)
from careerpaths.core.validation import validate_region
from careerpaths.demo.region import build_region
from careerpaths.demo.students import generate_students

UACHIEVE_SECONDS_PER_AUDIT = 1.5
STATE_TARGET_SECONDS = 60.0


def demo(students: int, repeat: int) -> None:
    t0 = time.perf_counter()
    region = build_region(students=students)
    build = time.perf_counter() - t0
    t0 = time.perf_counter()
    validate_region(region)
    validation = time.perf_counter() - t0

    ordered = sorted(region.students.values(), key=lambda s: s.id)
    single: list[float] = []
    batch: list[float] = []
    parallel: list[float] = []
    verdicts: list[float] = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        index = RegionIndex(region)
        for s in ordered:
            audit_student(s, region, index)
        single.append(len(ordered) / (time.perf_counter() - t0))
        t0 = time.perf_counter()
        for _result in audit_many(ordered, region, RegionIndex(region)):
            pass
        batch.append(len(ordered) / (time.perf_counter() - t0))
        t0 = time.perf_counter()
        for _result in audit_parallel(ordered, region, workers=2, chunk_size=200):
            pass
        parallel.append(len(ordered) / (time.perf_counter() - t0))
        t0 = time.perf_counter()
        for _verdict in verdict_many(ordered, region, RegionIndex(region)):
            pass
        verdicts.append(len(ordered) / (time.perf_counter() - t0))
    print(
        f"demo region: {len(region.pathways)} pathways, {len(region.courses)} courses, "
        f"{len(ordered)} synthetic students, "
        f"{sum(len(s.attempts) for s in ordered)} attempts"
    )
    print(
        f"build_region: {build:.2f} s   validate_region (all pathways): {validation * 1000:.0f} ms"
    )
    print(f"median of {repeat}:")
    print(f"{'':34}{'careerpaths':>14}{'uAchieve (published)':>24}{'ratio':>10}")
    for label, rates in (
        ("audits/s, audit_student, 1 core", single),
        ("audits/s, audit_many, 1 core", batch),
        ("audits/s, audit_many, 2 workers", parallel),
        ("verdicts/s, verdict_many, 1 core", verdicts),
    ):
        rate = statistics.median(rates)
        print(
            f"{label:34}{rate:14.0f}{1 / UACHIEVE_SECONDS_PER_AUDIT:24.2f}"
            f"{rate * UACHIEVE_SECONDS_PER_AUDIT:9.0f}x"
        )
    rate = statistics.median(single)
    print(f"{'ms per audit (audit_student)':34}{1000 / rate:14.2f}{1500:24.0f}")
    results = list(audit_many(ordered, region, RegionIndex(region)))
    written: list[float] = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        text = audits_json(results)
        written.append(time.perf_counter() - t0)
    seconds = statistics.median(written)
    print(
        f"audit --all --format json: {len(text.encode()) / 1e6:.1f} MB for {len(results)} "
        f"audits in {seconds:.2f} s ({1000 * seconds / len(results):.2f} ms per audit, "
        f"median of {repeat})"
    )


# -- the state-scale run ----------------------------------------------------------------


@dataclass(frozen=True)
class ChunkReport:
    students: int
    attempts: int
    generate_s: float
    audit_s: float
    audit_cpu_s: float
    on_track: int
    random_acts: int
    off_pathway: int
    memo_hits: int
    memo_misses: int
    searches: int


_state: tuple[Region, RegionIndex, AuditMemo, VerdictMemo] | None = None


def _start_worker() -> None:
    global _state
    region = build_region(students=0)
    index = RegionIndex(region)
    _state = (region, index, AuditMemo(), VerdictMemo(index))


def _chunk(args: tuple[int, int, int, int, bool]) -> ChunkReport:
    """Generate chunk ``number`` (``size`` students from ``first``), then audit it."""
    number, first, size, seed, full = args
    assert _state is not None
    region, index, audits, verdicts = _state
    t0 = time.perf_counter()
    students = [
        replace(s, id=f"SYN-{first + k:07d}")
        for k, s in enumerate(generate_students(region, size, seed=seed * 1_000_003 + number))
    ]
    t1 = time.perf_counter()
    c1 = time.process_time()
    memo = audits if full else verdicts
    hits, misses = memo.hits, memo.misses
    searches = verdicts.searches
    on_track = random_acts = off_pathway = 0
    results = (
        audit_many(students, region, index, memo=audits)
        if full
        else verdict_many(students, region, index, memo=verdicts)
    )
    for result in results:
        on_track += result.on_track
        random_acts += bool(result.random_acts)
        off_pathway += bool(result.off_pathway)
    t2 = time.perf_counter()
    c2 = time.process_time()
    return ChunkReport(
        students=len(students),
        attempts=sum(len(s.attempts) for s in students),
        generate_s=t1 - t0,
        audit_s=t2 - t1,
        audit_cpu_s=c2 - c1,
        on_track=on_track,
        random_acts=random_acts,
        off_pathway=off_pathway,
        memo_hits=memo.hits - hits,
        memo_misses=memo.misses - misses,
        searches=verdicts.searches - searches,
    )


def state(n: int, workers: int, chunk: int, seed: int, full: bool) -> None:
    tasks = [
        (k, k * chunk + 1, min(chunk, n - k * chunk), seed, full) for k in range(-(-n // chunk))
    ]
    reports: list[ChunkReport] = []
    t0 = time.perf_counter()
    with ProcessPoolExecutor(max_workers=workers, initializer=_start_worker) as pool:
        started = time.perf_counter()
        for report in pool.map(_chunk, tasks):
            reports.append(report)
            done = sum(r.students for r in reports)
            if len(reports) % max(1, len(tasks) // 10) == 0:
                print(f"  {done:>9,} students  {time.perf_counter() - started:7.1f} s", flush=True)
    wall = time.perf_counter() - t0
    students = sum(r.students for r in reports)
    attempts = sum(r.attempts for r in reports)
    generate = sum(r.generate_s for r in reports) / workers
    audit = sum(r.audit_s for r in reports) / workers
    audit_cpu = sum(r.audit_cpu_s for r in reports) / workers
    hits = sum(r.memo_hits for r in reports)
    misses = sum(r.memo_misses for r in reports)
    rate = students / audit
    print(
        f"state scale: {students:,} synthetic students, {attempts:,} course attempts "
        f"({attempts / students:.1f} per student), {workers} workers, chunks of {chunk:,}"
    )
    print(f"wall time (worker start, generation and audit): {wall:.1f} s")
    print(f"generation (not part of the audit):             {generate:.1f} s on {workers} workers")
    what = "full audits (audit_many)" if full else "verdicts (verdict_many)"
    print(f"batch audit, {what + ':':34}{audit:.1f} s on {workers} workers")
    print(
        f"  of which CPU time:                            {audit_cpu:.1f} s "
        f"({audit_cpu / audit:.0%}; less than 100% when other work shares the cores)"
    )
    print(f"audits per second:                              {rate:,.0f}")
    print(
        f"target for 1,000,000 students:                  {STATE_TARGET_SECONDS:.0f} s; "
        f"at this rate 1,000,000 take {1_000_000 / rate:.0f} s "
        f"({1_000_000 / rate / STATE_TARGET_SECONDS:.1f}x the target)"
    )
    print(
        f"  on cores of its own (CPU time):               1,000,000 take "
        f"{1_000_000 / (students / audit_cpu):.0f} s"
    )
    print(
        f"vs uAchieve (1.5 s per audit):                  {rate * UACHIEVE_SECONDS_PER_AUDIT:,.0f}x"
        f" its rate"
    )
    print(
        f"credential {'audits' if full else 'verdicts'} found in the memo:"
        f"{'' if full else '  '}          {hits / max(1, hits + misses):.0%}"
        f" ({hits:,} of {hits + misses:,})"
    )
    if not full:
        searches = sum(r.searches for r in reports)
        print(
            f"  of the others, decided by the bounds:       "
            f"{(misses - searches) / max(1, misses):.0%}; searched: {searches:,}"
        )
    print(
        f"on track: {sum(r.on_track for r in reports) / students:.1%}   "
        f"with a random act: {sum(r.random_acts for r in reports) / students:.1%}   "
        f"with dual credit off the pathway: {sum(r.off_pathway for r in reports) / students:.1%}"
    )
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"load average at the end: {load:.1f} on {os.cpu_count()} cores")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--students", type=int, default=2400, help="demo region students")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--state", action="store_true", help="the state-scale batch audit")
    ap.add_argument("--n", type=int, default=1_000_000, help="students in the state run")
    ap.add_argument("--workers", type=int, default=min(2, os.cpu_count() or 1))
    ap.add_argument("--chunk", type=int, default=5000, help="students per chunk")
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument(
        "--full",
        action="store_true",
        help="state run: full audits with explanations (audit_many) instead of verdicts",
    )
    args = ap.parse_args()
    if args.state:
        state(args.n, args.workers, args.chunk, args.seed, args.full)
    else:
        demo(args.students, args.repeat)


if __name__ == "__main__":
    main()
