"""End to end on the seed article: every item an analyst takes from it comes out, with its quote."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa

from etl import store
from etl.contract import TRANSFER_CATEGORIES
from etl.pipeline import run_refresh
from etl.settings import PROJECT_ROOT, Settings

SEED = PROJECT_ROOT / "datasets" / "sources" / "chatham-house-kim-putin-partnership-2024-06.md"


def _no_feeds(root: Path) -> Path:
    """A feeds file that follows nothing: these tests read the bundled documents only."""
    path = root / "feeds.yml"
    path.write_text("feeds: []\n")
    return path


@pytest.fixture(scope="module")
def seed_items(tmp_path_factory: pytest.TempPathFactory) -> tuple[pd.DataFrame, pd.DataFrame, str]:
    root = tmp_path_factory.mktemp("seed")
    sources = root / "sources"
    sources.mkdir()
    shutil.copy(SEED, sources / SEED.name)
    settings = Settings(
        data_dir=root / "data",
        db_url=f"sqlite:///{root / 'data' / 'monitor.sqlite'}",
        sources_dir=sources,
        reference_dir=PROJECT_ROOT / "datasets" / "reference",
        inbox_dir=root / "inbox",
        schedule="0 */6 * * *",
        lock_timeout=5,
        feeds_path=_no_feeds(root),
        fetch_budget=0.0,
        fetch_pause=0.0,
    )
    result = run_refresh(settings)
    assert result.status == "succeeded", result.message
    engine = store.make_engine(settings)
    with engine.connect() as conn:
        rows = pd.read_sql(sa.select(store.items), conn)
        tags = pd.read_sql(sa.select(store.item_measures), conn)
        text = conn.execute(sa.select(store.documents.c.text)).scalar_one()
    engine.dispose()
    return rows, tags, text


def pick(rows: pd.DataFrame, category: str, **match: object) -> pd.DataFrame:
    found = rows[rows["category"] == category]
    for column, value in match.items():
        found = found[found[column] == value]
    assert not found.empty, (
        f"no {category} item with {match}:\n"
        f"{rows[['category', 'from_actor_id', 'to_actor_id', 'goods_class', 'quote']]}"
    )
    return found


def day(value: object) -> date:
    return pd.Timestamp(value).date()


def test_putin_visits_pyongyang_on_17_18_june(seed_items) -> None:
    rows, _, _ = seed_items
    visit = pick(
        rows, "summit_or_visit", from_actor_id="RUS", to_actor_id="PRK", date_precision="range"
    ).iloc[0]
    assert (day(visit.date_start), day(visit.date_end)) == (date(2024, 6, 17), date(2024, 6, 18))
    assert "17–18 June" in visit.quote


def test_kims_september_2023_visit_keeps_month_precision(seed_items) -> None:
    rows, _, _ = seed_items
    visit = pick(
        rows, "summit_or_visit", from_actor_id="PRK", to_actor_id="RUS", date_precision="month"
    ).iloc[0]
    assert (day(visit.date_start), day(visit.date_end)) == (date(2023, 9, 1), date(2023, 9, 30))


def test_partnership_agreement_in_june_2024_and_the_historical_treaties(seed_items) -> None:
    rows, _, _ = seed_items
    agreements = pick(rows, "agreement")
    parties = agreements.apply(lambda r: {r.from_actor_id, r.to_actor_id}, axis=1)
    assert all(p == {"RUS", "PRK"} for p in parties)
    june = agreements[
        agreements["date_start"].map(lambda d: d is not None and day(d).strftime("%Y-%m") == "2024-06")
    ]
    assert june["quote"].str.contains("comprehensive strategic partnership").any()
    years = set(agreements[agreements["date_precision"] == "year"]["date_start"].map(lambda d: day(d).year))
    assert {1961, 2000} <= years


def test_limousine_gift_is_a_luxury_transfer_to_the_dprk_and_tagged(seed_items) -> None:
    rows, tags, _ = seed_items
    car = pick(rows, "luxury_goods_transfer", goods_class="luxury_vehicle").iloc[0]
    assert (car.from_actor_id, car.to_actor_id) == ("RUS", "PRK")
    assert "Aurus" in car.goods and "clear contravention" in car.quote
    tagged = set(tags[tags["item_id"] == car.item_id]["measure_id"])
    assert {"UNSCR-1718-OP8a-iii", "UNSCR-2094-AnnexIV", "UNSCR-2397-OP7"} <= tagged
    pick(rows, "luxury_goods_transfer", goods_class="luxury_goods", from_actor_id="RUS", to_actor_id="PRK")


def test_munitions_and_ballistic_missiles_go_from_the_dprk_to_russia(seed_items) -> None:
    rows, tags, _ = seed_items
    for goods_class in ("artillery_ammunition", "ballistic_missile"):
        arms = pick(rows, "arms_transfer", goods_class=goods_class, from_actor_id="PRK", to_actor_id="RUS")
        tagged = set(tags[tags["item_id"].isin(arms["item_id"])]["measure_id"])
        assert {"UNSCR-1718-OP8b", "UNSCR-1874-OP9"} <= tagged
    trade = rows[
        (rows["category"] == "arms_transfer") & rows["quote"].str.contains("arms trade between Moscow")
    ]
    assert not trade.empty


def test_military_technology_cooperation_is_expected_and_tagged(seed_items) -> None:
    rows, tags, _ = seed_items
    tech = pick(rows, "technology_transfer", from_actor_id="RUS", to_actor_id="PRK").iloc[0]
    assert tech.status == "expected"
    assert "UNSCR-1718-OP8c" in set(tags[tags["item_id"] == tech.item_id]["measure_id"])


def test_kims_support_for_the_invasion_is_a_statement(seed_items) -> None:
    rows, _, _ = seed_items
    pick(rows, "statement", from_actor_id="PRK", to_actor_id="RUS")


def test_third_parties_iran_and_china(seed_items) -> None:
    rows, _, _ = seed_items
    links = rows[rows["category"] == "third_party_link"]
    parties = set(links["from_actor_id"]) | set(links["to_actor_id"])
    assert {"IRN", "CHN"} <= parties
    xi = links[links["quote"].str.contains("Xi Jinping")].iloc[0]
    assert xi.status == "speculative"
    assert day(xi.date_end) == date(2024, 12, 31)


def test_south_korea_statement_in_may_2024(seed_items) -> None:
    rows, _, _ = seed_items
    yoon = pick(rows, "statement", from_actor_id="KOR", to_actor_id="RUS")
    assert any(day(d).strftime("%Y-%m") == "2024-05" for d in yoon["date_start"] if d is not None)


def test_nato_summit_next_month_is_july_2024(seed_items) -> None:
    rows, _, _ = seed_items
    nato = rows[rows["quote"].str.contains("NATO Summit") & (rows["category"] == "summit_or_visit")].iloc[0]
    assert (day(nato.date_start), day(nato.date_end), nato.date_precision) == (
        date(2024, 7, 1),
        date(2024, 7, 31),
        "month",
    )


def test_every_quote_is_the_text_at_its_offsets(seed_items) -> None:
    rows, _, text = seed_items
    assert all(text[r.char_start : r.char_end] == r.quote for r in rows.itertuples())


def test_no_shown_transfer_on_the_bundled_corpus_has_a_reporting_or_target_state_as_supplier(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """South Korea, the United States and Japan report the trade and Ukraine is where the weapons strike:
    none of them supplies anything in these texts, so none may appear as a supplier at the default floor."""
    root = tmp_path_factory.mktemp("bundled")
    settings = Settings(
        data_dir=root / "data",
        db_url=f"sqlite:///{root / 'data' / 'monitor.sqlite'}",
        sources_dir=PROJECT_ROOT / "datasets" / "sources",
        reference_dir=PROJECT_ROOT / "datasets" / "reference",
        inbox_dir=root / "inbox",
        schedule="0 */6 * * *",
        lock_timeout=5,
        feeds_path=_no_feeds(root),
        fetch_budget=0.0,
        fetch_pause=0.0,
    )
    assert run_refresh(settings).status == "succeeded"
    with store.make_engine(settings).connect() as conn:
        rows = pd.read_sql(sa.select(store.items), conn)
    shown = rows[rows["category"].isin(TRANSFER_CATEGORIES) & (rows["confidence"] >= 0.5)]
    assert not shown.empty
    wrong = shown[shown["from_actor_id"].isin(["KOR", "USA", "JPN", "UKR"])]
    assert wrong.empty, wrong[["doc_id", "category", "from_actor_id", "to_actor_id", "quote"]].to_string()
