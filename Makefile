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
# Parallel workers for pytest, one per core (a third worker on two cores made the
# PostgreSQL pass slower); browser tests run in the same pass.
PYTEST_WORKERS ?= 2

# Random development keys, written once per checkout and read by the settings in
# development mode (kept out of git; see docs/security.md).
DEV_KEYS ?= $(or $(WPSDESK_DEV_KEYS_FILE),$(or $(WPSDESK_VAR_DIR),var)/dev-keys.env)
SBOM ?= var/sbom.cdx.json

.PHONY: install run test test-quick checks test-templates test-template-sqlite test-template-postgresql lint typecheck migrations-check test-sqlite test-postgresql messages bench clean lock sbom audit-deps loadtest

install: $(STAMP) $(DEV_KEYS)

# Every package, pip and setuptools included, is checked against the hashes in the lock;
# the project itself is installed on its own, editable, from those same packages.
$(STAMP): pyproject.toml requirements.lock
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

$(DEV_KEYS):
	$(PYTHON) -m wpsdesk.core.keyconfig $@

# Re-pin with hashes: keeps the versions requirements.lock pins (hashed or plain
# `name==version` lines), resolves what pyproject.toml adds, drops what nothing needs.
lock:
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	test -x $(BIN)/pip-compile || $(BIN)/pip install --quiet "$$(grep -m1 -o 'pip-tools==[^" ]*' pyproject.toml)"
	$(BIN)/python tools/lock.py

# A CycloneDX SBOM of the installed environment.
sbom: install
	mkdir -p $(dir $(SBOM))
	$(BIN)/cyclonedx-py environment --pyproject pyproject.toml --mc-type application --of JSON -o $(SBOM) $(VENV)
	@echo "SBOM written to $(SBOM)"

# Known vulnerabilities of the locked packages; needs an advisory service (not part of `make test`).
audit-deps: install
	$(BIN)/pip-audit --disable-pip --require-hashes -r requirements.lock

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
	$(BIN)/bandit -c pyproject.toml -r wpsdesk tools --quiet -ll

typecheck: install
	$(BIN)/mypy

migrations-check: install
	$(BIN)/wpsdesk makemigrations --check --dry-run

# Each pass's workers start from a migrated template when USE_TEST_TEMPLATES=1 (set by
# `make test`, which builds the templates beside the lint and type checks); see
# tests/database_template.py. Without it every worker migrates its own database.
TEST_TEMPLATE_SQLITE ?= var/test-template.sqlite3
TEST_TEMPLATE_POSTGRESQL ?= wpsdesk_test_template
USE_TEST_TEMPLATES ?=

test-templates: test-template-sqlite test-template-postgresql

test-template-sqlite: install
	mkdir -p var
	$(BIN)/python -m tests.database_template build $(TEST_TEMPLATE_SQLITE)

test-template-postgresql: install
	@if [ -n "$$WPSDESK_TEST_DATABASE_URL" ]; then \
	  WPSDESK_TEST_DB=postgresql $(BIN)/python -m tests.database_template build $(TEST_TEMPLATE_POSTGRESQL); \
	fi

test-sqlite: install
	mkdir -p var
	$(if $(USE_TEST_TEMPLATES),WPSDESK_TEST_TEMPLATE=$(TEST_TEMPLATE_SQLITE)) \
	  $(BIN)/pytest -n $(PYTEST_WORKERS) --dist loadgroup

test-postgresql: install
	@if [ -z "$$WPSDESK_TEST_DATABASE_URL" ] && [ -n "$$CI" ]; then \
	  echo "CI must run the suite on PostgreSQL: set WPSDESK_TEST_DATABASE_URL."; exit 1; \
	elif [ -z "$$WPSDESK_TEST_DATABASE_URL" ]; then \
	  echo "WPSDESK_TEST_DATABASE_URL is not set: skipping the PostgreSQL run."; \
	else \
	  $(if $(USE_TEST_TEMPLATES),WPSDESK_TEST_TEMPLATE=$(TEST_TEMPLATE_POSTGRESQL)) \
	  WPSDESK_TEST_DB=postgresql $(BIN)/pytest -n $(PYTEST_WORKERS) --dist loadgroup -m "not browser"; \
	fi

# Everything CI checks: lint, types, migrations, the suite on SQLite and on PostgreSQL.
# The checks and the two migrated test database templates are made side by side,
# then the two passes run one after the other, each on every core.
test: install
	$(MAKE) --no-print-directory -j3 --output-sync=target checks test-template-sqlite test-template-postgresql
	$(MAKE) --no-print-directory USE_TEST_TEMPLATES=1 test-sqlite test-postgresql

checks: install
	$(MAKE) --no-print-directory lint typecheck migrations-check

# While working: no browser tests, SQLite only.
test-quick: install
	mkdir -p var
	$(BIN)/pytest -n $(PYTEST_WORKERS) -m "not browser" -q

messages: install
	cd wpsdesk && ../$(BIN)/wpsdesk makemessages -l nb --no-obsolete && ../$(BIN)/wpsdesk compilemessages -l nb

# Screening quality and speed against externally labelled passages (not part of the repo).
# Without BENCH_DATASET, the development set in the nearest shared/datasets/ above.
BENCH_DATASET ?=
bench: install
	$(BIN)/wpsdesk bench screening $(if $(BENCH_DATASET),--dataset $(BENCH_DATASET))

# Under load, nothing lost: Locust's simulated people against gunicorn on PostgreSQL (not part
# of `make test`; Locust is installed from its own hashed lock, only here). A smoke run:
# `make loadtest LOADTEST_DURATION=30s LOADTEST_USERS=20`. See docs/performance.md.
LOADTEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/wpsdesk_loadtest
LOADTEST_USERS ?= 200
LOADTEST_SPAWN_RATE ?= 4
LOADTEST_DURATION ?= 5m
LOADTEST_WORKERS ?= 4
# Seconds a simulated person pauses between tasks, and the share who log in during the run.
LOADTEST_WAIT_MIN ?= 5
LOADTEST_WAIT_MAX ?= 15
LOADTEST_LOGIN_SHARE ?= 0.25
LOADTEST_STAMP := $(VENV)/.loadtest-installed
$(LOADTEST_STAMP): $(STAMP) requirements-loadtest.lock
	$(BIN)/pip install --quiet --require-hashes -r requirements-loadtest.lock
	touch $(LOADTEST_STAMP)
loadtest: install $(LOADTEST_STAMP)
	BIN=$(BIN) LOADTEST_DATABASE_URL=$(LOADTEST_DATABASE_URL) LOADTEST_USERS=$(LOADTEST_USERS) \
	  LOADTEST_SPAWN_RATE=$(LOADTEST_SPAWN_RATE) LOADTEST_DURATION=$(LOADTEST_DURATION) \
	  LOADTEST_WORKERS=$(LOADTEST_WORKERS) LOADTEST_WAIT_MIN=$(LOADTEST_WAIT_MIN) \
	  LOADTEST_WAIT_MAX=$(LOADTEST_WAIT_MAX) LOADTEST_LOGIN_SHARE=$(LOADTEST_LOGIN_SHARE) \
	  bash tools/loadtest/run.sh

clean:
	rm -rf $(VENV) var .mypy_cache .ruff_cache .pytest_cache
