#!/usr/bin/env bash
# The whole test suite: set up .venv with the test tools and the system packages the web
# tests need (Debian's Chromium, PostgreSQL 15 and poppler-utils, installed with apt when
# run as root, as CI does), then lint (ruff), type-check (mypy, strict on the core), check the architecture
# contracts (import-linter), the migrations and the production settings, and run pytest:
# the web tests on SQLite and again on a throwaway PostgreSQL cluster the tests start
# themselves (the analytics engines' PostgreSQL tests use one too). Extra arguments go to
# each pytest run.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh dev
export PATH="$PWD/.venv/bin:$PATH"

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -x /usr/lib/postgresql/15/bin/initdb ] || missing+=(postgresql)
# pdftotext and pdftoppm: the handout and print tests read the PDFs' text and draw page 1
command -v pdftotext >/dev/null && command -v pdftoppm >/dev/null || missing+=(poppler-utils)
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then
    echo "== apt-get install ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "note: ${missing[*]} missing and not root: the tests that need them are skipped or fail" >&2
  fi
fi

echo "== ruff"; ruff check src tests benchmarks; ruff format --check src tests benchmarks
echo "== mypy"; mypy
echo "== import-linter"; lint-imports
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
echo "== migrations"
CAREERPATHS_HOME="$scratch" DJANGO_SETTINGS_MODULE=careerpaths.web.settings.test \
  python -m careerpaths.web.manage makemigrations --check --dry-run
echo "== deploy check"
CAREERPATHS_HOME="$scratch" DJANGO_SETTINGS_MODULE=careerpaths.web.settings.production \
  DJANGO_SECRET_KEY="$(python -c 'import secrets; print(secrets.token_urlsafe(50))')" \
  DJANGO_ALLOWED_HOSTS=careerpaths.example.org \
  python -m careerpaths.web.manage check --deploy --fail-level WARNING

run_pytest() {
  set +e
  "$@"
  local code=$?
  set -e
  if [ "$code" -eq 5 ]; then
    echo "pytest collected no tests: that is a failure" >&2
    return 1
  fi
  return "$code"
}
# The whole suite runs hypothesis's ci profile (every example, derandomized) wherever it
# runs; a bare `pytest` while editing runs the quicker dev profile (tests/profiles.py).
set -- --hypothesis-profile=ci "$@"
# CAREERPATHS_TEST_POSTGRES=1 makes the tests start a throwaway PostgreSQL cluster: the
# analytics engines always test against it; the web tests run on SQLite, then again on it.
echo "== pytest (all but the web app; the analytics engines on PostgreSQL too)"
CAREERPATHS_TEST_POSTGRES=1 run_pytest pytest --ignore=tests/web "$@"
echo "== pytest (the web app on SQLite)"
run_pytest pytest tests/web "$@"
echo "== pytest (the web app on PostgreSQL)"
CAREERPATHS_TEST_POSTGRES=1 run_pytest pytest tests/web "$@"
