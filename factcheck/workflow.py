"""The review workflow: states, transitions, roles and the four-eyes rule.

This module is the ONE place the rules live. It is pure (no I/O, no SQL): the
store asks :func:`decide` whether an action is allowed on a claim as it stands,
then writes the change and its audit event in one transaction.

States and transitions::

    pending ──take──► in_review ──propose──► proposed ──approve──► approved
                        ▲   ▲                   │                    │
                        │   └─────return────────┘                    │
                        └──────────────reopen────────────────────────┘
    pending / in_review / proposed ──dismiss──► dismissed (final)

While a claim is ``in_review`` its verdict can be set (``mark``), evidence
links added and its note changed; the state stays ``in_review``.

Preconditions:

- ``propose`` needs a verdict other than ``unverified`` and at least one
  evidence link, unless the verdict is ``unverifiable``;
- ``return`` needs a note, ``dismiss``, ``reopen`` and ``remove_evidence`` a reason;
- ``approve`` is refused by the four-eyes rule (below).

Four eyes. A *review round* starts when the claim enters review (``take`` or
``reopen``). The approver must not have set the verdict (``mark``), changed
the evidence (``add_evidence``, ``remove_evidence``) or proposed in this
round. And a handle created or given its role during the round counts as the
admin who did that, for this round: an admin who worked on the claim cannot
approve it through a handle they made meanwhile, nor approve the work of a
handle they made meanwhile; a third person is needed. (A handle created
before the round is taken to be a different person: the desk log shows who
created it, and on a team database the login proves it.)

Roles are cumulative: ``reviewer`` may take, mark, add evidence, note and
propose; ``editor`` may also approve, return, dismiss and reopen; ``admin``
has every editor power and also manages people. Admins keep editor powers
because on a small desk the admin is usually the desk chief; the four-eyes
rule still stops anyone approving their own proposal.

Who may work on a claim in review: whoever took it (its assignee). Anyone
else's mark, note, evidence change, proposal or release is refused until they
``take --over`` (recorded, naming the previous assignee); ``release`` gives
the claim back to the pending pile. Comments are open to every reviewer.

Evidence statuses map to the FEVER / AVeriTeC labels as follows (for
exchange with research datasets): ``supported`` = SUPPORTS / Supported;
``refuted`` = REFUTES / Refuted; ``mixed`` = (no FEVER label) /
Conflicting Evidence/Cherrypicking; ``unverifiable`` = NOT ENOUGH INFO /
Not Enough Evidence; ``unverified`` = not yet labelled.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field

from factcheck.errors import PermissionDenied, WorkflowError
from factcheck.model import EvidenceStatus, ReviewAction, ReviewState, Role, shown_handle

FINAL_STATES: frozenset[ReviewState] = frozenset()
"""States nothing can leave (none: an editor can reopen a dismissed claim)."""

ROUND_WORK = frozenset(
    {
        ReviewAction.MARK,
        ReviewAction.ADD_EVIDENCE,
        ReviewAction.REMOVE_EVIDENCE,
        ReviewAction.PROPOSE,
    }
)
"""The actions that make someone a contributor to a review round (four eyes)."""

ROUND_STARTS = frozenset({ReviewAction.TAKE, ReviewAction.REOPEN})
"""The actions that start a review round."""

ASSIGNEE_ONLY = frozenset(
    {
        ReviewAction.MARK,
        ReviewAction.ADD_EVIDENCE,
        ReviewAction.REMOVE_EVIDENCE,
        ReviewAction.NOTE,
        ReviewAction.PROPOSE,
        ReviewAction.RELEASE,
    }
)
"""What only a claim's assignee may do while it is in review."""

OPEN_STATES = (ReviewState.PENDING, ReviewState.IN_REVIEW)
"""States the interactive queue works on."""

_ROLE_RANK = {Role.REVIEWER: 0, Role.EDITOR: 1, Role.ADMIN: 2}

