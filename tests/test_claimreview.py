"""schema.org ClaimReview export: Google's required fields, the verdict mapping, authors,
one URL per review, where the claim appeared, and the short summary."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from _exchange_helpers import BUDGET, PINNED_AT, export_document, seed

from factcheck.config import load_settings
from factcheck.errors import ConfigError, InputError
from factcheck.exchange.claimreview import VERDICTS, claim_authors, rating
from factcheck.exchange.collect import ExportFilters, SourceInfo
from factcheck.exchange.export import ExportFormat, export
from factcheck.exchange.validate import validator
from factcheck.model import EvidenceStatus, content_hash, stable_claim_id
from factcheck.store.engine import Store
from factcheck.workflow import AVERITEC_LABELS, FEVER_LABELS

PATTERN = "https://checks.example.org/reviews/{id}"


def configure(home: Path, **values: str) -> None:
    home.mkdir(parents=True, exist_ok=True)
    lines = [f"{key} = {json.dumps(value)}" for key, value in values.items()]
    (home / "config.toml").write_text("\n".join(lines) + "\n")


@pytest.fixture
def configured(isolated_settings: Path) -> Path:
    configure(
        isolated_settings,
        organization="Example Checks",
        organization_url="https://checks.example.org",
        claimreview_url_pattern=PATTERN,
    )
    return isolated_settings


def reviews(store: Store, tmp_path: Path, **options: Any) -> list[dict[str, Any]]:
    target = tmp_path / "claimreview.json"
    export(
        store,
        output=target,
        format=ExportFormat.CLAIMREVIEW,
        force=True,
        settings=load_settings(),
        generated_at=PINNED_AT,
        **options,
    )
    items: list[dict[str, Any]] = json.loads(target.read_text())
    return items


def test_every_approved_claim_gets_a_valid_claimreview(
    store: Store, configured: Path, tmp_path: Path
) -> None:
    seed(store)
    items = reviews(store, tmp_path)

    assert len(items) == 4
    assert all(validator("claimreview").is_valid(item) for item in items)
    for item in items:
        assert {"claimReviewed", "reviewRating", "url"} <= set(item)
        assert item["reviewRating"]["alternateName"]


def test_a_quoted_claim_review_in_full(store: Store, configured: Path, tmp_path: Path) -> None:
    seed(store)
    start = BUDGET.index("The budget will grow")
    end = BUDGET.index("Monday.") + len("Monday.")
    claim_id = stable_claim_id(content_hash(BUDGET), start, end)
    item = next(i for i in reviews(store, tmp_path) if i["identifier"] == claim_id)
    claims = export_document(store, tmp_path)["claims"]
    approved_on = next(c for c in claims if c["id"] == claim_id)["approved_at"][:10]

    assert item == {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "identifier": claim_id,
        "url": PATTERN.replace("{id}", claim_id),
        "claimReviewed": BUDGET[start:end],
        "reviewRating": {
            "@type": "Rating",
            "alternateName": "True",
            "ratingValue": 5,
            "bestRating": 5,
            "worstRating": 1,
        },
        "author": {
            "@type": "Organization",
            "name": "Example Checks",
            "url": "https://checks.example.org",
        },
        "datePublished": approved_on,
        "itemReviewed": {
            "@type": "Claim",
            "author": {"@type": "Person", "name": "Ana Lima", "jobTitle": "Finance Minister"},
            "datePublished": "2024-05-20",
            "appearance": [
                {
                    "@type": "CreativeWork",
                    "url": "https://news.example.org/2024/05/budget",
                    "headline": "Minister says budget will grow",
                    "datePublished": "2024-05-20",
                    "author": {"@type": "Person", "name": "Jo Writer"},
                    "publisher": {"@type": "Organization", "name": "The Example Times"},
                }
            ],
            "firstAppearance": {
                "@type": "CreativeWork",
                "url": "https://news.example.org/2024/05/budget",
                "headline": "Minister says budget will grow",
                "datePublished": "2024-05-20",
                "author": {"@type": "Person", "name": "Jo Writer"},
                "publisher": {"@type": "Organization", "name": "The Example Times"},
            },
        },
    }


def test_reporter_assertions_are_credited_to_the_outlet(
    store: Store, configured: Path, tmp_path: Path
) -> None:
    seed(store)
    by_text = {i["claimReviewed"][:20]: i for i in reviews(store, tmp_path)}

    portown = by_text["The city of Portown "]
    assert portown["itemReviewed"]["author"] == {
        "@type": "Organization",
        "name": "The Example Times",
    }
    assert portown["reviewRating"] == {
        "@type": "Rating",
        "alternateName": "Mixed",
        "ratingValue": 3,
        "bestRating": 5,
        "worstRating": 1,
    }
    harbour = by_text["The harbour reopened"]
    # No publisher, byline or URL known: no author and no appearance, still valid.
    assert harbour["itemReviewed"] == {"@type": "Claim", "datePublished": "2023-11-03"}


SOURCE = SourceInfo(
    row_id=1,
    content_hash="sha256:" + "0" * 64,
    kind="news_article",
    title=None,
    url=None,
    publisher="The Example Times",
    author="Jo Writer",
    published=None,
)


ANA = {"@type": "Person", "name": "Ana Lima"}
TIMES = {"@type": "Organization", "name": "The Example Times"}


@pytest.mark.parametrize(
    ("kind", "speaker", "title", "expected"),
    [
        ("reporter_assertion", None, None, [TIMES]),
        ("direct_quote", "Ana Lima", None, [ANA]),
        (
            "indirect_quote",
            "Sam Reyes",
            "Port director",
            [{"@type": "Person", "name": "Sam Reyes", "jobTitle": "Port director"}],
        ),
        ("alleged", "Jo Doe", None, [{"@type": "Person", "name": "Jo Doe"}]),
        ("press_release", "Acme Corp", None, [{"@type": "Organization", "name": "Acme Corp"}]),
        ("press_release", None, None, [TIMES]),
        # A quoted organisation is an Organization, not a Person called "NBA China".
        ("direct_quote", "NBA China", None, [{"@type": "Organization", "name": "NBA China"}]),
        ("indirect_quote", "Reuters", None, [{"@type": "Organization", "name": "Reuters"}]),
        # Joint speakers are two authors, each typed; a title belongs to neither alone.
        (
            "press_release",
            "Ant Group and NBA China",
            None,
            [
                {"@type": "Organization", "name": "Ant Group"},
                {"@type": "Organization", "name": "NBA China"},
            ],
        ),
        (
            "direct_quote",
            "Ana Lima and Sam Reyes",
            "ministers",
            [ANA, {"@type": "Person", "name": "Sam Reyes"}],
        ),
        # An "and" inside a name after "of" is part of the outlet's name.
        (
            "indirect_quote",
            "Matthew Ingram of The Globe and Mail",
            None,
            [{"@type": "Person", "name": "Matthew Ingram of The Globe and Mail"}],
        ),
        ("unnamed_source", None, None, []),
        ("direct_quote", None, None, []),
        ("not_a_claim", "Ana Lima", None, []),
    ],
)
def test_claim_authors_from_the_attribution(
    kind: str, speaker: str | None, title: str | None, expected: list[dict[str, str]]
) -> None:
    attribution = {"kind": kind, "speaker": speaker, "speaker_title": title}
    assert claim_authors(attribution, SOURCE) == expected


def test_without_a_publisher_the_byline_is_the_outlet_author() -> None:
    source = SourceInfo(**{**SOURCE.__dict__, "publisher": None})
    assert claim_authors({"kind": "reporter_assertion"}, source) == [
        {"@type": "Person", "name": "Jo Writer"}
    ]


def test_joint_speakers_are_published_as_an_author_array(
    store: Store, configured: Path, tmp_path: Path
) -> None:
    from _exchange_helpers import add_people, build_extraction, claim_ids, verify_claim

    from factcheck.model import AttributionKind, SourceMeta
    from factcheck.store.ingest import ingest

    text = "Deal\n\nAnt Group and NBA China said the deal starts in May.\n"
    extraction = build_extraction(
        text,
        SourceMeta(url="https://news.example.org/deal"),
        [("Ant Group", AttributionKind.PRESS_RELEASE, "Ant Group and NBA China", None, "said", [])],
    )
    add_people(store)
    (claim,) = claim_ids(store, ingest(store, extraction).source_id)
    verify_claim(store, claim, EvidenceStatus.SUPPORTED)
    (item,) = reviews(store, tmp_path)

    assert item["itemReviewed"]["author"] == [
        {"@type": "Organization", "name": "Ant Group"},
        {"@type": "Organization", "name": "NBA China"},
    ]
    assert validator("claimreview").is_valid(item)


def test_verdict_table() -> None:
    assert {
        s.value: (rating(s.value)["alternateName"], rating(s.value).get("ratingValue"))
        for s in EvidenceStatus
    } == {
        "supported": ("True", 5),
        "mixed": ("Mixed", 3),
        "refuted": ("False", 1),
        "unverifiable": ("Unverifiable", None),
        "unverified": ("Unverified", None),
    }
    assert rating("unverifiable") == {"@type": "Rating", "alternateName": "Unverifiable"}
    for status, verdict in VERDICTS.items():
        assert (verdict.fever, verdict.averitec) == (FEVER_LABELS[status], AVERITEC_LABELS[status])


def test_the_organization_page_alone_is_not_a_review_url(
    store: Store, isolated_settings: Path, tmp_path: Path
) -> None:
    # Google reads one ClaimReview per page: a fragment of the home page is not one.
    configure(
        isolated_settings,
        organization="Example Checks",
        organization_url="https://checks.example.org/",
    )
    seed(store)
    with pytest.raises(ConfigError) as raised:
        reviews(store, tmp_path)
    assert str(raised.value) == (
        "ClaimReview needs one page per fact-check: set claimreview_url_pattern in the "
        'config file, e.g. claimreview_url_pattern = "https://factcheck.example.org/checks/{id}"'
    )
    assert not (tmp_path / "claimreview.json").exists()


def test_every_review_has_its_own_url(store: Store, configured: Path, tmp_path: Path) -> None:
    seed(store)
    items = reviews(store, tmp_path)
    assert len({i["url"] for i in items}) == len(items) == 4
    assert all(i["url"] == PATTERN.replace("{id}", i["identifier"]) for i in items)


def test_a_relative_pattern_is_refused(
    store: Store, isolated_settings: Path, tmp_path: Path
) -> None:
    configure(isolated_settings, claimreview_url_pattern="/checks/{id}")
    with pytest.raises(ConfigError, match="not an absolute http"):
        reviews(store, tmp_path)


def test_summary_keeps_claim_reviewed_under_75_characters(
    store: Store, configured: Path, tmp_path: Path
) -> None:
    seed(store)
    full = {i["identifier"]: i for i in reviews(store, tmp_path)}
    short = {i["identifier"]: i for i in reviews(store, tmp_path, summary=True)}
    summaries = sorted(i["claimReviewed"] for i in short.values())

    # The attribution clause and the quotation marks go; the claim's words stay.
    assert summaries == [
        "The budget will grow by 4 percent next year",
        "The city of Portown has 120,000 residents",
        "The harbour reopened on Friday after a two-week closure",
        "We will not raise taxes",
    ]
    # Everything else is the same review.
    for claim_id, item in short.items():
        assert {**item, "claimReviewed": None} == {**full[claim_id], "claimReviewed": None}


def test_a_long_claim_is_cut_at_a_word_with_an_ellipsis() -> None:
    from factcheck.exchange.claimreview import short_summary

    text = (
        "The new harbour wall, which cost more than any public project in the region's "
        "history, will protect 4,000 homes."
    )
    claim = {"text": text, "span": {"start": 0}, "attribution": {"speaker": None, "cue": None}}
    summary = short_summary(claim)

    assert summary == "The new harbour wall, which cost more than any public project in the…"
    assert len(summary) <= 75 and text.startswith(summary[:-1])


def test_summary_is_only_for_claimreview(store: Store, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="--summary"):
        export(store, output=tmp_path / "x.json", format="json", summary=True)


def test_without_any_url_setting_nothing_is_written(
    store: Store, isolated_settings: Path, tmp_path: Path
) -> None:
    seed(store)
    with pytest.raises(ConfigError, match="claimreview_url_pattern"):
        reviews(store, tmp_path)
    assert not (tmp_path / "claimreview.json").exists()


def test_a_pattern_without_an_id_is_refused(
    store: Store, isolated_settings: Path, tmp_path: Path
) -> None:
    configure(isolated_settings, claimreview_url_pattern="https://checks.example.org/all")
    with pytest.raises(ConfigError, match="has no {id}"):
        reviews(store, tmp_path)


def test_only_approved_claims_can_be_published(
    store: Store, configured: Path, tmp_path: Path
) -> None:
    with pytest.raises(InputError, match="only approved claims"):
        reviews(store, tmp_path, filters=ExportFilters(states=()))


@pytest.mark.parametrize(
    ("text", "cue", "expected"),
    [
        ("Ana Lima said that the budget will grow.", "said", "The budget will grow"),
        ("According to the ministry, fares will rise.", "According to", "Fares will rise"),
        ("“Fares will rise,” Lima said.", "said", "Fares will rise"),
        # The verb belongs to the claim: cutting after it would leave a fragment.
        ("Critics objected to the plan.", "objected", "Critics objected to the plan"),
    ],
)
def test_summary_drops_only_a_separable_attribution(text: str, cue: str, expected: str) -> None:
    from factcheck.exchange.claimreview import short_summary

    at = text.index(cue)
    claim = {
        "text": text,
        "span": {"start": 0},
        "attribution": {"speaker": "X", "cue": {"text": cue, "start": at, "end": at + len(cue)}},
    }
    assert short_summary(claim) == expected


def test_the_page_byline_travels_with_the_appearance(
    store: Store, configured: Path, tmp_path: Path
) -> None:
    """Where the claim appeared carries the page's author too (the inputs issue)."""
    from factcheck.store.sources import SourceMetaUpdate, edit_source

    ids = seed(store)
    source_id = ingest_source_id(store, ids["budget"][0])
    edit_source(
        store, source_id=source_id, by="ana",
        changes=SourceMetaUpdate.model_validate({"author": "Rui Costa"}), reason="byline",
    )
    budget = [
        item for item in reviews(store, tmp_path)
        if "budget" in item["itemReviewed"].get("firstAppearance", {}).get("url", "")
    ]
    assert budget and all(
        item["itemReviewed"]["firstAppearance"]["author"]
        == {"@type": "Person", "name": "Rui Costa"}
        for item in budget
    )


def ingest_source_id(store: Store, claim_id: int) -> int:
    from factcheck.store.claims import get_claim

    return get_claim(store, claim_id=claim_id).source_id
