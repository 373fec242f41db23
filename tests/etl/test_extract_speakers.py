"""Who speaks in the shapes official texts report positions in: a meeting's speakers ("the representative
of Japan", "NAME (Russian Federation) said"), a pronoun for the speaker just named, a position reported in
someone's words, expressions of concern and criticism, and denials."""

from __future__ import annotations

from datetime import date

import pytest

from etl.extract.candidates import extract_items
from etl.extract.normalise import normalise_document
from etl.extract.reference import Reference, load_reference
from etl.settings import PROJECT_ROOT

PUBLISHED = date(2024, 6, 28)
UN = "United Nations"


@pytest.fixture(scope="module")
def ref() -> Reference:
    return load_reference(PROJECT_ROOT / "datasets" / "reference")


Row = tuple[str | None, str | None, str]


def statements(text: str, ref: Reference, publisher: str | None = UN) -> list[Row]:
    """(speaker, about, status) of each statement the dashboard shows by default (confidence >= 0.5)."""
    rows = normalise_document(extract_items(text, PUBLISHED, ref, publisher), "doc", PUBLISHED, ref)
    return [
        (r["from_actor_id"], r["to_actor_id"], r["status"])
        for r in rows
        if r["category"] == "statement" and r["confidence"] >= 0.5
    ]


@pytest.mark.parametrize(
    "text",
    [
        "The representative of Japan urged the DPRK to stop supplying munitions to Russia.",
        "The speaker for Japan condemned the DPRK's arms transfers to Russia.",
        "Japan's representative condemned the DPRK's arms transfers to Russia.",
    ],
)
def test_the_state_a_meeting_speaker_speaks_for_states_the_position(text: str, ref: Reference) -> None:
    assert statements(text, ref) == [("JPN", "PRK", "reported")]


def test_the_voice_condemning_what_was_told_before_names_no_one_and_is_still_its_position(
    ref: Reference,
) -> None:
    text = "North Korea has sent thousands of troops to Russia.\n\nWe condemn this in the strongest terms."
    rows = normalise_document(
        extract_items(text, PUBLISHED, ref, "UK Mission to the UN"), "doc", PUBLISHED, ref
    )
    said = [(r["from_actor_id"], r["quote"]) for r in rows if r["category"] == "statement"]
    assert said == [("GBR", "We condemn this in the strongest terms.")]


def test_speaking_for_a_state_makes_the_delegate_its_speaker(ref: Reference) -> None:
    text = "Speaking for the Russian Federation, the delegate rejected the accusations as groundless."
    context = "The DPRK has supplied ballistic missiles to Russia, the representative of Japan said. "
    assert statements(context + text, ref)[-1:] == [("RUS", "PRK", "reported")]


def test_a_speaker_named_with_the_state_in_brackets_speaks_for_it(ref: Reference) -> None:
    text = (
        "VASSILY NEBENZIA (Russian Federation) said that reports of arms purchases from the DPRK were "
        "unfounded."
    )
    assert statements(text, ref) == [("RUS", "PRK", "reported")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "“We condemn the DPRK for providing Russia with this military equipment,” National Security "
            "Council spokesman John Kirby told reporters.",
            ("USA", "PRK", "reported"),
        ),
        (
            "“This marks a troubling step up in Pyongyang’s backing of Russia’s war,” Kirby said.",
            ("USA", "PRK", "reported"),
        ),
    ],
)
def test_words_quoted_first_are_the_speakers_named_after_them(
    text: str, expected: tuple[str, str, str], ref: Reference
) -> None:
    assert statements(text, ref, "Voice of America") == [expected]


def test_a_transfer_inside_a_quotation_attributed_after_it_is_alleged(ref: Reference) -> None:
    text = "“We condemn the DPRK for providing Russia with these missiles,” John Kirby told reporters."
    rows = normalise_document(extract_items(text, PUBLISHED, ref, None), "doc", PUBLISHED, ref)
    transfers = [
        (r["from_actor_id"], r["to_actor_id"], r["status"]) for r in rows if r["category"] == "arms_transfer"
    ]
    assert transfers == [("PRK", "RUS", "alleged")]