FEVER_LABELS: dict[EvidenceStatus, str | None] = {
    EvidenceStatus.UNVERIFIED: None,
    EvidenceStatus.SUPPORTED: "SUPPORTS",
    EvidenceStatus.REFUTED: "REFUTES",
    EvidenceStatus.MIXED: None,
    EvidenceStatus.UNVERIFIABLE: "NOT ENOUGH INFO",
}
AVERITEC_LABELS: dict[EvidenceStatus, str | None] = {
    EvidenceStatus.UNVERIFIED: None,
    EvidenceStatus.SUPPORTED: "Supported",
    EvidenceStatus.REFUTED: "Refuted",
    EvidenceStatus.MIXED: "Conflicting Evidence/Cherrypicking",
    EvidenceStatus.UNVERIFIABLE: "Not Enough Evidence",
}


@dataclass(frozen=True)
class Rule:
    """One review action: where it may start, where it leads, who may do it."""

    action: ReviewAction
    verb: str
    sources: frozenset[ReviewState]
    target: ReviewState | None
    """The state after the action; None keeps the current state."""
    role: Role
    needs_text: str | None = None
    """The name of the text the action requires ("note", "reason"), if any."""


def _rule(
    action: ReviewAction,
    verb: str,
    sources: Collection[ReviewState],
    target: ReviewState | None,
    role: Role,
    needs_text: str | None = None,
) -> Rule:
    return Rule(action, verb, frozenset(sources), target, role, needs_text)


_S = ReviewState
RULES: dict[ReviewAction, Rule] = {
    rule.action: rule
    for rule in (
        _rule(ReviewAction.TAKE, "take", [_S.PENDING], _S.IN_REVIEW, Role.REVIEWER),
        _rule(ReviewAction.MARK, "mark", [_S.IN_REVIEW], None, Role.REVIEWER),
        _rule(ReviewAction.ADD_EVIDENCE, "add evidence to", [_S.IN_REVIEW], None, Role.REVIEWER),
        _rule(ReviewAction.NOTE, "annotate", [_S.IN_REVIEW], None, Role.REVIEWER, "note"),
        _rule(ReviewAction.PROPOSE, "propose", [_S.IN_REVIEW], _S.PROPOSED, Role.REVIEWER),
        _rule(ReviewAction.APPROVE, "approve", [_S.PROPOSED], _S.APPROVED, Role.EDITOR),
        _rule(ReviewAction.RETURN, "return", [_S.PROPOSED], _S.IN_REVIEW, Role.EDITOR, "note"),
        _rule(
            ReviewAction.DISMISS,
            "dismiss",
            [_S.PENDING, _S.IN_REVIEW, _S.PROPOSED],
            _S.DISMISSED,
            Role.EDITOR,
            "reason",
        ),
        _rule(
            ReviewAction.REOPEN,
            "reopen",
            [_S.APPROVED, _S.DISMISSED],
            _S.IN_REVIEW,
            Role.EDITOR,
            "reason",
        ),
        _rule(
            ReviewAction.REMOVE_EVIDENCE,
            "remove evidence from",
            [_S.IN_REVIEW],
            None,
            Role.REVIEWER,
            "reason",
        ),
        _rule(ReviewAction.COMMENT, "comment on", list(_S), None, Role.REVIEWER, "comment"),
        _rule(ReviewAction.RELEASE, "release", [_S.IN_REVIEW], _S.PENDING, Role.REVIEWER),
        _rule(ReviewAction.TAKE_OVER, "take over", [_S.IN_REVIEW], None, Role.REVIEWER),
    )
}
"""Every review action a person can take. ``ingest`` and ``import`` are not here:
they are written by the store when claims arrive, never chosen by a reviewer."""

