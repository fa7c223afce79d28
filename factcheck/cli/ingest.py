"""``factcheck ingest`` and ``factcheck demo``: extract articles and store their claims."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import click

from factcheck.cli._common import AppContext, emit_json, json_option, pass_app

if TYPE_CHECKING:
    from factcheck.store.ingest import FileOutcome
    from factcheck.store.sources import SourceClaim

# The values of factcheck.model.SourceKind, repeated so `--help` needs no
# pydantic import; tests/test_ingest_cli.py checks they agree.
SOURCE_KINDS = ("news_article", "press_release", "social_post", "transcript", "report", "other")


@click.command(name="ingest")
@click.argument("files", nargs=-1, type=click.Path(dir_okay=True))
@click.option("--sample", is_flag=True, help="Ingest the bundled sample article (as `demo`).")
@click.option("--url", help="Where the article was published (one file only).")
@click.option("--title", help="The article's headline (one file only).")
@click.option("--publisher", help="The outlet, e.g. 'Daily Example'.")
@click.option("--author", help="The byline.")
@click.option(
    "--published", type=click.DateTime(formats=["%Y-%m-%d"]), metavar="YYYY-MM-DD",
    help="Publication date (wins over a ' date YYYY-MM-DD' header).",
)
@click.option("--kind", type=click.Choice(SOURCE_KINDS), help="What sort of document it is.")
@json_option
@pass_app
def ingest(
    app: AppContext, files: tuple[str, ...], sample: bool, url: str | None, title: str | None,
    publisher: str | None, author: str | None, published: dt.datetime | None,
    kind: str | None, as_json: bool,
) -> None:
    """Extract each FILE's claims and store them, one transaction per file.

    A file is stored whole or not at all. Text already stored (same content
    hash) is reported as "already ingested as source N" and writes nothing
    (its metadata stays as first stored), so re-running an interrupted batch
    completes it without duplicates. With several files, a progress bar is
    shown on stderr when it is a terminal.

    A file that cannot be read (missing, empty, binary, not UTF-8, HTML) is
    reported on one line and nothing is written for it; the other files are
    still ingested and the command exits 1 at the end. Metadata flags apply to
    every file; --url and --title need a single file.

    \b
    Example:
      factcheck ingest article.txt --publisher "Daily Example" --url https://example.org/a
      factcheck ingest archive/*.txt --kind press_release
      factcheck ingest --sample --json
    """
    from factcheck.text.reader import source_meta

    paths = _paths(files, sample=sample)
    if len(paths) > 1 and (url or title):
        raise click.UsageError("--url and --title describe one article: give a single FILE")
    meta = source_meta(
        kind=kind, title=title, url=url, publisher=publisher, author=author,
        published=published.date() if published else None,
    )
    store = app.store()
    with _reporter(len(paths), as_json=as_json) as report:
        from factcheck.store.ingest import ingest_files

        outcomes = ingest_files(store, paths, meta=meta, on_outcome=report)
    if as_json:
        emit_json([outcome.as_json() for outcome in outcomes])
    elif len(outcomes) > 1:
        click.echo(_summary(outcomes))
    if not all(outcome.ok for outcome in outcomes):
        sys.exit(1)


def _paths(files: tuple[str, ...], *, sample: bool) -> list[str]:
    if sample:
        from factcheck.resources import sample_article_path

        return [*files, str(sample_article_path())]
    if not files:
        raise click.UsageError("give at least one FILE (or --sample)")
    return list(files)


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
    return f"{len(outcomes)} files: {created} ingested, {already} already stored, {failed} failed"


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
