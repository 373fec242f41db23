"""Extraction on short sentences written for the tests: direction, voice, hedges, negations, dates."""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa

from etl import store
from etl.extract.candidates import Candidate, extract_items
from etl.extract.normalise import normalise_document
from etl.extract.reference import Reference, load_reference
from etl.pipeline import run_refresh
from etl.settings import PROJECT_ROOT, Settings, load_settings

PUBLISHED = date(2024, 6, 21)


@pytest.fixture(scope="module")
def ref() -> Reference:
    return load_reference(PROJECT_ROOT / "datasets" / "reference")


def items(text: str, ref: Reference, published: date | None = PUBLISHED) -> list[dict]:
    return normalise_document(extract_items(text, published, ref), "test-doc", published, ref)


def only(rows: list[dict], category: str) -> dict:
    matching = [r for r in rows if r["category"] == category]
    assert len(matching) == 1, rows
    return matching[0]


def test_active_voice_supplier_is_the_subject(ref: Reference) -> None:
    row = only(items("North Korea shipped artillery shells to Russia in March 2024.", ref), "arms_transfer")
    assert (row["from_actor_id"], row["to_actor_id"], row["goods_class"]) == (
        "PRK",
        "RUS",
        "artillery_ammunition",
    )
    assert (row["date_start"], row["date_end"], row["date_precision"]) == (
        date(2024, 3, 1),
        date(2024, 3, 31),
        "month",
    )


def test_passive_voice_reads_by_and_to(ref: Reference) -> None:
    text = "Ballistic missiles were supplied to Moscow by Pyongyang, US officials said."
    row = only(items(text, ref), "arms_transfer")
    assert (row["from_actor_id"], row["to_actor_id"], row["goods_class"]) == (
        "PRK",
        "RUS",
        "ballistic_missile",
    )


def test_recipient_verbs_reverse_the_direction(ref: Reference) -> None:
    row = only(
        items("Russia received about 5,000 containers of munitions from the DPRK.", ref), "arms_transfer"
    )
    assert (row["from_actor_id"], row["to_actor_id"]) == ("PRK", "RUS")
    assert (row["quantity"], row["quantity_unit"]) == (5000, "containers")


def test_compound_supplier_adjective(ref: Reference) -> None:
    row = only(
        items("Russia fired DPRK-supplied ballistic missiles at Ukraine on 2 January 2024.", ref),
        "arms_transfer",
    )
    assert (row["from_actor_id"], row["to_actor_id"]) == ("PRK", "RUS")
    assert row["date_start"] == date(2024, 1, 2) and row["date_precision"] == "day"


@pytest.mark.parametrize(
    ("sentence", "status"),
    [
        ("Pyongyang has reportedly shipped shells to Russia.", "alleged"),
        ("North Korea may send drones to Russia next year.", "speculative"),
        ("Russia is expected to transfer missile technology to North Korea.", "expected"),
        ("North Korea shipped shells to Russia.", "reported"),
        (
            "It remains unclear whether Russia has transferred satellite technology to North Korea.",
            "speculative",
        ),
        ("Russia is unlikely to give North Korea submarine technology.", "speculative"),
        ("Pyongyang was preparing to send more shells to Russia.", "expected"),
        ("Evidence was mounting that Moscow was receiving artillery shells from Pyongyang.", "alleged"),
        ("North Korea is poised to send more missiles to Russia.", "expected"),
        (
            "Two of the missiles were North Korean-made and were fired by Russia, the head of the "
            "regional prosecutor's office said on Thursday.",
            "alleged",
        ),
    ],
)
def test_hedges_set_the_status(sentence: str, status: str, ref: Reference) -> None:
    rows = [r for r in items(sentence, ref) if r["category"] in ("arms_transfer", "technology_transfer")]
    assert [r["status"] for r in rows] == [status]


