#!/usr/bin/env python3
"""Score the attribution tagger on PolNeAR's human-annotated political news.

usage: python tools/polnear.py PATH [-v] [--limit N] [--by-class] [--name SUBSTRING]

PATH is a local copy of one PolNeAR split (a folder holding ``text/NAME.txt`` and
``attributions/NAME_<annotator>.ann``). Use the TRAIN split only: dev and test are
the project's held-out measurement and must not be scored or tuned on. PolNeAR
states no licence, so nothing it contains may be committed; this tool reads it
from the path given and prints figures (``-v`` prints sentences to the terminal
only). It is dev tooling, not run in CI.

How PolNeAR's annotations become our per-sentence gold
-------------------------------------------------------
PolNeAR marks attributions in BRAT standoff: ``T`` lines are spans typed
Source, Cue, Content (and Attribution, the relation's anchor); ``E`` lines tie
one Cue to its Content and, when present, Source. An article annotated twice
is read from its first annotation file in sorted order (deterministic).

Our unit is the sentence, so for every sentence our segmenter gives:

* **coverage** = the share of the sentence's characters inside one attribution's
  Content span(s). The sentence is *attributed* to the attribution covering it
  most when that share is at least 0.5 (the sentence mostly carries reported
  material). A sentence touched by content below 0.5 is *partial* ("X, who said
  Y, arrived"): any kind is accepted and it counts in neither recall nor
  precision.
* **kind**: quoted words (inside balanced quote marks of the paragraph) making
  up at least half of the covered characters → ``direct_quote`` (only that kind
  is accepted). Otherwise the preferred kind follows the Source: no capitalised
  name (a lower-case group such as "officials", "critics") → ``unnamed_source``;
  otherwise ``indirect_quote``. For indirect speech ``indirect_quote``,
  ``press_release`` and ``unnamed_source`` are all accepted, because PolNeAR
  does not type its sources (person vs organisation vs spokesperson), so it
  cannot tell those three apart; the confusion matrix still shows the
  preferred kind against ours.
* **beliefs, intentions and feelings**: PolNeAR annotates "X wants / thinks /
  believes / hopes / fears / expects / plans Y" as attributions; our taxonomy
  calls a sentence that only reports a belief ``reporter_assertion`` (a belief
  is not a statement anyone made). When the cue is such a verb and no speech
  verb, the sentence is *belief*: reporter_assertion is preferred, indirect
  kinds are accepted too, and it counts in neither recall nor precision.
* **no Source** (PolNeAR's "Attribution-no-source": "it is said that …"):
  ``alleged`` or ``unnamed_source`` preferred as the cue suggests; speaker not
  scored.
* **unattributed** sentences: ``reporter_assertion`` preferred; ``not_a_claim``
  and ``alleged`` accepted (PolNeAR does not mark headlines, bylines or
  evidential hedges, so it cannot contradict those).

Speakers (lenient): the gold speaker is the Source span. Its *name tokens* are
its capitalised words minus titles, possessives ("Whitcombe's chief of staff,
Ana Ruiz" → Ana, Ruiz) and party/state tags ("D-Ohio"). Our speaker is
right when the last of its own name tokens (or its last word) is one of them.
A sentence covered by several attributions accepts any of their sources.
Sources that are pronouns ("he", "they") are left out of the main speaker score
and scored separately (``pronoun speaker``) against the nearest preceding
Source span with a name; that figure is approximate (the nearest name is not
always the antecedent). Sources without a name (vague groups) are not
speaker-scored.

Figures printed: sentence counts per gold class, attribution recall and
precision, kind accuracy on all scored sentences and on attributed ones (with a
confusion matrix of preferred gold kind against ours), speaker accuracy.
``--by-class`` counts the misses by failure class; ``-v`` lists them with
the sentence, ours vs gold and our rule.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ATTRIBUTED = frozenset({"direct_quote", "indirect_quote", "press_release", "unnamed_source"})
INDIRECT = ("indirect_quote", "press_release", "unnamed_source")
COVERAGE = 0.5

PRONOUNS = frozenset(
    "i me my we us our you your he him his she her they them their it its who whom "
    "which that this these those one someone somebody".split()
)
TITLES = frozenset(
    "mr mrs ms dr sen senator rep gov governor president prof professor gen rev "
    "sir lord lady judge justice mayor secretary chairman speaker former the a an".split()
)
GROUP_WORDS = frozenset(
    "some many most several all both other others two three four few one "
    "officials critics sources analysts experts aides voters residents supporters "
    "opponents observers economists lawmakers advocates people".split()
)
"""Capitalised only at a sentence start: a vague group, not a name ("Officials say")."""
BELIEF_STEMS = (
    "believ",
    "think",
    "thought",
    "feel",
    "felt",
    "expect",
    "hope",
    "fear",
    "worr",
    "want",
    "plan",
    "intend",
    "know",
    "knew",
    "realiz",
    "realis",
    "suspect",
    "doubt",
    "assum",
    "consider",
    "wonder",
    "view",
    "like",
    "love",
    "hate",
    "prefer",
    "wish",
    "see",
    "saw",
    "seem",
    "appear",
    "figur",
    "guess",
    "imagin",
    "trust",
    "understand",
    "understood",
    "agree",
    "disagree",
    "support",
    "oppos",
    "favor",
    "favour",
    "aim",
    "seek",
    "sought",
    "tri",
    "try",
    "decid",
    "choos",
    "chose",
    "concern",
    "afraid",
    "convinc",
    "sure",
    "skeptic",
    "confident",
    "optimis",
    "pessimis",
    "aware",
    "determin",
    "eager",
    "remember",
)
SPEECH_STEMS = (
    "say",
    "said",
    "tell",
    "told",
    "add",
    "not",
    "explain",
    "stat",
    "remark",
    "comment",
    "mention",
    "respon",
    "repl",
    "answer",
    "ask",
    "recall",
    "repeat",
    "reiterat",
    "describ",
    "spok",
    "speak",
    "testif",
    "quot",
    "point",
    "observ",
    "assert",
    "insist",
    "maintain",
    "contend",
    "declar",
    "stress",
    "emphasi",
    "affirm",
    "confirm",
    "acknowledg",
    "admit",
    "conced",
    "reveal",
    "disclos",
    "predict",
    "warn",
    "caution",
    "promis",
    "pledg",
    "vow",
    "assur",
    "estimat",
    "conclud",
    "suggest",
    "propos",
    "recommend",
    "urg",
    "call",
    "demand",
    "argu",
    "claim",
    "alleg",
    "accus",
    "charg",
    "den",
    "disput",
    "reject",
    "refut",
    "rebut",
    "counter",
    "retort",
    "object",
    "complain",
    "critici",
    "condemn",
    "denounc",
    "slam",
    "blast",
    "blam",
    "prais",
    "defend",
    "dismiss",
    "question",
    "challeng",
    "writ",
    "wrote",
    "tweet",
    "post",
    "publish",
    "email",
    "report",
    "announc",
    "according",
    "statement",
    "interview",
    "joke",
    "jok",
    "quip",
    "laugh",
    "shout",
    "yell",
    "accord",
    "continu",
    "insist",
    "boast",
    "brag",
    "told",
    "releas",
    "letter",
    "speech",
)
_QUOTE_OPEN = "“«„"
_QUOTE_CLOSE = "”»"
_TOKEN = re.compile(r"[A-Za-z][\w'’.-]*")
_PARTY_TAG = re.compile(r"^[DRI]-[A-Z]")


@dataclass
class GoldAttribution:
    """One PolNeAR attribution: spans are (start, end) pairs into the article text."""

    source: list[tuple[int, int]] = field(default_factory=list)
    cue: list[tuple[int, int]] = field(default_factory=list)
    content: list[tuple[int, int]] = field(default_factory=list)
    source_text: str = ""
    cue_text: str = ""
    resolved_source: str = ""
    """The Source text, or for a pronoun the nearest preceding named Source (approximate)."""


@dataclass
class GoldSentence:
    """What PolNeAR says about one of our sentences."""

    status: str
    """attributed | partial | belief | none"""
    kinds: list[str]
    """Accepted kinds, the preferred first."""
    sources: list[GoldAttribution] = field(default_factory=list)
    cue: str = ""
    cue_inside: bool = False
    """The cue lies in the sentence (else the content runs on from another sentence)."""


# --- reading BRAT ------------------------------------------------------------------


def parse_brat(ann: str) -> list[GoldAttribution]:
    """The attributions of one BRAT standoff file (T spans tied together by E lines)."""
    spans: dict[str, tuple[str, list[tuple[int, int]], str]] = {}
    events: list[list[tuple[str, str]]] = []
    for line in ann.splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 2:
            label, _, ranges = parts[1].partition(" ")
            pieces = [tuple(int(n) for n in r.split()) for r in ranges.split(";") if r.strip()]
            spans[parts[0]] = (
                label,
                [(p[0], p[1]) for p in pieces],
                parts[2] if len(parts) > 2 else "",
            )
        elif line.startswith("E") and len(parts) >= 2:
            events.append([tuple(arg.split(":", 1)) for arg in parts[1].split() if ":" in arg])  # type: ignore[misc]
    attributions = []
    for arguments in events:
        gold = GoldAttribution()
        for role, ref in arguments:
            if ref not in spans:
                continue
            _, ranges, words = spans[ref]
            role = role.rstrip("0123456789")
            if role == "Source":
                gold.source += ranges
                gold.source_text = (gold.source_text + " " + words).strip()
            elif role == "Cue":
                gold.cue += ranges
                gold.cue_text = (gold.cue_text + " " + words).strip()
            elif role == "Content":
                gold.content += ranges
        if gold.content:
            attributions.append(gold)
    _resolve_pronouns(attributions)
    return attributions


def _resolve_pronouns(attributions: list[GoldAttribution]) -> None:
    """Point each pronoun Source at the nearest preceding Source with a name."""
    named = sorted(
        (a.source[0][0], a.source_text)
        for a in attributions
        if a.source and name_tokens(a.source_text)
    )
    for gold in attributions:
        gold.resolved_source = gold.source_text
        if gold.source and is_pronoun(gold.source_text):
            before = [text for start, text in named if start < gold.source[0][0]]
            gold.resolved_source = before[-1] if before else ""


def load_article(folder: Path, name: str) -> tuple[str, list[GoldAttribution]]:
    """An article's text and the attributions of its first annotation file (sorted)."""
    text = (folder / "text" / f"{name}.txt").read_text(encoding="utf-8")
    files = sorted((folder / "attributions").glob(f"{name}_*.ann"))
    return text, parse_brat(files[0].read_text(encoding="utf-8")) if files else []


def article_names(folder: Path) -> list[str]:
    """Every article of the split that has text and at least one annotation file."""
    annotated = {p.name.rsplit("_", 1)[0] for p in (folder / "attributions").glob("*.ann")}
    return sorted(p.stem for p in (folder / "text").glob("*.txt") if p.stem in annotated)


# --- words ---------------------------------------------------------------------------


def is_pronoun(phrase: str) -> bool:
    words = phrase.lower().split()
    return bool(words) and all(w.strip(",.") in PRONOUNS for w in words)


def name_tokens(phrase: str) -> set[str]:
    """Capitalised words of a source phrase, minus titles, possessives and party tags."""
    names = set()
    for token in _TOKEN.findall(phrase):
        if not token[0].isupper() or _PARTY_TAG.match(token):
            continue
        if token.endswith(("'s", "’s")):
            continue
        word = token.strip(".'’-").lower()
        if word and word not in TITLES and word not in PRONOUNS and word not in GROUP_WORDS:
            names.add(word)
    return names


def speaker_matches(ours: str | None, gold_phrases: list[str]) -> bool:
    """Lenient: the last name token of our speaker (or its last word) is one of gold's."""
    if not ours:
        return False
    tokens = [t.strip(".'’-").lower() for t in _TOKEN.findall(ours)]
    names = [t for t in tokens if t and t not in TITLES]
    mine = {names[-1]} if names else set()
    if tokens:
        mine.add(tokens[-1])
    caps = [t for t in _TOKEN.findall(ours) if t[0].isupper() and not t.endswith(("'s", "’s"))]
    if caps:
        mine.add(caps[-1].strip(".'’-").lower())
    return any(mine & name_tokens(phrase) for phrase in gold_phrases)


def is_belief(cue: str) -> bool:
    """A cue of belief, intention or feeling with no speech verb in it."""
    words = [w.lower() for w in _TOKEN.findall(cue)]
    speech = any(w.startswith(SPEECH_STEMS) for w in words)
    return not speech and any(w.startswith(BELIEF_STEMS) for w in words)


def quoted_mask(text: str) -> bytearray:
    """1 for every character inside quote marks of its paragraph.

    Two typewriter apostrophes ('') count as a double mark: PolNeAR's New York
    Times texts mark every quotation that way. A quote still open at the end of
    its paragraph runs to the paragraph's end (news reopens a running quote in
    the next paragraph without closing the first), and a paragraph that opens
    with a closing mark's text (no opener before the closer) is quoted from its
    start.
    """
    mask = bytearray(len(text))
    for paragraph in re.finditer(r"[^\n]+", text):
        opened, first_mark = -1, True
        for match in re.finditer(r"[\"“”«»„]|''", paragraph.group()):
            mark, at = match.group(), paragraph.start() + match.start()
            opener = mark in _QUOTE_OPEN or (mark in ('"', "''") and _opens(text, at, len(mark)))
            if opened < 0 and opener:
                opened = at
            elif opened < 0 and first_mark:
                mask[paragraph.start() : at + len(mark)] = b"\x01" * (
                    at + len(mark) - paragraph.start()
                )
            elif opened >= 0 and not opener or opened >= 0 and mark in _QUOTE_CLOSE:
                mask[opened : at + len(mark)] = b"\x01" * (at + len(mark) - opened)
                opened = -1
            first_mark = False
        if opened >= 0:
            mask[opened : paragraph.end()] = b"\x01" * (paragraph.end() - opened)
    return mask


