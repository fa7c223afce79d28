"""Pydantic models of a claim-set document, field for field as ``schemas/`` says.

The JSON Schemas are the published contract; these models are how the importer
reads a document after it passed the schemas: typed access, and the checks a
schema cannot express (no NUL or lone surrogates in text, ``end >= start``).
``tests/test_schemas.py`` keeps the two in step: every property of a schema is
a field here and the other way round, and every enum is the code's enum.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from factcheck.model import (
    Attribution,
    AttributionKind,
    EvidenceStatus,
    Handle,
    NonEmptyText,
    ReviewAction,
    ReviewState,
    ReviewText,
    SourceKind,
    Span,
    Stance,
    StorableText,
    Url,
)

HandleText = Handle
"""A reviewer's handle, matched whole (what ``factcheck reviewers add`` accepts)."""

MAX_INT = 2**31 - 1
"""The largest ordinal, paragraph or sequence number a database column holds."""

RowInt = Annotated[int, Field(ge=0, le=MAX_INT)]


class _Doc(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ProvenanceDoc(_Doc):
    """How a source's text was obtained: read as text or HTML, fetched from where and when."""

    input_format: Literal["text", "html"] | None
    fetched_url: Url | None
    fetched_at: dt.datetime | None
    raw_sha256: str | None


class SourceDoc(_Doc):
    """A source as exported: metadata, content hash and the whole text."""

    id: str
    kind: SourceKind
    title: StorableText | None
    url: Url | None
    publisher: StorableText | None
    author: StorableText | None
    published: dt.date | None
    retrieved_at: dt.datetime
    content_hash: str
    text: StorableText
    updated: dt.date | None = None
    language: StorableText | None = None
    provenance: ProvenanceDoc | None = None


class EvidenceLinkDoc(_Doc):
    """An evidence link as recorded in a review event."""

    url: Url
    stance: Stance
    title: ReviewText | None = None
    note: ReviewText | None = None


class EvidenceDoc(_Doc):
    """An evidence link attached to a claim, with who added it and when."""

    url: Url
    stance: Stance
    title: ReviewText | None
    note: ReviewText | None
    added_by: HandleText | None
    added_at: dt.datetime


class ReviewEventDoc(_Doc):
    """One hash-chained entry of a claim's history."""

    seq: int = Field(ge=1, le=MAX_INT)
    actor: HandleText
    action: ReviewAction
    from_state: ReviewState | None
    to_state: ReviewState | None
    evidence_status: EvidenceStatus | None
    note: ReviewText | None
    evidence: EvidenceLinkDoc | None
    created_at: dt.datetime
    prev_hash: str | None
    hash: str
    content: str | None = None
    """The claim's content hash as the event recorded it (absent in older documents)."""


class TextQuoteSelector(_Doc):
    """W3C Web Annotation TextQuoteSelector."""

    type: Literal["TextQuoteSelector"]
    exact: str
    prefix: str
    suffix: str


class TextPositionSelector(_Doc):
    """W3C Web Annotation TextPositionSelector."""

    type: Literal["TextPositionSelector"]
    start: int = Field(ge=0)
    end: int = Field(ge=0)


class TargetDoc(_Doc):
    """W3C Web Annotation target: a source and two selectors into its text."""

    source: str
    selector: tuple[TextQuoteSelector, TextPositionSelector]


class ClaimDoc(_Doc):
    """A claim as exported: the sentence, its anchor, attribution and review."""

    id: str
    source: str
    ordinal: RowInt
    text: NonEmptyText
    span: Span
    span_utf16: Span | None = None
    paragraph: RowInt
    attribution: Attribution
    hedges: list[StorableText]
    evidence_status: EvidenceStatus
    review_state: ReviewState
    note: ReviewText | None
    evidence: list[EvidenceDoc]
    proposed_by: HandleText | None
    proposed_at: dt.datetime | None
    approved_by: HandleText | None
    approved_at: dt.datetime | None
    history: list[ReviewEventDoc]
    target: TargetDoc


class GeneratorDoc(_Doc):
    """The program that wrote a document."""

    name: str
    version: str


class FiltersDoc(_Doc):
    """How an export selected its claims."""

    states: list[ReviewState]
    source: str | None
    statuses: list[EvidenceStatus]
    kinds: list[AttributionKind]
    since: dt.date | None
    until: dt.date | None


class ClaimSetDoc(_Doc):
    """A whole claim-set document."""

    schema_version: Literal["1.0"]
    generated_at: dt.datetime
    generator: GeneratorDoc
    filters: FiltersDoc | None
    sources: list[SourceDoc]
    claims: list[ClaimDoc]


MODELS_BY_SCHEMA: dict[str, type[BaseModel]] = {
    "claimset": ClaimSetDoc,
    "claim": ClaimDoc,
    "source": SourceDoc,
    "evidence": EvidenceDoc,
    "review-event": ReviewEventDoc,
}
"""Which model mirrors which schema (for the in-step test and the importer)."""
