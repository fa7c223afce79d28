"""The review queue as a library call: the next claim for a reviewer, taken for them.

``factcheck review`` shows pending and in-review claims one at a time and takes
a pending claim for the reviewer as soon as they act on it. A script or a web
front end wants the same thing in one call: :func:`next_for_review` gives the
reviewer back the claim they already hold, else takes the next pending one.
Two reviewers asking at the same moment never get the same claim: the take
goes through :func:`factcheck.store.review.take` with the version that was
read, and a claim someone else took meanwhile is skipped.
"""

from __future__ import annotations

from collections.abc import Collection

from factcheck.errors import PermissionDenied, StaleWrite, WorkflowError
from factcheck.model import AttributionKind, EvidenceStatus, ReviewState
from factcheck.store.claims import ClaimOut, list_claims
from factcheck.store.engine import Store
from factcheck.store.people import get_reviewer
from factcheck.store.review import take as take_claim

BATCH = 20
"""Pending claims read per attempt; more are read only if all of them were taken meanwhile."""


def next_for_review(
    store: Store,
    *,
    by: str,
    source: int | None = None,
    kinds: Collection[AttributionKind | str] = (),
    statuses: Collection[EvidenceStatus | str] = (),
    speaker: str | None = None,
    search: str | None = None,
    take: bool = True,
) -> ClaimOut | None:
    """The claim ``by`` should review next, or None when the queue is empty.

    First a claim ``by`` already has in review (oldest in source order), so an
    interrupted session resumes where it stopped; else the first pending claim,
    taken for ``by`` (pending → in_review, with its audit event) unless
    ``take`` is false. The filters are those of
    :func:`~factcheck.store.claims.list_claims`. Raises NotFound for an
    unknown reviewer.
    """
    handle = get_reviewer(store, handle=by).handle

    def queue(state: ReviewState, limit: int | None = None) -> list[ClaimOut]:
        return list_claims(
            store,
            states=[state],
            source=source,
            kinds=[AttributionKind(k) for k in kinds],
            statuses=[EvidenceStatus(s) for s in statuses],
            speaker=speaker,
            search=search,
            limit=limit,
        )

    mine = next((c for c in queue(ReviewState.IN_REVIEW) if c.assignee == handle), None)
    if mine is not None:
        return mine
    skipped: set[int] = set()
    while True:
        batch = queue(ReviewState.PENDING, BATCH + len(skipped))
        pending = [claim for claim in batch if claim.id not in skipped]
        if not pending:
            return None
        if not take:
            return pending[0]
        for claim in pending:
            try:
                return take_claim(
                    store, claim_id=claim.id, by=handle, expected_version=claim.version
                )
            except PermissionDenied:
                raise
            except (StaleWrite, WorkflowError):
                skipped.add(claim.id)  # someone took or dismissed it since the read
