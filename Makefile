# Two commands set up everything on a fresh machine: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
STAMP := $(VENV)/.installed

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test install system lint browser monitoring messages clean bench fuzz history

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

CATALOGS := $(patsubst %.po,%.mo,$(wildcard api/translations/*/LC_MESSAGES/messages.po))

%.mo: %.po $(STAMP)
	$(BIN)/pybabel compile -f -i $< -o $@

# The phone's QR decoder (zxing-wasm, MIT) comes from npm at the version package-lock.json names and is copied beside
# the static files (api/static/vendor/, not in git), so the pages never load code from a CDN.
VENDOR := api/static/vendor
DECODER := $(VENDOR)/zxing-reader.js $(VENDOR)/zxing_reader.wasm

node_modules/.package-lock.json: package.json package-lock.json
	@command -v npm >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq nodejs npm; }
	npm ci --no-audit --no-fund --ignore-scripts
	touch $@

$(VENDOR)/zxing-reader.js: node_modules/.package-lock.json
	mkdir -p $(VENDOR) && cp node_modules/zxing-wasm/dist/iife/reader/index.js $@

$(VENDOR)/zxing_reader.wasm: node_modules/.package-lock.json
	mkdir -p $(VENDOR) && cp node_modules/zxing-wasm/dist/reader/zxing_reader.wasm $@

install: system $(STAMP) $(CATALOGS) $(DECODER)

# What the papers need from Debian: Pango and HarfBuzz lay PDFs out (WeasyPrint), DejaVu writes Vietnamese,
# poppler-utils reads them back in the tests; postgresql-client's pg_dump and pg_restore make and restore
# backups. Installed only when missing.
SYSTEM_LIBS := libpangoft2-1.0.so.0 libharfbuzz-subset.so.0
system:
	@missing=""; for lib in $(SYSTEM_LIBS); do ldconfig -p | grep -q "$$lib" || missing="$$missing $$lib"; done; \
	  [ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing="$$missing fonts"; \
	  command -v pdftotext >/dev/null 2>&1 || missing="$$missing poppler"; \
	  command -v pg_dump >/dev/null 2>&1 || missing="$$missing pg_dump"; \
	  [ -z "$$missing" ] || { $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq \
	    libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core poppler-utils postgresql-client; }

# The production server (gunicorn), two Celery workers (one for plans alone, so a plan never waits behind the
# day's messages; one for the scheduler's jobs and the messages) and the scheduler; Ctrl-C stops them all.
# Links in QR codes and messages point at the port it serves on, unless PUBLIC_BASE_URL says otherwise.
# Every process counts its metrics into PROMETHEUS_MULTIPROC_DIR, emptied at each start; /metrics answers with
# METRICS_TOKEN (curl -H "Authorization: Bearer $$METRICS_TOKEN" …/metrics).
run: export PUBLIC_BASE_URL ?= http://127.0.0.1:$(PORT)
run: export PROMETHEUS_MULTIPROC_DIR ?= $(CURDIR)/.metrics
run: export METRICS_TOKEN ?= local-metrics-token
run: install
	$(BIN)/postal-service migrate
	$(BIN)/postal-service demo-data --if-empty
	rm -rf "$$PROMETHEUS_MULTIPROC_DIR" && mkdir -p "$$PROMETHEUS_MULTIPROC_DIR"
	trap 'trap - EXIT INT TERM; kill 0' EXIT INT TERM; $(BIN)/postal-service scheduler & \
	  $(BIN)/postal-service worker --takes plans --concurrency 1 --name planner@%h & \
	  $(BIN)/postal-service worker --takes jobs,messages --concurrency 2 --name messenger@%h & \
	  $(BIN)/postal-service serve --host 127.0.0.1 --port $(PORT)

lint: install
	$(BIN)/ruff check postal_service routing api tests benchmarks
	$(BIN)/mypy postal_service routing api benchmarks
	$(BIN)/lint-imports

# Browser tests drive Debian's Chromium through Playwright; no browser is ever downloaded.
browser:
	@command -v chromium >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium chromium-driver; }

# Prometheus and promtool check the shipped alert rules (monitoring/) and scrape the app in the tests.
monitoring:
	@command -v promtool >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends prometheus; }

# The suite on every core (pytest-xdist). PostgreSQL, Redis and RabbitMQ: the ones answering at TEST_POSTGRES_URL,
# TEST_REDIS_URL and TEST_BROKER_URL (the standard local ports by default), else throwaway ones started for the run
# (Debian's packages installed first when missing) and stopped when it ends (tests/backing_services.py).
# Work stealing: a worker whose queue runs dry takes half of another's. The default scheduling never moves a test
# once queued, and one run measured a worker idle for its last 330 s while the other ran 340 s of queued tests.
PYTEST_WORKERS ?= auto
test: install browser monitoring lint
	$(BIN)/python -m tests.backing_services $(BIN)/pytest -q -n $(PYTEST_WORKERS) --dist worksteal --durations=10

# Schemathesis with every check over every operation, 20 cases an operation in each phase, anonymous and as an
# administrator, against the production server on PostgreSQL; fails below 10,000 cases (tests/e2e/fuzz.py).
fuzz: install
	$(BIN)/python -m tests.backing_services $(BIN)/python -m tests.e2e.fuzz

# Daily work on a week and on a year of finished history (PostgreSQL, 15 to 16 minutes here on 2026-12-06; not part of make test).
history: install
	$(BIN)/python -m benchmarks.history

# API load benchmark (PostgreSQL, gunicorn, wrk from Debian), compared with two baselines in the same run.
bench: install
	@command -v wrk >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq wrk; }
	$(BIN)/python -m benchmarks.api

# After changing user-facing strings: refresh the catalogue, translate the new entries, commit the .po.
messages: install
	$(BIN)/pybabel extract -F babel.cfg -k _l -k N_ -o messages.pot .
	$(BIN)/pybabel update -i messages.pot -d api/translations
	rm messages.pot

clean:
	rm -rf $(VENV) *.sqlite3 test-artifacts build/test-services .metrics node_modules $(VENDOR)
