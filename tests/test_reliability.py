"""Nothing lost: an article is never stored without its run, a start repairs what a crash or an older
version left, a live worker keeps its claim and a dead one loses it, a half-made store is rebuilt."""

from __future__ import annotations

import sqlite3
import threading
import time

import pytest
from briefs.config import Settings
from briefs.domain import article_hash
from briefs.errors import BriefsError
from briefs.inputs import ArticleText
from briefs.pipeline import Heartbeat, Pipeline
from briefs.store import Article, Run, RunConfig, Store
from sqlalchemy import insert, select

from .crash_points import DAY, articles, dead_worker
from .test_pipeline import briefs


@pytest.fixture
def url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'briefs.db'}"


def test_new_is_true_exactly_once_per_text_under_concurrency(url):
    store = Store(url)
    pipeline = Pipeline(store, Settings(database_url=url))
    text = ArticleText(id="same", text=DAY[0]["text"])
    start, answers = threading.Barrier(8), []

    def post() -> None:
        start.wait()
        answers.append(pipeline.ingest([text], "test").new)

    threads = [threading.Thread(target=post) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(len(new) for new in answers) == [0] * 7 + [1]
    with store.sessions() as session:
        assert len(session.scalars(select(Run)).all()) == 1


def store_orphan(store: Store, record: dict) -> str:
    """An article with no run, as a version that stored the two in separate transactions left it."""
    digest = article_hash(record["text"])
    with store.sessions.begin() as session:
        session.execute(insert(Article).values(hash=digest, external_id=record["id"], text=record["text"]))
    return digest


def test_briefs_worker_gives_an_article_with_no_run_one_and_processes_it(url):
    store = Store(url)
    orphan = store_orphan(store, DAY[0])
    result = briefs("worker", "--exit-when-empty", "--poll", "0.1", url=url)
    assert result.returncode == 0, result.stderr
    assert "1 stored article(s) with no run queued" in result.stderr and "1 done" in result.stdout
    assert [run.status for run in store.queue.runs_of(orphan)] == ["done"]


def test_the_server_gives_an_article_with_no_run_one_on_start(tmp_path):
    from api import create_app
    from fastapi.testclient import TestClient

    from .api_support import api_settings

    settings = api_settings(tmp_path)
    store = Store(settings.database_url)
    orphan = store_orphan(store, DAY[1])
    with TestClient(create_app(settings, store)):
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and [r.status for r in store.queue.runs_of(orphan)] != ["done"]:
            time.sleep(0.05)
    assert [run.status for run in store.queue.runs_of(orphan)] == ["done"]
    store.close()


def test_a_dead_processes_claims_are_taken_back_at_once_by_a_worker(url):
    """A server killed with a long lease in hand: a surviving worker does them now, not in ten minutes."""
    store = Store(url)
    Pipeline(store, Settings(database_url=url)).ingest(articles(DAY[:4]), "test")
    claimed = store.queue.claim(dead_worker(), config=RunConfig("lexicon"), limit=4, lease_seconds=600)
    assert len(claimed) == 4
    result = briefs("worker", "--exit-when-empty", "--poll", "0.1", url=url)
    assert result.returncode == 0, result.stderr
    assert "4 run(s) taken back from dead processes" in result.stderr and "4 done" in result.stdout
    assert store.queue.run_counts() == {"done": 4}


def test_a_live_workers_heartbeat_keeps_its_claim_and_a_dead_ones_lapses(url):
    store = Store(url)
    config = RunConfig("lexicon")
    Pipeline(store, Settings(database_url=url)).ingest(articles(DAY[:1]), "test")
    [claimed] = store.queue.claim("host:1:live", config=config, lease_seconds=0.6)
    with Heartbeat(store, "host:1:live", 0.6):
        time.sleep(1.0)  # past the first lease: only the heartbeat keeps it
        assert store.queue.claim("host:2:other", config=config, lease_seconds=0.6) == []
    time.sleep(0.7)  # the worker is gone (no more beats): its lease runs out
    [taken] = store.queue.claim("host:2:other", config=config, lease_seconds=0.6)
    assert taken.run_id == claimed.run_id


def forget_version(path) -> None:
    with sqlite3.connect(path) as connection:
        connection.execute("DROP TABLE alembic_version")


def test_a_half_created_store_with_nothing_in_it_is_rebuilt(tmp_path):
    Store(f"sqlite:///{tmp_path / 'half.db'}").close()
    forget_version(tmp_path / "half.db")  # what a kill during an older version's first migration left
    store = Store(f"sqlite:///{tmp_path / 'half.db'}")
    Pipeline(store, Settings()).ingest(articles(DAY[:1]), "test")
    assert store.queue.run_counts() == {"pending": 1}


def test_a_half_created_store_holding_rows_is_named_with_the_command_that_fixes_it(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'half.db'}")
    store.keys.create("reader")
    store.close()
    forget_version(tmp_path / "half.db")
    with pytest.raises(
        BriefsError, match=r"no schema version, and api_keys hold rows.*alembic -c .*alembic.ini stamp head"
    ):
        Store(f"sqlite:///{tmp_path / 'half.db'}")
    result = briefs("keys", "list", url=f"sqlite:///{tmp_path / 'half.db'}")
    assert result.returncode == 2 and "stamp head" in result.stderr and "Traceback" not in result.stderr


def test_briefs_serve_killed_during_concurrent_posts_loses_no_article_and_leaves_none_without_a_run(tmp_path):
    """The reported failure: SIGKILL of `briefs serve` while ten clients post batches with ?wait=true."""
    import os
    import signal
    import subprocess
    import sys
    from concurrent.futures import ThreadPoolExecutor

    import httpx

    from .api_support import free_port, wait_until_serving
    from .test_pipeline import many_articles

    url, port = f"sqlite:///{tmp_path / 'serve.db'}", free_port()
    env = {**os.environ, "BRIEFS_DATABASE_URL": url}
    env.pop("BRIEFS_MODEL", None)
    store = Store(url)
    key = store.keys.create("editor")[0]
    server = subprocess.Popen(
        [sys.executable, "-m", "briefs", "serve", "--port", str(port), "--log-level", "warning"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    wait_until_serving(base, server)
    started = time.monotonic()
    records = many_articles(200)
    acknowledged: list[str] = []

    def post(mine: list[dict]) -> None:
        for start in range(0, len(mine), 5):  # one client: batches of 5, one after the other
            try:
                response = httpx.post(
                    f"{base}/v1/articles?wait=true",
                    json=mine[start : start + 5],
                    timeout=30,
                    headers={"Authorization": f"Bearer {key}"},
                )
            except httpx.HTTPError:
                return  # cut off by the kill: not acknowledged
            if response.status_code < 300:
                acknowledged.extend(a["id"] for a in response.json()["articles"])

    with ThreadPoolExecutor(10) as pool:
        futures = [pool.submit(post, records[i::10]) for i in range(10)]
        while tally_runs(store) < 40 and time.monotonic() < started + 30:  # kill it mid-stream
            time.sleep(0.01)
        server.send_signal(signal.SIGKILL)
        server.wait()
        for future in futures:
            future.result()
    with store.sessions() as session:
        stored = set(session.scalars(select(Article.article_hash)))
        runs = session.execute(select(Run.article_hash, Run.status)).all()
    assert set(acknowledged) <= stored, "an acknowledged article is missing"
    assert sorted(h for h, _ in runs) == sorted(stored), "an article has no run, or more than one"
    assert len(stored) < 200, "kill the server before it has stored everything"
    result = briefs("worker", "--exit-when-empty", "--poll", "0.1", url=url)
    assert result.returncode == 0, result.stderr
    assert store.queue.run_counts() == {"done": len(stored)}


def tally_runs(store: Store) -> int:
    with store.sessions() as session:
        return len(session.scalars(select(Run.id)).all())
