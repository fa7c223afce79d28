"""The pure workflow rules: every (action, state) pair, roles, four eyes, preconditions."""

from __future__ import annotations

import itertools

import pytest

from factcheck import workflow
from factcheck.errors import PermissionDenied, WorkflowError
from factcheck.model import (
    AttributionKind,
    EvidenceStatus,
    ReviewAction,
    ReviewState,
    Role,
    Stance,
)
from factcheck.workflow import Actor, ClaimSnapshot, decide

S = ReviewState
A = ReviewAction

ALLOWED = {
    (A.TAKE, S.PENDING): S.IN_REVIEW,
    (A.MARK, S.IN_REVIEW): S.IN_REVIEW,
    (A.ADD_EVIDENCE, S.IN_REVIEW): S.IN_REVIEW,
    (A.NOTE, S.IN_REVIEW): S.IN_REVIEW,
    (A.PROPOSE, S.IN_REVIEW): S.PROPOSED,
    (A.APPROVE, S.PROPOSED): S.APPROVED,
    (A.RETURN, S.PROPOSED): S.IN_REVIEW,
    (A.DISMISS, S.PENDING): S.DISMISSED,
    (A.DISMISS, S.IN_REVIEW): S.DISMISSED,
    (A.DISMISS, S.PROPOSED): S.DISMISSED,
    (A.REOPEN, S.APPROVED): S.IN_REVIEW,
    (A.REOPEN, S.DISMISSED): S.IN_REVIEW,
    (A.REMOVE_EVIDENCE, S.IN_REVIEW): S.IN_REVIEW,
    (A.RELEASE, S.IN_REVIEW): S.PENDING,
    (A.TAKE_OVER, S.IN_REVIEW): S.IN_REVIEW,
    **{(A.COMMENT, state): state for state in S},
}
"""The issue's transition table, written out independently of workflow.RULES."""

PERSON_ACTIONS = [a for a in A if a not in (A.INGEST, A.IMPORT, A.CARRIED_OVER)]
CHIEF = Actor("chief", Role.ADMIN)


def ready_claim(state: ReviewState, assignee: str | None = None) -> ClaimSnapshot:
    """A claim that satisfies every precondition except its state."""
    return ClaimSnapshot(
        id=7,
        state=state,
        status=EvidenceStatus.SUPPORTED,
        evidence_urls=frozenset({"https://example.org/a"}),
        proposed_by="alice",
        assignee=assignee,
    )


ARGS: dict[str, object] = {
    "text": "because",
    "status": EvidenceStatus.REFUTED,
    "evidence_url": "https://example.org/new",
}
REMOVE_ARGS: dict[str, object] = {**ARGS, "evidence_url": "https://example.org/a"}
"""remove_evidence needs a link the claim cites."""
OVER_ARGS: dict[str, object] = {**ARGS, "text": workflow.take_over_note(None)}
"""take_over records whose claim it was (nobody's, here)."""


def args_for(action: ReviewAction) -> dict[str, object]:
    return {A.REMOVE_EVIDENCE: REMOVE_ARGS, A.TAKE_OVER: OVER_ARGS}.get(action, ARGS)
"""Every text, status and link any action needs."""


@pytest.mark.parametrize(
    ("action", "state"), list(itertools.product(PERSON_ACTIONS, list(ReviewState)))
)
def test_every_action_from_every_state(action: ReviewAction, state: ReviewState) -> None:
    claim = ready_claim(state)
    args = args_for(action)
    if (action, state) in ALLOWED:
        decision = decide(action, claim=claim, actor=CHIEF, **args)  # type: ignore[arg-type]
        assert (decision.from_state, decision.to_state) == (state, ALLOWED[action, state])
        return
    with pytest.raises(WorkflowError) as refused:
        decide(action, claim=claim, actor=CHIEF, **ARGS)  # type: ignore[arg-type]
    message = str(refused.value)
    assert type(refused.value) is WorkflowError
    assert f"claim 7: it is {state.value}" in message
    assert "\n" not in message
    # the message names the way forward from this state
    assert workflow.state_hint(7, state) in message


@pytest.mark.parametrize("action", [A.INGEST, A.IMPORT])
def test_store_only_actions_are_not_person_actions(action: ReviewAction) -> None:
    with pytest.raises(WorkflowError, match="not a review action"):
        decide(action, claim=ready_claim(S.PENDING), actor=CHIEF)


