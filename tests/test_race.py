"""No lost updates: 4 real processes × 200 writes on the same 20 claims, per backend.

Each write is a read-modify-write (bump a counter kept in the claim's note,
or add an evidence link) made with the version the writer read. Afterwards:
every counter equals the number of successful increments on its claim (0
lost updates), every claim has exactly as many evidence links, events and
version bumps as successful writes, its state and status are what its events
say, and ``audit verify`` is clean. A naive writer (read in one transaction,
write in another, no version check) run on the same claims must lose
updates, or this test could not see them. Run with ``-s`` to see the figures.
"""

from __future__ import annotations

import multiprocessing
import time
from collections import Counter
from typing import Any

import pytest
from _race_helpers import naive_writer, workflow_writer
from _review_helpers import add_people, synthetic_extraction, total_events
from sqlalchemy import select, update

from factcheck.store import audit, review
from factcheck.store.engine import Store
from factcheck.store.ingest import ingest
from factcheck.store.tables import ClaimRow, EvidenceRow, ReviewEventRow

PROCESSES = 4
WRITES = 200
CLAIMS = 20

pytestmark = pytest.mark.slow


def run_workers(target: Any, url: str, claim_ids: list[int]) -> list[dict[str, Any]]:
    """Start the workers together in fresh interpreters; their reports."""
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(PROCESSES)
    results = context.Queue()
    workers = [
        context.Process(target=target, args=(url, n, WRITES, claim_ids, barrier, results))
        for n in range(PROCESSES)
    ]
    for worker in workers:
        worker.start()
    reports = [results.get(timeout=120) for _ in workers]
    for worker in workers:
        worker.join(timeout=30)
        assert worker.exitcode == 0
    return reports


def summed(reports: list[dict[str, Any]], key: str) -> Counter[int]:
    total: Counter[int] = Counter()
    for report in reports:
        total.update({int(claim): n for claim, n in report[key].items()})
    return total


def claim_rows(store: Store) -> dict[int, ClaimRow]:
    with store.read() as session:
        rows = session.scalars(select(ClaimRow)).all()
        session.expunge_all()
        return {row.id: row for row in rows}


def check_state_matches_events(store: Store) -> int:
    """Replay each claim's events; count claims whose row disagrees (should be 0)."""
    disagreements = 0
    with store.read() as session:
        for claim in session.scalars(select(ClaimRow)):
            events = session.scalars(
                select(ReviewEventRow)
                .where(ReviewEventRow.claim_id == claim.id)
                .order_by(ReviewEventRow.seq)
            ).all()
            state, status, links = audit.replayed_state(events)
            marks = [e for e in events if e.action == "mark"]
            note = marks[-1].note if marks else None
            link_rows = session.scalars(
                select(EvidenceRow.id).where(EvidenceRow.claim_id == claim.id)
            ).all()
            disagreements += (
                claim.review_state,
                claim.evidence_status,
                claim.note,
                len(link_rows),
                claim.version,
            ) != (state, status, note, links, 1 + len(events))
    return disagreements


def skip_commit_flush_on_postgres(store: Store) -> None:
    """Commit without waiting for the WAL flush, for this test database only.

    Locking and visibility are unchanged (only crash durability is relaxed), and
    the test then spends its time racing rather than waiting on the disk.
    """
    if store.dialect == "postgresql":
        from sqlalchemy import text

        with store.write_engine.connect() as connection:
            name = connection.execute(text("SELECT current_database()")).scalar_one()
            connection.execute(text(f'ALTER DATABASE "{name}" SET synchronous_commit TO off'))
            connection.commit()


def test_no_lost_updates_under_concurrent_writers(store: Store) -> None:
    skip_commit_flush_on_postgres(store)
    add_people(store)
    result = ingest(store, synthetic_extraction(CLAIMS))
    with store.read() as session:
        claim_ids = list(
            session.scalars(select(ClaimRow.id).where(ClaimRow.source_id == result.source_id))
        )
    for claim_id in claim_ids:
        review.take(store, claim_id=claim_id, by="alice")
    events_before = total_events(store)

    started = time.perf_counter()
    reports = run_workers(workflow_writer, store.url, claim_ids)
    seconds = time.perf_counter() - started
    marks, links = summed(reports, "marks"), summed(reports, "links")
    successes = sum(marks.values()) + sum(links.values())
    stale = sum(report["stale"] for report in reports)

    rows = claim_rows(store)
    lost = sum(marks[c] - int(rows[c].note or 0) for c in claim_ids)
    with store.read() as session:
        link_counts = Counter(session.scalars(select(EvidenceRow.claim_id)).all())
    missing_links = sum(links[c] - link_counts[c] for c in claim_ids)
    new_events = total_events(store) - events_before
    disagreements = check_state_matches_events(store)
    report = audit.verify(store)

    # the negative control, on the same claims: counters reset, then naive increments
    with store.write() as session:
        session.execute(update(ClaimRow).where(ClaimRow.id.in_(claim_ids)).values(note="0"))
    naive_started = time.perf_counter()
    naive_reports = run_workers(naive_writer, store.url, claim_ids)
    naive_seconds = time.perf_counter() - naive_started
    naive_done = summed(naive_reports, "marks")
    naive_rows = claim_rows(store)
    naive_lost = sum(naive_done[c] - int(naive_rows[c].note or 0) for c in claim_ids)

    print(
        f"\nrace [{store.dialect}]: {PROCESSES} processes × {WRITES} writes on {CLAIMS} claims\n"
        f"  workflow (expected_version + lock): {successes} writes ok "
        f"({sum(marks.values())} marks, {sum(links.values())} evidence links) in {seconds:.1f} s; "
        f"lost updates {lost}; missing links {missing_links}; "
        f"stale writes refused and retried {stale}; events written {new_events}; "
        f"claims disagreeing with their events {disagreements}; "
        f"audit verify {'clean' if report.ok else 'BROKEN'} "
        f"({report.events_checked} events)\n"
        f"  naive read-modify-write (negative control): {sum(naive_done.values())} increments "
        f"in {naive_seconds:.1f} s; lost updates {naive_lost}"
    )
    assert successes == PROCESSES * WRITES
    assert lost == 0
    assert missing_links == 0
    assert new_events == successes
    assert disagreements == 0
    assert report.ok, report.first_broken
    assert stale > 0, "no writer ever saw a stale version: the race did not happen"
    assert naive_lost > 0, "the naive writer lost nothing: this test cannot see lost updates"