def test_a_state_in_an_apposition_to_a_name_speaks_through_it(ref: Reference) -> None:
    text = (
        "Jung Pak, the U.S. Senior Official for the Democratic People’s Republic of Korea (DPRK), told "
        "reporters on Monday that North Korean missiles had been used in Ukraine.\n\n"
        "She expressed deep concern about the increasing ties between Russia and the DPRK."
    )
    assert statements(text, ref, "Voice of America") == [("USA", "RUS", "reported")]


def test_a_pronoun_speaks_for_the_state_named_just_before(ref: Reference) -> None:
    text = (
        "The representative of the Republic of Korea said the Council could not stay silent. "
        "He condemned the arms transfers from the DPRK to Russia."
    )
    assert statements(text, ref) == [("KOR", "PRK", "reported")]


def test_a_pronoun_for_an_official_of_no_state_states_nothing(ref: Reference) -> None:
    text = (
        "Izumi Nakamitsu, High Representative for Disarmament Affairs, briefed the Council. "
        "She condemned the arms transfers from the DPRK to Russia."
    )
    assert statements(text, ref) == []


def test_an_accusation_in_a_speakers_words_is_the_speakers(ref: Reference) -> None:
    text = (
        "Japan's representative said that Russia's procurement of DPRK missiles violates Council resolutions."
    )
    assert statements(text, ref) == [("JPN", "RUS", "reported")]


def test_an_accusation_in_no_ones_words_is_the_publishers(ref: Reference) -> None:
    text = "Russia's procurement of DPRK missiles violates Council resolutions."
    assert statements(text, ref, "UK Mission to the UN") == [("GBR", "RUS", "reported")]


@pytest.mark.parametrize(
    "text",
    [
        "Japan expresses serious concern over the military cooperation between Russia and North Korea.",
        "Japan voiced concern about the deepening military cooperation between Russia and North Korea.",
        "Japan criticized the deepening military cooperation between Russia and North Korea.",
        "Japan denounced the deepening military cooperation between Russia and North Korea.",
    ],
)
def test_concern_and_criticism_are_stated_positions(text: str, ref: Reference) -> None:
    assert statements(text, ref) == [("JPN", "RUS", "reported")]


def test_a_denial_is_the_deniers_position_on_the_record(ref: Reference) -> None:
    text = "Russia dismissed the accusations of arms purchases from North Korea as unfounded."
    assert statements(text, ref) == [("RUS", "PRK", "reported")]


def test_the_byline_after_a_dateline_is_no_story_line(ref: Reference) -> None:
    text = (
        "28 June 2024, New York -- Statement on behalf of the European Union delivered by the Head of "
        "Delegation at the Security Council briefing on DPRK arms transfers to Russia."
    )
    rows = extract_items(text, PUBLISHED, ref, "Delegation of the European Union to the United Nations")
    assert rows == []


def test_a_call_on_states_in_general_is_no_statement(ref: Reference) -> None:
    text = "The UK calls on all other states to cease assistance to the Russian military."
    assert statements(text, ref, "UK Mission to the UN") == []


def test_concern_that_a_state_will_act_is_a_position_on_it(ref: Reference) -> None:
    text = "We are increasingly concerned that Russia intends to use these soldiers in combat."
    assert statements(text, ref, "U.S. Department of Defense") == [("USA", "RUS", "reported")]


def test_a_statement_of_the_eeas_is_the_eus(ref: Reference) -> None:
    text = "We condemn the DPRK's unlawful arms transfers to the Russian Federation."
    assert statements(text, ref, "European External Action Service") == [("eu", "PRK", "reported")]


def test_an_accusation_naming_no_one_and_no_transfer_is_not_shown(ref: Reference) -> None:
    text = "This undermines not only international peace and security, but also the Security Council itself."
    doc = "Russia procured ballistic missiles from the DPRK. " + text
    assert statements(doc, ref, "UK Mission to the UN") == []


