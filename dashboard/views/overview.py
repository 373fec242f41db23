"""Overview: headline figures, the timeline of items and the flows between states."""

from __future__ import annotations

from datetime import date

import streamlit as st

from dashboard import charts, geo, queries, ui
from dashboard.labels import format_age, format_utc

snap = ui.snapshot()
options = queries.filter_options(snap)
ui.page_title("Overview", "What the sources report about the DPRK–Russia arms trade, and between whom.")

# Default period: from 1 January two years before the latest item, so old treaties do not squash the chart.
default_period = None
if options.date_min is not None and options.date_max is not None:
    default_period = (max(options.date_min, date(options.date_max.year - 2, 1, 1)), options.date_max)
left, middle, right = st.columns([2, 3, 1.4])
with left:
    period = ui.period_input("Period", "period", options.date_min, options.date_max, default_period)
with right:
    min_confidence = ui.confidence_input("min_confidence")
categories = ui.choose_many(middle, "Categories", options.categories, "categories", "All categories")
item_filter = queries.ItemFilter(
    categories=tuple(categories),
    date_from=period[0] if period else None,
    date_to=period[1] if period else None,
    include_undated=False,
    min_confidence=min_confidence,
)
figures = queries.key_figures(snap, item_filter)
fresh = queries.freshness(snap)
last_success = fresh.last_success.finished_at if fresh.last_success else None
cells = st.columns(5)
cells[0].metric(
    "Items",
    f"{figures.items:,}",
    help="Items dated in the period, in the chosen categories, at or above the minimum confidence.",
)
cells[1].metric("Arms transfers", f"{figures.arms_transfers:,}")
cells[2].metric(
    "Provisions engaged",
    f"{figures.provisions_engaged:,}",
    help="Distinct sanctions provisions these items are tagged with (an analytical aid).",
)
cells[3].metric("Source documents", f"{figures.documents:,}", help="Documents these items were taken from.")
cells[4].metric(
    "Last refresh",
    format_age(last_success) if last_success else "never",
    help=f"Last successful refresh: {format_utc(last_success)}",
)
st.caption(
    f"{figures.reviewed:,} of these {figures.items:,} items are reviewed by an analyst "
    "(accepted, edited or added); items an analyst rejected are left out."
)

st.subheader("Timeline")
marks = queries.timeline(snap, item_filter)
if marks.empty:
    ui.empty_state()
else:
    st.altair_chart(charts.timeline_chart(marks, period), theme=None, width="stretch", key="timeline")
    grouped = marks["date_text"].str.endswith("(grouped)").any()
    st.caption(
        "Dots are items dated to a day; bars span items known only to a month, quarter, year or range. "
        + ("Items are grouped by period because there are too many to draw one by one. " if grouped else "")
        + "Hover for the summary, the date as written, the status and the source."
    )

st.subheader("Flows between states")
flows = queries.flows(snap, item_filter)
if flows.empty:
    ui.empty_state("No items between two states match these filters.")
else:
    anchors = geo.country_anchors()
    map_tab, matrix_tab = st.tabs(["Map", "Flow matrix"])
    with map_tab:
        st.vega_lite_chart(
            charts.flow_map_spec(flows, anchors, geo.world_topology()),
            theme=None,
            width="stretch",
            key="flow_map",
        )
        unplaced = sorted((set(flows["from_iso3"]) | set(flows["to_iso3"])) - set(anchors["iso3"]))
        note = f" Not on the map (no position known): {', '.join(unplaced)}." if unplaced else ""
        st.caption(
            "Lines run from supplier or visitor to recipient or host, bending to the left of travel; "
            "width is the number of items." + note
        )
    with matrix_tab:
        st.altair_chart(charts.flow_matrix_chart(flows), theme=None, width="stretch", key="flow_matrix")
        st.caption("Rows are where items come from, columns where they go; each cell counts items.")
