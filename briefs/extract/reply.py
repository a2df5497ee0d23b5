"""Reading a model's reply: tolerant of what open-model servers wrap around the JSON, strict inside it.

Servers without strict structured output (Ollama, llama.cpp, older vLLM, any model asked in prompt
mode) wrap the answer: a ```json fence, a `<think>…</think>` block of reasoning before it, a sentence
of prose around it. `parse_reply` strips those and reads exactly one JSON object; what it stripped is
named (`Wrapper`), so a re-ask can say so. Validation stays strict: the object must be exactly the
Pydantic model (`validate_reply`), and every problem is named by its field path.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from enum import StrEnum

from pydantic import ValidationError

from briefs.extract.schema import Extraction

_THINK = re.compile(r"<think>.*?</think>", re.S | re.I)
_FENCE = re.compile(r"```[ \t]*(?:json|JSON)?[ \t]*\r?\n(.*?)\r?\n?[ \t]*```", re.S)
_MAX_OBJECT_STARTS = 50  # a reply of prose with many braces is not scanned without end


class Wrapper(StrEnum):
    THINK = "a <think> block"
    FENCE = "a ``` code fence around the JSON"
    PROSE = "text before or after the JSON object"


@dataclass(frozen=True, slots=True)
class ParsedReply:
    data: dict | None
    wrappers: tuple[Wrapper, ...] = ()
    problem: str | None = None  # why no single JSON object could be read


def parse_reply(text: str) -> ParsedReply:
    """One JSON object out of a reply, with the wrappers that were stripped, or the reason there is none."""
    wrappers: list[Wrapper] = []
    body = text
    if _THINK.search(body):
        body = _THINK.sub("", body)
        wrappers.append(Wrapper.THINK)
    if re.search(r"<think>", body, re.I):
        return ParsedReply(
            None, tuple(wrappers), "the reply is a <think> block that never closes: the JSON answer is missing"
        )
    body = body.strip()
    if not body:
        return ParsedReply(
            None, tuple(wrappers), "the reply is empty" + (" after its <think> block" if wrappers else "")
        )
    fenced = _FENCE.findall(body)
    if fenced:
        wrappers.append(Wrapper.FENCE)
        if _FENCE.sub("", body).strip():
            wrappers.append(Wrapper.PROSE)
        if len(fenced) > 1:
            return ParsedReply(
                None, tuple(wrappers), f"the reply holds {len(fenced)} code blocks; return exactly one JSON object"
            )
        body = fenced[0].strip()
    try:
        data = json.loads(body)
    except json.JSONDecodeError as error:
        objects = _objects_in(body)
        if len(objects) == 1:
            if Wrapper.PROSE not in wrappers:
                wrappers.append(Wrapper.PROSE)
            return ParsedReply(objects[0], tuple(wrappers))
        if len(objects) > 1:
            return ParsedReply(
                None, tuple(wrappers), f"the reply holds {len(objects)} JSON objects; return exactly one"
            )
        return ParsedReply(None, tuple(wrappers), f"the reply is not valid JSON ({error.msg} at character {error.pos})")
    if not isinstance(data, dict):
        return ParsedReply(None, tuple(wrappers), f"the reply is a JSON {type(data).__name__}, not one JSON object")
    return ParsedReply(data, tuple(wrappers))


def _objects_in(text: str) -> list[dict]:
    """The top-level JSON objects embedded in prose, in order."""
    decoder = json.JSONDecoder()
    found: list[dict] = []
    position = text.find("{")
    starts = 0
    while position != -1 and starts < _MAX_OBJECT_STARTS:
        starts += 1
        try:
            value, end = decoder.raw_decode(text, position)
        except json.JSONDecodeError:
            position = text.find("{", position + 1)
            continue
        if isinstance(value, dict):
            found.append(value)
        position = text.find("{", end)
    return found


def validate_reply(parsed: ParsedReply) -> tuple[Extraction | None, list[str]]:
    """The Extraction, or every problem named by its field path (the parse problem first)."""
    if parsed.data is None:
        return None, [parsed.problem or "the reply is empty"]
    try:
        return Extraction.model_validate(parsed.data), []
    except ValidationError as error:
        return None, [f"{_location(e['loc'])}: {e['msg'].removeprefix('Value error, ')}" for e in error.errors()]


def _location(loc: tuple) -> str:
    path = ""
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path or "(root)"


def reask_message(problems: list[str], wrappers: tuple[Wrapper, ...] = ()) -> str:
    """The re-ask: each problem on its own line, and the wrappers to leave out (a <think> block is the
    model's own business and is not held against it)."""
    listed = "\n".join(f"- {problem}" for problem in problems)
    extra = [w for w in wrappers if w is not Wrapper.THINK]
    also = f"\nAlso: your reply had {' and '.join(extra)}; reply with the bare JSON object only." if extra else ""
    return (
        "Your reply does not validate against the schema. Fix exactly these problems and return the whole "
        f"corrected JSON, nothing else:\n{listed}{also}"
    )
