"""Matching a new 40-sentence article against a million stored claims (issue 16: <= 1 s on SQLite).

Run on a copy of a database built by ``bench/gen_million.py`` and migrated to
head (``factcheck db upgrade``): it matches 40 sentences taken from stored
claims of different articles (so each finds reviewed claims sharing its
words), as ingest does, and prints in one run:

- the word-index queries alone (FTS5 ``bm25`` / ``ts_rank`` candidates for
  claims and fact checks, the SQL ``match_text`` runs), the baseline;
- ``match_text`` for every sentence: queries, row reads and rapidfuzz re-ranking;

each as the total for the article (median of ``--runs``) and their ratio.

Usage::

    .venv/bin/python bench/bench_match_scale.py sqlite:////tmp/copy-of-million.db
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable, Sequence

from sqlalchemy import select

from factcheck.store import matching
from factcheck.store.engine import open_store
from factcheck.store.tables import ClaimRow


def timed(work: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sentences", type=int, default=40)
    args = parser.parse_args(argv)
    store = open_store(args.url)
    with store.read() as session:
        step = max(
            1,
            (session.scalar(select(ClaimRow.id).order_by(ClaimRow.id.desc())) or 1)
            // args.sentences,
        )
        ids = [1 + n * step for n in range(args.sentences)]
        article = list(session.scalars(select(ClaimRow.text).where(ClaimRow.id.in_(ids))))
        claims = session.scalar(select(ClaimRow.id).order_by(ClaimRow.id.desc()))
    print(f"{claims} claims; an article of {len(article)} sentences")

    def queries_only() -> None:
        with store.read() as session:
            for sentence in article:
                terms = matching.query_terms(sentence)
                matching._claim_candidates(session, terms, None, matching.CANDIDATES)
                matching._fact_check_candidates(session, terms, matching.CANDIDATES)

    def full() -> None:
        for sentence in article:
            matching.match_text(store, text=sentence, limit=3, threshold=0.0)

    base = timed(queries_only, args.runs)
    ours = timed(full, args.runs)
    found = sum(bool(matching.match_text(store, text=s, limit=1)) for s in article)
    print(f"word-index queries only : {base:7.3f} s per article")
    print(f"match_text (full)       : {ours:7.3f} s per article  ({ours / base:.2f} x queries)")
    print(
        f"sentences with a match  : {found}/{len(article)}; target <= 1 s: "
        f"{'met' if ours <= 1.0 else 'NOT met'}"
    )
    store.close()


if __name__ == "__main__":
    main()
