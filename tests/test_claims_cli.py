"""``factcheck claims list`` filters and ``claims show`` in context, on both backends."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import pytest
from _review_helpers import (
    add_people,
    bring_to,
    fresh_database,
    ingest_sample,
    run_cli,
    synthetic_extraction,
)

from factcheck.store.engine import Store
from factcheck.store.ingest import ingest


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def sample(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Store]:
    """The sample article (14 claims, gold attribution): 5 approved, 12 dismissed, 3 in review.

    Shared by the module: these tests only read.
    """
    with fresh_database(request.param, tmp_path_factory.mktemp("sample")) as store:
        add_people(store)
        ids = ingest_sample(store)
        bring_to(store, ids[4], "approved")
        bring_to(store, ids[11], "dismissed")
        bring_to(store, ids[2], "in_review")
        yield store


def listed(store: Store, *args: str) -> list[int]:
    result = run_cli(store.url, "claims", "list", "--json", *args)
    assert result.exit_code == 0, result.stderr
    return [item["id"] for item in json.loads(result.stdout)]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ([], list(range(1, 15))),
        (["--state", "approved"], [5]),
        (["--state", "dismissed", "--state", "in_review"], [3, 12]),
        (["--status", "supported"], [5]),
        (["--kind", "direct_quote"], [5, 6, 7]),
        (["--kind", "press_release", "--kind", "unnamed_source"], [1, 2, 12]),
        (["--speaker", "michael"], [5, 6, 7]),
        (["--speaker", "NBA CHINA"], [2]),
        (["--search", "alipay"], [1, 2, 10]),
        (["--search", "ant group", "--kind", "direct_quote"], [6, 7]),
        (["--state", "pending", "--kind", "direct_quote"], [6, 7]),
        (["--source", "1", "--limit", "2"], [1, 2]),
        (["--search", "alipay", "--search", "ANT"], [1, 2]),
        (["--search", "ant", "--search", "nothing like this"], []),
        (["--speaker", "ma", "--speaker", "MICHAEL"], [5, 6, 7]),
        (["--search", "NB", "--kind", "direct_quote"], [5, 7]),
        (["--after", "10"], [11, 12, 13, 14]),
        (["--after", "3", "--kind", "direct_quote", "--limit", "2"], [5, 6]),
        (["--search", "100%"], []),
    ],
)
def test_list_filters(sample: Store, args: list[str], expected: list[int]) -> None:
    assert listed(sample, *args) == expected


def test_repeated_search_needs_every_term(sample: Store) -> None:
    """Each term alone, and the intersection the repeated option must give."""
    alipay, ant = listed(sample, "--search", "alipay"), listed(sample, "--search", "ant")
    both = listed(sample, "--search", "alipay", "--search", "ant")

    assert len(alipay) > len(both) and len(ant) > len(both)
    assert both == [i for i in alipay if i in ant]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--source", "99"], "no source 99; list sources with `factcheck sources list`"),
        (["--source", "2", "--json"], "no source 2; list sources with `factcheck sources list`"),
        (["--after", "99"], "no claim 99; list claims with `factcheck claims list`"),
    ],
)
def test_an_unknown_source_or_cursor_says_so(
    sample: Store, args: list[str], message: str
) -> None:
    result = run_cli(sample.url, "claims", "list", *args)
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", f"Error: {message}\n")


@pytest.mark.parametrize("filters", [[], ["--kind", "direct_quote", "--kind", "press_release"]])
def test_pages_follow_each_other_to_the_whole_list(sample: Store, filters: list[str]) -> None:
    whole = listed(sample, *filters)
    pages: list[int] = []
    after: list[str] = []
    while page := listed(sample, *filters, "--limit", "3", *after):
        pages += page
        after = ["--after", str(page[-1])]

    assert pages == whole and len(whole) > 3


def test_a_full_table_page_names_the_next(sample: Store) -> None:
    first = run_cli(sample.url, "claims", "list", "--limit", "4")
    last = run_cli(sample.url, "claims", "list", "--limit", "4", "--after", "10")

    assert first.stdout.splitlines()[-1].startswith(" 4  ")
    assert first.stderr == "More claims follow: add --after 4\n"
    assert (last.stdout.count("\n"), last.stderr) == (5, "")


@pytest.mark.parametrize(
    "args",
    [
        ["--search", "ant"],
        ["--search", "NBA", "--limit", "3"],
        ["--search", "alipay", "--search", "ant", "--limit", "2"],
        ["--speaker", "michael", "--limit", "1", "--after", "5"],
    ],
)
def test_common_terms_read_in_order_find_the_same_claims(
    sample: Store, args: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A page of a common term skips the text index; the claims are the same."""
    from factcheck.store import readmodels

    through_index = listed(sample, *args)
    monkeypatch.setattr(readmodels, "COMMON_MATCHES", 1)
    in_order = listed(sample, *args)

    assert in_order == through_index and in_order


