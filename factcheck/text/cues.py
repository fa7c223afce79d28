"""Speech cues in a sentence and the words in their speaker position (ATTRIBUTION.md §3–§5, §7.1).

Works on the sentence with quoted words blanked (``quotes.mask_quotes``), so a
"said" inside someone's quote is never a cue, and offsets stay those of the
article. A cue counts only when it governs a main clause:

- not passive ("was told", "is said to"), not an infinitive ("declined to
  comment"), not a noun or adjective ("the stated goal", "China's alleged
  abuses"), not another sense ("added 200 jobs", "added to the confusion",
  "according to plan");
- not inside a subordinate clause ("When Morey tweeted support…, China…") or a
  relative clause ("Ostrander, who has called the tax unfair, voted…");
- a gerund only with its content right after it ("writing in a blog post
  "…"", never "after criticizing the party");
- naming verbs (call, dub, describe) only with a quoted complement, manner and
  question verbs (laugh, ask) only beside a quote.

For each cue the speaker phrase is found where English puts it: after an
inverted cue (""…," said X"), after "according to", else the clause's subject
before the cue, skipping appositives and asides ("Ostrander, a longtime ally
of the mayor, said").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from factcheck.text._lexicon import (
    ACCORDING_TO_NOT_SOURCE,
    AUXILIARIES,
    BE_FORMS,
    DETERMINERS,
    EVALUATIVE_ADJECTIVES,
    GERUND_CUES,
    INDIRECT_QUESTION_WORDS,
    LEMMA,
    NAMING_VERBS,
    NOT_CONTENT_AFTER,
    PARTICIPLE_PREPOSITIONS,
    PRESS_RELEASE_NOUNS,
    PRESS_RELEASE_VERBS,
    QUOTE_ONLY_VERBS,
    RELATIVE_PRONOUNS,
    SPEECH_VERBS,
    SUBORDINATORS,
)

_TOKEN = re.compile(r"(?:[^\W_]|\$)[\w'’.&$%-]*(?<![.])|[^\w\s]")
_CLAUSE_BREAK = frozenset(',;:"()—–[]')
_SEGMENT_BREAK = re.compile(r'[,;:"()\[\]—–]')
_MEDIUM = re.compile(
    r"\s+(?:in|on|via|through|during)\s+(?:a|an|the|his|her|its|their)?\s*"
    r"(?:(?:joint|written|brief|short|separate|official|televised|recorded)\s+)?"
    r"(?P<noun>press\s+release|news\s+release|statement|interview|blog\s+post|post|tweet|"
    r"letter|memo|email|op-ed|filing|speech|video|message|news\s+conference|press\s+conference|"
    r"briefing|communiqu[eé]|announcement|remarks|Twitter|Facebook|Instagram|TikTok|X|"
    r"television|TV|radio)\b"
)
_MEDIUM_BEFORE = re.compile(
    r"\b(?:in|In)\s+(?:a|an|the|its|his|her|their)\s+(?:joint\s+|written\s+)?"
    r"(?P<noun>press\s+release|news\s+release|statement|communiqu[eé]|announcement|filing)\b"
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
    "Responding Speaking Commenting Following Despite During Since Though Although".split()
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
    """A press-release cue: announce, a statement, a release."""
    negated: bool
    speaker_start: int
    speaker_end: int
    """The speaker phrase, in article offsets; empty when none was found."""
    inverted: bool
    quote_after: int
    """Offset of a quote mark within a few words after the cue, else -1."""


def find_cues(text: str, start: int, masked: str) -> list[CueHit]:
    """Every main-clause cue of the sentence ``text[start:start+len(masked)]``."""
    tokens = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(masked)]
    hits: list[CueHit] = []
    for index, (_, _, word) in enumerate(tokens):
        lowered = word.lower()
        if lowered == "according":
            hit = _according_to(text, start, masked, tokens, index)
        elif word != lowered and index > 0:
            continue
        elif lowered in EVALUATIVE_ADJECTIVES:
            hit = _evaluative(text, start, masked, tokens, index)
        elif (
            lowered in SPEECH_VERBS or lowered in NAMING_VERBS
            or lowered in QUOTE_ONLY_VERBS or lowered in GERUND_CUES
        ):
            hit = _verb(text, start, masked, tokens, index, lowered)
        else:
            continue
        if hit is not None:
            hits.append(hit)
    return hits


def lemma_of(word: str) -> str:
    """Rough lemma of a cue verb: enough to look words up in the lexicon."""
    if word in LEMMA:
        return LEMMA[word]
    for suffix, replacement in (("ied", "y"), ("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            stem = word[: len(word) - len(suffix)] + replacement
            return stem
    return word


# --- cue kinds ------------------------------------------------------------------


def _verb(
    text: str, start: int, masked: str, tokens: list[tuple[int, int, str]], index: int, word: str
) -> CueHit | None:
    previous = tokens[index - 1][2].lower() if index > 0 else ""
    following = tokens[index + 1][2] if index + 1 < len(tokens) else ""
    lemma = lemma_of(word)
    if previous in BE_FORMS or previous in DETERMINERS or previous == "to":
        return None
    if previous.endswith(("'s", "’s")) or previous in ("been", "being"):
        return None
    if following.lower() in NOT_CONTENT_AFTER.get(lemma, ()):
        return None
    if lemma == "add" and (following[:1].isdigit() or following[:1] == "$"):
        return None
    quote_after = _quote_after(tokens, index)
    if word in GERUND_CUES or word.endswith("ing"):
        if previous in PARTICIPLE_PREPOSITIONS or (quote_after < 0 and following.lower() != "that"):
            return None
    elif word in NAMING_VERBS:
        if '"' not in masked[tokens[index][1] :]:
            return None
    elif word in QUOTE_ONLY_VERBS and word not in SPEECH_VERBS:
        if not (_quote_before(tokens, index) or quote_after >= 0 or (
            lemma == "ask" and following.lower() in INDIRECT_QUESTION_WORDS
        )):
            return None
    elif word in _AMBIGUOUS_PLURALS:
        if not (following.lower() == "that" or following in ('"', ":", ",") or _names_subject(previous, tokens, index)):
            return None
    elif word in _REDUCED_RELATIVE and index > 0 and previous.isalpha() and previous.islower():
        if previous not in AUXILIARIES and following.lower() != "that" and following not in ('"', ":"):
            return None
    return _locate(text, start, masked, tokens, index, lemma, word in PRESS_RELEASE_VERBS, quote_after)


def _names_subject(previous: str, tokens: list[tuple[int, int, str]], index: int) -> bool:
    """"Smith claims …": a name or pronoun right before a plural-looking verb."""
    if index == 0:
        return False
    word = tokens[index - 1][2]
    return word[:1].isupper() or previous in ("he", "she", "it", "they", "we", "i")


def _according_to(
    text: str, start: int, masked: str, tokens: list[tuple[int, int, str]], index: int
) -> CueHit | None:
    if index + 1 >= len(tokens) or tokens[index + 1][2].lower() != "to":
        return None
    np_start = tokens[index + 1][1]
    np_end = _according_np_end(masked, tokens, index + 2)
    head_words = masked[np_start:np_end].lower().split()
    if not head_words or any(w.strip(",.") in ACCORDING_TO_NOT_SOURCE for w in head_words[:3]):
        return None
    speaker_start, speaker_end = _trim_span(masked, np_start, np_end)
    return CueHit(
        start=start + tokens[index][0], end=start + tokens[index + 1][1], lemma="according to",
        press=False, negated=False, speaker_start=start + speaker_start,
        speaker_end=start + speaker_end, inverted=True, quote_after=-1,
    )


def _according_np_end(masked: str, tokens: list[tuple[int, int, str]], first: int) -> int:
    """End of the noun phrase after "according to": a comma, or where its name run stops."""
    seen_name = False
    end = tokens[first][1] if first < len(tokens) else len(masked)
    for position in range(first, min(len(tokens), first + 16)):
        token_start, token_end, word = tokens[position]
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


def _evaluative(
    text: str, start: int, masked: str, tokens: list[tuple[int, int, str]], index: int
) -> CueHit | None:
    """"Critics … were critical of the attacks": a stance attributed to the subject."""
    if index == 0 or index + 1 >= len(tokens) or tokens[index + 1][2] != "of":
        return None
    if tokens[index - 1][2].lower() not in BE_FORMS:
        return None
    return _locate(text, start, masked, tokens, index, "critical of", False, -1, cue_tokens=(index - 1, index + 2))


# --- where the speaker is -------------------------------------------------------


def _locate(
    text: str, start: int, masked: str, tokens: list[tuple[int, int, str]], index: int,
    lemma: str, press: bool, quote_after: int, cue_tokens: tuple[int, int] | None = None,
) -> CueHit | None:
    first, stop = cue_tokens if cue_tokens else (index, index + 1)
    clause = _clause_start(tokens, first)
    aux = first
    while aux > clause and _is_auxiliary(tokens[aux - 1][2]):
        aux -= 1
    prefix = tokens[clause:aux]
    if prefix and (prefix[0][2].lower() in RELATIVE_PRONOUNS or _has_subordinator(prefix)):
        return None
    cue_start = tokens[aux][0]
    cue_end = tokens[stop - 1][1]
    medium = _MEDIUM.match(masked, cue_end)
    press_medium = medium is not None and medium.group("noun").split()[-1].lower() in _PRESS_NOUN_TAILS
    if medium is not None:
        cue_end = medium.end()
    before = _MEDIUM_BEFORE.search(masked, 0, cue_start)
    if before is not None and before.group("noun").split()[-1].lower() in _PRESS_NOUN_TAILS:
        press_medium = True
    negated = any(tokens[i][2].lower() in ("not", "never", "n't") for i in range(aux, first))
    span = _speaker_span(masked, tokens, clause, aux, stop, cue_end)
    if span is None:
        return None
    speaker_start, speaker_end, inverted = span
    return CueHit(
        start=start + cue_start, end=start + cue_end, lemma=lemma, press=press or press_medium,
        negated=negated, speaker_start=start + speaker_start, speaker_end=start + speaker_end,
        inverted=inverted, quote_after=start + quote_after if quote_after >= 0 else -1,
    )


_PRESS_NOUN_TAILS = frozenset(
    {n.split()[-1] for n in PRESS_RELEASE_NOUNS} | {"release", "communique", "communiqué"}
)


def _is_auxiliary(word: str) -> bool:
    lowered = word.lower()
    return lowered in AUXILIARIES or (lowered.endswith("ly") and word.islower() and len(word) > 4)


def _clause_start(tokens: list[tuple[int, int, str]], index: int) -> int:
    position = index
    while position > 0 and tokens[position - 1][2] not in _CLAUSE_BREAK:
        position -= 1
    return position


def _has_subordinator(prefix: list[tuple[int, int, str]]) -> bool:
    return any(word.lower() in SUBORDINATORS for _, _, word in prefix)


def _speaker_span(
    masked: str, tokens: list[tuple[int, int, str]], clause: int, aux: int, stop: int, cue_end: int
) -> tuple[int, int, bool] | None:
    """(start, end, inverted) of the speaker phrase, or None when the cue has no speaker."""
    if aux > clause:
        prefix_start = tokens[clause][0]
        prefix_end = tokens[aux - 1][1]
        if tokens[aux - 1][2].lower() in ("and", "but", "or"):
            return _coordinated_subject(masked, tokens, clause)
        begin, end = _trim_span(masked, prefix_start, prefix_end)
        if tokens[clause][2] in _SUBJECT_SKIP and clause == 0:
            return None
        return (begin, end, False)
    after = _inverted_np(masked, tokens, stop, cue_end)
    if after is not None:
        return (*after, True)
    walked = _walk_back(masked, tokens[clause][0] if clause < len(tokens) else len(masked))
    if walked is None:
        return None
    return (*walked, False)


def _coordinated_subject(
    masked: str, tokens: list[tuple[int, int, str]], clause: int
) -> tuple[int, int, bool] | None:
    """"Zuckerberg tweeted to Mohamed and said …": the clause's first noun phrase."""
    end = clause
    while end < len(tokens) and (tokens[end][2][:1].isupper() or tokens[end][2].lower() in _SUBJECT_GLUE):
        end += 1
    if end == clause:
        return None
    return (*_trim_span(masked, tokens[clause][0], tokens[end - 1][1]), False)


