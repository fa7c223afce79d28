"""The built wheel works on its own: installed in a fresh venv, away from the checkout.

``migrations/`` and ``schemas/`` live outside the package in the repository;
the wheel ships them as ``factcheck/_migrations`` and ``factcheck/_schemas``.
This test builds the wheel, installs it (dependencies from the package
registry or pip's cache) into a new virtual environment and runs
``factcheck`` there from another folder, so nothing can come from the checkout.
"""

from __future__ import annotations

import importlib.util
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


BUILD_INPUTS = [
    "pyproject.toml", "README.md", "hatch_build.py", "factcheck", "migrations", "schemas"
]


def _source_copy(into: Path) -> Path:
    """What the build reads, copied: the mypyc hook renames pyproject.toml while it
    compiles, which must never happen in the checkout other processes are using."""
    tree = into / "src"
    tree.mkdir()
    for name in BUILD_INPUTS:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, tree / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, tree / name)
    return tree


def _build_wheel(into: Path) -> Path:
    # With hatchling and the build hook's dependencies at hand (the test extra
    # installs them) no build environment is downloaded; without them pip
    # fetches one from the registry.
    isolation = ["--no-build-isolation"] if importlib.util.find_spec("hatch_mypyc") else []
    tree = _source_copy(into)
    _run(
        [sys.executable, "-m", "pip", "wheel", str(tree), "--no-deps", "-q", "-w", str(into),
         *isolation],
        cwd=into,
    )
    assert not list((tree / "factcheck" / "text").glob("*.so")), "build left extensions behind"
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


COMPILED_MODULES = (
    "attribution", "cues", "extract", "quotes", "sentences", "speakers", "structure"
)

EXTRACT_ALL = """
import json, sys
from pathlib import Path
import factcheck.text.cues as cues
from factcheck.text.extract import extract
out = {"compiled": cues.__file__.endswith(".so"), "claims": {}}
for path in sorted(Path(sys.argv[1]).glob("*/*.txt")):
    claims = extract(path.read_text(encoding="utf-8")).claims
    out["claims"][path.name] = [c.model_dump(mode="json") for c in claims]
print(json.dumps(out, sort_keys=True))
"""


def test_the_wheel_ships_a_compiled_tagger_that_agrees_with_the_pure_one(
    tmp_path: Path,
) -> None:
    dist = tmp_path / "dist"
    dist.mkdir()
    wheel = _build_wheel(dist)
    names = zipfile.ZipFile(wheel).namelist()
    for module in COMPILED_MODULES:
        assert any(n.startswith(f"factcheck/text/{module}.") and n.endswith(".so") for n in names)

    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", str(venv)], cwd=tmp_path)
    _run([str(venv / "bin" / "python"), "-m", "pip", "install", "-q", str(wheel)], cwd=tmp_path)
    script = tmp_path / "extract_all.py"
    script.write_text(EXTRACT_ALL, encoding="utf-8")
    data = str(ROOT / "tests" / "data")
    env = _clean_environment(tmp_path / "home")
    venv_python = str(venv / "bin" / "python")
    compiled = json.loads(_run([venv_python, str(script), data], cwd=tmp_path, env=env))
    pure = json.loads(_run([sys.executable, str(script), data], cwd=ROOT, env=env))

    assert (compiled["compiled"], pure["compiled"]) == (True, False)
    assert len(pure["claims"]) > 60
    assert compiled["claims"] == pure["claims"]
