"""Attacks on the review record, each the exact reproduction of issue 11, on both backends.

Every case is a dishonest insider trying to get a forged approval into the
verified record, or to change the record without ``audit verify`` noticing.
Each refusal must be one line on stderr, exit 1, no traceback, and leave the
database exactly as it was; each tampering must make ``audit verify`` fail.
A control next to each attack shows the same path does succeed when honest,
so the refusals cannot pass by refusing everything.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from _exchange_helpers import PINNED_AT, export_text, seed
from _review_helpers import (
    add_people,
    bring_to,
    claim_facts,
    ingest_sample,
    run_cli,
    total_events,
)
from conftest import fresh_postgres_database
from sqlalchemy import text

from factcheck.errors import InputError, PermissionDenied, WorkflowError
from factcheck.exchange.collect import ExportFilters
from factcheck.exchange.importer import count_rows
from factcheck.model import EvidenceIn, EvidenceStatus, Role, Stance
from factcheck.store import audit, migrate, review
from factcheck.store.engine import Store, open_store
from factcheck.store.people import add_reviewer, list_reviewers

# --- helpers --------------------------------------------------------------------------


def refused(result: Any, message: str) -> None:
    """An 'Error: ' line (a refused document adds its problems, indented) containing
    ``message``, exit 1, nothing on stdout, no traceback."""
    assert result.exit_code == 1, (result.stdout, result.stderr)
    assert result.stdout == ""
    first, *details = result.stderr.splitlines()
    assert first.startswith("Error: "), result.stderr
    assert all(line.startswith("  ") for line in details), result.stderr
    assert message in result.stderr, result.stderr
    assert "Traceback" not in result.stderr


def sql(store: Store, *statements: str, **params: object) -> None:
    """Run raw SQL as the database's owner would, outside the library."""
    with store.write_engine.begin() as connection:
        for statement in statements:
            connection.execute(text(statement), params)


def sql_without_foreign_keys(store: Store, statement: str, **params: object) -> None:
    """What `sqlite3 file.db` (foreign keys off by default) or a superuser on PostgreSQL can do."""
    if store.dialect == "sqlite":
        import sqlite3

        connection = sqlite3.connect(store.url.removeprefix("sqlite:///"))
        try:
            connection.execute(statement.replace(":c", "?"), tuple(params.values()))
            connection.commit()
        finally:
            connection.close()
        return
    with store.write_engine.connect() as connection:
        connection.execute(text("SET session_replication_role = replica"))
        connection.execute(text(statement), params)
        connection.commit()


def drop_append_only(store: Store) -> None:
    """What an attacker who owns the database does first."""
    if store.dialect == "sqlite":
        sql(
            store,
            "DROP TRIGGER review_events_no_update",
            "DROP TRIGGER review_events_no_delete",
            "DROP TRIGGER desk_events_no_update",
            "DROP TRIGGER desk_events_no_delete",
        )
    else:
        sql(
            store,
            "DROP TRIGGER review_events_no_update_delete ON review_events",
            "DROP TRIGGER desk_events_no_update_delete ON desk_events",
        )


def verify_fails(store: Store, problem: str) -> None:
    """``audit verify`` (library and CLI) reports ``problem`` and exits 1."""
    report = audit.verify(store)
    assert not report.ok
    assert any(problem in p.describe() for p in report.problems), [
        p.describe() for p in report.problems
    ]
    result = run_cli(store.url, "audit", "verify")
    assert result.exit_code == 1
    assert result.stdout.startswith("audit FAILED: ")


def verify_ok(store: Store) -> None:
    report = audit.verify(store)
    assert report.ok, [p.describe() for p in report.problems]


# --- a second database on the same backend, for imports --------------------------------


@pytest.fixture
def target(db_url: str, tmp_path: Path) -> Iterator[Store]:
    """An empty migrated database (same backend) with an admin, boss, and the seeded people."""

    def opened(url: str) -> Store:
        bare = Store(url)
        migrate.upgrade(bare, "head")
        bare.close()
        return open_store(url)

    if db_url.startswith("sqlite"):
        store = opened(f"sqlite:///{tmp_path / 'target.db'}")
        try:
            yield _with_desk(store)
        finally:
            store.close()
        return
    with fresh_postgres_database() as url:
        store = opened(url)
        try:
            yield _with_desk(store)
        finally:
            store.close()


def _with_desk(store: Store) -> Store:
    add_reviewer(store, handle="boss", role=Role.ADMIN)
    add_reviewer(store, handle="rita", role=Role.REVIEWER, by="boss")
    add_reviewer(store, handle="ed", role=Role.EDITOR, by="boss")
    return store


@pytest.fixture
def exported(store: Store, tmp_path: Path) -> dict[str, Any]:
    """The seeded desk (ana admin, rita reviewer, ed editor), every state, as a document."""
    seed(store)
    document: dict[str, Any] = json.loads(
        export_text(store, tmp_path, name="all.json", filters=ExportFilters(states=()))
    )
    return document


def rechain(claim: dict[str, Any]) -> None:
    """Recompute a claim's hash chain after editing its events, as a forger would."""
    prev_hash = None
    for seq, event in enumerate(claim["history"], start=1):
        event["seq"], event["prev_hash"] = seq, prev_hash
        event["hash"] = audit.event_hash(
            claim=claim["id"],
            seq=seq,
            actor=event["actor"],
            action=event["action"],
            from_state=event["from_state"],
            to_state=event["to_state"],
            evidence_status=event["evidence_status"],
            note=event["note"],
            evidence=event["evidence"],
            created_at=dt.datetime.fromisoformat(event["created_at"]),
            prev_hash=prev_hash,
            content=event.get("content"),
        )
        prev_hash = event["hash"]


