"""``factcheck export``, ``import`` and ``schema`` through the command line: whole outputs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from _exchange_helpers import PINNED, seed
from click.testing import CliRunner, Result

from factcheck.cli.main import cli
from factcheck.exchange.validate import schema_text
from factcheck.model import content_hash, stable_claim_id, stable_source_id
from factcheck.store.engine import open_store


def run(url: str | None, *args: str, input: str | None = None) -> Result:
    prefix = ["--db", url] if url else []
    return CliRunner().invoke(cli, [*prefix, *args], input=input, catch_exceptions=False)


@pytest.fixture
def seeded_url(tmp_path: Path) -> str:
    """A SQLite database with the seeded review states (CLI formatting is backend-free)."""
    url = f"sqlite:///{tmp_path / 'seeded.db'}"
    store = open_store(url)
    try:
        seed(store)
    finally:
        store.close()
    return url


@pytest.fixture
def out(tmp_path: Path) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def test_export_to_a_file_then_import_on_each_backend(
    seeded_url: str, migrated_db_url: str, out: Path
) -> None:
    target = out / "verified.json"
    exported = run(seeded_url, "export", "-o", str(target), "--generated-at", PINNED)
    assert (exported.exit_code, exported.stdout, exported.stderr) == (
        0,
        f"exported 4 claims from 2 sources as json to {target}\n",
        "",
    )
    run(migrated_db_url, "reviewers", "add", "boss", "--role", "admin")
    # an import never creates people: the admin adds the desk's people first
    run(migrated_db_url, "--as", "boss", "reviewers", "add", "rita", "--role", "reviewer")
    run(migrated_db_url, "--as", "boss", "reviewers", "add", "ed", "--role", "editor")

    imported = run(migrated_db_url, "--as", "boss", "import", str(target))
    again = run(migrated_db_url, "--as", "boss", "import", str(target), "--json")

    assert (imported.exit_code, imported.stdout) == (
        0,
        f"imported {target}: sources: 2 new, 0 already stored; claims: 4 new, 0 updated, "
        "0 unchanged; 5 evidence links and 21 review events added\n",
    )
    assert json.loads(again.stdout) == {
        "sources": {"new": 0, "existing": 2},
        "claims": {"new": 0, "updated": 0, "unchanged": 4},
        "evidence_new": 0,
        "events_new": 0,
        "reviewers_new": [],
    }
    round_trip = run(migrated_db_url, "export", "--generated-at", PINNED)
    assert round_trip.stdout == target.read_text(encoding="utf-8")


def test_export_to_stdout_prints_the_document_and_the_summary_on_stderr(
    seeded_url: str, out: Path
) -> None:
    result = run(seeded_url, "export", "--generated-at", PINNED)
    run(seeded_url, "export", "-o", str(out / "a.json"), "--generated-at", PINNED)

    assert result.exit_code == 0
    assert result.stdout == (out / "a.json").read_text(encoding="utf-8")
    assert result.stderr == "exported 4 claims from 2 sources as json to standard output\n"


def test_export_json_summary(seeded_url: str, out: Path) -> None:
    target = out / "all.jsonl"
    result = run(
        seeded_url, "export", "--state", "any", "--format", "jsonl", "-o", str(target), "--json"
    )

    assert json.loads(result.stdout) == {
        "output": str(target),
        "format": "jsonl",
        "claims": 7,
        "sources": 0,
    }
    assert len(target.read_text().splitlines()) == 7


def test_export_json_summary_needs_a_file(seeded_url: str) -> None:
    result = run(seeded_url, "export", "--json")
    assert (result.exit_code, result.stdout, result.stderr) == (
        1,
        "",
        "Error: --json prints a summary; with it, write the export to a file with -o FILE\n",
    )


def test_export_refuses_to_overwrite_without_force(seeded_url: str, out: Path) -> None:
    target = out / "verified.json"
    target.write_text("old")

    refused = run(seeded_url, "export", "-o", str(target))
    forced = run(seeded_url, "export", "-o", str(target), "--force")

    assert (refused.exit_code, refused.stderr) == (
        1,
        f"Error: {target} already exists; pass --force to overwrite it\n",
    )
    assert forced.exit_code == 0 and json.loads(target.read_text())["claims"]


def test_export_source_by_row_id_or_stable_id(seeded_url: str) -> None:
    from _exchange_helpers import BUDGET

    stable = stable_source_id(content_hash(BUDGET))
    by_row = run(seeded_url, "export", "--source", "1", "--generated-at", PINNED)
    by_stable = run(seeded_url, "export", "--source", stable, "--generated-at", PINNED)
    missing = run(seeded_url, "export", "--source", "99")

    assert by_row.stdout == by_stable.stdout
    assert json.loads(by_row.stdout)["filters"]["source"] == stable
    assert (missing.exit_code, missing.stderr) == (
        1,
        "Error: no source 99; `factcheck sources list` shows the stored ones\n",
    )


def test_export_of_invalid_data_lists_paths_and_prints_nothing(seeded_url: str, out: Path) -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(seeded_url)
    with engine.begin() as connection:
        connection.execute(text("UPDATE claims SET hedges = '[1]' WHERE id = 1"))
    engine.dispose()

    to_stdout = run(seeded_url, "export")
    to_file = run(seeded_url, "export", "-o", str(out / "x.json"))

    assert (to_stdout.exit_code, to_stdout.stdout) == (1, "")
    from _exchange_helpers import BUDGET

    start = BUDGET.index("The budget")
    claim_id = stable_claim_id(content_hash(BUDGET), start, BUDGET.index("Monday.") + 7)
    # harbour's claim sorts first (its content hash is smaller), so this one is claims[1]
    assert to_stdout.stderr.splitlines() == [
        f"Error: refusing to export invalid data ({claim_id}): $.claims[1].hedges[0]: "
        "1 is not of type 'string' (nothing was written)",
        "  $.claims[1].hedges[0]: 1 is not of type 'string'",
    ]
    assert to_file.exit_code == 1 and list(out.iterdir()) == []


def test_claimreview_export_uses_the_config(
    seeded_url: str, out: Path, isolated_settings: Path
) -> None:
    missing = run(seeded_url, "export", "--format", "claimreview")
    isolated_settings.mkdir(parents=True, exist_ok=True)
    (isolated_settings / "config.toml").write_text(
        'organization = "Example Checks"\norganization_url = "https://checks.example.org"\n'
        'claimreview_url_pattern = "https://checks.example.org/c/{id}"\n'
    )
    target = out / "reviews.json"
    written = run(seeded_url, "export", "--format", "claimreview", "-o", str(target))
    validated = run(None, "schema", "validate", str(target))

    assert missing.exit_code == 1
    assert missing.stderr == (
        "Error: ClaimReview needs one page per fact-check: set claimreview_url_pattern in the "
        'config file, e.g. claimreview_url_pattern = "https://factcheck.example.org/checks/{id}"\n'
    )
    assert (written.exit_code, written.stdout) == (
        0,
        f"exported 4 claims as claimreview to {target}\n",
    )
    assert (
        validated.stdout == f"{target}: valid against claimreview.schema.json (4 items checked)\n"
    )


def test_schema_list() -> None:
    result = run(None, "schema", "list")
    listed = run(None, "schema", "list", "--json")

    base = "https://factcheck.invalid/schemas"
    assert result.stdout == (
        f"claimset      Claim set  ({base}/claimset.schema.json)\n"
        f"claim         Claim  ({base}/claim.schema.json)\n"
        f"source        Source  ({base}/source.schema.json)\n"
        f"evidence      Evidence  ({base}/evidence.schema.json)\n"
        f"review-event  Review event  ({base}/review-event.schema.json)\n"
        f"claimreview   ClaimReview  ({base}/claimreview.schema.json)\n"
    )
    assert [row["name"] for row in json.loads(listed.stdout)] == [
        "claimset",
        "claim",
        "source",
        "evidence",
        "review-event",
        "claimreview",
    ]


def test_schema_show_prints_the_file() -> None:
    result = run(None, "schema", "show", "claim")
    unknown = run(None, "schema", "show", "claims")

    assert (result.exit_code, result.stdout) == (0, schema_text("claim"))
    assert unknown.exit_code == 2 and "'claims' is not one of" in unknown.stderr


def test_schema_validate_valid_and_invalid(seeded_url: str, out: Path) -> None:
    good = out / "good.json"
    run(seeded_url, "export", "-o", str(good))
    document = json.loads(good.read_text())
    document["claims"][0]["review_state"] = "published"
    del document["sources"][0]["text"]
    bad = out / "bad.json"
    bad.write_text(json.dumps(document))

    valid = run(None, "schema", "validate", str(good))
    invalid = run(None, "schema", "validate", str(bad))
    as_json = run(None, "schema", "validate", str(bad), "--json")

    assert (valid.exit_code, valid.stdout) == (
        0,
        f"{good}: valid against claimset.schema.json (7 items checked)\n",
    )
    assert (invalid.exit_code, invalid.stdout) == (1, "")
    assert invalid.stderr.splitlines() == [
        f"Error: {bad} does not match claimset.schema.json",
        "  $.sources[0]: 'text' is a required property",
        "  $.claims[0].review_state: 'published' is not one of "
        "['pending', 'in_review', 'proposed', 'approved', 'dismissed']",
    ]
    assert as_json.exit_code == 1
    assert json.loads(as_json.stdout) == {
        "file": str(bad),
        "valid": False,
        "problems": [line.strip() for line in invalid.stderr.splitlines()[1:]],
    }


def test_schema_validate_jsonl_line_by_line(seeded_url: str, out: Path) -> None:
    lines = out / "claims.jsonl"
    run(seeded_url, "export", "--format", "jsonl", "-o", str(lines))
    broken = out / "broken.jsonl"
    broken.write_text(lines.read_text() + '{"id": 1}\nnot json\n')

    valid = run(None, "schema", "validate", str(lines))
    invalid = run(None, "schema", "validate", str(broken))

    assert valid.stdout == f"{lines}: valid against claim.schema.json (4 items checked)\n"
    assert invalid.exit_code == 1
    assert "  line 5: $: 'attribution' is a required property" in invalid.stderr.splitlines()
    assert invalid.stderr.splitlines()[-1].startswith("  ... and ")


def test_schema_validate_needs_a_schema_for_unknown_documents(out: Path) -> None:
    unknown = out / "unknown.json"
    unknown.write_text('{"hello": "world"}')

    result = run(None, "schema", "validate", str(unknown))

    assert (result.exit_code, result.stderr) == (
        1,
        "Error: cannot tell which schema this document is for; pass --schema NAME\n",
    )


def test_import_from_stdin(migrated_db_url: str) -> None:
    from _exchange_helpers import PINNED_AT, budget_extraction

    from factcheck.exchange.document import extraction_document

    document = json.dumps(extraction_document(budget_extraction(), generated_at=PINNED_AT))
    result = run(migrated_db_url, "import", "-", input=document)

    assert (result.exit_code, result.stdout) == (
        0,
        "imported -: sources: 1 new, 0 already stored; claims: 5 new, 0 updated, 0 unchanged; "
        "0 evidence links and 0 review events added\n",
    )


def test_cli_choices_match_the_library() -> None:
    from factcheck.cli.exchange import FORMATS
    from factcheck.exchange.export import ExportFormat

    assert FORMATS == tuple(f.value for f in ExportFormat)


def test_claimreview_summary_from_the_command_line(
    seeded_url: str, out: Path, isolated_settings: Path
) -> None:
    isolated_settings.mkdir(parents=True, exist_ok=True)
    (isolated_settings / "config.toml").write_text(
        'claimreview_url_pattern = "https://checks.example.org/c/{id}"\n'
    )
    target = out / "short.json"
    written = run(seeded_url, "export", "--format", "claimreview", "--summary", "-o", str(target))
    misused = run(seeded_url, "export", "--summary", "-o", str(out / "x.json"))

    assert (written.exit_code, written.stdout) == (
        0,
        f"exported 4 claims as claimreview to {target}\n",
    )
    reviewed = sorted(item["claimReviewed"] for item in json.loads(target.read_text()))
    assert reviewed == [
        "The budget will grow by 4 percent next year",
        "The city of Portown has 120,000 residents",
        "The harbour reopened on Friday after a two-week closure",
        "We will not raise taxes",
    ]
    assert (misused.exit_code, misused.stderr) == (
        1,
        "Error: --summary shortens ClaimReview's claimReviewed: use it with claimreview\n",
    )
    assert not (out / "x.json").exists()