def test_an_evaluation_of_the_cooperation_is_the_publishers_position(ref: Reference) -> None:
    text = "The military cooperation between the DPRK and Russia constitutes a dangerous escalation."
    assert statements(text, ref, "European External Action Service") == [("eu", "PRK", "reported")]


def test_rejecting_a_partys_claims_is_a_position_not_a_denial(ref: Reference) -> None:
    text = "We reject Russia's claims that its military cooperation with the DPRK is lawful."
    assert statements(text, ref, "U.S. Department of State") == [("USA", "RUS", "reported")]


def test_what_a_pronoun_says_is_said_by_the_speaker_named_before(ref: Reference) -> None:
    text = (
        "The representative of Japan spoke after the vote. "
        "She said the DPRK and Russia were now close allies."
    )
    assert statements(text, ref) == [("JPN", "PRK", "reported")]


@pytest.mark.parametrize(
    "text",
    [
        "Japan accused North Korea of supplying ballistic missiles to Russia.",
        "Japan lodged a protest against the DPRK's arms exports to Russia.",
        "Japan cannot accept the DPRK's arms exports to Russia.",
        "Japan has made clear that the DPRK's arms exports to Russia must stop.",
    ],
)
def test_accusations_protests_and_refusals_are_stated_positions(text: str, ref: Reference) -> None:
    assert statements(text, ref) == [("JPN", "PRK", "reported")]


def test_a_refusal_of_a_states_own_nuclear_threats_is_not_on_the_cooperation(ref: Reference) -> None:
    text = "Japan will never accept Russia's nuclear threats."
    assert statements(text, ref) == []


def test_a_meeting_speakers_own_denial_is_shown(ref: Reference) -> None:
    text = (
        "Russia has procured ballistic missiles from the DPRK. "
        "The representative of the Russian Federation rejected what he called baseless allegations."
    )
    assert statements(text, ref)[-1:] == [("RUS", "PRK", "reported")]


def test_alarm_is_a_stated_position(ref: Reference) -> None:
    text = "France's delegate expressed alarm over the presence of North Korean soldiers in the Kursk region."
    assert statements(text, ref) == [("FRA", "PRK", "reported")]


def test_what_a_speaker_says_of_a_body_is_about_no_state(ref: Reference) -> None:
    assert statements("Putin said the Security Council had lost its way.", ref) == []


@pytest.mark.parametrize(
    ("text", "denier", "about"),
    [
        ("Moscow has denied receiving any weapons from Pyongyang.", "RUS", "PRK"),
        ("North Korea has repeatedly denied sending artillery shells to Russia.", "PRK", "RUS"),
        ("Russia and North Korea deny any arms transfers between them.", "RUS", "PRK"),
        ("The Kremlin rejected reports that Pyongyang had shipped missiles to Moscow.", "RUS", "PRK"),
    ],
)
def test_a_partys_denial_of_a_transfer_is_the_transfer_denied_and_the_deniers_statement(
    text: str, denier: str, about: str, ref: Reference
) -> None:
    rows = normalise_document(extract_items(text, PUBLISHED, ref, UN), "doc", PUBLISHED, ref)
    shown_rows = [r for r in rows if r["confidence"] >= 0.5]
    assert (denier, about, "reported") in statements(text, ref)
    transfers = [r for r in shown_rows if r["category"].endswith("_transfer")]
    assert transfers and {r["status"] for r in transfers} == {"denied"}


def test_each_of_two_deniers_states_its_denial_and_the_trade_between_them_is_denied(ref: Reference) -> None:
    text = "Both Moscow and Pyongyang have previously denied the weapons allegations."
    rows = normalise_document(extract_items(text, PUBLISHED, ref, UN), "doc", PUBLISHED, ref)
    shown_rows = [
        (r["category"], r["from_actor_id"], r["to_actor_id"], r["direction"], r["status"])
        for r in rows
        if r["confidence"] >= 0.5
    ]
    assert sorted(shown_rows) == [
        ("arms_transfer", "RUS", "PRK", "between", "denied"),
        ("statement", "PRK", "RUS", "from_to", "reported"),
        ("statement", "RUS", "PRK", "from_to", "reported"),
    ]


