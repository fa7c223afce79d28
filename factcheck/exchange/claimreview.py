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
- direct or indirect quote, allegation: the speaker, typed by what the name
  is (:func:`factcheck.text.speakers.analyse`, the tagger's own reading): a
  Person (with ``jobTitle`` from the speaker's title) or an Organization;
  joint speakers ("Ant Group and NBA China") are two authors;
- unnamed source, or no speaker: no author (the claim's maker is unknown).

Where it appeared (``itemReviewed.appearance`` and ``firstAppearance``): the
source's URL, with its title, date and publisher; factcheck knows no earlier
appearance than the article it read.

``claimReviewed`` is the claim sentence. With ``summary=True`` (``factcheck
export --format claimreview --summary``) it is a short form for Google's
"under 75 characters" guidance: :func:`short_summary`.

The review's ``url``: each review needs a page of its own (Google reads one
ClaimReview per page), so ``claimreview_url_pattern`` from the config file is
required, with ``{id}`` replaced by the claim id, e.g.
``https://factcheck.example.org/checks/{id}``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
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


def review_url_for(settings: Settings) -> Callable[[str], str]:
    """A function claim id → fact-check URL, or a ConfigError naming the setting to add."""
    pattern = settings.claimreview_url_pattern
    if not pattern:
        raise ConfigError(
            "ClaimReview needs one page per fact-check: set claimreview_url_pattern in the "
            "config file, e.g. claimreview_url_pattern = \"https://factcheck.example.org/checks/{id}\""
        )
    if "{id}" not in pattern:
        raise ConfigError(
            f"claimreview_url_pattern {pattern!r} has no {{id}}; every review needs its own URL"
        )
    if not re.match(r"https?://[^\s/{}]+", pattern):
        raise ConfigError(
            f"claimreview_url_pattern {pattern!r} is not an absolute http(s) URL"
        )
    return lambda claim_id: pattern.replace("{id}", quote(claim_id, safe=":"))


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


def _named(name: str, title: str | None, *, organization: bool) -> dict[str, Any]:
    if organization:
        return _organization(name)
    person: dict[str, Any] = {"@type": "Person", "name": name}
    if title:
        person["jobTitle"] = title
    return person


def _speakers(speaker: str) -> list[tuple[str, bool]]:
    """(name, is an organisation) for each speaker named; "X and Y" is two."""
    from factcheck.text.speakers import MEDIA, ORG, analyse

    parts = [speaker]
    if " and " in speaker and not _PREPOSITION_BEFORE_AND.search(speaker):
        parts = [part.strip() for part in speaker.split(" and ") if part.strip()]
    readings = [analyse(part) for part in parts]
    if len(parts) > 1 and not all(r.speaker for r in readings):
        parts, readings = [speaker], [analyse(speaker)]  # "Procter and Gamble"-like names
    return [(part, r.kind in (ORG, MEDIA)) for part, r in zip(parts, readings, strict=True)]


def claim_authors(attribution: dict[str, Any], source: SourceInfo) -> list[dict[str, Any]]:
    """Who made the claim, as schema.org Persons and Organizations (see module doc)."""
    kind = AttributionKind(attribution["kind"])
    speaker = attribution.get("speaker")
    if kind is AttributionKind.REPORTER_ASSERTION or (
        kind is AttributionKind.PRESS_RELEASE and not speaker
    ):
        if source.publisher:
            return [_organization(source.publisher)]
        if source.author:
            return [{"@type": "Person", "name": source.author}]
        return []
    if not speaker or kind in (AttributionKind.UNNAMED_SOURCE, AttributionKind.NOT_A_CLAIM):
        return []
    named = _speakers(speaker)
    title = attribution.get("speaker_title") if len(named) == 1 else None
    press = kind is AttributionKind.PRESS_RELEASE
    return [_named(name, title, organization=press or org) for name, org in named]


def _creative_work(source: SourceInfo) -> dict[str, Any]:
    work: dict[str, Any] = {"@type": "CreativeWork", "url": source.url}
    if source.title:
        work["headline"] = source.title
    if source.published is not None:
        work["datePublished"] = source.published.isoformat()
    if source.updated is not None:
        work["dateModified"] = source.updated.isoformat()
    if source.author:
        work["author"] = _named(source.author, None, organization=False)
    if source.publisher:
        work["publisher"] = _organization(source.publisher)
    return work


def _item_reviewed(claim: dict[str, Any], source: SourceInfo) -> dict[str, Any]:
    item: dict[str, Any] = {"@type": "Claim"}
    authors = claim_authors(claim["attribution"], source)
    if authors:
        item["author"] = authors[0] if len(authors) == 1 else authors
    if source.published is not None:
        item["datePublished"] = source.published.isoformat()
    if source.url:
        item["appearance"] = [_creative_work(source)]
        item["firstAppearance"] = _creative_work(source)
    return item


_PREPOSITION_BEFORE_AND = re.compile(r"\s(?:of|at|for|from|in)\s.*\sand\s")
_QUOTES = re.compile(r"[\"“”„‟«»]")
_LEADING_THAT = re.compile(r"^(?:that\s+)", re.IGNORECASE)
SUMMARY_LIMIT = 75
"""Google's guidance for ``claimReviewed``: under 75 characters."""


def _without_attribution(claim: dict[str, Any]) -> str:
    """The sentence less its attribution clause, when the cue says where that is."""
    text: str = claim["text"]
    cue = claim["attribution"].get("cue")
    if not cue or not claim["attribution"].get("speaker"):
        return text
    at = cue["start"] - claim["span"]["start"]
    if not 0 <= at < len(text):
        return text
    comma = max(text.rfind(",", 0, at), text.rfind(":", 0, at))
    if at > len(text) // 3 and comma > 0:
        return text[:comma]  # "…, Finance Minister Ana Lima said." / "“…,” said X."
    rest = text[cue["end"] - claim["span"]["start"] :].strip(" ,:")
    if cue["text"].lower().startswith("according") and "," in rest:
        return rest.split(",", 1)[1]  # "According to X, Y." → "Y"
    if _LEADING_THAT.match(rest):
        return _LEADING_THAT.sub("", rest)  # "X said that Y." → "Y"
    return text  # "Critics have objected to …": the verb is part of the claim


def short_summary(claim: dict[str, Any], *, limit: int = SUMMARY_LIMIT) -> str:
    """A short form of the claim for ``claimReviewed``: at most ``limit`` characters.

    The sentence without its attribution ("…, the minister said") and quotation
    marks, cut at a word boundary with an ellipsis when still too long. The
    full sentence stays the claim itself (its id names it).
    """
    core = " ".join(_QUOTES.sub("", _without_attribution(claim)).split()).strip(" ,;:")
    core = core.rstrip(".") or " ".join(claim["text"].split())
    core = core[0].upper() + core[1:]
    if len(core) <= limit:
        return core
    cut = core.rfind(" ", 0, limit - 1)
    return core[: cut if cut > limit // 2 else limit - 1].rstrip(" ,;:") + "…"


def claim_review(
    claim: dict[str, Any],
    source: SourceInfo,
    *,
    settings: Settings,
    url_for: Callable[[str], str] | None = None,
    summary: bool = False,
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
        "claimReviewed": short_summary(claim) if summary else claim["text"],
        "reviewRating": rating(claim["evidence_status"]),
        "author": _organization(settings.organization, settings.organization_url),
        "datePublished": approved_at[:10],
        "itemReviewed": _item_reviewed(claim, source),
    }
