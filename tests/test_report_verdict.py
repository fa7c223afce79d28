"""The report reads like a verdict: summary block, approved first, strong badges,
attribution on demand, a name for untitled sources, and a page that works at
desktop and phone widths in headless Chromium (contrast, keyboard focus, no
sideways scrolling), plus a print stylesheet."""

from __future__ import annotations

import datetime as dt
import json
import struct
import subprocess
from pathlib import Path

import pytest
from _exchange_helpers import add_people, claim_ids, verify_claim
from test_report import SAMPLE, chromium_binary, parse

from factcheck.model import EvidenceStatus, SourceMeta
from factcheck.report import render_report, write_report
from factcheck.store.engine import Store, open_store
from factcheck.store.ingest import ingest
from factcheck.text.extract import extract

WHEN = dt.datetime(2024, 5, 1, 12, 0, tzinfo=dt.UTC)


def reviewed_sample(store: Store, meta: SourceMeta | None = None) -> tuple[int, list[int]]:
    """The sample article with two approved verdicts, one proposed, one in review."""
    from factcheck.store import review

    add_people(store)
    source = ingest(store, extract(SAMPLE.read_text("utf-8"), meta=meta)).source_id
    ids = claim_ids(store, source)
    verify_claim(store, ids[4], EvidenceStatus.SUPPORTED)
    verify_claim(store, ids[6], EvidenceStatus.REFUTED)
    verify_claim(store, ids[2], EvidenceStatus.MIXED, approve=False)
    review.take(store, claim_id=ids[11], by="rita")
    review.mark(store, claim_id=ids[11], by="rita", status="unverifiable")
    return source, ids


def test_summary_lists_approved_verdicts_first(store: Store) -> None:
    source, ids = reviewed_sample(store)
    root = parse(render_report(store, source_id=source, generated_at=WHEN))
    block = root.one("section", id="verdicts")
    lists = block.find_all("ol", cls="verdict-list")

    assert block.one("h2").text() == "Verdicts: 2 approved"
    tally = [(li.one(cls="badge").text(), li.one(cls="count").text())
             for li in block.one("ul", cls="verdict-tally").find_all("li")]
    assert tally == [("Refuted", "1"), ("Supported", "1")]
    assert [h.text() for h in block.find_all("h3")] == ["Approved", "Awaiting approval"]
    approved = [li.attrs["data-claim-id"] for li in lists[0].find_all("li")]
    waiting = [li.attrs["data-claim-id"] for li in lists[1].find_all("li")]
    assert approved == [str(ids[6]), str(ids[4])]  # refuted before supported
    assert waiting == [str(ids[2]), str(ids[11])]
    assert lists[0].find_all("a")[0].attrs["href"] == f"#claim-{ids[6]}"
    assert block.one("p", cls="meta").text() == (
        "2 awaiting approval · 10 not yet checked or dismissed"
    )


def test_verdict_and_approval_badges_stand_out_in_the_article(store: Store) -> None:
    source, ids = reviewed_sample(store)
    root = parse(render_report(store, source_id=source, generated_at=WHEN))
    approved = root.one("span", id=f"claim-{ids[6]}")
    pending = root.one("span", id=f"claim-{ids[0]}")

    badges = approved.one(cls="badges")
    assert [b.text() for b in badges.find_all(cls="badge")] == ["Refuted", "✓ Approved"]
    assert "quiet" not in badges.classes
    # An unchecked, untouched claim's badges are not shown in the text (the panel has them).
    assert "quiet" in pending.one(cls="badges").classes


@pytest.mark.parametrize(
    ("meta", "expected"),
    [
        (SourceMeta(title="  NBA deal  "), "NBA deal"),
        (SourceMeta(url="https://example.com/nba"), "https://example.com/nba"),
        (
            SourceMeta(),
            "The NBA and Chinese financial technology giant Ant Group announced on Tuesday a…",
        ),
    ],
)
def test_a_source_is_named_by_title_else_url_else_first_line(
    store: Store, meta: SourceMeta, expected: str
) -> None:
    source = ingest(store, extract(SAMPLE.read_text("utf-8"), meta=meta)).source_id
    root = parse(render_report(store, source_id=source, generated_at=WHEN))
    assert root.one("h1").text() == expected
    assert root.one("title").text() == f"{expected} · factcheck report"


def test_attribution_is_a_toggle_and_print_lays_out_everything(store: Store) -> None:
    source, _ = reviewed_sample(store)
    page = render_report(store, source_id=source, generated_at=WHEN)
    root = parse(page)
    toggle = root.one("input", id="show-attribution")
    style = root.one("style").text()
    print_rules = style[style.index("@media print") :]

    assert toggle.attrs["type"] == "checkbox" and "checked" not in toggle.attrs
    assert root.one("label").attrs["for"] == "show-attribution"
    assert ".claim-label{display:none" in style
    assert "#show-attribution:checked~.layout .claim-label{display:inline" in style
    for rule in (".layout{display:block}", ".detail{display:block}", "#panel-hint,.toolbar",
                 'a[href^="http"]::after{content:" (" attr(href) ")"'):
        assert rule in print_rules


# --- in headless Chromium, at two widths ------------------------------------------------

