"""Transfers read the way the labelling guide reads them: origin, targets, undirected trade, payment,
parties from the document, hedging idioms and duplicates."""

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


def shown(text: str, ref: Reference, category: str = "arms_transfer") -> list[tuple[object, ...]]:
    """(from, to, direction, status) of each item of the category at the dashboard's default floor."""
    rows = normalise_document(extract_items(text, PUBLISHED, ref), "doc", PUBLISHED, ref)
    return [
        (r["from_actor_id"], r["to_actor_id"], r["direction"], r["status"])
        for r in rows
        if r["category"] == category and r["confidence"] >= 0.5
    ]


def test_a_weapon_striking_a_ukrainian_city_was_received_by_russia(ref: Reference) -> None:
    text = "Two missiles that struck Odesa last week were traced to North Korea, investigators found."
    assert shown(text, ref) == [("PRK", "RUS", "from_to", "alleged")]


def test_attributed_to_names_the_maker_not_the_recipient(ref: Reference) -> None:
    text = (
        "The debris of the missiles that hit Kharkiv in May was attributed to the DPRK by the investigators."
    )
    assert shown(text, ref) == [("PRK", "RUS", "from_to", "reported")]


def test_the_owner_of_use_is_the_recipient_of_the_goods(ref: Reference) -> None:
    text = "Officials briefed reporters on Russia's use of North Korean artillery shells near Kursk."
    assert shown(text, ref) == [("PRK", "RUS", "from_to", "reported")]


def test_trade_between_two_states_has_no_direction(ref: Reference) -> None:
    text = "Analysts see a steady flow of arms and ballistic missile transfers between Moscow and Pyongyang."
    assert [(a, b, d) for a, b, d, _ in shown(text, ref)] == [("RUS", "PRK", "between")]


@pytest.mark.parametrize(
    ("text", "pair"),
    [
        ("Russia and North Korea have expanded the arms trade between the two countries.", ("RUS", "PRK")),
        (
            "The Treasury sanctioned 15 North Koreans and one Russian vessel involved in the arms trade "
            "between the two countries.",
            ("PRK", "RUS"),
        ),
    ],
)
def test_trade_between_the_two_countries_is_between_the_states_named(
    text: str, pair: tuple[str, str], ref: Reference
) -> None:
    assert [(a, b, d) for a, b, d, _ in shown(text, ref)] == [(*pair, "between")]


@pytest.mark.parametrize(
    "text",
    [
        "Japan condemned the Russia-DPRK arms trade.",
        "During his visit to Seoul, the Prime Minister condemned the Russia–DPRK arms deals.",
    ],
)
def test_two_states_joined_by_a_dash_before_a_transfer_word_trade_between_them(
    text: str, ref: Reference
) -> None:
    assert [(a, b, d) for a, b, d, _ in shown(text, ref)] == [("RUS", "PRK", "between")]


def test_a_transfer_from_one_of_a_pair_goes_to_the_other(ref: Reference) -> None:
    text = (
        "The ministers discussed cooperation between North Korea and Russia, including the arms shipments "
        "from Pyongyang that began last year."
    )
    assert shown(text, ref) == [("PRK", "RUS", "from_to", "reported")]


def test_goods_given_in_return_move_the_other_way(ref: Reference) -> None:
    text = "North Korea received fighter jets from Russia in exchange for artillery shells."
    assert sorted(shown(text, ref)) == [
        ("PRK", "RUS", "from_to", "reported"),
        ("RUS", "PRK", "from_to", "reported"),
    ]


def test_strongest_possible_terms_hedges_nothing(ref: Reference) -> None:
    text = "We condemn in the strongest possible terms the DPRK's transfer of ballistic missiles to Russia."
    assert shown(text, ref) == [("PRK", "RUS", "from_to", "reported")]


def test_an_attempt_to_obtain_arms_is_expected_and_for_names_the_recipient(ref: Reference) -> None:
    text = "A broker met North Korean officials in an attempt to obtain artillery shells for Russia."
    assert shown(text, ref) == [("PRK", "RUS", "from_to", "expected")]


@pytest.mark.parametrize(
    "text",
    [
        "The firm arranged weapons sales for the DPRK to Russia.",
        "The broker handled arms sales on behalf of North Korea to Russia.",
        "The DPRK has boosted arms sales for Russia's war in Ukraine.",
    ],
)
def test_sales_for_a_state_are_sold_by_it(text: str, ref: Reference) -> None:
    assert [(a, b) for a, b, _, _ in shown(text, ref)] == [("PRK", "RUS")]


def test_each_side_of_a_contrast_tells_its_own_transfer(ref: Reference) -> None:
    text = (
        "The DPRK has supplied Russia with artillery shells, while Russia has transferred air defence "
        "systems to the DPRK."
    )
    assert sorted((a, b) for a, b, _, _ in shown(text, ref)) == [("PRK", "RUS"), ("RUS", "PRK")]


@pytest.mark.parametrize(
    ("text", "category"),
    [
        (
            "The vessel transported containers from Najin, North Korea, to Dunai, Russia.",
            "commodity_transfer",
        ),
        ("A Russian shipping company delivered North Korean ammunition.", "arms_transfer"),
    ],
)
def test_the_state_goods_come_from_supplies_them(text: str, category: str, ref: Reference) -> None:
    assert [(a, b) for a, b, _, _ in shown(text, ref, category)] == [("PRK", "RUS")]


@pytest.mark.parametrize(
    "text",
    [
        "The United States, a major supplier of weapons to Ukraine, said North Korea had shipped missiles to "
        "Russia.",
        "The United States, which has supplied Ukraine with Patriot systems, has said North Korea had "
        "shipped missiles to Russia.",
    ],
)
def test_what_a_reporter_supplies_elsewhere_is_not_the_story(text: str, ref: Reference) -> None:
    assert [(a, b) for a, b, _, _ in shown(text, ref)] == [("PRK", "RUS")]


def test_what_parts_are_for_is_no_goods_traded(ref: Reference) -> None:
    text = "OFAC designated Chinese companies that supplied components for Russian missiles."
    assert [c.category for c in extract_items(text, PUBLISHED, ref) if c.category.endswith("_transfer")] == []
    parts = "North Korea shipped components of ballistic missiles to Russia."
    assert [(a, b) for a, b, _, _ in shown(parts, ref)] == [("PRK", "RUS")]
    owned = "China supplied Russia with components for North Korea's KN-23 missiles."
    assert shown(owned, ref) == []


