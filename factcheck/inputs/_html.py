"""The article inside an HTML page: main text and metadata, via trafilatura.

trafilatura (with htmldate and courlan) already solves what a hand-written
extractor would get wrong for years: boilerplate removal (navigation, ads,
comments, related-links boxes, cookie banners), bylines, dates from JSON-LD,
Open Graph and visible text, canonical URLs. This module only decides the
text encoding, asks trafilatura for plain text with paragraphs kept, and maps
its metadata onto :class:`~factcheck.model.SourceMeta`. The text stored and
counted in offsets is the extracted text, normalised like any article text.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from factcheck.errors import InputError
from factcheck.model import Article, SourceMeta, check_url
from factcheck.text.reader import article_from_text, decode_text, merge_meta, normalize_text

HtmlElement = Any
"""lxml's element (lxml ships no type information)."""

MIN_WORDS = 8
"""Fewer extracted words than this is a page without an article (e.g. JavaScript-only)."""

_SHELL_WORDS = 40
_NEEDS_SCRIPT = re.compile(
    r"\b(?:enable|turn on|requires?|needs?)\b.{0,40}\bjavascript\b", re.I | re.S
)
"""A short text asking for JavaScript is an app shell's <noscript>, not an article."""

_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE
)
_LANGUAGE = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*")
_SNIFF_BYTES = 4096


def article_from_html(
    page: bytes,
    *,
    name: str,
    charset: str | None = None,
    url: str | None = None,
    meta: SourceMeta | None = None,
) -> Article:
    """The article in ``page``: extracted text and metadata, ``meta`` winning field by field.

    ``charset`` is the HTTP header's; without one the page's ``<meta charset>``
    decides, else UTF-8 (with the HTML standard's windows-1252 fallback when
    the bytes are not UTF-8). ``url`` is where the page was fetched from; the
    page's canonical URL, when it has one, wins as the source URL.
    """
    html = decode_html(page, name=name, charset=charset)
    tree = _parse(html, name=name)
    language = _language(tree)
    updated = _updated(tree)
    document = _extract(tree, url=url, name=name)
    text = _paragraphs(document.text or "")
    count = len(text.split())
    if count < MIN_WORDS or (count < _SHELL_WORDS and _NEEDS_SCRIPT.search(text)):
        raise InputError(
            f"{name}: no article text found in the page (it may be built by JavaScript, "
            "or be an index page); save the article's text and give that file instead"
        )
    found = _meta(document, url=url, language=language, updated=updated)
    article = article_from_text(text, meta=None, name=name)
    merged = merge_meta(meta, _fill(found, article.meta))
    return Article.model_construct(text=article.text, meta=merged, body_start=article.body_start)


def decode_html(page: bytes, *, name: str, charset: str | None) -> str:
    """The page as text: a BOM, else the header's charset, else ``<meta charset>``, else UTF-8."""
    declared = charset or _meta_charset(page[:_SNIFF_BYTES])
    if declared is not None:
        try:
            return decode_text(page, name=name, encoding=_codec(declared))
        except InputError as exc:
            if "not valid" in str(exc):
                raise InputError(
                    f"{name}: the page declares charset {declared!r} but is not "
                    f"{declared} ({str(exc).partition('(')[2].rstrip(')')}); "
                    "save it in the right encoding and give the file with --format html"
                ) from None
            raise
    try:
        return decode_text(page, name=name)
    except InputError:
        return decode_text(page, name=name, encoding="windows-1252")


def _codec(label: str) -> str:
    """Python's codec for a charset label; the web reads latin-1 as windows-1252."""
    label = label.strip().lower()
    return "windows-1252" if label in ("iso-8859-1", "latin1", "latin-1", "us-ascii") else label


def _meta_charset(head: bytes) -> str | None:
    match = _META_CHARSET.search(head)
    return match.group(1).decode("ascii") if match else None


