"""The goal table of `make bench` (bench/goals.py): the README's section is in the format the generator
writes, the generator writes that format for any goals, and only between its markers."""

from __future__ import annotations

import json
from dataclasses import asdict

from bench.goals import BEGIN, END, Goal, format_problems, load, record, rewrite, section, table
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import ROOT

MACHINE = "Measured on 2 CPUs, Python 3.11.7, load average 1.0 (5 min 1.0) when the table was written."

words = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40)
goals = st.builds(
    Goal,
    bench=words,
    name=words,
    target=st.floats(0.01, 1e6),
    measured=st.floats(0, 1e7),
    unit=st.sampled_from(["ms", "s", "MiB", "×", "articles/s"]),
    mode=st.sampled_from(["cold", "warm"]),
    times=words | st.just("a | b\nc"),
    higher_is_better=st.booleans(),
    reason=words,
)


def test_the_readme_section_is_in_the_generators_format() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert format_problems(readme) == []


@given(st.lists(goals, min_size=1, max_size=6))
def test_the_generator_writes_that_format_and_touches_nothing_else(rows: list[Goal]) -> None:
    before, after = "# Title\n\ntext before\n", "\ntext after\n"
    readme = before + BEGIN + "\nold table\n" + END + after
    written = rewrite(readme, rows, MACHINE)
    assert format_problems(written) == []
    assert written.startswith(before) and written.endswith(after)
    assert rewrite(written, rows, MACHINE) == written
    assert written.count("| MISSED |") == sum(not goal.met for goal in rows)


def test_a_broken_section_is_named() -> None:
    missed = Goal("b.py", "cold build", 2, 40, "s", "cold", "build_brief", reason="parsing")
    good = "x\n" + section([missed], MACHINE) + "\n"
    assert format_problems(good) == []
    assert format_problems(good.replace(" parsing |", "  |"))  # a miss without its reason
    assert format_problems(good.replace("0 of 1 goals met", "1 of 1 goals met"))  # a summary that lies
    assert format_problems(good.replace("| cold |", "| cold | extra |"))  # a row of the wrong width
    assert format_problems("no markers") == ["no goal-table markers"]


def test_met_follows_the_goals_direction() -> None:
    assert Goal("b", "rate", 200, 250, "/s", "warm", "x", higher_is_better=True).met
    assert not Goal("b", "rate", 200, 150, "/s", "warm", "x", higher_is_better=True).met
    assert Goal("b", "time", 2, 2, "s", "cold", "x").met
    assert not Goal("b", "time", 2, 2.01, "s", "cold", "x").met
    assert "no reason given" in table([Goal("b", "time", 2, 3, "s", "cold", "x")])


def test_record_appends_what_load_reads(tmp_path, monkeypatch) -> None:
    path = tmp_path / "results.jsonl"
    monkeypatch.setenv("BENCH_RESULTS", str(path))
    first = Goal("a.py", "one", 1, 2, "ms", "cold", "x", reason="slow")
    second = Goal("b.py", "two", 3, 4, "ms", "warm", "y", higher_is_better=True)
    record(first)
    record(second)
    assert load(path) == [first, second]
    assert [json.loads(line)["bench"] for line in path.read_text().splitlines()] == ["a.py", "b.py"]


def test_a_bench_run_again_replaces_its_rows(tmp_path, monkeypatch) -> None:
    path = tmp_path / "results.jsonl"
    monkeypatch.setenv("BENCH_RESULTS", str(path))
    earlier = Goal("a.py", "one", 1, 9, "ms", "cold", "x", reason="slow then")
    other = Goal("b.py", "two", 3, 4, "ms", "warm", "y")
    path.write_text(
        json.dumps({"run": "an earlier process", **asdict(earlier)})
        + "\n"
        + json.dumps({"run": "another bench", **asdict(other)})
        + "\n"
    )
    again = Goal("a.py", "one", 1, 0.5, "ms", "cold", "x")
    record(again)
    assert load(path) == [other, again]
