"""The public library (`import briefs`): the whole path from article text to a Markdown brief through
the public names only, the lazy import, and the errors with their exit codes."""

from __future__ import annotations

import inspect
import subprocess
import sys
from datetime import date

import briefs
import pytest
from briefs import cli

# A report composed for this test: published on Wednesday 13 March 2024, about Tuesday.
DARAA = (
    "درعا - قُتل ثلاثة مدنيين وأصيب سبعة آخرون، يوم الثلاثاء، بانفجار عبوة ناسفة في مدينة درعا جنوبي سوريا، "
    "بحسب ما أفاد المرصد السوري لحقوق الإنسان."
)


def test_article_text_to_a_markdown_brief_through_the_public_api(tmp_path):
    assert [m.value for m in briefs.find_numbers(DARAA)] == [3, 7]
    article = briefs.make_article(
        DARAA, id="daraa-1", published_at="2024-03-13", outlet="Test Post", title="انفجار في درعا"
    )

    outcome = briefs.extract(article, model="lexicon")
    assert outcome.result is not None and outcome.result.extractor == "lexicon" and not outcome.flags
    (incident,) = outcome.result.incidents
    assert incident.event_date == date(2024, 3, 12)  # the Tuesday before the day of publication
    assert {(c.category, c.value, c.grounding) for c in incident.counts} == {
        ("killed", 3, "supported"),
        ("wounded", 7, "supported"),
    }

    store = briefs.open_store(f"sqlite:///{tmp_path / 'briefs.db'}")
    try:
        stats = briefs.run([article], store)
        assert (stats.done, stats.failed, stats.incidents) == (1, 0, 1)
        assert briefs.run([article], store).done == 0  # done already: skipped, as `briefs run` does
        brief = briefs.build_brief(store, date(2024, 3, 12))
    finally:
        store.close()
    markdown = briefs.render(brief, "md")
    assert (
        "Killed **3**" in markdown
        and "Wounded **7**" in markdown
        and "Dar'a" in markdown
        and "article daraa-1" in markdown
    )

    summary = " ".join(line.text_en for line in outcome.result.summary)
    assert briefs.check(DARAA, summary).verdict == "supported"
    assert briefs.check(DARAA, "Five civilians were killed in Dar'a.").verdict == "unsupported"


def test_the_public_names_are_documented_and_resolve():
    assert "__version__" in briefs.__all__ and len(set(briefs.__all__)) == len(briefs.__all__)
    for name in briefs.__all__[1:]:
        value = getattr(briefs, name)
        assert inspect.getdoc(value), f"briefs.{name} has no docstring"
    assert set(briefs.__all__) <= set(dir(briefs))
    with pytest.raises(AttributeError, match="no attribute 'nothing_here'"):
        briefs.nothing_here  # noqa: B018


def test_extract_and_render_stay_functions_when_their_submodules_load():
    from briefs.brief.render import render_markdown  # noqa: F401 - loads the briefs.brief.render module
    from briefs.extract.lexicon import LexiconExtractor  # noqa: F401 - loads the briefs.extract package

    assert inspect.isfunction(briefs.extract) and inspect.isfunction(briefs.render)
    from briefs import extract, render

    assert extract.__module__ == "briefs.library" and render.__module__ == "briefs.brief.render"


def test_import_briefs_loads_nothing_heavy():
    """`import briefs` loads its names on first use: no pydantic, SQLAlchemy, LangChain or Typer yet."""
    probe = (
        "import sys, briefs; heavy = {'pydantic', 'sqlalchemy', 'langchain_core', 'typer', 'rich'};"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy or m.startswith('briefs.')))"
    )
    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert loaded.stdout.strip() == "[]"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "the article text is empty"),
        ("Three people were killed.", "no Arabic text found"),
        ("قتل ثلاثة\0", "a NUL character"),
    ],
)
def test_a_bad_article_is_an_input_error(text, message):
    with pytest.raises(briefs.InputError, match=message) as raised:
        briefs.make_article(text)
    assert raised.value.exit_code == briefs.ExitCode.BAD_INPUT


def test_an_unusable_model_is_a_config_error(monkeypatch):
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    article = briefs.make_article(DARAA)
    with pytest.raises(briefs.ConfigError, match="unknown provider 'anthropic'"):
        briefs.extract(article, model="anthropic:claude")
    with pytest.raises(briefs.ConfigError, match="OPENAI_API_KEY is not set"):
        briefs.extract(article, model="openai:gpt-4o-mini")


def test_a_store_that_cannot_open_is_a_store_error_with_the_password_masked():
    with pytest.raises(briefs.StoreError, match=r"cannot open the store at nosuchdb://briefs:\*\*\*@") as raised:
        briefs.open_store("nosuchdb://briefs:s3cret@localhost/briefs")
    assert "s3cret" not in str(raised.value)


def test_every_error_has_its_documented_exit_code():
    assert issubclass(briefs.ModelServiceError, briefs.ModelError)
    codes = {
        error: error.exit_code
        for error in (
            briefs.BriefsError,
            briefs.InputError,
            briefs.ConfigError,
            briefs.StoreError,
            briefs.ModelError,
            briefs.ModelServiceError,
        )
    }
    assert codes == {
        briefs.BriefsError: 2,
        briefs.InputError: 2,
        briefs.ConfigError: 2,
        briefs.StoreError: 2,
        briefs.ModelError: 4,
        briefs.ModelServiceError: 4,
    }
    from briefs.extract.prompts import PromptError

    assert issubclass(PromptError, briefs.ConfigError)


@pytest.mark.parametrize(
    ("error", "code", "line"),
    [
        (briefs.InputError("x.txt: empty"), 2, "error: x.txt: empty"),
        (briefs.StoreError("cannot open the store"), 2, "error: cannot open the store"),
        (
            briefs.ModelServiceError(briefs.ModelFailure.AUTH, "bad key"),
            4,
            "error: model service failed (auth): bad key",
        ),
        (RuntimeError("a bug"), 3, "internal error: RuntimeError: a bug (set BRIEFS_DEBUG=1"),
    ],
)
def test_the_cli_maps_each_error_to_its_exit_code_in_one_place(monkeypatch, capsys, error, code, line):
    def fails() -> None:
        raise error

    monkeypatch.delenv("BRIEFS_DEBUG", raising=False)
    monkeypatch.setattr(cli, "app", fails)
    with pytest.raises(SystemExit) as exit:
        cli.main()
    assert exit.value.code == code and line in capsys.readouterr().err
