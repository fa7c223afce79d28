"""Checking a claim-set document before anything is imported from it.

Three layers, each reporting problems as ``<JSON path>: <message>``:

1. the JSON Schemas (envelope, then each source and claim);
2. the pydantic models (what a schema cannot say: no NUL or lone surrogates
   in text, span end not before its start);
3. the document's own consistency: ids unique and derived from content as
   their definitions say, each claim's text equal to its source's text at its
   span (and its selectors and cue agreeing), each history numbered from 1,
   linked, and hashing to what it says, and each claim's state, verdict and
   evidence equal to what its history records (what ``factcheck audit
   verify`` will check once it is stored).

Only a document that passes all three is imported.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

from pydantic import ValidationError

from factcheck.errors import ValidationFailed
from factcheck.exchange.anchors import utf16_span
from factcheck.exchange.models import ClaimDoc, ClaimSetDoc, ReviewEventDoc, SourceDoc
from factcheck.exchange.validate import claimset_problems, first_problems
from factcheck.model import (
    ReviewAction,
    content_hash,
    is_handle,
    stable_claim_id,
    stable_source_id,
)
from factcheck.store.audit import claim_content_hash, event_hash, replayed_state


def check_claimset(document: Any, *, name: str = "document") -> ClaimSetDoc:
    """The document as a :class:`ClaimSetDoc` if it passes every check.

    Raises :class:`ValidationFailed` with the first few problems otherwise.
    """
    shown = first_problems(claimset_problems(document))
    if shown:
        raise ValidationFailed(f"{name} does not match claimset.schema.json", shown)
    try:
        parsed = ClaimSetDoc.model_validate(document)
    except ValidationError as exc:
        raise ValidationFailed(
            f"{name} holds values factcheck cannot store", _pydantic_problems(exc)
        ) from None
    shown = first_problems(consistency_problems(parsed))
    if shown:
        raise ValidationFailed(f"{name} is not consistent", shown)
    return parsed


def _pydantic_problems(exc: ValidationError) -> list[str]:
    def path(loc: tuple[int | str, ...]) -> str:
        return "$" + "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in loc)

    return first_problems(f"{path(error['loc'])}: {error['msg']}" for error in exc.errors())


def consistency_problems(document: ClaimSetDoc) -> Iterator[str]:
    """Every way the document contradicts itself (see the module docstring)."""
    sources: dict[str, SourceDoc] = {}
    for index, source in enumerate(document.sources):
        where = f"$.sources[{index}]"
        if source.id in sources:
            yield f"{where}.id: duplicate source id {source.id}"
        sources[source.id] = source
        yield from _source_problems(source, where)
    seen_ids = Counter(claim.id for claim in document.claims)
    ordinals: set[tuple[str, int]] = set()
    reported: set[str] = set()
    for index, claim in enumerate(document.claims):
        where = f"$.claims[{index}]"
        if seen_ids[claim.id] > 1 and claim.id not in reported:
            reported.add(claim.id)
            yield f"{where}.id: duplicate claim id {claim.id} ({seen_ids[claim.id]} claims)"
        if (claim.source, claim.ordinal) in ordinals:
            yield f"{where}.ordinal: two claims of {claim.source} have ordinal {claim.ordinal}"
        ordinals.add((claim.source, claim.ordinal))
        claim_source = sources.get(claim.source)
        if claim_source is None:
            yield f"{where}.source: {claim.source} is not among the document's sources"
            continue
        yield from _claim_problems(claim, claim_source, where)


def _source_problems(source: SourceDoc, where: str) -> Iterator[str]:
    actual = content_hash(source.text)
    if source.content_hash != actual:
        yield f"{where}.content_hash: does not match the text (text hashes to {actual})"
    elif source.id != stable_source_id(source.content_hash):
        yield f"{where}.id: should be {stable_source_id(source.content_hash)} for this content hash"


def _claim_problems(claim: ClaimDoc, source: SourceDoc, where: str) -> Iterator[str]:
    start, end, text = claim.span.start, claim.span.end, source.text
    expected_id = stable_claim_id(source.content_hash, start, end)
    if claim.id != expected_id:
        yield f"{where}.id: should be {expected_id} for this source and span"
    if end > len(text):
        yield (
            f"{where}.span: {start}-{end} runs past the end of source {source.id} "
            f"({len(text)} characters)"
        )
        return
    if text[start:end] != claim.text:
        yield (
            f"{where}.span: claim text does not match the text of source {source.id} "
            f"at {start}-{end}"
        )
        return
    yield from _anchor_problems(claim, source, where)
    yield from _content_problems(claim, source, where)
    yield from _history_problems(claim, where)


def _content_problems(claim: ClaimDoc, source: SourceDoc, where: str) -> Iterator[str]:
    content = claim_doc_content(claim, source)
    for index, event in enumerate(claim.history):
        if event.content is not None and event.content != content:
            yield (
                f"{where}.history[{index}].content: the claim's text or attribution is not "
                "what this event recorded (edited?)"
            )
            return


def _anchor_problems(claim: ClaimDoc, source: SourceDoc, where: str) -> Iterator[str]:
    quote, position = claim.target.selector
    start, end, text = claim.span.start, claim.span.end, source.text
    if claim.target.source != claim.source:
        yield f"{where}.target.source: {claim.target.source} is not the claim's source"
    if (position.start, position.end) != (start, end):
        yield (
            f"{where}.target.selector[1]: position {position.start}-{position.end} "
            f"is not the span {start}-{end}"
        )
    if (quote.exact, quote.prefix, quote.suffix) != (
        claim.text,
        text[max(0, start - len(quote.prefix)) : start],
        text[end : end + len(quote.suffix)],
    ):
        yield f"{where}.target.selector[0]: the quote and its context do not match the source text"
    if claim.span_utf16 is not None:
        expected = utf16_span(text, start, end)
        got = {"start": claim.span_utf16.start, "end": claim.span_utf16.end}
        if got != expected:
            yield (
                f"{where}.span_utf16: {got['start']}-{got['end']} is not the span in UTF-16 "
                f"units ({expected['start']}-{expected['end']})"
            )
    cue = claim.attribution.cue
    if cue is not None and text[cue.start : cue.end] != cue.text:
        yield f"{where}.attribution.cue: {cue.text!r} is not the text at {cue.start}-{cue.end}"


def _history_problems(claim: ClaimDoc, where: str) -> Iterator[str]:
    prev_hash: str | None = None
    for index, event in enumerate(claim.history):
        at = f"{where}.history[{index}]"
        if event.seq != index + 1:
            yield f"{at}.seq: expected {index + 1} (events must be numbered 1, 2, ... without gaps)"
            return
        if event.prev_hash != prev_hash:
            yield f"{at}.prev_hash: does not link to the event before it"
            return
        if _event_hash(claim.id, event) != event.hash:
            yield f"{at}.hash: does not match the event's content (edited?)"
            return
        prev_hash = event.hash
    state, status, links = replayed_state(claim.history)  # type: ignore[arg-type]
    if (str(state), str(status)) != (claim.review_state.value, claim.evidence_status.value):
        yield (
            f"{where}: the claim is {claim.review_state.value}/{claim.evidence_status.value} "
            f"but its history says {state}/{status}"
        )
    added: list[str] = []
    for event in claim.history:
        if event.evidence is not None and event.action is ReviewAction.ADD_EVIDENCE:
            added.append(event.evidence.url)
        elif event.evidence is not None and event.action is ReviewAction.REMOVE_EVIDENCE:
            added = [url for url in added if url != event.evidence.url]
    if sorted(added) != sorted(item.url for item in claim.evidence) or len(added) != links:
        yield f"{where}.evidence: the links do not match the add_evidence events of its history"
    yield from _handle_problems(claim, where)


def _handle_problems(claim: ClaimDoc, where: str) -> Iterator[str]:
    named = [
        ("proposed_by", claim.proposed_by),
        ("approved_by", claim.approved_by),
        *((f"evidence[{i}].added_by", e.added_by) for i, e in enumerate(claim.evidence)),
        *((f"history[{i}].actor", e.actor) for i, e in enumerate(claim.history)),
    ]
    for field, handle in named:
        if handle is not None and not is_handle(handle):
            yield (
                f"{where}.{field}: {handle!r} is not a valid reviewer handle "
                "(lower-case letters, digits, '.', '_', '-')"
            )


def rehash_history(claim_id: str, history: list[ReviewEventDoc]) -> list[ReviewEventDoc]:
    """``history`` re-chained: each event's ``prev_hash`` and ``hash`` recomputed in order.

    For an import that maps handles: the mapped events are what gets stored,
    so their hashes must be their own.
    """
    chained: list[ReviewEventDoc] = []
    prev_hash: str | None = None
    for event in history:
        linked = event.model_copy(update={"prev_hash": prev_hash})
        linked = linked.model_copy(update={"hash": _event_hash(claim_id, linked)})
        chained.append(linked)
        prev_hash = linked.hash
    return chained


def _event_hash(claim_id: str, event: ReviewEventDoc) -> str:
    return event_hash(
        claim=claim_id,
        seq=event.seq,
        actor=event.actor,
        action=event.action.value,
        from_state=None if event.from_state is None else event.from_state.value,
        to_state=None if event.to_state is None else event.to_state.value,
        evidence_status=None if event.evidence_status is None else event.evidence_status.value,
        note=event.note,
        evidence=None
        if event.evidence is None
        else event.evidence.model_dump(mode="json", exclude_none=True),
        created_at=event.created_at,
        prev_hash=event.prev_hash,
        content=event.content,
    )


def claim_doc_content(claim: ClaimDoc, source: SourceDoc) -> str:
    """The content hash of a claim document, as its events record it."""
    attribution, cue = claim.attribution, claim.attribution.cue
    return claim_content_hash(
        source_hash=source.content_hash,
        ordinal=claim.ordinal,
        start=claim.span.start,
        end=claim.span.end,
        text=claim.text,
        paragraph=claim.paragraph,
        kind=attribution.kind.value,
        speaker=attribution.speaker,
        speaker_title=attribution.speaker_title,
        cue=None if cue is None else (cue.text, cue.start, cue.end),
        rule=attribution.rule,
        confidence=attribution.confidence,
        hedges=list(claim.hedges),
    )


def handles_named(document: ClaimSetDoc) -> set[str]:
    """Every reviewer handle the document names (proposers, approvers, evidence, history)."""
    handles: set[str] = set()
    for claim in document.claims:
        handles.update(h for h in (claim.proposed_by, claim.approved_by) if h)
        handles.update(e.added_by for e in claim.evidence if e.added_by)
        # carried_over is written by ingest, not a person (no reviewer to map).
        handles.update(e.actor for e in claim.history if e.action != "carried_over")
    return handles
