"""GET /v1/briefs/{day} answers the same whichever way it is served: the route builds it, the fast path
serves it again from the one cache, and both send the response of one builder (api.briefresponse)."""

from __future__ import annotations

from datetime import date

from .api_support import SAMPLE, running_api

DAY = "2023-03-14"
ORIGIN = "https://dash.example.org"


def published(api) -> None:
    response = api.post("/v1/articles?wait=true", json={"text": SAMPLE, "published_at": "2023-03-15"})
    assert response.status_code == 200


def test_a_brief_served_by_the_fast_path_carries_the_cors_headers_of_the_route(tmp_path):
    with running_api(tmp_path, api_cors_origins=ORIGIN) as api:
        published(api)
        fast = api.app.state.core.fastpath
        first = api.get(f"/v1/briefs/{DAY}", headers={"Origin": ORIGIN})  # built by the route
        hits = fast.hits
        second = api.get(f"/v1/briefs/{DAY}", headers={"Origin": ORIGIN})  # served by the fast path
        assert fast.hits == hits + 1
        assert first.headers["access-control-allow-origin"] == ORIGIN
        assert second.headers.get("access-control-allow-origin") == ORIGIN
        not_modified = api.get(f"/v1/briefs/{DAY}", headers={"Origin": ORIGIN, "If-None-Match": first.headers["etag"]})
        assert not_modified.status_code == 304 and fast.hits == hits + 2
        assert not_modified.headers.get("access-control-allow-origin") == ORIGIN


def test_the_fast_path_sends_every_header_the_route_sends(tmp_path):
    with running_api(tmp_path, api_cors_origins=ORIGIN) as api:
        published(api)
        fast = api.app.state.core.fastpath
        for headers in ({}, {"Origin": ORIGIN}, {"Accept": "text/html"}, {"Accept": "text/markdown"}):
            first = api.get(f"/v1/briefs/{DAY}?format=json" if not headers else f"/v1/briefs/{DAY}", headers=headers)
            hits = fast.hits
            second = api.get(f"/v1/briefs/{DAY}?format=json" if not headers else f"/v1/briefs/{DAY}", headers=headers)
            assert fast.hits == hits + 1, headers
            assert sorted(second.headers.multi_items()) == sorted(first.headers.multi_items()), headers
            assert second.content == first.content


def test_the_brief_has_one_cache(tmp_path):
    """The route and the fast path read the same cache: the brief is built once, and a change of its date
    makes both build it again."""
    with running_api(tmp_path) as api:
        published(api)
        core = api.app.state.core
        built = []
        render = core.briefs.build

        def counting(date_from: date, date_to: date, fmt: str) -> str:
            built.append((date_from, date_to, fmt))
            return render(date_from, date_to, fmt)

        core.briefs.build = counting
        core.briefs.invalidate()
        etags = {api.get(f"/v1/briefs/{DAY}").headers["etag"] for _ in range(3)}
        assert len(built) == 1 and len(etags) == 1
        core.briefs.invalidate([date(2023, 3, 14)])
        api.get(f"/v1/briefs/{DAY}")
        assert len(built) == 2
