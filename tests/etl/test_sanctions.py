"""Sanctions tagging: rules per provision, in-force dates, and rationales."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from etl.extract.reference import Reference, load_reference
from etl.extract.tagging import tag_items
from etl.settings import PROJECT_ROOT


@pytest.fixture(scope="module")
def ref() -> Reference:
    return load_reference(PROJECT_ROOT / "datasets" / "reference")


def item(**overrides: Any) -> dict[str, Any]:
    base = {
        "item_id": "i1",
        "category": "arms_transfer",
        "from_actor_id": "PRK",
        "to_actor_id": "RUS",
        "direction": "from_to",
        "goods": "ballistic missiles",
        "goods_class": "ballistic_missile",
        "status": "reported",
        "date_start": date(2024, 1, 2),
        "date_end": date(2024, 1, 2),
    }
    return {**base, **overrides}


def measures_for(ref: Reference, **overrides: Any) -> set[str]:
    return {tag["measure_id"] for tag in tag_items([item(**overrides)], ref)}


def test_dprk_arms_exports_engage_1718_8b_and_1874(ref: Reference) -> None:
    tagged = measures_for(ref)
    assert {"UNSCR-1718-OP8b", "UNSCR-1874-OP9"} <= tagged
    assert "UNSCR-1718-OP8a-i-ii" not in tagged  # that one is about arms going TO the DPRK


def test_limousine_gift_engages_luxury_bans_and_the_vehicle_ban(ref: Reference) -> None:
    tagged = measures_for(
        ref,
        category="luxury_goods_transfer",
        from_actor_id="RUS",
        to_actor_id="PRK",
        goods="Aurus limousine",
        goods_class="luxury_vehicle",
        date_start=date(2024, 6, 19),
        date_end=date(2024, 6, 19),
    )
    assert {"UNSCR-1718-OP8a-iii", "UNSCR-2094-AnnexIV", "UNSCR-2397-OP7"} <= tagged


def test_military_technology_to_the_dprk_engages_1718_8c(ref: Reference) -> None:
    tagged = measures_for(
        ref,
        category="technology_transfer",
        from_actor_id="RUS",
        to_actor_id="PRK",
        goods="advanced military technology",
        goods_class="military_technology",
        status="expected",
    )
    assert "UNSCR-1718-OP8c" in tagged


def test_no_provision_before_it_was_adopted(ref: Reference) -> None:
    tagged = measures_for(
        ref,
        category="luxury_goods_transfer",
        from_actor_id="RUS",
        to_actor_id="PRK",
        goods="limousine",
        goods_class="luxury_vehicle",
        date_start=date(2010, 5, 1),
        date_end=date(2010, 5, 31),
    )
    assert "UNSCR-1718-OP8a-iii" in tagged
    assert "UNSCR-2094-AnnexIV" not in tagged and "UNSCR-2397-OP7" not in tagged


def test_iran_missile_restrictions_stop_at_their_expiry(ref: Reference) -> None:
    iran = {"from_actor_id": "IRN", "to_actor_id": "RUS", "goods": "Fath-360"}
    before = measures_for(ref, **iran, date_start=date(2023, 3, 1), date_end=date(2023, 3, 31))
    after = measures_for(ref, **iran, date_start=date(2024, 9, 10), date_end=date(2024, 9, 10))
    assert "UNSCR-2231-AnnexB-4" in before
    assert "UNSCR-2231-AnnexB-4" not in after


def test_denied_and_undated_items_are_not_tagged(ref: Reference) -> None:
    assert measures_for(ref, status="denied") == set()
    assert measures_for(ref, date_start=None, date_end=None) == set()


def test_rationale_names_the_goods_status_and_unverified_numbers(ref: Reference) -> None:
    tags = {t["measure_id"]: t["rationale"] for t in tag_items([item(status="alleged")], ref)}
    assert "Ballistic missiles" in tags["UNSCR-1874-OP9"]
    assert "Item status: alleged." in tags["UNSCR-1874-OP9"]
    assert "unverified" in tags["UNSCR-1874-OP9"]
    assert "unverified" not in tags["UNSCR-1718-OP8b"].lower()


@pytest.mark.parametrize(
    ("goods_class", "measure"),
    [("coal", "UNSCR-2371-OP8"), ("seafood", "UNSCR-2371-OP9"), ("textiles", "UNSCR-2375-OP16")],
)
def test_the_dprk_s_banned_exports_engage_the_2017_resolutions(
    ref: Reference, goods_class: str, measure: str
) -> None:
    exported = measures_for(ref, category="commodity_transfer", goods=goods_class, goods_class=goods_class)
    assert measure in exported
    before = measures_for(
        ref,
        category="commodity_transfer",
        goods_class=goods_class,
        date_start=date(2016, 1, 1),
        date_end=date(2016, 1, 1),
    )
    assert measure not in before
    imported = measures_for(
        ref, category="commodity_transfer", goods_class=goods_class, from_actor_id="RUS", to_actor_id="PRK"
    )
    assert measure not in imported
