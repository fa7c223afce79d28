"""Reading claims and sources out of the database for export, in pages.

Everything here is keyset-paginated in a content-derived order (source content
hash, then span), so memory stays flat however large the set is, no
server-side cursor is held open while other queries run, and two databases
holding the same content produce the same order whatever their row ids.

Per page of claims, their evidence and review events are fetched with one
``IN`` query each, so a million claims cost a few thousand queries, not
millions.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import Row, exists, func, select, tuple_
from sqlalchemy.orm import Session

from factcheck.errors import InputError, NotFound
from factcheck.exchange.document import (
    attribution_document,
    claim_document,
    date_or_none,
    iso_datetime,
    iso_or_none,
    provenance_document,
    source_document,
)
from factcheck.model import (
    HASH_PREFIX,
    AttributionKind,
    EvidenceStatus,
    ReviewState,
    stable_source_id,
)
from factcheck.store.claims import ClaimOut, build_claim_out
from factcheck.store.engine import Store
from factcheck.store.tables import ClaimRow, EvidenceRow, ReviewerRow, ReviewEventRow, SourceRow

SOURCE_PAGE = 50
CLAIM_PAGE = 1000


@dataclass(frozen=True, init=False)
class ExportFilters:
    """Which claims an export (or :func:`iter_claims`) selects. Empty means "any".

    ``states``, ``statuses`` and ``kinds`` take the enums or their string
    values alike (``states=["approved"]``); a wrong word raises
    :class:`~factcheck.errors.InvalidChoice` listing the allowed ones.
    ``source`` is a stable source id (``source:<16 hex>``) or a row id;
    ``since`` and ``until`` bound the source's publication date, inclusive (a
    source with no date is left out when either is set). The default selects
    the verified claim set: approved claims.
    """

    states: tuple[ReviewState, ...]
    source: str | int | None
    statuses: tuple[EvidenceStatus, ...]
    kinds: tuple[AttributionKind, ...]
    since: dt.date | None
    until: dt.date | None

    def __init__(
        self,
        *,
        states: Iterable[ReviewState | str] = (ReviewState.APPROVED,),
        source: str | int | None = None,
        statuses: Iterable[EvidenceStatus | str] = (),
        kinds: Iterable[AttributionKind | str] = (),
        since: dt.date | None = None,
        until: dt.date | None = None,
    ) -> None:
        if isinstance(states, str) or isinstance(statuses, str) or isinstance(kinds, str):
            raise InputError("states, statuses and kinds are lists of words, not one string")
        set_field = object.__setattr__  # frozen: assign once, here
        set_field(self, "states", tuple(ReviewState(s) for s in states))
        set_field(self, "source", source)
        set_field(self, "statuses", tuple(EvidenceStatus(s) for s in statuses))
        set_field(self, "kinds", tuple(AttributionKind(k) for k in kinds))
        set_field(self, "since", since)
        set_field(self, "until", until)

    def resolved(self, session: Session) -> ExportFilters:
        """These filters with ``source`` as a stable id (NotFound if it names no source)."""
        if self.source is None:
            return self
        stable = resolve_source(session, str(self.source))
        if stable == self.source:
            return self
        return ExportFilters(
            states=self.states,
            source=stable,
            statuses=self.statuses,
            kinds=self.kinds,
            since=self.since,
            until=self.until,
        )

    def as_document(self) -> dict[str, Any]:
        """The filters as the document's ``filters`` object (sorted, so stable)."""
        return {
            "states": sorted({s.value for s in self.states}),
            "source": self.source,
            "statuses": sorted({s.value for s in self.statuses}),
            "kinds": sorted({k.value for k in self.kinds}),
            "since": date_or_none(self.since),
            "until": date_or_none(self.until),
        }

    def source_conditions(self) -> list[Any]:
        conditions: list[Any] = []
        if self.source is not None:
            prefix = HASH_PREFIX + str(self.source).removeprefix("source:")
            conditions.append(SourceRow.content_hash.startswith(prefix, autoescape=True))
        if self.since is not None:
            conditions.append(SourceRow.published >= self.since)
        if self.until is not None:
            conditions.append(SourceRow.published <= self.until)
        return conditions

    def claim_conditions(self) -> list[Any]:
        conditions: list[Any] = []
        if self.states:
            conditions.append(ClaimRow.review_state.in_([s.value for s in self.states]))
        if self.statuses:
            conditions.append(ClaimRow.evidence_status.in_([s.value for s in self.statuses]))
        if self.kinds:
            conditions.append(ClaimRow.attribution_kind.in_([k.value for k in self.kinds]))
        return conditions


