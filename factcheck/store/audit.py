"""The review history: append-only events, hash-chained per claim, and ``verify``.

Every change to a claim writes one :class:`ReviewEventRow` through
:func:`append_event`, explicitly and in the same transaction as the change
(never from ORM flush hooks: bulk statements skip them). Events are never
updated or deleted; database triggers refuse UPDATE and DELETE (and TRUNCATE
on PostgreSQL), and the chain detects whatever gets past them.

The chain is per claim, extended under the claim's lock (``SELECT … FOR
UPDATE`` on PostgreSQL, ``BEGIN IMMEDIATE`` on SQLite), so concurrent
appends cannot fork it: event ``seq`` numbers a claim's events from 1, and
``prev_hash`` is the hash of event ``seq - 1`` (null for the first).

Canonical form (what is hashed). An event's hash is ``"sha256:"`` followed
by the hex SHA-256 of the UTF-8 bytes of::

    json.dumps(doc, sort_keys=True, separators=(",", ":"), ensure_ascii=False)

where ``doc`` has exactly these keys:

- ``claim``: the claim's stable id, ``factcheck.model.stable_claim_id(source
  content hash, span_start, span_end)`` — never a row id, so a database that
  replays the events (an import) computes identical hashes;
- ``seq``: the event's number in the claim's history (int, from 1);
- ``actor``: the acting person's handle;
- ``action``: a ``ReviewAction`` value;
- ``from_state``, ``to_state``: ``ReviewState`` values or null;
- ``evidence_status``: an ``EvidenceStatus`` value or null;
- ``note``: text or null;
- ``evidence``: null or an object with keys among ``url``, ``stance``,
  ``title``, ``note`` (keys whose value is null are left out);
- ``created_at``: the time in UTC, ``YYYY-MM-DDTHH:MM:SS.ffffff+00:00``
  (``datetime.isoformat(timespec="microseconds")``);
- ``prev_hash``: the previous event's hash, or null.

Versions. Appending an event also advances ``claims.version`` by one, so a
claim's version is always ``1 + its number of events``; :func:`verify` checks
that, which reveals a history whose newest events were deleted. Importers
create the claim (version 1) and replay its events through
:func:`append_event` with their original ``created_at``.

What ``verify`` checks, per claim: events numbered 1..n without gaps, each
``prev_hash`` equal to the previous event's hash, each hash equal to the hash
of its content; the claim's version equal to 1 + n; its review state and
evidence status equal to those its last event records (pending/unverified
when it has none); its evidence links as many as its ``add_evidence`` events.
The report's ``digest`` fingerprints every chain head: keep it, and a later
rewrite of the whole history (events and claims alike) shows up as a changed
digest.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from factcheck.model import (
    HASH_PREFIX,
    EvidenceStatus,
    ReviewAction,
    ReviewState,
    stable_claim_id,
)
from factcheck.store.engine import Store
from factcheck.store.tables import ClaimRow, EvidenceRow, ReviewEventRow, SourceRow, utcnow

EVIDENCE_KEYS = ("url", "stance", "title", "note")


def canonical_time(moment: dt.datetime) -> str:
    """``moment`` in UTC as ISO-8601 with microseconds: the hashed form of a time."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime: events are stamped in timezone-aware UTC")
    return moment.astimezone(dt.UTC).isoformat(timespec="microseconds")


def normalize_evidence(evidence: dict[str, Any] | None) -> dict[str, Any] | None:
    """The stored and hashed form of an event's evidence: known keys, no nulls."""
    if evidence is None:
        return None
    unknown = set(evidence) - set(EVIDENCE_KEYS)
    if unknown:
        raise ValueError(f"unknown evidence keys in a review event: {sorted(unknown)}")
    return {key: evidence[key] for key in EVIDENCE_KEYS if evidence.get(key) is not None}


