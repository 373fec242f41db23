"""The pages' charts as Vega-Lite specs, each built once per distinct input for every session.

Altair validates and deep-copies a chart in Python when it turns it into a spec: about 0.2 s for the
runs chart, over a second for the Overview's map and timeline. The same rows give the same spec, so
each spec is kept (keyed on the rows the queries returned, which follow the data version and the
filters) and a page hands the dict to st.vega_lite_chart. Rows travel to the browser as Arrow, as
st.altair_chart sends them.
"""

from __future__ import annotations

import hashlib
from datetime import date
from typing import Any

import altair as alt
import pandas as pd
import streamlit as st
from streamlit import dataframe_util

# Altair's data transformer is one setting for the whole process. Streamlit holds this lock while it
# switches it for st.altair_chart; holding it too keeps the two from ever using each other's.
from streamlit.elements.vega_charts import _altair_globals_lock

from dashboard import charts, geo

_ARROW = "monitor_arrow"


def _to_arrow(data: Any, datasets: dict[str, bytes]) -> dict[str, str]:
    """Altair data transformer: the rows as Arrow bytes, named by their content (layers share them)."""
    payload = dataframe_util.convert_anything_to_arrow_bytes(data)
    name = "rows-" + hashlib.sha256(payload).hexdigest()[:16]
    datasets[name] = payload
    return {"name": name}


alt.data_transformers.register(_ARROW, _to_arrow)


def vega_lite_spec(chart: alt.TopLevelMixin) -> dict[str, Any]:
    """The chart as a Vega-Lite dict with its rows as named Arrow datasets."""
    datasets: dict[str, bytes] = {}
    with _altair_globals_lock, alt.data_transformers.enable(_ARROW, datasets=datasets):
        spec = chart.to_dict()
    spec["datasets"] = {**(spec.get("datasets") or {}), **datasets}
    return spec


@st.cache_data(show_spinner=False, max_entries=32)
def timeline(marks: pd.DataFrame, period: tuple[date, date] | None) -> dict[str, Any]:
    return vega_lite_spec(charts.timeline_chart(marks, period))


@st.cache_data(show_spinner=False, max_entries=32)
def _flow_map_layers(flows: pd.DataFrame) -> tuple[dict[str, Any], geo.Bounds]:
    anchors = geo.country_anchors()
    return vega_lite_spec(charts.flow_map_chart(flows, anchors)), charts.map_shown_bounds(flows, anchors)


def flow_map(flows: pd.DataFrame) -> dict[str, Any]:
    """The flow map with the country shapes it can show; they join it outside the cache (geo keeps them
    per extent)."""
    spec, bounds = _flow_map_layers(flows)
    return charts.with_world(spec, geo.world_within(bounds))


@st.cache_data(show_spinner=False, max_entries=32)
def flow_matrix(flows: pd.DataFrame) -> dict[str, Any]:
    return vega_lite_spec(charts.flow_matrix_chart(flows))


@st.cache_data(show_spinner=False, max_entries=32)
def sanctions_heatmap(matrix: pd.DataFrame) -> dict[str, Any]:
    return vega_lite_spec(charts.sanctions_heatmap(matrix))


@st.cache_data(show_spinner=False, max_entries=8)
def runs(history: pd.DataFrame) -> dict[str, Any]:
    return vega_lite_spec(charts.runs_chart(history))


@st.cache_data(show_spinner=False, max_entries=32)
def indicator_panels(
    points: pd.DataFrame, markers: pd.DataFrame, domain: tuple[pd.Timestamp, pd.Timestamp]
) -> list[tuple[str, dict[str, Any]]]:
    """One spec per unit, as charts.indicator_panels draws them."""
    return [(unit, vega_lite_spec(panel)) for unit, panel in charts.indicator_panels(points, markers, domain)]
