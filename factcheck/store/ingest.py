"""Store an extraction: one source and its claims, all or nothing, idempotent.

A source is keyed by the hash of its normalised text, so ingesting the same
article again writes nothing and reports the existing source. That also makes
a batch resumable after a crash: a kill can land after a commit but before it
is reported, and the next run simply skips what is already there.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import ValidationError
from sqlalchemy import func, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from factcheck.errors import InputError
from factcheck.model import (
    EvidenceStatus,
    ExtractedClaim,
    Extraction,
    ReviewState,
    SourceMeta,
    check_storable_text,
)
from factcheck.store.engine import Store
from factcheck.store.tables import ClaimRow, SourceRow, utcnow

if TYPE_CHECKING:
    from factcheck.store.sources import SourceClaim


@dataclass(frozen=True)
class IngestResult:
    """What ingesting one article did."""

    source_id: int
    claim_count: int
    created: bool

    def describe(self) -> str:
        if self.created:
            return f"ingested as source {self.source_id} ({self.claim_count} claims)"
        return f"already ingested as source {self.source_id} ({self.claim_count} claims)"


def ingest(store: Store, extraction: Extraction) -> IngestResult:
    """Store ``extraction`` in one transaction unless its text is already stored."""
    _check_storable(extraction)
    content_hash = extraction.article.content_hash
    try:
        with store.write() as session:
            existing = _existing(session, content_hash)
            if existing is not None:
                return existing
            source = _source_row(extraction, content_hash)
            session.add(source)
            session.flush()
            if extraction.claims:
                rows = [_claim_values(source.id, claim) for claim in extraction.claims]
                # render_nulls: rows whose None values differ stay one multi-row INSERT
                # (the ORM otherwise omits None keys and splits the batch by them).
                session.execute(insert(ClaimRow).execution_options(render_nulls=True), rows)
            return IngestResult(source.id, len(extraction.claims), created=True)
    except IntegrityError:
        # Another process stored the same text between our check and our insert.
        with store.read() as session:
            existing = _existing(session, content_hash)
        if existing is None:
            raise
        return existing


def find_source(store: Store, content_hash: str) -> IngestResult | None:
    """The stored source with this content hash, looked up without taking a write lock."""
    with store.read() as session:
        return _existing(session, content_hash)


def _check_storable(extraction: Extraction) -> None:
    """Refuse text no database stores faithfully, even from unvalidated models.

    Extractions built with ``model_construct`` skip the model validators; this
    re-runs the cheap text check on every string before anything is written.
    """
    article = extraction.article
    meta = article.meta
    strings = [article.text, meta.title, meta.url, meta.publisher, meta.author]
    for claim in extraction.claims:
        cue = claim.attribution.cue
        strings += [claim.text, claim.attribution.speaker, claim.attribution.speaker_title,
                    cue.text if cue else None, *claim.hedges]
    try:
        for value in strings:
            if value is not None:
                check_storable_text(value)
    except ValueError as exc:
        raise InputError(f"article not stored: {exc}") from None


def _existing(session: Session, content_hash: str) -> IngestResult | None:
    source_id = session.scalar(select(SourceRow.id).where(SourceRow.content_hash == content_hash))
    if source_id is None:
        return None
    count = session.scalar(select(func.count()).where(ClaimRow.source_id == source_id)) or 0
    return IngestResult(source_id, count, created=False)


def _source_row(extraction: Extraction, content_hash: str) -> SourceRow:
    meta = extraction.article.meta
    return SourceRow(
        kind=meta.kind.value,
        title=meta.title,
        url=meta.url,
        publisher=meta.publisher,
        author=meta.author,
        published=meta.published,
        content_hash=content_hash,
        text=extraction.article.text,
    )


def _claim_values(source_id: int, claim: ExtractedClaim) -> dict[str, object]:
    """One claim row as column values, for a single multi-row INSERT per article."""
    attribution = claim.attribution
    cue = attribution.cue
    now = utcnow()
    return {
        "source_id": source_id,
        "ordinal": claim.ordinal,
        "text": claim.text,
        "span_start": claim.span.start,
        "span_end": claim.span.end,
        "paragraph": claim.paragraph,
        "attribution_kind": attribution.kind.value,
        "speaker": attribution.speaker,
        "speaker_title": attribution.speaker_title,
        "cue_text": cue.text if cue else None,
        "cue_start": cue.start if cue else None,
        "cue_end": cue.end if cue else None,
        "attribution_rule": attribution.rule,
        "attribution_confidence": attribution.confidence,
        "hedges": list(claim.hedges),
        "evidence_status": EvidenceStatus.UNVERIFIED.value,
        "review_state": ReviewState.PENDING.value,
        "version": 1,
        "created_at": now,
        "updated_at": now,
    }


# --- files ------------------------------------------------------------------


@dataclass(frozen=True)
class FileOutcome:
    """What ingesting one file did: a result, or the one-line reason it was refused."""

    path: str
    result: IngestResult | None = None
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None

    def describe(self) -> str:
        if self.result is None:
            return f"{self.error}"
        return f"{self.path}: {self.result.describe()}"

    def as_json(self) -> dict[str, object]:
        result = self.result
        return {
            "file": self.path,
            "source_id": result.source_id if result else None,
            "claims": result.claim_count if result else None,
            "created": result.created if result else None,
            "error": self.error,
        }


def ingest_files(
    store: Store,
    paths: Sequence[str | Path],
    *,
    meta: SourceMeta | None = None,
    on_outcome: Callable[[FileOutcome], None] | None = None,
) -> list[FileOutcome]:
    """Extract and store each file, one transaction per file, continuing past bad files.

    A file that cannot be read or extracted is reported in its outcome and
    writes nothing; the other files are still ingested, so fixing the bad one
    and running the same command again completes the batch (already stored
    files are skipped by their content hash). Database failures are not
    per-file and stop the batch. ``on_outcome`` is called after each file's
    transaction has committed, so a report never runs ahead of the database.
    """
    outcomes = []
    for path in paths:
        outcome = _ingest_file(store, path, meta=meta)
        outcomes.append(outcome)
        if on_outcome is not None:
            on_outcome(outcome)
    return outcomes


def _ingest_file(store: Store, path: str | Path, *, meta: SourceMeta | None) -> FileOutcome:
    """Read, skip if stored (no write lock, no extraction), else extract and store."""
    from factcheck.text.extract import extract_article
    from factcheck.text.reader import read_article

    try:
        article = read_article(path, meta=meta)
        existing = find_source(store, article.content_hash)
        if existing is not None:
            return FileOutcome(str(path), result=existing)
        return FileOutcome(str(path), result=ingest(store, extract_article(article)))
    except InputError as exc:
        return FileOutcome(str(path), error=f"{path}: {_one_line(str(exc))}"
                           if str(path) not in str(exc) else _one_line(str(exc)))
    except ValidationError as exc:
        return FileOutcome(str(path), error=f"{path}: {_validation_line(exc)}")


def ingest_sample(store: Store) -> tuple[IngestResult, list[SourceClaim]]:
    """Ingest the bundled sample article and return its stored claims (``factcheck demo``)."""
    from factcheck.resources import sample_article_path
    from factcheck.store.sources import source_claims
    from factcheck.text.extract import extract_file

    result = ingest(store, extract_file(sample_article_path()))
    return result, source_claims(store, source_id=result.source_id)


def _one_line(message: str) -> str:
    return " ".join(message.strip().split("\n")[:1])


def _validation_line(exc: ValidationError) -> str:
    first = exc.errors()[0]
    where = ".".join(str(part) for part in first.get("loc", ())) or "text"
    return f"cannot be stored: {where}: {first.get('msg')}"
