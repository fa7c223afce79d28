"""``factcheck review``: the interactive queue, driven by piped input and fake key presses."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from _review_helpers import (
    add_people,
    bring_to,
    claim_facts,
    run_cli,
    synthetic_extraction,
    total_events,
)

from factcheck.model import (
    Article,
    Attribution,
    AttributionKind,
    EvidenceStatus,
    ExtractedClaim,
    Extraction,
    Span,
)
from factcheck.store import audit, review
from factcheck.store.engine import Store, open_store
from factcheck.store.ingest import ingest


def three_claims(store: Store) -> Store:
    """Three one-line pending claims (ids 1-3) and the usual people."""
    add_people(store)
    ingest(store, synthetic_extraction(3))
    return store


@pytest.fixture
def queue(tmp_path: Path) -> Iterator[Store]:
    """Three claims on SQLite: the queue's own behaviour (prompts, keys, summary)."""
    opened = open_store(f"sqlite:///{tmp_path / 'queue.db'}")
    try:
        yield three_claims(opened)
    finally:
        opened.close()


@pytest.fixture
def queue_both(store: Store) -> Store:
    """Three claims on each backend: where the queue's writes meet the store's locks."""
    return three_claims(store)


def screen(
    claim: int,
    position: int,
    version: int = 1,
    state: str = "pending",
    status: str = "unverified",
    history: str = "History (0):\n",
    total: int = 3,
    note: str = "-",
) -> str:
    """What the queue prints when it shows one of the three synthetic claims."""
    sentences = [f"The race figure number {n} rose by {n} percent." for n in range(3)]
    context = "".join(
        f"  > {text}\n" if n == claim - 1 else f"    {text}\n" for n, text in enumerate(sentences)
    )
    return (
        f"\n[{position}/{total}] Claim {claim} — source 1, sentence {claim}, paragraph 1 "
        f"(version {version})\n"
        f"State: {state}    Status: {status}\n\n{context}\n"
        "Attribution: reporter_assertion; speaker: -; cue: -; rule: test (confidence 0.50)\n"
        f"Hedges: none\nNote: {note}\nEvidence (0):\n" + history
    )


CHOICE = "Choice [s=status e=evidence n=note p=propose k=skip u=undo q=quit ?=help]: "
STATUS = (
    "Status [s=supported r=refuted m=mixed v=unverifiable u=unverified, Enter/Esc/q=cancel]: "
)
STANCE = "Stance [s=supports r=refutes c=context, Enter/Esc/q=cancel]: "
URL = "URL [Enter/Esc/q=cancel]: "
NOTE = "Note [Enter/Esc/q=cancel]: "
TITLE = "Title [Enter=none, Esc/q=cancel]: "
EVIDENCE_NOTE = "Note on what it shows [Enter=none, Esc/q=cancel]: "
APPROVAL = "Choice [a=approve r=return k=skip u=undo q=quit ?=help]: "


def saved(what: str, claim: int, state: str, status: str, links: int, version: int) -> str:
    return (
        f"  {what}: claim {claim} is {state}, status {status}, {links} evidence "
        f"(version {version})\n"
    )


def test_a_scripted_session(queue_both: Store) -> None:
    answers = (
        "s\nm\ne\nnot-a-url\nhttps://example.org/a\nc\n\nLeague table\nx\np\n"
        "k\nstatus\nunverifiable\nq\n"
    )
    result = run_cli(queue_both.url, "review", actor="alice", input=answers)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        screen(1, 1) + CHOICE + "s\n" + STATUS + "m\n"
        + saved("taken", 1, "in_review", "unverified", 0, 2)
        + saved("status saved", 1, "in_review", "mixed", 0, 3)
        + CHOICE + "e\n"
        + URL + "not-a-url\n"
        "  not an absolute http(s) URL: 'not-a-url'; type it again\n"
        + URL + "https://example.org/a\n"
        + STANCE + "c\n" + TITLE + "\n" + EVIDENCE_NOTE + "League table\n"
        + saved("evidence saved", 1, "in_review", "mixed", 1, 4)
        + CHOICE + "x\n"
        "  unknown key 'x'; one of s/e/n/p/k/u/q/?\n"
        + CHOICE + "p\n"
        + saved("propose saved", 1, "proposed", "mixed", 1, 5)
        + screen(2, 2) + CHOICE + "k\n"
        + screen(3, 3) + CHOICE + "status\n" + STATUS + "unverifiable\n"
        + saved("taken", 3, "in_review", "unverified", 0, 2)
        + saved("status saved", 3, "in_review", "unverifiable", 0, 3)
        + CHOICE + "q\n"
        "Quit: 3 claim(s) shown, 6 change(s) saved, 1 skipped; nothing entered was lost.\n"
    )  # fmt: skip
    assert claim_facts(queue_both, 1) == (5, "proposed", "mixed", 4, 1)
    assert claim_facts(queue_both, 2) == (1, "pending", "unverified", 0, 0)
    assert claim_facts(queue_both, 3) == (3, "in_review", "unverifiable", 2, 0)
    from factcheck.store.claims import list_evidence

    assert [e.note for e in list_evidence(queue_both, claim_id=1)] == ["League table"]
    assert audit.verify(queue_both).ok


