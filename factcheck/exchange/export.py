"""Export claim sets: JSON document, JSON Lines, or schema.org ClaimReview.

Output is deterministic: sorted keys everywhere, claims ordered by source
content hash then span, sources by content hash; ids derived from content.
Exporting the same database twice gives the same bytes except
``generated_at``, which ``generated_at=`` pins.

Formats:

- ``json``: one claim-set document (``schemas/claimset.schema.json``), written
  as ``json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False)``
  plus a newline would write it (see :func:`~factcheck.exchange.jsonio.canonical_json`
  for the one difference), but streamed.
- ``jsonl``: one claim (``schemas/claim.schema.json``) per line, compact, no
  header line and no sources: every line stands alone for line tools (``jq``,
  ``grep``, ``pandas.read_json(lines=True)``). Import reads the JSON document.
- ``claimreview``: a JSON array of ClaimReview objects
  (``schemas/claimreview.schema.json``), approved claims only; needs
  ``claimreview_url_pattern`` (one page per review).
- ``csv``: one row per claim for spreadsheets, the columns of
  :data:`factcheck.exchange.csvexport.COLUMNS` (``docs/csv.md``).

``format`` and the filters' vocabularies take the enums or their string values
alike (``format="jsonl"``); a wrong word raises
:class:`~factcheck.errors.InvalidChoice` naming the allowed ones.

Everything is validated item by item *before* it is written (the envelope,
then each claim, then each source, each against its own schema), and written
through :func:`~factcheck.exchange.jsonio.atomic_output`: an invalid item or
any other failure leaves no file behind, and memory stays flat as the set
grows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from sqlalchemy.orm import Session

from factcheck.config import Settings
from factcheck.errors import InputError, ValidationFailed
from factcheck.exchange.collect import (
    ExportFilters,
    SourceInfo,
    iter_claim_documents,
    iter_source_documents,
)
from factcheck.exchange.document import envelope
from factcheck.exchange.jsonio import atomic_output, canonical_json, spooled_stdout
from factcheck.exchange.validate import MAX_PROBLEMS, is_valid, iter_problems
from factcheck.model import ReviewState, Vocabulary
from factcheck.store.engine import Store


class ExportFormat(Vocabulary):
    """What ``factcheck export`` writes."""

    JSON = "json"
    JSONL = "jsonl"
    CLAIMREVIEW = "claimreview"
    CSV = "csv"


@dataclass(frozen=True)
class ExportResult:
    """What an export wrote."""

    output: str
    format: ExportFormat
    claims: int
    sources: int

    def describe(self) -> str:
        where = "standard output" if self.output == "-" else self.output
        sources = f" from {self.sources} sources" if self.format is ExportFormat.JSON else ""
        return f"exported {self.claims} claims{sources} as {self.format.value} to {where}"


class _Counter:
    def __init__(self) -> None:
        self.count = 0


def _checked(
    items: Iterable[dict[str, Any]],
    schema: str,
    path: Callable[[int], str],
    counter: _Counter,
    *,
    id_key: str = "id",
) -> Iterator[dict[str, Any]]:
    """Pass items through, raising ValidationFailed at the first invalid one."""
    for item in items:
        if not is_valid(item, schema):
            problems = list(iter_problems(item, schema, path=path(counter.count)))[:MAX_PROBLEMS]
            raise ValidationFailed(
                f"refusing to export invalid data ({item.get(id_key)}): {problems[0]} "
                "(nothing was written)",
                problems,
            )
        counter.count += 1
        yield item


def _write_array(out: IO[str], items: Iterable[dict[str, Any]], indent: str) -> None:
    inner = indent + "  "
    first = True
    for item in items:
        out.write(("[\n" if first else ",\n") + inner)
        out.write(canonical_json(item).replace("\n", "\n" + inner))
        first = False
    out.write("[]" if first else "\n" + indent + "]")


def _write_object(
    out: IO[str], fields: dict[str, Any], arrays: dict[str, Iterable[dict[str, Any]]]
) -> None:
    """Write ``{**fields, **arrays}`` with sorted keys and indent 2, streaming the arrays."""
    keys = sorted([*fields, *arrays])
    out.write("{\n")
    for position, key in enumerate(keys):
        out.write(f"  {canonical_json(key)}: ")
        if key in arrays:
            _write_array(out, arrays[key], "  ")
        else:
            out.write(canonical_json(fields[key]).replace("\n", "\n  "))
        out.write(",\n" if position < len(keys) - 1 else "\n")
    out.write("}\n")


def _snapshot(session: Session) -> None:
    """Read the whole export from one snapshot, so claims and sources agree.

    SQLite's read transaction already is one; PostgreSQL's default READ
    COMMITTED would let a review committed mid-export split the two passes.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.connection(execution_options={"isolation_level": "REPEATABLE READ"})


