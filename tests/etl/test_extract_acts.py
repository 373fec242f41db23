"""Sanctions actions in the words sanctioning governments use (sanctioned, listed, asset freezes,
restrictive measures), the Treasury office that acts for the United States, and a third state's support
for the cooperation."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date

import pytest

from etl.extract.candidates import extract_items
from etl.extract.normalise import normalise_document
from etl.extract.reference import Reference, load_reference
from etl.settings import PROJECT_ROOT

PUBLISHED = date(2024, 6, 28)
Row = tuple[str | None, str | None, str, str]


@pytest.fixture(scope="module")
def ref() -> Reference:
    return load_reference(PROJECT_ROOT / "datasets" / "reference")


def shown(text: str, ref: Reference, category: str) -> list[Row]:
    """(from, to, direction, status) of each item of the category shown by default (confidence >= 0.5)."""
    rows = normalise_document(extract_items(text, PUBLISHED, ref, None), "doc", PUBLISHED, ref)
    return [
        (r["from_actor_id"], r["to_actor_id"], r["direction"], r["status"])
        for r in rows
        if r["category"] == category and r["confidence"] >= 0.5
    ]


@pytest.mark.parametrize(
    ("text", "actor"),
    [
        (
            "The Office of Foreign Assets Control today sanctioned three entities involved in arms deals "
            "between North Korea and Russia.",
            "USA",
        ),
        (
            "The EU has today listed 12 individuals and 3 entities responsible for the arms transfers from "
            "North Korea to Russia.",
            "eu",
        ),
        (
            "Japan has decided to freeze the assets of 11 entities involved in the transfer of arms from "
            "North Korea to Russia.",
            "JPN",
        ),
        (
            "The European Union today adopted restrictive measures against North Korean entities involved "
            "in the transfer of arms to Russia.",
            "eu",
        ),
    ],
)
def test_a_sanctioning_governments_own_words_are_its_action(text: str, actor: str, ref: Reference) -> None:
    assert shown(text, ref, "sanctions_action") == [(actor, "PRK", "from_to", "reported")]


@pytest.mark.parametrize(
    "text",
    [
        "Russia breaches UN sanctions to get arms from North Korea.",
        "The UN sanctions regime on the DPRK remains in place.",
        "The ministry said Russia’s attacks had killed civilians and called for new sanctions on Pyongyang.",
        "Ukraine urged its allies to impose sanctions on North Korea.",
        "Lavrov criticised the unilateral sanctions against Pyongyang.",
        "Nebenzia described the Western sanctions against North Korea as an attempt to strangle the country.",
    ],
)
def test_sanctions_named_but_not_imposed_are_no_action(text: str, ref: Reference) -> None:
    assert shown(text, ref, "sanctions_action") == []


@pytest.mark.parametrize(
    "text",
    [
        "Despite multiple UN Security Council resolutions imposing international sanctions, the Government "
        "of North Korea continues its nuclear and ballistic missile programmes.",
        "Adopting resolution 1718 (2006) by a vote of 15 in favour the Council also requested a panel of "
        "experts to monitor the measures against North Korea.",
    ],
)
def test_a_resolution_adopted_or_imposing_measures_is_the_councils_action(text: str, ref: Reference) -> None:
    assert [row[:2] for row in shown(text, ref, "sanctions_action")] == [("un-security-council", "PRK")]


def test_a_third_states_support_ties_it_to_the_partner_it_backs(ref: Reference) -> None:
    text = (
        "Russia ended the mandate of the Panel of Experts in March with China's tacit support, depriving "
        "all UN Member States of objective information."
    )
    assert shown(text, ref, "third_party_link") == [("CHN", "RUS", "from_to", "reported")]


@pytest.mark.parametrize(
    ("publisher", "actor"),
    [
        ("HM Treasury", "GBR"),
        ("European Commission", "eu"),
        ("Prime Minister's Office, 10 Downing Street", "GBR"),
    ],
)
def test_a_sanctioning_office_publishes_for_its_government(
    publisher: str, actor: str, ref: Reference
) -> None:
    text = "We have today sanctioned five North Korean entities supplying munitions to Russia."
    rows = normalise_document(extract_items(text, PUBLISHED, ref, publisher), "doc", PUBLISHED, ref)
    acts = [(r["from_actor_id"], r["to_actor_id"]) for r in rows if r["category"] == "sanctions_action"]
    assert acts == [(actor, "PRK")]


@pytest.mark.parametrize(
    ("sentence", "dated"),
    [
        ("The United States is also sanctioning Bank Sputnik, a Russian bank that serves the DPRK.", "day"),
        ("The United States sanctioned Bank Sputnik, a Russian bank that serves the DPRK.", "month"),
    ],
)
def test_an_act_the_publisher_is_doing_is_dated_on_the_publication_day(
    sentence: str, dated: str, ref: Reference
) -> None:
    """ "is sanctioning" is done as the release is published; a past act without a date is not."""
    rows = normalise_document(
        extract_items(sentence, PUBLISHED, ref, "U.S. Department of State"), "doc", PUBLISHED, ref
    )
    acts = [r for r in rows if r["category"] == "sanctions_action"]
    assert [(r["from_actor_id"], r["to_actor_id"], r["date_precision"]) for r in acts] == [
        ("USA", "RUS", dated)
    ]
    if dated == "day":
        assert acts[0]["date_start"] == PUBLISHED


def test_the_government_of_a_state_acts_for_it(ref: Reference) -> None:
    text = (
        "The Government of Japan has decided to freeze the assets of individuals involved in the transfer "
        "of arms from North Korea to Russia."
    )
    assert shown(text, ref, "sanctions_action") == [("JPN", "PRK", "from_to", "reported")]


def test_a_publishers_own_condemnation_reports_the_transfer_it_condemns(ref: Reference) -> None:
    text = "The EU strongly condemns the DPRK's supply of ballistic missiles to Russia."
    rows = normalise_document(extract_items(text, PUBLISHED, ref, "Council of the EU"), "doc", PUBLISHED, ref)
    transfers = [
        (r["from_actor_id"], r["to_actor_id"], r["status"]) for r in rows if r["category"] == "arms_transfer"
    ]
    assert transfers == [("PRK", "RUS", "reported")]


def actions(text: str, ref: Reference, publisher: str | None) -> list[tuple[str | None, str | None]]:
    rows = normalise_document(extract_items(text, PUBLISHED, ref, publisher), "doc", PUBLISHED, ref)
    return [
        (r["from_actor_id"], r["to_actor_id"])
        for r in rows
        if r["category"] == "sanctions_action" and r["confidence"] >= 0.5
    ]


@pytest.mark.parametrize(
    ("publisher", "actor"),
    [
        ("Council of the European Union", "eu"),
        ("European External Action Service", "eu"),
        ("United Nations", "un-security-council"),
        ("Delegation of the European Union to the United Nations (EEAS)", "un-security-council"),
    ],
)
def test_the_council_is_the_publishers_council(publisher: str, actor: str, ref: Reference) -> None:
    text = "The Council today imposed restrictive measures on three North Korean entities."
    assert actions(text, ref, publisher) == [(actor, "PRK")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The United States placed three DPRK individuals on the SDN List.", ("USA", "PRK")),
        ("Japan placed four North Korean trading companies under sanctions.", ("JPN", "PRK")),
        ("The United Kingdom has added five Russian individuals to its sanctions list.", ("GBR", "RUS")),
        ("The Department of Commerce added two Russia-based firms to the Entity List.", ("USA", "RUS")),
        ("Two Russian companies were added to the Entity List by the United States.", ("USA", "RUS")),
    ],
)
def test_the_designees_state_is_the_target_when_the_action_noun_follows_them(
    text: str, expected: tuple[str, str], ref: Reference
) -> None:
    assert actions(text, ref, None) == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "The Treasury sanctioned 15 North Koreans and one Russian vessel.",
        "Australia imposed sanctions on three North Korean and two Russian entities.",
        "The UK has sanctioned Russian and North Korean individuals involved in the transfers.",
    ],
)
def test_each_designees_state_is_a_target_when_people_are_counted_or_share_a_noun(
    text: str, ref: Reference
) -> None:
    assert sorted(to for _, to in actions(text, ref, None)) == ["PRK", "RUS"]


def test_an_act_in_the_passive_with_no_agent_is_the_publishing_governments(ref: Reference) -> None:
    text = "Russia-based Primorsky Maritime was designated pursuant to E.O. 14024."
    assert actions(text, ref, "U.S. Department of the Treasury") == [("USA", "RUS")]
    assert actions(text, ref, "Voice of America") == []  # a newsroom is no government


@pytest.mark.parametrize(
    "text",
    [
        "Russia killed the UN Panel of Experts in March.",
        "Russia had chosen to put an end to the Panel of Experts.",
    ],
)
def test_ending_the_panel_in_other_words_is_the_veto(text: str, ref: Reference) -> None:
    assert actions(text, ref, "United Nations") == [("RUS", "PRK")]
    assert actions("Russian strikes killed 12 people in Kharkiv.", ref, "United Nations") == []


def test_the_state_owning_an_act_is_its_actor_after_by(ref: Reference) -> None:
    text = (
        "The United States is deeply disappointed by Russia's veto of the Panel of Experts mandate renewal."
    )
    assert actions(text, ref, "U.S. Department of State") == [("RUS", "PRK")]


@pytest.mark.parametrize(
    "text",
    [
        "Despite today's veto, all Security Council resolutions on the DPRK remain in effect.",
        "As a result of Russia's veto, Member States will no longer receive the Panel's reports on the DPRK.",
    ],
)
def test_an_act_pointed_back_to_or_told_as_a_cause_is_not_shown_again(text: str, ref: Reference) -> None:
    assert actions(text, ref, "U.S. Department of State") == []


def test_a_state_attacked_is_never_the_target_of_sanctions(ref: Reference) -> None:
    text = "Moscow vetoed the renewal to hide the weapons it uses in its aggression against Ukraine."
    assert [to for _, to in actions(text, ref, "U.S. Department of State")] in ([], ["PRK"], [None])


@pytest.mark.parametrize(
    "text",
    [
        "The United States voted in favour of the renewal of the Panel of Experts' mandate on the DPRK.",
        "China abstained in today's vote on the renewal of the mandate of the DPRK Panel of Experts.",
    ],
)
def test_a_members_vote_for_or_on_an_act_is_no_act_of_its_own(text: str, ref: Reference) -> None:
    assert actions(text, ref, "United States Mission to the United Nations") == []


def test_a_veto_still_reads_beside_a_vote(ref: Reference) -> None:
    text = "Thirteen members voted in favour of the renewal, but Russia vetoed the draft on the DPRK panel."
    assert actions(text, ref, "United States Mission to the United Nations") == [("RUS", "PRK")]


def test_the_agent_of_a_passive_veto_acts_not_the_sponsor_of_the_resolution(ref: Reference) -> None:
    text = (
        "A United States resolution to extend the mandate of the panel that monitors sanctions against the "
        "Democratic People’s Republic of Korea (DPRK) was vetoed by Russia in the Security Council."
    )
    assert shown(text, ref, "sanctions_action") == [("RUS", "PRK", "from_to", "reported")]


def test_the_sponsor_of_a_vetoed_resolution_is_not_its_target(ref: Reference) -> None:
    for text in (
        "Russia vetoed a United States resolution to renew the panel monitoring sanctions on the DPRK.",
        "Russia vetoed a US-drafted resolution that would have renewed the Panel of Experts.",
    ):
        assert shown(text, ref, "sanctions_action") == [("RUS", "PRK", "from_to", "reported")]


def test_the_targets_of_a_listing_of_two_states_designees_do_not_depend_on_the_run() -> None:
    # One action per designees' state, in the order named, in every process (Python salts its string
    # hashes per run).
    code = (
        "from datetime import date\n"
        "from etl.extract.candidates import extract_items\n"
        "from etl.extract.reference import load_reference\n"
        "from etl.settings import PROJECT_ROOT\n"
        "ref = load_reference(PROJECT_ROOT / 'datasets' / 'reference')\n"
        "text = 'Today, the United States is designating two DPRK entities and a Russian bank.'\n"
        "found = extract_items(text, date(2024, 6, 1), ref)\n"
        "print([c.to_actor_id for c in found if c.category == 'sanctions_action'])\n"
    )
    seen = {
        subprocess.run(
            [sys.executable, "-c", code],
            env={**os.environ, "PYTHONHASHSEED": str(seed)},
            capture_output=True,
            text=True,
            check=True,
            cwd=PROJECT_ROOT,
        ).stdout
        for seed in range(1, 7)
    }
    assert seen == {"['PRK', 'RUS']\n"}


def test_states_vetoing_together_are_not_each_others_target(ref: Reference) -> None:
    text = "China and Russia vetoed the DPRK resolution on 26 May 2022."
    assert shown(text, ref, "sanctions_action") == [("CHN", "PRK", "from_to", "reported")]


def test_what_designees_continue_to_do_is_no_pledge(ref: Reference) -> None:
    text = "Entities that continue to arm Russia were designated today by the United States."
    assert [row[0] for row in shown(text, ref, "sanctions_action")] == ["USA"]
    assert shown(text, ref, "statement") == []


def test_a_mandate_extended_until_a_date_is_a_council_action(ref: Reference) -> None:
    text = (
        "The Security Council today extended until 24 April 2019 the mandate of its Panel of Experts "
        "assisting the Sanctions Committee on the Democratic People’s Republic of Korea."
    )
    assert shown(text, ref, "sanctions_action") == [("un-security-council", "PRK", "from_to", "reported")]


def test_designees_of_two_states_make_one_action_on_each(ref: Reference) -> None:
    text = "The United States today designated two North Korean entities and a Russian bank."
    assert shown(text, ref, "sanctions_action") == [
        ("USA", "PRK", "from_to", "reported"),
        ("USA", "RUS", "from_to", "reported"),
    ]


@pytest.mark.parametrize(
    ("text", "actor"),
    [
        (
            "The Council adopted resolution 2371 on 5 August 2017. The new restrictions ban purchases "
            "of North Korean coal, iron and seafood.",
            "un-security-council",
        ),
        ("The resolution bans all exports of arms to North Korea.", "un-security-council"),
    ],
)
def test_an_instrument_that_bans_acts_for_whoever_adopted_it(text: str, actor: str, ref: Reference) -> None:
    assert shown(text, ref, "sanctions_action")[-1] == (actor, "PRK", "from_to", "reported")


@pytest.mark.parametrize(
    "text",
    [
        "In addition, the Decision outlaws the sale or purchase of DPRK bonds.",
        "The Decision strengthens restrictive measures by imposing a ban on the supply of goods to the DPRK.",
    ],
)
def test_a_decision_in_a_release_of_the_council_of_the_eu_is_the_eus(text: str, ref: Reference) -> None:
    rows = normalise_document(
        extract_items(text, PUBLISHED, ref, "Council of the European Union"), "doc", PUBLISHED, ref
    )
    assert [(r["from_actor_id"], r["to_actor_id"]) for r in rows if r["confidence"] >= 0.5] == [("eu", "PRK")]


def test_a_coordinated_act_shares_the_sentences_subject_however_far(ref: Reference) -> None:
    text = (
        "The UNSC reaffirmed that the proliferation of nuclear, chemical and biological weapons, as well as "
        "their means of delivery, constitutes a threat to international peace and security, and imposed new "
        "measures against the DPRK."
    )
    assert shown(text, ref, "sanctions_action") == [("un-security-council", "PRK", "from_to", "reported")]


def test_the_councils_first_act_dated_to_the_day_dates_the_resolution_told_after_it(ref: Reference) -> None:
    text = (
        "On 30 March 2020, the Security Council extended until 30 April 2021 the mandate of the Panel of "
        "Experts assisting the 1718 Committee. Unanimously adopting resolution 2515 (2020), the Council also "
        "decided that the mandate applies to sanctions measures imposed on the DPRK."
    )
    rows = normalise_document(extract_items(text, date(2020, 3, 30), ref, "United Nations"), "d", None, ref)
    acts = [r for r in rows if r["category"] == "sanctions_action" and r["confidence"] >= 0.5]
    assert [(r["date_start"], r["date_precision"]) for r in acts] == [(date(2020, 3, 30), "day")] * 2


def test_the_author_of_a_vetoed_draft_named_after_it_is_neither_actor_nor_target(ref: Reference) -> None:
    text = (
        "Russia's ambassador said his delegation had vetoed the draft resolution tabled by the United States."
    )
    found = extract_items(text, PUBLISHED, ref)
    acts = [(c.from_actor_id, c.to_actor_id) for c in found if c.category == "sanctions_action"]
    assert acts and all(act[0] == "RUS" and "USA" not in act for act in acts)


def test_a_second_act_of_the_sentences_subject_is_its_own(ref: Reference) -> None:
    text = (
        "The Treasury Department on Wednesday targeted the Russian Financial Society and blocked all its "
        "assets in the United States."
    )
    assert shown(text, ref, "sanctions_action") == [("USA", "RUS", "from_to", "reported")]


def test_an_act_named_as_the_time_of_another_event_is_told_elsewhere(ref: Reference) -> None:
    text = (
        "The Council adopted resolution 2371 on 5 August 2017. Before adopting this resolution, North Korea "
        "had conducted 14 missile tests in 2017."
    )
    assert len(shown(text, ref, "sanctions_action")) == 1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("North Korea has repeatedly violated the ban on ballistic missile launches.", []),
        ("Japan's new restrictions ban exports of construction machinery to Russia.", []),
        ("North Korea said the sanctions ban its legitimate trade with Russia.", []),
        (
            "North Korean firms face new sanctions introduced by the United States on Tuesday.",
            [("USA", "PRK", "from_to", "reported")],
        ),
        (
            "The United Kingdom sanctioned three Russian entities that bought weapons from North Korean "
            "companies.",
            [("GBR", "RUS", "from_to", "reported")],
        ),
    ],
)
def test_bans_authors_and_designees_read_only_where_they_are(
    text: str, expected: list[Row], ref: Reference
) -> None:
    rows = normalise_document(
        extract_items(text, PUBLISHED, ref, "Foreign, Commonwealth & Development Office"), "d", PUBLISHED, ref
    )
    acts = [
        (r["from_actor_id"], r["to_actor_id"], r["direction"], r["status"])
        for r in rows
        if r["category"] == "sanctions_action" and r["confidence"] >= 0.5
    ]
    assert acts == expected


@pytest.mark.parametrize(
    ("text", "publisher", "actor"),
    [
        (
            "UNSC Resolution 2397 on the DPRK will now be transposed without delay into European Union law.",
            "European External Action Service",
            "eu",
        ),
        # The Security Council's own release: the resolution's author is the one who acts.
        ("The Council imposed new sanctions on the DPRK.", "United Nations", "un-security-council"),
    ],
)
def test_a_resolution_written_into_a_bodys_own_law_is_that_bodys_act(
    text: str, publisher: str, actor: str, ref: Reference
) -> None:
    rows = normalise_document(extract_items(text, PUBLISHED, ref, publisher), "doc", PUBLISHED, ref)
    acts = [(r["from_actor_id"], r["to_actor_id"]) for r in rows if r["category"] == "sanctions_action"]
    assert acts == [(actor, "PRK")]


@pytest.mark.parametrize(
    ("text", "publisher", "expected"),
    [
        # The body whose law it becomes acts, whoever publishes.
        (
            "UNSC Resolution 2397 on the DPRK will be transposed into EU law.",
            "UK Mission to the UN",
            [("eu", "PRK")],
        ),
        # A duty to transpose is no one's act.
        (
            "All Member States must transpose resolution 2397 on the DPRK into national law.",
            "UK Mission to the UN",
            [],
        ),
        (
            "The Security Council decided that Member States shall transpose the measures on the DPRK.",
            "European External Action Service",
            [],
        ),
    ],
)
def test_a_transposition_is_the_act_of_the_body_whose_law_it_becomes(
    text: str, publisher: str, expected: list[tuple[str, str]], ref: Reference
) -> None:
    rows = normalise_document(extract_items(text, PUBLISHED, ref, publisher), "doc", PUBLISHED, ref)
    acts = [(r["from_actor_id"], r["to_actor_id"]) for r in rows if r["category"] == "sanctions_action"]
    assert acts == expected


def test_designees_in_two_states_make_one_action_on_each(ref: Reference) -> None:
    text = (
        "Japan has decided to freeze the assets of 11 entities and 9 individuals in Russia and North Korea "
        "involved in the arms transfers."
    )
    assert shown(text, ref, "sanctions_action") == [
        ("JPN", "RUS", "from_to", "reported"),
        ("JPN", "PRK", "from_to", "reported"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The states acting beside the subject do not take its place.
        (
            "The UK, together with the US and Japan, has sanctioned Russian firms buying North Korean arms.",
            ("GBR", "RUS"),
        ),
        # An official designated is a designee of the state they serve.
        (
            "The EU sanctioned Russia's Defence Minister over the deployment of North Korean troops.",
            ("eu", "RUS"),
        ),
    ],
)
def test_the_subject_acts_beside_its_partners_on_the_state_of_whom_it_designates(
    text: str, expected: tuple[str, str], ref: Reference
) -> None:
    assert [(a, b) for a, b, _, _ in shown(text, ref, "sanctions_action")] == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "The Treasury designated the Russian firm, which shipped North Korean shells to Russia.",
        "The UK has sanctioned three Russian shipping companies that carried munitions from Rason to Russia.",
    ],
)
def test_who_sanctions_is_no_party_to_the_transfer_it_sanctions(text: str, ref: Reference) -> None:
    suppliers = {a for a, _, _, _ in shown(text, ref, "arms_transfer")}
    assert not suppliers & {"USA", "GBR"}


@pytest.mark.parametrize(
    "text",
    [
        "The sanctioned company shipped munitions from North Korea to Russia.",
        "Putin gave Kim Jong Un a Russian-made Aurus limousine, in breach of UN sanctions on luxury goods.",
    ],
)
def test_sanctions_named_as_a_kind_or_as_broken_are_no_act(text: str, ref: Reference) -> None:
    assert shown(text, ref, "sanctions_action") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The UK has already sanctioned 10 North Korean entities.", [("GBR", "PRK")]),
        (
            "In response to these breaches, the UK has sanctioned five North Korean entities.",
            [("GBR", "PRK")],
        ),
        # Officials of one state who are in another are the first state's designees.
        ("The UK sanctioned North Korean officials in Russia.", [("GBR", "PRK")]),
    ],
)
def test_sanctions_acts_the_no_act_rules_leave_alone(
    text: str, expected: list[tuple[str, str]], ref: Reference
) -> None:
    assert [(a, b) for a, b, _, _ in shown(text, ref, "sanctions_action")] == expected


def test_it_in_a_governments_release_is_the_government_acting(ref: Reference) -> None:
    text = "Japan froze the assets of a Russian bank. It also froze those of North Korean banks in Moscow."
    rows = normalise_document(
        extract_items(text, PUBLISHED, ref, "Ministry of Foreign Affairs of Japan"), "doc", PUBLISHED, ref
    )
    acts = [(r["from_actor_id"], r["to_actor_id"]) for r in rows if r["category"] == "sanctions_action"]
    assert acts == [("JPN", "RUS"), ("JPN", "PRK")]


def test_a_name_that_reads_as_a_negation_negates_nothing(ref: Reference) -> None:
    text = "The Council listed North Korea's Defence Minister No Kwang Chol over troops sent to Russia."
    rows = normalise_document(
        extract_items(text, PUBLISHED, ref, "Council of the European Union"), "doc", PUBLISHED, ref
    )
    assert not [r for r in rows if r["status"] == "denied" and r["confidence"] >= 0.5]


def test_a_state_beyond_the_pair_and_its_partners_acts_under_its_own_name(ref: Reference) -> None:
    text = "Switzerland has today frozen the assets of five North Korean entities involved in arms transfers."
    assert [(a, b) for a, b, _, _ in shown(text, ref, "sanctions_action")] == [("CHE", "PRK")]


def test_a_body_that_monitors_sanctions_does_not_impose_them(ref: Reference) -> None:
    text = "The MSMT is a group of eleven states that monitors UN sanctions on North Korea."
    assert shown(text, ref, "sanctions_action") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The Treasury removed one entity from the SDN List and designated three North Korean entities.",
            [("USA", "PRK")],
        ),
        (
            "Russia and China, which want to ease pressure on Pyongyang, vetoed the resolution.",
            [("RUS", "PRK")],
        ),
        (
            "Britain said on Tuesday the new sanctions against North Korean generals were a response.",
            [("GBR", "PRK")],
        ),
        ("Why did Russia veto the renewal of the Panel of Experts' mandate?", [("RUS", "PRK")]),
    ],
)
def test_an_act_beside_an_undoing_a_saying_or_a_question_stands(
    text: str, expected: list[tuple[str, str]], ref: Reference
) -> None:
    assert [(a, b) for a, b, _, _ in shown(text, ref, "sanctions_action")] == expected


def test_who_comments_on_sanctions_does_not_impose_them(ref: Reference) -> None:
    assert shown("China said the sanctions on Russia were illegal.", ref, "sanctions_action") == []


def test_a_question_asking_why_a_state_should_act_tells_no_act(ref: Reference) -> None:
    assert shown("Why should Japan impose sanctions on China?", ref, "sanctions_action") == []


def test_designees_listed_with_commas_are_removed_all_the_same(ref: Reference) -> None:
    text = "OFAC removed two Russian entities, Ural Trading and Baltic Shipping, from the SDN List."
    assert shown(text, ref, "sanctions_action") == []


def _acts(text: str, ref: Reference, publisher: str) -> list[tuple[str | None, str | None]]:
    """(actor, target) of each sanctions action shown by default in a publisher's text."""
    rows = normalise_document(extract_items(text, PUBLISHED, ref, publisher), "d", PUBLISHED, ref)
    return [
        (r["from_actor_id"], r["to_actor_id"])
        for r in rows
        if r["category"] == "sanctions_action" and r["confidence"] >= 0.5
    ]


