"""The run history with one run and with none; a cell of the Sanctions heatmap and the items it counts."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.engine import Engine
from streamlit.testing.v1 import AppTest

from dashboard import charts, queries
from tests.dashboard.conftest import chart_rows, open_app, texts
from tests.dashboard.conftest import charts as chart_specs
from tests.fixtures.store_builder import build_store, record_run


def runs_layers(at: AppTest) -> dict[str, dict]:
    [spec] = chart_specs(at)
    return {layer["mark"]["type"]: layer for layer in spec["layer"]}


def test_the_run_history_reads_well_with_exactly_one_run(engine: Engine) -> None:
    build_store(engine, with_runs=False)
    record_run(engine, started_at=datetime(2024, 6, 27, 8, 0, tzinfo=UTC), duration_s=4.2)
    at = open_app("sources")
    assert not at.exception
    assert "One refresh so far; it succeeded" in texts(at) and "1 runs" not in texts(at)
    layers = runs_layers(at)
    assert layers["bar"]["mark"]["size"] <= 28  # one slim bar, not a band across the page
    [rows] = [r for tables in chart_rows(at) for r in tables.values()]
    assert rows[["run", "label", "outcome"]].to_dict("records") == [
        {"run": "Run 1", "label": "4.2 s", "outcome": "Succeeded"}
    ]
    assert layers["text"]["encoding"]["text"]["field"] == "label"  # the duration is written on the bar
    assert layers["bar"]["encoding"]["color"]["scale"]["domain"] == [
        "Succeeded"
    ]  # no legend of absent outcomes


def test_a_run_still_running_is_labelled_not_left_blank() -> None:
    import pandas as pd

    runs = pd.DataFrame(
        {
            "run_id": [1],
            "started_at": [pd.Timestamp("2024-06-27 08:00", tz="UTC")],
            "duration_s": [float("nan")],
            "status": ["running"],
        }
    )
    spec = charts.runs_chart(runs).to_dict()
    [rows] = [v for v in spec["datasets"].values()]
    assert rows[0]["label"] == "running" and rows[0]["shown_s"] == 0


def test_the_run_history_says_when_no_refresh_has_run(engine: Engine) -> None:
    build_store(engine, with_runs=False)
    at = open_app("sources")
    assert not at.exception
    assert "No refresh has run yet." in texts(at)
    assert chart_specs(at) == []


def test_a_heatmap_cell_is_clickable_and_gives_back_exactly_the_items_it_counts(
    snap: queries.Snapshot,
) -> None:
    everything = queries.ItemFilter(min_confidence=0.0)
    matrix = queries.sanctions_matrix(snap, (), everything)
    spec = charts.sanctions_heatmap(matrix).to_dict()
    [rect] = [layer for layer in spec["layer"] if layer["mark"]["type"] == "rect"]
    [param] = spec["params"]  # Altair lifts a layer's selection to the top, naming the layer it is on
    assert param["name"] == charts.SANCTIONS_PICK and param["select"]["fields"] == ["cell_key"]
    assert param["views"] == [rect["name"]]
    assert rect["mark"]["cursor"] == "pointer"
    floor = queries.ItemFilter(min_confidence=queries.DEFAULT_MIN_CONFIDENCE)
    for f in (everything, floor):  # every cell's items, under the filter the heatmap was drawn with
        for cell in queries.sanctions_matrix(snap, (), f).itertuples():
            assert len(queries.tagged_item_ids(snap, cell.measure_id, cell.category, f)) == cell.n
    assert queries.tagged_item_ids(snap, "un-1718-8b", "arms_transfer", everything) == (
        "it-missiles",
        "it-shells",
    )


def test_the_run_table_puts_a_runs_counts_in_few_columns(engine: Engine) -> None:
    """Nine columns fit beside the sidebar at 1280 px; the documents' counts and issues read in words."""
    build_store(engine, with_runs=False)
    record_run(
        engine,
        documents_seen=21,
        documents_changed=3,
        warnings=1,
        issues=[("warning", None, "feed unreachable"), ("info", None, "nothing new")],
    )
    at = open_app("sources")
    [table] = [df.value for df in at.dataframe if "documents" in df.value.columns]
    row = table.iloc[0]
    assert (row["documents"], row["issues_text"]) == ("21 / 3 / 0", "2 (1 warn.)")
    assert "Documents: read / changed / skipped" in texts(at)
