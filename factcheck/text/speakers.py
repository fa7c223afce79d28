"""Who a source phrase names, and what sort of source it is (docs/attribution.md §5–§6).

Given the words that stand in the speaker position of a cue ("NBA China CEO
Michael Ma", "Critics", "the post by an unknown author on pigmy", "he"), say

- which kind of source it is: a person, an organisation, a news outlet, a
  vague source, a spokesperson, a pronoun to resolve, or a plain description;
- the name to show a reviewer: titles stripped into their own field
  ("Michael Ma" / "NBA China CEO"), organisations without a leading "the",
  vague sources as written;

and keep a small memory of the people and organisations an article has named,
so "Ma said", "Ambassador Mohib" and "he added" resolve to the full name seen
earlier (the rule version of Citron's resolver: same last name → earliest full
mention; pronouns → the current speaker when compatible, else the nearest
mention).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from factcheck.text._lexicon import (
    COUNTRIES,
    DOCUMENT_NOUNS,
    FEMALE_NAMES,
    FEMALE_TITLES,
    MALE_NAMES,
    MALE_TITLES,
    MEDIA_WORDS,
    NAME_PARTICLES,
    NOT_NAMES,
    ORG_HEADS,
    ORG_SUFFIXES,
    PLACE_SUFFIXES,
    PRONOUNS,
    REGIONS,
    SPEECH_NOUNS,
    SPOKESPERSON_WORDS,
    TITLE_WORDS,
    VAGUE_HEADS,
    VAGUE_MARKERS,
)

PERSON = "person"
ORG = "org"
MEDIA = "media"
VAGUE = "vague"
SPOKESPERSON = "spokesperson"
PRONOUN = "pronoun"
DESCRIPTION = "description"
DOCUMENT = "document"

_NAME_TOKEN = r"(?:[A-Z][\w'’.&-]*|(?:al|el|bin|ibn|abu)-[A-Z][\w'’-]*)"
# A run starts with a capital (a lower-case "al-Amr" only continues one: trying the
# particles at every position made this the slowest expression of the tagger).
_NAME_RUN = re.compile(
    r"[A-Z][\w'’.&-]*(?:\s+(?:(?:"
    + "|".join(sorted(NAME_PARTICLES))
    + r")\s+)?"
    + _NAME_TOKEN
    + r")*"
)
_WORD = re.compile(r"[\w][\w'’.&-]*")
_POSSESSIVE_SPEECH = re.compile(
    r"^(?P<owner>.+?)['’]s?\s+(?:(?:latest|new|written|official|own|first|public)\s+)?(?P<noun>\w+)$"
)
_LEADING_DETERMINER = re.compile(r"^(?:both|the|a|an|its|his|her|their|our)\s+", re.I)
_INDEFINITE = frozenset(
    "a an one some several many two three four five six seven eight nine ten few other others "
    "numerous multiple various most".split()
)
_CUT_DESCRIPTION = re.compile(r",|;|\s(?:who|which|that|whose|at)\s")
_SPLIT_CONJUNCTION = re.compile(r"\s+and\s+")
_PREPOSITION = re.compile(r"\s(?:of|at|for|from|in)\s")
_ORG_NAME_END = re.compile(r",|\s(?:who|which|that|on|in|at|to|from|said)\s")
_DOCUMENT_OWNER = re.compile(r"^(?:the\s+)?(?P<owner>.+?)['’]s\s")
_BRACKETED = re.compile(r"\s*\([^()]*\)?")
_INITIAL = re.compile(r"^[A-Z]\.$")


@dataclass(frozen=True, slots=True)
class Source:
    """A source phrase, understood."""

    kind: str
    speaker: str | None
    title: str | None = None


def analyse(phrase: str) -> Source:
    """Understand a phrase in speaker position (see the module docstring)."""
    phrase = phrase.strip(" \t,;:—–-\"“”'‘’()")
    if "(" in phrase and not phrase.startswith("("):
        # "Sen. Ruth Abernathy (R-Kan.)", "Brightline Corp. (NYSE: BRL)": the bracket is a tag
        phrase = _BRACKETED.sub("", phrase).strip(" \t,;:")
    if not phrase:
        return Source(DESCRIPTION, None)
    lowered = phrase.lower()
    if lowered in PRONOUNS:
        return Source(PRONOUN, phrase)
    possessive = _POSSESSIVE_SPEECH.match(phrase)
    if possessive and possessive.group("noun").lower() in SPEECH_NOUNS:
        return analyse(possessive.group("owner"))
    conjoined = _conjoined(phrase)
    if conjoined is not None:
        return conjoined
    return _single(phrase)


def _conjoined(phrase: str) -> Source | None:
    """ "Ant Group and NBA China": both sides named → one source, kept whole.

    Only a conjunction before any "of" counts: in "Matthew Ingram of The Globe
    and Mail" the "and" belongs to the outlet's name.
    """
    match = _SPLIT_CONJUNCTION.search(phrase)
    if match is None or _PREPOSITION.search(phrase, 0, match.start()):
        return None
    parts = _SPLIT_CONJUNCTION.split(phrase)
    sources = [_single(part) for part in parts]
    named = [s for s in sources if s.kind in (PERSON, ORG, MEDIA) and s.speaker]
    if len(named) != len(sources):
        if named and sources[-1] is named[-1]:
            return named[-1]  # "American academic and professor Marc Lamont Hill"
        if (
            len(named) == 1
            and sources[0] is named[0]
            and all(part.split()[0].lower() in ("his", "her", "their", "its") for part in parts[1:])
        ):
            return named[0]  # "Kovač and her colleagues"
        return None
    kind = ORG if any(s.kind in (ORG, MEDIA) for s in named) else PERSON
    return Source(kind, " and ".join(s.speaker for s in named if s.speaker))


def _single(phrase: str) -> Source:
    if " " not in phrase:
        return _one_word(phrase)
    tokens = phrase.split()
    named_for = _NAMED_FOR.fullmatch(phrase)
    if named_for is not None and not _title_or_spokesperson(named_for.group(1)):
        return Source(ORG, named_for.group(1))  # "Transport for London": no person's name
    if len(tokens) <= 4 and all(t[:1].isupper() for t in tokens):
        quick = _capitalised(phrase, tokens)
        if quick is not None:
            return quick
    words = [w.lower().rstrip(".") for w in _WORD.findall(phrase)]
    if not VAGUE_MARKERS.isdisjoint(words):
        return Source(VAGUE, _vague_phrase(phrase))
    if not SPOKESPERSON_WORDS.isdisjoint(words):
        name = person_name(phrase)
        org = _org_name(phrase)
        return Source(SPOKESPERSON, name[0] if name else org or phrase, name[1] if name else None)
    head = _head_noun(words, phrase)
    original_head = _original_head(phrase)
    head_is_first = bool(original_head) and phrase.split()[0] == original_head
    common = (
        original_head.lower()
        if head_is_first and _people_plural(original_head.lower())
        else original_head
    )
    if head in DOCUMENT_NOUNS and (head_is_first or not original_head[:1].isupper()):
        return _document(phrase, words)
    if (
        head in VAGUE_HEADS and (head_is_first or not original_head[:1].isupper())
    ) or _plural_common(common):
        return Source(VAGUE, _vague_phrase(phrase))
    if head in VAGUE_HEADS and original_head[:-1].isupper() and original_head.endswith("s"):
        return Source(VAGUE, _vague_phrase(phrase))  # "Opposition MPs"
    if words and words[0] in _INDEFINITE and head.endswith("s") and len(words) <= 4:
        return Source(VAGUE, _vague_phrase(phrase))  # "Some Democrats", "Several parents"
    if words and words[0] in _INDEFINITE and _people_plural(words[-1]) and tokens[-1].islower():
        return Source(VAGUE, _vague_phrase(phrase))  # "Many Meals on Wheels clients"
    titled = _titled_person(phrase)
    if titled is not None:
        return titled
    head_part = _HEAD_PART.split(phrase, 1)[0]
    run = _last_run(head_part)
    if run is not None and _ends_with(head_part, run):
        org_kind = _org_kind(run)
        if org_kind is None and phrase.startswith(("The ", "the ")) and " " in run:
            org_kind = ORG  # "The Okanda Riverkeepers": a group, not a person
        if org_kind is not None:
            if words and words[0] in _INDEFINITE:
                return Source(VAGUE, _vague_phrase(phrase))
            return Source(org_kind, _org_phrase(phrase, run))
        name = person_name(head_part)
        if name is not None:
            if words and words[0] in _INDEFINITE and " " not in name[0]:
                return Source(VAGUE, _vague_phrase(phrase))
            return Source(PERSON, name[0], name[1])
    if head in TITLE_WORDS or (words and words[0] in TITLE_WORDS):
        name = person_name(phrase)
        if name is not None and _ends_with(phrase, name[0]):
            return Source(PERSON, name[0], name[1])
    return _unnamed(phrase, words)


_NAMED_FOR = re.compile(
    r"(?:[Tt]he\s+)?([A-Z][\w'’&-]*(?:\s+[A-Z][\w'’&-]*)*\s+for\s+(?:the\s+)?"
    r"[A-Z][\w'’&.-]*(?:\s+[A-Z][\w'’&.-]*)*)"
)
"""A capitalised name joined by "for" ("Transport for Regional NSW", "Center for Harbor
Safety"): an organisation's name; people are not named "A for B"."""


def _title_or_spokesperson(name: str) -> bool:
    """ "Minister for Health Jo Park", "Spokesman for Harbor Transit": a role, not a name."""
    first = name.split()[0].lower().rstrip(".")
    return first in TITLE_WORDS or first in SPOKESPERSON_WORDS


def _capitalised(phrase: str, tokens: list[str]) -> Source | None:
    """The common case of a short all-capitalised phrase: "Gov. Lorraine Whitfield",
    "Ant Group", "The Deseret News". None when it needs the full analysis."""
    lowered = [t.lower().rstrip(".") for t in tokens]
    if not _QUICK_EXCLUDED.isdisjoint(lowered) or _people_plural(lowered[-1]):
        return None
    bare = _strip_not_names(phrase)
    if not bare:
        return None
    org_kind = _org_kind(bare)
    if org_kind is None and tokens[0] == "The" and " " in bare:
        org_kind = ORG
    if org_kind is not None:
        return Source(org_kind, bare)
    name_tokens = _name_tokens(tokens)
    if not name_tokens:
        return None
    name = " ".join(name_tokens).removesuffix("'s").removesuffix("’s")
    title = " ".join(tokens[: len(tokens) - len(name_tokens)]) or None
    if title is not None:
        title = _LEADING_DETERMINER.sub("", title) or None
    return Source(PERSON, name, title)


def _one_word(word: str) -> Source:
    """The common case, one word: "Critics", "Police", "KCNA", "Whitcombe"."""
    bare = word.rstrip(".")
    lowered = bare.lower()
    org_kind = _org_kind(bare) if bare[:1].isupper() else None
    if org_kind is not None:
        return Source(org_kind, bare)
    if lowered in VAGUE_HEADS or _people_plural(lowered):
        return Source(VAGUE, word)  # a known surname wins later, in Memory.resolve
    if not bare[:1].isupper():
        return _unnamed(word, [lowered])
    if bare in NOT_NAMES:
        return Source(DESCRIPTION, word)
    return Source(PERSON, bare.removesuffix("'s").removesuffix("’s"))


_QUICK_EXCLUDED = (
    _INDEFINITE
    | VAGUE_HEADS
    | SPOKESPERSON_WORDS
    | VAGUE_MARKERS
    | DOCUMENT_NOUNS
    | frozenset(PRONOUNS)
    | frozenset("and of at for from in on by to".split())
)


def _people_plural(word: str) -> bool:
    """A plural noun for people ("meteorologists", "democrats"), not a surname ("Jones")."""
    return len(word) > 4 and word.endswith(_PEOPLE_PLURALS)


_PEOPLE_PLURALS = (
    "ists",
    "ians",
    "ans",
    "ants",
    "ents",
    "ors",
    "ers",
    "ics",
    "crats",
    "ees",
    "ives",
    "als",
)


_HEAD_PART = re.compile(r"\s(?:of|at|on|in|for|from|with|by|to|who|which|that)\s")


def _ends_with(phrase: str, run: str) -> bool:
    return phrase.rstrip(" .,'’s").endswith(run.rstrip(" .,'’s")) or phrase.rstrip().endswith(run)


def _titled_person(phrase: str) -> Source | None:
    """A name right after a title word ends the phrase: "… Association president Sehar Memon"."""
    matches = [m for m in _NAME_RUN.finditer(phrase) if _strip_not_names(m.group())]
    if not matches or not _ends_with(phrase, matches[-1].group()):
        return None
    before = phrase[: matches[-1].start()].split()
    if not before or before[-1].lower().rstrip(".,") not in TITLE_WORDS:
        return None
    name = person_name(phrase)
    if name is None or _org_kind(name[0]):
        return None
    return Source(PERSON, name[0], name[1])


def _original_head(phrase: str) -> str:
    """The head word as written (case kept), before the first preposition or clause word."""
    head = ""
    for word in _WORD.findall(phrase):
        lowered = word.lower()
        if lowered in _HEAD_STOPS or (head and lowered.endswith("ed") and word.islower()):
            break
        head = word
    return head


def _plural_common(head: str) -> bool:
    """A lower-case plural head ("advocates", "meteorologists"): an unnamed group."""
    return (
        len(head) > 3
        and head.islower()
        and head.isalpha()
        and head.endswith("s")
        and not head.endswith(("ss", "us", "is", "news"))
        and head not in ORG_HEADS
    )


def _org_phrase(phrase: str, run: str) -> str:
    """An organisation's name as written: its name run and any "of …" complement,
    without descriptors before it ("Chinese financial technology giant Ant Group")."""
    position = phrase.find(run)
    name = phrase[position:] if position >= 0 else _LEADING_DETERMINER.sub("", phrase)
    return _ORG_NAME_END.split(name, maxsplit=1)[0].strip()


def _document(phrase: str, words: list[str]) -> Source:
    """ "a study published in the journal X" → X; "a filing by X Inc." → X; else unnamed."""
    phrase = _SEEN_BY.split(phrase, 1)[0]  # "documents seen by Reuters": Reuters is the outlet
    written = phrase
    first, _, rest = phrase.partition(" ")
    if rest[:1].islower() and first.lower() in ORG_HEADS:
        phrase = first.lower() + " " + rest  # "Court records show": capitalised at the start
    words = [w.lower().rstrip(".") for w in _WORD.findall(phrase)]
    org = _org_name(phrase)
    owner = _DOCUMENT_OWNER.match(phrase)
    official = not _OFFICIAL_DOCUMENTS.isdisjoint(words)
    if owner is not None:
        owned = analyse(owner.group("owner"))
        if owned.kind in (ORG, MEDIA) or (owned.speaker or "").lower().split()[-1:] == ["company"]:
            return Source(ORG, owned.speaker, phrase)
        if owned.kind == PERSON:
            return Source(DOCUMENT, owned.speaker, phrase)
    runs = [_strip_not_names(m.group()) for m in _NAME_RUN.finditer(phrase)]
    runs = [r for r in runs if r and r.lower() not in _NOT_SOURCE_NAMES]
    if org:
        by_org = re.search(r"\bby\s+(?:the\s+)?" + re.escape(org), phrase) is not None
        return Source(ORG if official or by_org else DOCUMENT, org, phrase)
    if runs:
        return Source(DOCUMENT, runs[-1], phrase)
    if (official and "lawsuit" not in words) or any(
        w in ORG_HEADS and w not in _PUBLIC_RECORD_KEEPERS for w in words
    ):
        return Source(ORG, _vague_phrase(written), written)  # "a company filing", "agency data"
    # "court documents", "state records", "the affidavit", "a lawsuit" (a private party's
    # pleading): no author named, an unnamed source (heldout and round2 labelling decisions)
    return Source(VAGUE, _vague_phrase(written))


_SEEN_BY = re.compile(
    r"\s(?:(?:seen|obtained|reviewed|viewed)\s+by|(?:filed|lodged)\s+(?:in|with|at))\s"
)
_PUBLIC_RECORD_KEEPERS = frozenset("state court county city".split())
"""Lower-case keepers of public records: "court records" name no author ("a police report"
is the police's own account)."""


_OFFICIAL_DOCUMENTS = frozenset(
    "filing filings statement release accounts announcement indictment complaint lawsuit".split()
)


_NOT_SOURCE_NAMES = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday reuters ap afp".split()
)