_SUBJECT_GLUE = frozenset("the a an of and co-founder founder president director his her their its".split())


def _inverted_np(
    masked: str, tokens: list[tuple[int, int, str]], stop: int, cue_end: int
) -> tuple[int, int] | None:
    """The noun phrase after an inverted cue: ""…," said NBA China CEO Michael Ma."."""
    position = stop
    while position < len(tokens) and tokens[position][0] < cue_end:
        position += 1
    first = position
    while position < len(tokens):
        word = tokens[position][2]
        lowered = word.lower()
        if word in _CLAUSE_BREAK or word in (".", "!", "?"):
            break
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
    return _trim_span(masked, tokens[first][0], tokens[position - 1][1])


def _on_is_time(tokens: list[tuple[int, int, str]], position: int) -> bool:
    following = tokens[position + 1][2].lower() if position + 1 < len(tokens) else ""
    return following in _TIME_WORDS or following in ("twitter", "facebook", "condition", "behalf", "the")


def _walk_back(masked: str, clause_start: int) -> tuple[int, int] | None:
    """Skip appositives and asides back to the subject: "X, editor at Y, said"."""
    pieces = list(_SEGMENT_BREAK.finditer(masked, 0, clause_start))
    bounds = [0] + [m.end() for m in pieces]
    ends = [m.start() for m in pieces] + [clause_start]
    for begin, end in zip(reversed(bounds), reversed(ends), strict=True):
        segment = masked[begin:end].strip()
        if not segment:
            continue
        first_word = segment.split()[0]
        if not first_word[:1].isupper():
            continue
        if first_word.rstrip(",").lower() in SUBORDINATORS:
            return None
        if first_word in _SUBJECT_SKIP or first_word.lower() in RELATIVE_PRONOUNS:
            continue
        return _trim_span(masked, begin, end)
    return None


def _trim_span(masked: str, begin: int, end: int) -> tuple[int, int]:
    while begin < end and masked[begin] in ' \t"“”,;:':
        begin += 1
    while end > begin and masked[end - 1] in ' \t"“”,;:.':
        end -= 1
    return begin, end


def _quote_after(tokens: list[tuple[int, int, str]], index: int) -> int:
    """Offset of a quote mark within four tokens after the cue (its content follows)."""
    for position in range(index + 1, min(len(tokens), index + 6)):
        if tokens[position][2] == '"':
            return tokens[position][0]
    return -1


def _quote_before(tokens: list[tuple[int, int, str]], index: int) -> bool:
    """A quote closes within a few words before the cue: '"…," she laughed'."""
    for position in range(index - 1, max(-1, index - 6), -1):
        if tokens[position][2] == '"':
            return True
    return False
