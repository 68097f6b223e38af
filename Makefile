# Two commands set up everything on a fresh machine: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
STAMP := $(VENV)/.installed

.PHONY: run test install lint clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

CATALOGS := $(patsubst %.po,%.mo,$(wildcard api/translations/*/LC_MESSAGES/messages.po))

%.mo: %.po $(STAMP)
	$(BIN)/pybabel compile -f -i $< -o $@

install: $(STAMP) $(CATALOGS)

run: install
	$(BIN)/postal-service migrate
	$(BIN)/postal-service demo-data --if-empty
	$(BIN)/postal-service serve --host 127.0.0.1 --port $(PORT)

lint: install
	$(BIN)/ruff check postal_service routing api tests
	$(BIN)/mypy postal_service routing api
	$(BIN)/lint-imports

test: install lint
	$(BIN)/pytest -q

clean:
	rm -rf $(VENV) *.sqlite3 test-artifacts
