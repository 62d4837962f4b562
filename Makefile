# The two set-up commands of the README:
#   make demo   installs partygraph (with matplotlib, for png/svg pictures) and runs the main job on the seeds
#   make test   installs partygraph with its test tools and runs the tests
# Both create .venv/ with the python3 on PATH; nothing else is needed first.

PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
STORE  ?= .store

.PHONY: demo test install install-test browser virtuoso clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/pip install -q -e '.[viz]'
	touch $@

$(VENV)/.installed-test: $(BIN)/python pyproject.toml
	$(BIN)/pip install -q -e '.[test,viz]'
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

# Debian's Chromium for the page tests (browser downloads from elsewhere are
# not possible here); skipped when it is already installed.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "chromium missing: the page tests will be skipped (install Debian's chromium as root)"; fi; }

# Debian's Virtuoso Open Source 7 for the tests that use it as the store
# (tests/graph/test_virtuoso_store.py starts its own on free ports); the
# package's own service is not used.
virtuoso:
	@command -v virtuoso-t >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq virtuoso-opensource >/dev/null \
	    || echo "*** virtuoso-opensource could not be installed: the Virtuoso tests will be skipped ***"; \
	  else echo "virtuoso-t missing: the Virtuoso tests will be skipped (install Debian's virtuoso-opensource as root)"; fi; }

demo: $(VENV)/.installed
	$(BIN)/partygraph load seeds/ --store $(STORE)
	$(BIN)/partygraph query @graph/queries/posts_by_area.rq --store $(STORE) --format table

test: $(VENV)/.installed-test browser virtuoso
	$(BIN)/python -m pytest -q

clean:
	rm -rf $(STORE) .pytest_cache
