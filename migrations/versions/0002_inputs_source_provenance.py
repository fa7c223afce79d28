"""source page metadata, provenance and an edit log

Revision ID: 0002_inputs
Revises: 0001_initial
Create Date: 2026-12-08 02:00:00

Why: articles now come from web pages (factcheck.inputs). A fact-check must
cite what it checked, so a source keeps the page's update date and language,
how it was read (text or html), the final URL after redirects, the fetch time,
the sha256 of the raw bytes, and optionally the raw page itself
(``--keep-html``). ``source_edits`` records every `sources edit` change (who,
when, old and new value), written in the same transaction as the change.
All new source columns are nullable: sources stored before keep working.
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0002_inputs'
down_revision: str | None = '0001_initial'
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
    sa.ForeignKeyConstraint(['source_id'], ['sources.id'], name=op.f('fk_source_edits_source_id_sources'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_source_edits'))
    )
    with op.batch_alter_table('source_edits', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_source_edits_source_id'), ['source_id'], unique=False)


def downgrade() -> None:
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
