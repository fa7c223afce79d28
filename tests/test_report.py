"""The annotated-article report: what is on the page, escaping, the CLI, a real browser.

The page is parsed (stdlib ``html.parser``) rather than grepped, so a test sees
what a browser would: which sentence carries which kind, what a ``<mark>``
really wraps, which text sits outside every claim. The browser test renders the
sample in headless Chromium and reads the DOM after the page's script ran.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import os
import re
import shutil
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from factcheck.cli.main import cli
from factcheck.errors import NotFound
from factcheck.model import (
    Article,
    Attribution,
    AttributionKind,
    Cue,
    ExtractedClaim,
    Extraction,
    SourceMeta,
    Span,
)
from factcheck.report import KIND_STYLES, render_report, write_report
from factcheck.store.engine import Store, open_store
from factcheck.store.ingest import ingest

GOLD = Path(__file__).parent / "data" / "gold"
SAMPLE = GOLD / "nba-ant-group-2023-02-21.txt"
SAMPLE_GOLD = GOLD / "nba-ant-group-2023-02-21.gold.json"
WHEN = dt.datetime(2024, 5, 1, 12, 0, tzinfo=dt.UTC)


# --- a small DOM, enough to ask what a browser would show ----------------------

_VOID = {"meta", "br", "hr", "img", "input", "link", "col", "area", "base", "wbr", "source"}


@dataclass
class Node:
    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[Node | str] = field(default_factory=list)

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def text(self, skip: Callable[[Node], bool] = lambda node: False) -> str:
        return "".join(
            child if isinstance(child, str) else child.text(skip)
            for child in self.children
            if isinstance(child, str) or not skip(child)
        )

    def walk(self) -> Iterator[Node]:
        yield self
        for child in self.children:
            if isinstance(child, Node):
                yield from child.walk()

    def find_all(self, tag: str | None = None, cls: str | None = None, **attrs: str) -> list[Node]:
        return [
            node
            for node in self.walk()
            if (tag is None or node.tag == tag)
            and (cls is None or cls in node.classes)
            and all(node.attrs.get(k.replace("_", "-")) == v for k, v in attrs.items())
        ]

    def one(self, tag: str | None = None, cls: str | None = None, **attrs: str) -> Node:
        found = self.find_all(tag, cls, **attrs)
        assert len(found) == 1, f"expected one {tag}.{cls} {attrs}, found {len(found)}"
        return found[0]


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document")
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(node)
        if tag not in _VOID:
            self.stack.append(node)

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse(page: str) -> Node:
    builder = _TreeBuilder()
    builder.feed(page)
    builder.close()
    return builder.root


def claims_on_page(root: Node) -> dict[int, list[Node]]:
    """Every piece of every highlighted claim, by claim id."""
    pieces: dict[int, list[Node]] = {}
    for node in root.one("main").find_all(cls="claim"):
        pieces.setdefault(int(node.attrs["data-claim-id"]), []).append(node)
    return pieces


def sentence_text(pieces: list[Node]) -> str:
    return "".join(piece.one(cls="claim-text").text() for piece in pieces)


def is_decoration(node: Node) -> bool:
    """Labels and badges the report adds to the article's own words."""
    return bool(node.classes & {"claim-label", "badges"})


# --- test data --------------------------------------------------------------------


def gold_extraction() -> Extraction:
    """The sample article with its hand-annotated attribution (deterministic)."""
    text = SAMPLE.read_text(encoding="utf-8")
    gold = json.loads(SAMPLE_GOLD.read_text(encoding="utf-8"))
    claims = []
    for ordinal, sentence in enumerate(gold["sentences"]):
        start, end = sentence["start"], sentence["end"]
        cue = None
        if sentence["cue"]:
            at = text.index(sentence["cue"], start, end)
            cue = Cue(text=sentence["cue"], start=at, end=at + len(sentence["cue"]))
        attribution = Attribution(
            kind=AttributionKind(sentence["kind"][0]), speaker=sentence["source"], cue=cue,
            rule="gold",
        )
        claims.append(ExtractedClaim(
            ordinal=ordinal, text=text[start:end], span=Span(start=start, end=end),
            paragraph=text.count("\n\n", 0, start), attribution=attribution,
            hedges=sentence["hedges"],
        ))
    meta = SourceMeta(title="NBA and Ant Group", publisher="Daily Caller")
    return Extraction(article=Article(text=text, meta=meta, body_start=17), claims=claims)


