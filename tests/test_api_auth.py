"""API keys: bearer tokens, roles (admin ⊇ editor ⊇ reader), revocation, the keys endpoints, and
that a key never reaches a log."""

from __future__ import annotations

import logging

import pytest

from .api_support import SAMPLE, api, running_api  # noqa: F401 - the api fixture

GETS = ["/v1/incidents", "/v1/briefs/2023-03-14", "/v1/articles/" + "0" * 64]
POSTS = [
    ("/v1/check", {"source": SAMPLE, "text": "Five killed."}),
    ("/v1/summaries", {"text": SAMPLE}),
    ("/v1/articles", {"text": SAMPLE}),
]


def code_of(response) -> str:
    return response.json()["error"]["code"]


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer"},
        {"Authorization": "Basic dXNlcjpwYXNz"},
        {"Authorization": "Bearer brf_not-a-real-key"},
        {"Authorization": "brf_raw"},
    ],
)
def test_no_valid_key_is_401_with_a_clear_body(api, headers):
    for url in GETS:
        response = api.client.get(url, headers=headers)
        assert response.status_code == 401 and code_of(response) == "unauthorized"
        assert response.headers["www-authenticate"].startswith("Bearer")
        assert (
            "Authorization: Bearer" in response.json()["error"]["message"]
            or "invalid" in response.json()["error"]["message"]
        )
    for url, body in POSTS:
        assert api.client.post(url, json=body, headers=headers).status_code == 401


def test_roles_and_their_hierarchy(api):
    for role in ("reader", "editor", "admin"):
        for url in GETS[:2]:
            assert api.get(url, role=role).status_code == 200
    for url, body in POSTS:
        forbidden = api.post(url, role="reader", json=body)
        assert forbidden.status_code == 403 and code_of(forbidden) == "forbidden"
        assert "'editor'" in forbidden.json()["error"]["message"] and "'reader'" in forbidden.json()["error"]["message"]
        for role in ("editor", "admin"):
            assert api.post(url, role=role, json=body).status_code in (200, 202)
    for role in ("reader", "editor"):
        assert api.get("/v1/keys", role=role).status_code == 403
        assert api.post("/v1/keys", role=role, json={"role": "reader"}).status_code == 403
        assert api.client.delete("/v1/keys/1", headers=api.auth(role)).status_code == 403
    assert api.get("/v1/keys", role="admin").status_code == 200


def test_keys_endpoints(api):
    created = api.post("/v1/keys", role="admin", json={"role": "editor", "name": "cms"})
    assert created.status_code == 201
    body = created.json()
    key = body["key"]
    assert (
        key.startswith("brf_") and key.startswith(body["prefix"]) and body["role"] == "editor" and body["name"] == "cms"
    )
    assert api.client.post("/v1/check", json=POSTS[0][1], headers={"Authorization": f"Bearer {key}"}).status_code == 200
    listing = api.get("/v1/keys", role="admin").json()
    assert [k["role"] for k in listing] == ["reader", "editor", "admin", "editor"]
    assert key not in str(listing) and all("key" not in k and "key_hash" not in k for k in listing)
    # Revoked through the API: refused at once.
    assert api.client.delete(f"/v1/keys/{body['id']}", headers=api.auth("admin")).status_code == 204
    refused = api.client.post("/v1/check", json=POSTS[0][1], headers={"Authorization": f"Bearer {key}"})
    assert refused.status_code == 401 and code_of(refused) == "unauthorized"
    assert api.get("/v1/keys", role="admin").json()[-1]["revoked_at"] is not None
    assert code_of(api.client.delete(f"/v1/keys/{body['id']}", headers=api.auth("admin"))) == "not_found"
    assert code_of(api.client.delete("/v1/keys/999", headers=api.auth("admin"))) == "not_found"
    assert api.client.delete("/v1/keys/abc", headers=api.auth("admin")).status_code == 422
    bad = api.post("/v1/keys", role="admin", json={"role": "owner"})
    assert bad.status_code == 422 and bad.json()["error"]["fields"][0]["loc"] == "body.role"


def test_an_admin_cannot_revoke_its_own_key(api):
    admin_id = next(k["id"] for k in api.get("/v1/keys", role="admin").json() if k["role"] == "admin")
    response = api.client.delete(f"/v1/keys/{admin_id}", headers=api.auth("admin"))
    assert response.status_code == 409 and code_of(response) == "conflict"
    assert api.get("/v1/keys", role="admin").status_code == 200


def test_a_key_revoked_elsewhere_stops_within_the_cache_time(tmp_path):
    with running_api(tmp_path, api_key_cache_seconds=0) as api:
        assert api.get("/v1/incidents").status_code == 200
        reader_id = next(k.id for k in api.store.keys.all() if k.role == "reader")
        api.store.keys.revoke(reader_id)  # as `briefs keys revoke` in another process
        assert api.get("/v1/incidents").status_code == 401


def test_keys_are_stored_hashed_and_never_logged(api, caplog, tmp_path):
    caplog.set_level(logging.DEBUG)
    with caplog.at_level(logging.DEBUG):
        api.get("/v1/incidents")
        api.post("/v1/check", role="reader", json=POSTS[0][1])
        api.client.get("/v1/incidents", headers={"Authorization": "Bearer brf_wrong-key-for-the-log-test"})
        created = api.post("/v1/keys", role="admin", json={"role": "reader"}).json()["key"]
    logged = "\n".join(record.getMessage() + str(record.args) for record in caplog.records)
    for key in [*api.keys.values(), created, "brf_wrong-key-for-the-log-test"]:
        assert key not in logged
    database = (tmp_path / "api.db").read_bytes() + b"".join(p.read_bytes() for p in tmp_path.glob("api.db-*"))
    for key in [*api.keys.values(), created]:
        assert key.encode() not in database


def test_cli_keys_create_list_revoke(tmp_path, monkeypatch):
    from briefs.cli import app
    from briefs.store import Store
    from typer.testing import CliRunner

    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("BRIEFS_DATABASE_URL", url)
    runner = CliRunner()
    created = runner.invoke(app, ["keys", "create", "--role", "editor", "--name", "cms"])
    assert created.exit_code == 0, created.output
    key = created.stdout.strip().splitlines()[-1]
    assert key.startswith("brf_") and len(key) > 40
    store = Store(url)
    [row] = store.keys.all()
    assert (row.role, row.name, store.keys.find(key).id) == ("editor", "cms", row.id)
    listing = runner.invoke(app, ["keys", "list"])
    assert listing.exit_code == 0 and "editor" in listing.stdout and key not in listing.stdout
    assert runner.invoke(app, ["keys", "revoke", str(row.id)]).exit_code == 0
    assert store.keys.find(key) is None
    assert runner.invoke(app, ["keys", "create", "--role", "owner"]).exit_code == 2
    store.close()