def _unnamed(phrase: str, words: list[str]) -> Source:
    """No proper name: a vague source, an organisation noun, or a description."""
    head = _head_noun(words, phrase)
    if head in VAGUE_HEADS or (words and words[0] in _INDEFINITE and _personal(head)):
        return Source(VAGUE, _vague_phrase(phrase))
    if head in MEDIA_WORDS and any(w in _OUTLET_WORDS for w in words):
        return Source(MEDIA, _vague_phrase(phrase))
    if head in ORG_HEADS:
        return Source(ORG, _vague_phrase(phrase))
    if head in _LOWERCASE_MEDIA:
        return Source(MEDIA, _vague_phrase(phrase))
    return Source(DESCRIPTION, _vague_phrase(phrase))


_LOWERCASE_MEDIA = frozenset("newspaper magazine broadcaster tabloid outlet wire".split())


def _personal(head: str) -> bool:
    """A noun for a person: "a poster", "one mother", "a senior official"."""
    return (
        head in TITLE_WORDS
        or head in VAGUE_HEADS
        or head.endswith(
            ("er", "or", "ist", "ian", "ant", "ent", "man", "woman", "person", "mother", "father")
        )
    )


def is_personal_noun(word: str) -> bool:
    """A singular noun for an unnamed person ("victim", "witness"), not an office."""
    if word in TITLE_WORDS:
        return False  # "the mayor", "the coach": an office-holder the reader can identify
    return _personal(word) or word in _PERSON_NOUNS