def one_sentence_extraction(text: str, sentence: str, *, speaker: str | None = None,
                            title: str | None = None) -> Extraction:
    start = text.index(sentence)
    attribution = Attribution(kind=AttributionKind.INDIRECT_QUOTE, speaker=speaker, rule="test")
    claim = ExtractedClaim(
        ordinal=0, text=sentence, span=Span(start=start, end=start + len(sentence)),
        paragraph=0, attribution=attribution, hedges=["reportedly"],
    )
    return Extraction(article=Article(text=text, meta=SourceMeta(title=title)), claims=[claim])


def claim_ids(store: Store, source_id: int) -> list[int]:
    from sqlalchemy import select

    from factcheck.store.tables import ClaimRow

    with store.read() as session:
        return list(session.scalars(
            select(ClaimRow.id).where(ClaimRow.source_id == source_id).order_by(ClaimRow.ordinal)
        ))


def add_review_trail(store: Store, claim_id: int, *, evidence_title: str = "Ministry data") -> None:
    """Through the review workflow: alice takes the claim, adds evidence, marks it refuted."""
    from factcheck.model import EvidenceIn, EvidenceStatus, Role, Stance
    from factcheck.store import people, review

    people.add_reviewer(store, handle="ada", role=Role.ADMIN)
    people.add_reviewer(store, handle="alice", role=Role.REVIEWER, by="ada")
    review.take(store, claim_id=claim_id, by="alice")
    evidence = EvidenceIn(url="https://example.org/data?a=1&b=2", stance=Stance.REFUTES,
                          title=evidence_title, note="see table 3")
    review.add_evidence(store, claim_id=claim_id, by="alice", evidence=evidence)
    review.mark(store, claim_id=claim_id, by="alice", status=EvidenceStatus.REFUTED,
                note="Figures differ")


def add_raw_evidence(store: Store, claim_id: int, *, url: str, title: str) -> None:
    """An evidence row the models would refuse (a stored database is untrusted too)."""
    from factcheck.store.tables import EvidenceRow

    with store.write() as session:
        session.add(EvidenceRow(claim_id=claim_id, url=url, title=title, stance="context"))


@pytest.fixture
def gold_source(store: Store) -> int:
    return ingest(store, gold_extraction()).source_id


# --- what the page shows ----------------------------------------------------------


def test_every_sentence_is_highlighted_with_its_kind_and_speaker(store: Store,
                                                                  gold_source: int) -> None:
    gold = json.loads(SAMPLE_GOLD.read_text(encoding="utf-8"))["sentences"]
    root = parse(render_report(store, source_id=gold_source, generated_at=WHEN))
    pieces = claims_on_page(root)

    assert len(pieces) == 14
    shown = [(p[0].attrs["data-kind"], sentence_text(p)) for p in pieces.values()]
    assert shown == [(s["kind"][0], s["text"]) for s in gold]
    for sentence, claim in zip(gold, pieces.values(), strict=True):
        tag = claim[0].one(cls="tag").text()
        label = sentence["kind"][0].replace("_", " ").capitalize()
        assert tag == label + (f" · {sentence['source']}" if sentence["source"] else "")
        assert claim[0].one(cls="badge", data_evidence="unverified").text() == "Unverified"
        assert claim[0].one(cls="badge", data_review="pending").text() == "Pending"


def test_legend_lists_every_attribution_kind_with_counts(store: Store, gold_source: int) -> None:
    root = parse(render_report(store, source_id=gold_source))
    legend = root.one("section", id="legend")
    items = legend.find_all("li", cls="legend-item")

    assert [item.attrs["data-kind"] for item in items] == [kind.value for kind in AttributionKind]
    counts = {item.attrs["data-kind"]: item.one(cls="count").text() for item in items}
    assert counts == {
        "reporter_assertion": "(7)", "direct_quote": "(3)", "indirect_quote": "(0)",
        "press_release": "(2)", "unnamed_source": "(1)", "alleged": "(0)",
        "not_a_claim": "(1)",
    }
    assert items[0].one(cls="legend-label").text() == "Reporter assertion"


def test_every_kind_has_its_own_colour() -> None:
    assert set(KIND_STYLES) == set(AttributionKind)
    assert len({style.colour for style in KIND_STYLES.values()}) == len(AttributionKind)


def test_hedges_are_marked_and_cues_underlined(store: Store, gold_source: int) -> None:
    root = parse(render_report(store, source_id=gold_source))
    marks = root.one("main").find_all("mark", cls="hedge")

    assert [mark.text() for mark in marks] == ["alleged"]
    pieces = claims_on_page(root).values()
    critics = [p for p in pieces if p[0].attrs["data-kind"] == "unnamed_source"]
    assert critics[0][0].find_all("mark") == marks
    cues = [cue.text() for cue in root.one("main").find_all(cls="cue")]
    assert cues == ["announced", "said in a press release", "said", "have objected"]


