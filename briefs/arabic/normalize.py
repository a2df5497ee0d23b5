"""Arabic normalization for matching, with a map from every normalized offset back to the original.

Normalization is never shown to a reader: it exists so that two spellings of the same word compare
equal. Every span found in normalized text is mapped back with `Normalized.to_original`, so what we
report always points at the real characters of the source.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache

# Characters dropped outright: harakat, tanween, shadda, sukun, superscript alef, Quranic marks,
# tatweel, and the bidi / zero-width controls that scraped pages are full of.
_DROPPED = set(
    [chr(c) for c in range(0x064B, 0x0660)]  # fathatan .. hamza below marks
    + [chr(c) for c in range(0x06D6, 0x06EE)]  # Quranic annotation signs
    + ["\u0670", "\u0640"]  # superscript alef, tatweel
    + ["\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u061c", "\ufeff", "\u2066", "\u2067", "\u2068", "\u2069"]
    + [chr(c) for c in range(0x202A, 0x202F)]  # LRE .. RLO
)

_BASE_MAP = {
    # alef forms → bare alef
    "أ": "ا",
    "إ": "ا",
    "آ": "ا",
    "ٱ": "ا",
    # alef maqsura → ya (and Persian ya / kaf)
    "ى": "ي",
    "ی": "ي",
    "ک": "ك",
    # hamza carriers that writers swap freely
    "ؤ": "و",
    "ئ": "ي",
    # Arabic separators and punctuation → their Latin twins
    "٫": ".",
    "٬": ",",
    "،": ",",
    "؛": ";",
    "؟": "?",
    "«": '"',
    "»": '"',
    "٪": "%",
    # non-breaking and other exotic spaces
    "\u00a0": " ",
    "\u202f": " ",
    "\u2007": " ",
    "\u2009": " ",
    "\u200a": " ",
    "\u3000": " ",
}
for _zero, _script in ((0x0660, "arabic-indic"), (0x06F0, "persian")):
    for _d in range(10):
        _BASE_MAP[chr(_zero + _d)] = str(_d)

_TA_MARBUTA = {"ة": "ه"}
# Lam-alef presentation ligatures expand to two letters; both map to the one original character.
_LIGATURES = {"ﻻ": "لا", "ﻼ": "لا", "ﻷ": "لا", "ﻸ": "لا", "ﻹ": "لا", "ﻺ": "لا", "ﻵ": "لا", "ﻶ": "لا"}

_DROPPABLE = re.compile("[" + "".join(sorted(_DROPPED)) + "]+")
_ANY_SPACE = re.compile(r"[^\S ]")  # whitespace other than the plain space
_REPEATED_SPACE = re.compile(r"(?<= ) +")
_PAIRS = tuple(_BASE_MAP.items())
_PAIRS_FOLDED = _PAIRS + tuple(_TA_MARBUTA.items())


def _fold(text: str, pairs: tuple[tuple[str, str], ...]) -> str:
    # A chain of str.replace is twenty times faster than str.translate on non-ASCII text.
    for char, replacement in pairs:
        if char in text:
            text = text.replace(char, replacement)
    return text


_ARABIC_LETTER = re.compile(r"[\u0621-\u064A\u0671-\u06D3\uFB50-\uFDFF\uFE70-\uFEFF]")


# An offset map, as the start of each run in the produced text and where that run came from.
_OffsetMap = tuple[list[int], list[int]]


@dataclass(frozen=True, slots=True)
class Normalized:
    """Normalized text and the way back from each of its offsets to the original text."""

    original: str
    text: str
    maps: tuple[_OffsetMap, ...]  # applied last to first: the last map was made by the last step

    def origin_of(self, index: int) -> int:
        """The index of the original character that normalized character `index` came from."""
        for starts, sources in reversed(self.maps):
            run = bisect_right(starts, index) - 1
            index = sources[run] + (index - starts[run])
        return index

    def origins_of(self, indexes: list[int]) -> list[int]:
        """origin_of for many ascending indexes at once: per map, each run's slice of the indexes is
        shifted in one list operation (an article has a few runs and a thousand tokens)."""
        for starts, sources in reversed(self.maps):
            mapped: list[int] = []
            low, last = 0, len(starts) - 1
            for run, start in enumerate(starts):
                high = bisect_left(indexes, starts[run + 1], low) if run < last else len(indexes)
                shift = sources[run] - start
                mapped += [index + shift for index in indexes[low:high]] if shift else indexes[low:high]
                low = high
            indexes = mapped
        return indexes

    @property
    def origin(self) -> tuple[int, ...]:
        """Every normalized character's original index (for tests and debugging; use origin_of)."""
        return tuple(self.origin_of(i) for i in range(len(self.text)))

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a normalized span [start, end) to the smallest original span covering it."""
        if start >= end:
            anchor = self.origin_of(start) if start < len(self.text) else len(self.original)
            return anchor, anchor
        return self.origin_of(start), self.origin_of(end - 1) + 1


@lru_cache(maxsize=16)  # an article is normalized by the extractor and again by the checker
def normalize(text: str, *, fold_ta_marbuta: bool = True, collapse_spaces: bool = True) -> Normalized:
    """Normalize Arabic text for matching; see the module docstring.

    `fold_ta_marbuta` turns ة into ه (writers and OCR mix them at word ends). `collapse_spaces`
    turns every run of whitespace into one space.
    """
    # Offsets are kept as runs, not per character: the checker normalizes every source it sees,
    # and a per-character map cost more than the rest of normalization.
    kept, first = _drop(text, _DROPPABLE)
    maps = [first]
    if any(ligature in kept for ligature in _LIGATURES):
        kept, expanded = _expand_ligatures(kept)
        maps.append(expanded)
    kept = _fold(kept, _PAIRS_FOLDED if fold_ta_marbuta else _PAIRS)
    if collapse_spaces:
        kept, collapsed = _drop(_ANY_SPACE.sub(" ", kept), _REPEATED_SPACE)
        maps.append(collapsed)
    return Normalized(original=text, text=kept, maps=tuple(maps))


def _drop(text: str, pattern: re.Pattern[str]) -> tuple[str, _OffsetMap]:
    """Remove every match of `pattern`; return the rest and its offset map."""
    pieces: list[str] = []
    starts, sources = [0], [0]
    position = produced = 0
    for match in pattern.finditer(text):
        pieces.append(text[position : match.start()])
        produced += match.start() - position
        position = match.end()
        starts.append(produced)
        sources.append(position)
    pieces.append(text[position:])
    return "".join(pieces), (starts, sources)


def _expand_ligatures(text: str) -> tuple[str, _OffsetMap]:
    """لا as one presentation character becomes two letters, both pointing at that character."""
    pieces: list[str] = []
    starts, sources = [0], [0]
    produced = 0
    for index, char in enumerate(text):
        expansion = _LIGATURES.get(char, char)
        pieces.append(expansion)
        if len(expansion) > 1:
            starts += [produced + 1, produced + len(expansion)]
            sources += [index, index + 1]
        produced += len(expansion)
    return "".join(pieces), (starts, sources)


# Any character or run that normalize_text changes: most words of a text have none and come back as they are.
_CHANGED = re.compile(
    "["
    + "".join(map(re.escape, sorted({*_DROPPED, *_LIGATURES, *(char for char, _ in _PAIRS_FOLDED)})))
    + r"]|[^\S ]|  "
)


# The character steps of normalize_text as one table: no replacement is a character another step changes,
# so one translate does what dropping, expanding ligatures and folding did in turn.
_WORD_TABLE = str.maketrans({**dict.fromkeys(_DROPPED), **_LIGATURES, **dict(_PAIRS_FOLDED)})


def normalize_text(text: str) -> str:
    """Just the normalized string, for comparing words and lexicon entries."""
    if not _CHANGED.search(text):
        return text
    text = text.translate(_WORD_TABLE)
    if " " not in text and text.isprintable():  # a word: no whitespace (every other space is unprintable)
        return text
    return _REPEATED_SPACE.sub("", _ANY_SPACE.sub(" ", text))


def has_arabic(text: str, minimum: int = 1) -> bool:
    """True when the text holds at least `minimum` Arabic letters."""
    return len(_ARABIC_LETTER.findall(text)) >= minimum
