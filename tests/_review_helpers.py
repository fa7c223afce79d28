"""Claims and people for review-workflow tests, built without the extractor.

The sample article's claims come from its gold file (sentence spans, kinds,
speakers, cues), so these tests do not depend on the extraction pipeline.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from factcheck.model import (
    Article,
    Attribution,
    AttributionKind,
    Cue,
    ExtractedClaim,
    Extraction,
    SourceMeta,
    Span,
)
from factcheck.store.engine import Store
from factcheck.store.ingest import ingest

GOLD = Path(__file__).parent / "data" / "gold"
SAMPLE_NAME = "nba-ant-group-2023-02-21"


def gold_extraction() -> Extraction:
    """The sample article with its gold sentences as claims."""
    text = (GOLD / f"{SAMPLE_NAME}.txt").read_text(encoding="utf-8")
    gold = json.loads((GOLD / f"{SAMPLE_NAME}.gold.json").read_text(encoding="utf-8"))
    claims = [_gold_claim(text, ordinal, item) for ordinal, item in enumerate(gold["sentences"])]
    meta = SourceMeta(title="NBA and Ant Group announce collaboration", url="https://example.org/nba")
    return Extraction(article=Article(text=text, meta=meta), claims=claims)


def _gold_claim(text: str, ordinal: int, item: dict[str, Any]) -> ExtractedClaim:
    start, end = item["start"], item["end"]
    cue = None
    if item.get("cue"):
        at = text.find(item["cue"], start, end)
        if at >= 0:
            cue = Cue(text=item["cue"], start=at, end=at + len(item["cue"]))
    return ExtractedClaim(
        ordinal=ordinal,
        text=text[start:end],
        span=Span(start=start, end=end),
        paragraph=text.count("\n\n", 0, start),
        attribution=Attribution(
            kind=AttributionKind(item["kind"][0]),
            speaker=item.get("source"),
            cue=cue,
            rule="gold",
            confidence=1.0,
        ),
        hedges=list(item.get("hedges", [])),
    )


def synthetic_extraction(count: int, *, tag: str = "race") -> Extraction:
    """An article of ``count`` one-line sentences, each a claim."""
    sentences = [f"The {tag} figure number {n} rose by {n} percent." for n in range(count)]
    text = " ".join(sentences)
    claims, offset = [], 0
    for ordinal, sentence in enumerate(sentences):
        claims.append(
            ExtractedClaim(
                ordinal=ordinal,
                text=sentence,
                span=Span(start=offset, end=offset + len(sentence)),
                paragraph=0,
                attribution=Attribution(kind=AttributionKind.REPORTER_ASSERTION, rule="test"),
            )
        )
        offset += len(sentence) + 1
    return Extraction(article=Article(text=text), claims=claims)


def ingest_sample(store: Store) -> list[int]:
    """Ingest the sample article; the claim row ids in sentence order."""
    from sqlalchemy import select

    from factcheck.store.tables import ClaimRow

    result = ingest(store, gold_extraction())
    with store.read() as session:
        return list(
            session.scalars(
                select(ClaimRow.id)
                .where(ClaimRow.source_id == result.source_id)
                .order_by(ClaimRow.ordinal)
            )
        )
