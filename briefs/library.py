"""The steps of the CLI as Python calls: an article, its extraction, the store, a batch run.

Each function composes what the commands use (`briefs.inputs`, `briefs.extract.select`,
`briefs.pipeline`, `briefs.store`), so the library and the CLI cannot drift apart. Import them from
`briefs` (`from briefs import extract`), not from here.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from briefs.environment import database_url, input_limits

if TYPE_CHECKING:  # pydantic-settings loads when a call needs more than briefs.environment reads
    from briefs.brief.model import Brief
    from briefs.config import Settings
    from briefs.extract.base import Outcome
    from briefs.inputs import ArticleText
    from briefs.pipeline import ProcessStats
    from briefs.store import Store


def make_article(
    text: str,
    *,
    id: str | None = None,
    title: str | None = None,
    published_at: str | None = None,
    outlet: str | None = None,
    url: str | None = None,
    settings: Settings | None = None,
) -> ArticleText:
    """An article from its Arabic text, checked as every article entering Briefs is.

    `published_at` (YYYY-MM-DD or an ISO time) places the article's weekdays and "yesterday"; without
    it, dates are guessed and flagged. Raises `InputError` naming what is wrong (empty, not Arabic,
    too long, a NUL or lone surrogate, an impossible date, ...).
    """
    from briefs.inputs import article_from_record

    record = {"text": text, "id": id, "title": title, "published_at": published_at, "outlet": outlet, "url": url}
    return article_from_record(record, id or "article", settings or input_limits())


def read_article(path: str | Path, settings: Settings | None = None) -> ArticleText:
    """One article from a `.txt` (UTF-8; the first line may be the headline) or `.json` file
    ({id?, title?, text, published_at?, outlet?, url?}); raises `InputError` naming the file."""
    from briefs.inputs import read_article as read

    return read(Path(path), settings or input_limits())


def extract(
    article: ArticleText, *, model: str | None = None, settings: Settings | None = None, use_cache: bool = True
) -> Outcome:
    """Incidents, an English summary and a grounding report for one article.

    `model` is `lexicon` (the offline extractor, the default when neither it nor BRIEFS_MODEL is set),
    `openai:NAME`, or with OPENAI_BASE_URL set that server's own model name. The `Outcome` holds the
    `result` (an `ExtractionResult`, None when none came back), its `flags` and why it failed.
    Raises `ConfigError` for an unusable model or prompt; a model service that fails comes back as
    `Outcome.failure_kind`, as the CLI reports it.
    """
    from briefs.extract.select import make_extractor

    extractor = make_extractor(model, settings=settings, use_cache=use_cache)
    try:
        outcome: Outcome = extractor.extract(article)
        return outcome
    finally:
        extractor.close()


def open_store(url: str | None = None, settings: Settings | None = None) -> Store:
    """The store at `url` (a SQLAlchemy URL; default BRIEFS_DATABASE_URL), created and migrated when new,
    or a `StoreError` that says why not, the URL's password masked."""
    from briefs.store import Store

    return Store(url or (settings.database_url if settings else database_url()))


def run(
    articles: Iterable[ArticleText],
    store: Store,
    *,
    model: str | None = None,
    settings: Settings | None = None,
    force: bool = False,
    use_cache: bool = True,
) -> ProcessStats:
    """Store the articles and extract their incidents, as `briefs run` does: articles already done with
    this extractor, model and prompt are skipped unless `force`; runs an interrupted process left
    are taken back. Returns how many articles were done and failed, and the incidents found."""
    from briefs.pipeline import Pipeline
    from briefs.store import worker_id

    pipeline = Pipeline(store, settings, model, use_cache=use_cache)
    try:
        pipeline.ingest(articles, "library", force=force)
        pipeline.recover()
        return pipeline.process(worker_id())
    finally:
        pipeline.close()


def build_brief(store: Store, date_from: date, date_to: date | None = None, *, country: str | None = None) -> Brief:
    """The brief of the stored incidents from `date_from` to `date_to` (default: that one day), as
    `briefs brief` makes it: each event once with every source, totals, and what needs review;
    `country` (ISO alpha-3) keeps one country. Render it with `render(brief, "md" | "html" | "json")`."""
    from briefs.brief.build import build_brief as build

    return build(store, date_from, date_to, country=country)
