"""The desk log: people changes and imports, append-only and hash-chained.

Every change to the reviewers table (a person added, a role changed, someone
deactivated) and every import of review history writes one
:class:`DeskEventRow` in the same transaction, naming who did it. The log is
one chain for the whole database: ``seq`` from 1, ``prev_hash`` the hash of
event ``seq - 1``. Triggers refuse UPDATE and DELETE; ``factcheck audit
verify`` replays the log (:func:`load_people`) and checks the reviewers table
against it, and every review event's actor against the roles it gives.

Canonical form: ``"sha256:"`` + hex SHA-256 of the UTF-8 of
``json.dumps(doc, sort_keys=True, separators=(",", ":"), ensure_ascii=False)``
where ``doc`` has the keys ``seq``, ``actor`` (null only for the first admin of
an empty database, and for people who existed before the log), ``action``,
``handle``, ``role``, ``detail`` (an object or null) and ``created_at``
(UTC, ISO-8601 with microseconds) and ``prev_hash``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from factcheck import workflow
from factcheck.errors import WorkflowError
from factcheck.model import HASH_PREFIX, DeskAction, Role
from factcheck.store.tables import DeskEventRow, utcnow


def desk_event_hash(
    *,
    seq: int,
    actor: str | None,
    action: str,
    handle: str | None,
    role: str | None,
    detail: dict[str, Any] | None,
    created_at: dt.datetime,
    prev_hash: str | None,
) -> str:
    """The ``sha256:`` hash of a desk event's canonical JSON (see the module docstring)."""
    doc = {
        "seq": seq,
        "actor": actor,
        "action": action,
        "handle": handle,
        "role": role,
        "detail": detail,
        "created_at": created_at.astimezone(dt.UTC).isoformat(timespec="microseconds"),
        "prev_hash": prev_hash,
    }
    canonical = json.dumps(doc, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return HASH_PREFIX + hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def lock_desk(session: Session) -> None:
    """Serialise desk-log appends (SQLite's BEGIN IMMEDIATE already does)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("LOCK TABLE desk_events IN SHARE ROW EXCLUSIVE MODE"))


def append_desk_event(
    session: Session,
    *,
    actor: str | None,
    action: DeskAction,
    handle: str | None = None,
    role: Role | None = None,
    detail: dict[str, Any] | None = None,
    created_at: dt.datetime | None = None,
) -> DeskEventRow:
    """Append the next desk event; the caller's transaction makes the change it records."""
    lock_desk(session)
    last = session.execute(
        select(DeskEventRow.seq, DeskEventRow.hash).order_by(DeskEventRow.seq.desc()).limit(1)
    ).first()
    seq, prev_hash = (last.seq + 1, last.hash) if last else (1, None)
    fields: dict[str, Any] = {
        "seq": seq,
        "actor": actor,
        "action": DeskAction(action).value,
        "handle": handle,
        "role": None if role is None else Role(role).value,
        "detail": detail,
        "created_at": (created_at or utcnow()).astimezone(dt.UTC),
        "prev_hash": prev_hash,
    }
    row = DeskEventRow(hash=desk_event_hash(**fields), **fields)
    session.add(row)
    session.flush()
    return row


def recompute(row: DeskEventRow) -> str:
    """The hash ``row`` should have, from its content."""
    return desk_event_hash(
        seq=row.seq,
        actor=row.actor,
        action=row.action,
        handle=row.handle,
        role=row.role,
        detail=row.detail,
        created_at=row.created_at,
        prev_hash=row.prev_hash,
    )


PEOPLE_ACTIONS = frozenset({DeskAction.ADD_REVIEWER, DeskAction.SET_ROLE, DeskAction.DEACTIVATE})


def load_people(session: Session) -> workflow.People:
    """Everyone's role over time, replayed from the desk log (WorkflowError if it is illegal)."""
    people = workflow.People()
    for row in session.scalars(select(DeskEventRow).order_by(DeskEventRow.seq)):
        record_row(people, row)
    return people


def record_row(people: workflow.People, row: DeskEventRow) -> None:
    """Apply one desk event to ``people`` (imports change nobody)."""
    if DeskAction(row.action) not in PEOPLE_ACTIONS:
        return
    try:
        people.record(
            action=row.action,
            handle=row.handle or "",
            role=None if row.role is None else Role(row.role),
            by=row.actor,
            at=row.created_at,
            backfilled=bool((row.detail or {}).get("backfilled")),
        )
    except WorkflowError as exc:
        raise WorkflowError(f"desk event {row.seq} ({row.action}): {exc}") from None
