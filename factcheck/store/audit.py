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
- ``prev_hash``: the previous event's hash, or null;
- ``content`` (only when the event recorded it; events written before it existed
  have none, and keep their hashes): the claim's content hash,
  :func:`claim_content_hash` (source content hash, span, sentence, attribution).

Versions. Appending an event also advances ``claims.version`` by one, so a
claim's version is always ``1 + its number of events``. Importers create the
claim (version 1) and replay its events through :func:`append_event` with
their original ``created_at``.

What :func:`verify` checks: every claim's chain; its history replayed through
:func:`factcheck.workflow.replay` with each actor's role at the time (from the
desk log, :mod:`factcheck.store.desk`); the claim row and its evidence against
that replay; its content against the hash its latest event recorded; sources
against their content hashes; the reviewers table against the desk log;
orphaned rows both ways; imports against their desk events. The digest
fingerprints every chain head and every claim's content; a
:func:`checkpoint` keeps the heads, and ``verify(against=…)`` detects any
rewrite of what existed then, recomputed hashes or not. What this does and
does not protect against: ``docs/threat-model.md``.
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

from factcheck import workflow
from factcheck.errors import DatabaseError, WorkflowError
from factcheck.model import (
    HASH_PREFIX,
    DeskAction,
    EvidenceStatus,
    ReviewAction,
    ReviewState,
    Role,
    content_hash,
    shown_handle,
    stable_claim_id,
)
from factcheck.store.desk import recompute as recompute_desk
from factcheck.store.desk import record_row
from factcheck.store.engine import Store
from factcheck.store.tables import (
    ClaimRow,
    DeskEventRow,
    EvidenceRow,
    ReviewerRow,
    ReviewEventRow,
    SourceRow,
    utcnow,
)

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
    content: str | None = None,
) -> str:
    """The ``sha256:`` hash of an event's canonical JSON (see the module docstring).

    ``claim`` is the claim's stable id (``stable_claim_id``), not its row id.
    ``content`` (the claim's content hash) is hashed only when present, so
    events written before it existed keep their hashes.
    """
    doc: dict[str, Any] = {
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
    if content is not None:
        doc["content"] = content
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
    content: str | None = None,
    import_id: int | None = None,
) -> ReviewEventRow:
    """Append the next event of ``claim``'s history and advance its version.

    The caller must hold the claim's lock (a ``Store.write()`` transaction that
    selected the claim ``FOR UPDATE``): the next ``seq`` and ``prev_hash`` are
    read here and would fork under concurrent appends otherwise. ``stable_id``
    saves a query when the caller already knows the claim's stable id;
    ``content`` is the claim's content hash (:func:`row_content_hash`), and
    ``import_id`` the desk event of the import that brings the event in.
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
        "content": content,
    }
    digest = event_hash(claim=stable_id, **fields)
    row = ReviewEventRow(claim_id=claim.id, hash=digest, import_id=import_id, **fields)
    session.add(row)
    claim.version = (claim.version or 1) + 1
    session.flush()
    return row


# --- claim content ---------------------------------------------------------------------


def claim_content_hash(
    *,
    source_hash: str,
    ordinal: int,
    start: int,
    end: int,
    text: str,
    paragraph: int,
    kind: str,
    speaker: str | None,
    speaker_title: str | None,
    cue: tuple[str, int | None, int | None] | None,
    rule: str,
    confidence: float,
    hedges: list[str],
) -> str:
    """The ``sha256:`` hash of what a claim says and who says it (recorded in its events).

    Covers the source (by its content hash), the span, the sentence and its
    attribution: what no review action changes, so an edit of any of them
    with SQL no longer matches the hash its latest event recorded.
    """
    doc = {
        "source": source_hash,
        "ordinal": ordinal,
        "span": [start, end],
        "text": text,
        "paragraph": paragraph,
        "kind": kind,
        "speaker": speaker,
        "speaker_title": speaker_title,
        "cue": None if cue is None else list(cue),
        "rule": rule,
        "confidence": confidence,
        "hedges": list(hedges),
    }
    canonical = json.dumps(doc, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return HASH_PREFIX + hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def row_content_hash(claim: ClaimRow, source_hash: str) -> str:
    """:func:`claim_content_hash` of a stored claim."""
    cue = None if claim.cue_text is None else (claim.cue_text, claim.cue_start, claim.cue_end)
    return claim_content_hash(
        source_hash=source_hash,
        ordinal=claim.ordinal,
        start=claim.span_start,
        end=claim.span_end,
        text=claim.text,
        paragraph=claim.paragraph,
        kind=claim.attribution_kind,
        speaker=claim.speaker,
        speaker_title=claim.speaker_title,
        cue=cue,
        rule=claim.attribution_rule,
        confidence=claim.attribution_confidence,
        hedges=list(claim.hedges or []),
    )


def events_digest(hashes: Iterable[str]) -> str:
    """The hash of a list of event hashes, in order: what an import's desk event records."""
    return HASH_PREFIX + hashlib.sha256("\n".join(hashes).encode("utf-8")).hexdigest()


