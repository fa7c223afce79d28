"""``factcheck extract``: split an article into attributed claims, no database."""

from __future__ import annotations

import datetime as dt
import sys
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from factcheck.inputs import LoadedArticle
    from factcheck.model import Extraction

from factcheck.cli._inputs import (
    SOURCE_KINDS,
    build_fetch_options,
    build_meta,
    fetch_options,
    meta_options,
)

__all__ = ["SOURCE_KINDS", "extract"]

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
@click.argument("source", metavar="URL|FILE|-")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["json", "table"]),
    default="json",
    show_default=True,
    help="JSON claim-set document, or a readable table.",
)
@click.option("--json", "as_json", is_flag=True, help="Same as --format json.")
@click.option(
    "--input-format", type=click.Choice(["text", "html"]),
    help="Read the input as plain text or as an HTML page (default: detected).",
)
@meta_options
@fetch_options
def extract(
    source: str,
    output_format: str,
    as_json: bool,
    input_format: str | None,
    url: str | None,
    title: str | None,
    publisher: str | None,
    author: str | None,
    published: dt.datetime | None,
    kind: str | None,
    user_agent: str | None,
    max_size: float,
    timeout: float,
) -> None:
    """Split an article into sentences, each tagged with who asserts it.

    The article is a web page URL (fetched; its main text and metadata are
    extracted), an HTML file, a plain-text file (paragraphs separated by line
    breaks), or - to read standard input; the kind is detected unless
    --input-format says. No database is used. The JSON output is a claim-set
    document of unreviewed claims (see `factcheck schema show claimset`) that
    `factcheck import` accepts; for a page it carries the page's URL, title,
    author, dates and provenance.

    \b
    Example:
      factcheck extract article.txt
      factcheck extract https://example.org/news/bridge-report --format table
      cat article.txt | factcheck extract - --date 2023-02-21
    """
    from factcheck.inputs import load_article
    from factcheck.text.extract import extract_article

    meta = build_meta(kind=kind, title=title, url=url, publisher=publisher, author=author,
                      published=published)
    loaded = load_article(
        source,
        input_format="html" if input_format == "html" else "text" if input_format else None,
        meta=meta,
        options=build_fetch_options(user_agent=user_agent, max_size=max_size, timeout=timeout),
    )
    extraction = extract_article(loaded.article)
    if as_json or output_format == "json":
        _print_json(extraction, loaded)
    else:
        _print_table(extraction)


def _print_json(extraction: Extraction, loaded: LoadedArticle) -> None:
    """The claim-set document (schemas/claimset.schema.json) that `factcheck import` reads."""
    import json

    from factcheck.exchange.document import extraction_document, provenance_document

    record = loaded.provenance
    provenance = provenance_document(
        input_format=record.input_format, fetched_url=record.final_url,
        fetched_at=record.fetched_at, raw_sha256=record.raw_sha256,
    )
    document = extraction_document(extraction, provenance=provenance)
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
            str(claim.ordinal + 1),  # sentences counted from 1, as in `claims show`
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
