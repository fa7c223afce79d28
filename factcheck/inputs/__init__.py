"""Where articles come from: a URL, an HTML file, a plain-text file, or standard input.

:func:`load_article` turns any of them into an :class:`~factcheck.model.Article`
for the extractor, plus the :class:`Provenance` a fact-check must be able to
show later: the raw bytes' sha256, the final URL after redirects and the
fetch time (and, when asked, the raw page itself). Web pages are fetched with
httpx (:mod:`factcheck.inputs._fetch`, every limit enforced) and reduced to
their main text and metadata with trafilatura (:mod:`factcheck.inputs._html`).
Both are imported only when a page is read, so the CLI starts fast.

No database here: :mod:`factcheck.store.ingest` stores what this returns.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Literal

from factcheck.inputs._fetch import (
    DEFAULT_MAX_BYTES,
    FetchedPage,
    FetchOptions,
    check_fetchable_url,
    default_user_agent,
    fetch,
)
from factcheck.model import HASH_PREFIX, Article, SourceMeta

__all__ = [
    "DEFAULT_MAX_BYTES",
    "FetchOptions",
    "FetchedPage",
    "InputFormat",
    "LoadedArticle",
    "Provenance",
    "default_user_agent",
    "detect_kind",
    "fetch",
    "is_url",
    "load_article",
]

InputFormat = Literal["text", "html"]

_HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".shtml"})
# Anything shaped like "scheme:" + "//" (or a known scheme with a lost slash,
# "https:/example.org") is meant as a URL, never as a file name.
_URL_LIKE = re.compile(r"\A(?:[A-Za-z][A-Za-z0-9+.-]*://|(?:https?|ftp|file):)", re.I)


@dataclass(frozen=True)
class Provenance:
    """Where an article's text came from, kept with the source for later checks."""

    input_format: InputFormat
    raw_sha256: str
    final_url: str | None = None
    fetched_at: dt.datetime | None = None
    raw: bytes | None = None


@dataclass(frozen=True)
class LoadedArticle:
    """An article ready for extraction, and its provenance."""

    article: Article
    provenance: Provenance


def is_url(argument: str) -> bool:
    """Whether a command-line argument is meant as a URL (any scheme) rather than a path."""
    return _URL_LIKE.match(argument) is not None


def detect_kind(argument: str) -> Literal["url", "stdin", "file"]:
    """How ``argument`` is read: ``-`` is standard input, a URL is fetched, else a file."""
    if argument == "-":
        return "stdin"
    return "url" if is_url(argument) else "file"


def load_article(
    source: str | Path,
    *,
    input_format: InputFormat | None = None,
    meta: SourceMeta | None = None,
    options: FetchOptions | None = None,
    keep_raw: bool = False,
    stdin: BinaryIO | None = None,
) -> LoadedArticle:
    """Read a URL, an HTML or text file, or ``"-"`` (standard input) as an article.

    The format is detected from the argument (URL, file suffix) and the
    content (an HTML doctype or tag, the server's content type), unless
    ``input_format`` says. ``meta`` fields that are set win over what the page
    or text declares. ``keep_raw`` keeps the raw bytes in the provenance.
    Every failure is one :class:`~factcheck.errors.InputError` line naming
    the input.
    """
    options = options or FetchOptions()
    argument = str(source)
    kind = detect_kind(argument) if isinstance(source, str) else "file"
    if kind == "url":
        return _from_url(argument, input_format=input_format, meta=meta, options=options,
                         keep_raw=keep_raw)
    if kind == "stdin":
        from factcheck.text.reader import MAX_BYTES, read_stream

        stream = stdin if stdin is not None else sys.stdin.buffer
        data = read_stream(stream, max_bytes=max(MAX_BYTES, options.max_bytes), name="<stdin>")
        return _from_bytes(data, name="<stdin>", input_format=input_format, meta=meta,
                           keep_raw=keep_raw)
    from factcheck.text.reader import MAX_BYTES, read_file_bytes

    path = Path(argument)
    data = read_file_bytes(path, max_bytes=max(MAX_BYTES, options.max_bytes))
    if input_format is None and path.suffix.lower() in _HTML_SUFFIXES:
        input_format = "html"
    return _from_bytes(data, name=argument, input_format=input_format, meta=meta,
                       keep_raw=keep_raw)


def _from_url(
    url: str, *, input_format: InputFormat | None, meta: SourceMeta | None,
    options: FetchOptions, keep_raw: bool,
) -> LoadedArticle:
    check_fetchable_url(url)
    page = fetch(url, options=options)
    if input_format is None and page.media_type == "text/plain":
        input_format = "text"
    elif input_format is None and page.media_type:
        input_format = "html"
    loaded = _from_bytes(page.body, name=url, input_format=input_format, meta=meta,
                         keep_raw=keep_raw, charset=page.charset, url=page.final_url)
    provenance = Provenance(
        input_format=loaded.provenance.input_format,
        raw_sha256=loaded.provenance.raw_sha256,
        final_url=page.final_url,
        fetched_at=page.fetched_at,
        raw=loaded.provenance.raw,
    )
    return LoadedArticle(loaded.article, provenance)


def _from_bytes(
    data: bytes, *, name: str, input_format: InputFormat | None, meta: SourceMeta | None,
    keep_raw: bool, charset: str | None = None, url: str | None = None,
) -> LoadedArticle:
    from factcheck.text.reader import article_from_text, decode_text, looks_like_html, merge_meta

    if input_format == "html":
        article = _html_article(data, name=name, charset=charset, url=url, meta=meta)
    else:
        text = decode_text(data, name=name, encoding=charset)
        if input_format is None and looks_like_html(text):
            input_format = "html"
            article = _html_article(data, name=name, charset=charset, url=url, meta=meta)
        else:
            input_format = "text"
            given = merge_meta(meta, SourceMeta.model_construct(url=url)) if url else meta
            article = article_from_text(text, meta=given, name=name)
    digest = HASH_PREFIX + hashlib.sha256(data).hexdigest()
    provenance = Provenance(input_format=input_format, raw_sha256=digest,
                            raw=data if keep_raw else None)
    return LoadedArticle(article, provenance)


def _html_article(
    data: bytes, *, name: str, charset: str | None, url: str | None, meta: SourceMeta | None
) -> Article:
    from factcheck.inputs._html import article_from_html

    return article_from_html(data, name=name, charset=charset, url=url, meta=meta)
