"""Store an extraction: one source and its claims, all or nothing, idempotent.

A source is keyed by the hash of its normalised text, so ingesting the same
article again writes nothing and reports the existing source. That also makes
a batch resumable after a crash: a kill can land after a commit but before it
is reported, and the next run simply skips what is already there.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from factcheck.model import Extraction, ExtractedClaim
from factcheck.store.engine import Store
from factcheck.store.tables import ClaimRow, SourceRow


@dataclass(frozen=True)
class IngestResult:
    """What ingesting one article did."""

    source_id: int
    claim_count: int
    created: bool

    def describe(self) -> str:
        if self.created:
            return f"ingested as source {self.source_id} ({self.claim_count} claims)"
        return f"already ingested as source {self.source_id} ({self.claim_count} claims)"


def ingest(store: Store, extraction: Extraction) -> IngestResult:
    """Store ``extraction`` in one transaction unless its text is already stored."""
    content_hash = extraction.article.content_hash
    try:
        with store.write() as session:
            existing = _existing(session, content_hash)
            if existing is not None:
                return existing
            source = _source_row(extraction, content_hash)
            session.add(source)
            session.flush()
            session.add_all(_claim_row(source.id, claim) for claim in extraction.claims)
            return IngestResult(source.id, len(extraction.claims), created=True)
    except IntegrityError:
        # Another process stored the same text between our check and our insert.
        with store.read() as session:
            existing = _existing(session, content_hash)
        if existing is None:
            raise
        return existing


def _existing(session: Session, content_hash: str) -> IngestResult | None:
    source_id = session.scalar(select(SourceRow.id).where(SourceRow.content_hash == content_hash))
    if source_id is None:
        return None
    count = session.scalar(select(func.count()).where(ClaimRow.source_id == source_id)) or 0
    return IngestResult(source_id, count, created=False)


def _source_row(extraction: Extraction, content_hash: str) -> SourceRow:
    meta = extraction.article.meta
    return SourceRow(
        kind=meta.kind.value,
        title=meta.title,
        url=meta.url,
        publisher=meta.publisher,
        author=meta.author,
        published=meta.published,
        content_hash=content_hash,
        text=extraction.article.text,
    )


def _claim_row(source_id: int, claim: ExtractedClaim) -> ClaimRow:
    attribution = claim.attribution
    cue = attribution.cue
    return ClaimRow(
        source_id=source_id,
        ordinal=claim.ordinal,
        text=claim.text,
        span_start=claim.span.start,
        span_end=claim.span.end,
        paragraph=claim.paragraph,
        attribution_kind=attribution.kind.value,
        speaker=attribution.speaker,
        speaker_title=attribution.speaker_title,
        cue_text=cue.text if cue else None,
        cue_start=cue.start if cue else None,
        cue_end=cue.end if cue else None,
        attribution_rule=attribution.rule,
        attribution_confidence=attribution.confidence,
        hedges=list(claim.hedges),
    )
