"""``claims list``, ``claims show`` and ``history`` through the bare driver.

Reviewers run these commands hundreds of times a day. Through the store they
pay for importing SQLAlchemy and pydantic, many times a bare ``python -c
pass``; this module answers the same questions with the standard library's
``sqlite3`` (or ``psycopg`` alone on PostgreSQL) and nothing else heavy
(``bench/bench_startup.py`` and ``bench/bench_lists.py`` measure both).

It answers only the ordinary case: an existing SQLite file, or a plain
``postgresql+psycopg://`` URL, at the migrations' head, read in one read-only
snapshot with bound parameters. The queries and the row mappers are the
store's own (``factcheck.store.readmodels``), so the rows are plain dicts shaped
exactly like the out-models' ``model_dump(mode="json")``, list rows streamed as
they are read. Anything else — another kind of URL, a missing or empty file
(which the store creates and migrates), a database at another revision, an
unknown claim, source or ``--after`` claim, any driver error before the first
row — returns None and the caller takes the store's path, so every other
outcome, errors included, stays the store's own. ``tests/test_fastread.py``
checks that both paths print the same bytes, on both backends.
"""

from __future__ import annotations

import sqlite3
import sys
from collections.abc import Callable, Generator, Sequence
from pathlib import Path
from typing import Any, TypeVar

from factcheck.store import migrate
from factcheck.store.readmodels import (
    CLAIM_POSITION_SQL,
    HANDLES_SQL,
    SOURCE_EXISTS_SQL,
    ClaimFilters,
    bind,
    claim_detail_json,
    claim_json,
    claim_list_sql,
    common_matches_sql,
    history_json,
    is_common,
    json_time,
    like_pattern,
    source_json,
    source_list_sql,
    stable_claim_id,
)

__all__ = [
    "like_pattern",
    "read_claim_detail",
    "read_claims",
    "read_history",
    "read_sources",
    "sqlite_file",
    "stream_claims",
]

BUSY_TIMEOUT_SECONDS = 30.0
"""As the store's ``SQLITE_BUSY_TIMEOUT_MS``: a checkpoint never fails a read."""

_SQLITE_PREFIX = "sqlite:///"


class _NotServed(Exception):
    """This database is not one the fast path answers for; use the store."""


def sqlite_file(url: str) -> Path | None:
    """The file of a plain ``sqlite:///PATH`` URL; None for any URL left to SQLAlchemy.

    Query strings, percent-escapes (which SQLAlchemy decodes) and in-memory
    databases are left to SQLAlchemy's URL parser, which the store path uses.
    """
    if not url.startswith(_SQLITE_PREFIX):
        return None
    database = url.removeprefix(_SQLITE_PREFIX)
    if database in ("", ":memory:") or any(char in database for char in "?%"):
        return None
    return Path(database)


def postgres_conninfo(url: str) -> str | None:
    """A libpq URI for a plain ``postgresql+psycopg://`` URL; None for any other URL.

    A query string (connection options SQLAlchemy may read its own way) is left
    to the store.
    """
    if not url.startswith(_POSTGRES_PREFIX) or "?" in url:
        return None
    return "postgresql://" + url.removeprefix(_POSTGRES_PREFIX)


class _Reader:
    """One read-only snapshot through the bare driver, at the code's head revision."""

    def __init__(self, connection: Any, dialect: str) -> None:
        self.connection = connection
        self.dialect = dialect

    def run(self, sql: str, parameters: Sequence[Any]) -> list[Sequence[Any]]:
        rows: list[Sequence[Any]] = self.connection.execute(sql, tuple(parameters)).fetchall()
        return rows

    def one(self, sql: str, *parameters: Any) -> Any:
        rows = self.run(bind(sql, self.dialect), parameters)
        return rows[0] if rows else None

    def cursor(self, sql: str, parameters: Sequence[Any]) -> Any:
        """A cursor over ``sql``'s rows; on PostgreSQL server-side, so memory stays flat."""
        if self.dialect == "sqlite":
            cursor = self.connection.execute(sql, tuple(parameters))
        else:
            cursor = self.connection.cursor(name="factcheck_list")
            cursor.itersize = _BATCH
            cursor.execute(sql, tuple(parameters))
        cursor.arraysize = _BATCH
        return cursor

    def close(self) -> None:
        self.connection.close()


_BATCH = 500
_POSTGRES_PREFIX = "postgresql+psycopg://"


def _driver_errors() -> tuple[type[Exception], ...]:
    errors: list[type[Exception]] = [sqlite3.Error, _NotServed, TypeError, ValueError]
    psycopg = sys.modules.get("psycopg")
    if psycopg is not None:
        errors.append(psycopg.Error)
    return tuple(errors)