ROLE_NEEDED = {
    A.TAKE: Role.REVIEWER,
    A.MARK: Role.REVIEWER,
    A.ADD_EVIDENCE: Role.REVIEWER,
    A.NOTE: Role.REVIEWER,
    A.PROPOSE: Role.REVIEWER,
    A.APPROVE: Role.EDITOR,
    A.RETURN: Role.EDITOR,
    A.DISMISS: Role.EDITOR,
    A.REOPEN: Role.EDITOR,
    A.REMOVE_EVIDENCE: Role.REVIEWER,
    A.COMMENT: Role.REVIEWER,
    A.RELEASE: Role.REVIEWER,
    A.TAKE_OVER: Role.REVIEWER,
}


@pytest.mark.parametrize(("action", "role"), list(itertools.product(PERSON_ACTIONS, list(Role))))
def test_roles_are_cumulative(action: ReviewAction, role: Role) -> None:
    state = next(s for (a, s) in ALLOWED if a == action)
    actor = Actor("bob", role)
    rank = [Role.REVIEWER, Role.EDITOR, Role.ADMIN]
    args = args_for(action)
    if rank.index(role) >= rank.index(ROLE_NEEDED[action]):
        claim = ready_claim(state)
        assert decide(action, claim=claim, actor=actor, **args)  # type: ignore[arg-type]
        return
    with pytest.raises(PermissionDenied) as refused:
        decide(action, claim=ready_claim(state), actor=actor, **args)  # type: ignore[arg-type]
    assert str(refused.value).startswith(f"cannot {workflow.RULES[action].verb} claim 7: bob is a")
    assert f"factcheck reviewers set-role bob {ROLE_NEEDED[action].value}" in str(refused.value)


@pytest.mark.parametrize("role", [Role.EDITOR, Role.ADMIN])
def test_four_eyes_the_proposer_cannot_approve(role: Role) -> None:
    claim = ready_claim(S.PROPOSED)
    with pytest.raises(WorkflowError, match="alice proposed it, and the four-eyes rule"):
        decide(A.APPROVE, claim=claim, actor=Actor("alice", role))
    assert decide(A.APPROVE, claim=claim, actor=Actor("erin", role)).to_state is S.APPROVED


@pytest.mark.parametrize(
    ("status", "urls", "problem"),
    [
        (EvidenceStatus.UNVERIFIED, {"https://x.org/"}, "its status is unverified"),
        (EvidenceStatus.SUPPORTED, set(), "as supported without evidence"),
        (EvidenceStatus.REFUTED, set(), "as refuted without evidence"),
        (EvidenceStatus.MIXED, set(), "as mixed without evidence"),
        (EvidenceStatus.UNVERIFIABLE, set(), None),
        (EvidenceStatus.MIXED, {"https://x.org/"}, None),
    ],
)
def test_proposal_needs_a_verdict_and_evidence(
    status: EvidenceStatus, urls: set[str], problem: str | None
) -> None:
    claim = ClaimSnapshot(id=3, state=S.IN_REVIEW, status=status, evidence_urls=frozenset(urls))
    if problem is None:
        assert decide(A.PROPOSE, claim=claim, actor=CHIEF).to_state is S.PROPOSED
        return
    with pytest.raises(WorkflowError, match=problem):
        decide(A.PROPOSE, claim=claim, actor=CHIEF)


@pytest.mark.parametrize(
    ("action", "state", "word"),
    [
        (A.RETURN, S.PROPOSED, "note"),
        (A.DISMISS, S.PENDING, "reason"),
        (A.REOPEN, S.APPROVED, "reason"),
        (A.NOTE, S.IN_REVIEW, "note"),
    ],
)
@pytest.mark.parametrize("text", [None, "", "   "])
def test_return_dismiss_reopen_need_a_text(
    action: ReviewAction, state: ReviewState, word: str, text: str | None
) -> None:
    with pytest.raises(WorkflowError, match=f"without a {word}: pass --{word} TEXT"):
        decide(action, claim=ready_claim(state), actor=CHIEF, text=text)


def test_mark_needs_a_status_and_evidence_a_new_url() -> None:
    claim = ready_claim(S.IN_REVIEW)
    with pytest.raises(WorkflowError, match="without a status"):
        decide(A.MARK, claim=claim, actor=CHIEF)
    with pytest.raises(WorkflowError, match="already cites https://example.org/a"):
        decide(A.ADD_EVIDENCE, claim=claim, actor=CHIEF, evidence_url="https://example.org/a")


