"""Regression evals for prompts, models and the grounding checker (issue 7).

- `suites`: eval suites as YAML files (`evals/suites/*.yaml`), validated by Pydantic.
- `metrics`: the scoring of one case (an article against its gold incidents, or a grounding pair
  against its labelled numbers), the metric registry (name, direction, aggregation) and the paired
  bootstrap. The tests of the lexicon extractor and of the checker score with these same functions.
- `records`: a run as a JSON file (`RunRecord`: per case, per repeat, scored fields and checks).
- `runner`: runs a suite, resumably, with a progress callback; records model calls for cassettes.
- `cassette`: a run's raw model replies saved to a file, and replayed offline through the real client.
- `compare`: a run against a baseline: per-metric deltas with bootstrap CIs, per-case transitions, the gate.
- `report`: the comparison as a terminal table, Markdown, self-contained HTML and JUnit XML.
- `cli`: `briefs eval run|compare|bless|show|cassette|ci`.
"""
