# wpsdesk: `make run` to try it, `make test` to check it. See README.md.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
export WPSDESK_DEV ?= 1
export WPSDESK_DEBUG ?= 1
# Parallel workers for pytest; browser tests run in the same pass.
PYTEST_WORKERS ?= 2

.PHONY: install run test test-quick lint typecheck migrations-check test-sqlite test-postgresql messages bench clean

install: $(STAMP)

$(STAMP): pyproject.toml requirements.lock
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade "pip>=24"
	$(BIN)/pip install --quiet -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $(STAMP)

run: install
	mkdir -p var
	$(BIN)/wpsdesk migrate --no-input
	$(BIN)/wpsdesk catalogue load
	$(BIN)/wpsdesk demo load
	@# A background worker screens long documents; it stops with the server.
	$(BIN)/wpsdesk db_worker --no-startup-delay & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  $(BIN)/wpsdesk runserver $(HOST):$(PORT)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install
	$(BIN)/mypy

migrations-check: install
	$(BIN)/wpsdesk makemigrations --check --dry-run

test-sqlite: install
	mkdir -p var
	$(BIN)/pytest -n $(PYTEST_WORKERS) --dist loadgroup

test-postgresql: install
	@if [ -z "$$WPSDESK_TEST_DATABASE_URL" ] && [ -n "$$CI" ]; then \
	  echo "CI must run the suite on PostgreSQL: set WPSDESK_TEST_DATABASE_URL."; exit 1; \
	elif [ -z "$$WPSDESK_TEST_DATABASE_URL" ]; then \
	  echo "WPSDESK_TEST_DATABASE_URL is not set: skipping the PostgreSQL run."; \
	else \
	  WPSDESK_TEST_DB=postgresql $(BIN)/pytest -n $(PYTEST_WORKERS) --dist loadgroup -m "not browser"; \
	fi

# Everything CI checks: lint, types, migrations, the suite on SQLite and on PostgreSQL.
test: lint typecheck migrations-check test-sqlite test-postgresql

# While working: no browser tests, SQLite only.
test-quick: install
	mkdir -p var
	$(BIN)/pytest -n $(PYTEST_WORKERS) -m "not browser" -q

messages: install
	cd wpsdesk && ../$(BIN)/wpsdesk makemessages -l nb --no-obsolete && ../$(BIN)/wpsdesk compilemessages -l nb

# Screening quality and speed against externally labelled passages (not part of the repo).
BENCH_DATASET ?= ../shared/datasets/pax-wps-passages/wps_passages_dev.csv
bench: install
	$(BIN)/wpsdesk bench screening --dataset $(BENCH_DATASET)

clean:
	rm -rf $(VENV) var .mypy_cache .ruff_cache .pytest_cache
