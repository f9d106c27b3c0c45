# Two jobs: `make run` (set up, then open the app) and `make test` (set up, then every check).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test screenshots bench clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed; set PYTHON=python3.11")'
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@touch $(STAMP)

run: $(STAMP)
	$(BIN)/coverage-scheduler

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy models solver exports coverage_app/services
	$(BIN)/lint-imports
	$(BIN)/python -m pytest

screenshots: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m coverage_app.screenshots docs/screenshots

bench: $(STAMP)
	$(BIN)/python -m bench.run

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache
