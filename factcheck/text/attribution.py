"""The attribution tagger: who asserts each sentence, and why we think so.

Rule-based, following the decision order of docs/attribution.md §2 (first match wins):

1. structural lines (headline, dateline, caption, credit, promo) → ``not_a_claim``;
2. a sentence that is mostly quotation inside an attributed quote → ``direct_quote``
   with the quote's speaker: the cue may sit in another sentence of the same
   quote, in an earlier quote of the paragraph (""A," she said. "B.""), in the
   paragraph a running quote started in, in the previous paragraph (a
   quote-only paragraph continues its speaker), or in a pull-quote credit;
3. a main-clause cue outside quotation marks (``cues.find_cues``) → by its
   content and speaker: quoted bulk → ``direct_quote``; an organisation, a
   spokesperson or a statement/release → ``press_release``; a vague source →
   ``unnamed_source``; otherwise ``indirect_quote``;
4. an evidential hedge and no source → ``alleged``;
5. a bare question → ``not_a_claim``; anything else → ``reporter_assertion``.

Hedges are listed for every sentence, sourced or not, exactly as written and
only outside quotation marks. Each tag names its rule and a confidence.

Measured with the gold scorer (tests/test_gold.py) on tests/data/gold (39 articles, 789
sentences): kind accuracy 1.000, speaker accuracy on quotes 0.996, hedges
1.000. The set was written against the guide (docs/attribution.md) while this
tagger grew, so published news scores lower (tools/polnear.py measures it on
PolNeAR's train split); tests/test_attribution.py holds the guide's frames and
traps as cases of their own, tests/test_attribution_news.py the failure classes
seen on published news.

Speed: the article is scanned once for cue words, hedge words and name runs;
sentences without a cue word skip the cue finder, which is most of the cost.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from factcheck.text._lexicon import (
    CLAIM_NOUNS,
    DOCUMENT_NOUNS,
    HEDGE_WORDS,
    STRONG_HEDGE_FRAMES,
    STRONG_HEDGES,
    WEAK_HEDGE_FRAMES,
)
from factcheck.text.cues import CueHit, find_cues, trigger_words
from factcheck.text.quotes import QuoteSpan, find_quotes, mask_quotes, quoted_length
from factcheck.text.rules import Rule
from factcheck.text.sentences import SentenceSpan
from factcheck.text.speakers import (
    DESCRIPTION,
    DOCUMENT,
    MEDIA,
    ORG,
    PERSON,
    PRONOUN,
    SPOKESPERSON,
    VAGUE,
    Memory,
    Source,
    analyse,
    is_personal_noun,
    name_runs,
)
from factcheck.text.structure import dash_credit, is_credit_line, line_rule


@dataclass(slots=True)
class Tag:
    """The tagger's verdict on one sentence; offsets index the article text."""

    kind: str
    rule: Rule
    confidence: float = 0.5
    speaker: str | None = None
    speaker_title: str | None = None
    cue: tuple[int, int] | None = None
    hedges: list[str] = field(default_factory=list)


@dataclass(slots=True)
class _Sentence:
    start: int
    end: int
    masked: str
    quoted: int
    hedges: list[str]
    structural: Rule | None = None
    cue: CueHit | None = None
    source: Source | None = None
    cues: list[tuple[CueHit, Source]] = field(default_factory=list)
    present: set[str] | None = None
    spans: range = range(0)
    """Indices of the paragraph's quote spans that may overlap the sentence."""

    @property
    def ratio(self) -> float:
        return self.quoted / max(1, self.end - self.start)


@dataclass(slots=True)
class _State:
    """What carries from one paragraph to the next."""

    memory: Memory = field(default_factory=Memory)
    running: Source | None = None
    """Speaker of a quote left open at the end of the previous paragraph."""
    running_open: bool = False
    previous: Source | None = None
    """Last speaker of the previous non-structural paragraph."""
    triggers: list[int] | None = None
    """Offsets of cue words in the article, None when unknown (look everywhere)."""
    trigger_words: list[str] = field(default_factory=list)
    run_starts: list[int] = field(default_factory=list)
    runs: list[str] = field(default_factory=list)
    """Capitalised runs of several words in the article, and where they start."""
    interviewee: str | None = None
    """Who answers the "A:" paragraphs once a "Q:" paragraph was seen ("" if unknown)."""
    hedge_stems: list[int] | None = None
    """Offsets of hedge stems in the article, None when unknown."""

    def remember_names(self, text: str, info: _Sentence) -> None:
        """Register the names in a sentence, skipping quoted words."""
        low = bisect_left(self.run_starts, info.start)
        high = bisect_left(self.run_starts, info.end, low)
        for index in range(low, high):
            start = self.run_starts[index]
            if info.masked[start - info.start] != " ":
                self.memory.remember_run(self.runs[index], text[max(0, start - 12) : start])

    def cue_words(self, start: int, end: int) -> set[str] | None:
        """The cue words between two offsets (None: unknown, look at the sentence)."""
        if self.triggers is None:
            return None
        low = bisect_left(self.triggers, start)
        high = bisect_left(self.triggers, end, low)
        return set(self.trigger_words[low:high])

    def has_hedge(self, start: int, end: int) -> bool:
        return self.hedge_stems is None or _any_between(self.hedge_stems, start, end)


def _any_between(positions: list[int], start: int, end: int) -> bool:
    index = bisect_left(positions, start)
    return index < len(positions) and positions[index] < end


_EVIDENCE_LEMMAS = frozenset(
    "suggest show indicate reveal confirm predict estimate conclude project forecast find".split()
)
_HEDGE_STEMS = (
    "alleg",
    "report",
    "purport",
    "suppos",
    "ostensib",
    "unconfirm",
    "unverif",
    "so-called",
    "claim",
    "accus",
    "believed",
    "thought",
    "said to",
    "understood",
    "suspected",
    "charged",
    "rumo",
)
"""Substrings every hedge contains: a quick test before the hedge expressions run."""
# Case-insensitive matching is done on lower-cased text: re.IGNORECASE makes these
# alternations several times slower.
_HEDGE_STEM = re.compile("|".join(re.escape(stem) for stem in _HEDGE_STEMS))
_STRONG_FRAME = re.compile(r"\b(?:" + "|".join(STRONG_HEDGE_FRAMES) + r")\b")
_HEDGE_FRAME = re.compile(r"\b(?:" + "|".join(STRONG_HEDGE_FRAMES + WEAK_HEDGE_FRAMES) + r")\b")
_HEDGE_WORDS = HEDGE_WORDS | CLAIM_NOUNS
_APPOSITIVE_NAME = re.compile(r",\s+((?:[A-Z][\w'’.-]*\s?){2,4})(?=,|\.|$)")
_CREDIT_NAME_END = re.compile(r",|\s\(|\s[\"“]")
_WORDS = re.compile(r"[a-z][a-z-]*")
_HEDGE_WORD = re.compile(r"[A-Za-z][\w-]*")
_SPEECH_WORDS = 5


def tag_sentences(text: str, sentences: list[SentenceSpan]) -> list[Tag]:
    """One :class:`Tag` per sentence, in order (sentences as ``split_sentences`` gives them)."""
    state = _State()
    lowered = text.lower()
    if len(lowered) == len(text):  # else offsets would shift: look at every sentence
        state.triggers, state.trigger_words, state.hedge_stems = trigger_words(lowered)
    state.run_starts, state.runs = _runs_within_sentences(text, sentences)
    groups = _paragraphs(text, sentences)
    tags: list[Tag] = []
    starts = []
    for number, group in enumerate(groups):
        following = groups[number + 1] if number + 1 < len(groups) else None
        next_opens_quote = following is not None and text[following[0].start] in "\"“‘'«„"
        starts.append(len(tags))
        tags.extend(_tag_paragraph(text, group, state, next_opens_quote))
    if groups and len(groups[0]) == 1:
        tags[0] = _headline_source(text, groups[0][0], tags[0], state.memory)
    for number, group in enumerate(groups):
        _transcript_turn(text, group, tags, starts[number], state.memory)
    _cue_after_quote_paragraph(tags, starts)
    return tags


_HEADLINE_SOURCE = re.compile(
    r"((?:[A-Z][\w.'’-]*\s){0,4}[A-Z][\w.'’-]*|[A-Z][\w.'’-]*\s(?:camp|campaign|aides?))"
    r":\s+[\"“‘']?[A-Z0-9]"
)
_HEADLINE_LABELS = frozenset(
    """
    update updated breaking exclusive watch video photos photo live analysis opinion
    editorial review related read listen podcast explainer factbox timeline q&a fact
    interview transcript correction note key the inside revealed latest look boom byline
    paid big morning daily delegate
    """.split()
)


_TURN = re.compile(r"[\"“]?([A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+){0,2}):\s+\S")
_TURN_LABELS = frozenset(
    "UPDATE UPDATED BREAKING VIDEO WATCH READ MORE RELATED NOTE EDITOR'S EDITOR’S PHOTO "
    "BYLINE SOURCE SOURCES CORRECTION LIVE BOOM LOOK REVEALED EXCLUSIVE ANALYSIS".split()
)


def _transcript_turn(
    text: str, group: list[SentenceSpan], tags: list[Tag], first: int, memory: Memory
) -> None:
    """ "BRISK: Minister, will the ferry …": a transcript turn is the named speaker's words
    (docs/attribution.md §8), whatever quote marks wrap it, when the capitalised name is
    a person the article names; labels ("UPDATE:", "CLAIM:") are not turns."""
    match = _TURN.match(text, group[0].start, group[-1].end)
    if match is None or match.group(1).split()[0].rstrip(".") in _TURN_LABELS:
        return
    if len(match.group(1).replace(" ", "")) < 2:
        return
    paragraph = tags[first : first + len(group)]
    if any(
        tag.speaker or tag.kind == "not_a_claim" and tag.rule != Rule.STRUCTURAL_HEADING
        for tag in paragraph
    ):
        return
    speaker = memory.by_last_name.get(match.group(1).split()[-1].lower())
    if speaker is None:
        return  # "CLAIM:", "FACT FOCUS:", "AP NHL:": a label, not a person the article names
    for offset, tag in enumerate(paragraph):
        tags[first + offset] = Tag(
            "direct_quote", Rule.QUOTE_TRANSCRIPT_TURN, 0.6, speaker, hedges=tag.hedges
        )


def _headline_source(text: str, sentence: SentenceSpan, tag: Tag, memory: Memory) -> Tag:
    """ "Sen. Jane Roe: The Bill Will Pass": the headline states the named source's claim
    (docs/attribution.md §7.2); a label ("Analysis:", "Watch:", "BOOM:") is no source,
    and a single name counts only as a person the article goes on to name ("Devpur:" is
    a place)."""
    if tag.kind not in ("reporter_assertion", "not_a_claim"):
        return tag
    match = _HEADLINE_SOURCE.match(text, sentence.start, sentence.end)
    if match is None or match.group(1).isupper():
        return tag
    if match.group(1).split()[0].lower().rstrip(".") in _HEADLINE_LABELS:
        return tag
    source = memory.resolve(analyse(match.group(1)))
    if source.speaker is None or source.kind in (PRONOUN, DESCRIPTION):
        return tag
    if " " not in match.group(1) and (source.kind != PERSON or " " not in source.speaker):
        return tag  # one word that is no person the article names in full: a place, a label
    quoted = text[match.end(1) + 1 : sentence.end].lstrip()[:1] in "\"“‘'"
    kind = "direct_quote" if quoted else _HEADLINE_KINDS.get(source.kind, "indirect_quote")
    cue = (match.end(1), match.end(1) + 1)
    return Tag(kind, Rule.HEADLINE_SOURCE, 0.5, source.speaker, source.title, cue, tag.hedges)


_HEADLINE_KINDS = {ORG: "press_release", SPOKESPERSON: "press_release", VAGUE: "unnamed_source"}


def _runs_within_sentences(text: str, sentences: list[SentenceSpan]) -> tuple[list[int], list[str]]:
    """The article's capitalised runs, cut at sentence ends ("… St. Louis. He" is two)."""
    positions, runs = name_runs(text)
    if not sentences:
        return positions, runs
    starts = [s.start for s in sentences]
    ends = [s.end for s in sentences]
    cut_positions: list[int] = []
    cut_runs: list[str] = []
    for position, run in zip(positions, runs, strict=True):
        index = max(0, bisect_left(starts, position + 1) - 1)
        while True:
            end = (
                min(position + len(run), ends[index]) if index < len(ends) else position + len(run)
            )
            piece = text[position:end].rstrip(" .,;:\n")
            if " " in piece and position >= (starts[index] if index < len(starts) else 0):
                cut_positions.append(position)
                cut_runs.append(piece)
            index += 1
            if index >= len(starts) or starts[index] >= position + len(run):
                break
            run = run[starts[index] - position :]
            position = starts[index]
    return cut_positions, cut_runs


def _cue_after_quote_paragraph(tags: list[Tag], starts: list[int]) -> None:
    """A quote-only paragraph with no speaker takes the cue that opens the next paragraph.

    ("\"We were told the water was safe.\"" ¶ "So said Maribel Soto, 44, …")
    """
    for number, first in enumerate(starts[:-1]):
        paragraph = tags[first : starts[number + 1]]
        if not all(t.rule == Rule.QUOTE_UNATTRIBUTED for t in paragraph):
            continue
        opener = tags[starts[number + 1]]
        if (
            opener.speaker
            and opener.cue is not None
            and opener.kind in ("direct_quote", "indirect_quote")
        ):
            for tag in paragraph:
                tag.speaker, tag.speaker_title = opener.speaker, opener.speaker_title
                tag.rule, tag.confidence = Rule.QUOTE_CUE_IN_NEXT_PARAGRAPH, 0.55


def _paragraphs(text: str, sentences: list[SentenceSpan]) -> list[list[SentenceSpan]]:
    """Sentences by paragraph; a bullet item run into its box's line ("Key points: - A - B")
    is a line of its own, as when the box keeps its line breaks."""
    groups: list[list[SentenceSpan]] = []
    for sentence in sentences:
        if (
            groups
            and groups[-1][0].paragraph == sentence.paragraph
            and not _BULLET_ITEM.match(text, sentence.start)
        ):
            groups[-1].append(sentence)
        else:
            groups.append([sentence])
    return groups


# --- one paragraph --------------------------------------------------------------


def _tag_paragraph(
    text: str, group: list[SentenceSpan], state: _State, next_opens_quote: bool
) -> list[Tag]:
    begin, end = group[0].start, group[-1].end
    spans = find_quotes(text, begin, end)
    span_starts = [span.start for span in spans]
    infos = [_analyse(text, s, spans, span_starts, len(group) == 1, state) for s in group]
    credit = _pull_quote_credit(text, infos)
    if infos[0].structural == Rule.STRUCTURAL_PROMO:
        for info in infos:  # "Related: X lost 1,100 jobs. Here's where they went."
            info.structural = info.structural or Rule.STRUCTURAL_PROMO
    if all(info.structural for info in infos):
        return [_structural_tag(info) for info in infos]
    caption = (
        any(info.structural == Rule.STRUCTURAL_CAPTION_CREDIT for info in infos) and len(infos) <= 3
    )
    if caption:
        return [_caption_tag(info) for info in infos]
    if text.startswith(("Q:", "Q.", "QUESTION:"), begin) and state.interviewee is None:
        state.interviewee = _most_named(text[:begin], state.memory.mentions)
    if state.interviewee is not None and text.startswith(("A:", "ANSWER:"), begin):
        return [_answer_tag(info, state.interviewee) for info in infos]
    for info in infos:
        _find_speaker(text, info, state)
    if credit is not None and infos[-1].structural == Rule.STRUCTURAL_CREDIT and not spans:
        tags = [_pull_quote_tag(info, credit) for info in infos]
        state.previous = credit
        return tags
    speakers = _span_speakers(text, spans, infos, state, begin, credit)
    tags = [
        _decide(text, info, spans, speakers, next_opens_quote and index == len(infos) - 1)
        for index, info in enumerate(infos)
    ]
    _carry(state, spans, speakers, tags, end)
    if next_opens_quote and tags[-1].speaker is None:
        _colon_introducer(infos[-1], state)
    return tags


_AGE_FIRST = re.compile(r"^\s*\d{1,3}-year-old\s+")


def _colon_introducer(info: _Sentence, state: _State) -> None:
    """ "Nils Varga, 19, echoed:" ¶ "…": a paragraph that ends on a colon hands its
    subject to the quote that opens the next paragraph, whatever verb introduced it."""
    masked = info.masked.rstrip()
    if not masked.endswith(":") or info.structural:
        return
    opening = _AGE_FIRST.sub("", masked)
    subject = state.memory.subject_in(opening)
    if subject is not None:
        state.previous = subject


def _analyse(
    text: str,
    sentence: SentenceSpan,
    spans: list[QuoteSpan],
    span_starts: list[int],
    alone: bool,
    state: _State,
) -> _Sentence:
    start, end = sentence.start, sentence.end
    # Spans do not overlap: only the one starting before the sentence can reach into it.
    low = max(0, bisect_right(span_starts, start) - 1)
    high = bisect_left(span_starts, end, low)
    near = spans[low:high]
    masked = mask_quotes(text, start, end, near) if near else text[start:end]
    hedges = _hedges(masked) if state.has_hedge(start, end) else []
    info = _Sentence(start, end, masked, quoted_length(near, start, end), hedges)
    info.spans = range(low, high)
    info.present = state.cue_words(start, end)
    info.structural = line_rule(text[start:end], alone=alone)
    if (
        info.structural == Rule.STRUCTURAL_HEADING
        and _SUMMARY_BULLET.search(text, start, end)
        and text[:start].strip()
    ):
        info.structural = None  # a tabloid's unpunctuated summary bullet below the headline
    elif info.structural == Rule.STRUCTURAL_HEADING and _HEADLINE_SAYS.search(text, start, end):
        info.structural = None  # "Sea levels rising fast, UN report says": an attributed claim
    return info


_SUMMARY_BULLET = re.compile(
    r"\b(?:reportedly|allegedly|(?:is|are) (?:understood|said|believed) to)\b"
    r"|^(?:Sources|Insiders|Friends|Pals|Witnesses|Critics) (?:say|said|claim|claimed)\b",
    re.MULTILINE,
)


_HEADLINE_SAYS = re.compile(
    r"^(?:[\w.'’-]+\s){1,4}(?:says|warns|claims|denies|tells|vows)\s"
    r"|[,;]\s(?:[\w.'’-]+\s){0,3}(?:says|said)$"
)
"""A headline with a speech verb in lower case: "Fares to stay frozen, mayor says",
"Minister says rates will fall" (title-case headlines are left as headings)."""


def _find_speaker(text: str, info: _Sentence, state: _State) -> None:
    """Pick the sentence's governing cue and resolve its speaker."""
    if info.structural:
        return
    memory = state.memory
    for hit in find_cues(text, info.start, info.masked, present=info.present):
        phrase = text[hit.speaker_start : hit.speaker_end]
        if _not_a_source(info, hit, phrase):
            continue
        source = _appositive_name(text, hit, memory.analyse(phrase))
        if source.speaker is None:
            continue
        if source.kind == PERSON and _names_spokesperson(info.masked[: hit.start - info.start]):
            source = Source(SPOKESPERSON, source.speaker, source.title)
        if hit.belief and source.kind != VAGUE:
            continue  # "Hunnicutt believes …": a named holder's belief is no attribution
        if source.kind == DESCRIPTION and hit.lemma in _EVIDENCE_LEMMAS:
            continue  # "His record suggests …": evidence, not a source
        if (
            hit.evidence
            and source.kind != DOCUMENT
            and not _unnamed_records(source)
            and not (
                source.title
                and any(w in source.title.lower() for w in ("report", "study", "figures"))
            )
        ):
            continue  # "Police found 2,000 pills": a discovery, not a finding
        if (
            source.kind == PERSON
            and _IT_FOLLOWS.match(text, hit.end)
            and not source.title
            and not memory.known_person(source.speaker)
        ):
            source = Source(ORG, source.speaker, source.title)  # "Northern Grid says it has …"
        resolved = memory.resolve(source)
        if hit.press and resolved.speaker and resolved.kind in (PERSON, ORG, SPOKESPERSON):
            memory.last_statement = resolved
        if resolved.kind == PERSON and resolved.speaker:
            _note_description(text, info.start, hit, resolved.speaker, memory)
        info.cues.append((hit, resolved))
        if (
            not info.quoted
            and not hit.negated
            and not hit.weak
            and not _outlet_frame(hit, resolved)
        ):
            break  # without quotes only the governing (first) cue matters
    info.cue, info.source = _best_cue(info.cues)
    state.remember_names(text, info)
    memory.note_sentence(info.masked, info.source)


def _not_a_source(info: _Sentence, hit: CueHit, phrase: str) -> bool:
    """Cues whose subject is no source: a label, the writer, a hedged subject."""
    masked = info.masked
    if masked[:1] in _LABEL_FIRST and hit.start - info.start < 40 and ":" in masked[:40]:
        label = _LABEL.match(masked)
        if label is not None and hit.start < info.start + label.end():
            return True  # "What they're saying: …": a newsletter label, not a speech colon
    if _first_person(phrase):
        return True  # "I said it to customers.": the writer's own voice, no source
    # "X is understood to have told bosses …": a hedged, unsourced claim
    return phrase.endswith(("to", "have")) and _HEDGED_SUBJECT.search(phrase) is not None


def _unnamed_records(source: Source) -> bool:
    """ "Court records show …": documents with no author still source what they show."""
    words = (source.speaker or "").lower().split()
    return source.kind == VAGUE and bool(words) and words[-1] in DOCUMENT_NOUNS


_LABEL = re.compile(
    r"(?:What|Why|How|Where|When)\b[\w'’ ]{0,30}:\s"
    r"|(?:The other side|The big picture|Between the lines|Driving the news|Yes, but|Reality check"
    r"|State of play|The bottom line|Zoom in|Zoom out|Flashback|Catch up quick):\s"
)
_LABEL_FIRST = frozenset("WHTBDYRSZFC")
_HEDGED_SUBJECT = re.compile(
    r"\b(?:is|are|was|were)\s+(?:understood|said|believed|thought|reported|rumou?red)\s+to"
    r"(?:\s+have)?\s*$"
)
_FIRST_PERSON = frozenset("i i'll i’ll i'd i’d i've i’ve i'm i’m".split())


def _first_person(phrase: str) -> bool:
    """The cue's subject is "I": outside quotation marks that is the writer (§7.1)."""
    words = phrase.rsplit(None, 1)
    return bool(words) and words[-1].lower() in _FIRST_PERSON


_BULLET_ITEM = re.compile(r"[-–•*▪][ \t]")
_IT_FOLLOWS = re.compile(r"\s+(?:that\s+)?(?:it|its)\s")
_DESCRIPTION_BEFORE = re.compile(r"(?<![\w'’])(?:[Hh]is|[Hh]er|[Tt]heir|[Tt]he)\s+([a-z-]+),\s*$")
_DESCRIPTION_AFTER = re.compile(r",\s*(?:his|her|their|the)\s+([a-z-]+),")


def _note_description(text: str, start: int, hit: CueHit, name: str, memory: Memory) -> None:
    """Remember an appositive role beside a named speaker: "His son, X, said"."""
    match = _DESCRIPTION_BEFORE.search(text, start, hit.speaker_start)
    if match is None:
        match = _DESCRIPTION_AFTER.match(text, hit.speaker_end, hit.start)
    if match is not None:
        memory.note_description(match.group(1), name)


def _names_spokesperson(text: str) -> bool:
    lowered = text.lower()
    return "spokes" in lowered or "representative" in lowered


def _appositive_name(text: str, hit: CueHit, source: Source) -> Source:
    """ "according to the team's coach, Alireza Mehraban, …": the name after the role."""
    if source.kind == PERSON or not hit.inverted:
        return source
    tail = text[hit.speaker_end : hit.speaker_end + 60]
    match = _APPOSITIVE_NAME.match(tail)
    if match is None:
        return source
    named = analyse(match.group(1))
    return named if named.kind == PERSON else source


def _outlet_frame(hit: CueHit, source: Source) -> bool:
    """ "According to the Herald, Professor X said …": the outlet relays; X speaks."""
    return hit.lemma == "according to" and source.kind == MEDIA


def _best_cue(cues: list[tuple[CueHit, Source]]) -> tuple[CueHit | None, Source | None]:
    """The first cue, unless it is negated or weak and a later one is not, or it is an
    outlet's "according to" and a person speaks after it.

    ("U.S. officials have not said why …, but Ambassador Mohib says …")
    """
    if not cues:
        return None, None
    if _outlet_frame(*cues[0]):
        for hit, source in cues[1:]:
            if source.kind == PERSON and not hit.negated:
                return hit, source
    strong = [cue for cue in cues if not cue[0].weak]
    first = strong[0] if strong else cues[0]
    cues = strong or cues
    if first[0].negated:
        for hit, source in cues[1:]:
            if not hit.negated:
                return hit, source
    return first


