# Set-up and everyday commands. Each target installs what it needs first.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8501
REPLICAS ?= 2

.PHONY: run serve test test-fast validate browser proxy benchmarks screenshots geo fsb-series mutation translations clean

$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

## Start the dashboard on http://localhost:$(PORT) (after checking the data package, shapes included)
run: $(VENV)/.installed
	$(PY) -m exodus.data.validate && $(VENV)/bin/streamlit run dashboard.py --server.port $(PORT)

## $(REPLICAS) dashboard servers behind nginx on http://localhost:$(PORT) (see README: Running several servers)
serve: $(VENV)/.installed proxy
	$(PY) -m exodus.ops.serve --replicas $(REPLICAS) --port $(PORT)

## Debian's nginx, the reverse proxy of make serve and the proxy tests (needs root or sudo)
proxy:
	@command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq nginx; }

## Debian's Chromium, for PNG/SVG export and the browser tests (needs root or sudo)
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium; }

## The whole test suite, browser tests included
test: $(VENV)/.installed browser proxy
	$(PY) -m pytest

## Everything but the browser tests
test-fast: $(VENV)/.installed
	$(PY) -m pytest -m "not browser"

## Mutation testing, one part at a time (MODULE=filters for one; see TESTING.md); not run in CI
MODULE ?=
mutation: $(VENV)/.installed
	$(PY) scripts/mutation.py $(MODULE)

## Check the curated data package (series and country shapes included)
validate: $(VENV)/.installed
	$(PY) -m exodus.data.validate

## Rebuild data/series_fsb.csv from the raw FSB files in data/raw/
fsb-series: $(VENV)/.installed
	$(PY) scripts/build_fsb_series.py

## Speed and memory figures (see BENCHMARKS.md)
benchmarks: $(VENV)/.installed browser proxy
	$(PY) benchmarks/run_all.py

## Rebuild data/geo/countries.geojson from Natural Earth (needs npm)
geo: $(VENV)/.installed
	$(PY) scripts/build_geo.py

LOCALE := exodus/i18n/locale
## Extract the interface's messages, merge them into every language's catalogue, compile the .mo files (committed)
translations: $(VENV)/.installed
	$(VENV)/bin/pybabel extract -F babel.cfg --no-location --sort-output --project=Exodus --copyright-holder="Exodus contributors" -o $(LOCALE)/messages.pot .
	$(VENV)/bin/pybabel update -i $(LOCALE)/messages.pot -d $(LOCALE) --no-fuzzy-matching --ignore-obsolete
	$(VENV)/bin/pybabel compile -d $(LOCALE) --statistics

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
