"""source page metadata, provenance and an edit log

Revision ID: 0002_inputs
Revises: 0002_integrity
Create Date: 2026-12-08 02:00:00

Why: articles now come from web pages (factcheck.inputs). A fact-check must
cite what it checked, so a source keeps the page's update date and language,
how it was read (text or html), the final URL after redirects, the fetch time,
the sha256 of the raw bytes, and optionally the raw page itself
(``--keep-html``). ``source_edits`` records every `sources edit` change (who,
when, old and new value), written in the same transaction as the change; like
review events it is append-only, enforced by triggers (a batch migration that
rebuilds the table on SQLite must re-create them).
All new source columns are nullable: sources stored before keep working.
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0002_inputs'
down_revision: str | None = '0002_integrity'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('sources', schema=None) as batch_op:
        batch_op.add_column(sa.Column('updated', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('language', sa.String(length=35), nullable=True))
        batch_op.add_column(sa.Column('input_format', sa.String(length=8), nullable=True))
        batch_op.add_column(sa.Column('fetched_url', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('fetched_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('raw_sha256', sa.String(length=80), nullable=True))
        batch_op.add_column(sa.Column('raw_page', sa.LargeBinary(), nullable=True))
    op.create_table('source_edits',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('source_id', sa.Integer(), nullable=False),
    sa.Column('actor', sa.String(length=64), nullable=False),
    sa.Column('field', sa.String(length=32), nullable=False),
    sa.Column('old_value', sa.Text(), nullable=True),
    sa.Column('new_value', sa.Text(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('edited_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['source_id'], ['sources.id'], name=op.f('fk_source_edits_source_id_sources')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_source_edits'))
    )
    with op.batch_alter_table('source_edits', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_source_edits_source_id'), ['source_id'], unique=False)
    _create_append_only_triggers()


def downgrade() -> None:
    _drop_append_only_triggers()
    with op.batch_alter_table('source_edits', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_source_edits_source_id'))
    op.drop_table('source_edits')
    with op.batch_alter_table('sources', schema=None) as batch_op:
        batch_op.drop_column('raw_page')
        batch_op.drop_column('raw_sha256')
        batch_op.drop_column('fetched_at')
        batch_op.drop_column('fetched_url')
        batch_op.drop_column('input_format')
        batch_op.drop_column('language')
        batch_op.drop_column('updated')


_SQLITE_TRIGGERS = {
    "source_edits_no_update": "UPDATE",
    "source_edits_no_delete": "DELETE",
}


def _create_append_only_triggers() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name, verb in _SQLITE_TRIGGERS.items():
            op.execute(
                f"CREATE TRIGGER {name} BEFORE {verb} ON source_edits "
                "BEGIN SELECT RAISE(ABORT, 'source edits are append-only'); END"
            )
        return
    op.execute(
        "CREATE FUNCTION source_edits_append_only() RETURNS trigger "
        "LANGUAGE plpgsql AS $$ BEGIN "
        "RAISE EXCEPTION 'source edits are append-only'; END $$"
    )
    op.execute(
        "CREATE TRIGGER source_edits_no_update_delete BEFORE UPDATE OR DELETE "
        "ON source_edits FOR EACH ROW EXECUTE FUNCTION source_edits_append_only()"
    )
    op.execute(
        "CREATE TRIGGER source_edits_no_truncate BEFORE TRUNCATE "
        "ON source_edits FOR EACH STATEMENT EXECUTE FUNCTION source_edits_append_only()"
    )


def _drop_append_only_triggers() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in _SQLITE_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        return
    op.execute("DROP TRIGGER IF EXISTS source_edits_no_truncate ON source_edits")
    op.execute("DROP TRIGGER IF EXISTS source_edits_no_update_delete ON source_edits")
    op.execute("DROP FUNCTION IF EXISTS source_edits_append_only()")
