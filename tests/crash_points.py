"""A crash-point harness in the manner of SQLite's own crash tests.

Each scenario (the migration of a new store, an ingest, a worker claiming and saving) runs once to
count its crash points: before every SQL statement (which is also just after the one before) and
before every COMMIT is sent. Then, for each point N in turn, the scenario runs again on a fresh copy of its starting
store and crashes at point N, either killed (a forked child leaves with os._exit: no rollback, no
cleanup, like SIGKILL) or by an exception (the process lives on). After each crash the store is
reopened and the invariants checked:

- the store opens (at the current schema version);
- every acknowledged article is stored (once: the hash is the key);
- every stored article has exactly one run of the configuration, before any repair;
- every run is in a state that holds together: 'done' exactly when its result is saved, results and
  incidents only for done runs, an article's current run a done run of its own;
- after the repair a start makes (`Pipeline.recover`) and a worker's pass, every run is done, and a
  run acknowledged done before the crash was not done again.

`python -m tests.crash_points [postgresql-url]` prints the figures; tests/test_crash_points.py runs
it in `make test` (SQLite, and PostgreSQL when pgserver starts).
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from briefs.config import Settings
from briefs.inputs import ArticleText
from briefs.migrations import current, head, upgrade
from briefs.pipeline import Pipeline
from briefs.store import Article, ExtractionRow, IncidentRow, Run, Store, worker_id
from sqlalchemy import Engine, create_engine, event, func, select, text
from sqlalchemy.pool import NullPool

ROOT = Path(__file__).resolve().parents[1]
DAY = [
    json.loads(line)
    for line in (ROOT / "briefs" / "samples" / "day" / "2024-03-14.jsonl").read_text(encoding="utf-8").splitlines()
]
SETTINGS = Settings(lease_seconds=600)  # a heartbeat every 200 s: none fires during a scenario, the count stays exact


POINTS = ("before_cursor_execute", "commit")  # engine events: before each statement, before each COMMIT


class Crash(Exception):
    """Raised at the chosen crash point."""


class CrashHook:
    """Counts crash points across every engine of the process; at point `at`, kills or raises."""

    def __init__(self, at: int | None = None, kill: bool = False) -> None:
        self.at, self.kill, self.count = at, kill, 0
        self.after_read: set[int] = set()  # points just after a read-only statement
        self._reading = False

    def _point(self, *args, **_kwargs) -> None:
        self.count += 1
        if self._reading:
            self.after_read.add(self.count)
        statement = args[2] if len(args) > 2 and isinstance(args[2], str) else ""
        self._reading = statement.lstrip().upper().startswith(("SELECT", "PRAGMA"))
        if self.count == self.at:
            if self.kill:
                os._exit(99)
            raise Crash(f"crash point {self.count}")

    def __enter__(self) -> CrashHook:
        for name in POINTS:
            event.listen(Engine, name, self._point)
        return self

    def __exit__(self, *_) -> None:
        for name in POINTS:
            event.remove(Engine, name, self._point)


def articles(records: list[dict]) -> list[ArticleText]:
    return [
        ArticleText(id=r["id"], text=r["text"], published_at=r.get("published_at"), outlet=r.get("outlet"))
        for r in records
    ]


@functools.cache
def dead_worker() -> str:
    """A worker name on this host whose process is gone (what a killed worker leaves behind)."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return f"{socket.gethostname()}:{child.pid}:gone"


# ---- scenarios: what runs under the hook, and what it acknowledges -----------------------------------
# A scenario acts on a Store the harness opened (reused from point to point: SQLAlchemy's statement
# cache lives on the engine, and recompiling everything at every point made the run ten times
# slower); the migration scenario opens the store itself, since opening is what it tests.


@dataclass
class Scenario:
    name: str
    prepare: Callable[[Store], None] | None  # fill the starting store (None: no store, the migration makes it)
    act: Callable[[str, Store | None, str, Callable[[str], None]], None]  # (url, store, worker, acknowledge)


def _prepare_some(store: Store) -> None:
    Pipeline(store, SETTINGS).ingest(articles(DAY[:3]), "test")


