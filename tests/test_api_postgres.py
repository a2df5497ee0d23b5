"""The API on PostgreSQL (pgserver): an article posted and processed, then its day's brief in each format,
built from the store's rows (the brief reads stored incidents as JSON text, which psycopg would otherwise
hand over already parsed) and served again from the cache."""

from __future__ import annotations

from .api_support import SAMPLE, running_api

DAY = "2023-03-14"


def test_the_brief_of_a_day_on_postgresql(tmp_path, postgres_url):
    with running_api(tmp_path, database_url=postgres_url) as api:
        assert api.store.engine.dialect.name == "postgresql"
        assert (
            api.post("/v1/articles?wait=true", json={"text": SAMPLE, "published_at": "2023-03-15"}).status_code == 200
        )
        brief = api.get(f"/v1/briefs/{DAY}")
        assert brief.status_code == 200, brief.text
        assert brief.json()["headline"]["incidents"] >= 1
        assert api.get(f"/v1/briefs/{DAY}", headers={"Accept": "text/html"}).text.lower().startswith("<!doctype html>")
        hits = api.app.state.core.fastpath.hits
        again = api.get(f"/v1/briefs/{DAY}", headers={"If-None-Match": brief.headers["etag"]})
        assert again.status_code == 304 and api.app.state.core.fastpath.hits == hits + 1
