"""Split an article into paragraphs and sentences with exact code-point offsets.

Why not a segmenter alone: measured on human-split news, every off-the-shelf
segmenter loses about six points of F1 unless paragraphs are split first, and
each has news-specific blind spots. BlingFire (the fastest well-kept one, and
the most accurate on Wikinews) never splits inside quotation marks, so a
multi-sentence quote stays one sentence, and it breaks "Mr. J. K. Rowling"
into four. So the pipeline is:

1. paragraphs from line breaks (a hard-wrapped line that ends mid-sentence and
   continues in lower case is joined back);
2. every ``[.!?…]`` + closing marks + space in a paragraph is a candidate
   boundary, decided by news rules where they are sure (abbreviations before
   names and numbers, initials, ambiguous abbreviations like "U.S." or "Inc."
   followed by a sentence opener, question marks before "he asked",
   lower-case continuations) and by BlingFire where they are not (ellipses,
   numbers, unknown capitalised abbreviations); BlingFire runs only on a
   paragraph that has such a candidate, which keeps the splitter fast;
3. a parenthesised line such as "(RELATED: …)" ends at its closing bracket; an
   enumerated list run into one paragraph splits at each item; a dateline
   ("HARRISBURG, Pa. (AP) — ") belongs to no sentence.

Measured here (one core, Python 3.11, CPU time):

====================================  ===========  ============  ===============
segmenter                             gold F1 [1]  Golden Rules  sentences/s [2]
====================================  ===========  ============  ===============
BlingFire, paragraphs first, offsets     0.955        37/48          ~40k
BlingFire, whole article, offsets          --           --           ~60k
this module                              1.000        47/48         ~190k
====================================  ===========  ============  ===============

[1] tests/data/gold: 39 news articles, 789 human-split sentences (Wikinews and
    invented AP, Reuters and UK-style stories).
[2] ``bench/bench_extract.py``: 1.08 MB of those articles, best of 7 runs.
The one Golden Rule missed: "at 6 P.M. Mr. Smith" is split, so is "at 5 a.m. Mr. Smith".
"""

from __future__ import annotations

import re
from typing import NamedTuple

from factcheck.text._abbreviations import (
    AMBIGUOUS,
    LOWER_ABBREVIATIONS,
    MONTHS,
    NEVER_FINAL,
    NUMBER_PREFIXES,
    SENTENCE_OPENERS,
    TITLES_BEFORE_NAMES,
)


class SentenceSpan(NamedTuple):
    """A sentence as a half-open code-point range and the paragraph it is in."""

    start: int
    end: int
    paragraph: int


_LINE = re.compile(r"[^\n]+")
_CANDIDATE = re.compile(r"([.!?…]+)([\"”’'»“)\]]*)\s+(?=\S)")
_OPENING_MARKS = frozenset("\"“‘'«([„")
_LINE_END_OK = frozenset(".!?…:;\"”’')]»")
_DOTTED = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]\Z")
_WORD = re.compile(r"[\"“‘'«(\[„]*([A-Za-z0-9-]+)")
_NOT_AFTER_TIME = frozenset(
    "ET EST EDT CT CST CDT MT MST MDT PT PST PDT AKST AKDT HST GMT BST UTC CET CEST WET EET IST "
    "AEST AEDT ACST ACDT AWST NZST NZDT Eastern Central Mountain Pacific local "
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May "
    "June July August September October November December Mr Mrs Ms".split()
)
_SPEECH_AFTER_QUESTION = re.compile(
    r"[^.!?]{0,60}?\b(?:said|says|asked|asks|added|adds|wrote|writes|told|tells|"
    r"continued|replied|wondered|shouted|exclaimed)\b"
)
_TIME_ZONE = re.compile(r"[A-Z]{1,3}[SD]?T|UTC")
"""'2:40 a.m. NST', 'a.m. EDT', 'p.m. GMT': a zone continues the time."""
_SPACE = " \t\u00a0\u2009\u202f\u200b\ufeff"
_DASHES = frozenset("-–—")
_BULLETS = "•⁃‣◦▪*-–—"
_LIST_MARKER = re.compile(r"[^\w]*(?:\d{1,3}|[a-z])\.?\)?\Z")
# "HARRISBURG, Pa. (AP) — ", "DRAVENPORT, March 20 (Reuters) - ", "LINDEN FALLS — ":
# a prefix that belongs to no sentence (AP and Reuters style).
_DATELINE = re.compile(
    r"[A-Z][A-Z.'’-]{2,}(?:\s+[A-Z][A-Z.'’-]*)*"
    r"(?:,\s+[A-Z][A-Za-z.]*(?:\s+[A-Z][A-Za-z.]*)?(?:\s+\d{1,2})?)?"
    r"(?:\s+\([A-Z][A-Za-z .]{0,20}\))?"
    r"\s+(?:—|–|--?)\s+(?=\S)"
)
_LABELLED_BULLETS = re.compile(
    r"[A-Z][\w'’]*(?:[ \t]+[\w'’]+){0,3}:[ \t]+([-–•*▪])[ \t]+(?=[A-Z0-9])"
)
"""A short label and a colon, then a bullet mark: "Key points: - The route …"."""
_LIST_START = re.compile(r"(?:[•⁃‣◦▪*]\s*)?(\d{1,3}|[a-z])(\.\)|\.|\))\s")