_STATE_HINTS = {
    _S.PENDING: "take it first: `factcheck take {id}`",
    _S.IN_REVIEW: "set its verdict and evidence, then `factcheck propose {id}`",
    _S.PROPOSED: "an editor can approve it (`factcheck approve {id}`) "
    "or return it (`factcheck return {id} --note …`)",
    _S.APPROVED: "an editor can reopen it: `factcheck reopen {id} --reason …`",
    _S.DISMISSED: "an editor can reopen it: `factcheck reopen {id} --reason …`",
}


@dataclass(frozen=True)
class Actor:
    """The person acting: their handle and role, and who gave them that role when."""

    handle: str
    role: Role
    appointed_by: str | None = None
    appointed_at: dt.datetime | None = None
    active: bool = True


@dataclass(frozen=True)
class ClaimSnapshot:
    """What the rules need to know about a claim, as read under its lock."""

    id: int
    state: ReviewState
    status: EvidenceStatus
    evidence_urls: frozenset[str] = frozenset()
    proposed_by: str | None = None
    assignee: str | None = None
    round_started_at: dt.datetime | None = None
    """When the current review round began (the last take or reopen)."""
    round_people: frozenset[str] = frozenset()
    """Who worked on the verdict or evidence this round, with the admins who
    created or promoted any of them during the round (see :func:`round_people`)."""


@dataclass(frozen=True)
class Decision:
    """An allowed action: the state the claim moves from and to."""

    action: ReviewAction
    from_state: ReviewState
    to_state: ReviewState


def has_role(role: Role, needed: Role) -> bool:
    """True when ``role`` includes ``needed``'s powers (roles are cumulative)."""
    return _ROLE_RANK[role] >= _ROLE_RANK[needed]


def may_manage_people(role: Role) -> bool:
    """Only admins add people and change roles."""
    return has_role(role, Role.ADMIN)


def state_hint(claim_id: int, state: ReviewState) -> str:
    """What can be done next with a claim in ``state``, as one clause."""
    return _STATE_HINTS[state].format(id=claim_id)


def decide(
    action: ReviewAction,
    *,
    claim: ClaimSnapshot,
    actor: Actor,
    text: str | None = None,
    status: EvidenceStatus | None = None,
    evidence_url: str | None = None,
) -> Decision:
    """Allow ``action`` on ``claim`` by ``actor`` or raise with one line naming the fix.

    ``text`` is the note or reason the action carries; ``status`` the verdict a
    ``mark`` sets; ``evidence_url`` the link an ``add_evidence`` attaches.
    Raises :class:`PermissionDenied` for a role that does not allow the action
    and :class:`WorkflowError` for anything else (wrong state, four eyes,
    missing note or reason, a proposal without verdict or evidence).
    """
    rule = RULES.get(action)
    if rule is None:
        raise WorkflowError(f"{action.value} is not a review action a person can take")
    if not actor.active:
        raise PermissionDenied(
            f"cannot {rule.verb} claim {claim.id}: {shown_handle(actor.handle)} was deactivated"
        )
    _check_role(rule, claim, actor)
    if claim.state not in rule.sources:
        raise WorkflowError(_wrong_state(rule, claim, actor))
    if rule.needs_text and not (text and text.strip()):
        raise WorkflowError(
            f"cannot {rule.verb} claim {claim.id} without a {rule.needs_text}: "
            f"pass --{rule.needs_text} TEXT"
        )
    _check_assignee(rule, claim, actor, text)
    _check_preconditions(rule, claim, actor, status=status, evidence_url=evidence_url)
    return Decision(action, claim.state, rule.target or claim.state)


def take_over_note(previous: str | None) -> str:
    """The note a ``take_over`` event records: whose claim it was."""
    return f"taken over from {previous}" if previous else "taken over (no assignee)"


