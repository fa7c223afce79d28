"""``claims list`` read with sqlite3 prints exactly what the store path prints.

``factcheck.store.fastread`` answers ``factcheck claims list`` on an existing
SQLite file at head without SQLAlchemy or pydantic; every other case goes to the
store. Each test runs the command twice, once as users run it and once with the
fast path switched off, and compares exit code, stdout and stderr byte for
byte, checking which path answered.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from _review_helpers import (
    add_people,
    bring_to,
    fresh_database,
    ingest_sample,
    synthetic_extraction,
)
from click.testing import CliRunner

from factcheck.cli.main import cli
from factcheck.store import fastread, migrate
from factcheck.store.engine import Store

Outcome = tuple[int, str, str]


def build_sample(store: Store) -> None:
    """The sample (14 claims) in every review state, plus a source with ``%`` and ``_``."""
    from factcheck.model import EvidenceIn, EvidenceStatus, Stance
    from factcheck.store import review
    from factcheck.store.ingest import ingest

    add_people(store)
    ids = ingest_sample(store)
    bring_to(store, ids[4], "approved")
    bring_to(store, ids[5], "proposed", proposer="bob")
    bring_to(store, ids[11], "dismissed")
    bring_to(store, ids[2], "in_review")
    review.take(store, claim_id=ids[6], by="bob")
    review.mark(
        store,
        claim_id=ids[6],
        by="bob",
        status=EvidenceStatus.REFUTED,
        note="the figure is from 2019",
    )
    for n in range(2):
        link = EvidenceIn(url=f"https://example.org/r/{n}", stance=Stance.REFUTES)
        review.add_evidence(store, claim_id=ids[6], by="bob", evidence=link)
    ingest(store, synthetic_extraction(4, tag="100%_sure"))


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """The sample on SQLite (see :func:`build_sample`)."""
    with fresh_database("sqlite", tmp_path_factory.mktemp("fastread")) as store:
        build_sample(store)
        yield store


@pytest.fixture(scope="module")
def pg_sample(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """The sample on PostgreSQL, read by psycopg alone on the fast path."""
    with fresh_database("postgres", tmp_path_factory.mktemp("fastread-pg")) as store:
        build_sample(store)
        yield store


def outcome(url: str, args: list[str]) -> Outcome:
    result = CliRunner().invoke(cli, ["--db", url, "claims", "list", *args])
    return result.exit_code, result.stdout, result.stderr


def spy_on_fastread(patch: pytest.MonkeyPatch) -> list[bool]:
    """Whether the fast path answered, for each ``stream_claims`` call from now on."""
    served: list[bool] = []
    real = fastread.stream_claims

    def spy(*positional: Any, **keywords: Any) -> Iterator[dict[str, Any]] | None:
        rows = real(*positional, **keywords)
        served.append(rows is not None)
        return rows

    patch.setattr(fastread, "stream_claims", spy)
    return served


def both_paths(
    url: str, args: list[str], monkeypatch: pytest.MonkeyPatch
) -> tuple[Outcome, Outcome, list[bool]]:
    """(as users run it, store only, whether the fast path answered each call)."""
    with monkeypatch.context() as patch:
        served = spy_on_fastread(patch)
        fast = outcome(url, args)
    with monkeypatch.context() as patch:
        patch.setattr(fastread, "stream_claims", lambda *_, **__: None)
        slow = outcome(url, args)
    return fast, slow, served


FILTERS = [
    [],
    ["--source", "1"],
    ["--source", "2"],
    ["--state", "pending"],
    ["--state", "approved", "--state", "proposed"],
    ["--state", "in_review", "--state", "dismissed", "--state", "approved"],
    ["--status", "supported"],
    ["--status", "refuted", "--status", "unverified"],
    ["--kind", "direct_quote"],
    ["--kind", "press_release", "--kind", "unnamed_source"],
    ["--kind", "alleged"],
    ["--speaker", "michael"],
    ["--speaker", "NBA CHINA"],
    ["--speaker", "%"],
    ["--speaker", ""],
    ["--search", "alipay"],
    ["--search", "ANT GROUP"],
    ["--search", "NBA’s"],
    ["--search", "100%"],
    ["--search", "%_s"],
    ["--search", "_"],
    ["--search", "0 percent"],
    ["--search", "nothing like this"],
    ["--limit", "1"],
    ["--limit", "3", "--state", "pending"],
    ["--limit", "100"],
    [
        "--source",
        "1",
        "--state",
        "pending",
        "--kind",
        "reporter_assertion",
        "--search",
        "the",
        "--limit",
        "2",
    ],
    ["--speaker", "ma", "--status", "supported", "--status", "refuted", "--source", "1"],
]


@pytest.mark.parametrize("json_flag", [[], ["--json"]], ids=["table", "json"])
@pytest.mark.parametrize("args", FILTERS, ids=[" ".join(a) or "all" for a in FILTERS])
def test_both_paths_print_the_same(
    sample: Store, args: list[str], json_flag: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    fast, slow, served = both_paths(sample.url, [*args, *json_flag], monkeypatch)

    assert served == [True]
    assert fast == slow
    assert fast[0] == 0
    # A full page says where the next one starts; nothing else goes to stderr.
    assert re.fullmatch(r"(More claims follow: add --after \d+\n)?", fast[2])


def run_command(url: str, args: list[str]) -> Outcome:
    result = CliRunner().invoke(cli, ["--db", url, *args])
    return result.exit_code, result.stdout, result.stderr


def both_readers(
    url: str, reader: str, args: list[str], monkeypatch: pytest.MonkeyPatch
) -> tuple[Outcome, Outcome, list[bool]]:
    """``args`` run as users run it and with ``fastread.<reader>`` switched off."""
    served: list[bool] = []
    real = getattr(fastread, reader)

    def spy(*positional: Any, **keywords: Any) -> Any:
        answer = real(*positional, **keywords)
        served.append(answer is not None)
        return answer

    with monkeypatch.context() as patch:
        patch.setattr(fastread, reader, spy)
        fast = run_command(url, args)
    with monkeypatch.context() as patch:
        patch.setattr(fastread, reader, lambda *_, **__: None)
        slow = run_command(url, args)
    return fast, slow, served


@pytest.mark.parametrize("json_flag", [[], ["--json"]], ids=["text", "json"])
@pytest.mark.parametrize(
    "args",
    [
        ["claims", "show", "5"],
        ["claims", "show", "7", "--context", "0"],
        ["claims", "show", "1", "--context", "4"],
        ["claims", "show", "6"],
        ["claims", "show", "12"],
        ["claims", "show", "17"],
        ["history", "7"],
        ["history", "5"],
        ["history", "1"],
    ],
    ids=" ".join,
)
def test_show_and_history_print_the_same_on_both_paths(
    sample: Store, args: list[str], json_flag: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    reader = "read_history" if args[0] == "history" else "read_claim_detail"
    fast, slow, served = both_readers(sample.url, reader, [*args, *json_flag], monkeypatch)

    assert served == [True]
    assert fast == slow
    assert fast[0] == 0 and fast[2] == "" and fast[1]


@pytest.mark.parametrize("args", [["claims", "show", "99"], ["history", "99"]])
def test_an_unknown_claim_is_the_stores_error(
    sample: Store, args: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    reader = "read_history" if args[0] == "history" else "read_claim_detail"
    fast, slow, served = both_readers(sample.url, reader, args, monkeypatch)

    assert served == [False]
    assert fast == slow == (1, "", "Error: no claim 99; list claims with `factcheck claims list`\n")


@pytest.mark.postgres
@pytest.mark.parametrize("json_flag", [[], ["--json"]], ids=["table", "json"])
@pytest.mark.parametrize("args", FILTERS, ids=[" ".join(a) or "all" for a in FILTERS])
def test_both_paths_print_the_same_on_postgres(
    pg_sample: Store, args: list[str], json_flag: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    fast, slow, served = both_paths(pg_sample.url, [*args, *json_flag], monkeypatch)

    assert served == [True]
    assert fast == slow
    assert fast[0] == 0


@pytest.mark.postgres
@pytest.mark.parametrize(
    "args",
    [
        ["claims", "show", "5", "--json"],
        ["claims", "show", "7"],
        ["claims", "show", "1", "--context", "4", "--json"],
        ["history", "7"],
        ["history", "5", "--json"],
        ["claims", "list", "--source", "99"],
        ["claims", "show", "99"],
    ],
    ids=" ".join,
)
def test_show_and_history_print_the_same_on_postgres(
    pg_sample: Store, args: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    reader = {"history": "read_history", "show": "read_claim_detail"}.get(args[1], "")
    reader = "read_history" if args[0] == "history" else reader or "stream_claims"
    fast, slow, served = both_readers(pg_sample.url, reader, args, monkeypatch)

    assert served == ["99" not in args]
    assert fast == slow and (fast[0] == 0) == ("99" not in args)


SOURCE_LISTS = [
    [],
    ["--json"],
    ["--limit", "1"],
    ["--after", "1", "--json"],
    ["--limit", "1", "--after", "1", "--json"],
    ["--after", "2"],
]


@pytest.mark.parametrize("args", SOURCE_LISTS, ids=[" ".join(a) or "all" for a in SOURCE_LISTS])
def test_sources_list_prints_the_same_on_both_paths(
    sample: Store, args: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    fast, slow, served = both_readers(
        sample.url, "read_sources", ["sources", "list", *args], monkeypatch
    )

    assert served == [True]
    assert fast == slow and fast[0] == 0 and fast[1]


@pytest.mark.postgres
@pytest.mark.parametrize("args", SOURCE_LISTS, ids=[" ".join(a) or "all" for a in SOURCE_LISTS])
def test_sources_list_prints_the_same_on_postgres(
    pg_sample: Store, args: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    fast, slow, served = both_readers(
        pg_sample.url, "read_sources", ["sources", "list", *args], monkeypatch
    )

    assert served == [True]
    assert fast == slow and fast[0] == 0 and fast[1]


def test_the_sample_shows_every_field_the_list_has(sample: Store) -> None:
    """The parity above covers reviewed claims: people, times, notes, evidence counts."""
    rows = fastread.read_claims(sample.url)

    assert rows is not None and len(rows) == 18
    by_state = {row["state"] for row in rows}
    assert by_state == {"pending", "in_review", "proposed", "approved", "dismissed"}
    approved = next(row for row in rows if row["state"] == "approved")
    assert approved["approved_by"] == "erin" and approved["approved_at"].endswith("Z")
    refuted = next(row for row in rows if row["status"] == "refuted")
    assert (refuted["assignee"], refuted["evidence_count"]) == ("bob", 2)
    assert refuted["note"] == "the figure is from 2019"


def test_the_console_script_reads_without_sqlalchemy_or_pydantic(sample: Store) -> None:
    code = """
