# Two commands do everything on a fresh Debian 12 machine with Python 3.11:
#   make site   — create .venv, install the pinned dependencies, build site/ from docs/ and data/
#   make test   — also install the test tools (pytest, Playwright, Debian's chromium and CJK fonts), run all tests
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: site check test serve bench clean

site: $(VENV)/.runtime
	$(PY) -m pufa build

check: $(VENV)/.runtime
	$(PY) -m pufa check

CJK_FONT := /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc

AXE := tests/js/node_modules/axe-core/axe.min.js

test: $(VENV)/.test /usr/bin/chromium $(CJK_FONT) $(AXE) /usr/bin/java
	$(PY) -m pytest

serve: $(VENV)/.runtime
	$(PY) -m pufa serve

$(VENV)/.runtime: pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -c constraints.txt -e .
	touch $@

$(VENV)/.test: $(VENV)/.runtime
	$(PY) -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[test]'
	touch $@

# Browser tests drive Debian's Chromium (Playwright's own browser download does not work here);
# signs and screenshots need Debian's Noto CJK fonts.
/usr/bin/chromium $(CJK_FONT):
	$(SUDO) apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium fonts-noto-cjk

# The Nu HTML checker (vnu.jar) runs on Java.
/usr/bin/java:
	$(SUDO) apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq default-jre-headless

# axe-core and vnu-jar from the npm registry, pinned by tests/js/package-lock.json.
$(AXE): tests/js/package.json tests/js/package-lock.json
	npm ci --prefix tests/js --silent --no-audit --no-fund
	touch $@

# County-scale benchmark (not a test): prints figures next to the targets of issue 5; takes minutes.
LIGHTHOUSE := benchmarks/js/node_modules/.bin/lighthouse

bench: $(VENV)/.test /usr/bin/chromium $(CJK_FONT) $(LIGHTHOUSE)
	$(PY) benchmarks/county.py --lighthouse

$(LIGHTHOUSE): benchmarks/js/package.json benchmarks/js/package-lock.json
	npm ci --prefix benchmarks/js --silent --no-audit --no-fund
	touch $@

clean:
	rm -rf $(VENV) site .site-building-* .pytest_cache