def _check_assignee(rule: Rule, claim: ClaimSnapshot, actor: Actor, text: str | None) -> None:
    if rule.action in ASSIGNEE_ONLY and claim.assignee not in (None, actor.handle):
        raise WorkflowError(
            f"cannot {rule.verb} claim {claim.id}: it is taken by "
            f"{shown_handle(claim.assignee or '')}; take it over first with "
            f"`factcheck take {claim.id} --over`"
        )
    if rule.action is ReviewAction.TAKE_OVER:
        if claim.assignee == actor.handle:
            raise WorkflowError(f"cannot take over claim {claim.id}: it is already yours")
        if text != take_over_note(claim.assignee):
            raise WorkflowError(
                f"cannot take over claim {claim.id}: the event must name its previous "
                f"assignee ({take_over_note(claim.assignee)!r})"
            )


def _check_role(rule: Rule, claim: ClaimSnapshot, actor: Actor) -> None:
    if not has_role(actor.role, rule.role):
        if rule.action is ReviewAction.APPROVE and claim.proposed_by == actor.handle:
            # A new role would not help: four eyes refuses the proposer anyway.
            raise PermissionDenied(
                f"cannot approve claim {claim.id}: {shown_handle(actor.handle)} proposed it, "
                "and only an editor other than the proposer may approve it"
            )
        raise PermissionDenied(
            f"cannot {rule.verb} claim {claim.id}: {shown_handle(actor.handle)} "
            f"is {_a(actor.role)} "
            f"and only {_a(rule.role)} may; an admin can change that with "
            f"`factcheck reviewers set-role {actor.handle} {rule.role.value}`"
        )


def _a(role: Role) -> str:
    article = "an" if role.value[0] in "aeiou" else "a"
    return f"{article} {role.value}"


def _wrong_state(rule: Rule, claim: ClaimSnapshot, actor: Actor) -> str:
    allowed = " or ".join(sorted(state.value for state in rule.sources))
    taken = f" (taken by {shown_handle(claim.assignee)})" if claim.assignee else ""
    hint = state_hint(claim.id, claim.state)
    if claim.state is _S.IN_REVIEW and claim.assignee and claim.assignee != actor.handle:
        # Someone else's work in progress: the next step is theirs, not the caller's.
        hint = (
            f"ask {shown_handle(claim.assignee)} to release it, or take it over with "
            f"`factcheck take {claim.id} --over`"
        )
    return (
        f"cannot {rule.verb} claim {claim.id}: it is {claim.state.value}{taken}, "
        f"and only a claim that is {allowed} can be; {hint}"
    )


def _check_preconditions(
    rule: Rule,
    claim: ClaimSnapshot,
    actor: Actor,
    *,
    status: EvidenceStatus | None,
    evidence_url: str | None,
) -> None:
    if rule.action is ReviewAction.MARK and status is None:
        raise WorkflowError(f"cannot mark claim {claim.id} without a status: pass --status")
    if rule.action is ReviewAction.ADD_EVIDENCE:
        if evidence_url is None:
            raise WorkflowError(f"cannot add evidence to claim {claim.id} without a URL")
        if evidence_url in claim.evidence_urls:
            raise WorkflowError(
                f"claim {claim.id} already cites {evidence_url}; "
                f"see its evidence with `factcheck evidence list {claim.id}`"
            )
    if rule.action is ReviewAction.REMOVE_EVIDENCE and evidence_url not in claim.evidence_urls:
        raise WorkflowError(
            f"claim {claim.id} does not cite {evidence_url}; "
            f"see its evidence with `factcheck evidence list {claim.id}`"
        )
    if rule.action is ReviewAction.PROPOSE:
        _check_proposal(claim)
    if rule.action is ReviewAction.APPROVE:
        _check_four_eyes(claim, actor)


def _check_four_eyes(claim: ClaimSnapshot, actor: Actor) -> None:
    who = shown_handle(actor.handle)
    if claim.proposed_by == actor.handle:
        raise WorkflowError(
            f"cannot approve claim {claim.id}: {who} proposed it, and the "
            "four-eyes rule needs a different editor to approve it"
        )
    if actor.handle in claim.round_people:
        raise WorkflowError(
            f"cannot approve claim {claim.id}: {who} set its verdict or changed its evidence "
            "in this review round (or created the handle that did); the four-eyes rule "
            "needs an editor who did not"
        )
    if actor.appointed_by in claim.round_people and _in_round(actor.appointed_at, claim):
        raise WorkflowError(
            f"cannot approve claim {claim.id}: {who} was made {actor.role.value} during this "
            f"review round by {shown_handle(actor.appointed_by or '')}, who worked on the claim; "
            "the four-eyes rule needs a third person to approve it"
        )


