"""The annotated-article report: one self-contained HTML page per source.

A reader opens the page in any browser, offline. It reads like a verdict: a
summary block first (counts by verdict and by attribution kind, then the
approved claims with their verdicts, then those awaiting approval), then the
article as stored with every claim tinted by attribution kind and its verdict
and approval as strong badges. The attribution chip (kind and speaker) of a
sentence shows on hover or keyboard focus, or on every sentence with the "show
attribution" toggle (a checkbox: no script needed). Hovering, focusing or
clicking a sentence shows its attribution, cue, rule, evidence links and
review history in a side panel; without JavaScript, and in print (a print
stylesheet lays the page out in one column with link targets spelled out),
every claim's details are listed instead. A source without a title is named by
its URL, else its first line.

Everything shown comes from the database and is untrusted (article text,
speakers, notes, evidence titles and URLs): every value goes through
:func:`html.escape`, links are emitted for ``http(s)`` URLs only, and a
Content-Security-Policy allows no network access and no script but the page's
own (pinned by its hash), so even a missed escape could not run code.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import os
import re
import tempfile
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from factcheck.errors import NotFound, OutputError
from factcheck.model import AttributionKind, EvidenceStatus, ReviewState

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from factcheck.store.engine import Store

__all__ = ["render_report", "write_report", "KIND_STYLES"]


@dataclass(frozen=True)
class KindStyle:
    """How one attribution kind looks: a strong colour, a light tint, a gloss."""

    colour: str
    tint: str
    description: str


# Okabe-Ito colours (distinguishable with the common colour-vision deficiencies);
# the text label next to every sentence carries the meaning for everyone else.
KIND_STYLES: dict[AttributionKind, KindStyle] = {
    AttributionKind.REPORTER_ASSERTION: KindStyle(
        "#0072B2", "#dcebf7", "stated by the reporter, no one else cited"
    ),
    AttributionKind.DIRECT_QUOTE: KindStyle(
        "#E69F00", "#fdebc8", "a named speaker's own words, in quotation marks"
    ),
    AttributionKind.INDIRECT_QUOTE: KindStyle(
        "#56B4E9", "#def1fb", "a named speaker's statement, paraphrased"
    ),
    AttributionKind.PRESS_RELEASE: KindStyle(
        "#009E73", "#d3f1e6", "taken from an announcement or press release"
    ),
    AttributionKind.UNNAMED_SOURCE: KindStyle(
        "#D55E00", "#f9dccb", "attributed to sources who are not named"
    ),
    AttributionKind.ALLEGED: KindStyle(
        "#CC79A7", "#f6dfeb", "an allegation, not established as fact"
    ),
    AttributionKind.NOT_A_CLAIM: KindStyle(
        "#8a8a8a", "#eeeeee", "not a checkable statement (headline, link, aside)"
    ),
}
_UNKNOWN_STYLE = KindStyle("#555555", "#f4f4f4", "a kind this version does not know")

# Verdicts are the page's headline: strong colours with white text (contrast at
# least 4.5:1, checked in tests); "unverified" stays quiet.
_EVIDENCE_COLOURS: dict[EvidenceStatus, str] = {
    EvidenceStatus.UNVERIFIED: "#e4e4e4",
    EvidenceStatus.SUPPORTED: "#1a7336",
    EvidenceStatus.REFUTED: "#b3261e",
    EvidenceStatus.MIXED: "#8a5300",
    EvidenceStatus.UNVERIFIABLE: "#5b4a8b",
}
_REVIEW_COLOURS: dict[ReviewState, str] = {
    ReviewState.PENDING: "#ffffff",
    ReviewState.IN_REVIEW: "#d6e6fa",
    ReviewState.PROPOSED: "#fbe9a8",
    ReviewState.APPROVED: "#1d1d1d",
    ReviewState.DISMISSED: "#e4e4e4",
}
_VERDICT_ORDER = [
    EvidenceStatus.REFUTED,
    EvidenceStatus.MIXED,
    EvidenceStatus.SUPPORTED,
    EvidenceStatus.UNVERIFIABLE,
    EvidenceStatus.UNVERIFIED,
]


# --- what the page shows, read from the store ---------------------------------


@dataclass(frozen=True)
class _Evidence:
    url: str
    title: str | None
    stance: str
    note: str | None
    added_by: str | None
    added_at: dt.datetime | None


@dataclass(frozen=True)
class _Event:
    seq: int
    created_at: dt.datetime | None
    actor: str
    action: str
    from_state: str | None
    to_state: str | None
    evidence_status: str | None
    note: str | None


@dataclass(frozen=True)
class _Claim:
    id: int
    ordinal: int
    text: str
    start: int
    end: int
    kind: str
    speaker: str | None
    speaker_title: str | None
    cue_text: str | None
    cue_start: int | None
    cue_end: int | None
    rule: str
    confidence: float
    hedges: tuple[str, ...]
    evidence_status: str
    review_state: str
    note: str | None
    evidence: tuple[_Evidence, ...]
    events: tuple[_Event, ...]


@dataclass(frozen=True)
class _Source:
    id: int
    kind: str
    title: str | None
    url: str | None
    publisher: str | None
    author: str | None
    published: dt.date | None
    content_hash: str
    text: str
    updated: dt.date | None = None
    fetched_url: str | None = None
    fetched_at: dt.datetime | None = None


def _load(session: Session, source_id: int) -> tuple[_Source, list[_Claim]]:
    """The source and its claims with evidence and history, as plain values."""
    from sqlalchemy import select

    from factcheck.store.tables import ClaimRow, SourceRow

    row = session.get(SourceRow, source_id)
    if row is None:
        raise NotFound(
            f"source {source_id} not found; list the stored sources with `factcheck sources list`"
        )
    source = _Source(
        row.id, row.kind, row.title, row.url, row.publisher, row.author,
        row.published, row.content_hash, row.text,
        row.updated, row.fetched_url, row.fetched_at,
    )
    claim_rows = session.scalars(
        select(ClaimRow).where(ClaimRow.source_id == source_id).order_by(ClaimRow.ordinal)
    ).all()
    ids = [claim.id for claim in claim_rows]
    evidence = _load_evidence(session, ids)
    events = _load_events(session, ids)
    claims = [
        _Claim(
            c.id, c.ordinal, c.text, c.span_start, c.span_end, c.attribution_kind,
            c.speaker, c.speaker_title, c.cue_text, c.cue_start, c.cue_end,
            c.attribution_rule, c.attribution_confidence, tuple(c.hedges or ()),
            c.evidence_status, c.review_state, c.note,
            tuple(evidence.get(c.id, ())), tuple(events.get(c.id, ())),
        )
        for c in claim_rows
    ]
    return source, claims


def _load_evidence(session: Session, claim_ids: list[int]) -> dict[int, list[_Evidence]]:
    from sqlalchemy import select

    from factcheck.store.tables import EvidenceRow, ReviewerRow

    found: dict[int, list[_Evidence]] = {}
    if not claim_ids:
        return found
    rows = session.execute(
        select(EvidenceRow, ReviewerRow.handle)
        .outerjoin(ReviewerRow, ReviewerRow.id == EvidenceRow.added_by_id)
        .where(EvidenceRow.claim_id.in_(claim_ids))
        .order_by(EvidenceRow.claim_id, EvidenceRow.id)
    ).all()
    for item, handle in rows:
        found.setdefault(item.claim_id, []).append(
            _Evidence(item.url, item.title, item.stance, item.note, handle, item.added_at)
        )
    return found


def _load_events(session: Session, claim_ids: list[int]) -> dict[int, list[_Event]]:
    from sqlalchemy import select

    from factcheck.store.tables import ReviewEventRow

    found: dict[int, list[_Event]] = {}
    if not claim_ids:
        return found
    rows = session.scalars(
        select(ReviewEventRow)
        .where(ReviewEventRow.claim_id.in_(claim_ids))
        .order_by(ReviewEventRow.claim_id, ReviewEventRow.seq)
    ).all()
    for e in rows:
        found.setdefault(e.claim_id, []).append(
            _Event(e.seq, e.created_at, e.actor, e.action, e.from_state, e.to_state,
                   e.evidence_status, e.note)
        )
    return found


# --- public API -----------------------------------------------------------------


def render_report(
    store: Store, *, source_id: int, generated_at: dt.datetime | None = None
) -> str:
    """The annotated-article report of source ``source_id`` as one HTML page.

    The page needs nothing else to display: styles and script are inline and
    it loads nothing from the network. Raises :class:`NotFound` for an
    unknown source.
    """
    with store.read() as session:
        source, claims = _load(session, source_id)
    when = generated_at or dt.datetime.now(dt.UTC)
    return _page(source, claims, generated_at=when)


def write_report(
    store: Store, *, source_id: int, path: str | Path, force: bool = False
) -> Path:
    """Write the report of ``source_id`` to ``path``; return the resolved path.

    The file is written through a temporary file in the same folder and moved
    into place, so a reader never sees half a report. An existing file is
    kept unless ``force`` is true.
    """
    page = render_report(store, source_id=source_id)
    target = _output_path(path, force=force)
    try:
        handle, temporary = tempfile.mkstemp(
            dir=target.parent, prefix=f".{target.name}.", suffix=".tmp"
        )
        try:
            with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
                stream.write(page)
            os.chmod(temporary, 0o644)
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise OutputError(f"cannot write {target}: {exc.strerror or exc}") from None
    return target


def _output_path(path: str | Path, *, force: bool) -> Path:
    target = Path(path).expanduser().resolve()
    if target.is_dir():
        raise OutputError(f"{target} is a folder; give a file name such as report.html")
    if not target.parent.is_dir():
        raise OutputError(f"cannot write {target}: folder {target.parent} does not exist")
    if target.exists() and not force:
        raise OutputError(f"{target} already exists; pass --force to overwrite it")
    return target


# --- the page ---------------------------------------------------------------------


_DATE_HEADER = re.compile(r"^\ufeff?\s*date\s+\d{4}-\d\d-\d\d\s*")


def _display_title(source: _Source, *, limit: int = 90) -> str:
    """The page's name for a source: its title, else its URL, else its first line."""
    if source.title and source.title.strip():
        return source.title.strip()
    if source.url:
        return source.url
    first = next((line for line in source.text.splitlines() if line.strip()), "")
    first = " ".join(_DATE_HEADER.sub("", first).split())
    if not first:
        return f"Source {source.id}"
    if len(first) <= limit:
        return first
    cut = first.rfind(" ", 0, limit - 1)
    return first[: cut if cut > limit // 2 else limit - 1] + "…"


def _page(source: _Source, claims: list[_Claim], *, generated_at: dt.datetime) -> str:
    title = _display_title(source)
    body = "\n".join(
        [
            _header(source, claims, generated_at=generated_at),
            '<input type="checkbox" id="show-attribution" class="toggle">',
            '<div class="toolbar"><label for="show-attribution">'
            "Show the attribution of every sentence</label></div>",
            '<div class="layout">',
            f'<main id="article" aria-label="Article text">{_article(source.text, claims)}</main>',
            _panel(claims),
            "</div>",
        ]
    )
    script_hash = base64.b64encode(hashlib.sha256(_SCRIPT.encode()).digest()).decode()
    csp = (
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
        f"script-src 'sha256-{script_hash}'; base-uri 'none'; form-action 'none'"
    )
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{escape(csp)}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="generator" content="factcheck report">\n'
        f"<title>{escape(title)} · factcheck report</title>\n"
        f"<style>{_css()}</style>\n</head>\n<body>\n{body}\n"
        f"<script>{_SCRIPT}</script>\n</body>\n</html>\n"
    )


