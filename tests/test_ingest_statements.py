"""Storing an article costs a fixed, small number of statements, on both backends."""

from __future__ import annotations

from typing import Any

from _review_helpers import gold_extraction
from sqlalchemy import event

from factcheck.store.claims import list_claims
from factcheck.store.engine import Store
from factcheck.store.ingest import ingest


def test_an_article_is_one_insert_of_its_claims(store: Store) -> None:
    """The gold sample mixes present and missing speakers and cues: still one INSERT."""
    extraction = gold_extraction()
    statements: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        statements.append(" ".join(statement.split()[:3]))

    event.listen(store.write_engine, "before_cursor_execute", record)
    try:
        ingest(store, extraction)
    finally:
        event.remove(store.write_engine, "before_cursor_execute", record)

    assert statements.count("INSERT INTO claims") == 1, statements
    stored = list_claims(store)
    assert [c.speaker for c in stored] == [
        c.attribution.speaker for c in extraction.claims
    ]
    assert None in {c.speaker for c in stored} and len({c.speaker for c in stored}) > 2
