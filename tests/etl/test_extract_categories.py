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
        ("Kim Jong Un met Vladimir Putin in Pyongyang on 19 June.", ("RUS", "PRK")),
        ("Kim Jong Un travelled by armoured train to Vladivostok.", ("PRK", "RUS")),
        ("Lavrov held talks with his North Korean counterpart Choe Son Hui in Wonsan.", ("RUS", "PRK")),
        ("Kim toured the Vostochny Cosmodrome in September 2023.", ("PRK", "RUS")),
    ],
)
def test_leaders_and_ministers_meeting_are_a_summit_or_visit(
    text: str, expected: tuple[str, str], ref: Reference
) -> None:
    assert [row[:3] for row in shown(text, ref, "summit_or_visit")] == [(*expected, "from_to")]


def test_summits_in_two_places_are_one_visit_to_each_host_dated_beside_it(ref: Reference) -> None:
    text = "Kim and Putin held summits in eastern Russia in April 2019 and in Pyongyang in June 2024."
    rows = normalise_document(extract_items(text, PUBLISHED, ref), "doc", PUBLISHED, ref)
    visits = [r for r in rows if r["category"] == "summit_or_visit" and r["confidence"] >= 0.5]
    assert [(r["from_actor_id"], r["to_actor_id"], str(r["date_start"])[:7]) for r in visits] == [
        ("PRK", "RUS", "2019-04"),
        ("RUS", "PRK", "2024-06"),
    ]


def test_one_place_named_twice_is_one_visit(ref: Reference) -> None:
    text = "Putin visited Pyongyang in June 2024, his first trip to the city in Pyongyang's new era."
    assert [row[:2] for row in shown(text, ref, "summit_or_visit")] == [("RUS", "PRK")]


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


def test_a_negation_before_a_comma_is_not_the_transfers(ref: Reference) -> None:
    text = "Despite its pledges not to fuel the war, China is exporting machine tools to Russia."
    assert shown(text, ref, "commodity_transfer") == [("CHN", "RUS", "from_to", "reported")]
    assert shown(text, ref, "statement") == []


def test_goods_given_in_exchange_with_a_verb_of_their_own_keep_its_direction(ref: Reference) -> None:
    text = (
        "Russia is seeking munitions from the DPRK in exchange for food and raw materials to be shipped "
        "to North Korea."
    )
    assert shown(text, ref, "arms_transfer") == [("PRK", "RUS", "from_to", "expected")]
    assert shown(text, ref, "commodity_transfer") == [("RUS", "PRK", "from_to", "expected")]


def test_goods_paid_in_return_take_the_other_direction(ref: Reference) -> None:
    text = "North Korea shipped munitions to Russia in return for food."
    assert shown(text, ref, "commodity_transfer") == [("RUS", "PRK", "from_to", "reported")]


def test_a_goods_word_naming_another_thing_is_no_goods(ref: Reference) -> None:
    text = "Russia's procurement of arms from the DPRK threatens global food security."
    assert shown(text, ref, "commodity_transfer") == []


def test_training_with_the_troops_goes_to_the_troops_state(ref: Reference) -> None:
    text = "Russia is providing training to North Korean soldiers in its Far East."
    assert [row[:2] for row in shown(text, ref, "technology_transfer")] == [("RUS", "PRK")]


def test_troops_sent_for_training_with_no_trainer_named_are_only_a_deployment(ref: Reference) -> None:
    text = "North Korea has sent 10,000 troops to Russia for training, officials said."
    assert shown(text, ref, "technology_transfer") == []
    assert [row[:2] for row in shown(text, ref, "troop_deployment")] == [("PRK", "RUS")]


def test_a_transfer_pointed_back_to_is_no_new_item(ref: Reference) -> None:
    text = (
        "North Korea shipped ballistic missiles to Russia in December. The transfer of these weapons "
        "prolongs the war."
    )
    assert shown(text, ref, "arms_transfer") == [("PRK", "RUS", "from_to", "reported")]


def test_a_ban_that_cannot_be_enforced_does_not_stop_the_transfer(ref: Reference) -> None:
    text = "Russia cannot prevent the world from seeing the arms transfers between the DPRK and Russia."
    assert [row[2] for row in shown(text, ref, "arms_transfer")] == ["between"]