def _opens(text: str, at: int, width: int) -> bool:
    """A straight mark opens when it follows a space or line start and precedes a word."""
    before = text[at - 1] if at > 0 else "\n"
    after = text[at + width] if at + width < len(text) else " "
    return (before.isspace() or before in "([—–-") and not after.isspace()


# --- mapping gold onto our sentences ---------------------------------------------------


def _overlap(spans: list[tuple[int, int]], start: int, end: int) -> list[tuple[int, int]]:
    return [(max(s, start), min(e, end)) for s, e in spans if min(e, end) > max(s, start)]


def gold_sentence(
    text: str, start: int, end: int, golds: list[GoldAttribution], mask: bytearray
) -> GoldSentence:
    """The gold class, accepted kinds and sources of the sentence text[start:end]."""
    length = max(1, len(text[start:end].strip()))
    covering: list[tuple[float, GoldAttribution, list[tuple[int, int]]]] = []
    for gold in golds:
        parts = _overlap(gold.content, start, end)
        if parts:
            covered = sum(len(text[s:e].strip()) for s, e in parts) / length
            covering.append((covered, gold, parts))
    if not covering:
        return GoldSentence("none", ["reporter_assertion", "not_a_claim", "alleged"])
    covering.sort(key=lambda item: -item[0])
    full = [item for item in covering if item[0] >= COVERAGE]
    if not full:
        return GoldSentence("partial", ["*"], [covering[0][1]])
    speech = [item for item in full if not is_belief(item[1].cue_text)]
    if not speech:
        _, gold, _ = full[0]
        return GoldSentence("belief", ["reporter_assertion", *INDIRECT], [gold], gold.cue_text)
    _, gold, parts = speech[0]
    sources = [item[1] for item in speech]
    found = GoldSentence("attributed", list(INDIRECT), sources, gold.cue_text)
    found.cue_inside = bool(_overlap(gold.cue, start, end))
    inside = sum(sum(mask[s:e]) for s, e in parts)
    total = sum(e - s for s, e in parts)
    if total and inside / total >= 0.5:
        found.kinds = ["direct_quote"]
    elif not gold.source:
        found.kinds = ["unnamed_source", "alleged", "indirect_quote", "press_release"]
    elif not name_tokens(gold.resolved_source):
        found.kinds = ["unnamed_source", "indirect_quote", "press_release"]
    return found


