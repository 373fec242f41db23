"""Every question the dashboard asks the store: one typed function each, cached on the data version.

These are the only dashboard modules that read the store (one per page, plus `snapshot` for the store
itself and `filters` for the item filters every page shares). Functions take a Snapshot (store URL +
data version) as their first argument, so a finished refresh or upload changes the cache key and every
page shows the new data without a restart. Statements are SQLAlchemy Core with bound parameters and run
on SQLite and PostgreSQL alike. Anything bound for a chart is aggregated here first. Every write lives in
`dashboard/actions.py`.
"""

from dashboard.queries.filters import (
    DEFAULT_MIN_CONFIDENCE,
    FilterOptions,
    ItemFilter,
    filter_options,
    provision_label,
)
from dashboard.queries.indicators import (
    MAX_POINTS_PER_SERIES,
    comparable_uploads,
    compare_uploads,
    indicator_catalogue,
    indicator_points,
    indicator_uploads,
    item_markers,
)
from dashboard.queries.items import item_table, item_table_shown
from dashboard.queries.overview import (
    MAX_FLOWS,
    TIMELINE_MAX_MARKS,
    FlowsLeftOut,
    KeyFigures,
    flow_item_ids,
    flows,
    flows_left_out,
    key_figures,
    state_names,
    timeline,
    timeline_item_ids,
)
from dashboard.queries.review import (
    QUEUE_LIMIT,
    QUEUE_ORDERS,
    document_list,
    document_text,
    item_history,
    orphaned_reviews,
    review_counts,
    review_queue,
)
from dashboard.queries.sanctions import measures_overview, sanctions_matrix, tagged_item_ids, tagged_items
from dashboard.queries.snapshot import (
    Snapshot,
    current_snapshot,
    describe_error,
    last_run_message,
)
from dashboard.queries.sources import (
    documents_overview,
    freshness,
    run_history,
    run_issues,
)

__all__ = [
    "DEFAULT_MIN_CONFIDENCE",
    "FilterOptions",
    "ItemFilter",
    "FlowsLeftOut",
    "KeyFigures",
    "MAX_FLOWS",
    "MAX_POINTS_PER_SERIES",
    "QUEUE_LIMIT",
    "QUEUE_ORDERS",
    "Snapshot",
    "TIMELINE_MAX_MARKS",
    "comparable_uploads",
    "compare_uploads",
    "current_snapshot",
    "describe_error",
    "document_list",
    "document_text",
    "documents_overview",
    "filter_options",
    "flow_item_ids",
    "flows",
    "flows_left_out",
    "freshness",
    "indicator_catalogue",
    "indicator_points",
    "indicator_uploads",
    "item_history",
    "item_markers",
    "item_table",
    "item_table_shown",
    "key_figures",
    "last_run_message",
    "measures_overview",
    "orphaned_reviews",
    "provision_label",
    "review_counts",
    "review_queue",
    "run_history",
    "run_issues",
    "sanctions_matrix",
    "state_names",
    "tagged_item_ids",
    "tagged_items",
    "timeline",
    "timeline_item_ids",
]