def pending_claim(document: dict[str, Any]) -> dict[str, Any]:
    claim: dict[str, Any] = next(c for c in document["claims"] if c["review_state"] == "pending")
    return claim


def approved_claim(document: dict[str, Any]) -> dict[str, Any]:
    claim: dict[str, Any] = next(c for c in document["claims"] if c["review_state"] == "approved")
    return claim


def event(
    claim: dict[str, Any],
    actor: str,
    action: str,
    moves: tuple[str | None, str | None],
    minute: int,
    *,
    status: str = "unverified",
    note: str | None = None,
    evidence: dict[str, Any] | None = None,
) -> dict[str, Any]:
    content = next((e["content"] for e in claim["history"] if e.get("content")), None)
    return {
        "seq": 0,
        "actor": actor,
        "action": action,
        "from_state": moves[0],
        "to_state": moves[1],
        "evidence_status": status,
        "note": note,
        "evidence": evidence,
        "created_at": (PINNED_AT + dt.timedelta(minutes=minute)).isoformat(),
        "prev_hash": None,
        "hash": "",
        "content": content,
    }


def forge_mallory_approval(
    document: dict[str, Any], approver: str = "mallory", verdict: str = "unverifiable"
) -> None:
    """The issue's forgery: mallory takes, marks, proposes and approves a pending claim."""
    claim = pending_claim(document)
    claim["history"] = [
        event(claim, "mallory", "take", ("pending", "in_review"), 1),
        event(claim, "mallory", "mark", ("in_review", "in_review"), 2, status=verdict),
        event(claim, "mallory", "propose", ("in_review", "proposed"), 3, status=verdict),
        event(claim, approver, "approve", ("proposed", "approved"), 4, status=verdict),
    ]
    claim.update(
        review_state="approved",
        evidence_status=verdict,
        proposed_by="mallory",
        proposed_at=claim["history"][2]["created_at"],
        approved_by=approver,
        approved_at=claim["history"][3]["created_at"],
    )
    rechain(claim)