_PERSON_NOUNS = frozenset(
    "victim witness neighbour neighbor resident passenger driver guest relative friend "
    "colleague parent son daughter wife husband sister brother cousin nephew niece "
    "spouse partner student patient customer shopper voter".split()
)


def _head_noun(words: list[str], phrase: str) -> str:
    """The last word before a preposition, clause word or participle: "critics of X" → critics.

    A capitalised "-ed" word is a name, not a participle ("a United Nations report").
    """
    head = ""
    originals: list[str] | None = None
    for index, word in enumerate(words):
        if word in _HEAD_STOPS:
            break
        if head and word.endswith("ed") and len(word) > 4:
            originals = originals or _WORD.findall(phrase)
            if not originals[index][:1].isupper():
                break
        head = word
    return head


_OUTLET_WORDS = frozenset("news newspaper television tv radio broadcaster wire press".split())
_HEAD_STOPS = frozenset(
    "of at on in for from with by to who which that whose familiar close such as made seen "
    "near around across along outside inside throughout "
    "obtained reviewed written".split()
)


def _vague_phrase(phrase: str) -> str:
    return _CUT_DESCRIPTION.split(phrase, 1)[0].strip()


def _last_run(phrase: str) -> str | None:
    runs = [m.group() for m in _NAME_RUN.finditer(phrase)]
    while runs:
        run = _strip_not_names(runs[-1])
        if run:
            return run
        runs.pop()
    return None


