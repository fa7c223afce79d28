"""Benchmark: export a large verified claim set; memory must stay flat.

Builds a SQLite database of N approved claims (default 1,000,000: 20,000
sources x 50 claims), each with one evidence link and a five-event history
(take, mark, add_evidence, propose, approve), written with bulk inserts in a
temporary folder. Then, each in its own child process (peak memory is the
child's ``ru_maxrss``, read with ``os.wait4``):

- ``export``: ``factcheck export -o FILE`` — the real thing: builds every
  claim and source document, validates each against its JSON Schema, writes
  canonical indented JSON through a temporary file;
- ``baseline-orjson`` / ``baseline-json``: the same rows (claims, evidence,
  events, sources) read with plain streaming SELECTs and dumped one row per
  line with ``orjson`` / ``json``, no documents and no validation: the floor
  of reading and serialising.

Prints seconds, claims per second, peak memory and the ratio of each run's
time to the orjson baseline, all measured in the same run. The export's peak
memory must stay under 300 MB (exit 1 otherwise). Not part of the test suite.

Measured on the 2-core development machine (shared, so seconds are rough;
the ratios come from one run): 1,000,000 claims, 4.47 GB of JSON written in
252 s (3,962 claims/s), peak memory 68 MB (the same as for 20,000 claims);
5.0x the time of the orjson row dump and 2.6x that of the json row dump.
Before items were validated with jsonschema-rs and written with orjson the
same export ran at 143 claims/s (jsonschema alone: about 7 ms per claim).

Usage::

    .venv/bin/python bench/bench_export.py                 # 1,000,000 claims, a few minutes
    .venv/bin/python bench/bench_export.py --claims 20000  # quick look
    .venv/bin/python bench/bench_export.py --database /tmp/bench.db  # keep / reuse the data
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

MEMORY_LIMIT_MB = 300
KINDS = ("reporter_assertion", "direct_quote", "indirect_quote", "press_release", "alleged")
STATUSES = ("supported", "refuted", "mixed", "unverifiable")
BASE_TIME = dt.datetime(2024, 1, 1, 9, 0, tzinfo=dt.UTC)


def _stamp(seconds: int) -> str:
    """A time as SQLAlchemy stores it in SQLite (UTC, no offset)."""
    return (BASE_TIME + dt.timedelta(seconds=seconds)).strftime("%Y-%m-%d %H:%M:%S.%f")


def _fake_hash(*parts: object) -> str:
    return "sha256:" + hashlib.sha256(repr(parts).encode()).hexdigest()


def _sentence(source: int, n: int) -> str:
    return (
        f"Official figures for district {source} show that indicator {n} rose by "
        f"{(source * 7 + n) % 97} percent last year, the statistics office said."
    )


def _source_rows(sources: int, per_source: int) -> Iterator[tuple[object, ...]]:
    from factcheck.model import content_hash

    for source in range(1, sources + 1):
        text = " ".join(_sentence(source, n) for n in range(per_source))
        yield (
            source,
            "news_article",
            f"Report {source}",
            f"https://news.example.org/{source}",
            "The Example Times",
            "Jo Writer",
            "2024-05-20",
            _stamp(source),
            content_hash(text),
            text,
        )


def _claim_rows(sources: int, per_source: int) -> Iterator[tuple[object, ...]]:
    claim_id = 0
    for source in range(1, sources + 1):
        offset = 0
        for n in range(per_source):
            sentence = _sentence(source, n)
            claim_id += 1
            start, end = offset, offset + len(sentence)
            cue = sentence.index("said")
            kind = KINDS[claim_id % len(KINDS)]
            yield (
                claim_id,
                source,
                n,
                sentence,
                start,
                end,
                n // 5,
                kind,
                "the statistics office",
                None,
                "said",
                start + cue,
                start + cue + 4,
                "bench",
                0.75,
                "[]",
                STATUSES[claim_id % len(STATUSES)],
                "approved",
                "checked against the yearbook",
                2,
                2,
                _stamp(claim_id + 400),
                3,
                _stamp(claim_id + 500),
                3,
                6,
                _stamp(claim_id),
                _stamp(claim_id + 500),
            )
            offset = end + 1


def _evidence_rows(claims: int) -> Iterator[tuple[object, ...]]:
    for claim_id in range(1, claims + 1):
        yield (
            claim_id,
            claim_id,
            f"https://stats.example.org/yearbook/{claim_id}",
            "Yearbook",
            "supports",
            None,
            2,
            _stamp(claim_id + 300),
        )


EVENTS = (
    ("rita", "take", "pending", "in_review", "unverified", None, None),
    ("rita", "mark", "in_review", "in_review", "supported", "checked", None),
    ("rita", "add_evidence", "in_review", "in_review", "supported", None, "evidence"),
    ("rita", "propose", "in_review", "proposed", "supported", None, None),
    ("ed", "approve", "proposed", "approved", "supported", None, None),
)


def _event_rows(claims: int) -> Iterator[tuple[object, ...]]:
    event_id = 0
    for claim_id in range(1, claims + 1):
        previous = None
        for seq, (actor, action, before, after, status, note, evidence) in enumerate(EVENTS, 1):
            event_id += 1
            link = None
            if evidence:
                url = f"https://stats.example.org/yearbook/{claim_id}"
                link = json.dumps({"stance": "supports", "title": "Yearbook", "url": url})
            digest = _fake_hash(claim_id, seq)
            yield (
                event_id,
                claim_id,
                seq,
                actor,
                action,
                before,
                after,
                status,
                note,
                link,
                _stamp(claim_id + seq * 100),
                previous,
                digest,
            )
            previous = digest


def build_database(path: Path, *, claims: int, per_source: int) -> None:
    """Create, migrate and fill a SQLite database with bulk inserts."""
    from factcheck.store.engine import open_store

    open_store(f"sqlite:///{path}").close()
    sources = max(1, claims // per_source)
    connection = sqlite3.connect(path)
    connection.executescript("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;")
    with connection:
        connection.executemany(
            "INSERT INTO reviewers (id, handle, role, created_at) VALUES (?, ?, ?, ?)",
            [
                (1, "ana", "admin", _stamp(0)),
                (2, "rita", "reviewer", _stamp(0)),
                (3, "ed", "editor", _stamp(0)),
            ],
        )
        connection.executemany(
            "INSERT INTO sources (id, kind, title, url, publisher, author, published, "
            "retrieved_at, content_hash, text) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            _source_rows(sources, per_source),
        )
        connection.executemany(
            "INSERT INTO claims (id, source_id, ordinal, text, span_start, span_end, paragraph, "
            "attribution_kind, speaker, speaker_title, cue_text, cue_start, cue_end, "
            "attribution_rule, attribution_confidence, hedges, evidence_status, review_state, "
            "note, assignee_id, proposed_by_id, proposed_at, approved_by_id, approved_at, "
            "updated_by_id, version, created_at, updated_at) "
            "VALUES (" + ", ".join("?" * 28) + ")",
            _claim_rows(sources, per_source),
        )
        connection.executemany(
            "INSERT INTO evidence (id, claim_id, url, title, stance, note, added_by_id, added_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            _evidence_rows(sources * per_source),
        )
        connection.executemany(
            "INSERT INTO review_events (id, claim_id, seq, actor, action, from_state, to_state, "
            "evidence_status, note, evidence, created_at, prev_hash, hash) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            _event_rows(sources * per_source),
        )
    connection.execute("ANALYZE")
    connection.close()


BASELINE = r"""
import sqlite3, sys
use_orjson = sys.argv[3] == "orjson"
if use_orjson:
    import orjson
    def dump(row): return orjson.dumps(row)
