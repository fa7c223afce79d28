"""``factcheck export --format csv``: one row per claim, the documented columns."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from _exchange_helpers import BUDGET, PINNED_AT, seed
from click.testing import CliRunner

from factcheck.cli.main import cli
from factcheck.exchange.collect import ExportFilters
from factcheck.exchange.csvexport import COLUMNS, column_names
from factcheck.exchange.export import export
from factcheck.model import content_hash, stable_claim_id
from factcheck.store.engine import Store, open_store

DOCS = Path(__file__).resolve().parent.parent / "docs" / "csv.md"


def read_rows(path: Path) -> tuple[bytes, list[dict[str, str]]]:
    raw = path.read_bytes()
    return raw, list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def test_one_row_per_claim_with_every_column(store: Store, tmp_path: Path) -> None:
    seed(store)
    target = tmp_path / "claims.csv"
    result = export(
        store, output=target, format="csv", filters=ExportFilters(states=()),
        generated_at=PINNED_AT,
    )
    raw, rows = read_rows(target)

    assert (result.claims, len(rows)) == (7, 7)
    assert raw.startswith(b"\xef\xbb\xbf" + b",".join(n.encode() for n in column_names()) + b"\r\n")
    start = BUDGET.index("The budget will grow")
    end = BUDGET.index("Monday.") + len("Monday.")
    budget = next(r for r in rows if r["id"] == stable_claim_id(content_hash(BUDGET), start, end))
    assert budget == {
        **budget,
        "source_title": "Minister says budget will grow",
        "source_url": "https://news.example.org/2024/05/budget",
        "source_publisher": "The Example Times",
        "source_published": "2024-05-20",
        "text": BUDGET[start:end],
        "kind": "indirect_quote",
        "speaker": "Ana Lima",
        "speaker_title": "Finance Minister",
        "cue": "said",
        "evidence_status": "supported",
        "review_state": "approved",
        "note": "checked: supported",
        "evidence_count": "2",
        "proposed_by": "rita",
        "approved_by": "ed",
        "start": str(start),
        "end": str(end),
        "start_utf16": str(start),
        "end_utf16": str(end),
    }
    assert budget["evidence_urls"].startswith("[supports] https://evidence.example.org/")
    assert budget["evidence_urls"].count(" | ") == 1
    hedged = next(r for r in rows if r["text"].startswith("Officials reportedly"))
    assert (hedged["hedges"], hedged["speaker"], hedged["approved_at"]) == ("reportedly", "", "")


def test_the_default_is_the_verified_set_and_the_cli_writes_it(
    store: Store, tmp_path: Path
) -> None:
    seed(store)
    target = tmp_path / "verified.csv"
    result = CliRunner().invoke(
        cli, ["--db", store.url, "export", "--format", "csv", "-o", str(target)],
        catch_exceptions=False,
    )
    _, rows = read_rows(target)

    assert (result.exit_code, result.stdout) == (
        0, f"exported 4 claims as csv to {target}\n"
    )
    assert {r["review_state"] for r in rows} == {"approved"} and len(rows) == 4


def test_standard_output_has_no_byte_order_mark(store: Store) -> None:
    seed(store)
    result = CliRunner().invoke(
        cli, ["--db", store.url, "export", "--format", "csv", "--status", "refuted"],
        catch_exceptions=False,
    )
    lines = result.stdout.splitlines()

    assert lines[0] == ",".join(column_names())
    assert len(lines) == 2 and "refuted" in lines[1]
    assert result.stderr == "exported 1 claims as csv to standard output\n"


def test_formula_like_cells_are_defused(tmp_path: Path) -> None:
    from _exchange_helpers import build_extraction

    from factcheck.model import AttributionKind, SourceMeta
    from factcheck.store.ingest import ingest

    text = "Title\n\n=HYPERLINK(\"http://evil.example\") is a claim. -5 percent is another.\n"
    extraction = build_extraction(
        text,
        SourceMeta(title="@import"),
        [
            ("=HYPERLINK", AttributionKind.REPORTER_ASSERTION, None, None, None, []),
            ("-5 percent", AttributionKind.REPORTER_ASSERTION, None, None, None, []),
        ],
    )
    with open_store(f"sqlite:///{tmp_path / 'f.db'}") as store:
        ingest(store, extraction)
        export(store, output=tmp_path / "f.csv", format="csv", filters=ExportFilters(states=()))
    _, rows = read_rows(tmp_path / "f.csv")

    assert [r["text"][:3] for r in rows] == ["'=H", "'-5"]
    assert {r["source_title"] for r in rows} == {"'@import"}


def test_the_documented_columns_are_the_written_ones() -> None:
    documented = re.findall(r"^\| `([a-z_0-9]+)` \|", DOCS.read_text("utf-8"), re.MULTILINE)
    assert documented == column_names()
    assert len({name for name, _, _ in COLUMNS}) == len(COLUMNS)


@pytest.mark.parametrize("bad", ["xlsx", "CSV "])
def test_a_wrong_format_names_the_allowed_ones(store: Store, tmp_path: Path, bad: str) -> None:
    from factcheck.errors import InvalidChoice

    with pytest.raises(InvalidChoice) as raised:
        export(store, output=tmp_path / "x", format=bad)
    assert str(raised.value) == (
        f"{bad!r} is not a valid export format; allowed: json, jsonl, claimreview, csv"
    )
    assert not (tmp_path / "x").exists()
