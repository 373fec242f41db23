"""Transfers with a third state as a party: who supplies when Iran or China stands in the sentence, the
agents of transfer nouns, and the subjects of -ing verbs."""

from __future__ import annotations

from datetime import date

import pytest

from etl.extract.candidates import extract_items
from etl.extract.normalise import normalise_document
from etl.extract.reference import Reference, load_reference
from etl.settings import PROJECT_ROOT

PUBLISHED = date(2024, 6, 21)


@pytest.fixture(scope="module")
def ref() -> Reference:
    return load_reference(PROJECT_ROOT / "datasets" / "reference")


def parties(text: str, ref: Reference, category: str = "arms_transfer") -> list[tuple[object, object]]:
    """(from, to) of each item of the category at the dashboard's default floor."""
    rows = normalise_document(extract_items(text, PUBLISHED, ref), "doc", PUBLISHED, ref)
    return [
        (r["from_actor_id"], r["to_actor_id"])
        for r in rows
        if r["category"] == category and r["confidence"] >= 0.5
    ]


def test_the_state_right_before_an_ing_verb_is_its_subject(ref: Reference) -> None:
    text = "Officials fear the prospect of Tehran quietly shipping drones to Moscow this winter."
    assert parties(text, ref) == [("IRN", "RUS")]


def test_a_participle_after_a_comma_keeps_the_clause_subject(ref: Reference) -> None:
    text = "Iran is prolonging Russia's war, sending attack drones that the Kremlin launches at power plants."
    assert parties(text, ref) == [("IRN", "RUS")]


def test_the_agent_of_a_transfer_noun_supplies_and_of_a_procurement_receives(ref: Reference) -> None:
    text = "The sale by Pyongyang, and the purchase by Moscow, of artillery shells break the embargo."
    assert parties(text, ref) == [("PRK", "RUS")]


def test_the_agent_of_a_procurement_alone_is_the_recipient(ref: Reference) -> None:
    text = "The procurement by Russia of North Korean rockets has grown."
    assert parties(text, ref) == [("PRK", "RUS")]


def test_a_third_state_named_in_the_sentence_supplies_before_the_document_pair(ref: Reference) -> None:
    text = (
        "North Korea has shipped shells to Russia. "
        "Russia now assembles attack drones with parts obtained thanks to its ties with Iran."
    )
    assert ("IRN", "RUS") in parties(text, ref)
    assert ("PRK", "RUS") in parties(text, ref)


def test_a_pronoun_supplier_continues_the_third_state_before_it(ref: Reference) -> None:
    text = (
        "North Korea is mentioned in the report. Iran has supplied attack drones to Russia since 2022. "
        "Last month it also delivered short-range missiles to Russia."
    )
    rows = normalise_document(extract_items(text, PUBLISHED, ref), "doc", PUBLISHED, ref)
    assert [(r["from_actor_id"], r["to_actor_id"]) for r in rows if r["category"] == "arms_transfer"] == [
        ("IRN", "RUS"),
        ("IRN", "RUS"),
    ]


def test_several_suppliers_named_together_are_one_item_each(ref: Reference) -> None:
    text = "Tehran and Pyongyang keep sending artillery shells to Moscow."
    assert parties(text, ref) == [("IRN", "RUS"), ("PRK", "RUS")]


def test_a_list_of_suppliers_after_a_passive_participle_is_one_item_each(ref: Reference) -> None:
    text = "Russia's army fires artillery rounds provided by North Korea and Iran."
    assert parties(text, ref) == [("PRK", "RUS"), ("IRN", "RUS")]


def test_vague_support_from_belarus_or_china_is_a_link_not_arms(ref: Reference) -> None:
    text = "Delegates condemned the military support for Moscow's war provided by the DPRK, Iran and Belarus."
    rows = normalise_document(extract_items(text, PUBLISHED, ref), "doc", PUBLISHED, ref)
    assert [(r["from_actor_id"], r["to_actor_id"]) for r in rows if r["category"] == "arms_transfer"] == [
        ("PRK", "RUS"),
        ("IRN", "RUS"),
    ]
    assert [(r["from_actor_id"], r["to_actor_id"]) for r in rows if r["category"] == "third_party_link"] == [
        ("BLR", "RUS")
    ]


def test_a_list_of_reporters_before_a_verb_is_never_split_into_suppliers(ref: Reference) -> None:
    text = "Canada, France, the UK and the USA say that shells were shipped from the DPRK to Russia."
    assert all(supplier == "PRK" for supplier, _ in parties(text, ref))


def test_weapons_a_state_deploys_itself_are_no_goods_of_the_transfer_told_beside_them(ref: Reference) -> None:
    text = (
        "As Russia deploys chemical weapons on the battlefield, Iran, the DPRK, and China are providing "
        "Russia with the material support it needs."
    )
    assert parties(text, ref) == [("IRN", "RUS"), ("PRK", "RUS")]
    assert parties(text, ref, "third_party_link") == [("CHN", "RUS")]


def test_weapons_deployed_to_a_state_are_still_sent(ref: Reference) -> None:
    text = "North Korea deployed artillery shells to Russia last autumn."
    assert parties(text, ref) == [("PRK", "RUS")]


def test_a_third_states_abstention_ties_it_to_russia_named_in_the_document(ref: Reference) -> None:
    text = (
        "Russia vetoed the renewal of the Panel of Experts on North Korea. And China, with its abstention, "
        "has shown us where it stands on curbing DPRK proliferation."
    )
    rows = normalise_document(
        extract_items(text, PUBLISHED, ref, "U.S. Department of State"), "d", PUBLISHED, ref
    )
    links = [(r["from_actor_id"], r["to_actor_id"]) for r in rows if r["category"] == "third_party_link"]
    assert links == [("CHN", "RUS")]


def test_a_third_state_merely_named_with_the_dprk_is_tied_to_the_dprk(ref: Reference) -> None:
    text = (
        "Russia vetoed the resolution. Iran and North Korea have long cooperated on ballistic missile "
        "programmes."
    )
    found = extract_items(text, PUBLISHED, ref)
    assert [(c.from_actor_id, c.to_actor_id) for c in found if c.category == "third_party_link"] == [
        ("IRN", "PRK")
    ]