# --- verification -------------------------------------------------------------


class BrokenLink(BaseModel):
    """Where the record stops being trustworthy, and why."""

    claim_id: int | None
    claim: str
    """The claim's stable id, or what else is broken ("desk log", "source 3", …)."""
    seq: int | None
    problem: str

    def describe(self) -> str:
        at = f", event {self.seq}" if self.seq is not None else ""
        if self.claim_id is None:
            return f"{self.claim}{at}: {self.problem}"
        where = f"event {self.seq}" if self.seq is not None else "claim row"
        return f"claim {self.claim_id} ({self.claim}), {where}: {self.problem}"


class ChainHead(BaseModel):
    """The last event of a chain at some moment: its number and hash."""

    seq: int
    hash: str


class ClaimHead(ChainHead):
    """A claim's chain head and content hash at some moment."""

    content: str


CHECKPOINT_FORMAT = "factcheck-checkpoint/1"


class Checkpoint(BaseModel):
    """Every chain's head at one moment: keep it (or publish its digest) elsewhere.

    ``audit verify --against`` then detects any rewrite of what existed at
    that moment, even one whose hashes were all recomputed.
    """

    format: str = CHECKPOINT_FORMAT
    taken_at: dt.datetime
    claims: int
    events: int
    desk_events: int
    digest: str
    desk: ChainHead | None
    heads: dict[str, ClaimHead]

    def summary(self) -> str:
        return (
            f"digest {self.digest} of {self.events} events on {self.claims} claims and "
            f"{self.desk_events} desk events at {canonical_time(self.taken_at)}"
        )


def state_digest(heads: dict[str, ClaimHead], desk: ChainHead | None) -> str:
    """The digest of every head: the same value for the same history, whatever the row ids."""
    lines = [f"{stable} {h.seq} {h.hash} {h.content}" for stable, h in heads.items()]
    if desk is not None:
        lines.append(f"desk {desk.seq} {desk.hash}")
    return HASH_PREFIX + hashlib.sha256("\n".join(sorted(lines)).encode("utf-8")).hexdigest()


class AuditReport(BaseModel):
    """The outcome of :func:`verify`."""

    ok: bool
    claims_checked: int
    events_checked: int
    desk_events_checked: int = 0
    first_broken: BrokenLink | None
    problems: list[BrokenLink]
    digest: str
    against: str | None = None
    """The digest of the checkpoint compared with, if any."""


@dataclass
class _ClaimFacts:
    row: ClaimRow
    stable_id: str
    source_hash: str
    evidence_links: int
    events: list[ReviewEventRow] = field(default_factory=list)

    @property
    def id(self) -> int:
        return self.row.id


@dataclass
class _Import:
    seq: int
    at: dt.datetime
    events: int
    digest: str | None


