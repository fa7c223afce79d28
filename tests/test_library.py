"""Library behaviour a script relies on: the store as a context manager, streaming
reads, and the review queue's next claim (taken for the reviewer)."""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest
from _exchange_helpers import add_people, budget_extraction, harbour_extraction, seed

import factcheck
from factcheck.exchange import collect
from factcheck.store.engine import Store


def pooled(store: Store) -> int:
    """Connections the store's engines hold open."""
    engines = {store.write_engine, store.read_engine}
    return sum(engine.pool.checkedin() + engine.pool.checkedout() for engine in engines)


def test_with_open_store_closes_every_connection(migrated_db_url: str) -> None:
    with factcheck.open_store(migrated_db_url) as store:
        factcheck.list_sources(store)
        with store.write():
            pass
        inside = pooled(store)
    assert inside >= 1
    assert pooled(store) == 0


def test_the_store_closes_when_the_block_raises(migrated_db_url: str) -> None:
    with pytest.raises(factcheck.NotFound), factcheck.open_store(migrated_db_url) as store:
        factcheck.list_sources(store)
        factcheck.get_claim(store, claim_id=999)
    assert pooled(store) == 0


def test_iter_claims_streams_in_pages(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed(store)
    monkeypatch.setattr(collect, "CLAIM_PAGE", 2)  # several pages for one source
    stream = factcheck.iter_claims(store)
    every = list(stream)

    assert inspect.isgenerator(stream)
    assert sorted(c.id for c in every) == sorted(c.id for c in factcheck.list_claims(store))
    assert len(every) == 7
    by_id = {c.id: c for c in factcheck.list_claims(store)}
    assert all(claim == by_id[claim.id] for claim in every)  # the same read model


def test_iter_claims_takes_the_export_filters(store: Store) -> None:
    seed(store)
    approved = list(factcheck.iter_claims(store, factcheck.ExportFilters()))
    quotes = list(
        factcheck.iter_claims(
            store, factcheck.ExportFilters(states=[], kinds=["direct_quote", "indirect_quote"])
        )
    )
    first_source = list(factcheck.iter_claims(store, factcheck.ExportFilters(states=[], source=1)))

    assert {c.state.value for c in approved} == {"approved"} and len(approved) == 4
    assert {c.kind.value for c in quotes} == {"direct_quote", "indirect_quote"}
    assert len(quotes) == 3
    assert {c.source_id for c in first_source} == {1} and len(first_source) == 5
    with pytest.raises(factcheck.NotFound, match="no source 99"):
        list(factcheck.iter_claims(store, factcheck.ExportFilters(source=99)))


def test_stopping_early_closes_the_read(store: Store) -> None:
    seed(store)
    stream = factcheck.iter_claims(store)
    next(stream)
    stream.close()
    assert store.read_engine.pool.checkedout() == 0


# --- the review queue ------------------------------------------------------------------


@pytest.fixture
def queued(store: Store) -> Store:
    add_people(store)
    factcheck.ingest(store, budget_extraction())
    factcheck.ingest(store, harbour_extraction())
    return store


def test_next_for_review_takes_the_first_pending_claim(queued: Store) -> None:
    first = factcheck.next_for_review(queued, by="rita")

    assert first is not None
    assert (first.state.value, first.assignee, first.ordinal, first.source_id) == (
        "in_review",
        "rita",
        0,
        1,
    )
    assert factcheck.history(queued, claim_id=first.id)[-1].action.value == "take"


def test_next_for_review_resumes_what_the_reviewer_holds(queued: Store) -> None:
    first = factcheck.next_for_review(queued, by="rita")
    again = factcheck.next_for_review(queued, by="rita")

    assert first is not None and again is not None
    assert again.id == first.id and again.version == first.version


def test_two_reviewers_never_get_the_same_claim(queued: Store) -> None:
    factcheck.add_reviewer(queued, handle="sam", role="reviewer", by="ana")
    rita = factcheck.next_for_review(queued, by="rita")
    sam = factcheck.next_for_review(queued, by="sam")

    assert rita is not None and sam is not None
    assert rita.id != sam.id and sam.assignee == "sam"


def test_a_claim_taken_after_the_read_is_skipped(
    queued: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    from factcheck.store import queue

    factcheck.add_reviewer(queued, handle="sam", role="reviewer", by="ana")
    real_take = queue.take_claim
    first_pending = factcheck.list_claims(queued, states=["pending"])[0].id

    def race(store: Store, *, claim_id: int, by: str, expected_version: int | None) -> object:
        if claim_id == first_pending:  # sam takes it between rita's read and her take
            real_take(store, claim_id=claim_id, by="sam")
        return real_take(store, claim_id=claim_id, by=by, expected_version=expected_version)

    monkeypatch.setattr(queue, "take_claim", race)
    got = factcheck.next_for_review(queued, by="rita")

    assert got is not None and got.id != first_pending and got.assignee == "rita"
    assert factcheck.get_claim(queued, claim_id=first_pending).assignee == "sam"


def test_next_for_review_filters_and_peeks(queued: Store) -> None:
    peek = factcheck.next_for_review(queued, by="rita", kinds=["press_release"], take=False)
    harbour = factcheck.next_for_review(queued, by="rita", source=2)

    assert peek is not None and peek.kind.value == "press_release" and peek.state.value == "pending"
    assert harbour is not None and harbour.source_id == 2


def test_an_empty_queue_gives_none_and_an_unknown_reviewer_is_named(queued: Store) -> None:
    assert factcheck.next_for_review(queued, by="rita", search="no such words") is None
    with pytest.raises(factcheck.NotFound, match="no reviewer 'zed'"):
        factcheck.next_for_review(queued, by="zed")


def test_a_second_store_opened_in_a_script_is_independent(tmp_path: Path) -> None:
    urls = [f"sqlite:///{tmp_path / name}" for name in ("a.db", "b.db")]
    counts = []
    for url in urls:
        with factcheck.open_store(url) as store:
            if url.endswith("a.db"):
                factcheck.ingest(store, harbour_extraction())
            counts.append(len(factcheck.list_sources(store)))
    assert counts == [1, 0]
