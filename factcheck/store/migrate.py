"""Alembic, driven from code: upgrade, downgrade, current, history, the head check.

The Alembic config is built here rather than read from ``alembic.ini``: the
script folder comes from :func:`factcheck.resources.migrations_dir` (a checkout
or an installed wheel) and the connection is passed to ``env.py`` through
``config.attributes``, so migrations always run on the engine we configured.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from factcheck.config import redact_url
from factcheck.errors import DatabaseError, SchemaOutOfDate
from factcheck.resources import migrations_dir

if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy import Connection

    from factcheck.store.engine import Store


def alembic_config(connection: Connection | None = None, url: str | None = None) -> Config:
    """An Alembic config pointing at our scripts, optionally bound to a connection."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    if url is not None:
        # ConfigParser interpolation: a literal % in a password must be doubled.
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(store: Store) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with store.read_engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(store: Store, revision: str = "head") -> None:
    """Migrate the database up to ``revision`` in one transaction."""
    from alembic import command

    with store.write_engine.connect() as connection:
        command.upgrade(alembic_config(connection), revision)
        connection.commit()


def downgrade(store: Store, revision: str) -> None:
    """Migrate the database down to ``revision`` (e.g. ``-1`` or ``base``)."""
    from alembic import command

    with store.write_engine.connect() as connection:
        command.downgrade(alembic_config(connection), revision)
        connection.commit()


def history() -> list[dict[str, str | None]]:
    """Every revision, newest first, with its message."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())
    return [
        {"revision": rev.revision, "down_revision": rev.down_revision, "message": rev.doc}
        for rev in script.walk_revisions()
    ]  # type: ignore[misc]


def require_head(store: Store) -> None:
    """Refuse a database whose schema is not the code's head revision."""
    current = current_revision(store)
    head = head_revision()
    if current == head:
        return
    where = redact_url(store.url)
    if current is None:
        raise SchemaOutOfDate(
            f"database {where} has no factcheck tables yet: run `factcheck db upgrade`"
        )
    known = {entry["revision"] for entry in history()}
    if current not in known:
        raise DatabaseError(
            f"database {where} is at revision {current}, unknown to this factcheck "
            "(migrated by a newer version?): upgrade factcheck"
        )
    raise SchemaOutOfDate(
        f"database {where} is at revision {current}, behind {head}: run `factcheck db upgrade`"
    )
