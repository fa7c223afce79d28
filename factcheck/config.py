"""Settings: where the database is and who is acting, built on demand.

Precedence, highest first: command-line flags, ``FACTCHECK_*`` environment
variables, the config file, defaults. Nothing is read at import time.

- data directory: ``FACTCHECK_HOME``, else ``$XDG_DATA_HOME/factcheck``, else
  ``~/.local/share/factcheck``;
- config file: ``FACTCHECK_CONFIG``, else ``<data dir>/config.toml`` with keys
  ``database_url``, ``reviewer``, ``organization``, ``organization_url``,
  ``claimreview_url_pattern``;
- database: ``--db URL``, ``FACTCHECK_DATABASE_URL``, ``database_url`` in the
  config file, else the SQLite file ``<data dir>/factcheck.db``;
- acting reviewer: ``--as HANDLE``, ``FACTCHECK_REVIEWER``, ``reviewer`` in the
  config file.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from factcheck.errors import ConfigError

DEFAULT_DB_FILENAME = "factcheck.db"


def data_dir() -> Path:
    """The folder holding the default database and config file."""
    if home := os.environ.get("FACTCHECK_HOME"):
        return Path(home)
    xdg = os.environ.get("XDG_DATA_HOME")
    base = Path(xdg) if xdg else Path.home() / ".local" / "share"
    return base / "factcheck"


def config_path() -> Path:
    """The config file's path, whether or not it exists."""
    if explicit := os.environ.get("FACTCHECK_CONFIG"):
        return Path(explicit)
    return data_dir() / "config.toml"


def _read_config_file(path: Path) -> dict[str, Any]:
    if not path.exists():
        return {}
    import tomllib  # only when there is a file: every command loads settings

    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"cannot read config file {path}: {exc}") from None


@dataclass(frozen=True)
class Settings:
    """Everything a command needs to know about its environment."""

    database_url: str
    reviewer: str | None
    organization: str
    organization_url: str | None
    claimreview_url_pattern: str | None
    data_dir: Path

    @property
    def is_default_database(self) -> bool:
        """True when the database is the zero-set-up SQLite file."""
        return self.database_url == default_database_url(self.data_dir)


def default_database_url(directory: Path) -> str:
    return f"sqlite:///{directory / DEFAULT_DB_FILENAME}"


SETTINGS_VARIABLES = (
    "FACTCHECK_HOME",
    "FACTCHECK_CONFIG",
    "FACTCHECK_DATABASE_URL",
    "FACTCHECK_REVIEWER",
    "XDG_DATA_HOME",
)


def _check_environment() -> None:
    """Refuse a setting whose bytes are not UTF-8 (Python keeps them as lone surrogates)."""
    for name in SETTINGS_VARIABLES:
        value = os.environ.get(name)
        if value is None:
            continue
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise ConfigError(f"{name} is not valid UTF-8; set it to UTF-8 text") from None


def load_settings(*, database_url: str | None = None, reviewer: str | None = None) -> Settings:
    """Build the settings from flags (arguments), environment and config file."""
    _check_environment()
    directory = data_dir()
    file_values = _read_config_file(config_path())
    url = (
        database_url
        or os.environ.get("FACTCHECK_DATABASE_URL")
        or file_values.get("database_url")
        or default_database_url(directory)
    )
    return Settings(
        database_url=str(url),
        reviewer=reviewer or os.environ.get("FACTCHECK_REVIEWER") or file_values.get("reviewer"),
        organization=str(file_values.get("organization", "factcheck")),
        organization_url=file_values.get("organization_url"),
        claimreview_url_pattern=file_values.get("claimreview_url_pattern"),
        data_dir=directory,
    )


_SECRET_QUERY_KEY = re.compile(r"pass|secret|token|key", re.IGNORECASE)


URL_DISPLAY_LIMIT = 200
"""Characters of a URL shown in a message: a 100 kB path must not make a 100 kB line."""


def redact_url(url: str, *, limit: int = URL_DISPLAY_LIMIT) -> str:
    """The URL with any password replaced by ``***``; safe to print or log.

    Masks the password part and query parameters that carry secrets
    (``?password=…``, ``sslpassword``, tokens). A string that does not parse as
    a URL is shown only if it has no ``@`` (no credentials could be in it).
    Longer than ``limit`` characters, it is cut with an ellipsis.
    """
    shown = _redacted(url)
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"


def _redacted(url: str) -> str:
    try:
        from sqlalchemy.engine import make_url

        parsed = make_url(url)
        if "@" in (parsed.host or ""):
            raise ValueError("an unencoded @ in the password")
    except Exception:  # noqa: BLE001 - a URL we cannot parse is shown without credentials
        if "@" not in url:
            return url
        scheme = url.split("://", 1)[0] if "://" in url else "?"
        return f"{scheme}://***@{url.rsplit('@', 1)[1]}"
    if parsed.password is None and not parsed.query:
        return url  # nothing to hide: keep the user's own spelling (sqlite:///:memory:)
    base = parsed.set(query={}).render_as_string(hide_password=True)
    if not parsed.query:
        return base
    pairs = []
    for key, value in parsed.query.items():
        for item in (value,) if isinstance(value, str) else value:
            pairs.append(f"{key}={'***' if _SECRET_QUERY_KEY.search(key) else item}")
    return base + "?" + "&".join(pairs)
