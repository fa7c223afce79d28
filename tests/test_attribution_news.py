"""Failure classes seen on published, human-annotated news (issue 10), each pinned by
sentences written for this file in the style of the copy that failed (invented people)."""

from __future__ import annotations

import pytest

from factcheck.model import ExtractedClaim
from factcheck.text.extract import extract


def tagged(text: str) -> list[tuple[str, str | None]]:
    return [(c.attribution.kind.value, c.attribution.speaker) for c in extract(text).claims]


def claims(text: str) -> list[ExtractedClaim]:
    return extract(text).claims


def test_typewriter_double_apostrophes_quote_like_a_double_mark() -> None:
    """Archive and wire feeds write every quote as ''…'' (converted ``…'' markup)."""
    text = (
        "''The levy will not pass this year,'' said Marta Quill, a county commissioner.\n"
        "''We simply do not have the votes.''\n"
        "A similar levy failed in 2019."
    )
    assert tagged(text) == [
        ("direct_quote", "Marta Quill"),
        ("direct_quote", "Marta Quill"),
        ("reporter_assertion", None),
    ]


def test_typewriter_apostrophes_after_the_cue() -> None:
    text = "Commissioner Marta Quill said, ''We will try again in the spring.''"
    assert tagged(text) == [("direct_quote", "Marta Quill")]


def test_single_apostrophes_stay_apostrophes() -> None:
    text = "The commissioners' vote was 3-2, and the county's budget office said it was final."
    kinds = [kind for kind, _ in tagged(text)]
    assert kinds == ["press_release"] or kinds == ["indirect_quote"]


def test_a_paragraph_ending_on_a_colon_hands_its_subject_to_the_next_quote() -> None:
    """Any verb can introduce a block quote with a colon ("echoed:", "took the floor:")."""
    text = (
        "Turnout was high in the county.\n"
        "Senator Maria Ostby took the floor:\n"
        '"The questions asked in this debate are a disgrace. Nobody trusts them."\n'
        "19-year-old Nils Varga echoed:\n"
        '"The ferry is our lifeline."\n'
    )
    assert tagged(text)[2:] == [
        ("direct_quote", "Maria Ostby"),
        ("direct_quote", "Maria Ostby"),
        ("reporter_assertion", None),
        ("direct_quote", "Nils Varga"),
    ]


def test_a_colon_after_no_person_hands_on_nothing() -> None:
    text = 'The results were clear:\n"Vote early."\n'
    assert tagged(text) == [("reporter_assertion", None), ("direct_quote", None)]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("Sen. Jane Roe, D-Ohio, said the bill would pass.", "Jane Roe"),
        ("Rep. Tom Fell, R-Fla., told reporters the vote was close.", "Tom Fell"),
        ("Jane Roe, KC, said the ruling was wrong.", "Jane Roe"),
        ("Al Finch, Jr., said he would run.", "Al Finch"),
        ("Many Meals on Wheels clients report delays.", "Many Meals on Wheels clients"),
    ],
)
def test_fragment_speakers_tags_after_names_and_quantifiers(text: str, speaker: str) -> None:
    """A party/state tag or letters after a name are not the speaker; "Many" is no forename."""
    (claim,) = claims(text)
    assert claim.attribution.speaker == speaker


def test_a_pronoun_right_before_the_verb_is_the_subject() -> None:
    text = "Mayor Ann Voss spoke for an hour. It is a change she said the board will make."
    assert tagged(text)[1] == ("indirect_quote", "Ann Voss")
    text = "Mayor Ann Voss spoke for an hour. Yesterday she argued that the vote was close."
    assert tagged(text)[1] == ("indirect_quote", "Ann Voss")


def test_a_speech_verb_in_an_object_relative_is_no_cue() -> None:
    """ "the royalty it charges" is a relative clause; "this week he praised" is not."""
    assert tagged("The royalty it charges miners will double next year.") == [
        ("reporter_assertion", None)
    ]
    text = "Mayor Tom Dale spoke. This week he praised the council for its patience."
    assert tagged(text)[1] == ("indirect_quote", "Tom Dale")


@pytest.mark.parametrize(
    ("text", "kind", "speaker"),
    [
        ("Ruth Dale points out that the city is broke.", "indirect_quote", "Ruth Dale"),
        (
            "The decision, points out the retired teacher Mary Bloom, was made in secret.",
            "indirect_quote",
            "Mary Bloom",
        ),
        ("Mayor Ann Voss joked that the budget was a comedy.", "indirect_quote", "Ann Voss"),
        (
            "Governor Al Finch vetoed the bill, saying it was unaffordable.",
            "indirect_quote",
            "Al Finch",
        ),
        (
            "On Monday, the head of the agency quit, saying the budget was a fraud.",
            "indirect_quote",
            "the head of the agency",
        ),
        ("As Tom Smith told the Guardian, the plan was dead.", "indirect_quote", "Tom Smith"),
        (
            "According to the Herald, Professor Ian Holt said the dam was unsafe.",
            "indirect_quote",
            "Ian Holt",
        ),
    ],
)
def test_missed_cues_and_frames(text: str, kind: str, speaker: str) -> None:
    (claim,) = claims(text)
    assert (claim.attribution.kind.value, claim.attribution.speaker) == (kind, speaker)


