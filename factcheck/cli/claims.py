"""``factcheck claims``: list, search and show stored claims.

Also home of what the review commands share: the vocabularies as Click
choices (spelled out here so ``--help`` does not import pydantic; a test
checks them against the enums in ``factcheck.model``) and the text rendering
of a claim.
"""

from __future__ import annotations

import itertools
import sys
from collections.abc import Callable, Generator, Iterator, Mapping, Sequence
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
        click.option(
            "--speaker",
            multiple=True,
            metavar="TEXT",
            help="Speaker contains TEXT (any case; repeated: contains every TEXT).",
        ),
        click.option(
            "--search",
            multiple=True,
            metavar="TEXT",
            help="Claim text contains TEXT (any case; repeated: contains every TEXT).",
        ),
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


TERMINAL_PAGE = 50
"""Claims shown in a terminal when no ``--limit`` is given (piped output and --json get all)."""

TABLE_BUFFER = 1000
"""A table up to this long is sized to its rows; a longer one streams in fixed widths."""


@claims.command(name="list")
@claim_filters
@click.option(
    "--limit",
    type=click.IntRange(min=1),
    metavar="N",
    help=f"Show at most N claims [default: {TERMINAL_PAGE} in a terminal, else all].",
)
@click.option(
    "--after",
    type=int,
    metavar="ID",
    help="Start after claim ID: the last id of the previous page.",
)
@click.option("--mine", is_flag=True, help="Only claims you (--as) have taken.")
@click.option("--assignee", metavar="HANDLE", help="Only claims HANDLE has taken.")
@click.option("--unassigned", is_flag=True, help="Only claims nobody has taken.")
@click.option("--changed", is_flag=True,
              help="Only claims whose sentence a new revision changed (re-review them).")
@click.option("--removed", is_flag=True,
              help="Only claims a new revision of their article removed.")
@json_option
@pass_app
def list_(
    app: AppContext,
    source: int | None,
    states: tuple[str, ...],
    statuses: tuple[str, ...],
    kinds: tuple[str, ...],
    speaker: tuple[str, ...],
    search: tuple[str, ...],
    limit: int | None,
    after: int | None,
    mine: bool,
    assignee: str | None,
    unassigned: bool,
    changed: bool,
    removed: bool,
    as_json: bool,
) -> None:
    """List claims in source and sentence order, filtered.

    Filters combine with AND; a repeated --state, --status or --kind matches
    any of its values, a repeated --speaker or --search must match every term.
    Text filters match substrings in any case (`ant gr` finds "Ant Group").

    Long lists come in pages: pass the last id shown as --after to get the next
    (in a terminal the table ends with that hint). Rows are printed as they are
    read, so a list of every claim, --json included, needs little memory.

    \b
    Example:
      factcheck claims list --state pending --state in_review
      factcheck claims list --search ant --search alipay --limit 20 --after 140
      factcheck claims list --speaker "michael ma" --json | jq '.[].id'
      factcheck --as alice claims list --mine
      factcheck claims list --changed --source 7

    \b
    Exit codes: 0 ok; 1 unknown source or claim, or database error; 2 usage error.
    """
    from factcheck.store.readmodels import ClaimFilters

    if sum((mine, assignee is not None, unassigned)) > 1:
        raise click.UsageError("use one of --mine, --assignee and --unassigned")
    if mine:
        assignee = app.actor()

    if limit is None and not as_json and sys.stdout.isatty():
        limit = TERMINAL_PAGE
    hint = limit is not None and not as_json
    filters = ClaimFilters(
        source=source,
        states=states,
        statuses=statuses,
        kinds=kinds,
        speakers=speaker,
        searches=search,
        assignee=assignee,
        unassigned=unassigned,
        after_id=after,
        limit=limit + 1 if hint and limit is not None else limit,
        changed=changed,
        removed=removed,
    )
    rows = _claim_rows(app, filters)
    try:
        first = next(rows, None)  # errors (no such source) before any output
        if first is None:
            click.echo("[]" if as_json else "No claims match.")
        elif as_json:
            _write_json_array(first, rows)
        else:
            _write_table(first, rows, limit if hint else None)
    finally:
        rows.close()  # a page's extra row may be left unread


