"""Hand-set confidence weights against weights fitted to the dev half of the evaluation corpus.

An item's confidence is its rule's weight plus the weights of the signs of doubt its reading shows
(`confidence_evidence` in cues.yml). Here the same signs, the category, the rule's weight, the status and
the date source are fitted by L2-regularised logistic regression to "right" (matches a labelled item and
has its parties), and each fifth of the dev texts is scored with weights fitted on the other four.
Figures are printed, nothing asserted.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

import numpy as np

from etl.evaluate.corpus import CorpusText, load_corpus
from etl.evaluate.matching import parties_right
from etl.evaluate.metrics import score
from etl.evaluate.predict import Predicted
from etl.extract.candidates import Candidate, extract_items
from etl.extract.normalise import item_dates, merge_duplicates, merge_goods, to_item_row
from etl.extract.reference import Reference, load_reference
from etl.settings import load_settings

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "corpus"
FOLDS = 5
Features = dict[str, float]


def _features(candidate: Candidate, published: date | None, ref: Reference) -> Features:
    """What the hand-set weights read, one indicator each, and the rule's own weight."""
    sign = item_dates(candidate, published)[4]
    signs = [*candidate.evidence, *([sign] if sign else [])]
    rule = round(
        candidate.confidence - sum(ref.confidence_evidence.get(s, 0.0) for s in candidate.evidence), 2
    )
    found: Features = {
        "bias": 1.0,
        f"category={candidate.category}": 1.0,
        f"rule={candidate.category}|{rule}": 1.0,
    }
    found |= {f"status={candidate.status}": 1.0, f"date={candidate.date_source}": 1.0}
    for s in signs:
        found[f"sign={s}"] = found.get(f"sign={s}", 0.0) + 1.0
    return found


def _read(text: CorpusText, ref: Reference) -> list[tuple[Predicted, Features]]:
    """The rows a refresh stores for the text, each with the features of the candidate it came from."""
    doc = text.document
    found = merge_goods(extract_items(doc.text, doc.published_on, ref, doc.publisher), ref)
    rows = [(to_item_row(c, text.text_id, doc.published_on, ref), c) for c in found]
    kept = {id(r) for r in merge_duplicates([r for r, _ in rows])}
    return [
        (Predicted(text.text_id, i, row), _features(c, doc.published_on, ref))
        for i, (row, c) in enumerate(r for r in rows if id(r[0]) in kept)
    ]


def _fit(x: np.ndarray, y: np.ndarray, strength: float) -> np.ndarray:
    """Logistic regression by Newton's method, penalised by strength times the squared weights."""
    w = np.zeros(x.shape[1])
    for _ in range(50):
        p = 1 / (1 + np.exp(-(x @ w)))
        hessian = x.T @ (x * (p * (1 - p))[:, None]) + strength * np.eye(len(w))
        step = np.linalg.solve(hessian, x.T @ (p - y) + strength * w)
        w -= step
        if np.abs(step).max() < 1e-6:
            break
    return w


def _scores(texts: Sequence[CorpusText], preds: list[Predicted], conf: np.ndarray, y: np.ndarray) -> str:
    shown = [
        Predicted(p.text_id, p.index, {**p.row, "confidence": float(c)})
        for p, c in zip(preds, conf, strict=True)
    ]
    counts = score(texts, shown, 0.5).counts["overall"]
    precision, recall = counts.matched / max(1, counts.predicted), counts.matched / max(1, counts.gold)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    brier = float(np.mean((conf - y) ** 2))
    return f"P {precision:.3f}  R {recall:.3f}  F1 {f1:.3f}  Brier {brier:.3f}"


def _held_out(x: np.ndarray, y: np.ndarray, groups: list[str], strength: float) -> np.ndarray:
    """Each text's confidences from weights fitted without the fold it falls in."""
    names = sorted(set(groups))
    random.Random(7).shuffle(names)
    fold = {name: i % FOLDS for i, name in enumerate(names)}
    out = np.zeros(len(y))
    for k in range(FOLDS):
        test = np.array([fold[g] == k for g in groups])
        w = _fit(x[~test], y[~test], strength)
        out[test] = 1 / (1 + np.exp(-(x[test] @ w)))
    return out


def test_fitted_against_hand_set_confidence() -> None:
    ref = load_reference(load_settings().reference_dir)
    texts = load_corpus(CORPUS, "dev")
    read = [pair for text in texts for pair in _read(text, ref)]
    preds = [p for p, _ in read]
    pairs = score(texts, preds, 0.0).pairs
    right = {id(p): parties_right(g, p) for g, p in pairs}
    y = np.array([1.0 if right.get(id(p)) else 0.0 for p in preds])
    names = sorted({k for _, f in read for k in f})
    column: Callable[[str], int] = {k: i for i, k in enumerate(names)}.__getitem__
    x = np.zeros((len(read), len(names)))
    for row, (_, found) in enumerate(read):
        for key, value in found.items():
            x[row, column(key)] = value
    groups = [p.text_id for p in preds]
    print(f"\n{len(texts)} dev texts, {len(preds)} candidates, {int(y.sum())} right, {len(names)} features")
    hand = np.array([p.confidence for p in preds])
    print(f"  hand-set weights:                {_scores(texts, preds, hand, y)}")
    for strength in (0.3, 1.0, 3.0):
        held = _held_out(x, y, groups, strength)
        print(f"  fitted, held-out folds, L2 {strength:<4}:{_scores(texts, preds, held, y)}")
