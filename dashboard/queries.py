"""Every question the dashboard asks the store: one typed function each, cached on the data version.

This is the only dashboard module that reads the store. Functions take a Snapshot (store URL + data
version) as their first argument, so a finished refresh or upload changes the cache key and every page
shows the new data without a restart. Statements are SQLAlchemy Core with bound parameters and run on
SQLite and PostgreSQL alike. Anything bound for a chart is aggregated here first.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any, NamedTuple

import pandas as pd
import sqlalchemy as sa
import streamlit as st
from sqlalchemy.engine import Engine

from dashboard.labels import code_label
from etl import store
from etl.settings import load_settings

# Chart budgets: the most marks one chart may receive (the browser draws every row it is sent).
TIMELINE_MAX_MARKS = 1500
MAX_FLOWS = 150
# Items the extractor is unsure of (confidence below this) are kept in the store but hidden by default.
DEFAULT_MIN_CONFIDENCE = 0.5

items_t, actors_t, documents_t = store.items, store.actors, store.documents
measures_t, tags_t, runs_t, issues_t = store.measures, store.item_measures, store.etl_runs, store.etl_issues

# Shared pieces of statements: an item's source document as item tables show it, items newest first,
# provisions in reading order.
_DOCUMENT_COLUMNS = (documents_t.c.title.label("document"), documents_t.c.url.label("document_url"))
_NEWEST_ITEMS_FIRST = (items_t.c.date_start.desc().nulls_last(), items_t.c.item_id)
_MEASURE_ORDER = (measures_t.c.regime, measures_t.c.instrument, measures_t.c.provision)


class Snapshot(NamedTuple):
    """Which store and which state of it a cached answer belongs to."""

    db_url: str
    version: str


@dataclass(frozen=True)
class ItemFilter:
    """The filters a user can set on items; empty means 'no restriction'."""

    categories: tuple[str, ...] = ()
    from_actors: tuple[str, ...] = ()
    to_actors: tuple[str, ...] = ()
    goods_classes: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    measure_ids: tuple[str, ...] = ()
    date_from: date | None = None
    date_to: date | None = None
    include_undated: bool = True
    text: str = ""
    min_confidence: float = 0.0  # 0 keeps every candidate; pages pass DEFAULT_MIN_CONFIDENCE


@dataclass(frozen=True)
class FilterOptions:
    """What the filter widgets offer: only values present in the store."""

    categories: list[str] = field(default_factory=list)
    actors: dict[str, str] = field(default_factory=dict)  # actor_id -> name
    goods_classes: list[str] = field(default_factory=list)
    statuses: list[str] = field(default_factory=list)
    measures: dict[str, str] = field(default_factory=dict)  # measure_id -> label
    regimes: list[str] = field(default_factory=list)
    date_min: date | None = None
    date_max: date | None = None


@dataclass(frozen=True)
class KeyFigures:
    items: int
    arms_transfers: int
    provisions_engaged: int
    documents: int


@dataclass(frozen=True)
class Freshness:
    """When the data last changed and how the latest refresh went."""

    last_success_at: datetime | None
    last_run_status: str | None
    last_run_at: datetime | None


@dataclass(frozen=True)
class SchedulerBeat:
    beat_at: datetime
    next_run_at: datetime | None


@st.cache_resource(show_spinner=False)
def _engine(db_url: str) -> Engine:
    """One engine (and connection pool) per store URL for the whole server process."""
    return store.make_engine(replace(load_settings(), db_url=db_url))


def _frame(snap: Snapshot, statement: sa.Executable) -> pd.DataFrame:
    with _engine(snap.db_url).connect() as conn:
        result = conn.execute(statement)
        return pd.DataFrame(result.fetchall(), columns=list(result.keys()))


def _no_store_file(db_url: str) -> bool:
    """True for a SQLite store whose file does not exist yet: looking must not create an empty one."""
    url = sa.make_url(db_url)
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return False
    return not Path(url.database).exists()


def current_snapshot() -> Snapshot | None:
    """The store's current state, or None when it does not exist yet or holds no data (first run)."""
    db_url = load_settings().db_url
    if _no_store_file(db_url):
        return None
    try:
        engine = _engine(db_url)
        version = store.data_version(engine)
        with engine.connect() as conn:
            runs = conn.execute(
                sa.select(sa.func.max(runs_t.c.run_id), sa.func.count(runs_t.c.finished_at))
            ).one()
            # Only a store without a successful refresh or an upload can be empty: look only then.
            empty = (
                version.startswith("0:0:")
                and conn.execute(sa.select(documents_t.c.doc_id).limit(1)).first() is None
            )
    except sa.exc.SQLAlchemyError:
        return None  # no schema yet
    if empty:
        return None
    return Snapshot(db_url, f"{version}|runs:{runs[0] or 0}:{runs[1]}")


