"""The evaluation as a plain-text report or a JSON payload."""

from __future__ import annotations

from collections import Counter
from typing import Any

from etl.contract import CATEGORIES
from etl.evaluate.classify import FALSE_CLASSES, MISS_CLASSES
from etl.evaluate.corpus import GoldItem
from etl.evaluate.matching import parties_right
from etl.evaluate.metrics import Counts, Scoring, dates_right
from etl.evaluate.predict import Predicted
from etl.evaluate.run import Evaluation

_ATTRIBUTES = ("direction", "direction_transfers", "dates", "status")


def _ratio(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def _counts(counts: Counts) -> dict[str, Any]:
    return {
        "gold": counts.gold,
        "predicted": counts.predicted,
        "matched": counts.matched,
        "precision": _ratio(counts.precision),
        "recall": _ratio(counts.recall),
        "f1": _ratio(counts.f1),
    }


def _by_class(items: list[Any], classes: dict[int, str], order: tuple[str, ...]) -> dict[str, int]:
    found = Counter(classes[id(item)] for item in items)
    return {name: found[name] for name in order if found[name]}


def _scoring(scoring: Scoring, classes: dict[int, str]) -> dict[str, Any]:
    return {
        "min_confidence": scoring.floor,
        "overall": _counts(scoring.counts["overall"]),
        "per_category": {
            name: _counts(scoring.counts[name])
            for name in CATEGORIES
            if scoring.counts[name].gold or scoring.counts[name].predicted
        },
        "accuracy": {
            name: {
                "right": scoring.accuracy[name].right,
                "total": scoring.accuracy[name].total,
                "share": _ratio(scoring.accuracy[name].share),
            }
            for name in _ATTRIBUTES
        },
        "misses_by_class": _by_class(scoring.misses, classes, MISS_CLASSES),
        "false_by_class": _by_class(scoring.false, classes, FALSE_CLASSES),
    }


def _gold_entry(gold: GoldItem) -> dict[str, Any]:
    return {
        "text": gold.text_id,
        "label_line": gold.line,
        "category": gold.category,
        "from": gold.from_actor_id,
        "to": gold.to_actor_id,
        "direction": gold.direction,
        "status": gold.status,
        "dates": [str(gold.date_start), str(gold.date_end), gold.date_precision],
        "quote": gold.quote,
    }


def _pred_entry(pred: Predicted) -> dict[str, Any]:
    row = pred.row
    return {
        "text": pred.text_id,
        "category": pred.category,
        "from": row["from_actor_id"],
        "to": row["to_actor_id"],
        "direction": row["direction"],
        "status": row["status"],
        "dates": [str(row["date_start"]), str(row["date_end"]), row["date_precision"]],
        "confidence": pred.confidence,
        "quote": row["quote"],
    }


def _wrong_attributes(evaluation: Evaluation, gold: GoldItem, pred: Predicted) -> list[str]:
    published = next(t.document.published_on for t in evaluation.texts if t.text_id == gold.text_id)
    wrong = [] if parties_right(gold, pred) else ["direction"]
    wrong += [] if dates_right(gold, pred, published) else ["dates"]
    return wrong + ([] if gold.status == pred.row["status"] else ["status"])


def details(evaluation: Evaluation) -> dict[str, list[dict[str, Any]]]:
    """Every miss and false item at the floor with its error class, and matched items with a wrong value."""
    scoring, classes = evaluation.at_floor, evaluation.floor_classes
    wrong = []
    for gold, pred in scoring.pairs:
        attributes = _wrong_attributes(evaluation, gold, pred)
        if attributes:
            wrong.append({"wrong": attributes, "gold": _gold_entry(gold), "predicted": _pred_entry(pred)})
    return {
        "misses": [{"class": classes[id(g)], **_gold_entry(g)} for g in scoring.misses],
        "false": [{"class": classes[id(p)], **_pred_entry(p)} for p in scoring.false],
        "wrong_values": wrong,
    }


def as_dict(evaluation: Evaluation, with_details: bool = False) -> dict[str, Any]:
    """The JSON payload of `python -m etl evaluate --json`."""
    texts = evaluation.texts
    payload: dict[str, Any] = {
        "corpus": str(evaluation.root),
        "split": evaluation.split,
        "texts": len(texts),
        "publishers": len({t.document.publisher for t in texts}),
        "gold_items": sum(len(t.gold) for t in texts),
        "candidates": len(evaluation.predicted),
        "extraction_seconds": None if evaluation.seconds is None else round(evaluation.seconds, 3),
        "at_min_confidence": _scoring(evaluation.at_floor, evaluation.floor_classes),
        "all_candidates": _scoring(evaluation.all_candidates, evaluation.all_classes),
        "reliability": [
            {
                "band": f"{band.low:.1f}-{band.high:.1f}",
                "items": band.items,
                "matched": band.matched,
                "right": band.right,
                "share_right": _ratio(band.share_right),
            }
            for band in evaluation.bands
        ],
    }
    if with_details:
        payload["details"] = details(evaluation)
    return payload