def test_a_goods_word_inside_a_name_is_no_goods(ref: Reference) -> None:
    text = "Korea Ryonha Machinery Joint Venture Corporation supplied artillery shells to Russia."
    assert [c.goods_class for c in extract_items(text, PUBLISHED, ref)] == ["artillery_ammunition"]


def test_providing_no_evidence_denies_nothing(ref: Reference) -> None:
    text = (
        "Russia is helping North Korea with its missile programme in exchange for the troops, a Ukrainian "
        "official said, without providing evidence."
    )
    rows = normalise_document(extract_items(text, PUBLISHED, ref), "doc", PUBLISHED, ref)
    assert "denied" not in {r["status"] for r in rows if r["confidence"] >= 0.5}


def test_an_acronym_is_not_the_goods_word_it_spells(ref: Reference) -> None:
    text = "CAR found that the missile which struck Kyiv was manufactured in North Korea."
    assert shown(text, ref, "luxury_goods_transfer") == []
    assert shown(text, ref) == [("PRK", "RUS", "from_to", "alleged")]


def test_a_transfer_restated_in_another_sentence_is_an_item_of_each(ref: Reference) -> None:
    text = (
        "North Korea shipped artillery shells to Russia in 2023. "
        "Russia received artillery shells from North Korea in 2023, the report added."
    )
    rows = normalise_document(extract_items(text, PUBLISHED, ref), "doc", PUBLISHED, ref)
    quotes = {r["quote"] for r in rows if r["category"] == "arms_transfer" and r["confidence"] >= 0.5}
    assert len(quotes) == 2


def rows_of(text: str, ref: Reference, category: str) -> list[dict]:
    rows = normalise_document(extract_items(text, PUBLISHED, ref), "doc", PUBLISHED, ref)
    return [r for r in rows if r["category"] == category and r["confidence"] >= 0.5]


def test_troops_named_where_they_are_were_deployed_there(ref: Reference) -> None:
    text = "Ukrainian forces captured two North Korean soldiers in the Kursk region."
    assert shown(text, ref, "troop_deployment") == [("PRK", "RUS", "from_to", "reported")]


def test_a_leader_named_right_after_a_verb_of_giving_receives_the_gift(ref: Reference) -> None:
    text = "Kim gave Putin artworks."
    assert [row[:2] for row in shown(text, ref, "luxury_goods_transfer")] == [("PRK", "RUS")]
    text = "The governor of Primorsky Krai presented Kim with five drones."
    assert [row[:2] for row in shown(text, ref)] == [("RUS", "PRK")]


@pytest.mark.parametrize(
    "text",
    [
        "Some 11,000 North Korean soldiers have been deployed to the Kursk region of Russia since October.",
        "North Korean combat units are fighting alongside Russian troops in Kursk.",
        "North Korean soldiers fought alongside Russian soldiers.",
        "North Korean infantrymen are already deployed alongside Russian units in the Kursk direction.",
    ],
)
def test_troops_fight_beside_their_hosts_forces_in_a_place_of_the_host(text: str, ref: Reference) -> None:
    assert [row[:3] for row in shown(text, ref, "troop_deployment")] == [("PRK", "RUS", "from_to")]


def test_troops_a_state_calls_its_own_are_its_deployment_even_when_it_tells_of_them(ref: Reference) -> None:
    text = "Pyongyang confirmed for the first time in April that its troops had been fighting in Kursk."
    assert [row[:3] for row in shown(text, ref, "troop_deployment")] == [("PRK", "RUS", "from_to")]


def test_weapons_the_attacker_fires_are_not_shown_as_a_transfer_without_a_supplier(ref: Reference) -> None:
    assert shown("Russian missiles struck Kyiv overnight, killing twelve people.", ref) == []
    text = "North Korea and Russia signed a treaty in June. Russian forces fired missiles at Kyiv in July."
    assert shown(text, ref) == []


def test_two_dates_joined_by_and_date_one_event_over_both(ref: Reference) -> None:
    text = "Russia launched North Korean missiles at Ukraine on 30 December 2023 and 2 January 2024."
    (row,) = rows_of(text, ref, "arms_transfer")
    assert (row["date_start"], row["date_end"], row["date_precision"]) == (
        date(2023, 12, 30),
        date(2024, 1, 2),
        "range",
    )


def test_a_list_of_days_dates_one_event_over_all_of_them(ref: Reference) -> None:
    text = "Missiles supplied by North Korea struck Kharkiv on 2 May, 9 May and 14 May, officials said."
    (row,) = rows_of(text, ref, "arms_transfer")
    assert (row["date_start"], row["date_end"], row["date_precision"]) == (
        date(2024, 5, 2),
        date(2024, 5, 14),
        "range",
    )


def test_dates_joined_by_commas_alone_are_no_list(ref: Reference) -> None:
    text = "North Korea shipped shells to Russia in 2023, 2024 saw more of them."
    (row,) = rows_of(text, ref, "arms_transfer")
    assert (row["date_start"], row["date_precision"]) == (date(2023, 1, 1), "year")


def test_a_sentence_without_a_date_does_not_take_the_one_before(ref: Reference) -> None:
    text = (
        "North Korea shipped artillery shells to Russia in March 2024. "
        "Russia also received ballistic missiles from North Korea."
    )
    missiles = [r for r in rows_of(text, ref, "arms_transfer") if r["goods_class"] == "ballistic_missile"]
    assert [(r["date_text"], r["date_start"]) for r in missiles] == [(None, date(2024, 6, 1))]


def test_the_date_of_a_briefing_is_not_the_date_of_the_transfer(ref: Reference) -> None:
    text = "North Korean missiles are being used, as we have heard today, in the destruction of Kharkiv."
    (row,) = rows_of(text, ref, "arms_transfer")
    assert (row["from_actor_id"], row["to_actor_id"], row["date_text"]) == ("PRK", "RUS", None)


def test_the_markers_after_a_transfer_noun_name_its_parties(ref: Reference) -> None:
    text = (
        "As set out in the statement by Japan and the United States, arms transfers from North Korea to "
        "Russia violate the resolutions."
    )
    assert shown(text, ref) == [("PRK", "RUS", "from_to", "alleged")]  # the statement is theirs


def test_a_use_of_weapons_with_no_maker_in_the_sentence_is_no_transfer_shown(ref: Reference) -> None:
    text = (
        "North Korea sent shells to Russia last year. "
        "Japan will never accept Russia's threats, let alone any use of nuclear weapons."
    )
    quotes = [r["quote"] for r in rows_of(text, ref, "arms_transfer")]
    assert quotes == ["North Korea sent shells to Russia last year."]


