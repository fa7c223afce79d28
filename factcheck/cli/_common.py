"""What every command shares: the app context, error rendering, JSON output,
and the helpers that keep terminal output honest (times with their zone,
control characters made visible, ids checked before they reach the database).

Kept free of heavy imports: it is loaded for ``factcheck --help``.
"""

from __future__ import annotations

import errno
import re
import sys
from collections.abc import Iterator, Sequence
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

            settings = self.settings()
            # Only the zero-set-up default may create its folder: a typo in a
            # --db path must not silently start an empty database elsewhere.
            self._store = open_store(
                settings.database_url, create_folder=settings.is_default_database
            )
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
    the bug. An unknown subcommand gets the closest name suggested, as Click
    already does for options.
    """
    from factcheck.errors import FactcheckError

    try:
        yield
    except FactcheckError as exc:
        fail(visible(_first_line(str(exc))))
    except click.UsageError as exc:
        suggested = _suggest_command(exc)
        if suggested is None:
            raise
        raise suggested from None
    except OSError as exc:
        # A full disk or quota while printing (`factcheck history 1 > /dev/full`),
        # or from a writer that did not name its file: one line, not a traceback.
        if exc.errno not in _FULL_ERRNOS:
            raise
        _silence_stdout()
        fail(f"cannot write {exc.filename or 'the output'}: {exc.strerror}")
    except OverflowError as exc:
        # sqlite3 refuses Python ints beyond 64 bits ("Python int too large to
        # convert to SQLite INTEGER"): such an id or number names nothing stored.
        if "too large to convert" not in str(exc):
            raise
        fail(TOO_LARGE)
    except Exception as exc:
        module = type(exc).__module__
        if module.startswith("pydantic") and hasattr(exc, "errors"):
            fail(visible(_render_validation_error(exc)))
        if module.startswith("sqlalchemy"):
            if getattr(getattr(exc, "orig", None), "sqlstate", None) == "22003":
                fail(TOO_LARGE)  # PostgreSQL's "integer out of range", as on SQLite
            from factcheck.config import redact_url

            detail = _first_line(str(getattr(exc, "orig", None) or exc))
            settings = click.get_current_context().find_object(AppContext)
            where = f" ({redact_url(settings.settings().database_url)})" if settings else ""
            fail(visible(f"database error{where}: {detail}"))
        raise


_FULL_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG})


def _silence_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's last flush cannot fail again."""
    import os

    try:
        sys.stdout.flush()
    except OSError:
        pass
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass  # not a real file (tests capture output): nothing will flush it later


def _suggest_command(exc: click.UsageError) -> click.UsageError | None:
    """"No such command 'aprove'." with "Did you mean 'approve'?" added, as Click
    words it for options (Click 8.4 does it for groups that register their
    commands; the lazy top-level group does not, and older Clicks never do)."""
    import difflib

    ctx = exc.ctx
    match = re.fullmatch(r"No such command '(.*)'\.", exc.message, flags=re.DOTALL)
    if match is None or ctx is None or not isinstance(ctx.command, click.Group):
        return None
    if getattr(exc, "possibilities", None):
        return None  # Click suggests already
    close = difflib.get_close_matches(match.group(1), ctx.command.list_commands(ctx), n=1)
    if not close:
        return None
    return click.UsageError(f"{exc.message} Did you mean '{close[0]}'?", ctx)


# --- honest terminal output ---------------------------------------------------------

MAX_ROW_ID = 2**63 - 1
"""The largest id SQLite (and PostgreSQL's bigint) can store."""

TOO_LARGE = f"a number is too large: ids and counts are at most {MAX_ROW_ID}"


def format_moment(moment: Any) -> str:
    """A stored time as ``2026-05-04 09:30 UTC``: minutes, and always its zone.

    Stored times are UTC; a naive one (SQLite drops the zone) is UTC too.
    """
    import datetime as dt

    if moment is None:
        return "-"
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.UTC)
    return f"{moment:%Y-%m-%d %H:%M} UTC"


_BIDI_CONTROLS = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_INVISIBLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029" + _BIDI_CONTROLS + "]")


def _escape_control(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str) -> str:
    """``text`` with control characters shown as escapes (``\\x1b``), newlines and tabs kept.

    Stored text (a note, an article, a handle) is written by someone else: an
    escape sequence in it must not clear the reviewer's screen, rewrite the
    line above, or reverse the text direction of what follows it.
    """
    return _INVISIBLE.sub(_escape_control, text)


def non_utf8_argument(args: Sequence[str]) -> str | None:
    """One error line for the first argument that is not valid UTF-8, else None.

    Python keeps undecodable argv bytes as lone surrogates; stored, they break
    every later read and export, so they are refused before anything runs.
    """
    import os

    for position, arg in enumerate(args, start=1):
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError:
            try:
                raw = os.fsencode(arg)  # the bytes as given, when argv held them
            except UnicodeEncodeError:
                raw = arg.encode("utf-8", "backslashreplace")
            shown = visible(raw.decode("utf-8", "backslashreplace"))
            if len(shown) > 60:
                shown = shown[:59] + "…"
            return (
                f"argument {position} is not valid UTF-8: '{shown}'; "
                "factcheck reads arguments as UTF-8 text"
            )
    return None


class RowId(click.ParamType):  # type: ignore[type-arg,unused-ignore]
    """A database id: a positive integer SQLite and PostgreSQL can store.

    An id beyond 64 bits names nothing stored: it is refused with the same
    kind of line as an unknown id (exit 1), before the database is asked.
    """

    name = "id"

    def __init__(self, noun: str) -> None:
        self.noun = noun

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        if isinstance(value, int):
            number = value
        else:
            try:
                number = int(str(value).strip(), 10)
            except ValueError:
                self.fail(f"{value!r} is not an id (a whole number)", param, ctx)
        if not 1 <= number <= MAX_ROW_ID:
            from factcheck.errors import NotFound

            shown = str(number) if len(str(number)) <= 40 else str(number)[:39] + "…"
            raise NotFound(f"no {self.noun} {shown}: ids run from 1 to {MAX_ROW_ID}")
        return number
