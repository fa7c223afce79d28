"""external fact checks, match suggestions, and ranked word indexes for "checked before?"

Revision ID: 0003_similar
Revises: 0003_revisions
Create Date: 2026-12-08 03:00:00

Why: a new claim is first compared with what was already checked, here (reviewed
claims) and elsewhere (other fact-checkers' ClaimReview, imported). That needs:

- `fact_checks`: imported external fact checks (claimReviewed, rating, author,
  url, date), deduplicated by a hash of url and claim text;
- `match_suggestions`: a claim's stored matches with their score, each open,
  confirmed or rejected by a reviewer;
- word indexes that rank by relevance. The 0002_scale trigram index serves
  substring search but ranks poorly; matching needs BM25 over words. On SQLite
  two FTS5 tables (porter stemming, unicode61, diacritics removed), external
  content kept in step by triggers, ranked with bm25(); on PostgreSQL GIN
  indexes on to_tsvector('english', ...), ranked with ts_rank. Only reviewed
  (proposed or approved) claims are indexed: they alone answer "checked
  before?", and at a million claims, mostly pending, ranking every claim that
  shares a word took 1.4 s a sentence (bench/bench_match_scale.py).

SQLite note: a later migration that rebuilds `claims` or `fact_checks` with
batch_alter_table drops these triggers with the old table; it must create them
again. The downgrade drops everything this revision made.
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003_similar"
down_revision: str | None = "0003_revisions"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TOKENIZE = "tokenize='porter unicode61 remove_diacritics 2'"

# Only reviewed claims ('proposed', 'approved') answer "checked before?": only they
# are indexed for matching (spelled out in each statement below).

_SQLITE_FTS = [
    f"CREATE VIRTUAL TABLE reviewed_claims_fts USING fts5("
    f"text, content='claims', content_rowid='id', {_TOKENIZE})",
    "CREATE TRIGGER reviewed_claims_fts_insert AFTER INSERT ON claims "
    "WHEN new.review_state IN ('proposed', 'approved') BEGIN "
    "INSERT INTO reviewed_claims_fts(rowid, text) VALUES (new.id, new.text); END",
    "CREATE TRIGGER reviewed_claims_fts_delete AFTER DELETE ON claims "
    "WHEN old.review_state IN ('proposed', 'approved') BEGIN "
    "INSERT INTO reviewed_claims_fts(reviewed_claims_fts, rowid, text) "
    "VALUES ('delete', old.id, old.text); END",
    "CREATE TRIGGER reviewed_claims_fts_update AFTER UPDATE OF text, review_state ON claims BEGIN "
    "INSERT INTO reviewed_claims_fts(reviewed_claims_fts, rowid, text) "
    "SELECT 'delete', old.id, old.text WHERE old.review_state IN ('proposed', 'approved'); "
    "INSERT INTO reviewed_claims_fts(rowid, text) "
    "SELECT new.id, new.text WHERE new.review_state IN ('proposed', 'approved'); END",
    "INSERT INTO reviewed_claims_fts(rowid, text) "
    "SELECT id, text FROM claims WHERE review_state IN ('proposed', 'approved')",
    f"CREATE VIRTUAL TABLE fact_checks_fts USING fts5("
    f"claim_reviewed, content='fact_checks', content_rowid='id', {_TOKENIZE})",
    "CREATE TRIGGER fact_checks_fts_insert AFTER INSERT ON fact_checks BEGIN "
    "INSERT INTO fact_checks_fts(rowid, claim_reviewed) VALUES (new.id, new.claim_reviewed); END",
    "CREATE TRIGGER fact_checks_fts_delete AFTER DELETE ON fact_checks BEGIN "
    "INSERT INTO fact_checks_fts(fact_checks_fts, rowid, claim_reviewed) "
    "VALUES ('delete', old.id, old.claim_reviewed); END",
    "CREATE TRIGGER fact_checks_fts_update AFTER UPDATE OF claim_reviewed ON fact_checks BEGIN "
    "INSERT INTO fact_checks_fts(fact_checks_fts, rowid, claim_reviewed) "
    "VALUES ('delete', old.id, old.claim_reviewed); "
    "INSERT INTO fact_checks_fts(rowid, claim_reviewed) VALUES (new.id, new.claim_reviewed); END",
]
_SQLITE_FTS_DROP = [
    "DROP TRIGGER IF EXISTS fact_checks_fts_update",
    "DROP TRIGGER IF EXISTS fact_checks_fts_delete",
    "DROP TRIGGER IF EXISTS fact_checks_fts_insert",
    "DROP TABLE IF EXISTS fact_checks_fts",
    "DROP TRIGGER IF EXISTS reviewed_claims_fts_update",
    "DROP TRIGGER IF EXISTS reviewed_claims_fts_delete",
    "DROP TRIGGER IF EXISTS reviewed_claims_fts_insert",
    "DROP TABLE IF EXISTS reviewed_claims_fts",
]
_POSTGRES_TSV = [
    "CREATE INDEX ix_claims_text_tsv ON claims USING gin (to_tsvector('english', text)) "
    "WHERE review_state IN ('proposed', 'approved')",
    "CREATE INDEX ix_fact_checks_claim_reviewed_tsv ON fact_checks "
    "USING gin (to_tsvector('english', claim_reviewed))",
]
_POSTGRES_TSV_DROP = [
    "DROP INDEX IF EXISTS ix_fact_checks_claim_reviewed_tsv",
    "DROP INDEX IF EXISTS ix_claims_text_tsv",
]


def upgrade() -> None:
    op.create_table(
        "fact_checks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("claim_reviewed", sa.Text(), nullable=False),
        sa.Column("rating", sa.Text(), nullable=True),
        sa.Column("rating_value", sa.Text(), nullable=True),
        sa.Column("author", sa.Text(), nullable=True),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("date_published", sa.Date(), nullable=True),
        sa.Column("content_hash", sa.String(length=80), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fact_checks")),
        sa.UniqueConstraint("content_hash", name=op.f("uq_fact_checks_content_hash")),
    )
    op.create_table(
        "match_suggestions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("matched_claim_id", sa.Integer(), nullable=True),
        sa.Column("fact_check_id", sa.Integer(), nullable=True),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "status IN ('open', 'confirmed', 'rejected')",
            name=op.f("ck_match_suggestions_status"),
        ),
        sa.CheckConstraint(
            "(matched_claim_id IS NULL) <> (fact_check_id IS NULL)",
            name=op.f("ck_match_suggestions_one_target"),
        ),
        sa.ForeignKeyConstraint(
            ["claim_id"], ["claims.id"],
            name=op.f("fk_match_suggestions_claim_id_claims"), ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["matched_claim_id"], ["claims.id"],
            name=op.f("fk_match_suggestions_matched_claim_id_claims"), ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["fact_check_id"], ["fact_checks.id"],
            name=op.f("fk_match_suggestions_fact_check_id_fact_checks"), ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["decided_by_id"], ["reviewers.id"],
            name=op.f("fk_match_suggestions_decided_by_id_reviewers"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_match_suggestions")),
    )
    op.create_index(
        op.f("ix_match_suggestions_claim_id"), "match_suggestions", ["claim_id"], unique=False
    )
    statements = _SQLITE_FTS if op.get_bind().dialect.name == "sqlite" else _POSTGRES_TSV
    for statement in statements:
        op.execute(statement)


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    for statement in _SQLITE_FTS_DROP if sqlite else _POSTGRES_TSV_DROP:
        op.execute(statement)
    op.drop_index(op.f("ix_match_suggestions_claim_id"), table_name="match_suggestions")
    op.drop_table("match_suggestions")
    op.drop_table("fact_checks")
