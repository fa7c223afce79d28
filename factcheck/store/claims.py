"""Claim queries and the models claims leave the store in.

``ClaimOut`` is a claim as listed (and what every review action returns);
``ClaimDetail`` adds what a reviewer needs to judge it: the sentences around
it, its attribution, evidence and history. ``id`` is the integer row id the
CLI takes; ``stable_id`` is the same in every database (see
``factcheck.model.stable_claim_id``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from typing import Any

from pydantic import BaseModel
from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from factcheck.errors import NotFound
from factcheck.model import (
    AttributionKind,
    EvidenceStatus,
    ReviewAction,
    ReviewState,
    Stance,
    stable_claim_id,
)
from factcheck.store.engine import Store
from factcheck.store.fastread import like_pattern
from factcheck.store.tables import (
    ClaimRow,
    EvidenceRow,
    ReviewerRow,
    ReviewEventRow,
    SourceRow,
)

CONTEXT_SENTENCES = 2
"""Sentences shown before and after a claim by default."""


class EvidenceOut(BaseModel):
    """An evidence link as shown."""

    id: int
    claim_id: int
    url: str
    stance: Stance
    title: str | None
    note: str | None
    added_by: str | None
    added_at: dt.datetime


class EventOut(BaseModel):
    """One entry of a claim's history."""

    claim_id: int
    seq: int
    actor: str
    action: ReviewAction
    from_state: ReviewState | None
    to_state: ReviewState | None
    evidence_status: EvidenceStatus | None
    note: str | None
    evidence: dict[str, Any] | None
    created_at: dt.datetime
    prev_hash: str | None
    hash: str


class ClaimOut(BaseModel):
    """A claim as listed, and as every review action returns it."""

    id: int
    stable_id: str
    source_id: int
    ordinal: int
    paragraph: int
    text: str
    kind: AttributionKind
    speaker: str | None
    state: ReviewState
    status: EvidenceStatus
    note: str | None
    assignee: str | None
    proposed_by: str | None
    proposed_at: dt.datetime | None
    approved_by: str | None
    approved_at: dt.datetime | None
    updated_by: str | None
    updated_at: dt.datetime
    version: int
    evidence_count: int


class Cue(BaseModel):
    text: str
    start: int | None
    end: int | None


class ClaimDetail(ClaimOut):
    """A claim with its context, attribution, evidence and history."""

    source_title: str | None
    source_url: str | None
    before: list[str]
    after: list[str]
    speaker_title: str | None
    cue: Cue | None
    rule: str
    confidence: float
    hedges: list[str]
    evidence: list[EvidenceOut]
    history: list[EventOut]


# --- building the models ------------------------------------------------------


def _handles(session: Session) -> dict[int, str]:
    return {
        row.id: row.handle for row in session.execute(select(ReviewerRow.id, ReviewerRow.handle))
    }


def build_claim_out(
    claim: ClaimRow, content_hash: str, evidence_count: int, handles: dict[int, str]
) -> ClaimOut:
    """A :class:`ClaimOut` from a row and what was read with it (no queries)."""
    return ClaimOut(**_claim_fields(claim, content_hash, evidence_count, handles))


def _claim_fields(
    claim: ClaimRow, content_hash: str, evidence_count: int, handles: dict[int, str]
) -> dict[str, Any]:
    def who(reviewer_id: int | None) -> str | None:
        return handles.get(reviewer_id) if reviewer_id is not None else None

    return {
        "id": claim.id,
        "stable_id": stable_claim_id(content_hash, claim.span_start, claim.span_end),
        "source_id": claim.source_id,
        "ordinal": claim.ordinal,
        "paragraph": claim.paragraph,
        "text": claim.text,
        "kind": claim.attribution_kind,
        "speaker": claim.speaker,
        "state": claim.review_state,
        "status": claim.evidence_status,
        "note": claim.note,
        "assignee": who(claim.assignee_id),
        "proposed_by": who(claim.proposed_by_id),
        "proposed_at": claim.proposed_at,
        "approved_by": who(claim.approved_by_id),
        "approved_at": claim.approved_at,
        "updated_by": who(claim.updated_by_id),
        "updated_at": claim.updated_at,
        "version": claim.version,
        "evidence_count": evidence_count,
    }


def _evidence_counts() -> Any:
    return (
        select(EvidenceRow.claim_id, func.count().label("n"))
        .group_by(EvidenceRow.claim_id)
        .subquery()
    )


def _claims_query() -> Select[Any]:
    counts = _evidence_counts()
    return (
        select(ClaimRow, SourceRow.content_hash, func.coalesce(counts.c.n, 0))
        .join(SourceRow, SourceRow.id == ClaimRow.source_id)
        .outerjoin(counts, counts.c.claim_id == ClaimRow.id)
    )


def claim_out(session: Session, claim_id: int) -> ClaimOut:
    """The claim with row id ``claim_id`` as a :class:`ClaimOut`, or NotFound."""
    row = session.execute(_claims_query().where(ClaimRow.id == claim_id)).first()
    if row is None:
        raise _no_claim(claim_id)
    return build_claim_out(row[0], row[1], int(row[2]), _handles(session))


# --- queries ------------------------------------------------------------------


