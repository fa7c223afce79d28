"""Claims in every review state, built through the real workflow, for export/import tests.

Two small hand-written articles whose sentences are the claims (no extractor
involved, so the fixtures do not move when the tagger improves), reviewed
with :mod:`factcheck.store.review` by three people: an admin, a reviewer and
an editor (four eyes).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from factcheck.model import (
    Article,
    Attribution,
    AttributionKind,
    Cue,
    EvidenceIn,
    EvidenceStatus,
    ExtractedClaim,
    Extraction,
    Role,
    SourceKind,
    SourceMeta,
    Span,
    Stance,
)
from factcheck.store.engine import Store

PINNED = "2024-06-01T12:00:00Z"
PINNED_AT = dt.datetime(2024, 6, 1, 12, 0, tzinfo=dt.UTC)

BUDGET = (
    "Minister says budget will grow\n\n"
    "The budget will grow by 4 percent next year, Finance Minister Ana Lima said on Monday. "
    "“We will not raise taxes,” Lima told reporters.\n\n"
    "The city of Portown has 120,000 residents. "
    "Officials reportedly plan to close two hospitals, "
    "according to a source familiar with the plan.\n\n"
    "Acme Corp said in a press release that its profits doubled.\n"
)
BUDGET_META = SourceMeta(
    kind=SourceKind.NEWS_ARTICLE,
    title="Minister says budget will grow",
    url="https://news.example.org/2024/05/budget",
    publisher="The Example Times",
    author="Jo Writer",
    published=dt.date(2024, 5, 20),
)
# (sentence start text, kind, speaker, speaker title, cue, hedges)
BUDGET_CLAIMS = [
    (
        "The budget will grow",
        AttributionKind.INDIRECT_QUOTE,
        "Ana Lima",
        "Finance Minister",
        "said",
        [],
    ),
    ("“We will not", AttributionKind.DIRECT_QUOTE, "Ana Lima", None, "told", []),
    ("The city of Portown", AttributionKind.REPORTER_ASSERTION, None, None, None, []),
    (
        "Officials reportedly",
        AttributionKind.UNNAMED_SOURCE,
        None,
        None,
        "according to",
        ["reportedly"],
    ),
    (
        "Acme Corp said",
        AttributionKind.PRESS_RELEASE,
        "Acme Corp",
        None,
        "said in a press release",
        [],
    ),
]

HARBOUR = (
    "Harbour reopens\n\n"
    "The harbour reopened on Friday after a two-week closure. "
    "Port director Sam Reyes said traffic was back to normal.\n"
)
HARBOUR_META = SourceMeta(title="Harbour reopens", published=dt.date(2023, 11, 3))
HARBOUR_CLAIMS = [
    ("The harbour reopened", AttributionKind.REPORTER_ASSERTION, None, None, None, []),
    ("Port director", AttributionKind.INDIRECT_QUOTE, "Sam Reyes", "Port director", "said", []),
]


def _sentence_end(text: str, start: int) -> int:
    ends = [text.find(mark, start) for mark in (". ", ".\n", "” ")]
    end = min(e for e in ends if e >= 0)
    return end + 1


def build_extraction(text: str, meta: SourceMeta, specs: list[tuple[Any, ...]]) -> Extraction:
    """An extraction whose claims are the sentences starting with each spec's text."""
    claims = []
    for ordinal, (opening, kind, speaker, title, cue_text, hedges) in enumerate(specs):
        start = text.index(opening)
        end = _sentence_end(text, start + len(opening))
        cue = None
        if cue_text:
            at = text.index(cue_text, start)
            cue = Cue(text=cue_text, start=at, end=at + len(cue_text))
        claims.append(
            ExtractedClaim(
                ordinal=ordinal,
                text=text[start:end],
                span=Span(start=start, end=end),
                paragraph=text.count("\n\n", 0, start) - 1,
                attribution=Attribution(
                    kind=kind,
                    speaker=speaker,
                    speaker_title=title,
                    cue=cue,
                    rule="test",
                    confidence=0.75,
                ),
                hedges=hedges,
            )
        )
    return Extraction(article=Article(text=text, meta=meta), claims=claims)


def budget_extraction() -> Extraction:
    return build_extraction(BUDGET, BUDGET_META, BUDGET_CLAIMS)


def harbour_extraction() -> Extraction:
    return build_extraction(HARBOUR, HARBOUR_META, HARBOUR_CLAIMS)


def add_people(store: Store) -> None:
    """An admin (ana), a reviewer (rita) and an editor (ed)."""
    from factcheck.store.people import add_reviewer

    add_reviewer(store, handle="ana", role=Role.ADMIN)
    add_reviewer(store, handle="rita", role=Role.REVIEWER, by="ana")
    add_reviewer(store, handle="ed", role=Role.EDITOR, by="ana")


def claim_ids(store: Store, source_id: int) -> list[int]:
    from sqlalchemy import select

    from factcheck.store.tables import ClaimRow

    with store.read() as session:
        return list(
            session.scalars(
                select(ClaimRow.id)
                .where(ClaimRow.source_id == source_id)
                .order_by(ClaimRow.ordinal)
            )
        )


def verify_claim(
    store: Store, claim_id: int, status: EvidenceStatus, *, approve: bool = True, evidence: int = 1
) -> None:
    """Take, mark, attach evidence, propose (rita) and approve (ed) one claim."""
    from factcheck.store import review

    review.take(store, claim_id=claim_id, by="rita")
    review.mark(store, claim_id=claim_id, by="rita", status=status, note=f"checked: {status.value}")
    for n in range(evidence):
        stance = Stance.REFUTES if status is EvidenceStatus.REFUTED else Stance.SUPPORTS
        link = EvidenceIn(
            url=f"https://evidence.example.org/{claim_id}/{n}", stance=stance, title=f"Source {n}"
        )
        review.add_evidence(store, claim_id=claim_id, by="rita", evidence=link)
    review.propose(store, claim_id=claim_id, by="rita")
    if approve:
        review.approve(store, claim_id=claim_id, by="ed")


def seed(store: Store) -> dict[str, list[int]]:
    """Both articles ingested and reviewed:

    budget: 0 supported+approved (2 links), 1 refuted+approved, 2 mixed+approved,
    3 unverifiable proposed (not approved), 4 pending; harbour: 0 supported+approved,
    1 in review.
    """
    from factcheck.store import review
    from factcheck.store.ingest import ingest

    add_people(store)
    budget = claim_ids(store, ingest(store, budget_extraction()).source_id)
    harbour = claim_ids(store, ingest(store, harbour_extraction()).source_id)
    verify_claim(store, budget[0], EvidenceStatus.SUPPORTED, evidence=2)
    verify_claim(store, budget[1], EvidenceStatus.REFUTED)
    verify_claim(store, budget[2], EvidenceStatus.MIXED)
    verify_claim(store, budget[3], EvidenceStatus.UNVERIFIABLE, approve=False, evidence=0)
    verify_claim(store, harbour[0], EvidenceStatus.SUPPORTED)
    review.take(store, claim_id=harbour[1], by="rita")
    return {"budget": budget, "harbour": harbour}


def export_text(store: Store, tmp_path: Path, name: str = "out.json", **options: Any) -> str:
    """Export to a file under ``tmp_path`` and return its text."""
    from factcheck.exchange.export import export

    target = tmp_path / name
    options.setdefault("generated_at", PINNED_AT)
    export(store, output=target, force=True, **options)
    return target.read_text(encoding="utf-8")


def export_document(store: Store, tmp_path: Path, **options: Any) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(export_text(store, tmp_path, **options))
    return document
