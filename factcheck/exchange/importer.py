"""Import a claim-set document into a database, idempotently, in one transaction.

The file's size is checked before it is parsed, the parse is strict
(:mod:`factcheck.exchange.jsonio`), and the document must pass every check of
:mod:`factcheck.exchange.check` before anything is written. Then sources,
claims, evidence and history are written in ONE transaction: any problem
found while writing rolls everything back.

Imported history is held to the rules of history made here. A document that
carries any review history must be imported by an admin (``by``, the CLI's
``--as``), and every claim's history is replayed through
:func:`factcheck.workflow.replay`: legal transitions only, each actor's role
(as they are *here*, at the import) allowing what they did, the four-eyes
rule, times that never go back nor lie in the future; and the claim's
``approved_by``, ``proposed_by``, note, verdict and evidence must be exactly
what its history says. Anything else is refused, naming the claim and event.

People. An import never creates reviewers or changes roles: every handle the
document names must already be a reviewer here, or be mapped to one with
``actor_map`` (``--map-actor OLD=NEW``; mapped events are re-hashed, so they
no longer match the original document's hashes). Unknown handles are refused
in one line naming them. To move a desk's work to an empty database, an admin
adds its people first (``factcheck reviewers add``), then imports.

Marking. The import itself is a desk event (who imported, when, how many
events, and a digest of their hashes); every event it wrote carries that desk
event's id, so ``history`` shows them as imported and ``audit verify`` checks
the mark cannot be added or removed.

Matching is by content, never by row number:

- a source is the stored source with the same content hash, or a new one
  (an existing source's metadata is left as it is);
- a claim is the stored claim of that source with the same span. A new claim
  is created at version 1 and its history replayed through
  :func:`factcheck.store.audit.append_event` with the original times, so its
  hashes come out identical (checked) and ``factcheck audit verify`` holds;
- an existing claim whose history is a prefix of the document's gets the
  missing events and the document's review fields; one whose history is the
  same or longer (the database is ahead) is left alone; one whose history
  differs is a conflict, and nothing is imported.

So importing the same document twice writes nothing the second time.

Cost: the whole document is held in memory twice (parsed JSON and its typed
copy), about 9 bytes per byte of file, so the 50 MB default limit keeps an
import under half a gigabyte; replaying history through ``append_event``
takes most of the time (about 45 s for 10,000 claims with 50,000 events).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from factcheck import workflow
from factcheck.errors import InputError, PermissionDenied, ValidationFailed, WorkflowError
from factcheck.exchange.check import check_claimset, handles_named, rehash_history
from factcheck.exchange.jsonio import DEFAULT_MAX_BYTES, read_json_file
from factcheck.exchange.models import ClaimDoc, ClaimSetDoc, ReviewEventDoc, SourceDoc
from factcheck.model import DeskAction, ReviewState, is_handle, shown_handle
from factcheck.store.audit import append_event, events_digest
from factcheck.store.desk import append_desk_event, load_people
from factcheck.store.engine import Store
from factcheck.store.tables import (
    ClaimRow,
    EvidenceRow,
    ReviewerRow,
    ReviewEventRow,
    SourceRow,
    utcnow,
)

CLOCK_SKEW = dt.timedelta(minutes=5)
"""How far in the future an imported event may be dated (clocks differ a little)."""


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
    """Always empty: an import never creates people (kept for scripts that read it)."""

    @property
    def changed(self) -> bool:
        return bool(self.sources_new or self.claims_new or self.claims_updated)

    def describe(self) -> str:
        return (
            f"sources: {self.sources_new} new, {self.sources_existing} already stored; "
            f"claims: {self.claims_new} new, {self.claims_updated} updated, "
            f"{self.claims_unchanged} unchanged; "
            f"{self.evidence_new} evidence links and {self.events_new} review events added"
        )

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
    store: Store,
    path: str | Path,
    *,
    by: str | None = None,
    actor_map: Mapping[str, str] | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> ImportResult:
    """Import the claim-set JSON file at ``path`` (``-`` for stdin); see the module doc."""
    name = str(path)
    if name.endswith(".jsonl"):
        raise InputError(
            f"{name} looks like JSON Lines, which carries claims without their sources; "
            "import the JSON document (`factcheck export --format json`)"
        )
    # Passed on without a name here, so the parsed JSON can be freed once checked.
    return import_document(
        store,
        read_json_file(path, max_bytes=max_bytes),
        name=name,
        by=by,
        actor_map=actor_map,
    )


def import_document(
    store: Store,
    document: Any,
    *,
    name: str = "document",
    by: str | None = None,
    actor_map: Mapping[str, str] | None = None,
) -> ImportResult:
    """Import an already parsed claim-set document (checked first; one transaction).

    ``by`` is the admin importing (needed when the document carries review
    history); ``actor_map`` maps the document's handles to people here.
    """
    parsed = check_claimset(document, name=name)
    del document  # the typed copy is all that is needed from here on
    mapping = _checked_map(actor_map or {})
    if mapping:
        parsed = _mapped(parsed, mapping)
    result = ImportResult()
    with store.write() as session:
        importer = _require_importer(session, parsed, by, name)
        handles = _known_people(session, parsed, name, mapping)
        source_ids = _sources(session, parsed.sources, result)
        plans, conflicts = _plan(session, parsed, source_ids)
        if conflicts:
            raise ValidationFailed(
                f"{name} conflicts with this database; nothing was imported", conflicts[:5]
            )
        now = utcnow()
        replayed = _replay_all(session, plans, now, name)
        import_id = _record_import(session, plans, importer, now, name, mapping)
        for plan in plans:
            _write(session, plan, replayed.get(plan.index), handles, import_id, result)
    return result


def _checked_map(actor_map: Mapping[str, str]) -> dict[str, str]:
    for old, new in actor_map.items():
        for handle in (old, new):
            if not is_handle(handle):
                raise InputError(f"--map-actor: {handle!r} is not a valid handle")
    return dict(actor_map)


def _mapped(document: ClaimSetDoc, mapping: dict[str, str]) -> ClaimSetDoc:
    """The document with handles mapped, each changed history re-hashed."""

    def handle(value: str | None) -> str | None:
        return None if value is None else mapping.get(value, value)

    claims = []
    for claim in document.claims:
        history = [
            e.model_copy(update={"actor": mapping.get(e.actor, e.actor)}) for e in claim.history
        ]
        evidence = [e.model_copy(update={"added_by": handle(e.added_by)}) for e in claim.evidence]
        claims.append(
            claim.model_copy(
                update={
                    "history": rehash_history(claim.id, history),
                    "evidence": evidence,
                    "proposed_by": handle(claim.proposed_by),
                    "approved_by": handle(claim.approved_by),
                }
            )
        )
    return document.model_copy(update={"claims": claims})


def _require_importer(
    session: Session, document: ClaimSetDoc, by: str | None, name: str
) -> str | None:
    """The admin importing; None is allowed only for a document with no review at all."""
    reviewed = any(
        c.history or c.evidence or c.review_state is not ReviewState.PENDING
        for c in document.claims
    )
    if not reviewed and by is None:
        return None
    if by is None:
        raise PermissionDenied(
            f"cannot import {name}: it carries review history, and only an admin may import "
            "that; pass --as HANDLE (an admin)"
        )
    row = session.scalar(select(ReviewerRow).where(ReviewerRow.handle == by))
    if row is None or not row.active or row.role != "admin":
        what = "not a reviewer here" if row is None else f"{row.role}" + (
            "" if row.active else " (deactivated)"
        )
        raise PermissionDenied(
            f"cannot import {name}: {shown_handle(by)} is {what}, and only an admin may import"
        )
    return by


def _known_people(
    session: Session, document: ClaimSetDoc, name: str, mapping: dict[str, str]
) -> dict[str, int]:
    """Handle → row id; refuses (one line) a document naming people unknown here."""
    known = dict(session.execute(select(ReviewerRow.handle, ReviewerRow.id)).all())
    missing = sorted(handles_named(document) - set(known))
    if missing:
        shown = ", ".join(shown_handle(h) for h in missing)
        raise InputError(
            f"cannot import {name}: it names people who are not reviewers here: {shown}; "
            "an admin adds them first (`factcheck reviewers add HANDLE --role ROLE`) "
            f"or maps each to someone here (`--map-actor {missing[0]}=HANDLE`)"
        )
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


@dataclass
class _Plan:
    """What to do with one claim of the document."""

    index: int
    claim: ClaimDoc
    source_row: int
    row_id: int | None
    """The stored claim it updates, or None for a new claim."""
    events_from: int
    """How many of its events are stored already."""
    unchanged: bool = False


def _plan(
    session: Session, document: ClaimSetDoc, source_ids: dict[str, int]
) -> tuple[list[_Plan], list[str]]:
    stored, ordinals = _stored_claims(session, sorted(set(source_ids.values())))
    plans: list[_Plan] = []
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
            ordinals.add((source_row, claim.ordinal))
            plans.append(_Plan(index, claim, source_row, None, 0))
            continue
        theirs, ours = [event.hash for event in claim.history], existing.hashes
        common = min(len(ours), len(theirs))
        if ours[:common] != theirs[:common]:
            at = next(i for i in range(common) if ours[i] != theirs[i]) + 1
            conflicts.append(
                f"$.claims[{index}] ({claim.id}): its history here differs from the "
                f"document's from event {at} on"
            )
            continue
        unchanged = len(theirs) <= len(ours)
        plans.append(_Plan(index, claim, source_row, existing.row_id, len(ours), unchanged))
    return plans, conflicts


def _replay_all(
    session: Session, plans: list[_Plan], now: dt.datetime, name: str
) -> dict[int, workflow.Replayed]:
    """Each changed claim's history replayed through the rules; refuses on the first few breaks."""
    try:
        people = load_people(session)
    except WorkflowError as exc:
        raise ValidationFailed(f"cannot import {name}: this database's desk log is broken: {exc}")
    replayed: dict[int, workflow.Replayed] = {}
    problems: list[str] = []
    for plan in plans:
        if plan.unchanged:
            continue
        try:
            done = _replay_claim(plan, people, now)
            problems.extend(_disagreements(plan, done))
            replayed[plan.index] = done
        except WorkflowError as exc:
            problems.append(f"$.claims[{plan.index}].history: {exc}")
        if len(problems) >= 5:
            break
    if problems:
        raise ValidationFailed(
            f"{name} breaks the review rules; nothing was imported", problems[:5]
        )
    return replayed


