"""Anchors that JavaScript clients can use: UTF-16 offsets and whole-cluster context.

Browsers count UTF-16 code units; factcheck counts code points. The emoji
article below puts astral characters before every claim, so a client reading
code-point offsets as UTF-16 would mis-anchor each one; ``span_utf16`` must not.
Context (TextQuoteSelector prefix/suffix) is never cut inside a grapheme
cluster and never longer than 32 UTF-16 units.
"""

from __future__ import annotations

import datetime as dt

import pytest
import regex

from factcheck.exchange.anchors import quote_prefix, quote_suffix, utf16_length, utf16_span
from factcheck.exchange.document import extraction_document
from factcheck.exchange.importer import import_document
from factcheck.exchange.validate import validate_document
from factcheck.model import SourceMeta
from factcheck.store.engine import Store
from factcheck.text.extract import extract

EMOJI_ARTICLE = (
    "Fans 🏀🔥 cheer the deal 🇺🇸🤝🇨🇳\n\n"
    "The league 👩‍👩‍👧‍👦 signed a five-year deal with the payment firm, officials said. "
    "“This is a great day 🎉🎉 for fans,” said commissioner Ada Park 👍🏽. "
    "Tickets rose 12% 📈 in the first week.\n\n"
    "Critics 🇫🇷 say the deal café ignores labour rights 🙅‍♀️.\n"
)


def js_slice(text: str, start: int, end: int) -> str:
    """What JavaScript's ``text.slice(start, end)`` returns: UTF-16 units."""
    units = text.encode("utf-16-le")
    return units[2 * start : 2 * end].decode("utf-16-le", errors="replace")


def clusters(text: str) -> list[str]:
    return list(regex.findall(r"\X", text))


def test_every_claim_of_an_emoji_article_anchors_in_utf16() -> None:
    document = extraction_document(extract(EMOJI_ARTICLE, meta=SourceMeta()))
    claims = document["claims"]
    text = document["sources"][0]["text"]

    assert len(claims) == 5
    shifted = 0
    for claim in claims:
        span, utf16 = claim["span"], claim["span_utf16"]
        assert text[span["start"] : span["end"]] == claim["text"]
        assert js_slice(text, utf16["start"], utf16["end"]) == claim["text"]
        shifted += utf16["start"] != span["start"]
        # Reading the code-point offsets as UTF-16 (the bug) gets other text.
        if utf16["start"] != span["start"]:
            assert js_slice(text, span["start"], span["end"]) != claim["text"]
    # Every claim after the headline (which starts at 0) has emoji before it.
    assert shifted == 4
    assert validate_document(document) == 1 + len(claims) + 1


@pytest.mark.parametrize(
    ("text", "start"),
    [
        ("x" * 40 + "👩‍👩‍👧‍👦" * 4 + "CLAIM", None),
        ("🇺🇸🇨🇳🇫🇷🇩🇪🇬🇧🇮🇹🇪🇸🇵🇹🇳🇱🇧🇪🇦🇹 CLAIM", None),
        ("e\u0301" * 30 + "CLAIM", None),
        ("abc 👍🏽👍🏽👍🏽👍🏽👍🏽👍🏽👍🏽👍🏽 CLAIM", None),
        ("short CLAIM", None),
    ],
)
def test_prefix_is_whole_clusters_and_at_most_32_units(text: str, start: int | None) -> None:
    at = text.index("CLAIM")
    prefix = quote_prefix(text, at)

    assert text[:at].endswith(prefix)
    assert utf16_length(prefix) <= 32
    # The prefix starts on a cluster boundary of the whole text.
    boundaries = {0}
    for piece in clusters(text):
        boundaries.add(max(boundaries) + len(piece))
    assert at - len(prefix) in boundaries
    # And it is as long as it can be: one more cluster would pass 32 units.
    before = clusters(text[: at - len(prefix)])
    if before:
        assert utf16_length(before[-1] + prefix) > 32


@pytest.mark.parametrize(
    "after",
    [
        "🇺🇸🇨🇳🇫🇷🇩🇪🇬🇧🇮🇹🇪🇸🇵🇹🇳🇱🇧🇪🇦🇹",
        "👨🏽‍🚀" * 10,
        "cafe\u0301 " * 10,
        " ok",
    ],
)
def test_suffix_is_whole_clusters_and_at_most_32_units(after: str) -> None:
    text = "CLAIM." + after
    suffix = quote_suffix(text, 6)

    assert after.startswith(suffix)
    assert utf16_length(suffix) <= 32
    assert "".join(clusters(after)[: len(clusters(suffix))]) == suffix
    rest = clusters(after)[len(clusters(suffix)) :]
    if rest:
        assert utf16_length(suffix + rest[0]) > 32


def test_flags_pair_up_from_the_start_of_their_run() -> None:
    # 11 flags (22 regional indicators): a window that started mid-run would pair
    # the wrong letters and cut a flag in half.
    flags = "🇺🇸🇨🇳🇫🇷🇩🇪🇬🇧🇮🇹🇪🇸🇵🇹🇳🇱🇧🇪🇦🇹"
    text = flags + "CLAIM"
    prefix = quote_prefix(text, len(flags))
    assert len(prefix) % 2 == 0 and flags.endswith(prefix) and len(prefix) == 16


def test_utf16_span_counts_astral_characters_before_each_offset() -> None:
    text = "a😀b😀😀c"
    assert utf16_span(text, 2, 5) == {"start": 3, "end": 8}
    assert js_slice(text, 3, 8) == text[2:5]


def test_an_inconsistent_utf16_span_is_refused_on_import(store: Store) -> None:
    from factcheck.errors import ValidationFailed

    document = extraction_document(
        extract(EMOJI_ARTICLE, meta=SourceMeta()),
        generated_at=dt.datetime(2024, 1, 1, tzinfo=dt.UTC),
    )
    document["claims"][1]["span_utf16"]["start"] -= 1
    with pytest.raises(ValidationFailed) as raised:
        import_document(store, document)
    assert raised.value.problems[0].startswith("$.claims[1].span_utf16: ")


PIECES = [
    "a", "Z", " ", ".", "\n", "’", "“", "—", "é", "e\u0301", "o\u0308\u0301", "中", "한",
    "\u1100\u1161\u11a8", "😀", "👍🏽", "👩‍👩‍👧", "🇫🇷", "🇺", "\u200d", "\r\n", "\u0915\u094d\u0937",
]


def reference(text: str, start: int, end: int) -> tuple[str, str]:
    """Prefix and suffix from clusters of the whole text (slow, obviously right)."""
    cuts = [0]
    for piece in clusters(text):
        cuts.append(cuts[-1] + len(piece))
    before = [c for c in cuts if c <= start and utf16_length(text[c:start]) <= 32]
    after = [c for c in cuts if c >= end and utf16_length(text[end:c]) <= 32]
    return text[min(before) : start], text[end : max(after)]


def test_context_matches_whole_text_clustering_on_random_mixtures() -> None:
    import random

    chooser = random.Random(20261208)
    for _ in range(400):
        text = "".join(chooser.choice(PIECES) for _ in range(chooser.randint(0, 60)))
        cuts = [0]
        for piece in clusters(text):
            cuts.append(cuts[-1] + len(piece))
        start, end = sorted(chooser.sample(cuts, 2)) if len(cuts) > 1 else (0, 0)
        assert (quote_prefix(text, start), quote_suffix(text, end)) == reference(
            text, start, end
        ), repr((text, start, end))
