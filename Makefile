# The two quick-start commands:  `make build`  and  `make test`.
# Each installs what it needs (a virtual environment in .venv/, Debian packages for the
# browser and PDF tests, test-only npm packages) and is safe to run again.
# Before each commit:  `make lint`  and  `make check`  (see CONTRIBUTING.md).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# ladderkit itself (editable), what `make build` needs; then the test extra for `make test`.
STAMP  := $(VENV)/.installed-stamp
TESTS  := $(VENV)/.test-installed-stamp

.PHONY: build test check lint serve bench build-deps system-deps node-deps clean

build: $(STAMP) build-deps
	$(BIN)/ladderkit build

serve: $(STAMP) build-deps
	$(BIN)/ladderkit serve

# On up to four cores: each test file stays in one process (--dist loadfile), so a file's
# session fixtures (a built site, a browser) are made once per process.
test: $(TESTS) system-deps node-deps
	$(BIN)/python -m pytest -q -n auto --maxprocesses 4 --dist loadfile
	node --test tests/js/

bench: $(TESTS) system-deps node-deps bench/lighthouse/node_modules/.installed-stamp
	$(BIN)/python -m bench

# Lighthouse, for `python -m bench lighthouse` only: not needed by the build or the tests.
bench/lighthouse/node_modules/.installed-stamp: bench/lighthouse/package.json bench/lighthouse/package-lock.json
	npm ci --prefix bench/lighthouse --no-audit --no-fund
	touch $@

# The fast lane: every test but the real-browser, PDF-rendering and slow ones (markers in pyproject.toml),
# and a tenth of the generated cases (tests/helpers.py, cases()).
check: $(TESTS) build-deps
	LADDERKIT_FAST=1 $(BIN)/python -m pytest -q -n auto --dist loadfile -m "not browser and not pdf and not slow"
	node --test tests/js/

# Static checks, settings in pyproject.toml: style and likely bugs, formatting, types, and the
# layer contracts ([tool.importlinter]).
lint: $(TESTS)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $(STAMP)

$(TESTS): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test,dev]'
	touch $(TESTS)

# Each native piece WeasyPrint needs (Pango, PangoFT2, HarfBuzz, HarfBuzz-Subset, fontconfig)
# and the DejaVu fonts, when missing.
build-deps:
	@bash scripts/system-deps.sh build

# The above plus Chromium (browser tests), qpdf (PDF structure checks), poppler-utils (pdftoppm),
# LibreOffice Calc (the CSV exports opened in a spreadsheet).
system-deps:
	@bash scripts/system-deps.sh

node-deps: node_modules/.installed-stamp

node_modules/.installed-stamp: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

clean:
	rm -rf site .cache