# --- scoring ---------------------------------------------------------------------------


@dataclass
class Miss:
    what: str
    failure: str
    article: str
    sentence: str
    ours: str
    gold: str
    rule: str


@dataclass
class Totals:
    sentences: Counter[str] = field(default_factory=Counter)
    recall_hit: int = 0
    recall_all: int = 0
    precision_hit: int = 0
    precision_all: int = 0
    kind_ok: int = 0
    kind_all: int = 0
    kind_attr_ok: int = 0
    kind_attr_all: int = 0
    speaker_ok: int = 0
    speaker_all: int = 0
    pronoun_ok: int = 0
    pronoun_all: int = 0
    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)
    misses: list[Miss] = field(default_factory=list)


def score_article(name: str, text: str, golds: list[GoldAttribution], totals: Totals) -> None:
    """Add one article's figures to ``totals``."""
    from factcheck import extract

    mask = quoted_mask(text)
    for claim in extract(text).claims:
        start, end = claim.span.start, claim.span.end
        gold = gold_sentence(text, start, end, golds, mask)
        ours = claim.attribution.kind.value
        totals.sentences[gold.status] += 1
        _score_kind(name, claim, gold, ours, totals)
        if gold.status == "attributed":
            _score_speaker(name, claim, gold, ours, totals)


def _miss(totals: Totals, what: str, failure: str, name: str, claim: object, gold: str) -> None:
    attribution = claim.attribution  # type: ignore[attr-defined]
    ours = f"{attribution.kind.value} / {attribution.speaker!r}"
    totals.misses.append(
        Miss(what, failure, name, claim.text, ours, gold, attribution.rule)  # type: ignore[attr-defined]
    )


def _score_kind(name: str, claim: object, gold: GoldSentence, ours: str, totals: Totals) -> None:
    ok = gold.kinds == ["*"] or ours in gold.kinds
    totals.kind_all += 1
    totals.kind_ok += ok
    totals.confusion[(gold.kinds[0] if gold.kinds != ["*"] else "(partial)", ours)] += 1
    source = gold.sources[0].source_text if gold.sources else ""
    described = f"{gold.status} {gold.kinds[:1]} source={source!r} cue={gold.cue!r}"
    if gold.status == "attributed":
        totals.kind_attr_all += 1
        totals.kind_attr_ok += ok
        totals.recall_all += 1
        totals.recall_hit += ours in ATTRIBUTED
        if ours not in ATTRIBUTED:
            _miss(totals, "recall", _missed_class(claim, gold), name, claim, described)
        elif not ok:
            _miss(totals, "kind", f"{gold.kinds[0]}->{ours}", name, claim, described)
    if ours in ATTRIBUTED and gold.status in ("attributed", "none"):
        totals.precision_all += 1
        totals.precision_hit += gold.status == "attributed"
        if gold.status == "none":
            rule = claim.attribution.rule  # type: ignore[attr-defined]
            _miss(totals, "precision", f"false alarm {rule}", name, claim, described)


def _missed_class(claim: object, gold: GoldSentence) -> str:
    quoted = "direct" if gold.kinds == ["direct_quote"] else "indirect"
    if not gold.cue_inside:
        return f"{quoted} content runs on from another sentence"
    words = gold.cue.lower().split()
    return f"{quoted}, missed cue {' '.join(words[:2])!r}" if words else "missed cue (none)"


