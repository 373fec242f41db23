"""Indicators: chart uploaded series beside the items, upload new CSVs, and browse or restore versions."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from dashboard import chart_specs, charts, queries, ui
from dashboard.labels import code_label
from dashboard.views import indicator_history, indicator_upload
from dashboard.views.indicator_upload import STORED_MESSAGE

snap = ui.snapshot()
ui.page_title(
    "Indicators",
    "Time series uploaded as CSV files, charted with the items; every upload is kept as a version.",
)


SEP = "\u241f"  # a separator no indicator name contains


def _series_key(row: pd.Series) -> str:
    return f"{row['indicator']}{SEP}{row['entity']}{SEP}{row['unit']}"


def _markers(
    shown: tuple[date, date], categories: list[str], actors: tuple[str, ...], min_confidence: float
) -> tuple[pd.DataFrame, str]:
    """The item-marker filters (the same confidence floor and review filters as every page) and the
    items they mark, with a few words saying which. The floor is beside the period; the rest sit in a
    panel, said in words beside its button."""
    panel, said_slot = ui.more_filters("Item markers")
    marked = ui.choose_many(
        panel,
        "Mark items of these categories",
        categories,
        "marks",
        "No item markers",
        default=[c for c in charts.TRANSFER_CATEGORIES if c in categories],
        help="Each item is a light vertical line at its date; hover one for the item and its source quote.",
    )
    only_theirs = panel.toggle(
        "Only items involving the charted states",
        value=False,
        key="involving",
        bind="query-params",
        disabled=not actors,
        help="Marks only the items whose supplier or recipient is a state these series are about.",
    )
    reviewed_only, show_rejected = ui.review_inputs(panel, ("marks_reviewed", "marks_rejected"))
    said_slot.caption(
        ui.filters_said([("Items marked", [code_label(c) for c in marked])], "No items marked")
        + ("; only items involving the charted states" if only_theirs and marked else "")
        + ("; " + ui.review_said(reviewed_only, show_rejected) if marked else "")
        + "."
    )
    markers = queries.item_markers(
        snap,
        shown[0],
        shown[1],
        tuple(marked),
        min_confidence,
        actor_ids=actors if only_theirs else (),
        reviewed_only=reviewed_only,
        show_rejected=show_rejected,
    )
    said = f"confidence {min_confidence:g} or more" + (", involving these states only" if only_theirs else "")
    return markers, said if marked else ""


def _chart(points: pd.DataFrame) -> None:
    """The period and item-marker controls, then one panel per unit, all on the same time axis."""
    first = points["period_start"].min().date()
    last = points["period_end"].fillna(points["period_start"]).max().date()
    categories = queries.filter_options(snap).categories
    actors = tuple(sorted(a for a in points.get("actor_id", pd.Series(dtype=str)).dropna().unique()))
    controls = st.columns([2, 1.4, 1.2, 1.4], vertical_alignment="bottom")
    with controls[0]:
        shown = ui.period_input("Period shown", "shown", first, last) or (first, last)
    with controls[1]:
        min_confidence = ui.confidence_input("mark_confidence")
    indexed = controls[2].toggle("Index to 100", value=False, key="indexed", bind="query-params")
    if indexed:
        at = controls[3].date_input(
            "Index date (= 100)", value=first, min_value=first, max_value=last, format="YYYY-MM-DD"
        )
        points = charts.index_to_100(points, at if isinstance(at, date) else first)
    inside = points["period_start"].between(pd.Timestamp(shown[0]), pd.Timestamp(shown[1]))
    if not inside.any():
        ui.empty_state("None of these series has a value in the period shown.")
        return
    points = points[inside]
    markers, said = _markers(shown, categories, actors, min_confidence)
    domain = charts.padded_domain(shown[0], shown[1])
    for unit, panel in chart_specs.indicator_panels(points, markers, domain):
        st.vega_lite_chart(panel, theme=None, width="stretch", key=f"indicator_chart_{unit}")
    averaged = int((points["n"] > 1).sum())
    notes = [f"{len(points):,} points shown"]
    if averaged:
        notes.append(f"{averaged:,} of them average runs of points, to keep the chart light")
    notes.append(f"{len(markers):,} items marked ({said})" if said else "no items marked")
    st.caption(
        "; ".join(notes) + ". Each value sits at the middle of the period it covers (a year's value at "
        "mid-year), with a light bar spanning that period; series in different units get their own panel. "
        "Hover a point for its period and value."
    )


def _chart_tab() -> None:
    """Choose series and chart them, with the items marked."""
    catalogue = queries.indicator_catalogue(snap)
    if catalogue.empty:
        ui.empty_state("No indicators uploaded yet. Add a CSV on the Upload tab.")
    else:
        labels = {
            _series_key(r): f"{charts.series_label(r['indicator'], r['entity'], r['actor_name'])}"
            + (f" ({r['unit']})" if r["unit"] else "")
            for _, r in catalogue.iterrows()
        }
        keys = list(labels)
        chosen = st.multiselect(
            "Series",
            keys,
            default=keys[:2],
            format_func=lambda key: labels[key],
            key="series",
            bind="query-params",
            placeholder="Choose series to chart",
        )
        triples = tuple(tuple(k.split(SEP, 2)) for k in chosen)
        points = queries.indicator_points(snap, triples)  # type: ignore[arg-type]
        # Each series' actor, so that its label and the item markers can use it.
        points = points.merge(
            catalogue[["indicator", "entity", "unit", "actor_id", "actor_name"]].drop_duplicates(
                ["indicator", "entity", "unit"]
            ),
            on=["indicator", "entity", "unit"],
            how="left",
        )
        if points.empty:
            ui.empty_state("Choose one or more series to chart.")
        else:
            _chart(points)


if STORED_MESSAGE in st.session_state:  # an upload stored or made current on the run before
    st.success(st.session_state.pop(STORED_MESSAGE), icon=":material/check_circle:")
# Only the open tab runs and is drawn; the choice is kept in the address.
tabs = st.tabs(["Chart", "Upload", "History"], key="indicators_tab", bind="query-params")
for tab, draw in zip(
    tabs, (_chart_tab, indicator_upload.render, lambda: indicator_history.render(snap)), strict=True
):
    if tab.open:
        with tab:
            draw()
