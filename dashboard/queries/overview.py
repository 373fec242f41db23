"""The Overview page: key figures, the timeline's marks and the flows between states."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd
import sqlalchemy as sa
import streamlit as st

from dashboard.labels import code_label
from dashboard.queries.filters import ItemFilter, _item_conditions
from dashboard.queries.snapshot import (
    Snapshot,
    actors_t,
    documents_t,
    engine_for,
    items_t,
    read_frame,
    tags_t,
)
from etl.contract import TRANSFER_CATEGORIES

# Chart budgets: the most marks one chart may receive (the browser draws every row it is sent). Past a
# few hundred marks the timeline's dots merge into solid bands on a ~900 px wide chart, and each mark
# costs the browser time on every page load; grouped by month, quarter or year they show where items
# concentrate.
TIMELINE_MAX_MARKS = 400
MAX_FLOWS = 150


@dataclass(frozen=True)
class KeyFigures:
    items: int
    arms_transfers: int
    provisions_engaged: int
    documents: int
    reviewed: int = 0  # of these items, how many an analyst accepted, edited or added


@st.cache_data(show_spinner=False, max_entries=16)
def key_figures(snap: Snapshot, f: ItemFilter) -> KeyFigures:
    """Counts for the overview's headline numbers, under the given filter."""
    c = items_t.c
    matching = (
        sa.select(c.item_id, c.category, c.doc_id, c.review_status).where(*_item_conditions(f)).subquery()
    )
    with engine_for(snap.db_url).connect() as conn:
        row = conn.execute(
            sa.select(
                sa.func.count(),
                sa.func.coalesce(
                    sa.func.sum(sa.case((matching.c.category == "arms_transfer", 1), else_=0)), 0
                ),
                sa.func.count(sa.distinct(matching.c.doc_id)),
                sa.func.coalesce(
                    sa.func.sum(sa.case((matching.c.review_status != "unreviewed", 1), else_=0)), 0
                ),
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
        reviewed=int(row[3]),
    )


@st.cache_data(show_spinner=False, max_entries=16)
def timeline(snap: Snapshot, f: ItemFilter) -> pd.DataFrame:
    """Dated items as timeline marks: one per item while few, grouped by month, quarter or year when many.

    Columns: category, category_label, precision, start, end, n, summary, date_text, status, source,
    mark_key ('category|precision|start|end', precision 'grouped' for a grouped mark).
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
    marks = read_frame(snap, statement)
    if marks.empty:
        return marks.assign(category_label=pd.Series(dtype=str), mark_key=pd.Series(dtype=str))
    # Several items sharing category and dates show as one mark; say how many instead of one summary.
    many = marks["n"] > 1
    marks.loc[many, "summary"] = marks.loc[many, "n"].map(lambda n: f"{n} items")
    marks.loc[many, ["status", "source"]] = "several"
    for freq, label in (("M", "%B %Y"), ("Q", "Q%q %Y"), ("Y", "%Y")):
        if len(marks) <= TIMELINE_MAX_MARKS:
            break
        marks = _group_marks(marks, freq, label)
    marks["category_label"] = marks["category"].map(code_label)
    # What a click on the mark hands back to the page: enough to find exactly its items again.
    grouped = marks["date_text"].fillna("").str.endswith("(grouped)")
    marks["mark_key"] = [
        "|".join((cat, "grouped" if g else prec, str(start), str(end)))
        for cat, prec, start, end, g in zip(
            marks["category"], marks["precision"], marks["start"], marks["end"], grouped, strict=True
        )
    ]
    return marks.reset_index(drop=True)


@st.cache_data(show_spinner=False, max_entries=32)
def timeline_item_ids(
    snap: Snapshot, f: ItemFilter, category: str, precision: str, start: date, end: date
) -> tuple[str, ...]:
    """The items one timeline mark stands for: same category, precision and dates; for a mark grouped by
    period (precision 'grouped'), the category's items starting inside that period."""
    c = items_t.c
    if precision == "grouped":
        when = sa.and_(c.date_start >= start, c.date_start <= end)
    else:
        when = sa.and_(
            c.date_precision == precision,
            c.date_start == start,
            sa.func.coalesce(c.date_end, c.date_start) == end,
        )
    statement = (
        sa.select(c.item_id).where(c.category == category, when, *_item_conditions(f)).order_by(c.item_id)
    )
    with engine_for(snap.db_url).connect() as conn:
        return tuple(conn.execute(statement).scalars())


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


def _between_states() -> tuple[Any, Any, Any]:
    """The items between two different states (an actor counts for its country): select, src, dst."""
    src, dst = actors_t.alias("src"), actors_t.alias("dst")
    c = items_t.c
    joined = items_t.join(src, src.c.actor_id == c.from_actor_id).join(dst, dst.c.actor_id == c.to_actor_id)
    where = sa.and_(
        src.c.country_iso3.is_not(None),
        dst.c.country_iso3.is_not(None),
        src.c.country_iso3 != dst.c.country_iso3,
    )
    return joined, where, (src, dst)


def flow_conditions() -> list[sa.ColumnElement[bool]]:
    """What makes an item a flow: a transfer or deployment whose source says which way it went, and that
    no party denies (a denial is on the timeline with its statement, never drawn as goods moving)."""
    c = items_t.c
    return [c.category.in_(TRANSFER_CATEGORIES), c.direction == "from_to", c.status != "denied"]


@st.cache_data(show_spinner=False, max_entries=16)
def flows(snap: Snapshot, f: ItemFilter) -> pd.DataFrame:
    """Transfers and deployments between states, supplier to recipient, largest first, at most MAX_FLOWS.

    Items whose text names two parties without a direction (`between`) are never flows.
    Columns: from_iso3, to_iso3, from_name, to_name, n, breakdown ('Arms transfer 3 · Troop deployment 1'),
    flow_key ('PRK|RUS', what a click on the flow hands back).
    """
    joined, between_states, (src, dst) = _between_states()
    c = items_t.c
    statement = (
        sa.select(
            src.c.country_iso3.label("from_iso3"),
            dst.c.country_iso3.label("to_iso3"),
            c.category,
            sa.func.count().label("n"),
        )
        .select_from(joined)
        .where(between_states, *flow_conditions(), *_item_conditions(f))
        .group_by(src.c.country_iso3, dst.c.country_iso3, c.category)
    )
    rows = read_frame(snap, statement)
    columns = ["from_iso3", "to_iso3", "from_name", "to_name", "n", "breakdown", "flow_key"]
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
    pairs["flow_key"] = pairs["from_iso3"] + "|" + pairs["to_iso3"]
    return pairs.sort_values("n", ascending=False).head(MAX_FLOWS)[columns].reset_index(drop=True)


@dataclass(frozen=True)
class FlowsLeftOut:
    """Items between two states that the flow charts do not draw, and why."""

    not_transfers: int  # agreements, visits, statements…: on the timeline, not flows
    undirected: int  # transfers whose source does not say which way they went
    denied: int  # directed transfers the text denies


@st.cache_data(show_spinner=False, max_entries=16)
def flows_left_out(snap: Snapshot, f: ItemFilter) -> FlowsLeftOut:
    """How many items between two states under the filter are not drawn as flows."""
    joined, between_states, _ = _between_states()
    c = items_t.c
    transfer = c.category.in_(TRANSFER_CATEGORIES)
    statement = (
        sa.select(
            sa.func.coalesce(sa.func.sum(sa.case((transfer, 0), else_=1)), 0),
            sa.func.coalesce(
                sa.func.sum(sa.case((sa.and_(transfer, c.direction != "from_to"), 1), else_=0)), 0
            ),
            sa.func.coalesce(
                sa.func.sum(
                    sa.case((sa.and_(transfer, c.direction == "from_to", c.status == "denied"), 1), else_=0)
                ),
                0,
            ),
        )
        .select_from(joined)
        .where(between_states, *_item_conditions(f))
    )
    with engine_for(snap.db_url).connect() as conn:
        not_transfers, undirected, denied = conn.execute(statement).one()
    return FlowsLeftOut(int(not_transfers), int(undirected), int(denied))


@st.cache_data(show_spinner=False, max_entries=32)
def flow_item_ids(
    snap: Snapshot, f: ItemFilter, from_iso3: str | None, to_iso3: str | None
) -> tuple[str, ...]:
    """The items one flow (or one row or column of the matrix, when a side is None) is made of."""
    joined, between_states, (src, dst) = _between_states()
    statement = (
        sa.select(items_t.c.item_id)
        .select_from(joined)
        .where(
            between_states,
            *flow_conditions(),
            *_item_conditions(f),
            src.c.country_iso3 == from_iso3 if from_iso3 else sa.true(),
            dst.c.country_iso3 == to_iso3 if to_iso3 else sa.true(),
        )
        .order_by(items_t.c.item_id)
    )
    with engine_for(snap.db_url).connect() as conn:
        return tuple(conn.execute(statement).scalars())


@st.cache_data(show_spinner=False, max_entries=4)
def state_names(snap: Snapshot) -> dict[str, str]:
    """ISO3 code -> the state's name as the actors table has it."""
    statement = sa.select(actors_t.c.actor_id, actors_t.c.name).where(actors_t.c.kind == "state")
    with engine_for(snap.db_url).connect() as conn:
        return {k: v for k, v in conn.execute(statement)}
