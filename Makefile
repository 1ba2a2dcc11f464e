# lovdiff: two commands on a fresh machine.
#   make run   creates .venv, installs, loads the bundled corpus into SQLite, serves the viewer
#   make test  lint, format check, types and all tests (warnings are errors)
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= 5000

.PHONY: run test lint types pytest system-deps bench clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	@touch $(STAMP)

run: $(STAMP)
	$(BIN)/lovdiff ingest corpus
	$(BIN)/lovdiff serve --port $(PORT)

# System packages for the tests, installed with apt where we are root (as in CI):
# Chromium for the browser tests, LibreOffice Writer to render seeds as .docx/.pdf and to
# look at the Word exports. Elsewhere those tests skip and say why.
system-deps:
	@missing=""; \
	[ -x /usr/bin/chromium ] || missing="$$missing chromium"; \
	command -v soffice >/dev/null || missing="$$missing libreoffice-writer-nogui"; \
	if [ -n "$$missing" ] && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "installing$$missing (apt)"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
	    apt-get install -y -qq --no-install-recommends $$missing >/dev/null) \
	    || echo "could not install$$missing; the tests that need it will skip"; \
	fi

lint: $(STAMP)
	$(BIN)/ruff check src tests scripts
	$(BIN)/ruff format --check src tests scripts

types: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP) system-deps
	$(BIN)/python -m pytest -q

test: lint types pytest

bench: $(STAMP)
	$(BIN)/python scripts/bench.py

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache instance
