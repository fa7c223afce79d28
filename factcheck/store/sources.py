"""Queries about stored sources: what was ingested, and how far its review got.

These return pydantic out-models, never row objects, so callers (the CLI, a
script, an export) cannot change the database by accident and get the same
plain, JSON-ready shape on every backend.
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict
from sqlalchemy import func, select
from sqlalchemy.orm import InstrumentedAttribute, Session, defer, undefer

from factcheck.errors import InputError, NotFound
from factcheck.model import (
    AttributionKind,
    EvidenceStatus,
    ReviewState,
    SourceKind,
    StorableText,
    Url,
)
from factcheck.store.engine import Store
from factcheck.store.tables import ClaimRow, SourceEditRow, SourceRow


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
    updated: dt.date | None = None
    language: str | None = None
    retrieved_at: dt.datetime
    content_hash: str
    claim_count: int


class SourceEdit(_Out):
    """One recorded change of a source's metadata."""

    field: str
    old_value: str | None
    new_value: str | None
    actor: str
    reason: str | None
    edited_at: dt.datetime


class SourceDetail(SourceSummary):
    """A source with its provenance, its edits, and its claims counted by kind and progress."""

    input_format: str | None = None
    fetched_url: str | None = None
    fetched_at: dt.datetime | None = None
    raw_sha256: str | None = None
    raw_page_kept: bool = False
    edits: list[SourceEdit] = []
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
        input_format, fetched_url = row.input_format, row.fetched_url
        fetched_at, raw_sha256 = row.fetched_at, row.raw_sha256
        raw_page_kept = _raw_page_kept(session, source_id)
        edits = _edits(session, source_id)
    return SourceDetail(
        **summary.model_dump(),
        input_format=input_format,
        fetched_url=fetched_url,
        fetched_at=fetched_at,
        raw_sha256=raw_sha256,
        raw_page_kept=raw_page_kept,
        edits=edits,
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
        updated=row.updated,
        language=row.language,
        retrieved_at=row.retrieved_at,
        content_hash=row.content_hash,
        claim_count=int(claim_count),
    )


def _raw_page_kept(session: Session, source_id: int) -> bool:
    query = select(SourceRow.id).where(SourceRow.id == source_id, SourceRow.raw_page.is_not(None))
    return session.scalar(query) is not None


def _edits(session: Session, source_id: int) -> list[SourceEdit]:
    rows = session.scalars(
        select(SourceEditRow).where(SourceEditRow.source_id == source_id).order_by(SourceEditRow.id)
    )
    return [
        SourceEdit(
            field=row.field, old_value=row.old_value, new_value=row.new_value,
            actor=row.actor, reason=row.reason, edited_at=row.edited_at,
        )
        for row in rows
    ]


def raw_page(store: Store, *, source_id: int) -> bytes:
    """The raw page kept with ``--keep-html``; NotFound if none was kept."""
    with store.read() as session:
        row = session.get(SourceRow, source_id, options=[undefer(SourceRow.raw_page)])
        if row is None:
            raise NotFound(f"no source with id {source_id}")
        if row.raw_page is None:
            raise NotFound(f"source {source_id} has no raw page kept (ingest with --keep-html)")
        return row.raw_page


# --- editing metadata --------------------------------------------------------


class SourceMetaUpdate(BaseModel):
    """The metadata fields to change; a field given as None clears it, one not given stays."""

    model_config = ConfigDict(extra="forbid")

    title: StorableText | None = None
    url: Url | None = None
    publisher: StorableText | None = None
    author: StorableText | None = None
    published: dt.date | None = None
    updated: dt.date | None = None
    language: StorableText | None = None
    kind: SourceKind | None = None


def edit_source(
    store: Store,
    *,
    source_id: int,
    changes: SourceMetaUpdate,
    by: str,
    reason: str | None = None,
) -> SourceDetail:
    """Change a source's metadata, recording each changed field with who, when and why.

    The source row and its ``source_edits`` rows are written in one
    transaction, so the log never misses a change (nor records one that did
    not happen). ``by`` must be a known reviewer. Fields whose value does not
    change are not recorded; nothing at all to change is an InputError.
    """
    from factcheck.store.people import find_reviewer

    given = {  # in declaration order, so the log reads the same on every run
        name: getattr(changes, name)
        for name in SourceMetaUpdate.model_fields
        if name in changes.model_fields_set
    }
    if not given:
        raise InputError(f"nothing to change for source {source_id}: give --title, --url, …")
    if reason is not None:
        from factcheck.model import check_storable_text

        try:
            check_storable_text(reason)
        except ValueError as exc:
            raise InputError(f"--reason: {exc}") from None
    with store.write() as session:
        actor = find_reviewer(session, by)
        row = session.get(SourceRow, source_id)
        if row is None:
            raise NotFound(f"no source with id {source_id}")
        changed = _apply_changes(session, row, given, actor=actor.handle, reason=reason)
        if not changed:
            raise InputError(f"source {source_id} already has these values; nothing changed")
    return get_source(store, source_id=source_id)


def _apply_changes(
    session: Session, row: SourceRow, given: dict[str, object], *, actor: str, reason: str | None
) -> list[str]:
    changed = []
    for name, value in given.items():
        stored = value.value if isinstance(value, SourceKind) else value
        if name == "kind" and stored is None:
            raise InputError("--kind cannot be cleared; give one of the kinds")
        old = getattr(row, name)
        if old == stored:
            continue
        setattr(row, name, stored)
        session.add(
            SourceEditRow(
                source_id=row.id, actor=actor, field=name, old_value=_text(old),
                new_value=_text(stored), reason=reason,
            )
        )
        changed.append(name)
    return changed


def _text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)
