# Consult Bot: `make run` starts the bot with the local Teams emulator; `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1

.PHONY: bootstrap run serve test test-any-date lint migrate train bench clean

bootstrap: $(VENV)/.installed node_modules/.installed

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

run: bootstrap
	$(BIN)/python -m scripts.run_local

serve: $(VENV)/.installed
	$(BIN)/consult serve

migrate: $(VENV)/.installed
	$(BIN)/consult migrate

train: $(VENV)/.installed
	$(BIN)/consult train

test: bootstrap
	$(BIN)/ruff check .
	$(BIN)/mypy
	MAKE="$(MAKE)" $(BIN)/python -m scripts.test_suites  # unit + integration beside any-date + clockless; then browser

# The unit and integration suite again, on SQLite and the default host (dates are host-independent code), with the
# machine's clock moved by libfaketime to 00:30 JST on the next April 1 (the fiscal year turns): a test that depends
# on today's date fails now, not on the day it goes off. Left out: the classifier's and the similarity index's tests
# (text models that read no clock; their training alone is a minute) and the fuzz properties (request shapes).
test-any-date: bootstrap
	@command -v faketime >/dev/null || { echo "make test-any-date needs libfaketime: apt-get install -y faketime" >&2; exit 1; }
	@echo "any-date run: the clock is moved to $$($(BIN)/python -m scripts.rollover)"
	TEST_DATABASES=sqlite TEST_HOSTS=botbuilder faketime "$$($(BIN)/python -m scripts.rollover)" \
		$(BIN)/python -m pytest -q -p no:cacheprovider --ignore=tests/e2e \
		--ignore=tests/classifier --ignore=tests/similarity --ignore=tests/fuzz

# Load benchmark: the project's bot vs a canonical botbuilder echo bot, same load (see bench/README.md).
bench: $(VENV)/.installed
	$(BIN)/python -m bench.run --postgres
	$(BIN)/python -m bench.report_bench
	$(BIN)/python -m bench.summary_bench
	$(BIN)/python -m bench.classify_bench
	$(BIN)/python -m bench.serialize_bench
	$(BIN)/python -m bench.sql_bench
	$(BIN)/python -m bench.similar_bench
	$(BIN)/python -m bench.surfaces_bench

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/mypy

clean:
	rm -rf $(VENV) node_modules .pytest_cache .ruff_cache .mypy_cache