def write_json(
    out: IO[str], store: Store, *, filters: ExportFilters, generated_at: dt.datetime
) -> tuple[int, int]:
    """Write the claim-set document; return (claims, sources) written."""
    head = envelope(generated_at=generated_at, filters=filters.as_document())
    problems = list(iter_problems({**head, "sources": [], "claims": []}, "claimset"))
    if problems:
        raise ValidationFailed(f"refusing to export an invalid document: {problems[0]}", problems)
    claims, sources = _Counter(), _Counter()
    with store.read() as session:
        _snapshot(session)
        claim_docs = (doc for _, doc in iter_claim_documents(session, filters))
        source_docs = iter_source_documents(session, filters)
        _write_object(
            out,
            head,
            {
                "claims": _checked(claim_docs, "claim", lambda i: f"$.claims[{i}]", claims),
                "sources": _checked(source_docs, "source", lambda i: f"$.sources[{i}]", sources),
            },
        )
    return claims.count, sources.count


def write_jsonl(out: IO[str], store: Store, *, filters: ExportFilters) -> int:
    """Write one claim per line; return how many."""
    counter = _Counter()
    with store.read() as session:
        _snapshot(session)
        docs = (doc for _, doc in iter_claim_documents(session, filters))
        for claim in _checked(docs, "claim", lambda i: f"line {i + 1}: $", counter):
            out.write(canonical_json(claim, indent=None))
            out.write("\n")
    return counter.count


def write_csv_rows(
    out: IO[str], store: Store, *, filters: ExportFilters, byte_order_mark: bool
) -> int:
    """Write one CSV row per claim (each claim validated first); return how many."""
    from factcheck.exchange.csvexport import write_csv

    counter = _Counter()

    def checked(
        pairs: Iterable[tuple[SourceInfo, dict[str, Any]]],
    ) -> Iterator[tuple[SourceInfo, dict[str, Any]]]:
        for source, claim in pairs:
            for valid in _checked([claim], "claim", lambda i: f"row {i + 1}: $", counter):
                yield source, valid

    with store.read() as session:
        _snapshot(session)
        return write_csv(
            out, checked(iter_claim_documents(session, filters)), byte_order_mark=byte_order_mark
        )


def write_claimreview(
    out: IO[str],
    store: Store,
    *,
    filters: ExportFilters,
    settings: Settings,
    summary: bool = False,
) -> int:
    """Write a JSON array of ClaimReview objects for approved claims; return how many."""
    from factcheck.exchange.claimreview import claim_review, review_url_for

    if set(filters.states) != {ReviewState.APPROVED}:
        raise InputError(
            "ClaimReview publishes verdicts: only approved claims can be exported in that format"
        )
    url_for = review_url_for(settings)
    counter = _Counter()

    def reviews(pairs: Iterable[tuple[SourceInfo, dict[str, Any]]]) -> Iterator[dict[str, Any]]:
        for source, claim in pairs:
            yield claim_review(
                claim, source, settings=settings, url_for=url_for, summary=summary
            )

    with store.read() as session:
        _snapshot(session)
        items = _checked(
            reviews(iter_claim_documents(session, filters)),
            "claimreview",
            lambda i: f"$[{i}]",
            counter,
            id_key="identifier",
        )
        _write_array(out, items, "")
        out.write("\n")
    return counter.count


def export(
    store: Store,
    *,
    output: str | Path,
    format: ExportFormat | str = ExportFormat.JSON,
    filters: ExportFilters | None = None,
    force: bool = False,
    generated_at: dt.datetime | None = None,
    settings: Settings | None = None,
    summary: bool = False,
) -> ExportResult:
    """Export the selected claims to ``output`` (a path, or ``-`` for stdout).

    By default: approved claims (the verified claim set) as a JSON document.
    An existing file is replaced only with ``force``; the file appears only
    once everything was validated and written (stdout output is spooled to a
    temporary file first, so a failure prints nothing). ``summary`` shortens
    ClaimReview's ``claimReviewed`` to at most 75 characters
    (:func:`~factcheck.exchange.claimreview.short_summary`); ``settings``
    (organization, review URL pattern) default to the config file's.
    """
    chosen = ExportFormat(format)
    if summary and chosen is not ExportFormat.CLAIMREVIEW:
        raise InputError("--summary shortens ClaimReview's claimReviewed: use it with claimreview")
    filters = filters or ExportFilters()
    when = generated_at or dt.datetime.now(dt.UTC)
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    if chosen is ExportFormat.CLAIMREVIEW:
        from factcheck.exchange.claimreview import review_url_for

        if settings is None:
            from factcheck.config import load_settings

            settings = load_settings(database_url=store.url)
        review_url_for(settings)  # a missing URL pattern is reported before any file opens
    with store.read() as session:
        filters = filters.resolved(session)
    target = str(output)
    opener = spooled_stdout() if target == "-" else atomic_output(output, force=force)
    sources = 0
    with opener as out:
        if chosen is ExportFormat.JSON:
            claims, sources = write_json(out, store, filters=filters, generated_at=when)
        elif chosen is ExportFormat.JSONL:
            claims = write_jsonl(out, store, filters=filters)
        elif chosen is ExportFormat.CSV:
            claims = write_csv_rows(out, store, filters=filters, byte_order_mark=target != "-")
        else:
            assert settings is not None  # loaded above for ClaimReview
            claims = write_claimreview(
                out, store, filters=filters, settings=settings, summary=summary
            )
    return ExportResult(output=target, format=chosen, claims=claims, sources=sources)
