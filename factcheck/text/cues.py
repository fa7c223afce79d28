"""Speech cues in a sentence and the words in their speaker position.

See docs/attribution.md §3–§5 and §7.1.

Works on the sentence with quoted words blanked (``quotes.mask_quotes``), so a
"said" inside someone's quote is never a cue, and offsets stay those of the
article. A cue counts only when it governs a main clause:

- not passive ("was told", "is said to") unless its agent follows ("was
  confirmed by his daughter"), not an infinitive ("declined to comment"), not a
  noun or adjective ("the stated goal", "China's alleged abuses", "a request
  for comment"), not another sense ("added 200 jobs", "added to the
  confusion", "says a lot about", "according to plan", "declared an
  emergency"), not a non-response ("did not respond", "could not confirm");
- not inside a subordinate clause ("When Morey tweeted support…, China…") or a
  relative clause ("who has called the tax unfair", "a change that residents
  say was never explained");
- a gerund only with its content right after it ("writing in a blog post
  "…"", never "after criticizing the party");
- naming verbs (call, dub, describe) only with a quoted complement, manner and
  question verbs (laugh, ask) only beside a quote; belief verbs (fear, expect)
  are flagged so the tagger keeps them for vague holders only.

For each cue the speaker phrase is found where English puts it: after an
inverted cue (""…," said X"), after "according to" or a passive "by", else the
clause's subject before the cue, skipping appositives and asides ("Ostrander,
a longtime ally of the mayor, said"). Two frames without a verb are cues too:
a possessed speech noun before a colon ("Her advice to young bakers: "…"") and
a sentence-initial "To X," / "In his view,".
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import NamedTuple

from factcheck.text._lexicon import (
    ACCORDING_TO_NOT_SOURCE,
    AUXILIARIES,
    BE_FORMS,
    BELIEF_VERBS,
    CONTENT_ONLY_VERBS,
    DETERMINERS,
    EVALUATIVE_ADJECTIVES,
    EVIDENCE_VERBS,
    GERUND_CUES,
    INDIRECT_QUESTION_WORDS,
    INVERTIBLE,
    LEMMA,
    MANNER_THAT_VERBS,
    NAMING_VERBS,
    NEGATED_NON_CUES,
    NOT_CONTENT_AFTER,
    OPINION_NOUNS,
    PARTICIPIAL_CUES,
    PARTICIPLE_PREPOSITIONS,
    PARTICLE_VERBS,
    PASSIVE_AGENT_CUES,
    POST_NOMINALS,
    PREPOSITIONS,
    PRESS_RELEASE_NOUNS,
    PRESS_RELEASE_VERBS,
    QUOTE_ONLY_VERBS,
    RELATIVE_PRONOUNS,
    SPEECH_NOUNS,
    SPEECH_VERBS,
    SUBORDINATORS,
    TITLE_WORDS,
    VAGUE_HEADS,
)

_ABBREVIATIONS = (
    "Mr|Mrs|Ms|Dr|Prof|Sen|Rep|Gov|Gen|Lt|Col|Capt|Sgt|Cpl|St|Jr|Sr|Inc|Corp|Co|Ltd|Rev|Hon|Mt|Ft|"
    "Maj|Adm|Cmdr|Det|Insp|Supt|Atty|Amb|Pres|Brig|No|Messrs|Mmes|Msgr|Fr"
)
# Words (inner periods kept: "U.S", "a.m"), and single punctuation marks; a final
# period is always its own token ("Sen" "."), see _abbreviation_period.
_TOKEN = re.compile(r"(?:[^\W_]|\$)[\w'’&$%-]*(?:\.[^\W_][\w'’&$%-]*)*|[^\w\s]")
_ABBREVIATION_WORDS = frozenset(_ABBREVIATIONS.split("|"))


class Token(NamedTuple):
    """A word or punctuation mark of the masked sentence."""

    start: int
    end: int
    word: str
    lower: str
    """``word`` lower-cased."""


_LOWER_WORDS = re.compile(r"[a-z]+")
_CLAUSE_BREAK = frozenset(',;:"()—–[]')
_SEGMENT_BREAK = re.compile(r'[,;:"()\[\]—–]')
_MEDIUM = re.compile(
    r"\s+(?:in|on|via|through|during)\s+(?:a|an|the|his|her|its|their)?\s*"
    r"(?:(?:joint|written|brief|short|separate|official|televised|recorded|\d{4})\s+)*"
    r"(?P<noun>press\s+release|news\s+release|statement|interview|blog\s+post|post|tweet|"
    r"letter|memo|email|e-mail|op-ed|filing|speech|video|message|news\s+conference|"
    r"press\s+conference|briefing|communiqu[eé]|announcement|remarks|note|spokesman|"
    r"spokeswoman|spokesperson|representative|lawyer|attorney|Twitter|Facebook|Instagram|"
    r"TikTok|LinkedIn|X|television|TV|radio)\b"
)
_MEDIUM_BEFORE = re.compile(
    r"\b(?:in|In)\s+(?:a|an|the|its|his|her|their)\s+(?:joint\s+|written\s+|brief\s+)?"
    r"(?P<noun>press\s+release|news\s+release|statement|communiqu[eé]|announcement|filing)\b"
)
_PRESS_MEDIUM = frozenset(
    "release statement communique communiqué announcement filing spokesman spokeswoman "
    "spokesperson representative".split()
)
_AMBIGUOUS_PLURALS = frozenset(
    """
    claims reports posts tweets notes comments remarks questions charges demands promises
    estimates counters texts emails blogs answers replies objects challenges praises blasts
    slams pledges vows states
    """.split()
)
_REDUCED_RELATIVE = frozenset(
    "published posted released reported quoted described called named accused charged alleged "
    "cited labelled labeled dubbed termed branded".split()
)
_SPEAKING_GROUPS = VAGUE_HEADS - frozenset(
    "reports report estimates estimate polls poll studies study posts post posting postings "
    "some many others several most".split()
)
"""Vague heads that speak rather than get published: "local media reported long queues"
is their report, while "posts published on Monday" is a reduced relative."""
_NP_STOPS = frozenset(
    """
    who which that whose to in at during after before when while as from with because since
    on about over for into under than if where said says told added
    """.split()
)
_TIME_WORDS = frozenset(
    """
    monday tuesday wednesday thursday friday saturday sunday yesterday today tomorrow
    tonight earlier later last this next recently previously then afterward afterwards
    january february march april may june july august september october november december
    """.split()
)
_CLAUSE_WORDS = frozenset(
    "is are was were has have had will would could should can may might must did does do "
    "that there it".split()
)
_SUBJECT_SKIP = frozenset(
    "In On At For From By With As After Before According Writing Speaking Asked Citing "
    "Responding Commenting Following Despite During Since Though Although Asked So Thus "
    "Yet But And Still However Meanwhile Instead".split()
)
_CONNECTIVES = frozenset("But And Yet Still Meanwhile Instead".split())
_SUBJECT_PRONOUNS = frozenset("he she it they we i you".split())
_TIME_NOUNS = frozenset(
    "time times week weekend month year day morning afternoon evening night hour moment".split()
)
"""Nouns of a time adverbial ("this week he praised …"), not an antecedent."""
_PERSONAL_SUBJECTS = frozenset("he she they".split())
_SAY_TELL = frozenset("say tell".split())
_LOT = frozenset("lot little much nothing something plenty".split())
_POSSESSIVE = frozenset("his her their its our my".split())
_TO_X = re.compile(r"To\s+((?:[A-Z][\w'’.-]*\s?){1,4}),\s")
_IN_VIEW = re.compile(
    r"In\s+(?P<owner>his|her|their|its|(?:[A-Z][\w'’.-]*\s?){1,4}['’]s)\s+(?P<noun>\w+),\s"
)


@dataclass(slots=True)
class CueHit:
    """A cue that governs a main clause, and where its speaker phrase is."""

    start: int
    """Start of the cue (auxiliaries included), in article offsets."""
    end: int
    """End of the cue (an attached medium phrase included)."""
    lemma: str
    press: bool
    """A press-release cue: announce, a statement, a release, through a spokesman."""
    negated: bool
    speaker_start: int
    speaker_end: int
    """The speaker phrase, in article offsets."""
    inverted: bool
    quote_after: int
    """Offset of a quote mark within a few words after the cue, else -1."""
    belief: bool = False
    """A belief verb (fear, expect): an attribution for vague holders only."""
    hedged: bool = False
    """The cue itself is hedged ("reportedly demanded"): the claim is unconfirmed."""
    weak: bool = False
    """A low-priority frame ("To X, …", "In his view, …")."""
    evidence: bool = False
    """A finding verb without a that-clause ("found the drug …"): documents only."""


def trigger_words(lowered: str) -> tuple[list[int], list[str], list[int]]:
    """Where cue words are in a lower-cased article, which, and where hedge words are:
    one pass for the whole text.

    :func:`find_cues` looks only at those words, and skips sentences without any;
    the hedge finder skips sentences without a hedge word.
    """
    matches = list(_TRIGGER_WORD.finditer(lowered))
    positions = list(map(re.Match.start, matches))  # C-level loops: no bytecode per match
    words = list(map(re.Match.group, matches))
    hedges = [p for p, w in zip(positions, words, strict=True) if w in HEDGE_KEYS]
    return positions, words, hedges


def find_cues(
    text: str, start: int, masked: str, *, present: frozenset[str] | set[str] | None = None
) -> Iterator[CueHit]:
    """Every main-clause cue of the sentence ``text[start:start+len(masked)]``, in order.

    ``present`` are the cue words the sentence holds (see :func:`trigger_words`);
    None means unknown, and the sentence is scanned for them. A generator: the
    caller stops once it has the cue it needs.
    """
    opens_frame = masked.startswith(("To ", "In "))
    if present is None:
        words = _LOWER_WORDS.findall(masked.lower())
        present = _TRIGGERS.intersection(words)
        if ":" in masked:
            present |= SPEECH_NOUNS.intersection(words)
    elif ":" in masked:
        present = present & _CUE_WORDS  # hedge-only words ("reportedly") start no cue
    else:
        present = present & _TRIGGERS - _NOUN_ONLY  # nor speech nouns without a colon
    sentence = masked.lower()
    if not opens_frame and not any(word in sentence for word in present):
        return  # most sentences hold no cue word outside quotes: skip tokenising them
    tokens = _tokens(masked, sentence)
    opening = _opening_frame(start, masked) if opens_frame else None
    if opening is not None:
        yield opening
    for index, (_, _, word, lowered) in enumerate(tokens):
        if word not in present:
            if index > 0 and word != "According":
                continue
            if lowered not in present:
                continue
        if lowered == "according":
            hit = _according_to(start, masked, tokens, index)
        elif lowered == "per":
            hit = _as_per(start, masked, tokens, index)
        elif word != lowered and index > 0:
            continue
        elif lowered in EVALUATIVE_ADJECTIVES:
            hit = _evaluative(start, masked, tokens, index)
        elif lowered in SPEECH_NOUNS and index > 0 and _colon_follows(tokens, index):
            hit = _possessed_noun(start, masked, tokens, index)
        elif (
            lowered in SPEECH_VERBS
            or lowered in NAMING_VERBS
            or lowered in QUOTE_ONLY_VERBS
            or lowered in GERUND_CUES
            or lowered in BELIEF_VERBS
            or lowered in EVIDENCE_VERBS
        ):
            hit = _verb(start, masked, tokens, index, lowered)
        else:
            continue
        if hit is not None:
            yield hit


def _tokens(masked: str, lowered: str) -> list[Token]:
    """Words and punctuation marks with their offsets and lower-cased forms
    (``lowered`` is ``masked.lower()``)."""
    # findall plus str.find is a third faster than building tuples from match objects,
    # and one lower() of the sentence is cheaper than one per token.
    if len(lowered) != len(masked):  # a few code points change length when lower-cased
        return [
            Token(m.start(), m.end(), w, w.lower())
            for m in _TOKEN.finditer(masked)
            if (w := m.group())
        ]
    tokens: list[Token] = []
    append, find, position = tokens.append, masked.find, 0
    for word in _TOKEN.findall(masked):
        begin = find(word, position)
        position = begin + len(word)
        append(Token(begin, position, word, lowered[begin:position]))
    return tokens


def _abbreviation_period(tokens: list[Token], position: int) -> bool:
    """The "." at ``position`` closes "Prof", "J" or "U.S" rather than a sentence."""
    if position == 0 or tokens[position].word != ".":
        return False
    word = tokens[position - 1].word
    return word in _ABBREVIATION_WORDS or (len(word) == 1 and word.isupper()) or "." in word


def lemma_of(word: str) -> str:
    """Lemma of a cue verb, checked against the lexicon's own base forms."""
    if word in LEMMA:
        return LEMMA[word]
    for suffix in ("ied", "ies", "ing", "ed", "es", "s"):
        if not word.endswith(suffix) or len(word) - len(suffix) < 3:
            continue
        stem = word[: len(word) - len(suffix)]
        candidates = (stem + "y",) if suffix in ("ied", "ies") else (stem, stem + "e", stem[:-1])
        for candidate in candidates:
            if candidate in _ALL_FORMS:
                return candidate
    return word