AUDIT = """
<script>
(function () {
  function rgba(s) { return (s.match(/[\\d.]+/g) || []).map(Number); }
  function lum(c) {
    return [0, 1, 2].map(function (i) {
      var v = c[i] / 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    }).reduce(function (s, v, i) { return s + v * [0.2126, 0.7152, 0.0722][i]; }, 0);
  }
  function background(el) {
    for (; el; el = el.parentElement) {
      var c = rgba(getComputedStyle(el).backgroundColor);
      if (c.length === 3 || (c.length === 4 && c[3] > 0)) { return c; }
    }
    return [255, 255, 255];
  }
  var lowContrast = [];
  document.querySelectorAll(
    ".badge, .tag, .legend-item, .claim-text, .toolbar label, .verdict-list li, .meta, h1"
  ).forEach(function (el) {
    var a = lum(rgba(getComputedStyle(el).color)), b = lum(background(el));
    var ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    if (ratio < 4.5) { lowContrast.push(el.className + " " + ratio.toFixed(2)); }
  });
  // Focus styles are read from the style sheet: whether the headless window has
  // the system focus (so that :focus matches) depends on the machine.
  function rule(selector) {
    for (var i = 0; i < document.styleSheets.length; i++) {
      var rules = document.styleSheets[i].cssRules;
      for (var j = 0; j < rules.length; j++) {
        var text = rules[j].selectorText || "";
        if (text.split(",").map(function (s) { return s.trim(); }).indexOf(selector) >= 0) {
          return rules[j].style;
        }
      }
    }
    return null;
  }
  var claims = document.querySelectorAll(".claim");
  var labelsShownUnfocused = 0, notFocusable = [], weakRing = [];
  claims.forEach(function (el) {
    var label = el.querySelector(".claim-label");
    if (label && getComputedStyle(label).display !== "none") { labelsShownUnfocused += 1; }
  });
  var ring = rule(".claim:focus-visible");
  var ringColour = ring ? lum(rgba(ring.outlineColor)) : 0;
  claims.forEach(function (el) {
    el.focus();
    var id = el.getAttribute("data-claim-id");
    if (document.activeElement !== el) { notFocusable.push(id); }
    var b = lum(background(el.parentElement));
    var ratio = ring ? (Math.max(ringColour, b) + 0.05) / (Math.min(ringColour, b) + 0.05) : 0;
    if (!ring || ring.outlineStyle === "none" || parseFloat(ring.outlineWidth) < 2 || ratio < 3) {
      weakRing.push(id);
    }
  });
  var onFocus = rule(".claim:focus .claim-label");
  document.getElementById("show-attribution").checked = true;
  document.activeElement.blur();
  var labelsShownToggled = 0;
  claims.forEach(function (el) {
    var label = el.querySelector(".claim-label");
    if (label && getComputedStyle(label).display !== "none") { labelsShownToggled += 1; }
  });
  document.body.setAttribute("data-audit", JSON.stringify({
    overflow: document.documentElement.scrollWidth - window.innerWidth,
    lowContrast: lowContrast, notFocusable: notFocusable, weakRing: weakRing,
    labelOnFocus: !!onFocus && onFocus.display !== "none",
    labelsShownUnfocused: labelsShownUnfocused,
    labelsShownToggled: labelsShownToggled, labels: document.querySelectorAll(".claim-label").length
  }));
})();
</script>
"""


def chromium(
    binary: str, profile: Path, width: int, *args: str
) -> subprocess.CompletedProcess[str]:
    command = [
        binary, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
        "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--disable-dev-shm-usage", f"--user-data-dir={profile}",
        f"--window-size={width},900", *args,
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)


def png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", header[16:24])
    return width, height


@pytest.mark.browser
@pytest.mark.parametrize("width", [1280, 390], ids=["desktop", "phone"])
def test_the_page_in_chromium_at_desktop_and_phone_width(tmp_path: Path, width: int) -> None:
    binary = chromium_binary()
    with open_store(f"sqlite:///{tmp_path / 'r.db'}") as store:
        source, _ = reviewed_sample(store)
        page = write_report(store, source_id=source, path=tmp_path / "report.html")
    # The audit script is the test's, so the copy drops the page's script-only CSP.
    html = page.read_text("utf-8")
    start = html.index('<meta http-equiv="Content-Security-Policy"')
    html = html[:start] + html[html.index(">", start) + 1 :]
    audited = tmp_path / "audited.html"
    audited.write_text(html.replace("</body>", AUDIT + "</body>"), "utf-8")

    shot = tmp_path / f"report-{width}.png"
    shown = chromium(binary, tmp_path / "p1", width, f"--screenshot={shot}", page.as_uri())
    dumped = chromium(binary, tmp_path / "p2", width, "--dump-dom", audited.as_uri())
    assert shown.returncode == 0 and dumped.returncode == 0, dumped.stderr[-2000:]
    audit = json.loads(parse(dumped.stdout).one("body").attrs["data-audit"])

    assert png_size(shot) == (width, 900)
    assert audit["overflow"] <= 0, "the page scrolls sideways"
    assert audit["lowContrast"] == []
    assert audit["notFocusable"] == [] and audit["weakRing"] == []
    assert audit["labels"] == 14
    assert audit["labelsShownUnfocused"] == 0  # chips only on demand
    assert audit["labelOnFocus"]  # …and on keyboard focus
    assert audit["labelsShownToggled"] == 14  # …or all with the toggle
