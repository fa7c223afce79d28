"""``claims list`` straight from a SQLite file, without SQLAlchemy or pydantic.

Reviewers run ``factcheck claims list`` hundreds of times a day. Through the
store it pays for importing SQLAlchemy and pydantic, about 40 times a bare
``python -c pass``; this module answers the same question with the standard
library's ``sqlite3`` only (``bench/bench_startup.py`` measures both).

It answers only the ordinary case: an existing SQLite file at the migrations'
head, opened read-only, queried with bound parameters. The queries and the row
mapper are the store's own (``factcheck.store.readmodels``), so the rows are
plain dicts shaped exactly like ``ClaimOut.model_dump(mode="json")``, streamed
as they are read. Anything else — not a
plain SQLite file URL, a missing or empty file (which the store creates and
migrates), a database at another revision, an unknown source or ``--after`` claim, any
driver error before the first row — returns None and
the caller takes the store's path, so every other outcome, errors included,
stays the store's own. ``tests/test_fastread.py`` checks that both paths print
the same bytes for every filter.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, TypeVar

from factcheck.store import migrate
from factcheck.store.readmodels import (
    CLAIM_POSITION_SQL,
    HANDLES_SQL,
    SOURCE_EXISTS_SQL,
    ClaimFilters,
    Run,
    bind,
    claim_detail_json,
    claim_json,
    claim_list_sql,
    common_matches_sql,
    history_json,
    is_common,
    json_time,
    like_pattern,
    stable_claim_id,
)

__all__ = [
    "like_pattern",
    "read_claim_detail",
    "read_claims",
    "read_history",
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


def stream_claims(url: str, *, filters: ClaimFilters) -> Iterator[dict[str, Any]] | None:
    """What ``list_claims`` lists, as JSON-ready dicts read one by one; None to use the store.

    Everything that can refuse (the revision gate, an unknown source or cursor)
    is checked before this returns, in the snapshot the rows are read from.
    """
    connection = _open(url)
    if connection is None:
        return None
    try:
        if (
            filters.source is not None
            and _one(connection, SOURCE_EXISTS_SQL, filters.source) is None
        ):
            raise _NotServed  # the store says "no source N"
        after = None
        if filters.after_id is not None:
            after = _one(connection, CLAIM_POSITION_SQL, filters.after_id)
            if after is None:
                raise _NotServed  # the store says "no claim N"
        handles = _handles(connection)
        sql, parameters = claim_list_sql(
            "sqlite", filters, after, text_index=_text_index_pays(connection, filters)
        )
        cursor = connection.execute(sql, parameters)
        cursor.arraysize = 256
        first = cursor.fetchone()
    except (sqlite3.Error, _NotServed, TypeError, ValueError):
        connection.close()
        return None
    return _rows(connection, cursor, first, handles)


def _rows(
    connection: sqlite3.Connection,
    cursor: sqlite3.Cursor,
    first: tuple[Any, ...] | None,
    handles: dict[int, str],
) -> Iterator[dict[str, Any]]:
    try:
        if first is None:
            return
        yield claim_json(first, handles)
        while batch := cursor.fetchmany():
            for row in batch:
                yield claim_json(row, handles)
    finally:
        connection.close()


def read_claims(url: str, **filters: Any) -> list[dict[str, Any]] | None:
    """:func:`stream_claims` as a list (``filters`` as :class:`ClaimFilters`'s fields)."""
    rows = stream_claims(url, filters=ClaimFilters(**filters))
    return None if rows is None else list(rows)


def _open(url: str) -> sqlite3.Connection | None:
    """A read-only connection in a snapshot at the code's head revision, or None."""
    path = sqlite_file(url)
    if path is None or not path.is_file() or path.stat().st_size == 0:
        return None
    try:
        connection = _connect(path)
    except sqlite3.Error:
        return None
    try:
        connection.execute("BEGIN")  # one snapshot for the gate and the queries
        _require_head(connection)
    except (sqlite3.Error, _NotServed):
        connection.close()
        return None
    return connection


def _connect(path: Path) -> sqlite3.Connection:
    uri = f"{path.absolute().as_uri()}?mode=ro"
    return sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)


def _require_head(connection: sqlite3.Connection) -> None:
    """Go on only at the code's head revision; the store explains every other case."""
    versions = connection.execute(migrate.CURRENT_REVISION_SQL).fetchall()
    if len(versions) != 1 or versions[0][0] != migrate.head_revision():
        raise _NotServed


def read_claim_detail(url: str, *, claim_id: int, context: int) -> dict[str, Any] | None:
    """What ``show_claim`` returns, as its JSON form; None to use the store instead."""
    return _read(
        url, lambda run: claim_detail_json(run, "sqlite", claim_id=claim_id, context=context)
    )


def read_history(url: str, *, claim_id: int) -> list[dict[str, Any]] | None:
    """What ``history`` returns, as its JSON form; None to use the store instead."""
    return _read(url, lambda run: history_json(run, "sqlite", claim_id=claim_id))


_T = TypeVar("_T")


def _read(url: str, read: Callable[[Run], _T | None]) -> _T | None:
    """``read`` run in one read-only snapshot; None for anything the store must answer."""
    connection = _open(url)
    if connection is None:
        return None

    def run(sql: str, parameters: Sequence[Any]) -> list[Sequence[Any]]:
        return connection.execute(sql, tuple(parameters)).fetchall()

    try:
        return read(run)
    except (sqlite3.Error, TypeError, ValueError):
        return None
    finally:
        connection.close()


def _text_index_pays(connection: sqlite3.Connection, filters: ClaimFilters) -> bool:
    probe = common_matches_sql(filters)
    if probe is None:
        return True
    return not is_common(connection.execute(probe[0], probe[1]).fetchone()[0])


def _one(connection: sqlite3.Connection, sql: str, *parameters: Any) -> Any:
    row: Any = connection.execute(bind(sql, "sqlite"), parameters).fetchone()
    return row


def _handles(connection: sqlite3.Connection) -> dict[int, str]:
    return {row[0]: row[1] for row in connection.execute(HANDLES_SQL)}


# Kept under their old names for the tests that hold them equal to the store's.
_stable_claim_id = stable_claim_id


def _timestamp(value: Any) -> str | None:
    if value is not None and not isinstance(value, str):
        raise _NotServed
    return json_time(value)
