"""Pairing predicted items with gold items: same category, overlapping quotes, one-to-one, best first."""

from __future__ import annotations

from collections.abc import Sequence

from etl.evaluate.corpus import GoldItem
from etl.evaluate.predict import Predicted


def overlap(a_start: int, a_end: int, b_start: int, b_end: int) -> int:
    """Characters two half-open spans share."""
    return max(0, min(a_end, b_end) - max(a_start, b_start))


def overlaps(gold: GoldItem, pred: Predicted) -> bool:
    return gold.text_id == pred.text_id and overlap(gold.start, gold.end, pred.start, pred.end) > 0


def parties_right(gold: GoldItem, pred: Predicted) -> bool:
    """Same parties the same way round; for `between` items the unordered pair."""
    got = (pred.row["from_actor_id"], pred.row["to_actor_id"])
    want = (gold.from_actor_id, gold.to_actor_id)
    if gold.direction == "between":
        return pred.row["direction"] == "between" and sorted(map(str, got)) == sorted(map(str, want))
    return pred.row["direction"] == "from_to" and got == want


def _score(gold: GoldItem, pred: Predicted) -> tuple[float, bool, bool]:
    """Overlap as a share of the two spans together (Jaccard), then agreement on parties and status."""
    shared = overlap(gold.start, gold.end, pred.start, pred.end)
    union = max(gold.end, pred.end) - min(gold.start, pred.start)
    return shared / union, parties_right(gold, pred), gold.status == pred.row["status"]


def match(gold: Sequence[GoldItem], predicted: Sequence[Predicted]) -> dict[int, int]:
    """Gold position → predicted position; each item is used at most once, the best overlap first."""
    pairs = [
        (_score(g, p), gi, pi)
        for gi, g in enumerate(gold)
        for pi, p in enumerate(predicted)
        if g.category == p.category and overlaps(g, p)
    ]
    # Ties on overlap (several items in one sentence) go to the prediction that has the parties right.
    pairs.sort(key=lambda pair: (pair[0], -pair[1], -pair[2]), reverse=True)
    matched: dict[int, int] = {}
    used: set[int] = set()
    for _, gi, pi in pairs:
        if gi not in matched and pi not in used:
            matched[gi] = pi
            used.add(pi)
    return matched
