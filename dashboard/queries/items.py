"""The Items page: the filtered item table with tags and source documents."""

from __future__ import annotations

import pandas as pd
import sqlalchemy as sa
import streamlit as st

from dashboard.labels import code_label, resolved_date, written_date
from dashboard.queries.filters import (
    _DOCUMENT_COLUMNS,
    _NEWEST_ITEMS_FIRST,
    ItemFilter,
    _item_conditions,
    provision_label,
)
from dashboard.queries.snapshot import (
    Snapshot,
    actors_t,
    documents_t,
    items_t,
    measures_t,
    read_frame,
    tags_t,
)


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
            c.review_status,
            c.reviewed_by,
            c.reviewed_at,
            c.from_actor_id,
            c.to_actor_id,
            c.direction,
            *_DOCUMENT_COLUMNS,
            documents_t.c.published_on,
            c.doc_id,
            c.char_start,
            c.char_end,
            c.review_version,
        )
        .join(documents_t, documents_t.c.doc_id == c.doc_id)
        .outerjoin(src, src.c.actor_id == c.from_actor_id)
        .outerjoin(dst, dst.c.actor_id == c.to_actor_id)
        .where(*conditions)
        .order_by(*_NEWEST_ITEMS_FIRST)
    )
    frame = read_frame(snap, statement)
    tagged = (
        sa.select(tags_t.c.item_id, measures_t)
        .join(measures_t)
        .order_by(tags_t.c.item_id, tags_t.c.measure_id)
    )
    if conditions:  # only the tags of the matching items
        tagged = tagged.where(tags_t.c.item_id.in_(sa.select(c.item_id).where(*conditions)))
    tags = read_frame(snap, tagged)
    if tags.empty:
        frame["provisions"] = ""
    else:
        tags["label"] = [provision_label(m) for m in tags.to_dict("records")]
        joined = tags.groupby("item_id")["label"].agg("; ".join)
        frame["provisions"] = frame["item_id"].map(joined).fillna("")
    return frame


@st.cache_data(show_spinner=False, max_entries=16)
def item_table_shown(snap: Snapshot, f: ItemFilter) -> pd.DataFrame:
    """item_table as the page shows it: labels for codes, the date as written and the date as read."""
    rows = item_table(snap, f)
    shown = rows.assign(
        category=rows["category"].map(code_label),
        status=rows["status"].map(code_label),
        review_status=rows["review_status"].map(code_label),
        goods_class=rows["goods_class"].map(lambda v: code_label(v) if isinstance(v, str) else ""),
        date_text=[written_date(t, s) for t, s in zip(rows["date_text"], rows["date_start"], strict=True)],
        resolved=[
            resolved_date(s, e, p, t)
            for s, e, p, t in zip(
                rows["date_start"], rows["date_end"], rows["date_precision"], rows["date_text"], strict=True
            )
        ],
    )
    shown[["from_actor", "to_actor", "goods"]] = shown[["from_actor", "to_actor", "goods"]].fillna("")
    return shown
