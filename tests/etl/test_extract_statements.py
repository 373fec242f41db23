"""Statements and sanctions actions: who speaks or acts (groups, "we", the publisher), on whom, and when."""

from __future__ import annotations

from datetime import date

import pytest

from etl.extract.candidates import extract_items
from etl.extract.dates import find_dates
from etl.extract.normalise import normalise_document
from etl.extract.reference import Reference, load_reference
from etl.settings import PROJECT_ROOT

PUBLISHED = date(2024, 12, 4)


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


def dated(rows: list[dict], category: str) -> list[tuple[str | None, str | None, date | None, str]]:
    return [
        (r["from_actor_id"], r["to_actor_id"], r["date_start"], r["date_precision"])
        for r in rows
        if r["category"] == category
    ]


def test_a_veto_cast_by_a_state_is_that_states_action_on_the_regime(ref: Reference) -> None:
    text = (
        "The Security Council today failed to adopt a resolution that would have extended the mandate of the "
        "Panel of Experts, due to a veto cast by the Russian Federation."
    )
    rows = shown(text, ref)
    assert dated(rows, "sanctions_action") == [("RUS", "PRK", PUBLISHED, "day")]
    assert [r["status"] for r in rows if r["category"] == "sanctions_action"] == ["reported"]


def test_a_body_naming_the_kind_of_veto_is_not_its_actor(ref: Reference) -> None:
    text = "The Panel was disbanded in April 2024 after Russia used its Security Council veto to block it."
    assert dated(shown(text, ref), "sanctions_action") == [("RUS", "PRK", date(2024, 4, 1), "month")]


def test_listed_provisions_of_a_resolution_are_the_councils_dated_by_its_adoption(ref: Reference) -> None:
    text = (
        "Resolution 1874 was adopted unanimously by the Security Council on 12 June 2009.\n\n"
        "The provisions of the resolution include:\n"
        "- Preventing financial services that could contribute to the nuclear programmes.\n"
        "- Extending the arms embargo on North Korea by banning all weapons exports from the country.\n"
    )
    council = ("un-security-council", "PRK", date(2009, 6, 12), "day")
    assert dated(shown(text, ref), "sanctions_action") == [council, council, council]


def test_a_restated_or_conditional_action_is_not_shown_again(ref: Reference) -> None:
    text = (
        "On 28 March 2024, Russia vetoed the renewal of the Panel of Experts. "
        "This veto completely disregards resolutions Russia has voted for. "
        "If adopted, the resolution would have imposed further sanctions on the DPRK."
    )
    assert dated(shown(text, ref), "sanctions_action") == [("RUS", "PRK", date(2024, 3, 28), "day")]


TREATY = (
    "Treaty on Comprehensive Strategic Partnership\n"
    "- Date Signed: 2024-06-18\n"
    "- Date Effective: 2024-12-04\n"
    "- Date Ratified: 6 November (Russia), 11 November (North Korea)\n\n"
    "The Treaty on Comprehensive Strategic Partnership is a defence treaty between North Korea and Russia. "
    "It was signed on 18 June 2024 during a visit by Russian president Vladimir Putin to North Korea.\n"
)


def test_an_agreement_signed_in_the_sentence_after_it_is_named(ref: Reference) -> None:
    signed = [r for r in shown(TREATY, ref) if r["category"] == "agreement" and "signed on" in r["quote"]]
    assert [(r["direction"], r["date_start"], r["date_precision"]) for r in signed] == [
        ("between", date(2024, 6, 18), "day")
    ]


def test_infobox_fields_date_an_agreement_only_where_no_sentence_does(ref: Reference) -> None:
    fields = [r for r in shown(TREATY, ref) if r["category"] == "agreement" and r["quote"].startswith("- ")]
    assert [(r["date_start"], r["date_end"], r["date_precision"]) for r in fields] == [
        (date(2024, 12, 4), date(2024, 12, 4), "day"),
        (date(2024, 11, 6), date(2024, 11, 11), "range"),
    ]
    assert all({r["from_actor_id"], r["to_actor_id"]} == {"PRK", "RUS"} for r in fields)


