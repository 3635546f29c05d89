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

$(DEPS_STAMP): requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON_BIN) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	rm -f $(VENV)/.deps-*
	touch $@

.PHONY: install
install: $(DEPS_STAMP) ## Install what is missing into .venv

.PHONY: migrate
migrate: install ## Apply database migrations
	$(PY) manage.py migrate --noinput
	$(PY) manage.py createcachetable

.PHONY: run
run: migrate ## Start the site and a worker on embedded defaults (SQLite, filesystem broker)
	@echo "Site: http://$(HOST):$(PORT)/  (Ollama expected at $${OLLAMA_HOST:-http://127.0.0.1:11434})"
	PATH="$(CURDIR)/$(VENV)/bin:$$PATH" HOST=$(HOST) PORT=$(PORT) $(VENV)/bin/honcho -f Procfile.dev start

.PHONY: run-demo
run-demo: migrate ## Like run, but with a simulated Ollama, labelled as such on every page
	PATH="$(CURDIR)/$(VENV)/bin:$$PATH" HOST=$(HOST) PORT=$(PORT) \
	OLLAMA_HOST=http://127.0.0.1:$${DEMO_OLLAMA_PORT:-11435} \
	OLLAMA_VISION_MODEL=simulated-vision OLLAMA_TEXT_MODEL=simulated-text \
	SITE_BANNER="Demo mode: the AI models are simulated. Ingredients and recipes are examples, not real AI output." \
	$(VENV)/bin/honcho -f Procfile.demo start

.PHONY: test
test: install ## Run every check: lint, format, types, tests with coverage
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

.PHONY: superuser
superuser: install ## Create the first superuser from DJANGO_SUPERUSER_* variables (idempotent)
	$(PY) manage.py ensure_superuser

# --- production -------------------------------------------------------------------------------