def _replay_claim(plan: _Plan, people: workflow.People, now: dt.datetime) -> workflow.Replayed:
    facts = []
    for position, event in enumerate(plan.claim.history):
        imported = position >= plan.events_from
        if imported and event.created_at > now + CLOCK_SKEW:
            raise WorkflowError(
                f"event {event.seq} is dated {event.created_at.isoformat()}, in the future"
            )
        facts.append(_event_facts(event, judged_at=now if imported else None))
    return workflow.replay(facts, claim_id=plan.index, people=people)


def _event_facts(event: ReviewEventDoc, *, judged_at: dt.datetime | None) -> workflow.EventFacts:
    return workflow.EventFacts(
        seq=event.seq,
        actor=event.actor,
        action=event.action,
        from_state=event.from_state,
        to_state=event.to_state,
        evidence_status=event.evidence_status,
        note=event.note,
        evidence=_evidence_json(event),
        created_at=event.created_at,
        judged_at=judged_at,
    )


def _evidence_json(event: ReviewEventDoc) -> dict[str, Any] | None:
    """An event's evidence as the chain hashes it (the replay and the write agree)."""
    if event.evidence is None:
        return None
    return event.evidence.model_dump(mode="json", exclude_none=True)


def _disagreements(plan: _Plan, done: workflow.Replayed) -> list[str]:
    """Where the claim's review fields differ from what its history says."""
    claim, where = plan.claim, f"$.claims[{plan.index}]"
    fields: list[tuple[str, object, object]] = [
        ("review_state", claim.review_state, done.state),
        ("evidence_status", claim.evidence_status, done.status),
        ("note", claim.note, done.note),
        ("proposed_by", claim.proposed_by, done.proposed_by),
        ("proposed_at", claim.proposed_at, done.proposed_at),
        ("approved_by", claim.approved_by, done.approved_by),
        ("approved_at", claim.approved_at, done.approved_at),
    ]
    problems = [
        f"{where}.{field_name}: {_shown(ours)} but its history says {_shown(expected)}"
        for field_name, ours, expected in fields
        if ours != expected
    ]
    links = sorted(
        (e.url, e.stance.value, e.title, e.note, e.added_by, e.added_at) for e in claim.evidence
    )
    expected_links = sorted(
        (e.url, e.stance, e.title, e.note, e.added_by, e.added_at) for e in done.evidence.values()
    )
    if [repr(x) for x in links] != [repr(x) for x in expected_links]:
        problems.append(
            f"{where}.evidence: the links (url, stance, title, note, who, when) are not the "
            "ones its history adds"
        )
    return problems


