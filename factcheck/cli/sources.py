"""``factcheck sources``: what has been ingested, and how far its review got."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import click

from factcheck.cli._common import AppContext, emit_json, json_option, pass_app

if TYPE_CHECKING:
    from factcheck.store.sources import SourceDetail


@click.group(name="sources")
def sources() -> None:
    """List, show and correct stored sources (ingested articles).

    \b
    Example:
      factcheck sources list
      factcheck sources show 1 --json
      factcheck --as ana sources edit 1 --title "Mayor says bridge is safe"
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
    """Show a source's metadata, provenance, edits, content hash and claim counts.

    Provenance is how the text was obtained: read as text or HTML, the URL the
    page was finally fetched from and when, and the sha256 of the raw bytes
    (and whether the raw page was kept with `ingest --keep-html`). Claims are
    counted by attribution kind, review state and evidence status.

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


@sources.command(name="raw")
@click.argument("source_id", metavar="ID", type=int)
@pass_app
def raw(app: AppContext, source_id: int) -> None:
    """Write the raw page kept by `ingest --keep-html` to standard output, byte for byte.

    Its sha256 is the "raw hash" that `sources show` lists, so the copy can be
    checked against the page as it was fetched.

    \b
    Example:
      factcheck sources raw 3 > page.html
      factcheck sources raw 3 | sha256sum
    """
    from factcheck.store.sources import raw_page

    click.echo(raw_page(app.store(), source_id=source_id), nl=False)  # bytes: written as is


@sources.command(name="edit")
@click.argument("source_id", metavar="ID", type=int)
@click.option("--title", help="The headline ('' clears it).")
@click.option("--url", help="Where it was published, http(s) ('' clears it).")
@click.option("--publisher", help="The outlet ('' clears it).")
@click.option("--author", help="The byline ('' clears it).")
@click.option("--published", "--date", "published", metavar="YYYY-MM-DD",
              help="Publication date ('' clears it).")
@click.option("--reason", help="Why, kept with the change.")
@json_option
@pass_app
def edit(
    app: AppContext, source_id: int, title: str | None, url: str | None,
    publisher: str | None, author: str | None, published: str | None, reason: str | None,
    as_json: bool,
) -> None:
    """Correct a source's metadata; each change is recorded with who, when and why.

    The text and its claims never change. Every changed field is logged
    (old value, new value, reviewer, time, reason) in the same transaction,
    and `sources show` lists the log. Needs --as (or FACTCHECK_REVIEWER).

    \b
    Example:
      factcheck --as ana sources edit 3 --title "Mayor says bridge is safe"
      factcheck --as ana sources edit 3 --url https://example.org/a --reason "canonical URL"
    """
    from factcheck.store.sources import SourceMetaUpdate, edit_source

    given: dict[str, object] = {
        "title": title, "url": url, "publisher": publisher, "author": author,
    }
    changes = {name: (value or None) for name, value in given.items() if value is not None}
    if published is not None:
        changes["published"] = _date_option(published)
    detail = edit_source(
        app.store(), source_id=source_id, changes=SourceMetaUpdate.model_validate(changes),
        by=app.actor(), reason=reason,
    )
    if as_json:
        emit_json(detail.model_dump(mode="json"))
    else:
        click.echo(_detail(detail))


def _date_option(value: str) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)",
                                 param_hint="--published") from None


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
        ("updated", str(detail.updated) if detail.updated else None),
        ("language", detail.language),
        ("retrieved", detail.retrieved_at.isoformat(timespec="seconds")),
        ("read as", detail.input_format),
        ("fetched", _fetched(detail)),
        ("raw hash", _raw(detail)),
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
    for change in detail.edits:
        when = change.edited_at.isoformat(timespec="seconds")
        why = f" ({change.reason})" if change.reason else ""
        lines.append(
            f"edited:    {when} by {change.actor}: {change.field} "
            f"{change.old_value or '-'!r} -> {change.new_value or '-'!r}{why}"
        )
    return "\n".join(lines)


def _fetched(detail: SourceDetail) -> str | None:
    if detail.fetched_url is None:
        return None
    when = detail.fetched_at.isoformat(timespec="seconds") if detail.fetched_at else "?"
    return f"{detail.fetched_url} at {when}"


def _raw(detail: SourceDetail) -> str | None:
    if detail.raw_sha256 is None:
        return None
    return detail.raw_sha256 + (" (raw page kept)" if detail.raw_page_kept else "")