@dataclass
class _Run:
    """What one verification collects while it walks the database."""

    problems: list[BrokenLink] = field(default_factory=list)
    people: workflow.People = field(default_factory=workflow.People)
    desk_hashes: list[str] = field(default_factory=list)
    imports: dict[int, _Import] = field(default_factory=dict)
    imported: dict[int, list[tuple[int, str]]] = field(default_factory=dict)
    chains: dict[str, list[str]] = field(default_factory=dict)
    heads: dict[str, ClaimHead] = field(default_factory=dict)
    claims: int = 0
    events: int = 0

    def add(self, claim_id: int | None, claim: str, seq: int | None, problem: str) -> None:
        self.problems.append(BrokenLink(claim_id=claim_id, claim=claim, seq=seq, problem=problem))

    @property
    def desk_head(self) -> ChainHead | None:
        if not self.desk_hashes:
            return None
        return ChainHead(seq=len(self.desk_hashes), hash=self.desk_hashes[-1])


def verify(store: Store, *, against: Checkpoint | None = None) -> AuditReport:
    """Check everything the record depends on; see ``docs/threat-model.md``.

    The desk log (chain, legality, and the reviewers table against it); every
    claim's chain, its replay through the workflow rules with the roles of the
    time, and the claim row against the replay (state, verdict, note,
    assignee, proposer, approver, evidence, content); sources against their
    content hashes and claims against their sources' text; rows without the
    rows they belong to, both ways; imports against their desk events; and,
    given a checkpoint, that nothing that existed then was rewritten.
    """
    run = _walk(store)
    digest = state_digest(run.heads, run.desk_head)
    if against is not None:
        _check_against(against, run)
    return AuditReport(
        ok=not run.problems,
        claims_checked=run.claims,
        events_checked=run.events,
        desk_events_checked=len(run.desk_hashes),
        first_broken=run.problems[0] if run.problems else None,
        problems=run.problems,
        digest=digest,
        against=None if against is None else against.digest,
    )


def checkpoint(store: Store) -> Checkpoint:
    """Every chain's head now, with counts, time and digest (see :class:`Checkpoint`).

    Refuses a database whose record does not verify: a checkpoint vouches
    for the history it fingerprints.
    """
    run = _walk(store)
    if run.problems:
        raise DatabaseError(
            f"no checkpoint taken: the record does not verify ({run.problems[0].describe()}); "
            "see `factcheck audit verify`"
        )
    return Checkpoint(
        taken_at=utcnow(),
        claims=run.claims,
        events=run.events,
        desk_events=len(run.desk_hashes),
        digest=state_digest(run.heads, run.desk_head),
        desk=run.desk_head,
        heads=run.heads,
    )


def _walk(store: Store) -> _Run:
    run = _Run()
    with store.read() as session:
        _check_desk(session, run)
        _check_reviewers(session, run)
        _check_sources(session, run)
        _check_orphans(session, run)
        handles = dict(session.execute(select(ReviewerRow.id, ReviewerRow.handle)).all())
        evidence = _evidence_by_claim(session, handles)
        for facts in _claims_with_events(session):
            _check_claim(facts, run, handles, evidence.get(facts.id, []))
        _check_imports(run)
    return run


def _check_desk(session: Session, run: _Run) -> None:
    prev_hash: str | None = None
    rows = session.scalars(select(DeskEventRow).order_by(DeskEventRow.seq))
    for expected, row in enumerate(rows, start=1):
        problem = None
        if row.seq != expected:
            problem, seq = f"desk event {expected} is missing (deleted?)", expected
        elif row.prev_hash != prev_hash:
            problem, seq = "does not link to the desk event before it", row.seq
        elif recompute_desk(row) != row.hash:
            problem, seq = "its hash does not match its content (edited)", row.seq
        if problem is not None:
            run.add(None, "desk log", seq, problem)
            return
        try:
            record_row(run.people, row)
            if row.action == DeskAction.IMPORT.value:
                _record_import(run, row)
        except WorkflowError as exc:
            run.add(None, "desk log", row.seq, str(exc))
            return
        run.desk_hashes.append(row.hash)
        prev_hash = row.hash