def _shown(value: object) -> str:
    if value is None:
        return "none"
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, str):
        return shown_handle(value) if is_handle(value) else repr(value)
    return str(getattr(value, "value", value))


def _record_import(
    session: Session,
    plans: list[_Plan],
    importer: str | None,
    now: dt.datetime,
    name: str,
    mapping: dict[str, str],
) -> int | None:
    """The desk event that marks this import's events, or None when it adds none."""
    hashes = [
        event.hash
        for plan in plans
        if not plan.unchanged
        for event in plan.claim.history[plan.events_from :]
    ]
    if not hashes:
        return None
    if importer is None:  # _require_importer demands one whenever there is history
        raise PermissionDenied(f"cannot import {name}: only an admin may import review history")
    row = append_desk_event(
        session,
        actor=importer,
        action=DeskAction.IMPORT,
        detail={
            "document": Path(name).name,
            "claims": sum(1 for plan in plans if not plan.unchanged and plan.claim.history),
            "events": len(hashes),
            "events_digest": events_digest(hashes),
            "map": mapping or None,
        },
        created_at=now,
    )
    return row.id


def _write(
    session: Session,
    plan: _Plan,
    done: workflow.Replayed | None,
    handles: dict[str, int],
    import_id: int | None,
    result: ImportResult,
) -> None:
    if plan.unchanged or done is None:
        result.claims_unchanged += 1
        return
    if plan.row_id is None:
        row = _create_claim(session, plan.claim, plan.source_row)
        result.claims_new += 1
    else:
        row = session.get_one(ClaimRow, plan.row_id, with_for_update=True)
        result.claims_updated += 1
    _set_review(row, plan.claim, done, handles)
    result.evidence_new += _set_evidence(
        session, row, done, handles, stored=plan.row_id is not None
    )
    _replay(session, row, plan, import_id)
    result.events_new += len(plan.claim.history) - plan.events_from


