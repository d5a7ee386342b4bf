# panelbook — two commands on a fresh machine:
#   make book   set up .venv, build the sample edition, print the book's index.html
#   make test   set up .venv (and Chromium for the browser test), run every test
#   make check  the fast subset: unit tests, no builds (tests marked slow are left out)
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
EDITION ?= params/2014-04-panel.yaml
OUT    ?= _build

.PHONY: book test check setup browser sample clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

setup: $(STAMP)

book: setup
	$(VENV)/bin/panelbook build $(EDITION) --out $(OUT)

# The browser test drives Debian's chromium (never a downloaded browser) and injects axe-core from
# node_modules (pinned in package-lock.json); install either when missing, quietly, as root via apt-get.
APT_INSTALL = apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then $(APT_INSTALL) chromium >/dev/null; \
	  else echo "chromium missing: install Debian's chromium package (the browser test will be skipped)"; fi; }
	@test -f node_modules/axe-core/axe.min.js || { \
	  command -v npm >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && $(APT_INSTALL) npm >/dev/null; } ; \
	  if command -v npm >/dev/null 2>&1; then npm ci --no-audit --no-fund --loglevel=error >/dev/null; \
	  else echo "npm missing: install Debian's npm package, then run npm ci (the browser test needs axe-core)"; fi; }

# The suite is spread over every core by pytest-xdist; a module whose tests share a build stays on one
# worker (tests/conftest.py), and the session's builds are made once for all workers.
WORKERS ?= auto
test: setup browser
	$(VENV)/bin/pytest -n $(WORKERS)

check: setup
	$(VENV)/bin/pytest -m "not slow" -q

# Regenerate the synthetic sample data from its seeded generators.
sample: setup
	$(PY) scripts/make_sample_data.py
	$(PY) scripts/make_sample_workbooks.py

clean:
	rm -rf $(OUT)   # the execution cache is the user's (~/.cache/panelbook, or $$PANELBOOK_CACHE)
