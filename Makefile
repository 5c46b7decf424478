# Two commands for a newcomer: `make run` and `make test`.
# Needs Python 3.12+ (Django 6.1); pyenv picks 3.13.0 from .python-version.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
# The first interpreter found that is 3.12 or newer.
PYTHON ?= $(shell for p in python3.13 python3.12 python3.14 python3 python; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null && { echo $$p; break; }; done)
HOST ?= 127.0.0.1
PORT ?= 8000
# Links in the emails of `make run` point at the server it starts.
SITE_URL ?= http://$(HOST):$(PORT)
# pytest-xdist workers; 2 cores on the team's machines.
WORKERS ?= auto

.PHONY: run test bench install lint format messages lock clean

run: install
	DJANGO_DEBUG=true $(PY) manage.py migrate --no-input
	DJANGO_DEBUG=true SITE_URL=$(SITE_URL) $(PY) manage.py load_demo
	@echo "Banenmarkt runs at http://$(HOST):$(PORT)/ (stop with Ctrl+C)"
	DJANGO_DEBUG=true DJANGO_DEMO_MFA_CODE=000000 SITE_URL=$(SITE_URL) $(PY) manage.py runserver $(HOST):$(PORT)

test: install
	$(PY) -m pytest -n $(WORKERS)

# The fair-morning benchmark (bench/, docs/performance.md): not a test. Needs
# PostgreSQL and Redis on loopback and wrk; BENCH_ARGS=--quick for a small try.
bench: install
	@command -v wrk >/dev/null || { echo "make bench needs wrk: apt-get install wrk"; exit 1; }
	$(PY) -m bench $(BENCH_ARGS)

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml requirements/dev.lock requirements/build.lock
	@if [ -z "$(PYTHON)" ] || ! $(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then \
		echo "Banenmarkt needs Python 3.12 or newer (Django 6.1); found: $$($(or $(PYTHON),python3) --version 2>&1)."; \
		echo "Install it, for example with pyenv (see .python-version), and run make again."; \
		exit 1; \
	fi
	@if [ -x $(PY) ] && ! $(PY) -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then \
		echo "Removing $(VENV): it was made with a Python older than 3.12."; rm -rf $(VENV); \
	fi
	@[ -x $(PY) ] || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	@# Every dependency at the version and hash of the lock file; then the
	@# project itself, without resolving anything again.
	$(PY) -m pip install --quiet --require-hashes -r requirements/dev.lock -r requirements/build.lock
	$(PY) -m pip install --quiet --no-deps --no-build-isolation -e .
	@touch $@

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/bandit -q -c pyproject.toml -r .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Update and compile the Dutch messages (needs GNU gettext: apt-get install gettext).
messages: install
	$(PY) manage.py makemessages -l nl --no-obsolete --no-location -i ".venv/*" -i "tests/*" -i "bench/*"
	$(PY) manage.py compilemessages -l nl --ignore ".venv/*"

# Write the lock files again from pyproject.toml (after changing a pin there).
lock: install
	$(VENV)/bin/uv pip compile pyproject.toml --extra dev --generate-hashes --universal --python-version 3.12 -q -o requirements/dev.lock
	$(VENV)/bin/uv pip compile pyproject.toml --generate-hashes --universal --python-version 3.12 -q -o requirements/base.lock
	$(VENV)/bin/uv pip compile requirements/build.in --generate-hashes --universal --python-version 3.12 -q -o requirements/build.lock

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
