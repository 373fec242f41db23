"""Altair chart builders: a DataFrame in, a chart out. No Streamlit import, no store access.

Every builder receives rows that the query layer already aggregated, so the number of marks a chart
sends to the browser is bounded by the query, not by the size of the store.
"""

from __future__ import annotations

import math
from datetime import date, timedelta
from typing import Any

import altair as alt
import pandas as pd

from dashboard.labels import code_label, format_period

THEME_NAME = "monitor"
FONT = "Source Sans Pro, Helvetica Neue, Arial, sans-serif"
INK = "#1f2933"
MUTED = "#52606d"
PRIMARY = "#1f4e79"
OTHER_COLOUR = "#7b8794"

# The categories of the data contract, in a fixed order so each keeps its colour on every chart.
CATEGORIES = (
    "arms_transfer",
    "luxury_goods_transfer",
    "technology_transfer",
    "commodity_transfer",
    "agreement",
    "summit_or_visit",
    "troop_deployment",
    "third_party_link",
    "sanctions_action",
    "statement",
)
# Items that move something between states: the ones marked on indicator charts unless the user chooses.
TRANSFER_CATEGORIES = ("arms_transfer", "luxury_goods_transfer", "technology_transfer", "troop_deployment")
CATEGORY_COLOURS = (
    "#c0392b",
    "#d68910",
    "#8e44ad",
    "#1f4e79",
    "#2e86c1",
    "#6e2c00",
    "#117a65",
    "#5d6d7e",
    "#a6acaf",
)


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
                "category": list(CATEGORY_COLOURS),
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
        range=list(CATEGORY_COLOURS) + [OTHER_COLOUR] * len(extra),
    )


def _category_order(labels: pd.Series) -> tuple[list[str], list[str]]:
    """The category labels present, in the contract's order, and any others (sorted) after them."""
    present = set(labels)
    known = [code_label(c) for c in CATEGORIES if code_label(c) in present]
    return known, sorted(present - set(known))


def _as_timestamp(value: date | None) -> pd.Timestamp | None:
    return None if value is None else pd.Timestamp(value)


