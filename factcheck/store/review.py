"""Review actions: take, mark, evidence, note, comment, propose, approve, return, dismiss, reopen.

Each action is one write transaction that

1. locks the claim (``SELECT … FOR UPDATE`` on PostgreSQL; SQLite's
   ``BEGIN IMMEDIATE`` already serialises writers),
2. checks its version against ``expected_version`` when the caller read the
   claim earlier (the CLI's ``--expect-version``, the interactive queue) and
   raises :class:`StaleWrite` naming who changed it and when,
3. asks :func:`factcheck.workflow.decide` whether the action is allowed,
   with the actor's role, whether they are active, who appointed them when,
   and (for ``approve``) who worked on the claim in this review round,
4. applies the change and appends its audit event, which advances the version
   and records the claim's content hash.

Texts (notes, reasons, comments) go through the same validator as every
other entry point (:func:`factcheck.model.check_review_text`): no NUL, lone
surrogates or control characters other than tab and newline.

Any refusal raises before anything is written, and the transaction rolls back.
Every function returns the claim as it is after the action.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from factcheck import workflow
from factcheck.errors import InputError, NotFound, StaleWrite
from factcheck.model import (
    EvidenceIn,
    EvidenceStatus,
    ReviewAction,
    ReviewState,
    Role,
    check_review_text,
    stable_claim_id,
)
from factcheck.store import people
from factcheck.store.audit import append_event, row_content_hash
from factcheck.store.claims import ClaimOut, build_claim_out, lock_claim
from factcheck.store.engine import Store
from factcheck.store.tables import (
    ClaimRow,
    DeskEventRow,
    EvidenceRow,
    ReviewerRow,
    ReviewEventRow,
    utcnow,
)


def take(
    store: Store,
    *,
    claim_id: int,
    by: str,
    over: bool = False,
    expected_version: int | None = None,
) -> ClaimOut:
    """Take a pending claim for review (pending → in_review); it is then yours to work on.

    ``over=True`` takes a claim in review from whoever has it; the event names them.
    """
    if over:
        return _act(
            store, ReviewAction.TAKE_OVER, claim_id=claim_id, by=by, expected=expected_version
        )
    return _act(store, ReviewAction.TAKE, claim_id=claim_id, by=by, expected=expected_version)


def mark(
    store: Store,
    *,
    claim_id: int,
    by: str,
    status: EvidenceStatus | str,
    note: str | None = None,
    expected_version: int | None = None,
) -> ClaimOut:
    """Set the verdict of a claim in review, and its note when one is given."""
    return _act(
        store,
        ReviewAction.MARK,
        claim_id=claim_id,
        by=by,
        expected=expected_version,
        text=note,
        status=EvidenceStatus(status),
    )


def note(
    store: Store, *, claim_id: int, by: str, note: str, expected_version: int | None = None
) -> ClaimOut:
    """Replace the working note of a claim in review."""
    return _act(
        store, ReviewAction.NOTE, claim_id=claim_id, by=by, expected=expected_version, text=note
    )


def add_evidence(
    store: Store,
    *,
    claim_id: int,
    by: str,
    evidence: EvidenceIn,
    expected_version: int | None = None,
) -> ClaimOut:
    """Attach an evidence link to a claim in review (a URL only once per claim)."""
    return _act(
        store,
        ReviewAction.ADD_EVIDENCE,
        claim_id=claim_id,
        by=by,
        expected=expected_version,
        evidence=evidence,
    )


def propose(
    store: Store, *, claim_id: int, by: str, expected_version: int | None = None
) -> ClaimOut:
    """Propose the claim's verdict for approval (in_review → proposed)."""
    return _act(store, ReviewAction.PROPOSE, claim_id=claim_id, by=by, expected=expected_version)


def approve(
    store: Store, *, claim_id: int, by: str, expected_version: int | None = None
) -> ClaimOut:
    """Sign off a proposed verdict (editor, not the proposer)."""
    return _act(store, ReviewAction.APPROVE, claim_id=claim_id, by=by, expected=expected_version)


def return_claim(
    store: Store, *, claim_id: int, by: str, note: str, expected_version: int | None = None
) -> ClaimOut:
    """Send a proposed claim back to review with a note saying why (editor)."""
    return _act(
        store, ReviewAction.RETURN, claim_id=claim_id, by=by, expected=expected_version, text=note
    )


def dismiss(
    store: Store, *, claim_id: int, by: str, reason: str, expected_version: int | None = None
) -> ClaimOut:
    """Dismiss a claim as not check-worthy or not a claim; final (editor)."""
    return _act(
        store,
        ReviewAction.DISMISS,
        claim_id=claim_id,
        by=by,
        expected=expected_version,
        text=reason,
    )