def _record_import(run: _Run, row: DeskEventRow) -> None:
    importer = run.people.actor(row.actor or "", row.created_at)
    if importer is None or not importer.active or not workflow.may_manage_people(importer.role):
        raise WorkflowError(f"desk event {row.seq}: an import by someone who was not an admin")
    detail = row.detail or {}
    events, digest = detail.get("events"), detail.get("events_digest")
    run.imports[row.id] = _Import(
        seq=row.seq,
        at=row.created_at,
        events=events if isinstance(events, int) else -1,
        digest=digest if isinstance(digest, str) else None,
    )


def _check_reviewers(session: Session, run: _Run) -> None:
    if any(p.claim == "desk log" for p in run.problems):
        return
    logged = run.people.current()
    stored = {row.handle: row for row in session.scalars(select(ReviewerRow))}
    for handle in sorted(set(logged) | set(stored)):
        shown = shown_handle(handle)
        row, entry = stored.get(handle), logged.get(handle)
        if entry is None:
            run.add(None, f"reviewer {shown}", None, "not in the desk log (added with SQL?)")
        elif row is None:
            run.add(None, f"reviewer {shown}", None, "in the desk log but missing (deleted?)")
        elif (Role(row.role), row.active) != (entry.role, entry.active):
            run.add(
                None,
                f"reviewer {shown}",
                None,
                f"is {row.role}{'' if row.active else ' (inactive)'} but the desk log says "
                f"{entry.role.value}{'' if entry.active else ' (inactive)'}",
            )


def _check_sources(session: Session, run: _Run) -> None:
    for source_id in session.scalars(select(SourceRow.id).order_by(SourceRow.id)).all():
        stored_hash, text_ = session.execute(
            select(SourceRow.content_hash, SourceRow.text).where(SourceRow.id == source_id)
        ).one()
        if content_hash(text_) != stored_hash:
            run.add(None, f"source {source_id}", None, "its text does not match its content hash")
            continue
        claims = session.execute(
            select(ClaimRow.id, ClaimRow.text, ClaimRow.span_start, ClaimRow.span_end).where(
                ClaimRow.source_id == source_id
            )
        )
        for claim_id, claim_text, start, end in claims:
            if text_[start:end] != claim_text:
                stable = stable_claim_id(stored_hash, start, end)
                run.add(claim_id, stable, None, "its text is not its source's text at its span")


def _check_orphans(session: Session, run: _Run) -> None:
    claim_ids = select(ClaimRow.id)
    for claim_id in session.scalars(
        select(ReviewEventRow.claim_id).where(ReviewEventRow.claim_id.not_in(claim_ids)).distinct()
    ):
        run.add(None, f"claim row {claim_id}", None, "has review events but no claim (deleted?)")
    for claim_id in session.scalars(
        select(EvidenceRow.claim_id).where(EvidenceRow.claim_id.not_in(claim_ids)).distinct()
    ):
        run.add(None, f"claim row {claim_id}", None, "has evidence but no claim (deleted?)")
    for claim_id, source_id in session.execute(
        select(ClaimRow.id, ClaimRow.source_id).where(
            ClaimRow.source_id.not_in(select(SourceRow.id))
        )
    ):
        run.add(claim_id, f"claim row {claim_id}", None, f"its source {source_id} is gone")


def _evidence_by_claim(
    session: Session, handles: dict[int, str]
) -> dict[int, list[tuple[Any, ...]]]:
    grouped: dict[int, list[tuple[Any, ...]]] = {}
    for row in session.scalars(select(EvidenceRow)):
        added_by = handles.get(row.added_by_id) if row.added_by_id is not None else None
        grouped.setdefault(row.claim_id, []).append(
            (row.url, row.stance, row.title, row.note, added_by, row.added_at)
        )
    return grouped