def last_run_message() -> str | None:
    """The message of the newest failed run, for the first-run screen (the store may lack tables)."""
    db_url = load_settings().db_url
    if _no_store_file(db_url):
        return None
    try:
        with _engine(db_url).connect() as conn:
            row = conn.execute(
                sa.select(runs_t.c.status, runs_t.c.message).order_by(runs_t.c.run_id.desc()).limit(1)
            ).first()
    except sa.exc.SQLAlchemyError:
        return None
    return row.message if row is not None and row.status == "failed" else None


# --- items ---------------------------------------------------------------------------------------------


def _item_conditions(f: ItemFilter) -> list[sa.ColumnElement[bool]]:
    c = items_t.c
    conditions: list[sa.ColumnElement[bool]] = []
    for column, values in (
        (c.category, f.categories),
        (c.from_actor_id, f.from_actors),
        (c.to_actor_id, f.to_actors),
        (c.goods_class, f.goods_classes),
        (c.status, f.statuses),
    ):
        if values:
            conditions.append(column.in_(values))
    if f.measure_ids:
        conditions.append(
            c.item_id.in_(sa.select(tags_t.c.item_id).where(tags_t.c.measure_id.in_(f.measure_ids)))
        )
    if f.date_from is not None or f.date_to is not None:
        # An item is in the period when its date span overlaps it.
        end = sa.func.coalesce(c.date_end, c.date_start)
        overlap = sa.and_(
            end >= f.date_from if f.date_from is not None else sa.true(),
            c.date_start <= f.date_to if f.date_to is not None else sa.true(),
        )
        conditions.append(sa.or_(overlap, c.date_start.is_(None)) if f.include_undated else overlap)
    if f.min_confidence > 0:
        # Scores are short decimals (0.55) that floats hold slightly off: compare with a little slack.
        conditions.append(c.confidence >= f.min_confidence - 1e-9)
    for word in f.text.lower().split():
        conditions.append(
            sa.or_(
                sa.func.lower(c.summary).contains(word, autoescape=True),
                sa.func.lower(c.quote).contains(word, autoescape=True),
            )
        )
    return conditions


@st.cache_data(show_spinner=False, max_entries=8)
def filter_options(snap: Snapshot) -> FilterOptions:
    """Distinct values for the filter widgets."""
    c = items_t.c
    with _engine(snap.db_url).connect() as conn:

        def distinct(column: sa.ColumnElement[Any]) -> list[str]:
            return [
                v
                for (v,) in conn.execute(
                    sa.select(column).where(column.is_not(None)).distinct().order_by(column)
                )
            ]

        used = sa.union(sa.select(c.from_actor_id.label("a")), sa.select(c.to_actor_id.label("a"))).subquery()
        actors = conn.execute(
            sa.select(actors_t.c.actor_id, actors_t.c.name)
            .where(actors_t.c.actor_id.in_(sa.select(used.c.a)))
            .order_by(actors_t.c.name)
        ).all()
        measures = conn.execute(sa.select(measures_t).order_by(*_MEASURE_ORDER)).mappings().all()
        low, high = conn.execute(
            sa.select(sa.func.min(c.date_start), sa.func.max(sa.func.coalesce(c.date_end, c.date_start)))
        ).one()
        return FilterOptions(
            categories=distinct(c.category),
            actors={a: n for a, n in actors},
            goods_classes=distinct(c.goods_class),
            statuses=distinct(c.status),
            measures={m["measure_id"]: provision_label(m) for m in measures},
            regimes=sorted({m["regime"] for m in measures}),
            date_min=low,
            date_max=high,
        )


def provision_label(measure: Any) -> str:
    """'UN · UNSCR 1718 (2006) OP 8(a)(iii)', plus '(unverified)' when the paragraph is not confirmed."""
    label = f"{measure['regime']} · {measure['instrument']} {measure['provision']}"
    return label + (" (unverified)" if measure["provision_confidence"] != "verified" else "")


