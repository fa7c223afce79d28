"""Reading web pages: a local HTTP server serves realistic pages and every bad answer.

The server (pytest-httpserver) listens on 127.0.0.1 only; nothing leaves the
machine. Good pages are checked through the library (what text and metadata
come out); bad inputs through the CLI (one line, exit 1, database unchanged).
"""

from __future__ import annotations

import datetime as dt
import functools
import gzip
import json
import threading
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from _pages import (
    BOILERPLATE_WORDS,
    NEWS_PARAGRAPHS,
    amp_page,
    js_only_page,
    jsonld_page,
    news_page,
    wikinews_page,
)
from _storage_helpers import row_counts
from click.testing import CliRunner, Result
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from factcheck.cli.main import cli
from factcheck.errors import InputError
from factcheck.inputs import FetchOptions, load_article
from factcheck.text.extract import extract_article
from factcheck.text.reader import read_article

HTML = "text/html; charset=utf-8"


@pytest.fixture(scope="session")
def httpserver_listen_address() -> tuple[str, int]:
    return ("127.0.0.1", 0)


def serve(server: HTTPServer, path: str, body: str | bytes, **kwargs: object) -> str:
    headers = kwargs.pop("headers", None)
    content_type = kwargs.pop("content_type", HTML)
    server.expect_request(path).respond_with_data(
        body, content_type=content_type, headers=headers, **kwargs  # type: ignore[arg-type]
    )
    return server.url_for(path)


def words(text: str) -> str:
    return " ".join(text.split())


# --- good pages: main text and metadata ----------------------------------------------


def test_news_page_keeps_the_story_and_drops_nav_ads_comments_related_and_cookies(
    httpserver: HTTPServer,
) -> None:
    url = serve(httpserver, "/local/bridge", news_page())
    loaded = load_article(url)
    text = loaded.article.text

    for paragraph in NEWS_PARAGRAPHS:
        assert paragraph in text
    assert [word for word in BOILERPLATE_WORDS if word in text] == []
    meta = loaded.article.meta
    assert (meta.title, meta.author, meta.publisher, meta.published, meta.language) == (
        "Bridge is safe, mayor says", "Dana Whitfield", "Harbor Daily", dt.date(2024, 5, 7), "en"
    )
    assert meta.url == "https://harbordaily.example/local/2024/05/07/bridge-safe"  # canonical
    assert loaded.provenance.final_url == url
    assert loaded.provenance.input_format == "html"
    assert loaded.provenance.raw_sha256.startswith("sha256:")
    assert loaded.provenance.fetched_at is not None
    assert loaded.provenance.raw is None


def test_paragraphs_are_kept_as_paragraphs_and_offsets_refer_to_the_stored_text(
    httpserver: HTTPServer,
) -> None:
    url = serve(httpserver, "/local/bridge", news_page())
    article = load_article(url).article
    paragraphs = [p.strip() for p in article.text.split("\n\n") if p.strip()]
    assert paragraphs[-4:] == NEWS_PARAGRAPHS
    claims = extract_article(article).claims
    assert all(article.text[c.span.start : c.span.end] == c.text for c in claims)
    assert len({c.paragraph for c in claims}) >= 4
    quote = next(c for c in claims if c.text.startswith('"We have checked'))
    assert quote.attribution.kind.value == "direct_quote"


def test_json_ld_and_open_graph_give_authors_dates_publisher_and_url(
    httpserver: HTTPServer,
) -> None:
    meta = load_article(serve(httpserver, "/news/port", jsonld_page())).article.meta
    assert meta.title == "Port authority denies tariff increase"
    assert meta.author is not None and "Priya Raman" in meta.author and "Tom Okafor" in meta.author
    assert (meta.published, meta.updated) == (dt.date(2024, 3, 11), dt.date(2024, 3, 12))
    assert meta.publisher == "Coastal Courier"
    assert meta.url == "https://courier.example/news/port-tariff"
    assert meta.language == "en-GB"


