"""Flows between states: the map with arcs and the from × to matrix."""

from __future__ import annotations

import math
from typing import Any

import altair as alt
import pandas as pd

from dashboard.charts.theme import INK, PRIMARY, count_grid

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
    return count_grid(base, flows["n"], "Items", step=44)