@pytest.mark.parametrize(
    "text",
    [
        "He waved, saying goodbye.",
        "The arrow pointed to the exit.",
        "As the storm grew, the port closed.",
        "As expected, the bill passed.",
    ],
)
def test_frames_that_look_like_cues_but_attribute_nothing(text: str) -> None:
    assert tagged(text) == [("reporter_assertion", None)]


def test_an_appositive_name_before_said_is_no_inverted_aside() -> None:
    text = "A police spokeswoman, Officer Tasha Greer, said a search turned up 11 saws, two drills."
    (claim,) = claims(text)
    assert claim.attribution.speaker == "Tasha Greer"


def test_an_outlet_alone_is_still_the_source() -> None:
    assert tagged("According to the Herald, the dam was unsafe.") == [("indirect_quote", "Herald")]


@pytest.mark.parametrize(
    "text",
    [
        "The striker added a second goal in the 80th minute.",
        "The champion claimed the title on Sunday.",
        "The incumbent maintains a narrow lead in the polls.",
        "The company denied the claim.",
    ],
)
def test_speech_verbs_with_a_plain_object_are_no_cue(text: str) -> None:
    assert tagged(text) == [("reporter_assertion", None)]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Coach Al Finch added the team was ready.", "indirect_quote"),
        ("The company denied the claim that it had lied.", "press_release"),
        ('Coach Al Finch added a warning: "We are not done."', "direct_quote"),
    ],
)
def test_the_same_verbs_with_content_still_attribute(text: str, kind: str) -> None:
    (claim,) = claims(text)
    assert claim.attribution.kind.value == kind


@pytest.mark.parametrize(
    "line",
    [
        "She is based in Ottawa.",
        "Email rdale@example.com",
        "Oksana Lee reported from Lviv.",
        "Jo Lee and Al Finch reported from Kyiv.",
        "He tweets @harborwatch.",
    ],
)
def test_author_bio_and_contact_lines_are_not_claims(line: str) -> None:
    text = f"The council met on Monday.\n{line}"
    assert tagged(text)[1] == ("not_a_claim", None)


@pytest.mark.parametrize(
    "line",
    [
        "The company is based in Ottawa.",
        "Email the mayor if you have questions.",
    ],
)
def test_lines_like_bios_that_are_claims(line: str) -> None:
    assert tagged(line)[0][0] == "reporter_assertion"


def test_she_never_resolves_to_a_man_named_just_before() -> None:
    """Forenames common in political copy carry their gender ("Hillary", "Bernie")."""
    text = "Hillary Voss spoke first. Bernie Dale followed. She said the plan was weak."
    assert tagged(text)[2] == ("indirect_quote", "Hillary Voss")
    text = "Bernie Dale spoke first. Hillary Voss followed. He said the plan was weak."
    assert tagged(text)[2] == ("indirect_quote", "Bernie Dale")


@pytest.mark.parametrize(
    ("headline", "kind", "speaker"),
    [
        ("Harbor fares to stay frozen through 2027, mayor says", "indirect_quote", "mayor"),
        ("Mayor Ann Voss says fares will stay frozen", "indirect_quote", "Ann Voss"),
    ],
)
def test_headlines_of_the_form_x_says_y_are_attributed(
    headline: str, kind: str, speaker: str
) -> None:
    first = tagged(f"{headline}\n\nThe council met on Monday.\n")[0]
    assert first == (kind, speaker)


@pytest.mark.parametrize(
    "headline",
    [
        "Harbor Robotics cuts 600 jobs as founder warns of hard year",
        "Mayor Says Fares Will Stay Frozen",
        "Council faces calls to quit over housing figures",
    ],
)
def test_other_headlines_stay_headings(headline: str) -> None:
    assert tagged(f"{headline}\n\nThe council met on Monday.\n")[0] == ("not_a_claim", None)


def test_a_closing_mark_with_no_opener_stays_in_its_sentence() -> None:
    text = (
        'The council met on Monday. The vote was 5-2." Members then left the chamber.\n'
        "The budget passes next week."
    )
    assert [kind for kind, _ in tagged(text)] == [
        "reporter_assertion",
        "direct_quote",
        "reporter_assertion",
        "reporter_assertion",
    ]


def test_a_stray_comma_closer_before_a_new_clause_quotes_nothing() -> None:
    text = 'Mayor Ann Voss said the plan was fine," For now the council will wait.'
    assert tagged(text) == [("indirect_quote", "Ann Voss")]


