"""Sentences and paragraphs of hard-wrapped and line-per-paragraph text."""

from __future__ import annotations

import pytest

from etl.extract.sentences import split_sentences


def texts(text: str) -> list[str]:
    return [" ".join(s.text.split()) for s in split_sentences(text)]


def test_a_line_ending_in_a_preposition_continues_before_a_capitalised_word() -> None:
    text = "Meanwhile, the DPRK has delivered shells to\nRussia, including rockets."
    assert texts(text) == ["Meanwhile, the DPRK has delivered shells to Russia, including rockets."]
    assert all(s.story for s in split_sentences(text))


def test_a_line_ending_in_an_article_continues_the_sentence() -> None:
    text = "Losses were incurred by the\nRussian military. Pyongyang sent troops."
    assert texts(text) == ["Losses were incurred by the Russian military.", "Pyongyang sent troops."]
    assert len({s.paragraph for s in split_sentences(text)}) == 1


def test_a_heading_or_salutation_line_still_ends_its_paragraph() -> None:
    text = "Statement by the UK at the UN\nMr. President,\nRussia buys shells from the DPRK."
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == [
        "Statement by the UK at the UN",
        "Mr. President,",
        "Russia buys shells from the DPRK.",
    ]
    assert [s.story for s in sentences] == [False, False, True]


def test_citation_markers_after_a_full_stop_end_a_story_sentence() -> None:
    text = "The resolution tightened sanctions.[4] The new restrictions ban coal.[4][3][2] It was done.[a]"
    assert texts(text) == [
        "The resolution tightened sanctions.[4]",
        "The new restrictions ban coal.[4][3][2]",
        "It was done.[a]",
    ]
    assert all(s.story for s in split_sentences(text))


def test_a_hard_wrapped_text_is_read_in_whole_sentences() -> None:
    lines = [
        "These actions by Iran, North Korea, and Russia have violated multiple Security",
        "Council resolutions, resolutions that Russia voted for and, as a permanent",
        "member, has a special responsibility to enforce. Iran has sent drones to Russia",
        "and trained its personnel. North Korea has sent shells, missiles and troops",
        "to Russia, which uses them against Ukraine. The Council must act on this, and",
        "the members who voted for these resolutions must enforce them. Russia's war",
        "has cost Ukraine dearly, and it has cost Russia dearly too, though Moscow",
        "denies any of it. The United States will continue to expose these transfers",
        "wherever they take place, with our allies and partners around the world.",
    ]
    sentences = split_sentences("\n".join(lines))
    assert sentences[0].text.replace("\n", " ").startswith("These actions by Iran")
    assert sentences[0].text.replace("\n", " ").endswith("has a special responsibility to enforce.")
    assert all(s.story for s in sentences)


def test_headlines_above_a_text_that_is_not_wrapped_stay_apart() -> None:
    text = (
        "Security Council Fails to Extend Mandate for Expert Panel Assisting Sanctions Committee\n"
        "The Council today failed to adopt a resolution."
    )
    assert [s.story for s in split_sentences(text)] == [False, True]


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_a_text_of_short_paragraphs_is_not_taken_for_a_wrapped_one(newline: str) -> None:
    titles = [f"Related story number {n} about shipments of shells to Russia" for n in range(9)]
    text = newline.join(
        ["Japan condemns Russia over North Korean arms deliveries", "Tokyo said so.", *titles]
    )
    assert (
        split_sentences(text)[0].text.rstrip("\r")
        == "Japan condemns Russia over North Korean arms deliveries"
    )
    assert len(split_sentences(text)) == 11