@st.cache_data(show_spinner=False, max_entries=16)
def item_table(snap: Snapshot, f: ItemFilter) -> pd.DataFrame:
    """Items matching the filter, newest first, with parties, source document and tagged provisions."""
    src, dst = actors_t.alias("src"), actors_t.alias("dst")
    c = items_t.c
    conditions = _item_conditions(f)
    statement = (
        sa.select(
            c.item_id,
            c.date_text,
            c.date_start,
            c.date_end,
            c.date_precision,
            c.category,
            src.c.name.label("from_actor"),
            dst.c.name.label("to_actor"),
            c.goods,
            c.goods_class,
            c.quantity,
            c.quantity_unit,
            c.status,
            c.summary,
            c.quote,
            c.confidence,
            *_DOCUMENT_COLUMNS,
            c.doc_id,
        )
        .join(documents_t, documents_t.c.doc_id == c.doc_id)
        .outerjoin(src, src.c.actor_id == c.from_actor_id)
        .outerjoin(dst, dst.c.actor_id == c.to_actor_id)
        .where(*conditions)
        .order_by(*_NEWEST_ITEMS_FIRST)
    )
    frame = _frame(snap, statement)
    tagged = (
        sa.select(tags_t.c.item_id, measures_t)
        .join(measures_t)
        .order_by(tags_t.c.item_id, tags_t.c.measure_id)
    )
    if conditions:  # only the tags of the matching items
        tagged = tagged.where(tags_t.c.item_id.in_(sa.select(c.item_id).where(*conditions)))
    tags = _frame(snap, tagged)
    if tags.empty:
        frame["provisions"] = ""
    else:
        tags["label"] = [provision_label(m) for m in tags.to_dict("records")]
        joined = tags.groupby("item_id")["label"].agg("; ".join)
        frame["provisions"] = frame["item_id"].map(joined).fillna("")
    return frame


@st.cache_data(show_spinner=False, max_entries=16)
def key_figures(snap: Snapshot, f: ItemFilter) -> KeyFigures:
    """Counts for the overview's headline numbers, under the given filter."""
    c = items_t.c
    matching = sa.select(c.item_id, c.category, c.doc_id).where(*_item_conditions(f)).subquery()
    with _engine(snap.db_url).connect() as conn:
        row = conn.execute(
            sa.select(
                sa.func.count(),
                sa.func.coalesce(
                    sa.func.sum(sa.case((matching.c.category == "arms_transfer", 1), else_=0)), 0
                ),
                sa.func.count(sa.distinct(matching.c.doc_id)),
            )
        ).one()
        provisions = conn.execute(
            sa.select(sa.func.count(sa.distinct(tags_t.c.measure_id))).where(
                tags_t.c.item_id.in_(sa.select(matching.c.item_id))
            )
        ).scalar_one()
    return KeyFigures(
        items=row[0],
        arms_transfers=int(row[1]),
        provisions_engaged=provisions,
        documents=row[2],
    )


@st.cache_data(show_spinner=False, max_entries=16)
def timeline(snap: Snapshot, f: ItemFilter) -> pd.DataFrame:
    """Dated items as timeline marks: one per item while few, grouped by month, quarter or year when many.

    Columns: category, category_label, precision, start, end, n, summary, date_text, status, source.
    """
    c = items_t.c
    end = sa.func.coalesce(c.date_end, c.date_start)
    statement = (
        sa.select(
            c.category,
            c.date_precision.label("precision"),
            c.date_start.label("start"),
            end.label("end"),
            sa.func.count().label("n"),
            sa.func.min(c.summary).label("summary"),
            sa.func.min(c.date_text).label("date_text"),
            sa.func.min(c.status).label("status"),
            sa.func.min(documents_t.c.title).label("source"),
        )
        .join(documents_t, documents_t.c.doc_id == c.doc_id)
        .where(c.date_start.is_not(None), *_item_conditions(f))
        .group_by(c.category, c.date_precision, c.date_start, end)
    )
    marks = _frame(snap, statement)
    if marks.empty:
        return marks.assign(category_label=pd.Series(dtype=str))
    # Several items sharing category and dates show as one mark; say how many instead of one summary.
    many = marks["n"] > 1
    marks.loc[many, "summary"] = marks.loc[many, "n"].map(lambda n: f"{n} items")
    marks.loc[many, ["status", "source"]] = "several"
    for freq, label in (("M", "%B %Y"), ("Q", "Q%q %Y"), ("Y", "%Y")):
        if len(marks) <= TIMELINE_MAX_MARKS:
            break
        marks = _group_marks(marks, freq, label)
    marks["category_label"] = marks["category"].map(code_label)
    return marks.reset_index(drop=True)


