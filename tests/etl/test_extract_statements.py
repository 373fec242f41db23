"""Statements and sanctions actions: who speaks or acts (groups, "we", the publisher), on whom, and when."""

from __future__ import annotations

from datetime import date

import pytest

from etl.extract.candidates import extract_items
from etl.extract.normalise import normalise_document
from etl.extract.reference import Reference, load_reference
from etl.settings import PROJECT_ROOT

PUBLISHED = date(2024, 5, 31)


@pytest.fixture(scope="module")
def ref() -> Reference:
    return load_reference(PROJECT_ROOT / "datasets" / "reference")


def shown(text: str, ref: Reference, publisher: str | None = None) -> list[dict]:
    """The rows the dashboard shows by default (confidence >= 0.5)."""
    rows = normalise_document(extract_items(text, PUBLISHED, ref, publisher), "doc", PUBLISHED, ref)
    return [r for r in rows if r["confidence"] >= 0.5]


def parties(rows: list[dict], category: str) -> list[tuple[str | None, str | None]]:
    return [(r["from_actor_id"], r["to_actor_id"]) for r in rows if r["category"] == category]


def test_we_in_a_joint_statement_is_the_first_state_that_signs_it(ref: Reference) -> None:
    text = (
        "The following is a statement from the Ministers of Foreign Affairs of Australia, Canada, France, "
        "Germany and the United Kingdom:\n\n"
        "We condemn in the strongest possible terms Russia's procurement of DPRK ballistic missiles."
    )
    rows = shown(text, ref, publisher="Foreign, Commonwealth & Development Office")
    assert parties(rows, "statement") == [("AUS", "RUS")]


def test_a_position_nobody_is_named_for_is_the_publishers_and_dated_on_publication(ref: Reference) -> None:
    rows = shown(
        "But let's be clear to Russia: the UN sanctions regime remains in place.", ref, "UK Mission to the UN"
    )
    statement = next(r for r in rows if r["category"] == "statement")
    assert (statement["from_actor_id"], statement["to_actor_id"]) == ("GBR", "RUS")
    assert (statement["date_start"], statement["date_end"], statement["date_precision"]) == (
        PUBLISHED,
        PUBLISHED,
        "day",
    )


def test_the_accused_is_never_the_speaker_of_an_accusation(ref: Reference) -> None:
    rows = shown("Russia has violated these resolutions repeatedly.", ref, "UK Mission to the UN")
    assert parties(rows, "statement") == [("GBR", "RUS")]


def test_each_sentence_keeps_its_own_statement(ref: Reference) -> None:
    text = (
        "We condemn the DPRK's export of ballistic missiles to Russia. "
        "We call on the DPRK to cease its arms transfers to Russia."
    )
    rows = shown(text, ref, "U.S. Department of State")
    assert parties(rows, "statement") == [("USA", "PRK"), ("USA", "PRK")]


def test_a_condemnation_of_a_dprk_launch_alone_is_not_shown(ref: Reference) -> None:
    rows = shown("The United Kingdom strongly condemns the DPRK's latest ballistic missile launch.", ref)
    assert parties(rows, "statement") == []


def test_two_actors_joined_by_a_hyphen_are_both_named(ref: Reference) -> None:
    rows = shown(
        "We are gravely concerned by the deepening DPRK-Russia cooperation.", ref, "U.S. Department of State"
    )
    assert parties(rows, "statement") == [("USA", "PRK")]


def test_states_acting_together_are_led_by_the_first_named(ref: Reference) -> None:
    rows = shown("Russia and China also blocked a press statement on the DPRK's launch.", ref)
    assert parties(rows, "sanctions_action") == [("RUS", "PRK")]
