"""Confidence: signs of doubt lower a candidate below the dashboard's default floor, never drop it."""

from __future__ import annotations

from datetime import date

import pytest

from etl.extract.candidates import extract_items
from etl.extract.normalise import normalise_document
from etl.extract.reference import Reference, load_reference
from etl.settings import PROJECT_ROOT

PUBLISHED = date(2024, 6, 21)
FLOOR = 0.5  # the dashboard's default minimum confidence


@pytest.fixture(scope="module")
def ref() -> Reference:
    return load_reference(PROJECT_ROOT / "datasets" / "reference")


def items(text: str, ref: Reference, publisher: str | None = None) -> list[dict]:
    candidates = extract_items(text, PUBLISHED, ref, publisher)
    return normalise_document(candidates, "test-doc", PUBLISHED, ref)


def test_one_quote_with_two_goods_is_one_item_shown(ref: Reference) -> None:
    rows = items("North Korea shipped artillery shells and ballistic missiles to Russia in March 2024.", ref)
    arms = [r for r in rows if r["category"] == "arms_transfer"]
    shown = [r for r in arms if r["confidence"] >= FLOOR]
    assert len(shown) == 1, arms
    assert "artillery shells" in shown[0]["goods"] and "ballistic missiles" in shown[0]["goods"]
    assert (shown[0]["from_actor_id"], shown[0]["to_actor_id"]) == ("PRK", "RUS")
    # The other goods class is still there for its filters and measure tags, below the floor.
    assert {r["goods_class"] for r in arms} == {"artillery_ammunition", "ballistic_missile"}


def test_a_clear_transfer_is_shown(ref: Reference) -> None:
    rows = items("In March 2024 North Korea shipped ballistic missiles to Russia.", ref)
    assert [r["confidence"] >= FLOOR for r in rows if r["category"] == "arms_transfer"] == [True]


def test_a_body_as_party_to_a_transfer_is_kept_below_the_floor(ref: Reference) -> None:
    rows = items("In March 2024 North Korea shipped ballistic missiles to the Security Council.", ref)
    arms = [r for r in rows if r["category"] == "arms_transfer"]
    assert arms and all(r["confidence"] < FLOOR for r in arms)


def test_weights_are_data(ref: Reference) -> None:
    text = "In March 2024 North Korea shipped ballistic missiles to the Security Council."
    base = max(r["confidence"] for r in items(text, ref) if r["category"] == "arms_transfer")
    neutral = dict(ref.confidence_evidence, body_in_transfer=0.0)
    lifted = Reference(**{**ref.__dict__, "confidence_evidence": neutral})
    assert max(r["confidence"] for r in items(text, lifted) if r["category"] == "arms_transfer") > base
