"""Failure classes seen on published, human-annotated news (issue 10), each pinned by
sentences written for this file in the style of the copy that failed (invented people)."""

from __future__ import annotations

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