def _header(source: _Source, claims: list[_Claim], *, generated_at: dt.datetime) -> str:
    facts = [f"source {source.id}", escape(source.kind.replace("_", " "))]
    facts += [escape(v) for v in (source.publisher, source.author) if v]
    if source.published:
        facts.append(f'<time datetime="{source.published.isoformat()}">'
                     f"{source.published.isoformat()}</time>")
    if source.updated:
        facts.append(f'updated <time datetime="{source.updated.isoformat()}">'
                     f"{source.updated.isoformat()}</time>")
    if source.url:
        facts.append(_link(source.url, source.url))
    if source.fetched_url and source.fetched_at:
        fetched = source.fetched_at.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
        facts.append(f"fetched from {_link(source.fetched_url, source.fetched_url)} {fetched}")
    stamp = generated_at.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    return (
        "<header>\n"
        f"<h1>{escape(_display_title(source))}</h1>\n"
        f'<p class="meta">{" · ".join(facts)}</p>\n'
        f'<p class="meta">{len(claims)} claims · report generated {stamp} · '
        f"<code>{escape(source.content_hash)}</code></p>\n"
        f"{_verdicts(claims)}\n{_legend(claims)}\n{_summary(claims)}\n</header>"
    )


def _verdicts(claims: list[_Claim]) -> str:
    """The summary block: approved verdicts counted and listed first, then those awaiting."""
    approved = [c for c in claims if c.review_state == ReviewState.APPROVED.value]
    waiting = [
        c
        for c in claims
        if c.review_state in (ReviewState.PROPOSED.value, ReviewState.IN_REVIEW.value)
    ]
    counts = Counter(c.evidence_status for c in approved)
    tally = "".join(
        f'<li>{_badge("ev", status.value)} <span class="count">{counts[status.value]}</span></li>'
        for status in _VERDICT_ORDER
        if counts[status.value]
    )
    unchecked = len(claims) - len(approved) - len(waiting)
    return (
        '<section id="verdicts" aria-labelledby="verdicts-title">'
        f'<h2 id="verdicts-title">Verdicts: {len(approved)} approved</h2>'
        f'<ul class="verdict-tally">{tally or "<li>No approved verdict yet.</li>"}</ul>'
        f"{_verdict_list('Approved', approved)}"
        f"{_verdict_list('Awaiting approval', waiting)}"
        f'<p class="meta">{len(waiting)} awaiting approval · {unchecked} not yet checked or '
        "dismissed</p></section>"
    )


