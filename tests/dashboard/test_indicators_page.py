"""The Indicators page: upload -> preview -> correct a role -> store -> chart; questions; history."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from sqlalchemy.engine import Engine
from streamlit.testing.v1 import AppTest

from etl.indicators import list_series, store_indicator_file, upload_history
from etl.settings import PROJECT_ROOT

APP = PROJECT_ROOT / "dashboard" / "app.py"
FIXTURES = PROJECT_ROOT / "tests" / "fixtures" / "indicators"
EXAMPLES = PROJECT_ROOT / "datasets" / "indicators"


@pytest.fixture(autouse=True)
def _fresh_caches() -> Iterator[None]:
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.fixture
def with_examples(engine: Engine) -> Engine:
    for path in sorted(EXAMPLES.glob("*.csv")):
        store_indicator_file(engine, path, "cli")
    return engine


def open_indicators() -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.run()
    at.switch_page("pages/indicators.py")
    return at.run()


def upload(at: AppTest, name: str, data: bytes | None = None) -> AppTest:
    content = data if data is not None else (FIXTURES / name).read_bytes()
    at.file_uploader(key="indicator_file").set_value((name, content, "text/csv"))
    return at.run()


def metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def chart_specs(at: AppTest) -> list[dict]:
    return [json.loads(el.proto.spec) for el in at.get("vega_lite_chart")]


def test_upload_preview_correct_store_and_chart(with_examples: Engine) -> None:
    at = open_indicators()
    assert not at.exception
    at = upload(at, "columns.csv")
    assert not at.exception
    assert metric(at, "Layout") == "columns" and metric(at, "Series found") == "2"
    shells = next(s for s in at.selectbox if s.label == "shells")
    shells.set_value("ignore")
    at.text_input(key="indicator_name").input("Containers (test upload)")
    at.text_input(key="indicator_unit").input("containers")
    at = at.run()
    assert metric(at, "Series found") == "1"
    at.button(key="store_upload").click()
    at = at.run()
    assert not at.exception
    assert any("Stored columns.csv as upload" in s.value for s in at.success)
    stored = [s for s in list_series(with_examples) if s["indicator"] == "Containers (test upload)"]
    assert [(s["unit"], s["points"]) for s in stored] == [("containers", 3)]

    key = "Containers (test upload)\u241f"
    at.multiselect(key="series").set_value([key])
    at = at.run()
    assert not at.exception
    [spec] = chart_specs(at)
    assert "vconcat" in spec  # panels plus the zoom overview
    assert any("3 points shown" in c.value for c in at.caption)


def test_an_ambiguous_date_order_is_asked_before_storing(with_examples: Engine) -> None:
    at = upload(open_indicators(), "ambiguous_dates.csv")
    assert at.button(key="store_upload").disabled
    assert any("day-first or month-first" in r.label for r in at.radio)
    at.radio(key="day_order").set_value("Day first (31/12/2024)")
    at = at.run()
    assert not at.button(key="store_upload").disabled
    assert metric(at, "Periods") == "2024-04-03 → 2024-06-05"


def test_an_invalid_file_shows_line_and_column_and_cannot_be_stored(with_examples: Engine) -> None:
    at = upload(open_indicators(), "bad_value.csv")
    assert at.button(key="store_upload").disabled
    assert any("bad_value.csv:4:3: 'abc'" in c.value for c in at.code)
    assert len(upload_history(with_examples)) == 3


def test_history_compares_and_makes_an_older_upload_current(engine: Engine, tmp_path: Path) -> None:
    for n, value in ((1, 1500), (2, 3000)):
        path = tmp_path / f"v{n}.csv"
        path.write_text(f"date,indicator,value\n2024-01-01,troops,{value}\n")
        store_indicator_file(engine, path, "cli")
    at = open_indicators()
    assert any("1 of 1 periods differ" in c.value for c in at.caption)
    at.selectbox(key="restore").set_value(1)
    at = at.run()
    at.button(key="make_current").click()
    at = at.run()
    assert not at.exception
    assert any("Upload 1 is current again" in s.value for s in at.success)
    assert any("1 of 1 periods differ" in c.value for c in at.caption)
    assert list_series(engine)[0]["upload_id"] == 1


def test_an_empty_store_of_indicators_shows_an_empty_state(engine: Engine) -> None:
    store_indicator_file(engine, FIXTURES / "years.csv", "cli")  # the app needs some data to open
    at = open_indicators()
    assert not at.exception
    assert chart_specs(at)  # the one series is charted by default