def test_search_index_follows_changed_and_deleted_claims(store: Store) -> None:
    from sqlalchemy import text

    ingest(store, synthetic_extraction(3, tag='the "big" one'))
    assert listed(store, "--search", '"big"') == [1, 2, 3]
    with store.write() as session:
        session.execute(text("UPDATE claims SET text = 'rewritten quietly' WHERE id = 2"))
        session.execute(text("UPDATE claims SET speaker = 'Jane Roe' WHERE id = 3"))
        session.execute(text("DELETE FROM claims WHERE id = 1"))

    assert listed(store, "--search", '"big"') == [3]
    assert listed(store, "--search", "WRITTEN QUIET") == [2]
    assert listed(store, "--speaker", "jane r") == [3]
    assert listed(store, "--speaker", "ro") == [3]


def test_search_treats_wildcards_literally(store: Store) -> None:
    ingest(store, synthetic_extraction(3, tag="50%_off"))
    assert listed(store, "--search", "50%_off figure number 1") == [2]
    assert listed(store, "--search", "50_") == []


def test_list_text_table(sample: Store) -> None:
    result = run_cli(
        sample.url, "claims", "list", "--kind", "direct_quote", "--kind", "unnamed_source"
    )
    assert (result.exit_code, result.stdout) == (
        0,
        "id  state      status      kind            speaker     text\n"
        " 5  approved   supported   direct_quote    Michael Ma  "
        "“The NBA is always seeking to embrace innovative technology…\n"
        " 6  pending    unverified  direct_quote    Michael Ma  “We have a common vision with Ant "
        "Group, which is to bring …\n"
        " 7  pending    unverified  direct_quote    Michael Ma  Through our cooperation with Ant "
        "Group, more fans will be a…\n"
        "12  dismissed  unverified  unnamed_source  Critics     Critics have objected to the NBA’s "
        "support for progressive …\n",
    )
    empty = run_cli(sample.url, "claims", "list", "--state", "proposed")
    assert empty.stdout == "No claims match.\n"


def test_list_json_items_carry_ids_and_review_fields(sample: Store) -> None:
    items = json.loads(
        run_cli(sample.url, "claims", "list", "--json", "--state", "approved").stdout
    )
    assert len(items) == 1
    item = items[0]
    assert item["id"] == 5
    assert re.fullmatch(r"claim:[0-9a-f]{16}:646-738", item["stable_id"])
    assert (
        item["state"],
        item["status"],
        item["assignee"],
        item["proposed_by"],
        item["approved_by"],
        item["evidence_count"],
        item["version"],
    ) == (
        "approved",
        "supported",
        "alice",
        "alice",
        "erin",
        1,
        6,
    )


def test_bad_filter_value_is_a_usage_error(sample: Store) -> None:
    result = run_cli(sample.url, "claims", "list", "--state", "done")
    assert result.exit_code == 2
    assert "'done' is not one of" in result.stderr


