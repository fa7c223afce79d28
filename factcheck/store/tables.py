"""SQLAlchemy row classes: sources, claims, evidence, reviewers, review events.

These are storage rows, not the API: the pydantic models in ``factcheck.model``
are what goes in and out. Every enumeration column carries a CHECK constraint
built from the enum in ``factcheck.model``, so the database refuses a value the
code does not know. Names of constraints and indexes come from the metadata's
naming convention, which lets later migrations drop them on SQLite too.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Dialect,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    true,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from factcheck.model import (
    AttributionKind,
    DeskAction,
    EvidenceStatus,
    ReviewAction,
    ReviewState,
    Role,
    SourceKind,
    Stance,
    SuggestionStatus,
)

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> dt.datetime:
    """The current time, timezone-aware UTC: the only clock rows are stamped with."""
    return dt.datetime.now(dt.UTC)


class UtcDateTime(TypeDecorator[dt.datetime]):
    """A timezone-aware UTC datetime on every backend.

    SQLite has no timezone type and hands back naive datetimes; this puts UTC
    back on them so values compare and serialise the same on both databases.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: store timezone-aware UTC values only")
        return value.astimezone(dt.UTC)

    def process_result_value(self, value: Any, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        moment: dt.datetime = value
        if moment.tzinfo is None:
            return moment.replace(tzinfo=dt.UTC)
        return moment.astimezone(dt.UTC)


def _one_of(column: str, enum: type[StrEnum]) -> CheckConstraint:
    """A CHECK constraint named after the column, allowing the enum's values."""
    values = ", ".join(f"'{member.value}'" for member in enum)
    return CheckConstraint(f"{column} IN ({values})", name=column)


SEARCH_INDEX_OBJECTS = (
    "claims_fts",
    "ix_claims_text_trgm",
    "ix_claims_speaker_trgm",
    # 0003_similar: word indexes ranked for matching (factcheck/store/matching.py).
    "reviewed_claims_fts",
    "fact_checks_fts",
    "ix_claims_text_tsv",
    "ix_fact_checks_claim_reviewed_tsv",
)
"""Search indexes made by migration 0002_scale outside this metadata (an FTS5 table
and its shadow tables ``claims_fts_*`` on SQLite, pg_trgm GIN indexes on PostgreSQL):
autogenerate must neither drop nor compare them."""


def is_search_index_object(name: str | None) -> bool:
    """True for the search objects above (autogenerate's ``include_name`` skips them)."""
    return name is not None and (
        name in SEARCH_INDEX_OBJECTS
        or name.startswith(("claims_fts_", "reviewed_claims_fts_", "fact_checks_fts_"))
    )


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class SourceRow(Base):
    """An article (or other document) as ingested; its text is kept whole."""

    __tablename__ = "sources"
    __table_args__ = (
        _one_of("kind", SourceKind),
        # A hash index on PostgreSQL: a btree refuses keys over ~2.7 kB, and URLs may be long.
        Index("ix_sources_url", "url", postgresql_using="hash"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(32), default=SourceKind.NEWS_ARTICLE.value)
    title: Mapped[str | None] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(Text)
    """Indexed (ix_sources_url): ingest looks up the stored revisions of an article by URL."""
    publisher: Mapped[str | None] = mapped_column(Text)
    author: Mapped[str | None] = mapped_column(Text)
    published: Mapped[dt.date | None] = mapped_column(Date, index=True)
    retrieved_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    content_hash: Mapped[str] = mapped_column(String(80), unique=True)
    text: Mapped[str] = mapped_column(Text)
    # Page metadata and provenance (factcheck.inputs): what a fact-check cites.
    updated: Mapped[dt.date | None] = mapped_column(Date)
    language: Mapped[str | None] = mapped_column(String(35))
    input_format: Mapped[str | None] = mapped_column(String(8))
    fetched_url: Mapped[str | None] = mapped_column(Text)
    fetched_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    raw_sha256: Mapped[str | None] = mapped_column(String(80))
    raw_page: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    # Revisions (factcheck.store.revisions): an updated article is a new source
    # linked to the one it replaces; its claims are re-anchored from that one.
    revision: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    previous_id: Mapped[int | None] = mapped_column(Integer, index=True, unique=True)
    """The revision this one replaces. No foreign key: SQLite would rebuild ``sources``
    (and cascade into claims) to add one; revisions.py writes only ids it just read."""


class SourceEditRow(Base):
    """One change of a source's metadata by `sources edit`: who, when, old and new value.

    Rows are only ever inserted, in the transaction that changes the source;
    database triggers refuse UPDATE and DELETE, as for review events.
    """

    __tablename__ = "source_edits"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id"), index=True)
    actor: Mapped[str] = mapped_column(String(64))
    field: Mapped[str] = mapped_column(String(32))
    old_value: Mapped[str | None] = mapped_column(Text)
    new_value: Mapped[str | None] = mapped_column(Text)
    reason: Mapped[str | None] = mapped_column(Text)
    edited_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)


class ReviewerRow(Base):
    """A person who reviews, edits or administers."""

    __tablename__ = "reviewers"
    __table_args__ = (_one_of("role", Role),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    handle: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str | None] = mapped_column(Text)
    role: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    """False once deactivated: kept for the history, can no longer act."""


class DeskEventRow(Base):
    """One append-only entry of the desk log: people changes and imports, hash-chained.

    One chain for the whole database (``seq`` from 1, ``prev_hash`` the hash of
    ``seq - 1``). The reviewers table must equal what these events replay to;
    ``factcheck audit verify`` checks it. Database triggers refuse UPDATE and DELETE.
    """

    __tablename__ = "desk_events"
    __table_args__ = (_one_of("action", DeskAction), _one_of("role", Role))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, unique=True)
    actor: Mapped[str | None] = mapped_column(String(64))
    """Who made the change; None only for the first admin of an empty database."""
    action: Mapped[str] = mapped_column(String(16))
    handle: Mapped[str | None] = mapped_column(String(64))
    role: Mapped[str | None] = mapped_column(String(16))
    detail: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    prev_hash: Mapped[str | None] = mapped_column(String(80))
    hash: Mapped[str] = mapped_column(String(80))