@pytest.mark.parametrize(
    "sentence",
    [
        "China has not supplied weapons to Russia.",
        "Seoul has been reluctant to provide lethal aid to Ukraine.",
        "China hasn't supplied weapons to Russia.",
        "China didn’t supply weapons to Russia.",
    ],
)
def test_negated_transfers_are_statements_not_transfers(sentence: str, ref: Reference) -> None:
    rows = items(sentence, ref)
    assert not [r for r in rows if r["category"] == "arms_transfer"]
    assert only(rows, "statement")["status"] == "denied"


@pytest.mark.parametrize(
    ("sentence", "teller"),
    [
        # The document's voice says it did not happen: China says nothing.
        ("There is no evidence that China has supplied lethal weapons to Russia.", "GBR"),
        # A reporter named in the sentence tells it.
        ("North Korea has not sent troops to Russia, KCNA said.", "PRK"),
    ],
)
def test_a_transfer_said_not_to_have_happened_is_told_by_its_reporter(
    sentence: str, teller: str, ref: Reference
) -> None:
    rows = normalise_document(
        extract_items(sentence, PUBLISHED, ref, "UK Mission to the UN"), "d", PUBLISHED, ref
    )
    assert [(r["category"], r["from_actor_id"], r["status"]) for r in rows] == [
        ("statement", teller, "denied")
    ]


@pytest.mark.parametrize("publisher", [None, "United Nations", "Yonhap"])
def test_a_transfer_said_not_to_happen_with_no_teller_known_shows_no_one_speaking(
    publisher: str | None, ref: Reference
) -> None:
    """Neither Ukraine nor North Korea said so, nor did a newsroom speak for a state."""
    text = "Ukraine has never received weapons from North Korea."
    rows = normalise_document(extract_items(text, PUBLISHED, ref, publisher), "d", PUBLISHED, ref)
    assert not [r for r in rows if r["confidence"] >= 0.5]


def test_a_transfer_called_unfounded_is_its_tellers_denial(ref: Reference) -> None:
    text = (
        "Rumours that Russia has transferred submarine technology to North Korea are unfounded, Lavrov said."
    )
    rows = [r for r in items(text, ref) if r["confidence"] >= 0.5]
    assert [(r["category"], r["from_actor_id"], r["status"]) for r in rows] == [
        ("statement", "RUS", "denied")
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "Russia must not transfer nuclear technology to North Korea.",
        "We urge Russia not to transfer jets to the DPRK.",
    ],
)
def test_a_demand_not_to_transfer_is_the_voices_statement_on_the_would_be_supplier(
    sentence: str, ref: Reference
) -> None:
    rows = normalise_document(
        extract_items(sentence, PUBLISHED, ref, "UK Mission to the UN"), "d", PUBLISHED, ref
    )
    shown = [
        (r["category"], r["from_actor_id"], r["to_actor_id"], r["status"])
        for r in rows
        if r["confidence"] >= 0.5
    ]
    assert shown == [("statement", "GBR", "RUS", "reported")]


def test_not_only_negates_nothing(ref: Reference) -> None:
    rows = [r for r in items("Russia is not only receiving shells from North Korea but also troops.", ref)]
    shown = [(r["category"], r["from_actor_id"], r["status"]) for r in rows if r["confidence"] >= 0.5]
    assert ("arms_transfer", "PRK", "reported") in shown and not [s for s in shown if s[2] == "denied"]


def test_hypothetical_assistance_is_not_a_transfer(ref: Reference) -> None:
    text = "The two states would provide weapons to each other in the event of an attack on either party."
    rows = items(text, ref)
    assert not [r for r in rows if r["category"] == "arms_transfer"]


def test_manufacture_and_resolution_years_are_not_event_dates(ref: Reference) -> None:
    rows = items(
        "Russia delivered a 2019 model limousine to Pyongyang, breaching resolution 2397 (2017).", ref
    )
    row = only(rows, "luxury_goods_transfer")
    assert row["date_start"].year == 2024  # undated in the text: the publication month, not 2019 or 2017
    assert row["date_precision"] == "month"


