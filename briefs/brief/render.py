"""Render a `Brief` as Markdown (for a terminal), as one self-contained HTML page, or as JSON.

What a brief shows, most important first: the headline figures (incidents, killed, wounded,
arrested, per country, and how many figures were left out of the totals as unverified); the
"needs review" list; then the incidents, in the order `build_brief` gave them, under a heading for
each country and province. Each incident has its English summary, its figures with a status badge
and, for every number, the Arabic words that state it (right to left), its actors, place, date and
their precision, and its sources (outlet, URL, article id).

Text from articles is untrusted. In Markdown it is flattened to one line and the characters that
would make markup are escaped. The HTML page is written from the same pieces as HTML, every text
HTML-escaped and every URL checked; the prose of each incident (its English summary) is written in
Markdown, escaped as above, and rendered by the `markdown` package (one reused converter per thread,
each distinct summary converted once). Running the package over the whole Markdown brief instead
took 2.6 s for a thousand incidents and only turned the renderer's own markup into tags. The page
is then sanitized with `nh3` against an allowlist (tags, `class`/`id`/`dir`/`lang`, links to
http(s) only) and wrapped in a trusted page with inline CSS, no external assets and a
Content-Security-Policy that forbids scripts as a further line of defence. The map (an inline SVG
written by `briefs.brief.map`, every text in it escaped there) goes in after the sanitizing, which
would strip SVG, between the headline and the needs-review list.

Pure functions: this module imports only the models (`briefs.acled`, `briefs.domain`,
`briefs.brief.model`), `briefs.brief.map` (boundaries and the
gazetteer's coordinates, read from packaged data), the standard library, markdown and nh3.
"""

from __future__ import annotations

import html
import re
import threading
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Literal
from urllib.parse import quote, urlsplit

import markdown  # type: ignore[import-untyped]
import nh3

from briefs.acled import (
    INTER_CODES,
    REGION_COUNTRIES,
    ActorRole,
    CountCategory,
    CountQualifier,
    GeoPrecision,
    IncidentStatus,
    TimePrecision,
)
from briefs.arabic.normalize import has_arabic
from briefs.brief.map import MapIncident, place_point, render_map
from briefs.brief.model import Brief, BriefIncident, ReasonPart
from briefs.domain import DATE_GUESSED, FAILING_GROUNDING, BriefSource, Count, GroundingStatus, Quote, figure_text

Format = Literal["md", "html", "json"]
FORMATS: tuple[str, ...] = ("md", "html", "json")

TIME_PRECISION = {TimePrecision.DAY: "day known", TimePrecision.WEEK: "week only", TimePrecision.MONTH: "month only"}
GEO_PRECISION = {
    GeoPrecision.PLACE: "the place itself",
    GeoPrecision.NEAR: "near the place",
    GeoPrecision.REGION: "province only",
}
ROLE_NAMES = {
    ActorRole.ACTOR1: "actor 1",
    ActorRole.ACTOR2: "actor 2",
    ActorRole.ASSOCIATE_ACTOR1: "with actor 1",
    ActorRole.ASSOCIATE_ACTOR2: "with actor 2",
}
QUALIFIER_WORDS = {
    CountQualifier.AT_LEAST: "at least",
    CountQualifier.MORE_THAN: "more than",
    CountQualifier.LESS_THAN: "fewer than",
    CountQualifier.APPROXIMATELY: "about",
}
LEXICON_NOTE = "the offline lexicon extractor (a dictionary-based event coder: no language model)"


def render(brief: Brief, format: Format) -> str:
    """The brief as `md`, `html` or `json`."""
    renderers: dict[str, Callable[[Brief], str]] = {"md": render_markdown, "html": render_html, "json": render_json}
    if format not in renderers:
        raise ValueError(f"unknown brief format {format!r}: expected one of {', '.join(FORMATS)}")
    return renderers[format](brief)


def render_json(brief: Brief) -> str:
    """The brief as JSON; it validates against schemas/brief.schema.json."""
    return brief.model_dump_json(indent=2) + "\n"


# --------------------------------------------------------------------------------------------------
# Untrusted text
# --------------------------------------------------------------------------------------------------

# Bidi embeddings, overrides and isolates, and zero-width marks: an article could use them to make
# text read otherwise than it is (U+202E turns "gpj.exe" around); the brief sets direction itself.
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
_SPACES = re.compile(r"\s+")
_MD_TEXT = re.compile(r"([\\`*_\[\]<>|])")  # what could start markup in a line of terminal Markdown


