"""``factcheck reviewers``: bootstrap the first admin, then only admins manage people."""

from __future__ import annotations

import json
import re

import pytest
from _review_helpers import run_cli

from factcheck.store.engine import Store
from factcheck.store.people import list_reviewers


def handles(store: Store) -> list[tuple[str, str]]:
    return [(p.handle, p.role.value) for p in list_reviewers(store)]


def test_the_first_person_needs_no_actor_but_must_be_admin(store: Store) -> None:
    refused = run_cli(store.url, "reviewers", "add", "alice", "--role", "reviewer")
    assert (refused.exit_code, refused.stderr) == (
        1,
        "Error: the first person added must be an admin: "
        "`factcheck reviewers add alice --role admin`\n",
    )
    assert handles(store) == []
    added = run_cli(store.url, "reviewers", "add", "chief", "--role", "admin", "--name", "Chief Ed")
    assert (added.exit_code, added.stdout) == (0, "added chief as admin\n")
    assert handles(store) == [("chief", "admin")]


@pytest.fixture
def desk(store: Store) -> Store:
    assert run_cli(store.url, "reviewers", "add", "chief", "--role", "admin").exit_code == 0
    for handle, role in (("erin", "editor"), ("alice", "reviewer")):
        result = run_cli(store.url, "reviewers", "add", handle, "--role", role, actor="chief")
        assert result.exit_code == 0, result.stderr
    return store


@pytest.mark.parametrize(
    ("actor", "message"),
    [
        (
            None,
            "Error: cannot add bob: only an admin may; "
            "pass --as HANDLE or set FACTCHECK_REVIEWER\n",
        ),
        ("erin", "Error: cannot add bob: erin is editor, and only an admin may\n"),
        ("alice", "Error: cannot add bob: alice is reviewer, and only an admin may\n"),
        (
            "nobody",
            "Error: no reviewer 'nobody'; an admin can add them with "
            "`factcheck reviewers add nobody --role reviewer`\n",
        ),
    ],
)
def test_after_the_first_only_admins_add_people(
    desk: Store, actor: str | None, message: str
) -> None:
    before = handles(desk)
    result = run_cli(desk.url, "reviewers", "add", "bob", "--role", "reviewer", actor=actor)
    assert (result.exit_code, result.stderr) == (1, message)
    assert handles(desk) == before


@pytest.mark.parametrize(
    ("handle", "message"),
    [
        (
            "alice",
            "Error: reviewer alice already exists as reviewer; change the role with "
            "`factcheck reviewers set-role alice ROLE`\n",
        ),
        (
            "Bob Smith",
            "Error: invalid handle 'Bob Smith': use 1-64 lower-case letters, digits, "
            "'.', '_' or '-', starting with a letter or digit\n",
        ),
        (
            "_x",
            "Error: invalid handle '_x': use 1-64 lower-case letters, digits, "
            "'.', '_' or '-', starting with a letter or digit\n",
        ),
    ],
)
def test_bad_or_taken_handles_are_refused(desk: Store, handle: str, message: str) -> None:
    before = handles(desk)
    result = run_cli(desk.url, "reviewers", "add", handle, "--role", "editor", actor="chief")
    assert (result.exit_code, result.stderr) == (1, message)
    assert handles(desk) == before


def test_unknown_role_is_a_usage_error(desk: Store) -> None:
    result = run_cli(desk.url, "reviewers", "add", "bob", "--role", "boss", actor="chief")
    assert result.exit_code == 2
    assert "'boss' is not one of 'reviewer', 'editor', 'admin'" in result.stderr


def test_list_text_and_json(desk: Store) -> None:
    text = run_cli(desk.url, "reviewers", "list")
    assert (text.exit_code, text.stdout) == (
        0,
        "handle  role      name\nchief   admin     -\nerin    editor    -\nalice   reviewer  -\n",
    )
    items = json.loads(run_cli(desk.url, "reviewers", "list", "--json").stdout)
    assert [(i["id"], i["handle"], i["role"], i["name"]) for i in items] == [
        (1, "chief", "admin", None),
        (2, "erin", "editor", None),
        (3, "alice", "reviewer", None),
    ]
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\dT.*Z", i["created_at"]) for i in items)


def test_empty_list_says_how_to_start(store: Store) -> None:
    result = run_cli(store.url, "reviewers", "list")
    assert result.stdout == (
        "No reviewers yet: `factcheck reviewers add HANDLE --role admin` adds the first.\n"
    )


def test_set_role(desk: Store) -> None:
    promoted = run_cli(desk.url, "reviewers", "set-role", "alice", "editor", actor="chief")
    assert (promoted.exit_code, promoted.stdout) == (0, "alice is now editor\n")
    refused = run_cli(desk.url, "reviewers", "set-role", "alice", "admin", actor="erin")
    assert (refused.exit_code, refused.stderr) == (
        1,
        "Error: cannot change the role of alice: erin is editor, and only an admin may\n",
    )
    missing = run_cli(desk.url, "reviewers", "set-role", "zed", "editor", actor="chief")
    assert missing.exit_code == 1
    assert missing.stderr.startswith("Error: no reviewer 'zed'")
    assert handles(desk) == [("chief", "admin"), ("erin", "editor"), ("alice", "editor")]


def test_the_last_admin_cannot_be_demoted(desk: Store) -> None:
    refused = run_cli(desk.url, "reviewers", "set-role", "chief", "editor", actor="chief")
    assert (refused.exit_code, refused.stderr) == (
        1,
        "Error: chief is the last admin; make someone else admin first\n",
    )
    assert run_cli(desk.url, "reviewers", "set-role", "erin", "admin", actor="chief").exit_code == 0
    demoted = run_cli(desk.url, "reviewers", "set-role", "chief", "editor", actor="erin")
    assert demoted.exit_code == 0, demoted.stderr
    assert handles(desk) == [("chief", "editor"), ("erin", "admin"), ("alice", "reviewer")]