_ALL_FORMS = SPEECH_VERBS | NAMING_VERBS | QUOTE_ONLY_VERBS | BELIEF_VERBS | EVIDENCE_VERBS
_TRIGGERS = _ALL_FORMS | GERUND_CUES | EVALUATIVE_ADJECTIVES | {"according", "per"}
_CUE_WORDS = _TRIGGERS | SPEECH_NOUNS
"""Every word :func:`find_cues` may start a cue at (speech nouns only before a colon)."""
_NOUN_ONLY = SPEECH_NOUNS - _ALL_FORMS
"""Speech nouns that are no verb form ("statement"); "note", "reports" may be verbs."""


def _trie(words: frozenset[str]) -> str:
    """A regular expression matching exactly ``words``, factored by prefix: the engine
    then tests one character class per position instead of hundreds of alternatives."""
    root: dict[str, dict] = {}  # type: ignore[type-arg]
    for word in words:
        node = root
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict) -> str:  # type: ignore[type-arg]
        alternatives = [
            re.escape(char) + build(child) for char, child in sorted(node.items()) if char
        ]
        if not alternatives:
            return ""
        body = alternatives[0] if len(alternatives) == 1 else "(?:" + "|".join(alternatives) + ")"
        if "" in node:
            return "(?:" + body + ")?"
        return body

    return build(root)