class ClaimRow(Base):
    """One sentence of a source, its attribution, and where its review stands.

    ``version`` is the optimistic lock: every write checks and increments it.
    """

    __tablename__ = "claims"
    __table_args__ = (
        UniqueConstraint("source_id", "ordinal", name="uq_claims_source_id_ordinal"),
        CheckConstraint("span_end >= span_start AND span_start >= 0", name="span_ordered"),
        _one_of("attribution_kind", AttributionKind),
        _one_of("evidence_status", EvidenceStatus),
        _one_of("review_state", ReviewState),
        Index("ix_claims_review_state_evidence_status", "review_state", "evidence_status"),
        # Each list filter read in list order, so a filtered page stops at its limit.
        Index("ix_claims_attribution_kind_order", "attribution_kind", "source_id", "ordinal"),
        Index("ix_claims_review_state_order", "review_state", "source_id", "ordinal"),
        Index("ix_claims_evidence_status_order", "evidence_status", "source_id", "ordinal"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_id: Mapped[int] = mapped_column(
        ForeignKey("sources.id", ondelete="CASCADE"), index=True
    )
    ordinal: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    span_start: Mapped[int] = mapped_column(Integer)
    span_end: Mapped[int] = mapped_column(Integer)
    paragraph: Mapped[int] = mapped_column(Integer, default=0)
    attribution_kind: Mapped[str] = mapped_column(String(32))
    speaker: Mapped[str | None] = mapped_column(Text, index=True)
    speaker_title: Mapped[str | None] = mapped_column(Text)
    cue_text: Mapped[str | None] = mapped_column(Text)
    cue_start: Mapped[int | None] = mapped_column(Integer)
    cue_end: Mapped[int | None] = mapped_column(Integer)
    attribution_rule: Mapped[str] = mapped_column(String(64))
    attribution_confidence: Mapped[float] = mapped_column(Float, default=0.5)
    hedges: Mapped[list[str]] = mapped_column(JSON, default=list)
    evidence_status: Mapped[str] = mapped_column(
        String(16), default=EvidenceStatus.UNVERIFIED.value
    )
    review_state: Mapped[str] = mapped_column(String(16), default=ReviewState.PENDING.value)
    note: Mapped[str | None] = mapped_column(Text)
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("reviewers.id"))
    proposed_by_id: Mapped[int | None] = mapped_column(ForeignKey("reviewers.id"))
    proposed_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("reviewers.id"))
    approved_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("reviewers.id"))
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    # Revisions: what re-anchoring made of the claim (None in a first revision).
    outcome: Mapped[str | None] = mapped_column(String(16))
    """unchanged, changed or new, for a claim of revision 2 or later (no CHECK: adding
    one makes SQLite rebuild ``claims`` and its search triggers; only revisions.py writes it)."""
    previous_claim_id: Mapped[int | None] = mapped_column(Integer, index=True)
    """The claim of the previous revision this one continues (unchanged or changed)."""
    was: Mapped[str | None] = mapped_column(String(40))
    """For a changed claim: the old claim's verdict and state, e.g. ``refuted (approved)``."""
    removed_in: Mapped[int | None] = mapped_column(Integer)
    """The revision whose text no longer has this claim (it stays in its own revision)."""


