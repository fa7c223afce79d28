"""What every command shares: the app context, error rendering, JSON output.

Kept free of heavy imports: it is loaded for ``factcheck --help``.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from factcheck.config import Settings
    from factcheck.store.engine import Store


@dataclass
class AppContext:
    """Global options, and the settings and store built from them on demand."""

    database_url: str | None = None
    reviewer: str | None = None
    _settings: Settings | None = field(default=None, repr=False)
    _store: Store | None = field(default=None, repr=False)

    def settings(self) -> Settings:
        if self._settings is None:
            from factcheck.config import load_settings

            self._settings = load_settings(database_url=self.database_url, reviewer=self.reviewer)
        return self._settings

    def store(self) -> Store:
        """The store for the configured database, migrated-or-refused on open."""
        if self._store is None:
            from factcheck.store.engine import open_store

            self._store = open_store(self.settings().database_url)
            click.get_current_context().call_on_close(self._store.close)
        return self._store

    def actor(self) -> str:
        """The acting reviewer's handle, or a clear error naming both ways to set it."""
        from factcheck.errors import ConfigError

        handle = self.settings().reviewer
        if not handle:
            raise ConfigError("no reviewer given: pass --as HANDLE or set FACTCHECK_REVIEWER")
        return handle


pass_app = click.make_pass_decorator(AppContext, ensure=True)

json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")


def emit_json(data: Any) -> None:
    """Print data as stable, indented JSON (sorted keys, UTF-8 kept readable)."""
    import json

    click.echo(json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True, default=str))


def fail(message: str) -> None:
    """Print one error line and exit 1."""
    click.echo(f"Error: {message}", err=True)
    sys.exit(1)


def _first_line(text: str) -> str:
    return " ".join(text.strip().splitlines()[:1]) or text.strip()


def _render_validation_error(exc: Any) -> str:
    problems = []
    for error in exc.errors()[:5]:
        path = ".".join(str(part) for part in error.get("loc", ())) or "(document)"
        problems.append(f"{path}: {error.get('msg')}")
    return "invalid input: " + "; ".join(problems)


@contextmanager
def handle_errors() -> Iterator[None]:
    """Turn user-caused errors into one line on stderr and exit code 1.

    Unexpected exceptions still propagate: hiding a bug's traceback would hide
    the bug.
    """
    from factcheck.errors import FactcheckError

    try:
        yield
    except FactcheckError as exc:
        fail(_first_line(str(exc)))
    except Exception as exc:
        module = type(exc).__module__
        if module.startswith("pydantic") and hasattr(exc, "errors"):
            fail(_render_validation_error(exc))
        if module.startswith("sqlalchemy"):
            from factcheck.config import redact_url

            detail = _first_line(str(getattr(exc, "orig", None) or exc))
            settings = click.get_current_context().find_object(AppContext)
            where = f" ({redact_url(settings.settings().database_url)})" if settings else ""
            fail(f"database error{where}: {detail}")
        raise