HEDGE_KEYS = frozenset(
    """
    alleged allegedly alleges allege alleging reportedly reported purportedly supposedly
    ostensibly unconfirmed unverified so-called claim claims claimed claiming accused accuses
    accusing accuse believed thought said understood suspected charged rumored rumoured
    """.split()
)
"""Words every hedge word or frame contains ("is said to", "accused of")."""

_TRIGGER_WORD = re.compile(r"\b" + _trie(_TRIGGERS | SPEECH_NOUNS | HEDGE_KEYS) + r"\b")


# --- cue kinds ------------------------------------------------------------------


def _verb(start: int, masked: str, tokens: list[Token], index: int, word: str) -> CueHit | None:
    lemma = lemma_of(word)
    aux = _aux_start(tokens, index)
    previous = tokens[index - 1].lower if index > 0 else ""
    before_aux = tokens[aux - 1].lower if aux > 0 else ""
    following = tokens[index + 1].word if index + 1 < len(tokens) else ""
    after_next = tokens[index + 2].lower if index + 2 < len(tokens) else ""
    run = {tokens[i].lower for i in range(aux, index)}
    passive = before_aux in BE_FORMS or previous in BE_FORMS or bool(run & {"been", "being"})
    if passive:
        if lemma in PASSIVE_AGENT_CUES and following.lower() == "by":
            return _passive_agent(start, masked, tokens, index, aux, lemma)
        return None
    if previous in DETERMINERS or previous == "to" or previous in PREPOSITIONS:
        return None
    if previous.endswith(("'s", "’s")):
        return None  # "China's alleged abuses", "Soto's remarks drew applause"
    if not _sense_is_speech(word, lemma, following, after_next, previous, tokens, index):
        return None
    negated = bool(run & {"not", "never", "n't"})
    if negated and (
        lemma in NEGATED_NON_CUES
        or (lemma == "say" and following.lower() in INDIRECT_QUESTION_WORDS)
    ):
        return None
    quote_after = _quote_after(tokens, index)
    stance = False
    if not _frame_allows(masked, tokens, index, word, lemma, previous, following, quote_after):
        if lemma not in _STANCE_LEMMAS or not following[:1].isalpha():
            return None
        if lemma == "question" and _questions_a_person(following, after_next):
            return None  # "Investigators questioned the driver": an interrogation
        stance = True  # "Some analysts questioned the estimate.": only a vague group's stance
    stop = index + 2 if lemma in PARTICLE_VERBS else index + 1
    hit = _locate(
        start,
        masked,
        tokens,
        index,
        lemma,
        word in PRESS_RELEASE_VERBS,
        quote_after,
        cue_tokens=(index, stop),
    )
    if hit is not None:
        hit.belief = stance or (word in BELIEF_VERBS and word not in SPEECH_VERBS)
        hit.evidence = word in EVIDENCE_VERBS and following.lower() != "that"
        hit.hedged = bool(run & {"reportedly", "allegedly", "purportedly", "supposedly"})
    return hit


def _aux_start(tokens: list[Token], index: int) -> int:
    aux = index
    while aux > 0 and _is_auxiliary(tokens[aux - 1]):
        aux -= 1
    return aux


def _sense_is_speech(
    word: str,
    lemma: str,
    following: str,
    after_next: str,
    previous: str,
    tokens: list[Token],
    index: int,
) -> bool:
    """Other senses of speech words: "added 200 jobs", "says a lot", "steering state grants"."""
    lowered_next = following.lower()
    if lemma in PARTICLE_VERBS:
        return lowered_next == PARTICLE_VERBS[lemma]  # "points out", not "pointed to"
    if lowered_next in NOT_CONTENT_AFTER.get(lemma, ()):
        return False
    if lemma == "add" and (following[:1].isdigit() or following[:1] == "$"):
        return False
    if lemma == "say" and lowered_next == "a" and after_next in _LOT:
        return False
    if lemma in ("respond", "reply") and lowered_next == "to":
        return False
    if (
        lemma in _NOUN_LIKE
        and word != lemma
        and (previous.endswith("ed") or previous in _PLURAL_NOUN_MODIFIERS)
    ):
        return False  # "did not answer emailed questions", "written reports": a plural noun
    if (
        word == "forecast"
        and previous in _ORG_SUBJECTS
        and following[:1].isalnum()
        and lowered_next not in BE_FORMS
        and lowered_next not in AUXILIARIES
        and lowered_next not in ("for", "of")
    ):
        return True  # "The company forecast earnings of …"
    if word == lemma and word in _NOUN_LIKE:
        # A bare form that is also a noun ("state", "note") needs a subject or auxiliary before it.
        if _modifier_run_after_determiner(tokens, index):
            return False  # "a United Nations report released …": the noun
        return (
            previous in _SUBJECT_PRONOUNS
            or previous == ","
            or (
                index > 0
                and (
                    _is_auxiliary(tokens[index - 1])
                    or tokens[index - 1].word[:1].isupper()
                    or previous.endswith("s")
                )
            )
        )
    return True


