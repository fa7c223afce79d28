"""The shared vocabulary: enums and pydantic models every layer speaks.

One definition of each vocabulary lives here. The database CHECK constraints,
the JSON Schemas in ``schemas/`` and the CLI choices are derived from these enums
or tested against them, so a new value is added in exactly one place.

These are the models for what goes *in and out* (extraction results, API and
export documents). The SQLAlchemy row classes live in ``factcheck.store.tables``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from enum import StrEnum
from functools import cache
from typing import Annotated, Any, Self

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    model_validator,
)

from factcheck.errors import InvalidChoice
from factcheck.handles import is_handle as is_handle
from factcheck.handles import shown_handle as shown_handle

HASH_PREFIX = "sha256:"
"""Prefix of every content hash, so a later change of scheme is detectable."""


class Vocabulary(StrEnum):
    """A closed set of words: the member or its string value are accepted alike.

    ``EvidenceStatus("refuted")`` is ``EvidenceStatus.REFUTED``; a word outside
    the set raises :class:`~factcheck.errors.InvalidChoice` listing the allowed
    ones, so every public function that converts with the enum gives the same
    clear error for a typo.
    """

    @classmethod
    def _missing_(cls, value: object) -> Any:
        what = re.sub(r"(?<!^)(?=[A-Z])", " ", cls.__name__).lower()
        allowed = ", ".join(member.value for member in cls)
        raise InvalidChoice(f"{value!r} is not a valid {what}; allowed: {allowed}")


class AttributionKind(Vocabulary):
    """Who asserts a sentence, and how it is sourced."""

    REPORTER_ASSERTION = "reporter_assertion"
    DIRECT_QUOTE = "direct_quote"
    INDIRECT_QUOTE = "indirect_quote"
    PRESS_RELEASE = "press_release"
    UNNAMED_SOURCE = "unnamed_source"
    ALLEGED = "alleged"
    NOT_A_CLAIM = "not_a_claim"


class EvidenceStatus(Vocabulary):
    """The verdict a reviewer gives a claim."""

    UNVERIFIED = "unverified"
    SUPPORTED = "supported"
    REFUTED = "refuted"
    MIXED = "mixed"
    UNVERIFIABLE = "unverifiable"


class ReviewState(Vocabulary):
    """Where a claim is in the review workflow."""

    PENDING = "pending"
    IN_REVIEW = "in_review"
    PROPOSED = "proposed"
    APPROVED = "approved"
    DISMISSED = "dismissed"


class Role(Vocabulary):
    """What a person may do: reviewers review, editors sign off, admins manage people."""

    REVIEWER = "reviewer"
    EDITOR = "editor"
    ADMIN = "admin"


class SourceKind(Vocabulary):
    """What sort of document a source is."""

    NEWS_ARTICLE = "news_article"
    PRESS_RELEASE = "press_release"
    SOCIAL_POST = "social_post"
    TRANSCRIPT = "transcript"
    REPORT = "report"
    OTHER = "other"


class Stance(Vocabulary):
    """How a piece of evidence bears on a claim."""

    SUPPORTS = "supports"
    REFUTES = "refutes"
    CONTEXT = "context"


class ReviewAction(Vocabulary):
    """What a review event records."""

    INGEST = "ingest"
    TAKE = "take"
    MARK = "mark"
    ADD_EVIDENCE = "add_evidence"
    NOTE = "note"
    PROPOSE = "propose"
    APPROVE = "approve"
    RETURN = "return"
    DISMISS = "dismiss"
    REOPEN = "reopen"
    IMPORT = "import"
    REMOVE_EVIDENCE = "remove_evidence"
    COMMENT = "comment"
    RELEASE = "release"
    TAKE_OVER = "take_over"
    CARRIED_OVER = "carried_over"
    """Written by ingest, not a person: an unchanged claim's review moved to a new revision."""


class SuggestionStatus(StrEnum):
    """Where a "checked before?" match suggestion stands: a reviewer decides."""

    OPEN = "open"
    CONFIRMED = "confirmed"
    REJECTED = "rejected"


class DeskAction(StrEnum):
    """What a desk event records: a change to the people, or an import of history."""

    ADD_REVIEWER = "add_reviewer"
    SET_ROLE = "set_role"
    DEACTIVATE = "deactivate"
    IMPORT = "import"


# --- validators -----------------------------------------------------------

_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def check_storable_text(value: str) -> str:
    """Refuse text no database stores faithfully.

    PostgreSQL cannot store NUL, SQLite truncates at it, and lone surrogates
    break the SQLite driver (see RELIABILITY.md).
    """
    if "\x00" in value:
        raise ValueError("text contains a NUL character")
    if _LONE_SURROGATE.search(value):
        raise ValueError("text contains a lone surrogate (not valid Unicode)")
    return value


@cache
def _uri_checker() -> Any:
    """The ``uri`` format checker of the 2020-12 validator the exports are checked with."""
    from jsonschema import Draft202012Validator  # type: ignore[import-untyped]

    return Draft202012Validator.FORMAT_CHECKER


def check_url(value: str) -> str:
    """Accept absolute http(s) URLs only: evidence and sources must be openable.

    The URL must also pass the ``uri`` format check the JSON Schemas apply on
    export (jsonschema's checker, RFC 3986), so whatever is accepted here can
    always be exported.
    """
    from urllib.parse import urlsplit

    check_storable_text(value)
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or " " in value:
        raise ValueError(f"not an absolute http(s) URL: {value!r}")
    if not _uri_checker().conforms(value, "uri"):
        raise ValueError(f"not a valid URI (RFC 3986): {value!r}")
    return value


