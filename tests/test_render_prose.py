"""The summary's HTML: plain prose skips the markdown package, and must come out exactly as the
package writes it; anything else still goes through the package."""

from __future__ import annotations

import string

import markdown  # type: ignore[import-untyped]
from briefs.brief.render import _PLAIN_PROSE, Dialect, prose_html
from hypothesis import example, given, settings
from hypothesis import strategies as st

# ASCII (every character Markdown reads as markup among it), Arabic, typographic punctuation and the
# whitespace and separators Python and Markdown disagree on.
ALPHABET = st.sampled_from(
    list(string.printable)
    + list("سوريا قتل ٣٥ “”‘’–—…é")
    + ["\xa0", "\u2028", "\u2029", "\x0b", "\x0c", "\x85", "\u3000"]
)


# The same without the characters that are markup wherever they stand: strings the fast path may take.
PLAIN = st.sampled_from(
    [c for c in string.printable if c not in "\\`*_[]<>&"]
    + list("سوريا ٣٥ “”–é")
    + ["\xa0", "\u2028", "\x0b", "\x0c", "\x85"]
)


def by_the_package(text: str) -> str:
    return markdown.Markdown(output_format="html").convert(text)


@settings(max_examples=600, deadline=None)
@given(st.text(ALPHABET, max_size=80))
@example("On 13 March 2024, five members were killed in Deir ez-Zor (Syria); 3% of 1/2.")
@example("A 1. b # c - d + e > f ! g ( h ) ~ i = j | k : l ' m \" n")
@example("Killed: 5 ")
def test_plain_prose_is_written_as_the_markdown_package_writes_it(text: str) -> None:
    assert prose_html(text) == by_the_package(text)


@settings(max_examples=600, deadline=None)
@given(st.sampled_from("Aaسé"), st.text(PLAIN, max_size=80))
def test_text_that_starts_with_a_letter_and_holds_no_markup_character_is_one_paragraph(first: str, rest: str) -> None:
    assert prose_html(first + rest) == by_the_package(first + rest)


@settings(max_examples=300, deadline=None)
@given(st.text(ALPHABET, max_size=80))
def test_a_summary_as_the_brief_escapes_it_is_written_as_the_package_writes_it(text: str) -> None:
    escaped = Dialect().text(text)
    assert prose_html(escaped) == by_the_package(escaped)


def test_the_fast_path_takes_ordinary_summaries_and_leaves_markup_to_the_package() -> None:
    assert _PLAIN_PROSE.fullmatch("On 13 March 2024, two people were killed in an air strike in Naqoura, Lebanon.")
    for markup in ("An *emphasised* word", "1. a list", "# heading", "- item", "a `code` b", "AT&amp;T", "x <b>"):
        assert not _PLAIN_PROSE.fullmatch(markup), markup
    assert prose_html("An *emphasised* word") == "<p>An <em>emphasised</em> word</p>"