def _group_marks(marks: pd.DataFrame, freq: str, label: str) -> pd.DataFrame:
    """One span per category and calendar period (by start date) holding the count of its items."""
    period = pd.to_datetime(marks["start"]).dt.to_period(freq)
    grouped = marks.assign(period=period).groupby(["category", "period"], as_index=False)["n"].sum()
    grouped["start"] = grouped["period"].dt.start_time.dt.date
    grouped["end"] = grouped["period"].dt.end_time.dt.date
    grouped["precision"] = {"M": "month", "Q": "quarter", "Y": "year"}[freq]
    grouped["summary"] = grouped["n"].map(lambda n: f"{n} item" if n == 1 else f"{n} items")
    grouped["date_text"] = grouped["period"].dt.strftime(label) + " (grouped)"
    grouped[["status", "source"]] = "several"
    return grouped.drop(columns="period")


@st.cache_data(show_spinner=False, max_entries=16)
def flows(snap: Snapshot, f: ItemFilter) -> pd.DataFrame:
    """Item counts between states (an actor counts for its country), largest first, at most MAX_FLOWS.

    Columns: from_iso3, to_iso3, from_name, to_name, n, breakdown ('Arms transfer 3 · Agreement 1').
    """
    src, dst = actors_t.alias("src"), actors_t.alias("dst")
    c = items_t.c
    statement = (
        sa.select(
            src.c.country_iso3.label("from_iso3"),
            dst.c.country_iso3.label("to_iso3"),
            c.category,
            sa.func.count().label("n"),
        )
        .join(src, src.c.actor_id == c.from_actor_id)
        .join(dst, dst.c.actor_id == c.to_actor_id)
        .where(
            src.c.country_iso3.is_not(None),
            dst.c.country_iso3.is_not(None),
            src.c.country_iso3 != dst.c.country_iso3,
            *_item_conditions(f),
        )
        .group_by(src.c.country_iso3, dst.c.country_iso3, c.category)
    )
    rows = _frame(snap, statement)
    columns = ["from_iso3", "to_iso3", "from_name", "to_name", "n", "breakdown"]
    if rows.empty:
        return pd.DataFrame(columns=columns)
    rows = rows.sort_values("n", ascending=False)
    rows["part"] = rows["category"].map(code_label) + " " + rows["n"].astype(str)
    pairs = rows.groupby(["from_iso3", "to_iso3"], as_index=False).agg(
        n=("n", "sum"), breakdown=("part", " · ".join)
    )
    names = state_names(snap)
    pairs["from_name"] = pairs["from_iso3"].map(lambda k: names.get(k, k))
    pairs["to_name"] = pairs["to_iso3"].map(lambda k: names.get(k, k))
    return pairs.sort_values("n", ascending=False).head(MAX_FLOWS)[columns].reset_index(drop=True)


@st.cache_data(show_spinner=False, max_entries=4)
def state_names(snap: Snapshot) -> dict[str, str]:
    """ISO3 code -> the state's name as the actors table has it."""
    statement = sa.select(actors_t.c.actor_id, actors_t.c.name).where(actors_t.c.kind == "state")
    with _engine(snap.db_url).connect() as conn:
        return {k: v for k, v in conn.execute(statement)}


# --- sanctions -----------------------------------------------------------------------------------------


@st.cache_data(show_spinner=False, max_entries=8)
def measures_overview(snap: Snapshot) -> pd.DataFrame:
    """Every provision with its regime, confidence, in-force dates, source and how many items it tags."""
    counts = (
        sa.select(tags_t.c.measure_id, sa.func.count().label("tagged_items"))
        .group_by(tags_t.c.measure_id)
        .subquery()
    )
    statement = (
        sa.select(measures_t, sa.func.coalesce(counts.c.tagged_items, 0).label("tagged_items"))
        .outerjoin(counts, counts.c.measure_id == measures_t.c.measure_id)
        .order_by(*_MEASURE_ORDER)
    )
    frame = _frame(snap, statement)
    frame["label"] = [provision_label(m) for m in frame.to_dict("records")]
    return frame