def _claims_with_events(session: Session) -> Iterator[_ClaimFacts]:
    """Every claim with a source, in id order, with its events in seq order."""
    claims = session.execute(
        select(ClaimRow, SourceRow.content_hash)
        .join(SourceRow, SourceRow.id == ClaimRow.source_id)
        .order_by(ClaimRow.id)
    )
    events = iter(
        session.scalars(
            select(ReviewEventRow).order_by(ReviewEventRow.claim_id, ReviewEventRow.seq)
        )
    )
    pending = next(events, None)
    for claim, source_hash in claims:
        facts = _ClaimFacts(
            row=claim,
            stable_id=stable_claim_id(source_hash, claim.span_start, claim.span_end),
            source_hash=source_hash,
            evidence_links=0,
        )
        while pending is not None and pending.claim_id <= claim.id:
            if pending.claim_id == claim.id:
                facts.events.append(pending)
            pending = next(events, None)
        yield facts


def _check_claim(
    facts: _ClaimFacts, run: _Run, handles: dict[int, str], evidence: list[tuple[Any, ...]]
) -> None:
    run.claims += 1
    run.events += len(facts.events)
    content_now = row_content_hash(facts.row, facts.source_hash)
    run.chains[facts.stable_id] = [event.hash for event in facts.events]
    head = facts.events[-1].hash if facts.events else ""
    run.heads[facts.stable_id] = ClaimHead(seq=len(facts.events), hash=head, content=content_now)
    for event in facts.events:
        if event.import_id is not None:
            run.imported.setdefault(event.import_id, []).append((event.id, event.hash))
    problem = _check_chain(facts) or _check_version(facts)
    problem = problem or _check_content(facts, content_now)
    problem = problem or _check_replay(facts, run, handles, evidence)
    if problem is not None:
        run.problems.append(problem)


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
        content=event.content,
    )


def _broken_row(facts: _ClaimFacts, problem: str) -> BrokenLink:
    return BrokenLink(claim_id=facts.id, claim=facts.stable_id, seq=None, problem=problem)


def _check_version(facts: _ClaimFacts) -> BrokenLink | None:
    count = len(facts.events)
    if facts.row.version != 1 + count:
        return _broken_row(
            facts,
            f"version {facts.row.version} but {count} events (expected version {1 + count}): "
            "newest events deleted, or the claim changed outside the workflow",
        )
    return None


def _check_content(facts: _ClaimFacts, content_now: str) -> BrokenLink | None:
    recorded = next(
        ((e.seq, e.content) for e in reversed(facts.events) if e.content is not None), None
    )
    if recorded is not None and recorded[1] != content_now:
        return _broken_row(
            facts,
            f"its text, span or attribution is not what event {recorded[0]} recorded "
            "(changed outside the workflow)",
        )
    return None


def _check_replay(
    facts: _ClaimFacts, run: _Run, handles: dict[int, str], evidence: list[tuple[Any, ...]]
) -> BrokenLink | None:
    try:
        done = workflow.replay(
            (_event_facts(event, run) for event in facts.events),
            claim_id=facts.id,
            people=run.people,
        )
    except WorkflowError as exc:
        return _broken_row(facts, f"its history breaks the review rules: {exc}")
    mismatch = _row_mismatch(facts.row, done, handles, evidence)
    if mismatch is not None:
        return _broken_row(facts, f"{mismatch}, but its history says otherwise")
    return None


def _event_facts(event: ReviewEventRow, run: _Run) -> workflow.EventFacts:
    imported = run.imports.get(event.import_id) if event.import_id is not None else None
    return workflow.EventFacts(
        seq=event.seq,
        actor=event.actor,
        action=ReviewAction(event.action),
        from_state=None if event.from_state is None else ReviewState(event.from_state),
        to_state=None if event.to_state is None else ReviewState(event.to_state),
        evidence_status=None
        if event.evidence_status is None
        else EvidenceStatus(event.evidence_status),
        note=event.note,
        evidence=event.evidence,
        created_at=event.created_at,
        judged_at=imported.at if imported else None,
    )


