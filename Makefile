# Every target creates .venv and installs the project when missing, so a fresh clone needs nothing else.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint fmt bench eval clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

$(VENV)/.bench-installed: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	touch $@

# The main job on the sample day: store and extract eight articles, then write the brief as Markdown
# and HTML. The embedded default is the offline lexicon extractor (no key, no model, no network);
# with BRIEFS_MODEL, or OPENAI_API_KEY (then openai:gpt-4o-mini), the same runs with the LLM.
DEMO_DAY := briefs/samples/day
DEMO_RANGE := --from 2024-03-13 --to 2024-03-14
demo: $(STAMP)
	@mkdir -p out && rm -f out/demo.db out/demo.db-wal out/demo.db-shm
	@model="$${BRIEFS_MODEL:-$$(if [ -n "$$OPENAI_API_KEY" ]; then echo openai:gpt-4o-mini; else echo lexicon; fi)}"; \
	export BRIEFS_DATABASE_URL=sqlite:///out/demo.db BRIEFS_MODEL="$$model"; \
	$(BIN)/briefs run $(DEMO_DAY) --quiet && \
	$(BIN)/briefs brief $(DEMO_RANGE) --format html --out out/brief.html && \
	$(BIN)/briefs brief $(DEMO_RANGE) --format md --out out/brief.md && \
	cat out/brief.md && echo && echo "HTML brief: $(CURDIR)/out/brief.html"

# The lint, format and type gates first (seconds), then the tests, then the eval gate: the lexicon and
# grounding suites against their blessed baselines (evals/baselines/); a regression fails with the
# comparison printed. `pytest -m "not install"` leaves out the wheel-install test (tests/test_install.py).
test: lint
	$(BIN)/python -m pytest
	$(BIN)/briefs eval ci --quiet

# ruff (lint and format) and mypy over the whole tree, less the debt lists in pyproject.toml; and over
# every file, debt included, a check for syntax errors and undefined names.
lint: $(STAMP)
	$(BIN)/ruff check
	$(BIN)/ruff format --check
	$(BIN)/ruff check --isolated --target-version py311 --select E9,F63,F7,F82 briefs api tests bench evals
	$(BIN)/mypy

# Format every file and apply ruff's safe fixes.
fmt: $(STAMP)
	$(BIN)/ruff format
	$(BIN)/ruff check --fix

# The CI suites against their baselines, with the Markdown, HTML and JUnit reports in evals/runs/.
eval: $(STAMP)
	$(BIN)/briefs eval ci --md evals/runs/report.md --html evals/runs/report-'<suite>'.html --junit evals/runs/junit.xml

bench: $(VENV)/.bench-installed
	$(BIN)/python bench/bench_grounding.py
	$(BIN)/python bench/bench_names.py
	$(BIN)/python bench/bench_extract.py
	$(BIN)/python bench/bench_lexicon.py
	$(BIN)/python bench/bench_pipeline.py
	$(BIN)/python bench/bench_scale.py
	$(BIN)/python bench/bench_startup.py
	@# bench_api drives the server with wrk (Debian package) when it is there; it falls back to a Python client.
	@command -v wrk >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && \
	  { apt-get install -y -qq wrk >/dev/null 2>&1 || { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq wrk >/dev/null 2>&1; }; }; } || true
	$(BIN)/python bench/bench_api.py

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