def _claim_rows(app: AppContext, filters: Any) -> Generator[dict[str, Any], None, None]:
    """The listed claims as JSON-ready dicts, streamed.

    The common case, an existing SQLite file at head, is read without importing
    SQLAlchemy or pydantic; the store answers everything else, errors included.
    """
    from factcheck.store import fastread

    rows = fastread.stream_claims(app.settings().database_url, filters=filters)
    if rows is not None:
        return rows
    from factcheck.store.claims import iter_claim_rows

    return iter_claim_rows(app.store(), filters=filters)


def _write_json_array(first: dict[str, Any], rest: Iterator[dict[str, Any]]) -> None:
    """What ``emit_json(list(rows))`` prints, written row by row."""
    import json

    out = sys.stdout

    def item(row: dict[str, Any]) -> str:
        text = json.dumps(row, indent=2, ensure_ascii=False, sort_keys=True)
        return "  " + text.replace("\n", "\n  ")

    out.write("[\n" + item(first))
    for row in rest:
        out.write(",\n" + item(row))
    out.write("\n]\n")


def _write_table(first: dict[str, Any], rest: Iterator[dict[str, Any]], page: int | None) -> None:
    """The claims table; past :data:`TABLE_BUFFER` rows it streams in fixed widths.

    ``page`` is the limit asked for: one row more was read to know whether
    another page follows, and the hint names the ``--after`` that shows it.
    """
    out = sys.stdout
    buffered = [first, *itertools.islice(rest, TABLE_BUFFER - 1)]
    more = page is not None and len(buffered) > page
    if more:
        buffered = buffered[:page]
    if len(buffered) < TABLE_BUFFER or more:
        out.write(claims_table(buffered) + "\n")
    else:
        widths = _stream_widths()
        out.write(_table_line(_HEADER, widths) + "\n")
        for row in itertools.chain(buffered, rest):
            out.write(_table_line(_cells(row), widths) + "\n")
    if more:
        click.echo(f"More claims follow: add --after {buffered[-1]['id']}", err=True)


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
    from factcheck.store import fastread

    # As for `claims list`: an existing SQLite file at head is read with sqlite3.
    doc: Doc | None = fastread.read_claim_detail(
        app.settings().database_url, claim_id=claim_id, context=context
    )
    if doc is None:
        from factcheck.store.claims import show_claim

        doc = as_doc(show_claim(app.store(), claim_id=claim_id, context=context))
    if as_json:
        emit_json(doc)
    else:
        click.echo(render_detail(doc))


# --- rendering --------------------------------------------------------------------