@pytest.mark.parametrize(
    ("sentence", "published", "month"),
    [
        ("In March, Russia ended the mandate of the Panel of Experts.", date(2025, 1, 8), date(2024, 3, 1)),
        ("Kim Jong Un will visit Moscow in March.", date(2024, 11, 20), date(2025, 3, 1)),
        ("On 28 March, Russia vetoed the renewal.", date(2024, 12, 4), date(2024, 3, 28)),
    ],
)
def test_a_date_without_a_year_follows_the_tense_of_its_sentence(
    sentence: str, published: date, month: date, ref: Reference
) -> None:
    mention = find_dates(sentence, published, ref.date_words)[0]
    assert mention.date_start == month


def test_a_pronoun_speaker_is_not_the_documents_voice(ref: Reference) -> None:
    text = (
        "All nine resolutions were adopted by the Council. They called on the DPRK to cease its arms exports."
    )
    assert parties(shown(text, ref, "UK Mission to the UN"), "statement") == []


def test_an_act_pointed_back_to_by_its_pronoun_is_not_shown_again(ref: Reference) -> None:
    text = (
        "On 28 March 2024, Russia vetoed the renewal of the Panel of Experts. "
        "By the use of its veto, Russia has sought to deprive Member States of the information they need "
        "to implement Security Council resolutions."
    )
    assert dated(shown(text, ref), "sanctions_action") == [("RUS", "PRK", date(2024, 3, 28), "day")]


def test_states_that_conclude_an_agreement_at_a_summit_are_its_parties(ref: Reference) -> None:
    text = (
        "The urgency is highlighted by the 19 June summit in Pyongyang, where Russia and the DPRK "
        "concluded an agreement."
    )
    rows = shown(text, ref)
    summit = [
        (r["from_actor_id"], r["to_actor_id"], r["status"])
        for r in rows
        if r["category"] == "summit_or_visit"
    ]
    assert summit == [("RUS", "PRK", "reported")]
    assert [r["status"] for r in rows if r["category"] == "agreement"] == ["reported"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Russia and North Korea must immediately cease this unlawful cooperation.", [("GBR", "RUS")]),
        ("The DPRK must stop supplying weapons for Russia's war.", [("GBR", "PRK")]),
        ("All Member States must cease any arms transfers to the DPRK.", []),
    ],
)
def test_a_demand_on_a_monitored_state_is_the_voices_statement(
    text: str, expected: list[tuple[str, str]], ref: Reference
) -> None:
    assert parties(shown(text, ref, "UK Mission to the UN"), "statement") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Arming Russia's war is a grave error by the DPRK.", ("GBR", "PRK")),
        ("It is with deep concern that we note the DPRK's involvement in the war.", ("GBR", "PRK")),
        ("We should all be worried about a North Korea that exports ballistic missiles.", ("GBR", "PRK")),
        ("Such cooperation is a flagrant violation of Security Council resolutions.", ("GBR", "RUS")),
        (
            "North Korea's deployment of troops to Russia has serious security implications for Europe.",
            ("GBR", "PRK"),
        ),
        (
            "The DPRK's transfer of missiles is a flagrant breach of Security Council resolutions.",
            ("GBR", "PRK"),
        ),
        (
            "It should be crystal clear to the DPRK: its support for Russia's war is a mistake.",
            ("GBR", "PRK"),
        ),
    ],
)
def test_evaluations_concern_and_pointers_to_the_cooperation_are_statements(
    text: str, expected: tuple[str, str], ref: Reference
) -> None:
    context = "Russia has procured ballistic missiles from North Korea. "
    rows = [r for r in shown(context + text, ref, "UK Mission to the UN") if r["quote"] == text]
    assert parties(rows, "statement") == [expected]


def test_an_accusation_naming_only_goods_and_no_actor_is_not_shown(ref: Reference) -> None:
    context = "Russia has procured ballistic missiles from North Korea. "
    text = "The misuse of conventional arms undermines security and fuels conflict."
    rows = [r for r in shown(context + text, ref, "UK Mission to the UN") if r["quote"] == text]
    assert rows == []


