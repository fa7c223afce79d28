"""Realistic web pages for the URL and HTML tests, written for them.

Each builder returns HTML as a sitewide template would emit it: navigation,
a cookie banner, ads, the article, a related-links box, reader comments and
a footer. The tests check that only the article survives extraction.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

WIKINEWS = Path(__file__).parent / "data" / "wikinews"

NAV = """<header class="site-header"><a class="logo" href="/">Harbor Daily</a>
<nav class="main-nav"><ul><li><a href="/">Home</a></li><li><a href="/local">Local</a></li>
<li><a href="/politics">Politics</a></li><li><a href="/sport">Sport</a></li>
<li><a href="/opinion">Opinion</a></li>
<li><a href="/subscribe">Subscribe</a></li></ul></nav></header>
<div id="cookie-consent" class="cookie-banner"><p>We use cookies to personalise content and ads.
By continuing to browse you agree to our cookie policy.</p>
<button>Accept all cookies</button></div>"""

AD = """<div class="ad ad-slot advertisement" data-ad="mpu"><span>Advertisement</span>
<a href="https://ads.example.net/click?id=42">Refinance your mortgage today with Acme Bank</a>
</div>"""

RELATED = """<aside class="related-articles"><h2>Related stories</h2><ul>
<li><a href="/local/ferry-timetable-changes">Ferry timetable changes announced for winter</a></li>
<li><a href="/local/harbor-dredging-approved">Council approves harbour dredging contract</a></li>
<li><a href="/sport/regatta">Regatta returns after two-year break</a></li></ul></aside>"""

COMMENTS = """<section id="comments" class="comments"><h3>24 comments</h3>
<div class="comment"><p class="comment-author">boatfan77</p>
<p>This bridge has been falling apart for years and nobody in the council cares.</p></div>
<div class="comment"><p class="comment-author">M. Ortiz</p>
<p>Typical spin from the mayor's office, I will believe it when I see the report.</p></div>
</section>"""

FOOTER = """<footer class="site-footer"><p>© 2024 Harbor Daily Media Group. All rights reserved.</p>
<ul><li><a href="/privacy">Privacy</a></li><li><a href="/terms">Terms</a></li></ul></footer>"""

NEWS_PARAGRAPHS = [
    "The Elm Street bridge is safe for traffic despite cracks found by inspectors last "
    "month, Mayor Ann Lee said on Tuesday.",
    '"We have checked every beam, and there is no danger to drivers," Lee told reporters '
    "at City Hall.",
    "Engineers hired by the city disagreed. According to a report released by the firm "
    "Norcross Engineering, two of the bridge's supports need urgent repair.",
    "The council will vote on emergency funding next week, a spokesperson said.",
]

BOILERPLATE_WORDS = [
    "Subscribe", "cookie", "Refinance", "Ferry timetable", "boatfan77", "Typical spin",
    "All rights reserved", "Related stories",
]


def news_page(*, charset: str = "utf-8", extra_head: str = "", lang: str = "en") -> str:
    """A news article page with everything a real site wraps around the story."""
    body = "\n".join(f"<p>{html.escape(p, quote=False)}</p>" for p in NEWS_PARAGRAPHS)
    return f"""<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="{charset}">