def _modifier_run_after_determiner(tokens: list[Token], index: int) -> bool:
    """Capitalised modifiers after a singular determiner: "a United Nations report"."""
    position = index
    while (
        position > 0
        and tokens[position - 1].word[:1].isupper()
        and tokens[position - 1].lower not in _SINGULAR_DETERMINERS
        and tokens[position - 1].lower != "the"
        and index - position < 4
    ):
        position -= 1
    if position == index or position == 0:
        return False
    determiner = tokens[position - 1].lower
    return determiner in _SINGULAR_DETERMINERS or (
        determiner == "the" and not tokens[index - 1].lower.endswith("s")
    )


_SINGULAR_DETERMINERS = frozenset("a an this that each every another its his her their".split())
_WEEKDAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())
_ORG_SUBJECTS = frozenset("company bank firm group ministry agency government fund".split())
_PLURAL_NOUN_MODIFIERS = frozenset("written further several many few more other such".split())

_NOUN_LIKE = frozenset(
    """
    state note report comment post claim question charge estimate answer reply object
    challenge praise blast slam pledge vow promise demand counter text email blog tweet
    dispute fear doubt hope worry forecast remark mention quote review project
    """.split()
)


def _frame_allows(
    masked: str,
    tokens: list[Token],
    index: int,
    word: str,
    lemma: str,
    previous: str,
    following: str,
    quote_after: int,
) -> bool:
    """Verbs that need a particular complement to attribute anything."""
    lowered_next = following.lower()
    content_next = lowered_next == "that" or following in ('"', ":")
    original = tokens[index - 1].word if index > 0 else ""
    if word in _REDUCED_RELATIVE and original.isalpha() and original.islower():
        if not (
            previous in AUXILIARIES
            or previous in _SUBJECT_PRONOUNS
            or lowered_next == "that"
            or following == ":"
            or (lowered_next != "by" and _group_subject(tokens, index))
        ):
            return False  # "a user labelled "Anonymous"", "photos released of the scene"
    if word in GERUND_CUES or word.endswith("ing"):
        if previous == "," and word in PARTICIPIAL_CUES and _clause_follows(tokens, index):
            return True  # "vetoed the bill, saying it was unaffordable"
        return previous not in PARTICIPLE_PREPOSITIONS and (
            quote_after >= 0 or lowered_next == "that"
        )
    if word in NAMING_VERBS:
        if lemma == "call" and (
            (lowered_next == "for" and not previous.endswith("ly"))
            or (
                lowered_next == "on"
                and index + 2 < len(tokens)
                and tokens[index + 2].lower not in _WEEKDAYS
                and any(t.lower == "to" for t in tokens[index + 2 : index + 8])
            )
        ):
            return True  # "called for a recount", "calls on governments to …": a demand
        return '"' in masked[tokens[index].end :]
    if word in QUOTE_ONLY_VERBS and word not in SPEECH_VERBS:
        return (
            _quote_before(tokens, index)
            or quote_after >= 0
            or (lemma == "ask" and lowered_next in INDIRECT_QUESTION_WORDS)
            or (lemma in MANNER_THAT_VERBS and lowered_next == "that")
        )
    if lemma in CONTENT_ONLY_VERBS:
        return (
            content_next
            or quote_after >= 0
            or following in (",", ".", "")
            or lowered_next in INDIRECT_QUESTION_WORDS
        )
    if word in _AMBIGUOUS_PLURALS:
        return content_next or following == "," or _names_subject(previous, tokens, index)
    if lemma in _NEEDS_CONTENT:
        return _content_follows(tokens, index) or _quote_before(tokens, index)
    if lemma in _OBJECT_LEMMAS and quote_after < 0 and _object_only(tokens, index):
        return False  # "added a second goal", "claimed the title", "maintained its lead"
    if _object_gap_relative(tokens, index):
        return False
    return quote_after >= 0 or not _no_content(tokens, index)


_CLAUSE_OPENERS = frozenset("he she they it we i the a an his her their its this that".split())


def _clause_follows(tokens: list[Token], index: int) -> bool:
    """A clause, not an object, after a participle: "saying it was", not "saying goodbye"."""
    if index + 2 >= len(tokens):
        return False
    following, after = tokens[index + 1], tokens[index + 2]
    if following.lower in _SUBJECT_PRONOUNS:
        return after.word.isalpha() and after.word.islower()
    return following.lower in _CLAUSE_OPENERS or following.word[:1].isupper()


def _group_subject(tokens: list[Token], index: int) -> bool:
    """ "Local media reported …": a speaking group opens the clause right before the verb."""
    if index == 0 or tokens[index - 1].lower not in _SPEAKING_GROUPS:
        return False
    position = index - 2
    while position >= 0 and (
        tokens[position].lower in _GROUP_MODIFIERS
        or (tokens[position].word[:1].isupper() and tokens[position].lower not in ("a", "an"))
    ):
        position -= 1
    return position < 0 or tokens[position].word in _CLAUSE_BREAK


_GROUP_MODIFIERS = frozenset(
    "the local state national foreign regional some many several other senior western".split()
)


def _questions_a_person(following: str, after_next: str) -> bool:
    if following[:1].isupper() or following.lower() in ("him", "her", "them", "us", "me"):
        return True
    return following.lower() in DETERMINERS and after_next in _QUESTIONED_PEOPLE


_QUESTIONED_PEOPLE = frozenset(
    """
    suspect suspects driver drivers man men woman women boy boys girl girls teen teens
    teenager teenagers witness witnesses victim victims passenger passengers crew pilot
    staff workers employees couple family residents neighbours neighbors
    """.split()
)


_STANCE_LEMMAS = frozenset("question caution warn describe".split())
"""Without content these still voice a vague group's stance (handled like a belief)."""

_NEEDS_CONTENT = frozenset("post publish tweet write blog email text".split())
_OBJECT_LEMMAS = frozenset("add claim maintain confirm deny".split())
"""Verbs that also take a plain object: speech only when a clause follows."""
_OBJECT_OPENERS = DETERMINERS | frozenset("another his her their its our a an no".split())


def _object_only(tokens: list[Token], index: int) -> bool:
    """A noun phrase and no clause after the verb: "added a second goal in the 80th
    minute", not "added the team was ready" (a finite verb or "that" follows)."""
    following = tokens[index + 1].lower if index + 1 < len(tokens) else ""
    if following not in _OBJECT_OPENERS and not following[:1].isdigit():
        return False
    for position in range(index + 1, min(len(tokens), index + 12)):
        word, lowered = tokens[position].word, tokens[position].lower
        if word in (".", ";", "!", "?", ":", '"'):
            break
        if lowered in BE_FORMS or lowered in AUXILIARIES or lowered in ("that", "had", "has"):
            return False
    return True


