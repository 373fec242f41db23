"""The Sanctions page: provisions, the provisions × categories matrix and tagged items."""

from __future__ import annotations

import pandas as pd
import sqlalchemy as sa
import streamlit as st

from dashboard.labels import code_label
from dashboard.queries.filters import (
    _DOCUMENT_COLUMNS,
    _MEASURE_ORDER,
    _NEWEST_ITEMS_FIRST,
    ItemFilter,
    _item_conditions,
    provision_label,
)
from dashboard.queries.snapshot import (
    Snapshot,
    documents_t,
    engine_for,
    items_t,
    measures_t,
    read_frame,
    tags_t,
)

NO_FILTER = ItemFilter()


@st.cache_data(show_spinner=False, max_entries=8)
def measures_overview(snap: Snapshot, f: ItemFilter = NO_FILTER) -> pd.DataFrame:
    """Every provision with its regime, confidence, in-force dates, source and how many items under the
    filter it tags."""
    counts = (
        sa.select(tags_t.c.measure_id, sa.func.count().label("tagged_items"))
        .join(items_t, items_t.c.item_id == tags_t.c.item_id)
        .where(*_item_conditions(f))
        .group_by(tags_t.c.measure_id)
        .subquery()
    )
    statement = (
        sa.select(measures_t, sa.func.coalesce(counts.c.tagged_items, 0).label("tagged_items"))
        .outerjoin(counts, counts.c.measure_id == measures_t.c.measure_id)
        .order_by(*_MEASURE_ORDER)
    )
    frame = read_frame(snap, statement)
    frame["label"] = [provision_label(m) for m in frame.to_dict("records")]
    return frame


@st.cache_data(show_spinner=False, max_entries=8)
def sanctions_matrix(snap: Snapshot, regimes: tuple[str, ...], f: ItemFilter = NO_FILTER) -> pd.DataFrame:
    """Tagged items under the filter per provision and item category.

    Columns: measure_id, regime, provision_label, provision_confidence, category, category_label, n.
    """
    m = measures_t.c
    keys = (m.measure_id, m.regime, m.instrument, m.provision, m.provision_confidence, items_t.c.category)
    statement = (
        sa.select(*keys, sa.func.count(sa.distinct(items_t.c.item_id)).label("n"))
        .select_from(tags_t.join(measures_t).join(items_t))
        .where(m.regime.in_(regimes) if regimes else sa.true(), *_item_conditions(f))
        .group_by(*keys)
        .order_by(m.regime, m.instrument, m.provision, items_t.c.category)
    )
    frame = read_frame(snap, statement)
    frame["provision_label"] = [provision_label(m) for m in frame.to_dict("records")]
    frame["category_label"] = frame["category"].map(code_label)
    return frame[
        ["measure_id", "regime", "provision_label", "provision_confidence", "category", "category_label", "n"]
    ]


@st.cache_data(show_spinner=False, max_entries=16)
def tagged_items(
    snap: Snapshot, measure_id: str, category: str | None = None, f: ItemFilter = NO_FILTER
) -> pd.DataFrame:
    """The items under the filter one provision tags, each with the rationale of the tag and its quote."""
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
        .where(
            tags_t.c.measure_id == measure_id,
            c.category == category if category else sa.true(),
            *_item_conditions(f),
        )
        .order_by(*_NEWEST_ITEMS_FIRST)
    )
    return read_frame(snap, statement)


def tagged_item_ids(
    snap: Snapshot, measure_id: str, category: str, f: ItemFilter = NO_FILTER
) -> tuple[str, ...]:
    """The items one cell of the provisions × categories matrix counts: tagged with the provision, of the
    category, under the filter."""
    c = items_t.c
    statement = (
        sa.select(c.item_id)
        .join(tags_t, tags_t.c.item_id == c.item_id)
        .where(tags_t.c.measure_id == measure_id, c.category == category, *_item_conditions(f))
        .distinct()
        .order_by(c.item_id)
    )
    with engine_for(snap.db_url).connect() as conn:
        return tuple(conn.execute(statement).scalars())
