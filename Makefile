# Sanctions Monitor: every target sets up what it needs first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PY     := $(BIN)/python
PORT   ?= 8501

.PHONY: run test refresh schedule bench eval lint install install-dev clean

$(VENV)/.runtime: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.runtime
install-dev: $(VENV)/.dev

## make run: refresh the bundled sources, load the example indicators, open the dashboard
run: $(VENV)/.runtime
	$(PY) -m etl refresh
	$(PY) -m etl indicators add datasets/indicators/*.csv
	$(BIN)/streamlit run dashboard/app.py --server.port $(PORT)

## make test: the whole suite (benchmarks excluded)
test: $(VENV)/.dev
	$(PY) -m pytest

refresh: $(VENV)/.runtime
	$(PY) -m etl refresh

schedule: $(VENV)/.runtime
	$(PY) -m etl schedule

bench: $(VENV)/.dev
	$(PY) -m pytest tests/benchmarks -s -p no:cacheprovider -o addopts="" -o python_files="bench_*.py"

## make eval [SPLIT=dev|test|all]: score the extractor against the hand-labelled corpus (dev half by default)
SPLIT ?= dev
eval: $(VENV)/.runtime
	$(PY) -m etl evaluate tests/fixtures/corpus --split $(SPLIT)

lint: $(VENV)/.dev
	$(BIN)/ruff check etl dashboard tests
	$(BIN)/mypy

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
