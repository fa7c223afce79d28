"""The claim read models: each query written once, each row mapped once.

Both read paths run these: the store (through SQLAlchemy's connection, on any
backend) and the fast path (``factcheck.store.fastread``, the bare driver, for
the commands reviewers run all day). So both answer with the same SQL, use the
same indexes and print the same bytes. Rows come out as JSON-ready dicts shaped
like the pydantic out-models' ``model_dump(mode="json")``; the store validates
them into those models where a library caller wants objects.

This module imports only the standard library: the fast path must not pay for
SQLAlchemy or pydantic.

What the text filters mean: ``--search`` and ``--speaker`` match
case-insensitive substrings (``ant gr`` finds "Ant Group", ``100%`` is literal),
every given term must appear. A trigram index finds the candidates for terms of
three characters or more (SQLite: the FTS5 table ``claims_fts``; PostgreSQL:
pg_trgm GIN indexes, see migration 0002_scale); the LIKE below decides, so the
index never changes an answer. Shorter terms are checked on every row.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

TRIGRAM = 3
"""The shortest term a trigram index can look up."""

COMMON_MATCHES = 2000
"""On SQLite, a page of text matches is read in list order, skipping the index,
when at least this many claims match: then matches are dense enough that an
ordered read finds a page after a few thousand rows, while fetching and sorting
every match (``--search said``: 40% of a million claims) would take seconds.
Rarer terms go through the FTS index. PostgreSQL's planner makes this choice
itself from its statistics."""


@dataclass(frozen=True, kw_only=True)
class ClaimFilters:
    """What ``claims list`` asks for; empty filters match all.

    ``after_id`` is the claim a page starts after (keyset paging: the last id of
    the previous page); ``limit`` None means every row.
    """

    source: int | None = None
    states: Sequence[str] = ()
    statuses: Sequence[str] = ()
    kinds: Sequence[str] = ()
    speakers: Sequence[str] = ()
    searches: Sequence[str] = ()
    after_id: int | None = None
    limit: int | None = None


# --- SQL ---------------------------------------------------------------------------

_CLAIM_COLUMNS = (
    "claims.id, claims.source_id, claims.ordinal, claims.paragraph, claims.text, "
    "claims.attribution_kind, claims.speaker, claims.review_state, claims.evidence_status, "
    "claims.note, claims.assignee_id, claims.proposed_by_id, claims.proposed_at, "
    "claims.approved_by_id, claims.approved_at, claims.updated_by_id, claims.updated_at, "
    "claims.version, claims.span_start, claims.span_end, sources.content_hash, "
    # Counted per row, so only the rows of the page are counted (ix_evidence_claim_id).
    "(SELECT count(*) FROM evidence WHERE evidence.claim_id = claims.id) AS evidence_count"
)
_CLAIMS_FROM = " FROM claims JOIN sources ON sources.id = claims.source_id"
_LIST_ORDER = " ORDER BY claims.source_id, claims.ordinal LIMIT "

HANDLES_SQL = "SELECT id, handle FROM reviewers"
SOURCE_EXISTS_SQL = "SELECT id FROM sources WHERE id = {p}"
CLAIM_POSITION_SQL = "SELECT source_id, ordinal FROM claims WHERE id = {p}"


def placeholder(dialect: str) -> str:
    """The driver's parameter marker: sqlite3 takes ``?``, psycopg ``%s``."""
    return "?" if dialect == "sqlite" else "%s"


def bind(sql: str, dialect: str) -> str:
    """``sql`` with its ``{p}`` markers in the driver's style."""
    return sql.replace("{p}", placeholder(dialect))


