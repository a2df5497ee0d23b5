"""The command line as users and scripts call it: contracts, exit codes, and one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT, SHARED, needs_shared

SAMPLE = ROOT / "briefs" / "samples" / "article.txt"


def briefs(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "briefs", *args], capture_output=True, text=True, input=stdin, cwd=ROOT, timeout=60
    )


def test_version_and_help():
    assert briefs("--version").stdout.startswith("briefs ")
    help_text = briefs("--help").stdout
    assert "numbers" in help_text and "check" in help_text


def test_numbers_json_contract():
    result = briefs("numbers", str(SAMPLE), "--format", "json")
    assert result.returncode == 0, result.stderr
    mentions = json.loads(result.stdout)["mentions"]
    text = SAMPLE.read_text(encoding="utf-8")
    assert mentions, "the sample states numbers"
    for mention in mentions:
        assert {"text", "start", "end", "value", "low", "high", "qualifier", "kind"} <= mention.keys()
        assert text[mention["start"] : mention["end"]] == mention["text"]
    assert {"text": "خمسة", "value": 5, "kind": "cardinal"}.items() <= next(
        m for m in mentions if m["text"] == "خمسة"
    ).items()


def test_numbers_in_english_from_stdin():
    result = briefs(
        "numbers", "-", "--lang", "en", "--format", "json", stdin="At least 7 people were killed on 13 December."
    )
    mentions = json.loads(result.stdout)["mentions"]
    assert [(m["text"], m["value"], m["qualifier"], m["kind"]) for m in mentions] == [
        ("At least 7", 7, "at_least", "cardinal"),
        ("13 December", 13, "exact", "date"),
    ]


def test_check_json_contract_and_exit_codes():
    ok = briefs(
        "check",
        "--source",
        str(SAMPLE),
        "--summary",
        "SDF units killed five ISIS members on 14 March.",
        "--format",
        "json",
    )
    assert ok.returncode == 0, ok.stdout + ok.stderr
    report = json.loads(ok.stdout)
    assert report["verdict"] == "supported"
    source = SAMPLE.read_text(encoding="utf-8")
    for number in report["numbers"]:
        assert {"text", "start", "end", "value", "status", "evidence"} <= number.keys()
        for evidence in number["evidence"]:
            assert source[evidence["start"] : evidence["end"]] == evidence["text"]
    bad = briefs(
        "check", "--source", str(SAMPLE), "--summary", "SDF units killed six ISIS members.", "--format", "json"
    )
    assert bad.returncode == 1
    assert json.loads(bad.stdout)["numbers"][0]["status"] == "unsupported"


@pytest.mark.parametrize(
    ("content", "suffix", "message"),
    [
        (b"", ".txt", "empty"),
        (b"\x00\x01binary\x00", ".txt", "binary"),
        ("نص".encode("cp1256") * 20, ".txt", "not UTF-8"),
        (b"Only English text in this article, nothing else.", ".txt", "no Arabic"),
        (b'{"text": ', ".json", "malformed JSON"),
        (b'{"title": "x"}', ".json", "missing field 'text'"),
    ],
)
def test_bad_source_is_one_line_and_exit_2(tmp_path: Path, content: bytes, suffix: str, message: str):
    path = tmp_path / f"article{suffix}"
    path.write_bytes(content)
    result = briefs("check", "--source", str(path), "--summary", "5 were killed.")
    assert result.returncode == 2
    assert message in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_oversized_and_missing_files(tmp_path: Path):
    big = tmp_path / "big.txt"
    big.write_text("قتل خمسة " * 300_000, encoding="utf-8")
    assert "over the limit" in briefs("check", "--source", str(big), "--summary", "x").stderr
    missing = briefs("numbers", str(tmp_path / "nope.txt"))
    assert missing.returncode == 2 and "no such file" in missing.stderr


def test_jsonl_batch_keeps_order_and_survives_bad_lines(tmp_path: Path):
    source = SAMPLE.read_text(encoding="utf-8")
    lines = [
        json.dumps({"id": "a", "source": source, "summary": "Five ISIS members were killed."}, ensure_ascii=False),
        "{not json",
        json.dumps({"id": "c", "source": source, "summary": "Nine ISIS members were killed."}, ensure_ascii=False),
        json.dumps({"id": "d", "source": "no arabic here at all", "summary": "5"}),
    ]
    path = tmp_path / "pairs.jsonl"
    path.write_text("\n".join(lines), encoding="utf-8")
    result = briefs("check", "--jsonl", str(path), "--format", "json")
    reports = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["id"], r["verdict"]) for r in reports] == [
        ("a", "supported"),
        (None, "error"),
        ("c", "unsupported"),
        ("d", "error"),
    ]
    assert result.returncode == 2


@needs_shared
def test_acceptance_on_the_seed_articles():
    seed_004 = str(SHARED / "seeds" / "004_1e19c6afa12d2738.txt")
    good = briefs(
        "check",
        "--source",
        seed_004,
        "--summary",
        "SDF and coalition forces killed 5 ISIS members near al-Busayrah on 13 December.",
        "--format",
        "json",
    )
    assert good.returncode == 0, good.stdout
    statuses = {n["text"]: n["status"] for n in json.loads(good.stdout)["numbers"]}
    assert statuses == {"5": "supported", "13 December": "supported"}
    wrong = briefs(
        "check",
        "--source",
        seed_004,
        "--summary",
        "SDF and coalition forces killed 6 ISIS members near al-Busayrah on 13 December.",
        "--format",
        "json",
    )
    assert wrong.returncode == 1
    assert {n["text"]: n["status"] for n in json.loads(wrong.stdout)["numbers"]}["6"] == "unsupported"
    seed_000 = str(SHARED / "seeds" / "000_5487bd662f8f8bdc.txt")
    two = briefs(
        "check",
        "--source",
        seed_000,
        "--summary",
        "Two SDF fighters were shot dead in al-Busayrah.",
        "--format",
        "json",
    )
    assert two.returncode == 0 and json.loads(two.stdout)["numbers"][0]["status"] == "supported"


def test_extract_markdown_writes_an_open_vague_count_as_the_brief_does():
    import dataclasses

    from briefs.acled import CountQualifier
    from briefs.cli.extract import render_markdown
    from briefs.extract.lexicon import LexiconExtractor
    from briefs.inputs import ArticleText

    text = (ROOT / "briefs" / "samples" / "article.txt").read_text(encoding="utf-8")
    outcome = LexiconExtractor().extract(ArticleText(id="a", text=text, published_at="2023-03-14"))
    incident = outcome.result.incidents[0]
    first = incident.counts[0]
    vague = first.model_copy(update={"value": None, "low": 20, "high": None, "qualifier": CountQualifier.VAGUE})
    result = outcome.result.model_copy(
        update={"incidents": [incident.model_copy(update={"counts": [vague, *incident.counts[1:]]})]}
    )
    markdown = render_markdown(dataclasses.replace(outcome, result=result))
    assert f"- {first.category}: 20+ (vague)" in markdown and "None" not in markdown