_BARE_TAIL = frozenset(
    """
    shortly soon just after before in on during early late later again publicly privately
    today yesterday tonight the a p.m a.m . noon night morning evening afternoon
    monday tuesday wednesday thursday friday saturday sunday
    """.split()
)


def _no_content(tokens: list[Token], index: int) -> bool:
    """ "Vance did not testify.", "Prentiss conceded shortly after 11 p.m.": the verb
    ends the clause, or only a time or place follows, and nothing before it is content."""
    tail = 0
    for position in range(index + 1, len(tokens)):
        word, lowered = tokens[position].word, tokens[position].lower
        if word in (";", "!") or (word == "." and not _abbreviation_period(tokens, position)):
            break
        tail += 1
        if tail > 6 or not (word[:1].isdigit() or lowered in _BARE_TAIL or word[:1].isupper()):
            return False
    return not any(token.word in (",", '"', ":", "—", "–") for token in tokens[:index])


def _content_follows(tokens: list[Token], index: int) -> bool:
    """Content within a few words: "posted on Facebook on Wednesday that …".

    ("He wrote a novel" has none.)
    """
    for position in range(index + 1, min(len(tokens), index + 10)):
        word = tokens[position].word
        if word in (".", ";"):
            return False
        if word.lower() == "that" or word in ('"', ":"):
            return True
    return False


def _object_gap_relative(tokens: list[Token], index: int) -> bool:
    """ "a change that residents say was never explained": the cue sits in a relative clause."""
    following = tokens[index + 1].lower if index + 1 < len(tokens) else ""
    if following not in _CLAUSE_WORDS - {"that", "there", "it"}:
        return False
    clause = _clause_start(tokens, index)
    return any(tokens[i].lower in ("that", "which", "who") for i in range(clause, index))


def _names_subject(previous: str, tokens: list[Token], index: int) -> bool:
    """ "Smith claims …": a name or pronoun right before a plural-looking verb."""
    if index == 0:
        return False
    word = tokens[index - 1].word
    return word[:1].isupper() or previous in _SUBJECT_PRONOUNS


def _as_per(start: int, masked: str, tokens: list[Token], index: int) -> CueHit | None:
    """ "As per officials, …" (Indian and British English): "according to officials"."""
    if index == 0 or tokens[index - 1].lower != "as":
        return None
    return _according_to(start, masked, tokens, index - 1)


def _according_to(start: int, masked: str, tokens: list[Token], index: int) -> CueHit | None:
    """ "according to X" (or "as per X": ``index`` is then "as")."""
    if index + 1 >= len(tokens) or tokens[index + 1].lower not in ("to", "per"):
        return None
    np_start = tokens[index + 1].end
    np_end = _according_np_end(masked, tokens, index + 2)
    head_words = masked[np_start:np_end].lower().split()
    if not head_words or any(w.strip(",.") in ACCORDING_TO_NOT_SOURCE for w in head_words[:3]):
        return None
    speaker_start, speaker_end = _trim_span(masked, np_start, np_end)
    return CueHit(
        start=start + tokens[index].start,
        end=start + tokens[index + 1].end,
        lemma="according to",
        press=False,
        negated=False,
        speaker_start=start + speaker_start,
        speaker_end=start + speaker_end,
        inverted=True,
        quote_after=-1,
    )


def _according_np_end(masked: str, tokens: list[Token], first: int) -> int:
    """End of the noun phrase after "according to".

    A comma, the sentence end, or where its name stops.
    """
    for position in range(first, len(tokens)):
        if tokens[position].word in (",", ";", "(", "—", "–", ":"):
            if position - first <= 14:
                return tokens[position].start
            break
    else:
        if first > len(tokens) // 2:
            return _trim_span(masked, 0, len(masked))[1]
    seen_name = False
    end = tokens[first].end if first < len(tokens) else len(masked)
    for position in range(first, min(len(tokens), first + 16)):
        token_start, token_end, word, lowered = tokens[position]
        if word in (",", ";", ":", "(", "—", "–") or (word == '"' and seen_name):
            return token_start
        lowered = word.lower()
        if seen_name and lowered in _NP_STOPS | _CLAUSE_WORDS and word.islower():
            return token_start
        if word[:1].isupper():
            seen_name = True
        elif seen_name and word.isdigit():
            return token_start
        end = token_end
    return end


def _evaluative(start: int, masked: str, tokens: list[Token], index: int) -> CueHit | None:
    """ "Critics … were critical of the attacks": a stance attributed to the subject."""
    if index == 0 or index + 1 >= len(tokens) or tokens[index + 1].word != "of":
        return None
    if tokens[index - 1].lower not in BE_FORMS:
        return None
    return _locate(
        start, masked, tokens, index, "critical of", False, -1, cue_tokens=(index - 1, index + 2)
    )


def _colon_follows(tokens: list[Token], index: int) -> bool:
    """A colon then a quote close after the noun: "Her message to employees was blunt: "…"."""
    for position in range(index + 1, min(len(tokens) - 1, index + 8)):
        if tokens[position].word == ":":
            return tokens[position + 1].word == '"'
        if tokens[position].word in (",", ";", '"', "."):
            return False
    return False


def _possessed_noun(start: int, masked: str, tokens: list[Token], index: int) -> CueHit | None:
    """ "Her advice to young bakers: "…"" / "Osei's memo was blunt: "…"": the possessor speaks."""
    owner = index - 1
    if owner < 0:
        return None
    word = tokens[owner].word
    if word.lower() not in _POSSESSIVE and not word.endswith(("'s", "’s")):
        return None
    if '"' not in masked[tokens[index].end :]:
        return None
    first = owner
    while first > 0 and tokens[first - 1].word[:1].isupper():
        first -= 1
    owner_start, owner_end = tokens[first].start, tokens[owner].end
    return CueHit(
        start=start + tokens[index].start,
        end=start + tokens[index].end,
        lemma="possessed noun",
        press=tokens[index].lower in PRESS_RELEASE_NOUNS,
        negated=False,
        speaker_start=start + owner_start,
        speaker_end=start + owner_end,
        inverted=False,
        quote_after=start + masked.index('"', tokens[index].end),
    )


def _opening_frame(start: int, masked: str) -> CueHit | None:
    """Sentence-initial "To Hunnicutt, …" and "In his view, …": low-priority attributions."""
    match = _TO_X.match(masked)
    if match is None:
        match = _IN_VIEW.match(masked)
        if match is None or match.group("noun").lower() not in OPINION_NOUNS:
            return None
    owner_start, owner_end = match.span(1)
    return CueHit(
        start=start + match.start(),
        end=start + match.end() - 2,
        lemma="view",
        press=False,
        negated=False,
        speaker_start=start + owner_start,
        speaker_end=start + _strip_possessive(masked, owner_start, owner_end),
        inverted=False,
        quote_after=-1,
        weak=True,
    )