def _act_dates(text: str, published: date, ref: Reference) -> list[date | None]:
    rows = normalise_document(extract_items(text, published, ref, "United Nations"), "d", published, ref)
    return [r["date_start"] for r in rows if r["category"] == "sanctions_action" and r["confidence"] >= 0.5]


@pytest.mark.parametrize(
    "text",
    [
        # The end of the mandate is no date of the act, whether "until" or "to" bounds it.
        "Unanimously adopting resolution 2207 (2015), the Council extended until 5 April 2016 the mandate of "
        "the Panel of Experts.",
        "Through resolution 2207, the Security Council extended the mandate of the Panel of Experts for one "
        "year to April 5, 2016.",
        # A date in a relative clause after the act dates that clause.
        "The Council adopted resolution 1928 (2010), maintaining the mandate of the Panel of Experts that it "
        "established on 12 June 2009.",
    ],
)
def test_an_acts_date_is_not_the_end_of_a_period_nor_a_relative_clauses(text: str, ref: Reference) -> None:
    dates = _act_dates(text, date(2015, 3, 4), ref)
    assert dates and all(d is not None and date(2015, 3, 1) <= d <= date(2015, 3, 31) for d in dates)


def test_a_resolutions_adoption_dates_its_own_provisions_not_another_resolutions(ref: Reference) -> None:
    text = (
        "Resolution 1718 was adopted unanimously by the Security Council on 14 October 2006.\n\n"
        "Through Resolution 2207, the Security Council extended the mandate of the Panel of Experts."
    )
    assert _act_dates(text, date(2015, 3, 4), ref)[-1] != date(2006, 10, 14)