def test_relative_dates_resolve_against_publication(ref: Reference) -> None:
    row = only(items("Kim Jong Un will visit Moscow next month.", ref), "summit_or_visit")
    assert (row["from_actor_id"], row["to_actor_id"]) == ("PRK", "RUS")
    assert (row["date_start"], row["date_precision"], row["status"]) == (
        date(2024, 7, 1),
        "month",
        "expected",
    )


def test_relative_dates_stay_unresolved_without_a_publication_date(ref: Reference) -> None:
    row = only(items("Kim Jong Un will visit Moscow next month.", ref, published=None), "summit_or_visit")
    assert (row["date_start"], row["date_precision"], row["date_text"]) == (None, "unknown", "next month")


def test_uncertain_candidates_are_kept_with_low_confidence(ref: Reference) -> None:
    rows = items("Kim showed the Russian delegation missiles and drones.", ref)
    assert rows and all(r["confidence"] < 0.5 for r in rows)


def test_quotes_point_into_the_text(ref: Reference) -> None:
    text = "Intro line.\n\nPyongyang shipped shells to Moscow. Then nothing happened."
    row = only(items(text, ref), "arms_transfer")
    assert text[row["char_start"] : row["char_end"]] == row["quote"] == "Pyongyang shipped shells to Moscow."


def test_candidates_carry_no_guessed_party_when_none_is_known(ref: Reference) -> None:
    candidates: list[Candidate] = extract_items("Munitions were shipped last week.", PUBLISHED, ref)
    assert candidates == [] or all(c.confidence < 0.5 for c in candidates)


def test_the_source_of_a_report_is_not_a_party(ref: Reference) -> None:
    text = (
        "North Korea and Russia deepened their ties. About 5,000 containers of munitions have been shipped "
        "to Russia, according to Seoul's defence ministry."
    )
    row = only(items(text, ref), "arms_transfer")
    assert (row["from_actor_id"], row["to_actor_id"]) == ("PRK", "RUS")
    assert (row["quantity"], row["quantity_unit"], row["status"]) == (5000, "containers", "alleged")


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # progressive, not passive: the subject still supplies
        ("Russia is providing North Korea with air defence systems.", ("RUS", "PRK", "air_defence_system")),
        # a nationality adjective on the goods names the supplier
        ("North Korean troops were deployed to the Kursk region in October 2024.", ("PRK", "RUS", "troops")),
        (
            "Russian forces have used North Korean KN-23 missiles against Ukraine.",
            ("PRK", "RUS", "ballistic_missile"),
        ),
        ("Pyongyang has received refined petroleum from Moscow.", ("RUS", "PRK", "refined_petroleum")),
    ],
)
def test_direction_from_news_phrasing(sentence: str, expected: tuple[str, str, str], ref: Reference) -> None:
    rows = [r for r in items(sentence, ref) if r["goods_class"]]
    assert [(r["from_actor_id"], r["to_actor_id"], r["goods_class"]) for r in rows] == [expected]
    assert rows[0]["quantity"] is None  # "KN-23" is a designation, not a count


def test_host_and_visitor(ref: Reference) -> None:
    row = only(items("Kim Jong Un hosted Vladimir Putin in Pyongyang on 19 June.", ref), "summit_or_visit")
    assert (row["from_actor_id"], row["to_actor_id"], row["date_start"]) == ("RUS", "PRK", date(2024, 6, 19))


@pytest.mark.parametrize(
    "sentence",
    [
        "Russian Defence Minister Andrei Belousov visited Pyongyang on 29 November.",
        "Lavrov is visiting North Korea this week.",
        "Kim Jong Un showed the visiting Russian defence minister a new drone.",
        "The visit of Russia’s Minister of Defence to Pyongyang was the first since 1991.",
        "Sergei Shoigu visited Pyongyang in July 2023.",
    ],
)
def test_the_place_a_visit_verb_takes_hosts_the_visit(sentence: str, ref: Reference) -> None:
    row = only(items(sentence, ref), "summit_or_visit")
    assert (row["from_actor_id"], row["to_actor_id"], row["direction"]) == ("RUS", "PRK", "from_to")


