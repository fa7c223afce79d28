"""``factcheck sources list`` and ``sources show`` on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from _storage_helpers import generated_article, write_article
from click.testing import CliRunner, Result

from factcheck.cli.main import cli
from factcheck.resources import sample_article_path

SAMPLE = str(sample_article_path())
TIMESTAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|\+00:00)")


def run(url: str, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--db", url, *args], catch_exceptions=False)


@pytest.fixture
def two_sources(migrated_db_url: str, tmp_path: Path) -> str:
    article = write_article(tmp_path, "permits.txt", generated_article(3, sentences=6))
    assert run(migrated_db_url, "ingest", SAMPLE).exit_code == 0
    result = run(migrated_db_url, "ingest", str(article), "--title", "Permits", "--kind", "report")
    assert result.exit_code == 0, result.output
    return migrated_db_url


def test_list_with_no_sources_says_how_to_add_one(migrated_db_url: str) -> None:
    result = run(migrated_db_url, "sources", "list")
    assert (result.exit_code, result.stdout) == (
        0, "No sources yet: `factcheck ingest FILE` or `factcheck demo` adds one.\n"
    )
    assert json.loads(run(migrated_db_url, "sources", "list", "--json").stdout) == []


def test_list_shows_every_source_with_its_claim_count(two_sources: str) -> None:
    result = run(two_sources, "sources", "list")
    assert result.exit_code == 0
    assert result.stdout == (
        "id  kind          published   claims  title\n"
        " 1  news_article  2023-02-21  14      (untitled, sha256:d4c2fcbdefc3…)\n"
        " 2  report        -           6       Permits\n"
    )


def test_list_json_has_one_object_per_source(two_sources: str) -> None:
    document = json.loads(run(two_sources, "sources", "list", "--json").stdout)
    for item in document:
        assert TIMESTAMP.fullmatch(item.pop("retrieved_at"))
        assert item.pop("content_hash").startswith("sha256:")
    assert document == [
        {"id": 1, "kind": "news_article", "title": None, "url": None, "publisher": None,
         "author": None, "published": "2023-02-21", "updated": None, "language": None,
         "claim_count": 14},
        {"id": 2, "kind": "report", "title": "Permits", "url": None, "publisher": None,
         "author": None, "published": None, "updated": None, "language": None,
         "claim_count": 6},
    ]


def test_show_gives_metadata_hash_and_claim_counts(two_sources: str) -> None:
    result = run(two_sources, "sources", "show", "2")
    stdout = TIMESTAMP.sub("<time>", result.stdout)
    stdout = re.sub(r"sha256:[0-9a-f]{64}", "sha256:<hash>", stdout)
    text_length = len(generated_article(3, sentences=6))

    assert result.exit_code == 0
    assert stdout == (
        "source:    2\n"
        "kind:      report\n"
        "title:     Permits\n"
        "url:       -\n"
        "publisher: -\n"
        "author:    -\n"
        "published: -\n"
        "updated:   -\n"
        "language:  -\n"
        "retrieved: <time>\n"
        "read as:   text\n"
        "fetched:   -\n"
        "raw hash:  sha256:<hash>\n"
        "hash:      sha256:<hash>\n"
        f"text:      {text_length} characters\n"
        "claims:    6\n"
        f"  by kind: {_kinds_line(two_sources, 2)}\n"
        "  by state: pending 6\n"
        "  by status: unverified 6\n"
    )


def _kinds_line(url: str, source_id: int) -> str:
    document = json.loads(run(url, "sources", "show", str(source_id), "--json").stdout)
    return ", ".join(f"{kind} {n}" for kind, n in document["claims_by_kind"].items())


def test_show_json_counts_add_up(two_sources: str) -> None:
    document = json.loads(run(two_sources, "sources", "show", "1", "--json").stdout)
    assert document["claim_count"] == 14
    assert sum(document["claims_by_kind"].values()) == 14
    assert document["claims_by_state"] == {"pending": 14}
    assert document["claims_by_status"] == {"unverified": 14}
    assert document["content_hash"].startswith("sha256:")


def test_show_unknown_id_is_one_line_and_exit_1(migrated_db_url: str) -> None:
    result = run(migrated_db_url, "sources", "show", "99")
    assert (result.exit_code, result.stdout, result.stderr) == (
        1, "", "Error: no source with id 99\n"
    )


def test_show_needs_an_integer_id(migrated_db_url: str) -> None:
    result = run(migrated_db_url, "sources", "show", "one")
    assert result.exit_code == 2
    assert "'one' is not a valid integer" in result.stderr


@pytest.mark.parametrize("args", [["sources"], ["sources", "list"], ["sources", "show"]])
def test_help_has_an_example(args: list[str]) -> None:
    result = CliRunner().invoke(cli, [*args, "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.stdout


# --- metadata from the text, and `sources edit` -------------------------------------------


WIKINEWS = Path(__file__).parent / "data" / "wikinews"


def test_list_shows_the_headline_and_dateline_of_plain_text(migrated_db_url: str) -> None:
    run(migrated_db_url, "ingest", str(WIKINEWS / "crane.txt"), str(WIKINEWS / "korea.txt"))
    result = run(migrated_db_url, "sources", "list")
    lines = result.stdout.splitlines()
    assert re.fullmatch(r" 1  news_article  2015-09-12  \d+ +At least 107 killed in Mecca "
                        r"crane collapse", lines[1])
    assert re.fullmatch(r" 2  news_article  2015-08-21  \d+ +North Korea puts military in "
                        r"'quasi-state of war'", lines[2])


@pytest.fixture
def editor(two_sources: str) -> str:
    assert run(two_sources, "reviewers", "add", "ana", "--role", "admin").exit_code == 0
    return two_sources


def test_edit_changes_metadata_and_records_who_when_and_why(editor: str) -> None:
    result = run(editor, "--as", "ana", "sources", "edit", "2", "--title", "Permit rules",
                 "--url", "https://example.org/permits", "--published", "2024-02-01",
                 "--reason", "from the print edition")
    assert result.exit_code == 0, result.output
    detail = json.loads(run(editor, "sources", "show", "2", "--json").stdout)
    assert (detail["title"], detail["url"], detail["published"]) == (
        "Permit rules", "https://example.org/permits", "2024-02-01"
    )
    edits = [(e["field"], e["old_value"], e["new_value"], e["actor"], e["reason"])
             for e in detail["edits"]]
    assert edits == [
        ("title", "Permits", "Permit rules", "ana", "from the print edition"),
        ("url", None, "https://example.org/permits", "ana", "from the print edition"),
        ("published", None, "2024-02-01", "ana", "from the print edition"),
    ]
    shown = TIMESTAMP.sub("<time>", run(editor, "sources", "show", "2").stdout)
    assert "edited:    <time> by ana: title 'Permits' -> 'Permit rules' (from the print edition)" \
        in shown


def test_edit_can_clear_a_field_and_same_values_change_nothing(editor: str) -> None:
    cleared = run(editor, "--as", "ana", "sources", "edit", "2", "--title", "")
    same = run(editor, "--as", "ana", "sources", "edit", "2", "--title", "")
    detail = json.loads(run(editor, "sources", "show", "2", "--json").stdout)
    assert cleared.exit_code == 0 and detail["title"] is None
    assert (same.exit_code, same.stderr) == (
        1, "Error: source 2 already has these values; nothing changed\n"
    )
    assert len(detail["edits"]) == 1


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (["--as", "bob", "sources", "edit", "2", "--title", "x"],
         "Error: no reviewer 'bob'; an admin can add them with "
         "`factcheck reviewers add bob --role reviewer`\n"),
        (["sources", "edit", "2", "--title", "x"],
         "Error: no reviewer given: pass --as HANDLE or set FACTCHECK_REVIEWER\n"),
        (["--as", "ana", "sources", "edit", "9", "--title", "x"], "Error: no source with id 9\n"),
        (["--as", "ana", "sources", "edit", "2"],
         "Error: nothing to change for source 2: give --title, --url, …\n"),
    ],
)
def test_bad_edits_are_one_line_and_change_nothing(
    editor: str, args: list[str], error: str
) -> None:
    before = run(editor, "sources", "show", "2", "--json").stdout
    result = run(editor, *args)
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", error)
    assert run(editor, "sources", "show", "2", "--json").stdout == before


def test_edit_refuses_a_url_that_is_not_http(editor: str) -> None:
    result = run(editor, "--as", "ana", "sources", "edit", "2", "--url", "ftp://example.org/a")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: invalid input: url: ")
    assert result.stderr.count("\n") == 1


def test_the_edit_log_is_append_only_in_the_database(editor: str) -> None:
    from _storage_helpers import execute

    assert run(editor, "--as", "ana", "sources", "edit", "2", "--title", "New").exit_code == 0
    for statement in ("UPDATE source_edits SET new_value = 'forged'", "DELETE FROM source_edits"):
        with pytest.raises(Exception, match="append-only"):
            execute(editor, statement)
    detail = json.loads(run(editor, "sources", "show", "2", "--json").stdout)
    assert [e["new_value"] for e in detail["edits"]] == ["New"]


def test_raw_without_a_kept_page_is_one_line(two_sources: str) -> None:
    result = run(two_sources, "sources", "raw", "1")
    assert (result.exit_code, result.stdout, result.stderr) == (
        1, "", "Error: source 1 has no raw page kept (ingest with --keep-html)\n"
    )