def _quiet_loggers() -> None:
    """Keep trafilatura's and htmldate's log records off stderr (errors are ours to report).

    Without a handler, Python's last-resort handler prints their warnings,
    which would break the one-line error contract of the CLI.
    """
    import logging

    for name in ("trafilatura", "htmldate", "courlan", "justext"):
        logger = logging.getLogger(name)
        if not logger.handlers:
            logger.addHandler(logging.NullHandler())


def _parse(html: str, *, name: str) -> HtmlElement:
    from trafilatura import load_html

    _quiet_loggers()
    # lxml refuses str input carrying an XML encoding declaration; bytes of UTF-8 parse alike.
    try:
        tree = load_html(html.encode("utf-8"))
    except Exception as exc:  # lxml's parser errors on hostile markup: the page is unusable
        raise InputError(f"{name}: the page cannot be parsed as HTML ({exc})") from None
    if tree is None:
        raise InputError(f"{name}: not an HTML page that can be parsed")
    return tree


def _extract(tree: HtmlElement, *, url: str | None, name: str) -> Any:
    from trafilatura import bare_extraction

    try:
        document = bare_extraction(
            tree,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            include_images=False,
            include_links=False,
            deduplicate=False,
        )
    except (ValueError, TypeError, LookupError, RecursionError) as exc:
        # Raised from deep inside lxml/trafilatura on malformed pages; one line, not a traceback.
        problem = f"{type(exc).__name__}: {exc}"
        raise InputError(f"{name}: the page could not be read ({problem})") from None
    if document is None:
        return _Empty()
    return document


class _Empty:
    """What trafilatura's missing result reads as: no text, no metadata."""

    text = None
    title = author = url = sitename = date = None


def _paragraphs(text: str) -> str:
    """One paragraph per trafilatura block, separated by a blank line as in plain articles."""
    blocks = [block.strip() for block in normalize_text(text).split("\n")]
    return "\n\n".join(block for block in blocks if block) + "\n"


def _meta(
    document: Any, *, url: str | None, language: str | None, updated: dt.date | None
) -> SourceMeta:
    published = _date(document.date)
    return SourceMeta.model_construct(
        title=_clean(document.title),
        url=_url(document.url) or _url(url),
        publisher=_clean(document.sitename),
        author=_clean(document.author),
        published=published,
        updated=updated if updated and (published is None or updated > published) else None,
        language=language,
    )


def _fill(found: SourceMeta, from_text: SourceMeta) -> SourceMeta:
    """The page's metadata, completed by what the text itself shows (headline, dateline)."""
    update = {
        name: getattr(from_text, name)
        for name in ("title", "published")
        if getattr(found, name) is None and getattr(from_text, name) is not None
    }
    return found.model_copy(update=update) if update else found


def _clean(value: str | None) -> str | None:
    if value is None:
        return None
    value = normalize_text(" ".join(value.split()))
    return value or None


def _url(value: str | None) -> str | None:
    if not value:
        return None
    try:
        return check_url(value)
    except ValueError:
        return None


def _date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _language(tree: HtmlElement) -> str | None:
    """The page's declared language (``<html lang>``, else Open Graph's locale), BCP 47."""
    candidates = [tree.get("lang"), tree.get("{http://www.w3.org/XML/1998/namespace}lang")]
    for element in tree.iterfind(".//meta[@property='og:locale']"):
        candidates.append(element.get("content"))
    for element in tree.iterfind(".//meta[@http-equiv]"):
        if (element.get("http-equiv") or "").lower() == "content-language":
            candidates.append(element.get("content"))
    for candidate in candidates:
        value = (candidate or "").strip().replace("_", "-")
        if _LANGUAGE.fullmatch(value):
            return value
    return None


def _updated(tree: HtmlElement) -> dt.date | None:
    """The last-modified date the page declares (htmldate's metadata search, no guessing)."""
    from htmldate import find_date

    try:
        found = find_date(tree, original_date=False, extensive_search=False)
    except Exception:  # htmldate raises assorted errors on odd markup; a date is optional
        return None
    return _date(found)
