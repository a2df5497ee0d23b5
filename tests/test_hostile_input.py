"""Hostile input meets one boundary (briefs.inputs): a clear error naming the field, or the file and
line, exit 2 or 422; a CLI batch goes on with the rest, an API batch names every bad item and stores
none. Hypothesis throws arbitrary unicode, JSON and numbers at `briefs check`, `briefs extract`,
POST /v1/check, /v1/summaries and /v1/articles: never a 5xx, never exit 3."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import pytest
from briefs.cli import app
from briefs.domain import article_hash
from briefs.errors import BriefsError
from briefs.store import Article
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from .api_support import SAMPLE, running_api
from .test_pipeline import DAY, briefs

GOOD = [json.loads(line) for line in (DAY / "2024-03-14.jsonl").read_text(encoding="utf-8").splitlines()]
HOSTILE_TEXT = {  # what enters, and what the refusal must say
    "lone surrogate": (SAMPLE + "\ud800", "a lone surrogate (U+D800)"),
    "NUL": (SAMPLE + "\x00", "a NUL character"),
    "C0 control": (SAMPLE + "\x1b[2J", "the control character U+001B"),
    "overlong digit run": (SAMPLE + " " + "9" * 5000, "a number of 5,000 digits"),
    "overlong Arabic-Indic digits": (SAMPLE + " " + "٣" * 4400, "a number of 4,400 digits"),
}


def raw_line(record: dict) -> str:
    """A JSONL line as a client writes it: surrogates as \\u escapes (json.dumps's default)."""
    return json.dumps(record) + "\n"


def test_briefs_run_names_each_hostile_line_and_stores_the_rest(tmp_path):
    url = f"sqlite:///{tmp_path / 'briefs.db'}"
    lines = [raw_line(GOOD[0])]
    expected = {}
    for number, (name, (text, reason)) in enumerate(HOSTILE_TEXT.items(), start=2):
        lines.append(raw_line({"id": name, "text": text}))
        expected[number] = f"field 'text': {reason}"
    others = [
        (
            {"id": "old", "text": GOOD[1]["text"], "published_at": "0001-01-01"},
            "field 'published_at': 0001-01-01 is outside 1900-2100",
        ),
        (
            {"id": "rlo", "text": GOOD[1]["text"], "title": "\u202eevil"},
            "field 'title': the bidirectional control U+202E",
        ),
        ({"text": 12345}, "field 'text': must be a string, not a number"),
        ({"text": GOOD[1]["text"], "outlet": ["x"]}, "field 'outlet' must be a string, not an array"),
    ]
    for record, reason in others:
        lines.append(raw_line(record))
        expected[len(lines)] = reason
    lines.append(raw_line(GOOD[2]))
    (tmp_path / "batch.jsonl").write_text("".join(lines), encoding="utf-8")
    result = briefs("run", str(tmp_path / "batch.jsonl"), url=url)
    assert result.returncode == 1, result.stderr  # some input skipped, the rest done
    for number, reason in expected.items():
        assert f"skipped {tmp_path / 'batch.jsonl'}:{number}: {reason}" in result.stderr, (number, result.stderr)
    assert "done: 2 article(s)" in result.stdout and "Traceback" not in result.stderr


def test_directories_and_fifos_are_named_for_what_they_are(tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "folder.txt").mkdir()
    (tmp_path / "article.json").write_text(json.dumps({"text": 12345}), encoding="utf-8")
    for path, message in (
        (tmp_path / "pipe.txt", "is a named pipe (FIFO), not a file"),
        (tmp_path / "folder.txt", "is a directory, not a file"),
        (tmp_path / "article.json", "field 'text': must be a string, not a number"),
    ):
        result = briefs("extract", str(path), url=f"sqlite:///{tmp_path / 'x.db'}")
        assert result.returncode == 2 and f"{path}: {message}" in result.stderr, result.stderr


@pytest.fixture(scope="module")
def api(tmp_path_factory):
    with running_api(tmp_path_factory.mktemp("hostile")) as instance:
        yield instance


@pytest.mark.parametrize("name", list(HOSTILE_TEXT))
def test_the_api_refuses_hostile_text_with_a_422_naming_the_field(api, name):
    text, reason = HOSTILE_TEXT[name]
    for path, body, loc in (
        ("/v1/articles", {"text": text}, "body.text"),
        ("/v1/summaries", {"text": text}, "body.text"),
        ("/v1/check", {"source": SAMPLE, "text": "5 killed " + text[len(SAMPLE) :]}, "body.text"),
    ):
        response = api.post(path, content=json.dumps(body), headers={"Content-Type": "application/json"})
        assert response.status_code == 422, (path, response.text)
        [field] = response.json()["error"]["fields"]
        assert field["loc"] == loc and reason in field["msg"], (path, field)


def test_an_api_batch_names_every_bad_item_and_stores_none(api):
    batch = [
        {"text": GOOD[3]["text"]},
        {"text": SAMPLE + "\x00"},
        {"text": GOOD[4]["text"], "published_at": "2101-01-01"},
        {"text": GOOD[5]["text"], "title": "a\u202eb"},
    ]
    response = api.post("/v1/articles", content=json.dumps(batch), headers={"Content-Type": "application/json"})
    assert response.status_code == 422
    locs = {f["loc"] for f in response.json()["error"]["fields"]}
    assert locs == {"body[1].text", "body[2].published_at", "body[3].title"}
    with api.store.sessions() as session:
        assert session.get(Article, article_hash(GOOD[3]["text"])) is None


@pytest.mark.parametrize(
    ("query", "loc"),
    [
        ("admin1=a%00b", "query.admin1"),
        ("admin1=%1b", "query.admin1"),
        ("date_from=2024-03-13T00:00", "query.date_from"),
        ("date_from=0001-01-01", "query.date_from"),
    ],
)
def test_query_strings_cross_the_same_boundary(api, query, loc):
    response = api.get(f"/v1/incidents?{query}")
    assert response.status_code == 422 and response.json()["error"]["fields"][0]["loc"] == loc, response.text


@pytest.mark.parametrize("day", ["2024-03-13T00:00", "20240313", "1899-12-31", "2024-3-13"])
def test_brief_paths_take_a_strict_date(api, day):
    response = api.get(f"/v1/briefs/{day}")
    assert response.status_code == 422 and response.json()["error"]["fields"][0]["loc"] == "path.day", response.text


@pytest.mark.parametrize(
    ("body", "reason"),
    [(b'{"text": "\xff\xfe"}', "not UTF-8 (byte 10"), (b"[" * 100_000 + b"]" * 100_000, "nested too deeply")],
)
def test_unparsable_bodies_are_the_documented_422(api, body, reason):
    response = api.post("/v1/articles", content=body, headers={"Content-Type": "application/json"})
    assert response.status_code == 422, response.text
    error = response.json()["error"]
    assert (
        error["code"] == "invalid_request"
        and error["fields"][0]["loc"] == "body"
        and reason in error["fields"][0]["msg"]
    )


# ---- properties ----------------------------------------------------------------------------------

ODD = st.sampled_from(
    [
        "\ud800",
        "\udfff",
        "\x00",
        "\x07",
        "\x1b",
        "\x7f",
        "\u202e",
        "\u2066",
        "\u200f",
        "\ufeff",
        "9" * 40,
        "٩" * 31,
        "1,000,000",
        "١٬٠٠٠",
        "ألف",
        "مليون",
        "مليار ",
        "مليار " * 60,
        "0001-01-01",
        "9999-12-31",
        "½",
        "٪",
        "1e308",
        "-0",
        "NaN",
        str(10**400),
        "\n",
        "\r\n",
        "أمس",
        "الثلاثاء",
    ]
)
FRAGMENT = st.one_of(ODD, st.text(max_size=30), st.integers().map(str), st.floats().map(str))
TEXT = st.one_of(
    st.text(max_size=200),
    st.tuples(st.integers(0, len(SAMPLE)), st.lists(FRAGMENT, max_size=6)).map(
        lambda cut: SAMPLE[: cut[0]] + "".join(cut[1]) + SAMPLE[cut[0] :]
    ),
)
JSON_VALUE = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20) | ODD,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)
ARTICLE = st.fixed_dictionaries(
    {"text": TEXT},
    optional={
        "id": JSON_VALUE | TEXT,
        "title": JSON_VALUE | TEXT,
        "published_at": JSON_VALUE | st.dates().map(str) | ODD,
        "outlet": JSON_VALUE,
        "url": JSON_VALUE,
    },
)
PROPERTY = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
TRIED = {"api": 0, "cli": 0}