def _in_round(moment: dt.datetime | None, claim: ClaimSnapshot) -> bool:
    started = claim.round_started_at
    return moment is not None and started is not None and moment >= started


def _check_proposal(claim: ClaimSnapshot) -> None:
    if claim.status is EvidenceStatus.UNVERIFIED:
        raise WorkflowError(
            f"cannot propose claim {claim.id}: its status is unverified; set a verdict first: "
            f"`factcheck mark {claim.id} --status supported|refuted|mixed|unverifiable`"
        )
    if claim.status is not EvidenceStatus.UNVERIFIABLE and not claim.evidence_urls:
        raise WorkflowError(
            f"cannot propose claim {claim.id} as {claim.status.value} without evidence: "
            f"add a link with `factcheck evidence add {claim.id} URL --stance …`, "
            "or mark it unverifiable"
        )


def allowed_actions(claim: ClaimSnapshot, actor: Actor) -> list[ReviewAction]:
    """The actions ``actor`` may start on ``claim`` now (ignoring texts and links).

    For display ("what can I do here?"); :func:`decide` stays the authority.
    """
    return [
        rule.action
        for rule in RULES.values()
        if claim.state in rule.sources and has_role(actor.role, rule.role)
    ]


# --- people over time ---------------------------------------------------------------


@dataclass(frozen=True)
class Appointment:
    """A person's standing from a moment on: role, active, and who set it."""

    role: Role
    active: bool
    by: str | None
    at: dt.datetime


@dataclass
class People:
    """Everyone's role over time, replayed from the desk log (people changes).

    :meth:`record` applies one change and refuses one the rules forbid (only
    an admin manages people; only the first admin of an empty desk needs no
    actor), so replaying a forged log fails where the forgery is.
    """

    timeline: dict[str, list[Appointment]] = field(default_factory=dict)

    def record(
        self,
        *,
        action: str,
        handle: str,
        role: Role | None,
        by: str | None,
        at: dt.datetime,
        backfilled: bool = False,
    ) -> None:
        """Apply one people change made at ``at`` by ``by``; WorkflowError if not allowed."""
        self._check_manager(by, at, backfilled=backfilled)
        current = self.at(handle, at)
        if action == "add_reviewer":
            if handle in self.timeline:
                raise WorkflowError(f"{shown_handle(handle)} is added twice")
            if role is None:
                raise WorkflowError(f"{shown_handle(handle)} is added without a role")
            self.timeline[handle] = [Appointment(role, True, by, at)]
            return
        if current is None:
            raise WorkflowError(f"{shown_handle(handle)} is changed before being added")
        if action == "set_role" and role is not None:
            self.timeline[handle].append(Appointment(role, current.active, by, at))
        elif action == "deactivate":
            self.timeline[handle].append(Appointment(current.role, False, by, at))
        else:
            raise WorkflowError(f"unknown people change {action!r}")

    def _check_manager(self, by: str | None, at: dt.datetime, *, backfilled: bool) -> None:
        if by is None:
            if backfilled or not self.has_admin(at):
                return
            raise WorkflowError("a people change without an actor, while the desk has an admin")
        manager = self.at(by, at)
        if manager is None or not manager.active or not may_manage_people(manager.role):
            raise WorkflowError(f"{shown_handle(by)} changed people without being an admin")

    def has_admin(self, at: dt.datetime) -> bool:
        return any(
            (now := self.at(handle, at)) is not None and now.active and now.role is Role.ADMIN
            for handle in self.timeline
        )

    def at(self, handle: str, moment: dt.datetime) -> Appointment | None:
        """``handle``'s standing at ``moment`` (None if not added by then)."""
        found = None
        for appointment in self.timeline.get(handle, []):
            if appointment.at <= moment:
                found = appointment
        return found

    def actor(self, handle: str, moment: dt.datetime) -> Actor | None:
        """The :class:`Actor` ``handle`` was at ``moment``, or None if unknown then."""
        now = self.at(handle, moment)
        if now is None:
            return None
        return Actor(handle, now.role, appointed_by=now.by, appointed_at=now.at, active=now.active)

    def current(self) -> dict[str, Appointment]:
        """Everyone's latest standing."""
        return {handle: line[-1] for handle, line in self.timeline.items()}


