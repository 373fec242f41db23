"""Extraction on realistic prose the extractor has never seen: UN press releases, US and South Korean
government statements, KCNA dispatches, news wires and think-tank analysis.

The texts are written for these tests in those styles; the wording is ours, not quotation. Every fact in
them is on the public record, and each case names where (`source`); conditional cases say they are
hypothetical. A case lists the items a careful analyst takes from the text (only the fields that matter),
items that must never come out (a prohibited, negated or hypothetical transfer; a resolution year as an
event date) and items that may come out without harm. Any other row at confidence 0.5 or above is spurious;
rows below 0.5 are the extractor's flagged guesses and count only when forbidden.

Cases the extractor gets wrong are strict xfails whose reason names the gap, so each flips to a failure
(and must be un-marked) as soon as the gap is fixed.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest

from etl.extract.candidates import extract_items
from etl.extract.normalise import normalise_document
from etl.extract.reference import Reference, load_reference
from etl.settings import PROJECT_ROOT

Pattern = dict[str, Any]
PANEL = "un-panel-of-experts"
UNSC = "un-security-council"


# --- how a case is written ------------------------------------------------------------------------------


def day(y: int, m: int, d: int) -> Pattern:
    return {"date_start": date(y, m, d), "date_end": date(y, m, d), "date_precision": "day"}


def month(y: int, m: int) -> Pattern:
    last = calendar.monthrange(y, m)[1]
    return {"date_start": date(y, m, 1), "date_end": date(y, m, last), "date_precision": "month"}


def year(y: int) -> Pattern:
    return {"date_start": date(y, 1, 1), "date_end": date(y, 12, 31), "date_precision": "year"}


def span(start: date, end: date, precision: str = "range") -> Pattern:
    return {"date_start": start, "date_end": end, "date_precision": precision}


def expect(
    category: str,
    supplier: str | frozenset[str] | None,
    recipient: str | None,
    goods: str | None = None,
    status: str = "reported",
    when: Pattern | tuple[Pattern, ...] | None = None,
    qty: float | None = None,
    unit: str | None = None,
) -> Pattern:
    """An item the analyst expects: supplier → recipient (visitor → host); when may list acceptable dates."""
    pattern: Pattern = {
        "category": category,
        "from_actor_id": supplier,
        "to_actor_id": recipient,
        "goods_class": goods,
        "status": status,
    }
    if when is not None:
        pattern["when"] = when if isinstance(when, tuple) else (when,)
    if qty is not None:
        pattern |= {"quantity": qty, "quantity_unit": unit}
    return pattern


def pair(category: str, a: str, b: str, status: str = "reported", when: Pattern | None = None) -> Pattern:
    """A relation without direction (an agreement, a link, a joint denial): the parties either way round."""
    pattern: Pattern = {"category": category, "parties": frozenset({a, b}), "status": status}
    return pattern | ({"when": (when,)} if when else {})


def like(**fields: Any) -> Pattern:
    """A partial row for items that may, or must not, come out."""
    return fields


def matches(row: dict[str, Any], pattern: Pattern) -> bool:
    for key, wanted in pattern.items():
        if key == "when":
            if not any(matches(row, alternative) for alternative in wanted):
                return False
        elif key == "parties":
            if frozenset({row["from_actor_id"], row["to_actor_id"]}) != wanted:
                return False
        elif isinstance(wanted, frozenset):
            if row[key] not in wanted:
                return False
        elif row[key] != wanted:
            return False
    return True


@dataclass(frozen=True)
class Case:
    id: str
    style: str
    source: str  # where the facts in the text are on record
    published: date
    text: str
    expect: tuple[Pattern, ...] = ()
    forbid: tuple[Pattern, ...] = ()
    allow: tuple[Pattern, ...] = ()
    gap: str | None = None  # what the extractor gets wrong, when it does


# --- the cases --------------------------------------------------------------------------------------------

STATUS_FROM_SAID = (
    "'<reporter> said' leaves the claim 'reported', where 'according to <reporter>' makes it 'alleged'"
)

CASES = [
    # UN Security Council press releases and measures
    Case(
        "un-veto-panel-today",
        "UN press release",
        "UN press release SC/15648, 28 March 2024",
        date(2024, 3, 28),
        "The Security Council today failed to renew the mandate of the Panel of Experts assisting its 1718 "
        "Committee, as the Russian Federation cast a veto. The draft received 13 votes in favour, 1 against "
        "(Russian Federation) and 1 abstention (China).",
        expect=(expect("sanctions_action", "RUS", PANEL, when=day(2024, 3, 28)),),
        allow=(like(category="third_party_link"),),
        gap=(
            "sanctions_action takes the first two actors named (Security Council, Panel), not the state "
            "that cast the veto"
        ),
    ),
    Case(
        "un-2270-adopted-today",
        "UN press release",
        "UNSCR 2270 (2016), adopted 2 March 2016",
        date(2016, 3, 2),
        "The Security Council today adopted resolution 2270 (2016), extending the arms embargo on the "
        "Democratic People's Republic of Korea to small arms and light weapons.",
        expect=(expect("sanctions_action", UNSC, "PRK", when=day(2016, 3, 2)),),
        forbid=(like(category="arms_transfer"),),
        gap=(
            "'adopted resolution 2270' and 'arms embargo' are no sanctions cues; 'arms embargo' yields a "
            "party-less arms_transfer"
        ),
    ),
    Case(
        "un-2397-prohibits-machinery",
        "UN press release",
        "UNSCR 2397 (2017), adopted 22 December 2017",
        date(2017, 12, 22),
        "Acting under Chapter VII of the Charter, the Council decided that all Member States shall prohibit "
        "the direct or indirect supply, sale or transfer to the DPRK of all industrial machinery, "
        "transportation vehicles and metals.",
        expect=(expect("sanctions_action", UNSC, "PRK", when=(day(2017, 12, 22), month(2017, 12))),),
        forbid=(like(category="commodity_transfer"),),
        gap=(
            "a prohibition of supply is read as a machinery transfer to the DPRK; 'the Council' and "
            "'prohibit' are not recognised"
        ),
    ),
    Case(
        "msmt-launched-today",
        "joint statement",
        "MSMT launched by eleven states, 16 October 2024",
        date(2024, 10, 16),
        "Today, Australia, Canada, France, Germany, Italy, Japan, the Netherlands, New Zealand, the "
        "Republic of Korea, the United Kingdom and the United States launched the Multilateral Sanctions "
        "Monitoring Team to monitor and report on violations of the sanctions on the DPRK.",
        expect=(
            expect(
                "sanctions_action",
                frozenset({"msmt", "JPN", "KOR", "GBR", "USA"}),
                "PRK",
                when=day(2024, 10, 16),
            ),
        ),
    ),
    # US statements
    Case(
        "wh-1000-containers-own-voice",
        "White House statement",
        "White House (Kirby), 13 October 2023",
        date(2023, 10, 13),
        "The DPRK has delivered more than 1,000 containers of military equipment and munitions to Russia in "
        "recent weeks.",
        expect=(
            expect(
                "arms_transfer",
                "PRK",
                "RUS",
                "military_equipment",
                when=month(2023, 10),
                qty=1000,
                unit="containers",
            ),
        ),
        allow=(
            like(
                category="arms_transfer",
                from_actor_id="PRK",
                to_actor_id="RUS",
                goods_class="artillery_ammunition",
            ),
        ),
    ),
    Case(
        "wh-missiles-30-december",
        "White House statement",
        "White House (Kirby), 4 January 2024",
        date(2024, 1, 4),
        "On 30 December, Russia launched ballistic missiles supplied by the DPRK against Ukraine, and on 2 "
        "January it did so again, hitting Kharkiv.",
        expect=(expect("arms_transfer", "PRK", "RUS", "ballistic_missile", when=day(2023, 12, 30)),),
    ),
    Case(
        "state-iran-fath360-own-voice",
        "State Department statement",
        "US State Department, 10 September 2024",
        date(2024, 9, 10),
        "Iran has shipped Fath-360 close-range ballistic missiles to Russia.",
        expect=(expect("arms_transfer", "IRN", "RUS", "ballistic_missile", when=month(2024, 9)),),
    ),
    Case(
        "state-iran-after-2231-expiry",
        "State Department statement",
        "US State Department, 10 September 2024; UNSCR 2231 missile restrictions expired October 2023",
        date(2024, 9, 10),
        "The missile-related restrictions of resolution 2231 expired in October 2023. Iran has since "
        "shipped Fath-360 close-range ballistic missiles to Russia.",
        expect=(
            expect(
                "arms_transfer",
                "IRN",
                "RUS",
                "ballistic_missile",
                when=(month(2024, 9), span(date(2023, 10, 1), date(2024, 9, 10))),
            ),
        ),
        allow=(like(category="sanctions_action"),),
    ),
    Case(
        "wh-we-assess",
        "White House statement",
        "White House (Kirby), 4 January 2024",
        date(2024, 1, 4),
        "We assess that the DPRK recently provided Russia with ballistic missiles.",
        expect=(
            expect("arms_transfer", "PRK", "RUS", "ballistic_missile", status="alleged", when=month(2024, 1)),
        ),
    ),
    Case(
        "us-eo-13722-signed",
        "White House statement",
        "Executive Order 13722, 15 March 2016",
        date(2016, 3, 15),
        "The President today signed Executive Order 13722, which prohibits the exportation of any goods "
        "from the United States to North Korea.",
        expect=(expect("sanctions_action", "USA", "PRK", when=day(2016, 3, 15)),),
        forbid=(like(category="agreement"),),
    ),
    Case(
        "us-eo-13810-issued",
        "Treasury statement",
        "Executive Order 13810, 20 September 2017",
        date(2017, 9, 21),
        "Executive Order 13810, issued on 20 September 2017, expands the Treasury's authority to sanction "
        "those who trade with North Korea.",
        expect=(expect("sanctions_action", "USA", "PRK", when=day(2017, 9, 20)),),
        gap="'Treasury' and 'Executive Order' name no actor and 'sanction' (the verb) is no cue",
    ),
    Case(
        "state-if-shells-conditional",
        "State Department briefing",
        "hypothetical; UNSCR 1718 OP 8(b) bars procurement of arms from the DPRK",
        date(2023, 9, 12),
        "If North Korea supplies artillery shells to Russia, it would violate multiple Security Council "
        "resolutions, the spokesman said.",
        forbid=(like(category="arms_transfer"),),
        allow=(like(category="statement", status="speculative"),),
    ),
    # South Korean defence ministry and intelligence briefings
    Case(
        "mnd-the-north-6700-and-shells",
        "ROK MND briefing",
        "ROK MND, 26–27 February 2024",
        date(2024, 2, 27),
        "The North has shipped about 6,700 containers to Russia since September last year, holding more "
        "than 3 million 152 mm artillery shells, the ministry said.",
        expect=(
            expect(
                "commodity_transfer",
                "PRK",
                "RUS",
                "containers",
                status="alleged",
                when=span(date(2023, 9, 1), date(2024, 2, 27)),
                qty=6700,
                unit="containers",
            ),
            expect(
                "arms_transfer",
                "PRK",
                "RUS",
                "artillery_ammunition",
                status="alleged",
                qty=3_000_000,
                unit="shells",
            ),
        ),
        gap=(
            "'the North' is no PRK alias; every goods class takes the sentence's first number (6,700 "
            "containers); " + STATUS_FROM_SAID
        ),
    ),
    Case(
        "dia-13000-containers-6m-shells",
        "news wire",
        "ROK defence intelligence (Kyiv Independent), 27 August 2024",
        date(2024, 8, 27),
        "North Korea has sent more than 13,000 containers of weapons to Russia, including over 6 million "
        "artillery shells, South Korea's defence intelligence agency said.",
        expect=(
            expect(
                "arms_transfer",
                "PRK",
                "RUS",
                "military_equipment",
                status="alleged",
                qty=13000,
                unit="containers",
            ),
            expect(
                "arms_transfer",
                "PRK",
                "RUS",
                "artillery_ammunition",
                status="alleged",
                qty=6_000_000,
                unit="shells",
            ),
        ),
    ),
    Case(
        "nis-the-north-1500-special-forces",
        "news wire",
        "ROK NIS, 18 October 2024",
        date(2024, 10, 18),
        "Seoul's spy agency said on Friday that the North had dispatched about 1,500 special forces troops "
        "to Russia this month.",
        expect=(
            expect(
                "troop_deployment",
                "PRK",
                "RUS",
                "troops",
                status="alleged",
                when=month(2024, 10),
                qty=1500,
                unit="troops",
            ),
        ),
    ),
    Case(
        "nis-3000-lawmakers-briefed",
        "news wire",
        "ROK NIS, 23 October 2024",
        date(2024, 10, 23),
        "About 3,000 North Korean troops have been transferred to Russia so far, lawmakers said after a "
        "closed-door briefing by the National Intelligence Service.",
        expect=(
            expect(
                "troop_deployment",
                "PRK",
                "RUS",
                "troops",
                status="alleged",
                when=month(2024, 10),
                qty=3000,
                unit="troops",
            ),
        ),
    ),
    Case(
        "nis-1500-more-may-follow",
        "news wire",
        "ROK NIS, 18 October 2024 (3,000 by 23 October)",
        date(2024, 10, 18),
        "North Korea has sent about 1,500 troops to Russia, and more may follow, the National Intelligence "
        "Service said.",
        expect=(
            expect(
                "troop_deployment",
                "PRK",
                "RUS",
                "troops",
                status="alleged",
                when=month(2024, 10),
                qty=1500,
                unit="troops",
            ),
        ),
    ),
    Case(
        "mofa-aurus-breaches-ban",
        "ROK government statement",
        "KCNA, 20 February 2024; DW (ROK: a violation)",
        date(2024, 2, 20),
        "Seoul said the delivery of the Russian-made Aurus to Kim Jong Un breaches Security Council "
        "resolutions that ban the supply of luxury goods to North Korea.",
        expect=(
            expect(
                "luxury_goods_transfer", "RUS", "PRK", "luxury_vehicle", status="alleged", when=month(2024, 2)
            ),
        ),
        forbid=(like(category="luxury_goods_transfer", goods_class="luxury_goods"),),
    ),
    Case(
        "mnd-5000-vs-white-house-1000",
        "news wire",
        "ROK MND, 29 December 2023; White House, 13 October 2023",
        date(2023, 12, 29),
        "South Korea's defence minister said on Friday that North Korea had shipped about 5,000 containers "
        "to Russia. That is five times the 1,000 containers the White House reported on 13 October.",
        expect=(
            expect(
                "commodity_transfer",
                "PRK",
                "RUS",
                "containers",
                status="alleged",
                qty=5000,
                unit="containers",
            ),
            expect(
                "commodity_transfer",
                "PRK",
                "RUS",
                "containers",
                status="alleged",
                when=day(2023, 10, 13),
                qty=1000,
                unit="containers",
            ),
        ),
        gap=(
            "a sentence with goods but no actor ('the 1,000 containers the White House reported') does not "
            "take the parties of the sentence before; " + STATUS_FROM_SAID
        ),
    ),
    Case(
        "mnd-the-north-is-believed",
        "ROK MND briefing",
        "White House (Kirby), 4 January 2024",
        date(2024, 2, 27),
        "The North is believed to have provided Russia with ballistic missiles as well, Washington has said.",
        expect=(expect("arms_transfer", "PRK", "RUS", "ballistic_missile", status="alleged"),),
    ),
    # KCNA dispatches
    Case(
        "kcna-treaty-signed-19-june",
        "KCNA dispatch",
        "KCNA / Interfax, 19 June 2024",
        date(2024, 6, 20),
        "Kim Jong Un, General Secretary of the Workers' Party of Korea and President of the State Affairs "
        "of the DPRK, and Vladimir Putin, President of the Russian Federation, signed the Treaty on "
        "Comprehensive Strategic Partnership in Pyongyang on 19 June.",
        expect=(pair("agreement", "RUS", "PRK", when=day(2024, 6, 19)),),
        allow=(like(category="summit_or_visit", from_actor_id="RUS", to_actor_id="PRK"),),
    ),
    Case(
        "kcna-putin-presented-gifts",
        "KCNA dispatch",
        "KCNA / Interfax, 19 June 2024",
        date(2024, 6, 20),
        "On the occasion of the visit, Vladimir Putin presented Kim Jong Un with an Aurus car, an admiral's "
        "dagger and a tea set.",
        expect=(
            expect("luxury_goods_transfer", "RUS", "PRK", "luxury_vehicle", when=month(2024, 6)),
            expect("luxury_goods_transfer", "RUS", "PRK", "luxury_goods", when=month(2024, 6)),
        ),
        allow=(like(category="summit_or_visit", from_actor_id="RUS", to_actor_id="PRK"),),
    ),
    Case(
        "kcna-shoigu-shown-missiles",
        "KCNA dispatch",
        "KCNA / Sputnik, 25–27 July 2023",
        date(2023, 7, 27),
        "Kim Jong Un showed the visiting Russian defence minister, Sergei Shoigu, missiles and drones on "
        "Wednesday.",
        expect=(expect("summit_or_visit", "RUS", "PRK", when=day(2023, 7, 26)),),
    ),
    Case(
        "kcna-kpa-units-kursk",
        "KCNA dispatch",
        "KCNA, 28 April 2025",
        date(2025, 4, 28),
        "Units of the Korean People's Army took part in the operations to liberate the Kursk region under "
        "Article 4 of the treaty, on the order of Kim Jong Un.",
        expect=(expect("troop_deployment", "PRK", "RUS", when=month(2025, 4)),),
        gap="'Korean People's Army' is no PRK alias and 'units' no troops term: no deployment comes out",
    ),
    Case(
        "kcna-kim-support-for-operation",
        "KCNA dispatch",
        "Chatham House, 21 June 2024 (Kim's pledge of support)",
        date(2024, 6, 19),
        "Kim Jong Un expressed full support for Russia's special military operation in Ukraine.",
        expect=(expect("statement", "PRK", "RUS", when=month(2024, 6)),),
    ),
    Case(
        "kcna-kim-yo-jong-received-car",
        "KCNA dispatch",
        "KCNA, 20 February 2024",
        date(2024, 2, 20),
        "Kim Yo Jong received the Russian-made Aurus car on 18 February on behalf of Kim Jong Un.",
        expect=(expect("luxury_goods_transfer", "RUS", "PRK", "luxury_vehicle", when=day(2024, 2, 18)),),
    ),
    # News wires
    Case(
        "wire-treaty-in-force-wednesday",
        "news wire",
        "Interfax, 4 December 2024",
        date(2024, 12, 4),
        "The treaty on comprehensive strategic partnership between Russia and North Korea entered into "
        "force on Wednesday, Russia's foreign ministry said.",
        expect=(pair("agreement", "RUS", "PRK", when=day(2024, 12, 4)),),
    ),
    Case(
        "wire-putin-hosted-kim-vostochny",
        "news wire",
        "Reuters, 13 September 2023",
        date(2023, 9, 13),
        "Russian President Vladimir Putin hosted North Korean leader Kim Jong Un at the Vostochny "
        "Cosmodrome on Wednesday.",
        expect=(expect("summit_or_visit", "PRK", "RUS", when=day(2023, 9, 13)),),
    ),
    Case(
        "wire-pact-clause-hypothetical",
        "news wire",
        "KCNA treaty text, 20 June 2024 (Chatham House)",
        date(2024, 6, 20),
        "Under the pact, each side would immediately provide military and other assistance by all available "
        "means if the other came under attack, state media said.",
        forbid=(like(category="arms_transfer"), like(category="technology_transfer")),
    ),
    Case(
        "wire-3000-up-from-1500",
        "news wire",
        "ROK NIS, 18 and 23 October 2024",
        date(2024, 10, 23),
        "South Korea's spy agency said on Wednesday that about 3,000 North Korean troops had been sent to "
        "Russia, up from the 1,500 it reported last week.",
        expect=(
            expect(
                "troop_deployment",
                "PRK",
                "RUS",
                "troops",
                status="alleged",
                when=(day(2024, 10, 23), month(2024, 10)),
                qty=3000,
                unit="troops",
            ),
        ),
    ),
    Case(
        "wire-pentagon-spokeswoman-10000",
        "news wire",
        "Pentagon, 28 October 2024",
        date(2024, 10, 28),
        "Roughly 10,000 North Korean soldiers have been sent to eastern Russia, a Pentagon spokeswoman said "
        "on Monday.",
        expect=(
            expect(
                "troop_deployment",
                "PRK",
                "RUS",
                "troops",
                status="alleged",
                when=(day(2024, 10, 28), month(2024, 10)),
                qty=10000,
                unit="troops",
            ),
        ),
    ),
    Case(
        "wire-kharkiv-jan-2",
        "news wire",
        "White House (Kirby), 4 January 2024",
        date(2024, 1, 4),
        "Russian forces fired North Korean ballistic missiles at Kharkiv on Jan. 2, U.S. officials said.",
        expect=(
            expect(
                "arms_transfer", "PRK", "RUS", "ballistic_missile", status="alleged", when=day(2024, 1, 2)
            ),
        ),
    ),
    Case(
        "wire-msmt-9m-rounds-and-missiles",
        "news wire",
        "MSMT report, 29 May 2025",
        date(2025, 5, 29),
        "North Korea shipped about 9 million rounds of artillery ammunition to Russia last year, the "
        "Multilateral Sanctions Monitoring Team said in a report on Thursday. It also supplied at least 100 "
        "ballistic missiles, the report said.",
        expect=(
            expect(
                "arms_transfer",
                "PRK",
                "RUS",
                "artillery_ammunition",
                status="alleged",
                when=year(2024),
                qty=9_000_000,
                unit="rounds",
            ),
            expect(
                "arms_transfer", "PRK", "RUS", "ballistic_missile", status="alleged", qty=100, unit="missiles"
            ),
        ),
    ),
    Case(
        "wire-msmt-pantsir-ew",
        "news wire",
        "MSMT report, 29 May 2025",
        date(2025, 5, 29),
        "In return, Russia supplied North Korea with a Pantsir air-defence system and electronic-warfare "
        "systems, the report found.",
        expect=(
            expect("arms_transfer", "RUS", "PRK", "air_defence_system", status="alleged"),
            expect("arms_transfer", "RUS", "PRK", "electronic_warfare", status="alleged"),
        ),
    ),
    Case(
        "wire-msmt-petroleum-march-october",
        "news wire",
        "MSMT report, 29 May 2025; UNSCR 2397 cap",
        date(2025, 5, 29),
        "Russia also delivered more than 1 million barrels of refined petroleum to North Korea between "
        "March and October 2024, above the annual cap set by the Security Council.",
        expect=(
            expect(
                "commodity_transfer",
                "RUS",
                "PRK",
                "refined_petroleum",
                when=span(date(2024, 3, 1), date(2024, 10, 31)),
                qty=1_000_000,
                unit="barrels",
            ),
        ),
    ),
    Case(
        "wire-msmt-11000-and-3000-troops",
        "news wire",
        "MSMT report, 29 May 2025",
        date(2025, 5, 29),
        "More than 11,000 North Korean troops were deployed to Russia in 2024, and about 3,000 more were "
        "sent this year, the team said.",
        expect=(
            expect(
                "troop_deployment",
                "PRK",
                "RUS",
                "troops",
                status="alleged",
                when=year(2024),
                qty=11000,
                unit="troops",
            ),
            expect(
                "troop_deployment",
                "PRK",
                "RUS",
                "troops",
                status="alleged",
                when=year(2025),
                qty=3000,
                unit="troops",
            ),
        ),
        gap=(
            "one item per goods class per sentence, so the 2025 figure is lost; no quantity ('North Korean' "
            "between number and unit); " + STATUS_FROM_SAID
        ),
    ),
    Case(
        "wire-pyongyang-denied",
        "news wire",
        "ROK MND, 29 December 2023 (Pyongyang denies the shipments; Moscow has not admitted them)",
        date(2023, 12, 29),
        "Pyongyang has denied sending munitions to Russia, while Moscow has not admitted receiving them.",
        expect=(expect("statement", "PRK", "RUS", "artillery_ammunition", status="denied"),),
        forbid=(like(category="arms_transfer"),),
        allow=(like(category="statement", status="denied"),),
    ),
    Case(
        "wire-veto-denied-the-panel",
        "news wire",
        "UN press release SC/15648, 28 March 2024",
        date(2024, 3, 28),
        "Russia's veto denied the Panel of Experts another year of work.",
        expect=(expect("sanctions_action", "RUS", PANEL, when=month(2024, 3)),),
    ),
    Case(
        "wire-blinken-said-tuesday",
        "news wire",
        "US State Department, 10 September 2024",
        date(2024, 9, 10),
        "Iran has shipped Fath-360 close-range ballistic missiles to Russia, U.S. Secretary of State Antony "
        "Blinken said on Tuesday.",
        expect=(
            expect(
                "arms_transfer",
                "IRN",
                "RUS",
                "ballistic_missile",
                status="alleged",
                when=(day(2024, 9, 10), month(2024, 9)),
            ),
        ),
    ),
    Case(
        "wire-progressive-supplying-with",
        "news wire",
        "ROK MND, 27 February 2024; White House, 4 January 2024",
        date(2024, 2, 27),
        "North Korea is supplying Russia with artillery shells and ballistic missiles, according to Seoul "
        "and Washington.",
        expect=(
            expect("arms_transfer", "PRK", "RUS", "artillery_ammunition", status="alleged"),
            expect("arms_transfer", "PRK", "RUS", "ballistic_missile", status="alleged"),
        ),
    ),
    Case(
        "wire-have-not-stopped",
        "news wire",
        "MSMT report, 29 May 2025 (over 20,000 containers since September 2023)",
        date(2025, 5, 29),
        "Shipments of North Korean munitions to Russia have not stopped since September 2023, the "
        "monitoring team said.",
        expect=(
            expect(
                "arms_transfer",
                "PRK",
                "RUS",
                "artillery_ammunition",
                status="alleged",
                when=span(date(2023, 9, 1), date(2025, 5, 29)),
            ),
        ),
        forbid=(like(category="statement", status="denied"),),
    ),
    Case(
        "wire-sent-moscow-double-object",
        "news wire",
        "ROK MND, 26–27 February 2024",
        date(2024, 2, 27),
        "Since September last year, Pyongyang has sent Moscow some 6,700 containers, Seoul's defence "
        "ministry said.",
        expect=(
            expect(
                "commodity_transfer",
                "PRK",
                "RUS",
                "containers",
                status="alleged",
                when=span(date(2023, 9, 1), date(2024, 2, 27)),
                qty=6700,
                unit="containers",
            ),
        ),
    ),
    Case(
        "wire-kirby-told-reporters",
        "news wire",
        "White House (Kirby), 13 October 2023",
        date(2023, 10, 13),
        "North Korea has delivered more than 1,000 containers of military equipment and munitions to "
        "Russia, White House spokesman John Kirby told reporters on Friday.",
        expect=(
            expect(
                "arms_transfer",
                "PRK",
                "RUS",
                "military_equipment",
                status="alleged",
                when=(day(2023, 10, 13), month(2023, 10)),
                qty=1000,
                unit="containers",
            ),
        ),
        allow=(
            like(
                category="arms_transfer",
                from_actor_id="PRK",
                to_actor_id="RUS",
                goods_class="artillery_ammunition",
            ),
        ),
    ),
    Case(
        "wire-refused-to-back-renewal",
        "news wire",
        "UN press release SC/15648, 28 March 2024",
        date(2024, 3, 28),
        "Russia refused to back the renewal of the Panel of Experts' mandate, and China abstained.",
        expect=(expect("sanctions_action", "RUS", PANEL, when=month(2024, 3)),),
        allow=(like(category="third_party_link"),),
    ),
    # Think-tank analysis
    Case(
        "tt-likely-technology-transfer",
        "think-tank analysis",
        "Chatham House, 21 June 2024",
        date(2024, 6, 27),
        "The treaty is likely to deepen Russia's transfer of military technology to North Korea.",
        expect=(
            expect(
                "technology_transfer",
                "RUS",
                "PRK",
                "military_technology",
                status="expected",
                when=month(2024, 6),
            ),
        ),
    ),
    Case(
        "tt-expected-to-receive-technology",
        "think-tank analysis",
        "Chatham House, 21 June 2024",
        date(2024, 6, 27),
        "North Korea is expected to receive advanced military technology from Russia in return.",
        expect=(
            expect(
                "technology_transfer",
                "RUS",
                "PRK",
                "military_technology",
                status="expected",
                when=month(2024, 6),
            ),
        ),
    ),
    Case(
        "tt-aurus-two-resolutions",
        "think-tank analysis",
        "UNSCR 2094 Annex IV; UNSCR 2397 OP 7; KCNA",
        date(2024, 7, 1),
        "An Aurus limousine is both a luxury vehicle under resolution 2094 (2013) and a transport vehicle "
        "under resolution 2397 (2017), so each of the cars Putin has given Kim engages two sets of "
        "provisions.",
        expect=(expect("luxury_goods_transfer", "RUS", "PRK", "luxury_vehicle", when=month(2024, 7)),),
    ),
    Case(
        "tt-estimates-rose-5000-to-13000",
        "think-tank analysis",
        "ROK MND, 29 December 2023; ROK defence intelligence, 27 August 2024",
        date(2024, 9, 15),
        "Seoul's estimates of North Korean shipments to Russia rose from about 5,000 containers in December "
        "2023 to more than 13,000 containers in August 2024.",
        expect=(
            expect(
                "commodity_transfer",
                "PRK",
                "RUS",
                "containers",
                status="alleged",
                when=month(2023, 12),
                qty=5000,
                unit="containers",
            ),
            expect(
                "commodity_transfer",
                "PRK",
                "RUS",
                "containers",
                status="alleged",
                when=month(2024, 8),
                qty=13000,
                unit="containers",
            ),
        ),
        gap="one item per goods class per sentence: the August 2024 figure (13,000) is lost",
    ),
    Case(
        "tt-tehran-shipments-confirmed-by-washington",
        "think-tank analysis",
        "US State Department, 10 September 2024; UNSCR 2231",
        date(2024, 11, 1),
        "Tehran's shipments of Fath-360 missiles to Moscow, confirmed by Washington in September 2024, came "
        "after the UN restrictions under resolution 2231 had expired in October 2023.",
        expect=(
            expect(
                "arms_transfer",
                "IRN",
                "RUS",
                "ballistic_missile",
                status="alleged",
                when=(month(2024, 9), span(date(2023, 10, 1), date(2024, 9, 30))),
            ),
        ),
        allow=(like(category="sanctions_action"),),
    ),
    Case(
        "tt-may-seek-technology",
        "think-tank analysis",
        "Chatham House, 21 June 2024",
        date(2024, 7, 1),
        "Pyongyang may seek advanced military technology from Moscow in return for its munitions.",
        expect=(expect("technology_transfer", "RUS", "PRK", "military_technology", status="speculative"),),
        allow=(like(category="arms_transfer", from_actor_id="PRK", to_actor_id="RUS"),),
    ),
    Case(
        "tt-panel-ended-after-veto",
        "think-tank analysis",
        "UN press release SC/15648; Panel ended 30 April 2024",
        date(2024, 5, 2),
        "The Panel of Experts ended its work on 30 April 2024, after Russia vetoed the renewal of its "
        "mandate in March.",
        expect=(expect("sanctions_action", "RUS", PANEL, when=month(2024, 3)),),
        allow=(like(category="sanctions_action", date_start=date(2024, 4, 30)),),
        gap=(
            "one sanctions_action per sentence, with the first two actors and the first cue's date: the "
            "Panel 'acts' on Russia on 30 April and Russia's March veto is lost"
        ),
    ),
    Case(
        "tt-china-abstained",
        "think-tank analysis",
        "UN press release SC/15648; Chatham House, 21 June 2024",
        date(2024, 6, 27),
        "China, North Korea's largest economic partner, abstained when Russia vetoed the renewal of the "
        "Panel of Experts in March.",
        expect=(
            pair("third_party_link", "CHN", "PRK"),
            expect("sanctions_action", "RUS", PANEL, when=month(2024, 3)),
        ),
    ),
    Case(
        "tt-fourth-quarter",
        "think-tank analysis",
        "ROK NIS and Pentagon, October 2024",
        date(2025, 1, 15),
        "North Korean troops were first deployed to Russia in the fourth quarter of 2024.",
        expect=(
            expect(
                "troop_deployment",
                "PRK",
                "RUS",
                "troops",
                when=span(date(2024, 10, 1), date(2024, 12, 31), "quarter"),
            ),
        ),
    ),
    Case(
        "tt-late-last-year",
        "think-tank analysis",
        "White House (Kirby), 4 January 2024",
        date(2024, 3, 15),
        "Russia began firing North Korean missiles at Ukraine late last year.",
        expect=(
            expect("arms_transfer", "PRK", "RUS", "missile", when=span(date(2023, 9, 1), date(2023, 12, 31))),
        ),
    ),
    Case(
        "nis-earlier-this-month",
        "news wire",
        "ROK NIS, 18 and 23 October 2024",
        date(2024, 10, 25),
        "North Korea sent troops to Russia earlier this month, Seoul's intelligence service has said.",
        expect=(
            expect(
                "troop_deployment",
                "PRK",
                "RUS",
                "troops",
                status="alleged",
                when=(span(date(2024, 10, 1), date(2024, 10, 25)), month(2024, 10)),
            ),
        ),
    ),
    Case(
        "tt-any-transfer-would-violate",
        "think-tank analysis",
        "hypothetical; UNSCR 1718 (2006) OP 8",
        date(2024, 6, 27),
        "Any transfer of Russian missile technology to North Korea would violate resolution 1718 (2006).",
        forbid=(like(category="technology_transfer"), like(date_start=date(2006, 1, 1))),
        allow=(like(category="statement", status="speculative"),),
    ),
    Case(
        "tt-no-monitor-reports",
        "think-tank analysis",
        "Panel of Experts ended 30 April 2024",
        date(2024, 6, 27),
        "Without the Panel of Experts, no independent UN monitor now reports on shipments of North Korean "
        "arms to Russia.",
        forbid=(like(category="arms_transfer"), like(category="statement", status="denied")),
        gap=(
            "negation is judged by a 40-character window, not by scope: 'no' (which negates the monitoring, "
            "not the shipments) falls outside it, so a reported PRK → RUS arms transfer comes out"
        ),
    ),
    Case(
        "tt-japan-exported-nothing",
        "think-tank analysis",
        "Japan's total export ban since June 2009",
        date(2024, 6, 27),
        "Japan has exported nothing to North Korea since June 2009, when it imposed a total ban on exports.",
        expect=(
            expect(
                "sanctions_action",
                "JPN",
                "PRK",
                when=(month(2009, 6), span(date(2009, 6, 1), date(2024, 6, 27))),
            ),
        ),
    ),
    Case(
        "tt-1718-adopted-on",
        "think-tank analysis",
        "UNSCR 1718 (2006), adopted 14 October 2006, OP 8",
        date(2024, 6, 27),
        "Resolution 1718, adopted on 14 October 2006, bars the supply of luxury goods to the DPRK and the "
        "procurement of arms from it.",
        forbid=(like(category="luxury_goods_transfer"), like(category="arms_transfer")),
        allow=(like(category="sanctions_action"),),
    ),
    Case(
        "tt-procurement-throughout-2024",
        "think-tank analysis",
        "MSMT report, 29 May 2025",
        date(2025, 1, 15),
        "Moscow's procurement of North Korean artillery ammunition continued throughout 2024.",
        expect=(expect("arms_transfer", "PRK", "RUS", "artillery_ammunition", when=year(2024)),),
    ),
]


# --- the test ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def ref() -> Reference:
    return load_reference(PROJECT_ROOT / "datasets" / "reference")


def _shown(row: dict[str, Any]) -> str:
    return (
        f"{row['category']} {row['from_actor_id']} → {row['to_actor_id']} {row['goods_class']} "
        f"qty={row['quantity']} {row['quantity_unit']} {row['status']} "
        f"{row['date_start']}..{row['date_end']} ({row['date_precision']}) conf={row['confidence']}"
    )


def problems(case: Case, rows: list[dict[str, Any]]) -> list[str]:
    """What an analyst would object to in the rows: missing, forbidden and spurious items."""
    found: list[str] = []
    used: set[int] = set()
    for wanted in case.expect:
        hit = next((i for i, row in enumerate(rows) if i not in used and matches(row, wanted)), None)
        if hit is None:
            found.append(f"missing: {wanted}")
        else:
            used.add(hit)
    for i, row in enumerate(rows):
        if any(matches(row, pattern) for pattern in case.forbid):
            found.append(f"forbidden: {_shown(row)}")
        elif i not in used and row["confidence"] >= 0.5 and not any(matches(row, p) for p in case.allow):
            found.append(f"spurious: {_shown(row)}")
    return found


def _param(case: Case) -> Any:
    marks = [pytest.mark.xfail(strict=True, reason=case.gap)] if case.gap else []
    return pytest.param(case, id=case.id, marks=marks)


@pytest.mark.parametrize("case", [_param(c) for c in CASES])
def test_realistic_text(case: Case, ref: Reference) -> None:
    rows = normalise_document(extract_items(case.text, case.published, ref), case.id, case.published, ref)
    found = problems(case, rows)
    assert not found, "\n".join([*found, "rows:", *(_shown(r) for r in rows)])


def test_case_ids_are_unique_and_every_case_checks_something() -> None:
    ids = [c.id for c in CASES]
    assert len(ids) == len(set(ids))
    assert all(c.expect or c.forbid for c in CASES)
