"""Queries about stored sources: what was ingested, and how far its review got.

These return pydantic out-models, never row objects, so callers (the CLI, a
script, an export) cannot change the database by accident and get the same
plain, JSON-ready shape on every backend.
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict
from sqlalchemy import func, select
from sqlalchemy.orm import InstrumentedAttribute, Session, defer

from factcheck.errors import NotFound
from factcheck.model import AttributionKind, EvidenceStatus, ReviewState, SourceKind
from factcheck.store.engine import Store
from factcheck.store.tables import ClaimRow, SourceRow


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SourceSummary(_Out):
    """One stored source as `factcheck sources list` shows it."""

    id: int
    kind: SourceKind
    title: str | None
    url: str | None
    publisher: str | None
    author: str | None
    published: dt.date | None
    retrieved_at: dt.datetime
    content_hash: str
    claim_count: int


class SourceDetail(SourceSummary):
    """A source with its claims counted by attribution kind and review progress."""

    text_length: int
    claims_by_kind: dict[AttributionKind, int]
    claims_by_state: dict[ReviewState, int]
    claims_by_status: dict[EvidenceStatus, int]


class SourceClaim(_Out):
    """A claim of a source, as the demo table and quick listings show it."""

    id: int
    ordinal: int
    kind: AttributionKind
    speaker: str | None
    text: str
    review_state: ReviewState
    evidence_status: EvidenceStatus


def list_sources(
    store: Store, *, limit: int | None = None, after: int | None = None
) -> list[SourceSummary]:
    """Stored sources, oldest first, with their number of claims.

    ``after`` is the last id of the previous page. Article text is never read:
    at 20,000 sources it was most of the time and memory.
    """
    claim_count = (
        select(func.count()).where(ClaimRow.source_id == SourceRow.id).scalar_subquery()
    )
    query = select(SourceRow, claim_count).options(defer(SourceRow.text, raiseload=True))
    if after is not None:
        query = query.where(SourceRow.id > after)
    query = query.order_by(SourceRow.id).limit(limit)
    with store.read() as session:
        return [_summary(row, count) for row, count in session.execute(query)]


def get_source(store: Store, *, source_id: int) -> SourceDetail:
    """One source with its claim counts; :class:`NotFound` if there is none."""
    with store.read() as session:
        row = session.get(SourceRow, source_id)
        if row is None:
            raise NotFound(f"no source with id {source_id}")
        by_kind = _count_by(session, source_id, ClaimRow.attribution_kind)
        by_state = _count_by(session, source_id, ClaimRow.review_state)
        by_status = _count_by(session, source_id, ClaimRow.evidence_status)
        summary = _summary(row, sum(by_kind.values()))
        text_length = len(row.text)
    return SourceDetail(
        **summary.model_dump(),
        text_length=text_length,
        claims_by_kind={AttributionKind(k): n for k, n in by_kind.items()},
        claims_by_state={ReviewState(k): n for k, n in by_state.items()},
        claims_by_status={EvidenceStatus(k): n for k, n in by_status.items()},
    )


def source_claims(store: Store, *, source_id: int) -> list[SourceClaim]:
    """The claims of one source in article order; :class:`NotFound` if no such source."""
    with store.read() as session:
        if session.get(SourceRow, source_id) is None:
            raise NotFound(f"no source with id {source_id}")
        rows = session.scalars(
            select(ClaimRow).where(ClaimRow.source_id == source_id).order_by(ClaimRow.ordinal)
        )
        return [
            SourceClaim(
                id=row.id,
                ordinal=row.ordinal,
                kind=AttributionKind(row.attribution_kind),
                speaker=row.speaker,
                text=row.text,
                review_state=ReviewState(row.review_state),
                evidence_status=EvidenceStatus(row.evidence_status),
            )
            for row in rows
        ]


def _count_by(
    session: Session, source_id: int, column: InstrumentedAttribute[str]
) -> dict[str, int]:
    query = (
        select(column, func.count())
        .where(ClaimRow.source_id == source_id)
        .group_by(column)
        .order_by(column)
    )
    return {str(value): int(count) for value, count in session.execute(query)}


def _summary(row: SourceRow, claim_count: int) -> SourceSummary:
    return SourceSummary(
        id=row.id,
        kind=SourceKind(row.kind),
        title=row.title,
        url=row.url,
        publisher=row.publisher,
        author=row.author,
        published=row.published,
        retrieved_at=row.retrieved_at,
        content_hash=row.content_hash,
        claim_count=int(claim_count),
    )
