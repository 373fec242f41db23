"""Near misses of the rules: sentences that look like what a rule reads but say something else ("more
shells than expected" is no plan, "did not deny" no denial, "adoption by" a treaty's no sanctions act)."""

from __future__ import annotations

from datetime import date

import pytest

from etl.extract.candidates import extract_items
from etl.extract.normalise import normalise_document
from etl.extract.reference import Reference, load_reference
from etl.settings import PROJECT_ROOT

PUBLISHED = date(2024, 12, 4)


@pytest.fixture(scope="module")
def ref() -> Reference:
    return load_reference(PROJECT_ROOT / "datasets" / "reference")


def shown(text: str, ref: Reference, publisher: str | None = None, published: date = PUBLISHED) -> list[dict]:
    rows = normalise_document(extract_items(text, published, ref, publisher), "d", published, ref)
    return [r for r in rows if r["confidence"] >= 0.5]


def brief(rows: list[dict]) -> list[tuple[str, str | None, str | None, str]]:
    return [(r["category"], r["from_actor_id"], r["to_actor_id"], r["status"]) for r in rows]


@pytest.mark.parametrize(
    "text",
    [
        "Russia has received more North Korean missiles than Western officials had expected.",
        "As expected, North Korea sent additional troops to Russia in December.",
        "The deliveries of North Korean shells to Russia were bigger than many analysts expected.",
    ],
)
def test_more_than_expected_is_no_plan(text: str, ref: Reference) -> None:
    assert [s for *_, s in brief(shown(text, ref))] == ["reported"]


@pytest.mark.parametrize(
    ("text", "category"),
    [
        (
            "The Kremlin did not deny that North Korean troops were fighting in Russia's Kursk region.",
            "troop_deployment",
        ),
        ("Moscow has never denied receiving artillery shells from North Korea.", "arms_transfer"),
    ],
)
def test_not_denying_a_transfer_is_no_denial(text: str, category: str, ref: Reference) -> None:
    assert brief(shown(text, ref)) == [(category, "PRK", "RUS", "reported")]


def test_a_call_then_an_act_keeps_the_act(ref: Reference) -> None:
    rows = shown("Japan urged Russia to stop and imposed sanctions on Russian entities.", ref)
    assert ("sanctions_action", "JPN", "RUS", "reported") in brief(rows)


@pytest.mark.parametrize(
    "text",
    [
        "Today the UK sanctioned three Russian generals responsible for the deployment of 11,000 North "
        "Korean troops to Kursk.",
        "The Treasury designated two Russian officials who oversaw the arrival of some 10,000 North Koreans "
        "in the Far East.",
    ],
)
def test_people_counted_in_what_designees_did_are_no_target(text: str, ref: Reference) -> None:
    targets = {r["to_actor_id"] for r in shown(text, ref) if r["category"] == "sanctions_action"}
    assert targets == {"RUS"}


@pytest.mark.parametrize(
    "text",
    [
        "Since the adoption by Russia and North Korea of the partnership treaty, their military cooperation "
        "has deepened.",
        "Russia's deliveries of refined petroleum to North Korea, capped at 500,000 barrels a year under "
        "resolution 2397, exceeded one million barrels in 2024.",
        "Lavrov condemned the unilateral sanctions against Pyongyang.",
    ],
)
def test_words_that_only_describe_or_judge_sanctions_are_no_act(text: str, ref: Reference) -> None:
    assert not [r for r in shown(text, ref) if r["category"] == "sanctions_action"]


def test_a_passive_act_under_a_resolution_is_the_councils_not_the_publishers(ref: Reference) -> None:
    text = (
        "The vessel was previously sanctioned under UN Security Council resolution 2397 for ship-to-ship "
        "transfers of petroleum to North Korea."
    )
    acts = [r for r in shown(text, ref, "UK Government") if r["category"] == "sanctions_action"]
    assert [r["from_actor_id"] for r in acts] == ["un-security-council"]


@pytest.mark.parametrize(
    ("text", "published", "wrong"),
    [
        (
            "On 9 October 2006, the Security Council condemned the nuclear test conducted by the DPRK. The "
            "Council subsequently adopted resolution 1718 (2006), which imposed an arms embargo on the DPRK.",
            PUBLISHED,
            date(2006, 10, 9),
        ),
        (
            "The Security Council today condemned the DPRK's launch. The Council recalled its resolution "
            "2270, which imposed sectoral sanctions on the DPRK.",
            date(2016, 4, 15),
            date(2016, 4, 15),
        ),
        (
            "The Panel of Experts, whose mandate the Council last renewed in March 2023, monitors sanctions "
            "on the DPRK. On 28 March, Russia vetoed a draft resolution that would have extended the "
            "mandate.",
            date(2024, 4, 2),
            date(2023, 3, 28),
        ),
    ],
)
def test_an_acts_date_is_not_borrowed_from_another_act(
    text: str, published: date, wrong: date, ref: Reference
) -> None:
    acts = [r for r in shown(text, ref, "United Nations", published) if r["category"] == "sanctions_action"]
    assert acts and wrong not in [r["date_start"] for r in acts]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "In 2023 the sanctioned vessel Angara carried thousands of containers of North Korean munitions "
            "from Rajin to Dunai.",
            (date(2023, 1, 1), "year"),
        ),
        (
            "In November 2024 the North Korean troops that Ukraine says number about 11,000 began fighting "
            "in the Kursk region.",
            (date(2024, 11, 1), "month"),
        ),
    ],
)
def test_an_opening_date_dates_the_event_when_the_subject_does_not_report(
    text: str, expected: tuple[date, str], ref: Reference
) -> None:
    (row,) = shown(text, ref, published=date(2025, 3, 1))
    assert (row["date_start"], row["date_precision"]) == expected


