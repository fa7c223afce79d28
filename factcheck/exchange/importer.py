"""Import a claim-set document into a database, idempotently, in one transaction.

The file's size is checked before it is parsed, the parse is strict
(:mod:`factcheck.exchange.jsonio`), and the document must pass every check of
:mod:`factcheck.exchange.check` before anything is written. Then sources,
claims, evidence and history are written in ONE transaction: any problem
found while writing rolls everything back.

Matching is by content, never by row number:

- a source is the stored source with the same content hash, or a new one
  (an existing source's metadata is left as it is);
- a claim is the stored claim of that source with the same span. A new claim
  is created at version 1 and its history replayed through
  :func:`factcheck.store.audit.append_event` with the original times, so its
  hashes come out identical (checked) and ``factcheck audit verify`` holds;
- an existing claim whose history is a prefix of the document's gets the
  missing events, evidence and the document's review fields; one whose
  history is the same or longer (the database is ahead) is left alone; one
  whose history differs is a conflict, and nothing is imported.

So importing the same document twice writes nothing the second time.

People named in the document (proposers, approvers, evidence and history
actors) who are not in the database are created with the role ``reviewer``:
an import records what people did elsewhere and must not grant anyone the
right to approve here. An admin can promote them with ``factcheck reviewers
set-role``; in a database without an admin, the first admin is added with no
``--as`` (``factcheck reviewers add HANDLE --role admin``), imported people or not.

Cost: the whole document is held in memory twice (parsed JSON and its typed
copy), about 9 bytes per byte of file, so the 50 MB default limit keeps an
import under half a gigabyte; replaying history through ``append_event``
takes most of the time (about 45 s for 10,000 claims with 50,000 events).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck.errors import InputError, ValidationFailed
from factcheck.exchange.check import check_claimset, handles_named
from factcheck.exchange.jsonio import DEFAULT_MAX_BYTES, read_json_file
from factcheck.exchange.models import ClaimDoc, ClaimSetDoc, SourceDoc
from factcheck.model import ReviewAction, Role
from factcheck.store.audit import append_event
from factcheck.store.engine import Store
from factcheck.store.tables import ClaimRow, EvidenceRow, ReviewerRow, ReviewEventRow, SourceRow


@dataclass
class ImportResult:
    """What an import wrote (all zeros when the content was already there)."""

    sources_new: int = 0
    sources_existing: int = 0
    claims_new: int = 0
    claims_updated: int = 0
    claims_unchanged: int = 0
    evidence_new: int = 0
    events_new: int = 0
    reviewers_new: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(
            self.sources_new or self.claims_new or self.claims_updated or self.reviewers_new
        )

    def describe(self) -> str:
        text = (
            f"sources: {self.sources_new} new, {self.sources_existing} already stored; "
            f"claims: {self.claims_new} new, {self.claims_updated} updated, "
            f"{self.claims_unchanged} unchanged; "
            f"{self.evidence_new} evidence links and {self.events_new} review events added"
        )
        if self.reviewers_new:
            text += f"; new reviewers (role reviewer): {', '.join(self.reviewers_new)}"
        return text

    def as_json(self) -> dict[str, Any]:
        return {
            "sources": {"new": self.sources_new, "existing": self.sources_existing},
            "claims": {
                "new": self.claims_new,
                "updated": self.claims_updated,
                "unchanged": self.claims_unchanged,
            },
            "evidence_new": self.evidence_new,
            "events_new": self.events_new,
            "reviewers_new": self.reviewers_new,
        }


def import_file(
    store: Store, path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES
) -> ImportResult:
    """Import the claim-set JSON file at ``path`` (``-`` for stdin); see the module doc."""
    name = str(path)
    if name.endswith(".jsonl"):
        raise InputError(
            f"{name} looks like JSON Lines, which carries claims without their sources; "
            "import the JSON document (`factcheck export --format json`)"
        )
    # Passed on without a name here, so the parsed JSON can be freed once checked.
    return import_document(store, read_json_file(path, max_bytes=max_bytes), name=name)


def import_document(store: Store, document: Any, *, name: str = "document") -> ImportResult:
    """Import an already parsed claim-set document (checked first; one transaction)."""
    parsed = check_claimset(document, name=name)
    del document  # the typed copy is all that is needed from here on
    result = ImportResult()
    with store.write() as session:
        handles = _reviewers(session, parsed, result)
        source_ids = _sources(session, parsed.sources, result)
        conflicts = _claims(session, parsed, source_ids, handles, result)
        if conflicts:
            raise ValidationFailed(
                f"{name} conflicts with this database; nothing was imported", conflicts[:5]
            )
    return result


def _reviewers(session: Session, document: ClaimSetDoc, result: ImportResult) -> dict[str, int]:
    named = handles_named(document)
    known = dict(session.execute(select(ReviewerRow.handle, ReviewerRow.id)).all())
    missing = sorted(named - set(known))
    for handle in missing:
        row = ReviewerRow(handle=handle, role=Role.REVIEWER.value)
        session.add(row)
        session.flush()
        known[handle] = row.id
        result.reviewers_new.append(handle)
    return known


def _sources(session: Session, sources: list[SourceDoc], result: ImportResult) -> dict[str, int]:
    """Stable source id → row id, creating the sources not stored yet."""
    hashes = [source.content_hash for source in sources]
    stored = dict(
        session.execute(
            select(SourceRow.content_hash, SourceRow.id).where(SourceRow.content_hash.in_(hashes))
        ).all()
    )
    row_ids: dict[str, int] = {}
    for source in sources:
        if source.content_hash in stored:
            result.sources_existing += 1
            row_ids[source.id] = stored[source.content_hash]
            continue
        row = SourceRow(
            kind=source.kind.value,
            title=source.title,
            url=source.url,
            publisher=source.publisher,
            author=source.author,
            published=source.published,
            retrieved_at=source.retrieved_at,
            content_hash=source.content_hash,
            text=source.text,
            updated=source.updated,
            language=source.language,
            **_provenance_columns(source),
        )
        session.add(row)
        session.flush()
        row_ids[source.id] = row.id
        result.sources_new += 1
    return row_ids


def _provenance_columns(source: SourceDoc) -> dict[str, object]:
    provenance = source.provenance
    if provenance is None:
        return {}
    return {
        "input_format": provenance.input_format,
        "fetched_url": provenance.fetched_url,
        "fetched_at": provenance.fetched_at,
        "raw_sha256": provenance.raw_sha256,
    }


@dataclass
class _Stored:
    row_id: int
    hashes: list[str]


def _stored_claims(
    session: Session, source_row_ids: list[int]
) -> tuple[dict[tuple[int, int, int], _Stored], set[tuple[int, int]]]:
    """Existing claims by (source row, start, end) with their event hashes, and taken ordinals."""
    claims: dict[tuple[int, int, int], _Stored] = {}
    by_id: dict[int, _Stored] = {}
    ordinals: set[tuple[int, int]] = set()
    rows = session.execute(
        select(
            ClaimRow.id,
            ClaimRow.source_id,
            ClaimRow.span_start,
            ClaimRow.span_end,
            ClaimRow.ordinal,
        ).where(ClaimRow.source_id.in_(source_row_ids))
    )
    for row in rows:
        stored = _Stored(row.id, [])
        claims.setdefault((row.source_id, row.span_start, row.span_end), stored)
        by_id[row.id] = stored
        ordinals.add((row.source_id, row.ordinal))
    events = session.execute(
        select(ReviewEventRow.claim_id, ReviewEventRow.hash)
        .join(ClaimRow, ClaimRow.id == ReviewEventRow.claim_id)
        .where(ClaimRow.source_id.in_(source_row_ids))
        .order_by(ReviewEventRow.claim_id, ReviewEventRow.seq)
    )
    for claim_id, digest in events:
        by_id[claim_id].hashes.append(digest)
    return claims, ordinals


def _claims(
    session: Session,
    document: ClaimSetDoc,
    source_ids: dict[str, int],
    handles: dict[str, int],
    result: ImportResult,
) -> list[str]:
    stored, ordinals = _stored_claims(session, sorted(set(source_ids.values())))
    conflicts: list[str] = []
    for index, claim in enumerate(document.claims):
        source_row = source_ids[claim.source]
        existing = stored.get((source_row, claim.span.start, claim.span.end))
        if existing is None:
            if (source_row, claim.ordinal) in ordinals:
                conflicts.append(
                    f"$.claims[{index}].ordinal: source {claim.source} already has a "
                    f"different claim at ordinal {claim.ordinal} (extracted differently?)"
                )
                continue
            _create_claim(session, claim, source_row, handles)
            ordinals.add((source_row, claim.ordinal))
            result.claims_new += 1
            result.evidence_new += len(claim.evidence)
            result.events_new += len(claim.history)
            continue
        outcome = _merge_claim(session, claim, existing, handles, result)
        if outcome is not None:
            conflicts.append(f"$.claims[{index}] ({claim.id}): {outcome}")
    return conflicts


def _merge_claim(
    session: Session,
    claim: ClaimDoc,
    existing: _Stored,
    handles: dict[str, int],
    result: ImportResult,
) -> str | None:
    """Bring a stored claim up to the document's history; a conflict message if they differ."""
    theirs = [event.hash for event in claim.history]
    ours = existing.hashes
    common = min(len(ours), len(theirs))
    if ours[:common] != theirs[:common]:
        at = next(i for i in range(common) if ours[i] != theirs[i]) + 1
        return f"its history here differs from the document's from event {at} on"
    if len(theirs) <= len(ours):
        result.claims_unchanged += 1
        return None
    row = session.get_one(ClaimRow, existing.row_id, with_for_update=True)
    known_urls = set(session.scalars(select(EvidenceRow.url).where(EvidenceRow.claim_id == row.id)))
    new_evidence = [e for e in claim.evidence if e.url not in known_urls]
    _apply_review(session, row, claim, handles, events_from=len(ours), evidence=new_evidence)
    result.claims_updated += 1
    result.evidence_new += len(new_evidence)
    result.events_new += len(theirs) - len(ours)
    return None


