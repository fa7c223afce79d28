"""Store an extraction: one source and its claims, all or nothing, idempotent.

A source is keyed by the hash of its normalised text, so ingesting the same
article again writes nothing and reports the existing source. That also makes
a batch resumable after a crash: a kill can land after a commit but before it
is reported, and the next run simply skips what is already there.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
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
    from factcheck.inputs import FetchOptions, InputFormat, LoadedArticle, Provenance
    from factcheck.store.revisions import RevisionOutcome
    from factcheck.store.sources import SourceClaim

_COMPARED_FIELDS = ("title", "url", "publisher", "author", "published", "updated", "language")
"""Metadata compared when the same text comes again (provenance is not: a refetch differs)."""


@dataclass(frozen=True)
class IngestResult:
    """What ingesting one article did."""

    source_id: int
    claim_count: int
    created: bool
    differing: tuple[str, ...] = ()
    """Metadata fields this input gives differently from the stored source (not written)."""
    revision: RevisionOutcome | None = None
    """Set when the text is a new revision of a stored article (same URL or ``revision_of``)."""

    def describe(self) -> str:
        if self.created and self.revision is not None:
            return (
                f"ingested as source {self.source_id} ({self.claim_count} claims), "
                f"{self.revision.describe()}"
            )
        if self.created:
            return f"ingested as source {self.source_id} ({self.claim_count} claims)"
        line = f"already ingested as source {self.source_id} ({self.claim_count} claims)"
        if self.differing:
            flags = " ".join(f"--{name} …" for name in self.differing)
            plural = len(self.differing) > 1
            line += (
                f"; its stored {', '.join(self.differing)} "
                f"{'differ' if plural else 'differs'} from this input's and "
                f"{'were' if plural else 'was'} kept: change "
                f"{'them' if plural else 'it'} with "
                f"`factcheck sources edit {self.source_id} {flags}`"
            )
        return line


def ingest(
    store: Store,
    extraction: Extraction,
    *,
    provenance: Provenance | None = None,
    revision_of: int | None = None,
) -> IngestResult:
    """Store ``extraction`` in one transaction unless its text is already stored.

    ``provenance`` (from :func:`factcheck.inputs.load_article`) is stored with
    the source: raw page hash, final URL, fetch time, and the raw page if kept.
    When the text is already stored nothing is written, and the result names
    the metadata fields this input gives differently. New text whose URL is
    that of a stored article, or given ``revision_of`` (any revision's source
    id), becomes the article's next revision, reviews carried over
    (:mod:`factcheck.store.revisions`) in the same transaction.
    """
    _check_storable(extraction)
    content_hash = extraction.article.content_hash
    meta = extraction.article.meta
    try:
        with store.write() as session:
            existing = _compared(session, _existing(session, content_hash), meta)
            if existing is not None:
                return existing
            previous = _previous_revision(session, meta, revision_of)
            source = _source_row(extraction, content_hash, provenance)
            session.add(source)
            session.flush()
            if extraction.claims:
                rows = [_claim_values(source.id, claim) for claim in extraction.claims]
                # render_nulls: rows whose None values differ stay one multi-row INSERT
                # (the ORM otherwise omits None keys and splits the batch by them).
                session.execute(insert(ClaimRow).execution_options(render_nulls=True), rows)
            revision = None
            if previous is not None:
                from factcheck.store.revisions import make_revision

                revision = make_revision(session, previous=previous, source=source)
            _suggest_matches(session, source.id)
            return IngestResult(
                source.id, len(extraction.claims), created=True, revision=revision
            )
    except IntegrityError:
        # Another process stored the same text between our check and our insert.
        with store.read() as session:
            existing = _compared(session, _existing(session, content_hash), meta)
        if existing is None:
            raise
        return existing


def _previous_revision(
    session: Session, meta: SourceMeta, revision_of: int | None
) -> SourceRow | None:
    """The stored revision this text follows: ``revision_of``'s latest, or the URL's."""
    if revision_of is None and meta.url is None:
        return None
    from factcheck.store.revisions import head_for_url, head_of

    if revision_of is not None:
        return head_of(session, revision_of)
    assert meta.url is not None
    return head_for_url(session, meta.url)


def _suggest_matches(session: Session, source_id: int) -> None:
    """Store "checked before?" suggestions for the new claims (factcheck.store.matching)."""
    from factcheck.store.matching import suggest_for_source  # rapidfuzz only when ingesting

    suggest_for_source(session, source_id=source_id)


def find_source(
    store: Store, content_hash: str, *, meta: SourceMeta | None = None
) -> IngestResult | None:
    """The stored source with this content hash, looked up without taking a write lock.

    With ``meta``, the result names the fields whose stored value differs.
    """
    with store.read() as session:
        return _compared(session, _existing(session, content_hash), meta)


def _check_storable(extraction: Extraction) -> None:
    """Refuse text no database stores faithfully, even from unvalidated models.

    Extractions built with ``model_construct`` skip the model validators; this
    re-runs the cheap text check on every string before anything is written.
    """
    article = extraction.article
    meta = article.meta
    strings = [article.text, meta.title, meta.url, meta.publisher, meta.author, meta.language]
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


def _compared(
    session: Session, found: IngestResult | None, meta: SourceMeta | None
) -> IngestResult | None:
    """``found`` naming the fields ``meta`` sets to something other than what is stored."""
    if found is None or meta is None:
        return found
    columns = [getattr(SourceRow, name) for name in _COMPARED_FIELDS]
    row = session.execute(select(*columns).where(SourceRow.id == found.source_id)).one()
    stored = dict(zip(_COMPARED_FIELDS, row, strict=True))
    differing = tuple(
        name for name in _COMPARED_FIELDS
        if getattr(meta, name) is not None and getattr(meta, name) != stored[name]
    )
    return replace(found, differing=differing) if differing else found


def _source_row(
    extraction: Extraction, content_hash: str, provenance: Provenance | None
) -> SourceRow:
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
        updated=meta.updated,
        language=meta.language,
        input_format=provenance.input_format if provenance else None,
        fetched_url=provenance.final_url if provenance else None,
        fetched_at=provenance.fetched_at if provenance else None,
        raw_sha256=provenance.raw_sha256 if provenance else None,
        raw_page=provenance.raw if provenance else None,
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


# --- inputs: files, URLs, standard input ---------------------------------------


@dataclass(frozen=True)
class FileOutcome:
    """What ingesting one input (file, URL or -) did: a result, or why it was refused."""

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
        shown: dict[str, object] = {
            "file": self.path,
            "source_id": result.source_id if result else None,
            "claims": result.claim_count if result else None,
            "created": result.created if result else None,
            "metadata_differs": list(result.differing) if result else None,
            "error": self.error,
        }
        revision = _revision_json(result)
        if revision is not None:  # only for a new revision: other lines keep their shape
            shown["revision"] = revision
        return shown


def _revision_json(result: IngestResult | None) -> dict[str, object] | None:
    if result is None or result.revision is None:
        return None
    revision = result.revision
    return {
        "revision": revision.revision,
        "previous_source_id": revision.previous_id,
        "outcomes": revision.counts,
        "removed_approved": list(revision.removed_approved),
    }


def ingest_inputs(
    store: Store,
    inputs: Sequence[str | Path],
    *,
    input_format: InputFormat | None = None,
    meta: SourceMeta | None = None,
    options: FetchOptions | None = None,
    keep_raw: bool = False,
    revision_of: int | None = None,
    on_outcome: Callable[[FileOutcome], None] | None = None,
) -> list[FileOutcome]:
    """Read, extract and store each input, one transaction each, continuing past bad ones.

    An input is a URL, an HTML or text file, or ``"-"`` for standard input
    (see :func:`factcheck.inputs.load_article`). One that cannot be read,
    fetched or extracted is reported in its outcome and writes nothing; the
    others are still ingested, so fixing the bad one and running the same
    command again completes the batch (already stored texts are skipped by
    their content hash). Database failures are not per-input and stop the
    batch. ``on_outcome`` is called after each input's transaction has
    committed, so a report never runs ahead of the database.
    """
    outcomes = []
    for item in inputs:
        outcome = _ingest_one(
            store, item, input_format=input_format, meta=meta, options=options,
            keep_raw=keep_raw, revision_of=revision_of,
        )
        outcomes.append(outcome)
        if on_outcome is not None:
            on_outcome(outcome)
    return outcomes


def ingest_files(
    store: Store,
    paths: Sequence[str | Path],
    *,
    meta: SourceMeta | None = None,
    on_outcome: Callable[[FileOutcome], None] | None = None,
) -> list[FileOutcome]:
    """:func:`ingest_inputs` with detected formats and default limits (kept for callers)."""
    return ingest_inputs(store, paths, meta=meta, on_outcome=on_outcome)


def ingest_loaded(
    store: Store, loaded: LoadedArticle, *, revision_of: int | None = None
) -> IngestResult:
    """Store an article from :func:`factcheck.inputs.load_article`, skipping stored text.

    The lookup takes no write lock and skips extraction when the text is stored.
    """
    from factcheck.text.extract import extract_article

    article = loaded.article
    existing = find_source(store, article.content_hash, meta=article.meta)
    if existing is not None:
        return existing
    return ingest(
        store, extract_article(article), provenance=loaded.provenance, revision_of=revision_of
    )


def _ingest_one(
    store: Store, item: str | Path, *, input_format: InputFormat | None,
    meta: SourceMeta | None, options: FetchOptions | None, keep_raw: bool,
    revision_of: int | None = None,
) -> FileOutcome:
    from factcheck.inputs import load_article

    name = str(item)
    try:
        loaded = load_article(
            item, input_format=input_format, meta=meta, options=options, keep_raw=keep_raw
        )
        return FileOutcome(name, result=ingest_loaded(store, loaded, revision_of=revision_of))
    except InputError as exc:
        message = _one_line(str(exc))
        return FileOutcome(name, error=message if name in message else f"{name}: {message}")
    except ValidationError as exc:
        return FileOutcome(name, error=f"{name}: {_validation_line(exc)}")


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