def write(document: dict[str, Any], tmp_path: Path, name: str = "forged.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


def approved_count(store: Store) -> int:
    with store.read() as session:
        return int(
            session.execute(
                text("SELECT count(*) FROM claims WHERE review_state = 'approved'")
            ).scalar_one()
        )


# --- 1. import forges approved histories ------------------------------------------------


def test_import_of_mallory_approving_her_own_claim_is_refused_and_creates_nobody(
    exported: dict[str, Any], target: Store, tmp_path: Path
) -> None:
    forge_mallory_approval(exported)
    before = count_rows(target)

    result = run_cli(target.url, "import", str(write(exported, tmp_path)), actor="boss")

    refused(result, "it names people who are not reviewers here: mallory")
    assert count_rows(target) == before
    assert "mallory" not in {p.handle for p in list_reviewers(target)}


def test_import_of_mallory_approving_as_a_known_reviewer_is_refused(
    exported: dict[str, Any], target: Store, tmp_path: Path
) -> None:
    """mallory exists here (a reviewer): roles, four eyes and evidence still stop her."""
    add_reviewer(target, handle="mallory", role=Role.REVIEWER, by="boss")
    forge_mallory_approval(exported)
    before = count_rows(target)

    result = run_cli(target.url, "import", str(write(exported, tmp_path)), actor="boss")

    refused(result, "breaks the review rules")
    assert "cannot approve claim" in result.stderr and "mallory" in result.stderr
    assert count_rows(target) == before


def test_import_of_an_approval_in_a_real_editors_name_over_mallorys_proposal_is_refused(
    exported: dict[str, Any], target: Store, tmp_path: Path
) -> None:
    """mallory proposes 'supported' with no evidence, 'ed' approves: the proposal is illegal."""
    add_reviewer(target, handle="mallory", role=Role.REVIEWER, by="boss")
    forge_mallory_approval(exported, approver="ed", verdict="supported")
    before = count_rows(target)

    result = run_cli(target.url, "import", str(write(exported, tmp_path)), actor="boss")

    refused(result, "breaks the review rules")
    assert "cannot propose claim" in result.stderr and "without evidence" in result.stderr
    assert count_rows(target) == before


def _single_jump(document: dict[str, Any]) -> None:
    claim = pending_claim(document)
    claim["history"] = [event(claim, "ed", "approve", ("pending", "approved"), 1)]
    claim.update(review_state="approved", approved_by="ed")
    claim["approved_at"] = claim["history"][0]["created_at"]
    rechain(claim)


def _approved_by_someone_else(document: dict[str, Any]) -> None:
    approved_claim(document)["approved_by"] = "rita"


def _proposed_by_someone_else(document: dict[str, Any]) -> None:
    approved_claim(document)["proposed_by"] = "ed"


def _times_out_of_order(document: dict[str, Any]) -> None:
    claim = approved_claim(document)
    first, last = claim["history"][0], claim["history"][-1]
    first["created_at"], last["created_at"] = last["created_at"], first["created_at"]
    claim["approved_at"] = last["created_at"]
    rechain(claim)


def _in_the_future(document: dict[str, Any]) -> None:
    claim = approved_claim(document)
    future = (dt.datetime.now(dt.UTC) + dt.timedelta(days=365)).isoformat()
    claim["history"][-1]["created_at"] = future
    claim["approved_at"] = future
    rechain(claim)


def _evidence_not_in_history(document: dict[str, Any]) -> None:
    approved_claim(document)["evidence"] = []


def _note_with_terminal_escape(document: dict[str, Any]) -> None:
    approved_claim(document)["note"] = "\x1b[2Jall clear"


FORGERIES: dict[str, tuple[Callable[[dict[str, Any]], None], str]] = {
    "single pending→approved event": (_single_jump, "breaks the review rules"),
    "approved_by disagreeing with history": (
        _approved_by_someone_else,
        "breaks the review rules",
    ),
    "proposed_by disagreeing with history": (
        _proposed_by_someone_else,
        "breaks the review rules",
    ),
    "timestamps out of order": (_times_out_of_order, "breaks the review rules"),
    "event in the future": (_in_the_future, "breaks the review rules"),
    "evidence the history does not add": (_evidence_not_in_history, "is not consistent"),
    "terminal escape in a note": (_note_with_terminal_escape, "cannot store"),
}


@pytest.mark.parametrize("case", list(FORGERIES))
def test_forged_histories_are_refused_on_import(
    exported: dict[str, Any], target: Store, tmp_path: Path, case: str
) -> None:
    damage, message = FORGERIES[case]
    damage(exported)
    before = count_rows(target)

    result = run_cli(target.url, "import", str(write(exported, tmp_path)), actor="boss")

    refused(result, message)
    assert count_rows(target) == before


def test_forged_history_reasons_name_the_claim_and_event(
    exported: dict[str, Any], target: Store, tmp_path: Path
) -> None:
    _single_jump(exported)
    result = run_cli(target.url, "import", str(write(exported, tmp_path)), actor="boss")
    assert result.exit_code == 1
    assert "event 1 (approve by ed): cannot approve claim" in result.stderr
    assert "it is pending" in result.stderr


@pytest.mark.parametrize(
    ("actor", "message"),
    [
        (None, "only an admin may import that; pass --as HANDLE"),
        ("ed", "ed is editor, and only an admin may import"),
        ("nobody", "nobody is not a reviewer here, and only an admin may import"),
    ],
)
def test_import_of_history_needs_an_admin(
    exported: dict[str, Any], target: Store, tmp_path: Path, actor: str | None, message: str
) -> None:
    before = count_rows(target)
    result = run_cli(target.url, "import", str(write(exported, tmp_path)), actor=actor)
    refused(result, message)
    assert count_rows(target) == before


def test_honest_import_is_marked_imported_and_verifies(
    exported: dict[str, Any], target: Store, tmp_path: Path
) -> None:
    """Control: the untouched document imports, its events are marked, verify holds."""
    result = run_cli(target.url, "import", str(write(exported, tmp_path)), actor="boss")
    assert result.exit_code == 0, result.stderr
    verify_ok(target)
    with target.read() as session:
        marked, total = session.execute(
            text("SELECT count(import_id), count(*) FROM review_events")
        ).one()
        importer = session.execute(
            text("SELECT actor FROM desk_events WHERE action = 'import'")
        ).scalar_one()
    assert (marked, importer) == (total, "boss") and total > 0
    claim_id = _row_id_of(target, approved_claim(exported)["id"])
    history = run_cli(target.url, "history", str(claim_id))
    assert history.stdout.count("(imported)") == len(history.stdout.splitlines())


def _row_id_of(store: Store, stable_id: str) -> int:
    with store.read() as session:
        rows = session.execute(
            text(
                "SELECT c.id, s.content_hash, c.span_start, c.span_end FROM claims c "
                "JOIN sources s ON s.id = c.source_id"
            )
        ).all()
    from factcheck.model import stable_claim_id

    return next(r[0] for r in rows if stable_claim_id(r[1], r[2], r[3]) == stable_id)


def test_the_import_mark_cannot_be_removed_or_forged(
    exported: dict[str, Any], target: Store, tmp_path: Path
) -> None:
    run_cli(target.url, "import", str(write(exported, tmp_path)), actor="boss")
    drop_append_only(target)
    sql(target, "UPDATE review_events SET import_id = NULL WHERE seq = 1")
    verify_fails(target, "carry its mark or their hashes differ")


def test_map_actor_maps_people_and_rehashes(
    exported: dict[str, Any], target: Store, tmp_path: Path
) -> None:
    add_reviewer(target, handle="rita.ng", role=Role.REVIEWER, by="boss")
    path = write(exported, tmp_path)

    unmapped = run_cli(target.url, "import", str(path), "--map-actor", "ed=ed", actor="boss")
    assert unmapped.exit_code == 0  # rita is known here too: mapping is optional
    second = _fresh_like(target, tmp_path)
    try:
        add_reviewer(second, handle="boss", role=Role.ADMIN)
        add_reviewer(second, handle="rita.ng", role=Role.REVIEWER, by="boss")
        add_reviewer(second, handle="ed", role=Role.EDITOR, by="boss")
        missing = run_cli(second.url, "import", str(path), actor="boss")
        refused(missing, "not reviewers here: rita;")
        mapped = run_cli(
            second.url, "import", str(path), "--map-actor", "rita=rita.ng", actor="boss"
        )
        assert mapped.exit_code == 0, mapped.stderr
        verify_ok(second)
        with second.read() as session:
            actors = set(session.scalars(text("SELECT DISTINCT actor FROM review_events")))
        assert actors == {"rita.ng", "ed"}
    finally:
        second.close()


def _fresh_like(store: Store, tmp_path: Path) -> Store:
    if store.dialect == "sqlite":
        url = f"sqlite:///{tmp_path / 'third.db'}"
    else:
        from conftest import _admin_execute, postgres_server_url
        from sqlalchemy.engine import make_url

        name = "factcheck_test_third_" + tmp_path.name[-8:].replace("-", "_").lower()
        _admin_execute(postgres_server_url(), f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        _admin_execute(postgres_server_url(), f'CREATE DATABASE "{name}"')
        url = make_url(postgres_server_url()).set(database=name).render_as_string(False)
    bare = Store(url)
    migrate.upgrade(bare, "head")
    bare.close()
    return open_store(url)


def test_an_ordinal_of_ten_to_the_thirty_is_one_line(
    exported: dict[str, Any], target: Store, tmp_path: Path
) -> None:
    exported["claims"][0]["ordinal"] = 10**30
    result = run_cli(target.url, "import", str(write(exported, tmp_path)), actor="boss")
    refused(result, "does not match claimset.schema.json")
    assert "is greater than the maximum of 2147483647" in result.stderr


# --- 2. handles are matched whole ---------------------------------------------------------


@pytest.fixture
def desk(store: Store) -> tuple[Store, list[int]]:
    add_people(store)
    return store, ingest_sample(store)


@pytest.mark.parametrize("handle", ["alice\n", "alice\r", "Alice", " alice", "al ice", "\nalice"])
def test_a_handle_with_a_newline_or_anything_unusual_is_refused(
    desk: tuple[Store, list[int]], handle: str
) -> None:
    store, _ = desk
    before = [p.handle for p in list_reviewers(store)]
    result = run_cli(store.url, "reviewers", "add", handle, "--role", "editor", actor="chief")
    refused(result, "invalid handle")
    assert [p.handle for p in list_reviewers(store)] == before
    with pytest.raises(InputError, match="invalid handle"):
        add_reviewer(store, handle=handle, role=Role.EDITOR, by="chief")


def test_the_newline_handle_cannot_approve_alices_proposal(desk: tuple[Store, list[int]]) -> None:
    store, ids = desk
    claim = ids[8]
    bring_to(store, claim, "proposed", proposer="erin")
    before = claim_facts(store, claim)
    result = run_cli(store.url, "approve", str(claim), actor="erin\n")
    refused(result, "no reviewer 'erin\\n'")
    assert claim_facts(store, claim) == before


# --- 3. evidence URLs are checked as the schema checks them; removal is an event --------


@pytest.mark.parametrize(
    "url",
    [
        'https://example.com/report"2023',
        "https://example.com/a b",
        "https://example.com/<script>",
        "javascript:alert(1)",
        "https://exa\x00mple.com/",
    ],
)
def test_an_evidence_url_the_schema_would_refuse_is_refused_on_input(
    desk: tuple[Store, list[int]], url: str
) -> None:
    store, ids = desk
    bring_to(store, ids[5], "in_review")
    before = claim_facts(store, ids[5])
    result = run_cli(
        store.url, "evidence", "add", str(ids[5]), url, "--stance", "supports", actor="alice"
    )
    refused(result, "url")
    assert claim_facts(store, ids[5]) == before


def test_evidence_remove_is_an_audited_event(desk: tuple[Store, list[int]]) -> None:
    store, ids = desk
    claim = ids[5]
    bring_to(store, claim, "in_review")
    link = EvidenceIn(url="https://example.org/wrong", stance=Stance.SUPPORTS)
    review.add_evidence(store, claim_id=claim, by="alice", evidence=link)
    from factcheck.store.claims import list_evidence

    evidence_id = list_evidence(store, claim_id=claim)[0].id
    no_reason = run_cli(store.url, "evidence", "remove", str(evidence_id), actor="alice")
    assert no_reason.exit_code == 2  # --reason is required

    result = run_cli(
        store.url, "evidence", "remove", str(evidence_id), "--reason", "wrong page", actor="alice"
    )

    assert result.exit_code == 0, result.stderr
    assert list_evidence(store, claim_id=claim) == []
    history = run_cli(store.url, "history", str(claim)).stdout.splitlines()
    assert "alice  remove_evidence [supports] https://example.org/wrong" in history[-1]
    verify_ok(store)


# --- 4. one set of validators for texts, at every entry point ---------------------------


@pytest.mark.parametrize("bad", ["a\x00b", "a\ud800b", "\x1b[2Jcleared", "over\rwrite", "\x9b2J"])
def test_library_calls_refuse_bad_text_like_the_cli(
    desk: tuple[Store, list[int]], bad: str
) -> None:
    store, ids = desk
    claim = ids[6]
    bring_to(store, claim, "in_review")
    before, events = claim_facts(store, claim), total_events(store)
    for call in (
        lambda: review.mark(
            store, claim_id=claim, by="alice", status=EvidenceStatus.MIXED, note=bad
        ),
        lambda: review.note(store, claim_id=claim, by="alice", note=bad),
        lambda: review.comment(store, claim_id=claim, by="alice", text=bad),
        lambda: review.dismiss(store, claim_id=claim, by="erin", reason=bad),
        lambda: review.add_evidence(
            store,
            claim_id=claim,
            by="alice",
            evidence=EvidenceIn.model_construct(
                url="https://example.org/x", stance=Stance.SUPPORTS, title=bad, note=None
            ),
        ),
    ):
        with pytest.raises((InputError, ValueError)):
            call()
    assert (claim_facts(store, claim), total_events(store)) == (before, events)
    if "\x00" not in bad and "\ud800" not in bad:  # argv cannot carry those
        result = run_cli(
            store.url, "mark", str(claim), "--status", "mixed", "--note", bad, actor="alice"
        )
        refused(result, "control character")
        assert claim_facts(store, claim) == before


def test_tabs_and_newlines_in_notes_are_text(desk: tuple[Store, list[int]]) -> None:
    store, ids = desk
    bring_to(store, ids[6], "in_review")
    out = review.note(store, claim_id=ids[6], by="alice", note="line one\n\tline two")
    assert out.version == 3


# --- 5. audit verify covers everything outside the chain ---------------------------------


@pytest.fixture
def approved(desk: tuple[Store, list[int]]) -> tuple[Store, int]:
    store, ids = desk
    bring_to(store, ids[4], "approved")
    bring_to(store, ids[2], "in_review")
    verify_ok(store)
    return store, ids[4]


TAMPERING: dict[str, tuple[list[str], str]] = {
    "approved_by_id": (
        ["UPDATE claims SET approved_by_id = (SELECT id FROM reviewers WHERE handle = 'ed') "
         "WHERE id = :c"],
        "its approver is 'ed'",
    ),
    "proposed_by_id": (
        ["UPDATE claims SET proposed_by_id = (SELECT id FROM reviewers WHERE handle = 'bob') "
         "WHERE id = :c"],
        "its proposer is 'bob'",
    ),
    "note": (["UPDATE claims SET note = 'all fine' WHERE id = :c"], "its note is 'all fine'"),
    "evidence url": (
        ["UPDATE evidence SET url = 'https://example.org/other' WHERE claim_id = :c"],
        "evidence links (urls, stances, who, when) differ",
    ),
    "evidence stance": (
        ["UPDATE evidence SET stance = 'refutes' WHERE claim_id = :c"],
        "evidence links (urls, stances, who, when) differ",
    ),
    "claim text": (
        ["UPDATE claims SET text = 'Something else entirely.' WHERE id = :c"],
        "its text is not its source's text at its span",
    ),
    "claim speaker": (
        ["UPDATE claims SET speaker = 'Someone Else' WHERE id = :c"],
        "its text, span or attribution is not what event 5 recorded",
    ),
    "source text": (
        ["UPDATE sources SET text = text || ' ' WHERE id = (SELECT source_id FROM claims "
         "WHERE id = :c)"],
        "its text does not match its content hash",
    ),
    "reviewer role": (
        ["UPDATE reviewers SET role = 'admin' WHERE handle = 'bob'"],
        "reviewer bob: is admin but the desk log says reviewer",
    ),
    "reviewer inserted": (
        ["INSERT INTO reviewers (handle, role, created_at, active) "
         "VALUES ('mallory', 'editor', CURRENT_TIMESTAMP, true)"],
        "reviewer mallory: not in the desk log",
    ),
    "reviewer reactivated": (
        ["UPDATE reviewers SET active = false WHERE handle = 'bob'"],
        "reviewer bob: is reviewer (inactive) but the desk log says reviewer",
    ),
    "assignee": (
        ["UPDATE claims SET assignee_id = NULL WHERE id = :c"],
        "its assignee is none",
    ),
}


@pytest.mark.parametrize("case", list(TAMPERING))
def test_verify_finds_every_change_outside_the_chain(
    approved: tuple[Store, int], case: str
) -> None:
    store, claim = approved
    statements, problem = TAMPERING[case]
    sql(store, *statements, c=claim)
    verify_fails(store, problem)


def test_a_deleted_source_leaves_orphans_that_verify_reports(
    approved: tuple[Store, int],
) -> None:
    store, claim = approved
    sql_without_foreign_keys(
        store, "DELETE FROM sources WHERE id = (SELECT source_id FROM claims WHERE id = :c)", c=claim
    )
    verify_fails(store, "is gone")


def test_claims_deleted_leave_events_that_verify_reports(approved: tuple[Store, int]) -> None:
    store, claim = approved
    sql_without_foreign_keys(store, "DELETE FROM claims WHERE id = :c", c=claim)
    verify_fails(store, f"claim row {claim}: has review events but no claim")


def test_people_changes_are_recorded_with_who_made_them(store: Store) -> None:
    add_people(store)
    run_cli(store.url, "reviewers", "set-role", "bob", "editor", actor="chief")
    run_cli(store.url, "reviewers", "deactivate", "ed", actor="chief")
    with store.read() as session:
        log = session.execute(
            text("SELECT seq, actor, action, handle, role FROM desk_events ORDER BY seq")
        ).all()
    assert [tuple(row) for row in log] == [
        (1, None, "add_reviewer", "chief", "admin"),
        (2, "chief", "add_reviewer", "alice", "reviewer"),
        (3, "chief", "add_reviewer", "bob", "reviewer"),
        (4, "chief", "add_reviewer", "erin", "editor"),
        (5, "chief", "add_reviewer", "ed", "editor"),
        (6, "chief", "set_role", "bob", "editor"),
        (7, "chief", "deactivate", "ed", None),
    ]
    verify_ok(store)


def test_a_deactivated_reviewer_cannot_act_but_stays_in_history(
    desk: tuple[Store, list[int]],
) -> None:
    store, ids = desk
    bring_to(store, ids[3], "in_review")
    result = run_cli(store.url, "reviewers", "deactivate", "alice", actor="chief")
    assert (result.exit_code, result.stdout) == (0, "alice is deactivated (kept in the history)\n")
    before = claim_facts(store, ids[3])
    refused(
        run_cli(store.url, "mark", str(ids[3]), "--status", "mixed", actor="alice"),
        "alice was deactivated",
    )
    assert claim_facts(store, ids[3]) == before
    assert "alice" in run_cli(store.url, "history", str(ids[3])).stdout
    refused(
        run_cli(store.url, "reviewers", "deactivate", "chief", actor="chief"),
        "chief is the last admin",
    )
    verify_ok(store)


# --- 6. anchoring: checkpoints ------------------------------------------------------------


def checkpoint_file(store: Store, tmp_path: Path) -> Path:
    path = tmp_path / "checkpoint.json"
    result = run_cli(store.url, "audit", "checkpoint", "-o", str(path))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("checkpoint: digest sha256:")
    return path


def verify_against(store: Store, path: Path) -> Any:
    return run_cli(store.url, "audit", "verify", "--against", str(path))


def test_an_untouched_database_verifies_against_its_checkpoint(
    approved: tuple[Store, int], tmp_path: Path
) -> None:
    store, claim = approved
    path = checkpoint_file(store, tmp_path)
    review.comment(store, claim_id=claim, by="bob", text="new work after the checkpoint")
    result = verify_against(store, path)
    assert result.exit_code == 0, result.stdout
    assert "matches the checkpoint sha256:" in result.stdout


def _rehash_last_event(store: Store, claim: int) -> None:
    """Edit the newest event and recompute its hash: the chain alone cannot tell."""
    from factcheck.store.tables import ClaimRow, ReviewEventRow

    with store.read() as session:
        row = (
            session.query(ReviewEventRow)
            .filter_by(claim_id=claim)
            .order_by(ReviewEventRow.seq.desc())
            .first()
        )
        assert row is not None
        row_id = row.id
        stable = audit.claim_stable_id(session, session.get_one(ClaimRow, claim))
        moment = row.created_at + dt.timedelta(seconds=1)
        forged = audit.event_hash(
            claim=stable,
            seq=row.seq,
            actor=row.actor,
            action=row.action,
            from_state=row.from_state,
            to_state=row.to_state,
            evidence_status=row.evidence_status,
            note=row.note,
            evidence=row.evidence,
            created_at=moment,
            prev_hash=row.prev_hash,
            content=row.content,
        )
    sql(
        store,
        "UPDATE review_events SET hash = :h, created_at = :t WHERE id = :i",
        "UPDATE claims SET approved_at = :t WHERE id = :c",
        h=forged,
        t=moment,
        i=row_id,
        c=claim,
    )


def _truncate_and_roll_back(store: Store, claim: int) -> None:
    """Delete the approval and make the claim agree: a consistent, shorter history."""
    sql(
        store,
        "DELETE FROM review_events WHERE claim_id = :c AND seq = 5",
        "UPDATE claims SET version = 5, review_state = 'proposed', approved_by_id = NULL, "
        "approved_at = NULL WHERE id = :c",
        c=claim,
    )


def _append_forged_approval(store: Store, claim: int) -> None:
    """Replace the approval by erin with one by ed, hash recomputed: valid on its own."""
    from factcheck.store.tables import ClaimRow, ReviewEventRow

    _truncate_and_roll_back(store, claim)
    with store.write() as session:
        row = session.get_one(ClaimRow, claim)
        last = session.query(ReviewEventRow).filter_by(claim_id=claim, seq=4).one()
        moment = last.created_at + dt.timedelta(minutes=1)
        audit.append_event(
            session,
            row,
            actor="ed",
            action=review.ReviewAction.APPROVE,
            from_state="proposed",
            to_state="approved",
            evidence_status=row.evidence_status,
            created_at=moment,
            content=last.content,
        )
        row.review_state, row.approved_at = "approved", moment
        row.approved_by_id = session.execute(
            text("SELECT id FROM reviewers WHERE handle = 'ed'")
        ).scalar_one()


REWRITES = {
    "re-hash of the last event": _rehash_last_event,
    "truncate and roll back": _truncate_and_roll_back,
    "appended forged event": _append_forged_approval,
}


@pytest.mark.parametrize("case", list(REWRITES))
def test_a_checkpoint_detects_a_consistent_rewrite(
    approved: tuple[Store, int], tmp_path: Path, case: str
) -> None:
    store, claim = approved
    path = checkpoint_file(store, tmp_path)
    drop_append_only(store)

    REWRITES[case](store, claim)

    verify_ok(store)  # consistent in itself: only the anchor can tell
    result = verify_against(store, path)
    assert result.exit_code == 1
    assert "rewritten since the checkpoint of" in result.stdout


def test_a_rewritten_desk_log_is_caught_by_the_checkpoint(
    approved: tuple[Store, int], tmp_path: Path
) -> None:
    store, _ = approved
    path = checkpoint_file(store, tmp_path)
    drop_append_only(store)
    from factcheck.store.desk import desk_event_hash

    with store.read() as session:
        rows = session.execute(text("SELECT * FROM desk_events ORDER BY seq")).mappings().all()
    prev = None
    for row in rows:  # promote bob to editor at creation, and re-chain everything
        role = "editor" if row["handle"] == "bob" else row["role"]
        created = row["created_at"]
        if isinstance(created, str):
            created = dt.datetime.fromisoformat(created).replace(tzinfo=dt.UTC)
        elif created.tzinfo is None:
            created = created.replace(tzinfo=dt.UTC)
        detail = row["detail"]
        if isinstance(detail, str):
            detail = json.loads(detail)
        digest = desk_event_hash(
            seq=row["seq"],
            actor=row["actor"],
            action=row["action"],
            handle=row["handle"],
            role=role,
            detail=detail,
            created_at=created,
            prev_hash=prev,
        )
        sql(
            store,
            "UPDATE desk_events SET role = :r, prev_hash = :p, hash = :h WHERE id = :i",
            r=role,
            p=prev,
            h=digest,
            i=row["id"],
        )
        prev = digest
    sql(store, "UPDATE reviewers SET role = 'editor' WHERE handle = 'bob'")
    verify_ok(store)
    result = verify_against(store, path)
    assert result.exit_code == 1
    assert "desk log, event 5: rewritten since the checkpoint" in result.stdout


def test_an_edited_checkpoint_is_refused(approved: tuple[Store, int], tmp_path: Path) -> None:
    store, _ = approved
    path = checkpoint_file(store, tmp_path)
    point = json.loads(path.read_text())
    point["events"] += 1
    point["digest"] = "sha256:" + "0" * 64
    path.write_text(json.dumps(point))
    result = verify_against(store, path)
    assert result.exit_code == 1
    assert "does not match its own digest" in result.stdout
    path.write_text("{}")
    refused(verify_against(store, path), "is not a checkpoint")


def test_no_checkpoint_of_a_broken_record(approved: tuple[Store, int], tmp_path: Path) -> None:
    store, claim = approved
    sql(store, "UPDATE claims SET note = 'x' WHERE id = :c", c=claim)
    refused(run_cli(store.url, "audit", "checkpoint"), "no checkpoint taken")


# --- 7. four eyes -----------------------------------------------------------------------


def _proposed_by(store: Store, claim: int, who: str) -> None:
    review.take(store, claim_id=claim, by=who)
    review.mark(store, claim_id=claim, by=who, status=EvidenceStatus.SUPPORTED)
    link = EvidenceIn(url=f"https://example.org/{claim}", stance=Stance.SUPPORTS)
    review.add_evidence(store, claim_id=claim, by=who, evidence=link)
    review.propose(store, claim_id=claim, by=who)


def test_an_admin_cannot_approve_through_a_handle_made_in_the_round(
    desk: tuple[Store, list[int]],
) -> None:
    store, ids = desk
    claim = ids[7]
    _proposed_by(store, claim, "chief")
    add_reviewer(store, handle="chief2", role=Role.EDITOR, by="chief")
    before = claim_facts(store, claim)

    result = run_cli(store.url, "approve", str(claim), actor="chief2")

    refused(result, "was made editor during this review round by chief")
    assert claim_facts(store, claim) == before
    assert run_cli(store.url, "approve", str(claim), actor="erin").exit_code == 0  # third person


def test_an_admin_cannot_approve_the_work_of_a_handle_made_in_the_round(
    desk: tuple[Store, list[int]],
) -> None:
    store, ids = desk
    claim = ids[7]
    review.take(store, claim_id=claim, by="alice")
    add_reviewer(store, handle="sock", role=Role.REVIEWER, by="chief")
    review.take(store, claim_id=claim, by="sock", over=True)
    review.mark(store, claim_id=claim, by="sock", status=EvidenceStatus.UNVERIFIABLE)
    review.propose(store, claim_id=claim, by="sock")
    with pytest.raises(WorkflowError, match="or created the handle that did"):
        review.approve(store, claim_id=claim, by="chief")
    assert review.approve(store, claim_id=claim, by="erin").state.value == "approved"


def test_an_editor_who_marked_and_added_evidence_cannot_approve(
    desk: tuple[Store, list[int]],
) -> None:
    store, ids = desk
    claim = ids[9]
    review.take(store, claim_id=claim, by="alice")
    review.take(store, claim_id=claim, by="erin", over=True)
    review.mark(store, claim_id=claim, by="erin", status=EvidenceStatus.REFUTED)
    link = EvidenceIn(url="https://example.org/e", stance=Stance.REFUTES)
    review.add_evidence(store, claim_id=claim, by="erin", evidence=link)
    review.take(store, claim_id=claim, by="alice", over=True)
    review.propose(store, claim_id=claim, by="alice")
    before = claim_facts(store, claim)

    result = run_cli(store.url, "approve", str(claim), actor="erin")

    refused(result, "erin set its verdict or changed its evidence in this review round")
    assert claim_facts(store, claim) == before
    assert run_cli(store.url, "approve", str(claim), actor="ed").exit_code == 0
    verify_ok(store)


def test_a_new_round_clears_the_contributors(desk: tuple[Store, list[int]]) -> None:
    """Who marked in an earlier round may approve a later one (after reopen)."""
    store, ids = desk
    claim = ids[9]
    _proposed_by(store, claim, "erin")
    review.approve(store, claim_id=claim, by="ed")
    review.reopen(store, claim_id=claim, by="ed", reason="new facts")
    review.take(store, claim_id=claim, by="alice", over=True)
    review.mark(store, claim_id=claim, by="alice", status=EvidenceStatus.MIXED)
    review.propose(store, claim_id=claim, by="alice")
    with pytest.raises(PermissionDenied):
        review.approve(store, claim_id=claim, by="bob")
    assert review.approve(store, claim_id=claim, by="erin").state.value == "approved"
    verify_ok(store)


def test_verify_flags_an_approval_that_breaks_four_eyes_written_with_sql(
    approved: tuple[Store, int],
) -> None:
    """Forge erin's approval as alice's (the proposer), re-chaining: the rules catch it."""
    store, claim = approved
    drop_append_only(store)
    from factcheck.store.tables import ClaimRow, ReviewEventRow

    with store.read() as session:
        row = session.query(ReviewEventRow).filter_by(claim_id=claim, seq=5).one()
        row_id = row.id
        stable = audit.claim_stable_id(session, session.get_one(ClaimRow, claim))
        forged = audit.event_hash(
            claim=stable,
            seq=5,
            actor="alice",
            action=row.action,
            from_state=row.from_state,
            to_state=row.to_state,
            evidence_status=row.evidence_status,
            note=row.note,
            evidence=row.evidence,
            created_at=row.created_at,
            prev_hash=row.prev_hash,
            content=row.content,
        )
    sql(
        store,
        "UPDATE review_events SET actor = 'alice', hash = :h WHERE id = :i",
        "UPDATE claims SET approved_by_id = (SELECT id FROM reviewers WHERE handle = 'alice') "
        "WHERE id = :c",
        h=forged,
        i=row_id,
        c=claim,
    )
    verify_fails(store, "its history breaks the review rules")


# --- 8. taking assigns ------------------------------------------------------------------


def test_others_cannot_work_on_a_taken_claim_until_they_take_it_over(
    desk: tuple[Store, list[int]],
) -> None:
    store, ids = desk
    claim = ids[10]
    run_cli(store.url, "take", str(claim), actor="alice")
    before = claim_facts(store, claim)
    refused(
        run_cli(store.url, "mark", str(claim), "--status", "mixed", actor="bob"),
        f"it is taken by alice; take it over first with `factcheck take {claim} --over`",
    )
    assert claim_facts(store, claim) == before
    assert run_cli(store.url, "comment", str(claim), "I have a source", actor="bob").exit_code == 0

    over = run_cli(store.url, "take", str(claim), "--over", actor="bob")

    assert over.exit_code == 0, over.stderr
    history = run_cli(store.url, "history", str(claim)).stdout.splitlines()
    assert 'bob  take_over "taken over from alice"' in history[-1]
    assert run_cli(store.url, "mark", str(claim), "--status", "mixed", actor="bob").exit_code == 0
    refused(
        run_cli(store.url, "release", str(claim), actor="alice"), "it is taken by bob"
    )
    assert run_cli(store.url, "release", str(claim), actor="bob").exit_code == 0
    assert claim_facts(store, claim)[1] == "pending"
    verify_ok(store)


def test_claims_can_be_listed_by_assignee(desk: tuple[Store, list[int]]) -> None:
    from factcheck.store.claims import list_claims

    store, ids = desk
    review.take(store, claim_id=ids[0], by="alice")
    review.take(store, claim_id=ids[1], by="bob")
    review.take(store, claim_id=ids[2], by="alice")
    review.take(store, claim_id=ids[2], by="bob", over=True)
    assert [c.id for c in list_claims(store, assignee="alice")] == [ids[0]]
    assert [c.id for c in list_claims(store, assignee="bob")] == [ids[1], ids[2]]
    assert list_claims(store, assignee="nobody") == []
    unassigned = [c.id for c in list_claims(store, unassigned=True)]
    assert unassigned == [i for i in ids if i not in ids[:3]]


def test_a_dismissed_claim_can_be_reopened_by_an_editor(desk: tuple[Store, list[int]]) -> None:
    store, ids = desk
    bring_to(store, ids[11], "dismissed")
    refused(
        run_cli(store.url, "reopen", str(ids[11]), "--reason", "x", actor="alice"),
        "only an editor may",
    )
    result = run_cli(store.url, "reopen", str(ids[11]), "--reason", "it is a claim", actor="ed")
    assert result.exit_code == 0, result.stderr
    assert claim_facts(store, ids[11])[1] == "in_review"
    verify_ok(store)


# --- the tally ----------------------------------------------------------------------------


def test_no_forged_approval_reached_the_verified_export(
    exported: dict[str, Any], target: Store, tmp_path: Path
) -> None:
    """After every forgery above is tried on one database, it holds only honest approvals."""
    attempts = 0
    for damage in [forge_mallory_approval, *(f for f, _ in FORGERIES.values())]:
        document = json.loads(json.dumps(exported))
        damage(document)
        result = run_cli(target.url, "import", str(write(document, tmp_path)), actor="boss")
        assert result.exit_code == 1 and "Traceback" not in result.stderr
        attempts += 1
    assert approved_count(target) == 0
    honest = run_cli(target.url, "import", str(write(exported, tmp_path)), actor="boss")
    assert honest.exit_code == 0
    assert approved_count(target) == sum(c["review_state"] == "approved" for c in exported["claims"])
    assert attempts == 1 + len(FORGERIES)
