"""The item filters every page shares, the values they offer, and their SQL conditions."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import sqlalchemy as sa
import streamlit as st

from dashboard.queries.snapshot import (
    Snapshot,
    actors_t,
    documents_t,
    engine_for,
    items_t,
    measures_t,
    tags_t,
)

# Items the extractor is unsure of (confidence below this) are kept in the store but hidden by default.
DEFAULT_MIN_CONFIDENCE = 0.5
# Review statuses by which an analyst vouches for an item: shown below the minimum confidence too.
VOUCHED_STATUSES = ("accepted", "edited", "added")

# Shared pieces of statements: an item's source document as item tables show it, items newest first,
# provisions in reading order.
_DOCUMENT_COLUMNS = (documents_t.c.title.label("document"), documents_t.c.url.label("document_url"))
_NEWEST_ITEMS_FIRST = (items_t.c.date_start.desc().nulls_last(), items_t.c.item_id)
_MEASURE_ORDER = (measures_t.c.regime, measures_t.c.instrument, measures_t.c.provision)


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
    show_rejected: bool = False  # items an analyst rejected stay hidden unless asked for
    reviewed_only: bool = False  # only items an analyst accepted, edited, added or rejected
    review_statuses: tuple[str, ...] = ()
    item_ids: tuple[str, ...] = ()  # exactly these items (the ones behind a clicked chart mark)


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
    if f.item_ids:
        conditions.append(c.item_id.in_(f.item_ids))
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
        # An item an analyst vouched for is shown whatever the extractor scored it.
        conditions.append(
            sa.or_(c.confidence >= f.min_confidence - 1e-9, c.review_status.in_(VOUCHED_STATUSES))
        )
    conditions += _review_conditions(f)
    for word in f.text.lower().split():
        conditions.append(
            sa.or_(
                sa.func.lower(c.summary).contains(word, autoescape=True),
                sa.func.lower(c.quote).contains(word, autoescape=True),
            )
        )
    return conditions


def _review_conditions(f: ItemFilter) -> list[sa.ColumnElement[bool]]:
    status = items_t.c.review_status
    conditions: list[sa.ColumnElement[bool]] = []
    if not f.show_rejected:
        conditions.append(status != "rejected")
    if f.reviewed_only:
        conditions.append(status != "unreviewed")
    if f.review_statuses:
        conditions.append(status.in_(f.review_statuses))
    return conditions


@st.cache_data(show_spinner=False, max_entries=8)
def filter_options(snap: Snapshot) -> FilterOptions:
    """Distinct values for the filter widgets."""
    c = items_t.c
    with engine_for(snap.db_url).connect() as conn:

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
