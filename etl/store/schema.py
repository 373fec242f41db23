"""The store's tables and the indicator views, one SQLAlchemy MetaData for both backends."""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()

documents = sa.Table(
    "documents",
    metadata,
    sa.Column("doc_id", sa.String, primary_key=True),
    sa.Column("title", sa.String, nullable=False),
    sa.Column("publisher", sa.String),
    # Who wrote it, as the page's, PDF's or Word file's own metadata says; empty when it says nothing.
    sa.Column("author", sa.String),
    sa.Column("url", sa.String),
    sa.Column("published_on", sa.Date),
    sa.Column("updated_on", sa.Date),
    sa.Column("kind", sa.String, nullable=False),
    sa.Column("sha256", sa.String(64), nullable=False),
    sa.Column("path", sa.String, nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    # Hash of the reference data and extractor version the items were made with: a change re-extracts.
    sa.Column("extracted_with", sa.String(64), nullable=False),
    # Documents from the web or an upload: where and when they were fetched, and the sha256 of the raw
    # bytes kept under the data folder (raw/<sha256>). Empty for files in the sources folder.
    sa.Column("origin", sa.String),
    sa.Column("fetched_at", sa.DateTime(timezone=True)),
    sa.Column("raw_sha256", sa.String(64)),
)

# The last fetch of every feed, page and article URL: validators for conditional requests and the
# status `sources list` shows.
source_fetches = sa.Table(
    "source_fetches",
    metadata,
    sa.Column("url", sa.String, primary_key=True),
    sa.Column("feed_id", sa.String),
    sa.Column("fetched_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("status", sa.String, nullable=False),
    sa.Column("http_status", sa.Integer),
    sa.Column("etag", sa.String),
    sa.Column("last_modified", sa.String),
    sa.Column("raw_sha256", sa.String(64)),
    sa.Column("message", sa.Text),
)

actors = sa.Table(
    "actors",
    metadata,
    sa.Column("actor_id", sa.String, primary_key=True),
    sa.Column("name", sa.String, nullable=False),
    sa.Column("kind", sa.String, nullable=False),
    sa.Column("country_iso3", sa.String(3)),
)

items = sa.Table(
    "items",
    metadata,
    sa.Column("item_id", sa.String, primary_key=True),
    sa.Column("doc_id", sa.String, sa.ForeignKey("documents.doc_id"), nullable=False, index=True),
    sa.Column("category", sa.String, nullable=False, index=True),
    sa.Column("from_actor_id", sa.String, sa.ForeignKey("actors.actor_id")),
    sa.Column("to_actor_id", sa.String, sa.ForeignKey("actors.actor_id")),
    # "from_to" when the text gives a direction; "between" when it names two parties without one.
    sa.Column("direction", sa.String, nullable=False, default="from_to"),
    sa.Column("goods", sa.String),
    sa.Column("goods_class", sa.String),
    sa.Column("quantity", sa.Float),
    sa.Column("quantity_unit", sa.String),
    sa.Column("date_start", sa.Date),
    sa.Column("date_end", sa.Date),
    sa.Column("date_precision", sa.String, nullable=False),
    sa.Column("date_text", sa.String),
    sa.Column("status", sa.String, nullable=False),
    sa.Column("summary", sa.Text, nullable=False),
    sa.Column("quote", sa.Text, nullable=False),
    sa.Column("char_start", sa.Integer, nullable=False),
    sa.Column("char_end", sa.Integer, nullable=False),
    sa.Column("confidence", sa.Float, nullable=False),
    sa.CheckConstraint(
        "date_start IS NULL OR date_end IS NULL OR date_start <= date_end", name="item_dates_ordered"
    ),
)

measures = sa.Table(
    "measures",
    metadata,
    sa.Column("measure_id", sa.String, primary_key=True),
    sa.Column("regime", sa.String, nullable=False),
    sa.Column("instrument", sa.String, nullable=False),
    sa.Column("provision", sa.String, nullable=False),
    sa.Column("adopted_on", sa.Date),
    sa.Column("in_force_from", sa.Date),
    sa.Column("in_force_to", sa.Date),
    sa.Column("summary", sa.Text, nullable=False),
    sa.Column("source_url", sa.String),
    sa.Column("provision_confidence", sa.String, nullable=False),
)

item_measures = sa.Table(
    "item_measures",
    metadata,
    sa.Column("item_id", sa.String, sa.ForeignKey("items.item_id"), primary_key=True),
    sa.Column("measure_id", sa.String, sa.ForeignKey("measures.measure_id"), primary_key=True),
    sa.Column("rationale", sa.Text, nullable=False),
)

indicator_uploads = sa.Table(
    "indicator_uploads",
    metadata,
    sa.Column("upload_id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("filename", sa.String, nullable=False),
    sa.Column("sha256", sa.String(64), nullable=False, unique=True),
    sa.Column("uploaded_at", sa.DateTime(timezone=True), nullable=False),
    # Raised when a user makes an older upload current again; the newest activation wins.
    sa.Column("activated_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("via", sa.String, nullable=False),
    sa.Column("rows", sa.Integer, nullable=False),
    sa.Column("series", sa.Integer, nullable=False),
    sa.Column("layout", sa.String),
    sa.Column("source", sa.String),
)

indicator_series = sa.Table(
    "indicator_series",
    metadata,
    sa.Column("series_id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("indicator", sa.String, nullable=False),
    sa.Column("entity", sa.String, nullable=False),
    sa.Column("unit", sa.String, nullable=False),
    sa.Column("granularity", sa.String, nullable=False),
    # The actor (a state's ISO3 id) the entity names, from datasets/reference; null when none does.
    sa.Column("actor_id", sa.String),
    sa.UniqueConstraint("indicator", "entity", "unit", "granularity", name="indicator_series_key"),
)

# Points are integer-keyed: period_start is days since 1970-01-01, so no string repeats per row.
indicator_points = sa.Table(
    "indicator_points",
    metadata,
    sa.Column("upload_id", sa.Integer, sa.ForeignKey("indicator_uploads.upload_id"), primary_key=True),
    sa.Column("series_id", sa.Integer, sa.ForeignKey("indicator_series.series_id"), primary_key=True),
    sa.Column("period_start", sa.Integer, primary_key=True),
    sa.Column("value", sa.Float),
    # On SQLite the rows live in the primary-key b-tree itself, with no separate rowid table and key
    # index: half the writes per point and a smaller file. Other databases ignore the option.
    sqlite_with_rowid=False,
)

etl_runs = sa.Table(
    "etl_runs",
    metadata,
    sa.Column("run_id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("trigger", sa.String, nullable=False),
    sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("finished_at", sa.DateTime(timezone=True)),
    sa.Column("status", sa.String, nullable=False),
    sa.Column("documents_seen", sa.Integer, nullable=False, default=0),
    sa.Column("documents_changed", sa.Integer, nullable=False, default=0),
    sa.Column("documents_skipped", sa.Integer, nullable=False, default=0),
    sa.Column("items_written", sa.Integer, nullable=False, default=0),
    sa.Column("warnings", sa.Integer, nullable=False, default=0),
    sa.Column("message", sa.Text),
    sa.Column("host", sa.String),
    sa.Column("pid", sa.Integer),
)

etl_issues = sa.Table(
    "etl_issues",
    metadata,
    sa.Column("issue_id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("run_id", sa.Integer, sa.ForeignKey("etl_runs.run_id"), nullable=False, index=True),
    sa.Column("level", sa.String, nullable=False),
    sa.Column("doc_id", sa.String),
    sa.Column("message", sa.Text, nullable=False),
)

# A running scheduler rewrites its row this often; `status` calls it gone after a few missed beats.
HEARTBEAT_SECONDS = 60
scheduler_heartbeat = sa.Table(
    "scheduler_heartbeat",
    metadata,
    sa.Column("scheduler_id", sa.String, primary_key=True),
    sa.Column("host", sa.String, nullable=False),
    sa.Column("pid", sa.Integer, nullable=False),
    sa.Column("cron", sa.String, nullable=False),
    sa.Column("beat_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("next_run_at", sa.DateTime(timezone=True)),
)

_SQLITE_DAY = "date(p.period_start * 86400, 'unixepoch')"
_PG_DAY = "(DATE '1970-01-01' + p.period_start)"

_SQLITE_PERIOD_END = {
    "day": f"{_SQLITE_DAY}",
    "month": f"date({_SQLITE_DAY}, '+1 month', '-1 day')",
    "quarter": f"date({_SQLITE_DAY}, '+3 months', '-1 day')",
    "year": f"date({_SQLITE_DAY}, '+1 year', '-1 day')",
}
_PG_PERIOD_END = {
    "day": f"to_char({_PG_DAY}, 'YYYY-MM-DD')",
    "month": f"to_char({_PG_DAY} + interval '1 month' - interval '1 day', 'YYYY-MM-DD')",
    "quarter": f"to_char({_PG_DAY} + interval '3 months' - interval '1 day', 'YYYY-MM-DD')",
    "year": f"to_char({_PG_DAY} + interval '1 year' - interval '1 day', 'YYYY-MM-DD')",
}


def view_statements(dialect: str) -> list[str]:
    """CREATE VIEW statements for indicator_values and indicator_latest in the given dialect.

    A series is an indicator of one entity in one unit: "Military expenditure" in % of GDP and in US$
    are two series, and the newest upload wins per series and period.
    """
    if dialect == "sqlite":
        start, ends = _SQLITE_DAY, _SQLITE_PERIOD_END
    else:
        start, ends = f"to_char({_PG_DAY}, 'YYYY-MM-DD')", _PG_PERIOD_END
    end_case = "CASE s.granularity " + " ".join(f"WHEN '{g}' THEN {e}" for g, e in ends.items()) + " END"
    columns = (
        f"p.upload_id, s.indicator, s.entity, s.unit, s.granularity, {start} AS period_start, "
        f"{end_case} AS period_end, p.value"
    )
    values = (
        f"CREATE VIEW indicator_values AS SELECT {columns} "
        "FROM indicator_points p JOIN indicator_series s ON s.series_id = p.series_id"
    )
    latest = (
        "CREATE VIEW indicator_latest AS SELECT upload_id, indicator, entity, unit, granularity, "
        "period_start, period_end, value FROM ("
        f"SELECT {columns}, ROW_NUMBER() OVER (PARTITION BY s.indicator, s.entity, s.unit, p.period_start "
        "ORDER BY u.activated_at DESC, u.upload_id DESC) AS rank_in_period "
        "FROM indicator_points p JOIN indicator_series s ON s.series_id = p.series_id "
        "JOIN indicator_uploads u ON u.upload_id = p.upload_id) ranked WHERE rank_in_period = 1"
    )
    return [values, latest]


# Analyst review. `reviews` is the ledger: append-only, one row per decision, never rewritten by a
# refresh. A subject is one reviewed item across re-extractions (its first item id, or the id of an
# item an analyst added). `supersedes` is the subject's previous decision (0 for the first), unique per
# subject, so two decisions made on the same view cannot both land.
reviews = sa.Table(
    "reviews",
    metadata,
    sa.Column("review_id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("subject_id", sa.String, nullable=False, index=True),
    sa.Column("supersedes", sa.Integer, nullable=False),
    sa.Column("item_id", sa.String, nullable=False),
    sa.Column("doc_id", sa.String, nullable=False),
    sa.Column("verdict", sa.String, nullable=False),  # accepted, edited, rejected, added, undone
    sa.Column("undoes", sa.Integer),
    sa.Column("changes", sa.Text, nullable=False),  # JSON {field: [before, after]}
    sa.Column("quote", sa.Text, nullable=False),
    sa.Column("char_start", sa.Integer, nullable=False),
    sa.Column("char_end", sa.Integer, nullable=False),
    sa.Column("doc_sha256", sa.String(64), nullable=False),
    sa.Column("reviewer", sa.String, nullable=False),
    sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("note", sa.Text),
    sa.UniqueConstraint("subject_id", "supersedes", name="review_one_successor"),
)


def _item_value_columns() -> list[sa.Column[object]]:
    """Nullable copies of the items columns: a reviewed item's values after its decisions."""
    return [sa.Column(c.name, c.type) for c in items.columns if c.name not in ("item_id", "doc_id")]


# Derived from reviews and items, rebuilt in the transaction of every decision and every refresh:
# where each subject sits now (attached to an item, added, orphaned or withdrawn) and its values.
review_current = sa.Table(
    "review_current",
    metadata,
    sa.Column("subject_id", sa.String, primary_key=True),
    sa.Column("item_id", sa.String, nullable=False, index=True),
    sa.Column("doc_id", sa.String, nullable=False),
    sa.Column("link", sa.String, nullable=False),  # attached, added, orphaned, withdrawn
    sa.Column("orphan_reason", sa.Text),
    sa.Column("review_status", sa.String, nullable=False),
    sa.Column("review_version", sa.Integer, nullable=False),
    sa.Column("reviewed_by", sa.String, nullable=False),
    sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=False),
    *_item_value_columns(),
)

# Sanctions tags recomputed from a reviewed item's corrected values (none for rejected items).
review_tags = sa.Table(
    "review_tags",
    metadata,
    sa.Column("subject_id", sa.String, primary_key=True),
    sa.Column("measure_id", sa.String, primary_key=True),
    sa.Column("item_id", sa.String, nullable=False),
    sa.Column("rationale", sa.Text, nullable=False),
)

REVIEW_COLUMNS = ("review_status", "review_version", "reviewed_by", "reviewed_at")
REVIEW_VIEWS = ("items_current", "item_measures_current")


def review_view_statements() -> list[str]:
    """CREATE VIEW items_current and item_measures_current: every item with its reviews applied."""
    names = [c.name for c in items.columns]
    plain = ", ".join(f"i.{n}" for n in names)
    reviewed = ", ".join(f"r.{n}" for n in names)
    shown = "r.link IN ('attached', 'added')"
    items_current = (
        f"CREATE VIEW items_current AS SELECT {plain}, 'unreviewed' AS review_status, "
        "0 AS review_version, NULL AS reviewed_by, NULL AS reviewed_at FROM items i "
        "WHERE NOT EXISTS (SELECT 1 FROM review_current r WHERE r.item_id = i.item_id "
        "AND r.link = 'attached') "
        f"UNION ALL SELECT {reviewed}, r.review_status, r.review_version, r.reviewed_by, r.reviewed_at "
        f"FROM review_current r WHERE {shown}"
    )
    tags_current = (
        "CREATE VIEW item_measures_current AS SELECT t.item_id, t.measure_id, t.rationale "
        "FROM item_measures t WHERE NOT EXISTS (SELECT 1 FROM review_current r "
        "WHERE r.item_id = t.item_id AND r.link = 'attached') "
        "UNION ALL SELECT rt.item_id, rt.measure_id, rt.rationale FROM review_tags rt "
        f"JOIN review_current r ON r.subject_id = rt.subject_id WHERE {shown}"
    )
    return [items_current, tags_current]


# The views as tables, for SQLAlchemy statements that read them (the dashboard, exports).
_view_metadata = sa.MetaData()
items_current = sa.Table(
    "items_current",
    _view_metadata,
    *(sa.Column(c.name, c.type, primary_key=c.name == "item_id") for c in items.columns),
    sa.Column("review_status", sa.String),
    sa.Column("review_version", sa.Integer),
    sa.Column("reviewed_by", sa.String),
    sa.Column("reviewed_at", sa.DateTime(timezone=True)),
)
item_measures_current = sa.Table(
    "item_measures_current",
    _view_metadata,
    sa.Column("item_id", sa.String, sa.ForeignKey(items_current.c.item_id), primary_key=True),
    sa.Column("measure_id", sa.String, sa.ForeignKey(measures.c.measure_id), primary_key=True),
    sa.Column("rationale", sa.Text),
)
