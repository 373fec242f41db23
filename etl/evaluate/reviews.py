"""Reviewed items as evaluation data: accepted, edited and added items are true, rejected ones false.

The extractor runs afresh on every stored document that holds a decision, and is scored on what the
analysts decided: recall over the true items, precision over the predictions a decision judges (those
matching a true item, or repeating a rejected one). Predictions nobody judged are counted apart.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from etl.evaluate.corpus import CorpusText, GoldItem
from etl.evaluate.matching import overlaps, parties_right
from etl.evaluate.metrics import Scoring, score
from etl.evaluate.predict import Predicted, predict_document
from etl.extract.reference import Reference
from etl.sources import Document, SourceFile

TRUE_STATUSES = ("accepted", "edited", "added")


def _as_gold(row: Mapping[str, Any], index: int) -> GoldItem:
    return GoldItem(
        text_id=row["doc_id"],
        index=index,
        line=0,
        quote=row["quote"],
        start=int(row["char_start"]),
        end=int(row["char_end"]),
        category=row["category"],
        from_actor_id=row["from_actor_id"],
        to_actor_id=row["to_actor_id"],
        direction=row["direction"],
        goods_classes=(row["goods_class"],) if row["goods_class"] else (),
        status=row["status"],
        date_start=row["date_start"],
        date_end=row["date_end"],
        date_precision=row["date_precision"],
        note=str(row["review_status"]),
    )


def _documents(engine: Engine, doc_ids: set[str]) -> list[Document]:
    from etl import store

    d = store.documents
    with engine.connect() as conn:
        rows = conn.execute(sa.select(d).where(d.c.doc_id.in_(sorted(doc_ids))).order_by(d.c.doc_id))
        return [
            Document(**{field: row[field] for field in Document.__dataclass_fields__})
            for row in rows.mappings()
        ]


def load_reviewed(engine: Engine) -> tuple[list[CorpusText], list[GoldItem]]:
    """The reviewed documents with their true items as gold, and the rejected items apart."""
    from etl.review import reviewed_items

    rows = reviewed_items(engine)
    true_rows = [r for r in rows if r["review_status"] in TRUE_STATUSES]
    rejected = [_as_gold(r, i) for i, r in enumerate(rows) if r["review_status"] == "rejected"]
    texts = []
    for document in _documents(engine, {r["doc_id"] for r in rows}):
        gold = tuple(_as_gold(r, i) for i, r in enumerate(true_rows) if r["doc_id"] == document.doc_id)
        source = SourceFile(document.doc_id, Path(document.path), document.sha256, b"")
        texts.append(CorpusText("reviews", source, document, {}, Path(), gold))
    return texts, rejected


def _judged(scoring: Scoring, rejected: Sequence[GoldItem]) -> dict[str, Any]:
    """Figures of one scoring: false items are the predictions that repeat a rejected item."""
    repeats = [p for p in scoring.false if any(_repeats(r, p) for r in rejected)]
    overall = scoring.counts["overall"]
    judged = overall.matched + len(repeats)
    precision = overall.matched / judged if judged else None
    recall = overall.recall
    f1 = 2 * precision * recall / (precision + recall) if precision and recall else None
    return {
        "min_confidence": scoring.floor,
        "true_items": overall.gold,
        "matched": overall.matched,
        "rejected_repeated": len(repeats),
        "unjudged": len(scoring.false) - len(repeats),
        "precision": _round(precision),
        "recall": _round(recall),
        "f1": _round(f1),
        "accuracy": {
            name: {"right": a.right, "total": a.total, "share": _round(a.share)}
            for name, a in scoring.accuracy.items()
        },
    }


def _repeats(rejected: GoldItem, pred: Predicted) -> bool:
    return rejected.category == pred.category and overlaps(rejected, pred) and parties_right(rejected, pred)


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def evaluate_reviews(engine: Engine, ref: Reference, floor: float) -> dict[str, Any]:
    """The JSON payload of `python -m etl evaluate --reviews`."""
    texts, rejected = load_reviewed(engine)
    predicted = [p for text in texts for p in predict_document(text, ref)]
    statuses: dict[str, int] = {}
    for text in texts:
        for item in text.gold:
            statuses[str(item.note)] = statuses.get(str(item.note), 0) + 1
    return {
        "documents": len(texts),
        "true_items": sum(len(t.gold) for t in texts),
        "by_review_status": {**statuses, "rejected": len(rejected)},
        "candidates": len(predicted),
        "at_min_confidence": _judged(score(texts, predicted, floor), rejected),
        "all_candidates": _judged(score(texts, predicted, 0.0), rejected),
    }


def describe_reviews(payload: Mapping[str, Any]) -> str:
    """The plain-text report of the scores against reviewed items."""
    counts = ", ".join(f"{n} {status}" for status, n in payload["by_review_status"].items())
    lines = [
        f"Evaluation against reviewed items: {payload['documents']} documents, {counts or 'no decisions'}",
        f"  {payload['candidates']} candidates extracted",
    ]
    for key, label in (("at_min_confidence", None), ("all_candidates", "all candidates")):
        s = payload[key]
        head = label or f"confidence >= {s['min_confidence']:.2f}"
        accuracy = ", ".join(
            f"{name} {'-' if a['share'] is None else format(a['share'], '.2f')} ({a['right']}/{a['total']})"
            for name, a in s["accuracy"].items()
        )
        lines += [
            f"{head}: precision {_fmt(s['precision'])}, recall {_fmt(s['recall'])}, F1 {_fmt(s['f1'])}",
            f"  {s['matched']} of {s['true_items']} true items found; "
            f"{s['rejected_repeated']} rejected items repeated; {s['unjudged']} not judged",
            f"  on matched items: {accuracy}",
        ]
    return "\n".join(lines)


def _fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"
