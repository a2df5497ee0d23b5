"""Every endpoint of the HTTP API and its error paths, through FastAPI's TestClient."""

from __future__ import annotations

import json
import time
from dataclasses import replace

import pytest

from .api_support import SAMPLE, api, running_api  # noqa: F401 - the api fixture

ENGLISH = "SDF units killed five ISIS members and arrested 4 in Dhiban on 14 March."


def wait_done(api, article_id: str, timeout: float = 10) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        body = api.get(f"/v1/articles/{article_id}").json()
        if body["status"] in ("done", "failed"):
            return body
        time.sleep(0.02)
    raise AssertionError(f"article {article_id} not processed in {timeout} s")


def error(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"} and body["error"]["code"] == code, body
    assert body["error"]["message"]
    return body["error"]


# ---- /v1/check ------------------------------------------------------------------------------------


def test_check_gives_the_grounding_report(api):
    response = api.post("/v1/check", json={"source": SAMPLE, "text": ENGLISH})
    assert response.status_code == 200
    report = response.json()
    assert report["verdict"] == "unsupported"
    statuses = {n["text"]: n["status"] for n in report["numbers"]}
    assert statuses == {"five": "supported", "4": "unsupported", "14 March": "supported"}
    five = next(n for n in report["numbers"] if n["text"] == "five")
    assert [SAMPLE[e["start"] : e["end"]] for e in five["evidence"]] == [e["text"] for e in five["evidence"]]
    assert api.post("/v1/check", json={"source": SAMPLE, "text": "Five killed."}).json()["verdict"] == "supported"


def test_check_reports_names_and_places_days_by_the_publication_date(api):
    report = api.post("/v1/check", json={"source": SAMPLE, "text": "Five were killed in Raqqa on Tuesday."}).json()
    assert {n["text"]: n["status"] for n in report["names"]} == {"Raqqa": "unsupported", "Tuesday": "supported"}
    assert report["verdict"] == "unsupported"
    assert api.post("/v1/check", json={"source": SAMPLE, "text": "x", "published_at": "2024-13-45"}).status_code == 422
    dated = api.post(
        "/v1/check", json={"source": SAMPLE, "text": "Five were killed on Tuesday.", "published_at": "2023-03-14"}
    )
    assert dated.status_code == 200 and dated.json()["names"][0]["status"] == "supported"


@pytest.mark.parametrize(
    ("body", "loc", "code"),
    [
        (
            {"source": "Five people were killed in the attack on the village.", "text": "Five killed."},
            "body.source",
            "no_arabic",
        ),
        ({"source": SAMPLE, "text": "   "}, "body.text", "invalid_request"),
        ({"source": SAMPLE}, "body.text", "invalid_request"),
        ({"source": SAMPLE, "text": "x", "extra": 1}, "body.extra", "invalid_request"),
        ({"source": 5, "text": "x"}, "body.source", "invalid_request"),
    ],
)
def test_check_names_the_bad_field(api, body, loc, code):
    err = error(api.post("/v1/check", json=body), 422, code)
    assert loc in [f["loc"] for f in err["fields"]]
    assert loc in err["message"]


def test_no_arabic_says_so(api):
    err = error(
        api.post("/v1/check", json={"source": "only English words here, no Arabic at all", "text": "1"}),
        422,
        "no_arabic",
    )
    assert "no Arabic text" in err["message"]


def test_malformed_json_is_a_422(api):
    response = api.post("/v1/check", content=b'{"source": "', headers={"Content-Type": "application/json"})
    err = error(response, 422, "invalid_request")
    assert err["fields"] == [{"loc": "body", "msg": err["fields"][0]["msg"]}] and err["fields"][0]["msg"].startswith(
        "malformed JSON"
    )


# ---- /v1/articles ---------------------------------------------------------------------------------


def test_post_article_is_accepted_then_processed_in_the_background(api):
    response = api.post(
        "/v1/articles", json={"id": "sample", "text": SAMPLE, "published_at": "2023-03-15", "outlet": "wire"}
    )
    assert response.status_code == 202
    [item] = response.json()["articles"]
    assert item["new"] is True and item["external_id"] == "sample" and item["status"] in ("pending", "running", "done")
    assert item["location"] == f"/v1/articles/{item['id']}" and len(item["id"]) == 64 and item["article"] is None
    detail = wait_done(api, item["id"])
    assert detail["status"] == "done" and detail["text"] == SAMPLE and detail["outlet"] == "wire"
    assert detail["published_at"] == "2023-03-15"
    assert detail["incidents"] and detail["incidents"][0]["location"]["country"] == "SYR"
    assert detail["summary"] and detail["grounding"]["verdict"] == "supported" and detail["flags"] == []
    assert [run["status"] for run in detail["runs"]] == ["done"] and detail["runs"][0]["config"] == "lexicon"
    assert detail["result"]["extractor"] == "lexicon"


def test_wait_true_answers_with_the_result(api):
    response = api.post("/v1/articles?wait=true", json={"text": SAMPLE})
    assert response.status_code == 200
    [item] = response.json()["articles"]
    assert item["status"] == "done" and item["external_id"] == item["id"]
    assert item["article"]["incidents"] and item["article"]["summary"]


def test_posting_is_idempotent_by_content(api):
    first = api.post("/v1/articles?wait=true", json={"text": SAMPLE}).json()["articles"][0]
    again = api.post("/v1/articles", json=[{"text": SAMPLE}, {"text": SAMPLE, "id": "copy"}]).json()["articles"]
    assert [a["id"] for a in again] == [first["id"]] * 2
    assert [a["new"] for a in again] == [False, False] and {a["status"] for a in again} == {"done"}
    detail = api.get(f"/v1/articles/{first['id']}").json()
    assert len(detail["runs"]) == 1 and detail["runs"][0]["tries"] == 1  # stored once, processed once


def test_a_batch_with_one_bad_article_stores_nothing(api):
    response = api.post(
        "/v1/articles", json=[{"text": SAMPLE}, {"text": "no arabic here at all, sorry"}, {"title": "x"}]
    )
    err = error(response, 422, "invalid_request")
    locs = {f["loc"]: f["msg"] for f in err["fields"]}
    assert set(locs) == {"body[2].text"}  # schema errors first; the Arabic check runs on a valid body
    response = api.post("/v1/articles", json=[{"text": SAMPLE}, {"text": "no arabic here at all, sorry"}])
    err = error(response, 422, "no_arabic")
    assert [f["loc"] for f in err["fields"]] == ["body[1].text"]
    from briefs.domain import article_hash

    assert api.store.queue.article(article_hash(SAMPLE)) is None


@pytest.mark.parametrize(
    ("body", "loc"),
    [
        ([], "body"),
        ({"text": SAMPLE, "published_at": "15/03/2023"}, "body.published_at"),
        ({"text": SAMPLE, "unknown": 1}, "body.unknown"),
        ("just a string", "body"),
    ],
)
def test_bad_article_bodies(api, body, loc):
    err = error(api.post("/v1/articles", json=body), 422, "invalid_request")
    assert loc in [f["loc"] for f in err["fields"]]


def test_batch_size_limit(tmp_path):
    with running_api(tmp_path, api_max_batch=2) as api:
        err = error(api.post("/v1/articles", json=[{"text": SAMPLE}] * 3), 422, "invalid_request")
        assert "BRIEFS_API_MAX_BATCH" in err["message"] and err["fields"][0]["loc"] == "body"


def test_get_article_errors(api):
    error(api.get("/v1/articles/" + "0" * 64), 404, "not_found")
    err = error(api.get("/v1/articles/not-a-hash"), 422, "invalid_request")
    assert err["fields"][0]["loc"] == "path.article_id"


# ---- /v1/summaries --------------------------------------------------------------------------------


def test_summary_with_the_lexicon_extractor(api):
    response = api.post("/v1/summaries", json={"text": SAMPLE, "published_at": "2023-03-15"})
    assert response.status_code == 200
    body = response.json()
    assert body["extractor"] == "lexicon" and body["model"] is None and body["attempts"] == 1
    assert body["summary"] and body["incidents"] and body["grounding"]["verdict"] == "supported"
    assert body["summary"] == " ".join(s["text_en"] for s in body["sentences"])
    assert all(
        SAMPLE[q["start"] : q["end"]] for s in body["sentences"] for q in s["evidence"] if q["start"] is not None
    )
    short = api.post("/v1/summaries", json={"text": SAMPLE, "length": "short"}).json()
    assert len(short["sentences"]) == 1 and short["summary"] == short["sentences"][0]["text_en"]
    numbers = [n["text"] for n in short["grounding"]["numbers"]]
    assert (
        all(short["summary"][n["start"] : n["end"]] == n["text"] for n in short["grounding"]["numbers"])
        and numbers is not None
    )


@pytest.mark.parametrize(
    ("body", "loc"),
    [
        ({"text": SAMPLE, "model": "openai:gpt-5"}, "body.model"),
        ({"text": SAMPLE, "prompt": "extract@v1"}, "body.prompt"),  # the lexicon takes no prompt
        ({"text": SAMPLE, "length": "tiny"}, "body.length"),
        ({"text": "English only, which is not what this endpoint reads."}, "body.text"),
    ],
)
def test_summary_errors_name_the_field(api, body, loc):
    response = api.post("/v1/summaries", json=body)
    assert response.status_code == 422
    assert loc in [f["loc"] for f in response.json()["error"]["fields"]]


# ---- /v1/briefs -----------------------------------------------------------------------------------


def test_brief_in_json_markdown_and_html(api):
    api.post("/v1/articles?wait=true", json={"text": SAMPLE, "published_at": "2023-03-15"})
    response = api.get("/v1/briefs/2023-03-14")
    assert response.status_code == 200 and response.headers["content-type"].startswith("application/json")
    brief = response.json()
    assert brief["date_from"] == "2023-03-14" and brief["headline"]["killed"] == 5 and len(brief["incidents"]) == 1
    html = api.get("/v1/briefs/2023-03-14", headers={"Accept": "text/html"})
    assert html.headers["content-type"].startswith("text/html") and "<html" in html.text.lower()
    assert (
        "script-src" not in html.headers["content-security-policy"]
        and "default-src 'none'" in html.headers["content-security-policy"]
    )
    md = api.get("/v1/briefs/2023-03-14?format=md", headers={"Accept": "text/html"})  # ?format= wins
    assert md.headers["content-type"].startswith("text/markdown") and md.text.lstrip().startswith("#")
    assert (
        api.get("/v1/briefs/2023-03-14", headers={"Accept": "text/markdown;q=0.5, text/html;q=0.9"})
        .headers["content-type"]
        .startswith("text/html")
    )
    empty = api.get("/v1/briefs/2023-03-20").json()
    assert empty["incidents"] == [] and empty["headline"]["incidents"] == 0


def test_brief_errors_and_etag(api):
    error(api.get("/v1/briefs/2023-02-30"), 422, "invalid_request")
    error(api.get("/v1/briefs/2023-03-14?format=pdf"), 422, "invalid_request")
    error(api.get("/v1/briefs/2023-03-14", headers={"Accept": "image/png"}), 406, "not_acceptable")
    first = api.get("/v1/briefs/2023-03-14")
    etag = first.headers["etag"]
    assert api.get("/v1/briefs/2023-03-14", headers={"If-None-Match": etag}).status_code == 304


def test_brief_cache_follows_the_store(api):
    assert api.get("/v1/briefs/2023-03-14").json()["headline"]["incidents"] == 0
    api.post("/v1/articles?wait=true", json={"text": SAMPLE, "published_at": "2023-03-15"})
    # processed by this server: the cache is invalidated at once
    assert api.get("/v1/briefs/2023-03-14").json()["headline"]["incidents"] == 1


# ---- /v1/incidents --------------------------------------------------------------------------------


OTHER = SAMPLE.replace("ذيبان", "الشحيل").replace("خمسة عناصر", "سبعة عناصر").replace("14 آذار", "16 آذار")


def test_incidents_filters_and_cursor(api):
    api.post(
        "/v1/articles?wait=true",
        json=[{"text": SAMPLE, "published_at": "2023-03-15"}, {"text": OTHER, "published_at": "2023-03-17"}],
    )
    everything = api.get("/v1/incidents").json()
    assert everything["next_cursor"] is None
    rows = everything["items"]
    assert len(rows) >= 2 and [r["id"] for r in rows] == sorted(r["id"] for r in rows)
    seen, cursor = [], None
    while True:
        page = api.get("/v1/incidents", params={"limit": 1, **({"cursor": cursor} if cursor else {})}).json()
        seen += [r["id"] for r in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == [r["id"] for r in rows]

    def ids(**params) -> set[int]:
        response = api.get("/v1/incidents", params=params)
        assert response.status_code == 200, response.text
        return {r["id"] for r in response.json()["items"]}

    by_date = {r["event_date"] for r in rows}
    assert "2023-03-14" in by_date and "2023-03-16" in by_date
    assert ids(date_from="2023-03-15") == {r["id"] for r in rows if r["event_date"] >= "2023-03-15"}
    assert ids(date_to="2023-03-14") == {r["id"] for r in rows if r["event_date"] <= "2023-03-14"}
    assert ids(country="SYR") == {r["id"] for r in rows} and ids(country="IRQ") == set()
    assert ids(admin1="deir ez-zor") == {r["id"] for r in rows if r["admin1"] == "Deir ez-Zor"}
    assert ids(min_fatalities=6) == {r["id"] for r in rows if r["fatalities"] >= 6} != set()
    kinds = {r["event_type"] for r in rows}
    kind = sorted(kinds)[0]
    assert ids(event_type=kind) == {r["id"] for r in rows if r["event_type"] == kind}
    assert ids(country="SYR", min_fatalities=6, date_to="2023-03-14") == set()


@pytest.mark.parametrize(
    ("params", "loc"),
    [
        ({"cursor": "bogus!"}, "query.cursor"),
        ({"limit": 0}, "query.limit"),
        ({"limit": 501}, "query.limit"),
        ({"country": "Syria"}, "query.country"),
        ({"event_type": "Fights"}, "query.event_type"),
        ({"min_fatalities": -1}, "query.min_fatalities"),
        ({"date_from": "2023-03-20", "date_to": "2023-03-01"}, "query.date_from"),
    ],
)
def test_incident_query_errors(api, params, loc):
    err = error(api.get("/v1/incidents", params=params), 422, "invalid_request")
    assert loc in [f["loc"] for f in err["fields"]]


# ---- probes, metrics, CORS, unknown routes, OpenAPI ----------------------------------------------


def test_health_and_readiness(api, monkeypatch):
    assert api.client.get("/healthz").json() == {"status": "ok"}
    ready = api.client.get("/readyz")
    assert ready.status_code == 200 and ready.json() == {
        "status": "ready",
        "checks": {"store": "ok", "extractor": "ok: lexicon"},
    }

    def down():
        raise ConnectionError("database gone")

    monkeypatch.setattr(api.app.state.store, "ping", down)
    not_ready = api.client.get("/readyz")
    assert not_ready.status_code == 503 and not_ready.json()["checks"]["store"] == "unreachable: ConnectionError"


def test_readiness_reports_an_unloadable_prompt(tmp_path):
    with running_api(tmp_path, model="openai:test-model", prompt="extract@v999") as api:
        ready = api.client.get("/readyz")
        assert ready.status_code == 503 and "extract@v999" in ready.json()["checks"]["extractor"]


def test_metrics_count_requests_by_route_and_grounding_failures(api):
    api.post("/v1/check", json={"source": SAMPLE, "text": ENGLISH})
    api.get("/v1/articles/" + "0" * 64)
    api.client.get("/v1/incidents")  # 401
    text = api.client.get("/metrics").text
    assert 'briefs_http_requests_total{method="POST",route="/v1/check",status="200"} 1.0' in text
    assert 'briefs_http_requests_total{method="GET",route="/v1/articles/{article_id}",status="404"} 1.0' in text
    assert 'briefs_http_requests_total{method="GET",route="/v1/incidents",status="401"} 1.0' in text
    assert 'briefs_http_request_duration_seconds_bucket{le="0.005",method="POST",route="/v1/check"}' in text
    assert 'briefs_grounding_failures_total{origin="check",status="unsupported"} 1.0' in text
    assert 'briefs_grounding_checks_total{origin="check",verdict="unsupported"} 1.0' in text
    assert "0" * 64 not in text  # raw paths never become labels
    # Model calls told to the app's hooks are counted, with their tokens.
    from briefs.errors import ModelFailure
    from briefs.extract.calls import CallOutcome, ModelCallEntry
    from briefs.extract.hooks import CallMade

    sent = ModelCallEntry(
        "h", "openai:m", "extract@v1", "p", "extract", 1, [], "http://127.0.0.1:9/v1", "json_schema", CallOutcome.OK
    )
    api.app.state.hooks.emit(CallMade(replace(sent, input_tokens=120, output_tokens=30)))
    failed = replace(sent, purpose="repair", attempt=2, outcome=CallOutcome.SERVICE_ERROR, failure=ModelFailure.TIMEOUT)
    api.app.state.hooks.emit(CallMade(failed))
    text = api.client.get("/metrics").text
    assert 'briefs_model_calls_total{model="openai:m",outcome="ok",purpose="extract"} 1.0' in text
    assert 'briefs_model_calls_total{model="openai:m",outcome="error",purpose="repair"} 1.0' in text
    assert 'briefs_model_tokens_total{direction="input",model="openai:m"} 120.0' in text


def test_cors_is_off_unless_configured(api, tmp_path):
    preflight = {"Origin": "https://dash.example.org", "Access-Control-Request-Method": "GET"}
    response = api.client.options("/v1/incidents", headers=preflight)
    assert "access-control-allow-origin" not in response.headers
    with running_api(tmp_path / "cors", api_cors_origins="https://dash.example.org") as cors:
        response = cors.client.options(
            "/v1/incidents", headers={**preflight, "Access-Control-Request-Headers": "authorization"}
        )
        assert (
            response.status_code == 200
            and response.headers["access-control-allow-origin"] == "https://dash.example.org"
        )
        other = cors.client.options("/v1/incidents", headers={**preflight, "Origin": "https://evil.example.org"})
        assert other.headers.get("access-control-allow-origin") != "https://evil.example.org"


def test_unknown_route_and_method_use_the_error_shape(api):
    error(api.client.get("/v2/nothing"), 404, "not_found")
    error(api.client.put("/v1/check"), 405, "method_not_allowed")


def test_openapi_documents_examples_and_errors_for_every_endpoint(api):
    doc = api.client.get("/openapi.json").json()
    assert doc["components"]["securitySchemes"]["ApiKey"] == {
        "type": "http",
        "scheme": "bearer",
        "bearerFormat": "brf_…",
        "description": doc["components"]["securitySchemes"]["ApiKey"]["description"],
    }
    schemas = doc["components"]["schemas"]
    operations = [(path, method, op) for path, item in doc["paths"].items() for method, op in item.items()]
    assert len(operations) == 12
    for path, method, op in operations:
        where = f"{method.upper()} {path}"
        ok = next(code for code in op["responses"] if code.startswith("2"))
        content = op["responses"][ok].get("content", {})
        has_example = any(
            "example" in c or "examples" in c or _schema_example(c.get("schema"), schemas) for c in content.values()
        )
        assert has_example or ok == "204", f"{where}: no example for its {ok} answer"
        if "requestBody" in op:
            body = op["requestBody"]["content"]["application/json"]
            assert "examples" in body or _schema_example(body["schema"], schemas), f"{where}: no request example"
        if path.startswith("/v1"):
            assert {"401", "403", "429"} <= set(op["responses"]), f"{where}: auth errors undocumented"
            assert op["security"] == [{"ApiKey": []}]
            for code in ("401", "422"):
                if code in op["responses"]:
                    assert op["responses"][code]["content"]["application/json"]["schema"]["$ref"].endswith("/ErrorBody")
        if op.get("parameters") or "requestBody" in op:
            assert "422" in op["responses"], f"{where}: 422 undocumented"
    assert "Bearer" in doc["info"]["description"]


def _schema_example(schema, schemas) -> bool:
    if not schema:
        return False
    if "$ref" in schema:
        schema = schemas[schema["$ref"].rsplit("/", 1)[1]]
    return "examples" in schema or "example" in schema


def test_docs_page_is_served(api):
    response = api.client.get("/docs")
    assert response.status_code == 200 and "swagger" in response.text.lower()
    assert json.loads(api.client.get("/openapi.json").text)["info"]["title"] == "Briefs API"


@pytest.mark.parametrize(
    ("page", "assets"), [("/docs", ["swagger-ui-bundle.js", "swagger-ui.css"]), ("/redoc", ["redoc.standalone.js"])]
)
def test_docs_come_from_packaged_assets_under_a_csp_that_allows_only_them(api, page, assets):
    import base64
    import hashlib
    import re

    response = api.client.get(page)
    assert response.status_code == 200
    html, policy = response.text, response.headers["content-security-policy"]
    assert "https://" not in html and "//cdn" not in html and "fonts.googleapis" not in html  # nothing from elsewhere
    for asset in assets:
        assert f"/docs-assets/{asset}" in html
        served = api.client.get(f"/docs-assets/{asset}")
        assert served.status_code == 200 and len(served.content) > 100_000
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";") if " " in d.strip())
    assert "default-src 'none'" in policy and "'unsafe-inline'" not in directives["script-src"]
    for inline in re.findall(r"<script>(.*?)</script>", html, re.S):  # the page's own script, allowed by its hash alone
        assert (
            f"'sha256-{base64.b64encode(hashlib.sha256(inline.encode()).digest()).decode()}'"
            in directives["script-src"]
        )
    assert response.headers.get_list("content-security-policy") == [policy]  # one policy, not the API's strict one too


