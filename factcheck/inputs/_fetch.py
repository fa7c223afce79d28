"""Fetch one web page with httpx: bounded in time, size, redirects and content type.

A fact-checker points the tool at pages they do not control, so every limit
is enforced here rather than trusted to the server: connect and read
timeouts plus an overall deadline, at most ``max_redirects`` redirects, a
content-type check before the body is read, and a size limit counted on the
*decompressed* body while it streams (the body is decoded here from
``iter_raw`` with output limits, so a gzip or brotli bomb stops at the limit
instead of filling memory). Nothing is retried: a failure is reported once,
with the URL and the reason, as an :class:`~factcheck.errors.InputError`.
"""

from __future__ import annotations

import datetime as dt
import time
import zlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol
from urllib.parse import urlsplit

from factcheck.errors import InputError

if TYPE_CHECKING:
    import httpx

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
"""Default limit on a page's decompressed size: far above any article page."""

_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_TEXT_TYPES = frozenset({"text/plain"})
_NAMED_TYPES = {
    "application/pdf": "a PDF",
    "application/json": "JSON",
    "application/ld+json": "JSON",
    "application/xml": "XML",
    "text/xml": "XML",
    "application/zip": "a ZIP archive",
    "application/octet-stream": "binary data",
}


def default_user_agent() -> str:
    """The User-Agent sent unless configured: names the tool, as sites ask robots to."""
    from factcheck._version import __version__

    return f"factcheck/{__version__} (newsroom fact-checking; +https://pypi.org/project/newsroom-factcheck/)"


@dataclass(frozen=True)
class FetchOptions:
    """Limits and identity for fetching pages; the defaults suit news sites."""

    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    total_timeout: float = 90.0
    max_bytes: int = DEFAULT_MAX_BYTES
    max_redirects: int = 5
    user_agent: str | None = None


@dataclass(frozen=True)
class FetchedPage:
    """The raw bytes of a page and what the server said about them."""

    requested_url: str
    final_url: str
    fetched_at: dt.datetime
    media_type: str
    charset: str | None
    body: bytes


def check_fetchable_url(url: str) -> str:
    """``url`` if it is an absolute http(s) URL with a host, else a one-line InputError."""
    if any(ch.isspace() for ch in url) or any(ord(ch) < 32 for ch in url):
        raise InputError(f"{url!r} is not a valid URL (it contains spaces or control characters)")
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - parsing the port is what validates it
    except ValueError as exc:
        raise InputError(f"{url} is not a valid URL ({exc})") from None
    if parts.scheme.lower() not in ("http", "https"):
        raise InputError(
            f"{url}: only http and https URLs can be fetched (not {parts.scheme or 'no'}:); "
            "save the page and give its file instead"
        )
    if not parts.hostname:
        fixed = f"{parts.scheme}://{url.partition(':')[2].lstrip('/')}"
        hint = f"; did you mean {fixed}?" if url.partition(":")[2].strip("/") else ""
        raise InputError(f"{url} is not a valid URL (no host name){hint}")
    return url


def fetch(url: str, *, options: FetchOptions | None = None) -> FetchedPage:
    """GET ``url`` within the limits of ``options``; any failure is one InputError."""
    import httpx

    options = options or FetchOptions()
    check_fetchable_url(url)
    deadline = time.monotonic() + options.total_timeout
    timeout = httpx.Timeout(
        connect=options.connect_timeout, read=options.read_timeout,
        write=options.read_timeout, pool=options.connect_timeout,
    )
    headers = {
        "User-Agent": options.user_agent or default_user_agent(),
        "Accept": "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.1",
        "Accept-Encoding": ", ".join(_supported_encodings()),
    }
    try:
        with httpx.Client(
            timeout=timeout, headers=headers, follow_redirects=True,
            max_redirects=options.max_redirects,
        ) as client, client.stream("GET", url) as response:
            return _read_response(response, url=url, options=options, deadline=deadline)
    except httpx.TooManyRedirects:
        raise InputError(
            f"{url}: more than {options.max_redirects} redirects (a redirect loop?)"
        ) from None
    except httpx.TimeoutException as exc:
        raise InputError(f"{url}: {_timeout_message(exc, options)}") from None
    except httpx.UnsupportedProtocol as exc:
        raise InputError(f"{url}: redirected to an unsupported URL ({exc})") from None
    except httpx.InvalidURL as exc:
        raise InputError(f"{url} is not a valid URL ({exc})") from None
    except httpx.HTTPError as exc:
        raise InputError(f"{url}: cannot fetch ({_first_line(exc)})") from None


def _read_response(
    response: httpx.Response, *, url: str, options: FetchOptions, deadline: float
) -> FetchedPage:
    if response.status_code >= 400:
        status = f"HTTP {response.status_code} {response.reason_phrase or ''}".rstrip()
        raise InputError(f"{url}: the server answered {status}")
    if response.status_code != 200:
        raise InputError(f"{url}: the server answered HTTP {response.status_code}, not a page")
    media_type, charset = _content_type(response.headers.get("content-type", ""))
    _check_media_type(media_type, url=url)
    declared = response.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > options.max_bytes and not (
        response.headers.get("content-encoding")
    ):
        raise InputError(_too_big(url, options.max_bytes))
    body = _read_body(response, url=url, options=options, deadline=deadline)
    return FetchedPage(
        requested_url=url,
        final_url=str(response.url),
        fetched_at=dt.datetime.now(dt.UTC),
        media_type=media_type,
        charset=charset,
        body=body,
    )


