"""Export through the library, on SQLite and PostgreSQL: content, determinism, safety."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from _exchange_helpers import (
    BUDGET,
    HARBOUR,
    PINNED,
    PINNED_AT,
    budget_extraction,
    export_document,
    export_text,
    seed,
)
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from sqlalchemy import text

from factcheck.errors import OutputError, ValidationFailed
from factcheck.exchange.collect import ExportFilters
from factcheck.exchange.document import extraction_document
from factcheck.exchange.export import ExportFormat, export
from factcheck.model import (
    AttributionKind,
    EvidenceStatus,
    ReviewState,
    content_hash,
    stable_source_id,
)
from factcheck.store.engine import Store

ROOT = Path(__file__).resolve().parent.parent
BUDGET_ID = stable_source_id(content_hash(BUDGET))
HARBOUR_ID = stable_source_id(content_hash(HARBOUR))


@pytest.fixture
def seeded(store: Store) -> Store:
    seed(store)
    return store


def stock_validator() -> Draft202012Validator:
    """A validator built the stock way from the schema files alone (no factcheck code)."""
    schemas = [json.loads(p.read_text()) for p in (ROOT / "schemas").glob("*.schema.json")]
    registry = Registry().with_resources(
        (schema["$id"], Resource.from_contents(schema)) for schema in schemas
    )
    claimset = next(s for s in schemas if s["$id"].endswith("/claimset.schema.json"))
    return Draft202012Validator(
        claimset, registry=registry, format_checker=Draft202012Validator.FORMAT_CHECKER
    )


def test_default_export_is_the_verified_claim_set(seeded: Store, tmp_path: Path) -> None:
    document = export_document(seeded, tmp_path)

    assert {c["review_state"] for c in document["claims"]} == {"approved"}
    # ordered by source content hash, then span (here: ordinal order)
    assert [
        (c["source"], c["ordinal"], c["evidence_status"]) for c in document["claims"]
    ] == sorted(
        [
            (BUDGET_ID, 0, "supported"),
            (BUDGET_ID, 1, "refuted"),
            (BUDGET_ID, 2, "mixed"),
            (HARBOUR_ID, 0, "supported"),
        ]
    )
    assert [s["id"] for s in document["sources"]] == sorted([BUDGET_ID, HARBOUR_ID])
    assert document["generated_at"] == PINNED
    assert document["filters"] == {
        "states": ["approved"],
        "source": None,
        "statuses": [],
        "kinds": [],
        "since": None,
        "until": None,
    }
    stock_validator().validate(document)


def test_a_claim_carries_its_review_anchor_and_history(seeded: Store, tmp_path: Path) -> None:
    document = export_document(seeded, tmp_path)
    claim = next(c for c in document["claims"] if c["source"] == BUDGET_ID and c["ordinal"] == 0)
    start, end = claim["span"]["start"], claim["span"]["end"]

    assert claim["id"] == f"{BUDGET_ID.replace('source:', 'claim:')}:{start}-{end}"
    assert claim["text"] == BUDGET[start:end]
    assert claim["attribution"] == {
        "kind": "indirect_quote",
        "speaker": "Ana Lima",
        "speaker_title": "Finance Minister",
        "cue": {"text": "said", "start": BUDGET.index("said"), "end": BUDGET.index("said") + 4},
        "rule": "test",
        "confidence": 0.75,
    }
    assert claim["target"] == {
        "source": BUDGET_ID,
        "selector": [
            {
                "type": "TextQuoteSelector",
                "exact": claim["text"],
                "prefix": BUDGET[start - 32 : start],
                "suffix": BUDGET[end : end + 32],
            },
            {"type": "TextPositionSelector", "start": start, "end": end},
        ],
    }
    assert (claim["proposed_by"], claim["approved_by"], claim["note"]) == (
        "rita",
        "ed",
        "checked: supported",
    )
    assert [e["url"] for e in claim["evidence"]] == [
        f"https://evidence.example.org/{n}" for n in ("1/0", "1/1")
    ]
    assert [e["action"] for e in claim["history"]] == [
        "take",
        "mark",
        "add_evidence",
        "add_evidence",
        "propose",
        "approve",
    ]
    assert [e["seq"] for e in claim["history"]] == [1, 2, 3, 4, 5, 6]
    assert claim["history"][0]["prev_hash"] is None
    assert all(
        later["prev_hash"] == earlier["hash"]
        for earlier, later in zip(claim["history"], claim["history"][1:], strict=False)
    )
    assert claim["approved_at"] == claim["history"][-1]["created_at"]


def test_a_source_carries_its_metadata_hash_and_text(seeded: Store, tmp_path: Path) -> None:
    source = next(s for s in export_document(seeded, tmp_path)["sources"] if s["id"] == BUDGET_ID)
    assert {k: v for k, v in source.items() if k != "retrieved_at"} == {
        "id": BUDGET_ID,
        "kind": "news_article",
        "title": "Minister says budget will grow",
        "url": "https://news.example.org/2024/05/budget",
        "publisher": "The Example Times",
        "author": "Jo Writer",
        "published": "2024-05-20",
        "content_hash": content_hash(BUDGET),
        "text": BUDGET,
    }
    assert source["retrieved_at"].endswith("Z")


def test_output_is_canonical_json_and_byte_identical_when_repeated(
    seeded: Store, tmp_path: Path
) -> None:
    first = export_text(seeded, tmp_path, name="a.json")
    second = export_text(seeded, tmp_path, name="b.json")
    other_time = export_text(seeded, tmp_path, name="c.json", generated_at=None)

    assert first == second
    assert (
        first == json.dumps(json.loads(first), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    )
    assert "“We will not raise taxes,”" in export_text(
        seeded, tmp_path, name="d.json", filters=ExportFilters(states=())
    )
    differing = [
        (a, b) for a, b in zip(first.splitlines(), other_time.splitlines(), strict=True) if a != b
    ]
    assert len(differing) == 1 and differing[0][0].strip().startswith('"generated_at"')


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (ExportFilters(states=()), 7),
        (ExportFilters(states=(ReviewState.PROPOSED, ReviewState.IN_REVIEW)), 2),
        (ExportFilters(statuses=(EvidenceStatus.REFUTED,)), 1),
        (ExportFilters(kinds=(AttributionKind.REPORTER_ASSERTION,)), 2),
        (ExportFilters(source=HARBOUR_ID), 1),
        (ExportFilters(states=(), since=PINNED_AT.date().replace(year=2024, month=1)), 5),
        (ExportFilters(states=(), until=PINNED_AT.date().replace(year=2023, month=12)), 2),
        (ExportFilters(states=(ReviewState.DISMISSED,)), 0),
    ],
    ids=["any", "proposed+in_review", "refuted", "reporter", "source", "since", "until", "none"],
)
def test_filters_select_claims_and_are_recorded(
    seeded: Store, tmp_path: Path, filters: ExportFilters, expected: int
) -> None:
    document = export_document(seeded, tmp_path, filters=filters)

    assert len(document["claims"]) == expected
    assert document["filters"] == filters.as_document()
    assert {s["id"] for s in document["sources"]} == {c["source"] for c in document["claims"]}
    stock_validator().validate(document)


def test_jsonl_is_one_valid_claim_per_line_matching_the_document(
    seeded: Store, tmp_path: Path
) -> None:
    from factcheck.exchange.validate import validator

    lines = export_text(seeded, tmp_path, name="a.jsonl", format=ExportFormat.JSONL).splitlines()
    document = export_document(seeded, tmp_path)

    assert [json.loads(line) for line in lines] == document["claims"]
    assert all(validator("claim").is_valid(json.loads(line)) for line in lines)
    assert lines[0] == json.dumps(
        document["claims"][0], sort_keys=True, ensure_ascii=False, separators=(",", ":")
    )


def test_an_existing_file_is_kept_without_force(seeded: Store, tmp_path: Path) -> None:
    target = tmp_path / "verified.json"
    target.write_text("keep me")

    with pytest.raises(OutputError, match="already exists; pass --force"):
        export(seeded, output=target)
    assert target.read_text() == "keep me"
    export(seeded, output=target, force=True, generated_at=PINNED_AT)
    assert json.loads(target.read_text())["generated_at"] == PINNED


def test_bad_output_paths_are_refused(seeded: Store, tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="does not exist; create it first"):
        export(seeded, output=tmp_path / "missing" / "out.json")
    with pytest.raises(OutputError, match="is a folder"):
        export(seeded, output=tmp_path)


def corrupt_one_claim(store: Store) -> None:
    """Make the last exported claim invalid (a hedge that is not a string)."""
    with store.write() as session:
        session.execute(
            text(
                "UPDATE claims SET hedges = :bad WHERE id = "
                "(SELECT MAX(id) FROM claims WHERE review_state = 'approved')"
            ),
            {"bad": "[1]"},
        )


def test_an_invalid_item_stops_the_export_and_leaves_no_file(seeded: Store, tmp_path: Path) -> None:
    corrupt_one_claim(seeded)
    folder = tmp_path / "exports"
    folder.mkdir()

    with pytest.raises(ValidationFailed) as caught:
        export(seeded, output=folder / "out.json")
    assert "nothing was written" in str(caught.value)
    assert any(".hedges[0]: 1 is not of type 'string'" in p for p in caught.value.problems)
    assert list(folder.iterdir()) == []


def test_a_failed_forced_export_keeps_the_old_file(seeded: Store, tmp_path: Path) -> None:
    folder = tmp_path / "exports"
    folder.mkdir()
    target = folder / "out.json"
    target.write_text("previous export")
    corrupt_one_claim(seeded)

    with pytest.raises(ValidationFailed):
        export(seeded, output=target, force=True)
    assert [p.name for p in folder.iterdir()] == ["out.json"]
    assert target.read_text() == "previous export"


def test_an_empty_selection_is_a_valid_empty_document(store: Store, tmp_path: Path) -> None:
    text_out = export_text(store, tmp_path)
    document = json.loads(text_out)

    assert (document["claims"], document["sources"]) == ([], [])
    assert text_out == json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    stock_validator().validate(document)


def test_extraction_document_is_a_valid_unreviewed_claim_set() -> None:
    document: dict[str, Any] = extraction_document(budget_extraction(), generated_at=PINNED_AT)

    stock_validator().validate(document)
    assert document["filters"] is None
    assert document["sources"][0]["retrieved_at"] == PINNED
    assert {
        (c["review_state"], c["evidence_status"], len(c["evidence"]), len(c["history"]))
        for c in document["claims"]
    } == {("pending", "unverified", 0, 0)}
    assert [c["ordinal"] for c in document["claims"]] == [0, 1, 2, 3, 4]


def test_extraction_document_matches_an_export_of_the_ingested_article(
    store: Store, tmp_path: Path
) -> None:
    from factcheck.store.ingest import ingest

    extraction = budget_extraction()
    ingest(store, extraction)
    exported = export_document(store, tmp_path, filters=ExportFilters(states=()))
    extracted = extraction_document(extraction, generated_at=PINNED_AT)

    assert exported["claims"] == extracted["claims"]
    strip = ("retrieved_at",)
    assert [{k: v for k, v in s.items() if k not in strip} for s in exported["sources"]] == [
        {k: v for k, v in s.items() if k not in strip} for s in extracted["sources"]
    ]
