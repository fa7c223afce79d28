"""The tamper-evident history: triggers refuse rewrites, ``audit verify`` finds the rest.

Tampering is done directly in SQL, after dropping the append-only triggers
(in the test) the way an attacker with database access would.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re

import pytest
from _review_helpers import add_people, bring_to, ingest_sample, run_cli
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from factcheck.model import EvidenceStatus, ReviewAction, ReviewState, stable_claim_id
from factcheck.store import audit
from factcheck.store.claims import EventOut
from factcheck.store.engine import Store, open_store
from factcheck.store.tables import ClaimRow, ReviewEventRow


@pytest.fixture
def history(store: Store) -> tuple[Store, int]:
    """Claim 5 approved (5 events) and claim 3 in review (1 event)."""
    add_people(store)
    ids = ingest_sample(store)
    bring_to(store, ids[4], "approved")
    bring_to(store, ids[2], "in_review")
    return store, ids[4]


def execute(store: Store, *statements: str, **params: object) -> None:
    """Run raw SQL with bound parameters (``:c`` is the claim id)."""
    with store.write_engine.begin() as connection:
        for statement in statements:
            connection.execute(text(statement), params)


def drop_triggers(store: Store) -> None:
    if store.dialect == "sqlite":
        execute(
            store, "DROP TRIGGER review_events_no_update", "DROP TRIGGER review_events_no_delete"
        )
    else:
        execute(store, "DROP TRIGGER review_events_no_update_delete ON review_events")


def verify_cli(store: Store) -> tuple[int, str]:
    result = run_cli(store.url, "audit", "verify")
    return result.exit_code, result.stdout


def test_clean_history_verifies(history: tuple[Store, int]) -> None:
    store, _ = history
    report = audit.verify(store)
    assert (report.ok, report.claims_checked, report.events_checked) == (True, 14, 6)
    code, out = verify_cli(store)
    assert code == 0
    assert re.fullmatch(
        r"audit ok: 6 events on 14 claims and 5 desk events verified; "
        r"digest sha256:[0-9a-f]{64}\n",
        out,
    )
    doc = json.loads(run_cli(store.url, "audit", "verify", "--json").stdout)
    assert (doc["ok"], doc["first_broken"], doc["problems"]) == (True, None, [])
    assert doc["digest"] == report.digest


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE review_events SET note = 'rewritten' WHERE seq = 2",
        "DELETE FROM review_events WHERE seq = 5",
    ],
)
def test_triggers_refuse_update_and_delete(history: tuple[Store, int], statement: str) -> None:
    store, _ = history
    with pytest.raises(DBAPIError, match="review events are append-only"):
        execute(store, statement)
    assert audit.verify(store).ok


def test_truncate_is_refused_on_postgres(history: tuple[Store, int]) -> None:
    store, _ = history
    if store.dialect != "postgresql":
        pytest.skip("SQLite has no TRUNCATE (DELETE is refused above)")
    with pytest.raises(DBAPIError, match="review events are append-only"):
        execute(store, "TRUNCATE review_events CASCADE")
    assert audit.verify(store).events_checked == 6


SWAP_EVENTS_2_AND_3 = [
    "UPDATE review_events SET seq = -1 WHERE claim_id = :c AND seq = 2",
    "UPDATE review_events SET seq = 2 WHERE claim_id = :c AND seq = 3",
    "UPDATE review_events SET seq = 3 WHERE claim_id = :c AND seq = -1",
]
EDITED = "its hash does not match its content (event edited)"
UNLINKED = "does not link to the event before it (events deleted, inserted or reordered)"

# name: (SQL statements, where ":c" is the claim, seq of the first broken link, problem)
TAMPERING: dict[str, tuple[list[str], int | None, str]] = {
    "edited note": (
        ["UPDATE review_events SET note = 'looks fine' WHERE claim_id = :c AND seq = 2"],
        2,
        EDITED,
    ),
    "edited actor": (
        ["UPDATE review_events SET actor = 'ed' WHERE claim_id = :c AND seq = 5"],
        5,
        EDITED,
    ),
    "edited time": (
        [
            "UPDATE review_events SET created_at = created_at - INTERVAL '1 day' "
            "WHERE claim_id = :c AND seq = 1"
        ],
        1,
        EDITED,
    ),
    "deleted event": (
        ["DELETE FROM review_events WHERE claim_id = :c AND seq = 3"],
        3,
        "event 3 is missing (deleted?)",
    ),
    "deleted and renumbered": (
        [
            "DELETE FROM review_events WHERE claim_id = :c AND seq = 3",
            "UPDATE review_events SET seq = seq - 1 WHERE claim_id = :c AND seq = 4",
            "UPDATE review_events SET seq = seq - 1 WHERE claim_id = :c AND seq = 5",
        ],
        3,
        UNLINKED,
    ),
    "swapped events": (SWAP_EVENTS_2_AND_3, 2, UNLINKED),
    "deleted newest event": (
        ["DELETE FROM review_events WHERE claim_id = :c AND seq = 5"],
        None,
        "version 6 but 4 events (expected version 5): newest events deleted, "
        "or the claim changed outside the workflow",
    ),
    "claim row edited": (
        ["UPDATE claims SET evidence_status = 'refuted' WHERE id = :c"],
        None,
        "its verdict is 'refuted', but its history says otherwise",
    ),
    "evidence deleted": (
        ["DELETE FROM evidence WHERE claim_id = :c"],
        None,
        "its 0 evidence links (urls, stances, who, when) differ, but its history says otherwise",
    ),
}


@pytest.mark.parametrize("name", list(TAMPERING))
def test_verify_finds_tampering(history: tuple[Store, int], name: str) -> None:
    store, claim_id = history
    sql, seq, problem = TAMPERING[name]
    drop_triggers(store)
    if store.dialect == "sqlite":
        sql = [
            s.replace("created_at - INTERVAL '1 day'", "datetime(created_at, '-1 day')")
            for s in sql
        ]
    execute(store, *sql, c=claim_id)

    report = audit.verify(store)
    assert not report.ok
    assert report.first_broken is not None
    assert (report.first_broken.claim_id, report.first_broken.seq, report.first_broken.problem) == (
        claim_id,
        seq,
        problem,
    )
    assert len(report.problems) == 1  # the other claim's history is intact
    code, out = verify_cli(store)
    assert code == 1
    where = f"event {seq}" if seq is not None else "claim row"
    assert out == (
        f"audit FAILED: 1 problem(s); first: claim {claim_id} "
        f"({report.first_broken.claim}), {where}: {problem}\n"
    )


def test_a_forged_hash_breaks_the_next_link(history: tuple[Store, int]) -> None:
    """Editing an event and recomputing its own hash still breaks the chain after it."""
    store, claim_id = history
    with store.read() as session:
        event = session.query(ReviewEventRow).filter_by(claim_id=claim_id, seq=2).one()
        stable = audit.claim_stable_id(session, session.get_one(ClaimRow, claim_id))
        forged = audit.event_hash(
            claim=stable,
            seq=2,
            actor=event.actor,
            action=event.action,
            from_state=event.from_state,
            to_state=event.to_state,
            evidence_status="refuted",
            note=event.note,
            evidence=event.evidence,
            created_at=event.created_at,
            prev_hash=event.prev_hash,
            content=event.content,
        )
    drop_triggers(store)
    execute(
        store,
        "UPDATE review_events SET evidence_status = 'refuted', hash = :forged "
        "WHERE claim_id = :c AND seq = 2",
        forged=forged,
        c=claim_id,
    )
    broken = audit.verify(store).first_broken
    assert broken is not None
    assert (broken.seq, broken.problem) == (
        3,
        "does not link to the event before it (events deleted, inserted or reordered)",
    )


def test_a_rewritten_history_changes_the_digest(history: tuple[Store, int]) -> None:
    """Even a consistent rewrite (every hash recomputed) is caught by a kept digest."""
    store, claim_id = history
    kept = audit.verify(store).digest
    drop_triggers(store)
    execute(
        store,
        "DELETE FROM review_events WHERE claim_id = :c AND seq = 5",
        "UPDATE claims SET version = 5, review_state = 'proposed', approved_by_id = NULL, "
        "approved_at = NULL WHERE id = :c",
        c=claim_id,
    )
    report = audit.verify(store)
    assert report.ok, report.problems  # consistent in itself...
    assert report.digest != kept  # ...but not the history whose digest was kept


def test_canonical_form_is_the_documented_one() -> None:
    """The exact bytes hashed, so another implementation (an importer) can reproduce them."""
    moment = dt.datetime(2026, 1, 2, 3, 4, 5, 60, tzinfo=dt.UTC)
    evidence = {"url": "https://example.org/ü", "stance": "supports", "title": None}
    canonical = (
        '{"action":"add_evidence","actor":"alice","claim":"claim:0123456789abcdef:10-20",'
        '"created_at":"2026-01-02T03:04:05.000060+00:00",'
        '"evidence":{"stance":"supports","url":"https://example.org/ü"},'
        '"evidence_status":"supported","from_state":"in_review","note":null,'
        '"prev_hash":"sha256:00","seq":3,"to_state":"in_review"}'
    )
    expected = "sha256:" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()
    assert (
        audit.event_hash(
            claim="claim:0123456789abcdef:10-20",
            seq=3,
            actor="alice",
            action="add_evidence",
            from_state="in_review",
            to_state="in_review",
            evidence_status="supported",
            note=None,
            evidence=evidence,
            created_at=moment,
            prev_hash="sha256:00",
        )
        == expected
    )
    # the same instant in another zone hashes the same
    assert (
        audit.event_hash(
            claim="claim:0123456789abcdef:10-20",
            seq=3,
            actor="alice",
            action="add_evidence",
            from_state="in_review",
            to_state="in_review",
            evidence_status="supported",
            note=None,
            evidence=evidence,
            created_at=moment.astimezone(dt.timezone(dt.timedelta(hours=5))),
            prev_hash="sha256:00",
        )
        == expected
    )


def test_replaying_events_elsewhere_gives_identical_hashes(
    history: tuple[Store, int], tmp_path_factory: pytest.TempPathFactory
) -> None:
    """What an importer does: same source, events replayed with their original times."""
    store, claim_id = history
    with store.read() as session:
        rows = (
            session.query(ReviewEventRow)
            .filter_by(claim_id=claim_id)
            .order_by(ReviewEventRow.seq)
            .all()
        )
        events = [EventOut.model_validate(row, from_attributes=True) for row in rows]
        contents = [row.content for row in rows]
        original = session.get_one(ClaimRow, claim_id)
        span = (original.span_start, original.span_end)
    other = open_store(f"sqlite:///{tmp_path_factory.mktemp('replay') / 'other.db'}")
    try:
        ingest_sample(other)  # different row ids would not matter: the hash uses stable ids
        with other.write() as session:
            claim = session.query(ClaimRow).filter_by(span_start=span[0], span_end=span[1]).one()
            replayed = [
                audit.append_event(
                    session,
                    claim,
                    actor=e.actor,
                    action=ReviewAction(e.action),
                    from_state=e.from_state,
                    to_state=e.to_state,
                    evidence_status=e.evidence_status,
                    note=e.note,
                    evidence=e.evidence,
                    created_at=e.created_at,
                    content=content,
                ).hash
                for e, content in zip(events, contents, strict=True)
            ]
            assert claim.version == 1 + len(events)
        assert replayed == [e.hash for e in events]
    finally:
        other.close()


def test_append_event_chains_and_counts_versions(store: Store) -> None:
    ids = ingest_sample(store)
    with store.write() as session:
        claim = session.get_one(ClaimRow, ids[0])
        first = audit.append_event(
            session,
            claim,
            actor="importer",
            action=ReviewAction.IMPORT,
            from_state=None,
            to_state=ReviewState.PENDING,
            evidence_status=EvidenceStatus.UNVERIFIED,
        )
        second = audit.append_event(
            session,
            claim,
            actor="importer",
            action=ReviewAction.TAKE,
            from_state=ReviewState.PENDING,
            to_state=ReviewState.PENDING,
        )
        content_hash = session.execute(text("SELECT content_hash FROM sources")).scalar_one()
        assert (first.seq, first.prev_hash, second.seq, second.prev_hash) == (
            1,
            None,
            2,
            first.hash,
        )
        assert claim.version == 3
    with store.read() as session:
        stable = audit.claim_stable_id(session, session.get_one(ClaimRow, ids[0]))
    assert stable == stable_claim_id(content_hash, 17, 198)
    # the chain holds; what it records is not a legal review (nobody took the claim)
    problems = audit.verify(store).problems
    assert [p.problem.split(":")[0] for p in problems] == ["its history breaks the review rules"]


def test_the_desk_log_migration_backfills_existing_reviewers(db_url: str) -> None:
    """A database with people from before the desk log: each gets a backfilled add event,
    the record verifies, and the migration goes down and up again."""
    from factcheck.store import migrate
    from factcheck.store.engine import Store as BareStore

    bare = BareStore(db_url)
    try:
        migrate.upgrade(bare, "0001_initial")
        execute(
            bare,
            "INSERT INTO reviewers (handle, display_name, role, created_at) VALUES "
            "('chief', 'Chief', 'admin', '2026-01-01 10:00:00+00:00'), "
            "('alice', NULL, 'reviewer', '2026-01-02 10:00:00+00:00')",
        )
        migrate.upgrade(bare, "head")
        with bare.read() as session:
            log = session.execute(
                text("SELECT seq, actor, action, handle, role FROM desk_events ORDER BY seq")
            ).all()
        assert [tuple(row) for row in log] == [
            (1, None, "add_reviewer", "chief", "admin"),
            (2, None, "add_reviewer", "alice", "reviewer"),
        ]
        report = audit.verify(bare)
        assert report.ok, report.problems
        assert report.desk_events_checked == 2
        migrate.downgrade(bare, "0001_initial")
        migrate.upgrade(bare, "head")
        assert audit.verify(bare).ok
    finally:
        bare.close()
