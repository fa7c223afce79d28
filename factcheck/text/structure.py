"""Lines that carry no proposition: headlines, datelines, captions, credits, promos.

See docs/attribution.md §7.2.

Each test returns the name of the rule that fired, or None, so a reviewer sees
why a line was set aside.
"""

from __future__ import annotations

import re

from factcheck.text._lexicon import CREDIT_LABELS, PROMO_PREFIXES
from factcheck.text.rules import Rule

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_WEEKDAY = r"(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs)?|Fri|Sat(?:ur)?|Sun)(?:day)?\.?"
_DATELINE = re.compile(
    rf"^(?:(?:Published|Updated|Posted|Last updated)\s*:?\s*)?(?:{_WEEKDAY},?\s+)?"
    rf"(?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|\d{{1,2}}\s+{_MONTH},?\s+\d{{4}}|"
    r"\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{2,4})"
    r"(?:,?\s+(?:at\s+)?\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?|[AP]M)?(?:\s+[A-Z]{2,4})?)?\.?$"
)
_CREDIT = re.compile(r"(?:^|\s)(?:" + "|".join(sorted(CREDIT_LABELS)) + r")s?\s*:\s*\S")
_LABELLED_BRACKET = re.compile(r"^\(\s*[A-Z][A-Za-z .'-]{0,30}:")
_BYLINE = re.compile(r"^By\s+[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,4}(?:\s*(?:,|and|&).*)?$")
_CREDIT_LINE = re.compile(r"^(?:[-–—]\s*)?[A-Z][\w.'’-]*(?:\s+[\w.'’&()-]+){0,9}$")
_DASH_CREDIT = re.compile(
    r"[\"”’]\s+[-–—]\s*(?P<name>[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,4})\s*$"
)


_PROMO_FIRST = frozenset(prefix[0] for prefix in PROMO_PREFIXES)

# Page furniture that a prefix list cannot catch: an "UPDATE, 4:52 p.m." stamp, the AP
# contributor line, a contact or partnership credit, an opinion disclaimer, a link line.
_BOILERPLATE = re.compile(
    r"^UPDATE[D]?\s*(?:,|:|at)\s*\d{1,2}(?::\d{2})?\s*[ap]\.?m\.?"
    r"|^Contact (?:the )?[\w .’'-]{1,40} at \S+@\S+"
    r"|^This (?:story|article|report|investigation) (?:was )?(?:reported|produced|published)"
    r" (?:in partnership|in collaboration|jointly) with"
    r"|^The views expressed (?:here|in this)"
    r"|^This is part of [\w ’'.]{0,60} effort to fact-check",
    re.IGNORECASE,
)
_BOILERPLATE_FIRST = frozenset("UuCcTt")
_LINK_LINE = re.compile(r"^[\w ’'.-]{0,50} here:\s*https?://\S+$")
_NAME = r"[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}"
_PLACE = r"[A-Z][\w.'’-]*(?:,?\s+[A-Z][\w.'’-]*){0,4}\.?$"
_BIO_LINE = re.compile(
    rf"^{_NAME}(?:,\s+{_NAME})*(?:,?\s+and\s+{_NAME})?\s+(?:reported|wrote)\s+from\s+{_PLACE}"
    rf"|^(?:He|She)\s+is\s+based\s+in\s+{_PLACE}"
    rf"|^(?:He|She|{_NAME})\s+tweets\s+(?:at\s+)?@\w+\.?$"
    r"|^(?:E-?mail|E-?mail:|Contact|Reach)\s[^@\s]{0,40}\s?\S+@[\w.-]+\w\.?$"
)
"""An author's bio or contact line: "Jo Lee reported from Ottawa.", "She is based in
Ottawa.", "He tweets @jolee.", "Email jo@example.com"."""
_CONTRIBUTOR = re.compile(r"\bcontributed(?: reporting)?(?: to)? this (?:report|story|article)\.?$")


def line_rule(sentence: str, *, alone: bool) -> Rule | None:
    """The structural rule a sentence matches, if any.

    ``alone`` says the sentence is its paragraph's only sentence: a short line
    without final punctuation is then a headline or section heading.
    """
    if sentence[:1].lower() in _PROMO_FIRST:
        lowered = sentence[:40].lower()
        if lowered.startswith(PROMO_PREFIXES) or _LABELLED_BRACKET.match(sentence):
            return Rule.STRUCTURAL_PROMO
    if len(sentence) < 200 and (
        (sentence[:1] in _BOILERPLATE_FIRST and _BOILERPLATE.match(sentence))
        or (sentence.endswith(("report.", "story.", "article.")) and _CONTRIBUTOR.search(sentence))
        or ("here:" in sentence and _LINK_LINE.match(sentence))
        or (len(sentence) < 120 and _BIO_LINE.match(sentence))
    ):
        return Rule.STRUCTURAL_BOILERPLATE
    if len(sentence) < 80 and _DATELINE.match(sentence):
        return Rule.STRUCTURAL_DATELINE
    if ":" in sentence and len(sentence) < 200 and _CREDIT.search(sentence.lower()):
        return Rule.STRUCTURAL_CAPTION_CREDIT
    if sentence.startswith("By ") and len(sentence) < 80 and _BYLINE.match(sentence):
        return Rule.STRUCTURAL_BYLINE
    if alone and is_heading(sentence):
        return Rule.STRUCTURAL_HEADING
    return None


def _ends_sentence(sentence: str) -> bool:
    """The line ends in sentence punctuation, maybe followed by closing marks."""
    return sentence.rstrip("\"”’')]")[-1:] in (".", "!", "?", "…")


def is_heading(sentence: str) -> bool:
    """A short line with no final punctuation that does not open a quote or a list."""
    if _ends_sentence(sentence) or sentence.endswith((":", ",", ";")):
        return False
    if sentence[:1] in "\"“‘'":
        return _quoted_headline(sentence)
    if sentence.startswith(_BULLETS) or len(sentence.split()) > 25:
        return False  # a bullet is a claim even without its period
    return True


_BULLETS = ("- ", "• ", "* ", "– ", "— ", "▪ ", "· ")
_QUOTED_HEADLINE = re.compile(r"^[\"“‘'][^\"“”‘’']{3,}[\"”’']\s*:\s+\S.*[\w)]$")


def _quoted_headline(sentence: str) -> bool:
    """ "'Libraries are the last free space': A conversation with …": a pull quote and a colon."""
    return len(sentence.split()) <= 25 and bool(_QUOTED_HEADLINE.match(sentence))


def is_credit_line(sentence: str) -> bool:
    """The last line of a pull-quote box: "Charles Bolden, NASA Administrator"."""
    if len(sentence) > 120 or _ends_sentence(sentence):
        return False
    return bool(_CREDIT_LINE.match(sentence)) or ("," in sentence and sentence[:1].isupper())


def dash_credit(sentence: str) -> str | None:
    """The name in '"… long game." - Matthew Ingram', else None."""
    tail = sentence[-60:]
    if " -" not in tail and "–" not in tail and "—" not in tail:
        return None
    match = _DASH_CREDIT.search(sentence)
    return match.group("name") if match else None
