# The two commands of the quick start: `make run` and `make test`.
SHELL := /bin/bash
# Python 3.11, 3.12 or 3.13 (CI tests 3.11). PYTHON=... overrides; otherwise the first of
# python3.11, python3.12, python3.13 and python3 that runs and is one of these.
PY_SUPPORTED := -c 'import sys; sys.exit(not (3, 11) <= sys.version_info[:2] <= (3, 13))'
ifndef PYTHON
PYTHON := $(shell for p in python3.11 python3.12 python3.13 python3; do \
  $$p $(PY_SUPPORTED) 2>/dev/null && { command -v $$p; break; }; done)
endif
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
# Development defaults; every value can be overridden from the environment.
DEV_ENV := DEBUG=$${DEBUG:-true} DEV_DISABLE_MFA_REQUIREMENT=$${DEV_DISABLE_MFA_REQUIREMENT:-true}

.PHONY: run test test-clock lint format install lock check-system check-python migrate collectstatic clean bench bench-sprechstunden bench-berichte bench-faults bench-pages bench-pages-two messages

run: install
	$(DEV_ENV) $(MANAGE) migrate --no-input
	$(DEV_ENV) $(MANAGE) createcachetable
	$(DEV_ENV) $(MANAGE) seed_demo
	@echo
	@echo "Portal: http://127.0.0.1:8000   Cockpit: http://127.0.0.1:8000/cockpit/"
	@echo "Zwei-Faktor-Pflicht ist für die Demo abgeschaltet (DEV_DISABLE_MFA_REQUIREMENT)."
	@echo "Task-Worker für Hintergrundaufträge läuft mit (manage.py db_worker)."
	@# The worker runs beside runserver and stops with it (Ctrl+C, or runserver ending).
	$(DEV_ENV) $(MANAGE) db_worker & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT; \
	  $(DEV_ENV) $(MANAGE) runserver 127.0.0.1:8000

# The whole suite, spread over the machine's cores (pytest-xdist, one test database per worker).
PYTEST_WORKERS ?= auto
test: install
	$(PY) -m pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

# The whole suite with the clock a year ahead and a year back: no test may depend on today.
test-clock: install
	TEST_CLOCK_OFFSET_DAYS=365 $(PY) -m pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)
	TEST_CLOCK_OFFSET_DAYS=-365 $(PY) -m pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

