"""Open a database safely: engines, sessions, and the migration gate.

SQLite (the zero-set-up default) is opened in WAL mode with a busy timeout,
``synchronous=FULL`` and foreign keys on. Its write transactions start with
``BEGIN IMMEDIATE``: a deferred transaction that reads and then writes fails
at once with "database is locked" whatever the busy timeout (RELIABILITY.md),
so writers take the lock up front and queue instead. Reads use a separate
engine with ordinary deferred transactions so they never wait for the lock.

A database behind the migrations' head is refused with one line naming the fix;
a brand-new, empty SQLite file is migrated on first use.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import Any, Self

from sqlalchemy import URL, Engine, create_engine, event, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from factcheck.config import redact_url
from factcheck.errors import ConfigError, DatabaseError

SQLITE_BUSY_TIMEOUT_MS = 30_000


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # Take transaction control away from the sqlite3 module so the "begin"
    # hooks below decide how each transaction starts.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = FULL")
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.close()


def parse_database_url(url: str) -> URL:
    """Parse ``url`` or raise :class:`ConfigError` with a message that leaks no password."""
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):
        raise ConfigError(
            f"not a database URL: {redact_url(url)!r} (expected e.g. sqlite:///path/to/file.db "
            "or postgresql+psycopg://user@host/dbname)"
        ) from None
    if "@" in (parsed.host or ""):
        raise ConfigError(
            f"database URL {redact_url(url)} is malformed: percent-encode @, : and / "
            "in the user name and password (%40 for @)"
        )
    return parsed


def database_error(action: str, url: str, exc: BaseException) -> DatabaseError:
    """A one-line :class:`DatabaseError` for a driver failure, with the password masked."""
    orig = getattr(exc, "orig", None) or exc
    lines = str(orig).strip().splitlines()
    detail = lines[0].strip() if lines else type(orig).__name__
    password = _password(url)
    if password:
        detail = detail.replace(password, "***")
    return DatabaseError(f"cannot {action} database {redact_url(url)}: {detail}")


def _password(url: str) -> str | None:
    try:
        return make_url(url).password
    except (ArgumentError, ValueError):
        return None


def _make_engine(url: str, *, immediate: bool) -> Engine:
    parsed = parse_database_url(url)
    try:
        engine = create_engine(parsed, hide_parameters=True, future=True)
    except NoSuchModuleError:
        raise ConfigError(f"unsupported database URL: {redact_url(url)}") from None
    except ModuleNotFoundError as exc:
        raise ConfigError(
            f"the driver for {parsed.drivername} is not installed ({exc.name}); "
            "for PostgreSQL: pip install 'newsroom-factcheck[postgres]'"
        ) from None
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
        begin = "BEGIN IMMEDIATE" if immediate else "BEGIN"
        event.listen(engine, "begin", lambda conn: conn.exec_driver_sql(begin))
    return engine


class Store:
    """A database opened for factcheck: one engine for writes, one for reads.

    Use ``with store.write() as session:`` for anything that changes data (one
    transaction, committed on success, rolled back on any error) and
    ``with store.read() as session:`` for queries. The store itself is a
    context manager: ``with open_store(url) as store:`` closes both engines
    (and with them every pooled connection) on the way out, so a script that
    opens several databases leaves no file handle or server connection behind.
    """

    def __init__(self, url: str) -> None:
        self.url = url
        self.write_engine = _make_engine(url, immediate=True)
        self.read_engine = (
            _make_engine(url, immediate=False)
            if self.write_engine.dialect.name == "sqlite"
            else self.write_engine
        )
        self._write_sessions = sessionmaker(self.write_engine, expire_on_commit=False)
        self._read_sessions = sessionmaker(self.read_engine, expire_on_commit=False)

    @property
    def dialect(self) -> str:
        return self.write_engine.dialect.name

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A session in one write transaction (``BEGIN IMMEDIATE`` on SQLite)."""
        with self._write_sessions() as session, session.begin():
            yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session for queries; nothing it does is committed."""
        with self._read_sessions() as session:
            try:
                yield session
            finally:
                session.rollback()

    def close(self) -> None:
        self.write_engine.dispose()
        if self.read_engine is not self.write_engine:
            self.read_engine.dispose()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({redact_url(self.url)!r})"


def _is_new_sqlite_file(parsed: URL) -> bool:
    if parsed.get_backend_name() != "sqlite":
        return False
    database = parsed.database or ""
    if database in ("", ":memory:"):
        return True
    return not Path(database).exists() or Path(database).stat().st_size == 0


def sqlite_path(url: str) -> Path | None:
    """The file of a SQLite URL (None for other databases and in-memory SQLite)."""
    parsed = parse_database_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


def prepare_sqlite_folder(url: str) -> None:
    """Create the folder of a SQLite database file, with a clear error if impossible."""
    path = sqlite_path(url)
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DatabaseError(
            f"cannot create the folder {path.parent} for database {redact_url(url)}: "
            f"{exc.strerror or exc}"
        ) from None


def open_store(url: str, *, check_schema: bool = True) -> Store:
    """Open the database at ``url``, creating and migrating a new SQLite file.

    Any other database must already be at the migrations' head; otherwise
    :class:`SchemaOutOfDate` tells the user to run ``factcheck db upgrade``.
    Every failure is a :class:`FactcheckError` whose message masks the password.
    """
    from factcheck.store import migrate

    fresh_sqlite = _is_new_sqlite_file(parse_database_url(url))
    if fresh_sqlite:
        prepare_sqlite_folder(url)
    store = Store(url)
    try:
        if fresh_sqlite or (store.dialect == "sqlite" and _is_empty(store)):
            migrate.upgrade(store, "head")
        elif check_schema:
            migrate.require_head(store)
    except SQLAlchemyError as exc:
        store.close()
        raise database_error("open", url, exc) from None
    except BaseException:
        store.close()
        raise
    return store


def _is_empty(store: Store) -> bool:
    with store.read_engine.connect() as connection:
        return not inspect(connection).get_table_names()