def test_what_a_party_says_of_a_transfer_is_its_statement_too(ref: Reference) -> None:
    text = "We note that President Putin said that Russia would not rule out supplying missiles to the DPRK."
    rows = shown(text, ref, "Delegation of the European Union to the United Nations (EEAS)")
    assert parties(rows, "statement") == [("RUS", "PRK")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("This veto was designed to conceal Russia's arms deals with North Korea.", ("GBR", "RUS")),
        ("Russia's veto has given the DPRK a green light to keep arming Moscow.", ("GBR", "RUS")),
        ("China's large-scale support is propping up Russia's war machine.", ("GBR", "CHN")),
    ],
)
def test_an_act_judged_by_its_purpose_or_effect_accuses_its_subject(
    text: str, expected: tuple[str, str], ref: Reference
) -> None:
    assert parties(shown(text, ref, "UK Mission to the UN"), "statement") == [expected]


def test_disappointment_is_a_position_on_the_state_named_after_it(ref: Reference) -> None:
    text = "We are also disappointed that China decided to abstain in the vote on the Panel's mandate."
    assert parties(shown(text, ref, "U.S. Department of State"), "statement") == [("USA", "CHN")]


def test_a_position_naming_no_state_but_its_speaker_is_not_shown(ref: Reference) -> None:
    context = "Russia has procured ballistic missiles from North Korea. "
    text = "The United States is deeply disappointed by the outcome of today's vote."
    rows = [r for r in shown(context + text, ref, "U.S. Department of State") if r["quote"] == text]
    assert rows == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I say this to all Member States: Russia owns this failure.", [("USA", "RUS")]),
        ("North Korea bears full responsibility for arming Russia.", [("USA", "PRK")]),
        ("First, we must address Russia's growing cooperation with North Korea.", [("USA", "RUS")]),
        ("We remind Russia that resolutions prohibit procuring arms from the DPRK.", [("USA", "RUS")]),
        (
            "We will continue to expose and counter Russian attempts to buy arms from the DPRK.",
            [("USA", "RUS")],
        ),
    ],
)
def test_blame_and_pledges_to_counter_are_the_voices_statements(
    text: str, expected: list[tuple[str, str]], ref: Reference
) -> None:
    assert parties(shown(text, ref, "United States Mission to the United Nations"), "statement") == expected


@pytest.mark.parametrize(
    "text",
    [
        "Over 140 countries have repeatedly called on Russia to end its war against Ukraine.",
        "An official told the Security Council today, as delegates condemned Moscow's strikes on Ukraine.",
    ],
)
def test_unnamed_states_and_the_body_addressed_are_no_speakers(text: str, ref: Reference) -> None:
    assert parties(shown(text, ref, "United Nations"), "statement") == []


def test_a_body_told_what_it_should_do_is_exhorted_by_the_voice(ref: Reference) -> None:
    text = "The Council should be deeply concerned that DPRK troops now fight for Russia against Ukraine."
    assert parties(shown(text, ref, "UK Mission to the UN"), "statement") == [("GBR", "PRK")]


def test_a_position_on_russias_war_alone_is_not_shown(ref: Reference) -> None:
    for text in (
        "Australia condemns Russia's invasion in the strongest terms.",
        "Russia's illegal invasion of Ukraine is a grave threat to global security.",
        "This is a damning indictment of the hubris with which Putin initiated his war against Ukraine.",
    ):
        assert parties(shown(text, ref, "Australian Government"), "statement") == [], text


def test_the_dprks_part_in_russias_war_is_a_position_on_the_cooperation(ref: Reference) -> None:
    rows = shown(
        "We are deeply concerned that DPRK troops are now fighting in Russia's war against Ukraine.",
        ref,
        "UK Mission to the UN",
    )
    assert ("GBR", "PRK") in parties(rows, "statement")
    rows = shown(
        "We will not relent in targeting those who provide support to Russia's war against Ukraine.",
        ref,
        "U.S. Department of State",
    )
    assert parties(rows, "statement") == [("USA", "RUS")]


def test_going_on_enforcing_sanctions_is_a_pledge_not_a_new_action(ref: Reference) -> None:
    rows = shown(
        "The United Kingdom continues to enforce sanctions against North Korean entities that arm Russia.",
        ref,
        "UK Mission to the UN",
    )
    assert parties(rows, "statement") == [("GBR", "PRK")]
    assert parties(rows, "sanctions_action") == []


