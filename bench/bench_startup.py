"""How fast the CLI starts: ``factcheck --help`` and ``factcheck claims list``.

Reviewers run the command hundreds of times a day, so both must feel instant.
Absolute times depend on the machine, so each is reported as a ratio to a bare
``python -c pass`` measured in the same run, with the same interpreter, runs
interleaved so a busy moment hits all three alike. Targets (issue 6):

    factcheck --help        <= 3 x python -c pass
    factcheck claims list   <= 8 x python -c pass   (small SQLite db: the sample)

Usage::

    .venv/bin/python bench/bench_startup.py            # 20 runs each, PASS/FAIL, exit 1 on FAIL
    .venv/bin/python bench/bench_startup.py --imports  # also: what `claims list` spends importing

``--imports`` runs ``claims list`` under ``python -X importtime`` and prints the
top-level packages by cumulative import time: the place to look when a ratio
slips.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

TARGETS = {"factcheck --help": 3.0, "factcheck claims list": 8.0}
BASELINE = "python -c pass"


def factcheck_command() -> list[str]:
    """The installed console script beside this interpreter, else ``python -m``."""
    script = Path(sys.executable).with_name("factcheck")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-m", "factcheck.cli.main"]


def isolated_env(home: Path) -> dict[str, str]:
    """A fresh data folder, and bytecode caching on as after a normal install.

    PYTHONDONTWRITEBYTECODE (set in some containers) would charge every run
    the compilation of factcheck's own modules; the cache goes to a private
    prefix so the working tree stays clean, and the warm-up runs fill it.
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith("FACTCHECK_")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(home / "pycache")
    env["FACTCHECK_HOME"] = str(home)
    return env


def prepare_database(env: dict[str, str]) -> None:
    """Ingest the bundled sample into the default SQLite file of ``env``."""
    result = subprocess.run(
        [*factcheck_command(), "ingest", "--sample"], env=env, capture_output=True, text=True
    )
    if result.returncode != 0:
        sys.exit(f"cannot prepare the database: {result.stderr.strip() or result.stdout.strip()}")


def time_once(command: Sequence[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    result = subprocess.run(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        sys.exit(f"{' '.join(command)} failed: {result.stderr.decode(errors='replace').strip()}")
    return elapsed


def measure(commands: dict[str, list[str]], env: dict[str, str], *, runs: int,
            warmup: int) -> dict[str, float]:
    """Median wall time of each command, runs interleaved round-robin."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    for round_ in range(warmup + runs):
        for name, command in commands.items():
            elapsed = time_once(command, env)
            if round_ >= warmup:
                times[name].append(elapsed)
    return {name: statistics.median(values) for name, values in times.items()}


def import_profile(env: dict[str, str]) -> tuple[list[tuple[str, float]], list[tuple[str, float]]]:
    """Where `claims list` spends its import time (ms), from ``python -X importtime``.

    Returns the imports the command triggers directly (depth 0 of the import
    tree) and, per top-level package, the time of its outermost imports
    (inclusive of what they pull in).
    """
    code = (
        "import sys; from factcheck.cli.main import cli; "
        "sys.argv = ['factcheck', 'claims', 'list']; cli()"
    )
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", code], env=env, capture_output=True, text=True
    )
    direct: list[tuple[str, float]] = []
    packages: dict[str, float] = {}
    stack: list[str] = []
    for line in reversed(result.stderr.splitlines()):  # importtime prints children first
        parts = line.removeprefix("import time:").split("|")
        if not line.startswith("import time:") or len(parts) != 3 or not parts[1].strip().isdigit():
            continue
        depth = (len(parts[2]) - len(parts[2].lstrip()) - 1) // 2
        module, cumulative = parts[2].strip(), int(parts[1]) / 1000
        del stack[depth:]
        root = module.split(".")[0]
        if depth == 0:
            direct.append((module, cumulative))
        if all(outer.split(".")[0] != root for outer in stack):
            packages[root] = packages.get(root, 0.0) + cumulative
        stack.append(module)
    by_time = sorted(direct, key=lambda item: item[1], reverse=True)
    return by_time, sorted(packages.items(), key=lambda item: item[1], reverse=True)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=20, help="timed runs per command (20)")
    parser.add_argument("--warmup", type=int, default=2, help="untimed runs first (2)")
    parser.add_argument("--imports", action="store_true", help="profile claims list imports")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="factcheck-bench-") as folder:
        env = isolated_env(Path(folder))
        prepare_database(env)
        commands = {
            BASELINE: [sys.executable, "-c", "pass"],
            "factcheck --help": [*factcheck_command(), "--help"],
            "factcheck claims list": [*factcheck_command(), "claims", "list"],
        }
        medians = measure(commands, env, runs=args.runs, warmup=args.warmup)
        profile = import_profile(env) if args.imports else None

    base = medians[BASELINE]
    print(f"median of {args.runs} runs each (after {args.warmup} warm-up), {sys.executable}")
    print(f"  {BASELINE:<24} {base * 1000:7.1f} ms   1.00x")
    failed = False
    for name, target in TARGETS.items():
        ratio = medians[name] / base
        verdict = "PASS" if ratio <= target else "FAIL"
        failed |= verdict == "FAIL"
        print(f"  {name:<24} {medians[name] * 1000:7.1f} ms  {ratio:5.2f}x  "
              f"(target <= {target:.0f}x)  {verdict}")
    if profile is not None:
        direct, packages = profile
        print("\nclaims list under python -X importtime (ms, inflated by the tracing):")
        print("  imports the command triggers:", ", ".join(f"{m} {t:.0f}" for m, t in direct[:8]))
        print("  by package (outermost imports):",
              ", ".join(f"{m} {t:.0f}" for m, t in packages[:10]))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
