from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from briefs.extract.llm import LLMExtractor
    from briefs.store import Store

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
DATASETS = ROOT / "evals" / "datasets"


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def shared_articles() -> list[Path]:
    """The real articles beside the project (../shared); empty on a user's fresh clone."""
    if not SHARED.is_dir():
        return []
    return sorted((SHARED / "corpus" / "ant").glob("*.txt")) + sorted((SHARED / "seeds").glob("*.txt"))


needs_shared = pytest.mark.skipif(
    not SHARED.is_dir(), reason="../shared (the real-article corpus) is not beside the project"
)


@pytest.fixture(scope="session", autouse=True)
def _own_cache_dir(tmp_path_factory):
    """The tables kept on disk (briefs.arabic.tables) go to a directory of this session, not the user's
    cache: a test run neither reads a table an earlier checkout wrote nor leaves files behind."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("BRIEFS_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
        yield


@pytest.fixture
def sample_day_store(tmp_path) -> Iterator[Store]:
    """A SQLite store holding the sample day (briefs/samples/day/2024-03-14.jsonl), coded by the lexicon."""
    from briefs.config import Settings
    from briefs.inputs import ArticleText
    from briefs.pipeline import Pipeline
    from briefs.store import Store

    url = f"sqlite:///{tmp_path / 'briefs.db'}"
    store = Store(url)
    pipeline = Pipeline(store, Settings(database_url=url), model="lexicon")
    day = ROOT / "briefs" / "samples" / "day" / "2024-03-14.jsonl"
    pipeline.ingest([ArticleText(**json.loads(line)) for line in day.read_text(encoding="utf-8").splitlines()], "test")
    pipeline.process("test:1:a")
    yield store
    store.close()


# --- The local OpenAI-compatible server (tests/fake_openai.py) ---------------------------------------
# One server per test session (start ~3 ms, but a clean uvicorn shutdown costs ~0.15 s), reset before
# and after every test: script, default, recordings and counters are per test.


@pytest.fixture(scope="session")
def _fake_openai_server():
    from .fake_openai import FakeOpenAI

    with FakeOpenAI() as server:
        yield server


@pytest.fixture
def fake_openai(_fake_openai_server):
    """A running FakeOpenAI (``.base_url`` is http://127.0.0.1:PORT/v1), fresh for this test.

    Script replies with ``fake_openai.script(Reply(...), ...)``. A request that finds the script
    exhausted (and no ``default``) is answered 500 and fails the test at teardown, unless the test set
    ``fake_openai.fail_on_exhausted = False``.
    """
    server = _fake_openai_server
    server.reset()
    yield server
    exhausted, fail = server.exhausted, server.fail_on_exhausted
    server.reset()
    if fail and exhausted:
        pytest.fail(
            f"FakeOpenAI: request(s) {exhausted} arrived after the script ran out (no default set); "
            "script more replies, set fake_openai.default, or set fake_openai.fail_on_exhausted = False",
            pytrace=False,
        )


@pytest.fixture
def postgres_url(tmp_path):
    """A PostgreSQL server of the test's own (pgserver, from the package registry), skipped with the
    reason where it cannot start."""
    pgserver = pytest.importorskip(
        "pgserver", reason="pgserver (PostgreSQL from the package registry) is not installed"
    )
    try:
        server = pgserver.get_server(tmp_path / "pg", cleanup_mode="stop")
    except Exception as error:  # noqa: BLE001 - no server on this machine: say why and skip
        pytest.skip(f"PostgreSQL could not be started here: {error}")
    yield server.get_uri()
    server.cleanup()


class ExtractorMaker:
    """`make_extractor`'s value: called, a new LLM extractor that logs to `store`."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.made: list[LLMExtractor] = []

    def __call__(self, use_cache: bool = False, **overrides: Any) -> LLMExtractor:
        from briefs.config import Settings
        from briefs.extract.calls import StoreCallLog
        from briefs.extract.select import make_llm_extractor

        values: dict[str, Any] = {"request_timeout": 2.0, "transport_retries": 2, "retry_wait": 0.01, **overrides}
        extractor = make_llm_extractor(
            "openai:test-model", settings=Settings(**values), calls=StoreCallLog(self.store), use_cache=use_cache
        )
        self.made.append(extractor)
        return extractor


@pytest.fixture
def make_extractor(fake_openai, tmp_path: Path, monkeypatch):
    """Makes LLM extractors on `fake_openai` that log to one store (``make_extractor.store``); each
    closed at teardown. Settings for tests: short timeouts, two transport retries, no backoff to speak
    of, the response cache off; a test passes what it needs otherwise (``use_cache=True``, any setting)."""
    from briefs.store import Store

    monkeypatch.setenv("OPENAI_BASE_URL", fake_openai.base_url)
    monkeypatch.setenv("OPENAI_API_KEY", "test-key")
    make = ExtractorMaker(Store(f"sqlite:///{tmp_path / 'briefs.db'}"))
    yield make
    for extractor in make.made:
        extractor.close()
    make.store.close()


@pytest.fixture(scope="session")
def lexicon():
    """One offline lexicon extractor for the session: it holds its dictionaries, nothing of an article."""
    from briefs.extract.lexicon import LexiconExtractor

    return LexiconExtractor()
