"""The Indicators page: series catalogue, points per series, item markers, upload history."""

from __future__ import annotations

from datetime import date
from typing import Any

import numpy as np
import pandas as pd
import sqlalchemy as sa
import streamlit as st

from dashboard.labels import code_label
from dashboard.queries.filters import DEFAULT_MIN_CONFIDENCE, ItemFilter, _item_conditions
from dashboard.queries.snapshot import Snapshot, actors_t, documents_t, engine_for, items_t, read_frame
from etl.store import indicator_points as points_t
from etl.store import indicator_series as series_t

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
    """Every series with its current values: indicator, entity, unit, granularity, points, first, last,
    and the actor its entity names (actor_id, actor_name; empty when none)."""
    v, s = latest_t.c, series_t.c
    counts = (
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
        .subquery()
    )
    statement = (
        sa.select(counts, s.actor_id, actors_t.c.name.label("actor_name"))
        .outerjoin(
            series_t,
            sa.and_(
                s.indicator == counts.c.indicator,
                s.entity == counts.c.entity,
                s.unit == counts.c.unit,
                s.granularity == counts.c.granularity,
            ),
        )
        .outerjoin(actors_t, actors_t.c.actor_id == s.actor_id)
        .order_by(counts.c.indicator, counts.c.entity, counts.c.unit)
    )
    return read_frame(snap, statement)


