"""Flows between states: the map with arcs and the from × to matrix."""

from __future__ import annotations

import math
from typing import Any, Literal

import altair as alt
import pandas as pd

from dashboard.charts.theme import INK, PRIMARY, count_grid

WORLD_DATASET = "world_countries_110m"
ARC_STEPS = 16
ARROW_STEP = 12
# The names of the map's and the matrix's click selections, as the page reads them back.
FLOW_PICKS = ("pick_line", "pick_head")
MATRIX_PICK = "pick_cell"


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
                    "flow_key": f"{flow.from_iso3}|{flow.to_iso3}",
                }
            )
    return pd.DataFrame(
        rows, columns=["flow_id", "step", "lon", "lat", "n", "flow", "breakdown", "heading", "flow_key"]
    )


# Where a state's name may sit around its dot: (dx, dy, align, baseline), tried in this order.
_LABEL_SPOTS: dict[
    str, tuple[int, int, Literal["left", "center", "right"], Literal["top", "middle", "bottom"]]
] = {
    "above": (0, -8, "center", "bottom"),
    "below": (0, 8, "center", "top"),
    "right": (7, 0, "left", "middle"),
    "left": (-7, 0, "right", "middle"),
}
_CHAR_PX, _LINE_PX, _MAP_WIDTH_PX = 6.6, 13, 900


def _label_box(x: float, y: float, text: str, spot: str) -> tuple[float, float, float, float]:
    """The pixel box (left, top, right, bottom) a name takes at a spot around the point (x, y)."""
    dx, dy, align, baseline = _LABEL_SPOTS[spot]
    width = len(text) * _CHAR_PX
    left = {"center": x + dx - width / 2, "left": x + dx, "right": x + dx - width}[align]
    top = {"bottom": y + dy - _LINE_PX, "top": y + dy, "middle": y + dy - _LINE_PX / 2}[baseline]
    return left, top, left + width, top + _LINE_PX


