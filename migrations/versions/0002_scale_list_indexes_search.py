"""index the claim lists' filters in list order, and index claim text and speakers for search

Revision ID: 0002_scale
Revises: 0002_inputs
Create Date: 2026-12-08 01:50:00

Why: at a million claims every `claims list` filter was a full scan or a sort
of every matching row before the limit applied, and `--search`/`--speaker`
(case-insensitive substrings) scanned every claim's text.

- Each enumerated filter gets an index that also holds the list order
  (filter column, source_id, ordinal), so a filtered page is read in order and
  stops after the limit. The single-column index on attribution_kind is covered
  by the new one and dropped.
- Substring search stays substring search (`100%`, `NBA’s`, `ant gr` match as
  before) and becomes indexed: on SQLite an FTS5 table with the trigram
  tokenizer over claims.text and claims.speaker, external content (the text is
  not stored twice) kept in step by triggers; on PostgreSQL pg_trgm GIN indexes,
  which serve ILIKE '%…%' directly. Both indexes find candidates for terms of 3
  characters or more; the exact case-insensitive LIKE still decides, so results
  are those of the old scan.

pg_trgm is a trusted extension (PostgreSQL 13+): a database owner can create it.
The downgrade leaves the extension installed (other objects may use it) and
drops everything else this revision made.

SQLite note: a later migration that rebuilds `claims` with batch_alter_table
drops these triggers with the old table; it must create them again.
"""
from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0002_scale"
down_revision: str | None = "0002_inputs"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ORDERED_INDEXES = {
    "ix_claims_attribution_kind_order": "attribution_kind",
    "ix_claims_review_state_order": "review_state",
    "ix_claims_evidence_status_order": "evidence_status",
}

_SQLITE_FTS = [
    "CREATE VIRTUAL TABLE claims_fts USING fts5("
    "text, speaker, content='claims', content_rowid='id', tokenize='trigram')",
    "CREATE TRIGGER claims_fts_insert AFTER INSERT ON claims BEGIN "
    "INSERT INTO claims_fts(rowid, text, speaker) VALUES (new.id, new.text, new.speaker); END",
    "CREATE TRIGGER claims_fts_delete AFTER DELETE ON claims BEGIN "
    "INSERT INTO claims_fts(claims_fts, rowid, text, speaker) "
    "VALUES ('delete', old.id, old.text, old.speaker); END",
    "CREATE TRIGGER claims_fts_update AFTER UPDATE OF text, speaker ON claims BEGIN "
    "INSERT INTO claims_fts(claims_fts, rowid, text, speaker) "
    "VALUES ('delete', old.id, old.text, old.speaker); "
    "INSERT INTO claims_fts(rowid, text, speaker) VALUES (new.id, new.text, new.speaker); END",
    "INSERT INTO claims_fts(claims_fts) VALUES ('rebuild')",
]
_SQLITE_FTS_DROP = [
    "DROP TRIGGER IF EXISTS claims_fts_update",
    "DROP TRIGGER IF EXISTS claims_fts_delete",
    "DROP TRIGGER IF EXISTS claims_fts_insert",
    "DROP TABLE IF EXISTS claims_fts",
]
_POSTGRES_TRGM = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX ix_claims_text_trgm ON claims USING gin (text gin_trgm_ops)",
    "CREATE INDEX ix_claims_speaker_trgm ON claims USING gin (speaker gin_trgm_ops)",
]
_POSTGRES_TRGM_DROP = [
    "DROP INDEX IF EXISTS ix_claims_speaker_trgm",
    "DROP INDEX IF EXISTS ix_claims_text_trgm",
]


def upgrade() -> None:
    op.drop_index("ix_claims_attribution_kind", table_name="claims")
    for name, column in _ORDERED_INDEXES.items():
        op.create_index(name, "claims", [column, "source_id", "ordinal"])
    statements = _SQLITE_FTS if op.get_bind().dialect.name == "sqlite" else _POSTGRES_TRGM
    for statement in statements:
        op.execute(statement)


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    for statement in _SQLITE_FTS_DROP if sqlite else _POSTGRES_TRGM_DROP:
        op.execute(statement)
    for name in reversed(_ORDERED_INDEXES):
        op.drop_index(name, table_name="claims")
    op.create_index("ix_claims_attribution_kind", "claims", ["attribution_kind"])
