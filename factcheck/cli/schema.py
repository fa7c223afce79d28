"""``factcheck schema``: list, show and validate against the shipped JSON Schemas."""

from __future__ import annotations

import click

from factcheck.cli._common import emit_json, json_option

SCHEMA_NAMES = ("claimset", "claim", "source", "evidence", "review-event", "claimreview")
"""Spelled out so ``--help`` stays light; a test checks it against the library's list."""


@click.group(name="schema")
def schema() -> None:
    """Show the JSON Schemas (draft 2020-12) and validate documents against them.

    \b
    Example:
      factcheck schema list
      factcheck schema show claim
      factcheck schema validate verified.json
    """


@schema.command(name="list")
@json_option
def list_(as_json: bool) -> None:
    """List the schemas with their $id and title.

    \b
    Example:
      factcheck schema list
      factcheck schema list --json
    """
    from factcheck.exchange.validate import load_schema

    rows = [
        {"name": name, "id": load_schema(name)["$id"], "title": load_schema(name).get("title", "")}
        for name in SCHEMA_NAMES
    ]
    if as_json:
        emit_json(rows)
        return
    width = max(len(row["name"]) for row in rows)
    for row in rows:
        click.echo(f"{row['name']:<{width}}  {row['title']}  ({row['id']})")


@schema.command(name="show")
@click.argument("name", type=click.Choice(SCHEMA_NAMES))
@json_option
def show(name: str, as_json: bool) -> None:
    """Print a schema (it is JSON already; --json is accepted for symmetry).

    \b
    Example:
      factcheck schema show claimset
      factcheck schema show claimreview > claimreview.schema.json
    """
    from factcheck.exchange.validate import schema_text

    click.echo(schema_text(name), nl=False)


@schema.command(name="validate")
@click.argument("file", metavar="FILE")
@click.option(
    "--schema",
    "name",
    type=click.Choice(SCHEMA_NAMES),
    help="Schema to use (default: guessed: a claim set, or a ClaimReview array).",
)
@click.option(
    "--max-size",
    type=click.FloatRange(min=0, min_open=True),
    default=50,
    show_default=True,
    metavar="MB",
    help="Refuse files larger than this many megabytes.",
)
@json_option
def validate(file: str, name: str | None, max_size: float, as_json: bool) -> None:
    """Validate a JSON file (or - for stdin) against a schema.

    A JSON array is validated item by item against an item schema (e.g. the
    ClaimReview array `factcheck export --format claimreview` writes); a
    .jsonl file line by line. Exits 0 when valid, 1 with the first few failing
    JSON paths when not.

    \b
    Example:
      factcheck schema validate verified.json
      factcheck schema validate reviews.json --schema claimreview
      factcheck schema validate claims.jsonl --schema claim
    """
    from factcheck.cli.exchange import report_invalid
    from factcheck.errors import ValidationFailed
    from factcheck.exchange.validate import validate_file

    try:
        result = validate_file(file, name=name, max_bytes=int(max_size * 1_000_000))
    except ValidationFailed as exc:
        if as_json:
            emit_json({"file": file, "valid": False, "problems": exc.problems})
            raise SystemExit(1) from None
        report_invalid(exc)
    if as_json:
        emit_json({"file": file, "valid": True, "schema": result.schema, "items": result.items})
    else:
        click.echo(
            f"{file}: valid against {result.schema}.schema.json ({result.items} items checked)"
        )
