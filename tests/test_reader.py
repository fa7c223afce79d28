"""Reading article files: the exact text, the date header, metadata, and every bad file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from factcheck.errors import InputError
from factcheck.model import SourceMeta
from factcheck.text.reader import read_article, read_bytes, read_text, source_meta

SAMPLE = Path(__file__).parent / "data" / "gold" / "nba-ant-group-2023-02-21.txt"


def write(tmp_path: Path, data: bytes, name: str = "article.txt") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_sample_header_gives_the_date_and_body_start() -> None:
    article = read_article(SAMPLE)
    assert article.text == SAMPLE.read_text(encoding="utf-8")
    assert article.meta.published == dt.date(2023, 2, 21)
    assert article.body_start == 17
    assert article.text[article.body_start :].startswith("The NBA and Chinese")


def test_explicit_metadata_wins_over_the_header() -> None:
    meta = SourceMeta(published=dt.date(2024, 1, 2), title="NBA and Ant Group")
    article = read_article(SAMPLE, meta=meta)
    assert article.meta.published == dt.date(2024, 1, 2)
    assert article.meta.title == "NBA and Ant Group"
    assert article.body_start == 17  # the header is still not part of the body


def test_header_fills_in_the_date_when_other_metadata_is_given() -> None:
    article = read_article(SAMPLE, meta=SourceMeta(publisher="Daily Example"))
    assert article.meta.publisher == "Daily Example"
    assert article.meta.published == dt.date(2023, 2, 21)


def test_text_without_header_starts_at_zero(tmp_path: Path) -> None:
    article = read_article(write(tmp_path, b"Headline\n\nBody text here.\n"))
    assert article.body_start == 0
    assert article.meta.published is None


def test_crlf_is_read_as_newlines_like_python_text_mode(tmp_path: Path) -> None:
    article = read_article(write(tmp_path, b"One.\r\n\r\nTwo.\rThree.\r\n"))
    assert article.text == "One.\n\nTwo.\nThree.\n"


def test_bom_is_dropped_before_offsets_so_a_bom_copy_is_the_same_article(tmp_path: Path) -> None:
    plain = read_article(write(tmp_path, b"Body text here.", "plain.txt"))
    with_bom = read_article(write(tmp_path, "\ufeffBody text here.".encode(), "bom.txt"))
    assert with_bom.text == plain.text == "Body text here."
    assert with_bom.content_hash == plain.content_hash


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_files_with_a_bom_are_decoded(tmp_path: Path, encoding: str) -> None:
    text = " date 2024-03-01 Le café a dit « oui ». Naïve text.\n"
    data = text.encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data
    article = read_article(write(tmp_path, data))
    assert article.text == text
    assert article.meta.published == dt.date(2024, 3, 1)


def test_nfd_and_crlf_copies_are_the_same_text_with_the_same_offsets(tmp_path: Path) -> None:
    import unicodedata

    from factcheck.text.extract import extract_article

    text = "Zoë Müller said the café was closed.\n\nShe added that it would reopen.\n"
    nfc = read_article(write(tmp_path, text.encode(), "nfc.txt"))
    nfd_crlf = unicodedata.normalize("NFD", text).replace("\n", "\r\n")
    other = read_article(write(tmp_path, nfd_crlf.encode(), "nfd.txt"))
    assert other.text == nfc.text and other.content_hash == nfc.content_hash
    spans = [(c.span.start, c.span.end) for c in extract_article(nfc).claims]
    assert spans == [(c.span.start, c.span.end) for c in extract_article(other).claims]
    assert len(spans) == 2


def test_devices_and_pipes_are_refused_without_reading() -> None:
    with pytest.raises(InputError, match="not a regular file"):
        read_article("/dev/zero")


def test_a_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    import os

    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    writer = os.open(fifo, os.O_RDWR | os.O_NONBLOCK)  # so opening for reading does not block
    try:
        with pytest.raises(InputError, match="not a regular file"):
            read_article(fifo)
    finally:
        os.close(writer)


def test_a_stream_is_read_only_up_to_the_limit() -> None:
    import io

    from factcheck.text.reader import read_stream

    class Endless(io.RawIOBase):
        served = 0

        def readable(self) -> bool:
            return True

        def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
            buffer[:] = b"a" * len(buffer)
            self.served += len(buffer)
            return len(buffer)

    stream = Endless()
    with pytest.raises(InputError, match="over the 1 MB limit"):
        read_stream(stream, max_bytes=1024 * 1024)  # type: ignore[arg-type]
    assert stream.served <= 3 * 1024 * 1024


# --- metadata from the text itself (headline, dateline) -----------------------


def test_wikinews_headline_and_dateline_become_metadata() -> None:
    article = read_article(Path(__file__).parent / "data" / "wikinews" / "nasa.txt")
    assert article.meta.title == (
        "NASA celebrates 30th anniversary of first shuttle launch; "
        "announces new homes for retired shuttles"
    )
    assert article.meta.published == dt.date(2011, 4, 13)
    assert article.body_start == 0  # the headline stays in the text (tagged not_a_claim)


@pytest.mark.parametrize(
    ("first_lines", "title", "published"),
    [
        ("Bridge is safe, mayor says\n\n2 May 2024\n\nBody.", "Bridge is safe, mayor says",
         dt.date(2024, 5, 2)),
        ("North Korea puts military in 'quasi-state of war'\n\nBody text.",
         "North Korea puts military in 'quasi-state of war'", None),
        ("The mayor said the bridge is safe.\n\nMore text.", None, None),
        ("Is the bridge safe?\n\nMore text.", None, None),
        ("Friday, July 21, 2017\n\nBody text.", None, dt.date(2017, 7, 21)),
        ("Headline\nSept. 3, 2019\nBody.", "Headline", dt.date(2019, 9, 3)),
        ("Headline\n\nFebruary 30, 2019\n\nBody.", "Headline", None),
        ("x" * 200 + "\n\nBody.", None, None),
    ],
)
def test_headline_and_dateline_rules(
    tmp_path: Path, first_lines: str, title: str | None, published: dt.date | None
) -> None:
    article = read_article(write(tmp_path, first_lines.encode()))
    assert (article.meta.title, article.meta.published) == (title, published)


def test_given_metadata_wins_over_the_headline_and_dateline() -> None:
    meta = SourceMeta(title="Shuttles retire", published=dt.date(2011, 4, 14))
    article = read_article(Path(__file__).parent / "data" / "wikinews" / "nasa.txt", meta=meta)
    assert (article.meta.title, article.meta.published) == ("Shuttles retire", dt.date(2011, 4, 14))


def test_header_with_invalid_date_is_an_error_unless_a_date_is_given(tmp_path: Path) -> None:
    path = write(tmp_path, b" date 2023-02-30 Body text.")
    with pytest.raises(InputError, match="2023-02-30 is not a valid date"):
        read_article(path)
    article = read_article(path, meta=SourceMeta(published=dt.date(2023, 3, 1)))
    assert article.meta.published == dt.date(2023, 3, 1)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "is empty"),
        (b"  \n\n\t \n", "is empty"),
        (b" date 2023-02-21 ", "has a header but no article text"),
        (b"caf\xe9 au lait", r"not valid UTF-8 \(bad byte 0xe9 at byte offset 3\)"),
        (b"ok \xed\xa0\x80 surrogate", "not valid UTF-8"),
        (b"PK\x03\x04\x00\x00binary", r"binary file \(NUL byte at byte offset 4\)"),
        (b"<!DOCTYPE html><html><body>Hi</body></html>", "looks like HTML"),
    ],
)
def test_bad_files_give_one_clear_line(tmp_path: Path, data: bytes, message: str) -> None:
    with pytest.raises(InputError, match=message) as caught:
        read_article(write(tmp_path, data))
    assert "\n" not in str(caught.value)


def test_html_suffix_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="looks like HTML"):
        read_article(write(tmp_path, b"Plain words.", name="page.html"))


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_article(tmp_path / "nope.txt")
    with pytest.raises(InputError, match="is a directory"):
        read_article(tmp_path)


def test_size_is_checked_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024 + 1)  # sparse: nothing is written or read
    with pytest.raises(InputError, match="over the 50 MB limit"):
        read_article(path)
    small = write(tmp_path, b"x" * 100)
    with pytest.raises(InputError, match="over the 0 MB limit"):
        read_article(small, max_bytes=10)


def test_read_text_refuses_nul_and_lone_surrogates() -> None:
    with pytest.raises(InputError, match="NUL character at offset 2"):
        read_text("ab\x00c")
    with pytest.raises(InputError, match="lone surrogate at offset 1"):
        read_text("a\ud800b")
    assert read_text("Fine text.").text == "Fine text."


def test_read_bytes_applies_the_same_checks() -> None:
    assert read_bytes(b" date 2020-01-01 Body.").meta.published == dt.date(2020, 1, 1)
    with pytest.raises(InputError, match="<stdin> is not valid UTF-8"):
        read_bytes(b"\xff")
    with pytest.raises(InputError, match="over the"):
        read_bytes(b"12345", max_bytes=4)


def test_source_meta_names_the_bad_flag() -> None:
    assert source_meta() is None
    meta = source_meta(url="https://example.org/a", kind="report", published=dt.date(2020, 5, 1))
    assert meta is not None and meta.kind.value == "report"
    with pytest.raises(InputError, match=r"^--url: .*not an absolute http\(s\) URL"):
        source_meta(url="ftp://example.org/a")
