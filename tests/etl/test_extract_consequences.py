"""The consequences of an act pointed back to ("As a result of today's sanctions, … must be blocked")
are no new act; a state that goes on enforcing sanctions in force states a position."""

from __future__ import annotations

from datetime import date

import pytest

from etl.extract.candidates import extract_items
from etl.extract.normalise import normalise_document
from etl.extract.reference import Reference, load_reference
from etl.settings import PROJECT_ROOT

PUBLISHED = date(2024, 11, 4)


@pytest.fixture(scope="module")
def ref() -> Reference:
    return load_reference(PROJECT_ROOT / "datasets" / "reference")


def shown(text: str, ref: Reference) -> list[tuple[object, ...]]:
    """(category, from, to) of each item at the dashboard's default floor."""
    rows = normalise_document(extract_items(text, PUBLISHED, ref), "doc", PUBLISHED, ref)
    return [(r["category"], r["from_actor_id"], r["to_actor_id"]) for r in rows if r["confidence"] >= 0.5]


def test_the_consequences_of_an_act_pointed_back_to_are_a_restated_act(ref: Reference) -> None:
    text = (
        "As a result of today's sanctions, any property of the designated North Korean persons in the "
        "United States must be blocked."
    )
    (action,) = [c for c in extract_items(text, PUBLISHED, ref) if c.category == "sanctions_action"]
    assert "restated_action" in action.evidence


def test_an_act_told_as_a_cause_is_still_read_when_told_anew(ref: Reference) -> None:
    text = "The United States today designated three North Korean entities for supplying Russia with shells."
    assert ("sanctions_action", "USA", "PRK") in shown(text, ref)


def test_enforcing_sanctions_in_force_is_a_statement(ref: Reference) -> None:
    text = (
        "The United States continues to enforce existing sanctions against entities in Russia who "
        "facilitate illicit trade with North Korea."
    )
    items = shown(text, ref)
    assert not [i for i in items if i[0] == "sanctions_action"]
    assert ("statement", "USA", "RUS") in items
