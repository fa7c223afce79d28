"""``factcheck review``: the interactive queue, one claim at a time.

Single keys in a terminal (``click.getchar``); one line per answer when stdin
is not a terminal, so scripts can pipe answers in. Every choice is written at
once through :mod:`factcheck.store.review` with the version the reviewer was
shown, so quitting (``q``, Ctrl-C, end of input) loses nothing entered before,
and a claim changed by someone else meanwhile is reloaded, never overwritten.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import click

from factcheck.cli._common import AppContext, pass_app
from factcheck.cli.claims import claim_filters, render_detail

if TYPE_CHECKING:
    from factcheck.store.claims import ClaimOut
    from factcheck.store.engine import Store

MENU = {
    "s": "status",
    "e": "evidence",
    "n": "note",
    "p": "propose",
    "k": "skip",
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
QUEUE_STATES = ("pending", "in_review")

HELP = """\
  s  set the evidence status (supported, refuted, mixed, unverifiable, unverified)
  e  add an evidence link (URL, stance, optional title)
  n  replace the claim's note
  p  propose the verdict for approval, then go to the next claim
  k  skip to the next claim
  q  quit (everything entered so far is already saved)
A pending claim is taken for you the first time you change it (status, evidence
or note); proposing needs a verdict first, so it never takes a claim."""


def stdin_is_terminal() -> bool:
    """Single keys for a person at a terminal; lines for a pipe or a file."""
    return sys.stdin.isatty()


class Quit(Exception):
    """The reviewer asked to stop, or the input ran out."""


class Answers:
    """Reads the reviewer's answers: single keys on a terminal, lines otherwise."""

    def __init__(self, *, interactive: bool) -> None:
        self.interactive = interactive

    def choose(self, prompt: str, options: dict[str, str]) -> str:
        """The value of the chosen option; a line may also spell the value out."""
        keys = "/".join(options)
        while True:
            click.echo(f"{prompt} [{keys}]: ", nl=False)
            answer = self._key() if self.interactive else self._line()
            click.echo(answer)
            answer = answer.strip().lower()
            if answer in options:
                return options[answer]
            if answer in options.values():
                return answer
            click.echo(f"  unknown choice {answer!r}; one of {keys}")

    def text(self, prompt: str, *, required: bool = True) -> str | None:
        """One line of text; blank means none when not required."""
        while True:
            click.echo(f"{prompt}: ", nl=False)
            if self.interactive:
                line = self._prompt_line()
            else:
                line = self._line()
                click.echo(line)
            if line.strip() or not required:
                return line.strip() or None
            click.echo("  (required)")

    def _key(self) -> str:
        try:
            key = click.getchar()
        except (KeyboardInterrupt, EOFError, click.Abort):
            raise Quit from None
        if key in ("\x03", "\x04"):
            raise Quit
        return key

    def _prompt_line(self) -> str:
        try:
            return str(click.prompt("", default="", show_default=False, prompt_suffix=""))
        except (KeyboardInterrupt, EOFError, click.Abort):
            raise Quit from None

    def _line(self) -> str:
        line = sys.stdin.readline()
        if not line:
            raise Quit
        return line.rstrip("\r\n")


