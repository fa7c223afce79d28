"""Lists, shows and searches at a million claims: the command against its own SQL.

Run on a database built by ``bench/gen_million.py``. For each case it measures,
in one run with the runs interleaved so a busy moment hits all alike:

- query: the SQL the command runs (from ``factcheck.store.readmodels``), timed
  in this process through the driver (sqlite3 / psycopg), median;
- raw: the same SQL, values inlined, through the ``sqlite3`` / ``psql`` shell
  (``-readonly`` / ``-X``), output discarded, median wall time;
- command: ``factcheck --db URL …``, output discarded, median wall time;
- ``python -c pass``, the interpreter's own start-up.

Targets (issue 13): query <= 50 ms; command <= 3 x raw + python start-up;
``claims show`` <= 8 x ``python -c pass`` on SQLite. Then the peak RSS of
``claims list --json`` over every claim (target <= 100 MB), and its time.

Usage::

    .venv/bin/python bench/bench_lists.py sqlite:////tmp/bench/million.db
    .venv/bin/python bench/bench_lists.py postgresql+psycopg://postgres@127.0.0.1:5432/million
    … --runs 7 --skip-rss
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from factcheck.store import readmodels
from factcheck.store.readmodels import ClaimFilters

QUERY_TARGET_MS = 50.0
COMMAND_TARGET = 3.0
SHOW_TARGET = 8.0
RSS_TARGET_MB = 100.0

Statements = list[tuple[str, Sequence[Any]]]
CLAIMS_COUNT = "SELECT count(*) FROM claims"
SOURCES_SQL = (
    "SELECT id, kind, title, url, publisher, author, published, retrieved_at, content_hash, "
    "(SELECT count(*) FROM claims WHERE claims.source_id = sources.id) "
    "FROM sources ORDER BY id"
)
"""What ``sources list`` asks (store/sources.py builds it with SQLAlchemy)."""


@dataclass
class Case:
    name: str
    args: list[str]
    statements: Statements  # what the command runs, in order (the part that grows)


class Database:
    """The benchmark database through its bare driver."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.dialect = "sqlite" if url.startswith("sqlite") else "postgresql"
        if self.dialect == "sqlite":
            import sqlite3

            self.path = url.removeprefix("sqlite:///")
            self.connection: Any = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True)
        else:
            import psycopg

            self.libpq = "postgresql://" + url.split("://", 1)[1]
            self.connection = psycopg.connect(self.libpq, autocommit=True)

    def run(self, sql: str, parameters: Sequence[Any]) -> list[Any]:
        return list(self.connection.execute(sql, tuple(parameters)).fetchall())

    def one(self, sql: str) -> Any:
        return self.run(sql, ())[0][0]

    def shell(self, statements: Statements) -> list[str]:
        script = ";\n".join(inline(sql, p, self.dialect) for sql, p in statements) + ";\n"
        if self.dialect == "sqlite":
            return ["sqlite3", "-readonly", self.path, script]
        return ["psql", "-X", "-q", "-A", "-t", self.libpq, "-c", script]


def inline(sql: str, parameters: Sequence[Any], dialect: str) -> str:
    """``sql`` with its parameters written in as SQL literals (for the shell)."""
    marker = "?" if dialect == "sqlite" else "%s"
    parts = sql.split(marker)
    assert len(parts) == len(parameters) + 1, sql
    out = [parts[0]]
    for value, part in zip(parameters, parts[1:], strict=True):
        if value is None:
            literal = "NULL"
        elif isinstance(value, int | float):
            literal = str(value)
        else:
            literal = "'" + str(value).replace("'", "''") + "'"
        out += [literal, part]
    return "".join(out)


def list_case(db: Database, name: str, args: list[str], filters: ClaimFilters) -> Case:
    after = None
    if filters.after_id is not None:
        after = tuple(db.run(readmodels.bind(readmodels.CLAIM_POSITION_SQL, db.dialect),
                             (filters.after_id,))[0])
    statements: Statements = [(readmodels.HANDLES_SQL, ())]
    text_index = True
    probe = readmodels.common_matches_sql(filters) if db.dialect == "sqlite" else None
    if probe is not None:
        statements.append(probe)
        text_index = not readmodels.is_common(db.run(*probe)[0][0])
    statements.append(readmodels.claim_list_sql(db.dialect, filters, after,
                                                text_index=text_index))
    return Case(name, ["claims", "list", *args], statements)


