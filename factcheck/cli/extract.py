"""``factcheck extract``: split an article into attributed claims, no database."""

from __future__ import annotations

import datetime as dt
import sys
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from factcheck.model import Extraction

# The values of factcheck.model.SourceKind, repeated so `--help` needs no
# pydantic import; tests/test_extract_cli.py checks they agree.
SOURCE_KINDS = ("news_article", "press_release", "social_post", "transcript", "report", "other")

KIND_STYLES = {
    "reporter_assertion": "white",
    "direct_quote": "green",
    "indirect_quote": "cyan",
    "press_release": "magenta",
    "unnamed_source": "yellow",
    "alleged": "red",
    "not_a_claim": "dim",
}


@click.command(name="extract")
@click.argument("file", type=click.Path(dir_okay=True, allow_dash=True))
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["json", "table"]),
    default="json",
    show_default=True,
    help="JSON claim-set document, or a readable table.",
)
@click.option("--json", "as_json", is_flag=True, help="Same as --format json.")
@click.option("--url", help="Where the article was published (http or https).")
@click.option("--title", help="The article's headline.")
@click.option("--publisher", help="The outlet, e.g. 'Daily Example'.")
@click.option("--author", help="The byline.")
@click.option(
    "--published",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    metavar="YYYY-MM-DD",
    help="Publication date (wins over a ' date YYYY-MM-DD' header).",
)
@click.option("--kind", type=click.Choice(SOURCE_KINDS), help="What sort of document it is.")
def extract(
    file: str,
    output_format: str,
    as_json: bool,
    url: str | None,
    title: str | None,
    publisher: str | None,
    author: str | None,
    published: dt.datetime | None,
    kind: str | None,
) -> None:
    """Split an article into sentences, each tagged with who asserts it.

    FILE is a UTF-8 text file (paragraphs separated by line breaks), or - to
    read standard input. No database is used. The JSON output is a claim-set
    document of unreviewed claims (see `factcheck schema show claimset`) that
    `factcheck import` accepts.

    \b
    Example:
      factcheck extract article.txt
      factcheck extract article.txt --format table
      cat article.txt | factcheck extract - --published 2023-02-21
    """
    from factcheck.text.extract import extract_article
    from factcheck.text.reader import read_article, read_bytes, source_meta

    meta = source_meta(
        kind=kind,
        title=title,
        url=url,
        publisher=publisher,
        author=author,
        published=published.date() if published else None,
    )
    if file == "-":
        article = read_bytes(sys.stdin.buffer.read(), meta=meta, name="<stdin>")
    else:
        article = read_article(file, meta=meta)
    extraction = extract_article(article)
    if as_json or output_format == "json":
        _print_json(extraction)
    else:
        _print_table(extraction)


def _print_json(extraction: Extraction) -> None:
    """The claim-set document (schemas/claimset.schema.json) that `factcheck import` reads."""
    import json

    from factcheck.exchange.document import extraction_document

    document = extraction_document(extraction)
    click.echo(json.dumps(document, indent=2, ensure_ascii=False))


def _print_table(extraction: Extraction) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console() if sys.stdout.isatty() else Console(width=120)
    table = Table(show_lines=False, header_style="bold", expand=True)
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("kind", no_wrap=True)
    table.add_column("speaker", max_width=30)
    table.add_column("sentence", ratio=1)
    for claim in extraction.claims:
        kind = str(claim.attribution.kind.value)
        table.add_row(
            str(claim.ordinal),
            f"[{KIND_STYLES[kind]}]{kind}[/]",
            _speaker_cell(claim.attribution),
            claim.text,
        )
    console.print(table)
    counts: dict[str, int] = {}
    for claim in extraction.claims:
        counts[claim.attribution.kind.value] = counts.get(claim.attribution.kind.value, 0) + 1
    summary = ", ".join(f"{count} {kind}" for kind, count in sorted(counts.items()))
    console.print(f"{len(extraction.claims)} sentences: {summary}", style="dim", highlight=False)


def _speaker_cell(attribution: Any) -> str:
    from rich.markup import escape

    speaker = escape(attribution.speaker or "")
    if attribution.speaker_title:
        speaker += f" [dim]({escape(attribution.speaker_title)})[/]"
    return speaker