@dataclass
class Queue:
    """One reviewing session: who acts, on which store, and what got saved."""

    store: Store
    actor: str
    answers: Answers
    saved: int = 0
    shown: int = 0
    version: int = 0
    state: str = ""

    def run(self, claims: list[ClaimOut]) -> None:
        try:
            for position, claim in enumerate(claims, start=1):
                self.review_claim(claim.id, position, len(claims))
        except Quit:
            click.echo(f"Quit. {self.saved} change(s) saved; nothing entered was lost.")
            return
        click.echo(f"Done: {self.shown} claim(s) shown, {self.saved} change(s) saved.")

    def review_claim(self, claim_id: int, position: int, total: int) -> None:
        if not self.load(claim_id, f"[{position}/{total}] "):
            return
        while True:
            choice = self.answers.choose("Choice (? for help)", MENU)
            if choice == "quit":
                raise Quit
            if choice == "skip":
                return
            if choice == "help":
                click.echo(HELP)
            elif self.act(claim_id, choice) and choice == "propose":
                return

    def load(self, claim_id: int, prefix: str = "") -> bool:
        """Show the claim; False if it has left the queue meanwhile."""
        from factcheck.store.claims import show_claim

        detail = show_claim(self.store, claim_id=claim_id)
        if detail.state.value not in QUEUE_STATES:
            click.echo(f"{prefix}claim {claim_id} is now {detail.state.value}; skipping it.")
            return False
        self.shown += 1
        self.version, self.state = detail.version, detail.state.value
        click.echo("")
        click.echo(prefix + render_detail(detail))
        return True

    def act(self, claim_id: int, choice: str) -> bool:
        """Ask for what ``choice`` needs, write it at once; True if it was saved."""
        from pydantic import ValidationError

        from factcheck.errors import FactcheckError, StaleWrite

        try:
            write = self.ask(claim_id, choice)
            if self.state == "pending" and choice != "propose":
                self.save(self.call("take", claim_id), "taken")
            self.save(write(), f"{choice} saved")
            return True
        except StaleWrite as exc:
            click.echo(f"Error: {exc}. Reloading.")
            self.load(claim_id)
        except FactcheckError as exc:
            click.echo(f"Error: {exc}")
        except ValidationError as exc:
            problem = exc.errors()[0]
            message = str(problem["msg"]).removeprefix("Value error, ")
            click.echo(f"Error: invalid {'.'.join(map(str, problem['loc']))}: {message}")
        return False

    def ask(self, claim_id: int, choice: str) -> Callable[[], ClaimOut]:
        """Collect the answers ``choice`` needs, before anything is written."""
        from factcheck.model import EvidenceIn, EvidenceStatus, Stance

        if choice == "status":
            status = EvidenceStatus(self.answers.choose("Status", STATUS_KEYS))
            return lambda: self.call("mark", claim_id, status=status)
        if choice == "evidence":
            url = self.answers.text("URL") or ""
            stance = Stance(self.answers.choose("Stance", STANCE_KEYS))
            title = self.answers.text("Title (blank for none)", required=False)
            link = EvidenceIn(url=url, stance=stance, title=title)
            return lambda: self.call("add_evidence", claim_id, evidence=link)
        if choice == "note":
            text = self.answers.text("Note") or ""
            return lambda: self.call("note", claim_id, note=text)
        return lambda: self.call("propose", claim_id)

    def call(self, name: str, claim_id: int, **arguments: Any) -> ClaimOut:
        from factcheck.store import review

        function = getattr(review, name)
        claim: ClaimOut = function(
            self.store, claim_id=claim_id, by=self.actor, expected_version=self.version, **arguments
        )
        return claim

    def save(self, claim: ClaimOut, what: str) -> None:
        self.saved += 1
        self.version, self.state = claim.version, claim.state.value
        click.echo(
            f"  {what}: claim {claim.id} is {claim.state.value}, status {claim.status.value}, "
            f"{claim.evidence_count} evidence (version {claim.version})"
        )


@click.command(name="review")
@claim_filters
@pass_app
def review(
    app: AppContext,
    source: int | None,
    states: tuple[str, ...],
    statuses: tuple[str, ...],
    kinds: tuple[str, ...],
    speaker: str | None,
    search: str | None,
) -> None:
    """Review pending and in-review claims one at a time, interactively.

    Each claim is shown with the sentences around it, its attribution,
    evidence and history. Keys: s=status, e=evidence, n=note, p=propose,
    k=skip, q=quit, ?=help. Each choice is saved at once (a pending claim is
    taken on its first change), so quitting loses nothing. In a terminal a
    single key answers; with stdin piped, one line per answer (a key or the
    value spelled out), and end of input quits.

    \b
    Example:
      factcheck --as alice review --source 1
      printf 's\\nrefuted\\nk\\nq\\n' | factcheck --as alice review

    \b
    Exit codes: 0 finished or quit; 1 unknown reviewer or database error;
    2 usage error.
    """
    from factcheck.model import AttributionKind, EvidenceStatus, ReviewState
    from factcheck.store.claims import list_claims
    from factcheck.store.people import get_reviewer

    outside = sorted(set(states) - set(QUEUE_STATES))
    if outside:
        raise click.UsageError(
            f"the queue only holds pending and in_review claims, not {outside[0]}"
        )
    store = app.store()
    actor = get_reviewer(store, handle=app.actor()).handle
    claims = list_claims(
        store,
        source=source,
        states=[ReviewState(s) for s in states or QUEUE_STATES],
        statuses=[EvidenceStatus(s) for s in statuses],
        kinds=[AttributionKind(k) for k in kinds],
        speaker=speaker,
        search=search,
    )
    if not claims:
        click.echo("No claims to review.")
        return
    answers = Answers(interactive=stdin_is_terminal())
    Queue(store=store, actor=actor, answers=answers).run(claims)