# ---- the brief's fast path and its cache --------------------------------------------------------


def test_fast_path_answers_as_the_route_does(api):
    api.post("/v1/articles?wait=true", json={"text": SAMPLE, "published_at": "2023-03-15"})
    fast = api.app.state.core.fastpath
    for accept, query in (("application/json", ""), ("text/html", ""), ("", "?format=md")):
        headers = {"Accept": accept} if accept else {}
        first = api.get(f"/v1/briefs/2023-03-14{query}", headers=headers)  # built by the route
        hits = fast.hits
        second = api.get(f"/v1/briefs/2023-03-14{query}", headers=headers)  # from the fast path
        assert fast.hits == hits + 1
        assert second.content == first.content and second.status_code == 200
        for name in (
            "content-type",
            "etag",
            "cache-control",
            "vary",
            "content-length",
            "x-content-type-options",
            "content-security-policy",
        ):
            assert second.headers[name] == first.headers[name], name
        not_modified = api.get(
            f"/v1/briefs/2023-03-14{query}", headers={**headers, "If-None-Match": first.headers["etag"]}
        )
        assert not_modified.status_code == 304 and fast.hits == hits + 2
    hits = fast.hits
    # What the fast path does not serve goes to the route, which answers as always.
    assert api.client.get("/v1/briefs/2023-03-14").status_code == 401
    assert api.client.get("/v1/briefs/2023-03-14", headers={"Authorization": "Bearer brf_unknown"}).status_code == 401
    assert api.get("/v1/briefs/2023-03-14?format=pdf").status_code == 422
    assert api.get("/v1/briefs/2023-03-14", headers={"Accept": "image/png"}).status_code == 406
    assert api.get("/v1/briefs/2023-02-30").status_code == 422
    assert fast.hits == hits
    text = api.client.get("/metrics").text
    assert 'briefs_http_requests_total{method="GET",route="/v1/briefs/{day}",status="200"}' in text