def _create_claim(
    session: Session, claim: ClaimDoc, source_row: int, handles: dict[str, int]
) -> None:
    attribution = claim.attribution
    cue = attribution.cue
    row = ClaimRow(
        source_id=source_row,
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
        version=1,
    )
    session.add(row)
    session.flush()
    _apply_review(session, row, claim, handles, events_from=0, evidence=claim.evidence)


def _apply_review(
    session: Session,
    row: ClaimRow,
    claim: ClaimDoc,
    handles: dict[str, int],
    *,
    events_from: int,
    evidence: list[Any],
) -> None:
    """Set the document's review fields on ``row``, add evidence, replay events."""
    row.evidence_status = claim.evidence_status.value
    row.review_state = claim.review_state.value
    row.note = claim.note
    row.proposed_by_id = handles[claim.proposed_by] if claim.proposed_by else None
    row.proposed_at = claim.proposed_at
    row.approved_by_id = handles[claim.approved_by] if claim.approved_by else None
    row.approved_at = claim.approved_at
    takes = [e.actor for e in claim.history if e.action is ReviewAction.TAKE]
    row.assignee_id = handles[takes[-1]] if takes else None
    if claim.history:
        row.updated_by_id = handles[claim.history[-1].actor]
        row.updated_at = claim.history[-1].created_at
    for item in evidence:
        session.add(
            EvidenceRow(
                claim_id=row.id,
                url=item.url,
                title=item.title,
                stance=item.stance.value,
                note=item.note,
                added_by_id=handles[item.added_by] if item.added_by else None,
                added_at=item.added_at,
            )
        )
    _replay(session, row, claim, events_from)


def _replay(session: Session, row: ClaimRow, claim: ClaimDoc, events_from: int) -> None:
    for event in claim.history[events_from:]:
        written = append_event(
            session,
            row,
            actor=event.actor,
            action=event.action,
            from_state=event.from_state,
            to_state=event.to_state,
            evidence_status=event.evidence_status,
            note=event.note,
            evidence=None
            if event.evidence is None
            else event.evidence.model_dump(mode="json", exclude_none=True),
            created_at=event.created_at,
        )
        if written.hash != event.hash or written.seq != event.seq:
            raise ValidationFailed(
                f"claim {claim.id}: replayed event {event.seq} hashes differently than "
                "the document says; nothing was imported"
            )


def count_rows(store: Store) -> dict[str, int]:
    """Rows per table: what tests and the CLI compare before and after an import."""
    from sqlalchemy import func

    tables = {
        "sources": SourceRow,
        "claims": ClaimRow,
        "evidence": EvidenceRow,
        "review_events": ReviewEventRow,
        "reviewers": ReviewerRow,
    }
    with store.read() as session:
        return {
            name: session.scalar(select(func.count()).select_from(table)) or 0
            for name, table in tables.items()
        }