def _verdict_list(title: str, claims: list[_Claim]) -> str:
    if not claims:
        return ""
    ranked = sorted(
        claims, key=lambda c: (_VERDICT_ORDER.index(EvidenceStatus(c.evidence_status)), c.ordinal)
    )
    items = "".join(
        f'<li class="verdict-item" data-claim-id="{c.id}">{_badge("ev", c.evidence_status)}'
        f' <a href="#claim-{c.id}">{escape(c.text)}</a>'
        f'{f" <span class=who>— {escape(c.speaker)}</span>" if c.speaker else ""}</li>'
        for c in ranked
    )
    return f'<h3>{title}</h3><ol class="verdict-list">{items}</ol>'



def _kind_style(kind: str) -> KindStyle:
    try:
        return KIND_STYLES.get(AttributionKind(kind), _UNKNOWN_STYLE)
    except ValueError:
        return _UNKNOWN_STYLE


def _label(value: str) -> str:
    """``direct_quote`` → ``Direct quote``: how every enum value is shown."""
    return value.replace("_", " ").capitalize()


def _legend(claims: list[_Claim]) -> str:
    counts = Counter(claim.kind for claim in claims)
    items = []
    for kind in AttributionKind:
        style = _kind_style(kind.value)
        items.append(
            f'<li class="legend-item k-{_css_name(kind.value)}" data-kind="{escape(kind.value)}">'
            f'<span class="legend-label">{escape(_label(kind.value))}</span> '
            f'<span class="count">({counts.get(kind.value, 0)})</span>'
            f'<span class="legend-desc"> — {escape(style.description)}</span></li>'
        )
    return (
        '<section id="legend" aria-labelledby="legend-title">'
        '<h2 id="legend-title">Attribution kinds</h2>'
        f'<ul class="legend">{"".join(items)}</ul></section>'
    )


