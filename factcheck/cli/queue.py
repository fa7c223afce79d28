"""``factcheck review``: the interactive queue, one claim at a time.

Two queues. Reviewers work through pending and in-review claims (status,
evidence, note, propose); editors work through proposed claims with
``--state proposed`` (approve, return with a note). Lines that are not claims
(headlines, datelines, furniture) are left out unless ``--all``.

Single keys in a terminal (``click.getchar``); one line per answer when stdin
is not a terminal, so scripts can pipe answers in. Every prompt shows its keys,
and Esc, Enter or ``q`` cancels it: everything an action needs is asked
before anything is written, so a cancelled prompt writes nothing. Each action
is then written at once through :mod:`factcheck.store.review` with the version
the reviewer was shown: quitting loses nothing already saved, and a claim
someone else changed meanwhile is reloaded, never overwritten, with the
reviewer's answer offered again. ``u`` undoes the session's last action where
the workflow has an inverse, by recording a new event (history is never
rewritten). The summary names anything typed that was not saved.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import click

from factcheck.cli._answers import Answers, BadInput, Cancel, Quit
from factcheck.cli._common import AppContext, pass_app, visible
from factcheck.cli.claims import KINDS, claim_filters, render_detail, shorten

if TYPE_CHECKING:
    from factcheck.model import EvidenceStatus
    from factcheck.store.claims import ClaimOut
    from factcheck.store.engine import Store

REVIEW_MENU = {
    "s": "status",
    "e": "evidence",
    "n": "note",
    "p": "propose",
    "k": "skip",
    "u": "undo",
    "q": "quit",
    "?": "help",
}
APPROVAL_MENU = {
    "a": "approve",
    "r": "return",
    "k": "skip",
    "u": "undo",
    "q": "quit",
    "?": "help",
}
STATUS_KEYS = {
    "s": "supported",
    "r": "refuted",
    "m": "mixed",
    "v": "unverifiable",
    "u": "unverified",
}
STANCE_KEYS = {"s": "supports", "r": "refutes", "c": "context"}
RETRY_KEYS = {"y": "yes", "n": "no"}
QUEUE_STATES = ("pending", "in_review")
APPROVAL_STATES = ("proposed",)

REVIEW_HELP = """\
  s  set the evidence status (supported, refuted, mixed, unverifiable, unverified)
  e  add an evidence link (URL, stance, optional title and note)
  n  replace the claim's note
  p  propose the verdict for approval, then go to the next claim
  k  skip to the next claim (it is not shown again in this session)
  u  undo your last change in this session (recorded as a new event)
  q  quit (everything saved so far stays saved)
At any other prompt, Esc, Enter or q cancels it and nothing is written.
A pending claim is taken for you the first time you change it (status, evidence
or note); proposing needs a verdict first, so it never takes a claim."""

APPROVAL_HELP = """\
  a  approve the proposed verdict (four eyes: not your own proposal)
  r  return it to review with a note saying what to fix
  k  skip to the next claim (it is not shown again in this session)
  u  undo your last change in this session, where the workflow allows it
  q  quit (everything saved so far stays saved)