# The citizens' languages (docs/i18n.md). German is the source and needs no catalogue of its own
# beyond locale/de (a few overrides). The catalogues hold what citizens read: staff-only files
# are left out, so "complete" means every public string is translated (tests/portal/test_i18n.py).
PUBLIC_LANGUAGES := en fr tr ar uk
MESSAGES_IGNORE := .venv/* node_modules/* tests/* bench/* staticfiles/* test-artifacts/* */migrations/* */management/* */admin.py */demo*.py */staff/* */views/staff* */forms/staff* */views/verwaltung.py */views/indikatoren.py */forms/indikatoren.py saarlouis_portal/konten/* saarlouis_portal/stammdaten/views.py saarlouis_portal/stammdaten/forms.py saarlouis_portal/stammdaten/filters.py templates/stammdaten/* templates/account/* templates/allauth/* templates/konten/* templates/berichte/indikatoren/* templates/berichte/monitoring/* berichte/importer* berichte/services* berichte/monitoring.py berichte/exports/* netzwerke/forms/* netzwerke/services* sorgekreise/services.py sprechstunden/services/outcomes.py sprechstunden/services/slots.py sprechstunden/services/periodic.py templates/portal/cockpit.html templates/netzwerke/massnahmen/staff_* templates/netzwerke/massnahmen/pruefung_* templates/netzwerke/massnahmen/meilenstein_* templates/sprechstunden/hausbesuch/detail.html templates/sprechstunden/hausbesuch/list.html templates/sprechstunden/hausbesuch/zuteilen.html templates/sprechstunden/hausbesuch/abschliessen.html templates/sprechstunden/hausbesuch/mail_neu* berichte/views/redaktion.py berichte/views/bausteine.py berichte/forms/* sorgekreise/views/helfende.py begegnung/views/staff_common.py templates/barrierefreiheit/leichte_sprache/* saarlouis_portal/auftraege/* templates/auftraege/* berichte/tasks.py netzwerke/tasks.py begegnung/services_antraege.py berichte/monitoring_seite.py sprechstunden/kalender.py netzwerke/kalender_persoenlich.py sprechstunden/services/folgetermin.py templates/sprechstunden/hausbesuch/neu_planen.html netzwerke/filters_aufgaben.py netzwerke/templatetags/*
messages: install
	$(DEV_ENV) $(MANAGE) makemessages --no-obsolete --no-location $(addprefix -l ,$(PUBLIC_LANGUAGES)) $(addprefix --ignore=,$(MESSAGES_IGNORE))
	$(DEV_ENV) $(MANAGE) compilemessages --ignore=.venv --ignore=node_modules

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

install: check-system $(VENV)/.installed node_modules/.installed

check-python:
	@test -n "$(PYTHON)" && $(PYTHON) $(PY_SUPPORTED) 2>/dev/null || \
	  { echo "Python 3.11, 3.12 oder 3.13 wird gebraucht (gefunden: $$($(or $(PYTHON),python3) --version 2>/dev/null || echo keins)). Debian/Ubuntu: sudo apt-get install python3 python3-venv"; exit 1; }

check-system: check-python
	@command -v npm >/dev/null || \
	  { echo "Node.js und npm fehlen. Debian/Ubuntu: sudo apt-get install nodejs npm"; exit 1; }
	@command -v chromium >/dev/null || command -v chromium-browser >/dev/null || \
	  echo "Hinweis: Chromium fehlt, die Browser-Tests werden übersprungen. Installieren: sudo apt-get install chromium"
	@command -v java >/dev/null || \
	  echo "Hinweis: Java fehlt, die HTML-Prüfung (Nu HTML Checker) wird übersprungen. Installieren: sudo apt-get install default-jre-headless"
	@command -v msgfmt >/dev/null || \
	  echo "Hinweis: gettext fehlt, make messages und eine Sprach-Prüfung gehen nicht. Installieren: sudo apt-get install gettext"

# Exactly the versions and files of requirements-dev.lock, then the project itself; rebuilt when
# a lock or pyproject.toml changes. Fails when the dev lock pins a runtime package otherwise
# than requirements.lock (production would run untested versions), when pyproject.toml asks for
# a package, [dev] included, that the lock lacks or pins outside the range (then: make lock),
# and when the installed packages do not fit each other (pip check).
$(VENV)/.installed: requirements.lock requirements-dev.lock pyproject.toml
	@abweichend=$$(comm -23 <(grep -o '^[^ #]*==[^ ]*' requirements.lock | sort) \
	  <(grep -o '^[^ #]*==[^ ]*' requirements-dev.lock | sort)); test -z "$$abweichend" || \
	  { echo "requirements-dev.lock pinnt anders als requirements.lock, bitte make lock:" $$abweichend; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --require-hashes -r requirements-dev.lock
	$(PY) -m pip install --quiet --no-deps -e .
	@$(PY) -c "$$LOCK_GAPS"
	$(PY) -m pip check
	touch $@

define LOCK_GAPS
import importlib.metadata as m, sys
from packaging.requirements import Requirement
gaps = []
for req in map(Requirement, m.requires("saarlouis-portal")):
    if req.marker and not req.marker.evaluate({"extra": "dev"}):
        continue
    try:
        installed = m.version(req.name)
    except m.PackageNotFoundError:
        installed = None
    if installed is None or not req.specifier.contains(installed, prereleases=True):
        gaps.append(f"{req} (installiert: {installed or 'nichts'})")
if gaps:
    sys.exit("Die Locks passen nicht zu pyproject.toml, bitte make lock:\n  " + "\n  ".join(gaps))
endef
export LOCK_GAPS

# The locks, with the hashes of every file of each pinned version (all platforms and Pythons):
# requirements.lock holds the runtime packages (production, docs/deployment.md),
# requirements-dev.lock the same pins plus [dev] (make install, CI). pip-compile keeps the pins
# already there; to move on: make lock LOCK_ARGS="--upgrade-package django" (or --upgrade).
# Resolved on Python 3.11, the oldest supported version, so backports it needs are pinned too.
# pip-tools lives in its own venv, .venv/pip-tools/, made on first use.
LOCK_PYTHON ?= python3.11
PIP_TOOLS := $(VENV)/pip-tools
LOCK_ARGS ?=
PIP_COMPILE = CUSTOM_COMPILE_COMMAND="make lock" $(PIP_TOOLS)/bin/pip-compile --quiet \
  --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links \
  $(LOCK_ARGS)

lock: $(PIP_TOOLS)/bin/pip-compile
	$(PIP_COMPILE) --output-file requirements.lock pyproject.toml
	$(PIP_COMPILE) --extra dev --constraint requirements.lock --output-file requirements-dev.lock \
	  pyproject.toml

$(PIP_TOOLS)/bin/pip-compile:
	@$(LOCK_PYTHON) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' || \
	  { echo "make lock braucht Python 3.11 (LOCK_PYTHON=$(LOCK_PYTHON))"; exit 1; }
	$(LOCK_PYTHON) -m venv $(PIP_TOOLS)
	$(PIP_TOOLS)/bin/pip install --quiet pip==26.3 pip-tools==7.7.0

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

# Every public page and the heaviest staff pages at 1x and 100x the demo data (seed_scale):
# queries, bytes, server CPU ms per request, throughput beside the hello views (bench/README.md).
# Knobs: BENCH_FACTORS=10,100 BENCH_ROUNDS=3 BENCH_SECONDS=2 BENCH_INSTANCES=2 BENCH_PAGES=...
bench-pages: install
	$(PY) bench/pages.py

# The same with a second gunicorn sharing PostgreSQL and Redis: one instance beside both.
bench-pages-two: install
	BENCH_INSTANCES=2 $(PY) bench/pages.py

# Outages under load: Redis stopped and started, PostgreSQL restarted (needs root or postgres for
# pg_ctlcluster); prints the 500s and 503s per phase (bench/README.md).
bench-faults: install
	$(PY) bench/faults.py
