"""Anchoring a claim for other people's tools: UTF-16 offsets and quote context.

factcheck counts offsets in Unicode code points, as the W3C Web Annotation
model says. Browsers, the DOM and JavaScript annotation clients count UTF-16
code units instead, so every character outside the Basic Multilingual Plane
(most emoji, some CJK and historic scripts) shifts their positions by one.
:func:`utf16_span` gives the same span in their unit, published beside the
code-point one.

A TextQuoteSelector's ``prefix`` and ``suffix`` are cut at grapheme-cluster
boundaries (UAX #29 extended grapheme clusters: an emoji ZWJ sequence, a flag,
a letter with its combining accents stay whole, as the W3C model asks), and
are at most :data:`QUOTE_CONTEXT_UTF16` UTF-16 code units long, the most that
diff-match-patch based clients (the usual fuzzy anchoring in JavaScript) can
match in one go.

Grapheme clusters come from the ``regex`` module's ``\\X``, which tracks the
current Unicode standard (GB9c Indic conjuncts, GB11 emoji sequences, GB12/13
flag pairs); a hand-written copy of those rules would fall behind each Unicode
release, and the stdlib has no segmenter before Python 3.15.
"""

from __future__ import annotations

import bisect
import functools
import re

QUOTE_CONTEXT_UTF16 = 32
"""Longest prefix or suffix, in UTF-16 code units."""

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_REGIONAL_INDICATOR = re.compile("[\U0001f1e6-\U0001f1ff]")
_SLACK = 16
"""Code points clustered beyond the wanted context, so the clusters at its edges are whole."""


@functools.lru_cache(maxsize=8)
def _astral_positions(text: str) -> tuple[int, ...]:
    """Code-point offsets of the characters that take two UTF-16 units (cached per text:
    an export asks for every claim of one source in a row)."""
    return tuple(match.start() for match in _ASTRAL.finditer(text))


def utf16_offset(text: str, offset: int) -> int:
    """The UTF-16 code-unit offset of code-point ``offset`` in ``text``."""
    return offset + bisect.bisect_left(_astral_positions(text), offset)


def utf16_span(text: str, start: int, end: int) -> dict[str, int]:
    """``{"start", "end"}`` of the code-point span ``[start, end)`` counted in UTF-16 units."""
    return {"start": utf16_offset(text, start), "end": utf16_offset(text, end)}


def utf16_length(text: str) -> int:
    """How many UTF-16 code units ``text`` takes."""
    return len(text) + len(_ASTRAL.findall(text))


def _boundaries(text: str, lo: int, hi: int) -> list[int]:
    """Grapheme-cluster boundaries of ``text`` within ``[lo, hi]``, in order.

    Clusters a window a little wider than ``[lo, hi]`` and keeps only the
    boundaries whose clusters the window holds whole: the window's first
    cluster may be the tail of a longer one, and a run of flag letters pairs
    up from its own start, so the window starts before any such run.
    """
    import regex  # type: ignore[import-untyped]  # no stubs shipped; one call, typed below

    begin = max(0, lo - _SLACK)
    while begin > 0 and _REGIONAL_INDICATOR.match(text, begin - 1):
        begin -= 1
    finish = min(len(text), hi + _SLACK)
    cuts = [begin]
    for match in regex.finditer(r"\X", text[begin:finish]):
        cuts.append(begin + match.end())
    trusted = cuts if begin == 0 else cuts[1:]
    if finish < len(text):
        trusted = trusted[:-1]
    return [cut for cut in trusted if lo <= cut <= hi]


_SIMPLE = re.compile("[\t\n\x20-\x7e\xa0-\u02ff\u2010-\u2027\u2030-\u205e\u20a0-\u20c0]*")
"""Characters that always stand alone as a grapheme cluster and take one UTF-16 unit:
printable ASCII, tab and line feed, Latin-1 and Latin Extended letters, general
punctuation (curly quotes, dashes, ellipsis) and currency signs. Not combining
marks, joiners, CR, Hangul, regional indicators or anything outside the BMP."""


def _plain(window: str) -> bool:
    """Every position in ``window`` is a cluster boundary and every character one unit.

    The common case for news text; :func:`_boundaries` (``regex``'s ``\\X``,
    about 1 µs a cluster) is needed only for emoji, accents written as combining
    marks, and scripts whose clusters span several characters.
    """
    return _SIMPLE.fullmatch(window) is not None


def quote_prefix(text: str, start: int) -> str:
    """Whole grapheme clusters just before ``start``, at most 32 UTF-16 units."""
    lo = max(0, start - QUOTE_CONTEXT_UTF16)
    if _plain(text[max(0, lo - 1) : start + 1]):
        return text[lo:start]
    for cut in _boundaries(text, lo, start):
        if utf16_length(text[cut:start]) <= QUOTE_CONTEXT_UTF16:
            return text[cut:start]
    return ""


def quote_suffix(text: str, end: int) -> str:
    """Whole grapheme clusters just after ``end``, at most 32 UTF-16 units."""
    hi = min(len(text), end + QUOTE_CONTEXT_UTF16)
    if _plain(text[max(0, end - 1) : hi + 1]):
        return text[end:hi]
    for cut in reversed(_boundaries(text, end, hi)):
        if utf16_length(text[end:cut]) <= QUOTE_CONTEXT_UTF16:
            return text[end:cut]
    return ""
