"""Migrations: pytest-alembic's four checks on SQLite and PostgreSQL, and the gate."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from pytest_alembic import tests as alembic_tests
from pytest_alembic.config import Config as PytestAlembicConfig

from factcheck.errors import SchemaOutOfDate
from factcheck.store import migrate
from factcheck.store.engine import Store, open_store


@pytest.fixture
def alembic_engine(db_url: str) -> Iterator[Any]:
    store = Store(db_url)
    try:
        yield store.write_engine
    finally:
        store.close()


@pytest.fixture
def alembic_config() -> PytestAlembicConfig:
    from factcheck.resources import migrations_dir

    return PytestAlembicConfig(config_options={"script_location": str(migrations_dir())})


def test_single_head_revision(alembic_runner: Any) -> None:
    alembic_tests.test_single_head_revision(alembic_runner)


def test_upgrade_from_base(alembic_runner: Any) -> None:
    alembic_tests.test_upgrade(alembic_runner)


def test_models_match_migrations(alembic_runner: Any) -> None:
    alembic_tests.test_model_definitions_match_ddl(alembic_runner)


def test_up_down_step_by_step(alembic_runner: Any) -> None:
    alembic_tests.test_up_down_consistency(alembic_runner)


def test_database_behind_head_is_refused_with_the_fix(db_url: str) -> None:
    store = Store(db_url)
    try:
        migrate.upgrade(store, "head")
        migrate.downgrade(store, "base")
    finally:
        store.close()
    with pytest.raises(SchemaOutOfDate, match="factcheck db upgrade"):
        open_store(db_url)


def test_the_quick_head_and_current_checks_agree_with_alembic(db_url: str) -> None:
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    assert migrate._head_from_files() is not None
    assert migrate.head_revision() == (
        ScriptDirectory.from_config(migrate.alembic_config()).get_current_head()
    )
    store = Store(db_url)
    try:
        for step in ("base", "head"):
            if step == "head":
                migrate.upgrade(store, "head")
            with store.read_engine.connect() as connection:
                expected = MigrationContext.configure(connection).get_current_revision()
            assert migrate.current_revision(store) == expected
    finally:
        store.close()


def test_every_review_action_is_allowed_by_the_migrated_check(migrated_db_url: str) -> None:
    """The CHECK on review_events.action, as the migrations leave it, admits every
    action the model knows: models-match-DDL does not compare CHECK constraints, and
    a migration written beside another branch's new action once dropped it."""
    import sqlalchemy as sa

    from factcheck.model import ReviewAction

    with open_store(migrated_db_url) as store:
        engine = sa.create_engine(store.url)
        try:
            with engine.connect() as connection:
                if connection.dialect.name == "sqlite":
                    ddl = connection.execute(
                        sa.text("SELECT sql FROM sqlite_master WHERE name = 'review_events'")
                    ).scalar_one()
                else:
                    ddl = connection.execute(
                        sa.text(
                            "SELECT pg_get_constraintdef(oid) FROM pg_constraint "
                            "WHERE conname = 'ck_review_events_action'"
                        )
                    ).scalar_one()
        finally:
            engine.dispose()
    missing = [action.value for action in ReviewAction if f"'{action.value}'" not in ddl]
    assert missing == []
