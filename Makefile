# AI Personal Chef — every day-to-day command. `make help` lists them.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON_BIN ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
DEPS_STAMP := $(VENV)/.deps-$(shell cat requirements.txt requirements-dev.txt | sha1sum | cut -c1-12)
HOST ?= 127.0.0.1
PORT ?= 8000
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: help
help: ## List the targets
	@grep -hE '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  \033[36m%-14s\033[0m %s\n", $$1, $$2}'

# requirements*.txt are locks compiled from requirements*.in by `make lock`: every package
# pinned, with the hashes of its published files. The stamp changes whenever a lock does.
$(DEPS_STAMP): requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON_BIN) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --require-hashes -r requirements-dev.txt
	rm -f $(VENV)/.deps-*
	touch $@

.PHONY: install
install: $(DEPS_STAMP) ## Install what is missing into .venv

# Keeps the pins already in the locks; LOCK_ARGS="--upgrade-package NAME" (or --upgrade) moves them.
PIP_COMPILE = CUSTOM_COMPILE_COMMAND="make lock" $(VENV)/bin/pip-compile --quiet --generate-hashes \
	--allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links $(LOCK_ARGS)

.PHONY: lock
lock: install ## Compile requirements*.in into the hash-pinned requirements*.txt
	$(PIP_COMPILE) --output-file requirements.txt requirements.in
	$(PIP_COMPILE) --output-file requirements-dev.txt requirements-dev.in

.PHONY: migrate
migrate: install ## Apply database migrations
	$(PY) manage.py migrate --noinput
	$(PY) manage.py createcachetable

.PHONY: run
run: migrate ## Start the site and a worker on embedded defaults (SQLite, filesystem broker)
	@echo "Site: http://$(HOST):$(PORT)/  (Ollama expected at $${OLLAMA_HOST:-http://127.0.0.1:11434})"
	@trap 'echo "Stopped."; exit 0' INT TERM; \
	PATH="$(CURDIR)/$(VENV)/bin:$$PATH" WEB_HOST=$(HOST) WEB_PORT=$(PORT) $(VENV)/bin/honcho -f Procfile.dev start

.PHONY: run-demo
run-demo: migrate ## Like run, but with a simulated Ollama, labelled as such on every page
	@trap 'echo "Stopped."; exit 0' INT TERM; \
	PATH="$(CURDIR)/$(VENV)/bin:$$PATH" WEB_HOST=$(HOST) WEB_PORT=$(PORT) \
	OLLAMA_HOST=http://127.0.0.1:$${DEMO_OLLAMA_PORT:-11435} \
	OLLAMA_VISION_MODEL=simulated-vision OLLAMA_TEXT_MODEL=simulated-text \
	SITE_BANNER="Demo mode: the AI models are simulated. Ingredients and recipes are examples, not real AI output." \
	$(VENV)/bin/honcho -f Procfile.demo start

# axe-core (accessibility checks in the browser tests) from npm, at the version package-lock.json pins.
NODE_STAMP := node_modules/.package-lock.json
$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

.PHONY: test
test: install $(NODE_STAMP) ## Run every check: lint, format, types, tests with coverage
	./scripts/test.sh

.PHONY: lint
lint: install ## ruff lint + format check, mypy
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy .

.PHONY: fmt
fmt: install ## Format and autofix
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

.PHONY: bench
bench: install ## Benchmarks that print numbers (needs PostgreSQL/RabbitMQ only where stated)
	$(PY) -m benchmarks

# The folders makemessages leaves alone: no string there is shown by the site.
MESSAGES_IGNORE := --ignore=.venv --ignore=fake_ollama --ignore=tests --ignore=testkit \
	--ignore=loadtest --ignore=benchmarks --ignore=staticfiles --ignore=var --ignore=node_modules

.PHONY: messages
messages: install ## Refresh locale/ru from the marked strings, then compile the catalogues
	$(PY) manage.py makemessages -l ru --no-obsolete $(MESSAGES_IGNORE)
	$(PY) manage.py makemessages -l ru -d djangojs --no-obsolete $(MESSAGES_IGNORE)
	$(PY) manage.py compilemessages -l ru --ignore=.venv

.PHONY: superuser
superuser: install ## Create the first superuser from DJANGO_SUPERUSER_* variables (idempotent)
	$(PY) manage.py ensure_superuser

# --- production -------------------------------------------------------------------------------
# The Compose v2 plugin when present, else the standalone docker-compose (v1, which needs
# --compatibility to apply the resource limits of `deploy:`).
COMPOSE = $(shell docker compose version > /dev/null 2>&1 && echo "docker compose" || echo "docker-compose --compatibility")
PROD_COMPOSE = $(COMPOSE) -f docker-compose.prod.yml
APP_SERVICES := web worker-vision worker-recipes worker-maintenance beat
export DOCKER_BUILDKIT := 1
export COMPOSE_DOCKER_CLI_BUILD := 1