def list_claims(
    store: Store,
    *,
    source: int | None = None,
    states: Collection[ReviewState] = (),
    statuses: Collection[EvidenceStatus] = (),
    kinds: Collection[AttributionKind] = (),
    speaker: str | None = None,
    search: str | None = None,
    assignee: str | None = None,
    unassigned: bool = False,
    limit: int | None = None,
) -> list[ClaimOut]:
    """Claims in source and sentence order, filtered; empty filters match all.

    ``speaker`` and ``search`` match case-insensitive substrings of the speaker
    and the claim text. ``assignee`` keeps the claims taken by that handle
    ("mine" is the acting reviewer's handle); ``unassigned`` those nobody has.
    """
    query = _claims_query()
    if source is not None:
        query = query.where(ClaimRow.source_id == source)
    if states:
        query = query.where(ClaimRow.review_state.in_([ReviewState(s).value for s in states]))
    if statuses:
        query = query.where(
            ClaimRow.evidence_status.in_([EvidenceStatus(s).value for s in statuses])
        )
    if kinds:
        query = query.where(
            ClaimRow.attribution_kind.in_([AttributionKind(k).value for k in kinds])
        )
    if speaker:
        query = query.where(ClaimRow.speaker.ilike(like_pattern(speaker), escape="\\"))
    if search:
        query = query.where(ClaimRow.text.ilike(like_pattern(search), escape="\\"))
    if assignee is not None:
        taker = select(ReviewerRow.id).where(ReviewerRow.handle == assignee).scalar_subquery()
        query = query.where(ClaimRow.assignee_id == taker)
    if unassigned:
        query = query.where(ClaimRow.assignee_id.is_(None))
    query = query.order_by(ClaimRow.source_id, ClaimRow.ordinal).limit(limit)
    with store.read() as session:
        handles = _handles(session)
        return [
            ClaimOut(**_claim_fields(claim, content_hash, int(count), handles))
            for claim, content_hash, count in session.execute(query)
        ]


def find_claim(session: Session, claim_id: int) -> ClaimRow:
    """The claim with row id ``claim_id``, or NotFound naming how to list claims."""
    claim = session.scalar(select(ClaimRow).where(ClaimRow.id == claim_id))
    if claim is None:
        raise _no_claim(claim_id)
    return claim


def lock_claim(session: Session, claim_id: int) -> tuple[ClaimRow, str]:
    """The claim, locked, with its source's content hash.

    ``FOR UPDATE OF claims`` is what serialises writers on PostgreSQL; SQLite
    ignores it and relies on the write transaction's ``BEGIN IMMEDIATE``.
    """
    row = session.execute(
        select(ClaimRow, SourceRow.content_hash)
        .join(SourceRow, SourceRow.id == ClaimRow.source_id)
        .where(ClaimRow.id == claim_id)
        .with_for_update(of=ClaimRow)
    ).first()
    if row is None:
        raise _no_claim(claim_id)
    return row[0], row[1]


def _no_claim(claim_id: int) -> NotFound:
    return NotFound(f"no claim {claim_id}; list claims with `factcheck claims list`")


def get_claim(store: Store, *, claim_id: int) -> ClaimOut:
    """One claim, as listed."""
    with store.read() as session:
        return claim_out(session, claim_id)


def show_claim(store: Store, *, claim_id: int, context: int = CONTEXT_SENTENCES) -> ClaimDetail:
    """One claim with ``context`` sentences either side, evidence and history."""
    with store.read() as session:
        claim = find_claim(session, claim_id)
        summary = claim_out(session, claim_id)
        source = session.get_one(SourceRow, claim.source_id)
        handles = _handles(session)
        before, after = _neighbours(session, claim, context)
        cue = (
            Cue(text=claim.cue_text, start=claim.cue_start, end=claim.cue_end)
            if claim.cue_text
            else None
        )
        return ClaimDetail(
            **summary.model_dump(),
            source_title=source.title,
            source_url=source.url,
            before=before,
            after=after,
            speaker_title=claim.speaker_title,
            cue=cue,
            rule=claim.attribution_rule,
            confidence=claim.attribution_confidence,
            hedges=list(claim.hedges or []),
            evidence=_evidence(session, claim.id, handles),
            history=_history(session, claim.id),
        )


def _neighbours(session: Session, claim: ClaimRow, context: int) -> tuple[list[str], list[str]]:
    if context <= 0:
        return [], []
    rows = session.execute(
        select(ClaimRow.ordinal, ClaimRow.text)
        .where(
            ClaimRow.source_id == claim.source_id,
            ClaimRow.ordinal.between(claim.ordinal - context, claim.ordinal + context),
            ClaimRow.id != claim.id,
        )
        .order_by(ClaimRow.ordinal)
    ).all()
    before = [text for ordinal, text in rows if ordinal < claim.ordinal]
    after = [text for ordinal, text in rows if ordinal > claim.ordinal]
    return before, after


def _evidence(session: Session, claim_id: int, handles: dict[int, str]) -> list[EvidenceOut]:
    rows = session.scalars(
        select(EvidenceRow).where(EvidenceRow.claim_id == claim_id).order_by(EvidenceRow.id)
    )
    return [
        EvidenceOut(
            id=row.id,
            claim_id=row.claim_id,
            url=row.url,
            stance=Stance(row.stance),
            title=row.title,
            note=row.note,
            added_by=handles.get(row.added_by_id) if row.added_by_id is not None else None,
            added_at=row.added_at,
        )
        for row in rows
    ]


def _history(session: Session, claim_id: int) -> list[EventOut]:
    rows = session.scalars(
        select(ReviewEventRow)
        .where(ReviewEventRow.claim_id == claim_id)
        .order_by(ReviewEventRow.seq)
    )
    return [EventOut.model_validate(row, from_attributes=True) for row in rows]


def list_evidence(store: Store, *, claim_id: int) -> list[EvidenceOut]:
    """A claim's evidence links, oldest first."""
    with store.read() as session:
        find_claim(session, claim_id)
        return _evidence(session, claim_id, _handles(session))


def history(store: Store, *, claim_id: int) -> list[EventOut]:
    """A claim's review events, oldest first."""
    with store.read() as session:
        find_claim(session, claim_id)
        return _history(session, claim_id)