def _strip_possessive(masked: str, begin: int, end: int) -> int:
    phrase = masked[begin:end].rstrip()
    for suffix in ("'s", "’s"):
        if phrase.endswith(suffix):
            return begin + len(phrase) - len(suffix)
    return begin + len(phrase)


def _passive_agent(
    start: int, masked: str, tokens: list[Token], index: int, aux: int, lemma: str
) -> CueHit | None:
    """ "His death was confirmed by his daughter, Dr. Lena Ransome-Price": the agent speaks."""
    by = index + 1
    end = by + 1
    while (
        end < len(tokens)
        and tokens[end].word not in (".", ";", "(", ",")
        and tokens[end].lower not in ("who", "which", "that", "of", "for", "in", "at", "on", "with")
    ):
        end += 1
    if end == by + 1:
        return None
    begin_offset, end_offset = _trim_span(masked, tokens[by + 1].start, tokens[end - 1].end)
    return CueHit(
        start=start + tokens[aux].start,
        end=start + tokens[by].end,
        lemma=lemma,
        press=lemma == "announce",
        negated=False,
        speaker_start=start + begin_offset,
        speaker_end=start + end_offset,
        inverted=True,
        quote_after=-1,
    )


# --- where the speaker is -------------------------------------------------------


def _locate(
    start: int,
    masked: str,
    tokens: list[Token],
    index: int,
    lemma: str,
    press: bool,
    quote_after: int,
    cue_tokens: tuple[int, int] | None = None,
) -> CueHit | None:
    first, stop = cue_tokens if cue_tokens else (index, index + 1)
    clause = _clause_start(tokens, first)
    aux = first
    while aux > clause and _is_auxiliary(tokens[aux - 1]):
        aux -= 1
    prefix = tokens[clause:aux]
    as_frame = _as_frame(tokens, clause, aux, lemma)
    if (
        prefix
        and not as_frame
        and (prefix[0].word.lower() in RELATIVE_PRONOUNS or _has_subordinator(prefix))
    ):
        return None
    cue_start = tokens[aux].start
    cue_end = tokens[stop - 1].end
    medium = _MEDIUM.match(masked, cue_end)
    press_medium = medium is not None and medium.group("noun").split()[-1].lower() in _PRESS_MEDIUM
    if medium is not None:
        cue_end = medium.end()
    before = _MEDIUM_BEFORE.search(masked, 0, cue_start)
    if before is not None and before.group("noun").split()[-1].lower() in _PRESS_MEDIUM:
        press_medium = True
    negated = any(tokens[i].lower in ("not", "never", "n't") for i in range(aux, first))
    span = _speaker_span(masked, tokens, clause + as_frame, aux, stop, cue_end, lemma)
    if span is None:
        return None
    speaker_start, speaker_end, inverted = span
    return CueHit(
        start=start + cue_start,
        end=start + cue_end,
        lemma=lemma,
        press=press or press_medium,
        negated=negated,
        speaker_start=start + speaker_start,
        speaker_end=start + speaker_end,
        inverted=inverted,
        quote_after=start + quote_after if quote_after >= 0 else -1,
    )


_AS_LEMMAS = frozenset("say tell write note explain put report point argue".split())


def _as_frame(tokens: list[Token], clause: int, aux: int, lemma: str) -> int:
    """1 for a sentence-opening "As X told the Guardian, …" (an attribution, not a
    subordinate clause): the cue's subject starts after "As"."""
    if clause != 0 or aux < 2 or tokens[0].word != "As" or lemma not in _AS_LEMMAS:
        return 0
    if any(token.lower in SUBORDINATORS for token in tokens[1:aux]):
        return 0
    return int(any(token.word == "," for token in tokens[aux:]))


def _is_auxiliary(token: Token) -> bool:
    lowered = token.lower
    return lowered in AUXILIARIES or (
        lowered.endswith("ly") and len(lowered) > 4 and token.word == lowered
    )


def _clause_start(tokens: list[Token], index: int) -> int:
    position = index
    while position > 0 and tokens[position - 1].word not in _CLAUSE_BREAK:
        position -= 1
    return position


def _has_subordinator(prefix: list[Token]) -> bool:
    return any(token.lower in SUBORDINATORS for token in prefix)


def _speaker_span(
    masked: str,
    tokens: list[Token],
    clause: int,
    aux: int,
    stop: int,
    cue_end: int,
    lemma: str,
) -> tuple[int, int, bool] | None:
    """(start, end, inverted) of the speaker phrase, or None when the cue has no speaker."""
    if aux > clause and not _only_adverb(tokens, clause, aux):
        if tokens[aux - 1].lower in ("and", "but", "or", "then"):
            return _coordinated_subject(masked, tokens, clause)
        first = clause
        for position in range(clause, aux):
            if tokens[position].lower == "that" and position + 1 < aux:
                first = position + 1  # "ruling that a lower court had …"
        if first == 0 and first + 1 < aux and tokens[first].word in _CONNECTIVES:
            first += 1  # "But campaigners say …": a discourse connective is no subject
        if tokens[first].word in _SUBJECT_SKIP and first == 0:
            return None
        if tokens[first].word in PREPOSITIONS:
            return None  # "with gusts of up to 55 mph expected"
        if tokens[aux - 1].lower in _SUBJECT_PRONOUNS and aux - 1 > first:
            # A pronoun right before the verb is its subject ("Yesterday she argued");
            # after a noun it opens a relative clause: "the royalty it charges miners"
            # is no cue, but "a change he said the board will make" reports his words.
            if _object_gap_before(tokens, first, aux - 1) and not (
                tokens[aux - 1].lower in _PERSONAL_SUBJECTS and lemma in _SAY_TELL
            ):
                return None
            return (tokens[aux - 1].start, tokens[aux - 1].end, False)
        begin, end = _trim_span(masked, tokens[first].start, tokens[aux - 1].end)
        return (begin, end, False)
    if aux > 0 and tokens[aux - 1].word == ",":
        if tokens[aux].lower.endswith("ing") or tokens[aux].lower == "then":
            # "X vetoed the bill, saying …", "X offered him a job, then says …"
            return _main_subject(masked, tokens, aux)
        if lemma in INVERTIBLE:
            aside = _inverted_aside(masked, tokens, stop, cue_end, aux)
            if aside is not None:
                return (*aside, True)  # "The plan, points out the retired teacher X, was …"
    clause_offset = tokens[clause].start if clause < len(tokens) else len(masked)
    walked = _walk_back(masked, clause_offset)
    if lemma in INVERTIBLE and (
        walked is None or _after_quote(tokens, aux) or not _noun_phrase(masked, walked)
    ):
        after = _inverted_np(masked, tokens, stop, cue_end, aux)
        if after is not None:
            return (*after, True)
    if walked is None:
        return None
    return (*walked, False)


