"""Every ``claims list`` filter is served by an index, on SQLite and PostgreSQL.

The list query (``factcheck.store.readmodels.claim_list_sql``, which both read
paths run) is EXPLAINed for each filter: SQLite's EXPLAIN QUERY PLAN as it
stands (factcheck never ANALYZEs, so neither does this test), PostgreSQL's
EXPLAIN with ``enable_seqscan`` off so the few rows of a test database do not
make a sequential scan the cheaper plan. Each case names the index that must
serve the claims table; a plan that scans claims, evidence or sources in full
where an index should serve fails. The figures behind this (a million claims)
are measured by ``bench/bench_lists.py``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from _review_helpers import fresh_database, ingest_sample

from factcheck.store.engine import Store
from factcheck.store.readmodels import ClaimFilters, bind, claim_list_sql

POSITION = (1, 3)
"""A cursor position (source 1, sentence 3), as ``--after`` resolves it."""

# name: (filters, after, index on SQLite, index on PostgreSQL)
CASES: dict[str, tuple[ClaimFilters, tuple[int, int] | None, str, str]] = {
    "every claim, in list order": (
        ClaimFilters(limit=50),
        None,
        "sqlite_autoindex_claims_1",
        "uq_claims_source_id_ordinal",
    ),
    "--source": (
        ClaimFilters(source=1, limit=50),
        None,
        "sqlite_autoindex_claims_1",
        "uq_claims_source_id_ordinal",
    ),
    "--after": (
        ClaimFilters(limit=50),
        POSITION,
        "sqlite_autoindex_claims_1",
        "uq_claims_source_id_ordinal|ix_claims_source_id",
    ),
    "--state": (
        ClaimFilters(states=["approved"], limit=50),
        None,
        "ix_claims_review_state_order",
        "ix_claims_review_state_order",
    ),
    "--state twice": (
        ClaimFilters(states=["approved", "proposed"], limit=50),
        None,
        "ix_claims_review_state",
        "ix_claims_review_state",
    ),
    "--status": (
        ClaimFilters(statuses=["refuted"], limit=50),
        None,
        "ix_claims_evidence_status_order",
        "ix_claims_evidence_status_order",
    ),
    "--kind": (
        ClaimFilters(kinds=["direct_quote"], limit=50),
        None,
        "ix_claims_attribution_kind_order",
        "ix_claims_attribution_kind_order",
    ),
    "--kind --after": (
        ClaimFilters(kinds=["direct_quote"], limit=50),
        POSITION,
        "ix_claims_attribution_kind_order",
        "ix_claims_attribution_kind_order",
    ),
    "--search": (
        ClaimFilters(searches=["alipay"], limit=50),
        None,
        "claims_fts",
        "ix_claims_text_trgm",
    ),
    "--search twice": (
        ClaimFilters(searches=["alipay", "ant group"], limit=50),
        None,
        "claims_fts",
        "ix_claims_text_trgm",
    ),
    "--speaker": (
        ClaimFilters(speakers=["michael"], limit=50),
        None,
        "claims_fts",
        "ix_claims_speaker_trgm",
    ),
    "--search unlimited": (
        ClaimFilters(searches=["alipay"]),
        None,
        "claims_fts",
        "ix_claims_text_trgm",
    ),
}

# A table read in full, on either backend: the thing that must not happen.
_FULL_SCAN = {
    "sqlite": re.compile(r"^SCAN (claims|evidence|sources)\b(?! USING (COVERING )?INDEX)"),
    "postgresql": re.compile(r"Seq Scan on (claims|evidence|sources)\b"),
}


BULK_CLAIMS = 20_000


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def sampled(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Store]:
    """The sample, and on PostgreSQL a bulk of claims and fresh statistics.

    PostgreSQL plans from statistics: with a few rows every plan is cheap and
    it may prefer reading the list-order index whole. So it gets enough rows
    (varied text, the sample's kinds and states) for its choices to be those
    of a real database, and ANALYZE, as autovacuum would run.
    """
    with fresh_database(request.param, tmp_path_factory.mktemp("plans")) as store:
        ingest_sample(store)
        if store.dialect == "postgresql":
            with store.write() as session:
                connection = session.connection()
                connection.exec_driver_sql(_BULK_SOURCE)
                connection.exec_driver_sql(_BULK_CLAIMS, (BULK_CLAIMS,))
            with store.write_engine.connect() as connection:
                connection.exec_driver_sql("ANALYZE")
        yield store


_BULK_SOURCE = (
    "INSERT INTO sources (id, kind, retrieved_at, content_hash, text) "
    "SELECT 1000 + s, 'news_article', now(), 'sha256:bulk' || s, 'bulk' "
    "FROM generate_series(0, 199) AS s"
)
_BULK_CLAIMS = (
    "INSERT INTO claims (source_id, ordinal, text, span_start, span_end, paragraph, "
    "attribution_kind, speaker, attribution_rule, attribution_confidence, hedges, "
    "evidence_status, review_state, version, created_at, updated_at) "
    "SELECT 1000 + mod(n, 200), n, md5(n::text) || ' ' || md5((n * 7)::text), 0, 1, 0, "
    "(ARRAY['reporter_assertion', 'direct_quote', 'indirect_quote'])[mod(n, 3) + 1], "
    "'Person ' || md5(mod(n, 500)::text), 'bulk', 0.5, '[]', "
    "CASE WHEN mod(n, 50) = 0 THEN 'refuted' ELSE 'unverified' END, "
    "CASE WHEN mod(n, 40) = 0 THEN 'approved' ELSE 'pending' END, 1, now(), now() "
    "FROM generate_series(1, %s) AS n"
)


def explain(store: Store, filters: ClaimFilters, after: tuple[int, int] | None) -> list[str]:
    """The plan of the list query, one line per step."""
    with store.read() as session:
        connection = session.connection()
        dialect = connection.dialect.name
        sql, parameters = claim_list_sql(dialect, filters, after)
        if dialect == "sqlite":
            rows = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}", tuple(parameters))
            return [str(row[3]) for row in rows]
        connection.exec_driver_sql("SET LOCAL enable_seqscan = off")
        rows = connection.exec_driver_sql(f"EXPLAIN {sql}", tuple(parameters))
        return [str(row[0]) for row in rows]


@pytest.mark.parametrize("case", list(CASES))
def test_each_filter_is_served_by_its_index(sampled: Store, case: str) -> None:
    filters, after, sqlite_index, postgres_index = CASES[case]
    plan = explain(sampled, filters, after)
    dialect = sampled.dialect
    expected = sqlite_index if dialect == "sqlite" else postgres_index

    text = "\n".join(plan)
    assert re.search(expected, text), text
    assert not [line for line in plan if _FULL_SCAN[dialect].search(line.strip())], text


def test_evidence_is_counted_for_listed_rows_only(sampled: Store) -> None:
    """A correlated count per row, through the evidence index, never a grouped scan."""
    text = "\n".join(explain(sampled, ClaimFilters(limit=5), None))
    index = "ix_evidence_claim_id"
    assert index in text and "GROUP BY" not in text.upper(), text


def test_the_detector_sees_a_full_scan(sampled: Store) -> None:
    """A filter on an unindexed column: the check above would fail on this plan."""
    with sampled.read() as session:
        connection = session.connection()
        dialect = connection.dialect.name
        sql = bind("SELECT id FROM claims WHERE note = {p}", dialect)
        if dialect == "postgresql":
            connection.exec_driver_sql("SET LOCAL enable_seqscan = off")
            prefix = "EXPLAIN "
            column = 0
        else:
            prefix, column = "EXPLAIN QUERY PLAN ", 3
        plan = [str(r[column]) for r in connection.exec_driver_sql(prefix + sql, ("x",))]

    assert [line for line in plan if _FULL_SCAN[dialect].search(line.strip())], plan