def test_entities_that_continue_to_buy_arms_do_not_make_the_sanction_a_pledge(ref: Reference) -> None:
    rows = shown(
        "Today the United States sanctioned three Russian entities that continue to buy DPRK missiles.",
        ref,
        "U.S. Department of State",
    )
    assert parties(rows, "sanctions_action") == [("USA", "RUS")]
    assert parties(rows, "statement") == []


def test_a_thing_that_sends_a_message_is_no_speaker_the_voice_is(ref: Reference) -> None:
    rows = shown(
        "Russia's deepening military cooperation with the DPRK sends a clear message: Russia is not "
        "interested in peace.",
        ref,
        "UK Mission to the UN",
    )
    assert parties(rows, "statement") == [("GBR", "RUS")]


def test_the_owner_of_a_speaker_speaks(ref: Reference) -> None:
    rows = shown(
        "Russia's Ambassador Vassily Nebenzia rejected the accusations of arms deliveries from the DPRK.",
        ref,
        "UK Mission to the UN",
    )
    assert [p[0] for p in parties(rows, "statement")] == ["RUS"]


def test_a_leader_describing_the_relationship_states_a_position(ref: Reference) -> None:
    rows = shown(
        "Kim Jong Un described the relationship between the two nations as a fiery friendship, while Putin "
        "praised the treaty as a breakthrough document.",
        ref,
        "Wikipedia",
    )
    assert ("PRK", "RUS") in parties(rows, "statement")


def test_a_transfer_named_makes_a_position_on_the_war_one_on_the_cooperation(ref: Reference) -> None:
    rows = shown(
        "The transfer of these weapons supports Russia's war of aggression against Ukraine in flagrant "
        "violation of the UN Charter.",
        ref,
        "Ministry of Foreign Affairs of Japan",
    )
    assert [p[0] for p in parties(rows, "statement")] == ["JPN"]
    rows = shown(
        "Japan will never accept Russia's nuclear threats, let alone any use of nuclear weapons.",
        ref,
        "Ministry of Foreign Affairs of Japan",
    )
    assert parties(rows, "statement") == []


def test_a_call_is_about_the_state_called_on_not_the_owner_of_whom_it_calls_on(ref: Reference) -> None:
    rows = shown(
        "We call on Russia's supporters, including China, to cease support to Russia's war.",
        ref,
        "UK Mission to the UN",
    )
    assert ("GBR", "CHN") in [(r["from_actor_id"], r["to_actor_id"]) for r in rows]
    rows = shown("We call on the DPRK's leaders to stop sending arms to Russia.", ref, "UK Mission to the UN")
    assert parties(rows, "statement") == [("GBR", "PRK")]


def test_a_condemnation_of_two_states_is_a_position_on_each(ref: Reference) -> None:
    text = "U.S. Ambassador Linda Thomas-Greenfield excoriated Russia and the PRC for their support."
    assert parties(shown(text, ref, "Voice of America"), "statement") == [("USA", "RUS"), ("USA", "CHN")]


def test_a_statement_in_the_present_tense_is_dated_on_publication(ref: Reference) -> None:
    text = (
        "Robert Wood tells VOA that the world should be deeply concerned about North Korea's ties to Russia."
    )
    (statement,) = [r for r in shown(text, ref, "Voice of America") if r["category"] == "statement"]
    assert (statement["from_actor_id"], statement["date_start"], statement["date_precision"]) == (
        "USA",
        PUBLISHED,
        "day",
    )


def test_a_call_on_two_states_is_one_position_on_the_first(ref: Reference) -> None:
    text = "We call on the DPRK and Russia to cease unlawful arms transfers."
    assert parties(shown(text, ref, "UK Mission to the UN"), "statement") == [("GBR", "PRK")]


def test_a_condemnation_refused_is_no_position(ref: Reference) -> None:
    text = "The Ambassador of Japan criticised Russia for refusing to condemn the DPRK’s launch."
    assert parties(shown(text, ref, "Voice of America"), "statement") == [("JPN", "RUS")]


