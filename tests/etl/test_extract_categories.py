"""Categories read from what moves and how: a meeting of a body is no summit, technology and know-how
are technology transfers, the goods and the verb together decide the category."""

from __future__ import annotations

from datetime import date

import pytest

from etl.extract.candidates import extract_items
from etl.extract.normalise import normalise_document
from etl.extract.reference import Reference, load_reference
from etl.settings import PROJECT_ROOT

PUBLISHED = date(2024, 11, 20)


@pytest.fixture(scope="module")
def ref() -> Reference:
    return load_reference(PROJECT_ROOT / "datasets" / "reference")


def shown(text: str, ref: Reference, category: str) -> list[tuple[object, ...]]:
    """(from, to, direction, status) of each item of the category at the dashboard's default floor."""
    rows = normalise_document(extract_items(text, PUBLISHED, ref), "doc", PUBLISHED, ref)
    return [
        (r["from_actor_id"], r["to_actor_id"], r["direction"], r["status"])
        for r in rows
        if r["category"] == category and r["confidence"] >= 0.5
    ]


@pytest.mark.parametrize(
    "text",
    [
        "This meeting of the Security Council was requested by the Russian Federation to discuss the DPRK.",
        "Yesterday's meeting showed how far the Russian Federation will go to shield North Korea.",
        "The Security Council met today as the Russian Federation and the DPRK deepened their ties.",
        "At the Council meeting, the representative of the Russian Federation defended Pyongyang.",
        "North Korea refused to return to the six-party talks, and Russia backed it.",
    ],
)
def test_a_meeting_of_a_body_or_of_the_day_is_no_summit(text: str, ref: Reference) -> None:
    assert shown(text, ref, "summit_or_visit") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kim Jong Un met Vladimir Putin in Vladivostok in April 2019.", ("PRK", "RUS")),
        ("Russian Defence Minister Belousov held talks in Pyongyang on 29 November.", ("RUS", "PRK")),
        ("Russian Foreign Minister Lavrov visited Pyongyang in October.", ("RUS", "PRK")),
    ],
)
def test_leaders_and_ministers_meeting_are_a_summit_or_visit(
    text: str, expected: tuple[str, str], ref: Reference
) -> None:
    assert [row[:2] for row in shown(text, ref, "summit_or_visit")] == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Moscow intends to share advanced space and satellite technology with Pyongyang.", ("RUS", "PRK")),
        ("Russia has provided North Korea with technical and scientific assistance.", ("RUS", "PRK")),
        ("In return, Russia supplies the DPRK with know-how for its satellite programme.", ("RUS", "PRK")),
    ],
)
def test_technology_know_how_and_technical_help_are_technology_transfers(
    text: str, expected: tuple[str, str], ref: Reference
) -> None:
    assert [row[:2] for row in shown(text, ref, "technology_transfer")] == [expected]


def test_weapons_a_technology_is_for_are_no_arms_transfer(ref: Reference) -> None:
    text = "Russia may transfer nuclear or ballistic missile-related technology to the DPRK."
    assert shown(text, ref, "technology_transfer") == [("RUS", "PRK", "from_to", "speculative")]
    assert shown(text, ref, "arms_transfer") == []


def test_would_after_a_verb_of_saying_is_the_future_not_a_condition(ref: Reference) -> None:
    text = "Lavrov said that Russia would provide the DPRK with satellite technology."
    assert shown(text, ref, "technology_transfer") == [("RUS", "PRK", "from_to", "expected")]


def test_not_ruling_out_a_transfer_hedges_it_and_does_not_deny_it(ref: Reference) -> None:
    text = "Russia does not rule out supplying missile technology to North Korea."
    assert shown(text, ref, "technology_transfer") == [("RUS", "PRK", "from_to", "speculative")]
