"""``factcheck db``: migrate and inspect the database schema.

These commands open the database without the "behind head" gate every other
command has: they are how a user gets past it. URLs are always shown with the
password masked.
"""

from __future__ import annotations

import click

from factcheck.cli._common import AppContext, emit_json, json_option, pass_app


@click.group(name="db")
def db() -> None:
    """Migrate and inspect the database (Alembic migrations shipped with factcheck).

    The database is chosen by --db, FACTCHECK_DATABASE_URL or the config
    file; by default it is the SQLite file factcheck.db in the data directory
    (FACTCHECK_HOME, else $XDG_DATA_HOME/factcheck, else ~/.local/share/factcheck).

    \b
    Example:
      factcheck db current
      factcheck --db postgresql+psycopg://desk@db.example.org/factcheck db upgrade
    """


@db.command(name="upgrade")
@click.argument("revision", default="head")
@json_option
@pass_app
def upgrade(app: AppContext, revision: str, as_json: bool) -> None:
    """Migrate the database up to REVISION (default: head, the latest).

    A new SQLite file (and its folder) is created. Run this after upgrading
    factcheck when a command says the database is behind.

    \b
    Example:
      factcheck db upgrade
      factcheck --db postgresql+psycopg://desk@db.example.org/factcheck db upgrade
    """
    from factcheck.store.migrate import upgrade_database

    result = upgrade_database(app.settings().database_url, revision)
    if as_json:
        emit_json({"url": result.url, "before": result.before, "after": result.after})
    else:
        click.echo(result.describe("upgraded"))


@db.command(name="downgrade")
@click.argument("revision")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@json_option
@pass_app
def downgrade(app: AppContext, revision: str, yes: bool, as_json: bool) -> None:
    """Migrate the database down to REVISION (`-1` for one step, `base` for none).

    Downgrading drops what newer revisions added, data included; `base`
    drops every factcheck table. Asks for confirmation unless --yes is given.

    \b
    Example:
      factcheck db downgrade -1
      factcheck db downgrade base --yes
    """
    from factcheck.config import redact_url
    from factcheck.store.migrate import downgrade_database

    url = app.settings().database_url
    if not yes:
        click.confirm(
            f"Downgrade {redact_url(url)} to {revision}? Data in dropped tables is lost",
            abort=True,
            err=True,
        )
    result = downgrade_database(url, revision)
    if as_json:
        emit_json({"url": result.url, "before": result.before, "after": result.after})
    else:
        click.echo(result.describe("downgraded"))


@db.command(name="current")
@json_option
@pass_app
def current(app: AppContext, as_json: bool) -> None:
    """Show which database is configured and its revision against head.

    Does not create a missing SQLite file.

    \b
    Example:
      factcheck db current
      factcheck db current --json
    """
    from factcheck.store.migrate import database_status

    status = database_status(app.settings().database_url)
    if as_json:
        emit_json(status.as_json())
    else:
        click.echo(status.describe())


@db.command(name="history")
@json_option
def history(as_json: bool) -> None:
    """List the migrations shipped with this factcheck, newest first.

    \b
    Example:
      factcheck db history
      factcheck db history --json
    """
    from factcheck.store.migrate import history as migration_history

    revisions = migration_history()
    if as_json:
        emit_json(revisions)
        return
    for entry in revisions:
        message = (entry["message"] or "").strip().splitlines()
        click.echo(f"{entry['revision']}  {message[0] if message else ''}")
