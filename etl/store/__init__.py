"""The store: schema, engines and write transactions, and the refresh lock.

SQLite in WAL mode is the embedded default (concurrent readers, one writer across processes);
PostgreSQL is the shared server for teams. The same Core statements run on both. Callers use this
package's names (`store.items`, `store.write_transaction`); the modules hold one job each.
"""

from etl.store.engine import (
    as_utc,
    data_version,
    describe_db_error,
    ensure_schema,
    make_engine,
    storage_problem,
    utcnow,
    write_transaction,
)
from etl.store.lock import pid_alive, refresh_lock, refresh_lock_held, this_host
from etl.store.schema import (
    HEARTBEAT_SECONDS,
    actors,
    documents,
    etl_issues,
    etl_runs,
    indicator_points,
    indicator_series,
    indicator_uploads,
    item_measures,
    item_measures_current,
    items,
    items_current,
    measures,
    metadata,
    review_current,
    review_tags,
    reviews,
    scheduler_heartbeat,
    source_fetches,
)

__all__ = [
    "HEARTBEAT_SECONDS",
    "actors",
    "as_utc",
    "data_version",
    "describe_db_error",
    "documents",
    "ensure_schema",
    "etl_issues",
    "etl_runs",
    "indicator_points",
    "indicator_series",
    "indicator_uploads",
    "item_measures",
    "item_measures_current",
    "items",
    "items_current",
    "make_engine",
    "measures",
    "metadata",
    "pid_alive",
    "refresh_lock",
    "refresh_lock_held",
    "review_current",
    "review_tags",
    "reviews",
    "scheduler_heartbeat",
    "source_fetches",
    "storage_problem",
    "this_host",
    "utcnow",
    "write_transaction",
]
