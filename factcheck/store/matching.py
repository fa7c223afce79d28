""" "Checked before?": match a claim against reviewed claims and imported fact checks.

Retrieval is lexical first, because a database index can do it at a million
claims: SQLite FTS5 ranked with ``bm25()`` and PostgreSQL full text ranked with
``ts_rank`` (both over stemmed words, migration 0003_similar) return a few dozen
candidates; rapidfuzz then re-ranks them by how much of the wording the two
sentences share. Candidates are ordered by their BM25 rank plus rapidfuzz's
token-sort ratio; the score shown and compared with a threshold is rapidfuzz's
token-set ratio in [0, 1], so a checked claim found inside a longer tweet or
sentence still scores high.

A "reviewed claim" is one whose verdict was proposed or approved: pending work
is not an answer to "was this checked?".
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable, Sequence
from typing import Any, Literal

from pydantic import BaseModel
from rapidfuzz import fuzz, utils
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from factcheck.errors import InputError, NotFound
from factcheck.model import ReviewAction, ReviewState, SuggestionStatus, stable_claim_id
from factcheck.store import people
from factcheck.store.audit import append_event, row_content_hash
from factcheck.store.claims import find_claim, lock_claim
from factcheck.store.engine import Store
from factcheck.store.tables import (
    ClaimRow,
    FactCheckRow,
    MatchSuggestionRow,
    ReviewerRow,
    utcnow,
)

DEFAULT_THRESHOLD = 0.7
"""Suggest from 0.7 similarity, as Meedan Check does."""
CANDIDATES = 40
"""Candidates the word index returns per kind before re-ranking."""
MAX_TERMS = 32
"""Query words kept (the rarest are not known before the query, so the first ones)."""
REVIEWED_STATES = (ReviewState.PROPOSED.value, ReviewState.APPROVED.value)

_WORD = re.compile(r"[^\W_]+")
# Words too common to find anything; FTS5 has no stopword list of its own.
_STOPWORDS = frozenset(
    "a an and are as at be been but by for from had has have he her his i if in into is it "
    "its me my no not of on or our she so than that the their them then there these they "
    "this those to was we were what when which who will with would you your".split()
)

Kind = Literal["claim", "fact_check"]


class Match(BaseModel):
    """One candidate that may have been checked before, with its verdict."""

    kind: Kind
    id: int
    text: str
    score: float
    """rapidfuzz similarity of the two texts, 0 to 1."""
    verdict: str | None
    """A claim's evidence status, or a fact check's rating."""
    state: str | None = None
    """A claim's review state (None for a fact check)."""
    author: str | None = None
    url: str | None = None


class Suggestion(Match):
    """A stored match of a claim, and what a reviewer decided about it."""

    suggestion_id: int
    claim_id: int
    status: SuggestionStatus


def query_terms(sentence: str) -> list[str]:
    """The distinct non-stopwords of ``sentence``, lower-cased, in order (at most MAX_TERMS)."""
    seen: dict[str, None] = {}
    for word in _WORD.findall(sentence.lower()):
        if word not in _STOPWORDS and (len(word) > 1 or word.isdigit()):
            seen.setdefault(word, None)
    return list(seen)[:MAX_TERMS]


def _fts_query(terms: Sequence[str]) -> str:
    # Each word quoted: FTS5 operators (AND, NEAR, *, -) in the text stay words.
    return " OR ".join('"' + term.replace('"', '""') + '"' for term in terms)


def _ts_query(terms: Sequence[str]) -> str:
    # _WORD matches letters and digits only, so no tsquery operator can get in.
    return " | ".join(terms)