def like_pattern(text: str) -> str:
    """A LIKE pattern matching ``text`` anywhere, with ``\\`` escaping ``%`` and ``_``."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def claim_list_sql(
    dialect: str,
    filters: ClaimFilters,
    after: tuple[int, int] | None = None,
    *,
    text_index: bool = True,
) -> tuple[str, list[Any]]:
    """The list query and its parameters; every value is bound, never spliced.

    ``after`` is the list position (source id, ordinal) of ``filters.after_id``,
    read first with :data:`CLAIM_POSITION_SQL`: rows after it in list order,
    which the (filter, source_id, ordinal) indexes serve without a sort.
    ``text_index`` False leaves the FTS index out (see :data:`COMMON_MATCHES`).
    """
    p = placeholder(dialect)
    where: list[str] = []
    parameters: list[Any] = []
    if filters.source is not None:
        where.append(f"claims.source_id = {p}")
        parameters.append(filters.source)
    for column, values in (
        ("review_state", filters.states),
        ("evidence_status", filters.statuses),
        ("attribution_kind", filters.kinds),
    ):
        if values:
            where.append(f"claims.{column} IN ({', '.join(p for _ in values)})")
            parameters.extend(str(value) for value in values)
    text_where, text_parameters = _text_filters(dialect, filters, text_index)
    where += text_where
    parameters += text_parameters
    if after is not None:
        where.append(f"(claims.source_id, claims.ordinal) > ({p}, {p})")
        parameters.extend(after)
    sql = f"SELECT {_CLAIM_COLUMNS}{_CLAIMS_FROM}"
    if where:
        sql += " WHERE " + " AND ".join(where)
    parameters.append(_no_limit(dialect) if filters.limit is None else filters.limit)
    return sql + _LIST_ORDER + p, parameters


def _no_limit(dialect: str) -> int | None:
    return -1 if dialect == "sqlite" else None  # LIMIT -1 / LIMIT NULL: every row


def common_matches_sql(filters: ClaimFilters) -> tuple[str, list[Any]] | None:
    """On SQLite, for a page with text terms: how many claims the FTS index matches,
    counted up to :data:`COMMON_MATCHES` (a few milliseconds); None when there
    is nothing to decide."""
    expression = _fts_expression(filters)
    if expression is None or filters.limit is None:
        return None
    sql = "SELECT count(*) FROM (SELECT rowid FROM claims_fts WHERE claims_fts MATCH ? LIMIT ?)"
    return sql, [expression, COMMON_MATCHES]


def is_common(matches: int) -> bool:
    """Whether a page of this many (bounded) matches is read in list order instead."""
    return matches >= COMMON_MATCHES


def _terms(filters: ClaimFilters) -> list[tuple[str, str]]:
    return [("text", t) for t in filters.searches if t] + [
        ("speaker", t) for t in filters.speakers if t
    ]


def _fts_expression(filters: ClaimFilters) -> str | None:
    indexed = [_fts_phrase(c, t) for c, t in _terms(filters) if len(t) >= TRIGRAM]
    return " AND ".join(indexed) if indexed else None


def _text_filters(
    dialect: str, filters: ClaimFilters, text_index: bool
) -> tuple[list[str], list[Any]]:
    terms = _terms(filters)
    if dialect != "sqlite":
        # ILIKE is what pg_trgm's GIN indexes serve directly.
        where = [f"claims.{column} ILIKE %s ESCAPE '\\'" for column, _ in terms]
        return where, [like_pattern(term) for _, term in terms]
    where, parameters = [], []
    expression = _fts_expression(filters) if text_index else None
    if expression is not None:
        where.append("claims.id IN (SELECT rowid FROM claims_fts WHERE claims_fts MATCH ?)")
        parameters.append(expression)
    for column, term in terms:
        where.append(f"lower(claims.{column}) LIKE lower(?) ESCAPE '\\'")
        parameters.append(like_pattern(term))
    return where, parameters


def _fts_phrase(column: str, term: str) -> str:
    """An FTS5 query for ``term`` as a substring of ``column`` (trigram tokenizer)."""
    quoted = term.replace('"', '""')
    return f'{column} : "{quoted}"'


# --- rows ----------------------------------------------------------------------------


def claim_json(row: Sequence[Any], handles: dict[int, str]) -> dict[str, Any]:
    """A row of the list query as ``ClaimOut.model_dump(mode="json")`` would write it."""

    def who(reviewer_id: int | None) -> str | None:
        return handles.get(reviewer_id) if reviewer_id is not None else None

    return {
        "id": row[0],
        "stable_id": stable_claim_id(row[20], row[18], row[19]),
        "source_id": row[1],
        "ordinal": row[2],
        "paragraph": row[3],
        "text": row[4],
        "kind": row[5],
        "speaker": row[6],
        "state": row[7],
        "status": row[8],
        "note": row[9],
        "assignee": who(row[10]),
        "proposed_by": who(row[11]),
        "proposed_at": json_time(row[12]),
        "approved_by": who(row[13]),
        "approved_at": json_time(row[14]),
        "updated_by": who(row[15]),
        "updated_at": json_time(row[16]),
        "version": row[17],
        "evidence_count": int(row[21]),
    }


def stable_claim_id(content_hash: str, start: int, end: int) -> str:
    """``factcheck.model.stable_claim_id``, which imports pydantic; a test keeps them equal."""
    return f"claim:{content_hash.removeprefix('sha256:')[:16]}:{start}-{end}"


def json_time(value: Any) -> str | None:
    """A stored time as the store returns it (UTC) and pydantic writes it in JSON.

    SQLite hands back text, which SQLAlchemy parses with ``fromisoformat`` and the
    column type puts UTC on; PostgreSQL drivers hand back aware datetimes.
    pydantic writes UTC as ``Z``.
    """
    if value is None:
        return None
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    if not isinstance(value, dt.datetime):
        raise TypeError(f"not a stored time: {value!r}")
    moment = value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)
    return moment.isoformat().removesuffix("+00:00") + "Z"


def json_value(value: Any) -> Any:
    """A JSON column as stored: SQLite hands back its text, PostgreSQL the parsed value."""
    return json.loads(value) if isinstance(value, str) else value
