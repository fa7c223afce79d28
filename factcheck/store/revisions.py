"""Article revisions: store an updated article as revision N+1 and carry reviews over.

A revision is a new source row linked to the one it replaces (``previous_id``),
so every claim, event and verdict of the old text stays exactly where it was
made and its hash chain stays verifiable. Each claim of the previous revision
is re-anchored in the new text (:func:`factcheck.text.anchor.reanchor`):

- **unchanged**: the new claim gets the old one's state, verdict, note, people,
  evidence links and its whole history (each event re-hashed into the new
  claim's chain, which is keyed by the new text's hash), then a
  ``carried_over`` event naming both revisions, so ``audit verify`` replays
  the new claim to exactly the carried state;
- **changed**: a new pending claim linked to the old one, with ``was`` (e.g.
  ``refuted (approved)``) so the reviewer sees what the old wording was judged;
- **removed**: the old claim stays in its revision, marked ``removed_in``;
- **new**: a pending claim.

Everything happens in the caller's ingest transaction: all or nothing.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ConfigDict
from sqlalchemy import Table, bindparam, insert, select, update
from sqlalchemy.orm import Session

from factcheck.errors import InputError, NotFound
from factcheck.model import ReviewAction, ReviewState, stable_claim_id
from factcheck.store.audit import event_hash, row_content_hash
from factcheck.store.engine import Store
from factcheck.store.tables import (
    ClaimRow,
    EvidenceRow,
    ReviewEventRow,
    SourceRow,
    utcnow,
)
from factcheck.text.anchor import Anchoring, Outcome, Span, reanchor

REVISION_ACTOR = "factcheck.revision"
"""The actor of ``carried_over`` events: ingest, not a person. A valid handle (exports
check actors against the handle pattern); replay never looks it up among the people."""

_STATE_COLUMNS = (
    "evidence_status", "review_state", "note", "assignee_id", "proposed_by_id", "proposed_at",
    "approved_by_id", "approved_at", "updated_by_id",
)


@dataclass(frozen=True)
class RevisionOutcome:
    """What making one revision did: per-outcome counts and approved claims that vanished."""

    revision: int
    previous_id: int
    counts: dict[str, int] = field(default_factory=dict)
    removed_approved: tuple[int, ...] = ()
    """Ids (in the previous revision) of approved claims the new text no longer has."""

    def describe(self) -> str:
        order = [o.value for o in Outcome]
        parts = ", ".join(f"{self.counts.get(o, 0)} {o}" for o in order)
        line = f"revision {self.revision} of source {self.previous_id}'s article ({parts})"
        if self.removed_approved:
            ids = ", ".join(str(i) for i in self.removed_approved)
            line += f"; APPROVED CLAIM(S) REMOVED from the article: {ids}"
        return line


def _table(row_class: type[Any]) -> Table:
    """The Core table of a row class (Core statements skip the ORM's per-row bookkeeping)."""
    table = row_class.__table__
    assert isinstance(table, Table)
    return table


def head_for_url(session: Session, url: str) -> SourceRow | None:
    """The latest revision of the article stored under ``url`` (None if there is none)."""
    replaced = select(SourceRow.previous_id).where(SourceRow.previous_id.is_not(None))
    return session.scalars(
        select(SourceRow)
        .where(SourceRow.url == url, SourceRow.id.not_in(replaced))
        .order_by(SourceRow.id.desc())
        .limit(1)
    ).first()


def head_of(session: Session, source_id: int) -> SourceRow:
    """The latest revision of the article ``source_id`` belongs to; InputError if none."""
    current = source_id
    while True:
        newer = session.scalar(select(SourceRow.id).where(SourceRow.previous_id == current))
        if newer is None:
            break
        current = newer
    row = session.get(SourceRow, current)
    if row is None:
        raise InputError(f"no source with id {source_id} (see `factcheck sources list`)")
    return row


def make_revision(session: Session, *, previous: SourceRow, source: SourceRow) -> RevisionOutcome:
    """Link the just-flushed ``source`` (with its claims) as the next revision of ``previous``."""
    source.revision = previous.revision + 1
    source.previous_id = previous.id
    # Core rows, not ORM objects: a revision touches every claim twice, and the
    # unit of work's bookkeeping cost more than the re-anchoring itself.
    claims = _table(ClaimRow)
    rows: list[Any] = list(session.execute(
        select(claims)
        .where(claims.c.source_id.in_([previous.id, source.id]))
        .order_by(claims.c.source_id, claims.c.ordinal)
    ))
    old = [row for row in rows if row.source_id == previous.id]
    new = [row for row in rows if row.source_id == source.id]
    anchored = reanchor(
        old_text=previous.text, old=[Span(c.id, c.text, c.span_start, c.span_end) for c in old],
        new_text=source.text, new=[Span(c.id, c.text, c.span_start, c.span_end) for c in new],
    )
    old_by_id = {c.id: c for c in old}
    new_by_id = {c.id: c for c in new}
    counts: Counter[str] = Counter(a.outcome.value for a in anchored)
    changes: dict[int, dict[str, Any]] = {}
    for a in anchored:
        if a.new is not None:
            changes[a.new] = _link(a, old_by_id)
    removed = [a.old for a in anchored if a.outcome is Outcome.REMOVED and a.old is not None]
    if removed:
        session.execute(
            update(ClaimRow).where(ClaimRow.id.in_(removed)).values(removed_in=source.revision)
        )
    carried = {
        a.old: new_by_id[a.new] for a in anchored
        if a.outcome is Outcome.UNCHANGED and a.old is not None and a.new is not None
    }
    _carry_over(session, carried, old_by_id, changes, previous, source)
    if changes:
        # One executemany UPDATE by primary key, not one ORM flush per claim.
        _update_claims(session, changes)
    approved = ReviewState.APPROVED.value
    return RevisionOutcome(
        revision=source.revision,
        previous_id=previous.id,
        counts=dict(counts),
        removed_approved=tuple(i for i in removed if old_by_id[i].review_state == approved),
    )


def _update_claims(session: Session, changes: dict[int, dict[str, Any]]) -> None:
    """One executemany UPDATE per set of changed columns (carried claims change more)."""
    claims = _table(ClaimRow)
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for claim_id, values in changes.items():
        groups.setdefault(tuple(sorted(values)), []).append(
            {"claim_id": claim_id, **{f"v_{k}": v for k, v in values.items()}}
        )
    for names, rows in groups.items():
        statement = (
            claims.update()
            .where(claims.c.id == bindparam("claim_id"))
            .values({name: bindparam(f"v_{name}") for name in names})
        )
        session.connection().execute(statement, rows)


def _link(a: Anchoring, old: dict[int, Any]) -> dict[str, Any]:
    """The revision columns of a new claim: outcome, the old claim, and ``was`` if changed."""
    before = old[a.old] if a.old is not None else None
    was = None
    if before is not None and a.outcome is Outcome.CHANGED:
        was = f"{before.evidence_status} ({before.review_state})"
    return {
        "outcome": a.outcome.value,
        "previous_claim_id": before.id if before is not None else None,
        "was": was,
    }


def _carry_over(
    session: Session, pairs: dict[int, Any], old: dict[int, Any],
    changes: dict[int, dict[str, Any]], previous: SourceRow, source: SourceRow,
) -> None:
    """Copy state, evidence and history of unchanged claims, then one carried_over event each."""
    if not pairs:
        return
    events: dict[int, list[ReviewEventRow]] = {}
    # version is 1 + the number of events: a claim at version 1 has no history and
    # no evidence to copy, which spares both queries for an unreviewed article.
    reviewed = [old_id for old_id in pairs if old[old_id].version > 1]
    for event in session.scalars(
        select(ReviewEventRow)
        .where(ReviewEventRow.claim_id.in_(reviewed))
        .order_by(ReviewEventRow.claim_id, ReviewEventRow.seq)
    ) if reviewed else ():
        events.setdefault(event.claim_id, []).append(event)
    links = [
        {
            "claim_id": pairs[link.claim_id].id, "url": link.url, "title": link.title,
            "stance": link.stance, "note": link.note, "added_by_id": link.added_by_id,
            "added_at": link.added_at,
        }
        for link in (session.scalars(
            select(EvidenceRow).where(EvidenceRow.claim_id.in_(reviewed))
        ) if reviewed else ())
    ]
    if links:
        session.connection().execute(insert(_table(EvidenceRow)), links)
    now = utcnow()
    rows: list[dict[str, Any]] = []
    for old_id, claim in pairs.items():
        before = old[old_id]
        stable = stable_claim_id(source.content_hash, claim.span_start, claim.span_end)
        prev_hash: str | None = None
        history = events.get(old_id, [])
        content = row_content_hash(claim, source.content_hash)
        for event in history:
            # Re-keyed to the new claim: its chain and recorded content are the new
            # text's (the same sentence); the old chain stays whole in its revision.
            fields = _event_fields(event, prev_hash)
            if fields["content"] is not None:
                fields["content"] = content
            prev_hash = event_hash(claim=stable, **fields)
            rows.append({"claim_id": claim.id, "hash": prev_hash, "import_id": None, **fields})
        note = (
            f"carried over from revision {previous.revision} (claim {old_id}) "
            f"to revision {source.revision} (claim {claim.id}): same sentence"
        )
        fields = {
            "seq": len(history) + 1, "actor": REVISION_ACTOR,
            "action": ReviewAction.CARRIED_OVER.value,
            "from_state": before.review_state, "to_state": before.review_state,
            "evidence_status": None, "note": note, "evidence": None,
            "created_at": max(now, *(e.created_at for e in history)) if history else now,
            "prev_hash": prev_hash, "content": content,
        }
        digest = event_hash(claim=stable, **fields)
        rows.append({"claim_id": claim.id, "hash": digest, "import_id": None, **fields})
        changes[claim.id].update(
            {name: getattr(before, name) for name in _STATE_COLUMNS},
            version=len(history) + 2, updated_at=now,
        )
    session.connection().execute(insert(_table(ReviewEventRow)), rows)


def _event_fields(event: ReviewEventRow, prev_hash: str | None) -> dict[str, Any]:
    return {
        "seq": event.seq, "actor": event.actor, "action": event.action,
        "from_state": event.from_state, "to_state": event.to_state,
        "evidence_status": event.evidence_status, "note": event.note,
        "evidence": event.evidence, "created_at": event.created_at,
        "prev_hash": prev_hash, "content": event.content,
    }


# --- reading: revisions and diffs ---------------------------------------------------


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True)


