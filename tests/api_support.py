"""Shared helpers for the API tests (tests/test_api_*.py): an app over a fresh SQLite store, keys of
every role, and a real uvicorn server on 127.0.0.1."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from briefs.config import Settings
from briefs.store import Store

from .conftest import ROOT, SHARED

if TYPE_CHECKING:
    from fastapi import FastAPI
    from fastapi.testclient import TestClient

SAMPLE = (ROOT / "briefs" / "samples" / "article.txt").read_text(encoding="utf-8")
SEEDS = sorted((SHARED / "seeds").glob("*.txt")) if SHARED.is_dir() else []


def api_settings(tmp_path: Path, **overrides) -> Settings:
    values: dict[str, Any] = dict(
        database_url=f"sqlite:///{tmp_path / 'api.db'}",
        model=None,
        api_rate_per_minute=60_000,
        api_rate_burst=10_000,
        api_brief_cache_seconds=1.0,
        api_key_cache_seconds=5.0,
    )
    values.update(overrides)
    return Settings(**values)


@dataclass
class Api:
    client: TestClient
    app: FastAPI
    store: Store
    keys: dict[str, str]

    def auth(self, role: str = "admin") -> dict[str, str]:
        return {"Authorization": f"Bearer {self.keys[role]}"}

    def get(self, url: str, role: str = "reader", **kwargs):
        return self.client.get(url, headers={**self.auth(role), **kwargs.pop("headers", {})}, **kwargs)

    def post(self, url: str, role: str = "editor", **kwargs):
        return self.client.post(url, headers={**self.auth(role), **kwargs.pop("headers", {})}, **kwargs)


def make_keys(store: Store) -> dict[str, str]:
    return {role: store.keys.create(role, f"test {role}")[0] for role in ("reader", "editor", "admin")}


@contextlib.contextmanager
def running_api(tmp_path: Path, **overrides):
    from api import create_app
    from fastapi.testclient import TestClient

    settings = api_settings(tmp_path, **overrides)
    store = Store(settings.database_url)
    keys = make_keys(store)
    app = create_app(settings, store)
    try:
        with TestClient(app) as client:
            yield Api(client, app, store, keys)
    finally:
        store.close()


@pytest.fixture
def api(tmp_path):
    with running_api(tmp_path) as instance:
        yield instance


def wait_until_serving(base_url: str, server) -> None:
    """Poll a `briefs serve` process's /readyz until it answers 200; fail if it exits or takes 20 s."""
    import httpx

    deadline = time.monotonic() + 20
    while True:
        try:
            if httpx.get(f"{base_url}/readyz", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        assert time.monotonic() < deadline and server.poll() is None, "briefs serve did not start"
        time.sleep(0.1)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """The app served by a real uvicorn on 127.0.0.1 in a background thread."""

    def __init__(self, app) -> None:
        import uvicorn

        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.server = uvicorn.Server(
            uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning", access_log=False, lifespan="on")
        )
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> Server:
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.01)
        return self

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self.thread.join(10)
