"""Building claim-set documents (``schemas/claimset.schema.json``) as plain dicts.

The same document shape serves three uses: ``factcheck export`` (claims under
review or approved, from a database), ``factcheck extract --format json``
(unreviewed claims straight from an article: :func:`extraction_document`), and
``factcheck import``. Plain dicts rather than models because an export builds
a million of them.

Ids are derived from content (:func:`~factcheck.model.stable_source_id`,
:func:`~factcheck.model.stable_claim_id`), never from row numbers, so the same
claim has the same id in every database and a document survives a round trip.
Times are RFC 3339 in UTC with a ``Z``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from factcheck._version import __version__
from factcheck.exchange.anchors import quote_prefix, quote_suffix, utf16_span
from factcheck.model import (
    EvidenceStatus,
    ExtractedClaim,
    Extraction,
    ReviewState,
    stable_claim_id,
    stable_source_id,
)

SCHEMA_VERSION = "1.0"


def iso_datetime(value: dt.datetime) -> str:
    """``value`` in UTC as RFC 3339 text ending in ``Z``."""
    if value.tzinfo is None:
        raise ValueError("naive datetime: factcheck only writes timezone-aware UTC times")
    return value.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


def iso_or_none(value: dt.datetime | None) -> str | None:
    return None if value is None else iso_datetime(value)


def date_or_none(value: dt.date | None) -> str | None:
    return None if value is None else value.isoformat()


def generator() -> dict[str, str]:
    """Who wrote the document: this program and its version."""
    return {"name": "factcheck", "version": __version__}


def envelope(*, generated_at: dt.datetime, filters: dict[str, Any] | None) -> dict[str, Any]:
    """The document's top level without its ``sources`` and ``claims``."""
    return {
        "schema_version": SCHEMA_VERSION,
        "generated_at": iso_datetime(generated_at),
        "generator": generator(),
        "filters": filters,
    }


def target(*, source_id: str, source_text: str, start: int, end: int) -> dict[str, Any]:
    """A W3C Web Annotation target: quote (with context) and position selectors.

    The context either side is whole grapheme clusters, at most 32 UTF-16
    units (see :mod:`factcheck.exchange.anchors`).
    """
    return {
        "source": source_id,
        "selector": [
            {
                "type": "TextQuoteSelector",
                "exact": source_text[start:end],
                "prefix": quote_prefix(source_text, start),
                "suffix": quote_suffix(source_text, end),
            },
            {"type": "TextPositionSelector", "start": start, "end": end},
        ],
    }