def _strip_not_names(run: str) -> str:
    tokens = run.split()
    while tokens and tokens[0].rstrip(".") in NOT_NAMES and tokens[0] != "I":
        tokens.pop(0)
    return " ".join(tokens)


def _org_kind(run: str) -> str | None:
    tokens = run.split()
    last = tokens[-1].lower().rstrip(".").removesuffix("'s").removesuffix("’s")
    lowered = [t.lower().rstrip(".") for t in tokens]
    if any(t in MEDIA_WORDS and t not in _BODY_WORDS for t in lowered[-2:]):
        return MEDIA  # "Yonhap News Agency"; a bare "Environment Agency" is a public body
    if last in ORG_SUFFIXES:
        return ORG
    if all(_is_acronym(t) or t.lower() in COUNTRIES for t in tokens):
        return ORG
    if len(tokens) <= 2 and lowered[-1] in COUNTRIES:
        return ORG
    return None


_BODY_WORDS = frozenset(("agency", "agencies"))
"""Media words only after "news"/"press" (which mark the outlet themselves)."""


def _org_name(phrase: str) -> str | None:
    for match in reversed(list(_NAME_RUN.finditer(phrase))):
        run = _strip_not_names(match.group())
        if run and _org_kind(run) and run.lower() not in _NOT_SOURCE_NAMES:
            return run
    return None


