# Kiosk: `make run` serves the demo forms, `make test` runs every test.
# Both install what is missing first, so they work from a fresh clone.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
STAMP := $(VENV)/.installed
FLASK := $(BIN)/flask --app kiosk

.DEFAULT_GOAL := help

.PHONY: help
help: ## List the targets
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  make %-14s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import venv, ensurepip' 2>/dev/null || ./scripts/install-system-packages python3-venv
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

.PHONY: install
install: $(STAMP) ## Create .venv and install the Python packages

instance/kiosk.sqlite3: $(STAMP) $(wildcard kiosk/migrations/versions/*.py)
	@mkdir -p instance
	$(FLASK) db upgrade
	@touch $@

SYSTEM_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-core fonts-noto-cjk poppler-utils

.PHONY: system
system: ## Install the Debian packages PDFs need (Pango, Noto fonts, poppler), if missing
	@./scripts/install-system-packages $(SYSTEM_PACKAGES)

.PHONY: setup
setup: $(STAMP) system instance/kiosk.sqlite3 compile ## Install, compile translations, migrate, check the forms
	$(FLASK) forms check
	$(FLASK) drafts purge
	$(FLASK) pdfs seal
	$(FLASK) users demo

.PHONY: run
run: setup ## Serve the demo forms on http://127.0.0.1:5000 (PORT=8080 to change), with the job worker
	@echo "Kiosk is starting on http://127.0.0.1:$(PORT)/  (Ctrl+C stops it)"
	@# the worker makes the PDFs and emails: their links need the same public address
	@export KIOSK_PUBLIC_URL=$${KIOSK_PUBLIC_URL:-http://127.0.0.1:$(PORT)}; \
	$(BIN)/huey_consumer kiosk.jobs.queue --workers 2 --worker-type thread --quiet & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(FLASK) run --host 127.0.0.1 --port $(PORT)

.PHONY: worker
worker: setup ## Run only the job worker (PDFs, emails) for gunicorn deployments; set KIOSK_PUBLIC_URL as for the app
	$(BIN)/huey_consumer kiosk.jobs.queue --workers 2 --worker-type thread

.PHONY: browser
browser: ## Install Debian's Chromium and the Noto fonts (Arabic, Chinese) for the browser tests
	@./scripts/install-system-packages chromium fonts-noto-core fonts-noto-cjk

.PHONY: test
# Unit and integration tests run in two processes (one per core; a test file stays in
# one process); the browser tests then run on their own, as Playwright wants one thread.
TEST_PROCESSES ?= 2

test: $(STAMP) system browser compile ## Run every test (SQLite, and PostgreSQL when reachable)
	$(BIN)/python -m pytest -n $(TEST_PROCESSES) --dist loadfile tests/unit tests/integration
	$(BIN)/python -m pytest tests/browser

.PHONY: lint
lint: $(STAMP) ## Check formatting and lint rules, and the form definitions
	$(BIN)/ruff check kiosk tests bench
	$(BIN)/ruff format --check kiosk tests bench
	$(FLASK) forms check

.PHONY: format
format: $(STAMP) ## Format the code
	$(BIN)/ruff format kiosk tests bench
	$(BIN)/ruff check --fix kiosk tests bench

.PHONY: bench
bench: $(STAMP) ## Compare a Kiosk page with a bare Flask+WTForms page under load
	@command -v wrk >/dev/null || ./scripts/install-system-packages wrk
	$(BIN)/python bench/form_page.py

.PHONY: purge
purge: $(STAMP) ## Delete expired drafts now (the worker does it every night)
	$(FLASK) drafts purge

.PHONY: clean
clean: ## Remove the virtual environment (keeps instance/)
	rm -rf $(VENV) .pytest_cache .ruff_cache

LANGS := es ar zh_Hans vi
POT := translations/messages.pot

.PHONY: translations
translations: $(STAMP) ## Extract messages (code, templates, forms/*.yaml) and update every catalog
	$(BIN)/pybabel extract -F babel.cfg -k N_ -c "Translators:" --sort-by-file --no-wrap \
		--project Kiosk --copyright-holder "Kiosk contributors" -o $(POT) .
	@for lang in $(LANGS); do \
		if [ -f translations/$$lang/LC_MESSAGES/messages.po ]; then \
			$(BIN)/pybabel update --no-wrap -i $(POT) -d translations -l $$lang; \
		else \
			$(BIN)/pybabel init --no-wrap -i $(POT) -d translations -l $$lang; \
		fi; \
	done

.PHONY: compile
compile: $(STAMP) ## Compile the catalogs (.po) into .mo files (build output, not committed)
	$(FLASK) translations compile