def _claim_candidates(
    session: Session, terms: Sequence[str], exclude_source: int | None, limit: int
) -> list[tuple[int, float]]:
    # REVIEWED_STATES spelled out, so PostgreSQL can use its partial index.
    params: dict[str, Any] = {"limit": limit, "exclude": exclude_source or -1}
    if session.get_bind().dialect.name == "sqlite":
        # FTS5 ranks fastest alone (ORDER BY rank, bm25 by default); the join
        # after it only drops the claim's own article (and any stale row).
        sql = (
            "SELECT c.id, -f.rank FROM (SELECT rowid, rank FROM reviewed_claims_fts "
            "WHERE reviewed_claims_fts MATCH :q ORDER BY rank LIMIT :inner) f "
            "JOIN claims c ON c.id = f.rowid "
            "WHERE c.review_state IN ('proposed', 'approved') AND c.source_id <> :exclude "
            "ORDER BY f.rank LIMIT :limit"
        )
        params["q"], params["inner"] = _fts_query(terms), 4 * limit
    else:
        sql = (
            "SELECT c.id, ts_rank(to_tsvector('english', c.text), q) AS rank "
            "FROM claims c, to_tsquery('english', :q) q "
            "WHERE to_tsvector('english', c.text) @@ q "
            "AND c.review_state IN ('proposed', 'approved') "
            "AND c.source_id <> :exclude ORDER BY rank DESC LIMIT :limit"
        )
        params["q"] = _ts_query(terms)
    return [(row[0], float(row[1])) for row in session.execute(text(sql), params)]


def _fact_check_candidates(
    session: Session, terms: Sequence[str], limit: int
) -> list[tuple[int, float]]:
    if session.get_bind().dialect.name == "sqlite":
        sql = (
            "SELECT rowid, -rank FROM fact_checks_fts "
            "WHERE fact_checks_fts MATCH :q ORDER BY rank LIMIT :limit"
        )
        q = _fts_query(terms)
    else:
        sql = (
            "SELECT f.id, ts_rank(to_tsvector('english', f.claim_reviewed), q) AS rank "
            "FROM fact_checks f, to_tsquery('english', :q) q "
            "WHERE to_tsvector('english', f.claim_reviewed) @@ q ORDER BY rank DESC LIMIT :limit"
        )
        q = _ts_query(terms)
    return [(row[0], float(row[1])) for row in session.execute(text(sql), {"q": q, "limit": limit})]


def similarity(a: str, b: str) -> float:
    """How much wording two texts share, 0 to 1 (rapidfuzz token-set ratio, case-folded)."""
    return fuzz.token_set_ratio(a, b, processor=utils.default_process) / 100.0


def _rerank(sentence: str, found: Iterable[tuple[Match, float]]) -> list[Match]:
    """Order by BM25 rank (scaled to the best candidate's) plus word-order similarity.

    Measured on CLEF CheckThat! 2020 task 2 train (bench/bench_clef.py): the
    word index's rank carries most of the ordering; rapidfuzz's token-sort
    ratio added to it breaks its near-ties (MAP@5 0.781 -> 0.786), whereas
    ranking by a rapidfuzz ratio alone loses (0.60 or less).
    """
    pairs = list(found)
    best = max((rank for _, rank in pairs), default=0.0) or 1.0
    keyed = [
        (
            rank / best
            + fuzz.token_sort_ratio(sentence, match.text, processor=utils.default_process) / 100,
            match,
        )
        for match, rank in pairs
    ]
    keyed.sort(key=lambda pair: (-pair[0], pair[1].kind, pair[1].id))
    return [match for _, match in keyed]


def _find(
    session: Session,
    sentence: str,
    *,
    limit: int,
    threshold: float,
    exclude_claim: int | None = None,
    exclude_source: int | None = None,
) -> list[Match]:
    terms = query_terms(sentence)
    if not terms:
        return []
    found: list[tuple[Match, float]] = []
    claim_ranks = dict(_claim_candidates(session, terms, exclude_source, CANDIDATES))
    claim_ranks.pop(exclude_claim or -1, None)
    if claim_ranks:
        for row in session.scalars(select(ClaimRow).where(ClaimRow.id.in_(claim_ranks))):
            match = Match(
                kind="claim",
                id=row.id,
                text=row.text,
                score=round(similarity(sentence, row.text), 4),
                verdict=row.evidence_status,
                state=row.review_state,
            )
            found.append((match, claim_ranks[row.id]))
    check_ranks = dict(_fact_check_candidates(session, terms, CANDIDATES))
    if check_ranks:
        rows = session.scalars(select(FactCheckRow).where(FactCheckRow.id.in_(check_ranks)))
        for check in rows:
            match = Match(
                kind="fact_check",
                id=check.id,
                text=check.claim_reviewed,
                score=round(similarity(sentence, check.claim_reviewed), 4),
                verdict=check.rating,
                author=check.author,
                url=check.url,
            )
            found.append((match, check_ranks[check.id]))
    ranked = _rerank(sentence, found)
    return [match for match in ranked if match.score >= threshold][:limit]