def split_paragraphs(text: str, *, start: int = 0) -> list[tuple[int, int]]:
    """Paragraph ranges (trimmed) from ``start``: one per line, hard wraps joined."""
    paragraphs: list[tuple[int, int]] = []
    for match in _LINE.finditer(text, start):
        begin, end = _trim(text, match.start(), match.end())
        if begin == end:
            continue
        if paragraphs and _continues(text, paragraphs[-1][1], begin):
            paragraphs[-1] = (paragraphs[-1][0], end)
        else:
            paragraphs.append((begin, end))
    return paragraphs


def split_sentences(text: str, *, start: int = 0) -> list[SentenceSpan]:
    """Sentence spans of ``text`` from ``start``, never crossing a paragraph."""
    paragraphs = split_paragraphs(text, start=start)
    if not paragraphs:
        return []
    sentences: list[SentenceSpan] = []
    for number, (begin, end) in enumerate(paragraphs):
        dateline = _DATELINE.match(text, begin, end)
        if dateline is not None:
            begin = dateline.end()
        for s, e in _split_paragraph(text, begin, end):
            sentences.append(SentenceSpan(s, e, number))
    return sentences


def blingfire_sentences(text: str) -> list[tuple[int, int]]:
    """BlingFire alone, with its own offsets: the baseline the benchmark compares to."""
    import blingfire  # type: ignore[import-untyped]  # no stubs, no py.typed

    offsets: list[tuple[int, int]] = blingfire.text_to_sentences_and_offsets(text)[1]
    return offsets


def _trim(text: str, begin: int, end: int) -> tuple[int, int]:
    while begin < end and (text[begin].isspace() or text[begin] in _SPACE):
        begin += 1
    while end > begin and (text[end - 1].isspace() or text[end - 1] in _SPACE):
        end -= 1
    return begin, end


def _continues(text: str, previous_end: int, begin: int) -> bool:
    """A hard-wrapped line: the previous line stops mid-sentence, this one goes on in lower case."""
    if text.count("\n", previous_end, begin) != 1:
        return False
    return text[previous_end - 1] not in _LINE_END_OK and text[begin].islower()


def _blingfire_starts(text: str, begin: int, end: int) -> frozenset[int]:
    """Offsets where BlingFire starts a sentence, found by aligning its output to the text.

    BlingFire returns the sentences joined by newlines, with the whitespace
    between two sentences replaced by one newline and newlines inside a
    sentence by spaces; everything else is kept, so each piece is found at the
    next non-space position. (Its own offset API does this byte by byte in
    Python and is several times slower than the segmentation itself.)
    """
    import blingfire

    starts = set()
    position = begin
    for piece in blingfire.text_to_sentences(text[begin:end]).split("\n"):
        if not piece:
            continue
        while position < end and text[position].isspace():
            position += 1
        stop = position + len(piece)
        if text.startswith(piece, position) or text[position:stop].replace("\n", " ") == piece:
            starts.add(position)
            position = stop
            continue
        found = text.find(piece[:12], position, stop + 256)
        if found >= 0:
            starts.add(found)
            position = found + 1
    return frozenset(starts)


def _split_paragraph(text: str, begin: int, end: int) -> list[tuple[int, int]]:
    if _LIST_START.match(text, begin, end):
        items = _list_items(text, begin, end)
    elif (label := _LABELLED_BULLETS.match(text, begin, end)) is not None:
        items = _bullet_items(text, begin, end, label)
    else:
        items = [(begin, end)]
    spans: list[tuple[int, int]] = []
    fallback: frozenset[int] | None = None  # BlingFire's starts, asked only when a rule is unsure
    for item_begin, item_end in items:
        current = item_begin
        for match in _CANDIDATE.finditer(text, item_begin, item_end):
            decision = _decide(text, match, begin, item_end, current)
            if decision is None:
                if fallback is None:
                    fallback = _blingfire_starts(text, begin, end)
                decision = match.end() in fallback
            if decision:
                spans.append((current, match.end(2)))
                current = match.end()
        spans.append((current, item_end))
    return _split_bracketed_lines(text, spans)