@st.cache_data(show_spinner=False, max_entries=8)
def sanctions_matrix(snap: Snapshot, regimes: tuple[str, ...]) -> pd.DataFrame:
    """Tagged items per provision and item category.

    Columns: measure_id, regime, provision_label, provision_confidence, category, category_label, n.
    """
    m = measures_t.c
    keys = (m.measure_id, m.regime, m.instrument, m.provision, m.provision_confidence, items_t.c.category)
    statement = (
        sa.select(*keys, sa.func.count(sa.distinct(items_t.c.item_id)).label("n"))
        .select_from(tags_t.join(measures_t).join(items_t))
        .where(m.regime.in_(regimes) if regimes else sa.true())
        .group_by(*keys)
    )
    frame = _frame(snap, statement)
    frame["provision_label"] = [provision_label(m) for m in frame.to_dict("records")]
    frame["category_label"] = frame["category"].map(code_label)
    return frame[
        ["measure_id", "regime", "provision_label", "provision_confidence", "category", "category_label", "n"]
    ]


@st.cache_data(show_spinner=False, max_entries=16)
def tagged_items(snap: Snapshot, measure_id: str, category: str | None = None) -> pd.DataFrame:
    """The items one provision tags, each with the rationale of the tag and its source quote."""
    c = items_t.c
    statement = (
        sa.select(
            c.item_id,
            c.date_text,
            c.date_start,
            c.category,
            c.summary,
            tags_t.c.rationale,
            c.quote,
            c.status,
            *_DOCUMENT_COLUMNS,
        )
        .join(tags_t, tags_t.c.item_id == c.item_id)
        .join(documents_t, documents_t.c.doc_id == c.doc_id)
        .where(tags_t.c.measure_id == measure_id, c.category == category if category else sa.true())
        .order_by(*_NEWEST_ITEMS_FIRST)
    )
    return _frame(snap, statement)


# --- sources and runs ----------------------------------------------------------------------------------


@st.cache_data(show_spinner=False, max_entries=8)
def documents_overview(snap: Snapshot) -> pd.DataFrame:
    """Documents with their metadata and how many items each gave (the text itself stays in the store)."""
    counts = (
        sa.select(items_t.c.doc_id, sa.func.count().label("item_count")).group_by(items_t.c.doc_id).subquery()
    )
    d = documents_t.c
    statement = (
        sa.select(
            d.doc_id,
            d.title,
            d.publisher,
            d.kind,
            d.published_on,
            d.updated_on,
            d.url,
            d.path,
            d.sha256,
            sa.func.coalesce(counts.c.item_count, 0).label("items"),
        )
        .outerjoin(counts, counts.c.doc_id == d.doc_id)
        .order_by(d.published_on.desc().nulls_last(), d.title)
    )
    return _frame(snap, statement)


@st.cache_data(show_spinner=False, max_entries=8)
def run_history(snap: Snapshot, limit: int = 200) -> pd.DataFrame:
    """The latest refreshes, newest first, with their duration and number of issues."""
    counts = (
        sa.select(issues_t.c.run_id, sa.func.count().label("issues")).group_by(issues_t.c.run_id).subquery()
    )
    statement = (
        sa.select(
            runs_t.c.run_id,
            runs_t.c.trigger,
            runs_t.c.status,
            runs_t.c.started_at,
            runs_t.c.finished_at,
            runs_t.c.documents_seen,
            runs_t.c.documents_changed,
            runs_t.c.documents_skipped,
            runs_t.c.items_written,
            runs_t.c.warnings,
            sa.func.coalesce(counts.c.issues, 0).label("issues"),
            runs_t.c.message,
        )
        .outerjoin(counts, counts.c.run_id == runs_t.c.run_id)
        .order_by(runs_t.c.run_id.desc())
        .limit(limit)
    )
    frame = _frame(snap, statement)
    for column in ("started_at", "finished_at"):
        frame[column] = pd.to_datetime(frame[column], utc=True)
    frame["duration_s"] = (frame["finished_at"] - frame["started_at"]).dt.total_seconds()
    return frame


