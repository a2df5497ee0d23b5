"""Reading articles and texts from files, with a clear error for every kind of bad input.

Article files (DESIGN.md): `.txt` (UTF-8; the first line may be the headline), `.json` with
{id?, title?, text, published_at?, outlet?, url?}, and `.jsonl` of those.

This module is the one boundary text crosses on its way in, from files and from the API alike
(`text_problem`, `date_problem`): lone surrogates, NUL and other C0 controls, digit runs longer
than any real figure, dates outside 1900-2100 and, outside article bodies, bidirectional
overrides are refused here with the reason, before anything stores, parses or prints them. Article
bodies keep their bidi controls: scraped Arabic news carries them (4 of the 229 ANT articles), and
every output escapes them.
"""

from __future__ import annotations

import json
import re
import stat
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path

from briefs.arabic.normalize import has_arabic
from briefs.environment import Limits
from briefs.errors import InputError


@dataclass(frozen=True, slots=True)
class ArticleText:
    id: str
    text: str
    title: str | None = None
    published_at: date | None = None
    outlet: str | None = None
    url: str | None = None

    def __post_init__(self) -> None:
        # A caller that has the date as text ('2024-03-14', an RSS time; tests, benchmarks, eval cases) gets
        # it read here, once, by `parse_day`: inside, it is a date.
        given: object = self.published_at
        if isinstance(given, str):
            object.__setattr__(self, "published_at", parse_day(given, "published_at"))


MAX_DIGIT_RUN = 30  # more digits in one number than any count, date or phone number an article states
FIRST_YEAR, LAST_YEAR = 1900, 2100
_SURROGATE = re.compile("[\ud800-\udfff]")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # C0 (and DEL) but tab, line feed, carriage return
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")  # embeddings, overrides and isolates
_NUMBER = re.compile(r"\d(?:[,.\u066b\u066c]?\d)*")  # \d: every script's digits; separators inside one number


def text_problem(text: str, *, bidi: bool = False) -> str | None:
    """Why `text` may not enter (None when it may): what a store, a parser or a terminal would choke
    on. `bidi` allows bidirectional controls (in article bodies)."""
    if match := _SURROGATE.search(text):
        return f"a lone surrogate (U+{ord(match.group()):04X}) at character {match.start()}: not valid Unicode"
    if match := _CONTROL.search(text):
        name = "a NUL character" if match.group() == "\0" else f"the control character U+{ord(match.group()):04X}"
        return f"{name} at character {match.start()}"
    if not bidi and (match := _BIDI.search(text)):
        return f"the bidirectional control U+{ord(match.group()):04X} at character {match.start()}"
    for match in _NUMBER.finditer(text):
        digits = sum(c.isdigit() for c in match.group())
        if digits > MAX_DIGIT_RUN:
            return f"a number of {digits:,} digits at character {match.start()} (at most {MAX_DIGIT_RUN})"
    return None


def publication_date(value: str) -> date | None:
    """'2021-01-20', '2021-01-20T10:42:00Z' or 'Wed, 20 Jan 2021 10:42:00 +0200' (RSS) → the date;
    anything else → None."""
    value = value.strip()
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}([T ][0-9:.+\-Z]*)?", value):
            return date.fromisoformat(value[:10])
        from email.utils import parsedate_to_datetime  # the email package, for RSS times only

        return parsedate_to_datetime(value).date()
    except (ValueError, TypeError, IndexError, OverflowError):
        return None


def parse_day(value: str, where: str) -> date:
    """The one reading of a date given as text, for every option and field that takes one: YYYY-MM-DD
    (or an ISO or RSS time, as `publication_date` reads it) in 1900-2100. `where` names the option or
    field ('--from', "a.json: field 'published_at'"); the InputError says it and why."""
    parsed = publication_date(value)
    if parsed is None:
        raise InputError(f"{where}: {value[:40]!r} is not a date written YYYY-MM-DD")
    if problem := in_range(parsed):
        raise InputError(f"{where}: {problem}")
    return parsed


def in_range(day: date) -> str | None:
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        return f"{day.isoformat()} is outside {FIRST_YEAR}-{LAST_YEAR}"
    return None