def test_amp_page_gives_the_story_and_the_canonical_url(httpserver: HTTPServer) -> None:
    article = load_article(serve(httpserver, "/amp/fire", amp_page())).article
    assert "Firefighters contained a warehouse blaze" in article.text
    assert "Police said the cause of the fire was not yet known." in article.text
    assert "Related stories" not in article.text and "Ferry timetable" not in article.text
    assert article.meta.url == "https://harbordaily.example/local/warehouse-fire"
    assert article.meta.published == dt.date(2024, 6, 1)


@pytest.mark.parametrize("name", ["crane.txt", "nasa.txt", "korea.txt", "hackers.txt"])
def test_wikinews_pages_give_back_the_article_paragraphs(
    httpserver: HTTPServer, name: str
) -> None:
    page, body = wikinews_page(name)
    article = load_article(serve(httpserver, f"/wiki/{name}", page)).article
    extracted = [words(p) for p in article.text.split("\n\n") if p.strip()]
    expected = [words(p) for p in body]
    found = [p for p in expected if p in extracted]
    assert len(found) >= len(expected) - 1, (name, set(expected) - set(found))
    assert not any(word in article.text for word in ("Subscribe", "Ferry timetable"))
    text_claims = extract_article(read_article(Path(__file__).parent / "data" / "wikinews" / name))
    html_claims = extract_article(article)
    shared = {c.text for c in text_claims.claims} & {c.text for c in html_claims.claims}
    assert len(shared) >= 0.8 * len(text_claims.claims)


@pytest.mark.parametrize(
    ("charset", "where"),
    [("iso-8859-1", "header"), ("windows-1252", "meta"), ("koi8-r", "meta"), ("utf-16", "header")],
)
def test_a_page_in_another_charset_is_decoded(
    httpserver: HTTPServer, charset: str, where: str
) -> None:
    accented = "Le maire a déclaré que le pont était sûr, selon un communiqué publié mardi."
    russian = "Мэр заявил во вторник, что мост безопасен для движения транспорта по городу."
    sentence = russian if charset == "koi8-r" else accented
    page = news_page(charset=charset if where == "meta" else "ignored", lang="fr").replace(
        NEWS_PARAGRAPHS[0], sentence
    )
    if where == "header":
        page = page.replace('<meta charset="ignored">', "")
    data = page.encode(charset)
    content_type = f"text/html; charset={charset}" if where == "header" else "text/html"
    url = serve(httpserver, "/charset", data, content_type=content_type)
    assert sentence in load_article(url).article.text


def test_plain_text_over_http_is_read_as_text(httpserver: HTTPServer) -> None:
    body = "Bridge is safe, mayor says\n\nThe mayor said the bridge is safe.\n"
    url = serve(httpserver, "/a.txt", body.encode(), content_type="text/plain; charset=utf-8")
    loaded = load_article(url)
    assert loaded.article.text == body
    assert loaded.provenance.input_format == "text"
    assert loaded.article.meta.title == "Bridge is safe, mayor says"
    assert loaded.article.meta.url == url


def test_gzip_deflate_and_brotli_bodies_are_decoded(httpserver: HTTPServer) -> None:
    import brotli

    page = news_page().encode()
    encodings = {
        "gzip": gzip.compress(page),
        "deflate": zlib.compress(page),
        "br": brotli.compress(page),
    }
    for name, data in encodings.items():
        url = serve(httpserver, f"/{name}", data, headers={"Content-Encoding": name})
        assert NEWS_PARAGRAPHS[2] in load_article(url).article.text, name


def test_redirects_are_followed_and_the_final_url_kept(httpserver: HTTPServer) -> None:
    final = serve(httpserver, "/final", news_page())
    httpserver.expect_request("/short").respond_with_data(
        "", status=301, headers={"Location": final}
    )
    loaded = load_article(httpserver.url_for("/short"))
    assert loaded.provenance.final_url == final


