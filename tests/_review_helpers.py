"""Claims and people for review-workflow tests, built without the extractor.

The sample article's claims come from its gold file (sentence spans, kinds,
speakers, cues), so these tests do not depend on the extraction pipeline.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from factcheck.model import (
    Article,
    Attribution,
    AttributionKind,
    Cue,
    ExtractedClaim,
    Extraction,
    SourceMeta,
    Span,
)
from factcheck.store.engine import Store
from factcheck.store.ingest import ingest

GOLD = Path(__file__).parent / "data" / "gold"
SAMPLE_NAME = "nba-ant-group-2023-02-21"


def gold_extraction() -> Extraction:
    """The sample article with its gold sentences as claims."""
    text = (GOLD / f"{SAMPLE_NAME}.txt").read_text(encoding="utf-8")
    gold = json.loads((GOLD / f"{SAMPLE_NAME}.gold.json").read_text(encoding="utf-8"))
    claims = [_gold_claim(text, ordinal, item) for ordinal, item in enumerate(gold["sentences"])]
    meta = SourceMeta(
        title="NBA and Ant Group announce collaboration", url="https://example.org/nba"
    )
    return Extraction(article=Article(text=text, meta=meta), claims=claims)


def _gold_claim(text: str, ordinal: int, item: dict[str, Any]) -> ExtractedClaim:
    start, end = item["start"], item["end"]
    cue = None
    if item.get("cue"):
        at = text.find(item["cue"], start, end)
        if at >= 0:
            cue = Cue(text=item["cue"], start=at, end=at + len(item["cue"]))
    return ExtractedClaim(
        ordinal=ordinal,
        text=text[start:end],
        span=Span(start=start, end=end),
        paragraph=text.count("\n\n", 0, start),
        attribution=Attribution(
            kind=AttributionKind(item["kind"][0]),
            speaker=item.get("source"),
            cue=cue,
            rule="gold",
            confidence=1.0,
        ),
        hedges=list(item.get("hedges", [])),
    )


def synthetic_extraction(count: int, *, tag: str = "race") -> Extraction:
    """An article of ``count`` one-line sentences, each a claim."""
    sentences = [f"The {tag} figure number {n} rose by {n} percent." for n in range(count)]
    text = " ".join(sentences)
    claims, offset = [], 0
    for ordinal, sentence in enumerate(sentences):
        claims.append(
            ExtractedClaim(
                ordinal=ordinal,
                text=sentence,
                span=Span(start=offset, end=offset + len(sentence)),
                paragraph=0,
                attribution=Attribution(kind=AttributionKind.REPORTER_ASSERTION, rule="test"),
            )
        )
        offset += len(sentence) + 1
    return Extraction(article=Article(text=text), claims=claims)


def ingest_sample(store: Store) -> list[int]:
    """Ingest the sample article; the claim row ids in sentence order."""
    from sqlalchemy import select

    from factcheck.store.tables import ClaimRow

    result = ingest(store, gold_extraction())
    with store.read() as session:
        return list(
            session.scalars(
                select(ClaimRow.id)
                .where(ClaimRow.source_id == result.source_id)
                .order_by(ClaimRow.ordinal)
            )
        )


# --- people, CLI runs and database facts -----------------------------------------

PEOPLE = {
    "chief": "admin",
    "alice": "reviewer",
    "bob": "reviewer",
    "erin": "editor",
    "ed": "editor",
}


def add_people(store: Store) -> None:
    """chief (admin), alice and bob (reviewers), erin and ed (editors)."""
    from factcheck.model import Role
    from factcheck.store.people import add_reviewer

    for handle, role in PEOPLE.items():
        add_reviewer(
            store, handle=handle, role=Role(role), by=None if handle == "chief" else "chief"
        )


def run_cli(url: str, *args: str, actor: str | None = None, input: str | None = None) -> Any:
    """Run ``factcheck --db URL [--as ACTOR] ARGS`` in-process; the click Result."""
    from click.testing import CliRunner

    from factcheck.cli.main import cli

    prefix = ["--db", url] + (["--as", actor] if actor else [])
    return CliRunner().invoke(cli, [*prefix, *args], input=input, catch_exceptions=False)


def claim_facts(store: Store, claim_id: int) -> tuple[int, str, str, int, int]:
    """(version, state, status, events, evidence links): what a refusal must not change."""
    from sqlalchemy import func, select

    from factcheck.store.tables import ClaimRow, EvidenceRow, ReviewEventRow

    with store.read() as session:
        claim = session.get_one(ClaimRow, claim_id)
        events = session.scalar(select(func.count()).where(ReviewEventRow.claim_id == claim_id))
        links = session.scalar(select(func.count()).where(EvidenceRow.claim_id == claim_id))
        return (
            claim.version,
            claim.review_state,
            claim.evidence_status,
            int(events or 0),
            int(links or 0),
        )


def total_events(store: Store) -> int:
    from sqlalchemy import func, select

    from factcheck.store.tables import ReviewEventRow

    with store.read() as session:
        return int(session.scalar(select(func.count()).select_from(ReviewEventRow)) or 0)


def bring_to(store: Store, claim_id: int, state: str, *, proposer: str = "alice") -> None:
    """Walk a pending claim to ``state`` through the library (as alice, erin, chief)."""
    from factcheck.model import EvidenceIn, EvidenceStatus, Stance
    from factcheck.store import review

    if state == "pending":
        return
    if state == "dismissed":
        review.dismiss(store, claim_id=claim_id, by="erin", reason="not a claim")
        return
    review.take(store, claim_id=claim_id, by=proposer)
    if state == "in_review":
        return
    review.mark(store, claim_id=claim_id, by=proposer, status=EvidenceStatus.SUPPORTED, note="ok")
    link = EvidenceIn(url=f"https://example.org/{claim_id}", stance=Stance.SUPPORTS)
    review.add_evidence(store, claim_id=claim_id, by=proposer, evidence=link)
    review.propose(store, claim_id=claim_id, by=proposer)
    if state == "proposed":
        return
    review.approve(store, claim_id=claim_id, by="erin" if proposer != "erin" else "ed")


@contextmanager
def fresh_database(backend: str, folder: Path) -> Iterator[Store]:
    """A migrated, open store on a new SQLite file or PostgreSQL database.

    For module-scoped fixtures (conftest's ``store`` is per test): tests that
    only read, or whose refusals must change nothing, can share one.
    """
    from conftest import _admin_execute, postgres_server_url
    from sqlalchemy.engine import make_url

    from factcheck.store import migrate
    from factcheck.store.engine import open_store

    drop = None
    if backend == "sqlite":
        url = f"sqlite:///{folder / 'shared.db'}"
    else:
        server = postgres_server_url()
        drop = f"factcheck_test_{uuid.uuid4().hex[:12]}"
        _admin_execute(server, f'CREATE DATABASE "{drop}"')
        url = make_url(server).set(database=drop).render_as_string(hide_password=False)
    bare = Store(url)
    migrate.upgrade(bare, "head")
    bare.close()
    store = open_store(url)
    try:
        yield store
    finally:
        store.close()
        if drop:
            _admin_execute(postgres_server_url(), f'DROP DATABASE IF EXISTS "{drop}" WITH (FORCE)')
