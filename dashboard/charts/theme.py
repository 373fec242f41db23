"""The charts' shared look: the registered Altair theme, category colours and order, the count grid."""

from __future__ import annotations

from datetime import date

import altair as alt
import pandas as pd

from dashboard.labels import code_label
from etl.contract import CATEGORIES, Category

THEME_NAME = "monitor"
FONT = "Source Sans Pro, Helvetica Neue, Arial, sans-serif"
INK = "#1f2933"
MUTED = "#52606d"
PRIMARY = "#1f4e79"
OTHER_COLOUR = "#7b8794"

# One colour per category of the data contract, each distinct (the Tableau 10 palette, built to be told
# apart at a glance); the contract's order fixes the legend order.
CATEGORY_COLOURS: dict[Category, str] = {
    "arms_transfer": "#d62728",
    "luxury_goods_transfer": "#ff7f0e",
    "technology_transfer": "#9467bd",
    "commodity_transfer": "#8c564b",
    "agreement": "#1f77b4",
    "summit_or_visit": "#17becf",
    "troop_deployment": "#e377c2",
    "third_party_link": "#2ca02c",
    "sanctions_action": "#bcbd22",
    "statement": "#7f7f7f",
}


@alt.theme.register(THEME_NAME, enable=True)
def monitor_theme() -> alt.theme.ThemeConfig:
    """One look for every chart: quiet axes, readable labels, the app's colours."""
    return {
        "config": {
            "font": FONT,
            "background": "white",
            "view": {"stroke": None, "continuousWidth": 600, "continuousHeight": 320},
            "title": {"fontSize": 15, "fontWeight": 600, "color": INK, "anchor": "start", "offset": 12},
            "axis": {
                "labelFontSize": 12,
                "titleFontSize": 12,
                "titleFontWeight": 600,
                "labelColor": MUTED,
                "titleColor": INK,
                "gridColor": "#e4e7eb",
                "domainColor": "#9aa5b1",
                "tickColor": "#9aa5b1",
                "labelLimit": 260,
            },
            "legend": {
                "labelFontSize": 12,
                "titleFontSize": 12,
                "titleFontWeight": 600,
                "labelColor": INK,
                "titleColor": INK,
                "orient": "bottom",
                "direction": "horizontal",
            },
            "header": {"labelFontSize": 12, "titleFontSize": 12},
            "range": {
                "category": [CATEGORY_COLOURS[c] for c in CATEGORIES],
                # Vega-Lite takes a scheme here; Altair's typed config only knows colour lists.
                "heatmap": {"scheme": "blues"},  # type: ignore[typeddict-item]
                "ramp": {"scheme": "blues"},  # type: ignore[typeddict-item]
            },
            "mark": {"color": PRIMARY},
            "text": {"fontSize": 12, "color": INK},
        }
    }


def category_scale(extra: list[str] | None = None) -> alt.Scale:
    """Category labels mapped to fixed colours, whatever subset a chart shows.

    Categories the contract does not list yet (extra) share a neutral grey rather than going uncoloured.
    """
    extra = extra or []
    return alt.Scale(
        domain=[code_label(c) for c in CATEGORIES] + extra,
        range=[CATEGORY_COLOURS[c] for c in CATEGORIES] + [OTHER_COLOUR] * len(extra),
    )


def category_order(labels: pd.Series) -> tuple[list[str], list[str]]:
    """The category labels present, in the contract's order, and any others (sorted) after them."""
    present = set(labels)
    known = [code_label(c) for c in CATEGORIES if code_label(c) in present]
    return known, sorted(present - set(known))


def as_timestamp(value: date | None) -> pd.Timestamp | None:
    return None if value is None else pd.Timestamp(value)


def count_grid(
    base: alt.Chart, counts: pd.Series, title: str, step: int, pick: alt.Parameter | None = None
) -> alt.LayerChart:
    """Cells of `base` (x, y, tooltip set) shaded by their count n, with the count written in each;
    a click on a cell selects it when a selection `pick` is given."""
    high = float(counts.max()) if not counts.empty else 1.0
    cells = base.mark_rect(cornerRadius=2, cursor="pointer" if pick is not None else alt.Undefined).encode(
        color=alt.Color(
            "n:Q",
            title=title,
            scale=alt.Scale(scheme="blues", domainMin=0),
            legend=alt.Legend(format=",d", tickMinStep=1),
        )
    )
    if pick is not None:
        cells = cells.add_params(pick)
    # White text on the darker cells, ink on the lighter ones.
    text = base.mark_text(fontWeight=600).encode(
        text=alt.Text("n:Q", format=","),
        color=alt.condition(f"datum.n > {high * 0.55}", alt.value("white"), alt.value(INK)),
    )
    return alt.LayerChart(layer=[cells, text]).properties(height=alt.Step(step), width="container")


def time_axis(first: date | pd.Timestamp, last: date | pd.Timestamp, **options: object) -> alt.Axis:
    """A time axis whose labels suit the span: years beyond three years, months below, never crowded."""
    days = max((pd.Timestamp(last) - pd.Timestamp(first)).days, 1)
    if days > 3 * 366:
        # One label per year, or per few years on long spans; a tick only on 1 January.
        years = max(days // 366, 1)
        return alt.Axis(
            format="%Y",
            labelAngle=0,
            tickCount={"interval": "year", "step": max(1, -(-years // 10))},
            labelOverlap=True,
            **options,  # type: ignore[arg-type]
        )
    return alt.Axis(format="%b %Y", labelAngle=0, tickCount=8, labelOverlap=True, **options)  # type: ignore[arg-type]
