# Jobcenter Ballerup. `make run` starts the app with demo data; `make test` runs the whole suite.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run test test-unit test-browser lint format bench worker beat messages

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $@

install: $(VENV)/.installed

run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo --if-empty
	@echo ""
	@echo "Jobcenter Ballerup: http://$(HOST):$(PORT)/"
	@echo "Demo logins (password: $${DEMO_PASSWORD:-demo-ballerup}):"
	@echo "  sagsbehandler   sagsbehandler (Jobafsnit)"
	@echo "  sagsbehandler2  sagsbehandler (Sygedagpengeafsnit)"
	@echo "  konsulent       virksomhedskonsulent"
	@echo "  leder           leder"
	@echo "  api             api-klient (REST)"
	@echo ""
	$(PY) manage.py runserver $(HOST):$(PORT)

test: install
	bash scripts/run_tests.sh

test-unit: install
	$(PY) -m pytest -m "not integration and not browser and not api_fuzz" -n 2

# The users' journeys in Chromium alone (PostgreSQL, Redis, Chromium and axe-core needed; see README).
test-browser: install
	test -d tests/browser/node_modules/axe-core || npm ci --prefix tests/browser --no-audit --no-fund
	DATABASE_URL=$${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test} \
	CELERY_BROKER_URL=$${TEST_REDIS_URL:-redis://127.0.0.1:6379/14} \
	$(PY) -m pytest tests/browser -m browser -q -p no:xdist

lint: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

format: install
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

# The pages under load first (bench/load_bench.py: one table, also written to bench/RESULTS.md),
# then the GRID's, the caseload's and the dashboard's figures.
bench: install
	$(PY) -m pip install --quiet -e ".[dev,bench]"
	$(PY) bench/load_bench.py
	@for script in bench/grid_bench.py bench/incremental_bench.py bench/alerts_bench.py bench/caseload_bench.py bench/dashboard_bench.py; do echo "== $$script"; $(PY) $$script || exit 1; done

worker: install
	$(VENV)/bin/celery -A ballerup_jobcenter worker --loglevel=INFO

beat: install
	$(VENV)/bin/celery -A ballerup_jobcenter beat --loglevel=INFO

messages: install
	bash scripts/messages.sh
