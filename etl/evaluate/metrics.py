"""Scores at one confidence floor: precision, recall and F1 per category, and accuracy on matched items."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date

from etl.contract import CATEGORIES, TRANSFER_CATEGORIES
from etl.evaluate.corpus import CorpusText, GoldItem
from etl.evaluate.matching import match, parties_right
from etl.evaluate.predict import Predicted
from etl.extract.normalise import month_span

# Confidence bands of the reliability table: [low, high), the last one closed.
BANDS: tuple[tuple[float, float], ...] = ((0.0, 0.3), (0.3, 0.5), (0.5, 0.7), (0.7, 0.9), (0.9, 1.0))


@dataclass
class Counts:
    """Gold, predicted and matched items of one category (or overall)."""

    gold: int = 0
    predicted: int = 0
    matched: int = 0

    @property
    def precision(self) -> float | None:
        return self.matched / self.predicted if self.predicted else None

    @property
    def recall(self) -> float | None:
        return self.matched / self.gold if self.gold else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None:
            return None
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Accuracy:
    """How many matched items got one attribute right."""

    right: int = 0
    total: int = 0

    @property
    def share(self) -> float | None:
        return self.right / self.total if self.total else None


@dataclass
class Scoring:
    """One evaluation of the predictions with confidence >= floor against every gold item."""

    floor: float
    counts: dict[str, Counts]
    accuracy: dict[str, Accuracy]
    pairs: list[tuple[GoldItem, Predicted]] = field(default_factory=list)
    misses: list[GoldItem] = field(default_factory=list)
    false: list[Predicted] = field(default_factory=list)


def dates_right(gold: GoldItem, pred: Predicted, published_on: date | None) -> bool:
    """Start, end and precision equal; an undated gold item also accepts the publication-month default."""
    row = pred.row
    got = (row["date_start"], row["date_end"], row["date_precision"])
    if got == (gold.date_start, gold.date_end, gold.date_precision):
        return True
    if gold.date_precision != "unknown" or published_on is None:
        return False
    # The extractor places an undated event in its publication month, saying no date was written.
    return row["date_text"] is None and got == (*month_span(published_on), "month")


def _attribute_checks(published: dict[str, date | None]) -> dict[str, Callable[[GoldItem, Predicted], bool]]:
    return {
        "direction": parties_right,
        "dates": lambda g, p: dates_right(g, p, published[g.text_id]),
        "status": lambda g, p: g.status == p.row["status"],
    }


def score(texts: Sequence[CorpusText], predicted: Sequence[Predicted], floor: float) -> Scoring:
    """Match the predictions at or above floor text by text, and count."""
    kept = [p for p in predicted if p.confidence >= floor]
    counts = {name: Counts() for name in ("overall", *CATEGORIES)}
    accuracy = {name: Accuracy() for name in ("direction", "direction_transfers", "dates", "status")}
    checks = _attribute_checks({t.text_id: t.document.published_on for t in texts})
    result = Scoring(floor, counts, accuracy)
    for text in texts:
        gold = list(text.gold)
        preds = [p for p in kept if p.text_id == text.text_id]
        pairs = match(gold, preds)
        for item in gold:
            counts["overall"].gold += 1
            counts[item.category].gold += 1
        for pred in preds:
            counts["overall"].predicted += 1
            counts[pred.category].predicted += 1
        for gi, pi in sorted(pairs.items()):
            g, p = gold[gi], preds[pi]
            result.pairs.append((g, p))
            counts["overall"].matched += 1
            counts[g.category].matched += 1
            for name, check in checks.items():
                _tally(accuracy[name], check(g, p))
            if g.category in TRANSFER_CATEGORIES:
                _tally(accuracy["direction_transfers"], parties_right(g, p))
        result.misses += [g for gi, g in enumerate(gold) if gi not in pairs]
        used = set(pairs.values())
        result.false += [p for pi, p in enumerate(preds) if pi not in used]
    return result


def _tally(accuracy: Accuracy, right: bool) -> None:
    accuracy.total += 1
    accuracy.right += int(right)


@dataclass
class Band:
    """One row of the reliability table."""

    low: float
    high: float
    items: int = 0
    matched: int = 0
    right: int = 0

    @property
    def share_right(self) -> float | None:
        return self.right / self.items if self.items else None


def reliability(all_candidates: Scoring) -> list[Band]:
    """Per confidence band: items, how many match a gold item, and how many of those have its parties."""
    bands = [Band(low, high) for low, high in BANDS]
    right = {id(p): parties_right(g, p) for g, p in all_candidates.pairs}
    every = [p for _, p in all_candidates.pairs] + all_candidates.false
    for pred in every:
        band = next(b for b in bands if pred.confidence < b.high or b.high == BANDS[-1][1])
        band.items += 1
        if id(pred) in right:
            band.matched += 1
            band.right += int(right[id(pred)])
    return bands