def _hedges(masked: str) -> list[str]:
    """Hedge words and frames outside quotation marks, as written, in order."""
    lowered = masked.lower()
    if _HEDGE_STEM.search(lowered) is None:
        return []
    if len(lowered) != len(masked):  # a few code points change length when lower-cased
        lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in masked)
    found = [(m.start(), masked[m.start() : m.end()]) for m in _HEDGE_FRAME.finditer(lowered)]
    if not _HEDGE_WORDS.isdisjoint(_WORDS.findall(lowered)):
        for match in _WORDS.finditer(lowered):
            word = match.group()
            if word not in _HEDGE_WORDS:
                continue
            position = match.start()
            if word in CLAIM_NOUNS and not _claim_is_hedge(masked, position):
                continue
            if not any(p <= position < p + len(t) for p, t in found):
                found.append((position, masked[position : match.end()]))
    found.sort()
    return [phrase for _, phrase in found]


def _claim_is_hedge(masked: str, position: int) -> bool:
    """ "her claim that", "The claim could not be verified" — not "insurance claims"."""
    before = masked[:position].rstrip().rsplit(None, 1)
    if not before:
        return True
    previous = before[-1]
    lowered = previous.lower()
    return (
        not previous.isalpha()
        or not previous.islower()
        or lowered in _CLAIM_OPENERS
        or lowered.endswith(("'s", "’s"))
    )


_CLAIM_OPENERS = frozenset(
    "the a an that this these those its his her their our my your he she it they we also "
    "falsely repeatedly".split()
)


# --- quotes and their speakers -------------------------------------------------


def _is_speech(text: str, span: QuoteSpan) -> bool:
    """Quoted words that are speech, not a term or title (at least five words, or a sentence)."""
    inner = text[span.start + 1 : span.end - 1] if span.closed else text[span.start + 1 : span.end]
    if not span.closed or not span.opened:
        return True
    return len(inner.split()) >= _SPEECH_WORDS or any(c in inner for c in ".!?")


def _span_speakers(
    text: str,
    spans: list[QuoteSpan],
    infos: list[_Sentence],
    state: _State,
    begin: int,
    credit: Source | None,
) -> dict[int, tuple[Source, Rule]]:
    """Speaker (and the rule that found it) of every speech span in the paragraph.

    Linear in the paragraph's length: sentences are found by bisection, and the
    subject before a quote is carried forward, not searched for again.
    """
    speakers: dict[int, tuple[Source, Rule]] = {}
    previous: tuple[Source, Rule] | None = None
    starts = [info.start for info in infos]
    ends = [info.end for info in infos]
    first_speech = _first_speech(text, spans)
    walker = _SubjectWalker(infos, state.memory)
    for number, span in enumerate(spans):
        inside = infos[bisect_right(ends, span.start) : bisect_left(starts, span.end)]
        if not (_is_speech(text, span) or _opens_cued_sentence(span, inside)):
            continue
        found = _cue_for_span(span, inside)
        if found is not None:
            speakers[number] = (found, Rule.QUOTE_CUED)
        elif (
            number == first_speech and span.start == begin and state.running_open and state.running
        ):
            speakers[number] = (state.running, Rule.QUOTE_RUNNING)
        elif previous is not None and not _prose_between(
            infos[bisect_left(starts, spans[number - 1].end) : bisect_right(ends, span.start)]
        ):
            speakers[number] = (previous[0], Rule.QUOTE_CONTINUATION)
        elif credit is not None:
            speakers[number] = (credit, Rule.QUOTE_PULL_QUOTE)
        elif span.start == begin and state.previous is not None:
            speakers[number] = (state.previous, Rule.QUOTE_PREVIOUS_PARAGRAPH)
        elif (subject := walker.subject_before(span.start)) is not None:
            speakers[number] = (subject, Rule.QUOTE_PREVIOUS_SUBJECT)
        if number in speakers:
            previous = speakers[number]
    return speakers


def _opens_cued_sentence(span: QuoteSpan, inside: list[_Sentence]) -> bool:
    """'"I got lazy," Kubiak said.': a short quote is speech when its cue follows."""
    for info in inside:
        if info.start <= span.start <= info.start + 1 and info.cue is not None:
            return info.cue.start >= span.end - 1
    return False


class _SubjectWalker:
    """The person the paragraph was about before a given offset, walked forward once."""

    def __init__(self, infos: list[_Sentence], memory: Memory) -> None:
        self.infos = infos
        self.memory = memory
        self.position = 0
        self.subject: Source | None = None

    def subject_before(self, offset: int) -> Source | None:
        while self.position < len(self.infos) and self.infos[self.position].end <= offset:
            info = self.infos[self.position]
            if info.source is not None and info.source.kind == PERSON:
                self.subject = info.source
            else:
                self.subject = self.memory.subject_in(info.masked) or self.subject
            self.position += 1
        return self.subject