def test_a_state_posing_threats_is_no_visitor(ref: Reference) -> None:
    text = "The summit was held to deter threats posed by the DPRK, the leaders of Japan and the US said."
    visits = [r for r in items(text, ref) if r["category"] == "summit_or_visit"]
    assert "PRK" not in {v["from_actor_id"] for v in visits} | {v["to_actor_id"] for v in visits}


def test_considering_a_transfer_is_speculative(ref: Reference) -> None:
    row = only(items("South Korea will consider supplying weapons to Ukraine.", ref), "arms_transfer")
    assert (row["from_actor_id"], row["to_actor_id"], row["status"]) == ("KOR", "UKR", "speculative")


def test_reporting_officials_are_sources_and_a_second_verb_names_the_recipient(ref: Reference) -> None:
    text = (
        "Ballistic missiles supplied by Pyongyang have been launched against Ukraine by Russian forces, "
        "US officials said."
    )
    rows = items(text, ref)
    row = only(rows, "arms_transfer")
    assert (row["from_actor_id"], row["to_actor_id"]) == ("PRK", "RUS")
    assert "USA" not in {r["from_actor_id"] for r in rows} | {r["to_actor_id"] for r in rows}


def test_containers_are_cargo_not_assumed_arms(ref: Reference) -> None:
    text = "More than 20,000 containers have been shipped from North Korea to Russia since September 2023."
    row = only(items(text, ref, published=date(2025, 5, 29)), "commodity_transfer")
    assert (row["from_actor_id"], row["to_actor_id"], row["quantity"]) == ("PRK", "RUS", 20000)
    assert (row["date_start"], row["date_end"]) == (date(2023, 9, 1), date(2025, 5, 29))


def test_summaries_read_as_sentences(ref: Reference) -> None:
    row = only(items("North Korea shipped about 5,000 containers of shells to Russia.", ref), "arms_transfer")
    assert row["summary"] == "North Korea → Russia: shells, 5,000 containers (reported)"
    lone = items("Munitions were shipped last week.", ref)
    assert [r["summary"] for r in lone] == ["Arms transfer, parties not stated: Munitions (reported)"]


def test_date_words_come_from_the_configured_reference_folder(tmp_path) -> None:
    import shutil

    folder = tmp_path / "reference"
    shutil.copytree(PROJECT_ROOT / "datasets" / "reference", folder)
    dates_yml = folder / "dates.yml"
    dates_yml.write_text(
        dates_yml.read_text(encoding="utf-8").replace("[September, Sept, Sep]", "[September]")
    )
    text = "North Korea shipped shells to Russia in Sept. 2023."
    bundled = items(text, load_reference(PROJECT_ROOT / "datasets" / "reference"))
    custom = items(text, load_reference(folder))
    assert only(bundled, "arms_transfer")["date_precision"] == "month"
    assert only(custom, "arms_transfer")["date_start"] != date(2023, 9, 1)


