# vigie — the two commands a newcomer needs are `make demo` and `make test`.
# Everything runs from a virtual environment in .venv, installed from the locked requirements.

# The first Python 3.12 or newer that really runs (a pyenv shim may exist for a version it won't run),
# then any installed by pyenv.
PYTHON ?= $(shell for p in python3.12 python3.13 python3.14 python3 \
	$$(ls -d $$HOME/.pyenv/versions/3.1[2-9]*/bin/python3 2>/dev/null | sort -V); do \
	$$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1 && { command -v $$p; break; }; done)
VENV := .venv
BIN := $(VENV)/bin
PG_URL ?= postgres://postgres@127.0.0.1:5432/test
DEMO_CASES ?= 2000
DEMO_SEED ?= 1
# Test processes: one per core (pytest-xdist); TEST_WORKERS=0 runs in this process, e.g. to debug.
TEST_WORKERS ?= auto
# A throwaway production-like configuration, only to let `check --deploy` inspect it.
DEPLOY_ENV := VIGIE_DEBUG=0 VIGIE_SECURE=1 VIGIE_ALLOWED_HOSTS=vigie.example.org \
	VIGIE_SECRET_KEY=check-deploy-only-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFGHIJ

.PHONY: help install demo serve demo-db test lint format types migrations-check messages compilemessages \
	deploy-check test-sqlite test-postgres test-browser test-slow bench bench-imports bench-exports bench-stats lock clean

help:
	@echo "make demo   install, build the demo database, serve it on http://127.0.0.1:8000 and print the logins"
	@echo "make test   everything CI checks: lint, types, migrations, translations, tests on SQLite and PostgreSQL, browser"
	@echo "make bench  benchmark the case list, search and case page on 100,000 cases, imports, exports, and the statistics"
	@echo "            on 1,000,000 victims beside pandas (SQLite and PostgreSQL)"

$(BIN)/vigie: pyproject.toml requirements-dev.txt
	@test -n "$(PYTHON)" || { echo "vigie needs Python 3.12 or newer (Django 6): none was found"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements-dev.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(BIN)/vigie

install: $(BIN)/vigie

compilemessages: install
	cd vigie && ../$(BIN)/vigie compilemessages --ignore=.venv

var/vigie.sqlite3: install
	mkdir -p var
	$(BIN)/vigie migrate --no-input
	$(BIN)/vigie demo-data --cases $(DEMO_CASES) --seed $(DEMO_SEED)

demo-db: var/vigie.sqlite3

demo: compilemessages demo-db
	$(BIN)/vigie demo-users --reset-passwords
	@echo "Serving vigie on http://127.0.0.1:8000 (Ctrl-C to stop), with the import worker beside it"
	@# The worker runs the imports queued from the web; the trap stops it with the server.
	$(BIN)/vigie run-imports & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/vigie runserver 127.0.0.1:8000

serve: install
	$(BIN)/vigie runserver 127.0.0.1:8000

lint: install
	$(BIN)/ruff check vigie bench
	$(BIN)/ruff format --check vigie bench

format: install
	$(BIN)/ruff format vigie bench
	$(BIN)/ruff check --fix vigie bench

types: install
	$(BIN)/mypy vigie

migrations-check: install
	$(BIN)/vigie makemigrations --check --dry-run

# Refresh the .po files after changing user-facing text; translate the French entries, then commit.
messages: install
	cd vigie && ../$(BIN)/vigie makemessages -l fr -l en --no-obsolete --no-wrap --ignore=static/vendor

deploy-check: install
	$(DEPLOY_ENV) $(BIN)/vigie check --deploy --fail-level WARNING

test-sqlite: compilemessages
	$(BIN)/pytest -m "not browser" -n $(TEST_WORKERS)

test-postgres: compilemessages
	DATABASE_URL=$(PG_URL) $(BIN)/pytest -m "not browser and not slow" -n $(TEST_WORKERS)

# Minutes long: a 50 MB file imported from the command line (vigie/exchange/tests/test_large_files.py).
test-slow: compilemessages
	$(BIN)/pytest -m slow -n 0
	DATABASE_URL=$(PG_URL) $(BIN)/pytest -m slow -n 0

test-browser: compilemessages
	$(BIN)/pytest -m browser

test: lint types migrations-check compilemessages deploy-check test-sqlite test-postgres test-browser

bench: install bench-imports bench-exports bench-stats
	$(BIN)/python bench/run.py --cases 100000 --persons 250000 --db both

# Import speed and memory: 100,000 generated CTDC and HTCDS rows and the real CTDC and GLOTIP files, both databases.
bench-imports: install
	$(BIN)/python bench/imports.py --rows 100000 --db both

# The register of 100,000 HTCDS rows exported as HTCDS (XLSX, CSV) and CTDC records (bench/results/exports.md).
bench-exports: install
	$(BIN)/python bench/exports.py --rows 100000 --db both

# The statistics engine: every indicator on 1,000,000 generated victims beside pandas, both databases
# (bench/results/stats.md). BENCH_STATS_ARGS=--reuse keeps the generated registers of the previous run.
bench-stats: install
	$(BIN)/python bench/stats.py --victims 1000000 --db both $(BENCH_STATS_ARGS)

# Update the lock file and the exported requirements after changing pyproject.toml.
lock: install
	$(BIN)/uv lock
	$(BIN)/uv export --frozen --no-dev --no-emit-project -o requirements.txt -q
	$(BIN)/uv export --frozen --all-groups --no-emit-project -o requirements-dev.txt -q

clean:
	rm -rf var/vigie.sqlite3 var/vigie.sqlite3-wal var/vigie.sqlite3-shm var/static