def _content_type(header: str) -> tuple[str, str | None]:
    """The media type (lower case) and the charset parameter of a Content-Type header."""
    media_type, _, params = header.partition(";")
    charset = None
    for param in params.split(";"):
        key, _, value = param.strip().partition("=")
        if key.strip().lower() == "charset" and value.strip():
            charset = value.strip().strip("\"'")
    return media_type.strip().lower(), charset


def _check_media_type(media_type: str, *, url: str) -> None:
    """Refuse anything but HTML or plain text, naming what it was (missing: sniff later)."""
    if not media_type or media_type in _HTML_TYPES or media_type in _TEXT_TYPES:
        return
    if media_type.startswith("image/"):
        what = "an image"
    elif media_type.startswith(("audio/", "video/")):
        what = "audio or video"
    else:
        what = _NAMED_TYPES.get(media_type, "a document that is not a web page")
    raise InputError(
        f"{url}: the server sent {what} ({media_type}), not an HTML page or plain text"
    )


class _Decoder(Protocol):
    def feed(self, data: bytes, limit: int) -> bytes: ...


def _read_body(
    response: httpx.Response, *, url: str, options: FetchOptions, deadline: float
) -> bytes:
    decoders = _decoders(response.headers.get("content-encoding", ""), url=url)
    parts: list[bytes] = []
    total = 0
    for raw in response.iter_raw():
        if time.monotonic() > deadline:
            raise InputError(
                f"{url}: timed out (the page took over {options.total_timeout:g} s to arrive)"
            )
        chunk = _decode_chunk(raw, decoders, limit=options.max_bytes - total + 1)
        total += len(chunk)
        if total > options.max_bytes:
            raise InputError(_too_big(url, options.max_bytes))
        parts.append(chunk)
    return b"".join(parts)


def _decode_chunk(raw: bytes, decoders: list[_Decoder], *, limit: int) -> bytes:
    """Undo the content encodings of one raw chunk, producing at most ``limit`` bytes."""
    data = raw
    for decoder in decoders:
        data = decoder.feed(data, limit)
        if len(data) >= limit:
            break
    return data


def _too_big(url: str, max_bytes: int) -> str:
    return (
        f"{url}: the page is over the {max_bytes / 1_048_576:g} MB limit "
        "(after decompression); raise it with --max-size if the page is genuine"
    )


def _supported_encodings() -> list[str]:
    encodings = ["gzip", "deflate"]
    try:
        import brotli  # type: ignore[import-untyped]  # noqa: F401
    except ImportError:
        return encodings
    return [*encodings, "br"]


def _decoders(header: str, *, url: str) -> list[_Decoder]:
    """Decoders for a Content-Encoding header, in the order to apply them (last first)."""
    decoders: list[_Decoder] = []
    for name in reversed([part.strip().lower() for part in header.split(",") if part.strip()]):
        if name in ("gzip", "x-gzip"):
            decoders.append(_ZlibDecoder(zlib.MAX_WBITS | 16))
        elif name == "deflate":
            decoders.append(_ZlibDecoder(zlib.MAX_WBITS))
        elif name == "br" and "br" in _supported_encodings():
            decoders.append(_BrotliDecoder())
        elif name != "identity":
            raise InputError(f"{url}: the server used an unsupported content encoding {name!r}")
    return decoders


class _ZlibDecoder:
    """gzip or deflate, never producing more than ``limit`` bytes per call."""

    def __init__(self, wbits: int) -> None:
        self._wbits = wbits
        self._zlib = zlib.decompressobj(wbits)
        self._started = False

    def feed(self, data: bytes, limit: int) -> bytes:
        try:
            return self._feed(data, limit)
        except zlib.error as exc:
            if not self._started and self._wbits == zlib.MAX_WBITS:
                # Some servers send raw deflate (no zlib header) as "deflate".
                self._zlib = zlib.decompressobj(-zlib.MAX_WBITS)
                self._wbits = -zlib.MAX_WBITS
                return self._feed(data, limit)
            raise InputError(f"the page's compressed body is corrupt ({exc})") from None

    def _feed(self, data: bytes, limit: int) -> bytes:
        # With max_length, output stops at ``limit``; the caller then refuses the page.
        out = self._zlib.decompress(data, max(limit, 1))
        self._started = True
        return out


class _BrotliDecoder:
    """brotli, never producing more than about ``limit`` bytes per call."""

    def __init__(self) -> None:
        import brotli

        self._brotli = brotli.Decompressor()

    def feed(self, data: bytes, limit: int) -> bytes:
        import brotli

        try:
            return bytes(self._brotli.process(data, output_buffer_limit=max(limit, 1)))
        except brotli.error as exc:
            raise InputError(f"the page's compressed body is corrupt ({exc})") from None


def _timeout_message(exc: Exception, options: FetchOptions) -> str:
    import httpx

    if isinstance(exc, httpx.ConnectTimeout):
        return f"timed out connecting (after {options.connect_timeout:g} s)"
    if isinstance(exc, httpx.ReadTimeout):
        return f"timed out waiting for the server (no data for {options.read_timeout:g} s)"
    return "timed out"


def _first_line(exc: Exception) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0]