def test_the_state_a_briefing_is_on_does_not_head_the_speakers(ref: Reference) -> None:
    text = (
        "At the recent UN Security Council briefing on the DPRK and Nonproliferation, U.S. Ambassador to "
        "the United Nations Linda Thomas-Greenfield excoriated Russia."
    )
    assert parties(shown(text, ref, "Voice of America"), "statement") == [("USA", "RUS")]


@pytest.mark.parametrize(
    ("publisher", "status"),
    [
        ("Voice of America", "alleged"),  # a newsroom reports what the government disclosed
        (
            "Voice of America (editorial of the United States Government)",
            "reported",
        ),  # the government's voice
    ],
)
def test_a_newsroom_a_government_funds_is_not_its_voice(publisher: str, status: str, ref: Reference) -> None:
    text = "The United States disclosed Monday that North Korea has shipped munitions to Russia."
    rows = [r for r in shown(text, ref, publisher) if r["category"] == "arms_transfer"]
    assert [(r["from_actor_id"], r["to_actor_id"], r["status"]) for r in rows] == [("PRK", "RUS", status)]


@pytest.mark.parametrize(
    ("publisher", "status"),
    [("U.S. Department of Defense", "reported"), ("Voice of America", "alleged")],
)
def test_officials_no_one_names_are_the_publishing_governments_own(
    publisher: str, status: str, ref: Reference
) -> None:
    text = "The North Korean troops entered Russia last month, officials said."
    rows = [r for r in shown(text, ref, publisher) if r["category"] == "troop_deployment"]
    assert [(r["from_actor_id"], r["to_actor_id"], r["status"]) for r in rows] == [("PRK", "RUS", status)]


@pytest.mark.parametrize(
    "text",
    [
        "The DPRK must refrain from provocative actions that increase regional and global tensions.",
        "This represents a serious escalation of North Korea’s destabilising behaviour.",
    ],
)
def test_a_position_on_the_dprks_own_conduct_alone_is_not_shown(text: str, ref: Reference) -> None:
    """A demand or judgment on North Korea's own behaviour, naming no partner, is no position on the
    cooperation this monitor follows."""
    assert parties(shown(text, ref, "European External Action Service"), "statement") == []


def test_only_the_list_right_after_a_condemnation_is_its_object(ref: Reference) -> None:
    text = (
        "Russia and China vetoed the resolution, and the United States condemned Russia for its arms deals "
        "with the DPRK."
    )
    assert ("USA", "CHN") not in parties(shown(text, ref, "U.S. Department of State"), "statement")


def test_analysts_are_no_officials_of_the_publishing_government(ref: Reference) -> None:
    text = "North Korea has shipped more than a million artillery shells to Russia, analysts said."
    rows = [r for r in shown(text, ref, "U.S. Department of Defense") if r["category"] == "arms_transfer"]
    assert [r["status"] for r in rows] == ["alleged"]


@pytest.mark.parametrize(
    ("text", "denier"),
    [
        ("China denied supplying weapons to Russia.", "CHN"),
        ("Iran rejected claims that it had sent missiles to Russia.", "IRN"),
    ],
)
def test_a_third_state_denying_its_own_transfer_is_a_denial(text: str, denier: str, ref: Reference) -> None:
    rows = [r for r in shown(text, ref) if r["confidence"] >= 0.5]
    assert sorted((r["category"], r["from_actor_id"], r["to_actor_id"], r["status"]) for r in rows) == [
        ("arms_transfer", denier, "RUS", "denied"),
        ("statement", denier, "RUS", "reported"),
    ]


def test_states_saying_it_together_report_it_as_others_claim(ref: Reference) -> None:
    rows = shown("Japan and Australia believe that the DPRK supplied ballistic missiles to Russia.", ref)
    transfers = [r for r in rows if r["category"] == "arms_transfer" and r["confidence"] >= 0.5]
    assert [(r["from_actor_id"], r["to_actor_id"], r["status"]) for r in transfers] == [
        ("PRK", "RUS", "alleged")
    ]


def test_a_finding_the_publisher_can_confirm_is_its_own(ref: Reference) -> None:
    text = "The United States can confirm that the DPRK has delivered infantry rockets to Russia."
    rows = shown(text, ref, "United States Mission to the United Nations")
    transfers = [r for r in rows if r["category"] == "arms_transfer" and r["confidence"] >= 0.5]
    assert [(r["from_actor_id"], r["to_actor_id"], r["status"]) for r in transfers] == [
        ("PRK", "RUS", "reported")
    ]