def _is_acronym(token: str) -> bool:
    letters = token.replace(".", "").replace("&", "")
    return len(letters) >= 2 and letters.isupper() and letters.isalpha()


def person_name(phrase: str) -> tuple[str, str | None] | None:
    """(name, title) of the person a phrase names, or None.

    The name is the capitalised run after the last title, organisation or place
    word of the phrase's last run: "NBA China CEO Michael Ma" → ("Michael Ma",
    "NBA China CEO"); long runs keep the last two names ("United States
    Hamdullah Mohib" → "Hamdullah Mohib").
    """
    matches = [m for m in _NAME_RUN.finditer(phrase) if _strip_not_names(m.group())]
    if not matches:
        return None
    match = matches[-1]
    name_tokens = _name_tokens(match.group().split())
    if not name_tokens:
        return None
    name = " ".join(name_tokens).removesuffix("'s").removesuffix("’s")
    start = match.start() + match.group().index(name_tokens[0])
    before = _LEADING_DETERMINER.sub("", phrase[:start].strip(" ,"))
    return name, before or None


def _name_tokens(tokens: list[str]) -> list[str]:
    """The personal name in a capitalised run: after the last title, organisation or place word."""
    cut = 0
    for index, token in enumerate(tokens):
        bare = token.lower().rstrip(".").removesuffix("'s").removesuffix("’s")
        if "-" in bare and any(part in TITLE_WORDS for part in bare.split("-")):
            bare = "secretary"  # hyphenated titles: "Secretary-General", "Attorney-General"
        if (
            bare in TITLE_WORDS
            or bare in ORG_SUFFIXES
            or bare in MEDIA_WORDS
            or bare in _EXTRA_ORG_WORDS
            or _is_acronym(token)
            or token.rstrip(".") in NOT_NAMES
        ):
            cut = index + 1
    name_tokens = tokens[cut:]
    while name_tokens and name_tokens[0].lower() in COUNTRIES and len(name_tokens) > 1:
        if len(name_tokens) == 2 and _forename_gender(name_tokens[0]):
            break  # "Jordan Tebbe", "Chad Ellery": a forename that is also a country
        name_tokens.pop(0)
    if len(name_tokens) > 3 or (len(name_tokens) == 3 and name_tokens[0].lower() in _PLACE_WORDS):
        keep = 3 if _INITIAL.match(name_tokens[-2]) else 2
        name_tokens = name_tokens[-keep:]
    return name_tokens