.PHONY: prod-env
prod-env:
	@test -f .env || { echo "No .env file: copy .env.example to .env and set every change-me value (see docs/infrastructure.md)." >&2; exit 1; }
	@if grep -qE '^[A-Z0-9_]+=change-me' .env; then echo ".env still has placeholder values: $$(grep -oE '^[A-Z0-9_]+=change-me' .env | cut -d= -f1 | tr '\n' ' ')" >&2; exit 1; fi

.PHONY: prod-up
prod-up: prod-env ## Build and start production (docker-compose.prod.yml) in the background
	$(PROD_COMPOSE) up -d --build
	@echo "Site: http://localhost:$${HTTP_PORT:-80}/  Grafana: http://127.0.0.1:3000/ (see docs/infrastructure.md)"

.PHONY: prod-down
prod-down: ## Stop production; volumes (database, photos, models) are kept
	$(PROD_COMPOSE) down

.PHONY: prod-ps
prod-ps: ## Show production services and their health
	$(PROD_COMPOSE) ps

.PHONY: prod-logs
prod-logs: ## Follow production logs (SERVICE=web for one service)
	$(PROD_COMPOSE) logs -f --tail=200 $(SERVICE)

.PHONY: backup-db
backup-db: ## Dump the production database into backups/<timestamp>.sql.gz
	@mkdir -p backups
	@set -euo pipefail; file="backups/$$(date -u +%Y%m%dT%H%M%SZ).sql.gz"; \
	$(PROD_COMPOSE) exec -T db sh -c 'pg_dump --clean --if-exists --no-owner -U "$$POSTGRES_USER" "$$POSTGRES_DB"' \
		| gzip > "$$file.partial"; \
	mv "$$file.partial" "$$file"; \
	echo "Wrote $$file ($$(du -h "$$file" | cut -f1))"

.PHONY: restore-db
restore-db: ## Replace the production database with FILE=backups/<timestamp>.sql.gz (YES=1 skips the question)
	@test -n "$(FILE)" || { echo "Usage: make restore-db FILE=backups/<timestamp>.sql.gz" >&2; exit 1; }
	@test -f "$(FILE)" || { echo "$(FILE): no such file" >&2; exit 1; }
	@if [ "$(YES)" != 1 ]; then read -r -p "Replace the production database with $(FILE)? [y/N] " answer; [ "$$answer" = y ] || { echo "Nothing changed."; exit 1; }; fi
	$(PROD_COMPOSE) stop $(APP_SERVICES)
	set -o pipefail; gunzip -c "$(FILE)" | $(PROD_COMPOSE) exec -T db sh -c 'psql -q -v ON_ERROR_STOP=1 --single-transaction -U "$$POSTGRES_USER" -d "$$POSTGRES_DB"'
	$(PROD_COMPOSE) run --rm migrate
	$(PROD_COMPOSE) up -d

.PHONY: check-deploy
check-deploy: install ## Validate the compose file, Prometheus config, alert rules and their tests
	@command -v promtool > /dev/null || { echo "promtool is missing: run scripts/ensure-system-deps.sh" >&2; exit 1; }
	@set -e; tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; cp .env.example "$$tmp/.env"; \
	$(COMPOSE) --project-directory "$$tmp" -f "$(CURDIR)/docker-compose.prod.yml" --env-file .env.example config -q; \
	echo "docker-compose.prod.yml with .env.example: valid"
	@if [ -f .env ]; then \
		if $(PROD_COMPOSE) config -q; then echo "docker-compose.prod.yml with .env: valid"; \
		else echo "(this .env is not a production one: see the message above; make prod-up would refuse it)"; fi; \
	fi
	promtool check config deploy/prometheus/prometheus.yml
	promtool check rules deploy/prometheus/alerts.yml
	promtool test rules deploy/prometheus/alerts_test.yml
	$(PY) -m pytest -p no:django -o addopts="" -p testkit.pytest_broker -W ignore::pytest.PytestConfigWarning --confcutdir=tests/deploy -q tests/deploy

.PHONY: eval
eval: migrate ## Prompt variants over the recorded replies: tokens, validity (python -m evals --help for a real Ollama)
	$(PY) -m evals

.PHONY: loadtest
loadtest: install ## Load test (~4 min, 127.0.0.1 only; PostgreSQL + RabbitMQ): writes docs/load-testing.md
	$(PY) -m loadtest