def timeline_chart(rows: pd.DataFrame, period: tuple[date, date] | None = None) -> alt.LayerChart:
    """Items on a time axis, one row per category: exact days as dots, months, years and ranges as spans.

    rows: category_label, precision, start, end, n, summary, date_text, status, source (one mark each).
    """
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
    labels, extra = _category_order(data["category_label"])
    y = alt.Y("category_label:N", title=None, sort=labels + extra, axis=alt.Axis(labelFontWeight=500))
    domain = (
        [_as_timestamp(period[0]), _as_timestamp(period[1] + timedelta(days=1))] if period else alt.Undefined
    )
    x = alt.X(
        "start:T",
        title=None,
        scale=alt.Scale(domain=domain) if period else alt.Undefined,
        axis=alt.Axis(format="%b %Y", labelAngle=0, tickCount=8),
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
    most = max(int(data["items"].max()), 2)
    # A grouped span holds many items: the more items, the stronger its colour.
    strength = alt.Opacity("items:Q", scale=alt.Scale(domain=[1, most], range=[0.5, 0.95]), legend=None)
    spans = (
        base.transform_filter("datum.shape == 'span'")
        .mark_bar(height=14, cornerRadius=3, clip=True)
        .encode(x2="end_drawn:T", opacity=strength)
    )
    days = (
        base.transform_filter("datum.shape == 'dot'")
        .mark_circle(opacity=0.9, clip=True)
        .encode(size=alt.Size("items:Q", scale=alt.Scale(domain=[1, most], range=[80, 700]), legend=None))
    )
    # Discrete rows get a fixed step: an explicit pixel height collapses discrete axes in Streamlit's embed.
    return alt.LayerChart(layer=[spans, days]).properties(height=alt.Step(44), width="container")


WORLD_DATASET = "world_countries_110m"
ARC_STEPS = 16
ARROW_STEP = 12


def _arc_points(
    start: tuple[float, float], end: tuple[float, float], steps: int = ARC_STEPS
) -> list[tuple[float, float]]:
    """Points on a gentle curve from start to end (lon, lat), bending left of the direction of travel.

    Curving keeps A→B and B→A apart on the map: each bends to its own side.
    """
    (x0, y0), (x2, y2) = start, end
    dx, dy = x2 - x0, y2 - y0
    # The control point sits off the midpoint, to the left (-dy, dx), at a fifth of the distance.
    cx, cy = (x0 + x2) / 2 - 0.2 * dy, (y0 + y2) / 2 + 0.2 * dx
    points = []
    for k in range(steps + 1):
        t = k / steps
        points.append(
            (
                (1 - t) ** 2 * x0 + 2 * (1 - t) * t * cx + t**2 * x2,
                (1 - t) ** 2 * y0 + 2 * (1 - t) * t * cy + t**2 * y2,
            )
        )
    return points


def flow_arcs(flows: pd.DataFrame, anchors: pd.DataFrame) -> pd.DataFrame:
    """Line vertices for each flow between two placed states (flows: from_iso3, to_iso3, n, breakdown)."""
    where = anchors.set_index("iso3")[["lon", "lat"]]
    rows: list[dict[str, Any]] = []
    for flow_id, flow in enumerate(flows.itertuples(index=False)):
        if flow.from_iso3 not in where.index or flow.to_iso3 not in where.index:
            continue
        start = tuple(where.loc[flow.from_iso3])
        end = tuple(where.loc[flow.to_iso3])
        label = f"{flow.from_name} → {flow.to_name}"
        points = _arc_points(start, end)
        for step, (lon, lat) in enumerate(points):
            lon0, lat0 = points[max(step - 1, 0)]
            # Heading of the segment arriving here, clockwise from north, so an arrowhead follows the line.
            heading = math.degrees(math.atan2((lon - lon0) * math.cos(math.radians(lat)), lat - lat0))
            rows.append(
                {
                    "flow_id": flow_id,
                    "step": step,
                    "lon": lon,
                    "lat": lat,
                    "n": flow.n,
                    "flow": label,
                    "breakdown": flow.breakdown,
                    "heading": heading,
                }
            )
    return pd.DataFrame(rows, columns=["flow_id", "step", "lon", "lat", "n", "flow", "breakdown", "heading"])


def _map_extent(arcs: pd.DataFrame, nodes: pd.DataFrame) -> dict[str, Any]:
    """A GeoJSON feature around everything drawn, padded, for the projection to fit the view to."""
    lons = pd.concat([arcs["lon"], nodes["lon"]]) if not arcs.empty else nodes["lon"]
    lats = pd.concat([arcs["lat"], nodes["lat"]]) if not arcs.empty else nodes["lat"]
    west, east = max(float(lons.min()) - 15, -180), min(float(lons.max()) + 15, 180)
    south, north = max(float(lats.min()) - 10, -60), min(float(lats.max()) + 10, 82)
    corners = [[west, south], [west, north], [east, north], [east, south]]
    return {"type": "Feature", "properties": {}, "geometry": {"type": "MultiPoint", "coordinates": corners}}


def flow_map_spec(flows: pd.DataFrame, anchors: pd.DataFrame, world: dict[str, Any]) -> dict[str, Any]:
    """The flow map as a Vega-Lite spec, with the world boundaries attached as a named dataset.

    The boundaries join the spec only after Altair has built it: walking and validating 100 kB of
    TopoJSON inside an Altair object costs about a second on every page run, the dict costs nothing.
    """
    spec = flow_map_chart(flows, anchors).to_dict()
    spec.setdefault("datasets", {})[WORLD_DATASET] = world
    return spec


def flow_map_chart(flows: pd.DataFrame, anchors: pd.DataFrame) -> alt.LayerChart:
    """World map with a curved line per flow (width = item count) and a dot on each state involved.

    flows: from_iso3, to_iso3, from_name, to_name, n, breakdown. anchors: iso3, numeric, name, lon, lat.
    The boundaries come from the named dataset WORLD_DATASET (see flow_map_spec).
    """
    arcs = flow_arcs(flows, anchors)
    involved = set(flows["from_iso3"]) | set(flows["to_iso3"])
    nodes = anchors[anchors["iso3"].isin(involved)].copy()
    shapes = alt.NamedData(name=WORLD_DATASET, format=alt.DataFormat(type="topojson", feature="countries"))
    projection = (
        {"type": "equalEarth", "fit": _map_extent(arcs, nodes)} if not nodes.empty else {"type": "equalEarth"}
    )
    land = (
        alt.Chart(shapes)
        .mark_geoshape(fill="#eef1f4", stroke="white", strokeWidth=0.5, clip=True)
        .transform_filter(
            "datum.id != '010'"  # Antarctica takes space and holds no actor
        )
        .project(**projection)
    )
    highlighted = (
        alt.Chart(shapes)
        .mark_geoshape(fill="#c9d6e3", stroke="white", strokeWidth=0.5, clip=True)
        .transform_filter(alt.FieldOneOfPredicate(field="id", oneOf=sorted(nodes["numeric"].astype(str))))
        .project(**projection)
    )
    lines = (
        alt.Chart(arcs)
        .mark_line(color=PRIMARY, opacity=0.7, strokeCap="round", clip=True)
        .encode(
            longitude="lon:Q",
            latitude="lat:Q",
            detail="flow_id:N",
            order="step:Q",
            strokeWidth=alt.StrokeWidth(
                "n:Q",
                scale=alt.Scale(range=[1.5, 9], zero=False),
                legend=alt.Legend(title="Items", format=",d", tickMinStep=1),
            ),
            tooltip=[
                alt.Tooltip("flow:N", title="Flow"),
                alt.Tooltip("n:Q", title="Items", format=","),
                alt.Tooltip("breakdown:N", title="By category"),
            ],
        )
        .project(**projection)
    )
    # Arrowheads three quarters of the way along, where the dot at the recipient does not hide them.
    ends = arcs[arcs["step"] == ARROW_STEP] if not arcs.empty else arcs
    heads = (
        alt.Chart(ends)
        .mark_point(shape="triangle-up", filled=True, color=PRIMARY, size=90, opacity=0.9, clip=True)
        .encode(
            longitude="lon:Q",
            latitude="lat:Q",
            angle=alt.Angle("heading:Q", scale=None),
            tooltip=[alt.Tooltip("flow:N", title="Flow")],
        )
        .project(**projection)
    )
    dots = (
        alt.Chart(nodes)
        .mark_circle(color=INK, size=30)
        .encode(longitude="lon:Q", latitude="lat:Q", tooltip=[alt.Tooltip("name:N", title="State")])
        .project(**projection)
    )
    names = (
        alt.Chart(nodes)
        .mark_text(dy=-9, fontSize=11, fontWeight=600, color=INK)
        .encode(longitude="lon:Q", latitude="lat:Q", text="name:N")
        .project(**projection)
    )
    layers = [land, highlighted, lines, heads, dots, names]
    return alt.LayerChart(layer=layers).properties(height=440, width="container")


def flow_matrix_chart(flows: pd.DataFrame) -> alt.LayerChart:
    """From (rows) × to (columns) grid coloured by item count, with the count written in each cell."""
    order_from = flows.groupby("from_name")["n"].sum().sort_values(ascending=False).index.tolist()
    order_to = flows.groupby("to_name")["n"].sum().sort_values(ascending=False).index.tolist()
    base = alt.Chart(flows).encode(
        x=alt.X("to_name:N", title="To", sort=order_to, axis=alt.Axis(orient="top", labelAngle=0)),
        y=alt.Y("from_name:N", title="From", sort=order_from),
        tooltip=[
            alt.Tooltip("from_name:N", title="From"),
            alt.Tooltip("to_name:N", title="To"),
            alt.Tooltip("n:Q", title="Items", format=","),
            alt.Tooltip("breakdown:N", title="By category"),
        ],
    )
    return _count_grid(base, flows["n"], "Items", step=44)


def _count_grid(base: alt.Chart, counts: pd.Series, title: str, step: int) -> alt.LayerChart:
    """Cells of `base` (x, y, tooltip set) shaded by their count n, with the count written in each."""
    high = float(counts.max()) if not counts.empty else 1.0
    cells = base.mark_rect(cornerRadius=2).encode(
        color=alt.Color(
            "n:Q",
            title=title,
            scale=alt.Scale(scheme="blues", domainMin=0),
            legend=alt.Legend(format=",d", tickMinStep=1),
        )
    )
    # White text on the darker cells, ink on the lighter ones.
    text = base.mark_text(fontWeight=600).encode(
        text=alt.Text("n:Q", format=","),
        color=alt.condition(f"datum.n > {high * 0.55}", alt.value("white"), alt.value(INK)),
    )
    return alt.LayerChart(layer=[cells, text]).properties(height=alt.Step(step), width="container")


def sanctions_heatmap(matrix: pd.DataFrame) -> alt.LayerChart:
    """Provisions (rows, grouped by regime) × item categories (columns), coloured by tagged items.

    matrix: provision_label, regime, category_label, n, measure_id.
    """
    provisions = (
        matrix.sort_values(["regime", "provision_label"])["provision_label"].drop_duplicates().tolist()
    )
    categories, _ = _category_order(matrix["category_label"])
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
    return _count_grid(base, matrix["n"], "Tagged items", step=36)


def runs_chart(runs: pd.DataFrame) -> alt.Chart:
    """Duration of recent refreshes, one bar per run, coloured by outcome.

    runs: run_id, started_at, duration_s, status.
    """
    return (
        alt.Chart(runs)
        .mark_bar(cornerRadius=2)
        .encode(
            x=alt.X("run_id:O", title="Run", axis=alt.Axis(labelAngle=0)),
            y=alt.Y("duration_s:Q", title="Duration (s)"),
            color=alt.Color(
                "status:N",
                title="Outcome",
                scale=alt.Scale(
                    domain=["succeeded", "failed", "skipped", "running"],
                    range=["#2e7d32", "#c0392b", "#9aa5b1", "#d68910"],
                ),
            ),
            tooltip=[
                alt.Tooltip("run_id:O", title="Run"),
                alt.Tooltip("started_at:T", title="Started (UTC)", format="%Y-%m-%d %H:%M"),
                alt.Tooltip("duration_s:Q", title="Duration (s)", format=".1f"),
                alt.Tooltip("status:N", title="Outcome"),
            ],
        )
        .properties(height=180, width="container")
    )


# --- indicators ----------------------------------------------------------------------------------------


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
    present, extra = _category_order(markers["category_label"])
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
