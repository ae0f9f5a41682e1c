"""Render times of the pages with charts: the equity dashboard, the what-if and the labor
ranking (not a test).

Usage: .venv/bin/python benchmarks/bench_dashboard.py [--students 2400] [--repeat 5]

The demo region (``--students`` synthetic students) is loaded into a fresh SQLite database
in a temporary folder; Django's test client (one process, no server) then asks for each
page as the demo viewer. The first request of each page is printed on its own (cold:
imports, DuckDB, the report, the first chart renders); then the median of ``--repeat``
more requests of the same page (warm: the report is cached per process, the page and its
charts are rendered again, in English or Spanish as asked).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

PAGES = (
    ("equity dashboard (subgroups)", "/equity/", {}, "en"),
    ("equity dashboard, Spanish", "/equity/", {}, "es"),
    ("equity dashboard, every group", "/equity/", {"group": "subgroups"}, "en"),
    ("eligibility what-if", "/equity/whatif/", {}, "en"),
    ("labor: credentials worth building", "/labor/credentials/", {}, "en"),
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=2400)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="careerpaths-bench-") as home:
        os.environ["CAREERPATHS_HOME"] = home
        os.environ.pop("DATABASE_URL", None)
        os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver"
        from careerpaths.demo.region import build_region
        from careerpaths.web import app

        app.setup()
        t0 = time.perf_counter()
        app.prepare_demo(build_region(students=args.students))
        print(
            f"demo region with {args.students:,} students loaded in "
            f"{time.perf_counter() - t0:.1f} s"
        )
        from django.contrib.auth import get_user_model
        from django.test import Client

        client = Client()
        client.force_login(get_user_model().objects.get(username="viewer"))
        print(f"{'page':<36} {'first (s)':>10} {'then, median (s)':>17}")
        for name, url, params, lang in PAGES:
            times = []
            for _ in range(1 + args.repeat):
                t = time.perf_counter()
                response = client.get(url, params, HTTP_ACCEPT_LANGUAGE=lang)
                times.append(time.perf_counter() - t)
                if response.status_code != 200:
                    raise SystemExit(f"{url}: HTTP {response.status_code}")
            print(f"{name:<36} {times[0]:>10.3f} {statistics.median(times[1:]):>17.3f}")


if __name__ == "__main__":
    main()
