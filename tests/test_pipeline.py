"""`briefs run` and `briefs worker` over the store: idempotence, bad files, failures and retries, a
killed run resumed, and several workers sharing one queue (SQLite, and PostgreSQL when pgserver runs)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from briefs.config import Settings
from briefs.inputs import ArticleText
from briefs.pipeline import Pipeline
from briefs.store import Article, ExtractionRow, IncidentRow, Run, RunConfig, Store, claim_statement
from sqlalchemy import func, select
from sqlalchemy.dialects import postgresql

from .conftest import DATASETS, ROOT, read_jsonl
from .fake_openai import Reply

DAY = ROOT / "briefs" / "samples" / "day"
EXAMPLE = json.loads((ROOT / "prompts" / "extract" / "v1.examples.jsonl").read_text(encoding="utf-8").splitlines()[0])


def briefs(*args: str, url: str, env: dict | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    environment = {**os.environ, "BRIEFS_DATABASE_URL": url, **(env or {})}
    environment.pop("BRIEFS_MODEL", None)
    return subprocess.run(
        [sys.executable, "-m", "briefs", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=environment,
        timeout=timeout,
    )


def spawn(*args: str, url: str) -> subprocess.Popen:
    environment = {**os.environ, "BRIEFS_DATABASE_URL": url}
    environment.pop("BRIEFS_MODEL", None)
    return subprocess.Popen(
        [sys.executable, "-m", "briefs", *args],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.fixture
def url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'briefs.db'}"


def many_articles(n: int) -> list[dict]:
    """n distinct articles: the gold reports, each copy with its own closing line (so its own hash)."""
    gold = read_jsonl(DATASETS / "incidents.jsonl")
    letters = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"
    out = []
    for i in range(n):
        record = dict(gold[i % len(gold)])
        tag = "".join(letters[(i // len(letters) ** k) % len(letters)] for k in range(3))
        record["id"] = f"copy-{i}"
        record["text"] = record["text"] + f"\nرمز النسخة {tag}"
        out.append({k: record[k] for k in ("id", "text", "published_at", "outlet") if k in record})
    return out


def write_jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def tally(store: Store, model, *where) -> int:
    with store.sessions() as session:
        return session.scalars(select(func.count()).select_from(model).where(*where)).one()


def test_run_is_idempotent_and_force_redoes(url):
    first = briefs("run", str(DAY), url=url)
    assert first.returncode == 0, first.stderr
    assert "8 article(s) read, 8 new; 8 to process with the offline lexicon extractor" in first.stderr
    assert "done: 8 article(s), 7 incident(s); failed: 0" in first.stdout
    again = briefs("run", str(DAY), url=url)
    assert again.returncode == 0 and "0 to process" in again.stderr and "8 already done" in again.stderr
    forced = briefs("run", str(DAY), "--force", url=url)
    assert "done: 8 article(s), 7 incident(s)" in forced.stdout
    store = Store(url)
    assert (tally(store, Article), tally(store, Run), tally(store, ExtractionRow), tally(store, IncidentRow)) == (
        8,
        8,
        8,
        7,
    )


def test_bad_files_are_named_with_their_reason_and_the_batch_goes_on(url, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    day = [json.loads(line) for line in (DAY / "2024-03-14.jsonl").read_text(encoding="utf-8").splitlines()]
    good = day[2]
    (folder / "good.txt").write_text(good["text"], encoding="utf-8")
    (folder / "empty.txt").write_text("  \n", encoding="utf-8")
    (folder / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    (folder / "latin1.txt").write_bytes("café au lait".encode("latin-1"))
    (folder / "english.txt").write_text("Five soldiers were killed in an attack on Wednesday." * 3, encoding="utf-8")
    (folder / "big.txt").write_text("قتل " * 400, encoding="utf-8")
    write_jsonl(folder / "batch.jsonl", [day[4], {"id": "no-text"}])
    with (folder / "batch.jsonl").open("a", encoding="utf-8") as handle:
        handle.write('{"id": "broken", "text": "مقتل\n')
    result = briefs("run", str(folder), url=url, env={"BRIEFS_MAX_INPUT_BYTES": "1500"})
    assert result.returncode == 1, result.stderr
    reasons = {
        "empty.txt": "empty",
        "binary.txt": "looks binary",
        "latin1.txt": "not UTF-8",
        "english.txt": "no Arabic text found",
        "big.txt": "over the limit",
        "batch.jsonl:2": "missing field 'text'",
        "batch.jsonl:3": "malformed JSON",
    }
    for name, reason in reasons.items():
        line = next((s for s in result.stderr.splitlines() if s.startswith("skipped") and name in s), None)
        assert line is not None and reason in line, (name, result.stderr)
    assert "done: 2 article(s)" in result.stdout and "skipped inputs: 7" in result.stdout


def test_a_failure_is_stored_with_its_reason_and_retried(fake_openai, tmp_path, monkeypatch, url):
    monkeypatch.setenv("OPENAI_BASE_URL", fake_openai.base_url)
    monkeypatch.setenv("OPENAI_API_KEY", "test-key")
    settings = Settings(database_url=url, transport_retries=0, request_timeout=2.0, retry_wait=0.01)
    store = Store(url)
    article = ArticleText(id="a1", text=EXAMPLE["article"], published_at="2024-05-13", outlet="wire")
    pipeline = Pipeline(store, settings, model="openai:test-model")
    try:
        fake_openai.script(Reply(status=503, content="overloaded"))
        pipeline.ingest([article], "test")
        stats = pipeline.process("test-worker:1:a")
        assert (stats.done, stats.failed) == (0, 1)
        [run] = store.queue.runs_of(pipeline.ingest([article], "test").hashes[0])
        assert (
            run.status == "failed"
            and run.error == f"model service failed (server_error): HTTP 503 from {fake_openai.base_url}: overloaded"
        )
        # Running the same input again does not retry a failure unless asked.
        assert pipeline.ingest([article], "test").queue == {"queued": 0, "done": 0, "failed": 1, "in progress": 0}
        fake_openai.script(Reply.json(EXAMPLE["extraction"]))
        assert store.queue.retry_failed(pipeline.config) == 1
        stats = pipeline.process("test-worker:1:b")
        assert (stats.done, stats.failed) == (1, 0)
        [run] = store.queue.runs_of(run.article_hash)
        assert run.status == "done" and run.error is None and run.tries == 2
        assert store.queue.result_of(run.id).model == "openai:test-model"
    finally:
        pipeline.close()


def test_a_killed_run_resumes_with_no_duplicate_and_no_missing_article(url, tmp_path):
    records = many_articles(400)
    batch = write_jsonl(tmp_path / "batch.jsonl", records)
    process = spawn("run", str(batch), "-q", url=url)
    store = Store(url)
    deadline = time.monotonic() + 60
    # Kill it while it holds a claimed batch, after at least one batch was saved.
    while (
        time.monotonic() < deadline
        and process.poll() is None
        and not (tally(store, Run, Run.status == "done") >= 50 and tally(store, Run, Run.status == "running") > 0)
    ):
        time.sleep(0.01)
    process.send_signal(signal.SIGKILL)
    process.wait()
    done_before = tally(store, Run, Run.status == "done")
    assert 50 <= done_before < 400, "kill the run mid-batch"
    assert tally(store, Run, Run.status == "running") > 0, "the killed run left claimed work behind"
    resumed = briefs("run", str(batch), "-q", url=url)
    assert resumed.returncode == 0, resumed.stderr
    assert "taken back from an interrupted run" in resumed.stderr
    assert (tally(store, Article), tally(store, Run), tally(store, Run, Run.status == "done")) == (400, 400, 400)
    assert tally(store, ExtractionRow) == 400
    with store.sessions() as session:
        per_run = session.execute(
            select(IncidentRow.run_id, func.count(), func.count(func.distinct(IncidentRow.position))).group_by(
                IncidentRow.run_id
            )
        ).all()
        linked = session.scalar(select(func.count()).select_from(Article).where(Article.current_run_id.is_not(None)))
    assert all(n == distinct for _, n, distinct in per_run) and linked == 400


def run_two_workers(url: str, n: int) -> Store:
    store = Store(url)
    Pipeline(store, Settings(database_url=url), model="lexicon").ingest(
        [ArticleText(**r) for r in many_articles(n)], "test"
    )
    workers = [spawn("worker", "--exit-when-empty", "--batch", "5", "--poll", "0.1", url=url) for _ in range(2)]
    for worker in workers:
        _, stderr = worker.communicate(timeout=120)
        assert worker.returncode == 0, stderr
    return store


def assert_each_processed_once(store: Store, n: int) -> None:
    with store.sessions() as session:
        runs = session.execute(select(Run.status, Run.tries, Run.worker)).all()
    assert len(runs) == n and {status for status, _, _ in runs} == {"done"}
    assert {tries for _, tries, _ in runs} == {1}, "an article was claimed twice"
    assert len({worker for _, _, worker in runs}) == 2, "both workers took a share"
    assert tally(store, ExtractionRow) == n


def test_two_workers_share_one_sqlite_queue(url):
    assert_each_processed_once(run_two_workers(url, 300), 300)


def test_claiming_is_one_statement_with_skip_locked_on_postgresql():
    statement = claim_statement("w:1:x", config=RunConfig("lexicon"), limit=3, lease_seconds=60, article_hashes=None)
    sql = str(statement.compile(dialect=postgresql.dialect()))
    assert sql.startswith("UPDATE runs") and "FOR UPDATE SKIP LOCKED" in sql and "RETURNING runs.id" in sql


def test_two_workers_share_one_postgresql_queue(postgres_url):
    store = run_two_workers(postgres_url, 150)
    assert store.engine.dialect.name == "postgresql"
    assert_each_processed_once(store, 150)


def test_briefs_run_names_a_failure_and_retry_failed_picks_it_up(fake_openai, url, tmp_path):
    article = write_jsonl(
        tmp_path / "one.jsonl", [{"id": "a1", "text": EXAMPLE["article"], "published_at": "2024-05-13"}]
    )
    env = {
        "OPENAI_BASE_URL": fake_openai.base_url,
        "OPENAI_API_KEY": "test-key",
        "BRIEFS_TRANSPORT_RETRIES": "0",
        "BRIEFS_REQUEST_TIMEOUT": "5",
    }
    fake_openai.script(Reply(status=503, content="overloaded"))
    failed = briefs("run", str(article), "--model", "openai:test-model", url=url, env=env)
    assert failed.returncode == 4, failed.stderr  # the model service failed
    assert (
        f"failed a1: model service failed (server_error): HTTP 503 from {fake_openai.base_url}: overloaded"
        in failed.stderr
    )
    assert "retry the failures with: briefs run --retry-failed" in failed.stderr
    fake_openai.script(Reply.json(EXAMPLE["extraction"]))
    retried = briefs("run", "--retry-failed", "--model", "openai:test-model", url=url, env=env)
    assert retried.returncode == 0, retried.stderr
    assert "done: 1 article(s)" in retried.stdout and "failed: 0" in retried.stdout


def test_an_llm_pipeline_logs_its_calls_to_its_own_store_and_tells_its_hooks(fake_openai, tmp_path, monkeypatch, url):
    from briefs.extract.hooks import CallMade, Hooks

    monkeypatch.setenv("OPENAI_BASE_URL", fake_openai.base_url)
    monkeypatch.setenv("OPENAI_API_KEY", "test-key")
    elsewhere = f"sqlite:///{tmp_path / 'elsewhere.db'}"  # what BRIEFS_DATABASE_URL would name
    settings = Settings(database_url=elsewhere, transport_retries=0, request_timeout=2.0, retry_wait=0.01)
    store, heard = Store(url), []
    hooks = Hooks()
    hooks.on(CallMade, heard.append)
    pipeline = Pipeline(store, settings, model="openai:test-model", hooks=hooks)
    try:
        fake_openai.script(Reply.json(EXAMPLE["extraction"]))
        [digest] = pipeline.ingest([ArticleText(id="a1", text=EXAMPLE["article"])], "test").hashes
        assert pipeline.process("test-worker:1:a").done == 1
    finally:
        pipeline.close()
    assert [call.article_hash for call in store.calls.logged()] == [digest]
    assert [event.call.article_hash for event in heard] == [digest]
    assert not (tmp_path / "elsewhere.db").exists() or Store(elsewhere).calls.logged() == []
