"""article revisions: link an updated article to the one it replaces, re-anchor its claims

Revision ID: 0003_revisions
Revises: 0002_scale
Create Date: 2026-12-08 03:00:00

Why: published articles change (corrections, updates). Re-ingesting a changed
article now makes a new revision of its source instead of an unrelated
source, and each claim's review is carried over when its sentence is still
there (issue 15).

- ``sources.revision`` (1, 2, …) and ``sources.previous_id`` (the revision it
  replaces; unique, so revisions form one line); an index on ``sources.url``,
  which every ingest of a page now looks up (hash on PostgreSQL: a btree
  refuses keys over ~2.7 kB, and a URL may be longer).
- ``claims.outcome`` (unchanged / changed / new), ``claims.previous_claim_id``
  (the claim it continues), ``claims.was`` (the old verdict and state of a
  changed claim) and ``claims.removed_in`` (the revision that dropped it).
- the review action ``carried_over`` in the CHECK of ``review_events.action``.

The new columns carry no foreign keys or CHECKs: on SQLite adding one rebuilds
``sources`` or ``claims`` (cascading deletes, dropping the search triggers);
plain columns are added in place. Only ``review_events`` is rebuilt on SQLite,
and its append-only triggers are made again, as in 0002_integrity.

Downgrade refuses while any ``carried_over`` event exists: events are
append-only, so the old CHECK could not be restored without deleting history.
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003_revisions"
down_revision: str | None = "0002_scale"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_OLD_ACTIONS = (
    "ingest", "take", "mark", "add_evidence", "note", "propose", "approve", "return",
    "dismiss", "reopen", "import", "remove_evidence", "comment", "release", "take_over",
)
"""What 0002_integrity allows (this revision follows it)."""
_NEW_ACTIONS = (*_OLD_ACTIONS, "carried_over")


def _in(column: str, values: Sequence[str]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def upgrade() -> None:
    with op.batch_alter_table("sources", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("revision", sa.Integer(), server_default="1", nullable=False)
        )
        batch_op.add_column(sa.Column("previous_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_sources_previous_id"), ["previous_id"], unique=True)
        batch_op.create_index(
            batch_op.f("ix_sources_url"), ["url"], unique=False, postgresql_using="hash"
        )
    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.add_column(sa.Column("outcome", sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column("previous_claim_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("was", sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column("removed_in", sa.Integer(), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_claims_previous_claim_id"), ["previous_claim_id"], unique=False
        )
    _set_actions(_NEW_ACTIONS)


def downgrade() -> None:
    carried = op.get_bind().scalar(
        sa.text("SELECT count(*) FROM review_events WHERE action = 'carried_over'")
    )
    if carried:
        raise RuntimeError(
            f"cannot downgrade below 0003_revisions: {carried} carried_over review events "
            "exist and review events are append-only"
        )
    _set_actions(_OLD_ACTIONS)
    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_claims_previous_claim_id"))
        batch_op.drop_column("removed_in")
        batch_op.drop_column("was")
        batch_op.drop_column("previous_claim_id")
        batch_op.drop_column("outcome")
    with op.batch_alter_table("sources", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sources_url"))
        batch_op.drop_index(batch_op.f("ix_sources_previous_id"))
        batch_op.drop_column("previous_id")
        batch_op.drop_column("revision")


def _set_actions(actions: Sequence[str]) -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    if sqlite:  # batch mode recreates the table, which would drop its triggers
        op.execute("DROP TRIGGER IF EXISTS review_events_no_update")
        op.execute("DROP TRIGGER IF EXISTS review_events_no_delete")
    with op.batch_alter_table("review_events", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_review_events_action"), type_="check")
        batch_op.create_check_constraint(
            batch_op.f("ck_review_events_action"), _in("action", actions)
        )
    if sqlite:
        for verb in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER review_events_no_{verb.lower()} BEFORE {verb} ON review_events "
                "BEGIN SELECT RAISE(ABORT, 'review events are append-only'); END"
            )
