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
