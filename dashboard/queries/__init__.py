"""Every question the dashboard asks the store: one typed function each, cached on the data version.

These are the only dashboard modules that read the store (one per page, plus `snapshot` for the store
itself and `filters` for the item filters every page shares). Functions take a Snapshot (store URL +
data version) as their first argument, so a finished refresh or upload changes the cache key and every
page shows the new data without a restart. Statements are SQLAlchemy Core with bound parameters and run
on SQLite and PostgreSQL alike. Anything bound for a chart is aggregated here first. Every write lives in
`dashboard/actions.py`.
"""

from dashboard.queries.filters import (  # noqa: F401
    DEFAULT_MIN_CONFIDENCE,
    FilterOptions,
    ItemFilter,
    filter_options,
    provision_label,
)
from dashboard.queries.indicators import (  # noqa: F401
    MAX_POINTS_PER_SERIES,
    compare_uploads,
    indicator_catalogue,
    indicator_points,
    indicator_uploads,
    item_markers,
)
from dashboard.queries.items import item_table  # noqa: F401
from dashboard.queries.overview import (  # noqa: F401
    MAX_FLOWS,
    TIMELINE_MAX_MARKS,
    KeyFigures,
    flows,
    key_figures,
    state_names,
    timeline,
)
from dashboard.queries.sanctions import measures_overview, sanctions_matrix, tagged_items  # noqa: F401
from dashboard.queries.snapshot import (  # noqa: F401
    Snapshot,
    current_snapshot,
    describe_error,
    last_run_message,
)
from dashboard.queries.sources import (  # noqa: F401
    Freshness,
    SchedulerBeat,
    documents_overview,
    freshness,
    run_history,
    run_issues,
    scheduler_beat,
)
