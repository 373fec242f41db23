"""Altair chart builders: a DataFrame in, a chart out. No Streamlit import, no store access.

Every builder receives rows that the query layer already aggregated, so the number of marks a chart
sends to the browser is bounded by the query, not by the size of the store. `theme` holds the look and
the category colours; `items`, `flows`, `runs` and `indicators` hold the charts of those subjects.
"""

from dashboard.charts.flows import (
    ARC_STEPS,
    ARROW_STEP,
    FLOW_PICKS,
    MATRIX_PICK,
    WORLD_DATASET,
    flow_arcs,
    flow_map_chart,
    flow_map_spec,
    flow_matrix_chart,
    label_spots,
    map_shown_bounds,
    with_world,
)
from dashboard.charts.indicators import (
    index_to_100,
    indicator_chart,
    indicator_panels,
    padded_domain,
    series_label,
)
from dashboard.charts.items import SANCTIONS_PICK, TIMELINE_PICKS, sanctions_heatmap, timeline_chart
from dashboard.charts.runs import runs_chart
from dashboard.charts.theme import (
    CATEGORY_COLOURS,
    FONT,
    INK,
    MUTED,
    OTHER_COLOUR,
    PRIMARY,
    THEME_NAME,
    category_scale,
    monitor_theme,
)
from etl.contract import CATEGORIES, TRANSFER_CATEGORIES

__all__ = [
    "ARC_STEPS",
    "ARROW_STEP",
    "CATEGORIES",
    "CATEGORY_COLOURS",
    "FLOW_PICKS",
    "FONT",
    "INK",
    "MATRIX_PICK",
    "MUTED",
    "OTHER_COLOUR",
    "PRIMARY",
    "SANCTIONS_PICK",
    "THEME_NAME",
    "TIMELINE_PICKS",
    "TRANSFER_CATEGORIES",
    "WORLD_DATASET",
    "category_scale",
    "flow_arcs",
    "flow_map_chart",
    "flow_map_spec",
    "flow_matrix_chart",
    "index_to_100",
    "indicator_chart",
    "indicator_panels",
    "label_spots",
    "map_shown_bounds",
    "monitor_theme",
    "padded_domain",
    "runs_chart",
    "sanctions_heatmap",
    "series_label",
    "timeline_chart",
    "with_world",
]