def round_people(
    contributors: Iterable[str], appointments: Mapping[str, Appointment], started: dt.datetime
) -> frozenset[str]:
    """The contributors of a round plus whoever created or promoted one of them during it."""
    people = set(contributors)
    for handle in list(people):
        appointment = appointments.get(handle)
        if appointment and appointment.by and appointment.at >= started:
            people.add(appointment.by)
    return frozenset(people)


# --- replaying a history ------------------------------------------------------------


@dataclass(frozen=True)
class EventFacts:
    """One recorded review event, as the rules see it."""

    seq: int
    actor: str
    action: ReviewAction
    from_state: ReviewState | None
    to_state: ReviewState | None
    evidence_status: EvidenceStatus | None
    note: str | None
    evidence: Mapping[str, object] | None
    created_at: dt.datetime
    judged_at: dt.datetime | None = None
    """When the actor's role is judged: the event's time, or for imported
    history the time of the import (roles where it was imported)."""


@dataclass(frozen=True)
class EvidenceFact:
    """An evidence link as the history says it was attached."""

    url: str
    stance: str
    title: str | None
    note: str | None
    added_by: str
    added_at: dt.datetime


@dataclass
class Replayed:
    """What a claim's review fields must be, given its history."""

    state: ReviewState = ReviewState.PENDING
    status: EvidenceStatus = EvidenceStatus.UNVERIFIED
    note: str | None = None
    assignee: str | None = None
    proposed_by: str | None = None
    proposed_at: dt.datetime | None = None
    approved_by: str | None = None
    approved_at: dt.datetime | None = None
    evidence: dict[str, EvidenceFact] = field(default_factory=dict)
    round_started_at: dt.datetime | None = None
    contributors: set[str] = field(default_factory=set)
    last_at: dt.datetime | None = None


def replay(
    events: Iterable[EventFacts],
    *,
    claim_id: int,
    people: People,
) -> Replayed:
    """Replay a history through :func:`decide`; WorkflowError naming the first bad event.

    Each event's actor is judged by their standing in ``people`` at the
    event's ``judged_at`` (its own time unless imported). Times must not go back.
    """
    done = Replayed()
    for event in events:
        where = f"claim {claim_id}, event {event.seq} ({event.action.value} by "
        where += f"{shown_handle(event.actor)})"
        try:
            _replay_one(done, event, claim_id, people)
        except WorkflowError as exc:
            raise WorkflowError(f"{where}: {exc}") from None
    return done


