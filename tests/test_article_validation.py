"""Article text is validated once (briefs.inputs.article_problem): a file, a batch line and the API refuse the
same texts for the same reason, each naming the field at fault."""

from __future__ import annotations

import json

import pytest
from briefs.config import Settings
from briefs.errors import InputError
from briefs.inputs import ArticleFault, article_problem, read_article

from .api_support import SAMPLE, running_api

LIMITS = {"max_article_chars": 2_000, "min_arabic_letters": 20}
BAD = {
    ArticleFault.EMPTY: "   \n ",
    ArticleFault.TOO_LONG: SAMPLE[:200] * 20,
    ArticleFault.NO_ARABIC: "Five soldiers were killed in Deir ez-Zor on Tuesday.",
    ArticleFault.CHARACTERS: SAMPLE[:100] + "\0" + SAMPLE[100:200],
}
API_CODE = {
    ArticleFault.EMPTY: "invalid_request",
    ArticleFault.TOO_LONG: "too_long",
    ArticleFault.NO_ARABIC: "no_arabic",
    ArticleFault.CHARACTERS: "invalid_request",
}


@pytest.mark.parametrize("fault", list(BAD))
def test_a_file_names_the_field_and_the_fault(tmp_path, fault):
    problem = article_problem(BAD[fault], Settings(**LIMITS))
    assert problem is not None and problem.fault is fault
    path = tmp_path / "article.json"
    path.write_text(json.dumps({"id": "a", "text": BAD[fault]}), encoding="utf-8")
    with pytest.raises(InputError) as error:
        read_article(path, Settings(**LIMITS))
    assert str(error.value) == f"{path}: field 'text': {problem.reason}"


@pytest.mark.parametrize("fault", [ArticleFault.EMPTY, ArticleFault.TOO_LONG, ArticleFault.NO_ARABIC])
def test_the_api_refuses_the_same_texts_for_the_same_reasons(tmp_path, fault):
    reason = article_problem(BAD[fault], Settings(**LIMITS))
    assert reason is not None
    with running_api(tmp_path, **LIMITS) as api:
        for url, body, loc in (
            ("/v1/articles", {"text": BAD[fault]}, "body.text"),
            ("/v1/articles", [{"text": SAMPLE[:1_500]}, {"text": BAD[fault]}], "body[1].text"),
            ("/v1/summaries", {"text": BAD[fault]}, "body.text"),
            ("/v1/check", {"source": BAD[fault], "text": "Five were killed."}, "body.source"),
        ):
            response = api.post(url, json=body)
            assert response.status_code == 422, (url, response.text)
            error = response.json()["error"]
            assert error["code"] == API_CODE[fault]
            assert error["fields"] == [{"loc": loc, "msg": reason.reason}]


def test_a_good_article_has_no_problem():
    assert article_problem(SAMPLE, Settings()) is None
