"""Read an article file into an :class:`~factcheck.model.Article`.

The article's ``text`` is the file decoded (UTF-8, or UTF-16/UTF-32 when the
file starts with their byte-order mark) with these changes, all made before
any offset is counted, so copies of one article are one source with the same
offsets:

- a leading byte-order mark is dropped;
- line endings are folded (``\\r\\n`` and ``\\r`` read as ``\\n``, exactly as
  Python's ``open()`` reads text);
- Unicode is normalised to NFC (an NFD copy, as macOS file names and some
  editors produce, has the same text and offsets).

Nothing else is changed: no whitespace folding, so a reviewer can find each
claim in the file.

The sample corpus starts with a header ``" date YYYY-MM-DD "`` on the first
line, followed on the same line by the body. The header gives the published
date and is not part of any claim; ``Article.body_start`` points after it.
Without a header, a dateline near the top ("Wednesday, April 13, 2011") gives
the date, and a short first line without final punctuation is the headline.
Metadata passed in explicitly wins over both.

Every way a file can be unusable (missing, a directory, a device or pipe, too
large, binary, not decodable, empty) is one :class:`~factcheck.errors.InputError`
with a single line naming the file and the problem. Files are read in chunks
up to the size limit, so ``/dev/zero`` or a stray multi-gigabyte file costs
nothing.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import stat
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

from factcheck.errors import InputError
from factcheck.model import Article, SourceMeta

MAX_BYTES = 50 * 1024 * 1024
"""Default size limit: far above any article, low enough to refuse a mistake fast."""

_CHUNK = 1024 * 1024
_HEADER = re.compile(r"\A\ufeff?[ \t]*date[ \t]+(\d{4}-\d{2}-\d{2})(?:[ \t]+|(?=\n)|\Z)")
_HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
_HTML_SNIFF = re.compile(r"\A\ufeff?\s*(?:<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>])", re.I)
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
# Longest byte-order marks first: the UTF-32-LE mark starts with the UTF-16-LE one.
_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)

HEADLINE_MAX_CHARS = 160
"""A first line longer than this is a paragraph, not a headline."""

_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december"
    "|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
_WEEKDAY = r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?"
_DAY = r"(?P<day>\d{1,2})"
_YEAR = r"(?P<year>\d{4})"
_DATELINES = (
    # "Wednesday, April 13, 2011" / "April 13, 2011"
    re.compile(rf"{_WEEKDAY}(?P<month>{_MONTHS})\.?\s+{_DAY},?\s+{_YEAR}", re.I),
    # "Wednesday 13 April 2011" / "13 April 2011"
    re.compile(rf"{_WEEKDAY}{_DAY}\s+(?P<month>{_MONTHS})\.?,?\s+{_YEAR}", re.I),
    # "2011-04-13"
    re.compile(r"(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})"),
)
_DATELINE_LOOKAHEAD = 3
"""A dateline is one of the first few non-empty lines, never deeper in the body."""


def read_article(
    path: str | Path, *, meta: SourceMeta | None = None, max_bytes: int = MAX_BYTES
) -> Article:
    """Read ``path`` as an article; ``meta`` fields that are set win over the file's own."""
    file = Path(path)
    data = read_file_bytes(file, max_bytes=max_bytes)
    text = decode_text(data, name=str(file))
    if file.suffix.lower() in _HTML_SUFFIXES or looks_like_html(text):
        raise InputError(
            f"{file} looks like HTML; read it with `factcheck ingest` or "
            "factcheck.load_article(), which extract the article from the page"
        )
    return article_from_text(text, meta=meta, name=str(file))