def _migrate(url: str, _store: Store | None, _worker: str, _ack: Callable[[str], None]) -> None:
    Store(url).close()


def _ingest(_url: str, store: Store | None, _worker: str, ack: Callable[[str], None]) -> None:
    assert store is not None, "the harness opens the store of a scenario that prepares one"
    result = Pipeline(store, SETTINGS).ingest(articles(DAY[1:6]), "test")  # two known, three new
    for article_hash in result.hashes:
        ack(f"article {article_hash}")


def _process(_url: str, store: Store | None, worker: str, ack: Callable[[str], None]) -> None:
    assert store is not None, "the harness opens the store of a scenario that prepares one"
    Pipeline(store, SETTINGS).process(worker, batch_size=2, on_done=lambda claimed, _: ack(f"done {claimed.run_id}"))


SCENARIOS = [
    Scenario("migration of a new store", None, _migrate),
    Scenario("ingest", _prepare_some, _ingest),
    Scenario("claim and save", _prepare_some, _process),
]


# ---- invariants ------------------------------------------------------------------------------------


def violations(store: Store, acknowledged: list[str]) -> list[str]:
    """What is wrong with the store after a crash, checked before and after the repair of a start."""
    try:
        upgrade(store.engine)  # what opening a Store does
    except Exception as error:  # noqa: BLE001 - the first invariant: it opens
        return [f"the store does not open: {type(error).__name__}: {error}"]
    found: list[str] = []
    if current(store.engine) != head():
        found.append(f"schema version {current(store.engine)}, not {head()}")
    found += _consistency(store, acknowledged)
    acknowledged_done = {int(line.split()[1]) for line in acknowledged if line.startswith("done ")}
    before = {run.id: (run.tries, run.finished_at) for run in _runs(store) if run.id in acknowledged_done}
    pipeline = Pipeline(store, SETTINGS)
    pipeline.recover()
    pipeline.process(worker_id())
    found += [f"after repair: {v}" for v in _consistency(store, acknowledged)]
    for run in _runs(store):
        if run.status != "done":
            found.append(f"after repair: run {run.id} is {run.status}, not done")
        if run.id in before and (run.tries, run.finished_at) != before[run.id]:
            found.append(f"run {run.id} was acknowledged done, then done again")
    return found


def _runs(store: Store) -> list[Run]:
    with store.sessions() as session:
        return list(session.scalars(select(Run)))


def _consistency(store: Store, acknowledged: list[str]) -> list[str]:
    found = []
    with store.sessions() as session:
        stored = set(session.scalars(select(Article.article_hash)))
        runs_per_article = dict(
            session.execute(select(Run.article_hash, func.count()).group_by(Run.article_hash)).all()
        )
        results = set(session.scalars(select(ExtractionRow.run_id)))
        with_incidents = set(session.scalars(select(IncidentRow.run_id).distinct()))
        runs = {run.id: run for run in session.scalars(select(Run))}
        current_runs = dict(session.execute(select(Article.article_hash, Article.current_run_id)).all())
    for line in acknowledged:
        if line.startswith("article ") and line.split()[1] not in stored:
            found.append(f"acknowledged article {line.split()[1][:12]} is not stored")
    for article_hash in stored:
        if runs_per_article.get(article_hash, 0) != 1:
            found.append(f"article {article_hash[:12]} has {runs_per_article.get(article_hash, 0)} runs")
    for run_id, run in runs.items():
        if run.status not in ("pending", "running", "done", "failed"):
            found.append(f"run {run_id} has status {run.status!r}")
        if (run.status == "done") != (run_id in results):
            found.append(f"run {run_id} is {run.status} {'with' if run_id in results else 'without'} a saved result")
    for run_id in with_incidents - results:
        found.append(f"run {run_id} has incidents but no result")
    for article_hash, current_run_id in current_runs.items():
        if current_run_id is not None and (
            current_run_id not in runs
            or runs[current_run_id].status != "done"
            or runs[current_run_id].article_hash != article_hash
        ):
            found.append(f"article {article_hash[:12]} points at run {current_run_id}, not a done run of its own")
    return found


