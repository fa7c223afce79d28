"""Queries are built only in ``factcheck/store/``: an AST check over the package.

Outside ``store/`` no module may import SQLAlchemy's query or session API, or
the row classes of ``factcheck.store.tables``; it reads through the store's read
models and writes through its writers. Parsing URLs (``sqlalchemy.engine``'s
``make_url``) is not query construction and is allowed.

``NOT_YET`` lists the modules that still build their own queries (issue 13):
the test fails when another joins them, and when one of them is fixed, so the
list only shrinks.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).parent.parent / "factcheck"

NOT_YET = {
    "report.py",
    "exchange/collect.py",
    "exchange/export.py",
    "exchange/importer.py",
}

ALLOWED = {("sqlalchemy.engine", "make_url")}


def query_imports(path: Path) -> list[str]:
    """The imports in ``path`` that build queries or hold sessions."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names if a.name.split(".")[0] == "sqlalchemy"]
        elif isinstance(node, ast.ImportFrom) and node.module:
            root = node.module.split(".")[0]
            if node.module == "factcheck.store.tables" or root == "sqlalchemy":
                found += [
                    f"{node.module}.{a.name}"
                    for a in node.names
                    if (node.module, a.name) not in ALLOWED
                ]
    return found


def outside_store() -> dict[str, list[str]]:
    modules = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE).as_posix()
        if relative.startswith("store/"):
            continue
        imports = query_imports(path)
        if imports:
            modules[relative] = imports
    return modules


def test_no_new_module_builds_queries_outside_the_store() -> None:
    offenders = {name: found for name, found in outside_store().items() if name not in NOT_YET}
    assert offenders == {}


def test_the_list_of_modules_still_to_move_only_shrinks() -> None:
    assert set(outside_store()) == NOT_YET


def test_the_check_sees_a_query(tmp_path: Path) -> None:
    module = tmp_path / "module.py"
    module.write_text(
        "from sqlalchemy import select\nfrom sqlalchemy.engine import make_url\n"
        "def f():\n    from factcheck.store.tables import ClaimRow\n",
        encoding="utf-8",
    )
    assert query_imports(module) == ["sqlalchemy.select", "factcheck.store.tables.ClaimRow"]
