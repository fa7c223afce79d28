"""Import: round trips on SQLite and PostgreSQL, idempotence, merging, and bad files.

Every bad file must be refused with one clear line (exit 1) and leave the
database exactly as it was; a control case imports the unmodified file into
the same kind of database and does change it, so the comparison can fail.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from _exchange_helpers import (
    PINNED_AT,
    budget_extraction,
    export_text,
    seed,
)
from click.testing import CliRunner
from conftest import fresh_postgres_database
from sqlalchemy import text

from factcheck.cli.main import cli
from factcheck.errors import InputError, ValidationFailed
from factcheck.exchange.collect import ExportFilters
from factcheck.exchange.document import extraction_document
from factcheck.exchange.importer import count_rows, import_document, import_file
from factcheck.model import Role, Span
from factcheck.store import migrate
from factcheck.store.audit import verify
from factcheck.store.engine import Store, open_store
from factcheck.store.people import add_reviewer

# --- databases ------------------------------------------------------------------


@pytest.fixture
def second_url(db_url: str, tmp_path: Path) -> Iterator[str]:
    """Another empty, migrated database on the same backend as ``db_url``."""
    if db_url.startswith("sqlite"):
        yield _migrated(f"sqlite:///{tmp_path / 'second.db'}")
        return
    with fresh_postgres_database() as url:
        yield _migrated(url)


def _migrated(url: str) -> str:
    store = Store(url)
    try:
        migrate.upgrade(store, "head")
    finally:
        store.close()
    return url


@pytest.fixture
def second(second_url: str) -> Iterator[Store]:
    store = open_store(second_url)
    try:
        yield store
    finally:
        store.close()


def with_admin(store: Store) -> Store:
    add_reviewer(store, handle="boss", role=Role.ADMIN)
    return store


def with_people(store: Store) -> Store:
    """An admin (boss) who first adds the seeded desk's people: an import never creates them."""
    with_admin(store)
    add_reviewer(store, handle="rita", role=Role.REVIEWER, by="boss")
    add_reviewer(store, handle="ed", role=Role.EDITOR, by="boss")
    return store


# --- round trips ------------------------------------------------------------------


def test_round_trip_into_an_empty_database_is_byte_identical(
    store: Store, second: Store, tmp_path: Path
) -> None:
    seed(store)
    original = export_text(store, tmp_path, name="original.json")

    result = import_file(with_people(second), tmp_path / "original.json", by="boss")

    assert (result.sources_new, result.claims_new, result.evidence_new, result.events_new) == (
        2,
        4,
        5,
        21,
    )
    assert result.reviewers_new == []
    assert export_text(second, tmp_path, name="again.json") == original
    assert verify(second).ok


def test_round_trip_of_every_state_is_byte_identical(
    store: Store, second: Store, tmp_path: Path
) -> None:
    seed(store)
    everything = ExportFilters(states=())
    original = export_text(store, tmp_path, name="all.json", filters=everything)

    import_file(with_people(second), tmp_path / "all.json", by="boss")

    assert export_text(second, tmp_path, name="again.json", filters=everything) == original


@pytest.mark.postgres
def test_round_trip_from_sqlite_through_postgresql(postgres_url: str, tmp_path: Path) -> None:
    sqlite = open_store(f"sqlite:///{tmp_path / 'origin.db'}")
    postgres = open_store(_migrated(postgres_url))
    try:
        seed(sqlite)
        original = export_text(sqlite, tmp_path, name="original.json")
        import_file(with_people(postgres), tmp_path / "original.json", by="boss")
        assert export_text(postgres, tmp_path, name="again.json") == original
    finally:
        sqlite.close()
        postgres.close()


def test_importing_the_same_file_twice_adds_nothing(
    store: Store, second: Store, tmp_path: Path
) -> None:
    seed(store)
    export_text(store, tmp_path, name="set.json")
    with_people(second)

    import_file(second, tmp_path / "set.json", by="boss")
    before = count_rows(second)
    again = import_file(second, tmp_path / "set.json", by="boss")

    assert count_rows(second) == before
    assert not again.changed
    assert (again.sources_existing, again.claims_unchanged, again.events_new) == (2, 4, 0)


