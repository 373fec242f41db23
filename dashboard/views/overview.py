"""Overview: headline figures, the timeline of items and the flows between states."""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd
import streamlit as st

from dashboard import chart_specs, charts, geo, queries, ui
from dashboard.labels import code_label, format_age, format_utc


def _flow_map(flows: pd.DataFrame) -> Any:
    """The map of flows and what it leaves off; returns the chart's selection."""
    event = ui.clickable_chart(chart_specs.flow_map(flows), "flow_map", charts.FLOW_PICKS)
    unplaced = sorted((set(flows["from_iso3"]) | set(flows["to_iso3"])) - set(geo.country_anchors()["iso3"]))
    note = f" Not on the map (no position known): {', '.join(unplaced)}." if unplaced else ""
    st.caption(
        "Lines run from supplier to recipient, bending to the left of travel, with an arrowhead "
        "three quarters of the way; width is the number of items. Click a line to list its items." + note
    )
    return event


def _flow_matrix(flows: pd.DataFrame) -> Any:
    """The supplier × recipient matrix; returns the chart's selection."""
    event = ui.clickable_chart(chart_specs.flow_matrix(flows), "flow_matrix", [charts.MATRIX_PICK])
    st.caption("Rows are suppliers, columns recipients; each cell counts items. Click a cell to list them.")
    return event


snap = ui.snapshot()
options = queries.filter_options(snap)
ui.page_title("Overview", "What the sources report about the DPRK–Russia arms trade, and between whom.")

# Default period: from 1 January two years before the latest item, so old treaties do not squash the chart.
default_period = None
if options.date_min is not None and options.date_max is not None:
    default_period = (max(options.date_min, date(options.date_max.year - 2, 1, 1)), options.date_max)
left, right = st.columns([2, 1.4])
with left:
    period = ui.period_input("Period", "period", options.date_min, options.date_max, default_period)
with right:
    min_confidence = ui.confidence_input("min_confidence")
# The categories and review filters sit in a panel, said in words beside its button.
panel, said = ui.more_filters()
categories = ui.choose_many(panel, "Categories", options.categories, "categories", "All categories")
reviewed_only, show_rejected = ui.review_inputs(panel, ("reviewed_only", "with_rejected"))
said.caption(
    ui.filters_said([("Categories", [code_label(c) for c in categories])], "All categories")
    + "; "
    + ui.review_said(reviewed_only, show_rejected)
    + "."
)
item_filter = queries.ItemFilter(
    categories=tuple(categories),
    date_from=period[0] if period else None,
    date_to=period[1] if period else None,
    include_undated=False,
    min_confidence=min_confidence,
    reviewed_only=reviewed_only,
    show_rejected=show_rejected,
)
figures = queries.key_figures(snap, item_filter)
fresh = queries.freshness(snap)
last_success = fresh.last_success.finished_at if fresh.last_success else None
ui.figures_line(
    [
        ("Items", f"{figures.items:,}"),
        ("Arms transfers", f"{figures.arms_transfers:,}"),
        ("Provisions engaged", f"{figures.provisions_engaged:,}"),
        ("Source documents", f"{figures.documents:,}"),
        ("Last refresh", format_age(last_success) if last_success else "never"),
    ],
    help=(
        "Items: dated in the period, in the chosen categories, at or above the minimum confidence. "
        "Provisions engaged: distinct sanctions provisions these items are tagged with (an analytical "
        "aid). Source documents: the documents these items were taken from. Last successful refresh: "
        f"{format_utc(last_success)}."
    ),
)
st.markdown(ui.overview_scope(snap, item_filter, figures.items))
rejected_said = "shown too" if show_rejected else "left out"
st.caption(
    f"{figures.reviewed:,} of these {figures.items:,} items are reviewed by an analyst "
    f"(accepted, edited or added); items an analyst rejected are {rejected_said}."
)

st.subheader("Timeline")
marks = queries.timeline(snap, item_filter)
if marks.empty:
    ui.empty_state()
else:
    event = ui.clickable_chart(chart_specs.timeline(marks, period), "timeline", charts.TIMELINE_PICKS)
    grouped = marks["date_text"].str.endswith("(grouped)").any()
    st.caption(
        "Dots are items dated to a day; bars span items known only to a month, quarter, year or range. "
        "A bigger dot or a darker bar holds more items (several items with the same category and dates "
        "share one mark). "
        + ("Items are grouped by period because there are too many to draw one by one. " if grouped else "")
        + "Hover for the summary, the date as written, the status and the source; click a mark to list "
        "its items."
    )
    key = ui.picked(event, charts.TIMELINE_PICKS, "mark_key")
    if key is not None:
        category, precision, start, end = key.split("|")
        ids = queries.timeline_item_ids(
            snap, item_filter, category, precision, date.fromisoformat(start), date.fromisoformat(end)
        )
        span = start if start == end else f"{start} to {end}"
        ui.open_items(ids, f"timeline: {code_label(category)}, {span}", item_filter)

st.subheader("Flows between states")
st.caption(
    "Transfers (arms, luxury goods, technology, commodities) and troop deployments, from supplier to "
    "recipient. Visits, agreements, statements and other links are on the timeline, not drawn as flows."
)
flows = queries.flows(snap, item_filter)
left_out = queries.flows_left_out(snap, item_filter)
if flows.empty:
    ui.empty_state("No transfers or deployments between two states match these filters.")
else:
    # Only the open tab is drawn (the choice is kept in the address): each view is a chart of its own.
    map_tab, matrix_tab = st.tabs(["Map", "Flow matrix"], key="flows_view", bind="query-params")
    map_event = matrix_event = None
    if map_tab.open:
        with map_tab:
            map_event = _flow_map(flows)
    if matrix_tab.open:
        with matrix_tab:
            matrix_event = _flow_matrix(flows)
    flow_key = ui.picked(map_event, charts.FLOW_PICKS, "flow_key") or ui.picked(
        matrix_event, [charts.MATRIX_PICK], "flow_key"
    )
    if flow_key is not None:
        supplier, recipient = flow_key.split("|")
        names = queries.state_names(snap)
        ids = queries.flow_item_ids(snap, item_filter, supplier, recipient)
        ui.open_items(
            ids, f"flow: {names.get(supplier, supplier)} → {names.get(recipient, recipient)}", item_filter
        )
if left_out.not_transfers or left_out.undirected or left_out.denied:
    parts = [
        f"{left_out.not_transfers:,} other items between two states (visits, agreements, statements, links)"
    ]
    if left_out.undirected:
        parts.append(
            f"{left_out.undirected:,} transfers whose source names both states without saying which way "
            "things went"
        )
    if left_out.denied:
        parts.append(f"{left_out.denied:,} transfers the text denies")
    st.caption(
        "Not drawn as flows: " + ", ".join(parts[:-1]) + (" and " if len(parts) > 1 else "") + parts[-1] + "."
    )
