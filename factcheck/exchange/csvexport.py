"""CSV for spreadsheets: one row per claim, a fixed set of documented columns.

The columns are :data:`COLUMNS` (name and meaning); ``docs/csv.md`` lists the
same ones and a test keeps the two equal. Lists (hedges, evidence links) are
joined into one cell. Offsets are given in code points and in UTF-16 units.

Written as RFC 4180 CSV (comma, double quotes, CRLF line ends). A file starts
with a UTF-8 byte-order mark, so Excel reads accents and quotation marks
correctly (pandas, LibreOffice and Google Sheets skip it); standard output
gets no mark. A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return is written with a leading apostrophe: spreadsheet programs
would otherwise run it as a formula, and an article's text is not trusted.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable
from typing import IO, Any

from factcheck.exchange.collect import SourceInfo

_Row = tuple[SourceInfo, dict[str, Any]]
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _joined(values: Iterable[str]) -> str:
    return " | ".join(values)


COLUMNS: list[tuple[str, str, Callable[[SourceInfo, dict[str, Any]], Any]]] = [
    ("id", "stable claim id (the same in every database)", lambda s, c: c["id"]),
    ("source", "stable source id", lambda s, c: c["source"]),
    ("source_title", "the source's title", lambda s, c: s.title),
    ("source_url", "the source's URL", lambda s, c: s.url),
    ("source_publisher", "the outlet that published the source", lambda s, c: s.publisher),
    (
        "source_published",
        "the source's publication date (YYYY-MM-DD)",
        lambda s, c: s.published.isoformat() if s.published else None,
    ),
    ("ordinal", "position of the sentence among the source's claims, from 0",
     lambda s, c: c["ordinal"]),
    ("paragraph", "paragraph of the sentence, from 0", lambda s, c: c["paragraph"]),
    ("text", "the sentence exactly as in the source", lambda s, c: c["text"]),
    ("kind", "attribution kind (reporter_assertion, direct_quote, ...)",
     lambda s, c: c["attribution"]["kind"]),
    ("speaker", "who is quoted or credited, if named", lambda s, c: c["attribution"]["speaker"]),
    ("speaker_title", "the speaker's title, if given",
     lambda s, c: c["attribution"]["speaker_title"]),
    (
        "cue",
        "the attribution cue words, if any",
        lambda s, c: (c["attribution"]["cue"] or {}).get("text"),
    ),
    ("rule", "the tagger rule that decided the kind", lambda s, c: c["attribution"]["rule"]),
    ("confidence", "the tagger's confidence in the kind, 0 to 1",
     lambda s, c: c["attribution"]["confidence"]),
    ("hedges", "hedging words found, joined by ' | '", lambda s, c: _joined(c["hedges"])),
    ("evidence_status", "the verdict (unverified, supported, refuted, mixed, unverifiable)",
     lambda s, c: c["evidence_status"]),
    ("review_state", "where the claim is in review (pending ... approved, dismissed)",
     lambda s, c: c["review_state"]),
    ("note", "the reviewer's note on the verdict", lambda s, c: c["note"]),
    ("evidence_count", "how many evidence links the claim has", lambda s, c: len(c["evidence"])),
    (
        "evidence_urls",
        "the evidence links, oldest first, each as '[stance] URL', joined by ' | '",
        lambda s, c: _joined(f"[{e['stance']}] {e['url']}" for e in c["evidence"]),
    ),
    ("proposed_by", "who proposed the verdict", lambda s, c: c["proposed_by"]),
    ("proposed_at", "when (RFC 3339, UTC)", lambda s, c: c["proposed_at"]),
    ("approved_by", "who approved the verdict", lambda s, c: c["approved_by"]),
    ("approved_at", "when (RFC 3339, UTC)", lambda s, c: c["approved_at"]),
    ("start", "offset of the sentence in the source text, in code points",
     lambda s, c: c["span"]["start"]),
    ("end", "offset just past the sentence, in code points", lambda s, c: c["span"]["end"]),
    ("start_utf16", "the same offset in UTF-16 code units (JavaScript)",
     lambda s, c: c["span_utf16"]["start"]),
    ("end_utf16", "the same end offset in UTF-16 code units",
     lambda s, c: c["span_utf16"]["end"]),
]
"""(column name, meaning, value from the source info and the claim document)."""


def column_names() -> list[str]:
    return [name for name, _, _ in COLUMNS]


def _cell(value: Any) -> str:
    if value is None:
        return ""
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def write_csv(out: IO[str], rows: Iterable[_Row], *, byte_order_mark: bool) -> int:
    """Write the header and one row per claim; return how many claims."""
    if byte_order_mark:
        out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(column_names())
    count = 0
    for source, claim in rows:
        writer.writerow([_cell(value(source, claim)) for _, _, value in COLUMNS])
        count += 1
    return count