class RevisionInfo(_Out):
    """One revision of an article."""

    revision: int
    source_id: int
    previous_id: int | None
    retrieved_at: str
    content_hash: str
    claims: int
    outcomes: dict[str, int]
    removed: int
    """Claims of the previous revision this one no longer has."""


class DiffClaim(_Out):
    id: int
    ordinal: int
    text: str
    review_state: str
    evidence_status: str


class DiffEntry(_Out):
    """One sentence of the diff: an old claim, a new one, or both."""

    outcome: str
    old: DiffClaim | None
    new: DiffClaim | None


class RevisionDiff(_Out):
    source_id: int
    from_revision: int
    to_revision: int
    from_source: int
    to_source: int
    counts: dict[str, int]
    entries: list[DiffEntry]


def _lineage(session: Session, source_id: int) -> list[SourceRow]:
    """Every revision of the article ``source_id`` belongs to, oldest first."""
    row = session.get(SourceRow, source_id)
    if row is None:
        raise NotFound(f"no source with id {source_id}")
    while row.previous_id is not None:
        older = session.get(SourceRow, row.previous_id)
        if older is None:
            break
        row = older
    line = [row]
    while True:
        newer = session.scalars(
            select(SourceRow).where(SourceRow.previous_id == line[-1].id)
        ).first()
        if newer is None:
            return line
        line.append(newer)