else:
    import json
    def dump(row): return json.dumps(row).encode()
connection = sqlite3.connect(sys.argv[1])
connection.row_factory = sqlite3.Row
with open(sys.argv[2], "wb") as out:
    for table in ("claims", "evidence", "review_events", "sources"):
        for row in connection.execute(f"SELECT * FROM {table} ORDER BY id"):
            out.write(dump(dict(row)))
            out.write(b"\n")
"""


def run_child(command: list[str]) -> tuple[float, float]:
    """Run a child to completion; (seconds, its own peak RSS in MB)."""
    started = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        error = child.stderr.read().decode() if child.stderr else ""
        raise SystemExit(f"{' '.join(command[:4])} failed ({child.returncode}): {error[-2000:]}")
    if child.stderr:
        child.stderr.close()
    return seconds, usage.ru_maxrss / 1024  # ru_maxrss is in KiB on Linux


def _build_in_child(database: Path, *, claims: int, per_source: int) -> None:
    """Build the database in a child process, so this one stays small.

    Linux keeps a process's peak RSS across ``exec``, and a child starts as a
    copy of its parent: a parent that had imported factcheck and filled the
    database would lend every measured child its own peak.
    """
    command = [
        sys.executable,
        __file__,
        "--build",
        str(database),
        "--claims",
        str(claims),
        "--per-source",
        str(per_source),
    ]
    subprocess.run(command, check=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--claims", type=int, default=1_000_000, help="claims to export")
    parser.add_argument("--per-source", type=int, default=50, help="claims per source")
    parser.add_argument("--database", type=Path, help="reuse (or create and keep) this database")
    parser.add_argument("--build", type=Path, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.build:
        build_database(options.build, claims=options.claims, per_source=options.per_source)
        return 0

    folder = Path(tempfile.mkdtemp(prefix="factcheck-bench-export-"))
    database = options.database or folder / "bench.db"
    started = time.perf_counter()
    if not database.exists():
        _build_in_child(database, claims=options.claims, per_source=options.per_source)
    with sqlite3.connect(database) as connection:
        claims = connection.execute("SELECT count(*) FROM claims").fetchone()[0]
    print(
        f"{claims:,} approved claims ready in {time.perf_counter() - started:.0f} s "
        f"({database.stat().st_size / 1e9:.2f} GB database)"
    )

    runs: dict[str, tuple[float, float, int]] = {}
    baselines = [("baseline-orjson", "orjson"), ("baseline-json", "json")]
    for name, library in baselines:
        target = folder / f"{name}.jsonl"
        seconds, peak = run_child(
            [sys.executable, "-c", BASELINE, str(database), str(target), library]
        )
        runs[name] = (seconds, peak, target.stat().st_size)
        target.unlink()
    target = folder / "export.json"
    seconds, peak = run_child(
        [
            sys.executable,
            "-m",
            "factcheck.cli.main",
            "--db",
            f"sqlite:///{database}",
            "export",
            "-o",
            str(target),
            "--generated-at",
            "2024-06-01T00:00:00Z",
        ]
    )
    runs["export"] = (seconds, peak, target.stat().st_size)
    target.unlink()

    floor = runs["baseline-orjson"][0]
    header = ("run", "seconds", "claims/s", "peak MB", "output GB", "x orjson")
    print("\n{:<16} {:>8} {:>10} {:>8} {:>9} {:>8}".format(*header))
    for name, (seconds, peak, size) in runs.items():
        print(
            f"{name:<16} {seconds:>8.1f} {claims / seconds:>10,.0f} {peak:>8.0f} "
            f"{size / 1e9:>9.2f} {seconds / floor:>8.1f}"
        )
    export_peak = runs["export"][1]
    verdict = "ok" if export_peak < MEMORY_LIMIT_MB else "OVER"
    print(f"\nexport peak memory {export_peak:.0f} MB (limit {MEMORY_LIMIT_MB} MB): {verdict}")
    if options.database is None:
        database.unlink()
    for leftover in folder.iterdir():
        leftover.unlink()
    folder.rmdir()
    return 0 if export_peak < MEMORY_LIMIT_MB else 1


if __name__ == "__main__":
    sys.exit(main())
