"""Options shared by `extract` and `ingest`: how inputs are read and what they are.

Kept free of heavy imports (loaded for ``factcheck --help``): the fetch
options are turned into :class:`factcheck.inputs.FetchOptions` only when a
command runs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import click

if TYPE_CHECKING:
    from factcheck.inputs import FetchOptions
    from factcheck.model import SourceMeta

F = TypeVar("F", bound=Callable[..., Any])

# The values of factcheck.model.SourceKind, repeated so `--help` needs no
# pydantic import; tests/test_ingest_cli.py checks they agree.
SOURCE_KINDS = ("news_article", "press_release", "social_post", "transcript", "report", "other")
DEFAULT_MAX_MB = 20


def fetch_options(command: F) -> F:
    """--user-agent, --max-size and --timeout: the limits for reading inputs."""
    for option in reversed(
        [
            click.option(
                "--user-agent", envvar="FACTCHECK_USER_AGENT", metavar="TEXT",
                help="User-Agent sent when fetching URLs (env FACTCHECK_USER_AGENT).",
            ),
            click.option(
                "--max-size", type=click.FloatRange(min=0.001), default=DEFAULT_MAX_MB,
                show_default=True, metavar="MB",
                help="Refuse a fetched page over this size (after decompression).",
            ),
            click.option(
                "--timeout", type=click.FloatRange(min=0.1), default=30.0, show_default=True,
                metavar="SECONDS", help="Connect and read timeout for each URL.",
            ),
        ]
    ):
        command = option(command)
    return command


def meta_options(command: F) -> F:
    """--title --date --author --publisher --url --kind: what the input is, overriding the page."""
    for option in reversed(
        [
            click.option("--url", help="Where it was published (wins over the page's own URL)."),
            click.option("--title", help="The headline (wins over the extracted one)."),
            click.option("--publisher", help="The outlet, e.g. 'Daily Example'."),
            click.option("--author", help="The byline."),
            click.option(
                "--date", "--published", "published",
                type=click.DateTime(formats=["%Y-%m-%d"]), metavar="YYYY-MM-DD",
                help="Publication date (wins over the page's date or a ' date' header).",
            ),
            click.option("--kind", type=click.Choice(SOURCE_KINDS),
                         help="What sort of document it is."),
        ]
    ):
        command = option(command)
    return command


def build_meta(
    *, kind: str | None, title: str | None, url: str | None, publisher: str | None,
    author: str | None, published: dt.datetime | None,
) -> SourceMeta | None:
    """The metadata flags as a SourceMeta (None when no flag is given)."""
    from factcheck.text.reader import source_meta

    return source_meta(
        kind=kind, title=title, url=url, publisher=publisher, author=author,
        published=published.date() if published else None,
    )


def build_fetch_options(
    *, user_agent: str | None, max_size: float, timeout: float
) -> FetchOptions:
    from factcheck.inputs import FetchOptions

    return FetchOptions(
        connect_timeout=timeout, read_timeout=timeout, total_timeout=max(90.0, 3 * timeout),
        max_bytes=int(max_size * 1024 * 1024), user_agent=user_agent,
    )


def read_list(path: str) -> list[str]:
    """The inputs named in a list file: one per line, blank lines and ``#`` comments skipped."""
    from factcheck.errors import InputError
    from factcheck.text.reader import decode_text, read_file_bytes, read_stream

    if path == "-":
        import sys

        data = read_stream(sys.stdin.buffer, max_bytes=10 * 1024 * 1024, name="<stdin>")
    else:
        from pathlib import Path

        data = read_file_bytes(Path(path), max_bytes=10 * 1024 * 1024)
    items = [line.strip() for line in decode_text(data, name=path).split("\n")]
    items = [item for item in items if item and not item.startswith("#")]
    if not items:
        raise InputError(f"{path} lists no inputs (one URL or file per line, # for comments)")
    return items