def test_to_express_concern_states_a_position(ref: Reference) -> None:
    text = "We write to express deep concern about the DPRK's provision of weapons to Russia."
    rows = shown(text, ref, "United States House of Representatives")
    assert ("USA", "PRK") in parties([r for r in rows if r["confidence"] >= 0.5], "statement")


def test_an_accusation_in_the_passive_is_the_accuser_s(ref: Reference) -> None:
    rows = shown("North Korea was accused by Seoul of sending troops to Russia.", ref)
    assert parties([r for r in rows if r["confidence"] >= 0.5], "statement") == [("KOR", "PRK")]


def test_who_condemns_an_act_is_not_its_target(ref: Reference) -> None:
    rows = [r for r in shown("Russia's veto was condemned by Japan.", ref) if r["confidence"] >= 0.5]
    assert parties(rows, "sanctions_action") == []
    assert parties(rows, "statement") == [("JPN", "RUS")]


def test_who_speaks_of_a_veto_did_not_cast_it(ref: Reference) -> None:
    text = "The UK representative said the veto was an attempt to hide Russia's arms deals with the DPRK."
    rows = [r for r in shown(text, ref) if r["confidence"] >= 0.5]
    assert parties(rows, "sanctions_action") == []


def test_a_hedge_in_a_clause_after_a_visit_leaves_the_visit_on_the_record(ref: Reference) -> None:
    text = (
        "Kim Jong Un visited Vostochny in September 2023, where Putin said Russia would help Pyongyang "
        "build satellites."
    )
    visits = [r for r in shown(text, ref) if r["category"] == "summit_or_visit"]
    assert [(r["from_actor_id"], r["to_actor_id"], r["status"]) for r in visits] == [
        ("PRK", "RUS", "reported")
    ]


def test_a_condition_told_by_analysts_is_not_the_supplier_s_statement(ref: Reference) -> None:
    text = (
        "If North Korea were to receive fighter jets from Russia, it would alter the balance, analysts said."
    )
    assert [r for r in shown(text, ref) if r["confidence"] >= 0.5] == []


def test_states_aligning_with_a_statement_do_not_replace_its_publisher(ref: Reference) -> None:
    text = (
        "The Candidate Countries Montenegro, Albania, Moldova and Serbia align themselves with this "
        "statement. We condemn the transfer of North Korean missiles to Russia."
    )
    rows = [r for r in shown(text, ref, "European External Action Service") if r["confidence"] >= 0.5]
    assert parties(rows, "statement") == [("eu", "PRK")]


def test_a_visit_to_a_state_beyond_those_followed_is_not_shown(ref: Reference) -> None:
    text = (
        "Russia called today's meeting the day before dozens of countries travel to Switzerland for a summit."
    )
    assert parties([r for r in shown(text, ref) if r["confidence"] >= 0.5], "summit_or_visit") == []


def test_calling_claims_lies_denies_them(ref: Reference) -> None:
    rows = [
        r
        for r in shown("Moscow said reports of North Korean troops in Kursk were lies.", ref)
        if r["confidence"] >= 0.5
    ]
    assert [(r["category"], r["from_actor_id"], r["status"]) for r in rows] == [
        ("statement", "RUS", "denied")
    ]


@pytest.mark.parametrize(
    ("text", "publisher", "expected"),
    [
        # The cue's adjective is one of several ("growing", "particular", …), written once as a choice.
        (
            "The UK expresses strong concern at the DPRK's arms exports to Russia.",
            "UK Mission to the UN",
            "GBR",
        ),
        # The members of a group speak, not the group's "of" object.
        (
            "A bipartisan group of U.S. senators expressed concern about the DPRK's arms exports to Russia.",
            "Voice of America",
            "USA",
        ),
    ],
)
def test_concern_voiced_with_any_qualifier_by_any_group_is_a_statement(
    text: str, publisher: str, expected: str, ref: Reference
) -> None:
    assert parties(shown(text, ref, publisher), "statement") == [(expected, "PRK")]