def recorded(db: Database, read: Callable[[readmodels.Run], Any]) -> Statements:
    """The statements a read model runs, recorded through the driver."""
    statements: Statements = []

    def run(sql: str, parameters: Sequence[Any]) -> list[Sequence[Any]]:
        statements.append((sql, parameters))
        return db.run(sql, parameters)

    read(run)
    return statements


def cases(db: Database) -> list[Case]:
    claims, sources = db.one(CLAIMS_COUNT), db.one("SELECT count(*) FROM sources")
    at = readmodels.bind("SELECT id FROM claims ORDER BY id LIMIT 1 OFFSET {p}", db.dialect)
    middle, late = db.run(at, (claims // 2,))[0][0], db.run(at, (claims * 9 // 10,))[0][0]
    reviewed = db.one("SELECT min(claim_id) FROM review_events WHERE action = 'approve'")
    source = db.run(
        readmodels.bind("SELECT id FROM sources ORDER BY id LIMIT 1 OFFSET {p}", db.dialect),
        (sources * 19 // 20,),
    )[0][0]
    page = 50
    f = ClaimFilters
    result = [
        list_case(db, "list", ["--limit", "50"], f(limit=page)),
        list_case(db, "list --after (page 18,000)", ["--limit", "50", "--after", str(late)],
                  f(limit=page, after_id=late)),
        list_case(db, "list --source", ["--limit", "50", "--source", str(source)],
                  f(limit=page, source=source)),
        list_case(db, "list --kind direct_quote", ["--limit", "50", "--kind", "direct_quote"],
                  f(limit=page, kinds=["direct_quote"])),
        list_case(db, "list --state approved", ["--limit", "50", "--state", "approved"],
                  f(limit=page, states=["approved"])),
        list_case(db, "list --state x2", ["--limit", "50", "--state", "approved", "--state",
                                          "proposed"], f(limit=page,
                                                         states=["approved", "proposed"])),
        list_case(db, "list --status refuted", ["--limit", "50", "--status", "refuted"],
                  f(limit=page, statuses=["refuted"])),
        list_case(db, "search common (said, 40%)", ["--limit", "50", "--search", "said"],
                  f(limit=page, searches=["said"])),
        list_case(db, "search 1% (harbor)", ["--limit", "50", "--search", "harbor"],
                  f(limit=page, searches=["harbor"])),
        list_case(db, "search rare (zeppelin)", ["--limit", "50", "--search", "zeppelin"],
                  f(limit=page, searches=["zeppelin"])),
        list_case(db, "search 5 rows (quokka)", ["--limit", "50", "--search", "quokka"],
                  f(limit=page, searches=["quokka"])),
        list_case(db, "search x2 (harbor, said)", ["--limit", "50", "--search", "harbor",
                                                   "--search", "said"],
                  f(limit=page, searches=["harbor", "said"])),
        list_case(db, "speaker (michael ma)", ["--limit", "50", "--speaker", "michael ma"],
                  f(limit=page, speakers=["michael ma"])),
        list_case(db, "search + kind", ["--limit", "50", "--search", "harbor", "--kind",
                                        "direct_quote"],
                  f(limit=page, searches=["harbor"], kinds=["direct_quote"])),
        Case("claims show", ["claims", "show", str(middle)], recorded(
            db, lambda run: readmodels.claim_detail_json(run, db.dialect, claim_id=middle,
                                                         context=2))),
        Case("claims show (reviewed)", ["claims", "show", str(reviewed)], recorded(
            db, lambda run: readmodels.claim_detail_json(run, db.dialect, claim_id=reviewed,
                                                         context=2))),
        Case("history", ["history", str(reviewed)], recorded(
            db, lambda run: readmodels.history_json(run, db.dialect, claim_id=reviewed))),
        Case("sources list --limit 50", ["sources", "list", "--limit", "50"],
             [(readmodels.bind(SOURCES_SQL + " LIMIT {p}", db.dialect), (50,))]),
        Case("sources list (all)", ["sources", "list"], [(SOURCES_SQL, ())]),
    ]
    return result


def factcheck_command() -> list[str]:
    script = Path(sys.executable).with_name("factcheck")
    return [str(script)] if script.exists() else [sys.executable, "-m", "factcheck.cli.main"]


def wall(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env,
                   check=False)
    return time.perf_counter() - started


def query_time(db: Database, statements: Statements) -> float:
    started = time.perf_counter()
    for sql, parameters in statements:
        db.run(sql, parameters)
    return time.perf_counter() - started


def measure(db: Database, all_cases: list[Case], runs: int) -> tuple[float, dict[str, Any]]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FACTCHECK_")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    base = factcheck_command() + ["--db", db.url]
    python_pass: list[float] = []
    found: dict[str, dict[str, list[float]]] = {
        c.name: {"query": [], "raw": [], "command": []} for c in all_cases
    }
    for run in range(runs + 1):  # the first round warms caches and is not counted
        python_pass.append(wall([sys.executable, "-c", "pass"], env))
        for case in all_cases:
            times = found[case.name]
            times["query"].append(query_time(db, case.statements))
            times["raw"].append(wall(db.shell(case.statements), env))
            times["command"].append(wall(base + case.args, env))
        if run == 0:
            python_pass.clear()
            for times in found.values():
                for series in times.values():
                    series.clear()
    medians = {name: {k: statistics.median(v) for k, v in t.items()}
               for name, t in found.items()}
    return statistics.median(python_pass), medians


def peak_rss(db: Database) -> tuple[float, float, int]:
    """(MB, seconds, bytes written) of ``claims list --json`` over every claim."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("FACTCHECK_")}
    command = factcheck_command() + ["--db", db.url, "claims", "list", "--json"]
    started = time.perf_counter()
    with open(os.devnull, "wb") as sink:
        process = subprocess.Popen(command, stdout=subprocess.PIPE, env=env)
        assert process.stdout is not None
        written = 0
        while chunk := process.stdout.read(1 << 20):
            written += len(chunk)
            sink.write(chunk)
        _, _, usage = os.wait4(process.pid, 0)
    return usage.ru_maxrss / 1024, time.perf_counter() - started, written


def report(db: Database, python_pass: float, medians: dict[str, Any]) -> bool:
    ok = True
    print(f"{db.dialect}: {db.one(CLAIMS_COUNT)} claims; "
          f"python -c pass {python_pass * 1000:.0f} ms; {dt.datetime.now(dt.UTC):%H:%M} UTC")
    print(f"{'case':30} {'query':>9} {'raw':>8} {'command':>8} {'cmd/raw':>8} "
          f"{'(cmd-py)/raw':>12}  verdict")
    for name, m in medians.items():
        q, raw, cmd = m["query"] * 1000, m["raw"] * 1000, m["command"] * 1000
        budget = COMMAND_TARGET * raw + python_pass * 1000
        verdicts = []
        if q > QUERY_TARGET_MS:
            verdicts.append("query>50ms")
        if cmd > budget:
            verdicts.append("cmd>3x raw")
        if name.startswith("claims show") and db.dialect == "sqlite":
            ratio = cmd / (python_pass * 1000)
            verdicts.append(f"{ratio:.1f}x py")
            if ratio > SHOW_TARGET:
                verdicts.append("show>8x py")
        failed = any(">" in v for v in verdicts)
        ok = ok and not failed
        print(f"{name:30} {q:7.1f}ms {raw:6.0f}ms {cmd:6.0f}ms {cmd / raw:7.1f}x "
              f"{(cmd - python_pass * 1000) / raw:11.1f}x  "
              f"{'FAIL' if failed else 'ok'} {' '.join(verdicts)}")
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--skip-rss", action="store_true")
    args = parser.parse_args(argv)
    db = Database(args.url)
    tool = "sqlite3" if db.dialect == "sqlite" else "psql"
    if shutil.which(tool) is None:
        sys.exit(f"{tool} is needed for the raw-SQL baseline")
    python_pass, medians = measure(db, cases(db), args.runs)
    ok = report(db, python_pass, medians)
    if not args.skip_rss:
        mb, seconds, written = peak_rss(db)
        verdict = "ok" if mb <= RSS_TARGET_MB else "FAIL"
        ok = ok and mb <= RSS_TARGET_MB
        print(f"claims list --json, every claim: peak RSS {mb:.0f} MB, {seconds:.0f} s, "
              f"{written / 1e6:.0f} MB of JSON  {verdict}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