def reopen(
    store: Store, *, claim_id: int, by: str, reason: str, expected_version: int | None = None
) -> ClaimOut:
    """Bring an approved claim back into review (editor)."""
    return _act(
        store, ReviewAction.REOPEN, claim_id=claim_id, by=by, expected=expected_version, text=reason
    )


def remove_evidence(
    store: Store,
    *,
    evidence_id: int,
    by: str,
    reason: str,
    expected_version: int | None = None,
) -> ClaimOut:
    """Remove an evidence link from a claim in review, with a reason (an audited event)."""
    with store.read() as session:
        found = session.execute(
            select(EvidenceRow.claim_id, EvidenceRow.url).where(EvidenceRow.id == evidence_id)
        ).first()
    if found is None:
        raise NotFound(
            f"no evidence {evidence_id}; `factcheck evidence list CLAIM` shows the ids"
        )
    return _act(
        store,
        ReviewAction.REMOVE_EVIDENCE,
        claim_id=found.claim_id,
        by=by,
        expected=expected_version,
        text=reason,
        remove_url=found.url,
    )


def comment(
    store: Store, *, claim_id: int, by: str, text: str, expected_version: int | None = None
) -> ClaimOut:
    """Add a comment to a claim's thread (any state; the note and verdict are untouched)."""
    return _act(
        store, ReviewAction.COMMENT, claim_id=claim_id, by=by, expected=expected_version, text=text
    )


def release(
    store: Store, *, claim_id: int, by: str, expected_version: int | None = None
) -> ClaimOut:
    """Give a claim in review back to the pending pile (in_review → pending)."""
    return _act(store, ReviewAction.RELEASE, claim_id=claim_id, by=by, expected=expected_version)


# --- the one write path ---------------------------------------------------------


def _checked_text(action: ReviewAction, text: str | None) -> str | None:
    if text is None:
        return None
    try:
        return check_review_text(text)
    except ValueError as exc:
        raise InputError(f"cannot {action.value.replace('_', ' ')}: the text is refused: {exc}")


def _round_people(session: Session, claim: ClaimRow) -> tuple[dt.datetime | None, frozenset[str]]:
    """When this review round began and who worked on the verdict or evidence in it."""
    events = session.execute(
        select(ReviewEventRow.action, ReviewEventRow.actor, ReviewEventRow.created_at)
        .where(ReviewEventRow.claim_id == claim.id)
        .order_by(ReviewEventRow.seq)
    ).all()
    started: dt.datetime | None = None
    contributors: set[str] = set()
    for action, actor, created_at in events:
        if ReviewAction(action) in workflow.ROUND_STARTS:
            started, contributors = created_at, set()
        elif ReviewAction(action) in workflow.ROUND_WORK:
            contributors.add(actor)
    if started is None:
        return None, frozenset(contributors)
    return started, workflow.round_people(
        contributors, _appointments(session, contributors), started
    )


def _appointments(session: Session, handles: set[str]) -> dict[str, workflow.Appointment]:
    found: dict[str, workflow.Appointment] = {}
    rows = session.execute(
        select(DeskEventRow.handle, DeskEventRow.actor, DeskEventRow.created_at)
        .where(DeskEventRow.handle.in_(handles))
        .order_by(DeskEventRow.seq)
    )
    for handle, by, at in rows:
        if handle is not None:  # only the latest appointment counts; later rows overwrite
            found[handle] = workflow.Appointment(Role.REVIEWER, True, by, at)
    return found


def _act(
    store: Store,
    action: ReviewAction,
    *,
    claim_id: int,
    by: str,
    expected: int | None,
    text: str | None = None,
    status: EvidenceStatus | None = None,
    evidence: EvidenceIn | None = None,
    remove_url: str | None = None,
) -> ClaimOut:
    text = _checked_text(action, text)
    if evidence is not None:  # a model built with model_construct skips its validators
        evidence = EvidenceIn.model_validate(evidence.model_dump())
    with store.write() as session:
        claim, content_hash = lock_claim(session, claim_id)
        people_by_handle = {row.handle: row for row in session.scalars(select(ReviewerRow))}
        handles = {row.id: row.handle for row in people_by_handle.values()}
        actor = people_by_handle.get(by)
        if actor is None:
            raise people.unknown_reviewer(by)
        if expected is not None and claim.version != expected:
            raise _stale(session, claim, expected)
        urls = frozenset(
            session.scalars(select(EvidenceRow.url).where(EvidenceRow.claim_id == claim.id))
        )
        snapshot = _snapshot(claim, urls, handles)
        if action is ReviewAction.TAKE_OVER:
            text = workflow.take_over_note(snapshot.assignee)
        if action is ReviewAction.APPROVE:
            started, worked = _round_people(session, claim)
            snapshot = dataclasses.replace(
                snapshot, round_started_at=started, round_people=worked
            )
        decision = workflow.decide(
            action,
            claim=snapshot,
            actor=people.acting_as(session, actor),
            text=text,
            status=status,
            evidence_url=evidence.url if evidence else remove_url,
        )
        now = utcnow()
        recorded = _recorded_evidence(session, claim, evidence, remove_url)
        _apply(session, claim, decision, actor, now, text=text, status=status, evidence=evidence)
        append_event(
            session,
            claim,
            actor=actor.handle,
            action=action,
            from_state=decision.from_state,
            to_state=decision.to_state,
            evidence_status=claim.evidence_status,
            note=text,
            evidence=recorded,
            created_at=now,
            stable_id=stable_claim_id(content_hash, claim.span_start, claim.span_end),
            content=row_content_hash(claim, content_hash),
        )
        links = len(urls) + (action is ReviewAction.ADD_EVIDENCE)
        links -= action is ReviewAction.REMOVE_EVIDENCE
        return build_claim_out(claim, content_hash, links, handles)