def _replay_one(
    done: Replayed,
    event: EventFacts,
    claim_id: int,
    people: People,
) -> None:
    when = event.judged_at or event.created_at
    if done.last_at is not None and event.created_at < done.last_at:
        raise WorkflowError("it is dated before the event preceding it")
    if event.action is ReviewAction.CARRIED_OVER:
        # Written by ingest when a new revision keeps the sentence: no person acts,
        # nothing changes; the review it carries is the history replayed before it.
        if (event.from_state, event.to_state) != (done.state, done.state) or (
            event.evidence_status not in (None, done.status)
        ):
            raise WorkflowError(
                "a carried_over event must leave the state and verdict as they were"
            )
        done.last_at = event.created_at
        return
    actor = people.actor(event.actor, when)
    if actor is None:
        raise WorkflowError("the actor was not a reviewer at that time")
    worked = frozenset(done.contributors)
    if event.judged_at is not None:
        # Imported: the people here were appointed after the events happened, by
        # the admin who imports (and vouches for them); who appointed whom says
        # nothing about the round, so only the handles themselves are compared.
        actor = Actor(actor.handle, actor.role, active=actor.active)
    elif done.round_started_at is not None:
        appointments = {h: a for h in worked if (a := people.at(h, when)) is not None}
        worked = round_people(worked, appointments, done.round_started_at)
    snapshot = ClaimSnapshot(
        id=claim_id,
        state=done.state,
        status=done.status,
        evidence_urls=frozenset(done.evidence),
        proposed_by=done.proposed_by,
        assignee=done.assignee,
        round_started_at=done.round_started_at,
        round_people=worked,
    )
    evidence_url = _text(event.evidence, "url")
    decision = decide(
        event.action,
        claim=snapshot,
        actor=actor,
        text=event.note,
        status=event.evidence_status if event.action is ReviewAction.MARK else None,
        evidence_url=evidence_url,
    )
    if (event.from_state, event.to_state) != (decision.from_state, decision.to_state):
        raise WorkflowError(
            f"it records {_v(event.from_state)} → {_v(event.to_state)}, but the rules "
            f"lead from {decision.from_state.value} to {decision.to_state.value}"
        )
    _apply_replayed(done, event, decision)


def _v(state: ReviewState | None) -> str:
    return state.value if state is not None else "nothing"


def _text(mapping: Mapping[str, object] | None, key: str) -> str | None:
    value = mapping.get(key) if mapping else None
    return value if isinstance(value, str) else None


def _apply_replayed(done: Replayed, event: EventFacts, decision: Decision) -> None:
    action, at = event.action, event.created_at
    if action is ReviewAction.MARK and event.evidence_status is not None:
        done.status = event.evidence_status
        if event.note is not None:
            done.note = event.note or None
    elif event.evidence_status is not None and event.evidence_status is not done.status:
        raise WorkflowError(f"it records the verdict {event.evidence_status.value}, "
                            f"but the claim's verdict was {done.status.value}")
    if action is ReviewAction.NOTE:
        done.note = event.note
    if action in ROUND_STARTS:
        done.round_started_at, done.contributors = at, set()
    if action in (ReviewAction.TAKE, ReviewAction.TAKE_OVER):
        done.assignee = event.actor
    if action is ReviewAction.RELEASE:
        done.assignee = None
    if action in ROUND_WORK:
        done.contributors.add(event.actor)
    _apply_replayed_evidence(done, event)
    if action is ReviewAction.PROPOSE:
        done.proposed_by, done.proposed_at = event.actor, at
    elif action is ReviewAction.APPROVE:
        done.approved_by, done.approved_at = event.actor, at
    elif action is ReviewAction.RETURN:
        done.proposed_by, done.proposed_at = None, None
    elif action is ReviewAction.REOPEN:
        done.proposed_by = done.proposed_at = done.approved_by = done.approved_at = None
    done.state = decision.to_state
    done.last_at = at


def _apply_replayed_evidence(done: Replayed, event: EventFacts) -> None:
    url = _text(event.evidence, "url")
    if event.action is ReviewAction.ADD_EVIDENCE and url is not None:
        done.evidence[url] = EvidenceFact(
            url=url,
            stance=_text(event.evidence, "stance") or "",
            title=_text(event.evidence, "title"),
            note=_text(event.evidence, "note"),
            added_by=event.actor,
            added_at=event.created_at,
        )
    elif event.action is ReviewAction.REMOVE_EVIDENCE:
        if url is None or url not in done.evidence:
            raise WorkflowError("it removes evidence the claim does not cite")
        del done.evidence[url]
