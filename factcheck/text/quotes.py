"""Quotation spans in a paragraph: where quoted words start and end.

News copy mixes straight and curly marks, reverses curly marks after bad
conversions, runs a quote on across paragraphs without closing it (AP: the
next paragraph reopens), and uses ``’`` both as apostrophe and as closing
single mark. This module turns that into plain spans (docs/attribution.md §8):

- a double mark's direction comes from its context, not its glyph: an opener
  follows the paragraph start, a space or ``( [ — –`` and precedes a non-space;
  anything else after a non-space is a closer (so ``decision.“ However`` closes);
- single marks quote only as a pair within the paragraph whose opener follows a
  space and whose closer is not inside a word (``don’t``, ``NBA’s``, ``players’``
  and ``’90s`` are apostrophes), and only outside double-quoted text;
- a quote still open at the paragraph end is reported as such, so the caller
  can continue it when the next paragraph reopens;
- nothing here raises on unbalanced marks.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import NamedTuple

from factcheck.text._lexicon import SPEECH_VERBS

# Two typewriter apostrophes ('') stand for a double mark in wire and archive feeds
# that were converted from ``…'' markup: they open and close like a straight mark.
_DOUBLE = re.compile(r"[\"“”„«»]|''")
_SINGLE = re.compile(r"[‘’']")
_OPEN_CONTEXT = frozenset(" \t\n([{—–-/\u00a0")
# A single mark can only open a quote at a line start or after a space or bracket:
# without one, the paragraph's ’ and ' are all apostrophes. The mark is matched
# first and the character before it looked back at: the engine then skips to the
# rare marks instead of stopping at every space (a mark at the paragraph start,
# where the look-back sees the previous line, is tested on its own anyway).
_SINGLE_OPENER = re.compile(r"[‘'](?<=[\s(\[—–\"“].)")


class QuoteSpan(NamedTuple):
    """Quoted text from the opening mark to just after the closing mark."""

    start: int
    end: int
    closed: bool
    """False when the paragraph ends inside the quote (a running quote)."""
    opened: bool
    """False when a closer had no opener: the quote began at the paragraph start."""


def find_quotes(text: str, begin: int, end: int) -> list[QuoteSpan]:
    """Quote spans of the paragraph ``text[begin:end]``, double marks first, then single."""
    spans = _double_spans(text, begin, end) if _DOUBLE.search(text, begin, end) else []
    if text[begin] in "‘'" or _SINGLE_OPENER.search(text, begin, end):
        spans.extend(_single_spans(text, begin, end, spans))
        spans.sort()
    return spans


def _is_opener(text: str, index: int, begin: int, end: int, width: int = 1) -> bool:
    before = text[index - 1] if index > begin else " "
    after = text[index + width] if index + width < end else " "
    if after.isspace():
        return False
    return before in _OPEN_CONTEXT or before.isspace() or before in "\"“‘'«„:"


def _double_spans(text: str, begin: int, end: int) -> list[QuoteSpan]:
    spans: list[QuoteSpan] = []
    open_at: int | None = None
    for match in _DOUBLE.finditer(text, begin, end):
        index, after = match.start(), match.end()
        if open_at is None:
            if _is_opener(text, index, begin, end, after - index):
                open_at = index
            elif not spans and not _stray_closer(text, begin, index, after):
                # A closer with no opener: the quote began at the paragraph start, or
                # (past the first sentence) at the start of the closer's own sentence.
                first = begin if _previous_left_open(text, begin) else None
                if first is None:
                    first = _sentence_start(text, begin, index)
                spans.append(QuoteSpan(first, after, closed=True, opened=False))
        elif (
            _is_opener(text, index, begin, end, after - index)
            and match.group() in "“„«"
            and _gap_is_prose(text, open_at, index)
        ):
            # A new opener while one is open: the first one never closed.
            spans.append(QuoteSpan(open_at, index, closed=True, opened=True))
            open_at = index
        else:
            spans.append(QuoteSpan(open_at, after, closed=True, opened=True))
            open_at = None
    if open_at is not None:
        spans.append(QuoteSpan(open_at, end, closed=False, opened=True))
    return spans


_SENTENCE_END = re.compile(r"[.!?…][\"”’')\]]*\s+(?=[\"“‘'(\[]?[A-Z0-9])")


def _sentence_start(text: str, begin: int, index: int) -> int:
    """Start of the sentence holding ``index`` (the paragraph start in its first sentence)."""
    start = begin
    for match in _SENTENCE_END.finditer(text, begin, index):
        start = match.end()
    return start


def _previous_left_open(text: str, begin: int) -> bool:
    """The previous paragraph left a double quote open (an odd number of marks)."""
    stop = text.rfind("\n", 0, begin)
    while stop > 0 and text[stop - 1] == "\n":
        stop -= 1
    if stop <= 0:
        return False
    start = text.rfind("\n", 0, stop) + 1
    return len(_DOUBLE.findall(text, start, stop)) % 2 == 1


def _stray_closer(text: str, begin: int, index: int, after: int) -> bool:
    """'…the plan was fine," For now …': a comma-closer followed by a new clause with
    no cue is a stray mark, not the end of a quote that began at the paragraph start."""
    if index == begin or text[index - 1] != ",":
        return False
    rest = text[after : after + 40]
    match = _NEW_CLAUSE.match(rest)
    if match is None or match.group(1).lower() in _CUE_START:
        return False
    return not any(word.strip(".,;:") in SPEECH_VERBS for word in rest.lower().split()[1:4])


_NEW_CLAUSE = re.compile(r"\s+([A-Z][a-z]+)\s+[a-z]")
_CUE_START = frozenset("he she they it we i the a an his her their mr mrs ms dr".split())


def _gap_is_prose(text: str, start: int, index: int) -> bool:
    """A curly opener after a long unclosed stretch most likely starts a new quote."""
    return index - start > 400


def _single_spans(text: str, begin: int, end: int, doubles: list[QuoteSpan]) -> list[QuoteSpan]:
    spans: list[QuoteSpan] = []
    open_at: int | None = None
    double_starts = [span.start for span in doubles]
    for match in _SINGLE.finditer(text, begin, end):
        index = match.start()
        if _inside(index, doubles, double_starts):
            continue
        before = text[index - 1] if index > begin else " "
        after = text[index + 1] if index + 1 < end else " "
        if before.isalnum() and after.isalnum():
            continue  # don't, NBA’s
        if open_at is None:
            if (
                (before.isspace() or before in '([—–"“')
                and after.isalnum()
                and match.group() != "’"
            ):
                open_at = index
            continue
        if before.isalnum() or before in ".,!?;:…":
            if after.isalnum():
                continue
            if before == "s" and not after.isspace() and after not in ".,;:!?)":
                continue
            spans.append(QuoteSpan(open_at, index + 1, closed=True, opened=True))
            open_at = None
    if open_at is not None and _single_runs_on(text, begin, end, open_at):
        spans.append(QuoteSpan(open_at, end, closed=False, opened=True))
    return spans


def _single_runs_on(text: str, begin: int, end: int, open_at: int) -> bool:
    """British single-mark copy runs a quote on like AP: "said: 'A. B.¶'C.'" (§8)."""
    if open_at != begin and text[max(begin, open_at - 2) : open_at] not in (": ", ":"):
        return False
    following = text[end : end + 8].lstrip()
    return following[:1] in "‘'" and following[1:2].isalnum()


def _inside(index: int, spans: list[QuoteSpan], starts: list[int]) -> bool:
    position = bisect_right(starts, index) - 1
    return position >= 0 and index < spans[position].end


def quoted_length(spans: list[QuoteSpan], start: int, end: int) -> int:
    """How many characters of ``[start, end)`` lie inside quote spans."""
    total = 0
    for span in spans:
        low = max(span.start, start)
        high = min(span.end, end)
        if high > low:
            total += high - low
    return total


def mask_quotes(text: str, start: int, end: int, spans: list[QuoteSpan]) -> str:
    """``text[start:end]`` with quoted words blanked (same length; marks kept as ``"``).

    Rules then look for cues and speakers outside quotation marks only, with
    offsets unchanged.
    """
    pieces: list[str] = []
    position = start
    for span in spans:
        low = max(span.start, start)
        high = min(span.end, end)
        if high <= low:
            continue
        pieces.append(text[position:low])
        width = high - low
        if width == 1:
            pieces.append('"')
        else:
            pieces.append('"' + " " * (width - 2) + '"')
        position = high
    pieces.append(text[position:end])
    return "".join(pieces)
