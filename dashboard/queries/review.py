"""The Review page: the queue of unreviewed items, an item's history, documents' text, orphaned reviews."""

from __future__ import annotations

from typing import Any

import pandas as pd
import sqlalchemy as sa
import streamlit as st

from dashboard.queries.filters import _DOCUMENT_COLUMNS
from dashboard.queries.snapshot import Snapshot, actors_t, documents_t, engine_for, items_t, read_frame
from etl import store

QUEUE_ORDERS = {
    "lowest_confidence": "Lowest confidence first",
    "newest": "Newest first",
}
QUEUE_LIMIT = 200


def _ordering(order: str) -> tuple[sa.ColumnElement[Any], ...]:
    c = items_t.c
    if order == "lowest_confidence":
        return (c.confidence, c.date_start.desc().nulls_last(), c.item_id)
    if order == "latest_decision":
        return (c.reviewed_at.desc(), c.item_id)
    return (c.date_start.desc().nulls_last(), c.confidence, c.item_id)


@st.cache_data(show_spinner=False, max_entries=8)
def review_queue(
    snap: Snapshot, order: str = "lowest_confidence", limit: int = QUEUE_LIMIT, reviewed: bool = False
) -> pd.DataFrame:
    """Unreviewed items (lowest confidence or newest first), or reviewed ones (latest decision first)."""
    c = items_t.c
    src, dst = actors_t.alias("src"), actors_t.alias("dst")
    status = c.review_status != "unreviewed" if reviewed else c.review_status == "unreviewed"
    statement = (
        sa.select(
            *items_t.c,
            src.c.name.label("from_actor"),
            dst.c.name.label("to_actor"),
            *_DOCUMENT_COLUMNS,
        )
        .join(documents_t, documents_t.c.doc_id == c.doc_id)
        .outerjoin(src, src.c.actor_id == c.from_actor_id)
        .outerjoin(dst, dst.c.actor_id == c.to_actor_id)
        .where(status)
        .order_by(*_ordering("latest_decision" if reviewed else order))
        .limit(limit)
    )
    return read_frame(snap, statement)


@st.cache_data(show_spinner=False, max_entries=8)
def review_counts(snap: Snapshot) -> dict[str, int]:
    """How many items have each review status."""
    c = items_t.c
    statement = sa.select(c.review_status, sa.func.count()).group_by(c.review_status)
    with engine_for(snap.db_url).connect() as conn:
        return {status: int(n) for status, n in conn.execute(statement)}


@st.cache_data(show_spinner=False, max_entries=32)
def item_history(snap: Snapshot, item_id: str) -> pd.DataFrame:
    """The decisions on an item, oldest first: verdict, changes, reviewer, time, note."""
    from etl.review import history

    rows = history(engine_for(snap.db_url), item_id)
    columns = ["review_id", "reviewed_at", "reviewer", "verdict", "changes", "note"]
    return pd.DataFrame([{k: r[k] for k in columns} for r in rows], columns=columns)


@st.cache_data(show_spinner=False, max_entries=8)
def document_list(snap: Snapshot) -> dict[str, str]:
    """doc_id -> title, newest first."""
    d = documents_t.c
    statement = sa.select(d.doc_id, d.title).order_by(d.published_on.desc().nulls_last(), d.doc_id)
    with engine_for(snap.db_url).connect() as conn:
        return {doc_id: title for doc_id, title in conn.execute(statement)}


@st.cache_data(show_spinner=False, max_entries=16)
def document_text(snap: Snapshot, doc_id: str) -> str:
    """The full text of one document (quotes' offsets point into it)."""
    statement = sa.select(documents_t.c.text).where(documents_t.c.doc_id == doc_id)
    with engine_for(snap.db_url).connect() as conn:
        return str(conn.execute(statement).scalar() or "")


@st.cache_data(show_spinner=False, max_entries=4)
def orphaned_reviews(snap: Snapshot) -> pd.DataFrame:
    """Reviews whose quote has no place in the current documents: kept, listed, never dropped."""
    rc = store.review_current
    statement = (
        sa.select(
            rc.c.reviewed_at,
            rc.c.reviewed_by,
            rc.c.review_status,
            rc.c.doc_id,
            rc.c.quote,
            rc.c.orphan_reason,
            rc.c.item_id,
        )
        .where(rc.c.link == "orphaned")
        .order_by(rc.c.reviewed_at.desc())
    )
    return read_frame(snap, statement)
