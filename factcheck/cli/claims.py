"""``factcheck claims``: list, search and show stored claims.

Also home of what the review commands share: the vocabularies as Click
choices (spelled out here so ``--help`` does not import pydantic; a test
checks them against the enums in ``factcheck.model``) and the text rendering
of a claim.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

import click

from factcheck.cli._common import AppContext, emit_json, format_moment, json_option, pass_app

if TYPE_CHECKING:
    from factcheck.store.claims import ClaimDetail, EventOut, EvidenceOut

STATES = ("pending", "in_review", "proposed", "approved", "dismissed")
STATUSES = ("unverified", "supported", "refuted", "mixed", "unverifiable")
KINDS = (
    "reporter_assertion",
    "direct_quote",
    "indirect_quote",
    "press_release",
    "unnamed_source",
    "alleged",
    "not_a_claim",
)
STANCES = ("supports", "refutes", "context")
ROLES = ("reviewer", "editor", "admin")

EXIT_CODES = "Exit codes: 0 ok; 1 refused or not found (one line on stderr); 2 usage error."

F = TypeVar("F", bound=Callable[..., Any])


def claim_filters(func: F) -> F:
    """The filter options ``claims list`` and the ``review`` queue share."""
    options = [
        click.option("--source", type=int, metavar="ID", help="Only claims of this source."),
        click.option(
            "--state",
            "states",
            multiple=True,
            type=click.Choice(STATES),
            help="Review state (repeatable).",
        ),
        click.option(
            "--status",
            "statuses",
            multiple=True,
            type=click.Choice(STATUSES),
            help="Evidence status (repeatable).",
        ),
        click.option(
            "--kind",
            "kinds",
            multiple=True,
            type=click.Choice(KINDS),
            help="Attribution kind (repeatable).",
        ),
        click.option("--speaker", metavar="TEXT", help="Speaker contains TEXT (any case)."),
        click.option("--search", metavar="TEXT", help="Claim text contains TEXT (any case)."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


@click.group(name="claims")
def claims() -> None:
    """List, search and show stored claims.

    \b
    Example:
      factcheck claims list --state pending --kind direct_quote
      factcheck claims show 12
    """


@claims.command(name="list")
@claim_filters
@click.option("--limit", type=click.IntRange(min=1), metavar="N", help="Show at most N claims.")
@json_option
@pass_app
def list_(
    app: AppContext,
    source: int | None,
    states: tuple[str, ...],
    statuses: tuple[str, ...],
    kinds: tuple[str, ...],
    speaker: str | None,
    search: str | None,
    limit: int | None,
    as_json: bool,
) -> None:
    """List claims in source and sentence order, filtered.

    Filters combine with AND; a repeated filter matches any of its values.

    \b
    Example:
      factcheck claims list --state pending --state in_review
      factcheck claims list --speaker "michael ma" --json | jq '.[].id'

    \b
    Exit codes: 0 ok; 1 database error; 2 usage error.
    """
    from factcheck.store.fastread import read_claims

    filters: dict[str, Any] = {
        "source": source,
        "states": states,
        "statuses": statuses,
        "kinds": kinds,
        "speaker": speaker,
        "search": search,
        "limit": limit,
    }
    # The common case, an existing SQLite file at head, is read without importing
    # SQLAlchemy or pydantic; the store answers everything else, errors included.
    rows = read_claims(app.settings().database_url, **filters)
    if rows is None:
        rows = _list_through_store(app, **filters)
    if as_json:
        emit_json(rows)
    elif not rows:
        click.echo("No claims match.")
    else:
        click.echo(claims_table(rows))


def _list_through_store(
    app: AppContext,
    *,
    states: tuple[str, ...],
    statuses: tuple[str, ...],
    kinds: tuple[str, ...],
    **filters: Any,
) -> list[dict[str, Any]]:
    from factcheck.model import AttributionKind, EvidenceStatus, ReviewState
    from factcheck.store.claims import list_claims

    rows = list_claims(
        app.store(),
        states=[ReviewState(s) for s in states],
        statuses=[EvidenceStatus(s) for s in statuses],
        kinds=[AttributionKind(k) for k in kinds],
        **filters,
    )
    return [row.model_dump(mode="json") for row in rows]


@claims.command(name="show")
@click.argument("claim_id", metavar="ID", type=int)
@click.option(
    "--context",
    default=2,
    show_default=True,
    type=click.IntRange(min=0),
    metavar="N",
    help="Sentences shown before and after the claim.",
)
@json_option
@pass_app
def show(app: AppContext, claim_id: int, context: int, as_json: bool) -> None:
    """Show a claim in context: attribution, hedges, evidence and history.

    \b
    Example:
      factcheck claims show 12
      factcheck claims show 12 --context 0 --json

    \b
    Exit codes: 0 ok; 1 no such claim; 2 usage error.
    """
    from factcheck.store.claims import show_claim

    detail = show_claim(app.store(), claim_id=claim_id, context=context)
    if as_json:
        emit_json(detail.model_dump(mode="json"))
    else:
        click.echo(render_detail(detail))


# --- rendering --------------------------------------------------------------------


def shorten(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def claims_table(rows: Sequence[Mapping[str, Any]]) -> str:
    """Claims as listed (JSON-ready dicts, as ``ClaimOut.model_dump(mode="json")``)."""
    header = ("id", "state", "status", "kind", "speaker", "text")
    cells = [
        (
            str(r["id"]),
            r["state"],
            r["status"],
            r["kind"],
            shorten(r["speaker"] or "-", 20),
            shorten(r["text"], 60),
        )
        for r in rows
    ]
    widths = [max(len(row[i]) for row in [header, *cells]) for i in range(5)]
    return "\n".join(
        "  ".join(
            [
                row[0].rjust(widths[0]),
                *(c.ljust(w) for c, w in zip(row[1:5], widths[1:], strict=True)),
                row[5],
            ]
        )
        for row in [header, *cells]
    )


def when(moment: Any) -> str:
    return format_moment(moment)  # always with its zone (UTC)


def render_detail(detail: ClaimDetail) -> str:
    """A claim as a reviewer reads it: context, attribution, verdict, evidence, history."""
    title = f' "{detail.source_title}"' if detail.source_title else ""
    lines = [
        f"Claim {detail.id} — source {detail.source_id}{title}, "
        f"sentence {detail.ordinal + 1}, paragraph {detail.paragraph + 1} "  # counted from 1
        f"(version {detail.version})",
        f"State: {detail.state.value}"
        + (f" (taken by {detail.assignee})" if detail.assignee else "")
        + (f", proposed by {detail.proposed_by}" if detail.proposed_by else "")
        + (f", approved by {detail.approved_by}" if detail.approved_by else "")
        + f"    Status: {detail.status.value}",
        "",
        *(f"    {text}" for text in detail.before),
        f"  > {detail.text}",
        *(f"    {text}" for text in detail.after),
        "",
        _attribution(detail),
        "Hedges: " + (", ".join(detail.hedges) if detail.hedges else "none"),
        "Note: " + (detail.note or "-"),
        f"Evidence ({len(detail.evidence)}):",
        *(f"  {evidence_line(e)}" for e in detail.evidence),
        f"History ({len(detail.history)}):",
        *(f"  {event_line(e)}" for e in detail.history),
    ]
    return "\n".join(lines)


def _attribution(detail: ClaimDetail) -> str:
    speaker = detail.speaker or "-"
    if detail.speaker_title:
        speaker = f"{speaker} ({detail.speaker_title})"
    cue = f'"{detail.cue.text}"' if detail.cue else "-"
    return (
        f"Attribution: {detail.kind.value}; speaker: {speaker}; cue: {cue}; "
        f"rule: {detail.rule} (confidence {detail.confidence:.2f})"
    )


def evidence_line(evidence: EvidenceOut) -> str:
    title = f' "{evidence.title}"' if evidence.title else ""
    note = f" — {evidence.note}" if evidence.note else ""
    return (
        f"[{evidence.stance.value}] {evidence.url}{title}{note} "
        f"(added by {evidence.added_by or '-'} {when(evidence.added_at)})"
    )


def event_line(event: EventOut) -> str:
    move = ""
    if event.from_state and event.to_state and event.from_state != event.to_state:
        move = f" {event.from_state.value} → {event.to_state.value}"
    status = (
        f" status={event.evidence_status.value}"
        if event.action.value == "mark" and event.evidence_status
        else ""
    )
    extra = ""
    if event.evidence:
        extra = f" [{event.evidence.get('stance')}] {event.evidence.get('url')}"
    if event.note:
        extra += f' "{shorten(event.note, 60)}"'
    from factcheck.model import shown_handle

    when_who = f"{event.seq:>3}  {when(event.created_at)}  {shown_handle(event.actor)}"
    return f"{when_who}  {event.action.value}{move}{status}{extra}"
