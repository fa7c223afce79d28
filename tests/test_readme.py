"""The README's pasted outputs stay true.

Every ```console block in README.md is a transcript: lines starting with ``$ ``
are commands, the lines after them are what the command printed. The test runs
the blocks in order, in one fresh data directory (so the tour's state carries
from step to step), and compares each output with the README after masking
what legitimately changes between runs (timestamps, durations, temp paths).

Regenerate the outputs after a deliberate change with::

    .venv/bin/python tests/test_readme.py --update
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
EXPORT = re.compile(r"export (?P<name>[A-Z_]+)=(?P<value>\S+)")
BLOCK = re.compile(r"```console\n(.*?)```", re.DOTALL)
VOLATILE = [
    (re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)?"), "<TIME>"),
    (re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:\+00:00| UTC)?"), "<TIME>"),
    (re.compile(r"\d+(?:\.\d+)? ?(?:ms|s)\b"), "<DURATION>"),
    # Event hashes cover their timestamps, so they change from run to run.
    (re.compile(r"sha256:[0-9a-f]{12}(?:[0-9a-f]{52})?(?:…)?"), "<HASH>"),
]


@dataclass
class Step:
    command: str
    expected: str
    block: int


def parse_steps(readme: str) -> list[Step]:
    steps: list[Step] = []
    for block_number, match in enumerate(BLOCK.finditer(readme)):
        current: Step | None = None
        for line in match.group(1).splitlines():
            if line.startswith("$ "):
                current = Step(line[2:], "", block_number)
                steps.append(current)
            elif current is not None:
                current.expected += line + "\n"
    return steps


def normalise(text: str, home: str) -> str:
    text = text.replace(str(Path(home).parent / "tour") + "/", "").replace(home, "<HOME>")
    for pattern, replacement in VOLATILE:
        text = pattern.sub(replacement, text)
    # Approval dates (ClaimReview datePublished) are the day the tour ran.
    text = re.sub(r"\b20\d\d-\d\d-\d\d\b(?<!2023-02-21)", "<DATE>", text)
    return "\n".join(line.rstrip() for line in text.strip().splitlines())


def run_step(step: Step, env: dict[str, str], cwd: Path) -> str:
    completed = subprocess.run(
        step.command,
        shell=True,
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return completed.stdout + completed.stderr


def tour_environment(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FACTCHECK_")}
    env["FACTCHECK_HOME"] = str(home)
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    env["COLUMNS"] = "100"
    env["NO_COLOR"] = "1"
    env["TERM"] = "dumb"
    return env


def run_tour(home: Path) -> list[tuple[Step, str]]:
    """Run every step in a scratch folder that sees the checkout's ``tests/``.

    Files the tour writes (exports, reports) land in the scratch folder, never
    in the checkout, while paths like ``tests/data/...`` work as in a checkout.
    """
    env = tour_environment(home)
    workdir = home.parent / "tour"
    workdir.mkdir(parents=True, exist_ok=True)
    (workdir / "tests").symlink_to(ROOT / "tests")
    # A reader has run README's first command (the demo) before the tour; the
    # tour must not trip over what the demo left in the default database.
    demo = subprocess.run(["factcheck", "demo"], env=env, cwd=workdir, capture_output=True)
    assert demo.returncode == 0, demo.stderr
    steps = parse_steps(README.read_text("utf-8"))
    results = []
    for step in steps:
        exported = EXPORT.fullmatch(step.command)
        if exported:
            # A shell would keep an exported variable for the steps after it.
            env[exported["name"]] = exported["value"]
            results.append((step, ""))
        else:
            results.append((step, run_step(step, env, workdir)))
    return results


def test_readme_has_a_tour() -> None:
    steps = parse_steps(README.read_text("utf-8"))
    commands = " ".join(step.command for step in steps)
    for needed in ("extract", "ingest", "claims list", "approve", "export", "audit verify"):
        assert needed in commands, f"README tour lacks `factcheck {needed}`"


def test_readme_outputs_are_true(tmp_path: Path) -> None:
    home = tmp_path / "home"
    for step, output in run_tour(home):
        got = normalise(output, str(home))
        want = normalise(step.expected, str(home))
        assert got == want, f"README step `{step.command}` now prints:\n{output}"


def update_readme() -> None:
    """Rewrite every console block's outputs from a fresh run."""
    with tempfile.TemporaryDirectory() as tmp:
        results = iter(run_tour(Path(tmp) / "home"))
        home = str(Path(tmp) / "home")

        def render(match: re.Match[str]) -> str:
            lines = []
            for line in match.group(1).splitlines():
                if line.startswith("$ "):
                    step, output = next(results)
                    lines.append(line)
                    shown = output.replace(str(Path(home).parent / "tour") + "/", "")
                    shown = shown.replace(home, "<HOME>").rstrip("\n")
                    lines.extend(part.rstrip() for part in shown.splitlines())
            return "```console\n" + "\n".join(lines) + "\n```"

        README.write_text(BLOCK.sub(render, README.read_text("utf-8")), "utf-8")


if __name__ == "__main__":
    if "--update" in sys.argv:
        update_readme()
    else:
        sys.exit(pytest.main([__file__, "-q"]))


def test_ci_runs_the_readme_set_up_commands_from_the_readme_itself() -> None:
    """CI must run exactly what a new user is told to run, with PostgreSQL on:
    .ci/run takes both commands out of README.md at run time."""
    extracted = subprocess.run(
        [sys.executable, str(ROOT / ".ci" / "readme_commands.py"), str(README)],
        capture_output=True, text=True, check=True,
    ).stdout.splitlines()
    install, tests = extracted
    assert install.startswith("python3 -m venv .venv && .venv/bin/pip install . ")
    assert install.endswith("factcheck demo")
    assert "--no-build-isolation" not in install
    assert tests.endswith("python -m pytest")
    ci = (ROOT / ".ci" / "run").read_text("utf-8")
    assert "readme_commands.py README.md" in ci
    assert 'bash -c "${commands[0]}"' in ci and 'bash -c "${commands[1]}"' in ci
    assert "check_demo.py" in ci
    assert "FACTCHECK_TEST_POSTGRES_URL=" in ci


def test_the_ci_demo_check_fails_on_a_short_demo() -> None:
    check = [sys.executable, str(ROOT / ".ci" / "check_demo.py")]
    table = "".join(f"| {n} | direct_quote | X | text |\n" for n in range(1, 15))
    ok = subprocess.run(check, input=table, capture_output=True, text=True)
    short = subprocess.run(check, input=table.split("| 14")[0], capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr
    assert short.returncode == 1 and "expected the sample's 14" in short.stderr
