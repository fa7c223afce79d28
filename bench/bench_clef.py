"""CLEF CheckThat! 2020 task 2 (verified-claim retrieval): our matcher against plain BM25.

Reads a LOCAL copy of the data set (GitHub ``sshaar/clef2020-factchecking-task2``;
"free for general research use"; never committed here): the folder unzipped from
its ``data/v3.zip`` (``verified_claims.docs.tsv`` and ``dev/`` or ``train/``
with ``tweets.queries.tsv`` and ``tweet-vclaim-pairs.qrels``).

In one run it loads the 10,373 verified claims as imported fact checks into a
fresh SQLite database (through ``factcheck.store.matching.add_fact_checks``, so
the FTS5 triggers index them), ranks the five best for every tweet with
``match_text`` (FTS5 bm25 candidates re-ranked with rapidfuzz), and ranks the
same claims with rank-bm25's BM25Okapi over the same word tokens (the
baseline; ``pip install -e '.[bench]'``). It prints MAP@5 (the task's metric),
MRR@5 and P@1 for both, and the median time per tweet.

Usage::

    .venv/bin/python bench/bench_clef.py /path/to/v3.0 --split dev
"""

from __future__ import annotations

import argparse
import csv
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from factcheck.store import matching, migrate
from factcheck.store.engine import Store, open_store

_WORD = re.compile(r"[^\W_]+")
csv.field_size_limit(sys.maxsize)


def read_tsv(path: Path) -> dict[str, str]:
    """id -> first text column of a CLEF TSV (header row skipped)."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = csv.reader(handle, delimiter="\t")
        next(rows)
        return {row[0]: row[1] for row in rows if len(row) > 1}


def read_qrels(path: Path) -> dict[str, set[str]]:
    relevant: dict[str, set[str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) == 4 and parts[3] == "1":
            relevant.setdefault(parts[0], set()).add(parts[2])
    return relevant


def scores(ranked: dict[str, list[str]], relevant: dict[str, set[str]]) -> tuple[float, ...]:
    """MAP@5, MRR@5 and P@1 over the queries with relevant claims."""
    aps, rrs, p1s = [], [], []
    for query, gold in relevant.items():
        top = ranked.get(query, [])[:5]
        hits, precisions, rr = 0, [], 0.0
        for rank, doc in enumerate(top, start=1):
            if doc in gold:
                hits += 1
                precisions.append(hits / rank)
                rr = rr or 1 / rank
        aps.append(sum(precisions) / min(len(gold), 5))
        rrs.append(rr)
        p1s.append(1.0 if top[:1] and top[0] in gold else 0.0)
    n = len(relevant)
    return sum(aps) / n, sum(rrs) / n, sum(p1s) / n


def timed(rank: Callable[[str], list[str]], tweets: dict[str, str]) -> tuple[dict, float]:
    out, times = {}, []
    for query, tweet in tweets.items():
        start = time.perf_counter()
        out[query] = rank(tweet)
        times.append(time.perf_counter() - start)
    return out, statistics.median(times)


def ours(store: Store) -> Callable[[str], list[str]]:
    def rank(tweet: str) -> list[str]:
        found = matching.match_text(store, text=tweet, limit=5)
        return [m.url.removeprefix("clef:") for m in found if m.url]

    return rank


def bm25_baseline(claims: dict[str, str]) -> Callable[[str], list[str]]:
    from rank_bm25 import BM25Okapi

    ids = list(claims)
    index = BM25Okapi([_WORD.findall(claims[i].lower()) for i in ids])

    def rank(tweet: str) -> list[str]:
        got = index.get_scores(_WORD.findall(tweet.lower()))
        best = sorted(range(len(ids)), key=lambda n: -got[n])[:5]
        return [ids[n] for n in best]

    return rank


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", type=Path, help="the unzipped v3.0 folder")
    parser.add_argument("--split", default="dev", choices=["dev", "train"])
    args = parser.parse_args(argv)
    claims = read_tsv(args.data / "verified_claims.docs.tsv")
    tweets = read_tsv(args.data / args.split / "tweets.queries.tsv")
    relevant = read_qrels(args.data / args.split / "tweet-vclaim-pairs.qrels")
    tweets = {q: t for q, t in tweets.items() if q in relevant}
    print(f"{len(claims)} verified claims, {len(tweets)} {args.split} tweets")

    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/clef.db"
        plain = Store(url)
        migrate.upgrade(plain, "head")
        plain.close()
        store = open_store(url)
        checks = [
            matching.FactCheckIn(claim_reviewed=text, url=f"clef:{cid}")
            for cid, text in claims.items()
        ]
        matching.add_fact_checks(store, checks=checks)
        results = {
            "factcheck (FTS5 bm25 + rapidfuzz)": timed(ours(store), tweets),
            "BM25 baseline (rank-bm25 Okapi)": timed(bm25_baseline(claims), tweets),
        }
        store.close()
    print(f"{'':36} {'MAP@5':>7} {'MRR@5':>7} {'P@1':>7} {'ms/tweet':>9}")
    for name, (ranked, median) in results.items():
        map5, mrr, p1 = scores(ranked, relevant)
        print(f"{name:36} {map5:7.3f} {mrr:7.3f} {p1:7.3f} {median * 1000:9.1f}")


if __name__ == "__main__":
    main()