def test_paragraphs_and_text_outside_claims_are_kept(store: Store, gold_source: int) -> None:
    text = SAMPLE.read_text(encoding="utf-8")
    paragraphs = [line for line in text.split("\n") if line.strip()]
    main = parse(render_report(store, source_id=gold_source)).one("main")
    shown = [p.text(skip=is_decoration) for p in main.find_all("p")]

    assert shown == paragraphs
    first = main.find_all("p")[0]
    assert isinstance(first.children[0], str) and first.children[0].startswith(" date 2023-02-21")


def test_overlapping_marks_and_a_sentence_across_paragraphs_stay_well_formed(
    store: Store,
) -> None:
    text = "Ministers reportedly said the plan may fail\n\nbadly. Next."
    sentence = "Ministers reportedly said the plan may fail\n\nbadly."
    cue_at = text.index("reportedly said")
    attribution = Attribution(
        kind=AttributionKind.UNNAMED_SOURCE, rule="test",
        cue=Cue(text="reportedly said", start=cue_at, end=cue_at + len("reportedly said")),
    )
    claim = ExtractedClaim(
        ordinal=0, text=sentence, span=Span(start=0, end=len(sentence)), paragraph=0,
        attribution=attribution, hedges=["reportedly", "may", "reportedly said the"],
    )
    source_id = ingest(store, Extraction(article=Article(text=text), claims=[claim])).source_id
    root = parse(render_report(store, source_id=source_id))
    pieces = claims_on_page(root)[claim_ids(store, source_id)[0]]

    assert len(pieces) == 2 and "id" in pieces[0].attrs and "id" not in pieces[1].attrs
    assert sentence_text(pieces) == sentence.replace("\n\n", "")
    assert len(pieces[0].find_all(cls="tag")) == 1 and not pieces[1].find_all(cls="tag")
    assert not pieces[0].find_all(cls="badges") and len(pieces[1].find_all(cls="badges")) == 1
    cue = pieces[0].one(cls="cue")
    assert cue.text() == "reportedly said"
    assert [m.text() for m in cue.find_all("mark")] == ["reportedly said"]
    assert [m.text() for m in pieces[0].find_all("mark")] == ["reportedly said", " the", "may"]
    assert [p.text(skip=is_decoration) for p in root.one("main").find_all("p")] == [
        "Ministers reportedly said the plan may fail", "badly. Next."
    ]


def test_details_show_attribution_evidence_and_history(store: Store, gold_source: int) -> None:
    claim_id = claim_ids(store, gold_source)[4]
    add_review_trail(store, claim_id)
    root = parse(render_report(store, source_id=gold_source, generated_at=WHEN))
    detail = root.one("section", cls="detail", data_claim_id=str(claim_id))

    facts = {dt_.text(): dd for dt_, dd in zip(detail.find_all("dt"), detail.find_all("dd"),
                                                strict=True)}
    assert facts["Attribution"].text() == "Direct quote"
    assert facts["Speaker"].text() == "Michael Ma"
    assert facts["Cue"].text() == "“said”"
    assert facts["Rule"].text() == "gold (confidence 0.50)"
    assert facts["Evidence status"].text() == "Refuted"
    assert facts["Review state"].text() == "In review"
    link = detail.one("a")
    assert link.attrs["href"] == "https://example.org/data?a=1&b=2"
    assert link.attrs["rel"] == "noopener noreferrer nofollow"
    evidence = detail.one("li", cls="evidence")
    assert evidence.text() == "Refutes Ministry data — added by alicesee table 3"  # <br> between
    assert facts["Note"].text() == "Figures differ"
    events = detail.find_all("tr", cls="event")
    rows = [[cell.text() for cell in row.find_all("td")] for row in events]
    assert [row[1][:2] for row in rows] == ["20"] * len(rows)  # a UTC timestamp, not compared
    assert [row[:1] + row[2:] for row in rows] == [
        ["1", "alice", "Take", "Pending → In review", "Unverified", ""],
        ["2", "alice", "Add evidence", "In review", "Unverified", ""],
        ["3", "alice", "Mark", "In review", "Refuted", "Figures differ"],
    ]
    sentence = claims_on_page(root)[claim_id][0]
    assert sentence.one(cls="badge", data_evidence="refuted").text() == "Refuted"


