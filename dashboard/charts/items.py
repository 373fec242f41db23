"""Charts of items: the timeline and the provisions × categories heatmap."""

from __future__ import annotations

from datetime import date, timedelta

import altair as alt
import pandas as pd

from dashboard.charts.theme import (
    OTHER_COLOUR,
    as_timestamp,
    category_order,
    category_scale,
    count_grid,
    time_axis,
)

# The names of the timeline's click selections (one per layer), as the page reads them back.
TIMELINE_PICKS = ("pick_span", "pick_dot")
SANCTIONS_PICK = "pick_provision_cell"  # the Sanctions heatmap's click selection


def timeline_chart(rows: pd.DataFrame, period: tuple[date, date] | None = None) -> alt.LayerChart:
    """Items on a time axis, one row per category: exact days as dots, months, years and ranges as spans.

    rows: category_label, precision, start, end, n, summary, date_text, status, source (one mark each).
    """
    data = _shaped(rows, period)
    labels, extra = category_order(data["category_label"])
    y = alt.Y("category_label:N", title=None, sort=labels + extra, axis=alt.Axis(labelFontWeight=500))
    domain = (
        [as_timestamp(period[0]), as_timestamp(period[1] + timedelta(days=1))] if period else alt.Undefined
    )
    first, last = (period[0], period[1]) if period else (data["start"].min(), data["end_drawn"].max())
    x = alt.X(
        "start:T",
        title=None,
        scale=alt.Scale(domain=domain) if period else alt.Undefined,
        axis=time_axis(first, last),
    )
    tooltip = [
        alt.Tooltip("summary:N", title="Summary"),
        alt.Tooltip("date_text:N", title="Date as written"),
        alt.Tooltip("status:N", title="Status"),
        alt.Tooltip("source:N", title="Source"),
        alt.Tooltip("items:Q", title="Items", format=","),
    ]
    colour = alt.Color("category_label:N", scale=category_scale(extra), legend=None)
    base = alt.Chart(data).encode(x=x, y=y, color=colour, tooltip=tooltip)
    shapes = set(data["shape"])
    return _timeline_marks(base, max(int(data["items"].max()), 2), "span" in shapes, "dot" in shapes)


def _shaped(rows: pd.DataFrame, period: tuple[date, date] | None) -> pd.DataFrame:
    """The marks with drawn ends and a shape: a dot for a day (or a span too short to see), else a bar."""
    data = rows.copy()
    data["start"] = pd.to_datetime(data["start"])
    # A span covers its whole last day, so it is drawn up to the start of the day after.
    data["end_drawn"] = pd.to_datetime(data["end"]) + pd.Timedelta(days=1)
    data["items"] = data["n"]
    # Spans too short to see at this scale (a two-day visit over three years) are drawn as dots.
    shown_days = (
        (period[1] - period[0]).days if period else (data["end_drawn"].max() - data["start"].min()).days
    ) or 1
    short = (data["end_drawn"] - data["start"]).dt.days <= max(shown_days / 120, 1)
    data["shape"] = [
        "dot" if precision == "day" or is_short else "span"
        for precision, is_short in zip(data["precision"], short, strict=True)
    ]
    # Only what the chart draws, its tooltip shows or a click hands back travels to the browser.
    drawn = ["category_label", "start", "end_drawn", "items", "shape", "mark_key"]
    return data[[c for c in drawn + ["summary", "date_text", "status", "source"] if c in data]]


def _timeline_marks(base: alt.Chart, most: int, spans_drawn: bool, dots_drawn: bool) -> alt.LayerChart:
    """Bars shaded and dots sized by the items they hold, each with its legend when such marks are
    drawn (grouped marks are all bars); a click selects a mark."""
    # A click picks one mark; the page opens the items behind it (mark_key finds them again).
    picks = [
        alt.selection_point(name=n, fields=["mark_key"], on="click", toggle=False) for n in TIMELINE_PICKS
    ]
    # A span holding several items: the more items, the stronger its colour (the legend says so).
    strength = alt.Opacity(
        "items:Q",
        title="Items per bar",
        scale=alt.Scale(domain=[1, most], range=[0.45, 0.95]),
        legend=alt.Legend(
            format=",d", tickMinStep=1, symbolType="square", symbolSize=180, symbolFillColor=OTHER_COLOUR
        )
        if spans_drawn
        else None,
    )
    spans = (
        base.transform_filter("datum.shape == 'span'")
        .mark_bar(height=14, cornerRadius=3, clip=True, cursor="pointer")
        .encode(x2="end_drawn:T", opacity=strength)
        .add_params(picks[0])
    )
    days = (
        base.transform_filter("datum.shape == 'dot'")
        .mark_circle(opacity=0.9, clip=True, cursor="pointer")
        .encode(
            size=alt.Size(
                "items:Q",
                title="Items per dot",
                scale=alt.Scale(domain=[1, most], range=[80, 700]),
                legend=alt.Legend(format=",d", tickMinStep=1, orient="bottom", symbolFillColor=OTHER_COLOUR)
                if dots_drawn
                else None,
            )
        )
        .add_params(picks[1])
    )
    # Discrete rows get a fixed step: an explicit pixel height collapses discrete axes in Streamlit's embed.
    return (
        alt.LayerChart(layer=[spans, days])
        .resolve_legend(size="independent", opacity="independent")
        .properties(height=alt.Step(44), width="container")
    )


def sanctions_heatmap(matrix: pd.DataFrame) -> alt.LayerChart:
    """Provisions (rows, grouped by regime) × item categories (columns), coloured by tagged items; a
    click on a cell selects its provision and category (the field `cell_key`, "measure_id|category").

    matrix: provision_label, regime, category_label, n, measure_id, category.
    """
    matrix = matrix.assign(cell_key=matrix["measure_id"] + "|" + matrix["category"])
    provisions = (
        matrix.sort_values(["regime", "provision_label"])["provision_label"].drop_duplicates().tolist()
    )
    categories, _ = category_order(matrix["category_label"])
    base = alt.Chart(matrix).encode(
        x=alt.X(
            "category_label:N",
            title="Item category",
            sort=categories,
            axis=alt.Axis(orient="top", labelAngle=-20, labelAlign="left"),
        ),
        y=alt.Y("provision_label:N", title=None, sort=provisions, axis=alt.Axis(labelLimit=420)),
        tooltip=[
            alt.Tooltip("provision_label:N", title="Provision"),
            alt.Tooltip("category_label:N", title="Category"),
            alt.Tooltip("n:Q", title="Tagged items", format=","),
        ],
    )
    pick = alt.selection_point(name=SANCTIONS_PICK, fields=["cell_key"], on="click", toggle=False)
    # Room on the right for the last column's slanted label, which would otherwise be cut off.
    return count_grid(base, matrix["n"], "Tagged items", step=36, pick=pick).properties(
        padding={"right": 110}
    )
