"""``factcheck sources``: what has been ingested, and how far its review got."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import click

from factcheck.cli._common import AppContext, emit_json, json_option, pass_app

if TYPE_CHECKING:
    from factcheck.store.sources import SourceDetail


@click.group(name="sources")
def sources() -> None:
    """List and show stored sources (ingested articles).

    \b
    Example:
      factcheck sources list
      factcheck sources show 1 --json
    """


@sources.command(name="list")
@click.option("--limit", type=click.IntRange(min=1), metavar="N", help="Show at most N sources.")
@click.option("--after", type=int, metavar="ID", help="Start after source ID (the last shown).")
@json_option
@pass_app
def list_(app: AppContext, limit: int | None, after: int | None, as_json: bool) -> None:
    """List stored sources, oldest first, with their number of claims.

    \b
    Example:
      factcheck sources list
      factcheck sources list --limit 20 --after 140
      factcheck sources list --json | jq '.[].id'
    """
    from factcheck.store import fastread

    # An existing SQLite file (or plain PostgreSQL URL) at head is read without
    # SQLAlchemy or pydantic, as for `claims list`; the store answers the rest.
    rows = fastread.read_sources(app.settings().database_url, limit=limit, after=after)
    if rows is None:
        from factcheck.store.sources import list_sources

        summaries = list_sources(app.store(), limit=limit, after=after)
        rows = [row.model_dump(mode="json") for row in summaries]
    if as_json:
        emit_json(rows)
    elif not rows:
        click.echo("No sources yet: `factcheck ingest FILE` or `factcheck demo` adds one.")
    else:
        click.echo(_table(rows))


@sources.command(name="show")
@click.argument("source_id", metavar="ID", type=int)
@json_option
@pass_app
def show(app: AppContext, source_id: int, as_json: bool) -> None:
    """Show a source's metadata, content hash and claim counts.

    Claims are counted by attribution kind, review state and evidence status.

    \b
    Example:
      factcheck sources show 1
      factcheck sources show 1 --json
    """
    from factcheck.store.sources import get_source

    detail = get_source(app.store(), source_id=source_id)
    if as_json:
        emit_json(detail.model_dump(mode="json"))
    else:
        click.echo(_detail(detail))


def _table(rows: Sequence[Mapping[str, Any]]) -> str:
    """Sources as listed (their JSON form)."""
    header = ("id", "kind", "published", "claims", "title")
    lines = [
        (str(r["id"]), r["kind"], str(r["published"] or "-"), str(r["claim_count"]), _label(r))
        for r in rows
    ]
    widths = [max(len(cells[i]) for cells in [header, *lines]) for i in range(4)]

    def line(cells: tuple[str, ...]) -> str:
        padded = [cells[0].rjust(widths[0])]
        padded += [cell.ljust(width) for cell, width in zip(cells[1:4], widths[1:], strict=True)]
        return "  ".join([*padded, cells[4]]).rstrip()

    return "\n".join(line(cells) for cells in [header, *lines])


def _label(row: Mapping[str, Any]) -> str:
    """The title, else the publisher, else the first words of the hash: never empty."""
    return row["title"] or row["publisher"] or f"(untitled, {row['content_hash'][:19]}…)"


def _detail(detail: SourceDetail) -> str:
    fields = [
        ("source", str(detail.id)),
        ("kind", detail.kind.value),
        ("title", detail.title),
        ("url", detail.url),
        ("publisher", detail.publisher),
        ("author", detail.author),
        ("published", str(detail.published) if detail.published else None),
        ("retrieved", detail.retrieved_at.isoformat(timespec="seconds")),
        ("hash", detail.content_hash),
        ("text", f"{detail.text_length} characters"),
        ("claims", str(detail.claim_count)),
    ]
    lines = [f"{name + ':':<11}{value if value is not None else '-'}" for name, value in fields]
    for title, counts in (
        ("by kind", detail.claims_by_kind),
        ("by state", detail.claims_by_state),
        ("by status", detail.claims_by_status),
    ):
        lines.append(f"  {title}: " + (", ".join(f"{k.value} {n}" for k, n in counts.items())
                                        or "-"))
    return "\n".join(lines)
