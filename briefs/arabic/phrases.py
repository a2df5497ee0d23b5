"""Find dictionary phrases (places, actors, event words) in Arabic text, with offsets into the original.

Every phrase and every word of the text is compared in normalized form (see `briefs.arabic.normalize`)
and the first word may carry clitics (و ف ب ل ك ال). A phrase marked `prefix` also matches words
that start with its last word (قتل matches قتلوا): that is how event stems are written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate, repeat
from operator import add, itemgetter, sub
from typing import Any, NamedTuple

from briefs.arabic.clitics import stems
from briefs.arabic.normalize import Normalized, normalize, normalize_text

_WORD = re.compile(r"([\u0621-\u064A\u0671-\u06D3A-Za-z0-9]+)")  # a group: split keeps the words


class Token(NamedTuple):
    """A word of a text: a tuple, made by the thousand per article without a Python call each."""

    text: str  # normalized
    start: int  # offsets into the original text
    end: int


@dataclass(frozen=True, slots=True)
class Match:
    start: int
    end: int
    first: int  # token indexes [first, last)
    last: int
    payloads: tuple  # every entry that lists these words (طرابلس: Libya's and Lebanon's)
    phrase: str  # the dictionary phrase matched, normalized

    @property
    def payload(self) -> Any:
        return self.payloads[0]


def tokenize(text: str, norm: Normalized | None = None) -> list[Token]:
    """The words of `text` with their offsets into it; `norm`, when given, is `normalize(text)` already made.
    One article is tokenized once: the extractor and the names check ask for the same source."""
    return list(_tokenized(_Source(norm or normalize(text))))


@dataclass(frozen=True, slots=True)
class _Source:
    """A normalized text as a cache key: the original and the normalized text fix the offset maps."""

    norm: Normalized = field(compare=False)
    original: str = field(init=False)
    text: str = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "original", self.norm.original)
        object.__setattr__(self, "text", self.norm.text)


@lru_cache(maxsize=16)
def _tokenized(source: _Source) -> tuple[Token, ...]:
    # re.split with a group gives [gap, word, gap, word, ..., gap]; the running sum of their lengths
    # gives every offset, all in C.
    parts = _WORD.split(source.text)
    words = parts[1::2]
    offsets = list(accumulate(map(len, parts), initial=0))
    starts = source.norm.origins_of(offsets[1:-1:2])
    lasts = source.norm.origins_of(list(map(sub, offsets[2::2], repeat(1))))  # each word's last character
    return tuple(map(tuple.__new__, repeat(Token), zip(words, starts, map(add, lasts, repeat(1)), strict=True)))


class PhraseIndex:
    def __init__(self, entries: list[tuple[str, Any]], *, prefix: bool = False) -> None:
        self.prefix = prefix
        grouped: dict[tuple[str, ...], list] = {}
        for phrase, payload in entries:
            words = tuple(normalize_text(phrase).split())
            if words and payload not in grouped.setdefault(words, []):
                grouped[words].append(payload)
        self.by_first: dict[str, list[tuple[tuple[str, ...], tuple]]] = {}
        for words, payloads in grouped.items():
            # The text's words are looked up without their clitics, so a phrase is indexed as written
            # and without its article ("الجيش" meets "بالجيش" and "جيش"); never with other letters cut
            # off, or بعقوبة would meet عقوبة ("punishment").
            bare = words[0][2:] if words[0].startswith("ال") and len(words[0]) > 4 else words[0]
            for key in {words[0], bare}:
                self.by_first.setdefault(key, []).append((words, tuple(payloads)))
        for candidates in self.by_first.values():
            candidates.sort(key=lambda item: -len(item[0]))
        self.min_prefix = 3
        # The first letters of every key: a word none of whose stems begins so (or is a key) starts no
        # phrase, found by a look-up or two instead of a look-up per prefix length.
        self._head = itemgetter(slice(0, self.min_prefix))  # a word's first letters
        self._heads = frozenset(map(self._head, self.by_first))
        self._candidates_of: dict[str, list] = {}  # word → every phrase that may start at it
        self._pairs_of: dict[tuple[str, str], list] = {}  # (word, next word) → those phrases the next word allows
        self._seconds_of: dict[str, _Seconds] = {}  # word → its candidates indexed by their second word

    def find(self, tokens: list[Token]) -> list[Match]:
        """Longest non-overlapping matches, left to right."""
        matches: list[Match] = []
        known = self._candidates_of  # each distinct word is looked up once, then read from here
        end = 0  # the last match's end: a match never overlaps the one before it
        for index, token in enumerate(tokens):
            if index < end:
                continue
            candidates = known.get(token.text)
            if candidates is None:
                candidates = self._candidates(token.text)
            if candidates and (found := self._at(tokens, index)):
                matches.append(found)
                end = found.last
        return matches

    def _at(self, tokens: list[Token], index: int) -> Match | None:
        for words, payload in self._after(tokens, index):  # payload: the tuple of entries
            last = index + len(words)
            if last > len(tokens):
                continue
            if all(
                self._word_matches(tokens[index + k].text, words[k], k == len(words) - 1) for k in range(1, len(words))
            ):
                return Match(tokens[index].start, tokens[last - 1].end, index, last, payload, " ".join(words))
        return None

    def _after(self, tokens: list[Token], index: int) -> list:
        """The candidates of a word whose second word (if any) the next token matches, in the same
        order; cached per pair of words, since one first word may start a hundred phrases (قوات)."""
        candidates = self._candidates(tokens[index].text)
        if len(candidates) < 8 or index + 1 >= len(tokens):
            return candidates
        key = (tokens[index].text, tokens[index + 1].text)
        found = self._pairs_of.get(key)
        if found is None:
            if len(self._pairs_of) > 100_000:  # bounded in a long-running process
                self._pairs_of.clear()
            found = self._pairs_of[key] = [candidates[i] for i in self._continued(key[0], candidates, key[1])]
        return found

    def _continued(self, word: str, candidates: list, following: str) -> list[int]:
        """The positions in `candidates` (the phrases `word` may start) of those whose second word, if
        any, `following` matches (see `_word_matches`), ascending: read from an index of the candidates
        by their second word, made once per first word, instead of testing each of a hundred phrases."""
        seconds = self._seconds_of.get(word)
        if seconds is None:
            seconds = self._seconds_of[word] = _Seconds.of(candidates, self.prefix)
        variants = stems(following)
        kept = set(seconds.single)
        for variant in variants:
            kept.update(seconds.exact.get(variant, ()))
        kept.update(i for wanted, i in seconds.started if any(v.startswith(wanted) for v in variants))
        return sorted(kept)

    def _candidates(self, word: str) -> list:
        """Phrases whose first word fits `word`, in the order they are tried; cached per word."""
        found = self._candidates_of.get(word)
        if found is None:
            if self._heads.isdisjoint(map(self._head, stems(word))):
                found = []
            else:
                by_first = self.by_first
                found = [candidate for key in self._keys(word) if key in by_first for candidate in by_first[key]]
            self._candidates_of[word] = found
        return found

    def _keys(self, word: str) -> list[str]:
        """The words a phrase's first word may be for `word` to start it, in the order they are tried."""
        variants = stems(word)
        if not self.prefix:
            return list(variants)
        low = self.min_prefix - 1
        return [*variants, *[variant[:size] for variant in variants for size in range(len(variant) - 1, low, -1)]]

    def _word_matches(self, word: str, wanted: str, is_last: bool) -> bool:
        variants = stems(word)
        if wanted in variants:
            return True
        return self.prefix and is_last and any(v.startswith(wanted) for v in variants)


@dataclass(frozen=True, slots=True)
class _Seconds:
    """Positions in a candidate list: one-word phrases; phrases by their second word; and, in a prefix
    index, two-word phrases whose last word may begin the next token (قتل matches قتلوا)."""

    single: tuple[int, ...]
    exact: dict[str, list[int]]
    started: tuple[tuple[str, int], ...]

    @classmethod
    def of(cls, candidates: list, prefix: bool) -> _Seconds:
        exact: dict[str, list[int]] = {}
        for i, (words, _) in enumerate(candidates):
            if len(words) > 1:
                exact.setdefault(words[1], []).append(i)
        return cls(
            tuple(i for i, (words, _) in enumerate(candidates) if len(words) == 1),
            exact,
            tuple((words[1], i) for i, (words, _) in enumerate(candidates) if prefix and len(words) == 2),
        )
