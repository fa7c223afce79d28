"""Meta-tests of the command line: help everywhere, the version, a light start-up.

Every command and subcommand in ``factcheck.cli.main.COMMANDS`` (walked through
Click groups recursively) must answer ``--help`` with a description and an
``Example:`` section, and ``--help`` must not import the heavy libraries:
reviewers run the CLI hundreds of times a day (timings: ``bench/bench_startup.py``).
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from importlib.metadata import version

import click
import pytest
from click.testing import CliRunner

from factcheck import __version__
from factcheck.cli.main import COMMANDS, cli

HEAVY = ("sqlalchemy", "pydantic", "rich", "blingfire", "alembic", "jsonschema", "psycopg")
"""Top-level packages that ``--help`` must never import."""


Path = tuple[str, ...]


def walk(path: Path, command: click.Command) -> Iterator[tuple[Path, click.Command]]:
    """``command`` and, for a group, every subcommand below it."""
    yield path, command
    if isinstance(command, click.Group):
        context = click.Context(command, info_name=path[-1] if path else "factcheck")
        for name in command.list_commands(context):
            sub = command.get_command(context, name)
            assert sub is not None, f"{' '.join(path)} lists {name!r} but has no such command"
            yield from walk((*path, name), sub)


def help_problems(path: Path, command: click.Command) -> list[str]:
    """What is wrong with one command's help (empty when it is fine)."""
    name = " ".join(("factcheck", *path))
    result = CliRunner().invoke(cli, [*path, "--help"])
    if result.exit_code != 0:
        return [f"{name} --help exits {result.exit_code}: {result.output or result.exception!r}"]
    problems = []
    description = (command.help or "").strip()
    if not description:
        problems.append(f"{name}: no description (docstring)")
    elif " ".join(description.split("\n\n")[0].split()) not in " ".join(result.output.split()):
        problems.append(f"{name}: --help does not show the description's first paragraph")
    if "Example" not in result.output:
        problems.append(f"{name}: --help has no Example section")
    return problems


def test_top_level_help_lists_every_command_with_an_example() -> None:
    result = CliRunner().invoke(cli, ["--help"])

    assert result.exit_code == 0
    assert "Example" in result.output
    listed = result.output.split("Commands:", 1)[1]
    for name, (_, _, one_line) in COMMANDS.items():
        assert f"  {name} " in listed and one_line.split()[0] in listed, name


@pytest.mark.parametrize("name", list(COMMANDS))
def test_every_command_has_help_with_an_example(name: str) -> None:
    context = click.Context(cli, info_name="factcheck")
    try:
        command = cli.get_command(context, name)
    except ImportError as exc:
        pytest.fail(f"factcheck {name}: {COMMANDS[name][0]} cannot be imported: {exc}")
    assert command is not None
    problems = [p for path, sub in walk((name,), command) for p in help_problems(path, sub)]
    assert problems == []


def test_version_matches_the_installed_distribution() -> None:
    result = CliRunner().invoke(cli, ["--version"])

    assert (result.exit_code, result.output) == (0, f"factcheck, version {__version__}\n")
    assert __version__ == version("newsroom-factcheck")


def heavy_modules_after(args: list[str]) -> list[str]:
    """Run ``factcheck ARGS`` in a fresh interpreter; the heavy packages it imported."""
    code = f"""
import contextlib, io, json, sys
from factcheck.cli.main import cli
with contextlib.redirect_stdout(io.StringIO()):
    try:
        cli({args!r}, prog_name="factcheck")
    except SystemExit as exit:
        assert exit.code in (0, None), exit.code
heavy = {HEAVY!r}
print(json.dumps(sorted({{m.split(".")[0] for m in sys.modules}} & set(heavy))))
"""
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    loaded: list[str] = json.loads(result.stdout.strip().splitlines()[-1])
    return loaded


def test_help_imports_no_heavy_library() -> None:
    assert heavy_modules_after(["--help"]) == []


@pytest.mark.parametrize("name", list(COMMANDS))
def test_command_help_imports_no_heavy_library(name: str) -> None:
    """The house rule: ``factcheck/cli/*`` imports heavy libraries inside commands only."""
    assert heavy_modules_after([name, "--help"]) == []
