"""Writing decisions to the reviews ledger: accept, reject, edit, undo, each checked against a stale view.

A decision names the review_version of the item the analyst saw. When someone else decided on the item
since, the decision is refused (StaleReview) and nothing is written; the unique (subject_id, supersedes)
key makes that hold even when two sessions write at the same instant.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from etl import store
from etl.errors import InvalidData, MonitorError
from etl.extract.reference import Reference
from etl.review.fields import check_item, parse_value, to_json
from etl.review.rebuild import ITEM_COLUMNS, load_states, rebuild_review_state


class StaleReview(MonitorError):
    """Someone else decided on the item after this view of it was read; nothing was stored."""


@dataclass(frozen=True)
class Subject:
    """The reviewed thing an item id stands for now, with the values and version an analyst sees."""

    subject_id: str
    version: int
    values: dict[str, Any]
    added: bool


@dataclass(frozen=True)
class Recorded:
    """A stored decision: its id and the item's id in items_current afterwards."""

    review_id: int
    subject_id: str
    item_id: str
    verdict: str


def find_subject(conn: Connection, item_id: str) -> Subject:
    """The subject an item id belongs to; an unknown id is InvalidData."""
    rc = store.review_current
    row = (
        conn.execute(sa.select(rc).where(rc.c.item_id == item_id, rc.c.link.in_(("attached", "added"))))
        .mappings()
        .first()
    )
    if row is not None:
        values = {name: row[name] for name in ITEM_COLUMNS}
        return Subject(row["subject_id"], row["review_version"], values, row["link"] == "added")
    item = conn.execute(sa.select(store.items).where(store.items.c.item_id == item_id)).mappings().first()
    if item is None:
        raise InvalidData(f"unknown item {item_id!r} (it may have been re-extracted: reload the list)")
    version = conn.execute(
        sa.select(sa.func.max(store.reviews.c.review_id)).where(store.reviews.c.subject_id == item_id)
    ).scalar()
    return Subject(item_id, int(version or 0), dict(item), False)


def document_sha256(conn: Connection, doc_id: str) -> str:
    sha = conn.execute(sa.select(store.documents.c.sha256).where(store.documents.c.doc_id == doc_id)).scalar()
    if sha is None:
        raise InvalidData(f"unknown document {doc_id!r}")
    return str(sha)


def insert_decision(conn: Connection, ref: Reference, row: dict[str, Any]) -> int:
    """Append one decision and rebuild its subject; a lost race on the same view is StaleReview."""
    row = {**row, "changes": json.dumps(row.get("changes") or {}, sort_keys=True)}
    try:
        with conn.begin_nested():
            review_id = conn.execute(
                sa.insert(store.reviews).values(**row).returning(store.reviews.c.review_id)
            ).scalar_one()
    except sa.exc.IntegrityError:
        raise StaleReview(
            f"item {row['item_id']} was reviewed by someone else a moment ago; reload it and decide again"
        ) from None
    rebuild_review_state(conn, ref, [row["subject_id"]])
    return int(review_id)


def _check_version(subject: Subject, item_id: str, seen_version: int | None) -> None:
    if seen_version is not None and seen_version != subject.version:
        raise StaleReview(
            f"item {item_id} changed since you opened it (another decision was recorded); "
            "reload to see it, then decide again"
        )


def _edit_changes(subject: Subject, raw: Mapping[str, Any], ref: Reference) -> dict[str, list[Any]]:
    """{field: [before, after]} for the fields whose value actually changes."""
    parsed = {name: parse_value(name, value, ref) for name, value in raw.items()}
    check_item({**subject.values, **parsed})
    changes = {
        name: [to_json(subject.values.get(name)), to_json(value)]
        for name, value in parsed.items()
        if value != subject.values.get(name)
    }
    if not changes:
        raise InvalidData("the edit changes nothing: every value given is the item's current one")
    return changes


def _top_decision(conn: Connection, subject_id: str) -> int:
    states = load_states(conn, [subject_id])
    if not states or not states[0].in_force:
        raise InvalidData("there is no decision on this item to undo")
    return states[0].in_force[-1].review_id


def decide(
    engine: Engine,
    ref: Reference,
    item_id: str,
    verdict: str,
    reviewer: str,
    *,
    note: str | None = None,
    changes: Mapping[str, Any] | None = None,
    seen_version: int | None = None,
    at: datetime | None = None,
) -> Recorded:
    """Record accept, reject, edit (with changes) or undo on an item, as the reviewer."""
    if verdict not in ("accepted", "rejected", "edited", "undone"):
        raise InvalidData(f"unknown verdict {verdict!r}")
    if not reviewer.strip():
        raise InvalidData("a decision needs the reviewer's name")
    with store.write_transaction(engine) as conn:
        subject = find_subject(conn, item_id)
        _check_version(subject, item_id, seen_version)
        row: dict[str, Any] = {"changes": {}, "undoes": None}
        if verdict == "edited":
            row["changes"] = _edit_changes(subject, changes or {}, ref)
        elif verdict == "undone":
            row["undoes"] = _top_decision(conn, subject.subject_id)
        doc_id = subject.values["doc_id"]
        row |= {
            "subject_id": subject.subject_id,
            "supersedes": subject.version,
            "item_id": item_id,
            "doc_id": doc_id,
            "verdict": verdict,
            "quote": subject.values["quote"],
            "char_start": subject.values["char_start"],
            "char_end": subject.values["char_end"],
            "doc_sha256": document_sha256(conn, doc_id),
            "reviewer": reviewer.strip(),
            "reviewed_at": at or store.utcnow(),
            "note": (note or "").strip() or None,
        }
        review_id = insert_decision(conn, ref, row)
        now = conn.execute(
            sa.select(store.review_current.c.item_id).where(
                store.review_current.c.subject_id == subject.subject_id
            )
        ).scalar()
    return Recorded(review_id, subject.subject_id, str(now or item_id), verdict)