def event_hash(
    *,
    claim: str,
    seq: int,
    actor: str,
    action: str,
    from_state: str | None,
    to_state: str | None,
    evidence_status: str | None,
    note: str | None,
    evidence: dict[str, Any] | None,
    created_at: dt.datetime,
    prev_hash: str | None,
) -> str:
    """The ``sha256:`` hash of an event's canonical JSON (see the module docstring).

    ``claim`` is the claim's stable id (``stable_claim_id``), not its row id.
    """
    doc = {
        "claim": claim,
        "seq": seq,
        "actor": actor,
        "action": action,
        "from_state": from_state,
        "to_state": to_state,
        "evidence_status": evidence_status,
        "note": note,
        "evidence": normalize_evidence(evidence),
        "created_at": canonical_time(created_at),
        "prev_hash": prev_hash,
    }
    canonical = json.dumps(doc, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return HASH_PREFIX + hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def claim_stable_id(session: Session, claim: ClaimRow) -> str:
    """The claim's database-independent id: its source's text hash plus its span."""
    content_hash = session.scalar(
        select(SourceRow.content_hash).where(SourceRow.id == claim.source_id)
    )
    if content_hash is None:
        raise ValueError(f"claim {claim.id} has no source {claim.source_id}")
    return stable_claim_id(content_hash, claim.span_start, claim.span_end)


def _value(member: str | None, enum: type[Any]) -> str | None:
    return None if member is None else str(enum(member).value)


def append_event(
    session: Session,
    claim: ClaimRow,
    *,
    actor: str,
    action: ReviewAction,
    from_state: ReviewState | str | None,
    to_state: ReviewState | str | None,
    evidence_status: EvidenceStatus | str | None = None,
    note: str | None = None,
    evidence: dict[str, Any] | None = None,
    created_at: dt.datetime | None = None,
    stable_id: str | None = None,
) -> ReviewEventRow:
    """Append the next event of ``claim``'s history and advance its version.

    The caller must hold the claim's lock (a ``Store.write()`` transaction that
    selected the claim ``FOR UPDATE``): the next ``seq`` and ``prev_hash`` are
    read here and would fork under concurrent appends otherwise. ``stable_id``
    saves a query when the caller already knows the claim's stable id.
    """
    # No autoflush: the caller's pending claim changes and this event's version
    # bump then go to the database in one flush, not two UPDATEs.
    with session.no_autoflush:
        last = session.execute(
            select(ReviewEventRow.seq, ReviewEventRow.hash)
            .where(ReviewEventRow.claim_id == claim.id)
            .order_by(ReviewEventRow.seq.desc())
            .limit(1)
        ).first()
        stable_id = stable_id or claim_stable_id(session, claim)
    seq, prev_hash = (last.seq + 1, last.hash) if last else (1, None)
    fields: dict[str, Any] = {
        "seq": seq,
        "actor": actor,
        "action": str(ReviewAction(action).value),
        "from_state": _value(from_state, ReviewState),
        "to_state": _value(to_state, ReviewState),
        "evidence_status": _value(evidence_status, EvidenceStatus),
        "note": note,
        "evidence": normalize_evidence(evidence),
        "created_at": (created_at or utcnow()).astimezone(dt.UTC),
        "prev_hash": prev_hash,
    }
    digest = event_hash(claim=stable_id, **fields)
    row = ReviewEventRow(claim_id=claim.id, hash=digest, **fields)
    session.add(row)
    claim.version = (claim.version or 1) + 1
    session.flush()
    return row


# --- verification -------------------------------------------------------------


class BrokenLink(BaseModel):
    """Where a claim's history stops being trustworthy, and why."""

    claim_id: int
    claim: str
    seq: int | None
    problem: str

    def describe(self) -> str:
        where = f"event {self.seq}" if self.seq is not None else "claim row"
        return f"claim {self.claim_id} ({self.claim}), {where}: {self.problem}"


class AuditReport(BaseModel):
    """The outcome of :func:`verify`."""

    ok: bool
    claims_checked: int
    events_checked: int
    first_broken: BrokenLink | None
    problems: list[BrokenLink]
    digest: str


@dataclass
class _ClaimFacts:
    id: int
    stable_id: str
    version: int
    state: str
    status: str
    evidence_links: int
    events: list[ReviewEventRow] = field(default_factory=list)


def verify(store: Store) -> AuditReport:
    """Check every claim's hash chain and that the claim agrees with its history."""
    problems: list[BrokenLink] = []
    heads: list[str] = []
    claims_checked = events_checked = 0
    with store.read() as session:
        for facts in _claims_with_events(session):
            claims_checked += 1
            events_checked += len(facts.events)
            problem = _check_chain(facts) or _check_claim_row(facts)
            if problem is not None:
                problems.append(problem)
            head = facts.events[-1].hash if facts.events else ""
            heads.append(f"{facts.stable_id} {head}")
    digest = HASH_PREFIX + hashlib.sha256("\n".join(sorted(heads)).encode("utf-8")).hexdigest()
    return AuditReport(
        ok=not problems,
        claims_checked=claims_checked,
        events_checked=events_checked,
        first_broken=problems[0] if problems else None,
        problems=problems,
        digest=digest,
    )


def _claims_with_events(session: Session) -> Iterator[_ClaimFacts]:
    """Every claim, in id order, with its events in seq order (one pass over each)."""
    links = (
        select(EvidenceRow.claim_id, func.count().label("n"))
        .group_by(EvidenceRow.claim_id)
        .subquery()
    )
    claims = session.execute(
        select(ClaimRow, SourceRow.content_hash, func.coalesce(links.c.n, 0))
        .join(SourceRow, SourceRow.id == ClaimRow.source_id)
        .outerjoin(links, links.c.claim_id == ClaimRow.id)
        .order_by(ClaimRow.id)
    )
    events = iter(
        session.scalars(
            select(ReviewEventRow).order_by(ReviewEventRow.claim_id, ReviewEventRow.seq)
        )
    )
    pending = next(events, None)
    for claim, content_hash, link_count in claims:
        facts = _ClaimFacts(
            id=claim.id,
            stable_id=stable_claim_id(content_hash, claim.span_start, claim.span_end),
            version=claim.version,
            state=claim.review_state,
            status=claim.evidence_status,
            evidence_links=int(link_count),
        )
        while pending is not None and pending.claim_id <= claim.id:
            if pending.claim_id == claim.id:
                facts.events.append(pending)
            pending = next(events, None)
        yield facts


def _check_chain(facts: _ClaimFacts) -> BrokenLink | None:
    def broken(seq: int | None, problem: str) -> BrokenLink:
        return BrokenLink(claim_id=facts.id, claim=facts.stable_id, seq=seq, problem=problem)

    prev_hash: str | None = None
    for expected_seq, event in enumerate(facts.events, start=1):
        if event.seq != expected_seq:
            return broken(expected_seq, f"event {expected_seq} is missing (deleted?)")
        if event.prev_hash != prev_hash:
            return broken(
                event.seq,
                "does not link to the event before it (events deleted, inserted or reordered)",
            )
        if _recompute(facts.stable_id, event) != event.hash:
            return broken(event.seq, "its hash does not match its content (event edited)")
        prev_hash = event.hash
    return None


def _recompute(stable_id: str, event: ReviewEventRow) -> str:
    return event_hash(
        claim=stable_id,
        seq=event.seq,
        actor=event.actor,
        action=event.action,
        from_state=event.from_state,
        to_state=event.to_state,
        evidence_status=event.evidence_status,
        note=event.note,
        evidence=event.evidence,
        created_at=event.created_at,
        prev_hash=event.prev_hash,
    )


def replayed_state(events: Iterable[ReviewEventRow]) -> tuple[str, str, int]:
    """(review state, evidence status, evidence links) that a claim's events say it has."""
    state, status, links = ReviewState.PENDING.value, EvidenceStatus.UNVERIFIED.value, 0
    for event in events:
        state = event.to_state or state
        status = event.evidence_status or status
        links += event.action == ReviewAction.ADD_EVIDENCE.value
    return state, status, links


def _check_claim_row(facts: _ClaimFacts) -> BrokenLink | None:
    def broken(problem: str) -> BrokenLink:
        return BrokenLink(claim_id=facts.id, claim=facts.stable_id, seq=None, problem=problem)

    count = len(facts.events)
    if facts.version != 1 + count:
        return broken(
            f"version {facts.version} but {count} events (expected version {1 + count}): "
            "newest events deleted, or the claim changed outside the workflow"
        )
    state, status, links = replayed_state(facts.events)
    if (facts.state, facts.status) != (state, status):
        return broken(
            f"the claim is {facts.state}/{facts.status} but its history says {state}/{status}"
        )
    if facts.evidence_links != links:
        return broken(f"{facts.evidence_links} evidence links but its history adds {links}")
    return None
