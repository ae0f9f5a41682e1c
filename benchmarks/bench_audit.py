"""Audits per second on the demo region, one core (not a test).

Usage: .venv/bin/python benchmarks/bench_audit.py [--students N] [--repeat K]

Audits every synthetic student of the demo region (diploma + declared pathway's
credentials, flags, next courses) in one process and prints the rate. The peer figure
quoted beside it is uAchieve's published average of about 1.5 s per audit.
"""

from __future__ import annotations

import argparse
import statistics
import time

from careerpaths.core.student_audit import RegionIndex, audit_student
from careerpaths.core.validation import validate_region
from careerpaths.demo.region import build_region

UACHIEVE_SECONDS_PER_AUDIT = 1.5


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--students", type=int, default=2400)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()

    t0 = time.perf_counter()
    region = build_region(students=args.students)
    build = time.perf_counter() - t0
    t0 = time.perf_counter()
    validate_region(region)
    validation = time.perf_counter() - t0

    students = sorted(region.students.values(), key=lambda s: s.id)
    rates = []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        index = RegionIndex(region)
        for s in students:
            audit_student(s, region, index)
        elapsed = time.perf_counter() - t0
        rates.append(len(students) / elapsed)
    rate = statistics.median(rates)
    print(
        f"demo region: {len(region.pathways)} pathways, {len(region.courses)} courses, "
        f"{len(students)} synthetic students, "
        f"{sum(len(s.attempts) for s in students)} attempts"
    )
    print(
        f"build_region: {build:.2f} s   validate_region (all pathways): {validation * 1000:.0f} ms"
    )
    print(f"{'':24}{'careerpaths':>14}{'uAchieve (published)':>24}{'ratio':>10}")
    print(
        f"{'audits per second':24}{rate:14.0f}{1 / UACHIEVE_SECONDS_PER_AUDIT:24.2f}"
        f"{rate * UACHIEVE_SECONDS_PER_AUDIT:9.0f}x"
    )
    print(f"{'ms per audit':24}{1000 / rate:14.2f}{UACHIEVE_SECONDS_PER_AUDIT * 1000:24.0f}")


if __name__ == "__main__":
    main()
