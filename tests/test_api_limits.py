"""Limits: request body size (counted, not trusted from Content-Length), article length, per-key rate."""

from __future__ import annotations

from .api_support import SAMPLE, running_api


def test_body_over_the_limit_is_413(tmp_path):
    with running_api(tmp_path, api_max_body_bytes=2_000) as api:
        big = {"source": SAMPLE + " " * 3_000, "text": "Five killed."}
        response = api.post("/v1/check", json=big)
        assert response.status_code == 413
        assert (
            response.json()["error"]["code"] == "body_too_large"
            and "2,000 bytes" in response.json()["error"]["message"]
        )
        # No Content-Length (chunked): the bytes are counted as they come.
        chunks = (b"x" * 500 for _ in range(10))
        response = api.post("/v1/articles", content=chunks, headers={"Content-Type": "application/json"})
        assert response.status_code == 413 and response.json()["error"]["code"] == "body_too_large"
        # A small body under the limit is served.
        small = {"source": SAMPLE[:600], "text": "Five killed."}
        assert api.post("/v1/check", json=small).status_code == 200


def test_a_lying_content_length_does_not_get_past_the_limit(tmp_path):
    import asyncio

    from api.middleware import BodyLimit

    seen = []

    async def app(scope, receive, send):
        seen.append(await receive())

    sent = []

    async def send(message):
        sent.append(message)

    messages = iter(
        [
            {"type": "http.request", "body": b"x" * 600, "more_body": True},
            {"type": "http.request", "body": b"x" * 600, "more_body": False},
        ]
    )

    async def receive():
        return next(messages)

    scope = {"type": "http", "method": "POST", "path": "/v1/check", "headers": [(b"content-length", b"10")]}
    asyncio.run(BodyLimit(app, 1_000)(scope, receive, send))
    assert seen == [] and sent[0]["status"] == 413


def test_article_text_over_the_limit_is_422(tmp_path):
    with running_api(tmp_path, max_article_chars=300) as api:
        for url, body, loc in [
            ("/v1/articles", {"text": SAMPLE}, "body.text"),
            ("/v1/summaries", {"text": SAMPLE}, "body.text"),
            ("/v1/check", {"source": SAMPLE, "text": "1"}, "body.source"),
            ("/v1/check", {"source": SAMPLE[:250], "text": "one " * 100}, "body.text"),
        ]:
            response = api.post(url, json=body)
            assert response.status_code == 422, (url, response.text)
            error = response.json()["error"]
            assert (
                error["code"] == "too_long"
                and error["fields"][0]["loc"] == loc
                and "BRIEFS_MAX_ARTICLE_CHARS" in error["message"]
            )


def test_rate_limit_per_key_with_retry_after(tmp_path):
    with running_api(tmp_path, api_rate_per_minute=6, api_rate_burst=3) as api:
        assert [api.get("/v1/incidents").status_code for _ in range(3)] == [200, 200, 200]
        limited = api.get("/v1/incidents")
        assert limited.status_code == 429 and limited.json()["error"]["code"] == "rate_limited"
        assert 1 <= int(limited.headers["retry-after"]) <= 10
        # Another key has its own bucket; probes need no key and are not limited.
        assert api.get("/v1/incidents", role="editor").status_code == 200
        assert api.client.get("/healthz").status_code == 200


def test_token_bucket_refills():
    from api.security import TokenBucket

    bucket = TokenBucket(per_minute=60_000, burst=2)
    assert [bucket.take(1), bucket.take(1)] == [0.0, 0.0]
    wait = bucket.take(1)
    assert 0 < wait <= 0.001 + 1e-9
    import time

    time.sleep(0.005)
    assert bucket.take(1) == 0.0


def test_failed_key_lookups_are_rate_limited_per_client_address(tmp_path, monkeypatch):
    with running_api(tmp_path, api_failed_auth_burst=5, api_failed_auth_per_minute=6) as api:
        good = {"Authorization": f"Bearer {api.keys['reader']}"}
        assert api.client.get("/v1/incidents", headers=good).status_code == 200  # verified, so remembered
        lookups = []
        find = api.store.keys.find
        monkeypatch.setattr(api.store.keys, "find", lambda token: lookups.append(token) or find(token))
        answers = [api.client.get("/v1/incidents", headers={"Authorization": f"Bearer brf_guess{i}"}) for i in range(8)]
        assert [a.status_code for a in answers] == [401] * 5 + [429] * 3
        assert len(lookups) == 5, "a blocked guess costs no database lookup"
        assert answers[-1].json()["error"]["code"] == "rate_limited" and int(answers[-1].headers["Retry-After"]) >= 1
        assert api.client.get("/v1/incidents", headers=good).status_code == 200  # a key verified before still works
