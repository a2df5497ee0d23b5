# Every target creates .venv and installs the project when missing, so a fresh clone needs nothing else.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint fmt bench bench-readme eval clean

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

# ruff (lint and format) and mypy over the whole tree, as pyproject.toml configures them.
lint: $(STAMP)
	$(BIN)/ruff check
	$(BIN)/ruff format --check
	$(BIN)/mypy

# Format every file and apply ruff's safe fixes.
fmt: $(STAMP)
	$(BIN)/ruff format
	$(BIN)/ruff check --fix

# The CI suites against their baselines, with the Markdown, HTML and JUnit reports in evals/runs/.
eval: $(STAMP)
	$(BIN)/briefs eval ci --md evals/runs/report.md --html evals/runs/report-'<suite>'.html --junit evals/runs/junit.xml

# Every bench records its goals (bench/goals.py) to out/bench/results.jsonl; the run ends with one goal
# table, printed even when a bench failed (then make fails). `make bench QUICK=1`: the smaller sizes (CI);
# `make bench-readme` rewrites the README's goal table from the last run's results.
BENCHES := bench_grounding bench_names bench_extract bench_lexicon bench_pipeline bench_scale bench_startup bench_api
QUICK ?=
bench: $(VENV)/.bench-installed
	@# bench_api drives the server with wrk (Debian package) when it is there; it falls back to a Python client.
	@command -v wrk >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && \
	  { apt-get install -y -qq wrk >/dev/null 2>&1 || { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq wrk >/dev/null 2>&1; }; }; } || true
	@$(BIN)/python bench/goals.py reset
	@failed=; for b in $(BENCHES); do \
	  case $$b in bench_grounding|bench_names|bench_scale|bench_api) extra="$(if $(QUICK),--quick)";; *) extra=;; esac; \
	  echo; echo "== bench/$$b.py $$extra"; \
	  $(BIN)/python bench/$$b.py $$extra || failed="$$failed $$b"; \
	done; \
	$(BIN)/python bench/goals.py table; \
	if [ -n "$$failed" ]; then echo "benches that failed:$$failed"; exit 1; fi

bench-readme: $(STAMP)
	$(BIN)/python bench/goals.py readme

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
