"""Designation lists: each line of a list under a line announcing sanctions is an action on the state
of the designee it names; lists that announce nothing stay fields or provisions."""

from __future__ import annotations

from datetime import date

import pytest

from etl.extract.candidates import extract_items
from etl.extract.normalise import normalise_document
from etl.extract.reference import Reference, load_reference
from etl.settings import PROJECT_ROOT

PUBLISHED = date(2022, 3, 25)


@pytest.fixture(scope="module")
def ref() -> Reference:
    return load_reference(PROJECT_ROOT / "datasets" / "reference")


def actions(text: str, ref: Reference, publisher: str | None) -> list[tuple[str | None, str | None, str]]:
    """(from, to, quote) of each sanctions action shown by default."""
    rows = normalise_document(extract_items(text, PUBLISHED, ref, publisher), "doc", PUBLISHED, ref)
    return [
        (r["from_actor_id"], r["to_actor_id"], r["quote"])
        for r in rows
        if r["category"] == "sanctions_action" and r["confidence"] >= 0.5
    ]


def test_each_listed_entity_is_an_action_on_its_state(ref: Reference) -> None:
    text = (
        "Today we announce additional targeted financial sanctions on three more entities who seek to "
        "help North Korea evade sanctions.\n"
        "- Korean Ungum Corporation (North Korean entity)\n"
        "- Russian Financial Society (Russian entity)\n"
        "- Commercial Bank Agrosoyuz (Russian entity)\n"
    )
    found = actions(text, ref, "Minister for Foreign Affairs of Australia")
    listed = [(a, b) for a, b, quote in found if quote.startswith("- ")]
    assert listed == [("AUS", "PRK"), ("AUS", "RUS"), ("AUS", "RUS")]


def test_a_colon_lead_that_designates_is_read_with_its_list(ref: Reference) -> None:
    text = (
        "Today, OFAC is designating the following entities pursuant to E.O. 13382:\n"
        "- Ilsim International Trading Co., Ltd, a North Korea-based company;\n"
        "- Sonbong Shipping, based in Vladivostok, Russia;\n"
    )
    listed = [
        (a, b) for a, b, quote in actions(text, ref, "U.S. Department of the Treasury") if quote[0] == "-"
    ]
    assert listed == [("USA", "PRK"), ("USA", "RUS")]


def test_a_list_under_a_line_that_announces_nothing_names_no_designee(ref: Reference) -> None:
    text = (
        "The delegation of North Korea included the following officials:\n"
        "- Choe Son Hui (North Korean foreign minister)\n"
        "- Sergei Lavrov (Russian foreign minister)\n"
    )
    assert actions(text, ref, None) == []


def test_infobox_fields_stay_fields(ref: Reference) -> None:
    text = "Infobox\n- Number: 1718\n- Subject: Non-proliferation, Democratic People's Republic of Korea\n"
    assert actions(text, ref, None) == []


def test_a_listing_removed_is_no_sanctions_action(ref: Reference) -> None:
    text = "OFAC today removed Sovfracht Shipping, a Russia-based company, from the SDN List."
    assert actions(text, ref, "U.S. Department of the Treasury") == []


@pytest.mark.parametrize(
    "text",
    [
        "US sanctions on North Korea\n- Background\n- Russia's role\n",
        "Today OFAC designated 10 entities in coordination with the following partners:\n- Japan\n"
        "- the Republic of Korea\n",
    ],
)
def test_a_headline_or_a_list_of_partners_names_no_designees(text: str, ref: Reference) -> None:
    assert [
        q for _, _, q in actions(text, ref, "U.S. Department of the Treasury") if q.startswith("- ")
    ] == []


def test_designees_named_by_their_state_in_brackets_or_in_the_plural(ref: Reference) -> None:
    text = (
        "Today OFAC designated the following:\n- Two North Korean nationals\n- Rosoboronexport (Russia)\n"
        "- PJSC Sovcomflot (Russia)\n"
    )
    listed = [
        (a, b) for a, b, q in actions(text, ref, "U.S. Department of the Treasury") if q.startswith("- ")
    ]
    assert listed == [("USA", "PRK"), ("USA", "RUS"), ("USA", "RUS")]