def read_text(text: str, *, meta: SourceMeta | None = None) -> Article:
    """Make an article from text already in memory (library use).

    Unlike files, the text is not normalised (no BOM removal, no NFC) so
    offsets index the caller's string; pass it through :func:`normalize_text`
    first to get the offsets a file copy of it would have.
    """
    if "\x00" in text:
        raise InputError(f"text contains a NUL character at offset {text.index(chr(0))}")
    if match := _LONE_SURROGATE.search(text):
        raise InputError(
            f"text contains a lone surrogate at offset {match.start()} (not valid Unicode)"
        )
    # In-memory text is taken as given (only line endings folded, as before), so
    # offsets index the caller's own string; files, stdin and pages are normalised.
    return article_from_text(
        text.replace("\r\n", "\n").replace("\r", "\n"), meta=meta, name="text"
    )


def read_bytes(
    data: bytes,
    *,
    meta: SourceMeta | None = None,
    name: str = "<stdin>",
    max_bytes: int = MAX_BYTES,
) -> Article:
    """Make an article from raw bytes (standard input, an upload); same checks as a file."""
    if len(data) > max_bytes:
        raise InputError(f"{name} is over the {_mb(max_bytes)} MB limit for one article; "
                         "split it into articles")
    text = decode_text(data, name=name)
    if looks_like_html(text):
        raise InputError(f"{name} looks like HTML; give the article as plain text")
    return article_from_text(text, meta=meta, name=name)


def looks_like_html(text: str) -> bool:
    """Whether decoded text starts like an HTML document (a doctype or an html/head/body tag)."""
    return _HTML_SNIFF.match(text[:2048]) is not None


def read_file_bytes(file: Path, *, max_bytes: int = MAX_BYTES) -> bytes:
    """A regular file's bytes, read in chunks and refused once over ``max_bytes``.

    Devices, pipes and sockets are refused before reading: ``/dev/zero`` or a
    FIFO would otherwise be read without end (standard input is read with
    :func:`read_stream` instead).
    """
    try:
        with open(file, "rb") as handle:
            mode = os.fstat(handle.fileno()).st_mode
            if stat.S_ISDIR(mode):
                raise InputError(f"{file} is a directory; give an article file")
            if not stat.S_ISREG(mode):
                raise InputError(
                    f"{file} is not a regular file (a device, pipe or socket); "
                    "give an article file, or - to read standard input"
                )
            return read_stream(handle, max_bytes=max_bytes, name=str(file))
    except FileNotFoundError:
        raise InputError(f"{file}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{file} is a directory; give an article file") from None
    except OSError as exc:
        raise InputError(f"{file}: cannot read ({exc.strerror or exc})") from None


def read_stream(stream: BinaryIO, *, max_bytes: int = MAX_BYTES, name: str = "<stdin>") -> bytes:
    """Read a byte stream to its end, refusing it as soon as it passes ``max_bytes``."""
    return join_limited(iter(lambda: stream.read(_CHUNK), b""), max_bytes=max_bytes, name=name)


def join_limited(chunks: Iterable[bytes], *, max_bytes: int, name: str) -> bytes:
    """Concatenate ``chunks``, stopping with an InputError once past ``max_bytes``."""
    parts: list[bytes] = []
    total = 0
    for chunk in chunks:
        total += len(chunk)
        if total > max_bytes:
            raise InputError(f"{name} is over the {_mb(max_bytes)} MB limit for one article; "
                             "split it into articles")
        parts.append(chunk)
    return b"".join(parts)


def decode_text(data: bytes, *, name: str, encoding: str | None = None) -> str:
    """Decode article bytes and normalise them (BOM, newlines, NFC) before offsets count.

    A byte-order mark decides the encoding (UTF-8, UTF-16 or UTF-32, dropped
    from the text); else ``encoding`` (e.g. an HTTP charset), else UTF-8.
    """
    for bom, bom_encoding in _BOMS:
        if data.startswith(bom):
            data, encoding = data[len(bom) :], bom_encoding
            break
    codec = encoding or "utf-8"
    if not codec.lower().startswith(("utf-16", "utf-32")):
        nul = data.find(b"\x00")
        if nul >= 0:
            raise InputError(
                f"{name} is a binary file (NUL byte at byte offset {nul}), not article text"
            )
    try:
        text = data.decode(codec)
    except LookupError:
        raise InputError(f"{name}: unknown character encoding {codec!r}") from None
    except UnicodeDecodeError as exc:
        hint = "; convert it, e.g. `iconv -f latin1 -t utf-8`" if codec == "utf-8" else ""
        raise InputError(
            f"{name} is not valid {_codec_label(codec)} (bad byte 0x{data[exc.start]:02x} "
            f"at byte offset {exc.start}){hint}"
        ) from None
    if "\x00" in text:
        raise InputError(f"{name} is a binary file (NUL character at offset "
                         f"{text.index(chr(0))}), not article text")
    return normalize_text(text)


