# The single entry point. `make run` and `make test` work on a fresh machine with Python 3.11+.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
export PORT

.PHONY: run install install-dev test test-fast test-e2e lint format bench loadtest messages compilemessages check-deploy clean

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements-dev.txt $(VENV)/.installed
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

compilemessages: install
	$(PY) manage.py compile_translations

## Install, migrate, load demo content, create the demo admin, serve with the worker.
run: compilemessages
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	$(PY) manage.py seed_organisers
	$(PY) manage.py create_demo_admin
	./bin/dev-server

## The whole suite (browser tests included where Chromium is installed).
test: install-dev compilemessages
	$(PY) -m pytest -n 2 --dist loadgroup

test-fast: install-dev compilemessages
	$(PY) -m pytest -n 2 -m "not e2e"

test-e2e: install-dev compilemessages
	$(PY) -m pytest -m e2e

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run

format: install-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

## Benchmarks (figures in the README).
bench: install-dev compilemessages
	BENCH=1 $(PY) -m pytest tests/benchmarks -s -o addopts=""

## Load test (figures in the README): production settings, gunicorn, PostgreSQL, Redis db 4, wrk (`apt-get install wrk`).
loadtest: install-dev compilemessages
	$(PY) tests/benchmarks/loadtest.py

## Refresh the French catalogue after changing user-facing strings (needs gettext).
messages: install
	$(PY) manage.py makemessages -l fr --no-location --no-obsolete --ignore=.venv --ignore=staticfiles --ignore=tests

## The production check, without Redis and with it (every supported configuration passes).
check-deploy: install
	SECRET_KEY=$$($(PY) -c "import secrets;print(secrets.token_urlsafe(64))") ALLOWED_HOSTS=example.org REDIS_URL= \
	DJANGO_SETTINGS_MODULE=config.settings.production $(PY) manage.py check --deploy --fail-level WARNING
	SECRET_KEY=$$($(PY) -c "import secrets;print(secrets.token_urlsafe(64))") ALLOWED_HOSTS=example.org \
	REDIS_URL=$${CHECK_REDIS_URL:-redis://127.0.0.1:6379/0} \
	DJANGO_SETTINGS_MODULE=config.settings.production $(PY) manage.py check --deploy --fail-level WARNING

clean:
	rm -rf $(VENV) staticfiles var