def shorten(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


_HEADER = ("id", "state", "status", "kind", "speaker", "text")
_SPEAKER_WIDTH = 20


def _cells(row: Mapping[str, Any]) -> tuple[str, ...]:
    return (
        str(row["id"]),
        row["state"],
        row["status"],
        row["kind"],
        shorten(row["speaker"] or "-", _SPEAKER_WIDTH),
        shorten(row["text"], 60),
    )


def _table_line(cells: Sequence[str], widths: Sequence[int]) -> str:
    return "  ".join(
        [
            cells[0].rjust(widths[0]),
            *(c.ljust(w) for c, w in zip(cells[1:5], widths[1:], strict=True)),
            cells[5],
        ]
    )


def _stream_widths() -> list[int]:
    """Widths no later row can exceed: the vocabularies' longest words, 9-digit ids."""
    longest = [9, max(map(len, STATES)), max(map(len, STATUSES)), max(map(len, KINDS))]
    return [*longest, _SPEAKER_WIDTH]


def claims_table(rows: Sequence[Mapping[str, Any]]) -> str:
    """Claims as listed (JSON-ready dicts, as ``ClaimOut.model_dump(mode="json")``)."""
    cells = [_cells(r) for r in rows]
    widths = [max(len(row[i]) for row in [_HEADER, *cells]) for i in range(5)]
    return "\n".join(_table_line(row, widths) for row in [_HEADER, *cells])


def when(moment: Any) -> str:
    """A time as the CLI prints it, always with its zone; a datetime or its JSON form."""
    if isinstance(moment, str):
        import datetime as dt

        moment = dt.datetime.fromisoformat(moment)
    return format_moment(moment)


Doc = Mapping[str, Any]


def as_doc(item: Any) -> Doc:
    """A read model in its JSON form: as the fast path reads it, or dumped from pydantic."""
    if isinstance(item, Mapping):
        return item
    dumped: Doc = item.model_dump(mode="json")
    return dumped


def render_detail(detail: ClaimDetail | Doc) -> str:
    """A claim as a reviewer reads it: context, attribution, verdict, evidence, history."""
    d = as_doc(detail)
    title = f' "{d["source_title"]}"' if d["source_title"] else ""
    lines = [
        f"Claim {d['id']} — source {d['source_id']}{title}, "
        f"sentence {d['ordinal'] + 1}, paragraph {d['paragraph'] + 1} "  # counted from 1
        f"(version {d['version']})",
        f"State: {d['state']}"
        + (f" (taken by {d['assignee']})" if d["assignee"] else "")
        + (f", proposed by {d['proposed_by']}" if d["proposed_by"] else "")
        + (f", approved by {d['approved_by']}" if d["approved_by"] else "")
        + f"    Status: {d['status']}",
        "",
        *(f"    {text}" for text in d["before"]),
        f"  > {d['text']}",
        *(f"    {text}" for text in d["after"]),
        "",
        _attribution(d),
        "Hedges: " + (", ".join(d["hedges"]) if d["hedges"] else "none"),
        "Note: " + (d["note"] or "-"),
        f"Evidence ({len(d['evidence'])}):",
        *(f"  {evidence_line(e)}" for e in d["evidence"]),
        f"History ({len(d['history'])}):",
        *(f"  {event_line(e)}" for e in d["history"]),
    ]
    return "\n".join(lines)


def _attribution(d: Doc) -> str:
    speaker = d["speaker"] or "-"
    if d["speaker_title"]:
        speaker = f"{speaker} ({d['speaker_title']})"
    cue = f'"{d["cue"]["text"]}"' if d["cue"] else "-"
    return (
        f"Attribution: {d['kind']}; speaker: {speaker}; cue: {cue}; "
        f"rule: {d['rule']} (confidence {d['confidence']:.2f})"
    )


def evidence_line(evidence: EvidenceOut | Doc) -> str:
    e = as_doc(evidence)
    title = f' "{e["title"]}"' if e["title"] else ""
    note = f" — {e['note']}" if e["note"] else ""
    return (
        f"[{e['stance']}] {e['url']}{title}{note} "
        f"(added by {e['added_by'] or '-'} {when(e['added_at'])})"
    )


def event_line(event: EventOut | Doc) -> str:
    e = as_doc(event)
    move = ""
    if e["from_state"] and e["to_state"] and e["from_state"] != e["to_state"]:
        move = f" {e['from_state']} → {e['to_state']}"
    status = (
        f" status={e['evidence_status']}" if e["action"] == "mark" and e["evidence_status"] else ""
    )
    extra = ""
    if e["evidence"]:
        extra = f" [{e['evidence'].get('stance')}] {e['evidence'].get('url')}"
    if e["note"]:
        extra += f' "{shorten(e["note"], 60)}"'
    from factcheck.handles import shown_handle

    when_who = f"{e['seq']:>3}  {when(e['created_at'])}  {shown_handle(e['actor'])}"
    return f"{when_who}  {e['action']}{move}{status}{extra}"


def _register_similar() -> None:
    """``claims similar`` lives in its own module (factcheck/cli/similar.py)."""
    from factcheck.cli.similar import similar

    claims.add_command(similar)


_register_similar()
