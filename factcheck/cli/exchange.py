"""``factcheck export`` and ``factcheck import``: claim sets out and back in."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import click

from factcheck.cli._common import AppContext, emit_json, json_option, pass_app
from factcheck.cli.claims import KINDS, STATES, STATUSES

if TYPE_CHECKING:
    from factcheck.errors import ValidationFailed

FORMATS = ("json", "jsonl", "claimreview", "csv")
"""The export formats (the values of ExportFormat; a test keeps them equal)."""


def report_invalid(exc: ValidationFailed) -> None:
    """Print a validation failure as one line plus its first few JSON paths, exit 1."""
    click.echo(f"Error: {exc}", err=True)
    for problem in exc.problems:
        click.echo(f"  {problem}", err=True)
    raise SystemExit(1)


def _parse_time(value: str | None) -> dt.datetime | None:
    if value is None:
        return None
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(
            f"{value!r} is not an ISO 8601 time (e.g. 2024-05-01T12:00:00Z)"
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


@click.command(name="export")
@click.option(
    "--state",
    "states",
    multiple=True,
    type=click.Choice([*STATES, "any"]),
    help="Review state to export (repeatable; default approved; 'any' for all).",
)
@click.option(
    "--source", metavar="ID", help="Only claims of this source (row id or stable source:… id)."
)
@click.option(
    "--status",
    "statuses",
    multiple=True,
    type=click.Choice(STATUSES),
    help="Evidence status (repeatable).",
)
@click.option(
    "--kind",
    "kinds",
    multiple=True,
    type=click.Choice(KINDS),
    help="Attribution kind (repeatable).",
)
@click.option(
    "--since",
    type=click.DateTime(["%Y-%m-%d"]),
    metavar="DATE",
    help="Only sources published on or after DATE.",
)
@click.option(
    "--until",
    type=click.DateTime(["%Y-%m-%d"]),
    metavar="DATE",
    help="Only sources published on or before DATE.",
)
@click.option(
    "--format",
    "format_",
    type=click.Choice(FORMATS),
    default="json",
    show_default=True,
    help="Output format.",
)
@click.option(
    "-o",
    "--output",
    default="-",
    show_default=True,
    metavar="FILE",
    help="File to write, or - for standard output.",
)
@click.option("--force", is_flag=True, help="Overwrite FILE if it exists.")
@click.option(
    "--summary",
    is_flag=True,
    help="ClaimReview only: claimReviewed is a short form of the sentence (at most 75 "
    "characters, without the attribution) instead of the whole sentence.",
)
@click.option(
    "--generated-at",
    metavar="TIME",
    help="Pin the document's generated_at (ISO 8601) for reproducible output.",
)
@json_option
@pass_app
def export(
    app: AppContext,
    states: tuple[str, ...],
    source: str | None,
    statuses: tuple[str, ...],
    kinds: tuple[str, ...],
    since: dt.datetime | None,
    until: dt.datetime | None,
    format_: str,
    output: str,
    force: bool,
    summary: bool,
    generated_at: str | None,
    as_json: bool,
) -> None:
    """Export claims: by default the verified claim set (approved claims) as JSON.

    Formats: json (one claim-set document, schemas/claimset.schema.json, with
    every source's text), jsonl (one claim per line, no header, no sources),
    claimreview (a JSON array of schema.org ClaimReview for approved claims;
    needs claimreview_url_pattern in the config file, e.g.
    "https://factcheck.example.org/checks/{id}": one page per review), csv
    (one row per claim for spreadsheets; columns in docs/csv.md).
    Verdicts map to ratings: supported True 5, mixed Mixed 3, refuted False 1,
    unverifiable and unverified words only (scale 1-5).

    Output is deterministic and validated item by item before it is written;
    a file appears only when complete (temp file + rename), an existing file
    is kept unless --force, and a failure leaves nothing behind. The one-line
    summary goes to stderr when the export itself goes to stdout.

    \b
    Example:
      factcheck export -o verified.json
      factcheck export --state any --format jsonl -o all.jsonl
      factcheck export --format claimreview --summary -o claimreview.json --force
      factcheck export --state any --format csv -o claims.csv
      factcheck export --since 2024-01-01 --generated-at 2024-06-01T00:00:00Z
    """
    from factcheck.errors import InputError, ValidationFailed
    from factcheck.exchange.collect import ExportFilters
    from factcheck.exchange.export import export as run_export

    if as_json and output == "-":
        raise InputError(
            "--json prints a summary; with it, write the export to a file with -o FILE"
        )
    filters = ExportFilters(
        states=() if "any" in states else states or ("approved",),
        source=source,
        statuses=statuses,
        kinds=kinds,
        since=since.date() if since else None,
        until=until.date() if until else None,
    )
    try:
        result = run_export(
            app.store(),
            output=output,
            format=format_,
            filters=filters,
            force=force,
            generated_at=_parse_time(generated_at),
            settings=app.settings(),
            summary=summary,
        )
    except ValidationFailed as exc:
        report_invalid(exc)
    if as_json:
        emit_json(
            {
                "output": result.output,
                "format": result.format.value,
                "claims": result.claims,
                "sources": result.sources,
            }
        )
    else:
        click.echo(result.describe(), err=output == "-")


@click.command(name="import")
@click.argument("file", metavar="FILE")
@click.option(
    "--max-size",
    type=click.FloatRange(min=0, min_open=True),
    default=50,
    show_default=True,
    metavar="MB",
    help="Refuse files larger than this many megabytes (checked before reading).",
)
@click.option(
    "--map-actor",
    "map_actor",
    multiple=True,
    metavar="OLD=NEW",
    help="Record the document's handle OLD as reviewer NEW here (repeatable).",
)
@click.option(
    "--format",
    "format_",
    type=click.Choice(["claimset", "claimreview"]),
    default="claimset",
    show_default=True,
    help="claimreview: other fact-checkers' ClaimReview JSON-LD, stored as external fact checks.",
)
@json_option
@pass_app
def import_(
    app: AppContext,
    file: str,
    max_size: float,
    map_actor: tuple[str, ...],
    format_: str,
    as_json: bool,
) -> None:
    """Import a claim-set JSON document (from `factcheck export` or `extract`).

    The file is checked before anything is written: its size, strict JSON
    (no duplicate keys, NaN or Infinity), the schemas, and its consistency
    (spans against source text, unique ids, hash-chained histories). Review
    history is replayed through the workflow rules (legal moves, roles as
    they are here, four eyes, times in order) and must match the claims'
    approved_by, proposed_by, verdict and evidence. A document with review
    history needs an admin (--as). Everyone it names must already be a
    reviewer here, or be mapped with --map-actor: an import never adds people.
    Any problem prints one line (or the first failing JSON paths) and exits 1
    with the database unchanged. Everything is imported in one transaction,
    matched by content: importing the same file again adds nothing.

    \b
    Example:
      factcheck --as chief import verified.json
      factcheck --as chief import archive.json --map-actor rita=rita.ng
      factcheck extract article.txt --format json | factcheck import -
    """
    from factcheck.errors import InputError, ValidationFailed

    if format_ == "claimreview":
        from factcheck.exchange.claimreview_import import import_claimreview_file

        added, known = import_claimreview_file(
            app.store(), file, max_bytes=int(max_size * 1_000_000)
        )
        if as_json:
            emit_json({"added": added, "already_stored": known})
        else:
            click.echo(f"imported {file}: {added} fact check(s) added, {known} already stored")
        return
    from factcheck.exchange.importer import import_file

    mapping: dict[str, str] = {}
    for pair in map_actor:
        old, sep, new = pair.partition("=")
        if not sep or not old or not new:
            raise InputError(f"--map-actor {pair!r}: expected OLD=NEW")
        mapping[old] = new
    try:
        result = import_file(
            app.store(),
            file,
            by=app.settings().reviewer,
            actor_map=mapping,
            max_bytes=int(max_size * 1_000_000),
        )
    except ValidationFailed as exc:
        report_invalid(exc)
    if as_json:
        emit_json(result.as_json())
    else:
        click.echo(f"imported {file}: {result.describe()}")