def _row_mismatch(
    row: ClaimRow, done: workflow.Replayed, handles: dict[int, str], evidence: list[tuple[Any, ...]]
) -> str | None:
    def handle(reviewer_id: int | None) -> str | None:
        return None if reviewer_id is None else handles.get(reviewer_id, f"#{reviewer_id}")

    fields: list[tuple[str, object, object]] = [
        ("review state", row.review_state, done.state.value),
        ("verdict", row.evidence_status, done.status.value),
        ("note", row.note, done.note),
        ("assignee", handle(row.assignee_id), done.assignee),
        ("proposer", handle(row.proposed_by_id), done.proposed_by),
        ("proposal time", row.proposed_at, done.proposed_at),
        ("approver", handle(row.approved_by_id), done.approved_by),
        ("approval time", row.approved_at, done.approved_at),
    ]
    for name, stored, expected in fields:
        if stored != expected:
            return f"its {name} is {_shown(stored)}"
    expected_links = sorted(
        (e.url, e.stance, e.title, e.note, e.added_by, e.added_at) for e in done.evidence.values()
    )
    if sorted(evidence, key=_link_key) != sorted(expected_links, key=_link_key):
        return f"its {len(evidence)} evidence links (urls, stances, who, when) differ"
    return None


def _link_key(link: tuple[Any, ...]) -> str:
    return repr(link)


def _shown(value: object) -> str:
    if isinstance(value, dt.datetime):
        return canonical_time(value)
    return "none" if value is None else repr(value) if isinstance(value, str) else str(value)


def _check_imports(run: _Run) -> None:
    for desk_id, events in run.imported.items():
        imported = run.imports.get(desk_id)
        if imported is None:
            run.add(None, f"desk row {desk_id}", None, "review events name it as their import")
            continue
        hashes = [digest for _, digest in sorted(events)]
        if len(hashes) != imported.events or events_digest(hashes) != imported.digest:
            run.add(
                None,
                "desk log",
                imported.seq,
                f"the import recorded {imported.events} events, {len(hashes)} carry its mark "
                "or their hashes differ",
            )
    for desk_id, imported in run.imports.items():
        if desk_id not in run.imported and imported.events:
            run.add(None, "desk log", imported.seq, "the events of this import are gone")


def _check_against(point: Checkpoint, run: _Run) -> None:
    taken = canonical_time(point.taken_at)
    where = f"checkpoint of {taken}"
    if state_digest(point.heads, point.desk) != point.digest:
        run.add(None, where, None, "the checkpoint does not match its own digest (edited?)")
        return
    for stable, head in sorted(point.heads.items()):
        chain = run.chains.get(stable)
        if chain is None:
            run.add(None, stable, None, f"existed at the {where} and is gone")
        elif head.seq and (len(chain) < head.seq or chain[head.seq - 1] != head.hash):
            run.add(None, stable, head.seq, f"rewritten since the {where}")
        elif run.heads[stable].content != head.content:
            run.add(None, stable, None, f"its content changed since the {where}")
    if point.desk is not None:
        desk = run.desk_hashes
        if len(desk) < point.desk.seq or desk[point.desk.seq - 1] != point.desk.hash:
            run.add(None, "desk log", point.desk.seq, f"rewritten since the {where}")


def replayed_state(events: Iterable[ReviewEventRow]) -> tuple[str, str, int]:
    """(review state, evidence status, evidence links) that a claim's events say it has."""
    state, status, links = ReviewState.PENDING.value, EvidenceStatus.UNVERIFIED.value, 0
    for event in events:
        state = event.to_state or state
        status = event.evidence_status or status
        links += event.action == ReviewAction.ADD_EVIDENCE.value
        links -= event.action == ReviewAction.REMOVE_EVIDENCE.value
    return state, status, links


def imported_events(store: Store, *, claim_id: int) -> set[int]:
    """The ``seq`` numbers of a claim's events that an import brought in."""
    with store.read() as session:
        return set(
            session.scalars(
                select(ReviewEventRow.seq).where(
                    ReviewEventRow.claim_id == claim_id, ReviewEventRow.import_id.is_not(None)
                )
            )
        )