def _first_speech(text: str, spans: list[QuoteSpan]) -> int:
    for number, span in enumerate(spans):
        if _is_speech(text, span):
            return number
    return -1


def _cue_for_span(span: QuoteSpan, inside: list[_Sentence]) -> Source | None:
    """A cue in a sentence the quote runs through; the one nearest the quote wins."""
    best: tuple[int, Source] | None = None
    for info in inside:
        for hit, source in info.cues:
            distance = min(abs(hit.start - span.end), abs(span.start - hit.end))
            if best is None or distance < best[0]:
                best = (distance, source)
    return best[1] if best else None


def _prose_between(between: list[_Sentence]) -> bool:
    """A sentence wholly outside quotes lies between two quotes (a new topic)."""
    return any(info.quoted == 0 for info in between)


def _pull_quote_credit(text: str, infos: list[_Sentence]) -> Source | None:
    """The speaker of a pull-quote box: '"…" - Matthew Ingram' or a last line "Name, Title"."""
    if len(infos) < 2:
        return None
    last = infos[-1]
    sentence = text[last.start : last.end]
    name = dash_credit(sentence)
    if name:
        return analyse(name)
    if is_credit_line(sentence) and not last.structural:
        last.structural = Rule.STRUCTURAL_CREDIT
        first_part = _CREDIT_NAME_END.split(sentence, maxsplit=1)[0]
        source = analyse(first_part)
        return source if source.kind in (PERSON, VAGUE, ORG, MEDIA) else Source(VAGUE, first_part)
    return None


def _pull_quote_tag(info: _Sentence, credit: Source) -> Tag:
    """A pull-quote box without marks: the lines are the credited person's words."""
    if info.structural:
        return _structural_tag(info)
    return Tag(
        "direct_quote", Rule.QUOTE_PULL_QUOTE, 0.6, credit.speaker, credit.title, hedges=info.hedges
    )


def _carry(
    state: _State,
    spans: list[QuoteSpan],
    speakers: dict[int, tuple[Source, Rule]],
    tags: list[Tag],
    end: int,
) -> None:
    last_open = bool(spans) and not spans[-1].closed and spans[-1].end == end
    state.running_open = last_open
    state.running = (
        speakers[len(spans) - 1][0] if last_open and len(spans) - 1 in speakers else None
    )
    last_speaker = None
    for tag in tags:
        if tag.speaker and tag.kind != "not_a_claim":
            last_speaker = tag
    if last_speaker is not None:
        state.previous = Source(PERSON, last_speaker.speaker, last_speaker.speaker_title)
    elif any(t.kind != "not_a_claim" for t in tags):
        state.previous = None


# --- the decision ---------------------------------------------------------------


def _structural_tag(info: _Sentence) -> Tag:
    return Tag("not_a_claim", info.structural or Rule.STRUCTURAL, 0.8, hedges=info.hedges)


def _most_named(before: str, mentions: list[str]) -> str:
    """The person named most often before the first question: the interviewee."""
    counts = {name: before.count(name.split()[-1]) for name in mentions}
    return max(reversed(mentions), key=counts.__getitem__) if mentions else ""


def _answer_tag(info: _Sentence, interviewee: str) -> Tag:
    """Every sentence of an "A:" answer in a Q&A transcript is the interviewee's own words."""
    return Tag("direct_quote", Rule.QUOTE_INTERVIEW_ANSWER, 0.7, interviewee or None, hedges=[])


def _caption_tag(info: _Sentence) -> Tag:
    return Tag("not_a_claim", info.structural or Rule.STRUCTURAL_CAPTION, 0.7, hedges=info.hedges)


def _covering(
    spans: list[QuoteSpan], info: _Sentence, speakers: dict[int, tuple[Source, Rule]]
) -> int | None:
    best, overlap = None, 0
    for number in info.spans:
        span = spans[number]
        shared = min(span.end, info.end) - max(span.start, info.start)
        if shared > overlap and number in speakers:
            best, overlap = number, shared
    return best


def _decide(
    text: str,
    info: _Sentence,
    spans: list[QuoteSpan],
    speakers: dict[int, tuple[Source, Rule]],
    introduces_quote: bool,
) -> Tag:
    if info.structural:
        return _structural_tag(info)
    if not info.quoted and info.cue is None and not info.hedges:
        if info.masked.endswith("?"):
            return Tag("not_a_claim", Rule.STRUCTURAL_QUESTION, 0.6)
        if info.masked.endswith(":") and len(info.masked.split()) <= 3:
            return Tag("not_a_claim", Rule.STRUCTURAL_LIST_LEAD, 0.5)  # "Key points:"
        return Tag("reporter_assertion", Rule.DEFAULT_REPORTER, 0.6)
    covering = _covering(spans, info, speakers)
    if covering is not None and (info.ratio >= 0.5 or _quote_leads(text, spans[covering], info)):
        source, rule = speakers[covering]
        if info.cue is not None and info.source is not None and rule == Rule.QUOTE_CUED:
            source = info.source
        return _tag("direct_quote", rule, 0.85 if info.cue else 0.75, source, info)
    if info.ratio < 0.5 and info.masked.rstrip("\"”’' )").endswith("?"):
        return Tag("not_a_claim", Rule.STRUCTURAL_QUESTION, 0.6, hedges=info.hedges)
    if info.cue is not None and info.source is not None:
        return _cued(text, info, spans, introduces_quote)
    if info.ratio >= 0.5 and any(
        _is_speech(text, spans[n])
        for n in info.spans
        if spans[n].start < info.end and spans[n].end > info.start
    ):
        return Tag("direct_quote", Rule.QUOTE_UNATTRIBUTED, 0.4, hedges=info.hedges)
    if any(h.lower() in STRONG_HEDGES or _STRONG_FRAME.fullmatch(h.lower()) for h in info.hedges):
        return Tag("alleged", Rule.HEDGE_UNSOURCED, 0.6, hedges=info.hedges)
    if info.masked.rstrip("\"”’' )").endswith("?"):
        return Tag("not_a_claim", Rule.STRUCTURAL_QUESTION, 0.6, hedges=info.hedges)
    return Tag("reporter_assertion", Rule.DEFAULT_REPORTER, 0.6, hedges=info.hedges)


