"""Tables kept on disk (briefs.arabic.tables) and the plain output of `briefs check` in a pipe: what a
one-pair `briefs check` skips to start fast must give what it gave before."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import time
from pathlib import Path

from briefs.arabic import tables
from briefs.grounding import names

from .conftest import ROOT

SAMPLE = ROOT / "briefs" / "samples" / "article.txt"


def counted_build(calls: list[int]):
    def build() -> dict:
        calls.append(1)
        return {"built": len(calls)}

    return build


def test_a_table_is_built_once_then_read_and_built_again_when_an_input_changes(tmp_path, monkeypatch):
    monkeypatch.setenv("BRIEFS_CACHE_DIR", str(tmp_path / "cache"))
    data = tmp_path / "data.json"
    data.write_text("[1]", encoding="utf-8")
    calls: list[int] = []
    assert tables.load_or_build("t", [data], counted_build(calls)) == {"built": 1}
    assert tables.load_or_build("t", [data], counted_build(calls)) == {"built": 1}  # read, not built
    assert len(calls) == 1
    data.write_text("[2]", encoding="utf-8")
    assert tables.load_or_build("t", [data], counted_build(calls)) == {"built": 2}
    files = list((tmp_path / "cache").glob("t-*.pickle"))
    assert len(files) == 2  # the other inputs' file stays a day: another checkout may use it
    day_old = time.time() - tables._KEPT_SECONDS - 60
    for file in files:
        os.utime(file, (day_old, day_old))
    data.write_text("[3]", encoding="utf-8")
    assert tables.load_or_build("t", [data], counted_build(calls)) == {"built": 3}
    assert len(list((tmp_path / "cache").glob("t-*.pickle"))) == 1  # the stale ones are gone


def test_a_broken_or_unwritable_cache_costs_only_the_build(tmp_path, monkeypatch):
    monkeypatch.setenv("BRIEFS_CACHE_DIR", str(tmp_path))
    data = tmp_path / "data.json"
    data.write_text("[1]", encoding="utf-8")
    path = tables.table_file("t", [data])
    assert path is not None
    path.write_bytes(b"\x80\x05not a pickle")
    calls: list[int] = []
    assert tables.load_or_build("t", [data], counted_build(calls)) == {"built": 1}
    assert pickle.loads(path.read_bytes()) == {"built": 1}  # rewritten whole
    blocked = tmp_path / "file"
    blocked.write_text("", encoding="utf-8")
    monkeypatch.setenv("BRIEFS_CACHE_DIR", str(blocked / "below-a-file"))
    assert tables.load_or_build("t", [data], counted_build(calls)) == {"built": 2}
    monkeypatch.setenv("BRIEFS_CACHE_DIR", "")
    assert tables.cache_dir() is None
    assert tables.load_or_build("t", [data], counted_build(calls)) == {"built": 3}


def test_the_stored_dictionaries_equal_the_built_ones(tmp_path, monkeypatch):
    monkeypatch.setenv("BRIEFS_CACHE_DIR", str(tmp_path))
    built = names._build_dictionary()
    tables.load_or_build("names", names._DICTIONARY_INPUTS, names._build_dictionary)  # written
    stored = tables.load_or_build("names", names._DICTIONARY_INPUTS, lambda: None)
    assert isinstance(stored, names._Dictionary)
    assert stored.english == built.english and stored.words == built.words and stored.ambiguous == built.ambiguous
    assert (stored.demonyms, stored.ambiguous_places, stored.acronyms) == (
        built.demonyms,
        built.ambiguous_places,
        built.acronyms,
    )
    assert stored.index.by_first == built.index.by_first and stored.index.prefix == built.index.prefix


def briefs(*args: str, cache: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "briefs", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        env={"PATH": "/usr/bin:/bin", "BRIEFS_CACHE_DIR": str(cache), "HOME": str(cache)},
    )


def test_check_in_a_pipe_prints_plain_lines_from_a_fresh_and_a_stored_dictionary(tmp_path):
    summary = "SDF units killed six ISIS members in Raqqa on 14 March."
    first = briefs("check", "--source", str(SAMPLE), "--summary", summary, cache=tmp_path)
    assert list(tmp_path.glob("names-*.pickle"))
    second = briefs("check", "--source", str(SAMPLE), "--summary", summary, cache=tmp_path)
    assert first.returncode == second.returncode == 1, first.stderr
    assert first.stdout == second.stdout
    lines = first.stdout.splitlines()
    assert lines[:3] == [summary, "verdict: unsupported", "number\tstatus\tArabic evidence\tnote"]
    assert lines[3].startswith("six\tunsupported\t")
    assert "Raqqa\tplace\tunsupported\t" in first.stdout
    assert "─" not in first.stdout and "\x1b[" not in first.stdout  # no box drawing, no colour codes