def _summary(claims: list[_Claim]) -> str:
    statuses = Counter(claim.evidence_status for claim in claims)
    states = Counter(claim.review_state for claim in claims)

    def line(title: str, values: Iterable[str], counts: Counter[str], prefix: str) -> str:
        badges = " ".join(
            f"{_badge(prefix, value)} {counts[value]}" for value in values if counts[value]
        )
        return f"<p><strong>{title}:</strong> {badges or 'none'}</p>"

    return (
        '<section id="summary" aria-label="Review summary">'
        + line("Evidence", [s.value for s in EvidenceStatus], statuses, "ev")
        + line("Review", [s.value for s in ReviewState], states, "rs")
        + "</section>"
    )


def _badge(prefix: str, value: str) -> str:
    name = "evidence" if prefix == "ev" else "review"
    shown = _label(value)
    if prefix == "rs" and value == ReviewState.APPROVED.value:
        shown = "✓ Approved"
    return (
        f'<span class="badge {prefix}-{_css_name(value)}" data-{name}="{escape(value)}" '
        f'title="{name}: {escape(_label(value))}">{escape(shown)}</span>'
    )


def _css_name(value: str) -> str:
    return re.sub(r"[^a-z0-9_-]", "-", value.lower())


def _link(url: str, text: str) -> str:
    """A link for http(s) URLs; anything else (``javascript:``…) stays plain text."""
    if re.match(r"https?://", url, re.IGNORECASE):
        return (
            f'<a href="{escape(url)}" rel="noopener noreferrer nofollow" '
            f'target="_blank">{escape(text)}</a>'
        )
    return f"<span class=\"bad-url\">{escape(text)}</span>"


# --- the article, annotated ------------------------------------------------------

_PARAGRAPH_BREAK = re.compile(r"\n(?:[ \t]*\n)*")


def _paragraph_ranges(text: str) -> list[tuple[int, int]]:
    """Each line of text as a paragraph: news files put one paragraph per line."""
    ranges, start = [], 0
    for match in _PARAGRAPH_BREAK.finditer(text):
        ranges.append((start, match.start()))
        start = match.end()
    ranges.append((start, len(text)))
    return [(s, e) for s, e in ranges if text[s:e].strip()]