def test_a_closer_continuing_the_previous_paragraphs_open_quote_runs_from_its_start() -> None:
    text = (
        "Campaign chief Tom Dale spoke at the rally.\n"
        '"The harbor board has been split on fares ever since the vote in\n'
        '2019. Riders pay the price. This spring we will fix it," Dale said.\n'
    )
    assert tagged(text)[2:] == [
        ("direct_quote", "Tom Dale"),
        ("direct_quote", "Tom Dale"),
        ("direct_quote", "Tom Dale"),
    ]


def test_a_closer_before_a_named_speaker_is_the_end_of_a_quote() -> None:
    text = 'The plan is dead, and it will stay dead," Mayor Ann Voss said.'
    assert tagged(text) == [("direct_quote", "Ann Voss")]


def test_a_place_name_that_is_a_person_of_the_article_is_that_person() -> None:
    text = "Forward Michael Jordan scored 30 points. Jordan said the team was ready."
    assert tagged(text)[1] == ("indirect_quote", "Michael Jordan")


def test_a_place_name_alone_is_still_the_country() -> None:
    assert tagged("Jordan said the border talks went well.") == [("press_release", "Jordan")]


@pytest.mark.parametrize(
    ("headline", "kind", "speaker"),
    [
        ("Sen. Jane Roe: The Bill Will Pass This Year.", "indirect_quote", "Jane Roe"),
        ("Harbor Authority: Fares Will Rise in May.", "press_release", "Harbor Authority"),
        ("Jane Roe: ‘We Will Rebuild’", "direct_quote", "Jane Roe"),
    ],
)
def test_a_headline_name_colon_claim_is_the_named_sources(
    headline: str, kind: str, speaker: str
) -> None:
    text = f"{headline}\n\nSen. Jane Roe spoke to the council on Monday.\n"
    assert tagged(text)[0] == (kind, speaker)


@pytest.mark.parametrize(
    "headline",
    [
        "Analysis: The Bill Will Pass.",
        "The Latest: Council votes on fares.",
        "BOOM: Council Votes On Fares.",
        "Devpur: Tanker supply doubled as lake levels fall",
    ],
)
def test_headline_labels_and_places_are_no_source(headline: str) -> None:
    text = f"{headline}\n\nThe Devpur council met on Monday.\n"
    assert tagged(text)[0][1] is None


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            'Later on Sunday, Dr. Ben Carr posted a timetable, writing "The ferry runs at noon."',
            "Ben Carr",
        ),
        ('Minutes later, Tom Dale replied, telling reporters, "The count was fair."', "Tom Dale"),
    ],
)
def test_a_leading_time_adverbial_is_not_the_participles_subject(text: str, speaker: str) -> None:
    (claim,) = claims(text)
    assert claim.attribution.speaker == speaker


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "At a town hall in Gorey, Wexford, on Friday, Mrs. Ann Voss returned to the"
            " budget, saying that the levy should fall.",
            "Ann Voss",
        ),
        (
            "Owen Marsh, the ferry captain, issued a statement Friday, saying the crossing"
            " was safe.",
            "Owen Marsh",
        ),
        (
            "Ann Voss, who won the seat in May, will meet Tom Dale on Friday,"
            " saying the talks were overdue.",
            "Ann Voss",
        ),
        (
            "Mayor Tom Dale closed the meeting early, then says he will hold another in May.",
            "Tom Dale",
        ),
        (
            "Worried by the delays in Galway, Senator Ruth Kane, the party whip, said the"
            " vote was a test.",
            "Ruth Kane",
        ),
    ],
)
def test_the_main_clause_subject_past_adverbials_places_and_asides(text: str, speaker: str) -> None:
    (claim,) = claims(text)
    assert claim.attribution.speaker == speaker


def test_a_state_is_never_the_person_a_pronoun_means() -> None:
    text = (
        "Senator Tom Dale spoke in Halifax on Monday.\n"
        "Nova Scotia Liberals vote on Tuesday.\n"
        "He vowed that the ferry would keep running."
    )
    assert tagged(text)[2] == ("indirect_quote", "Tom Dale")


def test_transcript_turns_are_the_named_speakers_words() -> None:
    text = (
        "Anchor Lena Brisk questioned Ann Voss on Tuesday.\n\n"
        '"BRISK: Minister Voss, will the ferry run in winter? Many riders ask.\n\n'
        '"VOSS: No. I did not.\n\n'
        "UPDATE: The debate ended at 11 p.m.\n"
    )
    assert tagged(text)[1:] == [
        ("direct_quote", "Lena Brisk"),
        ("direct_quote", "Lena Brisk"),
        ("direct_quote", "Ann Voss"),
        ("direct_quote", "Ann Voss"),
        ("reporter_assertion", None),
    ]


def test_capitalised_labels_are_not_transcript_turns() -> None:
    text = "FACT FOCUS: No, the city is not banning chickens\n\nCLAIM: The city will ban hens.\n"
    assert [speaker for _, speaker in tagged(text)] == [None, None]