def _recorded_evidence(
    session: Session, claim: ClaimRow, evidence: EvidenceIn | None, remove_url: str | None
) -> dict[str, Any] | None:
    """What the event records of the link it adds, or of the link it removes (then deletes it)."""
    if evidence is not None:
        return evidence.model_dump(mode="json")
    if remove_url is None:
        return None
    row = session.scalars(
        select(EvidenceRow).where(EvidenceRow.claim_id == claim.id, EvidenceRow.url == remove_url)
    ).one()
    recorded = {"url": row.url, "stance": row.stance, "title": row.title, "note": row.note}
    session.execute(delete(EvidenceRow).where(EvidenceRow.id == row.id))
    return recorded


def _snapshot(
    claim: ClaimRow, urls: frozenset[str], handles: dict[int, str]
) -> workflow.ClaimSnapshot:
    def handle(reviewer_id: int | None) -> str | None:
        return handles.get(reviewer_id) if reviewer_id is not None else None

    return workflow.ClaimSnapshot(
        id=claim.id,
        state=ReviewState(claim.review_state),
        status=EvidenceStatus(claim.evidence_status),
        evidence_urls=urls,
        proposed_by=handle(claim.proposed_by_id),
        assignee=handle(claim.assignee_id),
    )


def _apply(
    session: Session,
    claim: ClaimRow,
    decision: workflow.Decision,
    actor: ReviewerRow,
    now: dt.datetime,
    *,
    text: str | None,
    status: EvidenceStatus | None,
    evidence: EvidenceIn | None,
) -> None:
    """Write what ``decision`` changes on the claim (the event is written after)."""
    match decision.action:
        case ReviewAction.TAKE | ReviewAction.TAKE_OVER:
            claim.assignee_id = actor.id
        case ReviewAction.RELEASE:
            claim.assignee_id = None
        case ReviewAction.MARK:
            assert status is not None
            claim.evidence_status = status.value
            if text is not None:
                claim.note = text or None
        case ReviewAction.NOTE:
            claim.note = text
        case ReviewAction.ADD_EVIDENCE:
            assert evidence is not None
            session.add(_evidence_row(claim, evidence, actor, now))
        case ReviewAction.PROPOSE:
            claim.proposed_by_id, claim.proposed_at = actor.id, now
        case ReviewAction.APPROVE:
            claim.approved_by_id, claim.approved_at = actor.id, now
        case ReviewAction.RETURN:
            claim.proposed_by_id, claim.proposed_at = None, None
        case ReviewAction.REOPEN:
            claim.approved_by_id, claim.approved_at = None, None
            claim.proposed_by_id, claim.proposed_at = None, None
    claim.review_state = decision.to_state.value
    claim.updated_by_id, claim.updated_at = actor.id, now


def _evidence_row(
    claim: ClaimRow, evidence: EvidenceIn, actor: ReviewerRow, now: dt.datetime
) -> EvidenceRow:
    return EvidenceRow(
        claim_id=claim.id,
        url=evidence.url,
        title=evidence.title,
        stance=evidence.stance.value,
        note=evidence.note,
        added_by_id=actor.id,
        added_at=now,
    )


def _stale(session: Session, claim: ClaimRow, expected: int) -> StaleWrite:
    last = session.execute(
        select(ReviewEventRow.actor, ReviewEventRow.created_at)
        .where(ReviewEventRow.claim_id == claim.id)
        .order_by(ReviewEventRow.seq.desc())
        .limit(1)
    ).first()
    changed = (
        f"was changed by {last.actor} at {last.created_at:%Y-%m-%d %H:%M:%S} UTC"
        if last
        else "has changed"
    )
    return StaleWrite(
        f"claim {claim.id} {changed} (version {claim.version}, you had {expected}); "
        f"reload with `factcheck claims show {claim.id}`"
    )
