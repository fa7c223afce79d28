"""``factcheck claims similar`` and ``factcheck suggestions``: "checked before?".

Thin wrappers over ``factcheck.store.matching``: find what may already check a
claim (reviewed claims of other articles, imported fact checks), store the best
as suggestions, and let a reviewer confirm or reject each one.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import click

from factcheck.cli._common import AppContext, emit_json, json_option, pass_app

if TYPE_CHECKING:
    from factcheck.store.matching import Match


def _line(match: Match) -> str:
    """``claim 812 — refuted, approved — 0.91: text`` (a fact check names its author)."""
    if match.kind == "claim":
        head = f"claim {match.id} — {match.verdict}, {match.state}"
    else:
        by = f" by {match.author}" if match.author else ""
        head = f"fact check {match.id}{by} — {match.verdict or 'no rating'}"
    return f"{head} — {match.score:.2f}: {match.text}"


def _emit(matches: Sequence[Match], as_json: bool, empty: str) -> None:
    if as_json:
        emit_json([match.model_dump(mode="json") for match in matches])
        return
    if not matches:
        click.echo(empty)
    for match in matches:
        click.echo(_line(match))


@click.command(name="similar")
@click.argument("claim_id", metavar="ID", type=int)
@click.option(
    "--limit",
    default=5,
    show_default=True,
    type=click.IntRange(min=1),
    metavar="N",
    help="Show at most N matches.",
)
@click.option(
    "--threshold",
    default=0.0,
    show_default=True,
    type=click.FloatRange(0.0, 1.0),
    metavar="X",
    help="Only matches scoring X or more (0 to 1).",
)
@click.option(
    "--save",
    is_flag=True,
    help="Store matches at or above --threshold (0.7 if not given) as suggestions.",
)
@json_option
@pass_app
def similar(
    app: AppContext, claim_id: int, limit: int, threshold: float, save: bool, as_json: bool
) -> None:
    """Show reviewed claims and imported fact checks that may already check claim ID.

    Candidates come from the word index (BM25), re-ranked by shared wording;
    the score is 0 to 1. Claims of the same article are not shown.

    \b
    Example:
      factcheck claims similar 12
      factcheck claims similar 12 --save --json

    \b
    Exit codes: 0 ok; 1 no such claim; 2 usage error.
    """
    from factcheck.store import matching

    store = app.store()
    if save:
        cutoff = threshold or matching.DEFAULT_THRESHOLD
        added = matching.suggest(store, claim_ids=[claim_id], threshold=cutoff, limit=limit)
        stored = matching.suggestions(store, claim_id=claim_id)
        if as_json:
            emit_json([item.model_dump(mode="json") for item in stored])
            return
        click.echo(f"{added} new suggestion(s) stored for claim {claim_id}")
        for item in stored:
            click.echo(f"[{item.suggestion_id} {item.status.value}] {_line(item)}")
        return
    found = matching.similar_claims(store, claim_id=claim_id, limit=limit, threshold=threshold)
    _emit(found, as_json, f"nothing similar found for claim {claim_id}")


@click.group(name="suggestions")
def suggestions() -> None:
    """List, confirm and reject stored "checked before?" suggestions.

    \b
    Example:
      factcheck suggestions list 12
      factcheck --as alice suggestions confirm 3
    """


@suggestions.command(name="list")
@click.argument("claim_id", metavar="CLAIM_ID", type=int)
@json_option
@pass_app
def list_(app: AppContext, claim_id: int, as_json: bool) -> None:
    """Show a claim's stored suggestions with their status.

    \b
    Example:
      factcheck suggestions list 12
    """
    from factcheck.store import matching

    stored = matching.suggestions(app.store(), claim_id=claim_id)
    if as_json:
        emit_json([item.model_dump(mode="json") for item in stored])
        return
    if not stored:
        click.echo(f"no suggestions for claim {claim_id}")
    for item in stored:
        click.echo(f"[{item.suggestion_id} {item.status.value}] {_line(item)}")


def _decide(app: AppContext, suggestion_id: int, confirm: bool, as_json: bool) -> None:
    from factcheck.store import matching

    out = matching.decide(app.store(), suggestion_id=suggestion_id, by=app.actor(), confirm=confirm)
    if as_json:
        emit_json(out.model_dump(mode="json"))
        return
    verb = "confirmed" if confirm else "rejected"
    click.echo(f"{verb} suggestion {suggestion_id} of claim {out.claim_id}: {_line(out)}")


@suggestions.command(name="confirm")
@click.argument("suggestion_id", metavar="ID", type=int)
@json_option
@pass_app
def confirm(app: AppContext, suggestion_id: int, as_json: bool) -> None:
    """Confirm a suggestion: the claim was checked before (a comment in its history).

    The verdict is not copied: mark and propose it as usual.

    \b
    Example:
      factcheck --as alice suggestions confirm 3
    """
    _decide(app, suggestion_id, True, as_json)


@suggestions.command(name="reject")
@click.argument("suggestion_id", metavar="ID", type=int)
@json_option
@pass_app
def reject(app: AppContext, suggestion_id: int, as_json: bool) -> None:
    """Reject a suggestion: not the same claim (a comment in its history).

    \b
    Example:
      factcheck --as alice suggestions reject 3
    """
    _decide(app, suggestion_id, False, as_json)
