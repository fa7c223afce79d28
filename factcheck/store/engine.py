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

import os
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
    return _with_default_driver(parsed)


def _with_default_driver(parsed: URL) -> URL:
    """``postgres://`` (libpq's spelling) and bare ``postgresql://`` use psycopg 3.

    SQLAlchemy knows no ``postgres`` dialect, and before 2.1 its default
    PostgreSQL driver is psycopg2, which factcheck does not install.
    """
    dialect, plus, driver = parsed.drivername.partition("+")
    if dialect not in ("postgres", "postgresql"):
        return parsed
    return parsed.set(drivername=f"postgresql+{driver if plus else 'psycopg'}")


def is_memory_sqlite(parsed: URL) -> bool:
    """True for ``sqlite://`` and ``sqlite:///:memory:``: a database private to one connection."""
    return parsed.get_backend_name() == "sqlite" and parsed.database in (None, "", ":memory:")


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
    options: dict[str, Any] = {}
    if is_memory_sqlite(parsed):
        # Each connection to :memory: is a new, empty database: keep exactly one.
        from sqlalchemy.pool import StaticPool

        options = {"poolclass": StaticPool, "connect_args": {"check_same_thread": False}}
    try:
        engine = create_engine(parsed, hide_parameters=True, future=True, **options)
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
        separate_reads = self.write_engine.dialect.name == "sqlite" and not is_memory_sqlite(
            self.write_engine.url
        )
        self.read_engine = (
            _make_engine(url, immediate=False) if separate_reads else self.write_engine
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


def _is_new_sqlite_file(url: str) -> bool:
    parsed = parse_database_url(url)
    if parsed.get_backend_name() != "sqlite":
        return False
    if is_memory_sqlite(parsed):
        return True
    path = sqlite_path(url)
    return path is not None and (not path.exists() or path.stat().st_size == 0)


def sqlite_path(url: str) -> Path | None:
    """The file of a SQLite URL (None for other databases and in-memory SQLite).

    A path the system cannot look up (a name too long, a loop of links) is a
    :class:`DatabaseError` here, not an ``OSError`` wherever it is next used.
    """
    parsed = parse_database_url(url)
    if parsed.get_backend_name() != "sqlite" or is_memory_sqlite(parsed):
        return None
    path = Path(str(parsed.database))
    try:
        os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        pass
    except OSError as exc:
        raise DatabaseError(
            f"cannot open database {redact_url(url)}: {exc.strerror or exc}"
        ) from None
    except ValueError as exc:  # an embedded NUL
        raise DatabaseError(f"cannot open database {redact_url(url)}: {exc}") from None
    return path


def prepare_sqlite_folder(url: str, *, create: bool = True) -> None:
    """Make sure the folder of a SQLite database file exists, creating it if ``create``.

    Without ``create`` a missing folder is an error naming it: a mistyped
    ``--db`` path must not quietly start a new, empty database somewhere else.
    """
    path = sqlite_path(url)
    if path is None:
        return
    folder = path.parent
    if not create:
        if not folder.is_dir():
            raise DatabaseError(
                f"folder {folder} does not exist (database {redact_url(url)}); "
                "create it first, or check the path"
            )
        return
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DatabaseError(
            f"cannot create the folder {folder} for database {redact_url(url)}: "
            f"{exc.strerror or exc}"
        ) from None


def open_store(url: str, *, check_schema: bool = True, create_folder: bool = True) -> Store:
    """Open the database at ``url``, creating and migrating a new SQLite file.

    A new SQLite file's folder is created when ``create_folder`` (the CLI
    passes it only for the default database); otherwise a missing folder is a
    :class:`DatabaseError` naming it. Any other database must already be at
    the migrations' head; otherwise :class:`SchemaOutOfDate` tells the user to
    run ``factcheck db upgrade``. Every failure is a :class:`FactcheckError`
    whose message masks the password.
    """
    from factcheck.store import migrate

    fresh_sqlite = _is_new_sqlite_file(url)
    if fresh_sqlite:
        prepare_sqlite_folder(url, create=create_folder)
        path = sqlite_path(url)
        if path is not None and not path.exists():
            try:
                _create_migrated_sqlite(url, path)
            except SQLAlchemyError as exc:
                raise database_error("open", url, exc) from None
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


def _create_migrated_sqlite(url: str, path: Path) -> None:
    """Build a new database at head beside ``path``, then link it into place.

    Why: several commands started at once on a fresh machine each find no
    file. Migrating in place let the others open a file one migration in and
    refuse it as "behind"; built aside, the file appears only whole, at head.
    Whoever links first wins; the others drop their copy and use that one.
    """
    from factcheck.store import migrate

    temporary = path.with_name(f".{path.name}.{os.getpid()}.new")
    store = Store(parse_database_url(url).set(database=str(temporary)).render_as_string(False))
    try:
        migrate.upgrade(store, "head")
    finally:
        store.close()
    try:
        os.link(temporary, path)
    except FileExistsError:
        pass  # another process made it first: theirs is just as new
    finally:
        for leftover in (temporary, *temporary.parent.glob(f"{temporary.name}-*")):
            leftover.unlink(missing_ok=True)


def _is_empty(store: Store) -> bool:
    with store.read_engine.connect() as connection:
        return not inspect(connection).get_table_names()
