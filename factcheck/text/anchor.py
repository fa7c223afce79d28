"""Re-anchor the claims of one revision of an article in the next: pure text, no SQL.

Published articles change (corrections, updates, reworded quotes). Each claim
of the previous revision is a W3C TextQuote (its exact sentence, with the text
just before and after it) plus a TextPosition hint. :func:`reanchor` finds
each one in the new revision's sentences, in three passes, so a review is
carried only where the sentence really is the same:

1. **quote**: a new sentence with the same text (compared after
   :func:`normalized`, so whitespace and Unicode look-alikes do not count).
   When the text occurs more than once, the candidate whose surrounding text
   (prefix/suffix) agrees best wins, then the one nearest in relative position;
2. **fuzzy**: for what is left, the most similar remaining sentence
   (rapidfuzz ``ratio``) if it scores at least ``threshold`` — a typo fix,
   a reworded quote, an edited headline. Ties go to the nearer position;
3. what still has no partner is **removed** (old) or **new** (new).

Every pass is a global greedy assignment (best pairs first), so one new
sentence never takes two old claims. Any difference beyond whitespace and
Unicode normalisation makes a claim *changed*: a one-digit edit can turn a
true number false, so only the reviewer may decide it is harmless.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

FUZZY_THRESHOLD = 72.0
"""Lowest rapidfuzz ``ratio`` (0–100) at which a sentence counts as an edit of another.

Set between the edits of the test suite (reworded quotes score 80+) and
unrelated sentences on the same subject (under 60)."""

CONTEXT = 32
"""Characters of prefix and suffix compared to tell repeated sentences apart."""

_LOOKALIKES = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
        "\u00ab": '"', "\u00bb": '"', "\u2013": "-", "\u2014": "-", "\u2212": "-",
        "\u2010": "-", "\u2011": "-", "\u200b": None, "\u200c": None, "\u200d": None,
        "\u00ad": None, "\ufeff": None,
    }
)


class Outcome(StrEnum):
    """What became of a claim (or a sentence) from one revision to the next."""

    UNCHANGED = "unchanged"
    CHANGED = "changed"
    REMOVED = "removed"
    NEW = "new"


@dataclass(frozen=True)
class Span:
    """A sentence of a revision: its key (claim id or ordinal), text and offsets."""

    key: int
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Anchoring:
    """One old claim's fate, or one new sentence nobody anchored to (``old`` None)."""

    outcome: Outcome
    old: int | None
    new: int | None
    score: float
    """100 for a quote match, the fuzzy ratio for a changed claim, 0 otherwise."""
    method: str
    """``quote``, ``position`` (a repeated quote told apart by place), ``fuzzy`` or ``none``."""


def normalized(text: str) -> str:
    """``text`` as compared: NFKC, typographic quotes and dashes plain, whitespace collapsed."""
    return " ".join(unicodedata.normalize("NFKC", text).translate(_LOOKALIKES).split())


def reanchor(
    *,
    old_text: str,
    old: Sequence[Span],
    new_text: str,
    new: Sequence[Span],
    threshold: float = FUZZY_THRESHOLD,
) -> list[Anchoring]:
    """The outcome of every old claim (in ``old`` order), then every unmatched new sentence."""
    old_norm = [normalized(span.text) for span in old]
    new_norm = [normalized(span.text) for span in new]
    matched: dict[int, tuple[int, float, str]] = {}
    taken: set[int] = set()
    _quote_pass(old_text, old, old_norm, new_text, new, new_norm, matched, taken)
    _fuzzy_pass(old_text, old, old_norm, new_text, new, new_norm, matched, taken, threshold)
    result: list[Anchoring] = []
    for i, span in enumerate(old):
        found = matched.get(i)
        if found is None:
            result.append(Anchoring(Outcome.REMOVED, span.key, None, 0.0, "none"))
            continue
        j, score, method = found
        outcome = Outcome.UNCHANGED if method != "fuzzy" else Outcome.CHANGED
        result.append(Anchoring(outcome, span.key, new[j].key, score, method))
    result.extend(
        Anchoring(Outcome.NEW, None, span.key, 0.0, "none")
        for j, span in enumerate(new)
        if j not in taken
    )
    return result


def _relative(span: Span, text: str) -> float:
    return span.start / max(len(text), 1)


def _context_score(old_text: str, a: Span, new_text: str, b: Span) -> int:
    """Characters of prefix and suffix (normalised) that agree around the two sentences."""
    before_a = normalized(old_text[max(0, a.start - CONTEXT) : a.start])
    before_b = normalized(new_text[max(0, b.start - CONTEXT) : b.start])
    after_a = normalized(old_text[a.end : a.end + CONTEXT])
    after_b = normalized(new_text[b.end : b.end + CONTEXT])
    same = 0
    for x, y in zip(reversed(before_a), reversed(before_b), strict=False):
        if x != y:
            break
        same += 1
    for x, y in zip(after_a, after_b, strict=False):
        if x != y:
            break
        same += 1
    return same


def _quote_pass(
    old_text: str, old: Sequence[Span], old_norm: list[str],
    new_text: str, new: Sequence[Span], new_norm: list[str],
    matched: dict[int, tuple[int, float, str]], taken: set[int],
) -> None:
    by_text: dict[str, list[int]] = {}
    for j, text in enumerate(new_norm):
        by_text.setdefault(text, []).append(j)
    pairs: list[tuple[int, float, int, int, str]] = []
    for i, text in enumerate(old_norm):
        candidates = by_text.get(text, [])
        repeated = len(candidates) > 1 or old_norm.count(text) > 1
        for j in candidates:
            context = _context_score(old_text, old[i], new_text, new[j]) if repeated else 0
            distance = abs(_relative(old[i], old_text) - _relative(new[j], new_text))
            method = "position" if repeated else "quote"
            pairs.append((-context, distance, i, j, method))
    for _, _, i, j, method in sorted(pairs):
        if i not in matched and j not in taken:
            matched[i] = (j, 100.0, method)
            taken.add(j)


def _fuzzy_pass(
    old_text: str, old: Sequence[Span], old_norm: list[str],
    new_text: str, new: Sequence[Span], new_norm: list[str],
    matched: dict[int, tuple[int, float, str]], taken: set[int], threshold: float,
) -> None:
    left_old = [i for i in range(len(old)) if i not in matched]
    left_new = [j for j in range(len(new)) if j not in taken]
    if not left_old or not left_new:
        return
    from rapidfuzz.fuzz import ratio

    pairs: list[tuple[float, float, int, int]] = []
    for i in left_old:
        for j in left_new:
            score = float(ratio(old_norm[i], new_norm[j], score_cutoff=threshold))
            if score >= threshold:
                distance = abs(_relative(old[i], old_text) - _relative(new[j], new_text))
                pairs.append((-score, distance, i, j))
    for negative, _, i, j in sorted(pairs):
        if i not in matched and j not in taken:
            matched[i] = (j, -negative, "fuzzy")
            taken.add(j)
