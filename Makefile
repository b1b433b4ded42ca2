# Two commands do everything on a fresh Debian 12 machine with Python 3.11:
#   make site   — create .venv, install the pinned dependencies, build site/ from docs/ and data/
#   make unit   — lint and the fast tests, for the developer's own loop
#   make test   — also install the test tools (pytest, Playwright, Debian's chromium and CJK fonts), run all tests
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
CJK_FONT := /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc

.PHONY: site check test unit lint serve bench clean

# A site to publish needs its address (site_url in mkdocs.yml, or PUFA_SITE_URL). Until the bureau
# sets one, `make site` uses the reserved example address below and the build says so; set
# PUFA_SITE_URL= (empty) to get the build's own refusal instead.
site: $(VENV)/.runtime $(CJK_FONT)
	PUFA_SITE_URL="$${PUFA_SITE_URL-https://pufa.example/}" $(PY) -m pufa build

check: $(VENV)/.runtime
	$(PY) -m pufa check

AXE := tests/js/node_modules/axe-core/axe.min.js

test: lint $(VENV)/.test /usr/bin/chromium $(CJK_FONT) $(AXE) /usr/bin/java /usr/sbin/nginx
	$(PY) -m pytest

# The fast loop while writing code: lint, then every test not marked slow (those build whole sites
# in child processes, run real servers or decode big images); about a minute on 2 cores.
unit: lint $(CJK_FONT)
	$(PY) -m pytest -m "not slow" -q

# ruff's rules and formatter, as configured in pyproject.toml.
lint: $(VENV)/.test
	$(PY) -m ruff check scripts tests benchmarks tools
	$(PY) -m ruff format --check scripts tests benchmarks tools

serve: $(VENV)/.runtime
	$(PY) -m pufa serve

$(VENV)/.runtime: pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -c constraints.txt -e .
	touch $@

$(VENV)/.test: $(VENV)/.runtime
	$(PY) -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[test]'
	touch $@

# Browser tests drive Debian's Chromium (Playwright's own browser download does not work here).
/usr/bin/chromium:
	$(SUDO) apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium

# Signs, the site's share image and screenshots need Debian's Noto CJK fonts.
$(CJK_FONT):
	$(SUDO) apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq fonts-noto-cjk

# The Nu HTML checker (vnu.jar) runs on Java.
/usr/bin/java:
	$(SUDO) apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq default-jre-headless

# The generated web-server configuration (python -m pufa nginx) is tested with Debian's own nginx,
# started by the tests on 127.0.0.1 with a private configuration (the system service is not used).
/usr/sbin/nginx:
	$(SUDO) apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq nginx

# axe-core and vnu-jar from the npm registry, pinned by tests/js/package-lock.json.
$(AXE): tests/js/package.json tests/js/package-lock.json
	npm ci --prefix tests/js --silent --no-audit --no-fund
	touch $@

# County-scale benchmark (not a test): prints figures next to the targets of issue 5; takes minutes.
LIGHTHOUSE := benchmarks/js/node_modules/.bin/lighthouse

bench: $(VENV)/.test /usr/bin/chromium $(CJK_FONT) /usr/sbin/nginx $(LIGHTHOUSE)
	$(PY) benchmarks/county.py --lighthouse

$(LIGHTHOUSE): benchmarks/js/package.json benchmarks/js/package-lock.json
	npm ci --prefix benchmarks/js --silent --no-audit --no-fund
	touch $@

clean:
	rm -rf $(VENV) site .site-building-* .pytest_cache
