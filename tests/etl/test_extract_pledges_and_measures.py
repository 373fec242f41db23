"""Sentences that name a sanctions measure without an act of making it: a pledge to go on imposing
measures is a stated position; a measure named with the participle that made it ("the sanctions regime
adopted with the intention of …") is a measure in force; a statement on Russia's invasion alone is no
statement on the cooperation."""

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


def shown(text: str, ref: Reference, publisher: str | None = None) -> list[tuple[object, ...]]:
    """(category, from, to, status) of each item at the dashboard's default floor."""
    candidates = extract_items(text, PUBLISHED, ref, publisher)
    rows = normalise_document(candidates, "doc", PUBLISHED, ref)
    return [
        (r["category"], r["from_actor_id"], r["to_actor_id"], r["status"])
        for r in rows
        if r["confidence"] >= 0.5
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Australia will continue to implement measures, including targeted financial sanctions and travel "
        "bans, against those who supply weapons to Russia.",
        "Japan remains committed to imposing sanctions on North Korean entities that arm Russia.",
    ],
)
def test_a_pledge_to_go_on_sanctioning_is_a_statement(text: str, ref: Reference) -> None:
    items = shown(text, ref)
    assert not [i for i in items if i[0] == "sanctions_action"]
    assert [i for i in items if i[0] == "statement" and i[3] == "reported"]


def test_a_sanctions_action_taken_is_still_one(ref: Reference) -> None:
    items = shown("Australia imposed targeted financial sanctions on North Korean entities.", ref)
    assert ("sanctions_action", "AUS", "PRK", "reported") in items


@pytest.mark.parametrize(
    "text",
    [
        "Russia's ambassador said the sanctions regime adopted with the intention of preventing "
        "proliferation was losing its relevance for North Korea.",
        "The Council urged all States to report on the implementation of sanctions measures imposed by "
        "relevant resolutions on the DPRK.",
    ],
)
def test_a_measure_in_force_is_no_act_of_making_it(text: str, ref: Reference) -> None:
    assert not [i for i in shown(text, ref) if i[0] == "sanctions_action"]


def test_a_resolution_adopted_today_is_still_an_act(ref: Reference) -> None:
    items = shown("The Security Council adopted a resolution imposing new sanctions on the DPRK.", ref)
    assert [i for i in items if i[0] == "sanctions_action"]


@pytest.mark.parametrize(
    "text",
    [
        "Russia's illegal and immoral invasion of Ukraine is a grave threat to regional and global security.",
        "Australia condemns Russia's invasion in the strongest terms.",
    ],
)
def test_a_statement_on_the_invasion_alone_is_not_shown(text: str, ref: Reference) -> None:
    assert not [i for i in shown(text, ref, "Australian Government") if i[0] == "statement"]


def test_a_statement_on_the_cooperation_in_the_invasion_is_shown(ref: Reference) -> None:
    text = "Australia condemns the DPRK's support for Russia's invasion of Ukraine."
    assert [i for i in shown(text, ref, "Australian Government") if i[0] == "statement"]


@pytest.mark.parametrize(
    "text",
    [
        "The US representative said that Russia's veto was nothing more than an attempt to shield the DPRK.",
        "The United States said Russia's veto is a gift to Pyongyang.",
    ],
)
def test_an_act_judged_is_the_judges_statement_about_its_actor(text: str, ref: Reference) -> None:
    items = shown(text, ref)
    assert ("statement", "USA", "RUS", "reported") in items
    assert not [i for i in items if i[0] == "sanctions_action"]


def test_a_veto_cast_is_still_an_act(ref: Reference) -> None:
    items = shown("The veto was cast by Russia against the renewal of the Panel of Experts on the DPRK.", ref)
    assert [i for i in items if i[0] == "sanctions_action" and i[1] == "RUS"]
