"""Attribution tagger (first cut): who asserts each sentence.

A placeholder that keeps the pipeline whole while the rule set grows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from factcheck.text.sentences import SentenceSpan


@dataclass(slots=True)
class Tag:
    """The tagger's verdict on one sentence; offsets index the article text."""

    kind: str
    rule: str
    confidence: float = 0.5
    speaker: str | None = None
    speaker_title: str | None = None
    cue: tuple[int, int] | None = None
    hedges: list[str] = field(default_factory=list)


_QUOTE = re.compile(r"[\"“”]")
_SAID = re.compile(r"\b(said|says|told|added|announced)\b")
_HEDGE = re.compile(r"\b(allegedly|alleged|reportedly|purportedly|supposedly)\b", re.I)


def tag_sentences(text: str, sentences: list[SentenceSpan]) -> list[Tag]:
    """One :class:`Tag` per sentence, in order."""
    tags = []
    for sentence in sentences:
        body = text[sentence.start : sentence.end]
        hedges = [m.group(0) for m in _HEDGE.finditer(body)]
        said = _SAID.search(body)
        if body.startswith("(") and body.endswith(")"):
            tags.append(Tag("not_a_claim", "structural.bracketed_line", 0.9))
        elif said and _QUOTE.search(body):
            cue = (sentence.start + said.start(), sentence.start + said.end())
            tags.append(Tag("direct_quote", "quote.cued", 0.6, cue=cue, hedges=hedges))
        elif said:
            cue = (sentence.start + said.start(), sentence.start + said.end())
            tags.append(Tag("indirect_quote", "speech.cue", 0.5, cue=cue, hedges=hedges))
        elif hedges:
            tags.append(Tag("alleged", "hedge.unsourced", 0.5, hedges=hedges))
        else:
            tags.append(Tag("reporter_assertion", "default", 0.5))
    return tags
