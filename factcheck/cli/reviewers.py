"""``factcheck reviewers``: add people, list them, change their roles."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import click

from factcheck.cli._common import AppContext, emit_json, json_option, pass_app
from factcheck.cli.claims import ROLES

if TYPE_CHECKING:
    from factcheck.store.people import ReviewerOut


@click.group(name="reviewers")
def reviewers() -> None:
    """Manage reviewers and their roles.

    Roles are cumulative: a reviewer takes, marks, adds evidence and proposes;
    an editor also approves, returns, dismisses and reopens; an admin can do
    all of that and also manages people.

    \b
    Example:
      factcheck reviewers add chief --role admin
      factcheck --as chief reviewers add alice --role reviewer --name "Alice Ng"
      factcheck reviewers list
    """


@reviewers.command(name="add")
@click.argument("handle")
@click.option("--role", required=True, type=click.Choice(ROLES), help="What they may do.")
@click.option("--name", metavar="TEXT", help="Their display name.")
@json_option
@pass_app
def add(app: AppContext, handle: str, role: str, name: str | None, as_json: bool) -> None:
    """Add a person. The very first one needs no --as and must be an admin.

    After the first, only an admin (--as HANDLE or FACTCHECK_REVIEWER) adds
    people. Handles are lower-case letters, digits, '.', '_' and '-'.

    \b
    Example:
      factcheck reviewers add chief --role admin
      factcheck --as chief reviewers add alice --role reviewer --name "Alice Ng"

    \b
    Exit codes: 0 added; 1 refused (not an admin, handle taken or invalid); 2 usage error.
    """
    from factcheck.model import Role
    from factcheck.store.people import add_reviewer

    person = add_reviewer(
        app.store(), handle=handle, role=Role(role), name=name, by=app.settings().reviewer
    )
    _report(person, "added", as_json)


@reviewers.command(name="list")
@json_option
@pass_app
def list_(app: AppContext, as_json: bool) -> None:
    """List everyone, in the order they were added.

    \b
    Example:
      factcheck reviewers list --json

    \b
    Exit codes: 0 ok; 1 database error; 2 usage error.
    """
    from factcheck.store.people import list_reviewers

    people = list_reviewers(app.store())
    if as_json:
        emit_json([person.model_dump(mode="json") for person in people])
    elif not people:
        click.echo(
            "No reviewers yet: `factcheck reviewers add HANDLE --role admin` adds the first."
        )
    else:
        click.echo(_table(people))


@reviewers.command(name="set-role")
@click.argument("handle")
@click.argument("role", type=click.Choice(ROLES))
@json_option
@pass_app
def set_role(app: AppContext, handle: str, role: str, as_json: bool) -> None:
    """Change a person's role (admins only; the last admin stays an admin).

    \b
    Example:
      factcheck --as chief reviewers set-role alice editor

    \b
    Exit codes: 0 changed; 1 refused (not an admin, unknown person, last admin); 2 usage error.
    """
    from factcheck.model import Role
    from factcheck.store.people import set_role as change_role

    person = change_role(app.store(), handle=handle, role=Role(role), by=app.actor())
    _report(person, "is now", as_json)


@reviewers.command(name="deactivate")
@click.argument("handle")
@json_option
@pass_app
def deactivate(app: AppContext, handle: str, as_json: bool) -> None:
    """Stop a person acting (admins only). They stay in the history; the last admin stays.

    \b
    Example:
      factcheck --as chief reviewers deactivate bob

    \b
    Exit codes: 0 deactivated; 1 refused (not an admin, unknown person, last
    admin, already inactive); 2 usage error.
    """
    from factcheck.store.people import deactivate as stop

    person = stop(app.store(), handle=handle, by=app.actor())
    _report(person, "deactivated", as_json)


def _report(person: ReviewerOut, done: str, as_json: bool) -> None:
    if as_json:
        emit_json(person.model_dump(mode="json"))
    elif done == "added":
        click.echo(f"added {person.handle} as {person.role.value}")
    elif done == "deactivated":
        click.echo(f"{person.handle} is deactivated (kept in the history)")
    else:
        click.echo(f"{person.handle} is now {person.role.value}")


def _table(people: Sequence[ReviewerOut]) -> str:
    header = ("handle", "role", "name")
    rows = [
        (p.handle, p.role.value + ("" if p.active else " (inactive)"), p.name or "-")
        for p in people
    ]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(2)]
    return "\n".join(
        f"{row[0].ljust(widths[0])}  {row[1].ljust(widths[1])}  {row[2]}" for row in [header, *rows]
    )
