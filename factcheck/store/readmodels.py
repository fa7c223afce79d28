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
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
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
    assignee: str | None = None
    """Only claims taken by this handle."""
    unassigned: bool = False
    """Only claims nobody has taken."""
    after_id: int | None = None
    limit: int | None = None
    changed: bool = False
    """Only claims whose sentence changed in a new revision (pending re-review)."""
    removed: bool = False
    """Only claims a later revision of their article no longer has."""


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

    A page filtered on several values of one column (``--state pending --state
    in_review``) is a UNION ALL of one ordered page per value, merged: an IN
    list would read every matching row through the index and sort them all.
    """
    split = _split_column(filters)
    if split is None:
        return _one_list_sql(dialect, filters, after, text_index)
    arms: list[str] = []
    parameters: list[Any] = []
    for value in dict.fromkeys(getattr(filters, split)):
        one_value: dict[str, Any] = {split: [value]}
        arm, arm_parameters = _one_list_sql(
            dialect, replace(filters, **one_value), after, text_index
        )
        arms.append(f"SELECT * FROM ({arm}) AS arm_{len(arms)}")  # noqa: S608 (our SQL)
        parameters += arm_parameters
    sql = " UNION ALL ".join(arms) + " ORDER BY source_id, ordinal LIMIT " + placeholder(dialect)
    return sql, [*parameters, filters.limit]


def _split_column(filters: ClaimFilters) -> str | None:
    """The multi-valued filter a page is split on (None: no limit, or none)."""
    if filters.limit is None:
        return None
    for name in ("states", "statuses", "kinds"):
        if len(set(getattr(filters, name))) > 1:
            return name
    return None


def _one_list_sql(
    dialect: str, filters: ClaimFilters, after: tuple[int, int] | None, text_index: bool
) -> tuple[str, list[Any]]:
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
    if filters.assignee is not None:
        where.append(f"claims.assignee_id = (SELECT id FROM reviewers WHERE handle = {p})")
        parameters.append(filters.assignee)
    if filters.unassigned:
        where.append("claims.assignee_id IS NULL")
    if filters.changed:
        where.append("claims.outcome = 'changed'")
    if filters.removed:
        where.append("claims.removed_in IS NOT NULL")
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


# --- one claim: context, evidence, history ----------------------------------------

Run = Callable[[str, Sequence[Any]], list[Sequence[Any]]]
"""Runs a query (``{p}`` markers already bound) and returns its rows: how each
read path lends its connection to the read models below."""

_DETAIL_SQL = (
    f"SELECT {_CLAIM_COLUMNS}, sources.title, sources.url, claims.speaker_title, "
    "claims.cue_text, claims.cue_start, claims.cue_end, claims.attribution_rule, "
    "claims.attribution_confidence, claims.hedges"
    f"{_CLAIMS_FROM} WHERE claims.id = {{p}}"
)
_NEIGHBOURS_SQL = (
    "SELECT ordinal, text FROM claims WHERE source_id = {p} "
    "AND ordinal BETWEEN {p} AND {p} AND id <> {p} ORDER BY ordinal"
)
_EVIDENCE_SQL = (
    "SELECT id, claim_id, url, stance, title, note, added_by_id, added_at "
    "FROM evidence WHERE claim_id = {p} ORDER BY id"
)
_EVENTS_SQL = (
    "SELECT claim_id, seq, actor, action, from_state, to_state, evidence_status, note, "
    "evidence, created_at, prev_hash, hash, import_id IS NOT NULL "
    "FROM review_events WHERE claim_id = {p} ORDER BY seq"
)
_CLAIM_EXISTS_SQL = "SELECT id FROM claims WHERE id = {p}"


def claim_detail_json(
    run: Run, dialect: str, *, claim_id: int, context: int
) -> dict[str, Any] | None:
    """``ClaimDetail.model_dump(mode="json")`` of a claim; None if there is no such claim."""
    rows = run(bind(_DETAIL_SQL, dialect), (claim_id,))
    if not rows:
        return None
    row = rows[0]
    handles = _handles(run)
    doc = claim_json(row, handles)
    before, after = _neighbours(run, dialect, doc, context)
    cue_text, cue_start, cue_end = row[25], row[26], row[27]
    doc.update(
        source_title=row[22],
        source_url=row[23],
        before=before,
        after=after,
        speaker_title=row[24],
        cue={"text": cue_text, "start": cue_start, "end": cue_end} if cue_text else None,
        rule=row[28],
        confidence=float(row[29]),
        hedges=list(json_value(row[30]) or []),
        evidence=_evidence(run, dialect, claim_id, handles),
        history=_events(run, dialect, claim_id),
    )
    return doc


def history_json(run: Run, dialect: str, *, claim_id: int) -> list[dict[str, Any]] | None:
    """``[EventOut.model_dump(mode="json"), …]`` of a claim; None if there is no such claim."""
    if not run(bind(_CLAIM_EXISTS_SQL, dialect), (claim_id,)):
        return None
    return _events(run, dialect, claim_id)


def _handles(run: Run) -> dict[int, str]:
    return {int(row[0]): str(row[1]) for row in run(HANDLES_SQL, ())}


def _neighbours(
    run: Run, dialect: str, doc: dict[str, Any], context: int
) -> tuple[list[str], list[str]]:
    if context <= 0:
        return [], []
    ordinal = doc["ordinal"]
    rows = run(
        bind(_NEIGHBOURS_SQL, dialect),
        (doc["source_id"], ordinal - context, ordinal + context, doc["id"]),
    )
    return [t for o, t in rows if o < ordinal], [t for o, t in rows if o > ordinal]


def _evidence(
    run: Run, dialect: str, claim_id: int, handles: dict[int, str]
) -> list[dict[str, Any]]:
    return [
        {
            "id": row[0],
            "claim_id": row[1],
            "url": row[2],
            "stance": row[3],
            "title": row[4],
            "note": row[5],
            "added_by": handles.get(row[6]) if row[6] is not None else None,
            "added_at": json_time(row[7]),
        }
        for row in run(bind(_EVIDENCE_SQL, dialect), (claim_id,))
    ]


def _events(run: Run, dialect: str, claim_id: int) -> list[dict[str, Any]]:
    names = (
        "claim_id",
        "seq",
        "actor",
        "action",
        "from_state",
        "to_state",
        "evidence_status",
        "note",
        "evidence",
        "created_at",
        "prev_hash",
        "hash",
        "imported",
    )
    events = []
    for row in run(bind(_EVENTS_SQL, dialect), (claim_id,)):
        event = dict(zip(names, row, strict=True))
        event["evidence"] = json_value(event["evidence"])
        event["created_at"] = json_time(event["created_at"])
        event["imported"] = bool(event["imported"])
        events.append(event)
    return events


# --- sources -----------------------------------------------------------------------

_SOURCES_SQL = (
    "SELECT id, kind, title, url, publisher, author, published, retrieved_at, content_hash, "
    "updated, language, "
    # Counted per listed source (ix_claims_source_id); the article text is never read.
    "(SELECT count(*) FROM claims WHERE claims.source_id = sources.id) AS claim_count "
    "FROM sources"
)


def source_list_sql(dialect: str, *, limit: int | None, after: int | None) -> tuple[str, list[Any]]:
    """``sources list``: oldest first, a page after source ``after``."""
    p = placeholder(dialect)
    sql = _SOURCES_SQL
    parameters: list[Any] = []
    if after is not None:
        sql += f" WHERE id > {p}"
        parameters.append(after)
    parameters.append(_no_limit(dialect) if limit is None else limit)
    return f"{sql} ORDER BY id LIMIT {p}", parameters


def source_json(row: Sequence[Any]) -> dict[str, Any]:
    """A row of :func:`source_list_sql` as ``SourceSummary.model_dump(mode="json")``."""
    published, updated = row[6], row[9]
    return {
        "id": row[0],
        "kind": row[1],
        "title": row[2],
        "url": row[3],
        "publisher": row[4],
        "author": row[5],
        "published": published
        if published is None or isinstance(published, str)
        else published.isoformat(),
        "updated": updated if updated is None or isinstance(updated, str) else updated.isoformat(),
        "language": row[10],
        "retrieved_at": json_time(row[7]),
        "content_hash": row[8],
        "claim_count": int(row[11]),
    }