At any other prompt, Esc, Enter or q cancels it and nothing is written."""


def stdin_is_terminal() -> bool:
    """Single keys for a person at a terminal; lines for a pipe or a file."""
    return sys.stdin.isatty()


# --- what the queue remembers ------------------------------------------------------


@dataclass(frozen=True)
class Saved:
    """An action this session wrote: what undoing it needs."""

    claim_id: int
    action: str
    previous_status: EvidenceStatus | None = None
    previous_note: str | None = None
    evidence_id: int | None = None
    """For evidence added: the link to remove on undo."""


@dataclass(frozen=True)
class Pending:
    """An action whose answers were collected: written by ``write``, described by ``what``."""

    action: str
    what: str
    write: Callable[[int], ClaimOut]
    """Called with the expected version."""


@dataclass
class Queue:
    """One reviewing session: who acts, on which store, and what happened."""

    store: Store
    actor: str
    answers: Answers
    approval: bool = False
    saved: int = 0
    shown: int = 0
    skipped: list[int] = field(default_factory=list)
    visited: set[int] = field(default_factory=set)
    unsaved: list[str] = field(default_factory=list)
    done: list[Saved] = field(default_factory=list)
    versions: dict[int, int] = field(default_factory=dict)
    """Each claim's version after this session's last write to it: an undo is
    refused if anyone else has changed the claim since."""
    collecting: str | None = None
    current: ClaimOut | None = None

    @property
    def menu(self) -> dict[str, str]:
        return APPROVAL_MENU if self.approval else REVIEW_MENU

    def run(self, fetch: Callable[[], list[ClaimOut]]) -> bool:
        """Review until the queue is empty or the reviewer quits; False on bad input.

        The queue is fetched again when a round ends, so claims that arrived
        meanwhile are offered; claims seen (skipped ones included) are not.
        """
        try:
            while batch := [c for c in fetch() if c.id not in self.visited]:
                for position, claim in enumerate(batch, start=1):
                    self.visited.add(claim.id)
                    self.review_claim(claim.id, f"[{position}/{len(batch)}] ")
        except Quit:
            self._end_prompt_line()
            self._lose_collected("input ended before it was complete")
            click.echo(self.summary("Quit"))
            return True
        except BadInput:
            self._end_prompt_line()
            self._lose_collected("input was not UTF-8")
            click.echo(self.summary("Stopped"))
            return False
        click.echo(self.summary("Done"))
        return True

    def summary(self, how: str) -> str:
        counts = (
            f"{how}: {self.shown} claim(s) shown, {self.saved} change(s) saved, "
            f"{len(self.skipped)} skipped"
        )
        if self.unsaved:
            return f"{counts}; NOT saved: " + "; ".join(self.unsaved) + "."
        return f"{counts}; nothing entered was lost."

    def _end_prompt_line(self) -> None:
        if self.answers.at_prompt:
            click.echo("")
            self.answers.at_prompt = False

    def _lose_collected(self, why: str) -> None:
        if self.collecting:
            self.unsaved.append(f"{self.collecting} ({why})")
            self.collecting = None

    # --- one claim ---------------------------------------------------------------

    def review_claim(self, claim_id: int, prefix: str) -> None:
        if not self.load(claim_id, prefix):
            return
        while True:
            choice = self.answers.menu("Choice", self.menu)
            if choice == "quit":
                raise Quit
            if choice == "skip":
                self.skipped.append(claim_id)
                return
            if choice == "help":
                click.echo(APPROVAL_HELP if self.approval else REVIEW_HELP)
            elif choice == "undo":
                self.undo()
            elif self.act(claim_id, choice) and choice in ("propose", "approve", "return"):
                return

    def load(self, claim_id: int, prefix: str = "") -> bool:
        """Show the claim; False if it has left this queue meanwhile."""
        from factcheck.store.claims import show_claim

        detail = show_claim(self.store, claim_id=claim_id)
        states = APPROVAL_STATES if self.approval else QUEUE_STATES
        if detail.state.value not in states:
            click.echo(f"{prefix}claim {claim_id} is now {detail.state.value}; skipping it.")
            return False
        self.shown += 1
        self.current = detail
        click.echo("")
        click.echo(visible(prefix + render_detail(detail)))
        return True

    def act(self, claim_id: int, choice: str) -> bool:
        """Ask for what ``choice`` needs, then write it; True if it was saved."""
        try:
            pending = self.ask(claim_id, choice)
        except Cancel:
            self.collecting = None
            click.echo("  cancelled; nothing written.")
            return False
        self.collecting = None
        return self.write(claim_id, pending)

    def write(self, claim_id: int, pending: Pending) -> bool:
        """Write ``pending``; on a concurrent change reload and offer it again."""
        from pydantic import ValidationError

        from factcheck.errors import FactcheckError, StaleWrite

        while True:
            try:
                self._take_first(claim_id, pending.action)
                claim = pending.write(self._version())
            except StaleWrite as exc:
                click.echo(f"  Error: {in_keys(str(exc))}; reloaded below.")
                self.collecting = pending.what
                if not self.load(claim_id) or not self._offer_again(pending):
                    self.collecting = None
                    self.unsaved.append(f"{pending.what} (claim changed by someone else)")
                    return False
                self.collecting = None
                continue
            except FactcheckError as exc:
                hint = queue_hint(str(exc), approval=self.approval)
                click.echo(f"  Error: {in_keys(str(exc))}{hint}")
                if pending.action not in ("propose", "approve"):
                    self.unsaved.append(f"{pending.what} (refused)")
                return False
            except ValidationError as exc:
                problem = exc.errors()[0]
                message = str(problem["msg"]).removeprefix("Value error, ")
                where = ".".join(map(str, problem["loc"]))
                click.echo(f"  Error: invalid {where}: {visible(message)}")
                self.unsaved.append(f"{pending.what} (refused)")
                return False
            self._record(pending.action, claim, before=self.current)
            return True

    def _offer_again(self, pending: Pending) -> bool:
        click.echo(f"  Not saved yet: {pending.what}.")
        try:
            return self.answers.choose("Save it on the reloaded claim?", RETRY_KEYS) == "yes"
        except Cancel:
            return False

    def _take_first(self, claim_id: int, action: str) -> None:
        """A pending claim is taken by the first change made to it."""
        if self.current is None or self.current.state.value != "pending":
            return
        if action in ("status", "evidence", "note"):
            claim = self.call("take", claim_id, expected_version=self._version())
            self._record("take", claim, before=self.current)

    def _version(self) -> int:
        assert self.current is not None
        return self.current.version

    def _record(self, action: str, claim: ClaimOut, *, before: ClaimOut | None) -> None:
        self.saved += 1
        self.versions[claim.id] = claim.version
        self.done.append(
            Saved(
                claim.id,
                action,
                previous_status=before.status if before else None,
                previous_note=before.note if before else None,
                evidence_id=self._newest_evidence(claim.id) if action == "evidence" else None,
            )
        )
        if self.current is not None and self.current.id == claim.id:
            self.current = self.current.model_copy(update=claim.model_dump())
        verb = "taken" if action == "take" else f"{action} saved"
        click.echo(
            f"  {verb}: claim {claim.id} is {claim.state.value}, status {claim.status.value}, "
            f"{claim.evidence_count} evidence (version {claim.version})"
        )

    # --- asking --------------------------------------------------------------------

    def ask(self, claim_id: int, choice: str) -> Pending:
        """Collect the answers ``choice`` needs, before anything is written."""
        from factcheck.model import EvidenceIn, EvidenceStatus, Stance, check_url

        where = f"on claim {claim_id}"
        if choice == "status":
            status = EvidenceStatus(self.answers.choose("Status", STATUS_KEYS))
            return self._pending(
                "status", f"status {status.value} {where}", claim_id, status=status
            )
        if choice == "note":
            text = self.answers.text("Note") or ""
            return self._pending(
                "note", f'note {where} ("{shorten(text, 60)}")', claim_id, note=text
            )
        if choice == "evidence":
            url = self.answers.text("URL", check=check_url) or ""
            self.collecting = f"evidence {url} {where}"
            stance = Stance(self.answers.choose("Stance", STANCE_KEYS))
            title = self.answers.text("Title", optional=True)
            note = self.answers.text("Note on what it shows", optional=True)
            link = EvidenceIn(url=url, stance=stance, title=title, note=note)
            return self._pending("evidence", f"evidence {url} {where}", claim_id, evidence=link)
        if choice == "return":
            text = self.answers.text("Note for the reviewer (what to fix)") or ""
            return self._pending(
                "return", f'return {where} ("{shorten(text, 60)}")', claim_id, note=text
            )
        return self._pending(choice, f"{choice} {where}", claim_id)

    def _pending(self, action: str, what: str, claim_id: int, **arguments: Any) -> Pending:
        function = {
            "status": "mark",
            "evidence": "add_evidence",
            "return": "return_claim",
        }.get(action, action)

        def write(version: int) -> ClaimOut:
            return self.call(function, claim_id, expected_version=version, **arguments)

        return Pending(action, visible(what), write)

    def _newest_evidence(self, claim_id: int) -> int | None:
        """The link this session just added to the claim (the newest of its own)."""
        from factcheck.store.claims import list_evidence

        mine = [e.id for e in list_evidence(self.store, claim_id=claim_id) if e.added_by == self.actor]
        return max(mine, default=None)

    def call(self, name: str, claim_id: int, **arguments: Any) -> ClaimOut:
        from factcheck.store import review

        function = getattr(review, name)
        claim: ClaimOut = function(self.store, claim_id=claim_id, by=self.actor, **arguments)
        return claim

    # --- undo ----------------------------------------------------------------------

    def undo(self) -> None:
        """Undo the session's last action by recording its inverse, where there is one."""
        from factcheck.errors import FactcheckError

        if not self.done:
            click.echo("  nothing to undo in this session.")
            return
        last = self.done.pop()
        reason = UNDO_IMPOSSIBLE.get(last.action)
        if last.action == "note" and last.previous_note is None:
            reason = "a note cannot be cleared, and the claim had none before"
        if reason:
            click.echo(f"  cannot undo the {last.action} on claim {last.claim_id}: {reason}.")
            return
        expected = self.versions[last.claim_id]
        try:
            if last.action == "take":
                claim = self.call("release", last.claim_id, expected_version=expected)
                what = "released (back to pending)"
            elif last.action == "evidence":
                assert last.evidence_id is not None
                from factcheck.store.review import remove_evidence

                claim = remove_evidence(
                    self.store, evidence_id=last.evidence_id, by=self.actor,
                    reason="undone in the review queue", expected_version=expected,
                )
                what = "evidence removed"
            elif last.action == "status":
                assert last.previous_status is not None
                claim = self.call(
                    "mark", last.claim_id, status=last.previous_status, expected_version=expected
                )
                what = f"status back to {last.previous_status.value}"
            else:
                assert last.previous_note is not None
                claim = self.call(
                    "note", last.claim_id, note=last.previous_note, expected_version=expected
                )
                what = "note restored"
        except FactcheckError as exc:
            click.echo(f"  cannot undo: {in_keys(str(exc))}.")
            return
        self.saved += 1
        self.versions[claim.id] = claim.version
        if self.current is not None and self.current.id == claim.id:
            self.current = self.current.model_copy(update=claim.model_dump())
        click.echo(
            f"  undone: claim {claim.id} {what} (recorded as a new event; version {claim.version})"
        )


