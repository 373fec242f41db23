"""The Indicators page: upload -> preview -> correct a role -> store -> chart; questions; history."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pytest
from sqlalchemy.engine import Engine
from streamlit.testing.v1 import AppTest

from dashboard import charts
from etl.indicators.ingest import list_series, store_indicator_file, upload_history
from etl.settings import PROJECT_ROOT
from tests.fixtures.store_builder import build_store

APP = PROJECT_ROOT / "dashboard" / "app.py"
FIXTURES = PROJECT_ROOT / "tests" / "fixtures" / "indicators"
EXAMPLES = PROJECT_ROOT / "datasets" / "indicators"


@pytest.fixture
def with_examples(engine: Engine) -> Engine:
    for path in sorted(EXAMPLES.glob("*.csv")):
        store_indicator_file(engine, path, "cli")
    return engine


@pytest.fixture
def with_items_and_examples(engine: Engine) -> Engine:
    """The shared synthetic items (for markers) plus the example indicator files."""
    build_store(engine)
    for path in sorted(EXAMPLES.glob("*.csv")):
        store_indicator_file(engine, path, "cli")
    return engine


def open_indicators(query: dict[str, object] | None = None) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.run()
    at.switch_page("views/indicators.py")
    at.query_params = dict(query or {})
    return at.run()


def open_tab(at: AppTest, label: str) -> AppTest:
    """The user opens a tab of the page (only the open one is drawn)."""
    at.session_state["indicators_tab"] = label
    return at.run()


def upload(at: AppTest, name: str, data: bytes | None = None) -> AppTest:
    if all(u.key != "indicator_file" for u in at.get("file_uploader")):
        at = open_tab(at, "Upload")
    content = data if data is not None else (FIXTURES / name).read_bytes()
    at.file_uploader(key="indicator_file").set_value((name, content, "text/csv"))
    return at.run()


def metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def chart_specs(at: AppTest) -> list[dict]:
    return [json.loads(el.proto.spec) for el in at.get("vega_lite_chart")]


def mark_types(spec: dict) -> set[str]:
    """Every mark type in a (layered) spec."""
    found = (
        {spec["mark"]["type"] if isinstance(spec["mark"], dict) else spec["mark"]}
        if "mark" in spec
        else set()
    )
    for layer in spec.get("layer", []):
        found |= mark_types(layer)
    return found


def numeric_widths(spec: object) -> list[float]:
    """Every fixed pixel width anywhere in a spec."""
    if isinstance(spec, dict):
        own = [spec["width"]] if isinstance(spec.get("width"), int | float) else []
        return own + [
            w for k, v in spec.items() if k not in ("datasets", "config") for w in numeric_widths(v)
        ]
    if isinstance(spec, list):
        return [w for v in spec for w in numeric_widths(v)]
    return []


def shipped_rows(at: AppTest, index: int = 0) -> list[pd.DataFrame]:
    """The datasets one chart sent to the browser."""
    el = at.get("vega_lite_chart")[index]
    return [pa.ipc.open_stream(d.data.data).read_pandas() for d in el.proto.datasets]


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

    key = "Containers (test upload)\u241f\u241fcontainers"
    at = open_tab(at, "Chart")
    at.multiselect(key="series").set_value([key])
    at = at.run()
    assert not at.exception
    [spec] = chart_specs(at)
    assert {"line", "point"} <= mark_types(spec)  # every point drawn as a dot on its line
    assert any("3 points shown" in c.value for c in at.caption)


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
    at = open_indicators({"indicators_tab": "History"})
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


# Series keys: indicator, entity and unit. "(at least)" qualifies the figures: it is no unit.
MISSILES = "Ballistic missiles supplied to Russia (at least)\u241fNorth Korea\u241f"  # one yearly point, 2024
CONTAINERS = (
    "Containers shipped since September 2023 (reported lower bound)\u241fDPRK to Russia\u241fcontainers"
)
SHELLS = (
    "Artillery shells shipped since September 2023 (reported lower bound)\u241fDPRK to Russia\u241fshells"
)


def test_the_chart_fits_its_container_and_draws_a_single_yearly_point(
    with_items_and_examples: Engine,
) -> None:
    at = open_indicators()
    at.multiselect(key="series").set_value([MISSILES, SHELLS])
    at = at.run()
    assert not at.exception
    specs = chart_specs(at)
    assert len(specs) == 2  # one panel per unit, each its own chart
    for spec in specs:
        # Fills the container, axes and legends included; nothing asks for a fixed, wider width.
        assert spec["width"] == "container" and spec["autosize"]["type"] == "fit"
        assert not {"vconcat", "hconcat", "concat"} & set(spec)
        assert numeric_widths(spec) == []
        assert {"line", "point", "rule"} <= mark_types(spec)
    rows = pd.concat(shipped_rows(at, 0) + shipped_rows(at, 1))
    missiles = rows[rows["indicator"] == "Ballistic missiles supplied to Russia (at least)"].dropna(
        subset="value"
    )
    assert missiles["period"].tolist() == ["2024"]  # the tooltip names the year, not 2024-01-01
    # The point sits on 1 January, the first day shown: the axis starts before it so it is not cut off.
    x_domain = specs[0]["layer"][1]["layer"][0]["encoding"]["x"]["scale"]["domain"]
    assert pd.Timestamp(x_domain[0]) < pd.Timestamp("2024-01-01") < pd.Timestamp(x_domain[1])


def test_item_markers_default_to_transfers_and_can_be_changed(with_items_and_examples: Engine) -> None:
    # A shared link names the series by its label; the containers run from October 2023 to May 2025.
    label = CONTAINERS.rsplit(chr(0x241F), 1)[0].replace(chr(0x241F), " · ")
    at = open_indicators({"series": f"{label} (containers)"})
    assert not at.exception
    assert at.multiselect(key="series").value == [CONTAINERS]
    present = {"arms_transfer", "luxury_goods_transfer", "technology_transfer"}  # no troops in the test items
    assert set(at.multiselect(key="marks").value) == present
    assert set(charts.TRANSFER_CATEGORIES) >= present
    marked = {r for rows in shipped_rows(at) for r in rows.get("category_label", [])}
    assert marked == {"Arms transfer", "Luxury goods transfer", "Technology transfer"}
    [spec] = chart_specs(at)
    rule = next(layer for layer in spec["layer"] if layer.get("mark", {}).get("type") == "rule")
    assert rule["mark"]["opacity"] <= 0.5  # drawn light, under the series
    assert {"Item", "Quote"} <= {t["title"] for t in rule["encoding"]["tooltip"]}

    at.multiselect(key="marks").set_value(["agreement"])
    at = at.run()
    marked = {r for rows in shipped_rows(at) for r in rows.get("category_label", [])}
    assert marked == {"Agreement"}
    at.multiselect(key="marks").set_value([])
    at = at.run()
    assert "Items marked" not in json.dumps(chart_specs(at)[0])  # the rules left are the periods' bars
    assert any("no items marked" in c.value for c in at.caption)
