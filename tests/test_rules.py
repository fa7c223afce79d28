"""The tagger's rule ids and its cue prefilter.

Every rule id is registered in ``factcheck.text.rules`` with a description, every id
the tagger records on the written sets is registered, and every word a cue rule
triggers on reaches the one-pass prefilter (``cues.trigger_words``), so adding a cue
word to the vocabulary cannot leave it unseen.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from factcheck.text import _lexicon as lexicon
from factcheck.text.cues import trigger_words
from factcheck.text.extract import extract
from factcheck.text.rules import RULE_DESCRIPTIONS, Rule

SNAPSHOTS = Path(__file__).parent / "data" / "snapshots"

CUE_VOCABULARIES = {
    "SPEECH_VERBS": lexicon.SPEECH_VERBS,
    "NAMING_VERBS": lexicon.NAMING_VERBS,
    "QUOTE_ONLY_VERBS": lexicon.QUOTE_ONLY_VERBS,
    "GERUND_CUES": lexicon.GERUND_CUES,
    "PARTICIPIAL_CUES": lexicon.PARTICIPIAL_CUES,
    "BELIEF_VERBS": lexicon.BELIEF_VERBS,
    "EVIDENCE_VERBS": lexicon.EVIDENCE_VERBS,
    "EVALUATIVE_ADJECTIVES": lexicon.EVALUATIVE_ADJECTIVES,
    "SPEECH_NOUNS": lexicon.SPEECH_NOUNS,
    "PRESS_RELEASE_VERBS": lexicon.PRESS_RELEASE_VERBS,
}


def test_every_rule_has_a_one_line_description() -> None:
    assert set(RULE_DESCRIPTIONS) == set(Rule)
    for rule, description in RULE_DESCRIPTIONS.items():
        assert description and "\n" not in description, rule


def test_every_rule_recorded_on_the_written_sets_is_registered() -> None:
    recorded = set()
    for path in SNAPSHOTS.glob("*.tsv"):
        for line in path.read_text(encoding="utf-8").splitlines()[1:]:
            recorded.add(line.split("\t")[4])
    assert recorded, "no snapshots"
    assert recorded <= {rule.value for rule in Rule}


def test_claims_carry_the_rule_id_as_plain_text() -> None:
    claim = extract('"We will appeal," Mayor Dana Whitcombe said.').claims[0]
    assert claim.attribution.rule == "quote.cued"
    assert type(claim.attribution.rule) is str


@pytest.mark.parametrize("vocabulary", sorted(CUE_VOCABULARIES))
def test_every_cue_word_reaches_the_prefilter(vocabulary: str) -> None:
    words = sorted(CUE_VOCABULARIES[vocabulary])
    text = " ".join(f"x {word} y." for word in words)
    _, found, _ = trigger_words(text)
    missing = sorted(set(words) - set(found))
    assert not missing, f"{vocabulary}: {missing}"


def test_the_prefilter_finds_according_and_per() -> None:
    _, found, _ = trigger_words("according to x, as per y")
    assert {"according", "per"} <= set(found)
