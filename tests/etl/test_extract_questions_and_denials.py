"""Transcripts, records and rebuttals: a question tells nothing, a rebuttal denies, and names, headings
and idioms that look like items are none."""

from __future__ import annotations

from datetime import date

import pytest

from etl.extract.candidates import extract_items
from etl.extract.normalise import normalise_document
from etl.extract.reference import Reference, load_reference
from etl.settings import PROJECT_ROOT

PUBLISHED = date(2024, 6, 28)


@pytest.fixture(scope="module")
def ref() -> Reference:
    return load_reference(PROJECT_ROOT / "datasets" / "reference")


def shown(
    text: str, ref: Reference, publisher: str | None = None
) -> list[tuple[str, str | None, str | None, str]]:
    """(category, from, to, status) of each item shown by default."""
    rows = normalise_document(extract_items(text, PUBLISHED, ref, publisher), "doc", PUBLISHED, ref)
    return [
        (r["category"], r["from_actor_id"], r["to_actor_id"], r["status"])
        for r in rows
        if r["confidence"] >= 0.5
    ]


@pytest.mark.parametrize(
    "text",
    [
        "QUESTION: Is the US going to sanction the North Korean generals commanding them?",
        "QUESTION: Did North Korea deliver more missiles to Russia last week?",
        "Q: Some officials say North Korean troops are being sent to Russia. Can you confirm that?",
    ],
)
def test_a_question_is_not_shown_as_an_item(text: str, ref: Reference) -> None:
    assert shown(text, ref, "U.S. Department of State") == []


def test_the_answer_after_a_question_is_read(ref: Reference) -> None:
    text = (
        "QUESTION: Did North Korea deliver more missiles to Russia?\n\n"
        "MR MILLER: We have seen North Korea deliver ballistic missiles to Russia."
    )
    assert shown(text, ref, "U.S. Department of State") == [("arms_transfer", "PRK", "RUS", "reported")]


def test_a_question_relaying_a_claim_keeps_the_claim(ref: Reference) -> None:
    text = (
        "To ask His Majesty's Government what assessment they have made of reports from the government of "
        "South Korea that a further 3,000 North Korean troops have been sent to Russia."
    )
    assert ("troop_deployment", "PRK", "RUS", "alleged") in shown(text, ref, "UK Parliament")


@pytest.mark.parametrize(
    "text",
    [
        "Nobody has presented a single piece of evidence that North Korean soldiers are fighting in Russia.",
        "The Americans are spreading an absurd rumour that the DPRK has provided munitions to Russia.",
    ],
)
def test_a_party_s_rebuttal_is_its_denial(text: str, ref: Reference) -> None:
    rows = shown(text, ref, "Ministry of Foreign Affairs of the Russian Federation")
    assert [(c, s) for c, _, _, s in rows] == [("statement", "denied")]


def test_concluding_that_is_no_agreement(ref: Reference) -> None:
    text = "The Panel examined debris and concluded that the missile was a DPRK-made Hwasong-11 missile."
    assert [c for c, _, _, _ in shown(text, ref)] == []


def test_works_cited_are_no_story(ref: Reference) -> None:
    text = (
        "North Korea sent troops to Russia in 2024.\n\n==References==\n"
        '- "North Korea sends 10,000 troops to Russia". BBC News. 18 October 2024.\n'
    )
    assert shown(text, ref) == [("troop_deployment", "PRK", "RUS", "reported")]


def test_the_council_of_the_eu_is_the_eu(ref: Reference) -> None:
    text = "On June 24, the Council of the EU adopted its 14th package of sanctions against Russia."
    assert shown(text, ref) == [("sanctions_action", "eu", "RUS", "reported")]


def test_a_speaker_s_i_will_say_puts_nothing_in_the_future(ref: Reference) -> None:
    text = "I will say we have been very clear that the DPRK has provided ballistic missiles to Russia."
    assert shown(text, ref, "U.S. Department of State") == [("arms_transfer", "PRK", "RUS", "reported")]


def test_an_answer_after_a_question_in_the_same_line_is_read(ref: Reference) -> None:
    text = "Q: And on the sanctions? A: The United States today sanctioned three North Korean entities."
    assert shown(text, ref, "U.S. Department of State") == [("sanctions_action", "USA", "PRK", "reported")]


def test_opening_a_phrase_with_to_makes_no_place(ref: Reference) -> None:
    text = "Speaking to CNN, Kim said North Korea would never send troops to Russia."
    assert [(c, a, s) for c, a, _, s in shown(text, ref)] == [("statement", "PRK", "denied")]


def test_the_passive_accused_is_the_owner_of_the_act(ref: Reference) -> None:
    text = "North Korea's transfer of ballistic missiles to Russia was condemned by Japan."
    assert ("statement", "JPN", "PRK", "reported") in shown(text, ref)


def test_the_accused_is_read_after_who_reports_the_accusation(ref: Reference) -> None:
    text = "South Korea said North Korea was condemned by Japan for sending troops to Russia."
    assert ("statement", "JPN", "PRK", "reported") in shown(text, ref)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Moscow has not admitted receiving any of the munitions from North Korea.",
            [("arms_transfer", "PRK", "RUS", "denied"), ("statement", "RUS", "PRK", "reported")],
        ),
        (
            "Neither Moscow nor Pyongyang has acknowledged the deliveries of shells.",
            [
                ("arms_transfer", "RUS", "PRK", "denied"),
                ("statement", "RUS", "PRK", "reported"),
                ("statement", "PRK", "RUS", "reported"),
            ],
        ),
    ],
)
def test_a_party_that_does_not_own_up_to_a_transfer_denies_it(
    text: str, expected: list[tuple[str, str, str, str]], ref: Reference
) -> None:
    # The teller (here Seoul) makes no statement of its own by reporting that the parties deny it.
    assert shown(text, ref, "Republic of Korea Ministry of National Defense") == expected


@pytest.mark.parametrize(
    "text",
    [
        "Gareth Pryce (Harlow Vale) (Con): What assessment he has made of the military relationship between "
        "North Korea and Russia.",
        "Lord Pemberton: To ask His Majesty's Government what steps they are taking to counter the military "
        "cooperation between Russia and North Korea.",
    ],
)
def test_a_parliamentary_question_after_its_askers_name_tells_nothing(text: str, ref: Reference) -> None:
    assert shown(text, ref, "UK Parliament") == []


def test_a_date_between_a_ministry_and_its_denial_keeps_the_denier(ref: Reference) -> None:
    text = "Russia's Foreign Ministry on Friday denied receiving any North Korean munitions."
    assert shown(text, ref, "Eastgate Press Agency") == [
        ("arms_transfer", "PRK", "RUS", "denied"),
        ("statement", "RUS", "PRK", "reported"),
    ]


def test_calling_a_claim_a_fantasy_denies_it(ref: Reference) -> None:
    text = (
        "Japan said North Korea sent missiles to Russia. Russia's representative, Dmitry Polyanskiy, called "
        'those assertions "pure fantasy" and said the sanctions had pushed the country into isolation.'
    )
    assert ("statement", "RUS", "PRK", "reported") in shown(text, ref, "United Nations")