def test_a_directed_transfer_is_not_told_again_as_one_between(ref: Reference) -> None:
    text = (
        "North Korea has supplied Russia with more than 20,000 containers of munitions, the largest arms "
        "transfer between the two countries in decades."
    )
    assert [r["direction"] for r in shown(text, ref)] == ["from_to"]


@pytest.mark.parametrize(
    ("text", "publisher"),
    [
        (
            "Ministers discussed the security implications of the war in Ukraine for the Indo-Pacific, "
            "including the deployment of North Korean troops to Russia.",
            "Ministry of Foreign Affairs of Japan",
        ),
        (
            "NATO allies are studying lessons learned from the war in Ukraine, including North Korea's "
            "supply of shells to Russia.",
            None,
        ),
    ],
)
def test_a_topic_named_is_no_statement_and_lessons_are_no_know_how(
    text: str, publisher: str | None, ref: Reference
) -> None:
    assert {r["category"] for r in shown(text, ref, publisher)} <= {"troop_deployment", "arms_transfer"}
    assert not [r for r in shown(text, ref, publisher) if r["category"] == "technology_transfer"]


@pytest.mark.parametrize(
    "text",
    [
        "CAPTION: A Pantsir-S1 air defence system, a type Ukrainian officials say may have been sent to "
        "North Korea, is displayed at a Moscow arms fair in 2023.",
        "The KN-23 (North Korean designation Hwasong-11Ka) is a short-range ballistic missile developed by "
        "North Korea.",
        "Summary: What the end of the Panel of Experts means for monitoring the DPRK–Russia arms trade.",
    ],
)
def test_captions_names_and_topics_are_no_items(text: str, ref: Reference) -> None:
    assert [r for r in shown(text, ref) if r["category"] != "statement"] == []


@pytest.mark.parametrize(
    ("text", "publisher", "expected"),
    [
        # The state concerned judges the visit and the treaty; it neither visits nor signs.
        (
            "Japan is seriously concerned that President Putin visited Pyongyang on June 19 and signed a "
            "Treaty on Comprehensive Strategic Partnership with General Secretary Kim Jong Un.",
            "Ministry of Foreign Affairs of Japan",
            {("summit_or_visit", "RUS", "PRK", "from_to"), ("agreement", "RUS", "PRK", "between")},
        ),
        # "for Moscow's war" names no host of the visit.
        (
            "Russian Foreign Minister Sergei Lavrov held talks with his North Korean counterpart on "
            "Thursday, a day after arriving in Pyongyang, and thanked the North for its support for "
            "Moscow's war.",
            None,
            {("summit_or_visit", "RUS", "PRK", "from_to")},
        ),
        # Two leaders meeting on a third state's ground hold a summit between them.
        (
            "Vladimir Putin and Kim Jong Un held talks in Beijing on Wednesday, hours after both attended a "
            "military parade hosted by Chinese President Xi Jinping.",
            None,
            {("summit_or_visit", "RUS", "PRK", "between")},
        ),
    ],
)
def test_a_visit_is_between_those_who_travel_and_meet(
    text: str, publisher: str | None, expected: set[tuple[str, ...]], ref: Reference
) -> None:
    rows = shown(text, ref, publisher)
    found = {
        (r["category"], r["from_actor_id"], r["to_actor_id"], r["direction"])
        for r in rows
        if r["category"] in ("summit_or_visit", "agreement")
    }
    assert found == expected


@pytest.mark.parametrize(
    "text",
    [
        "A mutual defence treaty between the Russian Federation and the Democratic People's Republic of "
        "Korea came into effect on Wednesday.",
        "Russia's parliament approved the treaty with North Korea in early November.",
    ],
)
def test_a_treaty_coming_into_effect_or_approved_is_an_agreement_item(text: str, ref: Reference) -> None:
    found = {(r["category"], r["direction"]) for r in shown(text, ref, "United Nations")}
    assert ("agreement", "between") in found


@pytest.mark.parametrize(
    "text",
    [
        "North Korean troops are fighting alongside Russian forces in the Kursk region.",
        # The other word order: the troops of the state where the fighting is are the host's.
        "Russian troops are fighting alongside North Korean soldiers in the Kursk region.",
    ],
)
def test_troops_fighting_beside_the_hosts_are_the_ones_sent(text: str, ref: Reference) -> None:
    assert brief(shown(text, ref)) == [("troop_deployment", "PRK", "RUS", "reported")]


def test_designees_named_before_a_passive_act_are_its_targets_not_its_actor(ref: Reference) -> None:
    text = "North Korean and Russian companies involved in the arms trade were designated."
    actors = {r["from_actor_id"] for r in extract_rows(text, ref) if r["category"] == "sanctions_action"}
    assert actors <= {None}


def extract_rows(text: str, ref: Reference) -> list[dict]:
    """Every row, shown or not."""
    return normalise_document(extract_items(text, PUBLISHED, ref, None), "d", PUBLISHED, ref)