@pytest.mark.parametrize(
    "text",
    [
        "Moscow continues to source artillery shells from Pyongyang for its war.",
        "Russia relies on North Korea for much of its ammunition.",
        "The Kremlin's acquisition of ballistic missiles from the DPRK violates the arms embargo.",
        "Russia's sourcing of munitions from North Korea undermines the sanctions regime.",
    ],
)
def test_sourcing_and_acquisition_name_the_recipient(text: str, ref: Reference) -> None:
    assert shown(text, ref) == [("PRK", "RUS", "from_to", "reported")]


def test_aircraft_and_armoured_vehicles_are_military_equipment(ref: Reference) -> None:
    text = "Russia intends to transfer fighter aircraft and armoured vehicles to the DPRK."
    rows = normalise_document(extract_items(text, PUBLISHED, ref), "doc", PUBLISHED, ref)
    assert {
        (r["from_actor_id"], r["to_actor_id"], r["goods_class"]) for r in rows if r["confidence"] >= 0.5
    } == {("RUS", "PRK", "military_equipment")}


def status_of(text: str, ref: Reference, category: str = "arms_transfer") -> list[object]:
    return [status for *_, status in shown(text, ref, category)]


@pytest.mark.parametrize(
    "text",
    [
        # a hedge on the purpose only
        "North Korea sent 3,000 soldiers to Russia, possibly to defend the Kursk region.",
        "Seoul voiced concern over troop deployments by North Korea to Russia, potentially for use in Kursk.",
        # a hedge in a relative clause after the transfer
        "We believe that North Korea has sent 3,000 soldiers to Russia that will likely join the fighting.",
    ],
)
def test_a_hedge_on_a_purpose_or_a_relative_clause_leaves_the_deployment_reported(
    ref: Reference, text: str
) -> None:
    assert status_of(text, ref, "troop_deployment") == ["reported"]


def test_a_hedge_still_governs_the_transfer_it_stands_before(ref: Reference) -> None:
    assert status_of("North Korea may send 3,000 soldiers to Russia.", ref, "troop_deployment") == [
        "speculative"
    ]
    assert status_of("North Korea is likely to send 3,000 soldiers to Russia.", ref, "troop_deployment") == [
        "expected"
    ]


def test_what_a_deal_pays_for_is_told_as_given(ref: Reference) -> None:
    text = "Pyongyang will demand oil from Moscow in return for the shells it shipped to Russia."
    assert status_of(text, ref) == ["reported"]


def test_an_indefinite_payment_is_not_told_as_given(ref: Reference) -> None:
    text = "Russia sought to obtain shells from North Korea in exchange for oil to be sent to North Korea."
    assert status_of(text, ref, "commodity_transfer") == ["expected"]


def test_efforts_to_procure_are_expected_but_an_effort_told_earlier_is_not_the_transfers(
    ref: Reference,
) -> None:
    assert status_of("Russia continues its efforts to secretly procure shells from North Korea.", ref) == [
        "expected"
    ]
    text = "Sanctions are an effort to stop those involved in shipments of shells from the DPRK to Russia."
    assert status_of(text, ref) == ["reported"]


@pytest.mark.parametrize(
    "text",
    [
        "About 10,000 North Korean soldiers were sent to Russia for training.",
        "North Korean troops are undergoing training in eastern Russia.",
    ],
)
def test_troops_sent_for_training_are_only_a_deployment(text: str, ref: Reference) -> None:
    assert shown(text, ref, "technology_transfer") == []
    assert [p[:2] for p in shown(text, ref, "troop_deployment")] == [("PRK", "RUS")]


def test_a_trainer_named_keeps_the_training_a_technology_transfer(ref: Reference) -> None:
    text = "Russia's training and deployment of DPRK troops is a significant escalation."
    assert [p[:2] for p in shown(text, ref, "technology_transfer")] == [("RUS", "PRK")]
    assert [p[:2] for p in shown(text, ref, "troop_deployment")] == [("PRK", "RUS")]


def test_training_said_not_to_happen_is_denied(ref: Reference) -> None:
    text = "The envoy said that Russian officers were not training North Korean soldiers."
    assert [r[3] for r in shown(text, ref, "technology_transfer")] == ["denied"]


def test_training_given_to_troops_sends_no_troops(ref: Reference) -> None:
    text = "Russia is providing training to North Korean soldiers."
    assert shown(text, ref, "troop_deployment") == []
    assert [p[:2] for p in shown(text, ref, "technology_transfer")] == [("RUS", "PRK")]


def test_a_condition_after_the_transfer_and_a_comma_leaves_it_a_transfer(ref: Reference) -> None:
    text = "Analysts assess Russia could transfer submarine technology to North Korea, if it has not already."
    assert [p[:2] + p[3:] for p in shown(text, ref, "technology_transfer")] == [("RUS", "PRK", "speculative")]


def test_goods_whose_only_transfer_word_is_in_another_clause_are_less_sure(ref: Reference) -> None:
    text = (
        "Moscow keeps procuring shells from Pyongyang; it also threatens commercial vessels in the Black Sea."
    )
    rows = normalise_document(extract_items(text, PUBLISHED, ref), "doc", PUBLISHED, ref)
    sure = {r["category"]: r["confidence"] for r in rows}
    assert sure["commodity_transfer"] <= sure["arms_transfer"] - 0.2
    assert shown(text, ref) == [("PRK", "RUS", "from_to", "reported")]


@pytest.mark.parametrize(
    "text",
    [
        "Russia's help has accelerated North Korea's missile programmes.",
        "The DPRK has expanded its drone production capacity with Russian help.",
        "Moscow wants Pyongyang to give up its nuclear weapons.",
    ],
)
def test_goods_words_naming_a_programme_or_given_up_are_no_transfer(text: str, ref: Reference) -> None:
    assert shown(text, ref) == []


@pytest.mark.parametrize(
    "text",
    [
        "North Korean missiles struck Kyiv on 2 May, he recalled.",
        "“North Korean shells were fired at Kharkiv,” she stressed.",
        "We have seen reports indicating that North Korea shipped shells to Russia.",
    ],
)
def test_a_speaker_recalling_or_stressing_a_transfer_makes_it_alleged(ref: Reference, text: str) -> None:
    assert status_of(text, ref) == ["alleged"]


def test_believed_to_hedges_its_own_clause_only(ref: Reference) -> None:
    text = (
        "North Korea shipped shells to Russia, and 3,000 troops arrived in Russia, with many believed to be"
        " heading to Kursk."
    )
    assert status_of(text, ref) == ["reported"]


