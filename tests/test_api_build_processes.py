"""A server of its own builds briefs in child processes (api/buildprocess.py): the same bytes as a build
in the server's own process, a pool whose child died replaced, and `briefs serve` answering from them."""

from __future__ import annotations

import json
import multiprocessing
import os
import re
import signal
import subprocess
import sys
from datetime import date
from pathlib import Path

import httpx
import pytest
from api.buildprocess import BuildProcesses, shares_the_store
from briefs.brief.build import build_brief
from briefs.brief.render import render
from briefs.config import Settings
from briefs.inputs import ArticleText
from briefs.pipeline import Pipeline
from briefs.store import Store

from .api_support import free_port, wait_until_serving
from .conftest import ROOT

DAY = ROOT / "briefs" / "samples" / "day" / "2024-03-14.jsonl"
WEDNESDAY = date(2024, 3, 13)


@pytest.fixture
def store_url(tmp_path) -> str:
    url = f"sqlite:///{tmp_path / 'briefs.db'}"
    store = Store(url)
    pipeline = Pipeline(store, Settings(database_url=url), model="lexicon")
    pipeline.ingest([ArticleText(**json.loads(line)) for line in DAY.read_text(encoding="utf-8").splitlines()], "test")
    pipeline.process("test:1:a")
    store.close()
    return url


# When the brief was made: JSON's generated_at, and Markdown's and HTML's "Generated 2024-03-14 09:05 UTC" (a
# build either side of a minute's turn must still compare equal).
STAMP = re.compile(r"\d{4}-\d\d-\d\d(?:T\d\d:\d\d:\d\d(?:\.\d+)?Z| \d\d:\d\d UTC)")


def unstamped(brief: str) -> str:
    return STAMP.sub("(made at)", brief)


def in_process(url: str, fmt: str) -> str:
    store = Store(url)
    try:
        return unstamped(render(build_brief(store, WEDNESDAY, WEDNESDAY), fmt))  # type: ignore[arg-type]
    finally:
        store.close()


def test_a_child_builds_the_same_brief_and_a_dead_child_is_replaced(store_url):
    builds = BuildProcesses(store_url, processes=1)
    try:
        for fmt in ("json", "html", "md"):
            assert unstamped(builds.render(WEDNESDAY, WEDNESDAY, fmt)) == in_process(store_url, fmt), fmt
        [child] = multiprocessing.active_children()  # the build ran there
        os.kill(child.pid, signal.SIGKILL)
        child.join(10)
        assert unstamped(builds.render(WEDNESDAY, WEDNESDAY, "json")) == in_process(store_url, "json")
        assert [c.pid for c in multiprocessing.active_children()] != [child.pid]
    finally:
        builds.close()
    assert multiprocessing.active_children() == []


def test_only_a_store_other_processes_can_open_is_shared(store_url):
    on_disk, in_memory = Store(store_url), Store("sqlite://")
    try:
        assert shares_the_store(on_disk) and not shares_the_store(in_memory)
    finally:
        on_disk.close()
        in_memory.close()


def children_of(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads child processes from /proc")
def test_briefs_serve_answers_a_brief_built_in_a_child_process(store_url, tmp_path):
    env = {**os.environ, "BRIEFS_DATABASE_URL": store_url}
    env.pop("BRIEFS_MODEL", None)
    store = Store(store_url)
    key = store.keys.create("reader", "test")[0]
    store.close()
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "briefs", "serve", "--port", str(port), "--log-level", "warning"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        wait_until_serving(base, server)
        response = httpx.get(f"{base}/v1/briefs/{WEDNESDAY}", headers={"Authorization": f"Bearer {key}"}, timeout=60)
        assert response.status_code == 200 and unstamped(response.text) == in_process(store_url, "json")
        assert children_of(server.pid), "no build process under the server"
    finally:
        server.terminate()
        server.communicate(timeout=30)