def test_show_in_context(sample: Store) -> None:
    result = run_cli(sample.url, "claims", "show", "12", "--context", "1")
    assert result.exit_code == 0, result.stderr
    text = re.sub(r"\d{4}-\d\d-\d\d \d\d:\d\d UTC", "<time>", result.stdout)  # with their zone
    assert text == (
        'Claim 12 — source 1 "NBA and Ant Group announce collaboration", sentence 12, '
        "paragraph 5 (version 2)\n"
        "State: dismissed    Status: unverified\n"
        "\n"
        "    The NBA has developed a close relationship with China since the league began "
        "broadcasting games on Chinese state TV in the 1980s.\n"
        "  > Critics have objected to the NBA’s support for progressive causes in America while "
        "downplaying China’s alleged human rights violations towards Uyghur muslims and other "
        "minority groups.\n"
        "    When former Houston Rockets General Manager Daryl Morey tweeted support for Hong Kong "
        "in October 2019, China stopped broadcasting NBA games for 17 months until a matchup "
        "between the Los Angeles Clippers and Utah Jazz was televised in April 2022.\n"
        "\n"
        'Attribution: unnamed_source; speaker: Critics; cue: "have objected"; rule: gold '
        "(confidence 1.00)\n"
        "Hedges: alleged\n"
        "Note: -\n"
        "Evidence (0):\n"
        "History (1):\n"
        '    1  <time>  erin  dismiss pending → dismissed "not a claim"\n'
    )


def test_show_json_has_context_evidence_and_history(sample: Store) -> None:
    result = run_cli(sample.url, "claims", "show", "5", "--json")
    doc = json.loads(result.stdout)
    assert doc["id"] == 5
    assert len(doc["before"]) == 2 and len(doc["after"]) == 2
    assert doc["after"][0].startswith("“We have a common vision")
    assert doc["cue"] == {"text": "said", "start": 708, "end": 712}
    assert (doc["kind"], doc["speaker"], doc["rule"]) == ("direct_quote", "Michael Ma", "gold")
    assert [(e["url"], e["stance"], e["added_by"]) for e in doc["evidence"]] == [
        ("https://example.org/5", "supports", "alice")
    ]
    assert [e["action"] for e in doc["history"]] == [
        "take",
        "mark",
        "add_evidence",
        "propose",
        "approve",
    ]
    first = json.loads(run_cli(sample.url, "claims", "show", "1", "--json").stdout)
    assert first["before"] == [] and len(first["after"]) == 2


def test_show_unknown_claim(sample: Store) -> None:
    result = run_cli(sample.url, "claims", "show", "99")
    assert (result.exit_code, result.stderr) == (
        1,
        "Error: no claim 99; list claims with `factcheck claims list`\n",
    )


def test_a_long_table_streams_in_fixed_widths(
    sample: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past the buffer, rows print as read, in widths no later row can exceed."""
    from factcheck.cli import claims as claims_cli

    monkeypatch.setattr(claims_cli, "TABLE_BUFFER", 4)
    streamed = run_cli(sample.url, "claims", "list").stdout.splitlines()
    monkeypatch.setattr(claims_cli, "TABLE_BUFFER", 1000)
    sized = run_cli(sample.url, "claims", "list").stdout.splitlines()

    assert len(streamed) == len(sized) == 15
    header = streamed[0].split()
    assert header == ["id", "state", "status", "kind", "speaker", "text"]
    assert len({line.index(line.split()[1]) for line in streamed}) == 1  # state column aligned
    assert [line.split()[0] for line in streamed] == [line.split()[0] for line in sized]
    assert streamed[0].index("kind") == 9 + 2 + 9 + 2 + 12 + 2


def test_a_terminal_gets_a_page_and_a_pipe_everything(
    sample: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    from factcheck.cli import claims as claims_cli

    class Terminal:
        """The real (captured) stdout, claiming to be a terminal."""

        def __getattr__(self, name: str) -> object:
            return getattr(sys.stdout, name)

        def isatty(self) -> bool:
            return True

    class System:
        stdout = property(lambda self: Terminal())

    piped = run_cli(sample.url, "claims", "list")
    monkeypatch.setattr(claims_cli, "TERMINAL_PAGE", 5)
    monkeypatch.setattr(claims_cli, "sys", System())
    paged = run_cli(sample.url, "claims", "list")
    as_json = run_cli(sample.url, "claims", "list", "--json")

    assert (len(piped.stdout.splitlines()), piped.stderr) == (15, "")
    assert paged.stdout.splitlines() == piped.stdout.splitlines()[:6]
    assert paged.stderr == "More claims follow: add --after 5\n"
    assert len(json.loads(as_json.stdout)) == 14