def test_a_third_state_named_in_the_sentence_is_the_missing_party_not_the_documents_partner(
    ref: Reference,
) -> None:
    text = (
        "North Korea has shipped millions of shells to Russia. We are also concerned by the consequences of "
        "Iran potentially transferring ballistic missiles to Russia."
    )
    rows = normalise_document(extract_items(text, PUBLISHED, ref), "doc", PUBLISHED, ref)
    second = [r for r in rows if r["category"] == "arms_transfer" and "Iran" in r["quote"]]
    assert [(r["from_actor_id"], r["to_actor_id"], r["status"]) for r in second] == [
        ("IRN", "RUS", "speculative")
    ]


def test_the_object_of_one_transfer_verb_does_not_supply_the_next(ref: Reference) -> None:
    text = "The war escalated with the DPRK supplying Russia with shells, and then sending its own soldiers."
    assert [p[:2] for p in shown(text, ref, "troop_deployment")] == [("PRK", "RUS")]


def test_the_actor_right_before_a_transfer_verb_is_its_subject(ref: Reference) -> None:
    text = "Kyiv fears the prospect of Iran quietly shipping drones to Russia."
    assert [p[:2] for p in shown(text, ref, "arms_transfer")] == [("IRN", "RUS")]


def test_a_noun_of_receiving_names_its_recipient_after_by(ref: Reference) -> None:
    text = "The sale by North Korea, and procurement by Russia, of these rockets breach the embargo."
    assert [p[:2] for p in shown(text, ref)] == [("PRK", "RUS")]


def test_an_actor_owning_other_goods_after_the_transfer_noun_is_no_supplier(ref: Reference) -> None:
    text = "Russian drone technology transfers could boost North Korea's missile programme."
    assert [p[:2] for p in shown(text, ref, "technology_transfer")] == [("RUS", "PRK")]


def test_the_date_of_a_meeting_or_a_veto_beside_it_is_not_the_transfers(ref: Reference) -> None:
    for text in (
        "After reports of North Korean shells in Russia, the Council today examined the arms trade.",
        "Russia's veto today shields its purchases of North Korean shells.",
    ):
        assert [r["date_text"] for r in rows_of(text, ref, "arms_transfer")] == [None]


def test_the_day_a_speaker_told_of_the_transfer_is_not_its_date(ref: Reference) -> None:
    for text in (
        "A senior official told the Security Council today that North Korea supplies Russia with shells.",
        "The minister told reporters on Tuesday that North Korea supplies Russia with shells.",
    ):
        assert [r["date_text"] for r in rows_of(text, ref, "arms_transfer")] == [None]
    dated = "The minister told reporters North Korea shipped shells to Russia on 3 January."
    assert [r["date_text"] for r in rows_of(dated, ref, "arms_transfer")] == ["3 January"]


def test_a_date_opening_a_report_dates_the_report_not_what_it_tells(ref: Reference) -> None:
    for text in (
        "On 29 May, the United States published images confirming that Russia used North Korean missiles.",
        "On Thursday, the ministry said that North Korea has shipped shells to Russia.",
    ):
        assert [r["date_text"] for r in rows_of(text, ref, "arms_transfer")] == [None]
    told = "On 2 January, Russia fired North Korean missiles at Kharkiv."
    assert [r["date_text"] for r in rows_of(told, ref, "arms_transfer")] == ["2 January"]


def test_a_day_named_without_a_year_takes_the_year_of_the_month_the_paragraph_named(ref: Reference) -> None:
    published = date(2024, 12, 4)
    text = (
        "North Korea shipped shells to Russia in September 2023. On 13 September, North Korea shipped "
        "missiles to Russia. In December 2023 Russia received drones from North Korea. On 2 January, Russia "
        "fired North Korean missiles at Kharkiv."
    )
    rows = normalise_document(extract_items(text, published, ref), "doc", published, ref)
    days = [
        r["date_start"] for r in rows if r["category"] == "arms_transfer" and r["date_precision"] == "day"
    ]
    assert days == [date(2023, 9, 13), date(2024, 1, 2)]
    alone = "North Korea shipped missiles to Russia on 13 September."
    rows = normalise_document(extract_items(alone, published, ref), "doc", published, ref)
    assert [r["date_start"] for r in rows if r["category"] == "arms_transfer"] == [date(2024, 9, 13)]


def test_the_day_a_report_was_published_or_a_speaker_spoke_is_not_the_transfers(ref: Reference) -> None:
    for text in (
        "In a report published on Thursday, the team said North Korea had shipped shells to Russia.",
        "North Korea sent 3,000 more troops to Russia, Seoul's spy agency said on Monday.",
        "Russia has used North Korean missiles at least 10 times, the envoy told VOA on Monday.",
        "North Korea has shipped shells to Russia, Umerov said in an interview published on Monday.",
        "Today the UK sanctioned three vessels that carried North Korean munitions to Russia.",
        "In November, South Korea's defence minister Shin Won-sik said North Korea sent shells to Russia.",
    ):
        rows = rows_of(text, ref, "arms_transfer") + rows_of(text, ref, "troop_deployment")
        assert [r["date_text"] for r in rows] == [None], text
    statement = "Japan condemned the transfers of shells to Russia, its foreign ministry said on Monday."
    assert [r["date_text"] for r in rows_of(statement, ref, "statement")] == ["Monday"]


def test_a_date_that_ends_a_period_does_not_date_the_act_when_another_does(ref: Reference) -> None:
    text = "On 30 March 2020, the Security Council extended until 30 April 2021 the sanctions on the DPRK."
    (action,) = rows_of(text, ref, "sanctions_action")
    assert (action["date_start"], action["date_precision"]) == (date(2020, 3, 30), "day")
    alone = "The Security Council extended until 30 April 2021 the sanctions on the DPRK."
    # Alone, the end of the period still dates no act: it is placed, undated, in the publication month.
    (alone_action,) = rows_of(alone, ref, "sanctions_action")
    assert alone_action["date_start"] != date(2021, 4, 30)


def test_a_state_turned_to_for_goods_supplies_them(ref: Reference) -> None:
    for text in (
        "Russia has turned to the DPRK for munitions.",
        "Moscow is looking to Pyongyang for ammunition.",
        "Russia relied on North Korea for artillery shells.",
    ):
        assert [p[:2] for p in shown(text, ref)] == [("PRK", "RUS")], text


def test_troops_given_goods_receive_them_and_troops_sent_with_goods_are_sent(ref: Reference) -> None:
    given = "The Russians have provided the North Korean troops with Russian uniforms and equipment."
    assert shown(given, ref, "troop_deployment") == []
    assert [p[:2] for p in shown(given, ref)] == [("RUS", "PRK")]
    sent = "North Korea sent troops with artillery to Russia."
    assert [p[:2] for p in shown(sent, ref, "troop_deployment")] == [("PRK", "RUS")]


