# The two commands a new machine needs: `make serve` and `make test`.
# Each creates .venv on first use and reinstalls when pyproject.toml changes.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# apt-get needs root; use sudo when make runs as someone else.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# Another apt-get (or unattended-upgrades) may hold the dpkg lock: wait for it, don't fail.
APT_WAIT := -o DPkg::Lock::Timeout=600
# The site needs Pango and a font for WeasyPrint's worksheet PDFs. The test suite also
# needs Debian's chromium (browser tests, driven by Playwright), Java (it runs the Nu
# Html Checker, vnu.jar from npm), npm, and poppler's pdftoppm (draws the filled PDFs).

.PHONY: serve build test bench lint format check clean site-packages system-packages

serve: $(VENV)/.installed-base | site-packages
	$(BIN)/rebound serve

build: $(VENV)/.installed-base | site-packages
	$(BIN)/rebound build

check: $(VENV)/.installed-base
	$(BIN)/rebound check

test: $(VENV)/.installed-test node_modules/.installed | system-packages
	$(BIN)/ruff check generator tests bench
	$(BIN)/ruff format --check generator tests bench
	$(BIN)/python -m pytest

# Benchmarks (not tests): Rebound against plain mkdocs-material on one synthetic corpus.
# The build at 200 and 1,000 articles, the preview's latency, then the targets.
bench: $(VENV)/.installed-test node_modules/.installed | system-packages
	$(BIN)/python -m bench -n 200
	$(BIN)/python -m bench -n 1000
	$(BIN)/python -m bench.preview
	$(BIN)/python -m bench.summary

format: $(VENV)/.installed-test
	$(BIN)/ruff format generator tests bench
	$(BIN)/ruff check --fix generator tests bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed-base: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --disable-pip-version-check -q -e .
	touch $@

# Each installs only what is missing, so a machine that has everything runs no apt-get.
site-packages:
	@missing=""; \
	ldconfig -p | grep -q libpango-1.0.so.0 || missing="$$missing libpango-1.0-0"; \
	ldconfig -p | grep -q libpangoft2-1.0.so.0 || missing="$$missing libpangoft2-1.0-0"; \
	ldconfig -p | grep -q libharfbuzz-subset.so.0 || missing="$$missing libharfbuzz-subset0"; \
	fc-list 2>/dev/null | grep -qi -e liberation -e dejavu || missing="$$missing fonts-liberation"; \
	if [ -n "$$missing" ]; then \
		echo "Installing system packages:$$missing"; \
		$(SUDO) apt-get $(APT_WAIT) update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get $(APT_WAIT) install -y -qq $$missing; \
	fi

system-packages: site-packages
	@missing=""; \
	[ -x /usr/bin/chromium ] || missing="$$missing chromium"; \
	command -v java >/dev/null || missing="$$missing default-jre-headless"; \
	command -v npm >/dev/null || missing="$$missing nodejs npm"; \
	command -v pdftoppm >/dev/null || missing="$$missing poppler-utils"; \
	if [ -n "$$missing" ]; then \
		echo "Installing system packages:$$missing"; \
		$(SUDO) apt-get $(APT_WAIT) update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get $(APT_WAIT) install -y -qq $$missing; \
	fi

node_modules/.installed: package.json package-lock.json | system-packages
	npm ci --no-audit --no-fund --silent
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --disable-pip-version-check -q -e '.[test]'
	touch $@ $(VENV)/.installed-base

clean:
	rm -rf $(VENV) site .site-building-* .site-previous-* .site.lock .cache node_modules