def test_a_transfer_reported_despite_a_denial_stays_a_transfer(ref: Reference) -> None:
    text = "Despite Moscow's denials, North Korean shells have been delivered to Russia."
    rows = normalise_document(extract_items(text, PUBLISHED, ref, UN), "doc", PUBLISHED, ref)
    shown_rows = [r for r in rows if r["confidence"] >= 0.5]
    assert [(r["category"], r["from_actor_id"], r["to_actor_id"]) for r in shown_rows] == [
        ("arms_transfer", "PRK", "RUS")
    ]


def test_he_in_meetings_coverage_is_the_delegate_reported_sentences_before(ref: Reference) -> None:
    text = (
        "JOONKOOK HWANG (Republic of Korea) said that Russia is relying on weapons from the DPRK.\n\n"
        "The missiles were fired at Kharkiv, which the DPRK claims can carry nuclear warheads.\n\n"
        "Missiles supplied by Pyongyang hit Ukraine on 30 December, he recalled, strongly condemning "
        "Moscow's use of them."
    )
    rows = normalise_document(extract_items(text, PUBLISHED, ref, UN), "doc", PUBLISHED, ref)
    condemned = [r for r in rows if r["category"] == "statement" and "condemning" in r["quote"]]
    assert [(r["from_actor_id"], r["to_actor_id"]) for r in condemned] == [("KOR", "RUS")]
    # Said at the meeting the coverage is published on, not on the date of the strikes it recalls.
    assert (condemned[0]["date_start"], condemned[0]["date_precision"]) == (PUBLISHED, "day")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Thomas-Greenfield condemned the DPRK's arms transfers to Russia.", [("USA", "PRK", "reported")]),
        (
            "Nebenzia rejected the allegations that North Korea supplied missiles to Russia.",
            [("RUS", "PRK", "reported")],
        ),
        ("Kyslytsya condemned Russia's use of North Korean missiles.", [("UKR", "RUS", "reported")]),
    ],
)
def test_an_official_named_alone_speaks_for_their_state(
    text: str, expected: list[Row], ref: Reference
) -> None:
    assert statements(text, ref, "UN News") == expected


def test_a_special_envoy_for_a_state_does_not_speak_for_it(ref: Reference) -> None:
    text = "The US Special Envoy for North Korea said Russia had received missiles from the DPRK."
    assert ("PRK", "RUS", "reported") not in statements(text, ref, "Voice of America")
    assert ("PRK", "RUS", "reported") not in statements(text.replace("US Special", "Special"), ref)


def test_what_someone_told_a_newsroom_is_theirs_to_answer_for(ref: Reference) -> None:
    """ "X told VOA that …" reports the transfer as X's claim, as "X said that …" does."""
    text = "Jung Pak told VOA on Monday that North Korean missiles have been used by Russia in Ukraine."
    rows = normalise_document(extract_items(text, PUBLISHED, ref, "Voice of America"), "doc", PUBLISHED, ref)
    assert [(r["category"], r["status"]) for r in rows if r["confidence"] >= 0.5] == [
        ("arms_transfer", "alleged")
    ]


def test_a_special_representative_for_a_state_does_not_speak_for_it(ref: Reference) -> None:
    text = "The Special Representative for North Korea said Russia had received missiles from the DPRK."
    assert not [row for row in statements(text, ref) if row[0] == "PRK"]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "Speaking in Tokyo, the US Ambassador condemned the arms trade between Russia and North Korea.",
            "USA",
        ),
        ("In Seoul, Japan's Prime Minister condemned the arms deals between Russia and North Korea.", "JPN"),
    ],
)
def test_a_place_the_sentence_opens_with_does_not_speak(text: str, speaker: str, ref: Reference) -> None:
    assert [row[0] for row in statements(text, ref, "Reuters")] == [speaker]


def test_a_partys_denial_is_about_the_other_party_whoever_publishes(ref: Reference) -> None:
    text = "North Korea has denied supplying weapons to Russia."
    assert statements(text, ref, "U.S. Department of State") == [("PRK", "RUS", "reported")]
