"""The ``factcheck`` console script: top-level help and version without Click.

Importing Click alone costs several times a bare ``python -c pass``, and
``factcheck --help`` is what a newcomer runs first and a reviewer runs most.
So the top-level help, pre-rendered by Click into ``_help_text.py``, is printed
from here when Click would print exactly that text: for ``--help``, ``-h`` and
no arguments (help on stderr, exit 2, as Click does), under the program name
``factcheck``, in a terminal at least 80 columns wide or a pipe (Click wraps to
78 columns then). ``--version`` prints Click's line. Everything else goes to
Click (:data:`factcheck.cli.main.cli`), shell completion requests included.

After changing the top-level options or the command table, regenerate the text
(``tests/test_startup.py`` fails until then)::

    python -m factcheck.cli.entry --regenerate-help
"""

from __future__ import annotations

import os
import sys

TYPE_CHECKING = False  # typing itself is not imported: it costs as much as Python's start-up
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import TextIO

PROG_NAME = "factcheck"
HELP_WIDTH = 78
"""Click's help width: min(terminal columns, 80) - 2."""
MIN_COLUMNS = HELP_WIDTH + 2
COMPLETE_VAR = "_FACTCHECK_COMPLETE"
"""Set by the shell's completion script: Click answers, even with no arguments."""


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``factcheck`` with ``argv`` (default: the command line); the exit code."""
    args = list(sys.argv[1:] if argv is None else argv)
    prog = PROG_NAME if argv is not None else os.path.basename(sys.argv[0])
    # Under another name the usage line differs; shell completion is Click's.
    if prog == PROG_NAME and not os.environ.get(COMPLETE_VAR):
        if args in ([], ["--help"], ["-h"]) and _columns() >= MIN_COLUMNS:
            from factcheck.cli._help_text import HELP

            # With no arguments Click shows the help as a usage error: stderr, exit 2.
            return _write(sys.stdout if args else sys.stderr, HELP, 0 if args else 2)
        if args == ["--version"]:
            from factcheck import __version__

            return _write(sys.stdout, f"{PROG_NAME}, version {__version__}\n", 0)
    from factcheck.cli.main import cli

    if argv is None:
        return int(cli() or 0)  # Click exits itself; this is for type checkers
    return int(cli(args, prog_name=PROG_NAME) or 0)


def _columns() -> int:
    """The terminal's width as Click sees it (``shutil.get_terminal_size``), unimported."""
    try:
        columns = int(os.environ.get("COLUMNS", ""))
    except ValueError:
        columns = 0
    if columns > 0:
        return columns
    try:
        return os.get_terminal_size(sys.__stdout__.fileno()).columns or 80  # type: ignore[union-attr]
    except (AttributeError, ValueError, OSError):
        return 80


def _write(stream: TextIO, text: str, code: int) -> int:
    try:
        stream.write(text)
        stream.flush()
    except BrokenPipeError:
        # As Click does: the reader went away (`factcheck --help | head -1`);
        # stop quietly instead of a traceback when Python flushes at exit.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stream.fileno())
        return 1
    return code


def render_help() -> str:
    """The top-level help exactly as Click prints it in a wide terminal or a pipe."""
    from click.testing import CliRunner

    from factcheck.cli.main import cli

    result = CliRunner().invoke(cli, ["--help"], prog_name=PROG_NAME, terminal_width=HELP_WIDTH)
    if result.exit_code != 0:
        raise RuntimeError(f"factcheck --help failed: {result.output}")
    return result.stdout


def regenerate_help() -> str:
    """Rewrite ``_help_text.py`` from Click's rendering; its path."""
    import json
    from pathlib import Path

    lines = render_help().splitlines(keepends=True)
    # JSON strings are Python literals too, and in the quotes ruff format keeps.
    body = "".join(f"    {json.dumps(line, ensure_ascii=False)}\n" for line in lines)
    path = Path(__file__).with_name("_help_text.py")
    path.write_text(
        '"""``factcheck --help`` as Click renders it, printed by ``entry.py`` without Click.\n\n'
        "Generated: do not edit; run ``python -m factcheck.cli.entry --regenerate-help``.\n"
        '"""\n\n'
        f"HELP = (\n{body})\n",
        encoding="utf-8",
    )
    return str(path)


if __name__ == "__main__":  # pragma: no cover
    if sys.argv[1:] == ["--regenerate-help"]:
        print(f"wrote {regenerate_help()}")
        sys.exit(0)
    sys.exit(main())