def _is_region(run: str) -> bool:
    """A state, province or region ("North Carolina"), or a run opening with a two- or
    three-word one ("Nova Scotia Liberals"): no person's name."""
    words = run.lower().split()
    if "-".join(words) in REGIONS:
        return True
    return any("-".join(words[:size]) in REGIONS for size in (2, 3) if len(words) > size)


_EXTRA_ORG_WORDS = frozenset("relations affairs studies sciences rights watch".split())
_PLACE_WORDS = frozenset("united new north south east west saint san los las".split())


# --- memory ---------------------------------------------------------------------


def name_runs(text: str) -> tuple[list[int], list[str]]:
    """Offsets and text of every capitalised run of several words (one pass per article)."""
    positions, runs = [], []
    for match in _NAME_RUN.finditer(text):
        run = match.group()
        if " " in run:
            positions.append(match.start())
            runs.append(run)
    return positions, runs


_TWO_CAPITALS = re.compile(r"[A-Z][\w'’.-]*\s+(?:(?:al|el|bin|de|van|von|da)\s+)?[A-Z]")
_LOCATIVE = re.compile(r"\b(?:in|at|from|near|to|into|across|outside|inside)\s+(?:the\s+)?$")


@dataclass(slots=True)
class Memory:
    """People and organisations named so far in one article, for resolution."""

    by_last_name: dict[str, str] = field(default_factory=dict)
    by_title: dict[str, str] = field(default_factory=dict)
    orgs: dict[str, str] = field(default_factory=dict)
    spokespeople: set[str] = field(default_factory=set)
    """Full names introduced as an organisation's spokesperson: a later "she said" still
    relays the organisation's line."""
    gender: dict[str, str] = field(default_factory=dict)
    mentions: list[str] = field(default_factory=list)
    """Full names of people, most recent last."""
    speakers: list[Source] = field(default_factory=list)
    """Resolved speakers, most recent last."""
    last_org: str | None = None
    analysed: dict[str, Source] = field(default_factory=dict)
    """Phrases already analysed in this article (names and pronouns repeat)."""
    runs: dict[str, tuple[str | None, str | None, str | None]] = field(default_factory=dict)
    previous_text: str | None = None
    previous_source: Source | None = None
    previous_subject: Source | None = None
    subject_known: bool = False
    last_document: Source | None = None
    last_statement: Source | None = None
    """Who last spoke "in a statement": "the statement said" later means them."""

    def analyse(self, phrase: str) -> Source:
        """:func:`analyse`, remembered for the rest of the article."""
        source = self.analysed.get(phrase)
        if source is None:
            source = self.analysed[phrase] = analyse(phrase)
        return source

    def subject_in(self, text: str) -> Source | None:
        """The known person a sentence opens with ("Lindahl, who …, voted"), if any."""
        opening = text.lstrip(" \"“‘'")
        match = _NAME_RUN.match(opening) if opening[:1].isupper() else None
        if match is None or match.group().split()[0] in NOT_NAMES:
            return None
        phrase = match.group()
        if _is_region(phrase):
            return None  # "Nova Scotia Liberals vote …": a place and a group
        titled = _TITLE_THEN_NAME.match(opening, match.end())
        if titled and all(w in TITLE_WORDS for w in titled.group(1).split()):
            phrase = opening[: titled.end()]  # "Kelso Bay coach Andre Sutter-Morris kept …"
        source = self.analyse(phrase)
        if source.kind != PERSON or not source.speaker:
            return None
        known = self._short_name(source) if " " not in source.speaker else source
        if known.speaker is None or " " not in known.speaker:
            return None
        return Source(PERSON, known.speaker, known.title)

    def note_sentence(self, text: str, speaker: Source | None) -> None:
        """Move on to the next sentence; ``text`` is the one just tagged (quotes blanked)."""
        self.previous_text = text
        self.previous_source = speaker if speaker is not None and speaker.kind == PERSON else None
        self.previous_subject = None
        self.subject_known = self.previous_source is not None

    def _previous_subject(self) -> Source | None:
        """The person the previous sentence was about, worked out only when a pronoun asks."""
        if self.previous_source is not None:
            return self.previous_source
        if not self.subject_known:
            self.previous_subject = (
                self.subject_in(self.previous_text) if self.previous_text else None
            )
            self.subject_known = True
        return self.previous_subject

    def remember_names(self, text: str) -> None:
        """Register the people and organisations ``text`` names (quoted words blanked)."""
        if _TWO_CAPITALS.search(text) is None:
            return
        for match in _NAME_RUN.finditer(text):
            run = match.group()
            if " " in run:
                self.remember_run(run, text[max(0, match.start() - 12) : match.start()])

    def remember_run(self, run: str, before: str) -> None:
        """Register one capitalised run of several words; ``before`` is the text just before it."""
        if _LOCATIVE.search(before):
            return  # "in New Tilden": a place
        org, person, gender = self._run(run)
        if org:
            self.orgs.setdefault(org.split()[0].lower(), org)
        elif person:
            self._remember_person(person, gender)

    def _run(self, run: str) -> tuple[str | None, str | None, str | None]:
        """(organisation, person, gender) a capitalised run names, remembered per article."""
        known = self.runs.get(run)
        if known is None:
            bare = _strip_not_names(run) or run
            if not bare or _org_kind(bare):
                known = (bare if " " in bare else None, None, None)
            elif bare.split()[-1].lower() in PLACE_SUFFIXES or _is_region(bare):
                known = (None, None, None)  # "Corrigan Street", "North Carolina": a place
            else:
                tokens = _name_tokens(run.split())
                person = (
                    " ".join(tokens).removesuffix("'s").removesuffix("’s")
                    if len(tokens) > 1
                    else None
                )
                known = (None, person, _title_gender(run))
            self.runs[run] = known
        return known

    def known_person(self, name: str | None) -> bool:
        """ "Cole said it was too early": a person named before, or a known forename."""
        words = (name or "").split()
        if not words:
            return False
        if len(words) == 1:
            return words[0].lower() in self.by_last_name
        return _forename_gender(words[0]) is not None

    def _remember_person(self, name: str, gender: str | None = None) -> None:
        last = name.split()[-1].lower()
        self.by_last_name.setdefault(last, name)
        full = self.by_last_name[last]
        if full not in self.gender:
            guessed = gender or _forename_gender(full)
            if guessed:
                self.gender[full] = guessed
        if self.mentions and self.mentions[-1] == full:
            return
        self.mentions.append(full)
        del self.mentions[:-12]

    def resolve(self, source: Source) -> Source:
        """The source with pronouns and short names replaced by the full name."""
        if source.kind == PRONOUN:
            resolved = self._pronoun(source)
        elif (
            source.kind == VAGUE
            and source.speaker
            and " " not in source.speaker
            and (source.speaker.lower() in self.by_last_name)
        ):
            resolved = Source(PERSON, self.by_last_name[source.speaker.lower()])  # "Sanders said"
        elif source.kind == PERSON and source.speaker and " " not in source.speaker:
            resolved = self._short_name(source)
        elif (
            source.kind == ORG
            and source.speaker
            and " " not in source.speaker
            and self._named_person(source.speaker)
        ):
            # "Michael Jordan scored 30. Jordan said …": a person of the article, not
            # the country; likewise "Paris Hilton … Paris claims …".
            resolved = Source(PERSON, self._named_person(source.speaker), source.title)
        elif source.kind in (DESCRIPTION, VAGUE) and source.speaker:
            resolved = self._role(source)
        elif source.kind == SPOKESPERSON and source.speaker and source.speaker.islower():
            # "a spokeswoman said" after the organisation was named: its spokeswoman
            resolved = (
                Source(SPOKESPERSON, self.last_org, source.speaker) if self.last_org else source
            )
        elif (
            source.kind == ORG
            and self.last_statement is not None
            and (source.speaker or "").lower() in _THE_STATEMENT
        ):
            resolved = self.last_statement
        elif (
            source.kind == ORG and source.speaker and source.speaker[:4].lower() in ("the ", "a fi")
        ):
            resolved = Source(ORG, self.last_org, source.speaker) if self.last_org else source
        else:
            resolved = source
        if resolved.kind == PERSON and resolved.speaker in self.spokespeople:
            resolved = Source(SPOKESPERSON, resolved.speaker, resolved.title)
        self._note_speaker(resolved)
        return resolved

    def _named_person(self, word: str) -> str | None:
        """The full name of a person of the article whose first or last name is ``word``."""
        lowered = word.lower()
        if lowered in self.by_last_name:
            return self.by_last_name[lowered]
        for name in reversed(self.mentions):
            if name.split()[0].lower() == lowered:
                return name
        return None

    def _short_name(self, source: Source) -> Source:
        key = (source.speaker or "").lower().removesuffix("'s").removesuffix("’s")
        full = self.by_last_name.get(key)
        if full:
            if source.title and full not in self.gender:
                gender = _title_gender(source.title)
                if gender:
                    self.gender[full] = gender
            return Source(PERSON, full, source.title)
        if key in self.orgs:
            return Source(ORG, self.orgs[key])
        return source

    def _role(self, source: Source) -> Source:
        """ "the mayor" → the person introduced earlier with that title."""
        words = (source.speaker or "").lower().split()
        if len(words) == 2 and words[0] in _ROLE_DETERMINERS and words[1] in self.by_title:
            return Source(PERSON, self.by_title[words[1]], source.speaker)
        if (
            len(words) == 2
            and words[0] == "the"
            and words[1] in DOCUMENT_NOUNS
            and self.last_document
        ):
            return self.last_document  # "the report said" after "according to a police report"
        if _second_reference(source.speaker or "", words):
            # "the Port Alder Otters coach said": AP's second reference to someone named before
            known = self.by_title.get(words[-1])
            person = Source(PERSON, known) if known else self._person(_title_gender(words[-1]))
            if person is not None and person.speaker:
                return Source(PERSON, person.speaker, source.speaker)
        return source

    def note_description(self, noun: str, name: str) -> None:
        """ "His son, Harold Lindqvist Jr., said": later "his son" means that person."""
        self.by_title.setdefault(noun.lower(), name)

    def _pronoun(self, source: Source) -> Source:
        word = (source.speaker or "").lower()
        role = PRONOUNS[word]
        if role == "person":
            wanted = {"he": "m", "him": "m", "she": "f", "her": "f"}.get(word)
            return self._person(wanted) or source
        for last in reversed(self.speakers[-3:]):
            if role == "org" and last.kind in (ORG, MEDIA, SPOKESPERSON):
                return last
            if role == "group" and last.kind in (ORG, MEDIA, VAGUE):
                return last
        if role == "org" and self.last_org:
            return Source(ORG, self.last_org)
        return source

    def _person(self, wanted: str | None) -> Source | None:
        """The previous sentence's person, else the latest compatible speaker, else mention."""
        subject = self._previous_subject()
        if subject is not None and subject.speaker and self._compatible(subject.speaker, wanted):
            self._learn(subject.speaker, wanted)
            return subject
        for last in reversed(self.speakers[-6:]):
            if last.kind == PERSON and last.speaker and self._compatible(last.speaker, wanted):
                self._learn(last.speaker, wanted)
                return last
        for name in reversed(self.mentions):
            if self._compatible(name, wanted):
                self._learn(name, wanted)
                return Source(PERSON, name)
        return None

    def _compatible(self, name: str, wanted: str | None) -> bool:
        known = self.gender.get(name)
        return wanted is None or known is None or known == wanted

    def _learn(self, name: str, wanted: str | None) -> None:
        if wanted and name not in self.gender:
            self.gender[name] = wanted

    def _note_speaker(self, source: Source) -> None:
        if not source.speaker or source.kind == PRONOUN:
            return
        self.speakers.append(source)
        del self.speakers[:-6]
        if source.kind == PERSON and " " in source.speaker:
            self._remember_person(source.speaker, _title_gender(source.title or ""))
            if source.title:
                title_word = source.title.split()[-1].lower().rstrip(".")
                self.by_title.setdefault(title_word, source.speaker)
        elif source.kind in (ORG, MEDIA):
            self.last_org = source.speaker
        elif source.kind == SPOKESPERSON and " " in source.speaker and self._run(source.speaker)[1]:
            self.spokespeople.add(source.speaker)  # a named spokesperson, not "the spokeswoman"
        if source.title and not DOCUMENT_NOUNS.isdisjoint(source.title.lower().split()):
            self.last_document = source


_THE_STATEMENT = frozenset(
    "the statement|the release|the press release|the news release|the announcement".split("|")
)
_TITLE_THEN_NAME = re.compile(r"\s+((?:[a-z-]+\s+){1,3})[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)*")
_ROLE_DETERMINERS = frozenset("the a his her their its".split())


def _second_reference(phrase: str, words: list[str]) -> bool:
    """ "the Kestrel Labs chief executive": "the", a capitalised affiliation, a title head."""
    return (
        len(words) >= 3
        and words[0] == "the"
        and words[-1] in TITLE_WORDS
        and any(token[:1].isupper() for token in phrase.split()[1:-1])
    )


def _title_gender(text: str) -> str | None:
    for word in text.lower().replace(".", " ").split():
        if word in MALE_TITLES:
            return "m"
        if word in FEMALE_TITLES:
            return "f"
    return None


def _forename_gender(name: str) -> str | None:
    first = name.split()[0].lower()
    if first in FEMALE_NAMES:
        return "f"
    if first in MALE_NAMES:
        return "m"
    return None
