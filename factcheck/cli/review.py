"""Review commands: take, mark, evidence, propose, approve, return, dismiss, reopen,
release, comment, history.

Each command is one call of :mod:`factcheck.store.review`; the rules live in
:mod:`factcheck.workflow`. The acting person comes from ``--as HANDLE`` or
``FACTCHECK_REVIEWER``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import click

from factcheck.cli._common import AppContext, emit_json, json_option, pass_app
from factcheck.cli.claims import STANCES, STATUSES, event_line, evidence_line

if TYPE_CHECKING:
    from factcheck.store.claims import ClaimOut

F = TypeVar("F", bound=Callable[..., Any])

ACTION_EXIT_CODES = """

    \b
    Exit codes: 0 done; 1 refused, nothing written (wrong state, role, four
    eyes, missing note or reason, stale version, unknown claim or reviewer);
    2 usage error.
    """


def action_options(func: F) -> F:
    """``ID``, ``--expect-version`` and ``--json``: what every review action takes.

    Also appends the exit codes to the command's help.
    """
    func.__doc__ = (func.__doc__ or "").rstrip() + ACTION_EXIT_CODES
    func = json_option(func)
    func = click.option(
        "--expect-version",
        "expected_version",
        type=int,
        metavar="N",
        help="Refuse unless the claim is still at version N (as you last saw it).",
    )(func)
    return click.argument("claim_id", metavar="ID", type=int)(func)


def report(claim: ClaimOut, done: str, as_json: bool) -> None:
    """Print the claim after an action: one line, or the claim as JSON."""
    if as_json:
        emit_json(claim.model_dump(mode="json"))
        return
    click.echo(
        f"claim {claim.id} {done}: now {claim.state.value}, status {claim.status.value}, "
        f"{claim.evidence_count} evidence, version {claim.version}"
    )


@click.command(name="take")
@action_options
@click.option("--over", is_flag=True, help="Take a claim in review from whoever has it.")
@pass_app
def take(
    app: AppContext, claim_id: int, expected_version: int | None, as_json: bool, over: bool
) -> None:
    """Take a pending claim for review (pending → in_review). Any reviewer.

    A taken claim is its taker's: others' marks, notes, evidence changes and
    proposals are refused until they take it over (--over), which the history
    records with the previous assignee's name.

    \b
    Example:
      factcheck --as alice take 12
      factcheck --as bob take 12 --over
    """
    from factcheck.store import review

    claim = review.take(
        app.store(),
        claim_id=claim_id,
        by=app.actor(),
        over=over,
        expected_version=expected_version,
    )
    report(claim, "taken over" if over else "taken", as_json)


@click.command(name="mark")
@action_options
@click.option("--status", required=True, type=click.Choice(STATUSES), help="The verdict.")
@click.option("--note", metavar="TEXT", help="Why: the reviewer's note (replaces the old one).")
@pass_app
def mark(
    app: AppContext,
    claim_id: int,
    expected_version: int | None,
    as_json: bool,
    status: str,
    note: str | None,
) -> None:
    """Set the evidence status of a claim in review, with an optional note.

    Any reviewer may mark a claim that is in review, not only whoever took it.

    \b
    Statuses: supported, refuted, mixed (partly true, misleading or
    conflicting evidence), unverifiable (not enough evidence), unverified.

    \b
    Example:
      factcheck --as alice mark 12 --status refuted --note "League figures say otherwise"
    """
    from factcheck.model import EvidenceStatus
    from factcheck.store import review

    claim = review.mark(
        app.store(),
        claim_id=claim_id,
        by=app.actor(),
        status=EvidenceStatus(status),
        note=note,
        expected_version=expected_version,
    )
    report(claim, "marked", as_json)


@click.group(name="evidence")
def evidence() -> None:
    """Attach evidence links to claims and list them.

    \b
    Example:
      factcheck --as alice evidence add 12 https://example.org/report --stance refutes
      factcheck evidence list 12
    """


@evidence.command(name="add")
@action_options
@click.argument("url")
@click.option(
    "--stance", required=True, type=click.Choice(STANCES), help="How it bears on the claim."
)
@click.option("--title", metavar="TEXT", help="The linked page's title.")
@click.option("--note", metavar="TEXT", help="What the link shows.")
@pass_app
def evidence_add(
    app: AppContext,
    claim_id: int,
    expected_version: int | None,
    as_json: bool,
    url: str,
    stance: str,
    title: str | None,
    note: str | None,
) -> None:
    """Attach an evidence link (absolute http(s) URL) to a claim in review.

    \b
    Example:
      factcheck --as alice evidence add 12 https://example.org/report \\
          --stance refutes --title "Annual report 2022"
    """
    from factcheck.model import EvidenceIn, Stance
    from factcheck.store import review

    link = EvidenceIn(url=url, stance=Stance(stance), title=title, note=note)
    claim = review.add_evidence(
        app.store(),
        claim_id=claim_id,
        by=app.actor(),
        evidence=link,
        expected_version=expected_version,
    )
    report(claim, "given evidence", as_json)


@evidence.command(name="list")
@click.argument("claim_id", metavar="ID", type=int)
@json_option
@pass_app
def evidence_list(app: AppContext, claim_id: int, as_json: bool) -> None:
    """List a claim's evidence links, oldest first.

    \b
    Example:
      factcheck evidence list 12 --json

    \b
    Exit codes: 0 ok; 1 no such claim; 2 usage error.
    """
    from factcheck.store.claims import list_evidence

    rows = list_evidence(app.store(), claim_id=claim_id)
    if as_json:
        emit_json([row.model_dump(mode="json") for row in rows])
    elif not rows:
        click.echo(f"Claim {claim_id} has no evidence yet.")
    else:
        click.echo("\n".join(evidence_line(row) for row in rows))


@evidence.command(name="remove")
@click.argument("evidence_id", metavar="EVIDENCE_ID", type=int)
@click.option("--reason", required=True, metavar="TEXT", help="Why the link goes.")
@click.option(
    "--expect-version",
    "expected_version",
    type=int,
    metavar="N",
    help="Refuse unless the claim is still at version N (as you last saw it).",
)
@json_option
@pass_app
def evidence_remove(
    app: AppContext, evidence_id: int, reason: str, expected_version: int | None, as_json: bool
) -> None:
    """Remove an evidence link from a claim in review, with a reason (recorded in history).

    EVIDENCE_ID is the link's id as `factcheck evidence list CLAIM` shows it.

    \b
    Example:
      factcheck --as alice evidence remove 31 --reason "Broken link, replaced"

    \b
    Exit codes: 0 removed; 1 refused, nothing written (no such link, claim not
    in review, no reason, stale version); 2 usage error.
    """
    from factcheck.store import review

    claim = review.remove_evidence(
        app.store(),
        evidence_id=evidence_id,
        by=app.actor(),
        reason=reason,
        expected_version=expected_version,
    )
    report(claim, "lost an evidence link", as_json)


@click.command(name="release")
@action_options
@pass_app
def release(app: AppContext, claim_id: int, expected_version: int | None, as_json: bool) -> None:
    """Give a claim in review back to the pending pile (in_review → pending).

    \b
    Example:
      factcheck --as alice release 12
    """
    from factcheck.store import review

    claim = review.release(
        app.store(), claim_id=claim_id, by=app.actor(), expected_version=expected_version
    )
    report(claim, "released", as_json)


@click.command(name="comment")
@action_options
@click.argument("text", metavar="TEXT")
@pass_app
def comment(
    app: AppContext, claim_id: int, expected_version: int | None, as_json: bool, text: str
) -> None:
    """Add a comment to a claim's thread, in any state (the note is left alone).

    Comments are events of the claim's history: `factcheck history ID` shows them.

    \b
    Example:
      factcheck --as alice comment 12 "The league's PDF moved; see the archive copy"
    """
    from factcheck.store import review

    claim = review.comment(
        app.store(), claim_id=claim_id, by=app.actor(), text=text, expected_version=expected_version
    )
    report(claim, "commented on", as_json)


@click.command(name="propose")
@action_options
@pass_app
def propose(app: AppContext, claim_id: int, expected_version: int | None, as_json: bool) -> None:
    """Propose a claim's verdict for approval (in_review → proposed).

    Needs a status other than unverified, and at least one evidence link unless
    the status is unverifiable.

    \b
    Example:
      factcheck --as alice propose 12
    """
    from factcheck.store import review

    claim = review.propose(
        app.store(), claim_id=claim_id, by=app.actor(), expected_version=expected_version
    )
    report(claim, "proposed", as_json)


@click.command(name="approve")
@action_options
@pass_app
def approve(app: AppContext, claim_id: int, expected_version: int | None, as_json: bool) -> None:
    """Approve a proposed verdict (proposed → approved). Editors only.

    Four eyes: whoever proposed the verdict cannot approve it.

    \b
    Example:
      factcheck --as erin approve 12
    """
    from factcheck.store import review

    claim = review.approve(
        app.store(), claim_id=claim_id, by=app.actor(), expected_version=expected_version
    )
    report(claim, "approved", as_json)


@click.command(name="return")
@action_options
@click.option("--note", required=True, metavar="TEXT", help="What the reviewer should fix.")
@pass_app
def return_(
    app: AppContext, claim_id: int, expected_version: int | None, as_json: bool, note: str
) -> None:
    """Return a proposed claim to review with a note (proposed → in_review). Editors only.

    \b
    Example:
      factcheck --as erin return 12 --note "Cite the league's own figures"
    """
    from factcheck.store import review

    claim = review.return_claim(
        app.store(), claim_id=claim_id, by=app.actor(), note=note, expected_version=expected_version
    )
    report(claim, "returned", as_json)


@click.command(name="dismiss")
@action_options
@click.option("--reason", required=True, metavar="TEXT", help="Why it is not worth checking.")
@pass_app
def dismiss(
    app: AppContext, claim_id: int, expected_version: int | None, as_json: bool, reason: str
) -> None:
    """Dismiss a pending, in-review or proposed claim for good. Editors only.

    \b
    Example:
      factcheck --as erin dismiss 7 --reason "Not a factual claim"
    """
    from factcheck.store import review

    claim = review.dismiss(
        app.store(),
        claim_id=claim_id,
        by=app.actor(),
        reason=reason,
        expected_version=expected_version,
    )
    report(claim, "dismissed", as_json)


@click.command(name="reopen")
@action_options
@click.option("--reason", required=True, metavar="TEXT", help="Why it needs another look.")
@pass_app
def reopen(
    app: AppContext, claim_id: int, expected_version: int | None, as_json: bool, reason: str
) -> None:
    """Reopen an approved or dismissed claim (→ in_review). Editors only.

    \b
    Example:
      factcheck --as erin reopen 12 --reason "The league corrected its figures"
    """
    from factcheck.store import review

    claim = review.reopen(
        app.store(),
        claim_id=claim_id,
        by=app.actor(),
        reason=reason,
        expected_version=expected_version,
    )
    report(claim, "reopened", as_json)


@click.command(name="history")
@click.argument("claim_id", metavar="ID", type=int)
@json_option
@pass_app
def history(app: AppContext, claim_id: int, as_json: bool) -> None:
    """Show a claim's review history, oldest first, with each event's hash.

    Events brought in by `factcheck import` are marked "(imported)".

    \b
    Example:
      factcheck history 12
      factcheck history 12 --json | jq '.[].action'

    \b
    Exit codes: 0 ok; 1 no such claim; 2 usage error.
    """
    from factcheck.store import fastread

    # An existing SQLite file at head is read with sqlite3 (see `claims list`).
    events = fastread.read_history(app.settings().database_url, claim_id=claim_id)
    if events is None:
        from factcheck.store.claims import history as load_history

        events = [e.model_dump(mode="json") for e in load_history(app.store(), claim_id=claim_id)]
    if as_json:
        emit_json(events)
    elif not events:
        click.echo(f"Claim {claim_id} has no history yet.")
    else:
        click.echo(
            "\n".join(
                f"{event_line(e)}  {e['hash'][:19]}…{'  (imported)' if e['imported'] else ''}"
                for e in events
            )
        )
