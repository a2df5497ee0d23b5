"""Reading articles and texts from files, with a clear error for every kind of bad input.

Article files (DESIGN.md): `.txt` (UTF-8; the first line may be the headline), `.json` with
{id?, title?, text, published_at?, outlet?, url?}, and `.jsonl` of those.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from briefs.arabic.normalize import has_arabic
from briefs.config import Settings
from briefs.errors import BriefsError


@dataclass(frozen=True, slots=True)
class ArticleText:
    id: str
    text: str
    title: str | None = None
    published_at: str | None = None
    outlet: str | None = None
    url: str | None = None


def read_text_file(path: Path, settings: Settings) -> str:
    """A file's text: exists, not too large, not binary, UTF-8, not empty."""
    if str(path) == "-":
        import sys

        data = sys.stdin.buffer.read(settings.max_input_bytes + 1)
        name = "standard input"
    else:
        if not path.is_file():
            raise BriefsError(f"{path}: no such file")
        if path.stat().st_size > settings.max_input_bytes:
            raise BriefsError(f"{path}: {path.stat().st_size:,} bytes is over the limit of {settings.max_input_bytes:,} (BRIEFS_MAX_INPUT_BYTES)")
        data = path.read_bytes()
        name = str(path)
    if len(data) > settings.max_input_bytes:
        raise BriefsError(f"{name}: over the limit of {settings.max_input_bytes:,} bytes (BRIEFS_MAX_INPUT_BYTES)")
    if b"\x00" in data:
        raise BriefsError(f"{name}: looks binary (it contains NUL bytes), expected UTF-8 text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise BriefsError(f"{name}: not UTF-8 (byte {error.start} cannot be decoded)") from None
    if not text.strip():
        raise BriefsError(f"{name}: empty")
    return text


def validate_article_text(text: str, where: str, settings: Settings) -> str:
    """Arabic article text within the size limit, or a BriefsError saying what is wrong."""
    if not isinstance(text, str) or not text.strip():
        raise BriefsError(f"{where}: the article text is empty")
    if len(text) > settings.max_article_chars:
        raise BriefsError(f"{where}: {len(text):,} characters is over the limit of {settings.max_article_chars:,} (BRIEFS_MAX_ARTICLE_CHARS)")
    if not has_arabic(text, settings.min_arabic_letters):
        raise BriefsError(f"{where}: no Arabic text found (fewer than {settings.min_arabic_letters} Arabic letters)")
    return text


def read_article(path: Path, settings: Settings) -> ArticleText:
    """One article from a .txt or .json file (the first of a .jsonl is refused: use a batch command)."""
    raw = read_text_file(path, settings)
    if path.suffix.lower() == ".json":
        try:
            record = json.loads(raw)
        except json.JSONDecodeError as error:
            raise BriefsError(f"{path}: malformed JSON at line {error.lineno}, column {error.colno}: {error.msg}") from None
        return article_from_record(record, str(path), settings)
    if path.suffix.lower() == ".jsonl":
        raise BriefsError(f"{path}: a .jsonl file holds many articles; this command takes one")
    return ArticleText(id=path.stem, text=validate_article_text(raw, str(path), settings))


def article_from_record(record: object, where: str, settings: Settings) -> ArticleText:
    if not isinstance(record, dict):
        raise BriefsError(f"{where}: expected a JSON object with a 'text' field")
    if "text" not in record:
        raise BriefsError(f"{where}: missing field 'text'")
    text = validate_article_text(record["text"], f"{where}: field 'text'", settings)
    def optional(name: str) -> str | None:
        value = record.get(name)
        return value if isinstance(value, str) and value.strip() else None

    return ArticleText(id=str(record.get("id") or where), text=text, title=optional("title"),
                       published_at=optional("published_at"), outlet=optional("outlet"), url=optional("url"))