@pytest.mark.parametrize("cancel", ["", "\x1b", "q"])
@pytest.mark.parametrize(
    "answers",
    [
        "s\n{c}\n",  # the status prompt
        "e\n{c}\n",  # the URL prompt
        "e\nhttps://example.org/x\n{c}\n",  # the stance prompt
        "n\n{c}\n",  # the note prompt
    ],
)
def test_a_cancelled_prompt_writes_nothing(queue: Store, answers: str, cancel: str) -> None:
    result = run_cli(queue.url, "review", actor="alice", input=answers.format(c=cancel) + "q\n")
    assert result.exit_code == 0, result.stderr
    assert "  cancelled; nothing written.\n" + CHOICE + "q\n" in result.stdout
    assert result.stdout.endswith(
        "Quit: 1 claim(s) shown, 0 change(s) saved, 0 skipped; nothing entered was lost.\n"
    )
    assert total_events(queue) == 0
    assert claim_facts(queue, 1) == (1, "pending", "unverified", 0, 0)


def test_escape_on_an_optional_prompt_cancels_the_whole_action(queue: Store) -> None:
    answers = "e\nhttps://example.org/x\nr\n\n\x1b\nq\n"  # title: none; evidence note: Esc
    result = run_cli(queue.url, "review", actor="alice", input=answers)
    assert "  cancelled; nothing written.\n" in result.stdout
    assert total_events(queue) == 0


@pytest.mark.parametrize(
    ("answers", "facts", "changes", "lost"),
    [
        ("s\nr\n", (3, "in_review", "refuted", 2, 0), 2, ""),  # input ends at the menu
        ("s\nr\nq\n", (3, "in_review", "refuted", 2, 0), 2, ""),
        (
            "n\nFirst look\ne\nhttps://example.org/b\n",  # input ends at the stance prompt
            (3, "in_review", "unverified", 2, 0),
            2,
            "evidence https://example.org/b on claim 1 (input ended before it was complete)",
        ),
    ],
)
def test_quitting_keeps_everything_saved_and_names_what_was_not(
    queue: Store, answers: str, facts: tuple[object, ...], changes: int, lost: str
) -> None:
    result = run_cli(queue.url, "review", actor="bob", input=answers)
    assert result.exit_code == 0
    counts = f"Quit: 1 claim(s) shown, {changes} change(s) saved, 0 skipped"
    tail = f"; NOT saved: {lost}." if lost else "; nothing entered was lost."
    assert result.stdout.endswith(f"\n{counts}{tail}\n")
    assert claim_facts(queue, 1) == facts


def test_refusals_speak_in_keys_and_the_claim_stays(queue: Store) -> None:
    answers = "p\nk\nq\n"
    result = run_cli(queue.url, "review", "--search", "number 1 ", actor="alice", input=answers)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert (
        "  Error: cannot propose claim 2: it is pending, and only a claim that is in_review can "
        "be; press s to set a verdict first"
    ) in lines
    assert "`" not in result.stdout
    assert lines[-1] == (
        "Done: 1 claim(s) shown, 0 change(s) saved, 1 skipped; nothing entered was lost."
    )
    assert claim_facts(queue, 2) == (1, "pending", "unverified", 0, 0)
    again = run_cli(
        queue.url, "review", "--search", "number 1 ", actor="alice", input="s\nr\np\nq\n"
    )
    assert (
        "  Error: cannot propose claim 2 as refuted without evidence; press e to add a link, "
        "or s to mark it unverifiable"
    ) in again.stdout.splitlines()
    assert "`" not in again.stdout


