"""The extraction pipeline: article text → sentences → attributed claims.

``extract(text)`` is the library entry point (``factcheck.extract``): it does
not touch a database, a network or a model file. Every claim's ``text`` is
``article.text[span.start:span.end]``, checked here once for the whole
article instead of through pydantic validation per object, which would cost
more than the tagging itself (see ``bench/bench_extract.py``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel

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
from factcheck.text.attribution import Tag, tag_sentences
from factcheck.text.reader import read_article, read_text
from factcheck.text.sentences import split_sentences

_KINDS = {kind.value: kind for kind in AttributionKind}
_M = TypeVar("_M", bound=BaseModel)


def extract(text: str, *, meta: SourceMeta | None = None) -> Extraction:
    """Extract attributed claims from article text held in memory."""
    return extract_article(read_text(text, meta=meta))


def extract_file(path: str | Path, *, meta: SourceMeta | None = None) -> Extraction:
    """Read an article file (see :func:`~factcheck.text.reader.read_article`) and extract it."""
    return extract_article(read_article(path, meta=meta))


def extract_article(article: Article) -> Extraction:
    """Split ``article`` into sentences and attribute each one."""
    text = article.text
    sentences = split_sentences(text, start=article.body_start)
    tags = tag_sentences(text, sentences)
    claims = [
        _claim(text, ordinal, sentence.start, sentence.end, sentence.paragraph, tag)
        for ordinal, (sentence, tag) in enumerate(zip(sentences, tags, strict=True))
    ]
    return Extraction.model_construct(article=article, claims=claims)


def _claim(
    text: str, ordinal: int, start: int, end: int, paragraph: int, tag: Tag
) -> ExtractedClaim:
    # Offsets come straight from the segmenter over this very text, so the
    # text == text[start:end] invariant holds by construction, and every value
    # below has its model's type: build the models without re-validating them.
    cue = None
    if tag.cue is not None:
        cue_start, cue_end = tag.cue
        cue = _built(Cue, {"text": text[cue_start:cue_end], "start": cue_start, "end": cue_end})
    attribution = _built(
        Attribution,
        {
            "kind": _KINDS[tag.kind],
            "speaker": tag.speaker,
            "speaker_title": tag.speaker_title,
            "cue": cue,
            "rule": tag.rule.value,
            "confidence": tag.confidence,
        },
    )
    return _built(
        ExtractedClaim,
        {
            "ordinal": ordinal,
            "text": text[start:end],
            "span": _built(Span, {"start": start, "end": end}),
            "paragraph": paragraph,
            "attribution": attribution,
            "hedges": tag.hedges,
        },
    )


_SETATTR = object.__setattr__


def _built(model: type[_M], values: dict[str, Any]) -> _M:
    """``model.model_construct(**values)`` for a complete set of already-valid values.

    What pydantic's ``model_construct`` does, minus its per-field default and
    alias handling (every field is given here): a quarter of the extraction
    time went there. ``tests/test_extract_cli.py`` checks the result dumps and
    compares like a validated model.
    """
    instance = model.__new__(model)
    _SETATTR(instance, "__dict__", values)
    _SETATTR(instance, "__pydantic_fields_set__", set(values))
    _SETATTR(instance, "__pydantic_extra__", None)
    _SETATTR(instance, "__pydantic_private__", None)
    return instance
