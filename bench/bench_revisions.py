"""What a revision costs next to a fresh ingest: re-anchoring N revisions of 30-sentence articles.

Re-ingesting an updated article must not be noticeably slower than ingesting
it new. For each of N generated 30-sentence articles, revision 1 is stored
under its URL; then the edited text (a typo fixed, a sentence inserted, one
deleted, a paragraph moved, a quote reworded, a correction appended) is
ingested twice, interleaved, in the same run:

    as revision 2 of that URL (extract + re-anchor + carry-over, one transaction)
    fresh, under another URL, into a second database (extract + one transaction)

Target: median time per revision <= 1.5 x the fresh ingest of the same text.
Every 10th article has 3 claims reviewed to approval first, so carry-over
copies real histories (events re-hashed, evidence links). Also printed: the
re-anchoring alone (pure function) per revision, and that the outcomes are
the expected ones (counted over all revisions).

Usage::

    .venv/bin/python bench/bench_revisions.py            # 1,000 revisions
    .venv/bin/python bench/bench_revisions.py --count 200
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

TARGET = 1.5


def article(number: int) -> str:
    """A 30-sentence news-like article, 6 paragraphs; distinct numbers give distinct texts."""
    sentences = []
    for index in range(30):
        kind = index % 3
        if kind == 0:
            sentences.append(
                f"\u201cProject {number}-{index} will change the district,\u201d said "
                f"Mayor Jane Doe{number}."
            )
        elif kind == 1:
            sentences.append(
                f"The council approved {number * 7 + index} new permits for ward {index} on "
                "Monday."
            )
        else:
            sentences.append(
                f"Officials said spending in district {number} rose by {index} percent "
                f"last year, item {index}."
            )
    paragraphs = [" ".join(sentences[i : i + 5]) for i in range(0, 30, 5)]
    return "\n\n".join(paragraphs) + "\n"


def revised(number: int) -> str:
    """The article edited six ways at once."""
    paragraphs = article(number).rstrip("\n").split("\n\n")
    paragraphs[1], paragraphs[2] = paragraphs[2], paragraphs[1]  # paragraph moved
    text = "\n\n".join(paragraphs)
    text = text.replace(  # a one-letter edit (a typo)
        "rose by 2 percent last year, item 2.", "rose by 2 percent last yeer, item 2."
    )
    text = text.replace("for ward 4 on Monday.", "for ward 4 on Monday. The vote was 5 to 2.")
    text = text.replace(
        f"The council approved {number * 7 + 7} new permits for ward 7 on Monday. ", ""
    )
    text = text.replace(
        f"\u201cProject {number}-{12} will change the district,\u201d",
        f"\u201cProject {number}-{12} will change the whole district for good,\u201d",
    )
    return text + "\n\nCorrection: an earlier version misstated the permit count.\n"


def people(store: object) -> None:
    """An admin, a reviewer and an editor: enough for a two-person approval."""
    from factcheck.model import Role
    from factcheck.store.people import add_reviewer

    add_reviewer(store, handle="chief", role=Role.ADMIN, by=None)  # type: ignore[arg-type]
    add_reviewer(store, handle="alice", role=Role.REVIEWER, by="chief")  # type: ignore[arg-type]
    add_reviewer(store, handle="erin", role=Role.EDITOR, by="chief")  # type: ignore[arg-type]


def approve_some(store: object, source_id: int, how_many: int) -> None:
    """Review the first ``how_many`` claims of a source to approval, with evidence."""
    from factcheck.model import EvidenceIn, EvidenceStatus, Stance
    from factcheck.store import review
    from factcheck.store.sources import source_claims

    for claim in source_claims(store, source_id=source_id)[:how_many]:  # type: ignore[arg-type]
        cid = claim.id
        review.take(store, claim_id=cid, by="alice")  # type: ignore[arg-type]
        review.mark(store, claim_id=cid, by="alice",  # type: ignore[arg-type]
                    status=EvidenceStatus.SUPPORTED, note="checked")
        review.add_evidence(store, claim_id=cid, by="alice",  # type: ignore[arg-type]
                            evidence=EvidenceIn(url=f"https://example.org/e/{cid}",
                                                stance=Stance.SUPPORTS))
        review.propose(store, claim_id=cid, by="alice")  # type: ignore[arg-type]
        review.approve(store, claim_id=cid, by="erin")  # type: ignore[arg-type]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=1000)
    count = parser.parse_args().count

    from factcheck.model import SourceMeta
    from factcheck.store.engine import open_store
    from factcheck.store.ingest import ingest
    from factcheck.text.anchor import Span, reanchor
    from factcheck.text.extract import extract

    revision_times: list[float] = []
    fresh_times: list[float] = []
    anchor_times: list[float] = []
    outcomes: Counter[str] = Counter()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        store = open_store(f"sqlite:///{folder / 'revisions.db'}")
        fresh = open_store(f"sqlite:///{folder / 'fresh.db'}")
        people(store)
        for number in range(count):
            url = f"https://example.org/news/{number}"
            first = ingest(store, extract(article(number), meta=SourceMeta(url=url)))
            if number % 10 == 0:
                approve_some(store, first.source_id, 3)
            text = revised(number)
            start = time.perf_counter()
            fresh_result = ingest(
                fresh, extract(text, meta=SourceMeta(url=url + "/fresh"))
            )
            fresh_times.append(time.perf_counter() - start)
            start = time.perf_counter()
            result = ingest(store, extract(text, meta=SourceMeta(url=url)))
            revision_times.append(time.perf_counter() - start)
            assert result.revision is not None and fresh_result.created
            outcomes.update(result.revision.counts)
            old, new = extract(article(number)).claims, extract(text).claims
            start = time.perf_counter()
            reanchor(
                old_text=article(number),
                old=[Span(c.ordinal, c.text, c.span.start, c.span.end) for c in old],
                new_text=text,
                new=[Span(c.ordinal, c.text, c.span.start, c.span.end) for c in new],
            )
            anchor_times.append(time.perf_counter() - start)
        from factcheck.store.audit import verify

        report = verify(store)
        store.close()
        fresh.close()
    per_revision = statistics.median(revision_times)
    per_fresh = statistics.median(fresh_times)
    ratio = per_revision / per_fresh
    print(f"revisions: {count} of 30-sentence articles (every 10th with 3 approved claims)")
    print(f"outcomes over all revisions: {dict(sorted(outcomes.items()))}")
    print(f"fresh ingest of the revised text: median {per_fresh * 1000:.1f} ms")
    print(f"ingest as a revision:             median {per_revision * 1000:.1f} ms")
    anchoring = statistics.median(anchor_times) * 1000
    print(f"re-anchoring alone:               median {anchoring:.2f} ms")
    print(f"audit verify after all revisions: {'ok' if report.ok else 'BROKEN'} "
          f"({report.events_checked} events)")
    verdict = "PASS" if ratio <= TARGET and report.ok else "FAIL"
    print(f"{verdict}: revision / fresh ingest = {ratio:.2f} (target <= {TARGET})")
    return 0 if verdict == "PASS" else 1


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).parent))
    sys.exit(main())