def _article(text: str, claims: list[_Claim]) -> str:
    ordered = sorted(claims, key=lambda c: (c.start, c.ordinal))
    started: set[int] = set()
    paragraphs = []
    for start, end in _paragraph_ranges(text):
        inside = [c for c in ordered if c.start < end and c.end > start]
        paragraphs.append(f"<p>{_paragraph(text, start, end, inside, started)}</p>")
    return "\n".join(paragraphs) or '<p class="empty">(this source has no text)</p>'


def _paragraph(
    text: str, start: int, end: int, claims: list[_Claim], started: set[int]
) -> str:
    parts, position = [], start
    for claim in claims:
        piece_start, piece_end = max(claim.start, position), min(claim.end, end)
        if piece_start >= piece_end:
            continue  # overlaps an earlier claim: shown in the panel only
        parts.append(escape(text[position:piece_start]))
        first = claim.id not in started
        started.add(claim.id)
        parts.append(_claim_piece(text, piece_start, piece_end, claim, first=first))
        position = piece_end
    parts.append(escape(text[position:end]))
    return "".join(parts)


def _claim_piece(text: str, start: int, end: int, claim: _Claim, *, first: bool) -> str:
    kind = _css_name(claim.kind)
    anchor = f' id="claim-{claim.id}"' if first else ""
    tag = ""
    if first:
        who = f" · {escape(claim.speaker)}" if claim.speaker else ""
        tag = (
            f'<span class="claim-label"><span class="tag"><span class="kind-label">'
            f'{escape(_label(claim.kind))}</span><span class="speaker">{who}</span></span> </span>'
        )
    badges = ""
    if end == min(claim.end, len(text)):
        quiet = (claim.evidence_status, claim.review_state) == (
            EvidenceStatus.UNVERIFIED.value,
            ReviewState.PENDING.value,
        )
        css = "badges quiet" if quiet else "badges"
        badges = (
            f'<span class="{css}"> {_badge("ev", claim.evidence_status)}'
            f'{_badge("rs", claim.review_state)}</span>'
        )
    inner = _annotated(text, start, end, _cue_range(text, claim), _hedge_ranges(text, claim))
    return (
        f'<span class="claim k-{kind}"{anchor} data-claim-id="{claim.id}" '
        f'data-kind="{escape(claim.kind)}" data-ordinal="{claim.ordinal}" tabindex="0" '
        f'role="button" aria-controls="panel">{tag}'
        f'<span class="claim-text">{inner}</span>{badges}</span>'
    )


def _hedge_ranges(text: str, claim: _Claim) -> list[tuple[int, int]]:
    """Absolute ranges of every hedge occurrence in the sentence, overlaps merged."""
    found: list[tuple[int, int]] = []
    sentence = text[claim.start : claim.end]
    for hedge in dict.fromkeys(h for h in claim.hedges if h.strip()):
        pattern = re.compile(rf"(?<!\w){re.escape(hedge)}(?!\w)", re.IGNORECASE)
        found += [(claim.start + m.start(), claim.start + m.end())
                  for m in pattern.finditer(sentence)]
    merged: list[tuple[int, int]] = []
    for start, end in sorted(found):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _cue_range(text: str, claim: _Claim) -> tuple[int, int] | None:
    """Where the cue sits in the sentence, whether stored offsets are absolute or not."""
    cue = claim.cue_text
    if not cue:
        return None
    s, e = claim.cue_start, claim.cue_end
    if s is not None and e is not None:
        if claim.start <= s < e <= claim.end and text[s:e] == cue:
            return s, e
        if 0 <= s < e <= claim.end - claim.start and text[claim.start + s : claim.start + e] == cue:
            return claim.start + s, claim.start + e
    position = text.find(cue, claim.start, claim.end)
    return (position, position + len(cue)) if position >= 0 else None


def _annotated(
    text: str, start: int, end: int, cue: tuple[int, int] | None, hedges: list[tuple[int, int]]
) -> str:
    """Escape ``text[start:end]`` with the cue underlined and hedges marked inside it.

    The text is cut at the cue's edges only, so one cue is one element; a hedge
    running past the cue's edge is split there, which keeps the nesting valid.
    """
    cuts = sorted({start, end, *(p for p in (cue or ()) if start < p < end)})
    out = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        inner = _marked(text, a, b, hedges)
        if cue is not None and cue[0] <= a and b <= cue[1]:
            inner = f'<span class="cue" title="attribution cue">{inner}</span>'
        out.append(inner)
    return "".join(out)


