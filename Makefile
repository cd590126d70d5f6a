# Two commands from a fresh clone: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test setup lint clean

# the compiled kernel is built into the package by the editable install: an edited .pyx
# reinstalls, so no stale extension is left in place
$(STAMP): pyproject.toml setup.py coalition/screening/_kernel.pyx
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
	rm -rf $(VENV) .pytest_cache build *.egg-info coalition/screening/_kernel.c \
		coalition/screening/_kernel*.so

.PHONY: bench-api
## Load on the HTTP API's /match over loopback (installs wrk with apt when it is missing).
bench-api: $(STAMP)
	bash scripts/ensure-wrk.sh
	$(BIN)/python benchmarks/api_load.py
