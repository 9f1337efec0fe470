# The two commands a new machine needs: `make serve` and `make test`.
# Each creates .venv on first use and reinstalls when pyproject.toml changes.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: serve build test lint format check clean

serve: $(VENV)/.installed-base
	$(BIN)/rebound serve

build: $(VENV)/.installed-base
	$(BIN)/rebound build

check: $(VENV)/.installed-base
	$(BIN)/rebound check

test: $(VENV)/.installed-test
	$(BIN)/ruff check generator tests
	$(BIN)/ruff format --check generator tests
	$(BIN)/python -m pytest

format: $(VENV)/.installed-test
	$(BIN)/ruff format generator tests
	$(BIN)/ruff check --fix generator tests

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed-base: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --disable-pip-version-check -q -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --disable-pip-version-check -q -e '.[test]'
	touch $@ $(VENV)/.installed-base

clean:
	rm -rf $(VENV) site .cache