_CLAUSE_WORDS_BUT_THAT = _CLAUSE_WORDS - {"that"}


def _object_gap_before(tokens: list[Token], first: int, pronoun: int) -> bool:
    """ "the royalty it charges": a noun after a determiner, then the pronoun subject."""
    noun = tokens[pronoun - 1]
    if pronoun - 1 < first or not noun.word.isalpha() or noun.lower in _TIME_NOUNS:
        return False
    window = tokens[max(first, pronoun - 4) : pronoun - 1]
    return any(token.lower in DETERMINERS for token in window)


def _noun_phrase(masked: str, span: tuple[int, int]) -> bool:
    """A short stretch without verbs: a subject, not a clause of content."""
    words = masked[span[0] : span[1]].lower().split()
    return len(words) <= 10 and _CLAUSE_WORDS_BUT_THAT.isdisjoint(words)


def _only_adverb(tokens: list[Token], clause: int, aux: int) -> bool:
    """ "So said Maribel Soto": the words before the cue are no subject."""
    return aux - clause == 1 and tokens[clause].word in ("So", "Thus", "Also")


def _coordinated_subject(
    masked: str, tokens: list[Token], clause: int
) -> tuple[int, int, bool] | None:
    """ "Zuckerberg tweeted to Mohamed and said …": the clause's first noun phrase."""
    end = clause
    while end < len(tokens) and (
        tokens[end].word[:1].isupper() or tokens[end].lower in _SUBJECT_GLUE
    ):
        end += 1
    if end == clause:
        return None
    return (*_trim_span(masked, tokens[clause].start, tokens[end - 1].end), False)


_SUBJECT_GLUE = frozenset(
    "the a an of and co-founder founder president director his her their its".split()
)


def _inverted_np(
    masked: str, tokens: list[Token], stop: int, cue_end: int, aux: int
) -> tuple[int, int] | None:
    """The noun phrase after an inverted cue: ""…," said NBA China CEO Michael Ma."."""
    position = stop
    while position < len(tokens) and tokens[position].start < cue_end:
        position += 1
    first = position
    if first >= len(tokens):
        return None
    after_quote = aux > 0 and _after_quote(tokens, aux)
    if not after_quote and not tokens[first].word[:1].isupper():
        return None  # "X, a longtime ally, said the plan …": the subject is behind.
    while position < len(tokens):
        word = tokens[position].word
        lowered = word.lower()
        if (
            word in _CLAUSE_BREAK
            or word in ("!", "?")
            or (word == "." and not _abbreviation_period(tokens, position))
        ):
            break
        if word == ".":
            position += 1
            continue
        if lowered in _NP_STOPS and position > first:
            if lowered == "on" and not _on_is_time(tokens, position):
                position += 1
                continue
            break
        if lowered in _CLAUSE_WORDS or (position == first and lowered in _TIME_WORDS):
            return None
        position += 1
    if position == first:
        return None
    return _trim_span(masked, tokens[first].start, tokens[position - 1].end)


def _inverted_aside(
    masked: str, tokens: list[Token], stop: int, cue_end: int, aux: int
) -> tuple[int, int] | None:
    """An inverted cue set off by commas inside the sentence: ", points out the retired
    teacher Mary Bloom, was …" (the noun phrase is closed by a comma, more follows)."""
    position = stop
    while position < len(tokens) and tokens[position].start < cue_end:
        position += 1
    first = position
    while position < len(tokens) and tokens[position].word not in _CLAUSE_BREAK:
        word = tokens[position].lower
        if word in _CLAUSE_WORDS or word in _NP_STOPS - {"of", "at", "in", "for"}:
            return None
        position += 1
    if position == first or position >= len(tokens) - 1 or tokens[position].word != ",":
        return None
    if not tokens[position - 1].word[:1].isupper():
        return None  # the aside ends in a name; "said a search … turned up 11 converters, …"
    return _trim_span(masked, tokens[first].start, tokens[position - 1].end)


_LEADING_ADVERBIALS = frozenset(
    """
    later earlier hours minutes days weeks months years then now today yesterday tonight
    afterward afterwards finally first last next separately similarly moreover also
    """.split()
)
"""Openers of a time or linking adverbial ("Hours later, the mayor …"): the subject follows."""
_PAST_IRREGULAR = frozenset(
    """
    won quit left went took made gave met held led lost sent spent sold began broke came
    ran stood fell hit cut put set kept drew threw wrote spoke signed
    """.split()
)


def _main_subject(masked: str, tokens: list[Token], aux: int) -> tuple[int, int, bool] | None:
    """The subject of the clause a participle hangs from: "Gov. Al Finch vetoed the bill,
    saying …" → "Gov. Al Finch" (its words up to the first verb). Leading adverbials and
    places set off by commas ("At a town hall in Gorey, Wexford, on Friday, Mrs. Voss returned
    …") are skipped: the subject is in the first comma segment that holds a verb; after
    an appositive ("Owen Marsh, the ferry captain, issued …") it is the first name."""
    first = 0
    candidate: tuple[int, int] | None = None
    while first < aux - 1:
        opener = tokens[first]
        if candidate is not None and opener.word.islower() and _verb_like(opener):
            break  # "…, the boy's father, issued a statement": the verb after the aside
        stop = None if opener.lower in RELATIVE_PRONOUNS else _subject_end(tokens, first, aux - 1)
        if stop is not None and stop > first:
            listed = candidate is not None and any(
                tokens[i].lower in ("and", "or") for i in range(first, stop)
            )
            # "France, Ireland and Poland have opposed …": a list of subjects, kept whole
            candidate = (candidate[0] if listed and candidate else first, stop)
            break
        segment_end = next((i for i in range(first, aux - 1) if tokens[i].word == ","), aux - 1)
        if (
            candidate is None
            and opener.word[:1].isupper()
            and opener.word not in _SUBJECT_SKIP
            and opener.lower not in _LEADING_ADVERBIALS
        ):
            candidate = (first, segment_end)
        first = segment_end + 1
    if candidate is None or candidate[1] <= candidate[0]:
        return None
    begin, end = _trim_span(masked, tokens[candidate[0]].start, tokens[candidate[1] - 1].end)
    return (begin, end, False)


