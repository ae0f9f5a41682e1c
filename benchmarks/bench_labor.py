"""Labor-market data: snapshot load + classifying every occupation in every area, and
the per-request cost of the pathway map's labor panel (not a test).

Usage: .venv/bin/python benchmarks/bench_labor.py [--repeat K] [--requests N]
       [--area AREA] [--pathway ID]

1. Cold load of the shipped snapshot (gunzip, deserialize into an in-memory SQLite
   database, index titles, projections and the crosswalk) followed by
   ``classify_all``: high-wage and high-demand for every occupation published in every
   OEWS area (the nation, 54 states and territories, 528 metro and nonmetro areas,
   about 220,000 area x occupation rows). Target: under 2 s. Median and best of K.
2. The labor panel of one pathway (every exit's occupations with median wage and
   openings, and every on-ramp's totals) as the web app builds it per request, with the
   data loaded once per process: the first request for an area (which classifies the
   area) and then N requests, mean and p95 in ms.

The user store is not read (``CAREERPATHS_HOME`` is ignored): the shipped data only.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import time

from careerpaths.core.model import Region
from careerpaths.labor import store
from careerpaths.labor.classify import classify_all
from careerpaths.labor.reports import labor_panel

TARGET_SECONDS = 2.0


def _region() -> Region:
    try:
        from careerpaths.demo.region import build_region
    except ImportError:  # pragma: no cover - the demo region ships with the package
        raise SystemExit("the demo region is needed (careerpaths.demo.region)") from None
    return build_region(students=0)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--requests", type=int, default=1000)
    ap.add_argument("--area", default="Cedar Rapids, IA")
    ap.add_argument("--pathway", default=None, help="default: the demo pathway with most exits")
    args = ap.parse_args()

    loads: list[float] = []
    totals: list[float] = []
    rows = areas = 0
    for _ in range(args.repeat):
        store.clear_cache()
        t0 = time.perf_counter()
        data = store.load(user=False)
        t1 = time.perf_counter()
        result = classify_all(data)
        t2 = time.perf_counter()
        loads.append(t1 - t0)
        totals.append(t2 - t0)
        areas = len(result)
        rows = sum(len(r.rows) for r in result)
        hdhw = sum(1 for r in result for c in r.rows.values() if c.hdhw)
    snap = store.snapshot_path()
    print(
        f"snapshot {snap.name}: {snap.stat().st_size / 1e6:.1f} MB; "
        f"{areas} areas, {rows:,} area x occupation rows classified "
        f"({hdhw:,} high-demand and high-wage)"
    )
    print(
        f"load snapshot: median {statistics.median(loads) * 1000:.0f} ms, "
        f"best {min(loads) * 1000:.0f} ms"
    )
    med = statistics.median(totals)
    print(
        f"load + classify every occupation in every area: median {med:.2f} s, "
        f"best {min(totals):.2f} s (target < {TARGET_SECONDS:.0f} s: "
        f"{'met' if med < TARGET_SECONDS else 'NOT met'}); "
        f"{rows / (med - statistics.median(loads)) / 1e3:,.0f}k rows/s classified"
    )

    del result
    gc.collect()  # the K classified copies above are not part of a request
    region = _region()
    store.clear_cache()
    data = store.load(user=False)
    area = data.area(args.area)
    pathway_id = args.pathway or max(
        sorted(region.pathways), key=lambda p: len(region.pathways[p].exits)
    )
    pathway = region.pathways[pathway_id]
    t0 = time.perf_counter()
    panel = labor_panel(data, region, pathway, area)
    first = time.perf_counter() - t0
    times: list[float] = []
    for _ in range(args.requests):
        t0 = time.perf_counter()
        labor_panel(data, region, pathway, area)
        times.append(time.perf_counter() - t0)
    times.sort()
    p95 = times[int(0.95 * (len(times) - 1))]
    occupations = sum(len(e.occupations) for e in panel.exits)
    print(
        f"labor panel of {pathway_id!r} in {area.name}: {len(panel.exits)} exits, "
        f"{occupations} occupation figures, {len(panel.on_ramps)} on-ramps"
    )
    print(
        f"  first request for the area (classifies it): {first * 1000:.1f} ms; "
        f"then {args.requests} requests: mean {statistics.fmean(times) * 1000:.2f} ms, "
        f"p95 {p95 * 1000:.2f} ms"
    )


if __name__ == "__main__":
    main()
