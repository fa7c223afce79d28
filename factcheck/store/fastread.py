"""``claims list`` straight from a SQLite file, without SQLAlchemy or pydantic.

Reviewers run ``factcheck claims list`` hundreds of times a day. Through the
store it pays for importing SQLAlchemy and pydantic, about 40 times a bare
``python -c pass``; this module answers the same question with the standard
library's ``sqlite3`` only (``bench/bench_startup.py`` measures both).

It answers only the ordinary case: an existing SQLite file at the migrations'
head, opened read-only, queried with bound parameters. The rows are plain dicts
shaped exactly like ``ClaimOut.model_dump(mode="json")``. Anything else — not a
plain SQLite file URL, a missing or empty file (which the store creates and
migrates), a database at another revision, any driver error — returns None and
the caller takes the store's path, so every other outcome, errors included,
stays the store's own. ``tests/test_fastread.py`` checks that both paths print
the same bytes for every filter.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Collection
from pathlib import Path
from typing import Any

from factcheck.store import migrate

BUSY_TIMEOUT_SECONDS = 30.0
"""As the store's ``SQLITE_BUSY_TIMEOUT_MS``: a checkpoint never fails a read."""

_SQLITE_PREFIX = "sqlite:///"

# The store's query (factcheck.store.claims.list_claims) in SQLite's SQL: claims
# with their source's content hash and evidence count, filtered, in source and
# sentence order. Each filter is a fixed fragment; every value is a bound parameter.
_SELECT = (
    "SELECT claims.id, claims.source_id, claims.ordinal, claims.paragraph, claims.text, "
    "claims.attribution_kind, claims.speaker, claims.review_state, claims.evidence_status, "
    "claims.note, claims.assignee_id, claims.proposed_by_id, claims.proposed_at, "
    "claims.approved_by_id, claims.approved_at, claims.updated_by_id, claims.updated_at, "
    "claims.version, claims.span_start, claims.span_end, sources.content_hash, "
    "coalesce(counts.n, 0) AS evidence_count "
    "FROM claims JOIN sources ON sources.id = claims.source_id "
    "LEFT OUTER JOIN (SELECT evidence.claim_id AS claim_id, count(*) AS n "
    "FROM evidence GROUP BY evidence.claim_id) AS counts ON counts.claim_id = claims.id"
)
_ORDER = " ORDER BY claims.source_id, claims.ordinal LIMIT ?"
_SOURCE = "claims.source_id = ?"
_STATE_IN = "claims.review_state IN (SELECT value FROM json_each(?))"
_STATUS_IN = "claims.evidence_status IN (SELECT value FROM json_each(?))"
_KIND_IN = "claims.attribution_kind IN (SELECT value FROM json_each(?))"
# What SQLAlchemy's ilike() renders on SQLite, so both paths match the same rows.
_SPEAKER_LIKE = "lower(claims.speaker) LIKE lower(?) ESCAPE '\\'"
_TEXT_LIKE = "lower(claims.text) LIKE lower(?) ESCAPE '\\'"
_HANDLES = "SELECT id, handle FROM reviewers"


class _NotServed(Exception):
    """This database is not one the fast path answers for; use the store."""