UNDO_IMPOSSIBLE = {
    "propose": "only an editor can send a proposal back (return)",
    "approve": "an approval can only be reopened by an editor, outside the queue",
    "return": "a returned claim must be proposed again",
}


# --- errors in the queue's own words -----------------------------------------------------


def in_keys(message: str) -> str:
    """A library error without its shell-command hint: in the queue, keys do the work.

    The library's messages end with a clause naming a command
    ("…; take it first: `factcheck take 2`"); that clause is cut at its
    ``; `` (or, failing that, the last ``: ``) before the first backtick.
    """
    message = " ".join(message.split())
    tick = message.find("`")
    if tick < 0:
        return visible(message)
    head = message[:tick]
    cut = head.rfind("; ")
    if cut < 0:
        cut = head.rfind(": ")
    return visible(message[:cut] if cut > 0 else message[:tick].rstrip(" :;,"))


def queue_hint(message: str, *, approval: bool) -> str:
    """What to press next after a refusal, when the queue can tell."""
    if approval:
        return "; press k to skip it" if "four-eyes" in message else ""
    if "status is unverified" in message or "it is pending" in message:
        return "; press s to set a verdict first"
    if "without evidence" in message:
        return "; press e to add a link, or s to mark it unverifiable"
    if "already cites" in message:
        return " (listed under Evidence above)"
    return ""


