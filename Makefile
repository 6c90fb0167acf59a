# The two commands of the README: `make` (set up, then build the example) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: all setup example test lint typecheck unit bench fuzz docs messages goldens clean

all: example

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "ropa needs Python 3.11 or newer: install it, or run make PYTHON=python3.11"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $(STAMP)

setup: $(STAMP)

## The example register in data/: validated, then built into output/<lang>/.
example: $(STAMP)
	$(BIN)/ropa build data --out output

## The whole test suite: linters, types, tests.
test: lint typecheck unit

lint: $(STAMP)
	$(BIN)/ruff check ropa tests bench
	$(BIN)/ruff format --check ropa tests bench

typecheck: $(STAMP)
	$(BIN)/mypy

unit: $(STAMP)
	$(BIN)/pytest

## Benchmarks (not tests): validation and builds on generated registers (see bench/run.py).
bench: $(STAMP)
	$(BIN)/python -m bench.run $(PARTS)

## Fuzzing (not in CI): the properties over hostile input, 20,000 examples each; long.
fuzz: $(STAMP)
	HYPOTHESIS_PROFILE=fuzz $(BIN)/pytest -q tests/test_fuzz_hostile.py tests/test_properties.py

## The format reference (docs/format.md) and the README's rule table, from the models and rules.
docs: $(STAMP)
	$(BIN)/python -m ropa.docs

## Message catalogs: extract the documents' sentences, then merge them into each language's .po
## (keeping each catalog's own header, so that an update shows only the messages that changed).
messages: $(STAMP)
	$(BIN)/pybabel -q extract -F babel.cfg -k N_ -k _ -k gettext -k ngettext:1,2 --no-location \
		--sort-output --omit-header -o ropa/locale/ropa.pot .
	$(BIN)/python -c "$$KEEP_HEADERS" $(BIN)/pybabel -q update -i ropa/locale/ropa.pot \
		-d ropa/locale -D ropa --no-fuzzy-matching --ignore-obsolete --width 100

define KEEP_HEADERS
import pathlib, subprocess, sys
catalogs = sorted(pathlib.Path("ropa/locale").glob("*/LC_MESSAGES/ropa.po"))
headers = {p: p.read_text(encoding="utf-8").split("\n\n", 1)[0] for p in catalogs}
subprocess.run(sys.argv[1:], check=True)
for p, header in headers.items():
    p.write_text(header + "\n\n" + p.read_text(encoding="utf-8").split("\n\n", 1)[1], encoding="utf-8")
endef
export KEEP_HEADERS

## Golden files of the documents (tests/render/golden): rewrite them, then review the diff.
goldens: $(STAMP)
	ROPA_UPDATE_GOLDENS=1 $(BIN)/pytest -q tests/render/test_outputs.py -k golden

clean:
	rm -rf $(VENV) output/*/ .pytest_cache .mypy_cache .ruff_cache
