"""Secrets never written: after a session of use of `briefs serve` (keys in the header, and in the
URL where a careless client puts them), the key appears in no log, not in the store, not in its WAL;
database passwords are masked wherever a URL is printed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from api.redact import redact_target

from .api_support import SAMPLE, free_port, wait_until_serving

KEY = "brf_" + "k3y" * 14


@pytest.mark.parametrize(
    ("target", "shown"),
    [
        (f"/v1/incidents?key={KEY}", "/v1/incidents?key=[redacted]"),
        (f"/v1/incidents?limit=5&api_key={KEY}&x=1", "/v1/incidents?limit=5&api_key=[redacted]&x=1"),
        (
            "/v1/incidents?token=abc&access_token=def&Password=p",
            "/v1/incidents?token=[redacted]&access_token=[redacted]&Password=[redacted]",
        ),
        (f"/v1/incidents?q={KEY}", "/v1/incidents?q=[redacted]"),
        (f"/v1/incidents?q={KEY.replace('_', '%5F')}", "/v1/incidents?q=[redacted]"),
        (f"/v1/articles/{KEY}", "/v1/articles/[redacted]"),
        ("/v1/incidents?admin1=Homs&limit=5", "/v1/incidents?admin1=Homs&limit=5"),
    ],
)
def test_secrets_in_a_request_target_are_redacted(target, shown):
    assert redact_target(target) == shown


def test_no_key_in_any_log_the_store_or_its_wal_after_a_session(tmp_path):
    port, db = free_port(), tmp_path / "serve.db"
    env = {**os.environ, "BRIEFS_DATABASE_URL": f"sqlite:///{db}"}
    env.pop("BRIEFS_MODEL", None)
    made = subprocess.run(
        [sys.executable, "-m", "briefs", "keys", "create", "--role", "admin", "--json"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    key = made.stdout.split('"key": "')[1].split('"')[0]
    log = (tmp_path / "server.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "briefs", "serve", "--port", str(port), "--log-level", "debug"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base, auth = f"http://127.0.0.1:{port}", {"Authorization": f"Bearer {key}"}
    try:
        wait_until_serving(base, server)
        with httpx.Client(base_url=base, timeout=30) as client:
            assert client.post("/v1/articles?wait=true", json={"text": SAMPLE}, headers=auth).status_code == 200
            assert client.get("/v1/incidents", headers=auth).status_code == 200
            assert client.post("/v1/keys", json={"role": "reader"}, headers=auth).status_code == 201
            for careless in (f"key={key}", f"api_key={key}", f"token={key}", f"access_token={key}", f"q={key}"):
                assert client.get(f"/v1/incidents?{careless}").status_code == 401
            assert client.get(f"/v1/articles/{key}", headers=auth).status_code == 422
            assert client.get("/v1/incidents", headers={"Authorization": f"Bearer {key}x"}).status_code == 401
        # The WAL as the running server left it (a clean stop checkpoints it into the store and removes it).
        live_wal = Path(f"{db}-wal").read_bytes()
        assert live_wal and key.encode() not in live_wal and key[4:].encode() not in live_wal
    finally:
        server.terminate()
        server.wait(timeout=15)
        log.close()
    written = {path: path.read_bytes() for path in tmp_path.rglob("*") if path.is_file()}
    assert {db, tmp_path / "server.log"} <= set(written)
    access_log = written[tmp_path / "server.log"].decode()
    assert "GET /v1/incidents?key=[redacted] HTTP/1.1" in access_log and "/v1/articles/[redacted]" in access_log
    for path, content in written.items():
        assert key.encode() not in content, f"the key is written in {path.name}"
        assert key[4:].encode() not in content, f"the key (without its prefix) is written in {path.name}"


def test_database_passwords_are_masked_in_config_and_errors(tmp_path):
    env = {**os.environ, "BRIEFS_DATABASE_URL": "postgresql://briefs:s3cret-pw@127.0.0.1:9/briefs"}
    shown = subprocess.run(
        [sys.executable, "-m", "briefs", "config"], env={**env, "COLUMNS": "400"}, capture_output=True, text=True
    )
    assert shown.returncode == 0 and "postgresql://briefs:***@127.0.0.1:9/briefs" in shown.stdout
    assert "s3cret-pw" not in shown.stdout + shown.stderr
    failed = subprocess.run([sys.executable, "-m", "briefs", "keys", "list"], env=env, capture_output=True, text=True)
    assert (
        failed.returncode == 2
        and "cannot open the store at postgresql://briefs:***@127.0.0.1:9/briefs" in failed.stderr
    )
    assert "s3cret-pw" not in failed.stdout + failed.stderr