def _overlaps(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def label_spots(nodes: pd.DataFrame) -> list[str]:
    """A spot for each state's name (nodes: name, lon, lat, in order of importance) so no two names
    and no name and dot collide: the first spot that is free, 'above' when none is."""
    if nodes.empty:
        return []
    span = max(float(nodes["lon"].max() - nodes["lon"].min()) + 40, 40.0)
    scale = _MAP_WIDTH_PX / span  # pixels per degree, near enough for an equal-area world map
    points = [
        (float(lon) * scale, -float(lat) * scale) for lon, lat in zip(nodes["lon"], nodes["lat"], strict=True)
    ]
    dots = [(x - 4, y - 4, x + 4, y + 4) for x, y in points]
    taken: list[tuple[float, float, float, float]] = []
    spots = []
    for (x, y), name in zip(points, nodes["name"], strict=True):
        chosen = "above"
        for spot in _LABEL_SPOTS:
            box = _label_box(x, y, str(name), spot)
            if not any(_overlaps(box, other) for other in taken + dots):
                chosen = spot
                break
        taken.append(_label_box(x, y, str(name), chosen))
        spots.append(chosen)
    return spots


def _extent(arcs: pd.DataFrame, nodes: pd.DataFrame) -> tuple[float, float, float, float]:
    """West, south, east and north of everything drawn, padded so the names fit too."""
    lons = pd.concat([arcs["lon"], nodes["lon"]]) if not arcs.empty else nodes["lon"]
    lats = pd.concat([arcs["lat"], nodes["lat"]]) if not arcs.empty else nodes["lat"]
    # Names run up to ~12 characters beside a dot: room for them on the east and west edges too.
    west, east = max(float(lons.min()) - 22, -180), min(float(lons.max()) + 22, 180)
    south, north = max(float(lats.min()) - 10, -60), min(float(lats.max()) + 10, 82)
    return west, south, east, north


def _map_extent(arcs: pd.DataFrame, nodes: pd.DataFrame) -> dict[str, Any]:
    """A GeoJSON feature around everything drawn, padded (names included), for the projection to fit."""
    west, south, east, north = _extent(arcs, nodes)
    corners = [[west, south], [west, north], [east, north], [east, south]]
    return {"type": "Feature", "properties": {}, "geometry": {"type": "MultiPoint", "coordinates": corners}}


def map_shown_bounds(flows: pd.DataFrame, anchors: pd.DataFrame) -> tuple[float, float, float, float]:
    """West, south, east and north of what the map can show: its fitted extent and the margins a column
    wider or taller than the extent adds around it (half its width each side, half its height above and
    below). Country shapes wholly outside are not needed."""
    nodes = _nodes(flows, anchors)
    if nodes.empty:
        return -180.0, -90.0, 180.0, 90.0
    west, south, east, north = _extent(flow_arcs(flows, anchors), nodes)
    wide, tall = (east - west) / 2, (north - south) / 2
    return west - wide, south - tall, east + wide, north + tall


def flow_map_spec(flows: pd.DataFrame, anchors: pd.DataFrame, world: dict[str, Any]) -> dict[str, Any]:
    """The flow map as a Vega-Lite spec, with the world boundaries attached as a named dataset.

    The boundaries join the spec only after Altair has built it: walking and validating 100 kB of
    TopoJSON inside an Altair object costs about a second on every page run, the dict costs nothing.
    """
    return with_world(flow_map_chart(flows, anchors).to_dict(), world)


def with_world(spec: dict[str, Any], world: dict[str, Any]) -> dict[str, Any]:
    """The map's spec with the world boundaries as its named dataset WORLD_DATASET."""
    return {**spec, "datasets": {**(spec.get("datasets") or {}), WORLD_DATASET: world}}


def _land(nodes: pd.DataFrame, projection: dict[str, Any]) -> list[alt.Chart]:
    """The countries, the states involved a shade darker; no tooltip (a shape is not data). One layer:
    the browser projects and draws each shape once."""
    shapes = alt.NamedData(name=WORLD_DATASET, format=alt.DataFormat(type="topojson", feature="countries"))
    involved = alt.FieldOneOfPredicate(field="id", oneOf=sorted(nodes["numeric"].astype(str)))
    land = (
        alt.Chart(shapes)
        .mark_geoshape(stroke="white", strokeWidth=0.5, clip=True, tooltip=False)
        .encode(fill=alt.condition(involved, alt.value("#c9d6e3"), alt.value("#eef1f4")))
        .transform_filter("datum.id != '010'")  # Antarctica takes space and holds no actor
        .project(**projection)
    )
    return [land]


def _names(nodes: pd.DataFrame, projection: dict[str, Any]) -> list[alt.Chart]:
    """A dot on each state involved and its name beside it, placed so that names do not collide."""
    placed = nodes.assign(spot=label_spots(nodes))
    dots = (
        alt.Chart(placed)
        .mark_circle(color=INK, size=30)
        .encode(longitude="lon:Q", latitude="lat:Q", tooltip=[alt.Tooltip("name:N", title="State")])
        .project(**projection)
    )
    layers = [dots]
    for spot, (dx, dy, align, baseline) in _LABEL_SPOTS.items():
        here = placed[placed["spot"] == spot]
        if here.empty:
            continue
        layers.append(
            alt.Chart(here)
            .mark_text(dx=dx, dy=dy, align=align, baseline=baseline, fontSize=11, fontWeight=600, color=INK)
            .encode(
                longitude="lon:Q",
                latitude="lat:Q",
                text="name:N",
                tooltip=[alt.Tooltip("name:N", title="State")],
            )
            .project(**projection)
        )
    return layers


def _nodes(flows: pd.DataFrame, anchors: pd.DataFrame) -> pd.DataFrame:
    """The placed states the flows involve, busiest first (their names get the best spots)."""
    involved = flows.groupby("from_iso3")["n"].sum().add(flows.groupby("to_iso3")["n"].sum(), fill_value=0)
    placed = set(anchors["iso3"])
    busiest = [k for k in involved.sort_values(ascending=False, kind="stable").index if k in placed]
    return anchors.set_index("iso3").loc[busiest].reset_index()


def flow_map_chart(flows: pd.DataFrame, anchors: pd.DataFrame) -> alt.LayerChart:
    """World map with a curved line per flow (width = item count) and a dot on each state involved.

    flows: from_iso3, to_iso3, from_name, to_name, n, breakdown, flow_key. anchors: iso3, numeric, name,
    lon, lat. Boundaries: the named dataset WORLD_DATASET. A click on a line or arrowhead selects its flow.
    """
    arcs = flow_arcs(flows, anchors)
    nodes = _nodes(flows, anchors)
    projection = (
        {"type": "equalEarth", "fit": _map_extent(arcs, nodes)} if not nodes.empty else {"type": "equalEarth"}
    )
    picks = [alt.selection_point(name=n, fields=["flow_key"], on="click", toggle=False) for n in FLOW_PICKS]
    tooltip = [
        alt.Tooltip("flow:N", title="Flow"),
        alt.Tooltip("n:Q", title="Items", format=","),
        alt.Tooltip("breakdown:N", title="By category"),
    ]
    width = alt.StrokeWidth(
        "n:Q",
        scale=alt.Scale(range=[1.5, 9], zero=False),
        legend=alt.Legend(
            title="Items",
            format=",d",
            tickMinStep=1,
            symbolType="stroke",
            symbolStrokeColor=PRIMARY,
            symbolSize=500,
        ),
    )
    lines = (
        alt.Chart(arcs)
        .mark_line(color=PRIMARY, opacity=0.7, strokeCap="round", clip=True, cursor="pointer")
        .encode(
            longitude="lon:Q",
            latitude="lat:Q",
            detail="flow_id:N",
            order="step:Q",
            strokeWidth=width,
            tooltip=tooltip,
        )
        .project(**projection)
        .add_params(picks[0])
    )
    # Arrowheads three quarters of the way along, where the dot at the recipient does not hide them.
    ends = arcs[arcs["step"] == ARROW_STEP] if not arcs.empty else arcs
    heads = (
        alt.Chart(ends)
        .mark_point(
            shape="triangle-up", filled=True, color=PRIMARY, size=90, opacity=0.9, clip=True, cursor="pointer"
        )
        .encode(
            longitude="lon:Q", latitude="lat:Q", angle=alt.Angle("heading:Q", scale=None), tooltip=tooltip
        )
        .project(**projection)
        .add_params(picks[1])
    )
    layers = [*_land(nodes, projection), lines, heads, *_names(nodes, projection)]
    return alt.LayerChart(layer=layers).properties(height=_map_height(projection), width="container")


def _map_height(projection: dict[str, Any]) -> int:
    """A height that suits the fitted extent's shape in a ~900 px wide column, so no band stays empty."""
    corners = projection.get("fit", {}).get("geometry", {}).get("coordinates")
    if not corners:
        return 440
    (west, south), (_, north), (east, _) = corners[0], corners[1], corners[2]
    return int(min(max(_MAP_WIDTH_PX * (north - south) / max(east - west, 1) * 1.6, 320), 480))


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
    pick = alt.selection_point(name=MATRIX_PICK, fields=["flow_key"], on="click", toggle=False)
    return count_grid(base, flows["n"], "Items", step=44, pick=pick)
