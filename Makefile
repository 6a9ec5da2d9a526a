# The two commands of the quick start: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
# Development defaults; every value can be overridden from the environment.
DEV_ENV := DEBUG=$${DEBUG:-true} DEV_DISABLE_MFA_REQUIREMENT=$${DEV_DISABLE_MFA_REQUIREMENT:-true}

.PHONY: run test test-clock lint format install check-system migrate collectstatic clean bench bench-sprechstunden bench-berichte bench-faults

run: install
	$(DEV_ENV) $(MANAGE) migrate --no-input
	$(DEV_ENV) $(MANAGE) createcachetable
	$(DEV_ENV) $(MANAGE) seed_demo
	@echo
	@echo "Portal: http://127.0.0.1:8000   Cockpit: http://127.0.0.1:8000/cockpit/"
	@echo "Zwei-Faktor-Pflicht ist für die Demo abgeschaltet (DEV_DISABLE_MFA_REQUIREMENT)."
	$(DEV_ENV) $(MANAGE) runserver 127.0.0.1:8000

# The whole suite, spread over the machine's cores (pytest-xdist, one test database per worker).
PYTEST_WORKERS ?= auto
test: install
	$(PY) -m pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

# The whole suite with the clock a year ahead and a year back: no test may depend on today.
test-clock: install
	TEST_CLOCK_OFFSET_DAYS=365 $(PY) -m pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)
	TEST_CLOCK_OFFSET_DAYS=-365 $(PY) -m pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

install: check-system $(VENV)/.installed node_modules/.installed

check-system:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else 1)' || \
	  { echo "Python 3.11 wird gebraucht (gefunden: $$($(PYTHON) --version)). Debian/Ubuntu: sudo apt-get install python3.11 python3.11-venv"; exit 1; }
	@command -v npm >/dev/null || \
	  { echo "Node.js und npm fehlen. Debian/Ubuntu: sudo apt-get install nodejs npm"; exit 1; }
	@command -v chromium >/dev/null || command -v chromium-browser >/dev/null || \
	  echo "Hinweis: Chromium fehlt, die Browser-Tests werden übersprungen. Installieren: sudo apt-get install chromium"

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

collectstatic: install
	$(MANAGE) collectstatic --no-input

clean:
	rm -rf $(VENV) node_modules staticfiles test-artifacts

# Benchmarks on PostgreSQL (127.0.0.1:5432, user postgres); each recreates its own database and
# prints figures (bench/README.md). Measurements, never pass/fail on time.
bench: bench-sprechstunden bench-berichte

# Sprechstunden under gunicorn: slot list, booking POST, generate_slots, double bookings.
bench-sprechstunden: install
	$(PY) bench/run.py

# Sozialbericht: import of 50,000 values; chapter exports (PDF, DOCX, XLSX, HTML) beside bare
# WeasyPrint rendering of the same size.
bench-berichte: install
	$(PY) bench/berichte_import.py
	$(PY) bench/berichte_export.py

# Outages under load: Redis stopped and started, PostgreSQL restarted (needs root or postgres for
# pg_ctlcluster); prints the 500s and 503s per phase (bench/README.md).
bench-faults: install
	$(PY) bench/faults.py
