"""``factcheck ingest`` and ``factcheck demo``: extract articles and store their claims."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Literal

import click

from factcheck.cli._common import AppContext, emit_json, json_option, pass_app

if TYPE_CHECKING:
    from factcheck.store.ingest import FileOutcome
    from factcheck.store.sources import SourceClaim

from factcheck.cli._inputs import (
    SOURCE_KINDS,
    build_fetch_options,
    build_meta,
    fetch_options,
    meta_options,
    read_list,
)

__all__ = ["SOURCE_KINDS", "demo", "ingest"]


@click.command(name="ingest")
@click.argument("inputs", nargs=-1, metavar="[URL|FILE|-]...")
@click.option(
    "--from-file", "from_file", metavar="LIST",
    help="Also ingest the URLs/files listed in LIST, one per line (# comments; - for stdin).",
)
@click.option(
    "--format", "--input-format", "input_format", type=click.Choice(["text", "html"]),
    help="Read every input as plain text or as an HTML page (default: detected).",
)
@click.option("--keep-html", is_flag=True, help="Store the raw page too (for provenance).")
@click.option("--sample", is_flag=True, help="Ingest the bundled sample article (as `demo`).")
@click.option(
    "--revision-of", "revision_of", type=int, metavar="SOURCE",
    help="Store changed text as the next revision of SOURCE's article (same URL does it too).",
)
@meta_options
@fetch_options
@json_option
@pass_app
def ingest(
    app: AppContext, inputs: tuple[str, ...], from_file: str | None, input_format: str | None,
    keep_html: bool, sample: bool, revision_of: int | None, url: str | None,
    title: str | None, publisher: str | None,
    author: str | None, published: dt.datetime | None, kind: str | None,
    user_agent: str | None, max_size: float, timeout: float, as_json: bool,
) -> None:
    """Extract each article's claims and store them, one transaction per article.

    Each input is a web page URL (fetched), an HTML file (.html/.htm or HTML
    content), a plain-text file, or - for standard input. From a page, the
    main text is kept (navigation, ads, comments and related links dropped)
    with its title, author, dates, site name, language and canonical URL; the
    stored text is that extracted text, and the raw page's sha256, the final
    URL and the fetch time are kept as provenance (`sources show` lists them).
    Flags win over what the input says.

    An article is stored whole or not at all. Text already stored (same
    content hash) is reported as "already ingested as source N" and writes
    nothing; if this input's metadata differs, the line says which fields and
    how to change them (`factcheck sources edit`). Re-running an interrupted
    batch completes it without duplicates; with several inputs a progress bar
    is shown on stderr when it is a terminal.

    An input that cannot be read or fetched (missing, empty, binary, HTTP
    error, timeout, too large, a PDF or image, no article text) is reported on
    one line and nothing is written for it; the others are still ingested and
    the command exits 1 at the end. --url and --title need a single input.

    New text for a stored article's URL (or with --revision-of SOURCE) is
    stored as its next revision: reviews of unchanged sentences carry over,
    changed ones come back pending (`factcheck sources diff SOURCE`).

    \b
    Example:
      factcheck ingest https://example.org/news/bridge-report
      factcheck ingest article.txt --publisher "Daily Example" --url https://example.org/a
      factcheck ingest --from-file reading-list.txt --keep-html
      factcheck ingest --sample --json
    """
    items = _inputs(inputs, from_file=from_file, sample=sample)
    if len(items) > 1 and (url or title):
        raise click.UsageError("--url and --title describe one article: give a single input")
    meta = build_meta(kind=kind, title=title, url=url, publisher=publisher, author=author,
                      published=published)
    options = build_fetch_options(user_agent=user_agent, max_size=max_size, timeout=timeout)
    store = app.store()
    with _reporter(len(items), as_json=as_json) as report:
        from factcheck.store.ingest import ingest_inputs

        outcomes = ingest_inputs(
            store, items, input_format=_format(input_format), meta=meta, options=options,
            keep_raw=keep_html, revision_of=revision_of, on_outcome=report,
        )
    if as_json:
        emit_json([outcome.as_json() for outcome in outcomes])
    elif len(outcomes) > 1:
        click.echo(_summary(outcomes))
    if not all(outcome.ok for outcome in outcomes):
        sys.exit(1)


def _format(value: str | None) -> Literal["text", "html"] | None:
    if value == "text":
        return "text"
    if value == "html":
        return "html"
    return None


def _inputs(inputs: tuple[str, ...], *, from_file: str | None, sample: bool) -> list[str]:
    items = list(inputs)
    if from_file is not None:
        items += read_list(from_file)
    if sample:
        from factcheck.resources import sample_article_path

        items.append(str(sample_article_path()))
    if not items:
        raise click.UsageError("give at least one URL or FILE (or --from-file LIST, or --sample)")
    if items.count("-") + (from_file == "-") > 1:
        raise click.UsageError("standard input (-) can be read only once")
    return items


@contextmanager
def _reporter(total: int, *, as_json: bool) -> Iterator[Callable[[FileOutcome], None]]:
    """Print each file's outcome as it commits, under a progress bar on a terminal.

    The bar goes to stderr, and only when several files are given and stderr is
    a terminal, so pipes and scripts see plain lines.
    """

    def line(outcome: FileOutcome) -> None:
        if not outcome.ok:
            click.echo(f"Error: {outcome.describe()}", err=True)
        elif not as_json:
            click.echo(outcome.describe())

    if total < 2 or not sys.stderr.isatty():
        yield line
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    console = Console(stderr=True)
    columns = (TextColumn("ingesting"), BarColumn(), MofNCompleteColumn())
    # Keep stdout ours when it is redirected: rich would otherwise send it to stderr.
    with Progress(
        *columns, console=console, transient=True, redirect_stdout=sys.stdout.isatty()
    ) as progress:
        task = progress.add_task("ingest", total=total)

        def advance(outcome: FileOutcome) -> None:
            line(outcome)
            progress.advance(task)

        yield advance


def _summary(outcomes: Sequence[FileOutcome]) -> str:
    created = sum(1 for o in outcomes if o.result is not None and o.result.created)
    already = sum(1 for o in outcomes if o.result is not None and not o.result.created)
    failed = sum(1 for o in outcomes if not o.ok)
    return (
        f"{len(outcomes)} inputs: {created} ingested, {already} already stored, {failed} failed"
    )


@click.command(name="demo")
@json_option
@pass_app
def demo(app: AppContext, as_json: bool) -> None:
    """Ingest the bundled sample article and show its attributed claims.

    Uses the configured database (by default a SQLite file in the data
    directory, created on first use). Running it again stores nothing new.

    \b
    Example:
      factcheck demo
      factcheck --db sqlite:///demo.db demo --json
    """
    from factcheck.store.ingest import ingest_sample

    result, claims = ingest_sample(app.store())
    if as_json:
        emit_json(
            {
                "source_id": result.source_id,
                "created": result.created,
                "claims": [claim.model_dump(mode="json") for claim in claims],
            }
        )
        return
    click.echo(f"Sample article {result.describe()}.")
    _print_claims(claims)
    click.echo(
        f"Next: `factcheck sources show {result.source_id}`, `factcheck claims list`, "
        "or `factcheck ingest YOUR_ARTICLE.txt`."
    )


def _print_claims(claims: Sequence[SourceClaim]) -> None:
    from rich.markup import escape
    from rich.table import Table

    table = Table(header_style="bold")
    table.add_column("id", justify="right", no_wrap=True)
    table.add_column("kind", no_wrap=True)
    table.add_column("speaker")
    table.add_column("claim", ratio=1)
    for claim in claims:
        table.add_row(
            str(claim.id), claim.kind.value, escape(claim.speaker or "-"), escape(claim.text)
        )
    _console().print(table)


def _console() -> Any:
    from rich.console import Console

    return Console(soft_wrap=False)
