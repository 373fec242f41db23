"""Reading reviews: the ledger with each decision's current place, an item's history, orphans, and
reviewed items with their verdicts (the ground truth an extractor can be scored against)."""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from etl import store
from etl.review.rebuild import ITEM_COLUMNS

# Decisions that state what an item is: accepted, edited and added items are true, rejected ones false.
VERDICT_STATUSES = ("accepted", "edited", "added", "rejected")


def reviewed_items(engine: Engine) -> list[dict[str, Any]]:
    """Every item an analyst decided on and that still has a place in its document.

    Each dict has the items columns with reviews applied, `review_status` (accepted, edited, added:
    true items; rejected: a false item), `subject_id`, and `extracted_item_id` (the items row it sits
    on, None for added items), so an evaluation can compare extractor output with the analyst's reading.
    """
    rc = store.review_current
    statement = (
        sa.select(rc)
        .where(rc.c.link.in_(("attached", "added")), rc.c.review_status.in_(VERDICT_STATUSES))
        .order_by(rc.c.doc_id, rc.c.char_start, rc.c.subject_id)
    )
    with engine.connect() as conn:
        rows = conn.execute(statement).mappings().all()
    return [
        {
            **{name: row[name] for name in ITEM_COLUMNS},
            "review_status": row["review_status"],
            "subject_id": row["subject_id"],
            "extracted_item_id": row["item_id"] if row["link"] == "attached" else None,
        }
        for row in rows
    ]


def _decisions(engine: Engine, where: sa.ColumnElement[bool] | None = None) -> list[dict[str, Any]]:
    r, rc = store.reviews, store.review_current
    statement = (
        sa.select(r, rc.c.item_id.label("current_item_id"), rc.c.link)
        .outerjoin(rc, rc.c.subject_id == r.c.subject_id)
        .order_by(r.c.review_id)
    )
    if where is not None:
        statement = statement.where(where)
    with engine.connect() as conn:
        rows = conn.execute(statement).mappings().all()
    out = []
    for row in rows:
        entry = dict(row)
        entry["changes"] = json.loads(entry["changes"] or "{}")
        entry["reviewed_at"] = store.as_utc(entry["reviewed_at"])
        out.append(entry)
    return out


def list_reviews(engine: Engine) -> list[dict[str, Any]]:
    """Every decision, oldest first, with the item id and link its subject has now."""
    return _decisions(engine)


def history(engine: Engine, item_id: str) -> list[dict[str, Any]]:
    """The decisions on the item shown under this id, oldest first (empty when never reviewed)."""
    rc = store.review_current
    subjects = sa.select(rc.c.subject_id).where(rc.c.item_id == item_id)
    r = store.reviews
    return _decisions(engine, sa.or_(r.c.subject_id == item_id, r.c.subject_id.in_(subjects)))


def orphaned_reviews(engine: Engine) -> list[dict[str, Any]]:
    """Reviews whose quote has no place in the current documents: kept, never dropped."""
    rc = store.review_current
    statement = (
        sa.select(
            rc.c.subject_id,
            rc.c.item_id,
            rc.c.doc_id,
            rc.c.review_status,
            rc.c.quote,
            rc.c.orphan_reason,
            rc.c.reviewed_by,
            rc.c.reviewed_at,
        )
        .where(rc.c.link == "orphaned")
        .order_by(rc.c.reviewed_at.desc())
    )
    with engine.connect() as conn:
        return [dict(row) for row in conn.execute(statement).mappings()]