def test_fast_path_keeps_the_rate_limit(tmp_path):
    with running_api(tmp_path, api_rate_per_minute=6, api_rate_burst=3) as api:
        codes = [api.get("/v1/briefs/2023-03-14").status_code for _ in range(4)]
        assert codes == [200, 200, 200, 429] and api.app.state.core.fastpath.hits == 2


def test_brief_follows_a_change_made_by_another_process(tmp_path):
    from briefs.inputs import ArticleText
    from briefs.pipeline import Pipeline
    from briefs.store import Store

    with running_api(tmp_path, api_brief_cache_seconds=0.2) as api:
        assert api.get("/v1/briefs/2023-03-14").json()["headline"]["incidents"] == 0
        other = Store(api.app.state.settings.database_url)  # as `briefs run` elsewhere
        pipeline = Pipeline(other, api.app.state.settings)
        pipeline.ingest([ArticleText(id="x", text=SAMPLE, published_at="2023-03-15")], "elsewhere")
        pipeline.process("elsewhere:1:x")
        pipeline.close()
        other.close()
        deadline = time.monotonic() + 5
        while api.get("/v1/briefs/2023-03-14").json()["headline"]["incidents"] == 0:
            assert time.monotonic() < deadline, "the brief never saw the change"
            time.sleep(0.05)


def test_wait_true_gives_up_with_a_202_when_processing_takes_too_long(tmp_path, monkeypatch):
    with running_api(tmp_path, api_wait_timeout=0.2) as api:
        monkeypatch.setattr(api.app.state.worker, "kick", lambda: None)  # no worker picks the article up
        response = api.post("/v1/articles?wait=true", json={"text": SAMPLE})
        assert response.status_code == 202
        [item] = response.json()["articles"]
        assert item["status"] == "pending" and item["article"] is None


def test_an_internal_error_is_a_500_without_details(tmp_path, monkeypatch):
    from fastapi.testclient import TestClient

    with running_api(tmp_path) as api:

        def broken(*args, **kwargs):
            raise RuntimeError("secret internals")

        monkeypatch.setattr(api.app.state.store.queue, "article", broken)
        client = TestClient(api.app, raise_server_exceptions=False)
        response = client.get("/v1/articles/" + "0" * 64, headers=api.auth("reader"))
        assert response.status_code == 500
        assert response.json() == {
            "error": {"code": "internal_error", "message": "internal error; the server log has the details"}
        }