# --- the command ---------------------------------------------------------------------------


@click.command(name="review")
@claim_filters
@click.option(
    "--all",
    "show_all",
    is_flag=True,
    help="Also show not_a_claim lines (headlines, datelines, furniture), left out by default.",
)
@pass_app
def review(
    app: AppContext,
    source: int | None,
    states: tuple[str, ...],
    statuses: tuple[str, ...],
    kinds: tuple[str, ...],
    speaker: str | None,
    search: Any,
    show_all: bool,
) -> None:
    """Review claims one at a time, interactively.

    Each claim is shown with the sentences around it, its attribution,
    evidence and history. Keys: s=status e=evidence n=note p=propose k=skip
    u=undo q=quit ?=help. At every other prompt its keys are shown, and Esc,
    Enter or q cancels it without writing anything. Each action is saved at
    once (a pending claim is taken on its first change), so quitting loses
    nothing; the summary names anything typed that was not saved. Skipped
    claims are not shown again in the session.

    Editors approve with --state proposed: a=approve r=return (with a note)
    k=skip; four eyes applies (not your own proposal).

    In a terminal a single key answers; with stdin piped, one line per answer
    (a key or the value spelled out), and end of input quits.

    \b
    Example:
      factcheck --as alice review --source 1
      factcheck --as erin review --state proposed
      printf 's\\nrefuted\\nk\\nq\\n' | factcheck --as alice review

    \b
    Exit codes: 0 finished or quit; 1 unknown reviewer, an editor's queue
    asked by a reviewer, input not UTF-8, or a database error; 2 usage error.
    """
    from factcheck.model import AttributionKind, EvidenceStatus, ReviewState, Role
    from factcheck.store.claims import list_claims
    from factcheck.store.people import get_reviewer
    from factcheck.workflow import has_role

    approval = _approval_queue(states)
    store = app.store()
    person = get_reviewer(store, handle=app.actor())
    if approval and not has_role(Role(person.role), Role.EDITOR):
        from factcheck.errors import PermissionDenied

        raise PermissionDenied(
            f"the approval queue is for editors; {person.handle} is a {Role(person.role).value}"
        )
    if not kinds and not show_all:
        kinds = tuple(kind for kind in KINDS if kind != "not_a_claim")
    wanted = states or (APPROVAL_STATES if approval else QUEUE_STATES)

    def fetch() -> list[ClaimOut]:
        return list_claims(
            store,
            source=source,
            states=[ReviewState(s) for s in wanted],
            statuses=[EvidenceStatus(s) for s in statuses],
            kinds=[AttributionKind(k) for k in kinds],
            speaker=speaker,
            search=search,
        )

    if not fetch():
        click.echo("No claims to review.")
        return
    answers = Answers(interactive=stdin_is_terminal())
    queue = Queue(store=store, actor=person.handle, answers=answers, approval=approval)
    if not queue.run(fetch):
        click.echo("Error: standard input is not UTF-8 text; the queue stopped.", err=True)
        sys.exit(1)


def _approval_queue(states: tuple[str, ...]) -> bool:
    """True for ``--state proposed``; a usage error for any other mix."""
    chosen = set(states)
    if chosen and chosen <= set(APPROVAL_STATES):
        return True
    outside = sorted(chosen - set(QUEUE_STATES))
    if outside:
        raise click.UsageError(
            "the queue holds pending and in_review claims, or (for editors) proposed ones "
            f"with --state proposed alone; not {outside[0]}"
        )
    return False
