# Every target creates .venv and installs the project when missing, so a fresh clone needs nothing else.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

$(VENV)/.bench-installed: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	touch $@

# The embedded default is the offline lexicon extractor: no key, no model, no network.
demo: $(STAMP)
	BRIEFS_MODEL=lexicon $(BIN)/briefs extract briefs/samples/article.txt --format md; \
	status=$$?; [ $$status -le 1 ] || exit $$status
	$(BIN)/briefs check --source briefs/samples/article.txt --summary "$$(cat briefs/samples/summary.txt)"; \
	status=$$?; [ $$status -le 1 ] || exit $$status

test: $(STAMP)
	$(BIN)/python -m pytest

bench: $(VENV)/.bench-installed
	$(BIN)/python bench/bench_grounding.py
	$(BIN)/python bench/bench_extract.py
	$(BIN)/python bench/bench_lexicon.py

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
