"""The review workflow through the CLI, on SQLite and PostgreSQL.

Every refused transition, every role check and the four-eyes rule: each
refusal exits 1 with one line naming the claim, its state and the fix, and
writes nothing (version, state, status, events and evidence unchanged).
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from _review_helpers import (
    add_people,
    bring_to,
    claim_facts,
    fresh_database,
    ingest_sample,
    run_cli,
    total_events,
)

from factcheck.store.engine import Store

STATES = ["pending", "in_review", "proposed", "approved", "dismissed"]

# CLI arguments of each action a person can take from the command line.
COMMANDS = {
    "take": ["take", "{id}"],
    "mark": ["mark", "{id}", "--status", "refuted", "--note", "n"],
    "add evidence to": [
        "evidence",
        "add",
        "{id}",
        "https://example.org/new",
        "--stance",
        "refutes",
    ],
    "propose": ["propose", "{id}"],
    "approve": ["approve", "{id}"],
    "return": ["return", "{id}", "--note", "needs more"],
    "dismiss": ["dismiss", "{id}", "--reason", "not a claim"],
    "reopen": ["reopen", "{id}", "--reason", "new facts"],
}
ALLOWED = {
    ("take", "pending"),
    ("mark", "in_review"),
    ("add evidence to", "in_review"),
    ("propose", "in_review"),
    ("approve", "proposed"),
    ("return", "proposed"),
    ("dismiss", "pending"),
    ("dismiss", "in_review"),
    ("dismiss", "proposed"),
    ("reopen", "approved"),
    ("reopen", "dismissed"),
}
REFUSED = [pair for pair in itertools.product(COMMANDS, STATES) if pair not in ALLOWED]


def args_for(verb: str, claim_id: int) -> list[str]:
    return [part.format(id=claim_id) for part in COMMANDS[verb]]


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def staged(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Store, dict[str, int]]]:
    """One database per backend with a claim in every state (refusals change nothing)."""
    with fresh_database(request.param, tmp_path_factory.mktemp("staged")) as store:
        add_people(store)
        ids = ingest_sample(store)
        by_state = dict(zip(STATES, ids, strict=False))
        for state, claim_id in by_state.items():
            bring_to(store, claim_id, state)
        yield store, by_state


@pytest.mark.parametrize(("verb", "state"), REFUSED)
def test_refused_transitions_write_nothing(
    staged: tuple[Store, dict[str, int]], verb: str, state: str
) -> None:
    store, by_state = staged
    claim_id = by_state[state]
    before, events = claim_facts(store, claim_id), total_events(store)
    result = run_cli(store.url, *args_for(verb, claim_id), actor="chief")
    assert result.exit_code == 1
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"Error: cannot {verb} claim {claim_id}: it is {state}")
    assert "factcheck " in lines[0] or "final" in lines[0]  # names the way forward
    assert claim_facts(store, claim_id) == before
    assert total_events(store) == events


ROLE_REFUSALS = [
    ("approve", "proposed"),
    ("return", "proposed"),
    ("dismiss", "pending"),
    ("dismiss", "in_review"),
    ("dismiss", "proposed"),
    ("reopen", "approved"),
    ("reopen", "dismissed"),
]


@pytest.mark.parametrize(("verb", "state"), ROLE_REFUSALS)
def test_reviewers_cannot_do_editor_work(
    staged: tuple[Store, dict[str, int]], verb: str, state: str
) -> None:
    store, by_state = staged
    claim_id = by_state[state]
    before = claim_facts(store, claim_id)
    result = run_cli(store.url, *args_for(verb, claim_id), actor="bob")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        f"Error: cannot {verb} claim {claim_id}: bob is a reviewer and only an editor may; "
        "an admin can change that with `factcheck reviewers set-role bob editor`\n"
    )
    assert claim_facts(store, claim_id) == before


@pytest.mark.parametrize(
    ("actor", "message"),
    [
        (None, "Error: no reviewer given: pass --as HANDLE or set FACTCHECK_REVIEWER\n"),
        (
            "mallory",
            "Error: no reviewer 'mallory'; an admin can add them with "
            "`factcheck reviewers add mallory --role reviewer`\n",
        ),
    ],
)
def test_the_acting_person_must_be_known(
    staged: tuple[Store, dict[str, int]], actor: str | None, message: str
) -> None:
    store, by_state = staged
    before = claim_facts(store, by_state["pending"])
    result = run_cli(store.url, "take", str(by_state["pending"]), actor=actor)
    assert (result.exit_code, result.stderr) == (1, message)
    assert claim_facts(store, by_state["pending"]) == before


def test_acting_person_from_the_environment(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    add_people(store)
    claim_id = ingest_sample(store)[0]
    monkeypatch.setenv("FACTCHECK_REVIEWER", "alice")
    result = run_cli(store.url, "take", str(claim_id), "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["assignee"] == "alice"


def test_unknown_claim(staged: tuple[Store, dict[str, int]]) -> None:
    store, _ = staged
    result = run_cli(store.url, "take", "9999", actor="alice")
    assert (result.exit_code, result.stderr) == (
        1,
        "Error: no claim 9999; list claims with `factcheck claims list`\n",
    )


def normalise(text: str) -> str:
    text = re.sub(r"\d{4}-\d\d-\d\d \d\d:\d\d(:\d\d)? UTC", "<time>", text)
    return re.sub(r"sha256:[0-9a-f]{12}…", "sha256:<hash>…", text)


def test_the_whole_workflow(store: Store) -> None:
    """take → mark → evidence → propose → return → take over → mark → propose → approve →
    reopen → dismiss."""
    add_people(store)
    claim = str(ingest_sample(store)[4])

    def ok(actor: str, *args: str) -> str:
        result = run_cli(store.url, *args, actor=actor)
        assert result.exit_code == 0, result.stderr
        return str(result.stdout)

    assert ok("alice", "take", claim) == (
        "claim 5 taken: now in_review, status unverified, 0 evidence, version 2\n"
    )
    assert ok("alice", "mark", claim, "--status", "supported", "--note", "NBA release") == (
        "claim 5 marked: now in_review, status supported, 0 evidence, version 3\n"
    )
    ok(
        "alice",
        "evidence",
        "add",
        claim,
        "https://www.nba.com/news/ant-group",
        "--stance",
        "supports",
        "--title",
        "NBA, Ant Group partnership",
    )
    assert ok("alice", "propose", claim) == (
        "claim 5 proposed: now proposed, status supported, 1 evidence, version 5\n"
    )
    assert ok("erin", "return", claim, "--note", "Quote the CEO's title") == (
        "claim 5 returned: now in_review, status supported, 1 evidence, version 6\n"
    )
    ok("bob", "take", claim, "--over")
    ok("bob", "mark", claim, "--status", "mixed")
    ok("bob", "propose", claim)
    # alice may approve nothing (reviewer); erin may approve bob's proposal
    assert ok("erin", "approve", claim) == (
        "claim 5 approved: now approved, status mixed, 1 evidence, version 10\n"
    )
    ok("ed", "reopen", claim, "--reason", "New statement from the league")
    ok("chief", "dismiss", claim, "--reason", "Promotional quote, not check-worthy")

    history = run_cli(store.url, "history", claim)
    assert history.exit_code == 0
    assert normalise(history.stdout) == (
        "  1  <time>  alice  take pending → in_review  sha256:<hash>…\n"
        '  2  <time>  alice  mark status=supported "NBA release"  sha256:<hash>…\n'
        "  3  <time>  alice  add_evidence [supports] https://www.nba.com/news/ant-group  "
        "sha256:<hash>…\n"
        "  4  <time>  alice  propose in_review → proposed  sha256:<hash>…\n"
        '  5  <time>  erin  return proposed → in_review "Quote the CEO\'s title"  sha256:<hash>…\n'
        '  6  <time>  bob  take_over "taken over from alice"  sha256:<hash>…\n'
        "  7  <time>  bob  mark status=mixed  sha256:<hash>…\n"
        "  8  <time>  bob  propose in_review → proposed  sha256:<hash>…\n"
        "  9  <time>  erin  approve proposed → approved  sha256:<hash>…\n"
        ' 10  <time>  ed  reopen approved → in_review "New statement from the league"  '
        "sha256:<hash>…\n"
        ' 11  <time>  chief  dismiss in_review → dismissed "Promotional quote, not check-worthy"  '
        "sha256:<hash>…\n"
    )
    verify = run_cli(store.url, "audit", "verify")
    assert verify.exit_code == 0
    assert verify.stdout.startswith(
        "audit ok: 11 events on 14 claims and 5 desk events verified; digest sha256:"
    )


@pytest.mark.parametrize("proposer", ["erin", "chief"])
def test_four_eyes(store: Store, proposer: str) -> None:
    add_people(store)
    claim_id = ingest_sample(store)[2]
    bring_to(store, claim_id, "proposed", proposer=proposer)
    before = claim_facts(store, claim_id)
    refused = run_cli(store.url, "approve", str(claim_id), actor=proposer)
    assert refused.exit_code == 1
    assert refused.stderr == (
        f"Error: cannot approve claim {claim_id}: {proposer} proposed it, and the four-eyes "
        "rule needs a different editor to approve it\n"
    )
    assert claim_facts(store, claim_id) == before
    other = "ed" if proposer == "erin" else "erin"
    approved = run_cli(store.url, "approve", str(claim_id), "--json", actor=other)
    assert approved.exit_code == 0, approved.stderr
    doc = json.loads(approved.stdout)
    assert (doc["id"], doc["state"], doc["proposed_by"], doc["approved_by"]) == (
        claim_id,
        "approved",
        proposer,
        other,
    )


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        ([], "its status is unverified; set a verdict first"),
        ([["mark", "{id}", "--status", "refuted"]], "as refuted without evidence"),
        ([["mark", "{id}", "--status", "unverifiable"]], None),
        (
            [
                ["mark", "{id}", "--status", "refuted"],
                ["evidence", "add", "{id}", "https://example.org/x", "--stance", "refutes"],
            ],
            None,
        ),
    ],
)
def test_proposal_preconditions(store: Store, setup: list[list[str]], message: str | None) -> None:
    add_people(store)
    claim_id = ingest_sample(store)[1]
    bring_to(store, claim_id, "in_review")
    for args in setup:
        assert (
            run_cli(store.url, *(a.format(id=claim_id) for a in args), actor="alice").exit_code == 0
        )
    before = claim_facts(store, claim_id)
    result = run_cli(store.url, "propose", str(claim_id), actor="alice")
    if message is None:
        assert result.exit_code == 0, result.stderr
        assert claim_facts(store, claim_id)[1] == "proposed"
        return
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: cannot propose claim {claim_id}")
    assert message in result.stderr
    assert claim_facts(store, claim_id) == before


@pytest.mark.parametrize(
    ("verb", "state", "option"),
    [
        ("return", "proposed", "--note"),
        ("dismiss", "pending", "--reason"),
        ("reopen", "approved", "--reason"),
    ],
)
def test_a_note_or_reason_is_required(
    staged: tuple[Store, dict[str, int]], verb: str, state: str, option: str
) -> None:
    store, by_state = staged
    claim_id = by_state[state]
    before = claim_facts(store, claim_id)
    missing = run_cli(store.url, verb, str(claim_id), actor="erin")
    assert missing.exit_code == 2
    assert f"Missing option '{option}'" in missing.stderr
    blank = run_cli(store.url, verb, str(claim_id), option, "  ", actor="erin")
    assert blank.exit_code == 1
    word = option.removeprefix("--")
    assert blank.stderr == (
        f"Error: cannot {verb} claim {claim_id} without a {word}: pass --{word} TEXT\n"
    )
    assert claim_facts(store, claim_id) == before


def test_stale_write_names_who_changed_the_claim(store: Store) -> None:
    add_people(store)
    claim_id = ingest_sample(store)[3]
    seen = json.loads(run_cli(store.url, "take", str(claim_id), "--json", actor="alice").stdout)
    assert seen["version"] == 2
    assert run_cli(store.url, "comment", str(claim_id), "a source?", actor="bob").exit_code == 0
    before = claim_facts(store, claim_id)
    stale = run_cli(
        store.url,
        "mark",
        str(claim_id),
        "--status",
        "refuted",
        "--expect-version",
        "2",
        actor="alice",
    )
    assert stale.exit_code == 1
    assert re.fullmatch(
        rf"Error: claim {claim_id} was changed by bob at \d{{4}}-\d\d-\d\d \d\d:\d\d:\d\d UTC "
        rf"\(version 3, you had 2\); reload with `factcheck claims show {claim_id}`\n",
        stale.stderr,
    )
    assert claim_facts(store, claim_id) == before
    fresh = run_cli(
        store.url,
        "mark",
        str(claim_id),
        "--status",
        "refuted",
        "--expect-version",
        "3",
        actor="alice",
    )
    assert fresh.exit_code == 0, fresh.stderr


def test_evidence_rules(store: Store) -> None:
    add_people(store)
    claim_id = str(ingest_sample(store)[0])
    bring_to(store, int(claim_id), "in_review")
    add = ["evidence", "add", claim_id, "https://example.org/a", "--stance", "context"]
    assert run_cli(store.url, *add, "--note", "background", actor="alice").exit_code == 0
    again = run_cli(store.url, *add, actor="alice")
    assert (again.exit_code, again.stderr) == (
        1,
        f"Error: claim {claim_id} already cites https://example.org/a; "
        f"see its evidence with `factcheck evidence list {claim_id}`\n",
    )
    bad = run_cli(
        store.url, "evidence", "add", claim_id, "ftp://x", "--stance", "context", actor="alice"
    )
    assert bad.exit_code == 1
    assert (
        bad.stderr
        == "Error: invalid input: url: Value error, not an absolute http(s) URL: 'ftp://x'\n"
    )
    listed = run_cli(store.url, "evidence", "list", claim_id, "--json")
    items = json.loads(listed.stdout)
    assert [(i["claim_id"], i["url"], i["stance"], i["note"], i["added_by"]) for i in items] == [
        (int(claim_id), "https://example.org/a", "context", "background", "alice")
    ]
    text = run_cli(store.url, "evidence", "list", claim_id)
    assert normalise(text.stdout) == (
        "[context] https://example.org/a — background (added by alice <time>)\n"
    )


def test_history_json_carries_the_claim_id(staged: tuple[Store, dict[str, int]]) -> None:
    store, by_state = staged
    claim_id = by_state["approved"]
    result = run_cli(store.url, "history", str(claim_id), "--json")
    events = json.loads(result.stdout)
    assert [e["action"] for e in events] == ["take", "mark", "add_evidence", "propose", "approve"]
    assert {e["claim_id"] for e in events} == {claim_id}
    assert [e["seq"] for e in events] == [1, 2, 3, 4, 5]
    assert all(e["hash"].startswith("sha256:") for e in events)
    assert events[1]["prev_hash"] == events[0]["hash"]


def test_every_review_command_documents_exit_codes_and_an_example() -> None:
    from click.testing import CliRunner

    from factcheck.cli.main import cli

    commands = [
        ["take"],
        ["mark"],
        ["evidence", "add"],
        ["evidence", "list"],
        ["propose"],
        ["approve"],
        ["return"],
        ["dismiss"],
        ["reopen"],
        ["history"],
        ["claims", "list"],
        ["claims", "show"],
        ["reviewers", "add"],
        ["reviewers", "list"],
        ["reviewers", "set-role"],
        ["audit", "verify"],
        ["review"],
    ]
    for command in commands:
        result = CliRunner().invoke(cli, [*command, "--help"])
        assert result.exit_code == 0, command
        assert "Example:" in result.stdout, command
        assert "Exit codes: 0" in result.stdout, command


def test_help_output_does_not_need_a_database(tmp_path: Path) -> None:
    result = run_cli(f"sqlite:///{tmp_path / 'never.db'}", "approve", "--help")
    assert result.exit_code == 0
    assert not (tmp_path / "never.db").exists()
