"""The storage layer through its library API, on SQLite and PostgreSQL.

Every test here takes the ``store`` (or ``db_url``) fixture, so it runs once on
a temporary SQLite file and once on a fresh PostgreSQL database.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading
from typing import Any

import pytest
from _storage_helpers import make_extraction, row_counts
from pydantic import ValidationError
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError, StatementError

from factcheck.errors import DatabaseError, NotFound
from factcheck.model import (
    Article,
    AttributionKind,
    EvidenceIn,
    ReviewState,
    SourceKind,
    SourceMeta,
    Span,
)
from factcheck.store import ingest as ingest_module
from factcheck.store.engine import Store, open_store
from factcheck.store.ingest import ingest
from factcheck.store.sources import get_source, list_sources, source_claims
from factcheck.store.tables import ClaimRow, SourceRow

BODY = (
    "“The bridge will open in May,” the mayor said. Officials reportedly disagree. "
    "Costs rose by 12%.\n\nThe council meets on Monday. Critics called the plan rushed.\n"
)
META = SourceMeta(
    kind=SourceKind.PRESS_RELEASE,
    title="Bridge plan",
    url="https://example.org/bridge",
    publisher="Daily Example",
    author="R. Porter",
    published=dt.date(2024, 3, 1),
)


# --- ingest -----------------------------------------------------------------


def test_ingest_stores_the_source_and_every_claim(store: Store) -> None:
    extraction = make_extraction(BODY, meta=META)

    result = ingest(store, extraction)

    assert (result.created, result.claim_count) == (True, 5)
    with store.read() as session:
        source = session.get(SourceRow, result.source_id)
        assert source is not None
        assert (source.kind, source.title, source.url, source.published) == (
            "press_release", "Bridge plan", "https://example.org/bridge", dt.date(2024, 3, 1)
        )
        assert source.text == BODY
        assert source.content_hash == extraction.article.content_hash
        assert source.content_hash.startswith("sha256:")
        assert source.retrieved_at.tzinfo is not None
        claims = session.query(ClaimRow).order_by(ClaimRow.ordinal).all()
        assert [c.text for c in claims] == [c.text for c in extraction.claims]
        assert all(BODY[c.span_start : c.span_end] == c.text for c in claims)
        assert [c.hedges for c in claims[:2]] == [[], ["reportedly"]]
        assert {(c.review_state, c.evidence_status, c.version) for c in claims} == {
            ("pending", "unverified", 1)
        }


def test_ingesting_the_same_text_again_writes_nothing(store: Store) -> None:
    first = ingest(store, make_extraction(BODY))
    counts = row_counts(store.url)

    again = ingest(store, make_extraction(BODY, meta=META))

    assert (again.source_id, again.claim_count, again.created) == (first.source_id, 5, False)
    # META differs from what is stored: said, and not written (`sources edit` changes it).
    assert again.describe().startswith(
        f"already ingested as source {first.source_id} (5 claims); its stored "
    )
    assert again.differing and "factcheck sources edit" in again.describe()
    assert row_counts(store.url) == counts
    plain = ingest(store, make_extraction(BODY))
    assert plain.describe() == f"already ingested as source {first.source_id} (5 claims)"


def test_the_same_text_with_other_line_endings_is_the_same_source(store: Store) -> None:
    first = ingest(store, make_extraction(BODY))
    crlf = BODY.replace("\n", "\r\n")

    assert Article(text=crlf).content_hash == Article(text=BODY).content_hash
    assert ingest(store, make_extraction(crlf)).source_id == first.source_id


def test_an_article_is_stored_whole_or_not_at_all(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = ingest_module._claim_values

    def failing_on_the_third(source_id: int, claim: Any) -> dict[str, object]:
        if claim.ordinal == 2:
            raise RuntimeError("simulated crash mid-article")
        return original(source_id, claim)

    monkeypatch.setattr(ingest_module, "_claim_values", failing_on_the_third)
    with pytest.raises(RuntimeError, match="mid-article"):
        ingest(store, make_extraction(BODY))

    assert row_counts(store.url)["sources"] == 0
    assert row_counts(store.url)["claims"] == 0


def test_two_writers_ingesting_the_same_text_make_one_source(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Both writers check for the hash before either inserts (where the database
    # lets them: SQLite's BEGIN IMMEDIATE serialises them, so the barrier
    # times out there and the second simply finds the first's source).
    barrier = threading.Barrier(2, timeout=0.5)
    original = ingest_module._existing
    calls: list[bool] = []

    def existing_then_wait(session: Any, content_hash: str) -> Any:
        found = original(session, content_hash)
        calls.append(found is None)
        if len(calls) <= 2:
            try:
                barrier.wait()
            except threading.BrokenBarrierError:
                pass
        return found

    monkeypatch.setattr(ingest_module, "_existing", existing_then_wait)
    results: list[Any] = []
    stores = [open_store(store.url) for _ in range(2)]
    threads = [
        threading.Thread(target=lambda s=s: results.append(ingest(s, make_extraction(BODY))))
        for s in stores
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    for opened in stores:
        opened.close()

    assert sorted(r.created for r in results) == [False, True]
    assert len({r.source_id for r in results}) == 1
    assert row_counts(store.url)["sources"] == 1
    assert row_counts(store.url)["claims"] == 5
    if store.dialect == "postgresql":
        # Both saw no source, one insert lost on the unique hash and looked again.
        assert calls == [True, True, False]


# --- queries ----------------------------------------------------------------


def test_list_and_show_sources_count_claims_by_kind_and_state(store: Store) -> None:
    assert list_sources(store) == []
    first = ingest(store, make_extraction(BODY, meta=META))
    second = ingest(store, make_extraction("One sentence only.\n"))

    listed = list_sources(store)
    detail = get_source(store, source_id=first.source_id)

    assert [(s.id, s.title, s.claim_count) for s in listed] == [
        (first.source_id, "Bridge plan", 5),
        (second.source_id, None, 1),
    ]
    assert detail.claims_by_kind == {
        AttributionKind.DIRECT_QUOTE: 3,
        AttributionKind.REPORTER_ASSERTION: 2,
    }
    assert detail.claims_by_state == {ReviewState.PENDING: 5}
    assert detail.text_length == len(BODY)
    claims = source_claims(store, source_id=first.source_id)
    assert [(c.ordinal, c.kind, c.speaker) for c in claims][:2] == [
        (0, AttributionKind.DIRECT_QUOTE, "A. Speaker"),
        (1, AttributionKind.REPORTER_ASSERTION, None),
    ]


def test_an_unknown_source_id_is_not_found(store: Store) -> None:
    with pytest.raises(NotFound, match="^no source with id 99$"):
        get_source(store, source_id=99)
    with pytest.raises(NotFound, match="^no source with id 99$"):
        source_claims(store, source_id=99)


# --- what the models refuse before any write ------------------------------


@pytest.mark.parametrize("bad", ["nul \x00 inside", "lone \ud800 surrogate"])
def test_text_no_database_can_store_is_refused_by_the_models(store: Store, bad: str) -> None:
    with pytest.raises(ValidationError, match="NUL|surrogate"):
        make_extraction(f"A sentence with {bad}.\n")
    with pytest.raises(ValidationError, match="NUL|surrogate"):
        SourceMeta(title=bad)
    with pytest.raises(ValidationError, match="NUL|surrogate"):
        EvidenceIn(url="https://example.org/", stance="supports", note=bad)
    assert row_counts(store.url)["sources"] == 0


def test_unvalidated_models_with_a_nul_are_still_refused_before_any_write(store: Store) -> None:
    from factcheck.errors import InputError
    from factcheck.model import Extraction

    good = make_extraction(BODY)
    article = Article.model_construct(text=BODY + "\x00", meta=SourceMeta(), body_start=0)
    unchecked = Extraction.model_construct(article=article, claims=good.claims)

    with pytest.raises(InputError, match="^article not stored: text contains a NUL character$"):
        ingest(store, unchecked)
    assert row_counts(store.url)["sources"] == 0


def test_a_claim_whose_text_is_not_at_its_span_is_refused() -> None:
    extraction = make_extraction(BODY)
    claim = extraction.claims[0].model_copy(update={"span": Span(start=1, end=5)})
    with pytest.raises(ValidationError, match="does not match"):
        type(extraction)(article=extraction.article, claims=[claim])


# --- what the database refuses ---------------------------------------------

_SOURCE = (
    "INSERT INTO sources (id, kind, content_hash, text, retrieved_at) "
    "VALUES (1, :kind, 'sha256:x', 'text', CURRENT_TIMESTAMP)"
)
_CLAIM = (
    "INSERT INTO claims (source_id, ordinal, text, span_start, span_end, paragraph, "
    "attribution_kind, attribution_rule, attribution_confidence, hedges, evidence_status, "
    "review_state, version, created_at, updated_at) VALUES (:source_id, 0, 't', 0, 1, 0, "
    ":kind, 'r', 0.5, '[]', :status, :state, 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
)
_GOOD_CLAIM = {"source_id": 1, "kind": "alleged", "status": "unverified", "state": "pending"}


def _raw(store: Store, statement: str, **params: Any) -> None:
    with store.write_engine.begin() as connection:
        connection.execute(text(statement), params)


@pytest.mark.parametrize(
    ("field", "value"),
    [("kind", "rumour"), ("status", "true"), ("state", "done")],
)
def test_check_constraints_refuse_unknown_enum_values(
    store: Store, field: str, value: str
) -> None:
    _raw(store, _SOURCE, kind="news_article")
    with pytest.raises(IntegrityError, match="(?i)check"):
        _raw(store, _CLAIM, **{**_GOOD_CLAIM, field: value})
    with pytest.raises(IntegrityError, match="(?i)check"):
        _raw(store, _SOURCE.replace("(1,", "(2,").replace("'sha256:x'", "'sha256:y'"),
             kind="blog")
    _raw(store, _CLAIM, **_GOOD_CLAIM)  # the control: valid values pass
    assert row_counts(store.url)["claims"] == 1


def test_foreign_keys_are_enforced(store: Store) -> None:
    with pytest.raises(IntegrityError, match="(?i)foreign key"):
        _raw(store, _CLAIM, **{**_GOOD_CLAIM, "source_id": 42})
    assert row_counts(store.url)["claims"] == 0


def test_review_events_cannot_be_changed_or_deleted(store: Store) -> None:
    _raw(store, _SOURCE, kind="news_article")
    _raw(store, _CLAIM, **_GOOD_CLAIM)
    _raw(
        store,
        "INSERT INTO review_events (claim_id, seq, actor, action, created_at, hash) "
        "VALUES (1, 1, 'ana', 'ingest', CURRENT_TIMESTAMP, 'sha256:h')",
    )
    for statement in ("UPDATE review_events SET actor = 'eve'", "DELETE FROM review_events"):
        with pytest.raises(Exception, match="(?i)append-only|not allowed|refuse|prohibit"):
            _raw(store, statement)
    assert row_counts(store.url)["review_events"] == 1


def test_statement_errors_do_not_show_bound_values(store: Store) -> None:
    secret = "sha256:secret-value-in-a-parameter"
    _raw(store, _SOURCE.replace("'sha256:x'", ":hash"), kind="news_article", hash=secret)
    with pytest.raises(StatementError) as caught:
        _raw(store, _SOURCE.replace("'sha256:x'", ":hash"), kind="news_article", hash=secret)
    assert secret not in str(caught.value)
    assert "hidden" in str(caught.value)
    assert store.write_engine.hide_parameters and store.read_engine.hide_parameters


# --- SQLite specifics ---------------------------------------------------------


def _sqlite_only(store: Store) -> None:
    if store.dialect != "sqlite":
        pytest.skip("SQLite-specific")


def test_sqlite_connections_use_wal_full_sync_foreign_keys_and_a_busy_timeout(
    store: Store,
) -> None:
    _sqlite_only(store)
    with store.write_engine.connect() as connection:
        pragma = {
            name: connection.exec_driver_sql(f"PRAGMA {name}").scalar()
            for name in ("journal_mode", "synchronous", "foreign_keys", "busy_timeout")
        }
    assert pragma == {"journal_mode": "wal", "synchronous": 2, "foreign_keys": 1,
                      "busy_timeout": 30_000}


def test_sqlite_write_sessions_take_the_write_lock_at_begin(store: Store) -> None:
    _sqlite_only(store)
    path = store.write_engine.url.database
    assert path is not None
    other = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        with store.write() as session:
            session.execute(text("SELECT 1"))  # a read, yet the lock is already held
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
        other.execute("BEGIN IMMEDIATE")  # released at commit
        other.execute("ROLLBACK")
    finally:
        other.close()


def test_a_file_that_is_not_a_database_is_one_clear_error(tmp_path: Any) -> None:
    path = tmp_path / "notes.db"
    path.write_text("these are my notes, not a database\n")
    with pytest.raises(DatabaseError, match=r"^cannot open database sqlite:///.*not a database"):
        open_store(f"sqlite:///{path}")


def test_a_new_sqlite_file_and_its_folder_are_created_and_migrated(tmp_path: Any) -> None:
    path = tmp_path / "deep" / "er" / "new.db"
    opened = open_store(f"sqlite:///{path}")
    try:
        assert path.exists()
        assert list_sources(opened) == []
    finally:
        opened.close()


def test_a_database_migrated_by_a_newer_factcheck_is_refused(migrated_db_url: str) -> None:
    from _storage_helpers import execute

    execute(migrated_db_url, "UPDATE alembic_version SET version_num = '9999_future'")
    with pytest.raises(DatabaseError, match="unknown to this factcheck.*upgrade factcheck"):
        open_store(migrated_db_url)