def _verb_like(token: Token) -> bool:
    """A finite verb by its form: an auxiliary, "-ed", or a common irregular past."""
    return _is_auxiliary(token) or token.lower.endswith("ed") or token.lower in _PAST_IRREGULAR


def _subject_end(tokens: list[Token], first: int, limit: int) -> int | None:
    """Where the verb of a clause starting at ``first`` begins, or None when the comma
    segment holds no verb (an adverbial or a place)."""
    if tokens[first].word in _SUBJECT_SKIP or tokens[first].lower in _LEADING_ADVERBIALS:
        return None
    position = first
    while position < limit:
        token = tokens[position]
        word, lowered = token.word, token.lower
        if word in _CLAUSE_BREAK:
            return None
        if position > first and word.isalpha() and word.islower():
            previous = tokens[position - 1].word
            if (
                _is_auxiliary(token)
                or lowered.endswith("ed")
                or lowered in _PAST_IRREGULAR
                or (position - 1 > first and previous[:1].isupper())
                or lowered.endswith("s")
                and previous.islower()
                and previous not in DETERMINERS
            ):
                return position
        position += 1
    return None


def _after_quote(tokens: list[Token], aux: int) -> bool:
    """The cue follows a closing quote, maybe across a comma: '"…," said X'."""
    position = aux - 1
    while position >= 0 and tokens[position].word in (",", "!", "?", "."):
        position -= 1
    return position >= 0 and tokens[position].word == '"'


def _on_is_time(tokens: list[Token], position: int) -> bool:
    following = tokens[position + 1].lower if position + 1 < len(tokens) else ""
    return following in _TIME_WORDS or following in (
        "twitter",
        "facebook",
        "condition",
        "behalf",
        "the",
    )


def _walk_back(masked: str, clause_start: int) -> tuple[int, int] | None:
    """Skip appositives and asides back to the subject: "X, editor at Y, said"."""
    pieces = list(_SEGMENT_BREAK.finditer(masked, 0, clause_start))
    bounds = [0] + [m.end() for m in pieces]
    ends = [m.start() for m in pieces] + [clause_start]
    segments = list(zip(bounds, ends, strict=True))
    for number in range(len(segments) - 1, -1, -1):
        begin, end = segments[number]
        segment = masked[begin:end].strip()
        if not segment or (begin > 0 and masked[begin - 1] == "("):
            continue  # "Sen. Ruth Abernathy (R-Kan.), …": the bracket is a tag, not the subject
        first_word = segment.split()[0]
        if number > 0 and _post_nominal(segment):
            continue  # "Sen. Jane Roe, D-Ohio, said": the tag belongs to the name before it
        if first_word.lower() in _SUBJECT_PRONOUNS and len(segment.split()) == 1:
            return _trim_span(masked, begin, end)
        if not first_word[:1].isupper():
            if _titled_name(segment) or (_opens_clause(masked, begin) and _ends_in_name(segment)):
                return _trim_span(masked, begin, end)  # "…, former diplomat Ingrid Solbakken, told"
            continue
        if number > 0 and _appositive_tail(masked, segment, segments[number - 1]):
            continue
        if first_word.rstrip(",").lower() in SUBORDINATORS:
            return None
        if first_word in _SUBJECT_SKIP or first_word.lower() in RELATIVE_PRONOUNS:
            continue
        return _trim_span(masked, begin, end)
    return None


_PARTY_TAG = re.compile(r"^\(?[DRI]-[A-Z][A-Za-z.]*\)?$")
"""US party and state after a lawmaker's name: "Sen. Jane Roe, D-Ohio, said"."""


def _post_nominal(segment: str) -> bool:
    """A segment that only tags the name before it: "D-Ohio", "KC", "Ph.D."."""
    words = segment.split()
    if len(words) != 1:
        return False
    return _PARTY_TAG.match(words[0]) is not None or (
        words[0].replace(".", "").lower() in POST_NOMINALS
    )


_PLACE_OF = re.compile(r"\b(?:of|from|in|near)\s+[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)*\s*$")
_POSSESSIVE_ROLE = re.compile(r"^[A-Z][\w.&-]*(?:\s+[A-Z][\w.&-]*)*['’]s(?:\s+[a-z][\w-]*)+$")
_NAME_AT_END = re.compile(r"[A-Z][\w'’.-]+\s+[A-Z][\w'’-]+$")


def _appositive_tail(masked: str, segment: str, previous: tuple[int, int]) -> bool:
    """The capitalised segment belongs to an appositive, not the subject.

    "X, 47, of Mississauga, Ontario, said" and "X, a sophomore from Bergen, Norway,
    said": a place after "of/from <Place>" continues it; "X, Harrowgate's chief
    executive, said": a possessive role is a description of X.
    """
    if _POSSESSIVE_ROLE.match(segment):
        return True
    if segment.split()[0].lower().rstrip(".") in TITLE_WORDS:
        return False  # "Worried by the delays in Galway, Senator Ruth Kane, …, said"
    return (
        _PLACE_OF.search(masked, previous[0], previous[1]) is not None and len(segment.split()) <= 3
    )


def _opens_clause(masked: str, begin: int) -> bool:
    """Nothing but quoted words and punctuation stands before ``begin``."""
    return not masked[:begin].strip(" \t\"“”‘’',.!?—–-")


def _ends_in_name(segment: str) -> bool:
    """ "passenger Anita Desrosiers": a lower-case role word before a full name."""
    return len(segment.split()) <= 5 and _NAME_AT_END.search(segment) is not None


def _titled_name(segment: str) -> bool:
    """A lower-case title run straight into a name: "former Norwegian diplomat Ingrid Solbakken"."""
    words = segment.split()
    if len(words) < 3 or not (words[-1][:1].isupper() and words[-2][:1].isupper()):
        return False
    position = len(words) - 1
    while position > 0 and words[position - 1][:1].isupper():
        position -= 1
    return position > 0 and words[position - 1].lower() in TITLE_WORDS


def _trim_span(masked: str, begin: int, end: int) -> tuple[int, int]:
    while begin < end and masked[begin] in ' \t"“”,;:':
        begin += 1
    while end > begin and masked[end - 1] in ' \t"“”,;:.':
        end -= 1
    return begin, end


def _quote_after(tokens: list[Token], index: int) -> int:
    """Offset of a quote mark within four tokens after the cue (its content follows)."""
    for position in range(index + 1, min(len(tokens), index + 6)):
        if tokens[position].word == '"':
            return tokens[position].start
    return -1


def _quote_before(tokens: list[Token], index: int) -> bool:
    """A quote closes within a few words before the cue: '"…," she laughed'."""
    for position in range(index - 1, max(-1, index - 6), -1):
        if tokens[position].word == '"':
            return True
    return False