def _score_speaker(name: str, claim: object, gold: GoldSentence, ours: str, totals: Totals) -> None:
    speaker = claim.attribution.speaker  # type: ignore[attr-defined]
    pronoun = all(is_pronoun(g.source_text) for g in gold.sources if g.source)
    if pronoun:
        phrases = [g.resolved_source for g in gold.sources if g.resolved_source]
        if phrases and any(name_tokens(p) for p in phrases):
            totals.pronoun_all += 1
            if speaker_matches(speaker, phrases):
                totals.pronoun_ok += 1
            else:
                written = gold.sources[0].source_text
                failure = f"pronoun {written.lower()!r} ({claim.attribution.rule})"  # type: ignore[attr-defined]
                _miss(totals, "pronoun", failure, name, claim, f"resolved={phrases!r}")
        return
    phrases = [g.source_text for g in gold.sources if g.source and not is_pronoun(g.source_text)]
    if not any(name_tokens(p) for p in phrases):
        return
    totals.speaker_all += 1
    if speaker_matches(speaker, phrases):
        totals.speaker_ok += 1
        return
    failure = _speaker_class(speaker, claim)
    _miss(totals, "speaker", failure, name, claim, f"source={phrases!r}")


def _speaker_class(speaker: str | None, claim: object) -> str:
    rule = claim.attribution.rule  # type: ignore[attr-defined]
    if not speaker:
        return f"no speaker ({rule})"
    if rule in ("quote.continuation", "quote.running", "quote.previous_paragraph"):
        return f"quote carried ({rule})"
    first = speaker.split()[0]
    if first[0].islower() or _PARTY_TAG.match(first) or len(speaker) <= 3:
        return "fragment speaker"
    return f"wrong speaker ({rule})"


# --- output ----------------------------------------------------------------------------


def _ratio(hit: int, total: int) -> str:
    return f"{hit / total:.3f} ({hit}/{total})" if total else "n/a"


def report(totals: Totals, *, verbose: bool, by_class: bool) -> None:
    counts = ", ".join(f"{k} {v}" for k, v in sorted(totals.sentences.items()))
    print(f"sentences: {sum(totals.sentences.values())} ({counts})")
    print(f"attribution recall    {_ratio(totals.recall_hit, totals.recall_all)}")
    print(f"attribution precision {_ratio(totals.precision_hit, totals.precision_all)}")
    print(f"kind accuracy (all)   {_ratio(totals.kind_ok, totals.kind_all)}")
    print(f"kind accuracy (attr.) {_ratio(totals.kind_attr_ok, totals.kind_attr_all)}")
    print(f"speaker accuracy      {_ratio(totals.speaker_ok, totals.speaker_all)}")
    print(f"pronoun speaker (approx.) {_ratio(totals.pronoun_ok, totals.pronoun_all)}")
    kinds = sorted({k for _, k in totals.confusion})
    rows = sorted({g for g, _ in totals.confusion})
    print("\nconfusion (rows: gold preferred, columns: ours)")
    print(" " * 20 + "".join(f"{k[:10]:>11}" for k in kinds))
    for row in rows:
        print(f"{row[:19]:<20}" + "".join(f"{totals.confusion[(row, k)]:>11}" for k in kinds))
    if by_class:
        print("\nmisses by failure class")
        classes = Counter((m.what, m.failure) for m in totals.misses)
        for (what, failure), count in classes.most_common(40):
            print(f"{count:6}  {what:9}  {failure}")
    if verbose:
        print()
        for miss in totals.misses:
            print(f"[{miss.what}] {miss.failure} · {miss.article}")
            print(f"    {miss.sentence[:220]!r}")
            print(f"    ours: {miss.ours} rule={miss.rule}   gold: {miss.gold}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    parser.add_argument("path", type=Path)
    parser.add_argument("-v", "--verbose", action="store_true")
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--by-class", action="store_true")
    parser.add_argument("--name", default="", help="only articles whose name contains this")
    args = parser.parse_args(argv)
    if not (args.path / "attributions").is_dir() or not (args.path / "text").is_dir():
        print(f"{args.path}: not a PolNeAR split (needs text/ and attributions/)", file=sys.stderr)
        return 1
    names = [n for n in article_names(args.path) if args.name in n]
    if args.limit:
        names = names[: args.limit]
    totals = Totals()
    for name in names:
        text, golds = load_article(args.path, name)
        score_article(name, text, golds, totals)
    report(totals, verbose=args.verbose, by_class=args.by_class)
    return 0


if __name__ == "__main__":
    sys.exit(main())
