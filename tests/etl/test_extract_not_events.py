"""Sentences that tell no event an analyst would list: a headline in title case, what a state could do,
a transfer told only as a condition."""

from __future__ import annotations

from datetime import date

import pytest

from etl.extract.candidates import extract_items
from etl.extract.normalise import normalise_document
from etl.extract.reference import Reference, load_reference
from etl.extract.sentences import split_sentences
from etl.settings import PROJECT_ROOT

PUBLISHED = date(2024, 11, 20)


@pytest.fixture(scope="module")
def ref() -> Reference:
    return load_reference(PROJECT_ROOT / "datasets" / "reference")


def shown(text: str, ref: Reference) -> list[tuple[object, ...]]:
    """(category, from, to) of each item at the dashboard's default floor."""
    rows = normalise_document(extract_items(text, PUBLISHED, ref), "doc", PUBLISHED, ref)
    return [(r["category"], r["from_actor_id"], r["to_actor_id"]) for r in rows if r["confidence"] >= 0.5]


@pytest.mark.parametrize(
    "headline",
    [
        "Security Council Imposes New Sanctions on DPRK, Voting 15 in Favour to 0 Against.",
        "Russia Vetoes Renewal of the Panel of Experts Monitoring Sanctions Against North Korea.",
        "North Korea Ships Artillery Shells to Russia by Rail, Officials Say.",
    ],
)
def test_a_title_case_headline_is_not_a_sentence_of_the_story(headline: str, ref: Reference) -> None:
    assert not split_sentences(headline)[0].story
    assert shown(headline, ref) == []


@pytest.mark.parametrize(
    "sentence",
    [
        "Russian President Vladimir Putin and DPRK Leader Kim Jong Un met in Pyongyang in June.",
        "North Korea shipped artillery shells to Russia.",
        "The Security Council Committee Established Pursuant to Resolution 1718 met on Monday.",
    ],
)
def test_a_sentence_dense_with_names_is_still_story(sentence: str) -> None:
    assert split_sentences(sentence)[0].story


def test_a_long_line_of_prose_that_lost_its_full_stop_is_still_a_sentence(ref: Reference) -> None:
    line = (
        "Deepening military cooperation between Russia and North Korea, including the deployment of North"
        " Korean troops to the battlefront, as well as transfers of weapons to Russia, undermines the global"
        " non-proliferation regime and violates United Nations Security Council resolutions"
    )
    assert split_sentences(line)[0].story
    assert ("troop_deployment", "PRK", "RUS") in shown(line, ref)


@pytest.mark.parametrize(
    "line",
    [
        "North Korea Sends Troops",
        "The UK will work to counter Russian attempts to acquire military equipment from North Korea: UK"
        " statement at the UN Security Council",
        "A Foreign Office spokesperson statement on Russia's decision to source arms from North Korea for its"
        " illegal war in Ukraine, in full, as it was delivered to reporters in London on Friday, said:",
        "11 April 2024, New York – European Union Statement at the Plenary meeting of the General Assembly,"
        " under agenda item 63 entitled use of the veto, following the veto cast by one permanent member",
    ],
)
def test_short_unpunctuated_lines_leads_and_datelines_are_no_story(line: str) -> None:
    assert not split_sentences(line)[0].story


@pytest.mark.parametrize(
    "sentence",
    [
        "We should all be worried about a DPRK with enhanced capacity to export weapons to Russia.",
        "North Korea's ability to supply artillery shells to Russia is growing.",
        "The DPRK is capable of shipping missiles to Russia within weeks.",
    ],
)
def test_what_a_state_could_do_is_no_transfer(sentence: str, ref: Reference) -> None:
    transfers = [i for i in shown(sentence, ref) if i[0].endswith("_transfer")]
    assert transfers == []


def test_a_transfer_beside_a_capability_is_still_read(ref: Reference) -> None:
    sentence = "North Korea, with its growing capacity to produce shells, shipped artillery shells to Russia."
    assert ("arms_transfer", "PRK", "RUS") in shown(sentence, ref)


def test_a_transfer_told_only_as_a_condition_is_not_shown(ref: Reference) -> None:
    sentence = (
        "If Iran were to move forward with the transfer of ballistic missiles to Russia, it would be an "
        "escalation."
    )
    assert [i for i in shown(sentence, ref) if i[1] == "IRN"] == []


def test_a_conditional_transfer_is_a_statement_marked_as_doubtful(ref: Reference) -> None:
    sentence = "If North Korea supplied Russia with ballistic missiles, it would be a grave violation."
    (item,) = extract_items(sentence, PUBLISHED, ref)
    assert (item.category, item.status) == ("statement", "speculative")
    assert "hypothetical_transfer" in item.evidence


@pytest.mark.parametrize(
    "sentence",
    [
        "North Korea's defiance, with Russia's assistance, defeats every effort to persuade North Korea to "
        "give up its nuclear weapons.",
        "Russia's assistance has given North Korea the capacity to export ballistic missiles.",
    ],
)
def test_goods_of_a_word_of_no_transfer_are_not_read_with_another(sentence: str, ref: Reference) -> None:
    transfers = [i for i in shown(sentence, ref) if i[0] == "arms_transfer"]
    assert transfers == []


def test_a_file_photo_caption_yields_no_item(ref: Reference) -> None:
    text = (
        "FILE - Russian President Vladimir Putin, right, and North Korea's leader Kim Jong Un shake hands "
        "during their meeting in Vladivostok, Russia, April 25, 2019."
    )
    assert shown(text, ref) == []


def test_every_sentence_of_a_photo_caption_is_the_captions(ref: Reference) -> None:
    caption = (
        "FILE - A TV screen shows file images of North Korean soldiers in Seoul, Oct. 18, 2024. North Korean "
        "troops are fighting alongside Russian forces in Ukraine, according to the Pentagon."
    )
    story = "North Korea has sent troops to Russia, the Pentagon said."
    assert shown(caption, ref) == []
    assert shown(f"{caption}\n\n{story}", ref) == shown(story, ref) != []


def test_technology_a_launch_uses_is_its_own_not_a_transfer(ref: Reference) -> None:
    text = (
        "They condemned the DPRK's tests and launches of ballistic missiles, the launch of what the DPRK "
        "purports to be a military reconnaissance satellite using ballistic missile technology, and arms "
        "shipments with Russia."
    )
    assert [i for i in shown(text, ref) if i[0] == "technology_transfer"] == []


def test_goods_that_the_state_attacked_owns_are_no_transfer_of_the_pair(ref: Reference) -> None:
    text = (
        "North Korea sent troops to Russia. The Pentagon also clarified the amount of money that remains "
        "available for Ukraine's military assistance."
    )
    assert shown(text, ref) == [("troop_deployment", "PRK", "RUS")]


def test_a_photo_credit_before_the_story_in_its_paragraph_keeps_the_story(ref: Reference) -> None:
    text = "Photo: Reuters. North Korea has shipped millions of artillery shells to Russia since August 2023."
    assert shown(text, ref) == [("arms_transfer", "PRK", "RUS")]