@st.cache_data(show_spinner=False, max_entries=16)
def run_issues(snap: Snapshot, run_id: int | None = None) -> pd.DataFrame:
    """Issues recorded by one run (or by all runs): level, document, message."""
    statement = (
        sa.select(issues_t.c.run_id, issues_t.c.level, issues_t.c.doc_id, issues_t.c.message)
        .where(issues_t.c.run_id == run_id if run_id is not None else sa.true())
        .order_by(issues_t.c.run_id.desc(), issues_t.c.issue_id)
    )
    return _frame(snap, statement)


@st.cache_data(show_spinner=False, max_entries=4)
def freshness(snap: Snapshot) -> Freshness:
    """The last successful refresh, and the latest run whatever its outcome."""
    with _engine(snap.db_url).connect() as conn:
        success = conn.execute(
            sa.select(sa.func.max(runs_t.c.finished_at)).where(runs_t.c.status == "succeeded")
        ).scalar()
        last = conn.execute(
            sa.select(runs_t.c.status, runs_t.c.started_at).order_by(runs_t.c.run_id.desc()).limit(1)
        ).first()
    return Freshness(
        last_success_at=store.as_utc(success),
        last_run_status=last.status if last else None,
        last_run_at=store.as_utc(last.started_at) if last else None,
    )


def scheduler_beat(db_url: str) -> SchedulerBeat | None:
    """The scheduler's latest heartbeat, if one has ever run.

    Not cached: it changes on the scheduler's clock, not with the data version, and it is one row.
    """
    try:
        with _engine(db_url).connect() as conn:
            beats = store.scheduler_heartbeat.c
            row = conn.execute(
                sa.select(beats.beat_at, beats.next_run_at).order_by(beats.beat_at.desc()).limit(1)
            ).first()
    except sa.exc.SQLAlchemyError:
        return None
    if row is None:
        return None
    return SchedulerBeat(
        beat_at=store.as_utc(row.beat_at),
        next_run_at=store.as_utc(row.next_run_at),
    )


def describe_error(exc: BaseException) -> str:
    """One line saying why the store refused a read, without the SQL statement."""
    return store.describe_db_error(exc)


# --- indicators ----------------------------------------------------------------------------------------

MAX_POINTS_PER_SERIES = 5000  # the most points of one indicator series a chart receives

_VIEW_COLUMNS = ("upload_id", "indicator", "entity", "unit", "granularity", "period_start")
latest_t = sa.table(
    "indicator_latest",
    *(sa.column(name) for name in _VIEW_COLUMNS),
    sa.column("period_end"),
    sa.column("value", sa.Float),
)
values_t = sa.table(
    "indicator_values",
    *(sa.column(name) for name in _VIEW_COLUMNS),
    sa.column("value", sa.Float),
)


@st.cache_data(show_spinner=False, max_entries=8)
def indicator_catalogue(snap: Snapshot) -> pd.DataFrame:
    """Every series with its current values: indicator, entity, unit, granularity, points, first, last."""
    v = latest_t.c
    statement = (
        sa.select(
            v.indicator,
            v.entity,
            v.unit,
            v.granularity,
            sa.func.count().label("points"),
            sa.func.min(v.period_start).label("first"),
            sa.func.max(v.period_start).label("last"),
        )
        .group_by(v.indicator, v.entity, v.unit, v.granularity)
        .order_by(v.indicator, v.entity, v.unit)
    )
    return _frame(snap, statement)


