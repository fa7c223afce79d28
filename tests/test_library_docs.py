"""docs/library.md stays true: its code blocks run, in order, and print what it shows.

Each ```python block is followed by an ```output block with what it prints. The
blocks run in one namespace (the tour's state carries from step to step), in a
fresh folder that sees the checkout's ``tests/`` (for the sample article), with
settings pointed at a temporary data directory.
"""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "docs" / "library.md"
BLOCK = re.compile(r"```python\n(.*?)```\n\n```output\n(.*?)```", re.DOTALL)


def blocks() -> list[tuple[str, str]]:
    return [(code, output) for code, output in BLOCK.findall(GUIDE.read_text("utf-8"))]


def test_every_python_block_has_its_output() -> None:
    text = GUIDE.read_text("utf-8")
    assert text.count("```python") == len(blocks()) >= 8
    steps = " ".join(code for code, _ in blocks())
    for needed in ("extract(", "ingest(", "list_claims(", "mark(", "approve(", "export("):
        assert needed in steps, f"docs/library.md lacks {needed}"


def run_guide(folder: Path) -> list[str]:
    (folder / "tests").symlink_to(ROOT / "tests")
    namespace: dict[str, object] = {"__name__": "__guide__"}
    printed = []
    for code, _ in blocks():
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            exec(compile(code, str(GUIDE), "exec"), namespace)  # noqa: S102
        printed.append(out.getvalue())
    return printed


def test_the_guide_prints_what_it_shows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    for (code, expected), got in zip(blocks(), run_guide(tmp_path), strict=True):
        assert got == expected, f"docs/library.md block now prints:\n{got}\n---\n{code}"