def test_fighters_of_a_state_are_troops_and_fighters_named_by_their_type_are_aircraft(ref: Reference) -> None:
    fighting = "We now see North Korean fighters fighting for Russia."
    assert [p[:2] for p in shown(fighting, ref, "troop_deployment")] == [("PRK", "RUS")]
    jets = "Russia intends to transfer MiG-29 fighters to North Korea."
    assert shown(jets, ref, "troop_deployment") == []
    assert [p[:2] for p in shown(jets, ref)] == [("RUS", "PRK")]


def test_a_threat_to_the_attacked_state_is_not_aid_sent_to_it(ref: Reference) -> None:
    threat = "The transfer of North Korean missiles to Russia poses a grave threat to Ukraine."
    assert [p[:2] for p in shown(threat, ref)] == [("PRK", "RUS")]


def test_goods_another_state_made_and_a_state_deployed_were_supplied_to_it(ref: Reference) -> None:
    for text in (
        "Russia has deployed North Korean KN-23 missiles in Ukraine.",
        "Russia deploys missiles from North Korea on the battlefield.",
    ):
        assert [p[:2] for p in shown(text, ref)] == [("PRK", "RUS")], text


def test_who_uses_the_goods_received_them(ref: Reference) -> None:
    text = (
        "This augments the DPRK’s support to Russia, including munitions that are being used by Russia in "
        "its war against Ukraine."
    )
    assert shown(text, ref) == [("PRK", "RUS", "from_to", "reported")]


def test_a_veto_the_document_dates_once_is_dated_where_it_is_restated(ref: Reference) -> None:
    text = (
        "We condemn Russia's veto of the renewal of the Panel of Experts. "
        "Its veto on 28 March shields the arms trade."
    )
    first = rows_of(text, ref, "sanctions_action")[0]
    assert (first["from_actor_id"], first["date_start"], first["date_precision"]) == (
        "RUS",
        date(2024, 3, 28),
        "day",
    )


def test_an_abstention_in_the_vote_on_a_dated_veto_is_dated_with_it(ref: Reference) -> None:
    text = (
        "On 28 March, Russia vetoed the renewal of the Panel of Experts on the DPRK. "
        "The vote was 13 in favour, Russia against and China abstaining."
    )
    links = rows_of(text, ref, "third_party_link")
    assert [(r["from_actor_id"], r["date_start"], r["date_precision"]) for r in links] == [
        ("CHN", date(2024, 3, 28), "day")
    ]


def test_a_veto_dated_twice_differently_is_two_vetoes_and_the_undated_one_stays_undated(
    ref: Reference,
) -> None:
    text = (
        "We condemn Russia's veto of the renewal of the Panel of Experts. "
        "Its veto on 28 March followed the veto of 26 May 2022."
    )
    first = rows_of(text, ref, "sanctions_action")[0]
    assert (first["date_text"], first["date_precision"]) == (None, "month")


def test_a_visit_is_dated_beside_its_host_named_as_the_place(ref: Reference) -> None:
    text = (
        "Russian President Putin and DPRK leader Kim held summits in eastern Russia in April 2019 and in"
        " Pyongyang in June 2024."
    )
    rows = rows_of(text, ref, "summit_or_visit")
    to_pyongyang = [r for r in rows if r["to_actor_id"] == "PRK"]
    assert [(r["date_start"], r["date_precision"]) for r in to_pyongyang] == [(date(2024, 6, 1), "month")]


def test_a_pronoun_subject_of_an_opening_clause_is_the_main_clause_subject(ref: Reference) -> None:
    text = "As it buys shells from North Korea, Russia keeps up its assault on Ukraine."
    assert shown(text, ref) == [("PRK", "RUS", "from_to", "reported")]


def test_a_pronoun_supplier_of_an_opening_clause_is_the_main_clause_subject(ref: Reference) -> None:
    text = "While they ship artillery shells to Moscow, the DPRK's leaders deny any trade."
    assert [(f, t) for f, t, _, _ in shown(text, ref)] == [("PRK", "RUS")]


def test_a_third_state_after_an_opening_clause_still_supplies(ref: Reference) -> None:
    text = "And as it sources weapons for its war, Russia turns to states such as Iran and the DPRK."
    assert shown(text, ref) == [("IRN", "RUS", "from_to", "reported"), ("PRK", "RUS", "from_to", "reported")]


def test_states_after_a_preposition_is_a_noun_not_a_reporting_verb(ref: Reference) -> None:
    text = "Russia has bought shells from North Korea, in breach of sanctions on states such as the DPRK."
    assert shown(text, ref) == [("PRK", "RUS", "from_to", "reported")]


def test_each_goods_class_is_supplied_by_the_state_that_modifies_it(ref: Reference) -> None:
    text = "Russia's use of North Korean ballistic missiles and Iranian drones against Ukraine is unlawful."
    assert [(f, t) for f, t, _, _ in shown(text, ref)] == [("PRK", "RUS"), ("IRN", "RUS")]


def test_the_attackers_own_weapons_striking_ukraine_are_no_transfer(ref: Reference) -> None:
    """Russian missiles striking Odesa were never received by anyone: no recipient is read from the
    document's other state."""
    text = (
        "North Korea has sent ballistic missiles to Russia. Between 5 and 14 October, Russian missiles "
        "struck four civilian ships in Odesa."
    )
    rows = normalise_document(extract_items(text, PUBLISHED, ref), "doc", PUBLISHED, ref)
    second = [r for r in rows if r["char_start"] > 0 and r["category"] == "arms_transfer"]
    assert [(r["from_actor_id"], r["to_actor_id"]) for r in second if r["to_actor_id"]] == []


@pytest.mark.parametrize(
    ("text", "category", "expected"),
    [
        (
            "North Korea’s deployment of thousands of troops to aid Russia is a dangerous escalation.",
            "troop_deployment",
            [("PRK", "RUS", "from_to", "reported")],
        ),
        (
            "Pyongyang sent artillery shells to help Russia in its war.",
            "arms_transfer",
            [("PRK", "RUS", "from_to", "reported")],
        ),
    ],
)
def test_whom_troops_or_goods_are_sent_to_help_receives_them(
    text: str, category: str, expected: list[tuple[object, ...]], ref: Reference
) -> None:
    assert shown(text, ref, category) == expected


