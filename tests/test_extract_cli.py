"""`factcheck extract`: JSON and table output, metadata flags, stdin, and every bad file."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from factcheck.cli.main import cli

GOLD = Path(__file__).parent / "data" / "gold"
SAMPLE = GOLD / "nba-ant-group-2023-02-21.txt"


def run(*args: str, stdin: bytes | None = None) -> Any:
    return CliRunner().invoke(cli, ["extract", *args], input=stdin, catch_exceptions=False)


def extract_json(*args: str, stdin: bytes | None = None) -> dict[str, Any]:
    result = run(*args, "--format", "json", stdin=stdin)
    assert result.exit_code == 0, result.stderr
    document: dict[str, Any] = json.loads(result.stdout)
    return document


def test_sample_json_matches_the_gold() -> None:
    gold = json.loads((GOLD / "nba-ant-group-2023-02-21.gold.json").read_text(encoding="utf-8"))
    document = extract_json(str(SAMPLE))
    claims = document["claims"]
    assert [(c["text"], c["span"]["start"], c["span"]["end"]) for c in claims] == [
        (s["text"], s["start"], s["end"]) for s in gold["sentences"]
    ]
    assert all(
        c["attribution"]["kind"] in s["kind"]
        for c, s in zip(claims, gold["sentences"], strict=True)
    )
    assert [c["attribution"]["speaker"] for c in claims[4:7]] == ["Michael Ma"] * 3
    assert claims[4]["attribution"]["speaker_title"] == "NBA China CEO"
    assert claims[4]["attribution"]["cue"] == {"text": "said", "start": 708, "end": 712}
    assert SAMPLE.read_text(encoding="utf-8")[708:712] == "said"
    assert "alleged" in claims[11]["hedges"]
    assert {c["evidence_status"] for c in claims} == {"unverified"}
    assert {c["review_state"] for c in claims} == {"pending"}
    (source,) = document["sources"]
    assert source["published"] == "2023-02-21"
    assert source["id"].startswith("source:") and source["content_hash"].startswith("sha256:")
    assert claims[0]["id"] == f"claim:{source['id'].removeprefix('source:')}:17-198"
    text = SAMPLE.read_text(encoding="utf-8")
    assert all(text[c["span"]["start"] : c["span"]["end"]] == c["text"] for c in claims)


def test_json_output_is_a_valid_importable_claim_set() -> None:
    from factcheck.exchange.validate import validate_document

    validate_document(extract_json(str(SAMPLE)), name="claimset")


def test_json_keeps_unicode_readable() -> None:
    result = run(str(SAMPLE))
    assert "“comprehensive strategic collaboration”" in result.stdout


def test_metadata_flags_fill_the_source() -> None:
    document = extract_json(
        str(SAMPLE),
        "--url",
        "https://example.org/nba",
        "--title",
        "NBA deal",
        "--publisher",
        "Daily Example",
        "--author",
        "A. Writer",
        "--published",
        "2023-03-01",
        "--kind",
        "press_release",
    )
    (source,) = document["sources"]
    assert (source["url"], source["title"], source["publisher"], source["author"]) == (
        "https://example.org/nba",
        "NBA deal",
        "Daily Example",
        "A. Writer",
    )
    assert source["published"] == "2023-03-01"  # the flag wins over the header
    assert source["kind"] == "press_release"


def test_stdin_with_dash() -> None:
    document = extract_json("-", stdin=b"Officials said the bridge would reopen.")
    (claim,) = document["claims"]
    assert claim["attribution"]["kind"] == "unnamed_source"
    assert claim["attribution"]["speaker"] == "Officials"


def test_json_flag_is_the_same_as_format_json() -> None:
    result = run(str(SAMPLE), "--json")
    assert result.exit_code == 0
    assert len(json.loads(result.stdout)["claims"]) == 14


def test_table_shows_kinds_and_speakers_without_colour_when_piped() -> None:
    result = run(str(SAMPLE), "--format", "table")
    assert result.exit_code == 0
    assert "\x1b[" not in result.stdout
    assert "direct_quote" in result.stdout and "Michael Ma" in result.stdout
    assert "(NBA China CEO)" in result.stdout
    # Sentences are numbered from 1, as `claims show` and the report number them.
    numbers = [line.split()[1] for line in result.stdout.splitlines() if line.startswith("│")]
    assert [n for n in numbers if n != "│"] == [str(n) for n in range(1, 15)]
    assert result.stdout.rstrip().endswith(
        "14 sentences: 3 direct_quote, 1 not_a_claim, 2 press_release, 7 reporter_assertion, "
        "1 unnamed_source"
    )


def test_source_kind_choices_match_the_model() -> None:
    from factcheck.cli.extract import KIND_STYLES, SOURCE_KINDS
    from factcheck.model import AttributionKind, SourceKind

    assert SOURCE_KINDS == tuple(kind.value for kind in SourceKind)
    assert set(KIND_STYLES) == {kind.value for kind in AttributionKind}


def test_help_has_an_example() -> None:
    result = CliRunner().invoke(cli, ["extract", "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.stdout and "factcheck extract article.txt" in result.stdout


# --- bad input: one line on stderr, exit 1, no traceback --------------------------


def bad_files(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    def write(name: str, data: bytes) -> Path:
        path = tmp_path / name
        path.write_bytes(data)
        return path

    huge = tmp_path / "huge.txt"
    with huge.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024 + 10)
    return {
        "missing": (tmp_path / "missing.txt", "no such file"),
        "directory": (tmp_path, "is a directory"),
        "invalid utf-8": (write("latin1.txt", "café".encode("latin-1")), "not valid UTF-8"),
        "surrogate bytes": (write("surrogate.txt", b"a \xed\xa0\x80 b"), "not valid UTF-8"),
        "binary": (write("image.png", b"\x89PNG\r\n\x1a\n\x00\x00"), "binary file"),
        "empty": (write("empty.txt", b""), "is empty"),
        "whitespace": (write("blank.txt", b" \n\n \t"), "is empty"),
        "too large": (huge, "over the 50 MB limit"),
        "html": (write("page.html", b"<html><body>Hi</body></html>"), "no article text found"),
        "bad header date": (write("date.txt", b" date 2023-13-01 Body."), "not a valid date"),
    }


@pytest.mark.parametrize(
    "case",
    [
        "missing",
        "directory",
        "invalid utf-8",
        "surrogate bytes",
        "binary",
        "empty",
        "whitespace",
        "too large",
        "html",
        "bad header date",
    ],
)
def test_bad_file_gives_one_error_line(tmp_path: Path, case: str) -> None:
    path, message = bad_files(tmp_path)[case]
    result = CliRunner().invoke(cli, ["extract", str(path)])
    assert result.exit_code == 1
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and message in lines[0]
    assert "Traceback" not in result.stderr


def test_bad_stdin_gives_one_error_line() -> None:
    result = CliRunner().invoke(cli, ["extract", "-"], input=b"caf\xe9 bad")
    assert result.exit_code == 1
    assert (
        result.stderr.startswith("Error: <stdin> is not valid UTF-8")
        and result.stderr.count("\n") == 1
    )


def test_bad_url_flag_is_a_user_error() -> None:
    result = CliRunner().invoke(cli, ["extract", str(SAMPLE), "--url", "not a url"])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: --url:")


def test_bad_date_flag_is_a_usage_error() -> None:
    result = CliRunner().invoke(cli, ["extract", str(SAMPLE), "--published", "21/02/2023"])
    assert result.exit_code == 2


def test_real_process_on_a_bad_file_prints_no_traceback(tmp_path: Path) -> None:
    path = tmp_path / "bin.dat"
    path.write_bytes(b"\x00\x01\x02")
    process = subprocess.run(
        [sys.executable, "-m", "factcheck.cli.main", "extract", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert process.returncode == 1
    assert process.stderr.startswith("Error: ") and process.stderr.count("\n") == 1


# --- web pages and HTML files ------------------------------------------------------------


@pytest.fixture(scope="session")
def httpserver_listen_address() -> tuple[str, int]:
    return ("127.0.0.1", 0)


def test_a_url_gives_a_valid_claim_set_with_the_page_metadata_and_provenance(
    httpserver: Any,
) -> None:
    from _pages import jsonld_page

    from factcheck.exchange.validate import validate_document

    httpserver.expect_request("/news/port").respond_with_data(
        jsonld_page(), content_type="text/html; charset=utf-8"
    )
    url = httpserver.url_for("/news/port")
    document = extract_json(url)
    validate_document(document)
    source = document["sources"][0]
    assert (source["title"], source["url"], source["publisher"], source["published"]) == (
        "Port authority denies tariff increase", "https://courier.example/news/port-tariff",
        "Coastal Courier", "2024-03-11",
    )
    assert (source["updated"], source["language"]) == ("2024-03-12", "en-GB")
    assert source["provenance"]["fetched_url"] == url
    assert all(
        source["text"][c["span"]["start"] : c["span"]["end"]] == c["text"]
        for c in document["claims"]
    )
    assert any(c["attribution"]["speaker"] == "Laila Haddad" for c in document["claims"])


def test_an_html_file_and_input_format_flag(tmp_path: Path) -> None:
    from _pages import news_page

    page = tmp_path / "story.html"
    page.write_text(news_page(), encoding="utf-8")
    document = extract_json(str(page), "--title", "Given title")
    assert document["sources"][0]["title"] == "Given title"
    assert document["sources"][0]["author"] == "Dana Whitfield"
    assert document["sources"][0]["provenance"]["input_format"] == "html"
    as_text = extract_json(str(page), "--input-format", "text")
    assert as_text["sources"][0]["text"].startswith("<!DOCTYPE html>")


def test_cli_start_up_imports_no_http_or_html_library() -> None:
    probe = (
        "import sys, factcheck.cli.main, factcheck.cli.ingest, factcheck.cli.extract, "
        "factcheck.inputs; print(sorted({m.split('.')[0] for m in sys.modules} & "
        "{'httpx', 'trafilatura', 'lxml', 'htmldate', 'brotli'}))"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
