"""How much storing costs on top of extracting: ingest of the sample into SQLite.

Ingesting an article must feel instant next to reading it. Absolute times
depend on the machine, so the cost of storing is reported as a ratio to
extracting the same article in the same run (both warm, runs interleaved):

    ingest of a new article (extract + one transaction)   <= 4 x extract alone
    ingest of an already stored one (read + hash lookup)  <= 1.5 x extract alone

SQLite runs with ``synchronous=FULL`` (one fsync per commit), so the first
ratio includes the disk's flush time. Also printed: the first use of a new
SQLite file with the sample (creation and migration included; it should stay
well under a second) and a batch of 40 small articles as articles per second.

Usage::

    .venv/bin/python bench/bench_ingest.py       # PASS/FAIL per target, exit 1 on FAIL
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

RUNS = 15
TARGETS = {"ingest (new article)": 4.0, "ingest (already stored)": 1.5}


def _timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def main() -> int:
    from factcheck.resources import sample_article_path
    from factcheck.store.engine import open_store
    from factcheck.store.ingest import ingest_files
    from factcheck.text.extract import extract_file

    sample = sample_article_path()
    text = sample.read_text(encoding="utf-8")
    times: dict[str, list[float]] = {name: [] for name in ("extract", *TARGETS)}
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        first = _timed(lambda: _first_use(folder / "first.db", sample))
        store = open_store(f"sqlite:///{folder / 'warm.db'}")
        for run in range(RUNS):
            variant = folder / f"variant{run}.txt"
            variant.write_text(text + f"\nThe league said on Monday that {run} more games.\n")
            times["extract"].append(_timed(lambda v=variant: extract_file(v)))
            times["ingest (new article)"].append(
                _timed(lambda v=variant: ingest_files(store, [v]))
            )
            times["ingest (already stored)"].append(
                _timed(lambda v=variant: ingest_files(store, [v]))
            )
        store.close()
        batch = _batch_rate(folder)
    baseline = statistics.median(times["extract"])
    print(f"sample into a new SQLite file (create, migrate, extract, store): {first * 1000:.0f} ms")
    print(f"extract alone: {baseline * 1000:.1f} ms (median of {RUNS})")
    failed = False
    for label, limit in TARGETS.items():
        median = statistics.median(times[label])
        ratio = median / baseline
        verdict = "PASS" if ratio <= limit else "FAIL"
        failed |= verdict == "FAIL"
        print(f"{label}: {median * 1000:.1f} ms = {ratio:.2f} x extract (target <= {limit}) "
              f"{verdict}")
    print(f"batch of 40 small articles into SQLite, one transaction each: {batch:.0f} articles/s")
    return 1 if failed else 0


def _first_use(path: Path, sample: Path) -> None:
    from factcheck.store.engine import open_store
    from factcheck.store.ingest import ingest_files

    store = open_store(f"sqlite:///{path}")
    try:
        ingest_files(store, [sample])
    finally:
        store.close()


def _batch_rate(folder: Path) -> float:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
    from _storage_helpers import generated_article, write_article

    from factcheck.store.engine import open_store
    from factcheck.store.ingest import ingest_files

    files = [write_article(folder / "batch", f"a{n}.txt", generated_article(n)) for n in range(40)]
    store = open_store(f"sqlite:///{folder / 'batch.db'}")
    try:
        return len(files) / _timed(lambda: ingest_files(store, files))
    finally:
        store.close()


if __name__ == "__main__":
    sys.exit(main())