def test_page_is_self_contained_and_its_script_is_allowed(store: Store, gold_source: int) -> None:
    page = render_report(store, source_id=gold_source)
    root = parse(page)

    assert not root.find_all("link") and not root.find_all("img")
    assert all("src" not in node.attrs for node in root.walk())
    assert "url(" not in root.one("style").text() and "@import" not in page
    script = root.one("script").text()
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    csp = root.one("meta", http_equiv="Content-Security-Policy").attrs["content"]
    assert f"script-src 'sha256-{digest}'" in csp and "default-src 'none'" in csp


# --- untrusted text ------------------------------------------------------------------


def test_untrusted_text_is_escaped_everywhere(store: Store) -> None:
    text = (
        "Officials reportedly said <script>alert('article')</script> was fine & safe.\n\n"
        "</p></main><script>alert('outside')</script>"
    )
    sentence = "Officials reportedly said <script>alert('article')</script> was fine & safe."
    extraction = one_sentence_extraction(
        text, sentence, speaker='<img src=x onerror="alert(1)">', title="<b>Title</b>"
    )
    source_id = ingest(store, extraction).source_id
    claim_id = claim_ids(store, source_id)[0]
    add_review_trail(store, claim_id, evidence_title="<script>alert('evidence')</script>")
    add_raw_evidence(store, claim_id, url="javascript:alert('url')", title="<i>click</i>")
    page = render_report(store, source_id=source_id)
    root = parse(page)

    assert len(root.find_all("script")) == 1 and "alert" not in root.one("script").text()
    assert not root.find_all("img") and not root.find_all("b")
    assert "&lt;script&gt;alert(&#x27;article&#x27;)&lt;/script&gt;" in page
    assert sentence_text(claims_on_page(root)[claim_id]) == sentence
    assert root.one("title").text() == "<b>Title</b> · factcheck report"
    assert root.one(cls="speaker").text() == ' · <img src=x onerror="alert(1)">'
    assert not [a for a in root.find_all("a") if a.attrs.get("href", "").startswith("javascript")]
    assert root.one(cls="bad-url").text() == "<i>click</i>" and not root.find_all("i")
    evidence_link = root.one("li", cls="evidence", data_stance="refutes").one("a")
    assert evidence_link.text() == "<script>alert('evidence')</script>"
    outside = root.one("main").find_all("p")[1].text()
    assert outside == "</p></main><script>alert('outside')</script>"


def test_source_without_claims_shows_its_text_plainly(store: Store) -> None:
    text = "A headline\n\nA paragraph with no claims extracted."
    source_id = ingest(store, Extraction(article=Article(text=text), claims=[])).source_id
    root = parse(render_report(store, source_id=source_id))

    assert not root.find_all(cls="claim") and not root.find_all(cls="detail")
    assert [p.text() for p in root.one("main").find_all("p")] == [
        "A headline", "A paragraph with no claims extracted."
    ]
    assert root.one("p", id="panel-hint").text() == "This source has no claims."
    assert {li.one(cls="count").text() for li in root.find_all("li", cls="legend-item")} == {"(0)"}


def test_unknown_source_is_not_found(store: Store) -> None:
    with pytest.raises(NotFound, match=r"^source 42 not found; list the stored sources"):
        render_report(store, source_id=42)


# --- writing the file ----------------------------------------------------------------


def test_write_report_refuses_to_overwrite_unless_forced(store: Store, gold_source: int,
                                                         tmp_path: Path) -> None:
    from factcheck.errors import OutputError

    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "out.html"
    assert write_report(store, source_id=gold_source, path=target) == target
    target.write_text("keep me", encoding="utf-8")
    with pytest.raises(OutputError, match="already exists; pass --force"):
        write_report(store, source_id=gold_source, path=target)
    assert target.read_text(encoding="utf-8") == "keep me"

    write_report(store, source_id=gold_source, path=target, force=True)
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert [p.name for p in folder.iterdir()] == ["out.html"]  # no temp file left behind


# --- the command ---------------------------------------------------------------------


@pytest.fixture
def run(migrated_db_url: str) -> Callable[..., Any]:
    def invoke(*args: str) -> Any:
        return CliRunner().invoke(cli, ["--db", migrated_db_url, "report", *args])

    return invoke