class EvidenceRow(Base):
    """A link that supports, refutes or gives context to a claim."""

    __tablename__ = "evidence"
    __table_args__ = (_one_of("stance", Stance),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), index=True)
    url: Mapped[str] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text)
    stance: Mapped[str] = mapped_column(String(16))
    note: Mapped[str | None] = mapped_column(Text)
    added_by_id: Mapped[int | None] = mapped_column(ForeignKey("reviewers.id"))
    added_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)


class ReviewEventRow(Base):
    """One append-only entry of a claim's history, hash-chained per claim.

    ``seq`` numbers a claim's events from 1; ``prev_hash`` is the hash of event
    ``seq - 1`` (None for the first), and ``hash`` covers this event's canonical
    JSON plus ``prev_hash``. Database triggers refuse UPDATE and DELETE.
    """

    __tablename__ = "review_events"
    __table_args__ = (
        UniqueConstraint("claim_id", "seq", name="uq_review_events_claim_id_seq"),
        _one_of("action", ReviewAction),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    actor: Mapped[str] = mapped_column(String(64), index=True)
    action: Mapped[str] = mapped_column(String(16))
    from_state: Mapped[str | None] = mapped_column(String(16))
    to_state: Mapped[str | None] = mapped_column(String(16))
    evidence_status: Mapped[str | None] = mapped_column(String(16))
    note: Mapped[str | None] = mapped_column(Text)
    evidence: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow, index=True)
    prev_hash: Mapped[str | None] = mapped_column(String(80))
    hash: Mapped[str] = mapped_column(String(80))
    content: Mapped[str | None] = mapped_column(String(80))
    """The claim's content hash when the event was written (hashed with the event)."""
    import_id: Mapped[int | None] = mapped_column(ForeignKey("desk_events.id"))
    """The desk event of the import that brought this event in; None if made here."""


class FactCheckRow(Base):
    """A fact check published elsewhere (imported ClaimReview): what new claims match against."""

    __tablename__ = "fact_checks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    claim_reviewed: Mapped[str] = mapped_column(Text)
    rating: Mapped[str | None] = mapped_column(Text)
    """The rating's alternateName ("False", "Mostly true"), else its ratingValue."""
    rating_value: Mapped[str | None] = mapped_column(Text)
    author: Mapped[str | None] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(Text)
    date_published: Mapped[dt.date | None] = mapped_column(Date)
    content_hash: Mapped[str] = mapped_column(String(80), unique=True)
    """sha256 of url and claimReviewed: importing the same feed twice adds nothing."""
    imported_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)


class MatchSuggestionRow(Base):
    """A stored "checked before?" match of a claim: a reviewed claim or an external fact check."""

    __tablename__ = "match_suggestions"
    __table_args__ = (
        _one_of("status", SuggestionStatus),
        CheckConstraint(
            "(matched_claim_id IS NULL) <> (fact_check_id IS NULL)", name="one_target"
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), index=True)
    matched_claim_id: Mapped[int | None] = mapped_column(
        ForeignKey("claims.id", ondelete="CASCADE")
    )
    fact_check_id: Mapped[int | None] = mapped_column(
        ForeignKey("fact_checks.id", ondelete="CASCADE")
    )
    score: Mapped[float] = mapped_column(Float)
    status: Mapped[str] = mapped_column(String(16), default=SuggestionStatus.OPEN.value)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("reviewers.id"))
    decided_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