def test_user_agent_is_sent_and_configurable(httpserver: HTTPServer) -> None:
    seen: list[str] = []

    def handler(request: Request) -> Response:
        seen.append(request.headers.get("User-Agent", ""))
        return Response(news_page(), content_type=HTML)

    httpserver.expect_request("/ua").respond_with_handler(handler)
    load_article(httpserver.url_for("/ua"))
    load_article(httpserver.url_for("/ua"), options=FetchOptions(user_agent="Newsroom bot 1.0"))
    assert seen[0].startswith("factcheck/") and seen[1] == "Newsroom bot 1.0"


def test_html_file_and_stdin_are_read_like_a_page(tmp_path: Path) -> None:
    import io

    path = tmp_path / "saved.htm"
    path.write_text(news_page(), encoding="utf-8")
    from_file = load_article(str(path))
    from_stdin = load_article("-", stdin=io.BytesIO(news_page().encode()))
    assert from_file.article.text == from_stdin.article.text
    assert from_file.article.meta.title == "Bridge is safe, mayor says"
    assert from_file.provenance.input_format == "html"
    assert from_file.provenance.final_url is None
    as_text = load_article(str(path), input_format="text")
    assert as_text.article.text.startswith("<!DOCTYPE html>")


def test_flags_override_what_the_page_says(httpserver: HTTPServer) -> None:
    from factcheck.model import SourceMeta

    url = serve(httpserver, "/local/bridge", news_page())
    meta = SourceMeta(title="Mayor: bridge safe", publisher="HD", published=dt.date(2024, 5, 8))
    got = load_article(url, meta=meta).article.meta
    assert (got.title, got.publisher, got.published, got.author) == (
        "Mayor: bridge safe", "HD", dt.date(2024, 5, 8), "Dana Whitfield"
    )


# --- bad inputs: one line, exit 1, database unchanged ---------------------------------


RELEASE_SLOW = threading.Event()
"""Set once the client has given up, so the one-threaded server is free for the next test."""


def slow(request: Request) -> Response:
    RELEASE_SLOW.wait(timeout=5)
    RELEASE_SLOW.clear()
    return Response(news_page(), content_type=HTML)


@functools.cache
def gzip_bomb() -> bytes:
    # 64 MB of spaces compress to about 64 kB: a page that grows 1000x on the way in.
    compressor = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    block = b" " * (1024 * 1024)
    return b"".join(compressor.compress(block) for _ in range(64)) + compressor.flush()


@functools.cache
def brotli_bomb() -> bytes:
    # brotli reaches far higher ratios than gzip: 256 MB of spaces in a few hundred bytes.
    import brotli

    compressor = brotli.Compressor(quality=1)
    block = b" " * (16 * 1024 * 1024)
    return b"".join(compressor.process(block) for _ in range(16)) + compressor.finish()


BAD_URLS: dict[str, tuple[str, str]] = {
    # name: (path or absolute URL, expected part of the error line)
    "404": ("/missing", "HTTP 404 NOT FOUND"),
    "500": ("/broken", "HTTP 500 INTERNAL SERVER ERROR"),
    "timeout": ("/slow", "timed out waiting for the server"),
    "redirect loop": ("/loop", "more than 5 redirects"),
    "over the limit": ("/huge", "over the 1 MB limit"),
    "gzip bomb": ("/bomb", "over the 1 MB limit (after decompression)"),
    "brotli bomb": ("/br-bomb", "over the 1 MB limit (after decompression)"),
    "pdf": ("/report.pdf", "a PDF (application/pdf)"),
    "image": ("/photo.jpg", "an image (image/jpeg)"),
    "json": ("/api", "JSON (application/json)"),
    "javascript only": ("/app", "no article text found in the page"),
    "wrong charset": ("/latin", "declares charset 'utf-8' but is not utf-8"),
    "malformed url": ("http://exa mple.org/a", "is not a valid URL"),
    "bad port": ("http://127.0.0.1:99999/a", "is not a valid URL"),
    "file scheme": ("file:///etc/passwd", "only http and https URLs can be fetched (not file:)"),
    "ftp scheme": ("ftp://example.org/a.txt", "only http and https URLs can be fetched"),
    "lost slash": ("https:/example.org/a", "did you mean https://example.org/a?"),
    "redirect to file": ("/to-file", "unsupported"),
}


