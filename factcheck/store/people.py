"""Reviewers: who may act, and in which role.

The very first person added needs no actor and must be an admin (someone has
to be able to add the others); after that only admins add people and change
roles, and the last admin cannot be demoted, so a desk can never lock itself
out. What each role may do is decided in :mod:`factcheck.workflow`.

Handles are 1-64 characters: lower-case letters, digits, ``.``, ``_`` and
``-``, starting with a letter or digit; the whole handle must match (a
trailing newline is refused). They are what the history records.

Every change here writes a desk event naming who made it
(:mod:`factcheck.store.desk`), in the same transaction: ``audit verify``
checks the reviewers table against that log. Deactivated people stay (the
history names them) but can no longer act.
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from factcheck import workflow
from factcheck.errors import InputError, NotFound, PermissionDenied
from factcheck.model import DeskAction, Role, check_review_text, is_handle, shown_handle
from factcheck.store.desk import PEOPLE_ACTIONS, append_desk_event
from factcheck.store.engine import Store
from factcheck.store.tables import DeskEventRow, ReviewerRow, utcnow


class ReviewerOut(BaseModel):
    """A person as shown to users and scripts."""

    model_config = ConfigDict(frozen=True)

    id: int
    handle: str
    name: str | None
    role: Role
    created_at: dt.datetime
    active: bool = True

    @classmethod
    def from_row(cls, row: ReviewerRow) -> ReviewerOut:
        return cls(
            id=row.id,
            handle=row.handle,
            name=row.display_name,
            role=Role(row.role),
            created_at=row.created_at,
            active=row.active,
        )


def check_handle(handle: str) -> str:
    """Refuse a handle that is not lower-case letters, digits, ``.``, ``_`` or ``-``."""
    if not is_handle(handle):
        raise InputError(
            f"invalid handle {handle!r}: use 1-64 lower-case letters, digits, '.', '_' or '-', "
            "starting with a letter or digit"
        )
    return handle


def find_reviewer(session: Session, handle: str) -> ReviewerRow:
    """The reviewer called ``handle``, or NotFound naming how to add them."""
    row = session.scalar(select(ReviewerRow).where(ReviewerRow.handle == handle))
    if row is None:
        raise unknown_reviewer(handle)
    return row


def unknown_reviewer(handle: str) -> NotFound:
    """The error for a handle nobody has: names how to add them."""
    return NotFound(
        f"no reviewer {handle!r}; an admin can add them with "
        f"`factcheck reviewers add {handle} --role reviewer`"
    )


def acting_as(session: Session, row: ReviewerRow) -> workflow.Actor:
    """``row`` as a workflow actor: role, active, and who last set their role when."""
    last = session.execute(
        select(DeskEventRow.actor, DeskEventRow.created_at)
        .where(
            DeskEventRow.handle == row.handle,
            DeskEventRow.action.in_([a.value for a in PEOPLE_ACTIONS]),
        )
        .order_by(DeskEventRow.seq.desc())
        .limit(1)
    ).first()
    return workflow.Actor(
        row.handle,
        Role(row.role),
        appointed_by=last.actor if last else None,
        appointed_at=last.created_at if last else None,
        active=row.active,
    )


def get_reviewer(store: Store, *, handle: str) -> ReviewerOut:
    """The reviewer called ``handle`` (NotFound if there is none)."""
    with store.read() as session:
        return ReviewerOut.from_row(find_reviewer(session, handle))


def list_reviewers(store: Store) -> list[ReviewerOut]:
    """Everyone, in the order they were added."""
    with store.read() as session:
        rows = session.scalars(select(ReviewerRow).order_by(ReviewerRow.id))
        return [ReviewerOut.from_row(row) for row in rows]


def _lock_people(session: Session) -> None:
    # Two concurrent "first admin" adds must not both see an empty table.
    # SQLite's BEGIN IMMEDIATE already serialises writers.
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("LOCK TABLE reviewers IN SHARE ROW EXCLUSIVE MODE"))


def _require_admin(session: Session, by: str | None, doing: str) -> ReviewerRow:
    if not by:
        raise PermissionDenied(
            f"cannot {doing}: only an admin may; pass --as HANDLE or set FACTCHECK_REVIEWER"
        )
    actor = find_reviewer(session, by)
    if not actor.active:
        raise PermissionDenied(f"cannot {doing}: {shown_handle(by)} was deactivated")
    if not workflow.may_manage_people(Role(actor.role)):
        raise PermissionDenied(f"cannot {doing}: {by} is {actor.role}, and only an admin may")
    return actor


def add_reviewer(
    store: Store, *, handle: str, role: Role | str, name: str | None = None, by: str | None = None
) -> ReviewerOut:
    """Add a person. While a database has no admin, the first admin needs no ``by``.

    Counting admins rather than people lets a database that got its reviewers
    from an import (always as plain reviewers) still be bootstrapped.
    """
    check_handle(handle)
    if name is not None:
        try:
            check_review_text(name)
        except ValueError as exc:
            raise InputError(f"invalid name for {handle}: {exc}") from None
    role = Role(role)
    with store.write() as session:
        _lock_people(session)
        has_admin = session.scalar(
            select(ReviewerRow.id).where(ReviewerRow.role == Role.ADMIN.value).limit(1)
        )
        if has_admin is None and role is not Role.ADMIN:
            raise PermissionDenied(
                f"the first person added must be an admin: "
                f"`factcheck reviewers add {handle} --role admin`"
            )
        manager = None
        if has_admin is not None:
            manager = _require_admin(session, by, f"add {handle}").handle
        existing = session.scalar(select(ReviewerRow).where(ReviewerRow.handle == handle))
        if existing is not None:
            raise InputError(
                f"reviewer {handle} already exists as {existing.role}; change the role "
                f"with `factcheck reviewers set-role {handle} ROLE`"
            )
        now = utcnow()
        row = ReviewerRow(handle=handle, role=role.value, display_name=name, created_at=now)
        session.add(row)
        session.flush()
        append_desk_event(
            session,
            actor=manager,
            action=DeskAction.ADD_REVIEWER,
            handle=handle,
            role=role,
            detail={"name": name},
            created_at=now,
        )
        return ReviewerOut.from_row(row)


def set_role(store: Store, *, handle: str, role: Role | str, by: str) -> ReviewerOut:
    """Change a person's role (admins only; the last admin stays an admin)."""
    role = Role(role)
    with store.write() as session:
        _lock_people(session)
        manager = _require_admin(session, by, f"change the role of {handle}")
        row = find_reviewer(session, handle)
        if row.role == Role.ADMIN.value and role is not Role.ADMIN:
            admins = session.scalar(
                select(func.count()).where(
                    ReviewerRow.role == Role.ADMIN.value, ReviewerRow.active.is_(True)
                )
            )
            if admins == 1:
                raise PermissionDenied(f"{handle} is the last admin; make someone else admin first")
        row.role = role.value
        session.flush()
        append_desk_event(
            session, actor=manager.handle, action=DeskAction.SET_ROLE, handle=handle, role=role
        )
        return ReviewerOut.from_row(row)


def deactivate(store: Store, *, handle: str, by: str) -> ReviewerOut:
    """Stop ``handle`` acting (admins only); they stay in the history. The last admin stays."""
    with store.write() as session:
        _lock_people(session)
        manager = _require_admin(session, by, f"deactivate {handle}")
        row = find_reviewer(session, handle)
        if not row.active:
            raise InputError(f"{shown_handle(handle)} is already deactivated")
        if row.role == Role.ADMIN.value:
            admins = session.scalar(
                select(func.count()).where(
                    ReviewerRow.role == Role.ADMIN.value, ReviewerRow.active.is_(True)
                )
            )
            if admins == 1:
                raise PermissionDenied(f"{handle} is the last admin; make someone else admin first")
        row.active = False
        session.flush()
        append_desk_event(
            session, actor=manager.handle, action=DeskAction.DEACTIVATE, handle=handle
        )
        return ReviewerOut.from_row(row)
