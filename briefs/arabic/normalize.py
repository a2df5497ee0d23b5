"""Arabic normalization for matching, with a map from every normalized offset back to the original.

Normalization is never shown to a reader: it exists so that two spellings of the same word compare
equal. Every span found in normalized text is mapped back with `Normalized.to_original`, so what we
report always points at the real characters of the source.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

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
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا",
    # alef maqsura → ya (and Persian ya / kaf)
    "ى": "ي", "ی": "ي", "ک": "ك",
    # hamza carriers that writers swap freely
    "ؤ": "و", "ئ": "ي",
    # Arabic separators and punctuation → their Latin twins
    "٫": ".", "٬": ",", "،": ",", "؛": ";", "؟": "?", "«": '"', "»": '"', "٪": "%",
    # non-breaking and other exotic spaces
    "\u00a0": " ", "\u202f": " ", "\u2007": " ", "\u2009": " ", "\u200a": " ", "\u3000": " ",
}
for _zero, _script in ((0x0660, "arabic-indic"), (0x06F0, "persian")):
    for _d in range(10):
        _BASE_MAP[chr(_zero + _d)] = str(_d)

_TA_MARBUTA = {"ة": "ه"}
# Lam-alef presentation ligatures expand to two letters; both map to the one original character.
_LIGATURES = {"ﻻ": "لا", "ﻼ": "لا", "ﻷ": "لا", "ﻸ": "لا", "ﻹ": "لا", "ﻺ": "لا", "ﻵ": "لا", "ﻶ": "لا"}

_DROPPABLE = re.compile("[" + "".join(sorted(_DROPPED)) + "]+")
_ANY_SPACE = re.compile(r"\s")
_REPEATED_SPACE = re.compile(r"(?<= ) +")
_TABLE = str.maketrans(_BASE_MAP)
_TABLE_FOLDED = str.maketrans({**_BASE_MAP, **_TA_MARBUTA})

_ARABIC_LETTER = re.compile(r"[\u0621-\u064A\u0671-\u06D3\uFB50-\uFDFF\uFE70-\uFEFF]")


@dataclass(frozen=True, slots=True)
class Normalized:
    """Normalized text plus, for each of its characters, the index of the original character."""

    original: str
    text: str
    origin: tuple[int, ...]

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a normalized span [start, end) to the smallest original span covering it."""
        if start >= end:
            anchor = self.origin[start] if start < len(self.origin) else len(self.original)
            return anchor, anchor
        return self.origin[start], self.origin[end - 1] + 1


def normalize(text: str, *, fold_ta_marbuta: bool = True, collapse_spaces: bool = True) -> Normalized:
    """Normalize Arabic text for matching; see the module docstring.

    `fold_ta_marbuta` turns ة into ه (writers and OCR mix them at word ends). `collapse_spaces`
    turns every run of whitespace into one space.
    """
    # Work segment by segment rather than character by character: the checker normalizes every
    # source it sees, and str.translate over kept runs is an order of magnitude faster.
    kept, origin = _drop(text, _DROPPABLE)
    if any(ligature in kept for ligature in _LIGATURES):
        kept, origin = _expand_ligatures(kept, origin)
    kept = kept.translate(_TABLE_FOLDED if fold_ta_marbuta else _TABLE)
    if collapse_spaces:
        kept = _ANY_SPACE.sub(" ", kept)
        kept, kept_origin = _drop(kept, _REPEATED_SPACE)
        origin = [origin[i] for i in kept_origin]
    return Normalized(original=text, text=kept, origin=tuple(origin))


def _drop(text: str, pattern: re.Pattern[str]) -> tuple[str, list[int]]:
    """Remove every match of `pattern`; return the rest and the original index of each kept char."""
    pieces: list[str] = []
    origin: list[int] = []
    position = 0
    for match in pattern.finditer(text):
        pieces.append(text[position : match.start()])
        origin.extend(range(position, match.start()))
        position = match.end()
    pieces.append(text[position:])
    origin.extend(range(position, len(text)))
    return "".join(pieces), origin


def _expand_ligatures(text: str, origin: list[int]) -> tuple[str, list[int]]:
    out: list[str] = []
    new_origin: list[int] = []
    for char, index in zip(text, origin):
        expansion = _LIGATURES.get(char, char)
        out.append(expansion)
        new_origin.extend([index] * len(expansion))
    return "".join(out), new_origin


def normalize_text(text: str) -> str:
    """Just the normalized string, for comparing words and lexicon entries."""
    return normalize(text).text


def has_arabic(text: str, minimum: int = 1) -> bool:
    """True when the text holds at least `minimum` Arabic letters."""
    return len(_ARABIC_LETTER.findall(text)) >= minimum