def test_an_extraction_imports_into_an_empty_database_without_people(second: Store) -> None:
    document = extraction_document(budget_extraction(), generated_at=PINNED_AT)

    result = import_document(second, document)

    assert (result.sources_new, result.claims_new, result.reviewers_new) == (1, 5, [])
    assert count_rows(second) == {
        "sources": 1,
        "claims": 5,
        "evidence": 0,
        "review_events": 0,
        "reviewers": 0,
    }


def test_reviewed_claims_update_the_same_claims_ingested_elsewhere(
    store: Store, second: Store, tmp_path: Path
) -> None:
    """The other desk ingested the same article; the import brings the reviews over."""
    from factcheck.store.ingest import ingest

    seed(store)
    original = export_text(store, tmp_path, name="verified.json")
    ingest(with_people(second), budget_extraction())

    result = import_file(second, tmp_path / "verified.json", by="boss")

    assert (result.sources_new, result.sources_existing) == (1, 1)
    assert (result.claims_new, result.claims_updated) == (1, 3)
    again = json.loads(export_text(second, tmp_path, name="again.json"))
    expected = json.loads(original)
    assert again["claims"] == expected["claims"]
    # A source already stored keeps its own metadata (here: when it was read).
    assert [
        s["retrieved_at"] == e["retrieved_at"]
        for s, e in zip(again["sources"], expected["sources"], strict=True)
    ].count(False) == 1
    assert verify(second).ok


def test_an_import_never_creates_people(store: Store, second: Store, tmp_path: Path) -> None:
    from factcheck.errors import InputError as Refused

    seed(store)
    export_text(store, tmp_path, name="verified.json")
    with_admin(second)
    before = count_rows(second)

    with pytest.raises(Refused) as caught:
        import_file(second, tmp_path / "verified.json", by="boss")

    assert str(caught.value) == (
        f"cannot import {tmp_path / 'verified.json'}: it names people who are not reviewers "
        "here: ed, rita; an admin adds them first (`factcheck reviewers add HANDLE --role "
        "ROLE`) or maps each to someone here (`--map-actor ed=HANDLE`)"
    )
    assert count_rows(second) == before


def test_a_diverging_history_is_a_conflict_and_nothing_is_written(
    store: Store, second: Store, tmp_path: Path
) -> None:
    from factcheck.store import review
    from factcheck.store.ingest import ingest

    seed(store)
    export_text(store, tmp_path, name="verified.json")
    with_people(second)
    source = ingest(second, budget_extraction()).source_id
    with second.read() as session:
        first_claim = session.execute(
            text("SELECT id FROM claims WHERE source_id = :s AND ordinal = 0"), {"s": source}
        ).scalar_one()
    review.take(second, claim_id=first_claim, by="boss")
    before = count_rows(second)

    with pytest.raises(ValidationFailed, match="conflicts with this database") as caught:
        import_file(second, tmp_path / "verified.json", by="boss")
    assert any("differs from the document's from event 1 on" in p for p in caught.value.problems)
    assert count_rows(second) == before


def test_an_older_export_leaves_a_newer_database_alone(store: Store, tmp_path: Path) -> None:
    from factcheck.store import review

    ids = seed(store)
    original = export_text(store, tmp_path, name="verified.json")
    review.reopen(store, claim_id=ids["budget"][1], by="ed", reason="new evidence")
    before = count_rows(store)

    result = import_file(store, tmp_path / "verified.json", by="ana")

    assert count_rows(store) == before
    assert (result.claims_unchanged, result.changed) == (4, False)
    assert export_text(store, tmp_path, name="now.json") != original


def test_a_claim_whose_ordinal_is_taken_by_another_span_is_refused(
    store: Store, second: Store, tmp_path: Path
) -> None:
    from factcheck.store.ingest import ingest

    extraction = budget_extraction()
    ingest(store, extraction)
    export_text(store, tmp_path, name="all.json", filters=ExportFilters(states=()))
    headline = "Minister says budget will grow"
    first = extraction.claims[0].model_copy(
        update={"text": headline, "span": Span(start=0, end=len(headline))}
    )
    ingest(second, extraction.model_copy(update={"claims": [first]}))
    before = count_rows(second)

    with pytest.raises(ValidationFailed, match="conflicts") as caught:
        import_file(second, tmp_path / "all.json")
    assert caught.value.problems[0].endswith(
        "already has a different claim at ordinal 0 (extracted differently?)"
    )
    assert count_rows(second) == before