def test_cli_writes_report_in_current_folder(store: Store, gold_source: int, run: Any,
                                             tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    written = tmp_path / f"report-{gold_source}.html"

    result = run(str(gold_source))
    assert (result.exit_code, result.output) == (0, f"Wrote {written}\n")
    assert len(claims_on_page(parse(written.read_text(encoding="utf-8")))) == 14

    again = run(str(gold_source))
    assert (again.exit_code, again.output) == (
        1, f"Error: {written} already exists; pass --force to overwrite it\n"
    )
    forced = run(str(gold_source), "--force", "--json")
    assert forced.exit_code == 0
    assert json.loads(forced.output) == {"path": str(written), "source_id": gold_source}


def test_cli_prints_page_with_dash(store: Store, gold_source: int, run: Any) -> None:
    result = run(str(gold_source), "-o", "-")
    assert result.exit_code == 0
    assert result.output.startswith("<!DOCTYPE html>") and result.output.endswith("</html>\n")


def test_cli_unknown_source_is_one_line_error(store: Store, run: Any, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("99")
    assert (result.exit_code, result.output) == (
        1, "Error: source 99 not found; list the stored sources with `factcheck sources list`\n"
    )
    assert not list(tmp_path.glob("*.html"))


def test_cli_bad_output_folder_is_one_line_error(store: Store, gold_source: int, run: Any,
                                                 tmp_path: Path) -> None:
    missing = tmp_path / "nowhere" / "r.html"
    result = run(str(gold_source), "-o", str(missing))
    assert (result.exit_code, result.output) == (
        1, f"Error: cannot write {missing}: folder {missing.parent} does not exist\n"
    )


# --- in a real browser ------------------------------------------------------------------


def chromium_binary() -> str:
    """Debian's chromium; a missing browser fails under CI and skips elsewhere."""
    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    if binary is None:
        message = "chromium is not installed: apt-get install chromium"
        if os.environ.get("CI"):
            pytest.fail(message + " (CI must run the browser test)")
        pytest.skip(message)
    return binary


def dump_dom(binary: str, url: str, profile: Path) -> str:
    """The DOM after the page's scripts ran, as headless Chromium serialises it."""
    command = [
        binary, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--disable-dev-shm-usage", f"--user-data-dir={profile}",
        "--dump-dom", url,
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "<html" in result.stdout, result.stderr[-2000:]
    return result.stdout


@pytest.mark.browser
def test_sample_report_in_headless_chromium(tmp_path: Path) -> None:
    from factcheck.text.extract import extract

    binary = chromium_binary()
    store = open_store(f"sqlite:///{tmp_path / 'browser.db'}")
    try:
        source_id = ingest(store, extract(SAMPLE.read_text(encoding="utf-8"))).source_id
        ids = claim_ids(store, source_id)
        alleged_id = ids[11]
        add_review_trail(store, alleged_id)
        with store.read() as session:
            from factcheck.store.tables import ClaimRow

            stored = {c.id: (c.attribution_kind, c.speaker)
                      for c in session.query(ClaimRow).filter_by(source_id=source_id)}
        report = write_report(store, source_id=source_id, path=tmp_path / "report.html")
    finally:
        store.close()

    root = parse(dump_dom(binary, f"{report.as_uri()}#claim-{alleged_id}", tmp_path / "profile"))

    # The script ran: it marks the page and opened the claim named in the URL.
    assert "js" in root.one("html").classes
    visible = [d for d in root.find_all(cls="detail") if "hidden" not in d.attrs]
    assert [d.attrs["data-claim-id"] for d in visible] == [str(alleged_id)]
    assert [p.attrs["data-claim-id"] for p in root.find_all(cls="selected")] == [str(alleged_id)]
    assert visible[0].one("a").attrs["href"] == "https://example.org/data?a=1&b=2"
    assert [row.attrs["data-action"] for row in visible[0].find_all("tr", cls="event")] == [
        "take", "add_evidence", "mark"
    ]

    # All 14 sentences, each with its stored kind as colour class and as text.
    pieces = claims_on_page(root)
    assert list(pieces) == ids and len(ids) == 14
    gold = json.loads(SAMPLE_GOLD.read_text(encoding="utf-8"))["sentences"]
    assert [sentence_text(p) for p in pieces.values()] == [s["text"] for s in gold]
    for claim_id, claim_pieces in pieces.items():
        kind, speaker = stored[claim_id]
        assert claim_pieces[0].attrs["data-kind"] == kind
        assert f"k-{kind}" in claim_pieces[0].classes
        label = claim_pieces[0].one(cls="kind-label").text()
        assert label == kind.replace("_", " ").capitalize()
        assert claim_pieces[0].one(cls="speaker").text() == (f" · {speaker}" if speaker else "")

    # The legend with all seven kinds, and the hedge marked in its sentence.
    legend = [li.attrs["data-kind"] for li in root.one("section", id="legend").find_all("li")]
    assert legend == [kind.value for kind in AttributionKind] and len(legend) == 7
    marks = root.one("main").find_all("mark", cls="hedge")
    assert [m.text() for m in marks] == ["alleged"]
    assert pieces[alleged_id][0].find_all("mark") == marks
    assert re.search(r"alleged human rights", sentence_text(pieces[alleged_id]))
