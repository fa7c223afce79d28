"""The Click-free entry point prints exactly what Click would.

``factcheck.cli.entry`` answers ``factcheck --help``, ``-h``, no arguments and
``--version`` without importing Click, from help text Click rendered earlier
(``factcheck/cli/_help_text.py``). These tests compare the real console script
with Click itself, byte for byte, in the situations where the entry point
answers and in those where it must hand over to Click (a narrow terminal).
Timings are in ``bench/bench_startup.py``, not here.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from factcheck import __version__
from factcheck.cli import entry
from factcheck.cli._help_text import HELP
from factcheck.cli.main import cli

SCRIPT = Path(sys.executable).with_name("factcheck")
CLICK = "import sys; sys.argv[0] = 'factcheck'; from factcheck.cli.main import cli; cli()"
REGENERATE = "python -m factcheck.cli.entry --regenerate-help"


def run(command: list[str], columns: str | None) -> tuple[int, str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    if columns is not None:
        env["COLUMNS"] = columns
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)
    return result.returncode, result.stdout, result.stderr


def test_cached_help_is_what_click_renders() -> None:
    # Click wraps help to min(terminal columns, 80) - 2 = 78 in any wide terminal or pipe.
    result = CliRunner().invoke(cli, ["--help"], prog_name="factcheck", terminal_width=78)

    assert result.exit_code == 0
    assert HELP == result.stdout, f"factcheck/cli/_help_text.py is stale: run `{REGENERATE}`"
    assert entry.render_help() == HELP


def test_console_script_is_the_click_free_entry_point() -> None:
    assert SCRIPT.exists(), f"no console script at {SCRIPT}: pip install -e ."
    assert "factcheck.cli.entry import main" in SCRIPT.read_text(encoding="utf-8")


@pytest.mark.parametrize("args", [["--help"], ["-h"], [], ["--version"]])
@pytest.mark.parametrize("columns", [None, "80", "200", "79", "60", "junk"])
def test_console_script_prints_what_click_prints(args: list[str], columns: str | None) -> None:
    fast = run([str(SCRIPT), *args], columns)
    click_path = run([sys.executable, "-c", CLICK, *args], columns)

    assert fast == click_path
    assert fast[0] == (2 if not args else 0)


def test_wide_help_and_version_are_exact() -> None:
    assert run([str(SCRIPT), "--help"], "120") == (0, HELP, "")
    assert run([str(SCRIPT)], None) == (2, "", HELP)
    assert run([str(SCRIPT), "--version"], None) == (0, f"factcheck, version {__version__}\n", "")


@pytest.mark.parametrize(
    "args", [["claims", "--help"], ["--help", "claims"], ["--version", "--help"], ["--nope"]]
)
def test_everything_else_goes_to_click(args: list[str]) -> None:
    assert run([str(SCRIPT), *args], None) == run([sys.executable, "-c", CLICK, *args], None)


@pytest.mark.parametrize(("instruction", "args"), [("bash_source", []), ("zsh_source", ["-h"])])
def test_shell_completion_is_left_to_click(instruction: str, args: list[str]) -> None:
    env = {**os.environ, "_FACTCHECK_COMPLETE": instruction}
    fast = subprocess.run([str(SCRIPT), *args], env=env, capture_output=True, text=True)
    click_path = subprocess.run(
        [sys.executable, "-c", CLICK, *args], env=env, capture_output=True, text=True
    )

    assert (fast.returncode, fast.stdout, fast.stderr) == (
        click_path.returncode,
        click_path.stdout,
        click_path.stderr,
    )
    assert "_factcheck_completion" in fast.stdout


def loaded_after(args: list[str]) -> list[str]:
    """Run ``entry.main(ARGS)`` as the console script does; the top-level packages loaded."""
    code = f"""
import contextlib, io, json, sys
sys.argv = ["factcheck", *{args!r}]
from factcheck.cli.entry import main
with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
    main()
print(json.dumps(sorted({{name.split(".")[0] for name in sys.modules}})))
"""
    env = {k: v for k, v in os.environ.items() if k != "COLUMNS"}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, env=env
    )
    assert result.returncode == 0, result.stderr
    loaded: list[str] = json.loads(result.stdout)
    return loaded


@pytest.mark.parametrize("args", [["--help"], ["-h"], [], ["--version"]])
def test_help_and_version_do_not_import_click(args: list[str]) -> None:
    assert "click" not in loaded_after(args)


def test_a_renamed_script_leaves_the_program_name_to_click(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "argv", ["fc", "--help"])
    monkeypatch.setenv("COLUMNS", "100")

    with pytest.raises(SystemExit) as exit_:
        entry.main()

    assert exit_.value.code == 0
    # Click names the program from argv; under `python -m pytest` it prefixes that.
    first_line = capsys.readouterr().out.splitlines()[0]
    assert first_line.startswith("Usage: ")
    assert first_line.endswith("fc [OPTIONS] COMMAND [ARGS]...")


def test_main_with_arguments(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "100")

    assert entry.main(["--help"]) == 0
    assert capsys.readouterr().out == HELP
    assert entry.main([]) == 2
    assert capsys.readouterr().err == HELP
    with pytest.raises(SystemExit) as exit_:
        entry.main(["claims", "--help"])
    assert exit_.value.code == 0
    assert capsys.readouterr().out.startswith("Usage: factcheck claims [OPTIONS] COMMAND")


class _ClosedPipe(io.StringIO):
    def __init__(self, fd: int) -> None:
        super().__init__()
        self._fd = fd

    def write(self, text: str) -> int:
        raise BrokenPipeError

    def fileno(self) -> int:
        return self._fd


def test_a_closed_pipe_exits_1_quietly(tmp_path: Path) -> None:
    """``factcheck --help | head -1``: exit 1 as Click does, no traceback at exit."""
    fd = os.open(tmp_path / "stdout", os.O_WRONLY | os.O_CREAT)
    try:
        assert entry._write(_ClosedPipe(fd), HELP, 0) == 1
    finally:
        os.close(fd)