def test_the_owner_of_a_transfer_noun_is_its_supplier(ref: Reference) -> None:
    """ "North Korea's deployment of troops to Russia": North Korea sends them, read from this sentence,
    not supplied from elsewhere as the document's other state."""
    text = "North Korea’s deployment of troops to Russia is a dangerous escalation."
    found = [(c.from_actor_id, c.to_actor_id, c.evidence) for c in extract_items(text, PUBLISHED, ref)]
    assert found == [("PRK", "RUS", ())]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The goods are the subject of a passive use: no state before the verb received them.
        (
            "Jung Pak, the U.S. Senior Official for the DPRK, told reporters that North Korean missiles "
            "have been used on the battlefield in Ukraine.",
            [("PRK", "RUS")],
        ),
    ],
)
def test_who_used_goods_is_read_from_the_use_itself(
    text: str, expected: list[tuple[str, str]], ref: Reference
) -> None:
    assert [(f, t) for f, t, _, _ in shown(text, ref)] == expected


def test_containers_loaded_with_munitions_are_one_arms_transfer(ref: Reference) -> None:
    text = "North Korea has dispatched at least 10,000 containers loaded with military munitions to Russia."
    rows = normalise_document(extract_items(text, PUBLISHED, ref), "doc", PUBLISHED, ref)
    shown_rows = [r for r in rows if r["confidence"] >= 0.5]
    assert [(r["category"], r["from_actor_id"], r["to_actor_id"]) for r in shown_rows] == [
        ("arms_transfer", "PRK", "RUS")
    ]


def test_the_date_of_a_joint_statement_does_not_date_the_transfer_it_condemns(ref: Reference) -> None:
    text = (
        "Secretary Blinken thanked Foreign Minister Cho for the ROK signing the January 9 joint statement "
        "condemning Russia’s use of ballistic missiles from the DPRK against Ukraine."
    )
    rows = normalise_document(extract_items(text, PUBLISHED, ref), "doc", PUBLISHED, ref)
    transfers = [r for r in rows if r["category"] == "arms_transfer"]
    assert [(r["from_actor_id"], r["to_actor_id"], r["date_text"]) for r in transfers] == [
        ("PRK", "RUS", None)
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A transfer contemplated ("would be a violation") is a speculative transfer.
        (
            "Any transfer of ballistic missile-related technology from Russia to the DPRK would be another "
            "serious violation of UN Security Council resolutions.",
            [("technology_transfer", "RUS", "PRK", "speculative")],
        ),
        # A transfer told as a condition is no transfer on the map.
        (
            "If Iran were to move forward with the transfer of ballistic missiles to Russia, it would "
            "represent a dramatic escalation.",
            [],
        ),
    ],
)
def test_a_contemplated_transfer_is_speculative_and_a_condition_is_none(
    text: str, expected: list[tuple[str, ...]], ref: Reference
) -> None:
    rows = normalise_document(extract_items(text, PUBLISHED, ref), "doc", PUBLISHED, ref)
    transfers = [r for r in rows if r["category"].endswith("_transfer") and r["confidence"] >= 0.5]
    assert [(r["category"], r["from_actor_id"], r["to_actor_id"], r["status"]) for r in transfers] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("North Korea's arms trade with Russia continues.", [("PRK", "RUS", "between", "reported")]),
        # The DPRK's own launches are no transfer; its arms shipments "with" Russia name no direction.
        (
            "They condemned the DPRK's recent launches of multiple ballistic missiles, illicit ship-to-ship "
            "transfers, and arms shipments with Russia as clear violations.",
            [("PRK", "RUS", "between", "alleged")],  # "They condemned": someone the text does not name
        ),
        # Launches of missiles another state made are still a transfer.
        (
            "Russia's launches of North Korean missiles at Kyiv continue.",
            [("PRK", "RUS", "from_to", "reported")],
        ),
    ],
)
def test_trade_with_a_state_is_undirected_and_a_states_own_launches_are_no_transfer(
    text: str, expected: list[tuple[object, ...]], ref: Reference
) -> None:
    assert shown(text, ref) == expected


def test_troops_deployed_by_a_state_were_sent_to_it_by_their_own(ref: Reference) -> None:
    """ "North Korean troops deployed by Russia": Russia received them; the one who says so (a Ukrainian
    president) reports, so the claim is alleged."""
    text = (
        "Ukrainian President Volodymyr Zelenskyy said Ukrainian troops were facing 11,000 North Korean "
        "troops deployed by Russia to its Kursk region."
    )
    assert shown(text, ref, "troop_deployment") == [("PRK", "RUS", "from_to", "alleged")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A state's name right after a verb of giving is whom the goods are given, not their maker.
        ("The DPRK is supplying Russia shells.", [("PRK", "RUS", "from_to", "reported")]),
        ("Pyongyang is supplying North Korean shells to Moscow.", [("PRK", "RUS", "from_to", "reported")]),
    ],
)
def test_a_state_named_between_a_verb_of_giving_and_the_goods_receives_them(
    text: str, expected: list[tuple[object, ...]], ref: Reference
) -> None:
    assert shown(text, ref) == expected


def test_a_recipient_in_another_clause_is_not_this_transfers(ref: Reference) -> None:
    text = "The DPRK is providing Russia weapons, and Russia will provide Kim Jong Un with technologies."
    assert [row[:2] for row in shown(text, ref, "technology_transfer")] == [("RUS", "PRK")]


@pytest.mark.parametrize(
    ("text", "category", "expected"),
    [
        # A refusal negates what is refused, not the transfer told with it.
        ("Russia refuses to stop buying North Korean missiles.", "arms_transfer", [("PRK", "RUS")]),
        # "DPRK soldiers": the state's short name before troops is their own state, not whom they go to.
        (
            "Kim Jong Un has sent DPRK soldiers to fight alongside Russian forces.",
            "troop_deployment",
            [("PRK", "RUS")],
        ),
        # The agent of a passive deployment sends the troops when no other state owns them.
        (
            "Some 11,000 soldiers were deployed by the DPRK in Russia's Kursk region.",
            "troop_deployment",
            [("PRK", "RUS")],
        ),
        # A purpose clause ("pledged to help Pyongyang") names no recipient of what Russia buys.
        (
            "Russia is buying artillery shells from North Korea and has pledged to help Pyongyang evade "
            "sanctions.",
            "arms_transfer",
            [("PRK", "RUS")],
        ),
    ],
)
def test_readings_a_review_found_wrong_stay_right(
    text: str, category: str, expected: list[tuple[str, str]], ref: Reference
) -> None:
    assert [row[:2] for row in shown(text, ref, category)] == expected


def test_the_agent_of_a_passive_verb_of_receiving_is_the_recipient(ref: Reference) -> None:
    # Read from the sentence itself, so not marked down as a party taken from the document.
    (found,) = extract_items("Drones were acquired by Russia from Iran.", PUBLISHED, ref)
    assert (found.from_actor_id, found.to_actor_id) == ("IRN", "RUS")
    assert "party_from_context" not in found.evidence


