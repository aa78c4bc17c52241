# The two commands of the README: `make demo` and `make test`.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
# The demo runs with DEBUG on (a local, throwaway SECRET_KEY) on SQLite unless DATABASE_URL is set.
DEMO_ENV := DEBUG=true
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: demo run test install lint check migrate seed messages compilemessages clean bench

$(VENV)/.installed: pyproject.toml constraints.txt
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is needed ($(PYTHON) not found); set PYTHON=/path/to/python3.11"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c constraints.txt ".[dev]"
	touch $@

install: $(VENV)/.installed

demo: install
	scripts/system-deps.sh demo
	$(DEMO_ENV) $(PY) manage.py migrate --noinput
	$(DEMO_ENV) $(PY) manage.py load_instruments
	$(DEMO_ENV) $(PY) manage.py seed_demo
	$(DEMO_ENV) $(PY) manage.py seed_demo_screenings
	$(MAKE) --no-print-directory run

run: install
	@echo "Serving on http://$(HOST):$(PORT)/  (Ctrl+C to stop)"
	$(DEMO_ENV) $(PY) manage.py runserver $(HOST):$(PORT)

test: install
	scripts/test.sh $(ARGS)

# The benchmark of issue 14 (README, "Benchmark"): BENCH_CASES (default 100000), BENCH_CLIENTS...;
# uses DATABASE_URL or a throwaway PostgreSQL, serves with gunicorn, prints ratios to a trivial page.
bench: install
	bench/run.sh

# Style and types: ruff's rules, ruff's format, mypy on the typed modules (pyproject.toml).
lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(DEMO_ENV) $(VENV)/bin/mypy

# The project's own checks: Django's, no model change without its migration, and every fixture
# valid (against a throwaway database, so it runs on a fresh clone).
check: install
	$(DEMO_ENV) $(PY) manage.py check
	$(DEMO_ENV) $(PY) manage.py makemigrations --check --dry-run
	@scratch=$$(mktemp -d) && export DATABASE_URL=sqlite:///$$scratch/check.sqlite3 && \
	  $(DEMO_ENV) $(PY) manage.py migrate --noinput -v0 && \
	  $(DEMO_ENV) $(PY) manage.py load_instruments --check; status=$$?; rm -rf $$scratch; exit $$status

# The Spanish catalogue: `make messages` adds new strings to locale/es/LC_MESSAGES/django.po
# (translate them there, with docs/glossary-es.md), `make compilemessages` writes the django.mo
# the app reads (committed, so the app runs without gettext; tests/test_translations.py checks
# both are complete and current).
MESSAGES_IGNORE := --ignore=.venv --ignore=staticfiles --ignore=test-artifacts --ignore=bench-results
messages: install
	$(DEMO_ENV) $(PY) manage.py makemessages -l es $(MESSAGES_IGNORE) --no-obsolete

compilemessages: install
	$(DEMO_ENV) $(PY) manage.py compilemessages -l es --ignore=.venv

clean:
	rm -rf $(VENV) staticfiles
