"""desk log (people changes and imports, hash-chained), deactivation, event content

Revision ID: 0002_integrity
Revises: 0001_initial
Create Date: 2026-12-08 02:00:00

Why: an adversarial review showed the record could be forged outside the
review chain. Reviewers' roles changed with SQL left no trace, imports created
people silently, and claim content was not covered by any hash. This adds:

- ``desk_events``: an append-only, hash-chained log of people changes (who
  added whom, who changed whose role, deactivations) and of imports; existing
  reviewers get one ``add_reviewer`` event each (actor unknown: null, marked
  ``backfilled``) so the reviewers table can be checked against the log;
- ``reviewers.active``: a deactivated reviewer stays in the history but can no
  longer act;
- ``review_events.content``: the claim's content hash, hashed with the event,
  so a claim's text, span or attribution edited with SQL no longer verifies;
- ``review_events.import_id``: which import brought an event in (covered by
  the import's desk event, which hashes the imported events' hashes);
- new review actions (``remove_evidence``, ``comment``, ``release``, ``take_over``).

Downgrade drops all of that; it fails if review events with the new actions
exist (the old CHECK constraint refuses them), which is the safe outcome.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0002_integrity'
down_revision: str | None = '0001_initial'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_OLD_ACTIONS = (
    "ingest", "take", "mark", "add_evidence", "note", "propose", "approve", "return",
    "dismiss", "reopen", "import",
)
_NEW_ACTIONS = (*_OLD_ACTIONS, "remove_evidence", "comment", "release", "take_over")
_DESK_ACTIONS = ("add_reviewer", "set_role", "deactivate", "import")
_ROLES = ("reviewer", "editor", "admin")


def _in(column: str, values: Sequence[str]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    op.create_table(
        'desk_events',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('seq', sa.Integer(), nullable=False),
        sa.Column('actor', sa.String(length=64), nullable=True),
        sa.Column('action', sa.String(length=16), nullable=False),
        sa.Column('handle', sa.String(length=64), nullable=True),
        sa.Column('role', sa.String(length=16), nullable=True),
        sa.Column('detail', sa.JSON(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('prev_hash', sa.String(length=80), nullable=True),
        sa.Column('hash', sa.String(length=80), nullable=False),
        sa.CheckConstraint(_in("action", _DESK_ACTIONS), name=op.f('ck_desk_events_action')),
        sa.CheckConstraint(_in("role", _ROLES), name=op.f('ck_desk_events_role')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_desk_events')),
        sa.UniqueConstraint('seq', name=op.f('uq_desk_events_seq')),
    )
    with op.batch_alter_table('reviewers', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('active', sa.Boolean(), server_default=sa.true(), nullable=False)
        )
    if sqlite:  # batch mode recreates the table, which would drop its triggers
        _drop_review_event_triggers()
    with op.batch_alter_table('review_events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('content', sa.String(length=80), nullable=True))
        batch_op.add_column(sa.Column('import_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f('fk_review_events_import_id_desk_events'),
            'desk_events',
            ['import_id'],
            ['id'],
        )
        batch_op.drop_constraint(batch_op.f('ck_review_events_action'), type_='check')
        batch_op.create_check_constraint(
            batch_op.f('ck_review_events_action'), _in("action", _NEW_ACTIONS)
        )
    if sqlite:
        _create_sqlite_triggers('review_events', 'review events')
    _create_append_only('desk_events', 'desk events')
    _backfill_people()


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    _drop_append_only('desk_events')
    if sqlite:
        _drop_review_event_triggers()
    with op.batch_alter_table('review_events', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_review_events_action'), type_='check')
        batch_op.create_check_constraint(
            batch_op.f('ck_review_events_action'), _in("action", _OLD_ACTIONS)
        )
        batch_op.drop_constraint(
            batch_op.f('fk_review_events_import_id_desk_events'), type_='foreignkey'
        )
        batch_op.drop_column('import_id')
        batch_op.drop_column('content')
    if sqlite:
        _create_sqlite_triggers('review_events', 'review events')
    with op.batch_alter_table('reviewers', schema=None) as batch_op:
        batch_op.drop_column('active')
    op.drop_table('desk_events')


# --- append-only triggers ---------------------------------------------------------


def _drop_review_event_triggers() -> None:
    op.execute("DROP TRIGGER IF EXISTS review_events_no_update")
    op.execute("DROP TRIGGER IF EXISTS review_events_no_delete")


def _create_sqlite_triggers(table: str, what: str) -> None:
    for verb in ("UPDATE", "DELETE"):
        op.execute(
            f"CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table} "
            f"BEGIN SELECT RAISE(ABORT, '{what} are append-only'); END"
        )


def _create_append_only(table: str, what: str) -> None:
    if op.get_bind().dialect.name == "sqlite":
        _create_sqlite_triggers(table, what)
        return
    op.execute(
        f"CREATE FUNCTION {table}_append_only() RETURNS trigger "
        f"LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION '{what} are append-only'; END $$"
    )
    op.execute(
        f"CREATE TRIGGER {table}_no_update_delete BEFORE UPDATE OR DELETE "
        f"ON {table} FOR EACH ROW EXECUTE FUNCTION {table}_append_only()"
    )
    op.execute(
        f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE "
        f"ON {table} FOR EACH STATEMENT EXECUTE FUNCTION {table}_append_only()"
    )


def _drop_append_only(table: str) -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute(f"DROP TRIGGER IF EXISTS {table}_no_update")
        op.execute(f"DROP TRIGGER IF EXISTS {table}_no_delete")
        return
    op.execute(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}")
    op.execute(f"DROP TRIGGER IF EXISTS {table}_no_update_delete ON {table}")
    op.execute(f"DROP FUNCTION IF EXISTS {table}_append_only()")


# --- backfill -------------------------------------------------------------------------
# A frozen copy of factcheck.store.audit.desk_event_hash as of this revision: a
# migration must not change when the code it shipped with changes later.


def _desk_hash(fields: dict[str, object]) -> str:
    canonical = json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return "sha256:" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _utc(moment: dt.datetime) -> dt.datetime:
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment.astimezone(dt.UTC)


def _backfill_people() -> None:
    """One ``add_reviewer`` event per existing reviewer, oldest first (actor unknown)."""
    reviewers = sa.table(
        'reviewers',
        sa.column('id', sa.Integer()),
        sa.column('handle', sa.String()),
        sa.column('display_name', sa.Text()),
        sa.column('role', sa.String()),
        sa.column('created_at', sa.DateTime(timezone=True)),
    )
    desk = sa.table(
        'desk_events',
        sa.column('seq', sa.Integer()),
        sa.column('actor', sa.String()),
        sa.column('action', sa.String()),
        sa.column('handle', sa.String()),
        sa.column('role', sa.String()),
        sa.column('detail', sa.JSON()),
        sa.column('created_at', sa.DateTime(timezone=True)),
        sa.column('prev_hash', sa.String()),
        sa.column('hash', sa.String()),
    )
    bind = op.get_bind()
    rows = bind.execute(sa.select(reviewers).order_by(reviewers.c.id)).all()
    prev_hash: str | None = None
    for seq, row in enumerate(rows, start=1):
        created_at = _utc(row.created_at)
        detail = {"backfilled": True, "name": row.display_name}
        fields = {
            "seq": seq,
            "actor": None,
            "action": "add_reviewer",
            "handle": row.handle,
            "role": row.role,
            "detail": detail,
            "created_at": created_at.isoformat(timespec="microseconds"),
            "prev_hash": prev_hash,
        }
        digest = _desk_hash(fields)
        bind.execute(
            desk.insert().values(
                seq=seq, actor=None, action="add_reviewer", handle=row.handle, role=row.role,
                detail=detail, created_at=created_at, prev_hash=prev_hash, hash=digest,
            )
        )
        prev_hash = digest
