"""schema.org ClaimReview (JSON-LD) for approved claims.

ClaimReview is the markup fact-checks are published in; Google's Fact Check
Explorer and Fact Check Tools API read it. Google requires ``claimReviewed``,
``reviewRating`` (with ``alternateName``) and ``url``; factcheck also fills in
the recommended ``author``, ``datePublished`` and ``itemReviewed``.
``schemas/claimreview.schema.json`` describes exactly what is written.

Verdicts: evidence status → rating on a 1-5 scale. The FEVER and AVeriTeC
labels (the two public fact-verification datasets) come from
:mod:`factcheck.workflow`, the one place that mapping lives:

==============  ==============  ===========  ===============  ==================================
evidence status alternateName   ratingValue  FEVER            AVeriTeC
==============  ==============  ===========  ===============  ==================================
supported       True            5            SUPPORTS         Supported
mixed           Mixed           3            (none)           Conflicting Evidence/Cherrypicking
refuted         False           1            REFUTES          Refuted
unverifiable    Unverifiable    (none)       NOT ENOUGH INFO  Not Enough Evidence
unverified      Unverified      (none)       (none)           (none)
==============  ==============  ===========  ===============  ==================================

``bestRating`` is 5 and ``worstRating`` 1 whenever ``ratingValue`` is given;
verdicts that are not on the true-false scale carry only their words, as
Google allows. FEVER has no "mixed" label.

Who made the claim (``itemReviewed.author``), from the attribution:

- reporter assertion: the outlet (the source's publisher, an Organization);
  without a publisher, the byline as a Person;
- press release: the speaker as an Organization (else the outlet);
- direct or indirect quote, allegation: the speaker as a Person (with
  ``jobTitle`` from the speaker's title);
- unnamed source, or no speaker: no author (the claim's maker is unknown).

The review's ``url`` is ``claimreview_url_pattern`` from the config with
``{id}`` replaced by the claim id, else ``organization_url#<claim id>``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from factcheck.config import Settings
from factcheck.errors import ConfigError, InputError
from factcheck.exchange.collect import SourceInfo
from factcheck.model import AttributionKind, EvidenceStatus
from factcheck.workflow import AVERITEC_LABELS, FEVER_LABELS

BEST_RATING = 5
WORST_RATING = 1


@dataclass(frozen=True)
class Verdict:
    """How one evidence status is published and how it maps to dataset labels."""

    alternate_name: str
    rating_value: int | None
    fever: str | None
    averitec: str | None


_RATINGS: dict[EvidenceStatus, tuple[str, int | None]] = {
    EvidenceStatus.SUPPORTED: ("True", 5),
    EvidenceStatus.MIXED: ("Mixed", 3),
    EvidenceStatus.REFUTED: ("False", 1),
    EvidenceStatus.UNVERIFIABLE: ("Unverifiable", None),
    EvidenceStatus.UNVERIFIED: ("Unverified", None),
}

VERDICTS: dict[EvidenceStatus, Verdict] = {
    status: Verdict(name, value, FEVER_LABELS[status], AVERITEC_LABELS[status])
    for status, (name, value) in _RATINGS.items()
}
"""The one verdict table: ClaimReview rating and FEVER / AVeriTeC labels per status."""


def review_url_for(settings: Settings) -> Any:
    """A function claim id → fact-check URL, or a ConfigError naming the settings to add."""
    pattern = settings.claimreview_url_pattern
    if pattern:
        if "{id}" not in pattern:
            raise ConfigError(
                f"claimreview_url_pattern {pattern!r} has no {{id}}; every review needs its own URL"
            )
        return lambda claim_id: pattern.replace("{id}", quote(claim_id, safe=":"))
    base = settings.organization_url
    if base:
        return lambda claim_id: f"{base.split('#', 1)[0]}#{quote(claim_id, safe=':')}"
    raise ConfigError(
        "ClaimReview needs a URL per fact-check: set claimreview_url_pattern "
        "(e.g. 'https://example.org/checks/{id}') or organization_url in the config file"
    )


def rating(status: str) -> dict[str, Any]:
    """The schema.org Rating for an evidence status."""
    verdict = VERDICTS[EvidenceStatus(status)]
    result: dict[str, Any] = {"@type": "Rating", "alternateName": verdict.alternate_name}
    if verdict.rating_value is not None:
        result.update(
            ratingValue=verdict.rating_value, bestRating=BEST_RATING, worstRating=WORST_RATING
        )
    return result


def _organization(name: str, url: str | None = None) -> dict[str, Any]:
    result: dict[str, Any] = {"@type": "Organization", "name": name}
    if url:
        result["url"] = url
    return result


def claim_author(attribution: dict[str, Any], source: SourceInfo) -> dict[str, Any] | None:
    """Who made the claim, as a schema.org Person or Organization (see module doc)."""
    kind = AttributionKind(attribution["kind"])
    speaker = attribution.get("speaker")
    if kind is AttributionKind.REPORTER_ASSERTION or (
        kind is AttributionKind.PRESS_RELEASE and not speaker
    ):
        if source.publisher:
            return _organization(source.publisher)
        if source.author:
            return {"@type": "Person", "name": source.author}
        return None
    if not speaker or kind in (AttributionKind.UNNAMED_SOURCE, AttributionKind.NOT_A_CLAIM):
        return None
    if kind is AttributionKind.PRESS_RELEASE:
        return _organization(speaker)
    person: dict[str, Any] = {"@type": "Person", "name": speaker}
    if attribution.get("speaker_title"):
        person["jobTitle"] = attribution["speaker_title"]
    return person


def _item_reviewed(claim: dict[str, Any], source: SourceInfo) -> dict[str, Any]:
    item: dict[str, Any] = {"@type": "Claim"}
    author = claim_author(claim["attribution"], source)
    if author is not None:
        item["author"] = author
    if source.published is not None:
        item["datePublished"] = source.published.isoformat()
    if source.url:
        work: dict[str, Any] = {"@type": "CreativeWork", "url": source.url}
        if source.title:
            work["headline"] = source.title
        if source.published is not None:
            work["datePublished"] = source.published.isoformat()
        if source.publisher:
            work["publisher"] = _organization(source.publisher)
        item["appearance"] = [work]
    return item


def claim_review(
    claim: dict[str, Any], source: SourceInfo, *, settings: Settings, url_for: Any = None
) -> dict[str, Any]:
    """The ClaimReview of one approved claim document (see the module doc for the mapping)."""
    approved_at = claim["approved_at"]
    if not approved_at:
        raise InputError(
            f"claim {claim['id']} is not approved; only approved claims have a ClaimReview"
        )
    url_for = url_for or review_url_for(settings)
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "identifier": claim["id"],
        "url": url_for(claim["id"]),
        "claimReviewed": claim["text"],
        "reviewRating": rating(claim["evidence_status"]),
        "author": _organization(settings.organization, settings.organization_url),
        "datePublished": approved_at[:10],
        "itemReviewed": _item_reviewed(claim, source),
    }
