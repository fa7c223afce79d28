"""Alembic, driven from code: upgrade, downgrade, current, history, the head check.

The Alembic config is built here rather than read from ``alembic.ini``: the
script folder comes from :func:`factcheck.resources.migrations_dir` (a checkout
or an installed wheel) and the connection is passed to ``env.py`` through
``config.attributes``, so migrations always run on the engine we configured.

Importing this module imports neither SQLAlchemy nor Alembic: the read-only
fast path (``factcheck.store.fastread``) shares its head check.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
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
    """The newest revision shipped with this factcheck."""
    fast = _head_from_files()
    if fast is not None:
        return fast
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


_REVISION = re.compile(r"""^revision\b[^=\n]*=\s*['"]([^'"]+)['"]""", re.MULTILINE)
_DOWN_REVISION = re.compile(r"^down_revision\b[^=\n]*=\s*(.+)$", re.MULTILINE)


def _head_from_files() -> str | None:
    """The head read straight from the revision files, without importing Alembic.

    Every command checks the head before touching the database, and importing
    Alembic's script machinery costs more than the rest of a quick command's
    start-up. Returns None (callers then ask Alembic) unless the files name
    exactly one head. ``tests/test_migrations.py`` checks it agrees with Alembic.
    """
    revisions: set[str] = set()
    parents: set[str] = set()
    for script in (migrations_dir() / "versions").glob("*.py"):
        source = script.read_text(encoding="utf-8")
        revision, down = _REVISION.search(source), _DOWN_REVISION.search(source)
        if revision is None or down is None:
            return None
        revisions.add(revision.group(1))
        parents.update(re.findall(r"""['"]([^'"]+)['"]""", down.group(1)))
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None


CURRENT_REVISION_SQL = "SELECT version_num FROM alembic_version"
"""The one query that reads a database's revision (also used by ``fastread``)."""


def current_revision(store: Store) -> str | None:
    """The database's revision (None when it has none), read with one query."""
    from sqlalchemy import inspect, text

    with store.read_engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        versions = connection.execute(text(CURRENT_REVISION_SQL)).all()
    if len(versions) > 1:
        raise DatabaseError(
            f"database {redact_url(store.url)} is at several revisions "
            f"({', '.join(sorted(v[0] for v in versions))}); it was not migrated by factcheck"
        )
    return str(versions[0][0]) if versions else None


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
        {"revision": rev.revision, "down_revision": _one(rev.down_revision), "message": rev.doc}
        for rev in script.walk_revisions()
    ]


def _one(down_revision: str | Sequence[str] | None) -> str | None:
    """A revision's parent; a merge revision's parents joined by commas."""
    if down_revision is None or isinstance(down_revision, str):
        return down_revision
    return ",".join(down_revision)


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


# --- what the `factcheck db` commands call -----------------------------------


@dataclass(frozen=True)
class DatabaseStatus:
    """Where a database stands against the code's migrations."""

    url: str
    """The database URL with any password masked."""
    current: str | None
    head: str
    exists: bool

    @property
    def state(self) -> str:
        if not self.exists:
            return "missing"
        if self.current == self.head:
            return "up to date"
        if self.current is None:
            return "empty"
        return "behind" if self.current in {r["revision"] for r in history()} else "unknown"

    def describe(self) -> str:
        hints = {
            "missing": "not created yet; it is created and migrated on first use",
            "up to date": f"at {self.head} (head), up to date",
            "empty": "has no factcheck tables: run `factcheck db upgrade`",
            "behind": f"at {self.current}, behind {self.head}: run `factcheck db upgrade`",
            "unknown": f"at {self.current}, unknown to this factcheck (newer version?)",
        }
        return f"database {self.url} {hints[self.state]}"

    def as_json(self) -> dict[str, str | bool | None]:
        return {
            "url": self.url,
            "current": self.current,
            "head": self.head,
            "exists": self.exists,
            "state": self.state,
        }


@dataclass(frozen=True)
class MigrationResult:
    """A migration that ran: the revision before and after."""

    url: str
    before: str | None
    after: str | None

    def describe(self, verb: str) -> str:
        if self.before == self.after:
            return f"database {self.url} already at {self.after or 'base'}: nothing to do"
        return f"database {self.url} {verb} from {self.before or 'base'} to {self.after or 'base'}"


def database_status(url: str) -> DatabaseStatus:
    """The database's revision against head; a missing SQLite file is not created."""
    from sqlalchemy.exc import SQLAlchemyError

    from factcheck.store.engine import Store, database_error, sqlite_path

    path = sqlite_path(url)
    if path is not None and not path.exists():
        return DatabaseStatus(redact_url(url), None, head_revision(), exists=False)
    store = Store(url)
    try:
        current = current_revision(store)
    except SQLAlchemyError as exc:
        raise database_error("read", url, exc) from None
    finally:
        store.close()
    return DatabaseStatus(redact_url(url), current, head_revision(), exists=True)


def upgrade_database(url: str, revision: str = "head") -> MigrationResult:
    """Migrate the database at ``url`` up to ``revision``, creating a SQLite file."""
    from factcheck.store.engine import prepare_sqlite_folder

    prepare_sqlite_folder(url)
    return _migrate(url, revision, upgrade, "upgrade")


def downgrade_database(url: str, revision: str) -> MigrationResult:
    """Migrate the database at ``url`` down to ``revision`` (``base`` drops every table)."""
    from factcheck.store.engine import sqlite_path

    path = sqlite_path(url)
    if path is not None and not path.exists():
        raise DatabaseError(f"no database at {path}: nothing to downgrade")
    return _migrate(url, revision, downgrade, "downgrade")


def _migrate(
    url: str, revision: str, step: Callable[[Store, str], None], action: str
) -> MigrationResult:
    from alembic.util.exc import CommandError
    from sqlalchemy.exc import SQLAlchemyError

    from factcheck.store.engine import Store, database_error

    store = Store(url)
    try:
        before = current_revision(store)
        step(store, revision)
        after = current_revision(store)
    except CommandError as exc:
        raise DatabaseError(
            f"cannot {action} database {redact_url(url)} to {revision!r}: {exc} "
            "(`factcheck db history` lists the revisions)"
        ) from None
    except SQLAlchemyError as exc:
        raise database_error(action, url, exc) from None
    finally:
        store.close()
    return MigrationResult(redact_url(url), before, after)