def _marked(text: str, start: int, end: int, hedges: list[tuple[int, int]]) -> str:
    out, position = [], start
    for hedge_start, hedge_end in hedges:
        s, e = max(hedge_start, start), min(hedge_end, end)
        if s < e:
            out.append(escape(text[position:s]))
            out.append(f'<mark class="hedge" title="hedge word">{escape(text[s:e])}</mark>')
            position = e
    out.append(escape(text[position:end]))
    return "".join(out)


# --- the details panel ------------------------------------------------------------


def _panel(claims: list[_Claim]) -> str:
    details = "\n".join(_detail(claim) for claim in claims)
    hint = (
        "Hover over, focus or click a sentence to see its attribution, evidence and history."
        if claims
        else "This source has no claims."
    )
    return (
        '<aside id="panel" aria-live="polite" aria-label="Claim details">'
        f'<h2>Claim details</h2><p id="panel-hint">{hint}</p>\n{details}\n</aside>'
    )


def _detail(claim: _Claim) -> str:
    speaker = escape(claim.speaker or "—")
    if claim.speaker_title:
        speaker += f" ({escape(claim.speaker_title)})"
    rows = [
        ("Attribution", f'<span class="kind-chip k-{_css_name(claim.kind)}">'
                        f"{escape(_label(claim.kind))}</span>"),
        ("Speaker", speaker),
        ("Cue", f"“{escape(claim.cue_text)}”" if claim.cue_text else "—"),
        ("Rule", f"<code>{escape(claim.rule)}</code> (confidence {claim.confidence:.2f})"),
        ("Hedges", escape(", ".join(claim.hedges)) or "—"),
        ("Evidence status", _badge("ev", claim.evidence_status)),
        ("Review state", _badge("rs", claim.review_state)),
    ]
    if claim.note:
        rows.append(("Note", escape(claim.note)))
    table = "".join(f"<dt>{name}</dt><dd>{value}</dd>" for name, value in rows)
    return (
        f'<section class="detail" id="detail-{claim.id}" data-claim-id="{claim.id}">'
        f"<h3>Claim {claim.id} · sentence {claim.ordinal + 1}</h3>"
        f"<blockquote>{escape(claim.text)}</blockquote><dl>{table}</dl>"
        f"{_evidence_list(claim.evidence)}{_history(claim.events)}</section>"
    )


def _evidence_list(items: Sequence[_Evidence]) -> str:
    if not items:
        return '<h4>Evidence</h4><p class="none">No evidence attached.</p>'
    entries = []
    for item in items:
        by = f" — added by {escape(item.added_by)}" if item.added_by else ""
        note = f'<br><span class="note">{escape(item.note)}</span>' if item.note else ""
        entries.append(
            f'<li class="evidence" data-stance="{escape(item.stance)}">'
            f'<span class="stance">{escape(_label(item.stance))}</span> '
            f"{_link(item.url, item.title or item.url)}{by}{note}</li>"
        )
    return f'<h4>Evidence</h4><ul class="evidence-list">{"".join(entries)}</ul>'


def _history(events: Sequence[_Event]) -> str:
    if not events:
        return '<h4>History</h4><p class="none">No review events.</p>'
    rows = []
    for e in events:
        when = e.created_at.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M") if e.created_at else ""
        states = [s for s in (e.from_state, e.to_state) if s]
        move = " → ".join(escape(_label(s)) for s in dict.fromkeys(states))
        status = escape(_label(e.evidence_status)) if e.evidence_status else ""
        rows.append(
            f'<tr class="event" data-action="{escape(e.action)}"><td>{e.seq}</td>'
            f"<td>{when}</td><td>{escape(e.actor)}</td><td>{escape(_label(e.action))}</td>"
            f"<td>{move}</td><td>{status}</td><td>{escape(e.note or '')}</td></tr>"
        )
    head = "".join(f"<th>{h}</th>" for h in ("#", "When (UTC)", "Who", "Action", "State",
                                              "Evidence", "Note"))
    return f'<h4>History</h4><table class="history"><tr>{head}</tr>{"".join(rows)}</table>'


# --- style and behaviour ------------------------------------------------------------


