#!/usr/bin/env bash
# Every benchmark, one after the other (not tests; they print figures and ratios).
# Usage: benchmarks/run.sh [--with-peer] [--state]   (--with-peer installs curricularanalytics
# 0.2.0, AGPL, into benchmarks/.peer-venv only, to compare metrics side by side; --state runs
# the student-data import at full state scale, 1,000,000 students, instead of 10,000, and the
# batch audit of 1,000,000 students)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh dev  # the dev extra: locust (bench_web), pyspark (bench_equity)
PY=.venv/bin/python
IMPORT_SCALE="--students 10000"
AUDIT_STATE=""
for arg in "$@"; do
  case "$arg" in
    --with-peer) $PY benchmarks/bench_metrics.py --setup-peer ;;
    --state) IMPORT_SCALE="--state"; AUDIT_STATE=1 ;;
  esac
done
echo "== curriculum metrics"; $PY benchmarks/bench_metrics.py
echo; echo "== audits (demo region)"; $PY benchmarks/bench_audit.py
if [ -n "$AUDIT_STATE" ]; then  # about 4 minutes on 2 idle cores (benchmarks/README.md)
  echo; echo "== batch audit, state scale (1,000,000 synthetic students)"; $PY benchmarks/bench_audit.py --state
fi
echo; echo "== labor market"; $PY benchmarks/bench_labor.py
echo; echo "== labor workbooks (.xlsx readers)"; $PY benchmarks/bench_tables.py 20000
echo; echo "== equity report (1,000,000 students / 20,000,000 attempts; DuckDB and Spark)"; $PY benchmarks/bench_equity.py
echo; echo "== staffing (5,000 instructors x 300 courses; demand for 1,000,000 students)"; $PY benchmarks/bench_staffing.py
echo; echo "== student-data import (OneRoster 1.2 and the plain-CSV template; synthetic)"; $PY benchmarks/bench_import.py $IMPORT_SCALE
echo; echo "== student-data import into the app's database (careerpaths import oneroster; SQLite)"; $PY benchmarks/bench_import_db.py --students 10000
echo; echo "== web (20 concurrent locust users; SQLite and PostgreSQL)"; $PY benchmarks/bench_web.py
echo; echo "== pages with charts (demo region, test client)"; $PY benchmarks/bench_dashboard.py
echo; echo "== planner (CP-SAT vs curricularanalytics create_degree_plan; demo pathways, generated, CA example)"; $PY benchmarks/bench_planner.py