@pytest.fixture
def bad_server(httpserver: HTTPServer) -> Iterator[HTTPServer]:
    httpserver.expect_request("/missing").respond_with_data("gone", status=404)
    httpserver.expect_request("/broken").respond_with_data("oops", status=500)
    httpserver.expect_request("/slow").respond_with_handler(slow)
    httpserver.expect_request("/loop").respond_with_data(
        "", status=302, headers={"Location": "/loop"}
    )
    httpserver.expect_request("/to-file").respond_with_data(
        "", status=302, headers={"Location": "file:///etc/passwd"}
    )
    huge = news_page().replace("</article>", "<p>" + "word " * 300_000 + "</p></article>")
    serve(httpserver, "/huge", huge)
    serve(httpserver, "/bomb", gzip_bomb(), headers={"Content-Encoding": "gzip"})
    serve(httpserver, "/br-bomb", brotli_bomb(), headers={"Content-Encoding": "br"})
    serve(httpserver, "/report.pdf", b"%PDF-1.7\n", content_type="application/pdf")
    serve(httpserver, "/photo.jpg", b"\xff\xd8\xff\xe0", content_type="image/jpeg")
    serve(httpserver, "/api", b'{"ok": true}', content_type="application/json")
    serve(httpserver, "/app", js_only_page())
    serve(httpserver, "/latin", news_page().replace("said", "d\xe9clar\xe9").encode("latin-1"))
    yield httpserver


def target(server: HTTPServer, where: str) -> str:
    return where if "://" in where or where.startswith("https:") else server.url_for(where)


def ingest(db_url: str, *args: str) -> Result:
    return CliRunner().invoke(
        cli, ["--db", db_url, "ingest", "--timeout", "0.5", "--max-size", "1", *args],
        catch_exceptions=False,
    )


@pytest.fixture
def sqlite_db(tmp_path: Path) -> str:
    from factcheck.store import migrate
    from factcheck.store.engine import Store

    url = f"sqlite:///{tmp_path / 'bad.db'}"
    store = Store(url)
    try:
        migrate.upgrade(store, "head")
    finally:
        store.close()
    return url


@pytest.mark.parametrize("case", sorted(BAD_URLS))
def test_each_bad_url_is_one_line_exit_1_and_writes_nothing(
    bad_server: HTTPServer, sqlite_db: str, case: str
) -> None:
    where, expected = BAD_URLS[case]
    url = target(bad_server, where)
    before = row_counts(sqlite_db)
    result = ingest(sqlite_db, url)
    if case == "timeout":
        RELEASE_SLOW.set()
    assert (result.exit_code, result.stdout) == (1, ""), result.output
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("Error: "), result.stderr
    assert expected in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert row_counts(sqlite_db) == before


@pytest.mark.parametrize("case", ["404", "pdf", "file scheme", "javascript only"])
def test_extract_reports_bad_urls_the_same_way(bad_server: HTTPServer, case: str) -> None:
    where, expected = BAD_URLS[case]
    result = CliRunner().invoke(cli, ["extract", target(bad_server, where)])
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.count("\n") == 1 and expected in result.stderr


def test_a_batch_of_good_and_bad_urls_stores_the_good_ones_and_exits_1(
    bad_server: HTTPServer, migrated_db_url: str, tmp_path: Path
) -> None:
    good = serve(bad_server, "/local/bridge", news_page())
    listing = tmp_path / "reading-list.txt"
    listing.write_text(
        "# today's reading list\n\n"
        f"{bad_server.url_for('/missing')}\n{good}\n   # indented comment\n"
        f"{bad_server.url_for('/report.pdf')}\n",
        encoding="utf-8",
    )
    result = ingest(migrated_db_url, "--from-file", str(listing), "--json")
    outcomes = json.loads(result.stdout)
    assert result.exit_code == 1
    assert [o["created"] for o in outcomes] == [None, True, None]
    assert [o["error"] is None for o in outcomes] == [False, True, False]
    assert result.stderr.count("\n") == 2
    assert row_counts(migrated_db_url)["sources"] == 1