_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def check_handle(value: str) -> str:
    """Refuse a handle that is not 1-64 lower-case letters, digits, '.', '_' or '-'."""
    if not is_handle(value):
        raise ValueError(
            f"invalid handle {value!r}: use 1-64 lower-case letters, digits, '.', '_' or '-', "
            "starting with a letter or digit"
        )
    return value


def check_review_text(value: str) -> str:
    """Refuse a note, reason or comment no reader should see: NUL, surrogates, controls.

    Tabs and newlines are text; every other C0/C1 control character (escape
    sequences that repaint a terminal, carriage returns that hide a line) is not.
    """
    check_storable_text(value)
    bad = _CONTROL.search(value)
    if bad is not None:
        raise ValueError(f"text contains the control character U+{ord(bad.group()):04X}")
    return value


StorableText = Annotated[str, AfterValidator(check_storable_text)]
ReviewText = Annotated[str, AfterValidator(check_review_text)]
Handle = Annotated[str, AfterValidator(check_handle)]
NonEmptyText = Annotated[str, Field(min_length=1), AfterValidator(check_storable_text)]
Url = Annotated[str, AfterValidator(check_url)]


def content_hash(text: str) -> str:
    """The versioned hash of a text after NFC normalisation and newline folding.

    Two copies of an article that differ only in Unicode composition or line
    endings hash the same, so ingest recognises them as one source.
    """
    normalized = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    digest = hashlib.sha256(normalized.encode("utf-8")).hexdigest()
    return HASH_PREFIX + digest


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=False, use_enum_values=False)


# --- extraction results -----------------------------------------------------


class Span(_Model):
    """A half-open range of code-point offsets into the source text."""

    start: int = Field(ge=0, le=2**31 - 1)
    end: int = Field(ge=0, le=2**31 - 1)

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.end < self.start:
            raise ValueError(f"span end {self.end} is before start {self.start}")
        return self


class Cue(_Model):
    """The words that signal an attribution ("said in a press release")."""

    text: NonEmptyText
    start: int = Field(ge=0)
    end: int = Field(ge=0)


class Attribution(_Model):
    """Who asserts a sentence and why the tagger thinks so."""

    kind: AttributionKind
    speaker: StorableText | None = None
    speaker_title: StorableText | None = None
    cue: Cue | None = None
    rule: str = Field(description="name of the rule that decided the kind")
    confidence: float = Field(ge=0.0, le=1.0, default=0.5)


class ExtractedClaim(_Model):
    """One sentence of an article, anchored and attributed, not yet reviewed."""

    ordinal: int = Field(ge=0)
    text: NonEmptyText
    span: Span
    paragraph: int = Field(ge=0)
    attribution: Attribution
    hedges: list[str] = Field(default_factory=list)


class SourceMeta(_Model):
    """What is known about an article apart from its text."""

    kind: SourceKind = SourceKind.NEWS_ARTICLE
    title: StorableText | None = None
    url: Url | None = None
    publisher: StorableText | None = None
    author: StorableText | None = None
    published: dt.date | None = None
    updated: dt.date | None = Field(default=None, description="last update, if the page says")
    language: StorableText | None = Field(default=None, description="BCP 47 tag, e.g. 'en-GB'")


class Article(_Model):
    """An article as read: the exact text offsets refer to, and its metadata."""

    text: StorableText
    meta: SourceMeta = Field(default_factory=SourceMeta)
    body_start: int = Field(
        default=0, ge=0, description="offset where the body starts, after any header"
    )

    @property
    def content_hash(self) -> str:
        return content_hash(self.text)


class Extraction(_Model):
    """An article together with the claims extracted from it."""

    article: Article
    claims: list[ExtractedClaim]

    @model_validator(mode="after")
    def _spans_match_text(self) -> Self:
        text = self.article.text
        for claim in self.claims:
            check_span(text, claim.span, claim.text)
        return self


def check_span(source_text: str, span: Span, claim_text: str) -> None:
    """Raise ValueError unless ``claim_text == source_text[start:end]``."""
    if span.end > len(source_text):
        raise ValueError(f"span {span.start}-{span.end} runs past the text ({len(source_text)})")
    if source_text[span.start : span.end] != claim_text:
        raise ValueError(f"claim text does not match source text at {span.start}-{span.end}")


# --- inputs to the review workflow -------------------------------------------


class EvidenceIn(_Model):
    """A link a reviewer attaches to a claim."""

    url: Url
    stance: Stance
    title: ReviewText | None = None
    note: ReviewText | None = None


def dump_json_ready(model: BaseModel) -> dict[str, Any]:
    """A model as plain JSON types, enums as their values, dates as ISO text."""
    return model.model_dump(mode="json")


def stable_source_id(source_content_hash: str) -> str:
    """A source id that is the same in every database: derived from its text."""
    return "source:" + source_content_hash.removeprefix(HASH_PREFIX)[:16]


def stable_claim_id(source_content_hash: str, start: int, end: int) -> str:
    """A claim id that is the same in every database: source text hash plus span."""
    return f"claim:{source_content_hash.removeprefix(HASH_PREFIX)[:16]}:{start}-{end}"