@st.cache_data(show_spinner=False, max_entries=16)
def indicator_points(snap: Snapshot, series: tuple[tuple[str, str], ...]) -> pd.DataFrame:
    """Current values of the chosen (indicator, entity) series, at most MAX_POINTS_PER_SERIES each.

    A longer series is averaged over consecutive runs of points in the query, so the browser never gets
    more than the budget. Columns: indicator, entity, unit, granularity, period_start and period_end
    (Timestamps; an averaged row spans its first period's start to its last period's end), value, n
    (points averaged into the row).
    """
    if not series:
        return pd.DataFrame(
            columns=["indicator", "entity", "unit", "granularity", "period_start", "period_end", "value", "n"]
        )
    v = latest_t.c
    key = [v.indicator, v.entity]
    ranked = (
        sa.select(
            v.indicator,
            v.entity,
            v.unit,
            v.granularity,
            v.period_start,
            v.period_end,
            v.value,
            sa.func.row_number().over(partition_by=key, order_by=v.period_start).label("rn"),
            sa.func.count().over(partition_by=key).label("total"),
        )
        .where(sa.or_(*(sa.and_(v.indicator == i, v.entity == e) for i, e in series)))
        .subquery()
    )
    r = ranked.c
    bucket = ((r.rn - 1) * MAX_POINTS_PER_SERIES) // r.total
    statement = (
        sa.select(
            r.indicator,
            r.entity,
            sa.func.min(r.unit).label("unit"),
            sa.func.min(r.granularity).label("granularity"),
            sa.func.min(r.period_start).label("period_start"),
            sa.func.max(r.period_end).label("period_end"),
            sa.func.avg(r.value).label("value"),
            sa.func.count().label("n"),
        )
        .group_by(r.indicator, r.entity, bucket)
        .order_by(r.indicator, r.entity, sa.func.min(r.period_start))
    )
    frame = _frame(snap, statement)
    frame["period_start"] = pd.to_datetime(frame["period_start"])
    frame["period_end"] = pd.to_datetime(frame["period_end"])
    frame["value"] = pd.to_numeric(frame["value"])
    return frame


@st.cache_data(show_spinner=False, max_entries=8)
def item_markers(
    snap: Snapshot,
    start: date,
    end: date,
    categories: tuple[str, ...],
    min_confidence: float = DEFAULT_MIN_CONFIDENCE,
    limit: int = 2000,
) -> pd.DataFrame:
    """Dated items of the given categories between start and end, to overlay on indicator charts.

    Columns: date, date_text, category, category_label, summary, quote, source. No categories, no rows.
    """
    c = items_t.c
    statement = (
        sa.select(
            c.date_start.label("date"),
            c.date_text,
            c.category,
            c.summary,
            sa.func.substr(c.quote, 1, 300).label("quote"),
            documents_t.c.title.label("source"),
        )
        .join(documents_t, documents_t.c.doc_id == c.doc_id)
        .where(
            c.date_start.is_not(None),
            c.date_start >= start,
            c.date_start <= end,
            c.category.in_(categories),
            *_item_conditions(ItemFilter(min_confidence=min_confidence)),
        )
        .order_by(c.date_start)
        .limit(limit)
    )
    frame = _frame(snap, statement)
    frame["category_label"] = frame["category"].map(code_label)
    frame["date"] = pd.to_datetime(frame["date"])
    return frame


@st.cache_data(show_spinner=False, max_entries=8)
def indicator_uploads(snap: Snapshot, indicator: str | None = None) -> pd.DataFrame:
    """Every upload, newest first, with the indicators it holds and whether it is current for any."""
    from etl.indicator_load import upload_history

    rows = upload_history(_engine(snap.db_url), indicator)
    frame = pd.DataFrame(rows)
    if not frame.empty:
        frame["indicators"] = frame["indicators"].map(", ".join)
    return frame


@st.cache_data(show_spinner=False, max_entries=8)
def compare_uploads(snap: Snapshot, first: int, second: int) -> pd.DataFrame:
    """Values of two uploads side by side: indicator, entity, period_start, the two values, the change."""
    v = values_t.c
    statement = sa.select(v.upload_id, v.indicator, v.entity, v.period_start, v.value).where(
        v.upload_id.in_([first, second])
    )
    frame = _frame(snap, statement)
    wide = frame.pivot_table(
        index=["indicator", "entity", "period_start"], columns="upload_id", values="value", dropna=False
    ).reindex(columns=[first, second])
    wide.columns = [f"upload {first}", f"upload {second}"]
    wide["change"] = wide[f"upload {second}"] - wide[f"upload {first}"]
    return wide.reset_index()


def store_indicator_preview(preview: Any) -> Any:
    """Store a previewed upload (a write: not cached); returns the etl UploadResult."""
    from etl.indicators import store_preview

    return store_preview(_engine(load_settings().db_url), preview, "dashboard")


def make_upload_current(upload_id: int) -> datetime:
    """Make an older upload current again (a write: not cached)."""
    from etl.indicators import activate_upload

    return activate_upload(_engine(load_settings().db_url), upload_id)