def test_the_subject_owns_the_trade_its_pronoun_points_back_to(ref: Reference) -> None:
    (found,) = extract_items("Russia expanded its arms trade with North Korea.", PUBLISHED, ref)
    assert (found.from_actor_id, found.to_actor_id, found.direction) == ("RUS", "PRK", "between")
    assert "party_from_context" not in found.evidence


def test_troops_sent_in_support_of_a_state_go_to_that_state(ref: Reference) -> None:
    text = "DPRK has deployed a further 3,000 troops in support of Russian forces in Kursk."
    assert shown(text, ref, "troop_deployment") == [("PRK", "RUS", "from_to", "reported")]


@pytest.mark.parametrize(
    "text",
    [
        "Deepening military cooperation between Russia and North Korea is destabilising Europe.",
        "Russia’s military partnership with the DPRK has grown since the summit.",
        "The Russian Federation expanded its military ties with the DPRK last year.",
    ],
)
def test_military_cooperation_between_the_two_is_an_undirected_arms_transfer(
    text: str, ref: Reference
) -> None:
    assert [(a, b, d) for a, b, d, _ in shown(text, ref)] == [("RUS", "PRK", "between")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A transfer told beside it says more: no second, undirected item.
        (
            "Military cooperation between Russia and the DPRK now includes shipments of artillery shells "
            "from the DPRK to Russia.",
            [("PRK", "RUS", "from_to")],
        ),
        # A topic of talks, and a pointer back to the transfers told before, are no transfer.
        ("The Security Council discussed the military cooperation between Russia and North Korea.", []),
        ("Such unlawful and unacceptable military cooperation between Russia and North Korea must end.", []),
        # Cooperation with a third state is not the pair this monitor follows, nor is a "between" that
        # belongs to another noun.
        ("Russia’s military cooperation with Iran has deepened.", []),
        (
            "Japan strengthened military cooperation amid the talks between Russia and North Korea.",
            [],
        ),
    ],
)
def test_military_cooperation_yields_no_transfer_where_another_says_more_or_none_is_told(
    text: str, expected: list[tuple[str, str, str]], ref: Reference
) -> None:
    assert [(a, b, d) for a, b, d, _ in shown(text, ref)] == expected


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("Russia has no military cooperation with North Korea.", "denied"),
        ("China said it was not a party to the military cooperation between Russia and the DPRK.", "alleged"),
        ("This year, military cooperation between Russia and North Korea deepened.", "reported"),
        (
            "The Council discussed the DPRK's launches amid growing military cooperation between Russia and "
            "North Korea.",
            "reported",
        ),
    ],
)
def test_military_cooperation_said_not_to_exist_is_denied_and_a_pointless_this_is_no_pointer(
    text: str, status: str, ref: Reference
) -> None:
    assert shown(text, ref) == [("RUS", "PRK", "between", status)]


def test_all_told_reports_no_one(ref: Reference) -> None:
    assert shown("All told, North Korea has sent shells to Russia.", ref) == [
        ("PRK", "RUS", "from_to", "reported")
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The trainer gives know-how to the trained troops' state.
        ("Russia is training North Korean troops in drone warfare.", [("RUS", "PRK", "technology_transfer")]),
        ("Russia taught North Korean soldiers to fly drones.", [("RUS", "PRK", "technology_transfer")]),
        (
            "Tehran has trained Russian military personnel to operate the drones.",
            [("IRN", "RUS", "technology_transfer")],
        ),
        # Troops trained by a state named after "by" receive its know-how, whichever way it goes.
        (
            "Russian troops are being trained by North Korean instructors.",
            [("PRK", "RUS", "technology_transfer")],
        ),
        ("North Korean troops were trained in Russia.", [("PRK", "RUS", "troop_deployment")]),
        # Troops who train others are sent nowhere by it: no "Russia → North Korea: troops".
        ("Russian troops are training North Korean forces in infantry tactics.", []),
        # Troops sent for training are still sent.
        (
            "North Korean soldiers sent to Russia for training have reached the front.",
            [("PRK", "RUS", "troop_deployment")],
        ),
    ],
)
def test_troops_a_verb_of_training_governs_receive_know_how_or_give_it(
    text: str, expected: list[tuple[str, str, str]], ref: Reference
) -> None:
    rows = normalise_document(extract_items(text, PUBLISHED, ref), "doc", PUBLISHED, ref)
    assert [
        (r["from_actor_id"], r["to_actor_id"], r["category"]) for r in rows if r["confidence"] >= 0.5
    ] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A weapon of a family North Korea builds, used by Russia, was supplied by North Korea.
        (
            "Russian forces have fired dozens of KN-23 missiles at Ukrainian cities.",
            [("PRK", "RUS", "from_to")],
        ),
        # Russia's own weapons are no transfer.
        ("Russia launched Iskander missiles at Kharkiv.", []),
    ],
)
def test_the_maker_of_a_weapon_family_supplied_the_weapons_another_state_uses(
    text: str, expected: list[tuple[str, str, str]], ref: Reference
) -> None:
    assert [(a, b, d) for a, b, d, _ in shown(text, ref)] == expected


@pytest.mark.parametrize(
    "text",
    [
        "The KN-23 missile recovered in Kharkiv contained electronics manufactured in the US and Japan.",
        "Japanese-made parts were found in the debris of North Korean missiles used by Russia.",
    ],
)
def test_where_a_weapons_parts_were_made_names_no_party(text: str, ref: Reference) -> None:
    assert [(a, b) for a, b, _, _ in shown(text, ref)] == [("PRK", "RUS")]


def test_a_third_state_supplying_in_one_clause_is_not_the_recipient_in_the_next(ref: Reference) -> None:
    text = "Iran has supplied Russia with Shahed drones, while North Korea has provided artillery shells."
    assert [(a, b) for a, b, _, _ in shown(text, ref)] == [("IRN", "RUS"), ("PRK", "RUS")]


def test_what_is_received_in_return_goes_the_other_way(ref: Reference) -> None:
    text = (
        "North Korea has supplied Russia with artillery shells. In return, it has received oil from Moscow."
    )
    rows = normalise_document(extract_items(text, PUBLISHED, ref), "doc", PUBLISHED, ref)
    oil = [(r["from_actor_id"], r["to_actor_id"]) for r in rows if r["category"] == "commodity_transfer"]
    assert oil and set(oil) == {("RUS", "PRK")}


