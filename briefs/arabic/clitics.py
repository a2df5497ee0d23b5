"""The clitics an Arabic word may carry in front of its stem, and the ways to read them off.

One reader for the whole project: the number parser, the context reader and the dictionary matcher
all look words up as they are and without و/ف, ب/ل/ك and the article ال.
"""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=131072)
def readings(word: str) -> tuple[tuple[str, str], ...]:
    """Ways to split a normalized word into clitic prefixes and a stem, longest stem first.

    و/ف (conjunction), then ب/ل/ك (prepositions; لل is ل + ال), then the article ال. Short words
    keep their letters: وعد is not و + عد.
    """
    found = [("", word)]
    prefix, rest = "", word
    if len(rest) > 2 and rest[0] in "وف":
        prefix, rest = prefix + rest[0], rest[1:]
        found.append((prefix, rest))
    if len(rest) > 3 and rest.startswith("لل"):
        prefix, rest = prefix + "ل", "ال" + rest[2:]
        found.append((prefix, rest))
    elif len(rest) > 3 and rest[0] in "بلك":
        prefix, rest = prefix + rest[0], rest[1:]
        found.append((prefix, rest))
    if len(rest) > 3 and rest.startswith("ال"):
        found.append((prefix + "ال", rest[2:]))
    return tuple(found)


@lru_cache(maxsize=131072)
def stems(word: str) -> tuple[str, ...]:
    """Just the stems of `readings`, without repeats: والجيش → والجيش, الجيش, جيش."""
    return tuple(dict.fromkeys(stem for _, stem in readings(word)))
