"""Units from headers and entities tied to actors: a World Bank and an OWID export of one state's series."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from etl import store
from etl.indicators.entities import entity_actor
from etl.indicators.ingest import store_indicator_file
from etl.indicators.units import split_unit
from etl.settings import PROJECT_ROOT, Settings

FIXTURES = PROJECT_ROOT / "tests" / "fixtures" / "indicators"
REFERENCE = PROJECT_ROOT / "datasets" / "reference"


def _series(engine: Engine) -> set[tuple[str, str, str, str | None]]:
    s = store.indicator_series.c
    with engine.connect() as conn:
        return {tuple(r) for r in conn.execute(sa.select(s.indicator, s.entity, s.unit, s.actor_id))}  # type: ignore[misc]


def test_the_bracketed_end_of_a_name_is_its_unit() -> None:
    assert split_unit("Military expenditure (% of GDP)") == ("Military expenditure", "% of GDP")
    assert split_unit("Military expenditure (constant 2022 US$)") == (
        "Military expenditure",
        "constant 2022 US$",
    )
    assert split_unit("Exports [tonnes]") == ("Exports", "tonnes")
    assert split_unit("Exports") == ("Exports", None)


def test_export_spellings_of_a_state_name_its_actor() -> None:
    for spelling, actor in {
        "Russian Federation": "RUS",
        "Russia": "RUS",
        "RUS": "RUS",
        "Korea, Dem. People's Rep.": "PRK",
        "North Korea": "PRK",
        "Korea, Rep.": "KOR",
        "Iran, Islamic Rep.": "IRN",
    }.items():
        assert entity_actor(spelling, REFERENCE) == actor, spelling
    assert entity_actor("World", REFERENCE) is None


def test_a_world_bank_and_an_owid_file_give_one_indicator_in_two_units_of_one_actor(engine: Engine) -> None:
    store_indicator_file(engine, FIXTURES / "worldbank_military_expenditure_pct_gdp.csv", "cli")
    store_indicator_file(engine, FIXTURES / "owid_military_expenditure_usd.csv", "cli")
    assert _series(engine) == {
        ("Military expenditure", "Russian Federation", "% of GDP", "RUS"),
        ("Military expenditure", "Ukraine", "% of GDP", "UKR"),
        ("Military expenditure", "Russia", "current US$", "RUS"),
        ("Military expenditure", "Ukraine", "current US$", "UKR"),
    }


def test_a_store_made_before_series_had_actors_gets_them_on_open(engine: Engine, settings: Settings) -> None:
    store_indicator_file(engine, FIXTURES / "owid_military_expenditure_usd.csv", "cli")
    with engine.begin() as conn:  # the shape of an older store: no actor_id column
        for view in ("indicator_latest", "indicator_values"):
            conn.exec_driver_sql(f"DROP VIEW {view}")
        conn.exec_driver_sql("ALTER TABLE indicator_series DROP COLUMN actor_id")
    store.ensure_schema(engine)
    assert {(e, a) for _, e, _, a in _series(engine)} == {("Russia", "RUS"), ("Ukraine", "UKR")}
    with engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM indicator_latest").scalar_one() == 6