def _checked_limits(limit: int, threshold: float) -> None:
    if limit < 1:
        raise InputError(f"--limit must be at least 1, not {limit}")
    if not 0.0 <= threshold <= 1.0:
        raise InputError(f"--threshold must be between 0 and 1, not {threshold}")


def match_text(store: Store, *, text: str, limit: int = 5, threshold: float = 0.0) -> list[Match]:
    """Reviewed claims and fact checks that may check ``text``, best first."""
    _checked_limits(limit, threshold)
    with store.read() as session:
        return _find(session, text, limit=limit, threshold=threshold)


def similar_claims(
    store: Store, *, claim_id: int, limit: int = 5, threshold: float = 0.0
) -> list[Match]:
    """What may already check claim ``claim_id``: reviewed claims of other sources, fact checks.

    Claims of the same article are left out: a sentence repeated in its own
    article was not checked before.
    """
    _checked_limits(limit, threshold)
    with store.read() as session:
        claim = find_claim(session, claim_id)
        return _find(
            session,
            claim.text,
            limit=limit,
            threshold=threshold,
            exclude_claim=claim.id,
            exclude_source=claim.source_id,
        )


# --- stored suggestions --------------------------------------------------------


def suggest(
    store: Store,
    *,
    claim_ids: Sequence[int],
    threshold: float = DEFAULT_THRESHOLD,
    limit: int = 3,
) -> int:
    """Store matches at or above ``threshold`` as open suggestions; returns how many are new.

    A suggestion already stored for the same claim and target is kept as it is
    (with its decision), so running this again adds only what is new.
    """
    _checked_limits(limit, threshold)
    with store.write() as session:
        claims = [find_claim(session, claim_id) for claim_id in claim_ids]
        return _store_suggestions(session, claims, threshold=threshold, limit=limit)


def suggest_for_source(
    session: Session, *, source_id: int, threshold: float = DEFAULT_THRESHOLD, limit: int = 3
) -> int:
    """Store suggestions for every claim of a source just ingested, in the ingest's transaction.

    Why at ingest: the first question on a new claim is whether it was checked
    before, so the answer is waiting when a reviewer opens it.
    """
    claims = session.scalars(
        select(ClaimRow).where(ClaimRow.source_id == source_id).order_by(ClaimRow.ordinal)
    ).all()
    return _store_suggestions(session, claims, threshold=threshold, limit=limit)


def _store_suggestions(
    session: Session, claims: Sequence[ClaimRow], *, threshold: float, limit: int
) -> int:
    added = 0
    for claim in claims:
        known = {
            (row.matched_claim_id, row.fact_check_id)
            for row in session.scalars(
                select(MatchSuggestionRow).where(MatchSuggestionRow.claim_id == claim.id)
            )
        }
        matches = _find(
            session,
            claim.text,
            limit=limit,
            threshold=threshold,
            exclude_claim=claim.id,
            exclude_source=claim.source_id,
        )
        for match in matches:
            target = (match.id, None) if match.kind == "claim" else (None, match.id)
            if target in known:
                continue
            session.add(
                MatchSuggestionRow(
                    claim_id=claim.id,
                    matched_claim_id=target[0],
                    fact_check_id=target[1],
                    score=match.score,
                    status=SuggestionStatus.OPEN.value,
                )
            )
            added += 1
    return added


def suggestions(store: Store, *, claim_id: int) -> list[Suggestion]:
    """A claim's stored suggestions, best score first."""
    with store.read() as session:
        find_claim(session, claim_id)
        rows = session.scalars(
            select(MatchSuggestionRow)
            .where(MatchSuggestionRow.claim_id == claim_id)
            .order_by(MatchSuggestionRow.score.desc(), MatchSuggestionRow.id)
        ).all()
        return [_suggestion_out(session, row) for row in rows]


