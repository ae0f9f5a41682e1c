#!/usr/bin/env bash
# Create .venv (when missing) and install careerpaths into it, pinned by
# requirements/constraints.txt. Usage: scripts/bootstrap.sh [dev]
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  echo "Creating .venv with $($PY --version)" >&2
  "$PY" -m venv .venv
fi
stamp=".venv/.careerpaths-installed-${1:-main}"
inputs="pyproject.toml requirements/constraints.txt"
if [ -f "$stamp" ] && [ -z "$(find $inputs -newer "$stamp" 2>/dev/null)" ]; then
  exit 0  # up to date
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip >/dev/null 2>&1 || true
if [ "${1:-}" = "dev" ]; then
  .venv/bin/python -m pip install --quiet --disable-pip-version-check \
    -c requirements/constraints.txt -e ".[dev]"
else
  .venv/bin/python -m pip install --quiet --disable-pip-version-check \
    -c requirements/constraints.txt -e .
fi
touch "$stamp"