def test_the_same_unchanged_page_again_writes_nothing(
    httpserver: HTTPServer, migrated_db_url: str
) -> None:
    url = serve(httpserver, "/local/bridge", news_page())
    first = ingest(migrated_db_url, url)
    counts = row_counts(migrated_db_url)
    second = ingest(migrated_db_url, url)
    assert first.stdout == f"{url}: ingested as source 1 (6 claims)\n"
    assert second.stdout == f"{url}: already ingested as source 1 (6 claims)\n"
    assert row_counts(migrated_db_url) == counts


def test_a_stored_page_shows_its_provenance_and_keeps_the_raw_page_when_asked(
    httpserver: HTTPServer, migrated_db_url: str
) -> None:
    from factcheck.store.engine import open_store
    from factcheck.store.sources import raw_page

    page = news_page()
    url = serve(httpserver, "/local/bridge", page)
    assert ingest(migrated_db_url, url, "--keep-html").exit_code == 0
    shown = CliRunner().invoke(cli, ["--db", migrated_db_url, "sources", "show", "1"]).stdout
    lines = dict(line.split(":", 1) for line in shown.splitlines() if not line.startswith(" "))
    import hashlib

    assert lines["url"].strip() == "https://harbordaily.example/local/2024/05/07/bridge-safe"
    assert lines["title"].strip() == "Bridge is safe, mayor says"
    assert lines["author"].strip() == "Dana Whitfield"
    assert lines["published"].strip() == "2024-05-07"
    assert lines["read as"].strip() == "html"
    assert lines["fetched"].strip().startswith(f"{url} at 20")
    digest = hashlib.sha256(page.encode()).hexdigest()
    assert lines["raw hash"].strip() == f"sha256:{digest} (raw page kept)"
    store = open_store(migrated_db_url)
    try:
        assert raw_page(store, source_id=1) == page.encode()
    finally:
        store.close()
    raw = CliRunner().invoke(cli, ["--db", migrated_db_url, "sources", "raw", "1"])
    assert (raw.exit_code, raw.stdout_bytes) == (0, page.encode())


def test_export_carries_the_page_url_title_author_dates_and_provenance(
    httpserver: HTTPServer, migrated_db_url: str, tmp_path: Path
) -> None:
    url = serve(httpserver, "/news/port", jsonld_page())
    assert ingest(migrated_db_url, url).exit_code == 0
    out = tmp_path / "export.json"
    result = CliRunner().invoke(
        cli, ["--db", migrated_db_url, "export", "--state", "any", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    source = json.loads(out.read_text(encoding="utf-8"))["sources"][0]
    assert (source["url"], source["title"], source["publisher"]) == (
        "https://courier.example/news/port-tariff", "Port authority denies tariff increase",
        "Coastal Courier",
    )
    assert "Priya Raman" in source["author"]
    assert (source["published"], source["updated"], source["language"]) == (
        "2024-03-11", "2024-03-12", "en-GB"
    )
    assert source["provenance"]["fetched_url"] == url
    assert source["provenance"]["input_format"] == "html"


def test_load_article_raises_input_error_for_a_bad_scheme() -> None:
    with pytest.raises(InputError, match="only http and https"):
        load_article("gopher://example.org/")


def test_report_header_carries_the_page_url_title_author_dates_and_fetch(
    httpserver: HTTPServer, migrated_db_url: str
) -> None:
    from factcheck.report import render_report
    from factcheck.store.engine import open_store

    url = serve(httpserver, "/news/port", jsonld_page())
    assert ingest(migrated_db_url, url).exit_code == 0
    store = open_store(migrated_db_url)
    try:
        page = render_report(store, source_id=1)
    finally:
        store.close()
    header = page[page.index("<header>") : page.index("</header>")]
    assert "<h1>Port authority denies tariff increase</h1>" in header
    assert "Coastal Courier" in header and "Priya Raman" in header
    assert '<time datetime="2024-03-11">' in header
    assert 'updated <time datetime="2024-03-12">' in header
    assert 'href="https://courier.example/news/port-tariff"' in header
    assert f'fetched from <a href="{url}"' in header
