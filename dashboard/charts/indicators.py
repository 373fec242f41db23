"""Indicator series: labels, index to 100, the per-unit panels with item markers."""

from __future__ import annotations

from datetime import date

import altair as alt
import pandas as pd

from dashboard.charts.theme import category_order, category_scale, time_axis
from dashboard.labels import format_period


def series_label(indicator: str, entity: str, actor_name: object = None) -> str:
    """'Military expenditure · Russia': the actor's name when the entity names one, so one state's series
    from different sources ("Russian Federation", "Russia") read alike."""
    who = actor_name if isinstance(actor_name, str) and actor_name else entity
    return f"{indicator} · {who}" if who else indicator


INDEX_UNIT = "index (each series' base period = 100)"


def index_to_100(points: pd.DataFrame, at: date) -> pd.DataFrame:
    """Each series divided by its value at `at` (the last one on or before it, else its first) times 100.

    Series of different granularity or gaps have different base periods: each row's `base` names its own.
    """
    out = []
    for _, series in points.groupby(["indicator", "entity", "unit"], sort=False):
        series = series.sort_values("period_start")
        known = series.dropna(subset=["value"])
        before = known[known["period_start"] <= pd.Timestamp(at)]
        base_row = before.iloc[-1] if not before.empty else (known.iloc[0] if not known.empty else None)
        base = None if base_row is None else float(base_row["value"])
        scaled = series["value"] / base * 100 if base else series["value"] * float("nan")
        period = (
            "no base"
            if base_row is None
            else format_period(base_row["period_start"], base_row["granularity"])
        )
        out.append(series.assign(value=scaled, unit=INDEX_UNIT, base=f"{period} = 100"))
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


# Axis labels in thousands of millions and millions: "150 bn" rather than "150,000,000,000".
_SHORT_NUMBER = (
    "abs(datum.value) >= 1e9 ? format(datum.value / 1e9, ',~r') + ' bn' : "
    "abs(datum.value) >= 1e6 ? format(datum.value / 1e6, ',~r') + ' m' : format(datum.value, ',~r')"
)


def _drawn(points: pd.DataFrame) -> pd.DataFrame:
    """Each point at the middle of the period it covers (a year's value mid-year, not on 1 January), with
    the period's first and last day for the bar that shows what it covers."""
    end = points["period_end"].fillna(points["period_start"]) + pd.Timedelta(days=1)
    return points.assign(
        series=[
            series_label(i, e, a)
            for i, e, a in zip(
                points["indicator"],
                points["entity"],
                points.get("actor_name", [None] * len(points)),
                strict=True,
            )
        ],
        period=_period_text(points),
        mid=points["period_start"] + (end - points["period_start"]) / 2,
        covered_to=end,
    ).assign(series=lambda d: d["series"] + (" (" + d["base"] + ")" if "base" in d else ""))


def indicator_chart(
    points: pd.DataFrame, markers: pd.DataFrame, domain: tuple[pd.Timestamp, pd.Timestamp] | None = None
) -> alt.LayerChart:
    """One panel: the series of one unit as lines through a dot per period, at the period's middle, with a
    light bar under each dot spanning the period it covers; items as light vertical rules.

    points: indicator, entity, unit, granularity, period_start, period_end, value, n (and actor_name, base
    when known). markers: date, date_text, category_label, summary, quote, source. domain: the time axis
    (default: the points, padded). The panel fills the width of its container, axes and legends included.
    """
    data = _drawn(points)
    unit = str(data["unit"].fillna("").iloc[0]) if not data.empty else ""
    domain = domain or padded_domain(data["period_start"].min(), data["covered_to"].max())
    axis = time_axis(domain[0], domain[1])
    x = alt.X("mid:T", title=None, scale=alt.Scale(domain=list(domain)), axis=axis)
    y = alt.Y(
        "value:Q",
        title=unit or "value (no unit given)",
        scale=alt.Scale(padding=8),
        axis=alt.Axis(labelExpr=_SHORT_NUMBER),
    )
    # Series colours from a palette of their own, so a series never looks like an item category.
    colour = alt.Color(
        "series:N",
        title="Series",
        scale=alt.Scale(scheme="dark2"),
        legend=alt.Legend(orient="top", direction="vertical", labelLimit=900, symbolOpacity=1),
    )
    base = alt.Chart(data).encode(x=x, y=y, color=colour)
    lines = base.mark_line(strokeWidth=2, clip=True)
    tooltip = [
        alt.Tooltip("series:N", title="Series"),
        alt.Tooltip("period:N", title="Period"),
        alt.Tooltip("value:Q", title=unit or "Value", format=",.6~r"),
    ]
    covers = base.mark_rule(strokeWidth=5, opacity=0.25, clip=True).encode(
        x=alt.X("period_start:T", scale=alt.Scale(domain=list(domain)), axis=axis, title=None),
        x2="covered_to:T",
        tooltip=tooltip,
    )
    # Dots on top of the lines: a series of one point has no line, and would otherwise not show at all.
    dots = base.mark_point(filled=True, size=60, opacity=1, clip=True).encode(tooltip=tooltip)
    series = alt.LayerChart(layer=[covers, lines, dots])
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
    domain = domain or padded_domain(points["period_start"].min(), points["period_end"].max())
    return [
        (unit, indicator_chart(points[units == unit], markers, domain)) for unit in sorted(units.unique())
    ]
