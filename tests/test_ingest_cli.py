"""``factcheck ingest`` and ``factcheck demo`` through the CLI, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import os
import pty
import re
import subprocess
import sys
from pathlib import Path

import pytest
from _storage_helpers import generated_article, row_counts, write_article
from click.testing import CliRunner, Result

from factcheck.cli.main import cli
from factcheck.resources import sample_article_path

SAMPLE = str(sample_article_path())


def run(url: str, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--db", url, *args], catch_exceptions=False)


def test_ingesting_the_sample_twice_gives_one_source_and_14_claims(migrated_db_url: str) -> None:
    first = run(migrated_db_url, "ingest", SAMPLE)
    second = run(migrated_db_url, "ingest", SAMPLE)

    assert (first.exit_code, first.stdout, first.stderr) == (
        0, f"{SAMPLE}: ingested as source 1 (14 claims)\n", ""
    )
    assert (second.exit_code, second.stdout, second.stderr) == (
        0, f"{SAMPLE}: already ingested as source 1 (14 claims)\n", ""
    )
    assert row_counts(migrated_db_url) == {
        "sources": 1, "claims": 14, "evidence": 0, "reviewers": 0, "review_events": 0
    }


def test_demo_shows_the_14_claims_and_is_idempotent(migrated_db_url: str) -> None:
    first = run(migrated_db_url, "demo")
    second = run(migrated_db_url, "demo")

    assert first.exit_code == 0, first.output
    lines = first.stdout.splitlines()
    assert lines[0] == "Sample article ingested as source 1 (14 claims)."
    assert re.match(r"^┏━+┳━+┳━+┳━+┓$", lines[1])
    assert [cell.strip() for cell in lines[2].strip("┃").split("┃")] == [
        "id", "kind", "speaker", "claim"
    ]
    ids = [int(m.group(1)) for line in lines if (m := re.match(r"^│\s+(\d+) │", line))]
    assert ids == list(range(1, 15))
    assert lines[-1].startswith("Next: `factcheck sources show 1`")
    assert second.stdout.splitlines()[0] == (
        "Sample article already ingested as source 1 (14 claims)."
    )
    assert row_counts(migrated_db_url)["claims"] == 14


def test_demo_json_lists_each_claim_with_its_attribution(migrated_db_url: str) -> None:
    result = run(migrated_db_url, "demo", "--json")

    document = json.loads(result.stdout)
    assert (result.exit_code, document["source_id"], document["created"]) == (0, 1, True)
    assert len(document["claims"]) == 14
    assert set(document["claims"][0]) == {
        "id", "ordinal", "kind", "speaker", "text", "review_state", "evidence_status"
    }
    assert {c["review_state"] for c in document["claims"]} == {"pending"}


def test_demo_on_the_default_database_creates_it(isolated_settings: Path) -> None:
    assert not isolated_settings.exists()
    result = CliRunner().invoke(cli, ["demo", "--json"])
    assert result.exit_code == 0, result.output
    assert (isolated_settings / "factcheck.db").is_file()
    assert len(json.loads(result.stdout)["claims"]) == 14


def test_ingest_sample_flag_is_the_demo_article(migrated_db_url: str) -> None:
    result = run(migrated_db_url, "ingest", "--sample")
    assert (result.exit_code, result.stdout) == (
        0, f"{SAMPLE}: ingested as source 1 (14 claims)\n"
    )


def test_metadata_flags_are_stored(migrated_db_url: str, tmp_path: Path) -> None:
    article = write_article(tmp_path, "a.txt", generated_article(1))
    result = run(
        migrated_db_url, "ingest", str(article), "--url", "https://example.org/a",
        "--title", "Permits", "--publisher", "Daily Example", "--author", "R. Porter",
        "--published", "2024-03-01", "--kind", "report",
    )
    shown = json.loads(run(migrated_db_url, "sources", "show", "1", "--json").stdout)

    assert result.exit_code == 0, result.output
    assert {k: shown[k] for k in ("url", "title", "publisher", "author", "published", "kind")} == {
        "url": "https://example.org/a", "title": "Permits", "publisher": "Daily Example",
        "author": "R. Porter", "published": "2024-03-01", "kind": "report",
    }


def test_shared_metadata_flags_apply_to_every_file(migrated_db_url: str, tmp_path: Path) -> None:
    files = [str(write_article(tmp_path, f"{n}.txt", generated_article(n))) for n in (1, 2)]
    result = run(migrated_db_url, "ingest", *files, "--publisher", "Wire", "--kind", "report")
    listed = json.loads(run(migrated_db_url, "sources", "list", "--json").stdout)

    assert result.exit_code == 0, result.output
    assert [(s["publisher"], s["kind"]) for s in listed] == [("Wire", "report")] * 2


def test_url_and_title_are_refused_with_several_files(
    migrated_db_url: str, tmp_path: Path
) -> None:
    files = [str(write_article(tmp_path, f"{n}.txt", generated_article(n))) for n in (1, 2)]
    result = run(migrated_db_url, "ingest", *files, "--title", "Same title")

    assert result.exit_code == 2
    assert "--url and --title describe one article: give a single input" in result.stderr
    assert row_counts(migrated_db_url)["sources"] == 0


def test_a_bad_url_flag_is_one_line_and_writes_nothing(migrated_db_url: str) -> None:
    result = run(migrated_db_url, "ingest", SAMPLE, "--url", "example.org/a")
    assert (result.exit_code, result.stdout) == (1, "")
    assert re.fullmatch(r"Error: --url: .*not an absolute http\(s\) URL.*\n", result.stderr)
    assert row_counts(migrated_db_url)["sources"] == 0


def _malformed(tmp_path: Path, case: str) -> Path:
    path = tmp_path / f"{case}.txt"
    if case == "bad-utf8":
        path.write_bytes(b"The caf\xe9 opened on Monday, officials said.\n")
    elif case == "empty":
        path.write_bytes(b"")
    elif case == "binary":
        path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00" + bytes(range(256)))
    elif case == "html":
        path.write_text("<!DOCTYPE html><html><body><p>Officials said so.</p></body></html>")
    elif case == "directory":
        path.mkdir()
    return path  # "missing": never created


@pytest.mark.parametrize("case", ["bad-utf8", "empty", "missing", "binary", "html", "directory"])
def test_malformed_input_changes_nothing_and_is_one_line(
    migrated_db_url: str, tmp_path: Path, case: str
) -> None:
    run(migrated_db_url, "ingest", SAMPLE)
    before = row_counts(migrated_db_url)
    path = _malformed(tmp_path, case)

    result = run(migrated_db_url, "ingest", str(path))

    assert (result.exit_code, result.stdout) == (1, "")
    assert re.fullmatch(rf"Error: [^\n]*{re.escape(path.name)}[^\n]*\n", result.stderr)
    assert row_counts(migrated_db_url) == before


def test_a_batch_stores_the_good_files_reports_the_bad_and_exits_1(
    migrated_db_url: str, tmp_path: Path
) -> None:
    good = [str(write_article(tmp_path, f"{n}.txt", generated_article(n))) for n in (1, 2)]
    bad = str(_malformed(tmp_path, "empty"))

    result = run(migrated_db_url, "ingest", good[0], bad, good[1], SAMPLE, SAMPLE)

    assert result.exit_code == 1
    stdout = re.sub(r"\(\d+ claims\)", "(N claims)", result.stdout)
    assert stdout == (
        f"{good[0]}: ingested as source 1 (N claims)\n"
        f"{good[1]}: ingested as source 2 (N claims)\n"
        f"{SAMPLE}: ingested as source 3 (N claims)\n"
        f"{SAMPLE}: already ingested as source 3 (N claims)\n"
        "5 inputs: 3 ingested, 1 already stored, 1 failed\n"
    )
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("Error: ")
    assert row_counts(migrated_db_url)["sources"] == 3


def test_ingest_json_reports_every_file(migrated_db_url: str, tmp_path: Path) -> None:
    bad = str(_malformed(tmp_path, "missing"))
    result = run(migrated_db_url, "ingest", SAMPLE, bad, "--json")

    document = json.loads(result.stdout)
    assert result.exit_code == 1
    assert document[0] == {
        "file": SAMPLE, "source_id": 1, "claims": 14, "created": True, "error": None,
        "metadata_differs": [],
    }
    assert document[1]["file"] == bad and document[1]["source_id"] is None
    assert bad in document[1]["error"]


def test_ingest_without_files_is_a_usage_error(migrated_db_url: str) -> None:
    result = run(migrated_db_url, "ingest")
    assert result.exit_code == 2
    assert "give at least one URL or FILE (or --from-file LIST, or --sample)" in result.stderr


def test_kind_choices_are_the_source_kinds() -> None:
    from factcheck.cli.ingest import SOURCE_KINDS
    from factcheck.model import SourceKind

    assert SOURCE_KINDS == tuple(kind.value for kind in SourceKind)


def test_progress_bar_goes_to_a_terminal_stderr_only(tmp_path: Path) -> None:
    files = [str(write_article(tmp_path, f"{n}.txt", generated_article(n))) for n in (1, 2, 3)]
    env = {**os.environ, "FACTCHECK_HOME": str(tmp_path / "home"), "COLUMNS": "80"}
    command = [sys.executable, "-m", "factcheck.cli.main", "ingest", *files]

    plain = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    leader, follower = pty.openpty()
    with_tty = subprocess.run(
        command[:-1] + [SAMPLE], env=env, stdout=subprocess.PIPE, stderr=follower, text=True,
        check=False,
    )
    os.close(follower)
    terminal = _read_all(leader)

    assert (plain.returncode, plain.stderr) == (0, "")
    assert plain.stdout.count("ingested as source") == 3 and "\x1b" not in plain.stdout
    assert with_tty.returncode == 0
    assert with_tty.stdout.splitlines()[-1] == "3 inputs: 1 ingested, 2 already stored, 0 failed"
    assert "ingesting" in terminal and "\x1b" in terminal


def _read_all(fd: int) -> str:
    chunks = []
    while True:
        try:
            chunk = os.read(fd, 65536)
        except OSError:  # EIO once the other side is closed and drained
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(fd)
    return b"".join(chunks).decode("utf-8", "replace")


@pytest.mark.parametrize("command", ["ingest", "demo"])
def test_help_has_an_example(command: str) -> None:
    result = CliRunner().invoke(cli, [command, "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.stdout


def test_concurrent_first_use_creates_migrates_and_ingests_once(tmp_path: Path) -> None:
    env = {**os.environ, "FACTCHECK_HOME": str(tmp_path / "new-home")}
    command = [sys.executable, "-m", "factcheck.cli.main", "demo", "--json"]
    processes = [
        subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         text=True)
        for _ in range(4)
    ]
    outputs = [process.communicate(timeout=120) for process in processes]

    assert [process.returncode for process in processes] == [0] * 4, outputs
    created = sorted(json.loads(stdout)["created"] for stdout, _ in outputs)
    assert created == [False, False, False, True]
    assert row_counts(f"sqlite:///{tmp_path / 'new-home' / 'factcheck.db'}")["claims"] == 14


# --- inputs other than text files (issue: web pages and URLs) ---------------------------


def test_stdin_text_and_stdin_html_are_ingested(migrated_db_url: str) -> None:
    from _pages import NEWS_PARAGRAPHS, news_page

    text = CliRunner().invoke(
        cli, ["--db", migrated_db_url, "ingest", "-"], input=generated_article(4).encode()
    )
    page = CliRunner().invoke(cli, ["--db", migrated_db_url, "ingest", "-"],
                              input=news_page().encode())
    assert (text.exit_code, page.exit_code) == (0, 0), text.output + page.output
    assert text.stdout.startswith("-: ingested as source 1 (")
    assert page.stdout.startswith("-: ingested as source 2 (")
    shown = json.loads(run(migrated_db_url, "sources", "show", "2", "--json").stdout)
    assert (shown["title"], shown["input_format"]) == ("Bridge is safe, mayor says", "html")
    assert shown["text_length"] < len(news_page()) and NEWS_PARAGRAPHS[0][:40] in json.dumps(
        CliRunner().invoke(cli, ["--db", migrated_db_url, "export", "--state", "any"]).stdout
    )


def test_format_flag_overrides_detection(migrated_db_url: str, tmp_path: Path) -> None:
    from _pages import news_page

    saved = tmp_path / "page.txt"
    saved.write_text(news_page().replace("<!DOCTYPE html>\n", ""), encoding="utf-8")
    as_html = run(migrated_db_url, "ingest", str(saved), "--format", "html", "--json")
    detail = json.loads(run(migrated_db_url, "sources", "show", "1", "--json").stdout)
    assert as_html.exit_code == 0, as_html.output
    assert detail["input_format"] == "html" and detail["title"] == "Bridge is safe, mayor says"


def test_dev_zero_is_refused_at_once_and_writes_nothing(migrated_db_url: str) -> None:
    result = run(migrated_db_url, "ingest", "/dev/zero")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        "Error: /dev/zero is not a regular file (a device, pipe or socket); "
        "give an article file, or - to read standard input\n"
    )
    assert row_counts(migrated_db_url)["sources"] == 0


def test_bom_nfd_and_crlf_copies_are_the_stored_source(
    migrated_db_url: str, tmp_path: Path
) -> None:
    import unicodedata

    body = "Zoë Müller, the café owner, said rents rose 40%.\n\nThe council disagreed.\n"
    original = tmp_path / "original.txt"
    original.write_text(body, encoding="utf-8")
    copies = {
        "bom.txt": b"\xef\xbb\xbf" + body.encode(),
        "nfd.txt": unicodedata.normalize("NFD", body).encode(),
        "crlf.txt": body.replace("\n", "\r\n").encode(),
        "utf16.txt": body.encode("utf-16"),
    }
    for name, data in copies.items():
        (tmp_path / name).write_bytes(data)
    first = run(migrated_db_url, "ingest", str(original))
    again = run(migrated_db_url, "ingest", *(str(tmp_path / name) for name in copies))

    assert first.exit_code == 0 and again.exit_code == 0, again.output
    assert again.stdout.count("already ingested as source 1 (2 claims)") == 4
    assert row_counts(migrated_db_url)["sources"] == 1


def test_same_text_with_other_metadata_says_so_and_points_to_sources_edit(
    migrated_db_url: str,
) -> None:
    run(migrated_db_url, "ingest", SAMPLE)
    before = row_counts(migrated_db_url)
    result = run(migrated_db_url, "ingest", SAMPLE, "--title", "NBA deal", "--publisher", "AP")

    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == (
        f"{SAMPLE}: already ingested as source 1 (14 claims); its stored title, publisher "
        "differ from this input's and were kept: change them with "
        "`factcheck sources edit 1 --title … --publisher …`\n"
    )
    assert row_counts(migrated_db_url) == before


def test_from_file_reads_one_input_per_line_with_comments(
    migrated_db_url: str, tmp_path: Path
) -> None:
    files = [str(write_article(tmp_path, f"{n}.txt", generated_article(n))) for n in (1, 2)]
    listing = tmp_path / "list.txt"
    listing.write_text(f"# batch of 2\n{files[0]}\n\n  # skipped\n{files[1]}\n", encoding="utf-8")
    result = run(migrated_db_url, "ingest", "--from-file", str(listing))
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1] == "2 inputs: 2 ingested, 0 already stored, 0 failed"

    missing = run(migrated_db_url, "ingest", "--from-file", str(tmp_path / "nope.txt"))
    assert (missing.exit_code, missing.stderr) == (
        1, f"Error: {tmp_path / 'nope.txt'}: no such file\n"
    )


def test_a_url_with_a_lost_slash_is_named_as_a_url(migrated_db_url: str) -> None:
    result = run(migrated_db_url, "ingest", "https:/example.org/news/a")
    assert (result.exit_code, result.stderr) == (
        1, "Error: https:/example.org/news/a is not a valid URL (no host name); "
        "did you mean https://example.org/news/a?\n",
    )