def clean(text: str | None) -> str:
    """Untrusted text on one line: no control, bidi or zero-width characters, spaces collapsed."""
    if not text:
        return ""
    # Printable text holds no control, format (bidi, zero-width) or separator character but the plain
    # space: the common case, which needs no look at each character.
    if text.isprintable():
        return text.strip() if "  " not in text else _SPACES.sub(" ", text).strip()
    text = _INVISIBLE.sub("", text)
    text = "".join(" " if unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") else ch for ch in text)
    return _SPACES.sub(" ", text).strip()


def safe_url(url: str | None) -> str | None:
    """An http(s) URL with a host, percent-encoded so that it cannot break out of a link; else None."""
    text = clean(url)
    if not text:
        return None
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return quote(text, safe="/:?#[]@!$&'*+,;=%-._~")


# --------------------------------------------------------------------------------------------------
# What the brief shows, worked out once for both outputs
# --------------------------------------------------------------------------------------------------


def country_name(code: str) -> str:
    return REGION_COUNTRIES.get(code, code)


@lru_cache(maxsize=4096)  # strftime costs ~20 µs and a brief holds few dates
def format_day(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b %Y}"


@lru_cache(maxsize=4096)
def format_date(day: date, precision: TimePrecision | int) -> str:
    precision = TimePrecision(precision)
    if precision is TimePrecision.MONTH:
        return f"{day:%B %Y}"
    if precision is TimePrecision.WEEK:
        return f"week of {day.day} {day:%b %Y}"
    return format_day(day)


def format_range(date_from: date, date_to: date) -> str:
    if date_from == date_to:
        return format_day(date_from)
    return f"{date_from.day} {date_from:%b %Y} – {date_to.day} {date_to:%b %Y}"


def stated(count: Count) -> str:
    """A count as the article states it: '5', 'at least 30', 'tens (20–99)'."""
    if count.qualifier is CountQualifier.VAGUE:
        return f"an unstated number ({figure_text(count, '–')})"
    words = QUALIFIER_WORDS.get(count.qualifier)
    return f"{words} {count.value}" if words else str(count.value)


def describe_extractor(name: str) -> str:
    if name.split(":", 1)[0].split("@", 1)[0].strip().lower() == "lexicon":
        return LEXICON_NOTE
    return f"the LLM extractor ({name})"


Reason = tuple[ReasonPart, ...]  # one reason, its quotes apart


@dataclass
class Review:
    """One line of the needs-review list: an incident of the brief, or an article as a whole."""

    anchor: str | None  # incident-N, when the line is about an incident of the brief
    label: str
    reasons: list[Reason] = field(default_factory=list)


@dataclass
class View:
    brief: Brief
    numbers: dict[int, int]  # id(BriefIncident) → 1-based number in the brief
    reviews: list[Review]


def _source_label(sources: dict[str, BriefSource], article_hash: str) -> str:
    source = sources.get(article_hash)
    if source is None:
        return article_hash[:12]
    return clean(source.outlet) or clean(source.article_id) or article_hash[:12]


def _incident_label(number: int, item: BriefIncident) -> str:
    incident, place = item.incident, item.incident.location
    where = " › ".join(filter(None, [country_name(place.country), clean(place.admin1), clean(place.name_en)]))
    return (
        f"#{number} {incident.sub_event_type} · {where} · {format_date(incident.event_date, incident.time_precision)}"
    )


def _derived_reasons(item: BriefIncident) -> list[str]:
    """What in the incident itself fails: unverified figures, failing counts, quotes not found."""
    sources = {s.article_hash: s for s in item.sources}
    reasons = list(item.implausible)
    for merged in item.counts:
        if not merged.verified:
            reasons.append(f"{merged.category} figure {merged.figure} is UNVERIFIED (left out of the totals)")
        for row in merged.reports:
            count = row.count
            if count.grounding in FAILING_GROUNDING:
                source = _source_label(sources, row.article_hash)
                reasons.append(f"{count.category} {stated(count)} ({source}) is {count.grounding}")
            if not count.evidence.found:
                reasons.append(f"the Arabic quote for {count.category} {stated(count)} was not found in the article")
    incident = item.incident
    quotes = [("report", q) for q in incident.evidence] + [("place", incident.location.quote)]
    quotes += [("actor " + clean(a.name_en), a.quote) for a in incident.actors]
    if incident.date_quote is not None:
        quotes.append(("date", incident.date_quote))
    reasons += [f"the Arabic quote for the {what} was not found in the article" for what, q in quotes if not q.found]
    if incident.date_guessed:
        reasons.append(DATE_GUESSED)
    return list(dict.fromkeys(reasons))


def build_view(brief: Brief) -> View:
    """Number the incidents and gather the needs-review list: first every incident that needs review,
    in the brief's order, with what fails in it (worked out from its figures and quotes, which cover
    every source; the store's reasons when those find nothing), then the articles as a whole."""
    numbers = {id(item): n for n, item in enumerate(brief.incidents, start=1)}
    # Which incident of the brief each article's incident went into (the first, should two claim it).
    merged_into: dict[tuple[str, int | None], BriefIncident] = {}
    for item in brief.incidents:
        for ref in item.reports:
            merged_into.setdefault((ref.article_hash, ref.index), item)
    per_incident: dict[int, list[Reason]] = {}
    articles: dict[str, Review] = {}
    for entry in brief.needs_review:
        target = merged_into.get((entry.article_hash, entry.incident_index))
        if target is not None:
            per_incident.setdefault(id(target), []).append(tuple(entry.parts()))
            continue
        label = f"article {clean(entry.article_id)}"
        if entry.incident_index is not None:
            label += f", incident {entry.incident_index + 1}"
        articles.setdefault(label, Review(None, label)).reasons.append(tuple(entry.parts()))
    reviews = []
    for item in brief.incidents:
        reasons = [(reason,) for reason in _derived_reasons(item)] or per_incident.get(id(item), [])
        if reasons or item.needs_review:
            number = numbers[id(item)]
            reasons = reasons or [("some figure or quote of a source failed grounding",)]
            reviews.append(Review(f"incident-{number}", _incident_label(number, item), list(dict.fromkeys(reasons))))
    for review in articles.values():
        review.reasons = list(dict.fromkeys(review.reasons))
        reviews.append(review)
    return View(brief, numbers, reviews)


def groups(incidents: list[BriefIncident]) -> list[tuple[str, str | None, list[BriefIncident]]]:
    """Runs of incidents sharing country and admin1, in the given order: (country, admin1, incidents)."""
    runs: list[tuple[str, str | None, list[BriefIncident]]] = []
    for item in incidents:
        key = (item.incident.location.country, item.incident.location.admin1)
        if runs and (runs[-1][0], runs[-1][1]) == key:
            runs[-1][2].append(item)
        else:
            runs.append((*key, [item]))
    return runs


# --------------------------------------------------------------------------------------------------
# Markdown, in two dialects: for a terminal, and as the source of the HTML page
# --------------------------------------------------------------------------------------------------

BADGE_TEXT = {
    GroundingStatus.SUPPORTED: "✓ supported",
    GroundingStatus.APPROXIMATE: "≈ approximate",
    GroundingStatus.UNCHECKED: "? unchecked",
    GroundingStatus.UNSUPPORTED: "✗ UNSUPPORTED",
    GroundingStatus.MISATTRIBUTED: "✗ MISATTRIBUTED",
    "unverified": "✗ UNVERIFIED",
    "review": "⚠ NEEDS REVIEW",
    "claimed": "claimed",
    "denied": "denied",
    "not_found": "quote not found",
}


HTML_BADGES = {kind: f'<span class="badge b-{kind}">{html.escape(text)}</span>' for kind, text in BADGE_TEXT.items()}


class Dialect:
    """How a piece of the brief is written; the terminal dialect. `HtmlDialect` writes for the page.
    One instance writes one brief: it remembers each text it wrote (outlets, actors, places and the
    categories repeat from incident to incident), and forgets them with the brief."""

    html = False
    escapable = _MD_TEXT  # the characters `escape` changes

    def __init__(self) -> None:
        self._written: dict[str, str] = {}

    def escape(self, value: str) -> str:
        return _MD_TEXT.sub(r"\\\1", value)

    def text(self, value: str | None) -> str:
        if not value:
            return ""
        written = self._written.get(value)
        if written is None:
            cleaned = clean(value)
            # Most text holds nothing to escape, and looking costs less than escaping it all the same.
            written = self._written[value] = self.escape(cleaned) if self.escapable.search(cleaned) else cleaned
        return written

    def trusted(self, value: str) -> str:
        """Text the renderer wrote itself, which may still carry names from articles: escape as text."""
        return self.text(value)

    def arabic(self, value: str, block: bool = False) -> str:
        return f"«{self.text(value)}»"

    def badge(self, kind: str) -> str:
        return self.strong(f"[{BADGE_TEXT[kind]}]")

    def strong(self, value: str) -> str:
        return f"**{value}**"

    def struck(self, value: str) -> str:
        return f"~~{value}~~"

    def link(self, label: str, url: str | None) -> str:
        target = safe_url(url)
        if target is None:
            return self.text(label)
        return f"<{target}>" if clean(label) == clean(url) else f"{self.text(label)} <{target}>"

    def anchor(self, label: str, anchor: str | None) -> str:
        return label

    def title(self, value: str) -> str:
        return f"“{self.text(value)}”"

    def heading_id(self, anchor: str) -> str:
        return ""


class HtmlDialect(Dialect):
    """Writes HTML: every untrusted text is escaped here, every URL checked; nh3 sanitizes the page after.
    Prose (the summaries) is written in Markdown by `prose`, then converted."""

    html = True
    escapable = re.compile("[&<>]")

    def __init__(self) -> None:
        super().__init__()
        self.prose = Dialect()

    def escape(self, value: str) -> str:
        return html.escape(value, quote=False)

    def arabic(self, value: str, block: bool = False) -> str:
        kind = "ar-block" if block else "ar"
        return f'<span class="{kind}" dir="rtl" lang="ar">{self.text(value)}</span>'

    def badge(self, kind: str) -> str:
        return HTML_BADGES[kind]

    def struck(self, value: str) -> str:
        return f"<del>{value}</del>"

    def strong(self, value: str) -> str:
        return f"<strong>{value}</strong>"

    def link(self, label: str, url: str | None) -> str:
        target = safe_url(url)
        if target is None:
            return self.text(label) if clean(label) != clean(url) else f'<span class="url">{self.text(url)}</span>'
        return f'<a href="{html.escape(target)}">{self.text(label)}</a>'

    def anchor(self, label: str, anchor: str | None) -> str:
        return f'<a href="#{anchor}">{label}</a>' if anchor else label

    def title(self, value: str) -> str:
        """A headline: an Arabic one is set right to left, in its own box, so that the bidi
        algorithm does not mix it with the English around it."""
        letters = [ch for ch in clean(value) if ch.isalpha()]
        if letters and sum("\u0600" <= ch <= "\u06ff" for ch in letters) * 2 > len(letters):
            return f'<span class="ar title" dir="rtl" lang="ar">{self.text(value)}</span>'
        return super().title(value)

    def heading_id(self, anchor: str) -> str:
        return anchor


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _headline(view: View, d: Dialect) -> list[str]:
    h = view.brief.headline
    lines = [
        f"**{_plural(h.incidents, 'incident')}** · **{h.killed}** killed · **{h.wounded}** wounded · "
        f"**{h.arrested}** arrested"
    ]
    if h.unverified_figures:
        lines.append(
            f"{d.badge('unverified')} {_plural(h.unverified_figures, 'unverified figure')} left out of these totals"
        )
    if h.held_for_review:
        lines.append(
            f"{d.badge('review')} {_plural(h.held_for_review, 'incident')} with a figure implausible for one event "
            "held in Needs review, out of these totals"
        )
    lines.append(WHAT_WAS_CHECKED)
    if h.by_country:
        rows = [f"{d.text(country_name(r.country))} {r.incidents} ({r.fatalities} killed)" for r in h.by_country]
        lines.append("By country: " + " · ".join(rows))
    return lines


def _reason(reason: Reason, d: Dialect) -> str:
    """A reason in English; an Arabic quote in it is set right to left (a quote without Arabic, an
    English name, stays English in «»)."""
    out, text = [], ""
    for part in reason:
        if isinstance(part, str):
            text += part
            continue
        out.append(d.text(text))
        out.append(d.arabic(part.text) if has_arabic(part.text) else d.text(f"«{part.text}»"))
        text = ""
    return "".join([*out, d.text(text)])


# Grounding proves a figure is stated in the article, not that it is one event's toll: say both.
WHAT_WAS_CHECKED = (
    "Checked: every figure in these totals is stated in its Arabic source. Not checked: that each is one "
    "event's toll rather than a statistic or history; figures implausible for one event are held for review."
)
NOTHING_TO_REVIEW = "Nothing to review: every figure and quote is grounded in its source."


def _reviews(view: View, d: Dialect) -> list[str]:
    """The needs-review list, one entry a line: what it is about, then why."""
    return [
        d.strong(d.anchor(d.text(review.label), review.anchor))
        + ": "
        + "; ".join(_reason(r, d) for r in review.reasons)
        for review in view.reviews
    ]


@dataclass
class FigureRow:
    """One source's count under a merged figure."""

    stated: str
    status: str
    evidence: str
    source: str


@dataclass
class Figure:
    category: str
    figure: str
    note: str
    rows: list[FigureRow]


def _figures(item: BriefIncident, d: Dialect) -> list[Figure]:
    sources = {s.article_hash: s for s in item.sources}
    labels: dict[str, str] = {}  # article hash → its source as written: a source has several counts
    figures = []
    for merged in item.counts:
        figure = d.strong(str(merged.figure))
        if not merged.verified:
            figure = d.struck(figure) + " " + d.badge("unverified")
        notes = []
        if merged.note:
            notes.append(d.text(merged.note) + ("; the lowest verified figure is kept" if merged.verified else ""))
        if any(r.count.qualifier is CountQualifier.VAGUE for r in merged.reports):
            notes.append("a vague number counts by ACLED's convention (tens: 10, hundreds: 100, a few: 3)")
        rows = []
        for row in merged.reports:
            count = row.count
            value = f"{d.text(stated(count))} {d.text(count.who)}".strip()
            if count.grounding in FAILING_GROUNDING:
                value = d.struck(value)
            evidence = d.arabic(count.evidence.text) + _quote_note(count.evidence, d)
            label = labels.get(row.article_hash)
            if label is None:
                label = labels[row.article_hash] = d.text(_source_label(sources, row.article_hash))
            rows.append(FigureRow(value, d.badge(count.grounding), evidence, label))
        figures.append(Figure(str(merged.category).capitalize(), figure, "; ".join(notes), rows))
    return figures


def _figure_lines(item: BriefIncident, d: Dialect) -> list[str]:
    several = len(item.sources) > 1
    lines = []
    for figure in _figures(item, d):
        head = f"{figure.category} {figure.figure}" + (f" ({figure.note})" if figure.note else "")
        rows = [f"{r.stated} {r.status} {r.evidence}" + (f" — {r.source}" if several else "") for r in figure.rows]
        if len(rows) == 1:
            lines.append(f"- {head}: {rows[0]}")
        else:
            lines += [f"- {head}"] + [f"    - {r}" for r in rows]
    return lines or ["- No figures reported."]


def _figure_table(item: BriefIncident, d: HtmlDialect) -> str:
    several = len(item.sources) > 1
    rows = []
    for figure in _figures(item, d):
        first = f"{figure.category} {figure.figure}" + (f"<small>{figure.note}</small>" if figure.note else "")
        for i, r in enumerate(figure.rows):
            cells = [first if i == 0 else "", r.stated, r.status, r.evidence] + ([r.source] if several else [])
            rows.append("<tr>" + "".join(f"<td>{cell}</td>" for cell in cells) + "</tr>")
    if not rows:
        return "<p>No figures reported.</p>"
    header = ["Figure", "As the source states it", "Status", "Arabic evidence"] + (["Source"] if several else [])
    head = "".join(f"<th>{name}</th>" for name in header)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def _actors(item: BriefIncident, d: Dialect) -> str:
    parts = []
    for actor in item.incident.actors:
        text = f"{d.text(actor.name_en)} ({ROLE_NAMES[actor.role]}; {INTER_CODES.get(actor.inter, actor.inter)})"
        if not actor.quote.found:
            text += " " + d.badge("not_found")
        parts.append(text)
    return "; ".join(parts) or "none named"


def _place(item: BriefIncident, d: Dialect) -> str:
    loc = item.incident.location
    names: list[str] = []
    for name in map(clean, (loc.name_en, loc.admin2, loc.admin1, country_name(loc.country))):
        if name and name not in names:
            names.append(name)
    text = d.text(", ".join(names)) + f" ({GEO_PRECISION[loc.geo_precision]})"
    if not loc.quote.found:
        text += " " + d.badge("not_found")
    return text


def _date(item: BriefIncident, d: Dialect) -> str:
    incident = item.incident
    text = f"{incident.event_date.isoformat()} ({TIME_PRECISION[incident.time_precision]})"
    if incident.date_quote is not None:
        text += " " + d.arabic(incident.date_quote.text) + _quote_note(incident.date_quote, d)
    return text


def _source(source: BriefSource, d: Dialect) -> str:
    parts = [d.strong(d.text(source.outlet or "unknown outlet"))]
    if source.title:
        parts.append(d.title(source.title))
    if source.url:
        parts.append(d.link(source.url, source.url))
    meta = f"article {d.text(source.article_id)}"
    if source.published_at:
        meta += f", published {source.published_at.isoformat()}"
    meta += f", sha256 {source.article_hash[:12]}"
    return " · ".join(parts) + f" ({meta})"


def _quote_note(quote: Quote, d: Dialect) -> str:
    if not quote.found:
        return " " + d.badge("not_found")
    return f" ({quote.status} match)" if quote.status in ("normalized", "fuzzy") else ""


def _title(item: BriefIncident, d: Dialect) -> tuple[str, list[str]]:
    incident = item.incident
    title = (
        f"{d.text(incident.sub_event_type)} · {d.text(incident.location.name_en)} · "
        f"{format_date(incident.event_date, incident.time_precision)}"
    )
    badges = []
    if item.needs_review or any(not m.verified for m in item.counts):
        badges.append(d.badge("review"))
    if incident.status is not IncidentStatus.REPORTED:
        badges.append(d.badge(str(incident.status)))
    return title, badges


def _facts(item: BriefIncident, d: Dialect) -> list[tuple[str, str]]:
    incident = item.incident
    facts = [
        (
            "Event",
            f"{d.text(incident.event_type)} › {d.text(incident.sub_event_type)} ({d.text(incident.disorder_type)}); "
            f"{d.text(str(incident.status))}",
        ),
        ("Actors", _actors(item, d)),
        ("Place", _place(item, d)),
        ("Date", _date(item, d)),
    ]
    if len(item.sources) == 1:
        facts.append(("Source", _source(item.sources[0], d)))
    else:
        facts.append((f"Sources ({len(item.sources)})", "\n".join(_source(s, d) for s in item.sources)))
    if item.merge is not None:
        facts.append(("Merged", f"{_plural(len(item.reports), 'report')} of one event: {d.text(item.merge.rule)}"))
    return facts


def _incident_markdown(number: int, item: BriefIncident, d: Dialect) -> list[str]:
    title, badges = _title(item, d)
    lines = [f"### {number}. {title}" + "".join(" " + b for b in badges), "", d.text(item.incident.notes_en), ""]
    lines += _figure_lines(item, d)
    for label, value in _facts(item, d):
        values = value.split("\n")
        if len(values) == 1:
            lines.append(f"- {label}: {value}")
        else:
            lines += [f"- {label}:"] + [f"    - {v}" for v in values]
    if item.incident.evidence:
        lines.append("- Report:")
        lines += [f"    - {d.arabic(q.text)}{_quote_note(q, d)}" for q in item.incident.evidence]
    return [*lines, ""]


def _extractors(brief: Brief) -> str:
    if not brief.extractors:
        return "No extraction in this period"
    return "Extracted by " + "; ".join(describe_extractor(name) for name in brief.extractors)


def _group_heading(country: str, admin1: str | None, d: Dialect) -> str:
    return f"{d.text(country_name(country))} · {d.text(admin1) if admin1 else 'province unknown'}"


def render_markdown(brief: Brief) -> str:
    """The brief as Markdown for a terminal: compact, the needs-review list before the incidents."""
    view, d = build_view(brief), Dialect()
    lines = [
        f"# Incident brief · {format_range(brief.date_from, brief.date_to)}",
        "",
        f"{d.text(_extractors(brief))}. Generated {brief.generated_at:%Y-%m-%d %H:%M} UTC.",
        "",
    ]
    lines += ["## Headline", ""] + [line + "  " for line in _headline(view, d)] + [""]
    lines += [f"## Needs review ({len(view.reviews)})", ""]
    lines += [f"- {entry}" for entry in _reviews(view, d)] or [NOTHING_TO_REVIEW]
    lines += [""]
    if not brief.incidents:
        lines += ["No incidents in this period.", ""]
    for country, admin1, items in groups(brief.incidents):
        lines += [f"## {_group_heading(country, admin1, d)}", ""]
        for item in items:
            lines += _incident_markdown(view.numbers[id(item)], item, d)
    return "\n".join(lines).rstrip() + "\n"


# --------------------------------------------------------------------------------------------------
# HTML
# --------------------------------------------------------------------------------------------------

ALLOWED_TAGS = {
    "a",
    "article",
    "blockquote",
    "br",
    "del",
    "div",
    "em",
    "h1",
    "h2",
    "h3",
    "h4",
    "header",
    "hr",
    "li",
    "main",
    "ol",
    "p",
    "section",
    "small",
    "span",
    "strong",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
}
ALLOWED_ATTRIBUTES = {"*": {"class", "id", "dir", "lang", "title"}, "a": {"href"}}
URL_SCHEMES = {"http", "https"}
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"

CSS = """
:root { --ink:#1d2330; --muted:#5d6677; --line:#dde1e8; --bg:#f6f7f9; --ok:#17733a; --okbg:#e3f4e8;
  --warn:#8a5a00; --warnbg:#fff1cc; --bad:#b3141b; --badbg:#fde4e4; --info:#41506b; --infobg:#e8ecf3; --arbg:#f5f1e4; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--ink);
  font: 15px/1.5 -apple-system, "Segoe UI", "Noto Sans", "DejaVu Sans", Arial, sans-serif; }
main { max-width: 62rem; margin: 0 auto; padding: 1.5rem 1.25rem 3rem; }
h1 { font-size: 1.6rem; margin: 0 0 .3rem; }
h2 { font-size: 1.15rem; margin: 1.8rem 0 .6rem; padding-bottom: .2rem; border-bottom: 2px solid var(--ink); }
h3 { font-size: 1.05rem; margin: 0 0 .35rem; line-height: 1.35; }
.meta { color: var(--muted); font-size: .9rem; margin: 0 0 .6rem; }
.meta.lexicon { color: var(--ink); background: var(--infobg); border-left: 4px solid var(--info);
  padding: .45rem .75rem; }
.figures { display: flex; flex-wrap: wrap; gap: .6rem; margin: .5rem 0; }
.figure { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: .45rem .9rem; min-width: 7rem; }
.figure strong { display: block; font-size: 1.7rem; line-height: 1.1; }
.figure span { color: var(--muted); font-size: .85rem; }
.figure.bad { border: 2px solid var(--bad); background: var(--badbg); max-width: 15rem; }
.figure.bad strong, .figure.bad span { color: var(--bad); }
ul.countries { list-style: none; display: flex; flex-wrap: wrap; gap: .4rem; padding: 0; margin: .4rem 0; }
ul.countries li { background: #fff; border: 1px solid var(--line); border-radius: 999px; padding: .1rem .7rem;
  font-size: .88rem; }
section.review { background: #fff; border: 2px solid var(--bad); border-radius: 8px; padding: .1rem 1rem .5rem;
  margin-top: 1.4rem; }
section.review h2 { color: var(--bad); border-color: var(--bad); margin-top: .8rem; }
section.review ul { padding-left: 1.1rem; margin: .4rem 0; }
section.review li { margin: .3rem 0; }
section.review.clear { border-color: var(--ok); }
section.review.clear h2 { color: var(--ok); border-color: var(--ok); }
h2.group { margin-top: 2.2rem; }
article.incident { background: #fff; border: 1px solid var(--line); border-left: 5px solid var(--ok);
  border-radius: 8px; padding: .75rem 1rem .6rem; margin: .8rem 0; break-inside: avoid; page-break-inside: avoid; }
article.incident.review { border-left-color: var(--bad); }
.num { display: inline-block; min-width: 1.6rem; text-align: center; background: var(--ink); color: #fff;
  border-radius: 4px; font-size: .85rem; padding: 0 .3rem; margin-right: .2rem; }
.summary { margin: .2rem 0 .55rem; }
.summary p { margin: 0; }
.counts table, table.facts { border-collapse: collapse; width: 100%; font-size: .92rem; margin: .3rem 0; }
.counts th { text-align: left; font-size: .78rem; color: var(--muted); font-weight: 600;
  border-bottom: 1px solid var(--line); padding: .15rem .4rem; }
.counts td { border-bottom: 1px solid var(--line); padding: .25rem .4rem; vertical-align: top; }
.counts td:first-child { width: 10rem; }
.counts td small { display: block; color: var(--muted); line-height: 1.3; }
table.facts th { text-align: left; vertical-align: top; color: var(--muted); font-weight: 600; width: 7.5rem;
  padding: .1rem .4rem .1rem 0; }
table.facts td { padding: .1rem 0; }
.report .label { font-size: .78rem; color: var(--muted); font-weight: 600; margin-top: .35rem; }
.badge { display: inline-block; font-size: .72rem; font-weight: 700; letter-spacing: .02em; padding: .05rem .45rem;
  border-radius: 999px; vertical-align: .1em; white-space: nowrap; border: 1px solid transparent; }
.b-supported { color: var(--ok); background: var(--okbg); }
.b-approximate { color: var(--warn); background: var(--warnbg); }
.b-unchecked, .b-claimed, .b-denied { color: var(--info); background: var(--infobg); }
.b-unsupported, .b-misattributed, .b-unverified, .b-review, .b-not_found { color: #fff; background: var(--bad); }
del { color: var(--bad); text-decoration-thickness: 2px; }
.ar, .ar-block { font-family: "Noto Naskh Arabic", "Noto Sans Arabic", "Amiri", "DejaVu Sans", serif;
  font-size: 1.08em; unicode-bidi: isolate; background: var(--arbg); border-radius: 4px; padding: 0 .35rem; }
.ar-block { display: block; text-align: right; margin: .2rem 0; padding: .25rem .6rem;
  border-right: 3px solid #c9b98a; }
figure.map { margin: 1.2rem 0 0; background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: .5rem; }
figure.map svg { display: block; width: 100%; height: auto; }
figure.map figcaption { color: var(--muted); font-size: .82rem; margin-top: .35rem; }
.sea { fill: #eef3f8; }
.land { fill: #e4e6ea; stroke: #ffffff; stroke-width: .8; }
.land.ours { fill: #f5f1e4; stroke: #8a8f99; stroke-width: 1; }
.dot { fill: rgba(179, 20, 27, .55); stroke: var(--bad); stroke-width: 1.2; }
.dot.review { fill: none; stroke-dasharray: 3 2; stroke-width: 2; }
text.mark { font-size: 12px; font-weight: 700; fill: var(--ink); paint-order: stroke; stroke: #fff; stroke-width: 3px; }
.url { word-break: break-all; color: var(--muted); }
a { color: #1f4f9c; word-break: break-word; }
footer { color: var(--muted); font-size: .8rem; margin-top: 2rem; }
@media print {
  body { background: #fff; font-size: 10.5pt; }
  main { max-width: none; padding: 0; }
  .figure, section.review.clear { border-color: #999; }
  .badge, .num, .ar, .ar-block, .figure.bad, del, article.incident, section.review, figure.map {
    -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  a { color: inherit; }
  h2 { break-after: avoid; page-break-after: avoid; }
}
"""


def sanitize(fragment: str) -> str:
    """nh3 with the page's allowlist: no script, no event handler, no style, links to http(s) only."""
    return nh3.clean(
        fragment,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )


def _headline_html(view: View) -> str:
    h = view.brief.headline
    cells = [
        (h.incidents, "incidents", ""),
        (h.killed, "killed", ""),
        (h.wounded, "wounded", ""),
        (h.arrested, "arrested", ""),
    ]
    if h.unverified_figures:
        cells.append((h.unverified_figures, "unverified figures, left out of the totals", " bad"))
    if h.held_for_review:
        cells.append((h.held_for_review, "incidents with an implausible figure, held for review", " bad"))
    boxes = "".join(
        f'<div class="figure{extra}"><strong>{value}</strong><span>{label}</span></div>'
        for value, label, extra in cells
    )
    out = f'<div class="figures">{boxes}</div>'
    if h.by_country:
        chips = "".join(
            f"<li><strong>{html.escape(country_name(r.country))}</strong> {_plural(r.incidents, 'incident')}, "
            f"{r.fatalities} killed</li>"
            for r in h.by_country
        )
        out += f'<ul class="countries">{chips}</ul>'
    out += f'<p class="meta">{html.escape(WHAT_WAS_CHECKED)}</p>'
    return f'<section class="headline" id="headline"><h2>Headline</h2>{out}</section>'


_converters = threading.local()


# One line that starts with a letter and holds no character Markdown reads as markup (no emphasis,
# code, escape, link, raw HTML or entity; a letter first starts no heading, list, quote, rule or code
# block): the package would write it as one paragraph unchanged. tests/test_render_prose.py checks so.
_PLAIN_PROSE = re.compile(r"[^\W\d_][^\\`*_\[\]<>&\n\r\t]*")


@lru_cache(maxsize=16_384)
def prose_html(markdown_text: str) -> str:
    """Prose written in Markdown (article text in it already escaped) as HTML, by the markdown
    package. A converter is costly to build and not thread-safe: one per thread, reset between uses.
    Plain prose, the common summary, is its own paragraph without the package (150 µs a summary)."""
    if _PLAIN_PROSE.fullmatch(markdown_text):
        return f"<p>{markdown_text}</p>"
    converter = getattr(_converters, "markdown", None)
    if converter is None:
        converter = _converters.markdown = markdown.Markdown(output_format="html")
    return converter.reset().convert(markdown_text)


def _incident_html(number: int, item: BriefIncident, d: HtmlDialect) -> str:
    title, badges = _title(item, d)
    review = bool(badges and badges[0] == d.badge("review"))
    facts = "".join(
        f"<tr><th>{html.escape(label)}</th><td>{value.replace(chr(10), '<br>')}</td></tr>"
        for label, value in _facts(item, d)
    )
    report = "".join(
        f'<p class="ar-block" dir="rtl" lang="ar">{d.text(q.text)}</p>'
        + (f"<p>{note.strip()}</p>" if (note := _quote_note(q, d)) else "")
        for q in item.incident.evidence
    )
    return (
        f'<article class="incident{" review" if review else ""}" id="incident-{number}">'
        f'<h3><span class="num">{number}</span> {title} {" ".join(badges)}</h3>'
        f'<div class="summary">{prose_html(d.prose.text(item.incident.notes_en))}</div>'
        f'<div class="counts">{_figure_table(item, d)}</div>'
        f'<table class="facts"><tbody>{facts}</tbody></table>'
        + (
            f'<div class="report"><div class="label">Report (Arabic, as published)</div>{report}</div>'
            if report
            else ""
        )
        + "</article>"
    )


def _map_incidents(view: View) -> list[MapIncident]:
    """Each incident as the map draws it: at its place's coordinates, sized by its verified killed
    figure (none when held for review), marked when it is in the needs-review list."""
    in_review = {review.anchor for review in view.reviews if review.anchor}
    incidents = []
    for item in view.brief.incidents:
        number, place = view.numbers[id(item)], item.incident.location
        killed = sum(m.figure for m in item.counts if m.category is CountCategory.KILLED and m.verified)
        label = f"{item.incident.sub_event_type} in {clean(place.name_en)}"
        if place.geo_precision is not GeoPrecision.PLACE:
            label += f" ({GEO_PRECISION[place.geo_precision]})"  # the dot is the town named, not the event's spot
        incidents.append(
            MapIncident(
                number=number,
                country=place.country,
                label=label,
                point=place_point(place.country, place.name_en, place.admin1),
                killed=0 if item.implausible else killed,
                review=f"incident-{number}" in in_review,
            )
        )
    return incidents


def render_html(brief: Brief) -> str:
    """One self-contained page: inline CSS, no external assets, no script; Arabic right to left."""
    view, d = build_view(brief), HtmlDialect()
    title = html.escape(f"Incident brief · {format_range(brief.date_from, brief.date_to)}")
    lexicon = any(describe_extractor(name) == LEXICON_NOTE for name in brief.extractors)
    head = (
        f"<header><h1>{title}</h1>"
        f'<p class="meta{" lexicon" if lexicon else ""}">{d.text(_extractors(brief))}. '
        f"Generated {brief.generated_at:%Y-%m-%d %H:%M} UTC.</p></header>"
    )
    review_class = "review" if view.reviews else "review clear"
    entries = "".join(f"<li>{entry}</li>" for entry in _reviews(view, d))
    review = (
        f'<section class="{review_class}" id="needs-review"><h2>Needs review ({len(view.reviews)})</h2>'
        + (f"<ul>{entries}</ul>" if entries else f"<p>{NOTHING_TO_REVIEW}</p>")
        + "</section>"
    )
    body: list[str] = []
    if not brief.incidents:
        body.append("<p>No incidents in this period.</p>")
    for country, admin1, items in groups(brief.incidents):
        body.append(f'<h2 class="group">{_group_heading(country, admin1, d)}</h2>')
        body += [_incident_html(view.numbers[id(item)], item, d) for item in items]
    # The map's SVG is not in nh3's allowlist: it goes in after, written with every text escaped.
    main = sanitize(head + _headline_html(view)) + render_map(_map_incidents(view)) + sanitize(review + "".join(body))
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en" dir="ltr">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="referrer" content="no-referrer">\n'
        f"<title>{title}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>\n{main}\n"
        "<footer>Every figure is traced to the Arabic words that state it; a figure that is not is marked "
        "UNVERIFIED and left out of the totals.</footer>\n</main>\n</body>\n</html>\n"
    )


__all__ = [
    "FORMATS",
    "Format",
    "clean",
    "render",
    "render_html",
    "render_json",
    "render_markdown",
    "safe_url",
    "sanitize",
]