def resolve_source(session: Session, reference: str) -> str:
    """The stable id of the source named by ``reference`` (stable id or row number)."""
    if reference.isdigit():
        content_hash = session.scalar(
            select(SourceRow.content_hash).where(SourceRow.id == int(reference))
        )
    else:
        prefix = HASH_PREFIX + reference.removeprefix("source:")
        content_hash = session.scalar(
            select(SourceRow.content_hash)
            .where(SourceRow.content_hash.startswith(prefix, autoescape=True))
            .limit(1)
        )
    if content_hash is None:
        raise NotFound(f"no source {reference}; `factcheck sources list` shows the stored ones")
    return stable_source_id(content_hash)


@dataclass
class SourceInfo:
    """What a claim's consumer needs to know about its source (no text)."""

    row_id: int
    content_hash: str
    kind: str
    title: str | None
    url: str | None
    publisher: str | None
    author: str | None
    published: dt.date | None
    updated: dt.date | None = None


_SOURCE_META = (
    SourceRow.id,
    SourceRow.content_hash,
    SourceRow.kind,
    SourceRow.title,
    SourceRow.url,
    SourceRow.publisher,
    SourceRow.author,
    SourceRow.published,
    SourceRow.updated,
)


def _source_pages(
    session: Session, filters: ExportFilters, columns: Sequence[Any], *, page: int
) -> Iterator[Row[Any]]:
    """Sources matching the filters that hold at least one selected claim, by content hash."""
    has_claims = exists().where(ClaimRow.source_id == SourceRow.id, *filters.claim_conditions())
    last = ""
    while True:
        statement = (
            select(*columns)
            .where(*filters.source_conditions(), has_claims, SourceRow.content_hash > last)
            .order_by(SourceRow.content_hash)
            .limit(page)
        )
        rows = session.execute(statement).all()
        yield from rows
        if len(rows) < page:
            return
        last = rows[-1].content_hash


def iter_source_documents(session: Session, filters: ExportFilters) -> Iterator[dict[str, Any]]:
    """Every source a selected claim refers to, as documents, by content hash."""
    columns = [
        *_SOURCE_META, SourceRow.retrieved_at, SourceRow.text, SourceRow.updated,
        SourceRow.language, SourceRow.input_format, SourceRow.fetched_url, SourceRow.fetched_at,
        SourceRow.raw_sha256,
    ]
    for row in _source_pages(session, filters, columns, page=SOURCE_PAGE):
        yield source_document(
            content_hash=row.content_hash,
            kind=row.kind,
            title=row.title,
            url=row.url,
            publisher=row.publisher,
            author=row.author,
            published=row.published,
            retrieved_at=row.retrieved_at,
            text=row.text,
            updated=row.updated,
            language=row.language,
            provenance=provenance_document(
                input_format=row.input_format, fetched_url=row.fetched_url,
                fetched_at=row.fetched_at, raw_sha256=row.raw_sha256,
            ),
        )


def _source_info(row: Row[Any]) -> SourceInfo:
    return SourceInfo(
        row_id=row.id,
        content_hash=row.content_hash,
        kind=row.kind,
        title=row.title,
        url=row.url,
        publisher=row.publisher,
        author=row.author,
        published=row.published,
        updated=row.updated,
    )


def iter_claim_documents(
    session: Session, filters: ExportFilters
) -> Iterator[tuple[SourceInfo, dict[str, Any]]]:
    """Every selected claim as a document with its source's metadata.

    Ordered by source content hash, then span (start, end), then row id.
    """
    handles = dict(session.execute(select(ReviewerRow.id, ReviewerRow.handle)).all())
    for row in _source_pages(session, filters, _SOURCE_META, page=SOURCE_PAGE):
        info = _source_info(row)
        text = session.scalar(select(SourceRow.text).where(SourceRow.id == info.row_id)) or ""
        for claims in _claim_pages(session, filters, info.row_id):
            yield from (
                (info, doc) for doc in _claim_page_documents(session, claims, info, text, handles)
            )


def _claim_pages(
    session: Session, filters: ExportFilters, source_row_id: int
) -> Iterator[list[Row[Any]]]:
    table = ClaimRow.__table__
    order = (ClaimRow.span_start, ClaimRow.span_end, ClaimRow.id)
    last: tuple[int, int, int] | None = None
    while True:
        statement = (
            select(table)
            .where(ClaimRow.source_id == source_row_id, *filters.claim_conditions())
            .order_by(*order)
            .limit(CLAIM_PAGE)
        )
        if last is not None:
            statement = statement.where(tuple_(*order) > tuple_(*last))
        rows = list(session.execute(statement).all())
        if rows:
            yield rows
        if len(rows) < CLAIM_PAGE:
            return
        last = (rows[-1].span_start, rows[-1].span_end, rows[-1].id)