def _list_items(text: str, begin: int, end: int) -> list[tuple[int, int]]:
    """ "1. First 2. Second": an enumerated list run into one paragraph, split at each
    marker that continues the sequence (2 after 1, b after a) in the same style."""
    first = _LIST_START.match(text, begin, end)
    assert first is not None
    value, style = first.group(1), first.group(2)
    items: list[tuple[int, int]] = []
    start = begin
    while True:
        value = str(int(value) + 1) if value.isdigit() else chr(ord(value) + 1)
        marker = re.compile(r"\s+((?:[•⁃‣◦▪*]\s*)?" + re.escape(value + style) + r")\s")
        found = marker.search(text, start + 1, end)
        if found is None:
            break
        items.append((start, _trim(text, start, found.start())[1]))
        start = found.start(1)
    items.append((start, end))
    return items


def _bullet_items(text: str, begin: int, end: int, label: re.Match[str]) -> list[tuple[int, int]]:
    """ "Key points: - A - B - C": a labelled bullet box flattened onto one line. The
    label is a line of its own, and each bullet (the same mark, then a capital) an item."""
    bullet = label.group(1)
    items = [(begin, label.start(1))]
    start = label.start(1)
    marker = re.compile(r"\s+(" + re.escape(bullet) + r")\s+(?=[A-Z0-9\"“‘'])")
    for found in marker.finditer(text, start + 1, end):
        items.append((start, found.start()))
        start = found.start(1)
    items.append((start, end))
    return [_trim(text, a, b) for a, b in items]


def _decide(text: str, match: re.Match[str], begin: int, end: int, current: int) -> bool | None:
    """True/False when a news rule is sure about this boundary, None to ask BlingFire."""
    punct, closers = match.group(1), match.group(2)
    following = text[match.end()]
    if following.islower() or following in ".…" or following in _DASHES:
        return False
    if punct[0] in "?!":
        if not closers and _inside_chant(text, match.start(1), current, end):
            return False
        return not (closers and _speech_follows(text, match.end(), end))
    if len(punct) > 1 or punct == "…":
        return True if len(punct) >= 4 and set(punct) == {"."} else None
    word = _previous_word(text, match.start(1), begin)
    if _is_list_marker(text, word, match.start(1) - len(word), current):
        return False
    if closers:
        # "Col. (retd.) Ola Fenn", "Sen. Ada Marr (D-Ind.) Tuesday": a one-word bracketed
        # abbreviation inside a name goes on unless a sentence opener follows
        return not (
            closers == ")"
            and text[match.start(1) - len(word) - 1 : match.start(1) - len(word)] == "("
            and _next_word(text, match.end(), end) not in SENTENCE_OPENERS
        )
    if not word:
        return _after_spaced_dots(text, match.start(1), begin)
    gap = match.start(1) - len(word) - 1
    before = _previous_word(text, gap, begin) if gap > begin and text[gap].isspace() else ""
    decision = _after_period(word, following, _next_word(text, match.end(), end), before)
    if decision is False and _noun_phrase_end(word, before, text[gap : gap + 1]):
        return _new_clause(text, match.end(), end, word in _COMPANY_ENDS)
    return decision


_COMPANY_ENDS = frozenset("Inc Corp Co Cos Ltd Plc PLC LLC Bros".split())
_CLAUSE_AFTER_NAME = re.compile(r"([A-Z][a-z][\w'’-]*)\s+([a-z][\w'’-]*)\b")
_CLAUSE_AFTER_COMPANY = re.compile(
    r"([A-Z][a-z][\w'’&-]*(?:\s+[A-Z][\w'’&-]*\.?){0,3})\s+([a-z][\w'’-]*)\b"
)
_NOT_NEW_CLAUSE = frozenset(
    """
    chief executive president chairman chairwoman ceo cfo coo founder senate house army
    navy treasury embassy customs attorney census open chamber capitol supreme district
    marshals coast air marine forest postal secret mint department court government
    """.split()
)
_NAME_LINKS = frozenset("of and de van von da del la le for on at in to".split())


def _noun_phrase_end(word: str, before: str, gap: str) -> bool:
    """An abbreviation that often closes a noun phrase: "Acme Tool Co.", "in the U.S.",
    "Kirkwood, Mo."."""
    if word in _COMPANY_ENDS:
        return True
    if _DOTTED.match(word) and word.isupper():
        return before.lower() == "the"
    return word in AMBIGUOUS and before.endswith(",") and gap.isspace()


