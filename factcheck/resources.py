"""Locate files shipped beside the code: migrations, schemas, the sample article.

In a checkout (or an editable install) ``migrations/`` and ``schemas/`` are
top-level folders; in an installed wheel they are packaged as
``factcheck/_migrations`` and ``factcheck/_schemas``. Callers never care which.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent

SAMPLE_ARTICLE = "nba-ant-group-2023-02-21.txt"


def _locate(packaged: str, top_level: str) -> Path:
    inside = _PACKAGE_DIR / packaged
    if inside.is_dir():
        return inside
    beside = _PACKAGE_DIR.parent / top_level
    if beside.is_dir():
        return beside
    raise FileNotFoundError(f"factcheck installation is missing its {top_level}/ folder")


def migrations_dir() -> Path:
    """The Alembic script folder (env.py and versions/)."""
    return _locate("_migrations", "migrations")


def schemas_dir() -> Path:
    """The folder of JSON Schemas (draft 2020-12)."""
    return _locate("_schemas", "schemas")


def sample_article_path() -> Path:
    """The bundled sample article (2023 report on the NBA and Ant Group)."""
    return _PACKAGE_DIR / "data" / SAMPLE_ARTICLE