def test_a_lookup_nothing_reads_is_reported_by_the_refresh(
    tmp_path: Path, settings: Settings, engine: sa.Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    reference = tmp_path / "reference"
    shutil.copytree(PROJECT_ROOT / "datasets" / "reference", reference)
    with (reference / "cues.yml").open("a") as cues:
        cues.write("\nsmuggling_verbs: [smuggled]\n")
    sources = tmp_path / "sources"
    sources.mkdir()
    (sources / "note.md").write_text("---\ntitle: t\npublished: 2024-01-01\n---\nKim visited Moscow.\n")
    monkeypatch.setenv("MONITOR_REFERENCE_DIR", str(reference))
    monkeypatch.setenv("MONITOR_SOURCES_DIR", str(sources))
    assert run_refresh(load_settings()).status == "succeeded"
    with engine.connect() as conn:
        issues = conn.execute(sa.select(store.etl_issues.c.level, store.etl_issues.c.message)).all()
    assert ("warning", "reference data: 'cues.yml: smuggling_verbs' is read by nothing") in issues


def test_the_bundled_reference_data_has_no_unread_lookup_and_every_cue_group_is_read(ref: Reference) -> None:
    assert ref.unread == ()
    code = "\n".join(p.read_text() for p in (PROJECT_ROOT / "etl" / "extract").rglob("*.py"))
    code = code.replace("CUE_GROUPS", "")
    listed = re.search(
        r"CUE_GROUPS = frozenset\(\s*\{(.*?)\}",
        (PROJECT_ROOT / "etl/extract/reference_keys.py").read_text(),
        re.S,
    )
    assert listed is not None
    unread = [name for name in re.findall(r'"(\w+)"', listed.group(1)) if code.count(f'"{name}"') < 2]
    assert not unread, f"listed as read but used nowhere else: {unread}"


def test_typographic_apostrophes_and_invisible_characters_are_folded_and_quotes_stay_original(
    ref: Reference,
) -> None:
    text = (
        "The Democratic People\u2019s Republic of Korea shipped shells to the Russian\u00a0Federation.\n\n"
        "Pyong\u00adyang also sent missiles to Moscow."
    )
    rows = items(text, ref)
    transfers = [r for r in rows if r["category"] == "arms_transfer"]
    assert {(r["from_actor_id"], r["to_actor_id"]) for r in transfers} == {("PRK", "RUS")}
    assert all("KOR" not in (r["from_actor_id"], r["to_actor_id"]) for r in rows)
    for row in rows:
        assert text[row["char_start"] : row["char_end"]] == row["quote"]
    assert any("\u00ad" in r["quote"] for r in transfers)


def test_a_longer_name_starting_inside_a_shorter_one_wins(ref: Reference) -> None:
    text = "The North Korean troops entered Russia last month, and Russian troops are training them."
    deployments = [r for r in items(text, ref) if r["category"] == "troop_deployment"]
    assert [(r["from_actor_id"], r["to_actor_id"], r["goods"]) for r in deployments] == [
        ("PRK", "RUS", "troops")
    ]
    assert [r["quote"] for r in deployments] == [text]


def test_headlines_captions_and_infobox_fields_yield_no_items(ref: Reference) -> None:
    text = (
        "North Korea ships missiles to Russia: statement at the Security Council\n"
        "Photo: a missile launcher on parade\n"
        "- Date Signed: 2024-06-18\n"
        "North Korea shipped artillery shells to Russia in March 2024."
    )
    rows = items(text, ref)
    assert [r["quote"] for r in rows] == ["North Korea shipped artillery shells to Russia in March 2024."]


def test_one_run_on_sentence_costs_no_more_than_many_short_ones(ref: Reference) -> None:
    sentence = "North Korea shipped artillery shells to Russia in March 2024, "
    rows = items(sentence * 2000 + "the report said.", ref)
    assert rows and all(r["char_end"] - r["char_start"] <= 1500 for r in rows)


@pytest.mark.parametrize("opening", ["Officials", "İzmir officials"])  # "İ" lower-cases to two characters
def test_cues_are_found_where_they_are_written_whatever_the_case(opening: str, ref: Reference) -> None:
    from etl.extract.mentions import read_sentence
    from etl.extract.sentences import Sentence

    text = f"{opening} said Russia CONDEMNED the launch and Condemns it still."
    view = read_sentence(Sentence(0, len(text), 0, text), ref, None)
    assert [c.text for c in view.cues["position_cues"]] == ["CONDEMNED", "Condemns"]
    assert all(text[c.start : c.end] == c.text for c in view.cues["position_cues"])