def _css() -> str:
    kinds = "\n".join(
        f".k-{_css_name(kind.value)}{{--tint:{style.tint};--colour:{style.colour};"
        f"--on-colour:{_text_colour_on(style.colour)}}}"
        for kind, style in KIND_STYLES.items()
    )
    badges = [
        f".ev-{_css_name(v)}{{background:{c};color:{_text_colour_on(c)}}}"
        for v, c in _EVIDENCE_COLOURS.items()
    ]
    badges += [
        f".rs-{_css_name(v)}{{background:{c};color:{_text_colour_on(c)}}}"
        for v, c in _REVIEW_COLOURS.items()
    ]
    return _BASE_CSS + kinds + "\n" + "\n".join(badges) + "\n"


def _text_colour_on(background: str) -> str:
    """Black or white, whichever contrasts more with ``background`` (WCAG formula)."""

    def channel(hex_pair: str) -> float:
        value = int(hex_pair, 16) / 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(background[i : i + 2]) for i in (1, 3, 5))
    luminance = 0.2126 * red + 0.7152 * green + 0.0722 * blue
    on_white, on_black = 1.05 / (luminance + 0.05), (luminance + 0.05) / 0.05
    return "#ffffff" if on_white > on_black else "#000000"


_BASE_CSS = """
*{box-sizing:border-box}
body{margin:0;font:16px/1.6 Georgia,'Times New Roman',serif;color:#1d1d1d;background:#fafafa}
header,main,aside{padding:1rem 1.5rem}
header{background:#fff;border-bottom:1px solid #ddd;font-family:system-ui,sans-serif}
h1{margin:.2rem 0;font-size:1.5rem}
h2{font:600 1rem system-ui,sans-serif;margin:.6rem 0 .3rem}
h3{font:600 .95rem system-ui,sans-serif;margin:0 0 .4rem}
h4{font:600 .85rem system-ui,sans-serif;margin:.8rem 0 .2rem}
.meta{margin:.1rem 0;color:#555;font-size:.85rem}
.legend{
  list-style:none;padding:0;margin:0;display:flex;flex-wrap:wrap;gap:.3rem .6rem;
  font-size:.85rem
}
.legend-item{
  padding:.1rem .5rem;border-radius:3px;background:var(--tint);
  border-left:6px solid var(--colour)
}
.legend-desc{color:#555}
#summary p{margin:.2rem 0;font-size:.85rem}
.layout{
  display:grid;grid-template-columns:minmax(0,44rem) minmax(16rem,1fr);gap:0;align-items:start
}
main p{margin:0 0 1.1rem}
.claim{
  background:var(--tint,#f4f4f4);border-bottom:3px solid var(--colour,#555);cursor:pointer;
  padding:.05rem 0;border-radius:2px;position:relative
}
.claim:hover,.claim:focus{outline:2px solid var(--colour,#555);outline-offset:1px}
.claim:focus-visible{outline:3px solid #1d1d1d;outline-offset:2px}
.claim.selected{outline:3px solid #1d1d1d;outline-offset:1px}
.claim-label{display:none;position:absolute;left:0;bottom:100%;z-index:2;margin-bottom:2px}
.claim:hover .claim-label,.claim:focus .claim-label,.claim.selected .claim-label{display:block}
#show-attribution:checked~.layout .claim-label{display:inline;position:static}
.toggle{position:absolute;opacity:0;width:1px;height:1px}
.toolbar{padding:.5rem 1.5rem;font:.85rem system-ui,sans-serif;background:#fff;
  border-bottom:1px solid #ddd}
.toolbar label{cursor:pointer;padding:.2rem .5rem;border:1px solid #767676;border-radius:4px}
.toolbar label::before{content:"☐ "}
#show-attribution:checked~.toolbar label::before{content:"☑ "}
#show-attribution:focus-visible~.toolbar label{outline:3px solid #1d1d1d;outline-offset:2px}
.badges.quiet{display:none}
#verdicts{margin:.6rem 0;padding:.6rem .8rem;border:2px solid #1d1d1d;border-radius:6px}
#verdicts h2{font-size:1.2rem;margin:0 0 .4rem}
#verdicts h3{margin:.6rem 0 .2rem}
.verdict-tally{list-style:none;padding:0;margin:0;display:flex;flex-wrap:wrap;gap:.4rem 1rem}
.verdict-tally .badge{font-size:.95rem}
.verdict-tally .count{font:700 1.1rem system-ui,sans-serif}
.verdict-list{margin:.2rem 0;padding-left:1.4rem;font-size:.92rem}
.verdict-list li{margin:.25rem 0}
.verdict-list a{color:#1d1d1d}
.who{color:#444}
.tag{
  white-space:nowrap;font:600 .68rem/1 system-ui,sans-serif;text-transform:uppercase;
  letter-spacing:.03em;background:var(--colour,#555);color:var(--on-colour,#fff);
  padding:.12rem .3rem;
  border-radius:2px;vertical-align:.12em
}
.speaker{text-transform:none}
.badge{
  font:700 .74rem/1.1 system-ui,sans-serif;border:1px solid #767676;border-radius:4px;
  padding:.12rem .4rem;margin-left:.2rem;vertical-align:.1em;white-space:nowrap;
  text-transform:uppercase;letter-spacing:.02em
}
.ev-unverified,.rs-pending,.rs-in_review,.rs-dismissed{font-weight:400;text-transform:none}
mark.hedge{background:#ffe94d;border-bottom:2px dotted #7a5d00;padding:0 .1rem}
.cue{text-decoration:underline;text-decoration-style:double;text-underline-offset:3px}
aside{
  position:sticky;top:0;max-height:100vh;overflow:auto;font:.88rem/1.45 system-ui,sans-serif;
  border-left:1px solid #ddd;background:#fff;min-height:100vh
}
.detail{border-top:1px solid #e2e2e2;padding:.6rem 0}
.detail blockquote{
  margin:.2rem 0 .5rem;padding:.3rem .6rem;border-left:4px solid #bbb;font-family:Georgia,serif;
  background:#f7f7f7
}
.detail dl{display:grid;grid-template-columns:auto 1fr;gap:.15rem .6rem;margin:0}
.detail dt{color:#555}.detail dd{margin:0}
.kind-chip{background:var(--tint);border-left:5px solid var(--colour);padding:0 .3rem}
.history{border-collapse:collapse;font-size:.8rem;width:100%}
.history th,.history td{
  border-bottom:1px solid #e6e6e6;padding:.15rem .3rem;text-align:left;vertical-align:top
}
.evidence-list{padding-left:1.1rem;margin:.2rem 0}
.stance{font-weight:600}
.none{color:#777;margin:.1rem 0}
.bad-url{color:#a00}
.js .detail[hidden],.js #panel-hint[hidden]{display:none}
.meta code{word-break:break-all}
@media (max-width:52rem){
  h1{font-size:1.2rem}
  header,main,aside{padding:.8rem 1rem}
  .legend-desc{display:none}
  .layout{display:block}
  aside{position:static;min-height:0;max-height:none;border-left:0;border-top:1px solid #ddd}
}
@media print{
  *{-webkit-print-color-adjust:exact;print-color-adjust:exact}
  body{background:#fff;font-size:11pt}
  .layout{display:block}
  .js .detail[hidden],.detail{display:block}
  aside{position:static;max-height:none;min-height:0;border:0;overflow:visible}
  #panel-hint,.toolbar,.legend-desc{display:none}
  .claim{outline:none!important}
  .claim-label{display:none!important}
  .detail{break-inside:avoid}
  #verdicts{break-inside:avoid}
  a[href^="http"]::after{content:" (" attr(href) ")";font-size:.85em;word-break:break-all}
  .verdict-list a::after{content:""}
}
"""

