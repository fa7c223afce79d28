"""The extraction pipeline: article text → sentences → attributed claims.

``extract(text)`` is the library entry point (``factcheck.extract``): it does
not touch a database, a network or a model file. Every claim's ``text`` is
``article.text[span.start:span.end]``, checked here once for the whole
article instead of through pydantic validation per object, which would cost
more than the tagging itself (see ``bench/bench_extract.py``).
"""

from __future__ import annotations

from pathlib import Path

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


def _claim(text: str, ordinal: int, start: int, end: int, paragraph: int, tag: Tag) -> ExtractedClaim:
    # Offsets come straight from the segmenter over this very text, so the
    # text == text[start:end] invariant holds by construction; model_construct
    # skips re-validating it per object.
    cue = None
    if tag.cue is not None:
        cue_start, cue_end = tag.cue
        cue = Cue.model_construct(text=text[cue_start:cue_end], start=cue_start, end=cue_end)
    attribution = Attribution.model_construct(
        kind=_KINDS[tag.kind],
        speaker=tag.speaker,
        speaker_title=tag.speaker_title,
        cue=cue,
        rule=tag.rule,
        confidence=tag.confidence,
    )
    return ExtractedClaim.model_construct(
        ordinal=ordinal,
        text=text[start:end],
        span=Span.model_construct(start=start, end=end),
        paragraph=paragraph,
        attribution=attribution,
        hedges=tag.hedges,
    )

