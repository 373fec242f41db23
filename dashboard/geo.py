"""The world map's reference data: country boundaries and where each state's flow lines start and end."""

from __future__ import annotations

import json
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


def country_anchors() -> pd.DataFrame:
    """One row per placeable state: iso3, numeric, name, lon, lat (its capital)."""
    return pd.DataFrame(list(_anchor_rows()), columns=["iso3", "numeric", "name", "capital", "lon", "lat"])
