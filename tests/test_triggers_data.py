"""The event-word dictionary: well formed, ACLED-valid, and every stem found in a sentence."""

from __future__ import annotations

import json

import pytest
from briefs.acled import SUB_EVENT_TYPES, EventType, SubEventType
from briefs.arabic.phrases import PhraseIndex, tokenize
from briefs.extract.lexicon import DATA

TRIGGERS = json.loads((DATA / "triggers.json").read_text(encoding="utf-8"))
STEMS = [(event["cue"], stem) for event in TRIGGERS["events"] for stem in event["stems"]]


def test_source_and_acled_types():
    assert TRIGGERS["source"]
    for event in TRIGGERS["events"]:
        if event["event_type"] is None:  # killing words alone: the coder decides from who was killed
            assert event["sub_event_type"] is None
            continue
        assert SubEventType(event["sub_event_type"]) in SUB_EVENT_TYPES[EventType(event["event_type"])]
    for cues in ("negation", "denial", "claim", "hypothetical", "background", "instruction", "separate", "spatial"):
        assert TRIGGERS[cues], cues


@pytest.mark.parametrize(("cue", "stem"), STEMS, ids=[f"{c}:{s}" for c, s in STEMS])
def test_every_stem_is_found_with_a_clitic_and_a_suffix(cue, stem):
    index = PhraseIndex([(s, c) for c, s in STEMS], prefix=True)
    sentence = f"وقال المصدر إن و{stem}ات وقعت أمس"  # a clitic before, a suffix after the last word
    matches = index.find(tokenize(sentence))
    assert any(cue in m.payloads for m in matches), [m.phrase for m in matches]
