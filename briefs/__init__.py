"""Briefs: Arabic security-incident news to English incident briefs, every number traced to its source.

The public library (the CLI and the HTTP API call the same functions)::

    import briefs

    briefs.find_numbers("قتل ثلاثة أشخاص")             # number expressions in Arabic, with offsets
    report = briefs.check(arabic_source, english_text)   # is every number and name supported?
    article = briefs.make_article(arabic_text, published_at="2024-03-14")
    outcome = briefs.extract(article)                    # incidents + summary (offline lexicon by default)
    store = briefs.open_store("sqlite:///briefs.db")
    briefs.run([article], store)                         # store and extract, as `briefs run`
    brief = briefs.build_brief(store, date(2024, 3, 14))
    print(briefs.render(brief, "md"))                    # or "html", "json"

Errors are `BriefsError` subclasses (`InputError`, `ConfigError`, `StoreError`, `ModelError`) with a
message meant for the user. Names load on first use, so `import briefs` stays cheap.
"""

from __future__ import annotations

import sys
from importlib import import_module
from types import ModuleType
from typing import TYPE_CHECKING

__version__ = "0.1.0"

# Public name -> the module that defines it; loaded on first access (PEP 562).
_EXPORTS = {
    # numbers and grounding (pure: no model, database or web)
    "find_numbers": "briefs.arabic.numbers",
    "find_english_numbers": "briefs.grounding.english",
    "NumberMention": "briefs.arabic.mention",
    "check": "briefs.grounding.checker",
    "GroundingReport": "briefs.grounding.checker",
    # articles and extraction
    "ArticleText": "briefs.inputs",
    "make_article": "briefs.library",
    "read_article": "briefs.library",
    "extract": "briefs.library",
    "Outcome": "briefs.extract.base",
    "ExtractionResult": "briefs.domain",
    # the store and briefs
    "open_store": "briefs.library",
    "run": "briefs.library",
    "Store": "briefs.store",
    "build_brief": "briefs.library",
    "Brief": "briefs.brief.model",
    "render": "briefs.brief.render",
    # configuration and errors
    "Settings": "briefs.config",
    "BriefsError": "briefs.errors",
    "InputError": "briefs.errors",
    "ConfigError": "briefs.errors",
    "StoreError": "briefs.errors",
    "ModelError": "briefs.errors",
    "ModelServiceError": "briefs.errors",
    "ModelFailure": "briefs.errors",
    "ExitCode": "briefs.errors",
}

__all__ = ["__version__", *_EXPORTS]

if TYPE_CHECKING:  # the same names, eagerly, for type checkers and editors ("X as X": re-exported)
    from briefs.arabic.mention import NumberMention as NumberMention
    from briefs.arabic.numbers import find_numbers as find_numbers
    from briefs.brief.model import Brief as Brief
    from briefs.brief.render import render as render
    from briefs.config import Settings as Settings
    from briefs.domain import ExtractionResult as ExtractionResult
    from briefs.errors import BriefsError as BriefsError
    from briefs.errors import ConfigError as ConfigError
    from briefs.errors import ExitCode as ExitCode
    from briefs.errors import InputError as InputError
    from briefs.errors import ModelError as ModelError
    from briefs.errors import ModelFailure as ModelFailure
    from briefs.errors import ModelServiceError as ModelServiceError
    from briefs.errors import StoreError as StoreError
    from briefs.extract.base import Outcome as Outcome
    from briefs.grounding.checker import GroundingReport as GroundingReport
    from briefs.grounding.checker import check as check
    from briefs.grounding.english import find_english_numbers as find_english_numbers
    from briefs.inputs import ArticleText as ArticleText
    from briefs.library import build_brief as build_brief
    from briefs.library import extract as extract
    from briefs.library import make_article as make_article
    from briefs.library import open_store as open_store
    from briefs.library import read_article as read_article
    from briefs.library import run as run
    from briefs.store import Store as Store


class _Package(ModuleType):
    """`briefs.extract` is a public function and also a subpackage: the import system
    sets a subpackage as an attribute of its package when it loads, which would replace the function.
    The subpackage stays reachable as ever by `from briefs.extract import ...` (through sys.modules);
    only `import briefs.extract as name` would now bind the function."""

    def __setattr__(self, name: str, value: object) -> None:
        if isinstance(value, ModuleType) and name in _EXPORTS:
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


def __getattr__(name: str) -> object:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'briefs' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value  # the next access is a plain lookup
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_EXPORTS})
