# Two commands from a fresh clone: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test setup lint clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $(STAMP)

setup: $(STAMP)

## Load the bundled sample lists into the embedded store and screen sample names against them.
run: $(STAMP)
	$(BIN)/coalition demo

## The whole test suite, on SQLite and on PostgreSQL.
test: $(STAMP)
	bash scripts/ensure-postgres.sh
	bash scripts/ensure-chromium.sh
	$(BIN)/python -m pytest -q

clean:
	rm -rf $(VENV) .pytest_cache build *.egg-info

.PHONY: bench-api
## Load on the HTTP API's /match over loopback (installs wrk with apt when it is missing).
bench-api: $(STAMP)
	bash scripts/ensure-wrk.sh
	$(BIN)/python benchmarks/api_load.py
