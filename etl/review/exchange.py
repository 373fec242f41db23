"""Reviews to and from YAML: one entry per decision, with its item_id, so a team can pass them around.

Import is all or nothing: every entry is checked first (verdict, document, fields and values), and a
problem is reported as FILE:LINE. Entries already in the store (same subject, verdict, reviewer and
time) are skipped, so importing a file twice stores it once.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
import yaml
from sqlalchemy.engine import Connection, Engine

from etl import store
from etl.errors import InvalidData, StoreError
from etl.extract.reference import Reference
from etl.review.fields import parse_value, to_json
from etl.review.read import list_reviews
from etl.review.rebuild import rebuild_review_state
from etl.review.state import VERDICTS

_FIELDS = (
    "review_id",
    "subject_id",
    "item_id",
    "doc_id",
    "verdict",
    "undoes",
    "changes",
    "quote",
    "char_start",
    "char_end",
    "doc_sha256",
    "reviewer",
    "reviewed_at",
    "note",
)
_REQUIRED = ("subject_id", "item_id", "doc_id", "verdict", "quote", "char_start", "char_end", "reviewer")


def export_reviews(engine: Engine, path: Path) -> int:
    """Write every decision to a YAML file, oldest first; returns how many."""
    entries = [
        {name: to_json(entry[name]) for name in _FIELDS if name != "reviewed_at"}
        | {"reviewed_at": entry["reviewed_at"].isoformat()}
        for entry in list_reviews(engine)
    ]
    text = yaml.safe_dump({"reviews": entries}, allow_unicode=True, sort_keys=False, width=100)
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise StoreError(f"Cannot write {path}: {exc.strerror or exc}") from None
    return len(entries)


def _entries(path: Path) -> list[tuple[int, dict[str, Any]]]:
    """(line, entry) for each entry of the file's `reviews` list."""
    try:
        text = path.read_text(encoding="utf-8")
        node = yaml.compose(text)
        data = yaml.safe_load(text)
    except OSError as exc:
        raise InvalidData(f"{path}: cannot be read: {exc.strerror or exc}") from None
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise InvalidData(f"{path}: not valid YAML: {exc}") from None
    if not isinstance(data, dict) or not isinstance(data.get("reviews"), list):
        raise InvalidData(f"{path}:1: expected a mapping with a 'reviews' list")
    assert isinstance(node, yaml.MappingNode)
    seq = next(v for k, v in node.value if k.value == "reviews")
    return [(item.start_mark.line + 1, entry) for item, entry in zip(seq.value, data["reviews"], strict=True)]


def _checked(entry: Any, ref: Reference, docs: set[str]) -> dict[str, Any]:
    """The entry as a ledger row (without supersedes and undoes), or InvalidData saying what is wrong."""
    if not isinstance(entry, dict):
        raise InvalidData("an entry must be a mapping")
    missing = [name for name in _REQUIRED if entry.get(name) in (None, "")]
    if missing:
        raise InvalidData(f"missing {', '.join(missing)}")
    if entry["verdict"] not in VERDICTS:
        raise InvalidData(f"unknown verdict {entry['verdict']!r}; choose from {', '.join(VERDICTS)}")
    if entry["doc_id"] not in docs:
        raise InvalidData(f"unknown document {entry['doc_id']!r} (refresh the sources first)")
    changes = entry.get("changes") or {}
    if not isinstance(changes, dict) or not all(
        isinstance(p, list) and len(p) == 2 for p in changes.values()
    ):
        raise InvalidData("changes must map each field to [before, after]")
    for name, (_, after) in changes.items():
        parse_value(str(name), after, ref)
    at = entry.get("reviewed_at")
    try:
        reviewed_at = at if isinstance(at, datetime) else datetime.fromisoformat(str(at))
    except ValueError:
        raise InvalidData(f"reviewed_at {at!r} is not a date and time") from None
    return {
        "subject_id": str(entry["subject_id"]),
        "item_id": str(entry["item_id"]),
        "doc_id": entry["doc_id"],
        "verdict": entry["verdict"],
        "changes": json.dumps(changes, sort_keys=True),
        "quote": str(entry["quote"]),
        "char_start": int(entry["char_start"]),
        "char_end": int(entry["char_end"]),
        "doc_sha256": str(entry.get("doc_sha256") or ""),
        "reviewer": str(entry["reviewer"]),
        "reviewed_at": store.as_utc(reviewed_at),
        "note": entry.get("note"),
    }


def _store_rows(conn: Connection, rows: list[tuple[dict[str, Any], Any]]) -> int:
    """Append rows not yet stored, chaining each to its subject's latest decision; returns how many."""
    r = store.reviews
    latest: dict[str, int] = {}
    new_ids: dict[Any, int] = {}
    stored = 0
    for row, old_id in rows:
        at = row["reviewed_at"]
        same = conn.execute(
            sa.select(r.c.review_id).where(
                r.c.subject_id == row["subject_id"],
                r.c.verdict == row["verdict"],
                r.c.reviewer == row["reviewer"],
                r.c.reviewed_at == at,
            )
        ).scalar()
        if same is not None:
            new_ids[old_id] = int(same)
            continue
        subject = row["subject_id"]
        if subject not in latest:
            prior = conn.execute(sa.select(sa.func.max(r.c.review_id)).where(r.c.subject_id == subject))
            latest[subject] = int(prior.scalar() or 0)
        undoes = row.pop("undoes", None)
        values = {**row, "supersedes": latest[subject], "undoes": new_ids.get(undoes, undoes)}
        review_id = conn.execute(sa.insert(r).values(**values).returning(r.c.review_id)).scalar_one()
        latest[subject] = new_ids[old_id] = int(review_id)
        stored += 1
    return stored


def import_reviews(engine: Engine, ref: Reference, path: Path) -> tuple[int, int]:
    """Store the decisions of a YAML file; returns (stored, already present)."""
    entries = _entries(path)
    with store.write_transaction(engine) as conn:
        docs = set(conn.execute(sa.select(store.documents.c.doc_id)).scalars())
        rows, problems = [], []
        for line, entry in entries:
            try:
                row = _checked(entry, ref, docs)
            except InvalidData as exc:
                problems.append(f"{path}:{line}: {exc}")
                continue
            rows.append(({**row, "undoes": entry.get("undoes")}, entry.get("review_id")))
        if problems:
            count = f"{len(problems)} invalid entries" if len(problems) > 1 else "an invalid entry"
            raise InvalidData(f"{path}: {count}, nothing imported", problems)
        stored = _store_rows(conn, rows)
        rebuild_review_state(conn, ref, {row["subject_id"] for row, _ in rows})
    return stored, len(rows) - stored
