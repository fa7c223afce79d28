""" "Checked before?": matching claims against reviewed claims and imported fact checks.

Storage tests run on SQLite and PostgreSQL (the ``store`` fixture); CLI tests
on SQLite. Expected matches are derived from the seeded texts, not hard-coded
scores: a paraphrase must find its original first, unrelated text nothing.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from factcheck.cli.main import cli
from factcheck.model import EvidenceStatus, SourceMeta
from factcheck.store import matching, review
from factcheck.store.engine import Store
from factcheck.store.ingest import ingest
from factcheck.store.tables import MatchSuggestionRow, ReviewEventRow
from factcheck.text.extract import extract
from tests._exchange_helpers import claim_ids, seed

PARAPHRASE = "Next year the budget will grow by four percent, the finance minister Ana Lima said."
UNRELATED = "Zebras graze quietly on savannah grasslands during winter droughts."

FEED: dict[str, Any] = {
    "@context": "https://schema.org",
    "@graph": [
        {
            "@type": "ClaimReview",
            "claimReviewed": "Portown will close two hospitals next year",
            "url": "https://checker.example.org/portown-hospitals",
            "datePublished": "2024-05-07",
            "author": {"@type": "Organization", "name": "Example Checks"},
            "reviewRating": {"@type": "Rating", "ratingValue": 1, "alternateName": "False"},
        },
        {
            "@type": "ClaimReview",
            "claimReviewed": "Acme Corp profits tripled last quarter",
            "url": "https://checker.example.org/acme-profits",
            "author": {"@type": "Organization", "name": "Other Checks"},
            "reviewRating": {"@type": "Rating", "alternateName": "Misleading"},
        },
    ],
}


def _texts(store: Store, ids: list[int]) -> dict[int, str]:
    from factcheck.store.claims import get_claim

    return {claim_id: get_claim(store, claim_id=claim_id).text for claim_id in ids}


def _new_article(store: Store, text: str) -> list[int]:
    meta = SourceMeta(title="New article", url="https://news.example.org/new")
    return claim_ids(store, ingest(store, extract(text, meta=meta)).source_id)


def test_a_paraphrase_finds_the_reviewed_claim_first(store: Store) -> None:
    seeded = seed(store)
    budget = seeded["budget"]
    original = _texts(store, [budget[0]])[budget[0]]
    found = matching.match_text(store, text=PARAPHRASE, limit=3)
    assert found, "a paraphrase of an approved claim found nothing"
    best = found[0]
    assert (best.kind, best.id, best.text) == ("claim", budget[0], original)
    assert best.verdict == EvidenceStatus.SUPPORTED.value and best.state == "approved"
    assert 0.0 < best.score <= 1.0
    assert best.score >= matching.DEFAULT_THRESHOLD


def test_unreviewed_claims_and_unrelated_text_are_not_matched(store: Store) -> None:
    seeded = seed(store)
    pending = seeded["budget"][4]  # still pending: not "checked before"
    pending_text = _texts(store, [pending])[pending]
    hits = matching.match_text(store, text=pending_text, limit=10)
    assert pending not in [m.id for m in hits if m.kind == "claim"]
    assert matching.match_text(store, text=UNRELATED, threshold=0.5) == []
    assert matching.match_text(store, text="the of and", limit=5) == []


def test_similar_claims_of_a_new_article_skip_its_own_source(store: Store) -> None:
    seeded = seed(store)
    new_ids = _new_article(store, PARAPHRASE + "\n")
    found = matching.similar_claims(store, claim_id=new_ids[0], limit=5)
    assert found and found[0].id == seeded["budget"][0]
    assert all(m.id not in new_ids for m in found if m.kind == "claim")
    # An approved claim asked about itself does not find itself.
    own = matching.similar_claims(store, claim_id=seeded["budget"][0], limit=10)
    assert seeded["budget"][0] not in [m.id for m in own if m.kind == "claim"]


def test_fts_operators_in_text_are_plain_words(store: Store) -> None:
    seed(store)
    for text in ('budget AND "grow" NEAR(x) OR -minus*', "c'est l'été — ça grandit", "100% (4)"):
        matching.match_text(store, text=text)  # must not raise a query syntax error


def test_imported_fact_checks_are_matched_and_deduplicated(store: Store) -> None:
    from factcheck.exchange.claimreview_import import parse_claimreview

    checks = parse_claimreview(json.dumps(FEED).encode())
    assert [c.claim_reviewed for c in checks] == [item["claimReviewed"] for item in FEED["@graph"]]
    assert checks[0].rating == "False" and checks[0].rating_value == "1"
    assert checks[0].author == "Example Checks"
    assert str(checks[0].date_published) == "2024-05-07"
    assert matching.add_fact_checks(store, checks=checks) == (2, 0)
    assert matching.add_fact_checks(store, checks=checks) == (0, 2)
    assert matching.count_fact_checks(store) == 2
    found = matching.match_text(store, text="Officials say Portown will close two hospitals")
    assert found[0].kind == "fact_check"
    assert found[0].url == FEED["@graph"][0]["url"] and found[0].verdict == "False"


def test_suggestions_are_stored_once_and_decided_as_audited_events(store: Store) -> None:
    seeded = seed(store)
    new_id = _new_article(store, PARAPHRASE + "\n")[0]
    stored = matching.suggestions(store, claim_id=new_id)  # stored by the ingest itself
    assert stored and all(item.score >= matching.DEFAULT_THRESHOLD for item in stored)
    assert matching.suggest(store, claim_ids=[new_id]) == 0  # nothing new the second time
    assert stored[0].id == seeded["budget"][0] and stored[0].status.value == "open"

    before = len(review_history(store, new_id))
    decided = matching.decide(store, suggestion_id=stored[0].suggestion_id, by="rita", confirm=True)
    assert decided.status.value == "confirmed"
    after = matching.suggestions(store, claim_id=new_id)
    assert after[0].status.value == "confirmed"
    events = review_history(store, new_id)
    assert len(events) == before + 1 and events[-1][0] == "comment"
    assert f"claim {seeded['budget'][0]}" in events[-1][1]
    with pytest.raises(Exception, match="already confirmed"):
        matching.decide(store, suggestion_id=stored[0].suggestion_id, by="rita", confirm=False)
    # The claim's own verdict is untouched: confirming never approves.
    from factcheck.store.claims import get_claim

    assert get_claim(store, claim_id=new_id).state.value == "pending"

    from factcheck.store.audit import verify

    assert verify(store).ok


def review_history(store: Store, claim_id: int) -> list[tuple[str, str | None]]:
    with store.read() as session:
        rows = session.execute(
            select(ReviewEventRow.action, ReviewEventRow.note)
            .where(ReviewEventRow.claim_id == claim_id)
            .order_by(ReviewEventRow.seq)
        ).all()
    return [(row[0], row[1]) for row in rows]


def test_unknown_reviewer_cannot_decide_and_nothing_changes(store: Store) -> None:
    seed(store)
    new_id = _new_article(store, PARAPHRASE + "\n")[0]
    suggestion = matching.suggestions(store, claim_id=new_id)[0].suggestion_id
    with pytest.raises(Exception, match="nobody"):
        matching.decide(store, suggestion_id=suggestion, by="nobody", confirm=True)
    with store.read() as session:
        statuses = set(session.scalars(select(MatchSuggestionRow.status)))
        assert statuses == {"open"}
        assert session.scalar(select(func.count()).select_from(MatchSuggestionRow)) >= 1


# --- CLI (SQLite) -------------------------------------------------------------------


@pytest.fixture
def cli_db(tmp_path: Path) -> tuple[str, dict[str, list[int]]]:
    from factcheck.store import migrate
    from factcheck.store.engine import open_store

    url = f"sqlite:///{tmp_path / 'cli.db'}"
    plain = Store(url)
    migrate.upgrade(plain, "head")
    plain.close()
    opened = open_store(url)
    try:
        seeded = seed(opened)
        seeded["new"] = _new_article(opened, PARAPHRASE + "\n")
    finally:
        opened.close()
    return url, seeded


def run(url: str, *args: str) -> Any:
    return CliRunner().invoke(cli, ["--db", url, *args])


def test_cli_claims_similar_lists_the_match(cli_db: tuple[str, dict[str, list[int]]]) -> None:
    url, seeded = cli_db
    new_id = seeded["new"][0]
    result = run(url, "claims", "similar", str(new_id))
    assert result.exit_code == 0, result.output
    first = result.output.splitlines()[0]
    assert first.startswith(f"claim {seeded['budget'][0]} — supported, approved — ")
    as_json = json.loads(run(url, "claims", "similar", str(new_id), "--json").output)
    assert as_json[0]["id"] == seeded["budget"][0] and as_json[0]["kind"] == "claim"


def test_cli_save_confirm_and_errors(cli_db: tuple[str, dict[str, list[int]]]) -> None:
    url, seeded = cli_db
    new_id = seeded["new"][0]
    saved = run(url, "claims", "similar", str(new_id), "--save", "--json")
    assert saved.exit_code == 0, saved.output
    suggestion = json.loads(saved.output)[0]["suggestion_id"]
    listed = run(url, "suggestions", "list", str(new_id))
    assert f"[{suggestion} open] claim {seeded['budget'][0]}" in listed.output
    ok = run(url, "--as", "rita", "suggestions", "confirm", str(suggestion))
    assert ok.exit_code == 0 and ok.output.startswith(f"confirmed suggestion {suggestion}")
    again = run(url, "--as", "rita", "suggestions", "reject", str(suggestion))
    assert again.exit_code == 1 and again.output.count("\n") == 1
    assert "already confirmed" in again.output
    missing = run(url, "claims", "similar", "999999")
    assert missing.exit_code == 1 and "no claim 999999" in missing.output
    assert "Traceback" not in missing.output
    assert run(url, "suggestions", "confirm", "99999").exit_code == 1


# --- ClaimReview import ------------------------------------------------------------

DATAFEED: dict[str, Any] = {
    "@context": "https://schema.org",
    "@type": "DataFeed",
    "dataFeedElement": [
        {
            "@type": "DataFeedItem",
            "item": [
                {
                    "@type": "ClaimReview",
                    "claimReviewed": "Portown has 500,000 residents",
                    "url": "https://feed.example.org/1",
                    "author": [{"@type": "Organization", "name": "Feed Checks"}],
                    "reviewRating": {"@type": "Rating", "alternateName": "Exaggerated"},
                    "datePublished": "2024-06-01T10:00:00Z",
                }
            ],
        },
        {
            "@type": "DataFeedItem",
            "item": {"@type": "ClaimReview", "claimReviewed": "Acme never made a profit"},
        },
    ],
}
API: dict[str, Any] = {
    "claims": [
        {
            "text": "The budget will shrink by 4 percent",
            "claimant": "A blogger",
            "claimReview": [
                {
                    "publisher": {"name": "API Checks", "site": "api.example.org"},
                    "url": "https://api.example.org/budget",
                    "reviewDate": "2024-05-30T00:00:00Z",
                    "textualRating": "False",
                }
            ],
        }
    ]
}


def test_feed_shapes_parse_to_the_same_fields() -> None:
    from factcheck.exchange.claimreview_import import parse_claimreview

    feed = parse_claimreview(DATAFEED)
    items = [element["item"] for element in DATAFEED["dataFeedElement"]]
    assert [c.claim_reviewed for c in feed] == [
        items[0][0]["claimReviewed"],
        items[1]["claimReviewed"],
    ]
    assert feed[0].author == "Feed Checks" and feed[0].rating == "Exaggerated"
    assert str(feed[0].date_published) == "2024-06-01" and feed[1].rating is None
    api = parse_claimreview(API)
    review_item = API["claims"][0]["claimReview"][0]
    assert api[0].claim_reviewed == API["claims"][0]["text"]
    assert (api[0].rating, api[0].author, api[0].url) == (
        review_item["textualRating"],
        review_item["publisher"]["name"],
        review_item["url"],
    )
    single = parse_claimreview(FEED["@graph"][1])
    assert len(single) == 1 and single[0].rating == "Misleading"


def _write(tmp_path: Path, name: str, content: Any) -> str:
    path = tmp_path / name
    path.write_text(content if isinstance(content, str) else json.dumps(content), "utf-8")
    return str(path)


def _fact_check_count(url: str) -> int:
    from factcheck.store.engine import open_store

    opened = open_store(url)
    try:
        return matching.count_fact_checks(opened)
    finally:
        opened.close()


def test_cli_import_claimreview_then_match(
    cli_db: tuple[str, dict[str, list[int]]], tmp_path: Path
) -> None:
    url, seeded = cli_db
    feed = _write(tmp_path, "feed.json", FEED)
    first = run(url, "import", "--format", "claimreview", feed)
    assert first.exit_code == 0, first.output
    assert first.output.strip() == f"imported {feed}: 2 fact check(s) added, 0 already stored"
    again = run(url, "import", "--format", "claimreview", feed, "--json")
    assert json.loads(again.output) == {"added": 0, "already_stored": 2}
    # Claim "Officials reportedly plan to close two hospitals" of the budget article
    # now finds the imported hospitals fact check.
    hospitals = seeded["budget"][3]
    shown = run(url, "claims", "similar", str(hospitals), "--json")
    kinds = [(m["kind"], m["url"]) for m in json.loads(shown.output)]
    assert ("fact_check", FEED["@graph"][0]["url"]) in kinds


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("{not json", "feed.json"),
        ([{"@type": "ClaimReview"}], "item 1 has no claimReviewed"),
        ({"@type": "Article", "headline": "x"}, "is not a ClaimReview"),
        (
            {
                "@graph": [
                    FEED["@graph"][0],
                    {"@type": "ClaimReview", "claimReviewed": 5.5, "datePublished": "yesterday"},
                ]
            },
            "@graph[1]: datePublished 'yesterday' is not an ISO date",
        ),
        ({"@graph": []}, "no ClaimReview found"),
        (
            {"@type": "ClaimReview", "claimReviewed": "x", "reviewRating": "False"},
            "reviewRating must be an object",
        ),
    ],
)
def test_cli_bad_feeds_are_one_line_and_store_nothing(
    cli_db: tuple[str, dict[str, list[int]]], tmp_path: Path, content: Any, expected: str
) -> None:
    url, _ = cli_db
    path = _write(tmp_path, "feed.json", content)
    result = run(url, "import", "--format", "claimreview", path)
    assert result.exit_code == 1
    assert result.output.count("\n") == 1 and expected in result.output, result.output
    assert "Traceback" not in result.output
    assert _fact_check_count(url) == 0


def test_ingest_stores_suggestions_only_above_the_threshold(store: Store) -> None:
    seeded = seed(store)
    new_ids = _new_article(store, PARAPHRASE + "\n\n" + UNRELATED + "\n")
    assert len(new_ids) == 2
    first, second = (matching.suggestions(store, claim_id=i) for i in new_ids)
    assert [s.id for s in first][:1] == [seeded["budget"][0]]
    assert second == []
    # Below the threshold the same pair is still found on demand, just not stored.
    shown = matching.similar_claims(store, claim_id=new_ids[1], threshold=0.0)
    assert all(m.score < matching.DEFAULT_THRESHOLD for m in shown)


def test_a_reopened_claim_leaves_the_matching_pool(store: Store) -> None:
    seeded = seed(store)
    target = seeded["budget"][0]
    assert matching.match_text(store, text=PARAPHRASE, limit=1)[0].id == target
    review.reopen(store, claim_id=target, by="ed", reason="new figures")
    assert target not in [m.id for m in matching.match_text(store, text=PARAPHRASE, limit=10)]


def test_the_reviewed_states_are_those_spelled_out_in_the_index_sql() -> None:
    # The migration and the candidate SQL spell the states out (partial index, triggers).
    import inspect

    assert set(matching.REVIEWED_STATES) == {"proposed", "approved"}
    assert "IN ('proposed', 'approved')" in inspect.getsource(matching._claim_candidates)
