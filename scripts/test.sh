#!/usr/bin/env bash
# Every check the project has: lint, format, types, migrations, the test suite on SQLite and on
# PostgreSQL (with coverage over both), all against the real RabbitMQ and headless Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
export DJANGO_SETTINGS_MODULE=config.settings.test
export PYTHONDONTWRITEBYTECODE=1

step() { printf '\n==> %s\n' "$*"; }

step "system tools (chromium, docker-compose, promtool)"
./scripts/ensure-system-deps.sh

step "ruff lint"
$PY -m ruff check .
step "ruff format"
$PY -m ruff format --check .
step "mypy"
$PY -m mypy .
step "import layers (lint-imports)"
.venv/bin/lint-imports
step "migrations are up to date"
$PY manage.py makemigrations --check --dry-run

rm -f .coverage .coverage.*
# The two suites run side by side, each with its own database, files and coverage data: most of a
# test's time is spent waiting (workers, the broker, the browser), so the two cores stay busy.
LOGS=var/test-logs
trap 'kill $(jobs -p) 2>/dev/null || true' INT TERM
mkdir -p "$LOGS"
PG_URL=${TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/chef}
if $PY - "$PG_URL" <<'PYEOF'
import sys, psycopg
try:
    psycopg.connect(sys.argv[1].replace("/chef", "/postgres"), connect_timeout=3).close()
except Exception as exc:
    print(f"PostgreSQL not reachable: {exc}")
    sys.exit(1)
PYEOF
then
  have_pg=1
elif [ "${CI:-}" = "true" ]; then
  echo "PostgreSQL is required in CI" >&2
  exit 1
else
  have_pg=0
fi

step "tests on SQLite (with browser tests)$([ $have_pg = 1 ] && echo ' and, side by side, on PostgreSQL')"
(
  unset DATABASE_URL
  VAR_DIR="$PWD/var/test-sqlite" COVERAGE_FILE=.coverage.sqlite \
    $PY -m pytest --create-db --cov --cov-report= -q "$@"
) > "$LOGS/sqlite.log" 2>&1 &
sqlite_pid=$!
if [ $have_pg = 1 ]; then
  (
    VAR_DIR="$PWD/var/test-postgres" DATABASE_URL=$PG_URL COVERAGE_FILE=.coverage.postgres \
      $PY -m pytest --create-db --cov --cov-report= -q -m "not browser" "$@"
  ) > "$LOGS/postgres.log" 2>&1 &
  pg_pid=$!
fi
sqlite_rc=0
wait $sqlite_pid || sqlite_rc=$?
step "tests on SQLite: exit $sqlite_rc"
cat "$LOGS/sqlite.log"
pg_rc=0
if [ $have_pg = 1 ]; then
  wait $pg_pid || pg_rc=$?
  step "tests on PostgreSQL (browser tests ran on SQLite): exit $pg_rc"
  cat "$LOGS/postgres.log"
else
  echo "PostgreSQL not reachable: skipped locally (required in CI)"
fi
[ $sqlite_rc = 0 ] && [ $pg_rc = 0 ] || exit 1

step "coverage"
$PY -m coverage combine -q .coverage.sqlite $([ $have_pg = 1 ] && echo .coverage.postgres)
$PY -m coverage report
