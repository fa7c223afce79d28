"""Settings: where the database is, and which source of the setting wins."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from factcheck.cli.main import cli
from factcheck.config import data_dir, load_settings, redact_url
from factcheck.errors import ConfigError


def configured_url(*args: str) -> str:
    """The database URL the CLI would use, as `db current --json` reports it."""
    result = CliRunner().invoke(cli, [*args, "db", "current", "--json"])
    assert result.exit_code == 0, result.output
    return str(json.loads(result.stdout)["url"])


def write_config(path: Path, **values: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(f'{key} = "{value}"\n' for key, value in values.items()))
    return path


def test_default_database_is_a_sqlite_file_in_factcheck_home(isolated_settings: Path) -> None:
    assert data_dir() == isolated_settings
    assert configured_url() == f"sqlite:///{isolated_settings / 'factcheck.db'}"
    assert load_settings().is_default_database


def test_without_factcheck_home_the_xdg_data_dir_is_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("FACTCHECK_HOME")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert configured_url() == f"sqlite:///{tmp_path / 'xdg' / 'factcheck' / 'factcheck.db'}"

    monkeypatch.delenv("XDG_DATA_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "me"))
    assert data_dir() == tmp_path / "me" / ".local" / "share" / "factcheck"


def test_flag_beats_environment_beats_config_file_beats_default(
    isolated_settings: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from_file, from_env, from_flag = (f"sqlite:///{tmp_path / n}.db" for n in ("f", "e", "x"))

    write_config(isolated_settings / "config.toml", database_url=from_file)
    assert configured_url() == from_file
    monkeypatch.setenv("FACTCHECK_DATABASE_URL", from_env)
    assert configured_url() == from_env
    assert configured_url("--db", from_flag) == from_flag


def test_factcheck_config_names_another_config_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    elsewhere = write_config(tmp_path / "team.toml", database_url="sqlite:///team.db")
    monkeypatch.setenv("FACTCHECK_CONFIG", str(elsewhere))
    assert configured_url() == "sqlite:///team.db"


def test_reviewer_comes_from_flag_environment_or_config(
    isolated_settings: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_config(isolated_settings / "config.toml", reviewer="from-file")
    assert load_settings().reviewer == "from-file"
    monkeypatch.setenv("FACTCHECK_REVIEWER", "from-env")
    assert load_settings().reviewer == "from-env"
    assert load_settings(reviewer="from-flag").reviewer == "from-flag"


def test_a_broken_config_file_is_one_line_and_exit_1(isolated_settings: Path) -> None:
    config = isolated_settings / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text('database_url = "sqlite:///unterminated\n')

    with pytest.raises(ConfigError, match="cannot read config file"):
        load_settings()
    result = CliRunner().invoke(cli, ["sources", "list"])
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.startswith(f"Error: cannot read config file {config}: ")
    assert result.stderr.count("\n") == 1


def test_a_url_that_is_not_one_is_a_clear_error() -> None:
    result = CliRunner().invoke(cli, ["--db", "factcheck.db", "sources", "list"])
    assert (result.exit_code, result.stderr) == (
        1,
        "Error: not a database URL: 'factcheck.db' (expected e.g. sqlite:///path/to/file.db "
        "or postgresql+psycopg://user@host/dbname)\n",
    )


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("postgresql+psycopg://desk:pw1@db.example.org/fc", "postgresql+psycopg://desk:***@db.example.org/fc"),
        ("postgresql+psycopg://desk@db/fc?password=pw1&sslmode=require",
         "postgresql+psycopg://desk@db/fc?password=***&sslmode=require"),
        ("postgresql+psycopg://desk@db/fc?sslpassword=pw1", "postgresql+psycopg://desk@db/fc?sslpassword=***"),
        ("postgresql+psycopg://desk:p@w1@db/fc", "postgresql+psycopg://***@db/fc"),
        ("postgresql+psycopg://desk:pw1@db:port/fc", "postgresql+psycopg://***@db:port/fc"),
        ("sqlite:////tmp/f.db", "sqlite:////tmp/f.db"),
        ("not a url", "not a url"),
    ],
)
def test_redact_url_masks_every_password(url: str, shown: str) -> None:
    assert redact_url(url) == shown
    assert "pw1" not in redact_url(url)


@pytest.mark.parametrize("name", ["FACTCHECK_REVIEWER", "FACTCHECK_DATABASE_URL", "FACTCHECK_HOME"])
def test_a_setting_that_is_not_utf8_is_one_line(
    name: str, monkeypatch: pytest.MonkeyPatch, isolated_settings: Path
) -> None:
    import os

    monkeypatch.setenv(name, "x" + os.fsdecode(b"\xff"))
    result = CliRunner().invoke(cli, ["sources", "list"])
    assert (result.exit_code, result.stdout, result.stderr) == (
        1,
        "",
        f"Error: {name} is not valid UTF-8; set it to UTF-8 text\n",
    )
    assert not isolated_settings.exists()
