"""Altair chart builders: a DataFrame in, a chart out. No Streamlit import, no store access.

Every builder receives rows that the query layer already aggregated, so the number of marks a chart
sends to the browser is bounded by the query, not by the size of the store. `theme` holds the look and
the category colours; `items`, `flows`, `runs` and `indicators` hold the charts of those subjects.
"""

from dashboard.charts.flows import (  # noqa: F401
    ARC_STEPS,
    ARROW_STEP,
    WORLD_DATASET,
    flow_arcs,
    flow_map_chart,
    flow_map_spec,
    flow_matrix_chart,
)
from dashboard.charts.indicators import (  # noqa: F401
    index_to_100,
    indicator_chart,
    indicator_panels,
    padded_domain,
    series_label,
)
from dashboard.charts.items import sanctions_heatmap, timeline_chart  # noqa: F401
from dashboard.charts.runs import runs_chart  # noqa: F401
from dashboard.charts.theme import (  # noqa: F401
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
from etl.contract import CATEGORIES, TRANSFER_CATEGORIES  # noqa: F401
