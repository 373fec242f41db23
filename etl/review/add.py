"""Adding an item the extractor missed: find its quote in the document, check its values, record it."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from etl import store
from etl.errors import InvalidData
from etl.extract.reference import Reference
from etl.review.fields import EDITABLE, check_item, parse_value, to_json
from etl.review.ledger import Recorded, insert_decision

# What an added item says when the analyst leaves a field out.
_DEFAULTS = {"direction": "from_to", "status": "reported"}


def locate_quote(text: str, quote: str, near: int | None = None) -> tuple[int, int]:
    """Offsets of the quote in the text; whitespace may differ (a pasted quote loses line breaks)."""
    words = quote.split()
    if not words:
        raise InvalidData("the quote is empty")
    pattern = re.compile(r"\s+".join(re.escape(w) for w in words))
    spans = [m.span() for m in pattern.finditer(text)]
    if not spans:
        raise InvalidData(f"quote not found in the document: {quote[:80]!r}")
    if near is None:
        return spans[0]
    return min(spans, key=lambda span: abs(span[0] - near))


def added_values(raw: Mapping[str, Any], ref: Reference) -> dict[str, Any]:
    """Typed values of a new item: defaults filled in, a single date taken as a day."""
    values = {name: parse_value(name, value, ref) for name, value in raw.items()}
    if values.get("category") is None:
        raise InvalidData("an added item needs a category")
    for name, default in _DEFAULTS.items():
        if values.get(name) is None:
            values[name] = default
    if values.get("date_start") is not None and values.get("date_end") is None:
        values["date_end"] = values["date_start"]
    if values.get("date_precision") is None:
        values["date_precision"] = "day" if values.get("date_start") is not None else "unknown"
    check_item(values)
    return {name: values[name] for name in EDITABLE if values.get(name) is not None}


def added_item_id(doc_id: str, start: int, end: int, category: str, reviewer: str, at: datetime) -> str:
    """A new id, marked as an analyst's: 'added-' and a hash of where, what, who and when."""
    key = f"{doc_id}|{start}|{end}|{category}|{reviewer}|{at.isoformat()}"
    return "added-" + hashlib.sha256(key.encode()).hexdigest()[:16]


def _document(conn: Connection, doc_id: str) -> tuple[str, str]:
    d = store.documents
    row = conn.execute(sa.select(d.c.text, d.c.sha256).where(d.c.doc_id == doc_id)).first()
    if row is None:
        raise InvalidData(f"unknown document {doc_id!r}")
    return row.text, row.sha256


def add_item(
    engine: Engine,
    ref: Reference,
    doc_id: str,
    quote: str,
    values: Mapping[str, Any],
    reviewer: str,
    *,
    note: str | None = None,
    near: int | None = None,
    at: datetime | None = None,
) -> Recorded:
    """Record a new item on a quote of a document; its offsets are where the quote is found."""
    if not reviewer.strip():
        raise InvalidData("a decision needs the reviewer's name")
    parsed = added_values(values, ref)
    at = at or store.utcnow()
    with store.write_transaction(engine) as conn:
        text, sha = _document(conn, doc_id)
        start, end = locate_quote(text, quote, near)
        item_id = added_item_id(doc_id, start, end, parsed["category"], reviewer, at)
        row = {
            "subject_id": item_id,
            "supersedes": 0,
            "item_id": item_id,
            "doc_id": doc_id,
            "verdict": "added",
            "undoes": None,
            "changes": {name: [None, to_json(value)] for name, value in parsed.items()},
            "quote": text[start:end],
            "char_start": start,
            "char_end": end,
            "doc_sha256": sha,
            "reviewer": reviewer.strip(),
            "reviewed_at": at,
            "note": (note or "").strip() or None,
        }
        review_id = insert_decision(conn, ref, row)
    return Recorded(review_id, item_id, item_id, "added")
