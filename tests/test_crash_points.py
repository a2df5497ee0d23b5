"""The crash-point harness (tests/crash_points.py) over every crash point of the migration, an
ingest and a worker's claim and save: killed at each point that leaves a distinct database (a point
just after a read-only statement is skipped), the store opens again and no invariant breaks. SQLite
always; PostgreSQL (the ingest) when pgserver starts. `python -m tests.crash_points` runs the same at
every point, with both ways of crashing (killed and raised), and prints the figures."""

from __future__ import annotations

from .crash_points import SCENARIOS, exercise

EVERY_SCENARIO = tuple(scenario.name for scenario in SCENARIOS)


def assert_every_point_holds(base_url: str | None, scenarios: tuple[str, ...] = EVERY_SCENARIO) -> None:
    tally = exercise(base_url, ways=("kill",), scenarios=scenarios, distinct=True)
    assert set(tally.by_scenario) == set(scenarios)
    assert all(n >= 3 for n in tally.by_scenario.values()), (
        tally.by_scenario
    )  # each scenario really crashed, at each step
    assert tally.violations == [], "\n".join(tally.violations)


def test_no_invariant_breaks_at_any_crash_point_on_sqlite():
    assert_every_point_holds(None)


def test_an_exception_at_any_point_of_an_ingest_or_a_save_leaves_the_store_whole():
    tally = exercise(None, ways=("raise",), scenarios=("ingest", "claim and save"))
    assert tally.points >= 20 and tally.violations == [], "\n".join(tally.violations)


def test_no_invariant_breaks_at_any_crash_point_of_an_ingest_on_postgresql(postgres_url):
    # A point costs ~0.5 s on PostgreSQL here (new connections, a reset per point): the migration's
    # and the worker's points run in `python -m tests.crash_points <url>`, not in every `make test`.
    assert_every_point_holds(postgres_url, ("ingest",))
