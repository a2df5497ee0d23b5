"""`briefs numbers --format json` prints valid JSON (no Infinity, NaN or traceback) whatever the text."""

from __future__ import annotations

import json
import math

from briefs.cli import app
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

# Text built from the pieces that break number parsers: digit runs of any length (Latin, Arabic-Indic,
# Persian), separators, Arabic number and scale words, qualifiers, glued words, and any character.
_PIECES = st.one_of(
    st.text(alphabet="0123456789", min_size=1, max_size=600),
    st.text(alphabet="٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹,.٫٬/:-", min_size=1, max_size=40),
    st.sampled_from(
        [
            "مليون",
            "مليار",
            "ألف",
            "آلاف",
            "قتل",
            "أكثر من",
            "نحو",
            "على الأقل",
            "بالمئة",
            "الساعة",
            "عام",
            "مدنيان",
            "وفلتان",
            "أفغانستان",
            "عشرات",
            "الرابعة عشرة",
            "p.m.",
            "million",
            "at least",
            " ",
            "\n",
        ]
    ),
    st.text(min_size=1, max_size=20),
)
_TEXT = st.lists(_PIECES, min_size=1, max_size=12).map("".join)


def _no_constants(name: str):
    raise ValueError(f"{name} is not JSON")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=_TEXT, lang=st.sampled_from(["ar", "en"]))
def test_numbers_json_is_always_valid(tmp_path_factory, text, lang):
    path = tmp_path_factory.mktemp("numbers") / "text.txt"
    try:
        path.write_text(text, encoding="utf-8")
    except UnicodeEncodeError:  # a lone surrogate cannot be a file's text; the reader refuses such bytes
        return
    result = CliRunner().invoke(app, ["numbers", str(path), "--lang", lang, "--format", "json"])
    if result.exit_code != 0:  # refused input (empty, NUL): a one-line BriefsError, never a crash
        from briefs.errors import BriefsError

        assert isinstance(result.exception, BriefsError), result.exception
        return
    data = json.loads(result.stdout, parse_constant=_no_constants)
    for mention in data["mentions"]:
        assert text[mention["start"] : mention["end"]] == mention["text"]
        for key in ("value", "low", "high"):
            assert mention[key] is None or math.isfinite(float(mention[key])), mention
