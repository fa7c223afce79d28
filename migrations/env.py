"""Alembic environment for factcheck.

The connection comes from ``config.attributes["connection"]`` (how the CLI and
the tests migrate an engine they configured); failing that, from
``sqlalchemy.url`` or the app's settings (``--db``/``FACTCHECK_DATABASE_URL``).
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, Engine

from factcheck.store.tables import Base, is_search_index_object

config = context.config
target_metadata = Base.metadata


def _configured_url() -> str:
    url = config.get_main_option("sqlalchemy.url")
    if url:
        return url
    from factcheck.config import load_settings

    return load_settings().database_url


def _include_name(name: str | None, type_: str, _parents: object) -> bool:
    # The search indexes live outside the models (see factcheck.store.tables).
    return not (type_ in ("table", "index") and is_search_index_object(name))


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        include_name=_include_name,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_offline() -> None:
    context.configure(
        url=_configured_url(),
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=_configured_url().startswith("sqlite"),
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connectable = config.attributes.get("connection")
    if isinstance(connectable, Engine):  # pytest-alembic passes an engine
        with connectable.connect() as new_connection:
            _run(new_connection)
            new_connection.commit()
        return
    if connectable is not None:
        _run(connectable)
        return
    from factcheck.store.engine import Store

    store = Store(_configured_url())
    try:
        with store.write_engine.connect() as new_connection:
            _run(new_connection)
            new_connection.commit()
    finally:
        store.close()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
