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

demo: $(STAMP)
	$(BIN)/briefs check --source briefs/samples/article.txt --summary "$$(cat briefs/samples/summary.txt)"; \
	status=$$?; [ $$status -le 1 ] || exit $$status

test: $(STAMP)
	$(BIN)/python -m pytest

bench: $(VENV)/.bench-installed
	$(BIN)/python bench/bench_grounding.py
	$(BIN)/python bench/bench_extract.py

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
