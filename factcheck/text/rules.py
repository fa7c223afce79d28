"""The rule ids the tagger records on every claim (``Attribution.rule``), one place.

Each id says which decision of docs/attribution.md §2 labelled the sentence, so a
reviewer (and a snapshot diff) can see why. ``RULE_DESCRIPTIONS`` gives each a
one-line description; ``tests/test_rules.py`` checks every id is described and
every id the tagger emits on the written sets is registered here.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Final


class Rule(StrEnum):
    """Why a sentence got its kind (the value is what lands on the claim)."""

    STRUCTURAL = "structural"
    STRUCTURAL_PROMO = "structural.promo"
    STRUCTURAL_BOILERPLATE = "structural.boilerplate"
    STRUCTURAL_DATELINE = "structural.dateline"
    STRUCTURAL_CAPTION = "structural.caption"
    STRUCTURAL_CAPTION_CREDIT = "structural.caption_credit"
    STRUCTURAL_CREDIT = "structural.credit"
    STRUCTURAL_BYLINE = "structural.byline"
    STRUCTURAL_HEADING = "structural.heading"
    STRUCTURAL_QUESTION = "structural.question"
    STRUCTURAL_LIST_LEAD = "structural.list_lead"
    QUOTE_CUED = "quote.cued"
    QUOTE_RUNNING = "quote.running"
    QUOTE_CONTINUATION = "quote.continuation"
    QUOTE_PULL_QUOTE = "quote.pull_quote"
    QUOTE_PREVIOUS_PARAGRAPH = "quote.previous_paragraph"
    QUOTE_PREVIOUS_SUBJECT = "quote.previous_subject"
    QUOTE_CUE_IN_NEXT_PARAGRAPH = "quote.cue_in_next_paragraph"
    QUOTE_INTERVIEW_ANSWER = "quote.interview_answer"
    QUOTE_UNATTRIBUTED = "quote.unattributed"
    CUE_DIRECT_QUOTE = "cue.direct_quote"
    CUE_POINT_OF_VIEW = "cue.point_of_view"
    CUE_SO_SAID = "cue.so_said"
    CUE_INTRODUCES_QUOTE = "cue.introduces_quote"
    CUE_PRESS_RELEASE = "cue.press_release"
    CUE_NEWS_OUTLET = "cue.news_outlet"
    CUE_DOCUMENT = "cue.document"
    CUE_ORGANISATION = "cue.organisation"
    CUE_UNNAMED_SOURCE = "cue.unnamed_source"
    CUE_UNRESOLVED_PRONOUN = "cue.unresolved_pronoun"
    CUE_UNIDENTIFIED_PERSON = "cue.unidentified_person"
    CUE_INDIRECT_QUOTE = "cue.indirect_quote"
    HEDGE_HEDGED_CUE = "hedge.hedged_cue"
    HEDGE_UNSOURCED = "hedge.unsourced"
    DEFAULT_REPORTER = "default.reporter"
    HEADLINE_SOURCE = "headline.source"
    QUOTE_TRANSCRIPT_TURN = "quote.transcript_turn"


RULE_DESCRIPTIONS: Final[dict[Rule, str]] = {
    Rule.STRUCTURAL: "a structural line of no more specific kind (§7.2)",
    Rule.STRUCTURAL_PROMO: "a promo or related-link line ('Related: …', 'READ MORE')",
    Rule.STRUCTURAL_BOILERPLATE: "page furniture: update stamps, contact, bio and link lines",
    Rule.STRUCTURAL_DATELINE: "a date or 'Published/Updated …' line",
    Rule.STRUCTURAL_CAPTION: "a line of a photo caption block",
    Rule.STRUCTURAL_CAPTION_CREDIT: "a caption or credit with a label ('Photo: …')",
    Rule.STRUCTURAL_CREDIT: "the credit line of a pull-quote box ('Name, Title')",
    Rule.STRUCTURAL_BYLINE: "a byline ('By Lena Park')",
    Rule.STRUCTURAL_HEADING: "a headline or heading: short, no final stop",
    Rule.STRUCTURAL_QUESTION: "a bare question of the reporter's, no proposition",
    Rule.STRUCTURAL_LIST_LEAD: "the label that opens a list ('Key points:')",
    Rule.QUOTE_CUED: "quoted words whose cue lies in a sentence the quote runs through",
    Rule.QUOTE_RUNNING: "a quote reopened from the previous paragraph (running quote)",
    Rule.QUOTE_CONTINUATION: "the next quote of the same paragraph, no prose between",
    Rule.QUOTE_PULL_QUOTE: "a pull-quote box credited on its last line",
    Rule.QUOTE_PREVIOUS_PARAGRAPH: "a quote opening a paragraph: the previous speaker's",
    Rule.QUOTE_PREVIOUS_SUBJECT: "a quote after prose about a person: that person's",
    Rule.QUOTE_CUE_IN_NEXT_PARAGRAPH: "a quote paragraph whose cue opens the next one",
    Rule.QUOTE_INTERVIEW_ANSWER: "an 'A:' answer of a Q&A interview",
    Rule.QUOTE_UNATTRIBUTED: "quoted speech with no speaker in reach",
    Rule.CUE_DIRECT_QUOTE: "a cue whose content is mostly quoted words",
    Rule.CUE_POINT_OF_VIEW: "a low-priority frame ('To X, …', 'In her view, …')",
    Rule.CUE_SO_SAID: "'So said X' after a quote paragraph",
    Rule.CUE_INTRODUCES_QUOTE: "a cue ending in a colon before a quote",
    Rule.CUE_PRESS_RELEASE: "a statement, release or announcement cue",
    Rule.CUE_NEWS_OUTLET: "a news outlet reports the content",
    Rule.CUE_DOCUMENT: "a report, study or filing states the content",
    Rule.CUE_ORGANISATION: "an organisation or its spokesperson states the content",
    Rule.CUE_UNNAMED_SOURCE: "a vague or collective source",
    Rule.CUE_UNRESOLVED_PRONOUN: "a pronoun source with no antecedent found",
    Rule.CUE_UNIDENTIFIED_PERSON: "an unnamed single person ('a neighbor said')",
    Rule.CUE_INDIRECT_QUOTE: "a named person paraphrased",
    Rule.HEDGE_HEDGED_CUE: "the cue itself is hedged ('reportedly demanded')",
    Rule.HEDGE_UNSOURCED: "an evidential hedge and no source",
    Rule.DEFAULT_REPORTER: "nothing attributes the sentence: the reporter's own",
    Rule.HEADLINE_SOURCE: "a headline 'Name: claim' states the named source's claim",
    Rule.QUOTE_TRANSCRIPT_TURN: "a transcript turn 'NAME: words' is NAME's direct speech",
}