def _suggestion_out(session: Session, row: MatchSuggestionRow) -> Suggestion:
    base: dict[str, Any]
    if row.matched_claim_id is not None:
        other = session.get_one(ClaimRow, row.matched_claim_id)
        base = {
            "kind": "claim",
            "id": other.id,
            "text": other.text,
            "verdict": other.evidence_status,
            "state": other.review_state,
        }
    else:
        assert row.fact_check_id is not None
        check = session.get_one(FactCheckRow, row.fact_check_id)
        base = {
            "kind": "fact_check",
            "id": check.id,
            "text": check.claim_reviewed,
            "verdict": check.rating,
            "author": check.author,
            "url": check.url,
        }
    return Suggestion(
        **base,
        score=row.score,
        suggestion_id=row.id,
        claim_id=row.claim_id,
        status=SuggestionStatus(row.status),
    )


def decide(store: Store, *, suggestion_id: int, by: str, confirm: bool) -> Suggestion:
    """Confirm or reject an open suggestion, recorded as a comment event in the claim's history.

    The event goes through the claim's hash-chained review history (so `audit
    verify` covers it) as a comment: it changes neither the verdict nor the
    review state. Copying a confirmed match's verdict stays a reviewer's
    separate ``mark``/``propose``, never an approval.
    """
    with store.write() as session:
        row = session.scalar(
            select(MatchSuggestionRow).where(MatchSuggestionRow.id == suggestion_id)
        )
        if row is None:
            raise NotFound(
                f"no suggestion {suggestion_id}; list them with `factcheck claims similar ID`"
            )
        if row.status != SuggestionStatus.OPEN.value:
            raise InputError(f"suggestion {suggestion_id} is already {row.status}")
        claim, content_hash = lock_claim(session, row.claim_id)
        actor = session.scalar(select(ReviewerRow).where(ReviewerRow.handle == by))
        if actor is None:
            raise people.unknown_reviewer(by)
        people.acting_as(session, actor)
        status = SuggestionStatus.CONFIRMED if confirm else SuggestionStatus.REJECTED
        now = utcnow()
        row.status, row.decided_by_id, row.decided_at = status.value, actor.id, now
        out = _suggestion_out(session, row)
        target = "claim" if out.kind == "claim" else "fact check"
        append_event(
            session,
            claim,
            actor=actor.handle,
            action=ReviewAction.COMMENT,
            from_state=claim.review_state,
            to_state=claim.review_state,
            evidence_status=claim.evidence_status,
            note=f"{status.value} match: {target} {out.id} ({out.verdict or 'no verdict'}), "
            f"score {out.score:.2f}",
            created_at=now,
            stable_id=stable_claim_id(content_hash, claim.span_start, claim.span_end),
            content=row_content_hash(claim, content_hash),
        )
        return out


# --- external fact checks --------------------------------------------------------


class FactCheckIn(BaseModel):
    """An external fact check to store (from a ClaimReview)."""

    claim_reviewed: str
    rating: str | None = None
    rating_value: str | None = None
    author: str | None = None
    url: str | None = None
    date_published: dt.date | None = None

    def content_hash(self) -> str:
        """Same url and claim text: the same fact check (a feed imported twice adds nothing)."""
        key = f"{self.url or ''}\n{self.claim_reviewed}".encode()
        return "sha256:" + hashlib.sha256(key).hexdigest()


def add_fact_checks(store: Store, *, checks: Sequence[FactCheckIn]) -> tuple[int, int]:
    """Store ``checks`` in one transaction; returns (added, already stored)."""
    added = 0
    with store.write() as session:
        known = set(session.scalars(select(FactCheckRow.content_hash)))
        for check in checks:
            key = check.content_hash()
            if key in known:
                continue
            known.add(key)
            session.add(FactCheckRow(content_hash=key, **check.model_dump()))
            added += 1
    return added, len(checks) - added


def count_fact_checks(store: Store) -> int:
    """How many external fact checks are stored."""
    with store.read() as session:
        return session.scalar(select(func.count()).select_from(FactCheckRow)) or 0
