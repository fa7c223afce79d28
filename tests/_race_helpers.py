"""Worker processes for tests/test_race.py (importable by spawned children).

Each worker reads a claim, then writes a change computed from what it read,
the way a reviewer does: the claim's note holds a counter the write bumps.

- ``workflow_writer`` goes through the library with ``expected_version``:
  a write based on a stale read is refused (StaleWrite) and retried after a
  fresh read, so no increment can be lost.
- ``naive_writer`` is the negative control: it reads in one transaction and
  writes ``note = counter + 1`` in another, with no version check and no
  lock, so concurrent increments overwrite each other.
"""

from __future__ import annotations

import time
from collections import Counter
from multiprocessing.queues import Queue
from multiprocessing.synchronize import Barrier
from typing import Any

ACTORS = ("alice",)
"""Who the workers act as. A taken claim is its assignee's (alice took them all), so
every worker is alice in another process: the race is between writers, not people."""
STATUSES = ("supported", "refuted", "mixed", "unverifiable")


def _claim_for(write_no: int, claim_ids: list[int]) -> int:
    # Every worker walks the claims in the same order, so they collide often.
    return claim_ids[write_no % len(claim_ids)]


def workflow_writer(
    url: str, worker: int, writes: int, claim_ids: list[int], barrier: Barrier, results: Queue[Any]
) -> None:
    from sqlalchemy import select

    from factcheck.errors import StaleWrite
    from factcheck.model import EvidenceIn, EvidenceStatus, Stance
    from factcheck.store import review
    from factcheck.store.engine import Store
    from factcheck.store.tables import ClaimRow

    store = Store(url)
    actor = ACTORS[worker % len(ACTORS)]
    marks: Counter[int] = Counter()
    links: Counter[int] = Counter()
    stale = 0
    barrier.wait()
    started = time.perf_counter()
    for write_no in range(writes):
        claim_id = _claim_for(write_no, claim_ids)
        while True:
            with store.read() as session:  # what the reviewer saw
                seen = session.execute(
                    select(ClaimRow.version, ClaimRow.note).where(ClaimRow.id == claim_id)
                ).one()
            try:
                if write_no % 2 == 0:
                    review.mark(
                        store,
                        claim_id=claim_id,
                        by=actor,
                        status=EvidenceStatus(STATUSES[(worker + write_no) % 4]),
                        note=str(int(seen.note or 0) + 1),
                        expected_version=seen.version,
                    )
                    marks[claim_id] += 1
                else:
                    link = EvidenceIn(
                        url=f"https://example.org/w{worker}/{write_no}", stance=Stance.CONTEXT
                    )
                    review.add_evidence(
                        store,
                        claim_id=claim_id,
                        by=actor,
                        evidence=link,
                        expected_version=seen.version,
                    )
                    links[claim_id] += 1
                break
            except StaleWrite:
                stale += 1
    store.close()
    results.put(
        {
            "worker": worker,
            "marks": dict(marks),
            "links": dict(links),
            "stale": stale,
            "seconds": time.perf_counter() - started,
        }
    )


def naive_writer(
    url: str, worker: int, writes: int, claim_ids: list[int], barrier: Barrier, results: Queue[Any]
) -> None:
    from sqlalchemy import select, update

    from factcheck.store.engine import Store
    from factcheck.store.tables import ClaimRow

    store = Store(url)
    done: Counter[int] = Counter()
    barrier.wait()
    started = time.perf_counter()
    for write_no in range(writes):
        claim_id = _claim_for(write_no, claim_ids)
        with store.read() as session:  # transaction 1: read
            counter = int(session.scalar(select(ClaimRow.note).where(ClaimRow.id == claim_id)) or 0)
        with store.write() as session:  # transaction 2: write what was read + 1
            session.execute(
                update(ClaimRow).where(ClaimRow.id == claim_id).values(note=str(counter + 1))
            )
        done[claim_id] += 1
    store.close()
    results.put({"worker": worker, "marks": dict(done), "seconds": time.perf_counter() - started})
