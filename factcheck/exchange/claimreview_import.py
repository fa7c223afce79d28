"""Import other fact-checkers' ClaimReview JSON-LD as external fact checks.

Accepted shapes, as published in the wild:

- one ClaimReview object, a JSON list of them, or an object with an ``@graph`` list;
- a schema.org DataFeed (Google's and Data Commons' fact-check feeds): the
  ClaimReviews in ``dataFeedElement[].item``;
- a Google Fact Check Tools API answer: ``claims[].claimReview[]`` with
  ``textualRating``, ``publisher`` and ``reviewDate``.

Each fact check keeps claimReviewed, the rating (its alternateName, else its
ratingValue), the author's name, the url and the publication date. The whole
file is checked before anything is stored, and stored in one transaction: a
bad feed prints one line naming the first bad item and leaves the database as
it was. Re-importing a feed adds only fact checks not stored yet.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from factcheck.errors import InputError
from factcheck.exchange.jsonio import DEFAULT_MAX_BYTES, read_json_file
from factcheck.model import check_storable_text
from factcheck.store.engine import Store
from factcheck.store.matching import FactCheckIn, add_fact_checks


def _types(node: dict[str, Any]) -> set[str]:
    kind = node.get("@type")
    names = kind if isinstance(kind, list) else [kind]
    return {str(name).rsplit("/", 1)[-1] for name in names if name is not None}


def _reviews(document: Any) -> Iterator[tuple[str, dict[str, Any]]]:
    """(where, item) for every review-like object, in document order."""
    if isinstance(document, list):
        for n, item in enumerate(document):
            yield from (_inner(f"item {n + 1}", item))
        return
    if not isinstance(document, dict):
        raise InputError("expected a ClaimReview object, a list of them or a feed")
    yield from _inner("document", document)


def _inner(where: str, node: Any) -> Iterator[tuple[str, dict[str, Any]]]:
    if not isinstance(node, dict):
        raise InputError(f"{where} is not a JSON object")
    if "ClaimReview" in _types(node):
        yield where, node
    elif isinstance(node.get("@graph"), list):
        for n, item in enumerate(node["@graph"]):
            yield from _inner(f"@graph[{n}]", item)
    elif isinstance(node.get("dataFeedElement"), list):
        for n, element in enumerate(node["dataFeedElement"]):
            if not isinstance(element, dict):
                raise InputError(f"dataFeedElement[{n}] is not a JSON object")
            items = element.get("item", [])
            for m, item in enumerate(items if isinstance(items, list) else [items]):
                yield from _inner(f"dataFeedElement[{n}].item[{m}]", item)
    elif isinstance(node.get("claims"), list):  # Fact Check Tools API
        for n, claim in enumerate(node["claims"]):
            if not isinstance(claim, dict) or not isinstance(claim.get("claimReview"), list):
                raise InputError(f"claims[{n}] has no claimReview list")
            for m, item in enumerate(claim["claimReview"]):
                if not isinstance(item, dict):
                    raise InputError(f"claims[{n}].claimReview[{m}] is not a JSON object")
                yield f"claims[{n}].claimReview[{m}]", {"_api_claim": claim, **item}
    else:
        raise InputError(f"{where} is not a ClaimReview (no @type ClaimReview, @graph or feed)")


def _text(where: str, field: str, value: Any, *, required: bool = False) -> str | None:
    if value is None or value == "":
        if required:
            raise InputError(f"{where} has no {field}")
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise InputError(f"{where}: {field} must be text, not {type(value).__name__}")
    try:
        return check_storable_text(value.strip()) or None
    except ValueError as exc:
        raise InputError(f"{where}: {field} is refused: {exc}") from None


def _name(where: str, field: str, value: Any) -> str | None:
    if isinstance(value, list):
        names = [_name(where, field, item) for item in value]
        return ", ".join(name for name in names if name) or None
    if isinstance(value, dict):
        return _text(where, f"{field}.name", value.get("name"))
    return _text(where, field, value)


def _date(where: str, value: Any) -> dt.date | None:
    text = _text(where, "datePublished", value)
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        raise InputError(f"{where}: datePublished {text!r} is not an ISO date") from None


def _fact_check(where: str, item: dict[str, Any]) -> FactCheckIn:
    api_claim = item.get("_api_claim")
    if isinstance(api_claim, dict):
        claim = _text(where, "text", api_claim.get("text"), required=True)
        assert claim is not None
        return FactCheckIn(
            claim_reviewed=claim,
            rating=_text(where, "textualRating", item.get("textualRating")),
            author=_name(where, "publisher", item.get("publisher")),
            url=_text(where, "url", item.get("url")),
            date_published=_date(where, item.get("reviewDate")),
        )
    claim = _text(where, "claimReviewed", item.get("claimReviewed"), required=True)
    assert claim is not None
    rating = item.get("reviewRating")
    if isinstance(rating, list):
        rating = rating[0] if rating else None
    if rating is not None and not isinstance(rating, dict):
        raise InputError(f"{where}: reviewRating must be an object")
    rating = rating or {}
    value = _text(where, "reviewRating.ratingValue", rating.get("ratingValue"))
    return FactCheckIn(
        claim_reviewed=claim,
        rating=_text(where, "reviewRating.alternateName", rating.get("alternateName")) or value,
        rating_value=value,
        author=_name(where, "author", item.get("author")),
        url=_text(where, "url", item.get("url")),
        date_published=_date(where, item.get("datePublished")),
    )


def parse_claimreview(document: Any) -> list[FactCheckIn]:
    """The fact checks in a parsed ClaimReview document (see the module doc); InputError if bad.

    ``document`` may also be the file's bytes.
    """
    if isinstance(document, bytes | str):
        from factcheck.exchange.jsonio import parse_json

        text = document.decode("utf-8-sig") if isinstance(document, bytes) else document
        document = parse_json(text)
    checks = [_fact_check(where, item) for where, item in _reviews(document)]
    if not checks:
        raise InputError("no ClaimReview found")
    return checks


def import_claimreview_file(
    store: Store, path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES
) -> tuple[int, int]:
    """Import the ClaimReview file at ``path`` (``-`` for stdin): (added, already stored)."""
    document = read_json_file(path, max_bytes=max_bytes)
    try:
        checks = parse_claimreview(document)
    except InputError as exc:
        raise InputError(f"{path}: {exc}") from None
    return add_fact_checks(store, checks=checks)