# Hover or focus previews a claim; click (or Enter/Space) pins it and puts it in
# the URL, so report.html#claim-12 opens with claim 12 shown.
_SCRIPT = """
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  var details = document.querySelectorAll(".detail");
  var claims = document.querySelectorAll(".claim");
  var hint = document.getElementById("panel-hint");
  var pinned = null;
  function show(id) {
    details.forEach(function (d) { d.hidden = d.getAttribute("data-claim-id") !== id; });
    claims.forEach(function (c) {
      c.classList.toggle("selected", c.getAttribute("data-claim-id") === pinned);
      c.setAttribute("aria-pressed", String(c.getAttribute("data-claim-id") === pinned));
    });
    if (hint && details.length) { hint.hidden = id !== null; }
  }
  function pin(id) {
    pinned = pinned === id ? null : id;
    try { history.replaceState(null, "", pinned ? "#claim-" + pinned : location.pathname); }
    catch (e) { /* file: URLs in some browsers */ }
    show(pinned === null ? id : pinned);
  }
  claims.forEach(function (c) {
    var id = c.getAttribute("data-claim-id");
    c.addEventListener("mouseenter", function () { show(id); });
    c.addEventListener("focus", function () { show(id); });
    c.addEventListener("mouseleave", function () { if (pinned !== null) { show(pinned); } });
    c.addEventListener("click", function () { pin(id); });
    c.addEventListener("keydown", function (e) {
      if (e.key === "Enter" || e.key === " ") { e.preventDefault(); pin(id); }
    });
  });
  var match = /^#claim-(\\d+)$/.exec(location.hash);
  pinned = match ? match[1] : null;
  show(pinned);
})();
"""
