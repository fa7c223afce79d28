"""Hostile command lines get one line and exit 1, never a traceback, and change nothing.

Arguments that are not UTF-8 (Python keeps their bytes as lone surrogates),
ids beyond 64 bits, unknown commands, control characters in stored text.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from _review_helpers import add_people, claim_facts, run_cli, synthetic_extraction, total_events

from factcheck.cli._common import format_moment, non_utf8_argument, visible
from factcheck.store.engine import Store
from factcheck.store.ingest import ingest

BAD_BYTE = os.fsdecode(b"\xff")
"""``$'\\xff'`` as Python receives it in argv."""

TOO_BIG = str(2**63)


@pytest.fixture
def claims(store: Store) -> Store:
    """Two pending claims and the usual people, on each backend."""
    add_people(store)
    ingest(store, synthetic_extraction(2))
    return store


@pytest.fixture
def local_claims(tmp_path: Path) -> Iterator[Store]:
    """The same on SQLite only: for checks made before any database is asked."""
    from factcheck.store.engine import open_store

    opened = open_store(f"sqlite:///{tmp_path / 'local.db'}")
    add_people(opened)
    ingest(opened, synthetic_extraction(2))
    try:
        yield opened
    finally:
        opened.close()


NOT_UTF8 = (
    "Error: argument {n} is not valid UTF-8: '\\xff'; factcheck reads arguments as UTF-8 text\n"
)


@pytest.mark.parametrize(
    "args",
    [
        ["mark", "1", "--status", "supported", "--note", BAD_BYTE],
        ["claims", "list", "--search", BAD_BYTE],
        ["reviewers", "add", "zoe", "--role", "reviewer", "--name", BAD_BYTE],
        ["review", "--search", f"a{BAD_BYTE}b"],
    ],
)
def test_arguments_that_are_not_utf8_are_one_line(local_claims: Store, args: list[str]) -> None:
    claims = local_claims
    before = total_events(claims)
    result = run_cli(claims.url, *args, actor="chief")
    # after --db URL --as chief, the bad argument is the last one
    shown = NOT_UTF8.format(n=4 + len(args))
    if "a" + BAD_BYTE in args[-1]:
        shown = shown.replace("'\\xff'", "'a\\xffb'")
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", shown)
    assert total_events(claims) == before


def test_a_real_process_with_a_non_utf8_note(local_claims: Store) -> None:
    claims = local_claims
    env = {**os.environ, "FACTCHECK_DATABASE_URL": claims.url, "FACTCHECK_REVIEWER": "alice"}
    completed = subprocess.run(
        [sys.executable, "-m", "factcheck.cli.entry", "mark", "1", "--status", "refuted",
         "--note", BAD_BYTE],
        capture_output=True, env=env, timeout=60, check=False,
    )  # fmt: skip
    assert (completed.returncode, completed.stdout, completed.stderr) == (
        1,
        b"",
        NOT_UTF8.format(n=6).encode(),
    )
    assert claim_facts(claims, 1) == (1, "pending", "unverified", 0, 0)


def test_non_utf8_helper_passes_ordinary_text() -> None:
    assert non_utf8_argument(["mark", "12", "--note", "Zürich — “quoted” 😀"]) is None


@pytest.mark.parametrize(
    "args",
    [
        ["claims", "show", TOO_BIG],
        ["mark", TOO_BIG, "--status", "refuted"],
        ["take", TOO_BIG],
        ["history", TOO_BIG],
        ["evidence", "list", TOO_BIG],
        ["claims", "list", "--source", TOO_BIG],
    ],
)
def test_ids_beyond_64_bits_are_one_line(claims: Store, args: list[str]) -> None:
    before = total_events(claims)
    result = run_cli(claims.url, *args, actor="alice")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr in (
        # the central guard (any command), or the id type where a command uses it
        "Error: a number is too large: ids and counts are at most 9223372036854775807\n",
        f"Error: no claim {TOO_BIG}: ids run from 1 to 9223372036854775807\n",
        # or the store's own lookup, which finds nothing that large
        f"Error: no claim {TOO_BIG}; list claims with `factcheck claims list`\n",
        f"Error: no source {TOO_BIG}; list sources with `factcheck sources list`\n",
    )
    assert total_events(claims) == before


def test_report_checks_its_source_id(local_claims: Store, tmp_path: Path) -> None:
    result = run_cli(local_claims.url, "report", TOO_BIG, "-o", str(tmp_path / "r.html"))
    assert (result.exit_code, result.stdout, result.stderr) == (
        1,
        "",
        f"Error: no source {TOO_BIG}: ids run from 1 to 9223372036854775807\n",
    )
    assert not (tmp_path / "r.html").exists()


@pytest.mark.parametrize(
    ("args", "usage", "line"),
    [
        (["aprove"], "factcheck", "Error: No such command 'aprove'. Did you mean 'approve'?"),
        (
            ["histroy", "1"],
            "factcheck",
            "Error: No such command 'histroy'. Did you mean 'history'?",
        ),
        (
            ["claims", "lst"],
            "factcheck claims",
            "Error: No such command 'lst'. Did you mean 'list'?",
        ),
        (["zzzz"], "factcheck", "Error: No such command 'zzzz'."),
    ],
)
def test_an_unknown_command_suggests_the_closest(args: list[str], usage: str, line: str) -> None:
    from click.testing import CliRunner

    from factcheck.cli.main import cli

    result = CliRunner().invoke(cli, args, prog_name="factcheck")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Usage: {usage} [OPTIONS] COMMAND [ARGS]...\n")
    assert result.stderr.endswith(f"\n\n{line}\n")


def test_visible_shows_control_characters_and_keeps_lines() -> None:
    note = "ok\x1b[2J\x1b]0;pwned\x07\r\nnext\tcol \u202eevil\x9b \x7f"
    assert visible(note) == ("ok\\x1b[2J\\x1b]0;pwned\\x07\\x0d\nnext\tcol \\u202eevil\\x9b \\x7f")
    assert visible("plain text — “quotes”, émoji 😀") == "plain text — “quotes”, émoji 😀"


def test_times_carry_their_zone() -> None:
    import datetime as dt

    moment = dt.datetime(2026, 5, 4, 11, 30, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    assert format_moment(moment) == "2026-05-04 09:30 UTC"
    assert format_moment(dt.datetime(2026, 5, 4, 9, 30)) == "2026-05-04 09:30 UTC"
    assert format_moment(None) == "-"


def test_claims_show_and_the_report_number_sentences_alike(tmp_path: Path) -> None:
    import re

    url = f"sqlite:///{tmp_path / 'numbers.db'}"
    assert run_cli(url, "demo").exit_code == 0
    page = run_cli(url, "report", "1", "-o", "-").stdout
    in_report = dict(re.findall(r"<h3>Claim (\d+) · sentence (\d+)</h3>", page))
    assert len(in_report) == 14
    for claim_id, number in in_report.items():
        shown = run_cli(url, "claims", "show", claim_id).stdout.splitlines()[0]
        assert re.search(rf", sentence {number}, paragraph \d+ \(", shown), (claim_id, shown)
    assert in_report["1"] == "1"  # counted from 1, as people count


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs Linux's /dev/full")
@pytest.mark.parametrize(
    "args", [["claims", "show", "1"], ["history", "1"], ["export", "--state", "any"]]
)
def test_a_full_standard_output_is_one_line(local_claims: Store, args: list[str]) -> None:
    env = {**os.environ, "FACTCHECK_DATABASE_URL": local_claims.url}
    with open("/dev/full", "w") as full:
        completed = subprocess.run(
            [sys.executable, "-m", "factcheck.cli.entry", *args],
            stdout=full, stderr=subprocess.PIPE, env=env, timeout=60, check=False,
        )  # fmt: skip
    assert (completed.returncode, completed.stderr) == (
        1,
        b"Error: cannot write the output: No space left on device\n",
    )
