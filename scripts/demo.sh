#!/usr/bin/env bash
# The main job on the embedded default: set up .venv, write the Cedar Rapids demo region
# to ./demo-region, validate it and print the report. Extra arguments go to `careerpaths demo`.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
exec .venv/bin/careerpaths demo --workspace demo-region "$@"