# --- bad files -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def valid_export(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A valid export of the seeded claims (every state), as text."""
    folder = tmp_path_factory.mktemp("valid")
    store = open_store(f"sqlite:///{folder / 'origin.db'}")
    try:
        seed(store)
        return export_text(store, folder, name="set.json", filters=ExportFilters(states=()))
    finally:
        store.close()


def edit(change: Callable[[dict[str, Any]], None]) -> Callable[[str], str]:
    def apply(original: str) -> str:
        document = json.loads(original)
        change(document)
        return json.dumps(document, indent=2, ensure_ascii=False)

    return apply


def approved(document: dict[str, Any]) -> dict[str, Any]:
    claim: dict[str, Any] = next(c for c in document["claims"] if c["review_state"] == "approved")
    return claim


def _swap_text(document: dict[str, Any]) -> None:
    claim = document["claims"][0]
    claim["text"] = "X" + claim["text"][1:]
    claim["target"]["selector"][0]["exact"] = claim["text"]


def _tamper(document: dict[str, Any]) -> None:
    approved(document)["history"][1]["note"] = "checked: refuted"


def _set(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def change(document: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        node: Any = document
        for part in parents:
            node = node[int(part)] if part.isdigit() else node[part]
        node[int(last) if last.isdigit() else last] = value

    return change


def _replace_once(old: str, new: str) -> Callable[[str], str]:
    def apply(original: str) -> str:
        assert old in original
        return original.replace(old, new, 1)

    return apply


BAD_FILES: list[tuple[str, Callable[[str], str | bytes], str]] = [
    ("truncated", lambda s: s[: len(s) // 2], "not valid JSON: "),
    (
        "wrong type",
        edit(_set("claims.0.ordinal", "zero")),
        "$.claims[0].ordinal: 'zero' is not of type 'integer'",
    ),
    (
        "unknown field",
        edit(_set("claims.0.verdict", "true")),
        "$.claims[0]: Additional properties are not allowed ('verdict' was unexpected)",
    ),
    ("not a claim set", lambda s: "[1, 2]", "$: [1, 2] is not of type 'object'"),
    ("duplicate ids", edit(lambda d: d["claims"].append(d["claims"][0])), "duplicate claim id"),
    (
        "span not matching the source",
        edit(_swap_text),
        "claim text does not match the text of source",
    ),
    (
        "source text edited",
        edit(lambda d: d["sources"][0].update(text=d["sources"][0]["text"] + " ")),
        "$.sources[0].content_hash: does not match the text",
    ),
    ("history edited", edit(_tamper), "hash: does not match the event's content (edited?)"),
    (
        "state not from history",
        edit(lambda d: approved(d).update(review_state="dismissed")),
        "but its history says approved/",
    ),
    ("NaN", _replace_once('"confidence": 0.75', '"confidence": NaN'), "NaN is not valid JSON"),
    (
        "Infinity",
        _replace_once('"confidence": 0.75', '"confidence": -Infinity'),
        "-Infinity is not valid JSON",
    ),
    (
        "overflowing float",
        _replace_once('"confidence": 0.75', '"confidence": 1e400'),
        "number 1e400 is too large",
    ),
    (
        "duplicate keys",
        _replace_once('"review_state": ', '"review_state": "dismissed", "review_state": '),
        "duplicate key 'review_state'",
    ),
    ("deep nesting", lambda s: "[" * 100_000 + "]" * 100_000, "JSON nested too deeply"),
    (
        "huge integer",
        _replace_once('"ordinal": 0', '"ordinal": 1' + "0" * 5000),
        "integer with more than 4300 digits",
    ),
    ("not UTF-8", lambda s: b"\xff\xfe" + s.encode("utf-16-le"), "is not UTF-8"),
    ("NUL in text", edit(lambda d: d["claims"][0].update(note="a\x00b")), "NUL character"),
    ("lone surrogate", _replace_once('"note": null', '"note": "\\ud800"'), "lone surrogate"),
]


def write_bad(tmp_path: Path, content: str | bytes) -> Path:
    target = tmp_path / "bad.json"
    if isinstance(content, bytes):
        target.write_bytes(content)
    else:
        target.write_text(content, encoding="utf-8")
    return target


def run_import(url: str, *args: str) -> Any:
    return CliRunner().invoke(
        cli, ["--db", url, "--as", "boss", "import", *args], catch_exceptions=False
    )


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """A migrated SQLite database with an admin.

    Bad files are refused before the database is touched, so the matrix below
    runs on SQLite only; refusals found while writing (conflicts, rolled back)
    are tested on both backends above.
    """
    url = _migrated(f"sqlite:///{tmp_path / 'target.db'}")
    store = open_store(url)
    try:
        with_people(store)
    finally:
        store.close()
    return url


def rows_at(url: str) -> dict[str, int]:
    store = open_store(url)
    try:
        return count_rows(store)
    finally:
        store.close()


@pytest.mark.parametrize(("case", "damage", "message"), BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_a_bad_file_is_refused_clearly_and_changes_nothing(
    sqlite_url: str,
    tmp_path: Path,
    valid_export: str,
    case: str,
    damage: Callable[[str], str | bytes],
    message: str,
) -> None:
    bad = write_bad(tmp_path, damage(valid_export))
    before = rows_at(sqlite_url)

    result = run_import(sqlite_url, str(bad))

    assert result.exit_code == 1, result.output
    assert result.stdout == ""
    assert result.stderr.startswith("Error: ")
    assert message in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert rows_at(sqlite_url) == before


def test_the_unmodified_file_does_import(
    sqlite_url: str, tmp_path: Path, valid_export: str
) -> None:
    """Control for the bad-file cases: the same database does change with a good file."""
    before = rows_at(sqlite_url)

    result = run_import(sqlite_url, str(write_bad(tmp_path, valid_export)))

    assert result.exit_code == 0, result.output
    assert rows_at(sqlite_url) != before


def test_a_100_mb_file_is_refused_before_it_is_read(
    store: Store, migrated_db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    huge = tmp_path / "huge.json"
    with open(huge, "wb") as handle:
        handle.truncate(100 * 1_000_000)  # sparse: instant, takes no disk space
    monkeypatch.setattr("factcheck.exchange.jsonio.parse_json", _must_not_parse)
    before = count_rows(store)

    result = run_import(migrated_db_url, str(huge))

    assert (result.exit_code, result.stderr) == (
        1,
        f"Error: {huge} is 100.0 MB, over the 50 MB limit; pass --max-size 100 to read it anyway\n",
    )
    assert count_rows(store) == before


def _must_not_parse(*_: Any, **__: Any) -> Any:
    raise AssertionError("the file was parsed despite being over the limit")


def test_invalid_file_lists_the_first_failing_paths(
    store: Store, migrated_db_url: str, tmp_path: Path, valid_export: str
) -> None:
    document = json.loads(valid_export)
    for claim in document["claims"][:3]:
        claim["span"]["start"] = -1
    document["generated_at"] = "soon"
    bad = write_bad(tmp_path, json.dumps(document))

    result = run_import(migrated_db_url, str(bad))

    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {bad} does not match claimset.schema.json\n"
        "  $.generated_at: 'soon' is not a 'date-time'\n"
        "  $.claims[0].span.start: -1 is less than the minimum of 0\n"
        "  $.claims[1].span.start: -1 is less than the minimum of 0\n"
        "  $.claims[2].span.start: -1 is less than the minimum of 0\n"
    )


def test_a_jsonl_file_is_pointed_to_the_json_document(tmp_path: Path, sqlite_url: str) -> None:
    lines = tmp_path / "claims.jsonl"
    lines.write_text("{}\n")
    store = open_store(sqlite_url)
    try:
        with pytest.raises(
            InputError, match="JSON Lines, which carries claims without their sources"
        ):
            import_file(store, lines)
    finally:
        store.close()
