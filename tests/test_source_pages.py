"""``sources list`` at scale: pages (--limit, --after) and never the article text."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from _review_helpers import fresh_database, ingest_sample, run_cli, synthetic_extraction
from sqlalchemy import event

from factcheck.store.engine import Store
from factcheck.store.ingest import ingest
from factcheck.store.sources import list_sources


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def five_sources(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Store]:
    with fresh_database(request.param, tmp_path_factory.mktemp("sources")) as store:
        ingest_sample(store)
        for n in range(4):
            ingest(store, synthetic_extraction(n + 1, tag=f"source {n}"))
        yield store


def listed(store: Store, *args: str) -> list[tuple[int, int]]:
    result = run_cli(store.url, "sources", "list", "--json", *args)
    assert result.exit_code == 0, result.stderr
    return [(item["id"], item["claim_count"]) for item in json.loads(result.stdout)]


def test_pages_follow_each_other(five_sources: Store) -> None:
    whole = listed(five_sources)
    first = listed(five_sources, "--limit", "2")
    second = listed(five_sources, "--limit", "2", "--after", str(first[-1][0]))
    rest = listed(five_sources, "--after", str(second[-1][0]))

    assert whole == [(1, 14), (2, 1), (3, 2), (4, 3), (5, 4)]
    assert first + second + rest == whole and len(rest) == 1


def test_the_article_text_is_never_read(five_sources: Store) -> None:
    statements: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        statements.append(statement)

    event.listen(five_sources.read_engine, "before_cursor_execute", record)
    try:
        summaries = list_sources(five_sources, limit=3)
    finally:
        event.remove(five_sources.read_engine, "before_cursor_execute", record)

    assert [s.claim_count for s in summaries] == [14, 1, 2]
    selects = [s for s in statements if "FROM sources" in s]
    assert selects and not [s for s in selects if "sources.text" in s], selects


@pytest.mark.parametrize("dialect", ["sqlite", "postgresql"])
def test_the_fast_path_does_not_select_the_text(dialect: str) -> None:
    from factcheck.store.readmodels import source_list_sql

    sql, _ = source_list_sql(dialect, limit=5, after=None)
    selected = sql.split(" FROM sources")[0]
    assert "content_hash" in selected and "text" not in selected