def like_pattern(text: str) -> str:
    """A LIKE pattern matching ``text`` anywhere, with ``\\`` escaping ``%`` and ``_``."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


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


def read_claims(
    url: str,
    *,
    source: int | None = None,
    states: Collection[str] = (),
    statuses: Collection[str] = (),
    kinds: Collection[str] = (),
    speaker: str | None = None,
    search: str | None = None,
    limit: int | None = None,
) -> list[dict[str, Any]] | None:
    """What ``list_claims`` returns, as JSON-ready dicts; None to use the store instead.

    The filters mean what they mean for :func:`factcheck.store.claims.list_claims`
    (values are the enums' string values).
    """
    path = sqlite_file(url)
    if path is None or not path.is_file() or path.stat().st_size == 0:
        return None
    where, parameters = _where(source, states, statuses, kinds, speaker, search)
    query = _SELECT + where + _ORDER
    try:
        connection = _connect(path)
    except sqlite3.Error:
        return None
    try:
        connection.execute("BEGIN")  # one snapshot for the gate and the query
        _require_head(connection)
        handles = {row["id"]: row["handle"] for row in connection.execute(_HANDLES)}
        rows = connection.execute(query, (*parameters, -1 if limit is None else limit))
        return [_claim(row, handles) for row in rows]
    except (sqlite3.Error, _NotServed, TypeError, ValueError):
        return None
    finally:
        connection.close()


def _connect(path: Path) -> sqlite3.Connection:
    uri = f"{path.absolute().as_uri()}?mode=ro"
    connection = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)
    connection.row_factory = sqlite3.Row
    return connection


def _require_head(connection: sqlite3.Connection) -> None:
    """Go on only at the code's head revision; the store explains every other case."""
    versions = connection.execute(migrate.CURRENT_REVISION_SQL).fetchall()
    if len(versions) != 1 or versions[0][0] != migrate.head_revision():
        raise _NotServed


def _where(
    source: int | None,
    states: Collection[str],
    statuses: Collection[str],
    kinds: Collection[str],
    speaker: str | None,
    search: str | None,
) -> tuple[str, list[Any]]:
    import json

    filters: list[tuple[str, Any]] = []
    if source is not None:
        filters.append((_SOURCE, source))
    for fragment, values in ((_STATE_IN, states), (_STATUS_IN, statuses), (_KIND_IN, kinds)):
        if values:
            filters.append((fragment, json.dumps([str(value) for value in values])))
    if speaker:
        filters.append((_SPEAKER_LIKE, like_pattern(speaker)))
    if search:
        filters.append((_TEXT_LIKE, like_pattern(search)))
    if not filters:
        return "", []
    return " WHERE " + " AND ".join(f for f, _ in filters), [value for _, value in filters]


def _claim(row: sqlite3.Row, handles: dict[int, str]) -> dict[str, Any]:
    def who(reviewer_id: int | None) -> str | None:
        return handles.get(reviewer_id) if reviewer_id is not None else None

    return {
        "id": row["id"],
        "stable_id": _stable_claim_id(row["content_hash"], row["span_start"], row["span_end"]),
        "source_id": row["source_id"],
        "ordinal": row["ordinal"],
        "paragraph": row["paragraph"],
        "text": row["text"],
        "kind": row["attribution_kind"],
        "speaker": row["speaker"],
        "state": row["review_state"],
        "status": row["evidence_status"],
        "note": row["note"],
        "assignee": who(row["assignee_id"]),
        "proposed_by": who(row["proposed_by_id"]),
        "proposed_at": _timestamp(row["proposed_at"]),
        "approved_by": who(row["approved_by_id"]),
        "approved_at": _timestamp(row["approved_at"]),
        "updated_by": who(row["updated_by_id"]),
        "updated_at": _timestamp(row["updated_at"]),
        "version": row["version"],
        "evidence_count": int(row["evidence_count"]),
    }


def _stable_claim_id(content_hash: str, start: int, end: int) -> str:
    # factcheck.model.stable_claim_id, which imports pydantic; a test keeps them equal.
    return f"claim:{content_hash.removeprefix('sha256:')[:16]}:{start}-{end}"


def _timestamp(value: Any) -> str | None:
    """A stored time as the store returns it (UTC) and pydantic writes it in JSON.

    SQLAlchemy parses SQLite's text with ``datetime.fromisoformat`` and the
    column type puts UTC on it; pydantic writes UTC as ``Z``.
    """
    if value is None:
        return None
    if not isinstance(value, str):
        raise _NotServed
    moment = dt.datetime.fromisoformat(value)
    moment = moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment.astimezone(dt.UTC)
    return moment.isoformat().removesuffix("+00:00") + "Z"