def _create_claim(session: Session, claim: ClaimDoc, source_row: int) -> ClaimRow:
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
    return row


def _set_review(
    row: ClaimRow, claim: ClaimDoc, done: workflow.Replayed, handles: dict[str, int]
) -> None:
    """The claim's review fields as its (checked) history says."""

    def row_id(handle: str | None) -> int | None:
        return None if handle is None else handles[handle]

    row.evidence_status = done.status.value
    row.review_state = done.state.value
    row.note = done.note
    row.assignee_id = row_id(done.assignee)
    row.proposed_by_id, row.proposed_at = row_id(done.proposed_by), done.proposed_at
    row.approved_by_id, row.approved_at = row_id(done.approved_by), done.approved_at
    if claim.history:
        # A carried_over event's actor is ingest, not a reviewer: keep who was last.
        row.updated_by_id = handles.get(claim.history[-1].actor, row.updated_by_id)
        row.updated_at = claim.history[-1].created_at


def _set_evidence(
    session: Session,
    row: ClaimRow,
    done: workflow.Replayed,
    handles: dict[str, int],
    *,
    stored: bool,
) -> int:
    """Replace the claim's links with those its history adds; how many are new here."""
    before: set[str] = set()
    if stored:  # a claim created by this import has no links to replace
        with session.no_autoflush:
            before = set(
                session.scalars(select(EvidenceRow.url).where(EvidenceRow.claim_id == row.id))
            )
        session.execute(delete(EvidenceRow).where(EvidenceRow.claim_id == row.id))
    for item in done.evidence.values():
        session.add(
            EvidenceRow(
                claim_id=row.id,
                url=item.url,
                title=item.title,
                stance=item.stance,
                note=item.note,
                added_by_id=handles[item.added_by],
                added_at=item.added_at,
            )
        )
    return len(set(done.evidence) - before)


def _replay(session: Session, row: ClaimRow, plan: _Plan, import_id: int | None) -> None:
    claim = plan.claim
    for event in claim.history[plan.events_from :]:
        written = append_event(
            session,
            row,
            actor=event.actor,
            action=event.action,
            from_state=event.from_state,
            to_state=event.to_state,
            evidence_status=event.evidence_status,
            note=event.note,
            evidence=_evidence_json(event),
            created_at=event.created_at,
            content=event.content,
            import_id=import_id,
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