def test_only_admins_manage_people() -> None:
    assert [workflow.may_manage_people(role) for role in Role] == [False, False, True]


def test_allowed_actions_lists_what_decide_allows() -> None:
    reviewer = Actor("alice", Role.REVIEWER)
    assert workflow.allowed_actions(ready_claim(S.IN_REVIEW), reviewer) == [
        A.MARK,
        A.ADD_EVIDENCE,
        A.NOTE,
        A.PROPOSE,
        A.REMOVE_EVIDENCE,
        A.COMMENT,
        A.RELEASE,
        A.TAKE_OVER,
    ]
    assert workflow.allowed_actions(ready_claim(S.PROPOSED), CHIEF) == [
        A.APPROVE,
        A.RETURN,
        A.DISMISS,
        A.COMMENT,
    ]
    assert workflow.allowed_actions(ready_claim(S.DISMISSED), CHIEF) == [A.REOPEN, A.COMMENT]


def test_every_status_has_a_research_label_mapping() -> None:
    assert set(workflow.FEVER_LABELS) == set(EvidenceStatus)
    assert set(workflow.AVERITEC_LABELS) == set(EvidenceStatus)


def test_cli_choices_match_the_vocabulary() -> None:
    from factcheck.cli import claims as cli_claims

    assert cli_claims.STATES == tuple(s.value for s in ReviewState)
    assert cli_claims.STATUSES == tuple(s.value for s in EvidenceStatus)
    assert cli_claims.KINDS == tuple(k.value for k in AttributionKind)
    assert cli_claims.STANCES == tuple(s.value for s in Stance)
    assert cli_claims.ROLES == tuple(r.value for r in Role)


@pytest.mark.parametrize(
    "action", [A.MARK, A.ADD_EVIDENCE, A.REMOVE_EVIDENCE, A.NOTE, A.PROPOSE, A.RELEASE]
)
def test_a_taken_claim_is_its_assignees(action: ReviewAction) -> None:
    claim = ready_claim(S.IN_REVIEW, assignee="alice")
    with pytest.raises(WorkflowError) as refused:
        decide(action, claim=claim, actor=Actor("bob", Role.EDITOR), **args_for(action))  # type: ignore[arg-type]
    assert str(refused.value).endswith(
        "it is taken by alice; take it over first with `factcheck take 7 --over`"
    )
    assert decide(action, claim=claim, actor=Actor("alice", Role.REVIEWER), **args_for(action))  # type: ignore[arg-type]


def test_taking_over_names_the_previous_assignee() -> None:
    claim = ready_claim(S.IN_REVIEW, assignee="alice")
    bob = Actor("bob", Role.REVIEWER)
    assert workflow.take_over_note("alice") == "taken over from alice"
    assert decide(A.TAKE_OVER, claim=claim, actor=bob, text="taken over from alice")
    with pytest.raises(WorkflowError, match="must name its previous assignee"):
        decide(A.TAKE_OVER, claim=claim, actor=bob, text="taken over from carol")
    with pytest.raises(WorkflowError, match="already yours"):
        decide(A.TAKE_OVER, claim=claim, actor=Actor("alice", Role.REVIEWER), text="x")
    assert decide(A.COMMENT, claim=claim, actor=bob, text="anyone may comment")


def test_a_proposer_without_the_role_is_not_offered_a_role_four_eyes_would_refuse() -> None:
    with pytest.raises(PermissionDenied) as refused:
        decide(A.APPROVE, claim=ready_claim(S.PROPOSED), actor=Actor("alice", Role.REVIEWER))
    message = str(refused.value)
    assert message == (
        "cannot approve claim 7: alice proposed it, and only an editor other than the "
        "proposer may approve it"
    )
    assert "set-role" not in message


def test_taking_someone_elses_claim_says_whose_it_is_not_to_propose_it() -> None:
    claim = ready_claim(S.IN_REVIEW, assignee="alice")
    with pytest.raises(WorkflowError) as refused:
        decide(A.TAKE, claim=claim, actor=Actor("bob", Role.REVIEWER))
    assert str(refused.value) == (
        "cannot take claim 7: it is in_review (taken by alice), and only a claim that is "
        "pending can be; ask alice to release it, or take it over with `factcheck take 7 --over`"
    )
