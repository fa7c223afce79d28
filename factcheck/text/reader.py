"""Read an article file into an :class:`~factcheck.model.Article`.

The article's ``text`` is the file decoded as UTF-8 with universal newlines
(``\\r\\n`` and ``\\r`` read as ``\\n``, exactly as Python's ``open()`` reads
text), and every offset the extractor reports refers to it. Nothing else is
changed: no whitespace folding, no Unicode normalisation, so a reviewer can
find each claim in the file.

The sample corpus starts with a header ``" date YYYY-MM-DD "`` on the first
line, followed on the same line by the body. The header gives the published
date and is not part of any claim; ``Article.body_start`` points after it.
Metadata passed in explicitly wins over the header.

Every way a file can be unusable (missing, a directory, too large, binary,
not UTF-8, empty) is one :class:`~factcheck.errors.InputError` with a single
line naming the file and the problem. The size is checked before reading, so
a stray multi-gigabyte file costs nothing.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from factcheck.errors import InputError
from factcheck.model import Article, SourceMeta

MAX_BYTES = 50 * 1024 * 1024
"""Default size limit: far above any article, low enough to refuse a mistake fast."""

_HEADER = re.compile(r"\A\ufeff?[ \t]*date[ \t]+(\d{4}-\d{2}-\d{2})(?:[ \t]+|(?=\n)|\Z)")
_HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
_HTML_SNIFF = re.compile(r"\A\ufeff?\s*(?:<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>])", re.I)
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def read_article(
    path: str | Path, *, meta: SourceMeta | None = None, max_bytes: int = MAX_BYTES
) -> Article:
    """Read ``path`` as an article; ``meta`` fields that are set win over the header."""
    file = Path(path)
    data = _read_bytes(file, max_bytes=max_bytes)
    text = _decode(file, data)
    if file.suffix.lower() in _HTML_SUFFIXES or _HTML_SNIFF.match(text[:2048]):
        raise InputError(
            f"{file} looks like HTML; save the article as plain text "
            "(paragraphs separated by line breaks) and run again"
        )
    return _article(text, meta=meta, name=str(file))


def read_text(text: str, *, meta: SourceMeta | None = None) -> Article:
    """Make an article from text already in memory (library use); same rules as files."""
    if "\x00" in text:
        raise InputError(f"text contains a NUL character at offset {text.index(chr(0))}")
    if match := _LONE_SURROGATE.search(text):
        raise InputError(
            f"text contains a lone surrogate at offset {match.start()} (not valid Unicode)"
        )
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _article(text, meta=meta, name="text")


def _read_bytes(file: Path, *, max_bytes: int) -> bytes:
    try:
        size = file.stat().st_size
    except FileNotFoundError:
        raise InputError(f"{file}: no such file") from None
    except OSError as exc:
        raise InputError(f"{file}: cannot read ({exc.strerror or exc})") from None
    if file.is_dir():
        raise InputError(f"{file} is a directory; give an article file")
    if size > max_bytes:
        raise InputError(
            f"{file} is {size / 1_048_576:.1f} MB, over the {max_bytes / 1_048_576:.0f} MB "
            "limit for one article; split it into articles"
        )
    try:
        return file.read_bytes()
    except OSError as exc:
        raise InputError(f"{file}: cannot read ({exc.strerror or exc})") from None


def _decode(file: Path, data: bytes) -> str:
    nul = data.find(b"\x00")
    if nul >= 0:
        raise InputError(
            f"{file} is a binary file (NUL byte at byte offset {nul}), not article text"
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{file} is not valid UTF-8 (bad byte 0x{data[exc.start]:02x} at byte offset "
            f"{exc.start}); convert it, e.g. `iconv -f latin1 -t utf-8`"
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _article(text: str, *, meta: SourceMeta | None, name: str) -> Article:
    if not text.strip():
        raise InputError(f"{name} is empty (no text to extract claims from)")
    header = _HEADER.match(text)
    explicit = meta is not None and meta.published is not None
    published = _header_date(header, name) if header and not explicit else None
    body_start = header.end() if header else 0
    if not text[body_start:].strip():
        raise InputError(f"{name} has a header but no article text")
    merged = _merge_meta(meta, published)
    # Inputs are checked above (no NUL, no lone surrogate), so skip re-validation.
    return Article.model_construct(text=text, meta=merged, body_start=body_start)


def _header_date(header: re.Match[str], name: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(header.group(1))
    except ValueError:
        raise InputError(
            f"{name}: header date {header.group(1)} is not a valid date; fix the header"
        ) from None


def _merge_meta(meta: SourceMeta | None, published: dt.date | None) -> SourceMeta:
    if meta is None:
        return SourceMeta(published=published)
    if meta.published is None and published is not None:
        return meta.model_copy(update={"published": published})
    return meta


def read_bytes(
    data: bytes,
    *,
    meta: SourceMeta | None = None,
    name: str = "<stdin>",
    max_bytes: int = MAX_BYTES,
) -> Article:
    """Make an article from raw bytes (standard input, an upload); same checks as a file."""
    if len(data) > max_bytes:
        raise InputError(
            f"{name} is over the {max_bytes / 1_048_576:.0f} MB limit for one article; "
            "split it into articles"
        )
    text = _decode(Path(name), data)
    if _HTML_SNIFF.match(text[:2048]):
        raise InputError(f"{name} looks like HTML; give the article as plain text")
    return _article(text, meta=meta, name=name)


def source_meta(
    *,
    kind: str | None = None,
    title: str | None = None,
    url: str | None = None,
    publisher: str | None = None,
    author: str | None = None,
    published: dt.date | None = None,
) -> SourceMeta | None:
    """Metadata from user-given values (CLI flags), or None when none is given.

    Raises InputError naming the offending field, e.g. a URL that is not http(s).
    """
    from pydantic import ValidationError

    given: dict[str, object] = {
        "kind": kind,
        "title": title,
        "url": url,
        "publisher": publisher,
        "author": author,
        "published": published,
    }
    given = {key: value for key, value in given.items() if value is not None}
    if not given:
        return None
    try:
        return SourceMeta.model_validate(given)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(part) for part in first.get("loc", ())) or "metadata"
        raise InputError(f"--{field}: {first.get('msg')}") from None