def test_control_characters_and_nul_are_refused_as_typed(queue: Store) -> None:
    answers = "n\nbad\x00note\nclear\x1b[2J\nfine note\nq\n"
    result = run_cli(queue.url, "review", actor="alice", input=answers)
    assert "  it contains a control character (\\x00); type it again\n" in result.stdout
    # an escape inside a typed line cancels (Esc), it is never stored
    assert "  cancelled; nothing written.\n" in result.stdout
    assert claim_facts(queue, 1) == (1, "pending", "unverified", 0, 0)


def test_stored_escape_sequences_are_shown_not_obeyed(queue: Store) -> None:
    """Notes are refused with control characters now; a database written by an
    older version (or edited by hand) may still hold them."""
    import sqlite3

    review.take(queue, claim_id=1, by="bob")
    review.note(queue, claim_id=1, by="bob", note="placeholder")
    with sqlite3.connect(queue.url.removeprefix("sqlite:///")) as connection:
        connection.execute(
            "UPDATE claims SET note = ? WHERE id = 1", ("\x1b[2J\x1b]0;pwned\x07 wiped",)
        )
    result = run_cli(queue.url, "review", actor="alice", input="q\n")
    assert "Note: \\x1b[2J\\x1b]0;pwned\\x07 wiped\n" in result.stdout
    assert "\x1b" not in result.stdout