def _quote_leads(text: str, span: QuoteSpan, info: _Sentence) -> bool:
    """'"Y," X said …': a quoted sentence opens the sentence and a cue follows it."""
    return (
        span.start <= info.start + 1
        and span.end < info.end
        and info.cue is not None
        and info.cue.start >= span.end - 1
    )


def _cued(text: str, info: _Sentence, spans: list[QuoteSpan], introduces_quote: bool) -> Tag:
    hit, source = info.cue, info.source
    assert hit is not None and source is not None
    if hit.hedged:
        return Tag("alleged", Rule.HEDGE_HEDGED_CUE, 0.6, hedges=info.hedges)
    if info.ratio >= 0.5 or _quote_is_content(text, hit, [spans[n] for n in info.spans]):
        return _tag("direct_quote", Rule.CUE_DIRECT_QUOTE, 0.8, source, info)
    if hit.weak:
        return _tag("indirect_quote", Rule.CUE_POINT_OF_VIEW, 0.4, source, info)
    if hit.lemma == "say" and text[hit.start - 3 : hit.start] == "So ":
        return _tag("direct_quote", Rule.CUE_SO_SAID, 0.6, source, info)
    if introduces_quote and info.masked.rstrip().endswith(":"):
        return _tag("direct_quote", Rule.CUE_INTRODUCES_QUOTE, 0.6, source, info)
    if hit.press:
        return _tag("press_release", Rule.CUE_PRESS_RELEASE, 0.75, source, info)
    if source.kind == MEDIA:
        return _tag("indirect_quote", Rule.CUE_NEWS_OUTLET, 0.7, source, info)
    if source.kind == DOCUMENT:
        return _tag("indirect_quote", Rule.CUE_DOCUMENT, 0.6, source, info)
    if source.kind in (ORG, SPOKESPERSON):
        return _tag("press_release", Rule.CUE_ORGANISATION, 0.7, source, info)
    if source.kind == VAGUE:
        return _tag("unnamed_source", Rule.CUE_UNNAMED_SOURCE, 0.7, source, info)
    if source.kind == PRONOUN:
        return _tag("indirect_quote", Rule.CUE_UNRESOLVED_PRONOUN, 0.4, source, info)
    if source.kind == DESCRIPTION and _unidentified_person(source.speaker):
        return _tag("unnamed_source", Rule.CUE_UNIDENTIFIED_PERSON, 0.55, source, info)
    return _tag("indirect_quote", Rule.CUE_INDIRECT_QUOTE, 0.7, source, info)


def _unidentified_person(phrase: str | None) -> bool:
    """ "The victim said …", "a witness told police …": a person left unnamed (§6.1)."""
    words = (phrase or "").lower().split()
    return (
        2 <= len(words) <= 3
        and words[0] in ("the", "a", "an", "one", "another")
        and is_personal_noun(words[-1])
    )


def _quote_is_content(text: str, hit: CueHit, spans: list[QuoteSpan]) -> bool:
    """The cue's content is a quoted sentence: 'said "All those who were wounded…"'.

    A quoted fragment inside a paraphrase ('said Moraru "has never…"', 'called
    the vote "a panic…"') is a mixed quote, not a direct one.
    """
    if hit.quote_after < 0 or hit.lemma in _NAMING_LEMMAS:
        return False
    for span in spans:
        if span.start == hit.quote_after:
            inner = text[span.start + 1 : span.end].lstrip(" ‘'\"")
            return inner[:1].isupper() and (len(inner.split()) >= 4 or not span.closed)
    return False


_NAMING_LEMMAS = frozenset("call dub describe characterize characterise label term brand".split())


def _tag(kind: str, rule: Rule, confidence: float, source: Source, info: _Sentence) -> Tag:
    cue = (info.cue.start, info.cue.end) if info.cue is not None else None
    return Tag(
        kind,
        rule,
        confidence,
        speaker=source.speaker,
        speaker_title=source.title,
        cue=cue,
        hedges=info.hedges,
    )