def list_revisions(store: Store, *, source_id: int) -> list[RevisionInfo]:
    """The revisions of the article ``source_id`` belongs to (any of its revisions' ids)."""
    with store.read() as session:
        line = _lineage(session, source_id)
        result = []
        for row in line:
            outcomes = Counter(session.scalars(
                select(ClaimRow.outcome).where(ClaimRow.source_id == row.id)
            ))
            claims = sum(outcomes.values())
            removed = 0
            if row.previous_id is not None:
                removed = len(list(session.scalars(select(ClaimRow.id).where(
                    ClaimRow.source_id == row.previous_id, ClaimRow.removed_in == row.revision
                ))))
            result.append(RevisionInfo(
                revision=row.revision, source_id=row.id, previous_id=row.previous_id,
                retrieved_at=row.retrieved_at.isoformat(), content_hash=row.content_hash,
                claims=claims,
                outcomes={k: v for k, v in sorted(outcomes.items()) if k is not None},
                removed=removed,
            ))
        return result


def diff_revisions(
    store: Store, *, source_id: int, from_revision: int | None = None,
    to_revision: int | None = None,
) -> RevisionDiff:
    """Sentence-level diff of two revisions (default: the last two) with each claim's outcome.

    Recomputed by :func:`reanchor` on the two stored texts, so any two revisions
    compare; for consecutive ones it is what ingest stored.
    """
    with store.read() as session:
        line = _lineage(session, source_id)
        numbers = {row.revision: row for row in line}
        to_n = to_revision if to_revision is not None else line[-1].revision
        from_n = from_revision if from_revision is not None else max(to_n - 1, 1)
        for n in (to_n, from_n):
            if n not in numbers:
                have = ", ".join(str(k) for k in numbers)
                raise InputError(
                    f"source {source_id}'s article has no revision {n} (it has {have})"
                )
        if from_n >= to_n:
            raise InputError(f"--from {from_n} must be an earlier revision than --to {to_n}")
        a_id, a_text = numbers[from_n].id, numbers[from_n].text
        b_id, b_text = numbers[to_n].id, numbers[to_n].text
        old = _claims(session, a_id)
        new = _claims(session, b_id)
    anchored = reanchor(
        old_text=a_text, old=[Span(c.id, c.text, *c_span) for c, c_span in old],
        new_text=b_text, new=[Span(c.id, c.text, *c_span) for c, c_span in new],
    )
    old_by = {c.id: c for c, _ in old}
    new_by = {c.id: c for c, _ in new}
    entries = [
        DiffEntry(
            outcome=x.outcome.value,
            old=old_by[x.old] if x.old is not None else None,
            new=new_by[x.new] if x.new is not None else None,
        )
        for x in anchored
    ]
    entries = _in_reading_order(entries)
    return RevisionDiff(
        source_id=source_id, from_revision=from_n, to_revision=to_n,
        from_source=a_id, to_source=b_id,
        counts=dict(Counter(e.outcome for e in entries)), entries=entries,
    )


