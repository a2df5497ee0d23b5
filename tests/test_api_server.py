"""The API on a real uvicorn server on 127.0.0.1: the main path a new user follows, and ingestion by
50 concurrent clients (no duplicate, no lost article, no 5xx)."""

from __future__ import annotations

import asyncio
import time

import httpx
import pytest
from briefs.domain import article_hash
from briefs.store import Article, Run, Store
from sqlalchemy import func, select

from .api_support import SAMPLE, SEEDS, Server, api_settings


@pytest.fixture
def server(tmp_path):
    from api import create_app

    settings = api_settings(tmp_path)
    store = Store(settings.database_url)
    app = create_app(settings, store)
    with Server(app) as running:
        running.store = store
        yield running
    store.close()


def test_main_path_post_articles_then_read_the_brief(server):
    editor = server.store.keys.create("editor", "newsroom")[0]
    reader = server.store.keys.create("reader", "dashboard")[0]
    texts = [path.read_text(encoding="utf-8") for path in SEEDS] or [SAMPLE]
    with httpx.Client(base_url=server.base_url, timeout=30) as client:
        assert client.get("/healthz").json() == {"status": "ok"}
        assert client.get("/readyz").json()["status"] == "ready"
        posted = client.post(
            "/v1/articles?wait=true",
            json=[{"id": f"seed-{i}", "text": t} for i, t in enumerate(texts)],
            headers={"Authorization": f"Bearer {editor}"},
        )
        assert posted.status_code == 200, posted.text
        articles = posted.json()["articles"]
        assert [a["id"] for a in articles] == [article_hash(t) for t in texts]
        assert all(a["status"] == "done" and a["article"]["incidents"] for a in articles)
        day = articles[0]["article"]["incidents"][0]["event_date"]
        auth = {"Authorization": f"Bearer {reader}"}
        brief = client.get(f"/v1/briefs/{day}", headers=auth)
        assert brief.status_code == 200 and brief.headers["content-type"] == "application/json"
        assert brief.json()["headline"]["incidents"] >= 1 and brief.json()["date_from"] == day
        html = client.get(f"/v1/briefs/{day}", headers={**auth, "Accept": "text/html"})
        assert html.status_code == 200 and html.headers["content-type"].startswith("text/html")
        assert "<html" in html.text.lower() and html.headers["x-content-type-options"] == "nosniff"
        assert client.get(f"/v1/briefs/{day}?format=html", headers=auth).text == html.text  # served from the cache
        incidents = client.get("/v1/incidents", params={"date_from": day, "date_to": day}, headers=auth).json()["items"]
        assert {i["article_id"] for i in incidents} <= {a["id"] for a in articles} and incidents
        assert client.post("/v1/check", json={"source": texts[0], "text": "1"}, headers=auth).status_code == 403


def test_fifty_concurrent_clients_no_duplicate_no_loss_no_5xx(server):
    editor = server.store.keys.create("editor")[0]
    shared = [SAMPLE + f"\nوأفاد مصدر محلي بأن الوضع في المنطقة {i} بقي متوترا." for i in range(10)]
    own = [SAMPLE + f"\nوقال شاهد عيان إن الاشتباكات في الحي {i} استمرت حتى المساء." for i in range(50)]

    async def one_client(i: int, client: httpx.AsyncClient) -> list[tuple[int, list[str], list[str]]]:
        sent = []
        for body in ({"text": shared[i % 10]}, [{"text": own[i]}, {"text": shared[(i + 3) % 10]}]):
            response = await client.post("/v1/articles", json=body)
            ids = [a["id"] for a in response.json()["articles"]] if response.status_code < 300 else []
            texts = [b["text"] for b in (body if isinstance(body, list) else [body])]
            sent.append((response.status_code, ids, texts))
        return sent

    async def main():
        headers = {"Authorization": f"Bearer {editor}"}
        clients = [httpx.AsyncClient(base_url=server.base_url, headers=headers, timeout=60) for _ in range(50)]
        try:
            return await asyncio.gather(*(one_client(i, c) for i, c in enumerate(clients)))
        finally:
            await asyncio.gather(*(c.aclose() for c in clients))

    results = [item for client in asyncio.run(main()) for item in client]
    assert len(results) == 100
    assert {status for status, _, _ in results} == {202}, [s for s, _, _ in results]
    for _, ids, texts in results:
        assert ids == [article_hash(t) for t in texts]
    expected = {article_hash(t) for t in shared + own}
    with server.store.sessions() as session:
        stored = list(session.scalars(select(Article.article_hash)))
        runs = session.execute(select(Run.article_hash, func.count()).group_by(Run.article_hash)).all()
    assert len(stored) == len(set(stored)) == 60 and set(stored) == expected
    assert sorted(n for _, n in runs) == [1] * 60  # one run per article: nothing queued twice
    deadline = time.monotonic() + 30
    while server.store.queue.run_counts().get("done", 0) < 60 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.store.queue.run_counts() == {"done": 60}  # nothing lost: every article processed


def test_briefs_serve_runs_the_api(tmp_path):
    """`briefs serve` (uvicorn over `api.app:app`, the app made from the environment) on a free port."""
    import os
    import subprocess
    import sys

    from .api_support import free_port, wait_until_serving

    port = free_port()
    env = {**os.environ, "BRIEFS_DATABASE_URL": f"sqlite:///{tmp_path / 'serve.db'}"}
    env.pop("BRIEFS_MODEL", None)
    key = subprocess.run(
        [sys.executable, "-m", "briefs", "keys", "create", "--role", "reader"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    server = subprocess.Popen(
        [sys.executable, "-m", "briefs", "serve", "--port", str(port), "--log-level", "info"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        wait_until_serving(f"http://127.0.0.1:{port}", server)
        response = httpx.get(f"http://127.0.0.1:{port}/v1/incidents", headers={"Authorization": f"Bearer {key}"})
        assert response.status_code == 200 and response.json() == {"items": [], "next_cursor": None}
    finally:
        server.terminate()
        output = server.communicate(timeout=10)[0]
    assert "GET /v1/incidents HTTP/1.1" in output and key not in output  # the access log has paths, never keys
