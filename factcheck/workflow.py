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
- ``return`` needs a note, ``dismiss`` and ``reopen`` a reason;
- ``approve`` is refused to whoever proposed the verdict (four eyes).

Roles are cumulative: ``reviewer`` may take, mark, add evidence, note and
propose; ``editor`` may also approve, return, dismiss and reopen; ``admin``
has every editor power and also manages people. Admins keep editor powers
because on a small desk the admin is usually the desk chief; the four-eyes
rule still stops anyone approving their own proposal.

Who may work on a claim in review: any reviewer, not only the one who took
it. Desks share the gathering of evidence; the history records who did what,
the version check stops two people overwriting each other, and the four-eyes
rule is what guards the verdict.

Evidence statuses map to the FEVER / AVeriTeC labels as follows (for
exchange with research datasets): ``supported`` = SUPPORTS / Supported;
``refuted`` = REFUTES / Refuted; ``mixed`` = (no FEVER label) /
Conflicting Evidence/Cherrypicking; ``unverifiable`` = NOT ENOUGH INFO /
Not Enough Evidence; ``unverified`` = not yet labelled.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from factcheck.errors import PermissionDenied, WorkflowError
from factcheck.model import EvidenceStatus, ReviewAction, ReviewState, Role

FINAL_STATES = frozenset({ReviewState.DISMISSED})
"""States nothing can leave."""

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
        _rule(ReviewAction.REOPEN, "reopen", [_S.APPROVED], _S.IN_REVIEW, Role.EDITOR, "reason"),
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
    _S.DISMISSED: "dismissal is final; nothing more can be done with it",
}


@dataclass(frozen=True)
class Actor:
    """The person acting: their handle and role."""

    handle: str
    role: Role


@dataclass(frozen=True)
class ClaimSnapshot:
    """What the rules need to know about a claim, as read under its lock."""

    id: int
    state: ReviewState
    status: EvidenceStatus
    evidence_urls: frozenset[str] = frozenset()
    proposed_by: str | None = None
    assignee: str | None = None


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
    _check_role(rule, claim, actor)
    if claim.state not in rule.sources:
        raise WorkflowError(_wrong_state(rule, claim))
    if rule.needs_text and not (text and text.strip()):
        raise WorkflowError(
            f"cannot {rule.verb} claim {claim.id} without a {rule.needs_text}: "
            f"pass --{rule.needs_text} TEXT"
        )
    _check_preconditions(rule, claim, actor, status=status, evidence_url=evidence_url)
    return Decision(action, claim.state, rule.target or claim.state)


def _check_role(rule: Rule, claim: ClaimSnapshot, actor: Actor) -> None:
    if not has_role(actor.role, rule.role):
        raise PermissionDenied(
            f"cannot {rule.verb} claim {claim.id}: {actor.handle} is {_a(actor.role)} "
            f"and only {_a(rule.role)} may; an admin can change that with "
            f"`factcheck reviewers set-role {actor.handle} {rule.role.value}`"
        )


def _a(role: Role) -> str:
    article = "an" if role.value[0] in "aeiou" else "a"
    return f"{article} {role.value}"


def _wrong_state(rule: Rule, claim: ClaimSnapshot) -> str:
    allowed = " or ".join(sorted(state.value for state in rule.sources))
    taken = f" (taken by {claim.assignee})" if claim.assignee else ""
    return (
        f"cannot {rule.verb} claim {claim.id}: it is {claim.state.value}{taken}, "
        f"and only a claim that is {allowed} can be; {state_hint(claim.id, claim.state)}"
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
    if rule.action is ReviewAction.PROPOSE:
        _check_proposal(claim)
    if rule.action is ReviewAction.APPROVE and claim.proposed_by == actor.handle:
        raise WorkflowError(
            f"cannot approve claim {claim.id}: {actor.handle} proposed it, and the "
            "four-eyes rule needs a different editor to approve it"
        )


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