def _in_reading_order(entries: list[DiffEntry]) -> list[DiffEntry]:
    """The new text's order; a removed claim right after what preceded it in the old text."""
    ordered = sorted((e for e in entries if e.new is not None), key=lambda e: _ordinal(e.new))
    removed = sorted((e for e in entries if e.new is None), key=lambda e: _ordinal(e.old))
    for entry in removed:
        before = _ordinal(entry.old)
        at = 0
        for index, kept in enumerate(ordered):
            if kept.old is not None and kept.old.ordinal < before:
                at = index + 1
        ordered.insert(at, entry)
    return ordered


def _ordinal(claim: DiffClaim | None) -> int:
    return claim.ordinal if claim is not None else -1


def _claims(session: Session, source_id: int) -> list[tuple[DiffClaim, tuple[int, int]]]:
    rows = session.execute(
        select(ClaimRow.id, ClaimRow.ordinal, ClaimRow.text, ClaimRow.review_state,
               ClaimRow.evidence_status, ClaimRow.span_start, ClaimRow.span_end)
        .where(ClaimRow.source_id == source_id).order_by(ClaimRow.ordinal)
    )
    return [
        (DiffClaim(id=r[0], ordinal=r[1], text=r[2], review_state=r[3], evidence_status=r[4]),
         (r[5], r[6]))
        for r in rows
    ]


class VanishedClaim(_Out):
    """An approved claim a later revision of its article no longer has: shown loudly."""

    claim_id: int
    source_id: int
    removed_in: int
    text: str
    evidence_status: str


def vanished_approved(store: Store, *, source_id: int) -> list[VanishedClaim]:
    """Approved claims of any revision of ``source_id``'s article that a revision removed."""
    with store.read() as session:
        if session.get(SourceRow, source_id) is None:
            return []
        ids = [row.id for row in _lineage(session, source_id)]
        rows = session.execute(
            select(ClaimRow.id, ClaimRow.source_id, ClaimRow.removed_in, ClaimRow.text,
                   ClaimRow.evidence_status)
            .where(ClaimRow.source_id.in_(ids), ClaimRow.removed_in.is_not(None),
                   ClaimRow.review_state == ReviewState.APPROVED.value)
            .order_by(ClaimRow.id)
        )
        return [
            VanishedClaim(claim_id=r[0], source_id=r[1], removed_in=r[2] or 0, text=r[3],
                          evidence_status=r[4])
            for r in rows
        ]
