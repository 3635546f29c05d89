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
step "tests on SQLite (with browser tests)"
unset DATABASE_URL
$PY -m pytest --create-db --cov --cov-report= -q "$@"

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
  step "tests on PostgreSQL (browser tests ran above)"
  DATABASE_URL=$PG_URL $PY -m pytest --create-db --cov --cov-append --cov-report= -q -m "not browser" "$@"
elif [ "${CI:-}" = "true" ]; then
  echo "PostgreSQL is required in CI" >&2
  exit 1
else
  echo "PostgreSQL not reachable: skipped locally (required in CI)"
fi

step "coverage"
$PY -m coverage report
