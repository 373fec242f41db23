"""Indicator series: labels, index to 100, the per-unit panels with item markers."""

from __future__ import annotations

from datetime import date

import altair as alt
import pandas as pd

from dashboard.charts.theme import category_order, category_scale
from dashboard.labels import format_period


def series_label(indicator: str, entity: str) -> str:
    return f"{indicator} · {entity}" if entity else indicator


def index_to_100(points: pd.DataFrame, at: date) -> pd.DataFrame:
    """Each series divided by its value at `at` (the last one on or before it, else its first) times 100."""
    out = []
    for _, series in points.groupby(["indicator", "entity"], sort=False):
        series = series.sort_values("period_start")
        known = series.dropna(subset=["value"])
        before = known[known["period_start"] <= pd.Timestamp(at)]
        base_row = before.iloc[-1] if not before.empty else (known.iloc[0] if not known.empty else None)
        base = None if base_row is None else float(base_row["value"])
        scaled = series["value"] / base * 100 if base else series["value"] * float("nan")
        out.append(series.assign(value=scaled, unit=f"index, {pd.Timestamp(at):%Y-%m-%d} = 100"))
    return pd.concat(out, ignore_index=True) if out else points


def padded_domain(start: date | pd.Timestamp, end: date | pd.Timestamp) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The time axis from start to end with a margin each side, so a point on either edge is drawn whole.

    A single period (start == end) still gets a readable axis around it.
    """
    low, high = pd.Timestamp(start), pd.Timestamp(end)
    margin = max((high - low) * 0.03, pd.Timedelta(days=20))
    return low - margin, high + margin


def _period_text(points: pd.DataFrame) -> list[str]:
    """The period each point stands for: '2024', '2024-Q1'; an averaged run gives its first and last."""
    texts = []
    for start, end, granularity, n in zip(
        points["period_start"], points["period_end"], points["granularity"], points["n"], strict=True
    ):
        first = format_period(start, granularity)
        if n > 1 and pd.notna(end):
            texts.append(f"{first} to {format_period(end, granularity)} (average of {n:,} periods)")
        else:
            texts.append(first)
    return texts


def indicator_chart(
    points: pd.DataFrame, markers: pd.DataFrame, domain: tuple[pd.Timestamp, pd.Timestamp] | None = None
) -> alt.LayerChart:
    """One panel: the series of one unit as lines with a dot on every point, items as light vertical rules.

    points: indicator, entity, unit, granularity, period_start, period_end, value, n. markers: date,
    date_text, category_label, summary, quote, source. domain: the time axis (default: the points,
    padded). The panel fills the width of its container, axes and legends included.
    """
    data = points.assign(
        series=[series_label(i, e) for i, e in zip(points["indicator"], points["entity"], strict=True)],
        period=_period_text(points),
    )
    unit = str(data["unit"].fillna("").iloc[0]) if not data.empty else ""
    domain = domain or padded_domain(data["period_start"].min(), data["period_start"].max())
    x = alt.X("period_start:T", title=None, scale=alt.Scale(domain=list(domain)))
    y = alt.Y("value:Q", title=unit or "value", scale=alt.Scale(padding=8))  # room for a dot at the top
    colour = alt.Color(
        "series:N",
        title="Series",
        legend=alt.Legend(orient="top", direction="vertical", labelLimit=900),
    )
    base = alt.Chart(data).encode(x=x, y=y, color=colour)
    lines = base.mark_line(strokeWidth=2, clip=True)
    # Dots on top of the lines: a series of one point has no line, and would otherwise not show at all.
    dots = base.mark_point(filled=True, size=60, opacity=1, clip=True).encode(
        tooltip=[
            alt.Tooltip("series:N", title="Series"),
            alt.Tooltip("period:N", title="Period"),
            alt.Tooltip("value:Q", title=unit or "Value", format=",.6~r"),
        ]
    )
    series = alt.LayerChart(layer=[lines, dots])
    if not markers.empty:
        # Rules first, so they sit under the lines; their colours (categories) are not the series' colours.
        rules = _marker_rules(markers, x_domain=domain)
        series = alt.LayerChart(layer=[rules, series]).resolve_scale(color="independent")
    return series.properties(height=300, width="container")


def _marker_rules(markers: pd.DataFrame, x_domain: tuple[pd.Timestamp, pd.Timestamp]) -> alt.Chart:
    """Light dashed rules, one per item, coloured by category; hovering one shows the item and its quote."""
    present, extra = category_order(markers["category_label"])
    # The date as the source wrote it ("in February") beside the date it was placed at.
    placed = pd.to_datetime(markers["date"]).dt.strftime("%Y-%m-%d")
    written = markers["date_text"].where(markers["date_text"].notna() & (markers["date_text"] != placed))
    data = markers.assign(when=(written + " (" + placed + ")").fillna(placed))
    return (
        alt.Chart(data)
        .mark_rule(strokeWidth=1.5, strokeDash=[2, 3], opacity=0.4, clip=True)
        .encode(
            x=alt.X("date:T", scale=alt.Scale(domain=list(x_domain))),
            color=alt.Color(
                "category_label:N",
                title="Items marked",
                scale=category_scale(extra),
                legend=alt.Legend(orient="bottom", direction="horizontal", values=present + extra, columns=4),
            ),
            tooltip=[
                alt.Tooltip("when:N", title="Date"),
                alt.Tooltip("category_label:N", title="Category"),
                alt.Tooltip("summary:N", title="Item"),
                alt.Tooltip("quote:N", title="Quote"),
                alt.Tooltip("source:N", title="Source"),
            ],
        )
    )


def indicator_panels(
    points: pd.DataFrame, markers: pd.DataFrame, domain: tuple[pd.Timestamp, pd.Timestamp] | None = None
) -> list[tuple[str, alt.LayerChart]]:
    """One panel per unit (each with its own y-axis), all on the same time axis: (unit, chart) pairs."""
    units = points["unit"].fillna("")
    domain = domain or padded_domain(points["period_start"].min(), points["period_start"].max())
    return [
        (unit, indicator_chart(points[units == unit], markers, domain)) for unit in sorted(units.unique())
    ]
