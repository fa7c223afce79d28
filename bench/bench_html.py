"""What reading a web page costs next to reading plain text, per article.

The same eight Wikinews articles (tests/data/wikinews) are run two ways in
the same process, runs interleaved, both warm:

    text -> claims   read the .txt file, decode, extract claims
    HTML -> claims   read a page built around the same text, decode, trafilatura
                     main text + metadata (and htmldate for the update date),
                     extract claims

and the ratio HTML/text is printed per article and overall, with the share
of the HTML path spent in page reading (trafilatura, htmldate, decoding) as
opposed to claim extraction. No network: the pages are built here from a
template with what real news pages carry around a story (navigation of ~150
links, a cookie banner, ad slots, a related-links box, reader comments, a
footer, and ~40 kB of inline script state), so their size (~50 kB) is at the low
end of real article pages; real sites with larger DOMs cost more.

There is no pass/fail target: the figure to watch is the HTML share, which
tells whether page reading or extraction dominates an ingest of a URL
(fetching time, which depends on the network, is not included).

Usage::

    .venv/bin/python bench/bench_html.py
"""

from __future__ import annotations

import html
import json
import statistics
import time
from collections.abc import Callable
from pathlib import Path

RUNS = 7
WIKINEWS = Path(__file__).resolve().parent.parent / "tests" / "data" / "wikinews"


def _timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def _page(text: str) -> str:
    """A page as a news site template would wrap ``text`` (headline, dateline, paragraphs)."""
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    headline, dateline, body = lines[0], lines[1], lines[2:]
    nav = "".join(f'<li><a href="/section/{n}">Section {n}</a></li>' for n in range(150))
    state = json.dumps({"items": [{"id": n, "title": f"Story {n}", "tags": ["a", "b"] * 5}
                                  for n in range(400)]})
    paragraphs = []
    for number, paragraph in enumerate(body):
        paragraphs.append(f"<p>{html.escape(paragraph, quote=False)}</p>")
        if number % 4 == 3:
            paragraphs.append('<div class="ad advertisement"><a href="https://ads.example/x">'
                              "Sponsored: the best mortgage rates this week</a></div>")
    comments = "".join(
        f'<div class="comment"><p class="author">reader{n}</p><p>I think this article '
        f"misses the point about number {n}.</p></div>" for n in range(20)
    )
    related = "".join(f'<li><a href="/story/{n}">Another related story {n}</a></li>'
                      for n in range(12))
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>{html.escape(headline)} | Example News</title>
<meta property="og:site_name" content="Example News">
<meta name="author" content="Staff Reporter">
<script>window.__STATE__ = {state};</script></head><body>
<header><nav><ul>{nav}</ul></nav></header>
<div class="cookie-banner">We use cookies. <button>Accept all cookies</button></div>
<main><article><h1>{html.escape(headline)}</h1><p class="dateline">{html.escape(dateline)}</p>
{"".join(paragraphs)}</article>
<aside class="related"><h2>Related</h2><ul>{related}</ul></aside>
<section id="comments">{comments}</section></main>
<footer><p>© Example News. All rights reserved.</p></footer></body></html>"""


def main() -> int:
    from trafilatura import bare_extraction, load_html

    from factcheck.inputs._html import article_from_html
    from factcheck.text.extract import extract_article
    from factcheck.text.reader import read_article

    files = sorted(WIKINEWS.glob("*.txt"))
    times: dict[str, dict[str, list[float]]] = {
        f.name: {"text": [], "page": [], "extract": [], "trafilatura": []} for f in files
    }
    pages = {f.name: _page(f.read_text(encoding="utf-8")).encode() for f in files}
    for file in files:  # warm up imports and caches
        extract_article(article_from_html(pages[file.name], name="page"))
    for _ in range(RUNS):
        for file in files:
            data, slot = pages[file.name], times[file.name]
            slot["text"].append(_timed(lambda f=file: extract_article(read_article(f))))
            start = time.perf_counter()
            article = article_from_html(data, name="page")
            middle = time.perf_counter()
            extract_article(article)
            slot["page"].append(middle - start)
            slot["extract"].append(time.perf_counter() - middle)
            tree = load_html(data)
            slot["trafilatura"].append(
                _timed(lambda t=tree: bare_extraction(t, with_metadata=True,
                                                       include_comments=False,
                                                       include_tables=False))
            )
    return _print(files, times, pages)


def _print(
    files: list[Path], times: dict[str, dict[str, list[float]]], pages: dict[str, bytes]
) -> int:
    print(f"{'article':<10}{'page kB':>8}{'text ms':>9}{'HTML ms':>9}{'ratio':>7}"
          f"{'reading':>9}{'trafilatura':>12}")
    ratios, reading, trafilatura = [], [], []
    for file in files:
        ms = {key: statistics.median(values) * 1000 for key, values in times[file.name].items()}
        html_ms = ms["page"] + ms["extract"]
        ratios.append(html_ms / ms["text"])
        reading.append(ms["page"] / html_ms)
        trafilatura.append(ms["trafilatura"] / html_ms)
        print(f"{file.stem:<10}{len(pages[file.name]) / 1024:>8.0f}{ms['text']:>9.1f}"
              f"{html_ms:>9.1f}{ratios[-1]:>6.1f}x{reading[-1]:>9.0%}{trafilatura[-1]:>12.0%}")
    print(
        f"\nmedian per article: HTML->claims costs {statistics.median(ratios):.1f}x text->claims;"
        f" reading the page is {statistics.median(reading):.0%} of HTML->claims, and "
        f"trafilatura's bare_extraction alone is {statistics.median(trafilatura):.0%} of it "
        "(the rest of reading: parsing, htmldate's update date, decoding)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