def test_a_concurrent_change_is_reloaded_and_the_answer_offered_again(
    queue_both: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """bob comments on claim 1 while alice types her note (a taken claim is its
    assignee's: others may only comment); her note is kept and saved when she says y."""
    from factcheck.cli import queue as queue_cli

    review.take(queue_both, claim_id=1, by="alice")
    original = queue_cli.Answers._line
    calls = iter(range(100))

    def line_with_interference(self: queue_cli.Answers) -> str:
        if next(calls) == 1:  # alice is typing her note on claim 1 (version 2)
            review.comment(queue_both, claim_id=1, by="bob", text="see the league's figures")
            review.dismiss(queue_both, claim_id=2, by="erin", reason="duplicate")
        return original(self)

    monkeypatch.setattr(queue_cli.Answers, "_line", line_with_interference)
    answers = "n\nCheck the league\ny\nk\nq\n"
    result = run_cli(queue_both.url, "review", actor="alice", input=answers)
    assert result.exit_code == 0
    out = result.stdout
    assert "  Error: claim 1 was changed by bob at " in out
    assert "(version 3, you had 2); reloaded below.\n" in out
    assert "State: in_review (taken by alice)    Status: unverified\n" in out
    assert (
        '  Not saved yet: note on claim 1 ("Check the league").\n'
        "Save it on the reloaded claim? [y=yes n=no, Enter/Esc/q=cancel]: y\n"
        + saved("note saved", 1, "in_review", "unverified", 0, 4)
    ) in out
    assert "[2/3] claim 2 is now dismissed; skipping it.\n" in out
    assert claim_facts(queue_both, 1) == (4, "in_review", "unverified", 3, 0)
    assert audit.verify(queue_both).ok


def test_a_declined_retry_is_named_in_the_summary(
    queue: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    from factcheck.cli import queue as queue_cli

    review.take(queue, claim_id=1, by="bob")
    original = queue_cli.Answers._line
    calls = iter(range(100))

    def line_with_interference(self: queue_cli.Answers) -> str:
        if next(calls) == 1:
            review.mark(queue, claim_id=1, by="bob", status=EvidenceStatus.SUPPORTED)
        return original(self)

    monkeypatch.setattr(queue_cli.Answers, "_line", line_with_interference)
    result = run_cli(queue.url, "review", actor="alice", input="s\nr\nn\nq\n")
    assert result.stdout.endswith(
        "Quit: 2 claim(s) shown, 0 change(s) saved, 0 skipped; NOT saved: status refuted on "
        "claim 1 (claim changed by someone else).\n"
    )
    assert claim_facts(queue, 1) == (3, "in_review", "supported", 2, 0)


def test_undo_restores_the_previous_verdict_and_note_as_new_events(queue_both: Store) -> None:
    review.take(queue_both, claim_id=1, by="alice")
    review.note(queue_both, claim_id=1, by="alice", note="Bob's first look")
    answers = "s\nr\nn\nAlice's view\nu\nu\nu\nu\nq\n"
    result = run_cli(queue_both.url, "review", actor="alice", input=answers)
    assert result.exit_code == 0
    out = result.stdout
    assert (
        CHOICE + "u\n"
        "  undone: claim 1 note restored (recorded as a new event; version 6)\n"
        + CHOICE + "u\n"
        "  undone: claim 1 status back to unverified (recorded as a new event; version 7)\n"
        + CHOICE + "u\n"
        "  nothing to undo in this session.\n"
    ) in out  # fmt: skip
    from factcheck.store.claims import history, show_claim

    detail = show_claim(queue_both, claim_id=1)
    assert (detail.status.value, detail.note, detail.version) == (
        "unverified",
        "Bob's first look",
        7,
    )
    actions = [e.action.value for e in history(queue_both, claim_id=1)]
    assert actions == ["take", "note", "mark", "note", "note", "mark"]
    assert audit.verify(queue_both).ok


def test_undo_releases_a_take_removes_evidence_and_says_why_a_first_note_stays(queue: Store) -> None:
    answers = "n\nFirst note\nu\nu\ne\nhttps://example.org/u\ns\n\n\nu\nq\n"
    result = run_cli(queue.url, "review", actor="alice", input=answers)
    out = result.stdout
    assert (
        "  cannot undo the note on claim 1: a note cannot be cleared, and the claim had none "
        "before.\n" in out
    )
    assert "  undone: claim 1 released (back to pending) (recorded as a new event; " in out
    assert "  undone: claim 1 evidence removed (recorded as a new event; " in out
    assert claim_facts(queue, 1)[1:] == ("in_review", "unverified", 6, 0)


def test_undo_is_refused_when_someone_else_changed_the_claim(
    queue: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    from factcheck.cli import queue as queue_cli

    original = queue_cli.Answers._line
    calls = iter(range(100))

    def line_with_interference(self: queue_cli.Answers) -> str:
        if next(calls) == 2:  # after alice's status, before her undo
            review.comment(queue, claim_id=1, by="bob", text="bob was here")
        return original(self)

    monkeypatch.setattr(queue_cli.Answers, "_line", line_with_interference)
    result = run_cli(queue.url, "review", actor="alice", input="s\nr\nu\nq\n")
    assert "  cannot undo: claim 1 was changed by bob at " in result.stdout
    assert "(version 4, you had 3).\n" in result.stdout
    assert claim_facts(queue, 1) == (4, "in_review", "refuted", 3, 0)


def keys(*pressed: str) -> Iterator[str]:
    yield from pressed


def test_terminal_mode_reads_single_keys(queue: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    from factcheck.cli import queue as queue_cli

    pressed = keys("s", "r", "e", "s", "?", "q")
    monkeypatch.setattr(queue_cli, "stdin_is_terminal", lambda: True)
    monkeypatch.setattr(queue_cli.click, "getchar", lambda echo=False: next(pressed))
    # lines (URL, title, note) still come from a line prompt
    result = run_cli(queue.url, "review", actor="alice", input="https://example.org/t\n\n\n")
    assert result.exit_code == 0, result.stderr
    assert STATUS + "r\n" in result.stdout
    assert saved("evidence saved", 1, "in_review", "refuted", 1, 4) in result.stdout
    assert "  q  quit (everything saved so far stays saved)\n" in result.stdout
    assert result.stdout.endswith(
        "Quit: 1 claim(s) shown, 3 change(s) saved, 0 skipped; nothing entered was lost.\n"
    )
    assert claim_facts(queue, 1) == (4, "in_review", "refuted", 3, 1)


@pytest.mark.parametrize("cancel", ["\x1b", "\x1b[A", "\r", "q"])
def test_terminal_esc_enter_and_q_cancel(
    queue: Store, monkeypatch: pytest.MonkeyPatch, cancel: str
) -> None:
    from factcheck.cli import queue as queue_cli

    pressed = keys("s", cancel, "q")
    monkeypatch.setattr(queue_cli, "stdin_is_terminal", lambda: True)
    monkeypatch.setattr(queue_cli.click, "getchar", lambda echo=False: next(pressed))
    result = run_cli(queue.url, "review", actor="alice")
    assert STATUS + ("q" if cancel == "q" else "") + "\n  cancelled; nothing written.\n" in (
        result.stdout
    )
    assert total_events(queue) == 0


def test_ctrl_c_in_terminal_mode_quits_cleanly(
    queue: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    from factcheck.cli import queue as queue_cli

    pressed = keys("s", "r", "\x03")
    monkeypatch.setattr(queue_cli, "stdin_is_terminal", lambda: True)
    monkeypatch.setattr(queue_cli.click, "getchar", lambda echo=False: next(pressed))
    result = run_cli(queue.url, "review", actor="alice")
    assert result.exit_code == 0
    assert result.stdout.endswith(
        CHOICE + "\nQuit: 1 claim(s) shown, 2 change(s) saved, 0 skipped; "
        "nothing entered was lost.\n"
    )
    assert claim_facts(queue, 1)[2] == "refuted"


def test_input_that_is_not_utf8_stops_with_one_line(queue: Store) -> None:
    from click.testing import CliRunner

    from factcheck.cli.main import cli

    result = CliRunner().invoke(
        cli, ["--db", queue.url, "--as", "alice", "review"], input=b"s\nr\nn\nbad \xff note\n"
    )
    assert (result.exit_code, result.stderr) == (
        1,
        "Error: standard input is not UTF-8 text; the queue stopped.\n",
    )
    assert result.stdout.endswith(
        NOTE + "\nStopped: 1 claim(s) shown, 2 change(s) saved, 0 skipped; "
        "nothing entered was lost.\n"
    )
    assert claim_facts(queue, 1) == (3, "in_review", "refuted", 2, 0)


def headline_and_claims() -> Extraction:
    """A headline (not_a_claim) followed by two claims."""
    sentences = [
        ("Figures rise again", AttributionKind.NOT_A_CLAIM),
        ("The index rose by 4 percent.", AttributionKind.REPORTER_ASSERTION),
        ("The index fell by 2 percent.", AttributionKind.REPORTER_ASSERTION),
    ]
    text = "\n\n".join(s for s, _ in sentences)
    claims, offset = [], 0
    for ordinal, (sentence, kind) in enumerate(sentences):
        claims.append(
            ExtractedClaim(
                ordinal=ordinal,
                text=sentence,
                span=Span(start=offset, end=offset + len(sentence)),
                paragraph=ordinal,
                attribution=Attribution(kind=kind, rule="test"),
            )
        )
        offset += len(sentence) + 2
    return Extraction(article=Article(text=text), claims=claims)


def test_lines_that_are_not_claims_are_left_out_unless_all(store: Store) -> None:
    add_people(store)
    ingest(store, headline_and_claims())
    default = run_cli(store.url, "review", actor="alice", input="q\n")
    assert "[1/2] Claim 2 — " in default.stdout and "Claim 1 — " not in default.stdout
    everything = run_cli(store.url, "review", "--all", actor="alice", input="q\n")
    assert "[1/3] Claim 1 — " in everything.stdout
    explicit = run_cli(store.url, "review", "--kind", "not_a_claim", actor="alice", input="q\n")
    assert "[1/1] Claim 1 — " in explicit.stdout


def test_claims_arriving_meanwhile_are_offered_and_skipped_ones_are_not(
    queue: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    from factcheck.cli import queue as queue_cli

    original = queue_cli.Answers._line
    calls = iter(range(100))

    def line_with_arrival(self: queue_cli.Answers) -> str:
        if next(calls) == 0:
            ingest(queue, synthetic_extraction(1, tag="late"))  # claim 4 arrives
        return original(self)

    monkeypatch.setattr(queue_cli.Answers, "_line", line_with_arrival)
    result = run_cli(queue.url, "review", actor="alice", input="k\nk\nk\nk\n")
    out = result.stdout
    assert [line[:10] for line in out.splitlines() if line.startswith("[")] == [
        "[1/3] Clai",
        "[2/3] Clai",
        "[3/3] Clai",
        "[1/1] Clai",
    ]
    assert "[1/1] Claim 4 — " in out
    assert out.endswith(
        "Done: 4 claim(s) shown, 0 change(s) saved, 4 skipped; nothing entered was lost.\n"
    )


@pytest.fixture
def proposals(queue_both: Store) -> Store:
    """Claim 1 proposed by alice, claim 2 proposed by erin (an editor)."""
    bring_to(queue_both, 1, "proposed", proposer="alice")
    bring_to(queue_both, 2, "proposed", proposer="erin")
    return queue_both


def test_editors_approve_and_return_in_their_own_queue(proposals: Store) -> None:
    answers = "a\na\nr\n\nr\nCite the league's figures\n"
    result = run_cli(proposals.url, "review", "--state", "proposed", actor="erin", input=answers)
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert APPROVAL + "a" in lines
    assert saved("approve saved", 1, "approved", "supported", 1, 6).rstrip("\n") in lines
    assert (
        "  Error: cannot approve claim 2: erin proposed it, and the four-eyes rule needs a "
        "different editor to approve it; press k to skip it"
    ) in lines
    assert "Note for the reviewer (what to fix) [Enter/Esc/q=cancel]: " in lines
    assert "  cancelled; nothing written." in lines
    assert saved("return saved", 2, "in_review", "supported", 1, 6).rstrip("\n") in lines
    assert lines[-1] == (
        "Done: 2 claim(s) shown, 2 change(s) saved, 0 skipped; nothing entered was lost."
    )
    assert claim_facts(proposals, 1)[:2] == (6, "approved")
    assert claim_facts(proposals, 2)[:2] == (6, "in_review")
    assert audit.verify(proposals).ok


def test_the_approval_queue_is_for_editors(proposals: Store) -> None:
    before = total_events(proposals)
    result = run_cli(proposals.url, "review", "--state", "proposed", actor="bob", input="a\n")
    assert (result.exit_code, result.stdout, result.stderr) == (
        1,
        "",
        "Error: the approval queue is for editors; bob is a reviewer\n",
    )
    assert total_events(proposals) == before


def test_empty_queue_wrong_state_and_unknown_person(queue: Store) -> None:
    empty = run_cli(queue.url, "review", "--kind", "direct_quote", actor="alice")
    assert (empty.exit_code, empty.stdout) == (0, "No claims to review.\n")
    wrong = run_cli(queue.url, "review", "--state", "approved", actor="alice")
    assert wrong.exit_code == 2
    assert wrong.stderr.endswith(
        "Error: the queue holds pending and in_review claims, or (for editors) proposed ones "
        "with --state proposed alone; not approved\n"
    )
    mixed = run_cli(queue.url, "review", "--state", "proposed", "--state", "pending", actor="erin")
    assert mixed.exit_code == 2 and mixed.stderr.endswith("alone; not proposed\n")
    unknown = run_cli(queue.url, "review", actor="zed", input="s\nr\n")
    assert unknown.exit_code == 1
    assert unknown.stderr.startswith("Error: no reviewer 'zed'")
    assert claim_facts(queue, 1) == (1, "pending", "unverified", 0, 0)


def test_piped_stdin_in_a_real_process(queue: Store) -> None:
    env = {**os.environ, "FACTCHECK_REVIEWER": "alice", "FACTCHECK_DATABASE_URL": queue.url}
    completed = subprocess.run(
        [sys.executable, "-m", "factcheck.cli.main", "review", "--state", "pending"],
        input="k\ns\nr\ne\nhttps://example.org/p\nr\nSource\n\np\n",
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert saved("propose saved", 2, "proposed", "refuted", 1, 5) in completed.stdout
    assert completed.stdout.endswith(
        "\nQuit: 3 claim(s) shown, 4 change(s) saved, 1 skipped; nothing entered was lost.\n"
    )
    assert claim_facts(queue, 2) == (5, "proposed", "refuted", 4, 1)
