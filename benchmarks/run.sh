#!/usr/bin/env bash
# Every benchmark, one after the other (not tests; they print figures and ratios).
# Usage: benchmarks/run.sh [--with-peer]   (--with-peer installs curricularanalytics 0.2.0,
# AGPL, into benchmarks/.peer-venv only, to compare metrics side by side)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
PY=.venv/bin/python
if [ "${1:-}" = "--with-peer" ]; then
  $PY benchmarks/bench_metrics.py --setup-peer
fi
echo "== curriculum metrics"; $PY benchmarks/bench_metrics.py
echo; echo "== audits"; $PY benchmarks/bench_audit.py
echo; echo "== labor market"; $PY benchmarks/bench_labor.py
echo; echo "== equity report (1,000,000 students / 20,000,000 attempts; DuckDB and Spark)"; $PY benchmarks/bench_equity.py
echo; echo "== web (20 concurrent clients; SQLite and PostgreSQL)"; $PY benchmarks/bench_web.py