@st.cache_data(show_spinner=False, max_entries=16)
def indicator_points(snap: Snapshot, series: tuple[tuple[str, str, str], ...]) -> pd.DataFrame:
    """Current values of the chosen (indicator, entity, unit) series, at most MAX_POINTS_PER_SERIES each.

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
    key = [v.indicator, v.entity, v.unit]
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
        .where(sa.or_(*(sa.and_(v.indicator == i, v.entity == e, v.unit == u) for i, e, u in series)))
        .subquery()
    )
    r = ranked.c
    bucket = ((r.rn - 1) * MAX_POINTS_PER_SERIES) // r.total
    statement = (
        sa.select(
            r.indicator,
            r.entity,
            r.unit,
            sa.func.min(r.granularity).label("granularity"),
            sa.func.min(r.period_start).label("period_start"),
            sa.func.max(r.period_end).label("period_end"),
            sa.func.avg(r.value).label("value"),
            sa.func.count().label("n"),
        )
        .group_by(r.indicator, r.entity, r.unit, bucket)
        .order_by(r.indicator, r.entity, r.unit, sa.func.min(r.period_start))
    )
    frame = read_frame(snap, statement)
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
    actor_ids: tuple[str, ...] = (),
    reviewed_only: bool = False,
    show_rejected: bool = False,
) -> pd.DataFrame:
    """Dated items of the given categories between start and end, to overlay on indicator charts; with
    actor_ids, only the items that involve one of those actors (as either party).

    Columns: date, date_text, category, category_label, summary, quote, source. No categories, no rows.
    """
    c = items_t.c
    involving = (
        sa.or_(c.from_actor_id.in_(actor_ids), c.to_actor_id.in_(actor_ids)) if actor_ids else sa.true()
    )
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
            involving,
            *_item_conditions(
                ItemFilter(
                    min_confidence=min_confidence, reviewed_only=reviewed_only, show_rejected=show_rejected
                )
            ),
        )
        .order_by(c.date_start)
        .limit(limit)
    )
    frame = read_frame(snap, statement)
    frame["category_label"] = frame["category"].map(code_label)
    frame["date"] = pd.to_datetime(frame["date"])
    return frame


@st.cache_data(show_spinner=False, max_entries=8)
def indicator_uploads(snap: Snapshot, indicator: str | None = None) -> pd.DataFrame:
    """Every upload, newest first, with the indicators it holds and whether it is current for any."""
    from etl.indicators.load import upload_history

    rows = upload_history(engine_for(snap.db_url), indicator)
    frame = pd.DataFrame(rows)
    if not frame.empty:
        frame["indicators"] = frame["indicators"].map(", ".join)
    return frame


@st.cache_data(show_spinner=False, max_entries=8)
def comparable_uploads(snap: Snapshot) -> tuple[int, int] | None:
    """(older, newer): the newest upload that holds a series an earlier upload also holds, and the latest
    of those earlier uploads; None when no two uploads share a series."""
    p = points_t.c
    held = sa.select(p.upload_id, p.series_id).distinct().subquery()
    older = held.alias("older")
    statement = (
        sa.select(sa.func.max(older.c.upload_id), held.c.upload_id)
        .join_from(
            held,
            older,
            sa.and_(older.c.series_id == held.c.series_id, older.c.upload_id < held.c.upload_id),
        )
        .group_by(held.c.upload_id)
        .order_by(held.c.upload_id.desc())
        .limit(1)
    )
    with engine_for(snap.db_url).connect() as conn:
        row = conn.execute(statement).first()
    return None if row is None else (int(row[0]), int(row[1]))


MAX_COMPARED_ROWS = 5000  # the most differing periods the comparison table receives


@st.cache_data(show_spinner=False, max_entries=8)
def compare_uploads(snap: Snapshot, first: int, second: int) -> tuple[pd.DataFrame, int, int]:
    """Periods whose values differ between two uploads, over the series both hold; computed in SQL.

    Returns at most MAX_COMPARED_ROWS rows (indicator, entity, period_start, the two values, whether
    each upload holds the period (in_a, in_b), the change), the number of periods that differ, and the
    number compared. A period differs when its value changed, became or stopped being a gap, or is in
    one upload only.
    """
    p, s = points_t.c, series_t.c

    def holds(upload_id: int) -> sa.Select[Any]:
        return sa.select(p.series_id).where(p.upload_id == upload_id).distinct()

    def value_of(upload_id: int) -> sa.ColumnElement[Any]:
        return sa.func.max(sa.case((p.upload_id == upload_id, p.value)))

    def count_of(upload_id: int) -> sa.ColumnElement[Any]:
        return sa.func.sum(sa.case((p.upload_id == upload_id, 1), else_=0))

    shared = sa.intersect(holds(first), holds(second)).subquery()
    periods = (
        sa.select(
            p.series_id,
            p.period_start,
            value_of(first).label("a"),
            value_of(second).label("b"),
            count_of(first).label("in_a"),
            count_of(second).label("in_b"),
        )
        .where(p.upload_id.in_([first, second]), p.series_id.in_(sa.select(shared.c.series_id)))
        .group_by(p.series_id, p.period_start)
        .subquery()
    )
    differs = sa.or_(periods.c.in_a == 0, periods.c.in_b == 0, periods.c.a.is_distinct_from(periods.c.b))
    counts = sa.select(
        sa.func.count(), sa.func.coalesce(sa.func.sum(sa.case((differs, 1), else_=0)), 0)
    ).select_from(periods)
    rows = (
        sa.select(
            s.indicator,
            s.entity,
            periods.c.period_start,
            periods.c.a.label(f"upload {first}"),
            periods.c.b.label(f"upload {second}"),
            periods.c.in_a,
            periods.c.in_b,
        )
        .join_from(periods, series_t, s.series_id == periods.c.series_id)
        .where(differs)
        .order_by(s.indicator, s.entity, periods.c.period_start)
        .limit(MAX_COMPARED_ROWS)
    )
    with engine_for(snap.db_url).connect() as conn:
        compared, differing = conn.execute(counts).one()
    frame = read_frame(snap, rows)
    days = frame["period_start"].to_numpy(dtype="int64")
    frame["period_start"] = (np.datetime64("1970-01-01") + days).astype(str)  # as the views show them
    frame["change"] = frame[f"upload {second}"] - frame[f"upload {first}"]
    return frame, int(differing), int(compared)
