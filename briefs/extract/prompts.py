"""Versioned prompts: `prompts/<task>/<version>.toml` plus `<version>.examples.jsonl`.

A prompt is named `task@version` (`extract@v1`). Its hash covers every byte of both files, so an
output records exactly which prompt produced it. Few-shot examples are checked when the prompt
loads: each example's quotes must align to the example's own article and each of its figures must
be grounded there, or loading fails naming the file, the example and the quote.

The prompts ship inside the package (`briefs/prompts`, a link to the project's top-level `prompts/`
that the wheel holds as files) and are read through importlib.resources, so an installed Briefs
finds them as a checkout does; BRIEFS_PROMPTS_DIR points at another folder.
"""

from __future__ import annotations

import hashlib
import json
import tomllib
from dataclasses import dataclass, field
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

from langchain_core.prompts import ChatPromptTemplate, FewShotChatMessagePromptTemplate

from briefs.config import get_settings
from briefs.errors import ConfigError

PACKAGED_PROMPTS = files("briefs") / "prompts"


class PromptError(ConfigError):
    """A prompt file that cannot be used, with the file and the reason."""


@dataclass(frozen=True)
class Example:
    article: str
    published_at: str
    outlet: str
    extraction: dict


@dataclass(frozen=True)
class Prompt:
    id: str
    hash: str
    system: str
    user: str
    params: dict
    changelog: str
    examples: tuple[Example, ...] = field(default_factory=tuple)

    @property
    def template(self) -> ChatPromptTemplate:
        """System message, few-shot pairs (article → exact expected JSON), then the article."""
        example_prompt = ChatPromptTemplate.from_messages([("human", self.user), ("ai", "{extraction}")])
        few_shot = FewShotChatMessagePromptTemplate(
            example_prompt=example_prompt,
            examples=[
                {
                    "article": e.article,
                    "published_at": e.published_at,
                    "outlet": e.outlet,
                    "extraction": json.dumps(e.extraction, ensure_ascii=False),
                }
                for e in self.examples
            ],
        )
        return ChatPromptTemplate.from_messages([("system", self.system), few_shot, ("human", self.user)])


def prompts_dir() -> Traversable:
    configured = get_settings().prompts_dir
    return Path(configured) if configured else PACKAGED_PROMPTS


def prompt_ids(directory: Traversable | None = None) -> list[str]:
    """Every prompt in `directory` (default: BRIEFS_PROMPTS_DIR, else the packaged prompts), as task@version."""
    root = directory or prompts_dir()
    return sorted(
        f"{task.name}@{file.name.removesuffix('.toml')}"
        for task in root.iterdir()
        if task.is_dir()
        for file in task.iterdir()
        if file.name.endswith(".toml")
    )


_CHECKED: set[str] = set()  # digests of prompts whose few-shot examples passed the check, in this process


def load_prompt(prompt_id: str, directory: Traversable | None = None) -> Prompt:
    task, _, version = prompt_id.partition("@")
    if not task or not version:
        raise PromptError(f"prompt id {prompt_id!r} is not of the form task@version (extract@v1)")
    folder = (directory or prompts_dir()) / task
    path = folder / f"{version}.toml"
    if not path.is_file():
        available = (
            sorted(p.name.removesuffix(".toml") for p in folder.iterdir() if p.name.endswith(".toml"))
            if folder.is_dir()
            else []
        )
        raise PromptError(
            f"no prompt {prompt_id!r} at {path}" + (f"; available: {', '.join(available)}" if available else "")
        )
    raw = path.read_bytes()
    try:
        data = tomllib.loads(raw.decode("utf-8"))
        messages, params, changelog = data["messages"], data.get("params", {}), data["changelog"]
        system, user = messages["system"], messages["user"]
    except (tomllib.TOMLDecodeError, KeyError, UnicodeDecodeError) as error:
        raise PromptError(f"{path}: {type(error).__name__}: {error}") from None
    examples_path = folder / f"{version}.examples.jsonl"
    examples_raw = examples_path.read_bytes() if examples_path.is_file() else b""
    examples = tuple(_read_examples(examples_path, examples_raw))
    digest = hashlib.sha256(raw + b"\0" + examples_raw).hexdigest()
    if digest not in _CHECKED:  # grounding the examples takes ~5 ms; the API loads the prompt per request
        for number, example in enumerate(examples, start=1):
            _check_example(examples_path, number, example)
        _CHECKED.add(digest)
    return Prompt(
        id=prompt_id, hash=digest, system=system, user=user, params=params, changelog=changelog, examples=examples
    )


def _read_examples(path: Traversable, raw: bytes):
    for number, line in enumerate(raw.decode("utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            yield Example(
                record["article"],
                record.get("published_at", "unknown"),
                record.get("outlet", "unknown"),
                record["extraction"],
            )
        except (json.JSONDecodeError, KeyError, TypeError) as error:
            raise PromptError(f"{path}:{number}: not a valid example ({type(error).__name__}: {error})") from None


def _check_example(path: Traversable, number: int, example: Example) -> None:
    """The example must be a valid Extraction whose every quote and figure is grounded in its article."""
    from pydantic import ValidationError

    from briefs.extract.grounding import ground
    from briefs.extract.schema import Extraction

    try:
        extraction = Extraction.model_validate(example.extraction)
    except ValidationError as error:
        raise PromptError(
            f"{path}: example {number} is not a valid extraction: "
            f"{error.errors()[0]['loc']}: {error.errors()[0]['msg']}"
        ) from None
    failures = ground(extraction, example.article).failures
    if failures:
        raise PromptError(f"{path}: example {number}: {failures[0]}")