def source_document(
    *,
    content_hash: str,
    kind: str,
    title: str | None,
    url: str | None,
    publisher: str | None,
    author: str | None,
    published: dt.date | None,
    retrieved_at: dt.datetime,
    text: str,
    updated: dt.date | None = None,
    language: str | None = None,
    provenance: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """One source as ``schemas/source.schema.json`` describes it.

    ``updated``, ``language`` and ``provenance`` (how a web page was read:
    see :func:`provenance_document`) appear only when known, so documents
    of plain-text sources are as before.
    """
    optional = {"updated": date_or_none(updated), "language": language, "provenance": provenance}
    return {
        "id": stable_source_id(content_hash),
        "kind": kind,
        "title": title,
        "url": url,
        "publisher": publisher,
        "author": author,
        "published": date_or_none(published),
        "retrieved_at": iso_datetime(retrieved_at),
        "content_hash": content_hash,
        "text": text,
        **{key: value for key, value in optional.items() if value is not None},
    }


def provenance_document(
    *,
    input_format: str | None,
    fetched_url: str | None,
    fetched_at: dt.datetime | None,
    raw_sha256: str | None,
) -> dict[str, Any] | None:
    """How a source's text was obtained (None when nothing was recorded)."""
    if input_format is None and fetched_url is None and raw_sha256 is None:
        return None
    return {
        "input_format": input_format,
        "fetched_url": fetched_url,
        "fetched_at": iso_datetime(fetched_at) if fetched_at is not None else None,
        "raw_sha256": raw_sha256,
    }


def attribution_document(
    *,
    kind: str,
    speaker: str | None,
    speaker_title: str | None,
    cue: tuple[str, int, int] | None,
    rule: str,
    confidence: float,
) -> dict[str, Any]:
    """A claim's attribution; ``cue`` is ``(text, start, end)`` or None."""
    return {
        "kind": kind,
        "speaker": speaker,
        "speaker_title": speaker_title,
        "cue": None if cue is None else {"text": cue[0], "start": cue[1], "end": cue[2]},
        "rule": rule,
        "confidence": float(confidence),
    }


def claim_document(
    *,
    content_hash: str,
    source_text: str,
    ordinal: int,
    start: int,
    end: int,
    paragraph: int,
    attribution: dict[str, Any],
    hedges: list[str],
    review: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """One claim as ``schemas/claim.schema.json`` describes it.

    ``review`` holds the review fields (evidence_status, review_state, note,
    evidence, proposed_by/at, approved_by/at, history); without it the claim
    is unreviewed: pending, unverified, no evidence, no history.
    """
    source_id = stable_source_id(content_hash)
    document = {
        "id": stable_claim_id(content_hash, start, end),
        "source": source_id,
        "ordinal": ordinal,
        "text": source_text[start:end],
        "span": {"start": start, "end": end},
        "span_utf16": utf16_span(source_text, start, end),
        "paragraph": paragraph,
        "attribution": attribution,
        "hedges": list(hedges),
        "target": target(source_id=source_id, source_text=source_text, start=start, end=end),
    }
    document.update(review if review is not None else unreviewed())
    return document


def unreviewed() -> dict[str, Any]:
    """The review fields of a claim nobody has looked at yet."""
    return {
        "evidence_status": EvidenceStatus.UNVERIFIED.value,
        "review_state": ReviewState.PENDING.value,
        "note": None,
        "evidence": [],
        "proposed_by": None,
        "proposed_at": None,
        "approved_by": None,
        "approved_at": None,
        "history": [],
    }


def _extracted_claim(claim: ExtractedClaim, *, content_hash: str, text: str) -> dict[str, Any]:
    attribution = claim.attribution
    cue = attribution.cue
    return claim_document(
        content_hash=content_hash,
        source_text=text,
        ordinal=claim.ordinal,
        start=claim.span.start,
        end=claim.span.end,
        paragraph=claim.paragraph,
        attribution=attribution_document(
            kind=attribution.kind.value,
            speaker=attribution.speaker,
            speaker_title=attribution.speaker_title,
            cue=None if cue is None else (cue.text, cue.start, cue.end),
            rule=attribution.rule,
            confidence=attribution.confidence,
        ),
        hedges=claim.hedges,
    )


def extraction_document(
    extraction: Extraction,
    *,
    generated_at: dt.datetime | None = None,
    provenance: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """A claim-set document of one article's unreviewed claims.

    What ``factcheck extract --format json`` prints: valid against
    ``claimset.schema.json``, importable with ``factcheck import``. The
    source's ``retrieved_at`` is ``generated_at`` (default: now), and
    ``filters`` is null because nothing was selected from a database.
    """
    when = generated_at or dt.datetime.now(dt.UTC)
    article = extraction.article
    meta = article.meta
    content_hash = article.content_hash
    source = source_document(
        content_hash=content_hash,
        kind=meta.kind.value,
        title=meta.title,
        url=meta.url,
        publisher=meta.publisher,
        author=meta.author,
        published=meta.published,
        retrieved_at=when,
        text=article.text,
        updated=meta.updated,
        language=meta.language,
        provenance=provenance,
    )
    claims = sorted(
        (
            _extracted_claim(c, content_hash=content_hash, text=article.text)
            for c in extraction.claims
        ),
        key=lambda c: (c["span"]["start"], c["span"]["end"], c["ordinal"]),
    )
    return {**envelope(generated_at=when, filters=None), "sources": [source], "claims": claims}