def _new_clause(text: str, position: int, end: int, company: bool = False) -> bool:
    """ "… Co. Brightline bought it …": a capitalised word and a lower-case verb after it
    open a new sentence, unless the word continues a name or a title ("Inc. Chief …").
    After a company suffix the new subject may be a longer name ("Ltd. Kestrel Energy
    Corp. did not …"): a company name ends where its suffix is."""
    pattern = _CLAUSE_AFTER_COMPANY if company else _CLAUSE_AFTER_NAME
    found = pattern.match(text, position, end)
    if found is None:
        return False
    names, verb = found.group(1).lower().replace(".", "").split(), found.group(2)
    return _NOT_NEW_CLAUSE.isdisjoint(names) and verb not in _NAME_LINKS


_CHANT_CLOSE = re.compile(r"[^\"”’\n]{0,40}?[\"”]\s*[a-z]")
_OPENERS_MID = re.compile(r"[a-z,]\s+[\"“][^\"“”]*\Z")


def _inside_chant(text: str, position: int, current: int, end: int) -> bool:
    """'The crowd chanted "Grace! Grace!" as she …': a short exclamation quoted
    mid-sentence, closed before the sentence goes on in lower case."""
    window = text[max(current, position - 60) : position]
    return _OPENERS_MID.search(window) is not None and bool(
        _CHANT_CLOSE.match(text, position + 1, end)
    )


def _after_spaced_dots(text: str, position: int, begin: int) -> bool | None:
    """ ". . . ." is a period plus an ellipsis (a boundary); ". . ." alone is not."""
    dots = 1
    while position - 2 >= begin and text[position - 2] == "." and text[position - 1] == " ":
        dots += 1
        position -= 2
    if dots >= 4:
        return True
    return False if dots == 3 else None


def _is_list_marker(text: str, word: str, word_start: int, current: int) -> bool:
    """ "1." or "a." opening a list item is no sentence end."""
    if text[current:word_start].strip(_BULLETS + _SPACE):
        return False
    return _LIST_MARKER.match(word) is not None


def _after_period(word: str, following: str, next_word: str, before: str) -> bool | None:
    if word in NEVER_FINAL:
        return False
    if following.isdigit():
        return False if word in NUMBER_PREFIXES or word in MONTHS else None
    if word in ("No", "Nos") and next_word and not next_word.isalpha():
        return False  # "No. C-09412"
    if word == "St" and (before[:1].isupper() or before[:1].isdigit()):
        return following.isupper()  # "on Main St. Sheriff's deputies …", not "in St. Louis"
    if word in TITLES_BEFORE_NAMES:
        return False
    if word.lower() in ("a.m", "p.m"):
        return next_word not in _NOT_AFTER_TIME and _TIME_ZONE.fullmatch(next_word) is None
    opener = next_word in SENTENCE_OPENERS
    if len(word) == 1 and word.isalpha():
        return opener
    if word in MONTHS or word in LOWER_ABBREVIATIONS:
        return opener
    if word in AMBIGUOUS or _DOTTED.match(word):
        return opener or (following in _OPENING_MARKS and following != "(")
    if not word:
        return None
    last = word[-1]
    if last.isalpha():
        return True if any(c.islower() for c in word) or len(word) > 1 else None
    return True if last.isdigit() or last in "%)]\"”’'" else None


def _previous_word(text: str, position: int, begin: int) -> str:
    start = position
    while start > begin and not text[start - 1].isspace() and text[start - 1] not in "–—/":
        start -= 1
    return text[start:position].lstrip("\"“‘'«([„")


def _next_word(text: str, position: int, end: int) -> str:
    match = _WORD.match(text, position, end)
    return match.group(1) if match else ""


def _speech_follows(text: str, position: int, end: int) -> bool:
    """'"Why?" Smith asked.': a quoted question inside its attribution sentence. A new
    quotation opening right after ('"Why?" "Because," he said.') takes the cue with it."""
    if position < end and text[position] in '"“«„':
        return False
    return _SPEECH_AFTER_QUESTION.match(text, position, end) is not None


def _split_bracketed_lines(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """A sentence that opens with "(" ends at the matching ")" when more text follows."""
    result: list[tuple[int, int]] = []
    for start, end in spans:
        while text[start] == "(":
            close = _matching_paren(text, start, end)
            if close is None or close + 1 >= end:
                break
            rest, _ = _trim(text, close + 1, end)
            if rest == close + 1 or not (text[rest].isupper() or text[rest] in _OPENING_MARKS):
                break
            result.append((start, close + 1))
            start = rest
        result.append((start, end))
    return result


def _matching_paren(text: str, start: int, end: int) -> int | None:
    depth = 0
    for index in range(start, end):
        char = text[index]
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                return index
    return None