def test_a_question_asserts_no_transfer(ref: Reference) -> None:
    text = "Did North Korea supply the missiles that hit Kharkiv?"
    assert shown(text, ref) == []  # kept below the default floor, as speculative
    kept = normalise_document(extract_items(text, PUBLISHED, ref), "doc", PUBLISHED, ref)
    assert [(r["from_actor_id"], r["to_actor_id"], r["status"]) for r in kept] == [
        ("PRK", "RUS", "speculative")
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Words of denial deny only what is claimed, not a fact told beside them.
        (
            "North Korea used fabricated shipping documents to deliver artillery shells to Russia.",
            [("PRK", "RUS", "from_to", "reported")],
        ),
        # Troops training somewhere are still there.
        (
            "Thousands of North Korean troops are now training in Russia's Far East.",
            [("PRK", "RUS", "from_to", "reported")],
        ),
        # "no doubt that" is no doubt.
        (
            "There is no doubt that military cooperation between Russia and North Korea is growing.",
            [("RUS", "PRK", "between", "reported")],
        ),
        # Parts that are the goods traded name their maker as supplier.
        ("North Korea received missile components made in Russia.", [("RUS", "PRK", "from_to", "reported")]),
    ],
)
def test_review_cases_keep_the_facts_they_tell(
    text: str, expected: list[tuple[str, str, str, str]], ref: Reference
) -> None:
    rows = normalise_document(extract_items(text, PUBLISHED, ref), "doc", PUBLISHED, ref)
    assert [
        (r["from_actor_id"], r["to_actor_id"], r["direction"], r["status"])
        for r in rows
        if r["confidence"] >= 0.5
    ] == expected


def test_goods_fired_with_no_supplier_named_stay_below_the_floor(ref: Reference) -> None:
    text = "On 2 January 2024, Russian forces fired 24 ballistic missiles at Kharkiv."
    assert shown(text, ref) == []


def test_three_states_joined_by_dashes_are_no_pair(ref: Reference) -> None:
    assert shown("The Russia–North Korea–Iran arms trade worries the West.", ref) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The owner of "supplier" is whom it supplies.
        ("Iran has become Russia's main supplier of drones.", [("IRN", "RUS", "from_to", "reported")]),
        # Unconfirmed is no fact.
        (
            "Russia's transfer of MiG-29 fighters to North Korea remains unconfirmed.",
            [("RUS", "PRK", "from_to", "alleged")],
        ),
    ],
)
def test_suppliers_owners_and_unconfirmed_transfers(
    text: str, expected: list[tuple[str, str, str, str]], ref: Reference
) -> None:
    assert shown(text, ref) == expected


def test_a_wire_dateline_names_no_visitor(ref: Reference) -> None:
    text = (
        "SEOUL, Nov 20 (Yonhap) - Russian Natural Resources Minister Alexander Kozlov arrived in Pyongyang."
    )
    rows = normalise_document(extract_items(text, PUBLISHED, ref, "Reuters"), "doc", PUBLISHED, ref)
    visits = [(r["from_actor_id"], r["to_actor_id"]) for r in rows if r["category"] == "summit_or_visit"]
    assert visits == [("RUS", "PRK")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The vessel transported munitions from Rajin to Dunai.", [("PRK", "RUS")]),
        (
            "In October 2023, DPRK-flagged vessels made 25 deliveries of coal to ports in China.",
            [("PRK", "CHN")],
        ),
    ],
)
def test_a_ship_carries_the_goods_it_names_and_ports_name_their_state(
    text: str, expected: list[tuple[str, str]], ref: Reference
) -> None:
    rows = normalise_document(extract_items(text, PUBLISHED, ref), "doc", PUBLISHED, ref)
    assert [(r["from_actor_id"], r["to_actor_id"]) for r in rows if r["confidence"] >= 0.5] == expected


def test_help_in_improving_missiles_is_know_how(ref: Reference) -> None:
    text = "Russia assisted the DPRK in improving the accuracy of its ballistic missiles."
    assert shown(text, ref, "technology_transfer") == [("RUS", "PRK", "from_to", "reported")]
    assert shown(text, ref) == []


def test_a_designated_ship_is_no_goods_and_carrying_is_a_transfer(ref: Reference) -> None:
    text = "The EU designated two vessels that carried North Korean munitions to Russia."
    rows = normalise_document(extract_items(text, PUBLISHED, ref), "doc", PUBLISHED, ref)
    shown_rows = [
        (r["category"], r["from_actor_id"], r["to_actor_id"]) for r in rows if r["confidence"] >= 0.5
    ]
    assert shown_rows == [("arms_transfer", "PRK", "RUS"), ("sanctions_action", "eu", "PRK")]


def test_carrying_out_strikes_carries_nothing(ref: Reference) -> None:
    text = "Russia carried out strikes on Kharkiv."
    assert [c.category for c in extract_items(text, PUBLISHED, ref)] == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "North Korea, which has supplied Russia with artillery shells, said it would deepen ties.",
            [("PRK", "RUS")],
        ),
        ("North Korea not only sent troops to Russia but also shipped ballistic missiles.", [("PRK", "RUS")]),
        ("According to Reuters, Russia sent fighter jets to North Korea.", [("RUS", "PRK")]),
        ("North Korea shipped banned ballistic missiles to Russia.", [("PRK", "RUS")]),
    ],
)
def test_what_the_reporter_did_asides_and_openers_keep_their_transfer(
    text: str, expected: list[tuple[str, str]], ref: Reference
) -> None:
    assert [(a, b) for a, b, _, _ in shown(text, ref)] == expected


@pytest.mark.parametrize(
    "text",
    [
        "North Korea and Russia have expanded their military cooperation.",
        "Russia and North Korea have expanded their arms trade.",
    ],
)
def test_the_pair_that_owns_its_cooperation_trades_between_them(text: str, ref: Reference) -> None:
    assert {(a, b, d) for a, b, d, _ in shown(text, ref)} <= {
        ("PRK", "RUS", "between"),
        ("RUS", "PRK", "between"),
    }
    assert len(shown(text, ref)) == 1


def test_containers_of_munitions_carried_by_ships_are_one_arms_transfer(ref: Reference) -> None:
    text = (
        "The two vessels are assessed to have carried containers of North Korean munitions from Rajin to the "
        "Russian port of Vostochny."
    )
    rows = normalise_document(extract_items(text, PUBLISHED, ref), "doc", PUBLISHED, ref)
    shown = [(r["category"], r["from_actor_id"], r["to_actor_id"]) for r in rows if r["confidence"] >= 0.5]
    assert shown == [("arms_transfer", "PRK", "RUS")]