def read_text_file(path: Path, limits: Limits) -> str:
    """A file's text: exists, not too large, not binary, UTF-8, not empty."""
    if str(path) == "-":
        import sys

        data = sys.stdin.buffer.read(limits.max_input_bytes + 1)
        name = "standard input"
    else:
        if not path.is_file():
            raise InputError(f"{path}: {not_a_file(path)}")
        if path.stat().st_size > limits.max_input_bytes:
            raise InputError(
                f"{path}: {path.stat().st_size:,} bytes is over the limit of {limits.max_input_bytes:,} "
                "(BRIEFS_MAX_INPUT_BYTES)"
            )
        data = path.read_bytes()
        name = str(path)
    if len(data) > limits.max_input_bytes:
        raise InputError(f"{name}: over the limit of {limits.max_input_bytes:,} bytes (BRIEFS_MAX_INPUT_BYTES)")
    if b"\x00" in data:
        raise InputError(f"{name}: looks binary (it contains NUL bytes), expected UTF-8 text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputError(f"{name}: not UTF-8 (byte {error.start} cannot be decoded)") from None
    if not text.strip():
        raise InputError(f"{name}: empty")
    return text


def not_a_file(path: Path) -> str:
    """What stands at `path` instead of a regular file, said exactly."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return "no such file"
    except OSError as error:
        return f"cannot be read ({error.strerror})"
    if stat.S_ISDIR(mode):
        return "is a directory, not a file (give the folder to `briefs run`, or a file inside it)"
    if stat.S_ISFIFO(mode):
        return "is a named pipe (FIFO), not a file; pipe it to standard input as - instead"
    return "is not a regular file (a device or a socket)"


class ArticleFault(StrEnum):
    """What is wrong with an article text; the API answers each with its own error code."""

    CHARACTERS = "characters"  # a character no text may carry (text_problem)
    EMPTY = "empty"
    TOO_LONG = "too_long"
    NO_ARABIC = "no_arabic"


@dataclass(frozen=True, slots=True)
class ArticleProblem:
    fault: ArticleFault
    reason: str  # for the user, without the field's name: the caller says where


def article_problem(text: str, limits: Limits) -> ArticleProblem | None:
    """Why `text` is not acceptable Arabic article text (None when it is): the one validation of article
    bodies, for files, batches and the API alike."""
    if problem := text_problem(text, bidi=True):
        return ArticleProblem(ArticleFault.CHARACTERS, problem)
    if not text.strip():
        return ArticleProblem(ArticleFault.EMPTY, "the article text is empty")
    if too_long := length_problem(text, limits):
        return ArticleProblem(ArticleFault.TOO_LONG, too_long)
    if not has_arabic(text, limits.min_arabic_letters):
        return ArticleProblem(
            ArticleFault.NO_ARABIC, f"no Arabic text found (fewer than {limits.min_arabic_letters} Arabic letters)"
        )
    return None


def length_problem(text: str, limits: Limits) -> str | None:
    """Why `text` is too long to take in (None when it is not): articles and the English texts checked against them."""
    if len(text) > limits.max_article_chars:
        return f"{len(text):,} characters is over the limit of {limits.max_article_chars:,} (BRIEFS_MAX_ARTICLE_CHARS)"
    return None


def validate_article_text(text: object, where: str, limits: Limits) -> str:
    """Arabic article text within the size limit, or an InputError naming `where` and what is wrong."""
    if not isinstance(text, str):
        raise InputError(f"{where}: must be a string, not {json_type(text)}")
    if problem := article_problem(text, limits):
        raise InputError(f"{where}: {problem.reason}")
    return text


def read_article(path: Path, limits: Limits) -> ArticleText:
    """One article from a .txt or .json file (the first of a .jsonl is refused: use a batch command)."""
    raw = read_text_file(path, limits)
    if path.suffix.lower() == ".json":
        try:
            record = json.loads(raw)
        except json.JSONDecodeError as error:
            raise InputError(
                f"{path}: malformed JSON at line {error.lineno}, column {error.colno}: {error.msg}"
            ) from None
        return article_from_record(record, str(path), limits)
    if path.suffix.lower() == ".jsonl":
        raise InputError(f"{path}: a .jsonl file holds many articles; this command takes one")
    return ArticleText(id=path.stem, text=validate_article_text(raw, str(path), limits))


def article_from_record(record: object, where: str, limits: Limits) -> ArticleText:
    if not isinstance(record, dict):
        raise InputError(f"{where}: expected a JSON object with a 'text' field")
    if "text" not in record:
        raise InputError(f"{where}: missing field 'text'")
    text = validate_article_text(record["text"], f"{where}: field 'text'", limits)

    def optional(name: str) -> str | None:
        value = record.get(name)
        if name == "id" and isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if value is not None and not isinstance(value, str):
            raise InputError(f"{where}: field '{name}' must be a string, not {json_type(value)}")
        if value is not None and (problem := text_problem(value)):
            raise InputError(f"{where}: field '{name}': {problem}")
        return value if value and value.strip() else None

    published = optional("published_at")
    return ArticleText(
        id=optional("id") or where,
        text=text,
        title=optional("title"),
        published_at=None if published is None else parse_day(published, f"{where}: field 'published_at'"),
        outlet=optional("outlet"),
        url=optional("url"),
    )


def json_type(value: object) -> str:
    """The JSON name of a value's type, for messages: 'a number', 'an object', ..."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "an array"
    return type(value).__name__