import contextlib, io, json, sys
from factcheck.cli.entry import main
out = io.StringIO()
with contextlib.redirect_stdout(out):
    try:
        main(sys.argv[1:])
    except SystemExit as exit:
        assert exit.code in (0, None), exit.code
heavy = {"sqlalchemy", "pydantic", "rich", "alembic", "blingfire", "jsonschema", "numpy"}
print(json.dumps([out.getvalue(), sorted({m.split(".")[0] for m in sys.modules} & heavy)]))
"""
    for args in (
        ["claims", "list"],
        ["claims", "list", "--json", "--state", "approved"],
        ["claims", "show", "7"],
        ["history", "5", "--json"],
    ):
        command = [sys.executable, "-c", code, "--db", sample.url, *args]
        result = subprocess.run(command, capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, result.stderr
        printed, heavy = json.loads(result.stdout)
        assert heavy == []
        assert printed == run_command(sample.url, args)[1]


def test_reading_changes_nothing_and_waits_for_no_writer(sample: Store) -> None:
    path = fastread.sqlite_file(sample.url)
    assert path is not None
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    writer = sqlite3.connect(path, isolation_level=None)
    try:
        writer.execute("BEGIN IMMEDIATE")  # a reviewer's write in progress
        rows = fastread.read_claims(sample.url, limit=2)
    finally:
        writer.execute("ROLLBACK")
        writer.close()

    assert rows is not None and [row["id"] for row in rows] == [1, 2]
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


# --- every case the fast path leaves to the store ----------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--source", "99"], "no source 99; list sources with `factcheck sources list`"),
        (["--after", "999"], "no claim 999; list claims with `factcheck claims list`"),
    ],
)
def test_an_unknown_source_or_cursor_is_the_stores_error(
    sample: Store, args: list[str], message: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    fast, slow, served = both_paths(sample.url, args, monkeypatch)

    assert served == [False]
    assert fast == slow == (1, "", f"Error: {message}\n")


@pytest.fixture
def db_file(tmp_path: Path) -> Iterator[Path]:
    """A migrated SQLite file holding the sample, the store closed."""
    with fresh_database("sqlite", tmp_path) as store:
        ingest_sample(store)
        path = fastread.sqlite_file(store.url)
    assert path is not None
    yield path


def tamper(path: Path, *statements: str) -> None:
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        for statement in statements:
            connection.execute(statement)
    finally:
        connection.close()


def test_a_database_behind_head_gets_the_same_error(
    db_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    current = migrate.head_revision()  # what the file was migrated to
    monkeypatch.setattr(migrate, "head_revision", lambda: "9999_future")

    fast, slow, served = both_paths(f"sqlite:///{db_file}", [], monkeypatch)

    assert served == [False]
    assert (
        fast
        == slow
        == (
            1,
            "",
            f"Error: database sqlite:///{db_file} is at revision {current}, "
            "behind 9999_future: run `factcheck db upgrade`\n",
        )
    )


@pytest.mark.parametrize(
    ("statements", "message"),
    [
        (
            ["UPDATE alembic_version SET version_num = 'ffff_newer'"],
            "is at revision ffff_newer, unknown to this factcheck",
        ),
        (["INSERT INTO alembic_version VALUES ('0002_other')"], "is at several revisions"),
        (["DROP TABLE alembic_version"], "has no factcheck tables yet"),
    ],
    ids=["unknown revision", "several revisions", "no revision table"],
)
def test_a_database_at_another_revision_gets_the_same_error(
    db_file: Path, statements: list[str], message: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    tamper(db_file, *statements)

    fast, slow, served = both_paths(f"sqlite:///{db_file}", ["--json"], monkeypatch)

    assert served == [False]
    assert fast == slow
    assert fast[0] == 1 and message in fast[2] and fast[2].count("\n") == 1


def test_a_file_that_is_not_a_database_gets_the_same_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "notes.db"
    path.write_bytes(b"these are my notes, not a database\n" * 200)

    fast, slow, served = both_paths(f"sqlite:///{path}", [], monkeypatch)

    assert served == [False]
    assert fast == slow
    assert fast[0] == 1 and "file is not a database" in fast[2]


def test_a_missing_default_database_is_created_and_migrated(
    isolated_settings: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    served = spy_on_fastread(monkeypatch)
    result = CliRunner().invoke(cli, ["claims", "list"])

    assert (result.exit_code, result.stdout, served) == (0, "No claims match.\n", [False])
    database = isolated_settings / "factcheck.db"
    assert fastread.read_claims(f"sqlite:///{database}") == []


def test_an_empty_file_is_migrated_by_the_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "empty.db"
    path.touch()

    fast, slow, served = both_paths(f"sqlite:///{path}", ["--json"], monkeypatch)

    assert (fast, slow, served) == ((0, "[]\n", ""), (0, "[]\n", ""), [False])


def test_a_relative_path_is_the_same_file(db_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(db_file.parent)

    fast, slow, served = both_paths(f"sqlite:///{db_file.name}", ["--limit", "2"], monkeypatch)

    assert served == [True]
    assert fast == slow and fast[1].count("\n") == 3


# --- the pieces kept equal to the store's ------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "sqlite:///factcheck.db",
        "sqlite:////tmp/some folder/ünïcode #1.db",
        "sqlite:///./a/b.db",
        "sqlite:///a/../b #2.db",
    ],
)
def test_sqlite_file_agrees_with_the_store(url: str) -> None:
    from factcheck.store.engine import sqlite_path

    assert fastread.sqlite_file(url) == sqlite_path(url)


@pytest.mark.parametrize(
    "url",
    [
        "sqlite://",
        "sqlite:///:memory:",
        "sqlite:///x.db?mode=ro",
        "sqlite:///x%20y.db",
        "sqlite+pysqlite:///x.db",
        "postgresql://postgres@127.0.0.1:5432/test",
        "postgresql+psycopg://postgres@127.0.0.1:5432/test?sslmode=disable",
        "not a url",
    ],
)
def test_other_urls_are_left_to_the_store(url: str) -> None:
    assert fastread.sqlite_file(url) is None
    assert fastread.read_claims(url) is None


def test_busy_timeout_is_the_stores() -> None:
    from factcheck.store.engine import SQLITE_BUSY_TIMEOUT_MS

    assert fastread.BUSY_TIMEOUT_SECONDS * 1000 == SQLITE_BUSY_TIMEOUT_MS


@pytest.mark.parametrize(
    ("content_hash", "start", "end"),
    [("sha256:" + "ab" * 32, 0, 12), ("sha256:0123", 5, 5), ("md5:" + "f" * 32, 17, 198)],
)
def test_stable_id_is_the_models(content_hash: str, start: int, end: int) -> None:
    from factcheck.model import stable_claim_id

    assert fastread._stable_claim_id(content_hash, start, end) == stable_claim_id(
        content_hash, start, end
    )


@pytest.mark.parametrize(
    "stored",
    [
        "2026-11-30 13:21:02.482395",
        "2026-11-30 13:21:02",
        "2026-11-30 13:21:02.000001",
        "2026-11-30 13:21:02.120000",
        "0999-01-02 03:04:05.5",
        "2026-11-30T13:21:02+02:00",
        "2026-11-30 23:59:59.999999-05:30",
    ],
)
def test_timestamps_read_as_sqlalchemy_and_pydantic_do(stored: str) -> None:
    from pydantic import TypeAdapter
    from sqlalchemy.dialects import sqlite

    from factcheck.store.tables import UtcDateTime

    parsed = sqlite.DATETIME().result_processor(sqlite.dialect(), None)(stored)  # type: ignore[misc]
    moment = UtcDateTime().process_result_value(parsed, sqlite.dialect())
    expected = TypeAdapter(dt.datetime).dump_python(moment, mode="json")

    assert fastread._timestamp(stored) == expected
