"""Claim queries and the models claims leave the store in.

``ClaimOut`` is a claim as listed (and what every review action returns);
``ClaimDetail`` adds what a reviewer needs to judge it: the sentences around
it, its attribution, evidence and history. ``id`` is the integer row id the
CLI takes; ``stable_id`` is the same in every database (see
``factcheck.model.stable_claim_id``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Generator, Sequence
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
from factcheck.store.readmodels import (
    CLAIM_POSITION_SQL,
    HANDLES_SQL,
    SOURCE_EXISTS_SQL,
    ClaimFilters,
    Run,
    bind,
    claim_detail_json,
    claim_json,
    claim_list_sql,
    common_matches_sql,
    history_json,
    is_common,
)
from factcheck.store.tables import (
    ClaimRow,
    EvidenceRow,
    ReviewerRow,
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
    imported: bool = False
    """Brought in by ``factcheck import``, not an action taken in this database."""


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


def _claims_query() -> Select[Any]:
    # A correlated count: only the selected claims' evidence is counted.
    count = select(func.count()).where(EvidenceRow.claim_id == ClaimRow.id).scalar_subquery()
    return select(ClaimRow, SourceRow.content_hash, count).join(
        SourceRow, SourceRow.id == ClaimRow.source_id
    )


def claim_out(session: Session, claim_id: int) -> ClaimOut:
    """The claim with row id ``claim_id`` as a :class:`ClaimOut`, or NotFound."""
    row = session.execute(_claims_query().where(ClaimRow.id == claim_id)).first()
    if row is None:
        raise _no_claim(claim_id)
    return build_claim_out(row[0], row[1], int(row[2]), _handles(session))


# --- queries ------------------------------------------------------------------

Terms = str | Sequence[str] | None
"""One text filter term, or several that must all match."""


def claim_filters(
    *,
    source: int | None = None,
    states: Collection[ReviewState | str] = (),
    statuses: Collection[EvidenceStatus | str] = (),
    kinds: Collection[AttributionKind | str] = (),
    speaker: Terms = None,
    search: Terms = None,
    assignee: str | None = None,
    unassigned: bool = False,
    after: int | None = None,
    limit: int | None = None,
    changed: bool = False,
    removed: bool = False,
) -> ClaimFilters:
    """The filters of :func:`list_claims`, checked against the vocabularies."""
    return ClaimFilters(
        source=source,
        states=[ReviewState(s).value for s in states],
        statuses=[EvidenceStatus(s).value for s in statuses],
        kinds=[AttributionKind(k).value for k in kinds],
        speakers=_terms(speaker),
        searches=_terms(search),
        assignee=assignee,
        unassigned=unassigned,
        after_id=after,
        limit=limit,
        changed=changed,
        removed=removed,
    )


def _terms(terms: Terms) -> list[str]:
    if terms is None:
        return []
    return [terms] if isinstance(terms, str) else list(terms)


def list_claims(
    store: Store,
    *,
    source: int | None = None,
    states: Collection[ReviewState | str] = (),
    statuses: Collection[EvidenceStatus | str] = (),
    kinds: Collection[AttributionKind | str] = (),
    speaker: Terms = None,
    search: Terms = None,
    after: int | None = None,
    assignee: str | None = None,
    unassigned: bool = False,
    limit: int | None = None,
    changed: bool = False,
    removed: bool = False,
) -> list[ClaimOut]:
    """Claims in source and sentence order, filtered; empty filters match all.

    ``speaker`` and ``search`` match case-insensitive substrings of the speaker
    and the claim text; given several terms, every one must match. ``after`` is
    the id of the last claim of the previous page (keyset paging). ``assignee``
    keeps the claims taken by that handle; ``unassigned`` those nobody has. An
    unknown ``source`` or ``after`` claim is :class:`NotFound`.
    """
    filters = claim_filters(
        source=source,
        states=states,
        statuses=statuses,
        kinds=kinds,
        speaker=speaker,
        search=search,
        assignee=assignee,
        unassigned=unassigned,
        after=after,
        limit=limit,
        changed=changed,
        removed=removed,
    )
    return [ClaimOut.model_validate(row) for row in iter_claim_rows(store, filters=filters)]


def iter_claim_rows(
    store: Store, *, filters: ClaimFilters
) -> Generator[dict[str, Any], None, None]:
    """The claims :func:`list_claims` lists, as JSON-ready dicts, read as they are consumed.

    Memory stays flat however many rows there are: PostgreSQL streams through a
    server-side cursor. The query and row mapper are the fast path's
    (``factcheck.store.readmodels``). Raises :class:`NotFound` before the first row.
    """
    with store.read() as session:
        connection = session.connection()
        dialect = connection.dialect.name

        def one(sql: str, value: int) -> Any:
            return connection.exec_driver_sql(bind(sql, dialect), (value,)).first()

        if filters.source is not None and one(SOURCE_EXISTS_SQL, filters.source) is None:
            raise NotFound(
                f"no source {filters.source}; list sources with `factcheck sources list`"
            )
        after = None
        if filters.after_id is not None:
            position = one(CLAIM_POSITION_SQL, filters.after_id)
            if position is None:
                raise _no_claim(filters.after_id)
            after = (int(position[0]), int(position[1]))
        handles: dict[int, str] = {
            row[0]: row[1] for row in connection.exec_driver_sql(HANDLES_SQL)
        }
        probe = common_matches_sql(filters) if dialect == "sqlite" else None
        common = probe is not None and is_common(
            connection.exec_driver_sql(probe[0], tuple(probe[1])).scalar_one()
        )
        sql, parameters = claim_list_sql(dialect, filters, after, text_index=not common)
        rows = connection.execution_options(stream_results=True, yield_per=500).exec_driver_sql(
            sql, tuple(parameters)
        )
        for row in rows:
            yield claim_json(row, handles)


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
        doc = claim_detail_json(_runner(session), store.dialect, claim_id=claim_id, context=context)
    if doc is None:
        raise _no_claim(claim_id)
    return ClaimDetail.model_validate(doc)


def _runner(session: Session) -> Run:
    """The session's connection as the read models take it."""
    connection = session.connection()

    def run(sql: str, parameters: Sequence[Any]) -> list[Sequence[Any]]:
        return list(connection.exec_driver_sql(sql, tuple(parameters)).all())

    return run


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


def list_evidence(store: Store, *, claim_id: int) -> list[EvidenceOut]:
    """A claim's evidence links, oldest first."""
    with store.read() as session:
        find_claim(session, claim_id)
        return _evidence(session, claim_id, _handles(session))


def history(store: Store, *, claim_id: int) -> list[EventOut]:
    """A claim's review events, oldest first."""
    with store.read() as session:
        events = history_json(_runner(session), store.dialect, claim_id=claim_id)
    if events is None:
        raise _no_claim(claim_id)
    return [EventOut.model_validate(event) for event in events]
