"""``factcheck review``: the interactive queue, driven by piped input and fake key presses."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator

import pytest
from _review_helpers import add_people, claim_facts, run_cli, synthetic_extraction

from factcheck.model import EvidenceStatus
from factcheck.store import audit, review
from factcheck.store.engine import Store
from factcheck.store.ingest import ingest


@pytest.fixture
def queue(store: Store) -> Store:
    """Three one-line pending claims (ids 1-3) and the usual people."""
    add_people(store)
    ingest(store, synthetic_extraction(3))
    return store


def screen(
    claim: int,
    position: int,
    version: int = 1,
    state: str = "pending",
    status: str = "unverified",
    history: str = "History (0):\n",
) -> str:
    """What the queue prints when it shows one of the three synthetic claims."""
    sentences = [f"The race figure number {n} rose by {n} percent." for n in range(3)]
    context = "".join(
        f"  > {text}\n" if n == claim - 1 else f"    {text}\n" for n, text in enumerate(sentences)
    )
    return (
        f"\n[{position}/3] Claim {claim} — source 1, sentence {claim - 1}, paragraph 0 "
        f"(version {version})\n"
        f"State: {state}    Status: {status}\n\n{context}\n"
        "Attribution: reporter_assertion; speaker: -; cue: -; rule: test (confidence 0.50)\n"
        "Hedges: none\nNote: -\nEvidence (0):\n" + history
    )


CHOICE = "Choice (? for help) [s/e/n/p/k/q/?]: "


def test_a_scripted_session(queue: Store) -> None:
    answers = "s\nm\ne\nhttps://example.org/a\nc\n\nx\np\nk\nstatus\nunverifiable\nq\n"
    result = run_cli(queue.url, "review", actor="alice", input=answers)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        screen(1, 1) + CHOICE + "s\n"
        "Status [s/r/m/v/u]: m\n"
        "  taken: claim 1 is in_review, status unverified, 0 evidence (version 2)\n"
        "  status saved: claim 1 is in_review, status mixed, 0 evidence (version 3)\n"
        + CHOICE
        + "e\n"
        "URL: https://example.org/a\n"
        "Stance [s/r/c]: c\n"
        "Title (blank for none): \n"
        "  evidence saved: claim 1 is in_review, status mixed, 1 evidence (version 4)\n"
        + CHOICE
        + "x\n"
        "  unknown choice 'x'; one of s/e/n/p/k/q/?\n" + CHOICE + "p\n"
        "  propose saved: claim 1 is proposed, status mixed, 1 evidence (version 5)\n"
        + screen(2, 2)
        + CHOICE
        + "k\n"
        + screen(3, 3)
        + CHOICE
        + "status\n"
        "Status [s/r/m/v/u]: unverifiable\n"
        "  taken: claim 3 is in_review, status unverified, 0 evidence (version 2)\n"
        "  status saved: claim 3 is in_review, status unverifiable, 0 evidence (version 3)\n"
        + CHOICE
        + "q\n"
        "Quit. 6 change(s) saved; nothing entered was lost.\n"
    )
    assert claim_facts(queue, 1) == (5, "proposed", "mixed", 4, 1)
    assert claim_facts(queue, 2) == (1, "pending", "unverified", 0, 0)
    assert claim_facts(queue, 3) == (3, "in_review", "unverifiable", 2, 0)
    assert audit.verify(queue).ok


@pytest.mark.parametrize(
    ("answers", "facts", "saved"),
    [
        ("s\nr\n", (3, "in_review", "refuted", 2, 0), 2),  # input ends after a choice
        ("n\nFirst look\ne\nhttps://example.org/b\n", (3, "in_review", "unverified", 2, 0), 2),
        ("s\nr\nq\n", (3, "in_review", "refuted", 2, 0), 2),
    ],
)
def test_quitting_keeps_everything_entered_before(
    queue: Store, answers: str, facts: tuple[object, ...], saved: int
) -> None:
    result = run_cli(queue.url, "review", actor="bob", input=answers)
    assert result.exit_code == 0
    assert result.stdout.endswith(f"Quit. {saved} change(s) saved; nothing entered was lost.\n")
    assert claim_facts(queue, 1) == facts


def test_refusals_are_shown_and_the_claim_stays(queue: Store) -> None:
    answers = "p\ne\nnot-a-url\ns\n\nk\nq\n"
    result = run_cli(queue.url, "review", "--search", "number 1 ", actor="alice", input=answers)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert (
        "Error: cannot propose claim 2: it is pending, and only a claim that is in_review can "
        "be; take it first: `factcheck take 2`"
    ) in lines
    assert "Error: invalid url: not an absolute http(s) URL: 'not-a-url'" in lines
    assert lines[-1] == "Done: 1 claim(s) shown, 0 change(s) saved."
    assert claim_facts(queue, 2) == (1, "pending", "unverified", 0, 0)
    # once taken (by a first change), an unverified proposal is refused the same way
    again = run_cli(queue.url, "review", "--search", "number 1 ", actor="alice", input="n\nx\np\n")
    assert (
        "Error: cannot propose claim 2: its status is unverified; set a verdict first: "
        "`factcheck mark 2 --status supported|refuted|mixed|unverifiable`"
    ) in again.stdout.splitlines()
    assert claim_facts(queue, 2) == (3, "in_review", "unverified", 2, 0)


def test_a_concurrent_change_is_reloaded_not_overwritten(
    queue: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """bob comments on claim 1 while alice looks at it; alice's stale write is refused, then
    redone. (A taken claim is its assignee's, so bob can comment but not mark alice's claim.)"""
    from factcheck.cli import queue as queue_cli

    review.take(queue, claim_id=1, by="alice")
    original = queue_cli.Answers._line
    calls = iter(range(100))

    def line_with_interference(self: queue_cli.Answers) -> str:
        if next(calls) == 0:  # alice is looking at claim 1 (version 2)
            review.comment(queue, claim_id=1, by="bob", text="see the league's figures")
            review.dismiss(queue, claim_id=2, by="erin", reason="duplicate")
        return original(self)

    monkeypatch.setattr(queue_cli.Answers, "_line", line_with_interference)
    result = run_cli(queue.url, "review", actor="alice", input="s\nr\ns\nr\nk\nq\n")
    assert result.exit_code == 0
    out = result.stdout
    assert (
        "Error: claim 1 was changed by bob at " in out
        and "(version 3, you had 2); reload with `factcheck claims show 1`. Reloading.\n" in out
    )
    # the reloaded screen is the current claim, then alice's write goes through
    assert "State: in_review (taken by alice)    Status: unverified\n" in out
    assert "  status saved: claim 1 is in_review, status refuted, 0 evidence (version 4)\n" in out
    assert "[2/3] claim 2 is now dismissed; skipping it.\n" in out
    assert claim_facts(queue, 1) == (4, "in_review", "refuted", 3, 0)
    assert audit.verify(queue).ok


def keys(*pressed: str) -> Iterator[str]:
    yield from pressed


def test_terminal_mode_reads_single_keys(queue: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    from factcheck.cli import queue as queue_cli

    pressed = keys("s", "r", "e", "s", "?", "q")
    monkeypatch.setattr(queue_cli, "stdin_is_terminal", lambda: True)
    monkeypatch.setattr(queue_cli.click, "getchar", lambda echo=False: next(pressed))
    # lines (URL, title) still come from a line prompt
    result = run_cli(queue.url, "review", actor="alice", input="https://example.org/t\n\n")
    assert result.exit_code == 0, result.stderr
    assert "Status [s/r/m/v/u]: r\n" in result.stdout
    assert "  evidence saved: claim 1 is in_review, status refuted, 1 evidence (version 4)\n" in (
        result.stdout
    )
    assert "  q  quit (everything entered so far is already saved)\n" in result.stdout
    assert result.stdout.endswith("Quit. 3 change(s) saved; nothing entered was lost.\n")
    assert claim_facts(queue, 1) == (4, "in_review", "refuted", 3, 1)


def test_ctrl_c_in_terminal_mode_quits_cleanly(
    queue: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    from factcheck.cli import queue as queue_cli

    pressed = keys("s", "r", "\x03")
    monkeypatch.setattr(queue_cli, "stdin_is_terminal", lambda: True)
    monkeypatch.setattr(queue_cli.click, "getchar", lambda echo=False: next(pressed))
    result = run_cli(queue.url, "review", actor="alice")
    assert result.exit_code == 0
    assert result.stdout.endswith("Quit. 2 change(s) saved; nothing entered was lost.\n")
    assert claim_facts(queue, 1)[2] == "refuted"


def test_empty_queue_wrong_state_and_unknown_person(queue: Store) -> None:
    empty = run_cli(queue.url, "review", "--kind", "direct_quote", actor="alice")
    assert (empty.exit_code, empty.stdout) == (0, "No claims to review.\n")
    wrong = run_cli(queue.url, "review", "--state", "approved", actor="alice")
    assert wrong.exit_code == 2
    assert "the queue only holds pending and in_review claims, not approved" in wrong.stderr
    unknown = run_cli(queue.url, "review", actor="zed", input="s\nr\n")
    assert unknown.exit_code == 1
    assert unknown.stderr.startswith("Error: no reviewer 'zed'")
    assert claim_facts(queue, 1) == (1, "pending", "unverified", 0, 0)


def test_piped_stdin_in_a_real_process(queue: Store) -> None:
    env = {**os.environ, "FACTCHECK_REVIEWER": "alice", "FACTCHECK_DATABASE_URL": queue.url}
    completed = subprocess.run(
        [sys.executable, "-m", "factcheck.cli.main", "review", "--state", "pending"],
        input="k\ns\nr\ne\nhttps://example.org/p\nr\nSource\np\n",
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert "  propose saved: claim 2 is proposed, status refuted, 1 evidence (version 5)\n" in (
        completed.stdout
    )
    assert completed.stdout.endswith("Quit. 4 change(s) saved; nothing entered was lost.\n")
    assert claim_facts(queue, 2) == (5, "proposed", "refuted", 4, 1)