def stream_claims(
    url: str, *, filters: ClaimFilters
) -> Generator[dict[str, Any], None, None] | None:
    """What ``list_claims`` lists, as JSON-ready dicts read one by one; None to use the store.

    Everything that can refuse (the revision gate, an unknown source or cursor)
    is checked before this returns, in the snapshot the rows are read from.
    """
    reader = _open(url)
    if reader is None:
        return None
    try:
        if filters.source is not None and reader.one(SOURCE_EXISTS_SQL, filters.source) is None:
            raise _NotServed  # the store says "no source N"
        after = None
        if filters.after_id is not None:
            after = reader.one(CLAIM_POSITION_SQL, filters.after_id)
            if after is None:
                raise _NotServed  # the store says "no claim N"
            after = (int(after[0]), int(after[1]))
        handles = _handles(reader)
        sql, parameters = claim_list_sql(
            reader.dialect, filters, after, text_index=_text_index_pays(reader, filters)
        )
        cursor = reader.cursor(sql, parameters)
        first = cursor.fetchone()
    except _driver_errors():
        reader.close()  # closes its cursors
        return None
    return _rows(reader, cursor, first, handles)


def _rows(
    reader: _Reader, cursor: Any, first: Sequence[Any] | None, handles: dict[int, str]
) -> Generator[dict[str, Any], None, None]:
    try:
        if first is None:
            return
        yield claim_json(first, handles)
        while batch := cursor.fetchmany():
            for row in batch:
                yield claim_json(row, handles)
    finally:
        cursor.close()
        reader.close()


def read_claims(url: str, **filters: Any) -> list[dict[str, Any]] | None:
    """:func:`stream_claims` as a list (``filters`` as :class:`ClaimFilters`'s fields)."""
    rows = stream_claims(url, filters=ClaimFilters(**filters))
    return None if rows is None else list(rows)


def read_claim_detail(url: str, *, claim_id: int, context: int) -> dict[str, Any] | None:
    """What ``show_claim`` returns, as its JSON form; None to use the store instead."""
    return _read(
        url,
        lambda reader: claim_detail_json(
            reader.run, reader.dialect, claim_id=claim_id, context=context
        ),
    )


def read_history(url: str, *, claim_id: int) -> list[dict[str, Any]] | None:
    """What ``history`` returns, as its JSON form; None to use the store instead."""
    return _read(url, lambda reader: history_json(reader.run, reader.dialect, claim_id=claim_id))


def read_sources(
    url: str, *, limit: int | None = None, after: int | None = None
) -> list[dict[str, Any]] | None:
    """What ``list_sources`` returns, as its JSON form; None to use the store instead."""

    def read(reader: _Reader) -> list[dict[str, Any]]:
        sql, parameters = source_list_sql(reader.dialect, limit=limit, after=after)
        return [source_json(row) for row in reader.run(sql, parameters)]

    return _read(url, read)


_T = TypeVar("_T")


def _read(url: str, read: Callable[[_Reader], _T | None]) -> _T | None:
    """``read`` in one read-only snapshot; None for anything the store must answer."""
    reader = _open(url)
    if reader is None:
        return None
    try:
        return read(reader)
    except _driver_errors():
        return None
    finally:
        reader.close()


def _open(url: str) -> _Reader | None:
    """A read-only snapshot at the code's head revision, or None."""
    try:
        reader = _open_sqlite(url) if url.startswith("sqlite") else _open_postgres(url)
    except _driver_errors():
        return None
    if reader is None:
        return None
    try:
        _require_head(reader)
    except _driver_errors():
        reader.close()
        return None
    return reader


def _open_sqlite(url: str) -> _Reader | None:
    path = sqlite_file(url)
    try:
        if path is None or not path.is_file() or path.stat().st_size == 0:
            return None
    except OSError:  # a name too long, a folder we may not read: the store explains it
        return None
    uri = f"{path.absolute().as_uri()}?mode=ro"
    connection = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)
    reader = _Reader(connection, "sqlite")
    try:
        connection.execute("BEGIN")  # one snapshot for the gate and the queries
    except sqlite3.Error:
        reader.close()
        raise
    return reader


def _open_postgres(url: str) -> _Reader | None:
    conninfo = postgres_conninfo(url)
    if conninfo is None:
        return None
    try:
        import psycopg
    except ImportError:  # the store names the missing driver
        return None
    connection = psycopg.connect(conninfo, connect_timeout=10)
    # One snapshot for the gate and the queries, and nothing written by mistake.
    connection.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
    connection.read_only = True
    return _Reader(connection, "postgresql")


def _require_head(reader: _Reader) -> None:
    """Go on only at the code's head revision; the store explains every other case."""
    versions = reader.run(migrate.CURRENT_REVISION_SQL, ())
    if len(versions) != 1 or versions[0][0] != migrate.head_revision():
        raise _NotServed


def _text_index_pays(reader: _Reader, filters: ClaimFilters) -> bool:
    probe = common_matches_sql(filters) if reader.dialect == "sqlite" else None
    if probe is None:
        return True
    return not is_common(reader.run(*probe)[0][0])


def _handles(reader: _Reader) -> dict[int, str]:
    return {int(row[0]): str(row[1]) for row in reader.run(HANDLES_SQL, ())}


# Kept under their old names for the tests that hold them equal to the store's.
_stable_claim_id = stable_claim_id


def _timestamp(value: Any) -> str | None:
    if value is not None and not isinstance(value, str):
        raise _NotServed
    return json_time(value)
