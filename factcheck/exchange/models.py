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
    NonEmptyText,
    ReviewAction,
    ReviewState,
    SourceKind,
    Span,
    Stance,
    StorableText,
    Url,
)

HandleText = Annotated[str, Field(min_length=1, max_length=64)]
"""A reviewer's handle (the reviewers table allows 64 characters)."""


class _Doc(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


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


class EvidenceLinkDoc(_Doc):
    """An evidence link as recorded in a review event."""

    url: Url
    stance: Stance
    title: StorableText | None = None
    note: StorableText | None = None


class EvidenceDoc(_Doc):
    """An evidence link attached to a claim, with who added it and when."""

    url: Url
    stance: Stance
    title: StorableText | None
    note: StorableText | None
    added_by: HandleText | None
    added_at: dt.datetime


class ReviewEventDoc(_Doc):
    """One hash-chained entry of a claim's history."""

    seq: int = Field(ge=1)
    actor: HandleText
    action: ReviewAction
    from_state: ReviewState | None
    to_state: ReviewState | None
    evidence_status: EvidenceStatus | None
    note: StorableText | None
    evidence: EvidenceLinkDoc | None
    created_at: dt.datetime
    prev_hash: str | None
    hash: str


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
    ordinal: int = Field(ge=0)
    text: NonEmptyText
    span: Span
    span_utf16: Span | None = None
    paragraph: int = Field(ge=0)
    attribution: Attribution
    hedges: list[StorableText]
    evidence_status: EvidenceStatus
    review_state: ReviewState
    note: StorableText | None
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