@pytest.mark.parametrize(
    "sentence",
    [
        "The unanimous adoption by the UN Security Council of Resolution 2270 (2016) is a clear "
        "expression of the unity and resolve of the international community.",
        # The state that welcomes the adoption does not adopt it.
        "Japan welcomes the adoption of resolution 2397 by the Security Council.",
    ],
)
def test_the_adoption_of_a_resolution_is_the_councils_act(sentence: str, ref: Reference) -> None:
    text = "The DPRK launched another ballistic missile in defiance of the Council. " + sentence
    assert shown(text, ref, "sanctions_action") == [("un-security-council", "PRK", "from_to", "reported")]


def test_a_ban_that_an_instrument_includes_is_an_act(ref: Reference) -> None:
    text = (
        "The DPRK conducted its sixth nuclear test on 3 September 2017. The measures introduced by UNSC "
        "resolution 2375 (2017) include a ban on the sale of natural gas liquids to the DPRK."
    )
    assert shown(text, ref, "sanctions_action") == [("un-security-council", "PRK", "from_to", "reported")]


def test_the_day_the_council_condemns_dates_the_resolution_it_adopts_after(ref: Reference) -> None:
    text = (
        "The Security Council today condemned the DPRK's recent test-firing of a series of missiles. The "
        "Council unanimously adopted resolution 1695 (2006), by the terms of which it required all Member "
        "States to prevent the transfer of missile-related items to the DPRK."
    )
    published = date(2006, 7, 15)
    rows = normalise_document(extract_items(text, published, ref, "United Nations"), "d", published, ref)
    acts = [r for r in rows if r["category"] == "sanctions_action" and r["confidence"] >= 0.5]
    assert [(r["date_start"], r["date_precision"]) for r in acts] == [(published, "day")]


def test_measures_a_government_announces_target_the_states_of_those_it_lists(ref: Reference) -> None:
    text = (
        "The measures target 12 individuals and entities in the Democratic People's Republic of Korea (DPRK) "
        "and Russia involved in the transfer of North Korean munitions to Russia."
    )
    assert {("CAN", "PRK"), ("CAN", "RUS")} <= set(_acts(text, ref, "Global Affairs Canada"))


def test_the_blocking_that_follows_a_designation_is_no_new_act(ref: Reference) -> None:
    text = (
        "Today, OFAC designated three North Korean entities for shipping munitions to Russia. All property "
        "and interests in property of the designated persons that are in the United States are blocked."
    )
    assert len(_acts(text, ref, "U.S. Department of the Treasury")) == 1  # the designation, told once


def test_measures_a_government_lists_in_numbered_items_are_its_own(ref: Reference) -> None:
    text = (
        "(2) Export prohibition measures against 14 organizations in third countries, namely China, that "
        "have assisted in the circumvention of sanctions."
    )
    assert _acts(text, ref, "Ministry of Foreign Affairs of Japan") == [("JPN", "CHN")]