def normalize_text(text: str) -> str:
    """Drop a leading BOM, fold line endings, NFC: copies differing only so read the same."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if text.isascii():
        return text
    return unicodedata.normalize("NFC", text)


def _codec_label(codec: str) -> str:
    return "UTF-8" if codec.lower() in ("utf-8", "utf8") else codec


def _mb(size: int) -> str:
    return f"{size / 1_048_576:.0f}"


def article_from_text(text: str, *, meta: SourceMeta | None, name: str) -> Article:
    """An Article from normalised text: date header, headline and dateline as metadata."""
    if not text.strip():
        raise InputError(f"{name} is empty (no text to extract claims from)")
    header = _HEADER.match(text)
    explicit = meta is not None and meta.published is not None
    published = _header_date(header, name) if header and not explicit else None
    body_start = header.end() if header else 0
    if not text[body_start:].strip():
        raise InputError(f"{name} has a header but no article text")
    found = _found_meta(text, body_start=body_start, published=published, dated=bool(header))
    merged = merge_meta(meta, found)
    # Inputs are checked above (no NUL, no lone surrogate), so skip re-validation.
    return Article.model_construct(text=text, meta=merged, body_start=body_start)


def _found_meta(
    text: str, *, body_start: int, published: dt.date | None, dated: bool
) -> SourceMeta:
    lines = [line.strip() for line in text[body_start : body_start + 4096].split("\n")]
    lines = [line for line in lines if line][:_DATELINE_LOOKAHEAD]
    title = headline(lines[0]) if lines else None
    if published is None and not dated:
        published = next((d for line in lines if (d := dateline(line)) is not None), None)
    return SourceMeta.model_construct(title=title, published=published)


def headline(line: str) -> str | None:
    """``line`` if it reads as a headline: short, and no final sentence punctuation.

    News copy puts the headline alone on the first line and never ends it with
    a full stop; a first line that ends like a sentence is the lede.
    """
    line = line.strip()
    bare = line.rstrip("\"'”’»)]")
    if not bare or len(line) > HEADLINE_MAX_CHARS or bare[-1] in ".!?:;,":
        return None
    if dateline(line) is not None:
        return None
    return line


def dateline(line: str) -> dt.date | None:
    """The date of a line that is only a date ("Wednesday, April 13, 2011"), else None."""
    line = line.strip().rstrip(".")
    for pattern in _DATELINES:
        match = pattern.fullmatch(line)
        if match is None:
            continue
        month = match["month"]
        number = int(month) if month.isdigit() else _month_number(month)
        try:
            return dt.date(int(match["year"]), number, int(match["day"]))
        except ValueError:
            return None
    return None


def _month_number(name: str) -> int:
    names = _MONTHS.split("|")
    index = names.index(name.lower())
    return index + 1 if index < 12 else [1, 2, 3, 4, 6, 7, 8, 9, 9, 10, 11, 12][index - 12]


def _header_date(header: re.Match[str], name: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(header.group(1))
    except ValueError:
        raise InputError(
            f"{name}: header date {header.group(1)} is not a valid date; fix the header"
        ) from None


def merge_meta(given: SourceMeta | None, found: SourceMeta) -> SourceMeta:
    """``found`` metadata with every field ``given`` sets winning over it."""
    if given is None:
        return found
    update = {
        name: value
        for name, value in given.__dict__.items()
        if value is not None and name in given.model_fields_set
    }
    return found.model_copy(update=update)
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
