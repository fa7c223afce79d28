"""``factcheck sources``: what has been ingested, and how far its review got."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import click

from factcheck.cli._common import AppContext, emit_json, json_option, pass_app

if TYPE_CHECKING:
    from factcheck.store.revisions import RevisionDiff, RevisionInfo, VanishedClaim
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
    from factcheck.store.revisions import vanished_approved
    from factcheck.store.sources import get_source

    store = app.store()
    detail = get_source(store, source_id=source_id)
    vanished = vanished_approved(store, source_id=source_id)
    if as_json:
        shown = detail.model_dump(mode="json")
        if vanished:
            shown["removed_approved_claims"] = [v.model_dump(mode="json") for v in vanished]
        emit_json(shown)
    else:
        click.echo(_detail(detail) + _vanished(vanished))


@sources.command(name="revisions")
@click.argument("source_id", metavar="ID", type=int)
@json_option
@pass_app
def revisions(app: AppContext, source_id: int, as_json: bool) -> None:
    """List the revisions of the article source ID belongs to, oldest first.

    A changed text re-ingested for the same URL (or with `ingest --revision-of`)
    is the article's next revision. Each line gives the revision's source id and
    what became of the previous revision's claims: unchanged (review carried
    over), changed (pending again), removed, new.

    \b
    Example:
      factcheck sources revisions 1
      factcheck sources revisions 1 --json
    """
    from factcheck.store.revisions import list_revisions

    rows = list_revisions(app.store(), source_id=source_id)
    if as_json:
        emit_json([row.model_dump(mode="json") for row in rows])
    else:
        click.echo(_revisions(rows))


@sources.command(name="diff")
@click.argument("source_id", metavar="ID", type=int)
@click.option("--from", "from_revision", type=int, metavar="N",
              help="The older revision (default: the one before --to).")
@click.option("--to", "to_revision", type=int, metavar="M",
              help="The newer revision (default: the latest).")
@json_option
@pass_app
def diff(
    app: AppContext, source_id: int, from_revision: int | None, to_revision: int | None,
    as_json: bool,
) -> None:
    """Show, sentence by sentence, what changed between two revisions of an article.

    Each line is one claim: "=" unchanged (review carried over), "~" changed
    (with the old wording's verdict and state), "-" removed (loud if it was
    approved), "+" new. Claim ids are given for both revisions.

    \b
    Example:
      factcheck sources diff 1
      factcheck sources diff 1 --from 1 --to 3 --json
    """
    from factcheck.store.revisions import diff_revisions

    result = diff_revisions(
        app.store(), source_id=source_id, from_revision=from_revision, to_revision=to_revision
    )
    if as_json:
        emit_json(result.model_dump(mode="json"))
    else:
        click.echo(_diff(result))


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


def _vanished(vanished: Sequence[VanishedClaim]) -> str:
    lines = [
        f"\n!! APPROVED CLAIM REMOVED in revision {v.removed_in}: claim {v.claim_id} "
        f"({v.evidence_status}) {v.text!r}"
        for v in vanished
    ]
    return "".join(lines)


def _revisions(rows: Sequence[RevisionInfo]) -> str:
    lines = []
    for row in rows:
        when = row.retrieved_at[:19]
        line = f"revision {row.revision}: source {row.source_id}, {row.claims} claims, {when}"
        if row.previous_id is not None:
            counts = ", ".join(f"{n} {name}" for name, n in row.outcomes.items())
            line += f" ({counts}, {row.removed} removed)"
        lines.append(line)
    return "\n".join(lines)


_MARKS = {"unchanged": "=", "changed": "~", "removed": "-", "new": "+"}


def _diff(result: RevisionDiff) -> str:
    counts = ", ".join(f"{result.counts.get(k, 0)} {k}" for k in _MARKS)
    lines = [
        f"source {result.source_id}: revision {result.from_revision} (source "
        f"{result.from_source}) -> revision {result.to_revision} (source {result.to_source}): "
        f"{counts}"
    ]
    for entry in result.entries:
        mark = _MARKS[entry.outcome]
        old, new = entry.old, entry.new
        if old is not None and new is not None and entry.outcome == "unchanged":
            lines.append(f"{mark} {old.id} -> {new.id} [{new.evidence_status}, "
                         f"{new.review_state}] {new.text}")
        elif old is not None and new is not None:
            lines.append(f"{mark} {old.id} -> {new.id} [was: {old.evidence_status} "
                         f"({old.review_state}); now {new.review_state}] {old.text!r} -> "
                         f"{new.text!r}")
        elif old is not None:
            loud = " !! APPROVED CLAIM REMOVED" if old.review_state == "approved" else ""
            lines.append(f"{mark} {old.id} [{old.evidence_status}, {old.review_state}]"
                         f"{loud} {old.text}")
        elif new is not None:
            lines.append(f"{mark} {new.id} [{new.review_state}] {new.text}")
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