def _claim_page_documents(
    session: Session, claims: list[Row[Any]], info: SourceInfo, text: str, handles: dict[int, str]
) -> Iterator[dict[str, Any]]:
    ids = [claim.id for claim in claims]
    evidence = _grouped(session, EvidenceRow, ids, (EvidenceRow.added_at, EvidenceRow.id))
    events = _grouped(session, ReviewEventRow, ids, (ReviewEventRow.seq,))
    for claim in claims:
        yield _claim_document(
            claim, info, text, handles, evidence.get(claim.id, []), events.get(claim.id, [])
        )


def _grouped(
    session: Session, row_class: Any, claim_ids: list[int], order: tuple[Any, ...]
) -> dict[int, list[Row[Any]]]:
    statement = (
        select(row_class.__table__)
        .where(row_class.claim_id.in_(claim_ids))
        .order_by(row_class.claim_id, *order)
    )
    grouped: dict[int, list[Row[Any]]] = defaultdict(list)
    for row in session.execute(statement):
        grouped[row.claim_id].append(row)
    return grouped


def _claim_document(
    claim: Row[Any],
    info: SourceInfo,
    text: str,
    handles: dict[int, str],
    evidence: list[Row[Any]],
    events: list[Row[Any]],
) -> dict[str, Any]:
    cue = None if claim.cue_text is None else (claim.cue_text, claim.cue_start, claim.cue_end)
    return claim_document(
        content_hash=info.content_hash,
        source_text=text,
        ordinal=claim.ordinal,
        start=claim.span_start,
        end=claim.span_end,
        paragraph=claim.paragraph,
        attribution=attribution_document(
            kind=claim.attribution_kind,
            speaker=claim.speaker,
            speaker_title=claim.speaker_title,
            cue=cue,
            rule=claim.attribution_rule,
            confidence=claim.attribution_confidence,
        ),
        hedges=claim.hedges or [],
        review={
            "evidence_status": claim.evidence_status,
            "review_state": claim.review_state,
            "note": claim.note,
            "evidence": [_evidence_document(row, handles) for row in evidence],
            "proposed_by": handles.get(claim.proposed_by_id) if claim.proposed_by_id else None,
            "proposed_at": iso_or_none(claim.proposed_at),
            "approved_by": handles.get(claim.approved_by_id) if claim.approved_by_id else None,
            "approved_at": iso_or_none(claim.approved_at),
            "history": [_event_document(row) for row in events],
        },
    )


def _evidence_document(row: Row[Any], handles: dict[int, str]) -> dict[str, Any]:
    return {
        "url": row.url,
        "stance": row.stance,
        "title": row.title,
        "note": row.note,
        "added_by": handles.get(row.added_by_id) if row.added_by_id else None,
        "added_at": iso_datetime(row.added_at),
    }


def _event_document(row: Row[Any]) -> dict[str, Any]:
    return {
        "seq": row.seq,
        "actor": row.actor,
        "action": row.action,
        "from_state": row.from_state,
        "to_state": row.to_state,
        "evidence_status": row.evidence_status,
        "note": row.note,
        "evidence": row.evidence,
        "created_at": iso_datetime(row.created_at),
        "prev_hash": row.prev_hash,
        "hash": row.hash,
        "content": row.content,
    }


def iter_claims(store: Store, filters: ExportFilters | None = None) -> Iterator[ClaimOut]:
    """Stream the selected claims as :class:`~factcheck.store.claims.ClaimOut`, page by page.

    For reads too large for :func:`~factcheck.store.claims.list_claims` (a whole
    archive into pandas): memory stays flat, as in an export, because claims
    are read in keyset pages of :data:`CLAIM_PAGE`. ``filters`` selects as an
    export does; without it, every claim in any state. Ordered like an export:
    by source content hash, then span. The read stays open while you iterate;
    stop early and it closes.
    """
    filters = filters if filters is not None else ExportFilters(states=())
    with store.read() as session:
        filters = filters.resolved(session)
        handles = dict(session.execute(select(ReviewerRow.id, ReviewerRow.handle)).all())
        for source in _source_pages(session, filters, _SOURCE_META, page=SOURCE_PAGE):
            for claims in _claim_pages(session, filters, source.id):
                counts = _evidence_counts(session, [claim.id for claim in claims])
                for claim in claims:
                    row = cast(ClaimRow, claim)  # a Row has the same attributes as a ClaimRow
                    yield build_claim_out(
                        row, source.content_hash, counts.get(claim.id, 0), handles
                    )


def _evidence_counts(session: Session, claim_ids: list[int]) -> dict[int, int]:
    statement = (
        select(EvidenceRow.claim_id, func.count())
        .where(EvidenceRow.claim_id.in_(claim_ids))
        .group_by(EvidenceRow.claim_id)
    )
    return {claim_id: int(count) for claim_id, count in session.execute(statement)}
