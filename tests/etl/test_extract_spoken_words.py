"""Whose words a sentence gives: an accusation a text says ("a press statement noting the DPRK's launch
had violated …") is that text's, not the speaker's; a topic a speaker announces ("Today I'd like to
focus on …") is no claim of a transfer or a tie; "grave concerns" and "warning that" state a position."""

from __future__ import annotations

from datetime import date

import pytest

from etl.extract.candidates import extract_items
from etl.extract.normalise import normalise_document
from etl.extract.reference import Reference, load_reference
from etl.settings import PROJECT_ROOT

PUBLISHED = date(2025, 1, 8)


@pytest.fixture(scope="module")
def ref() -> Reference:
    return load_reference(PROJECT_ROOT / "datasets" / "reference")


def shown(text: str, ref: Reference, publisher: str | None = None) -> list[tuple[object, ...]]:
    """(category, from, to) of each item at the dashboard's default floor."""
    rows = normalise_document(extract_items(text, PUBLISHED, ref, publisher), "doc", PUBLISHED, ref)
    return [(r["category"], r["from_actor_id"], r["to_actor_id"]) for r in rows if r["confidence"] >= 0.5]


@pytest.mark.parametrize(
    "text",
    [
        "Russia and China also blocked a press statement noting the DPRK's launch had violated Security "
        "Council resolutions.",
        "Russia vetoed a draft resolution stating that the DPRK's arms exports to Russia violate "
        "the embargo.",
    ],
)
def test_an_accusation_a_text_makes_is_not_the_speakers(text: str, ref: Reference) -> None:
    statements = [
        i for i in shown(text, ref, "United States Mission to the United Nations") if i[0] == "statement"
    ]
    assert statements == []


def test_the_speakers_own_accusation_is_still_read(ref: Reference) -> None:
    text = "Russia's procurement of missiles from the DPRK violates Security Council resolutions."
    items = shown(text, ref, "United States Mission to the United Nations")
    assert ("statement", "USA", "RUS") in items


@pytest.mark.parametrize(
    "text",
    [
        "Today I'd like to focus on Iran's military support to Russia.",
        "First, we must address Russia's growing cooperation with North Korea and Iran.",
    ],
)
def test_a_topic_announced_is_no_transfer_or_tie(text: str, ref: Reference) -> None:
    items = shown(text, ref, "United States Mission to the United Nations")
    assert not [i for i in items if i[0] in ("arms_transfer", "third_party_link")]


@pytest.mark.parametrize(
    ("text", "speaker", "about"),
    [
        (
            "Yesterday, Australia joined our partners to express our grave concerns regarding the deployment "
            "of North Korean troops to Russia.",
            "AUS",
            "PRK",
        ),
        (
            "The representative of the Republic of Korea took the floor. Missiles supplied by the DPRK to "
            "Russia hit Ukraine, he recalled, warning that North Korean missiles in the war have grave "
            "implications.",
            "KOR",
            "PRK",
        ),
    ],
)
def test_grave_concerns_and_a_warning_state_a_position(
    text: str, speaker: str, about: str, ref: Reference
) -> None:
    assert ("statement", speaker, about) in shown(text, ref, "Australian Government")