def test_a_state_named_as_a_target_elsewhere_can_still_supply(ref: Reference) -> None:
    text = "Russia continues its procurement of arms from the DPRK in violation of resolutions on the DPRK."
    assert shown(text, ref, "arms_transfer") == [("PRK", "RUS", "from_to", "reported")]


@pytest.mark.parametrize(
    "text",
    [
        "Russia does not rule out developing military-technical cooperation with North Korea.",
        "Moscow is expanding space cooperation with Pyongyang.",
    ],
)
def test_know_how_offered_with_a_state_goes_to_it(text: str, ref: Reference) -> None:
    assert [row[:2] for row in shown(text, ref, "technology_transfer")] == [("RUS", "PRK")]


@pytest.mark.parametrize(
    "text, backer",
    [
        ("Russia vetoed the draft resolution on the DPRK with China's tacit support.", "CHN"),
        ("Russia, backed by China, blocked the Council's press statement on the DPRK's launch.", "CHN"),
        ("With the backing of Iran, Russia keeps buying North Korean shells.", "IRN"),
    ],
)
def test_a_third_state_backing_a_core_actor_is_a_link(text: str, backer: str, ref: Reference) -> None:
    assert [p[:2] for p in shown(text, ref, "third_party_link")] == [(backer, "RUS")]


def test_a_third_state_merely_named_beside_the_partners_is_no_link_shown(ref: Reference) -> None:
    text = "Iran and North Korea are supplying Russia with drones and shells."
    assert shown(text, ref, "third_party_link") == []


def test_a_third_state_abstaining_is_a_link_even_named_alone(ref: Reference) -> None:
    text = (
        "Russia vetoed the renewal of the DPRK sanctions panel. We regret that China decided to abstain on "
        "the draft."
    )
    assert [p[0] for p in shown(text, ref, "third_party_link")] == ["CHN"]


def test_belarus_is_a_third_state(ref: Reference) -> None:
    text = "Russia, with the backing of Belarus, keeps buying North Korean shells."
    assert [p[:2] for p in shown(text, ref, "third_party_link")] == [("BLR", "RUS")]


@pytest.mark.parametrize(
    "text, status",
    [
        ("Russia may be helping the DPRK develop its ballistic missiles.", "speculative"),
        ("Moscow helped Pyongyang's engineers improve their drones.", "reported"),
    ],
)
def test_helping_a_state_make_goods_is_a_technology_transfer(text: str, status: str, ref: Reference) -> None:
    assert shown(text, ref, "technology_transfer") == [("RUS", "PRK", "from_to", status)]
    assert shown(text, ref, "arms_transfer") == []


def test_boots_on_the_ground_are_troops(ref: Reference) -> None:
    text = "North Korean boots on the ground in Kursk show how far Russia now relies on Pyongyang."
    assert [row[:2] for row in shown(text, ref, "troop_deployment")] == [("PRK", "RUS")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Russia may be sharing battlefield lessons on drones with North Korea.",
            [("technology_transfer", "RUS", "PRK")],
        ),
        (
            "Russia has passed on know-how on drone warfare to North Korea.",
            [("technology_transfer", "RUS", "PRK")],
        ),
        ("Iran has become Russia's main source of drones.", [("arms_transfer", "IRN", "RUS")]),
        (
            "Chinese firms remain the main source of the machine tools that Russian arms makers need.",
            [("commodity_transfer", "CHN", "RUS")],
        ),
        ("North Korea's arms industry has supplied Russia with shells.", [("arms_transfer", "PRK", "RUS")]),
    ],
)
def test_know_how_about_goods_and_the_makers_of_goods_are_no_goods_traded(
    text: str, expected: list[tuple[str, str, str]], ref: Reference
) -> None:
    rows = normalise_document(extract_items(text, PUBLISHED, ref), "doc", PUBLISHED, ref)
    got = [(r["category"], r["from_actor_id"], r["to_actor_id"]) for r in rows if r["confidence"] >= 0.5]
    assert got == expected
