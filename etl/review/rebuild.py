"""Rebuild review_current and review_tags from the ledger and the current items.

Runs inside the transaction of every decision (for that subject) and of every refresh (for all), so
items_current never shows a review against items that are gone. Only derived tables are written here;
the ledger is read, never changed.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from etl import store
from etl.contract import ItemRow
from etl.extract.candidates import Candidate
from etl.extract.normalise import summarise
from etl.extract.reference import Reference
from etl.extract.tagging import tag_items
from etl.review.anchor import Anchor, anchor_all
from etl.review.state import Decision, SubjectState, subject_state

# A change to any of these rewrites the one-line summary, unless the analyst wrote the summary too.
_SUMMARY_FIELDS = frozenset(
    {"category", "from_actor_id", "to_actor_id", "goods", "quantity", "quantity_unit", "status"}
)
ITEM_COLUMNS = tuple(c.name for c in store.items.columns)


def summary_for(values: dict[str, Any], ref: Reference) -> str:
    """The extractor's summary template filled in with the reviewed values."""
    candidate = Candidate(
        category=values["category"],
        from_actor_id=values.get("from_actor_id"),
        to_actor_id=values.get("to_actor_id"),
        direction=values.get("direction") or "from_to",
        goods=values.get("goods"),
        goods_class=values.get("goods_class"),
        quantity=values.get("quantity"),
        quantity_unit=values.get("quantity_unit"),
        date=None,
        date_source="none",
        status=values["status"],
        quote=values.get("quote") or "",
        char_start=values.get("char_start") or 0,
        char_end=values.get("char_end") or 0,
        confidence=values.get("confidence") or 1.0,
    )
    return summarise(candidate, ref)


def load_states(conn: Connection, subject_ids: Iterable[str] | None = None) -> list[SubjectState]:
    """Subjects' states from the ledger, oldest subject first; all subjects when none are named."""
    statement = sa.select(store.reviews).order_by(store.reviews.c.review_id)
    if subject_ids is not None:
        statement = statement.where(store.reviews.c.subject_id.in_(list(subject_ids)))
    grouped: dict[str, list[Decision]] = {}
    for row in conn.execute(statement):
        decision = Decision.from_row(row)
        grouped.setdefault(decision.subject_id, []).append(decision)
    return [subject_state(decisions) for decisions in grouped.values()]


def current_values(
    state: SubjectState, anchor: Anchor, item: dict[str, Any] | None, ref: Reference
) -> dict[str, Any]:
    """The item's columns with the subject's decisions applied."""
    last = state.last
    assert last is not None
    values: dict[str, Any] = dict.fromkeys(ITEM_COLUMNS)
    if item is not None:
        values.update(item)
    elif state.added:
        values["confidence"] = 1.0  # the analyst's own reading of the quote
    values.update(state.overrides)
    values.update(
        item_id=anchor.item_id,
        doc_id=last.doc_id,
        quote=last.quote,
        char_start=anchor.char_start,
        char_end=anchor.char_end,
    )
    touched = set(state.overrides) & _SUMMARY_FIELDS
    if (
        "summary" not in state.overrides
        and (touched or state.added)
        and values["category"]
        and values["status"]
    ):
        values["summary"] = summary_for(values, ref)
    return values


def _items_by_doc(conn: Connection, doc_ids: set[str]) -> dict[str, list[dict[str, Any]]]:
    by_doc: dict[str, list[dict[str, Any]]] = {}
    if doc_ids:
        rows = conn.execute(sa.select(store.items).where(store.items.c.doc_id.in_(sorted(doc_ids))))
        for row in rows.mappings():
            by_doc.setdefault(row["doc_id"], []).append(dict(row))
    return by_doc


def _texts(conn: Connection, doc_ids: set[str]) -> dict[str, str]:
    d = store.documents
    rows = conn.execute(sa.select(d.c.doc_id, d.c.text).where(d.c.doc_id.in_(sorted(doc_ids))))
    return {doc_id: text for doc_id, text in rows}


def subjects_of_documents(conn: Connection, doc_ids: Iterable[str]) -> set[str]:
    """The subjects reviewed on these documents (a subject never changes document)."""
    r = store.reviews
    wanted, found = sorted(set(doc_ids)), set()
    for chunk in range(0, len(wanted), 500):
        statement = sa.select(r.c.subject_id).where(r.c.doc_id.in_(wanted[chunk : chunk + 500])).distinct()
        found |= set(conn.execute(statement).scalars())
    return found


def rebuild_review_state(conn: Connection, ref: Reference, subject_ids: Iterable[str] | None = None) -> None:
    """Recompute where the named subjects (or all) sit, their values and their sanctions tags."""
    subjects = None if subject_ids is None else sorted(set(subject_ids))
    if subjects == []:
        return
    states = load_states(conn, subjects)
    rc, rt = store.review_current, store.review_tags
    others = sa.select(rc.c.item_id).where(rc.c.link == "attached")
    if subjects is not None:
        others = others.where(rc.c.subject_id.not_in(subjects))
        conn.execute(sa.delete(rt).where(rt.c.subject_id.in_(subjects)))
        conn.execute(sa.delete(rc).where(rc.c.subject_id.in_(subjects)))
        taken = set(conn.execute(others).scalars())
    else:
        conn.execute(sa.delete(rt))
        conn.execute(sa.delete(rc))
        taken = set()
    doc_ids = {s.last.doc_id for s in states if s.last is not None}
    items = _items_by_doc(conn, doc_ids)
    anchors = anchor_all(states, items, _texts(conn, doc_ids), taken)
    by_id = {i["item_id"]: i for rows in items.values() for i in rows}
    current, tags = [], []
    for state in states:
        anchor, last = anchors[state.subject_id], state.last
        assert last is not None
        item = by_id.get(anchor.item_id) if anchor.link == "attached" else None
        values = current_values(state, anchor, item, ref)
        current.append(
            {
                **values,
                "subject_id": state.subject_id,
                "link": anchor.link,
                "orphan_reason": anchor.reason,
                "review_status": state.status,
                "review_version": state.version,
                "reviewed_by": last.reviewer,
                "reviewed_at": last.reviewed_at,
            }
        )
        if anchor.link in ("attached", "added") and state.status != "rejected":
            # The values are an item row with the reviewer's edits: the columns of an ItemRow.
            row = cast(ItemRow, values)
            tags += [{**tag, "subject_id": state.subject_id} for tag in tag_items([row], ref)]
    if current:
        conn.execute(rc.insert(), current)
    if tags:
        conn.execute(rt.insert(), tags)