def post_json(api, path: str, body) -> int:
    TRIED["api"] += 1
    return api.post(path, content=json.dumps(body), headers={"Content-Type": "application/json"}).status_code


@PROPERTY
@given(source=TEXT, english=TEXT)
def test_post_check_never_answers_5xx(api, source, english):
    assert post_json(api, "/v1/check", {"source": source, "text": english}) < 500


@PROPERTY
@given(body=st.one_of(ARTICLE, st.lists(ARTICLE, max_size=3), JSON_VALUE))
def test_post_articles_never_answers_5xx(api, body):
    assert post_json(api, "/v1/articles?wait=true", body) < 500


@PROPERTY
@given(body=st.one_of(ARTICLE, JSON_VALUE))
def test_post_summaries_never_answers_5xx(api, body):
    assert post_json(api, "/v1/summaries", body) < 500


def exit_code(args: list[str]) -> int:
    """The exit code `briefs` gives (briefs.cli.main maps BriefsError to 2, any other exception to 3)."""
    TRIED["cli"] += 1
    result = CliRunner().invoke(app, args)
    if isinstance(result.exception, BriefsError):
        return 2
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        return 3
    return result.exit_code


def write(content: bytes, suffix: str) -> Path:
    with tempfile.NamedTemporaryFile(delete=False, suffix=suffix) as handle:
        handle.write(content)
    return Path(handle.name)


def encoded(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")  # a lone surrogate written as its (invalid) UTF-8 bytes


@PROPERTY
@given(source=TEXT, english=TEXT)
def test_briefs_check_never_exits_3(source, english):
    path = write(encoded(source), ".txt")
    try:
        assert exit_code(["check", "--source", str(path), "--summary", english, "--format", "json"]) in (0, 1, 2)
    finally:
        path.unlink()


@PROPERTY
@given(
    article=st.one_of(
        TEXT.map(lambda t: (encoded(t), ".txt")), ARTICLE.map(lambda a: (json.dumps(a).encode(), ".json"))
    )
)
def test_briefs_extract_never_exits_3(article):
    path = write(*article)
    try:
        assert exit_code(["extract", str(path), "--model", "lexicon", "--format", "json"]) in (0, 1, 2)
    finally:
        path.unlink()


def test_hostile_inputs_tried():
    """Runs last in this module: how many hostile inputs the properties above sent (the figure the
    README reports comes from `pytest tests/test_hostile_input.py -s`)."""
    if not any(TRIED.values()):
        pytest.skip("counts what the properties above sent: run the module")
    print(f"\nhostile inputs tried: {TRIED['api']} over HTTP, {TRIED['cli']} through the CLI; 5xx: 0, exit 3: 0")
    assert TRIED["api"] >= 3 * 60 and TRIED["cli"] >= 2 * 60