# ---- the harness -------------------------------------------------------------------------------------


@dataclass
class Tally:
    points: int = 0  # crash points exercised (scenario × point × way of crashing)
    by_scenario: dict[str, int] = field(default_factory=dict)
    violations: list[str] = field(default_factory=list)


class Database:
    """One database, reset to a saved state before each point: a SQLite file (copied back), or a
    PostgreSQL database (its tables emptied and filled again from a copy in schema `saved`; made
    anew when the point is in the migration)."""

    def __init__(self, base_url: str | None, folder: Path, name: str) -> None:
        # NullPool: no connection of the parent's is open when a child forks (its exit would close it under us).
        self.admin = create_engine(base_url, isolation_level="AUTOCOMMIT", poolclass=NullPool) if base_url else None
        if self.admin is None:
            self.path = folder / f"{name}.db"
            self.url = f"sqlite:///{self.path}"
        else:
            # As with SQLite in memory: a killed client loses nothing the server holds, and the server
            # need not wait for the disk at each of the hundreds of databases made here.
            self._sql("ALTER SYSTEM SET fsync = off", "SELECT pg_reload_conf()")
            self.name = f"crash_{name}_{os.getpid()}"
            self.url = self.admin.url.set(database=self.name).render_as_string(hide_password=False)
        self.saved = False

    def save(self) -> None:
        """Remember the database as it is now as the starting state of every point."""
        if self.admin is None:
            for suffix in ("", "-wal", "-shm"):
                if Path(f"{self.path}{suffix}").exists():
                    shutil.copyfile(f"{self.path}{suffix}", f"{self.path}.saved{suffix}")
        else:
            with self._inside() as connection:
                self.tables = list(
                    connection.scalars(text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'"))
                )
                connection.execute(text("DROP SCHEMA IF EXISTS saved CASCADE; CREATE SCHEMA saved"))
                for table in self.tables:
                    connection.execute(text(f'CREATE TABLE saved."{table}" AS TABLE public."{table}"'))
        self.saved = True

    def reset(self) -> None:
        """Back to the saved state (or to nothing)."""
        if self.admin is None:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)
                if self.saved and Path(f"{self.path}.saved{suffix}").exists():
                    shutil.copyfile(f"{self.path}.saved{suffix}", f"{self.path}{suffix}")
        elif self.saved:
            with self._inside() as connection:
                listed = ", ".join(f'public."{table}"' for table in self.tables)
                connection.execute(text(f"TRUNCATE {listed} RESTART IDENTITY CASCADE"))
                for table in self.tables:
                    connection.execute(text(f'INSERT INTO public."{table}" SELECT * FROM saved."{table}"'))
                    for column in connection.scalars(
                        text(
                            "SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' "
                            "AND table_name = :table AND column_default LIKE 'nextval%'"
                        ),
                        {"table": table},
                    ):
                        connection.execute(
                            text(
                                f"SELECT setval(pg_get_serial_sequence('public.\"{table}\"', '{column}'), "
                                f'(SELECT coalesce(max("{column}"), 0) + 1 FROM public."{table}"), false)'
                            )
                        )
        else:
            self._sql(
                f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)',
                f'CREATE DATABASE "{self.name}" TEMPLATE template0',
            )

    def close(self) -> None:
        if self.admin is not None:
            self._sql(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
            self.admin.dispose()

    @contextlib.contextmanager
    def _inside(self):
        """One transaction in the database itself (no pooled connection survives it)."""
        engine = create_engine(self.url, poolclass=NullPool)
        try:
            with engine.begin() as connection:
                yield connection
        finally:
            engine.dispose()

    def _sql(self, *statements: str) -> None:
        assert self.admin is not None, "only a PostgreSQL database runs SQL on its server"
        with self.admin.connect() as connection:
            for statement in statements:
                connection.execute(text(statement))


def _run_killed(scenario: Scenario, url: str, store: Store | None, at: int) -> list[str]:
    """Run the scenario in a forked child that dies at point `at`; the acknowledgements it made."""
    with tempfile.NamedTemporaryFile("w+", suffix=".acks", delete=False) as handle:
        acks = Path(handle.name)
    pid = os.fork()
    if pid == 0:  # the child: never returns into the test runner
        code = 0
        try:
            with acks.open("a", encoding="utf-8") as out:

                def ack(line: str) -> None:
                    out.write(line + "\n")
                    out.flush()

                with CrashHook(at, kill=True):
                    scenario.act(url, store, f"{socket.gethostname()}:{os.getpid()}:child", ack)
        except BaseException:  # noqa: BLE001
            code = 3
        os._exit(code)
    _, status = os.waitpid(pid, 0)
    lines = acks.read_text(encoding="utf-8").splitlines()
    acks.unlink()
    if os.waitstatus_to_exitcode(status) == 3:
        lines.append("!the child failed before its crash point")
    return lines


def _run_raised(scenario: Scenario, url: str, store: Store | None, at: int) -> list[str]:
    lines: list[str] = []
    try:
        with CrashHook(at):
            scenario.act(url, store, dead_worker(), lines.append)
    except Crash:
        pass
    return lines


def exercise(
    base_url: str | None = None,
    *,
    ways: tuple[str, ...] = ("kill", "raise"),
    scenarios: tuple[str, ...] | None = None,
    distinct: bool = False,
) -> Tally:
    """Every scenario (or those named), every crash point, every way of crashing; the tally of points
    and violations. `distinct` skips the points just after a read-only statement: a crash there leaves
    the same database as a crash just before that statement."""
    tally = Tally()
    # In memory where the system has it: a killed process loses nothing the kernel holds, and no fsync waits.
    with tempfile.TemporaryDirectory(dir="/dev/shm" if Path("/dev/shm").is_dir() else None) as folder:
        for number, scenario in enumerate(SCENARIOS):
            if scenarios is not None and scenario.name not in scenarios:
                continue
            database = Database(base_url, Path(folder), f"s{number}")
            store = None
            try:
                database.reset()
                if scenario.prepare is not None:
                    store = Store(database.url)
                    scenario.prepare(store)
                    store.engine.dispose()
                    database.save()
                    database.reset()
                with CrashHook() as hook:
                    scenario.act(database.url, store, dead_worker(), lambda _line: None)
                for way in ways:
                    for at in range(1, hook.count + 1):
                        if distinct and at in hook.after_read:
                            continue
                        database.reset()
                        if store is not None:
                            store.engine.dispose()  # no connection crosses the fork or outlives the reset
                        run = _run_killed if way == "kill" else _run_raised
                        acknowledged = run(scenario, database.url, store, at)
                        problems = [line[1:] for line in acknowledged if line.startswith("!")]
                        if store is None:
                            problems += _open_and_check(database.url, acknowledged)
                        else:
                            store.engine.dispose()
                            problems += violations(store, acknowledged)
                        tally.violations += [
                            f"{scenario.name}, {way} at point {at}/{hook.count}: {p}" for p in problems
                        ]
                        tally.points += 1
                        tally.by_scenario[scenario.name] = tally.by_scenario.get(scenario.name, 0) + 1
            finally:
                if store is not None:
                    store.close()
                database.close()
    return tally


def _open_and_check(url: str, acknowledged: list[str]) -> list[str]:
    try:
        store = Store(url)
    except Exception as error:  # noqa: BLE001 - the first invariant: it opens
        return [f"the store does not open: {type(error).__name__}: {error}"]
    try:
        return violations(store, acknowledged)
    finally:
        store.close()


def main() -> None:
    targets = [("SQLite", None)] + [("PostgreSQL", url) for url in sys.argv[1:]]
    for name, url in targets:
        tally = exercise(url)
        print(
            f"{name}: {tally.points} crash points exercised "
            f"({', '.join(f'{k}: {v}' for k, v in tally.by_scenario.items())}); "
            f"{len(tally.violations)} invariant violations"
        )
        for problem in tally.violations:
            print("  " + problem)


if __name__ == "__main__":
    main()