<title>Bridge is safe, mayor says | Harbor Daily</title>
<link rel="canonical" href="https://harbordaily.example/local/2024/05/07/bridge-safe">
<meta name="author" content="Dana Whitfield">
<meta property="og:site_name" content="Harbor Daily">
<meta property="article:published_time" content="2024-05-07T08:30:00+01:00">
{extra_head}
</head><body>{NAV}
<main><article class="story"><h1>Bridge is safe, mayor says</h1>
<p class="byline">By <span class="author">Dana Whitfield</span> · 7 May 2024</p>
{AD}
{body}
</article>{RELATED}{COMMENTS}</main>{FOOTER}</body></html>"""


def jsonld_page() -> str:
    """Metadata only in JSON-LD NewsArticle and Open Graph tags (no <meta name=author>)."""
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": "Port authority denies tariff increase",
        "datePublished": "2024-03-11T09:00:00Z",
        "dateModified": "2024-03-12T16:45:00Z",
        "author": [{"@type": "Person", "name": "Priya Raman"},
                   {"@type": "Person", "name": "Tom Okafor"}],
        "publisher": {"@type": "Organization", "name": "Coastal Courier"},
        "mainEntityOfPage": "https://courier.example/news/port-tariff",
        "inLanguage": "en-GB",
    }
    paragraphs = [
        "The port authority denied on Monday that it plans to raise berthing tariffs this year.",
        '"No increase is on the table," chief executive Laila Haddad said in a statement.',
        "Shipping companies had warned that higher fees would push cargo to rival ports.",
        "Officials said the budget would be published in April.",
    ]
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return f"""<!doctype html><html lang="en-GB"><head><meta charset="utf-8">
<title>Port authority denies tariff increase - Coastal Courier</title>
<meta property="og:title" content="Port authority denies tariff increase">
<meta property="og:type" content="article">
<meta property="og:url" content="https://courier.example/news/port-tariff">
<meta property="og:site_name" content="Coastal Courier">
<script type="application/ld+json">{json.dumps(data)}</script>
</head><body>{NAV}<div class="content"><h1>Port authority denies tariff increase</h1>
{body}</div>{RELATED}{FOOTER}</body></html>"""


def amp_page() -> str:
    """An AMP version of a story: amp-boilerplate, amp-img, canonical to the normal page."""
    paragraphs = [
        "Firefighters contained a warehouse blaze in the industrial district overnight, "
        "the fire service said.",
        "No one was injured, according to Chief Officer Mark Ellis.",
        "Police said the cause of the fire was not yet known.",
    ]
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return f"""<!doctype html><html ⚡ lang="en"><head><meta charset="utf-8">
<script async src="https://cdn.ampproject.org/v0.js"></script>
<title>Warehouse fire contained</title>
<link rel="canonical" href="https://harbordaily.example/local/warehouse-fire">
<meta name="viewport" content="width=device-width">
<style amp-boilerplate>body{{visibility:hidden}}</style>
<meta property="og:site_name" content="Harbor Daily">
<meta property="article:published_time" content="2024-06-01">
</head><body><amp-sidebar id="sidebar" layout="nodisplay"><ul><li><a href="/">Home</a></li>
<li><a href="/local">Local</a></li></ul></amp-sidebar>
<article><h1>Warehouse fire contained</h1>
<amp-img src="/fire.jpg" width="600" height="400" layout="responsive" alt="Smoke"></amp-img>
{body}</article>
<amp-ad width="300" height="250" type="doubleclick" data-slot="/123/amp"></amp-ad>
{RELATED}{FOOTER}</body></html>"""


def wikinews_page(name: str) -> tuple[str, list[str]]:
    """A page built from a Wikinews text file, and the paragraphs it should give back."""
    lines = [line.strip() for line in (WIKINEWS / name).read_text(encoding="utf-8").split("\n")]
    paragraphs = [line for line in lines if line]
    headline, dateline, body = paragraphs[0], paragraphs[1], paragraphs[2:]
    rendered = "\n".join(f"<p>{html.escape(p, quote=False)}</p>" for p in body)
    page = f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>{html.escape(headline)} - Wikinews, the free news source</title>
<meta property="og:site_name" content="Wikinews">
</head><body>{NAV}<div id="content"><h1 id="firstHeading">{html.escape(headline)}</h1>
<div id="bodyContent"><p><strong>{html.escape(dateline)}</strong></p>
{rendered}</div></div>{RELATED}{FOOTER}</body></html>"""
    return page, body


def js_only_page() -> str:
    """A single-page app shell: nothing to read until JavaScript runs."""
    return """<!doctype html><html><head><meta charset="utf-8"><title>Harbor Daily</title>
<script src="/static/app.4f3a.js" defer></script></head>
<body><noscript>You need to enable JavaScript to run this app.</noscript>
<div id="root"></div></body></html>"""
