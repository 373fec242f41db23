"""The world map's reference data: country boundaries and where each state's flow lines start and end."""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

import pandas as pd
import yaml

from etl.settings import PROJECT_ROOT

GEO_DIR = PROJECT_ROOT / "datasets" / "reference" / "geo"


@lru_cache(maxsize=1)
def world_topology() -> dict[str, Any]:
    """Natural Earth 1:110m country boundaries (TopoJSON, ids are ISO 3166-1 numeric codes)."""
    with (GEO_DIR / "countries-110m.json").open(encoding="utf-8") as handle:
        return json.load(handle)


@lru_cache(maxsize=1)
def _anchor_rows() -> tuple[dict[str, Any], ...]:
    with (GEO_DIR / "country_points.yml").open(encoding="utf-8") as handle:
        return tuple(yaml.safe_load(handle)["countries"])


Bounds = tuple[float, float, float, float]  # west, south, east, north, in degrees
ANTARCTICA = "010"


def _arc_boxes(world: dict[str, Any]) -> list[Bounds]:
    """Each arc's bounding box in degrees (arcs are quantized and delta-encoded, as TopoJSON has them)."""
    (sx, sy), (tx, ty) = world["transform"]["scale"], world["transform"]["translate"]
    boxes = []
    for arc in world["arcs"]:
        x = y = 0
        xs, ys = [], []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            xs.append(x)
            ys.append(y)
        boxes.append((min(xs) * sx + tx, min(ys) * sy + ty, max(xs) * sx + tx, max(ys) * sy + ty))
    return boxes


def _arc_ids(arcs: Any) -> Iterator[int]:
    """The arc indexes of a geometry's nested rings (a negative index ~i is arc i reversed)."""
    for part in arcs:
        if isinstance(part, int):
            yield part if part >= 0 else ~part
        else:
            yield from _arc_ids(part)


def _renumbered(arcs: Any, new: dict[int, int]) -> Any:
    if isinstance(arcs, int):
        return new[arcs] if arcs >= 0 else ~new[~arcs]
    return [_renumbered(part, new) for part in arcs]


@lru_cache(maxsize=16)
def world_within(bounds: Bounds) -> dict[str, Any]:
    """The countries whose shapes reach into bounds, with only the arcs they use (Antarctica left out).

    A map shows only its fitted extent: the shapes outside it would be projected and drawn by the
    browser on every page load only to be clipped away.
    """
    world = world_topology()
    boxes = _arc_boxes(world)
    west, south, east, north = bounds
    kept = []
    for geometry in world["objects"]["countries"]["geometries"]:
        ids = list(_arc_ids(geometry.get("arcs", [])))
        if geometry.get("id") == ANTARCTICA or not ids:
            continue
        box = [boxes[i] for i in ids]
        if (
            min(b[0] for b in box) <= east
            and max(b[2] for b in box) >= west
            and min(b[1] for b in box) <= north
            and max(b[3] for b in box) >= south
        ):
            kept.append(geometry)
    used = sorted({i for geometry in kept for i in _arc_ids(geometry["arcs"])})
    new = {old: number for number, old in enumerate(used)}
    return {
        "type": "Topology",
        "transform": world["transform"],
        "objects": {
            "countries": {
                "type": "GeometryCollection",
                "geometries": [{**g, "arcs": _renumbered(g["arcs"], new)} for g in kept],
            }
        },
        "arcs": [world["arcs"][i] for i in used],
    }


def country_anchors() -> pd.DataFrame:
    """One row per placeable state: iso3, numeric, name, lon, lat (its capital)."""
    return pd.DataFrame(list(_anchor_rows()), columns=["iso3", "numeric", "name", "capital", "lon", "lat"])
