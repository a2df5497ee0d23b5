"""Dates are `date`s inside (issue 12): the text a model, a file or an option gives is read once, by one
parser (`briefs.inputs.parse_day`), and the incident, the article and the brief hold a `datetime.date`."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date

import pytest
from briefs.domain import ExtractionResult, Incident
from briefs.errors import InputError
from briefs.extract.lexicon import LexiconExtractor
from briefs.extract.schema import Extraction
from briefs.inputs import ArticleText, parse_day
from briefs.store import trusted
from hypothesis import given
from hypothesis import strategies as st

from .conftest import ROOT

DAYS = st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31))
ARTICLE = "قتل ثلاثة مدنيين وأصيب سبعة آخرون يوم الثلاثاء في انفجار عبوة ناسفة في مدينة درعا."


@given(DAYS)
def test_every_written_form_of_a_day_reads_as_that_day(day):
    assert parse_day(day.isoformat(), "--date") == day
    assert parse_day(f" {day.isoformat()}T10:42:00Z ", "--date") == day
    assert parse_day(f"{day:%a}, {day.day:02d} {day:%b} {day.year} 10:42:00 +0200", "--date") == day


@pytest.mark.parametrize(
    ("value", "why"),
    [
        ("13/03/2024", "'13/03/2024' is not a date written YYYY-MM-DD"),
        ("2024-02-30", "'2024-02-30' is not a date written YYYY-MM-DD"),
        ("yesterday", "'yesterday' is not a date written YYYY-MM-DD"),
        ("", "'' is not a date written YYYY-MM-DD"),
        ("0001-01-01", "0001-01-01 is outside 1900-2100"),
        ("2999-12-31", "2999-12-31 is outside 1900-2100"),
    ],
)
def test_a_bad_day_is_refused_naming_where_and_why(value, why):
    with pytest.raises(InputError) as raised:
        parse_day(value, "--from")
    assert str(raised.value) == f"--from: {why}"


def test_an_article_holds_its_publication_day_as_a_date():
    assert ArticleText(id="a", text=ARTICLE, published_at="2024-03-13T08:00:00Z").published_at == date(2024, 3, 13)
    assert ArticleText(id="a", text=ARTICLE, published_at=date(2024, 3, 13)).published_at == date(2024, 3, 13)
    with pytest.raises(InputError, match="published_at: '13 March' is not a date"):
        ArticleText(id="a", text=ARTICLE, published_at="13 March")


def test_an_incident_holds_a_date_and_writes_it_as_before():
    result = LexiconExtractor().extract(ArticleText(id="a", text=ARTICLE, published_at="2024-03-13")).result
    assert result is not None
    [incident] = result.incidents
    assert incident.event_date == date(2024, 3, 12)  # the Tuesday before publication
    dumped = result.model_dump(mode="json")
    assert dumped["incidents"][0]["event_date"] == "2024-03-12"
    assert ExtractionResult.model_validate_json(json.dumps(dumped)) == result  # validated on the way in
    assert trusted(Incident, json.dumps(dumped["incidents"][0])).event_date == date(2024, 3, 12)  # read back
    assert Incident.model_json_schema()["properties"]["event_date"]["pattern"] == "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"


def test_the_model_facing_schema_keeps_the_text_it_is_filled_with():
    incident = Extraction.model_json_schema()["$defs"]["IncidentExtract"]["properties"]["event_date"]
    assert incident["type"] == "string" and "format" not in incident


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["extract", "--published", "13/03/2024", "SAMPLE"],
            "--published: '13/03/2024' is not a date written YYYY-MM-DD",
        ),
        (["brief", "--from", "0001-01-01", "--to", "2024-03-14"], "--from: 0001-01-01 is outside 1900-2100"),
        (["incidents", "--date", "2024-13-01"], "--date: '2024-13-01' is not a date written YYYY-MM-DD"),
    ],
)
def test_the_commands_refuse_a_bad_day_the_same_way(tmp_path, args, message):
    args = [str(ROOT / "briefs" / "samples" / "article.txt") if a == "SAMPLE" else a for a in args]
    done = subprocess.run(
        [sys.executable, "-m", "briefs", *args],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={"BRIEFS_DATABASE_URL": f"sqlite:///{tmp_path / 'b.db'}", "PATH": "/usr/bin:/bin"},
        check=False,
    )
    assert done.returncode == 2 and message in done.stderr and "Traceback" not in done.stderr
