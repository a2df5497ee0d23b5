"""The store as one repository per concern: run statuses typed, the call log and cache a handover-ready
object, the one hash, and SQL written only inside briefs/store (and the migrations)."""

from __future__ import annotations

import ast
import hashlib
from datetime import date
from pathlib import Path

import pytest
from briefs.domain import article_hash
from briefs.errors import StoreError
from briefs.hashing import content_hash, sha256_hex
from briefs.store import NewArticle, RunConfig, RunStatus, Store, worker_id

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def store(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'briefs.db'}")
    yield store
    store.close()


def test_run_statuses_are_the_stored_strings_and_come_back_typed(store):
    assert [s.value for s in RunStatus] == ["pending", "running", "done", "failed"]
    assert [s.finished for s in RunStatus] == [False, False, True, True]
    config = RunConfig("lexicon")
    text = "قتل شخصان في هجوم على قرية قرب حلب يوم الاثنين"
    digest = sha256_hex(text)
    store.queue.ingest([NewArticle(article_hash=digest, external_id="a1", text=text)], config)
    [run] = store.queue.runs_of(digest)
    assert run.status is RunStatus.PENDING
    with store.engine.connect() as connection:  # the column holds the plain string, as before
        assert connection.exec_driver_sql("SELECT status FROM runs").scalar_one() == "pending"
    [claimed] = store.queue.claim(worker_id(), config=config)
    assert claimed.article.article_hash == digest and claimed.article.external_id == "a1"
    assert store.queue.run_counts(config) == {RunStatus.RUNNING: 1}
    assert store.queue.statuses([digest], config.key) == {digest: (RunStatus.RUNNING, None)}


def test_the_call_log_and_cache_round_trip_through_one_repository(store):
    calls = store.calls
    row = calls.log(article_hash="h1", model="m", purpose="extract", attempt=1, messages=[{"role": "user"}])
    assert row.id is not None
    calls.log_many(
        [
            {"article_hash": "h2", "model": "m", "purpose": "extract", "attempt": 1, "messages": []},
            {"article_hash": "h2", "model": "m", "purpose": "repair", "attempt": 2, "messages": []},
        ]
    )
    assert [c.purpose for c in calls.logged("h2")] == ["extract", "repair"]
    assert [c.article_hash for c in calls.logged()] == ["h1", "h2", "h2"]
    assert calls.cached_reply("k") is None
    calls.cache_reply("k", model="m", prompt_hash="p", raw_response="{}", input_tokens=3, output_tokens=None)
    calls.cache_reply("k", model="m", prompt_hash="p", raw_response='{"a": 1}', input_tokens=3, output_tokens=1)
    hit = calls.cached_reply("k")
    assert hit is not None and hit.raw_response == '{"a": 1}' and hit.output_tokens == 1
    assert calls.output_mode("http://127.0.0.1:1/v1") is None
    calls.remember_output_mode("http://127.0.0.1:1/v1", "tools")
    assert calls.output_mode("http://127.0.0.1:1/v1") == "tools"


def test_keys_are_found_by_their_plaintext_and_stored_as_its_hash(store):
    plaintext, row = store.keys.create("reader", "ci")
    assert row.key_hash == sha256_hex(plaintext) and plaintext not in row.key_hash
    found = store.keys.find(plaintext)
    assert found is not None and found.id == row.id
    assert store.keys.find(plaintext + "x") is None
    assert store.keys.revoke(row.id) and not store.keys.revoke(row.id)
    assert store.keys.find(plaintext) is None and [k.id for k in store.keys.all()] == [row.id]


def test_opening_a_store_that_cannot_open_is_a_store_error_with_the_password_masked(tmp_path):
    with pytest.raises(StoreError, match=r"cannot open the store at nosuchdb://u:\*\*\*@") as raised:
        Store("nosuchdb://u:s3cret@localhost/briefs")
    assert "s3cret" not in str(raised.value)


def test_the_one_hash_keeps_every_stored_value():
    """Articles are stored under these hashes and caches and eval fingerprints keyed on them:
    a change here would orphan every store and cache."""
    text = "نص عربي"
    assert sha256_hex(text) == hashlib.sha256(text.encode("utf-8")).hexdigest() == article_hash(text)
    assert sha256_hex(text.encode("utf-8")) == sha256_hex(text)
    assert content_hash("m", {"b": 1, "a": [date(2024, 3, 1)]}) == sha256_hex('["m",{"a":["2024-03-01"],"b":1}]')


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    return names | {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}


def test_only_the_store_and_its_migrations_speak_sql():
    """The API and the rest of the library go through the store's repositories."""
    allowed = (ROOT / "briefs" / "store", ROOT / "briefs" / "migrations")
    speaking = [
        str(path.relative_to(ROOT))
        for folder in ("briefs", "api")
        for path in sorted((ROOT / folder).rglob("*.py"))
        if not path.is_relative_to(allowed[0])
        and not path.is_relative_to(allowed[1])
        and any(name.split(".")[0] == "sqlalchemy" for name in _imports(path))
    ]
    assert speaking == []
