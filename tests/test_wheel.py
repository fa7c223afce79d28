"""The built wheel works on its own: installed in a fresh venv, away from the checkout.

``migrations/`` and ``schemas/`` live outside the package in the repository;
the wheel ships them as ``factcheck/_migrations`` and ``factcheck/_schemas``.
This test builds the wheel, installs it (dependencies from the package
registry or pip's cache) into a new virtual environment and runs
``factcheck`` there from another folder, so nothing can come from the checkout.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.slow


def _run(command: list[str], *, cwd: Path, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(
        command, cwd=cwd, env=env, capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == 0, f"{command[:3]} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def _build_wheel(into: Path) -> Path:
    """Build the way ``pip install .`` does: pip's isolated build environment,
    fresh from the package registry, from a clean copy of what git tracks.
    (Round 1 built with ``--no-build-isolation`` and so never saw the isolated
    build fail.)"""
    tree = into / "src"
    tracked = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True
    ).stdout.decode().split("\0")
    for name in filter(None, tracked):
        target = tree / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if (ROOT / name).is_file():
            shutil.copy2(ROOT / name, target)
    _run([sys.executable, "-m", "pip", "wheel", str(tree), "--no-deps", "-q", "-w", str(into)],
         cwd=into)
    (wheel,) = into.glob("newsroom_factcheck-*.whl")
    return wheel

def _clean_environment(home: Path) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("FACTCHECK_", "PYTHON", "VIRTUAL_ENV", "XDG_"))
    }
    return {**env, "FACTCHECK_HOME": str(home)}


def test_the_installed_wheel_finds_its_migrations_schemas_and_sample(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    dist.mkdir()
    wheel = _build_wheel(dist)
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {
        "factcheck/_migrations/env.py",
        "factcheck/_migrations/script.py.mako",
        "factcheck/_migrations/versions/0001_initial.py",
        "factcheck/data/nba-ant-group-2023-02-21.txt",
        "factcheck/py.typed",
    } <= names
    shipped_schemas = {p.name for p in (ROOT / "schemas").glob("*.json")}
    assert {n.rsplit("/", 1)[1] for n in names if n.startswith("factcheck/_schemas/")} >= (
        shipped_schemas
    )

    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", str(venv)], cwd=tmp_path)
    _run([str(venv / "bin" / "python"), "-m", "pip", "install", "-q", str(wheel)], cwd=tmp_path)

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = _clean_environment(tmp_path / "home")
    factcheck = str(venv / "bin" / "factcheck")
    where = json.loads(
        _run(
            [str(venv / "bin" / "python"), "-c",
             "import json, factcheck.resources as r; print(json.dumps([str(r.migrations_dir()),"
             " str(r.schemas_dir()), str(r.sample_article_path())]))"],
            cwd=elsewhere, env=env,
        )
    )
    ingested = _run([factcheck, "ingest", where[2]], cwd=elsewhere, env=env)
    again = _run([factcheck, "ingest", where[2]], cwd=elsewhere, env=env)
    current = _run([factcheck, "db", "current", "--json"], cwd=elsewhere, env=env)
    demo = json.loads(_run([factcheck, "demo", "--json"], cwd=elsewhere, env=env))

    assert all(path.startswith(str(venv)) for path in where), where
    assert where[0].endswith("factcheck/_migrations") and where[1].endswith("factcheck/_schemas")
    assert ingested == f"{where[2]}: ingested as source 1 (14 claims)\n"
    assert again == f"{where[2]}: already ingested as source 1 (14 claims)\n"
    assert json.loads(current)["state"] == "up to date"
    assert (demo["created"], len(demo["claims"])) == (False, 14)
    assert (tmp_path / "home" / "factcheck.db").is_file()




def test_the_wheel_is_pure_python_and_platform_independent(tmp_path: Path) -> None:
    """One wheel for every platform, no C compiler at install time."""
    wheel = _build_wheel(tmp_path)
    assert wheel.name.endswith("-py3-none-any.whl"), wheel.name
    names = zipfile.ZipFile(wheel).namelist()
    assert not [n for n in names if n.endswith((".so", ".pyd", ".c"))]
