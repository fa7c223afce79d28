"""``factcheck db …``, the behind-head gate, and password redaction, on both backends."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from _storage_helpers import row_counts
from click.testing import CliRunner, Result
from sqlalchemy.engine import make_url

from factcheck.cli.main import cli
from factcheck.resources import sample_article_path
from factcheck.store.migrate import head_revision

SAMPLE = str(sample_article_path())
HEAD = head_revision()
PASSWORD = "Sup3r-S3cret-pw"


def run(url: str | None, *args: str, stdin: str | None = None) -> Result:
    prefix = ["--db", url] if url else []
    return CliRunner().invoke(cli, [*prefix, *args], input=stdin, catch_exceptions=False)


def shown(url: str) -> str:
    """The URL as factcheck prints it."""
    return make_url(url).render_as_string(hide_password=True)


def test_current_on_a_missing_default_database_does_not_create_it(
    isolated_settings: Path,
) -> None:
    result = run(None, "db", "current")
    path = isolated_settings / "factcheck.db"
    assert (result.exit_code, result.stdout) == (
        0,
        f"database sqlite:///{path} not created yet; it is created and migrated on first use\n",
    )
    assert not isolated_settings.exists()


def test_upgrade_current_downgrade_round_trip(db_url: str) -> None:
    upgraded = run(db_url, "db", "upgrade")
    again = run(db_url, "db", "upgrade")
    current = run(db_url, "db", "current", "--json")
    downgraded = run(db_url, "db", "downgrade", "base", "--yes")
    after = run(db_url, "db", "current")

    assert (upgraded.exit_code, upgraded.stdout) == (
        0, f"database {shown(db_url)} upgraded from base to {HEAD}\n"
    )
    assert again.stdout == f"database {shown(db_url)} already at {HEAD}: nothing to do\n"
    assert json.loads(current.stdout) == {
        "url": shown(db_url), "current": HEAD, "head": HEAD, "exists": True,
        "state": "up to date",
    }
    assert downgraded.stdout == f"database {shown(db_url)} downgraded from {HEAD} to base\n"
    assert after.stdout == (
        f"database {shown(db_url)} has no factcheck tables: run `factcheck db upgrade`\n"
    )


def test_upgrade_json(db_url: str) -> None:
    result = run(db_url, "db", "upgrade", "--json")
    assert json.loads(result.stdout) == {"url": shown(db_url), "before": None, "after": HEAD}


def test_downgrade_asks_first_and_keeps_the_data_when_refused(migrated_db_url: str) -> None:
    run(migrated_db_url, "ingest", SAMPLE)
    result = run(migrated_db_url, "db", "downgrade", "base", stdin="n\n")

    assert result.exit_code == 1
    assert "Data in dropped tables is lost [y/N]" in result.stderr
    assert row_counts(migrated_db_url)["claims"] == 14


def test_an_unknown_revision_is_one_line(migrated_db_url: str) -> None:
    result = run(migrated_db_url, "db", "upgrade", "nosuch")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        f"Error: cannot upgrade database {shown(migrated_db_url)} to 'nosuch': "
        "Can't locate revision identified by 'nosuch' (`factcheck db history` lists the "
        "revisions)\n"
    )


def test_history_lists_the_shipped_revisions() -> None:
    text = run(None, "db", "history")
    document = json.loads(run(None, "db", "history", "--json").stdout)
    assert text.stdout.splitlines()[-1] == (
        "0001_initial  create sources, claims, evidence, reviewers and review events"
    )
    assert document[-1] == {
        "revision": "0001_initial", "down_revision": None,
        "message": "create sources, claims, evidence, reviewers and review events",
    }


# --- the gate: a database behind head is refused by every command that uses it

GATED = [
    ["ingest", SAMPLE],
    ["demo"],
    ["sources", "list"],
    ["sources", "show", "1"],
    ["claims", "list"],
    ["claims", "show", "1"],
    ["reviewers", "list"],
    ["--as", "ana", "take", "1"],
    ["history", "1"],
    ["audit", "verify"],
    ["export"],
    ["report", "1"],
]


@pytest.mark.parametrize("args", GATED, ids=" ".join)
def test_a_database_behind_head_is_refused_with_the_fix(db_url: str, args: list[str]) -> None:
    run(db_url, "db", "upgrade")
    run(db_url, "db", "downgrade", "base", "--yes")
    before = run(db_url, "db", "current").stdout

    result = run(db_url, *args)

    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        f"Error: database {shown(db_url)} has no factcheck tables yet: "
        "run `factcheck db upgrade`\n"
    )
    assert run(db_url, "db", "current").stdout == before


@pytest.mark.postgres
def test_an_empty_postgres_database_is_refused_not_migrated(postgres_url: str) -> None:
    result = run(postgres_url, "sources", "list")
    assert result.exit_code == 1
    assert "run `factcheck db upgrade`" in result.stderr
    assert json.loads(run(postgres_url, "db", "current", "--json").stdout)["current"] is None


def test_an_empty_sqlite_file_is_migrated_on_first_use(tmp_path: Path) -> None:
    path = tmp_path / "f.db"
    result = run(f"sqlite:///{path}", "sources", "list")
    assert result.exit_code == 0, result.output
    assert json.loads(run(f"sqlite:///{path}", "db", "current", "--json").stdout)["state"] == (
        "up to date"
    )


def test_a_sqlite_url_in_a_missing_folder_is_refused_naming_the_folder(tmp_path: Path) -> None:
    path = tmp_path / "typo" / "f.db"
    for args in (["sources", "list"], ["claims", "list"], ["ingest", SAMPLE]):
        result = run(f"sqlite:///{path}", *args)
        assert (result.exit_code, result.stdout, result.stderr) == (
            1,
            "",
            f"Error: folder {path.parent} does not exist (database sqlite:///{path}); "
            "create it first, or check the path\n",
        )
    assert not path.parent.exists()


def test_the_default_database_folder_is_still_created(isolated_settings: Path) -> None:
    result = run(None, "sources", "list")
    assert (result.exit_code, result.stderr) == (0, "")
    assert (isolated_settings / "factcheck.db").is_file()


@pytest.mark.postgres
def test_postgres_scheme_is_libpqs_spelling_of_postgresql(postgres_url: str) -> None:
    url = make_url(postgres_url)
    for scheme in ("postgres", "postgresql"):
        spelled = url.set(drivername=scheme).render_as_string(hide_password=False)
        upgraded = run(spelled, "db", "upgrade")
        listed = run(spelled, "sources", "list")
        assert (upgraded.exit_code, upgraded.stderr) == (0, ""), scheme
        assert (listed.exit_code, listed.stderr) == (0, ""), scheme
    assert json.loads(run(postgres_url, "db", "current", "--json").stdout)["state"] == (
        "up to date"
    )


@pytest.mark.parametrize("url", ["sqlite:///:memory:", "sqlite://"])
def test_an_in_memory_sqlite_database_works_for_one_command(url: str) -> None:
    demo = run(url, "demo")
    assert (demo.exit_code, demo.stderr) == (0, "")
    assert demo.stdout.startswith("Sample article ingested as source 1 (14 claims).\n")
    listed = run(url, "sources", "list")  # another command, another empty database
    assert (listed.exit_code, listed.stdout, listed.stderr) == (
        0,
        "No sources yet: `factcheck ingest FILE` or `factcheck demo` adds one.\n",
        "",
    )


def test_an_in_memory_store_keeps_its_tables_across_sessions() -> None:
    from factcheck.model import Role
    from factcheck.store.engine import open_store
    from factcheck.store.people import add_reviewer, get_reviewer

    store = open_store("sqlite:///:memory:")
    try:
        add_reviewer(store, handle="ada", role=Role.ADMIN, by=None)
        assert get_reviewer(store, handle="ada").handle == "ada"
    finally:
        store.close()


def test_a_100_kb_sqlite_path_is_one_line(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/{'a' * 100_000}.db"
    for args in (["sources", "list"], ["db", "current"], ["db", "upgrade"]):
        result = run(url, *args)
        shown_url = url[:199] + "…"
        assert (result.exit_code, result.stdout, result.stderr) == (
            1,
            "",
            f"Error: cannot open database {shown_url}: File name too long\n",
        ), args


# --- passwords are never printed ---------------------------------------------

COMMANDS_USING_THE_DB = [
    *GATED,
    ["db", "current"],
    ["db", "upgrade"],
    ["db", "downgrade", "base", "--yes"],
]


def _unreachable_urls() -> list[str]:
    return [
        f"postgresql+psycopg://postgres:{PASSWORD}@127.0.0.1:1/factcheck",
        f"postgresql+psycopg://postgres@127.0.0.1:1/factcheck?password={PASSWORD}",
        f"postgresql+psycopg://postgres:{PASSWORD}@no-such-host.invalid/factcheck",
        f"postgresql+psycopg://postgres:pa@{PASSWORD}@127.0.0.1/factcheck",
        f"postgresql+psycopg://postgres:{PASSWORD}@127.0.0.1:notaport/factcheck",
        f"nosuchdb://postgres:{PASSWORD}@127.0.0.1/factcheck",
    ]


@pytest.mark.parametrize("url", _unreachable_urls())
@pytest.mark.parametrize("args", COMMANDS_USING_THE_DB, ids=" ".join)
def test_errors_never_show_the_password(url: str, args: list[str]) -> None:
    result = run(url, *args)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1
    assert PASSWORD not in result.stderr
    assert "***" in result.stderr


@pytest.mark.postgres
def test_a_refused_login_does_not_show_the_password() -> None:
    from conftest import postgres_server_url

    server = make_url(postgres_server_url())
    url = server.set(username="no_such_role", password=PASSWORD).render_as_string(
        hide_password=False
    )
    result = run(url, "sources", "list")
    assert result.exit_code == 1
    assert 'role "no_such_role" does not exist' in result.stderr
    assert PASSWORD not in result.stderr


@pytest.mark.postgres
def test_a_working_url_with_a_password_is_shown_masked(postgres_url: str) -> None:
    # The test server trusts local connections, so the password is accepted and ignored.
    url = make_url(postgres_url).set(password=PASSWORD).render_as_string(hide_password=False)
    upgraded = run(url, "db", "upgrade")
    current = run(url, "db", "current")

    assert upgraded.exit_code == 0 and current.exit_code == 0
    assert PASSWORD not in upgraded.stdout + current.stdout
    assert current.stdout.startswith("database postgresql+psycopg://postgres:***@")


@pytest.mark.parametrize(
    "args", [["db"], ["db", "upgrade"], ["db", "downgrade"], ["db", "current"], ["db", "history"]]
)
def test_help_has_an_example(args: list[str]) -> None:
    result = CliRunner().invoke(cli, [*args, "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.stdout
