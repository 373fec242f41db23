"""One evaluation: load the corpus, run the extractor on every text, score at the floor and over all."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from etl.evaluate.classify import classify
from etl.evaluate.corpus import CorpusText, load_corpus
from etl.evaluate.metrics import Band, Scoring, reliability, score
from etl.evaluate.predict import Predicted, predict
from etl.extract.reference import Reference

DEFAULT_FLOOR = 0.5  # the dashboard's default minimum confidence


@dataclass
class Evaluation:
    """Everything the report shows: scores at the floor and over all candidates, and why items failed
    (the error class of each miss and false item, keyed by the item's id(), for each of the two)."""

    root: Path
    split: str
    texts: list[CorpusText]
    predicted: list[Predicted]
    at_floor: Scoring
    all_candidates: Scoring
    bands: list[Band]
    floor_classes: dict[int, str]
    all_classes: dict[int, str]
    seconds: float | None  # None when the items are not the extractor's


def evaluate(texts: list[CorpusText], ref: Reference, root: Path, split: str, floor: float) -> Evaluation:
    """Score the extractor on texts; classes hold the error class of each miss and false item."""
    began = time.perf_counter()
    predicted = [item for text in texts for item in predict(text, ref)]
    return score_predictions(texts, predicted, root, split, floor, time.perf_counter() - began)


def score_predictions(
    texts: list[CorpusText],
    predicted: list[Predicted],
    root: Path,
    split: str,
    floor: float,
    seconds: float | None,
) -> Evaluation:
    """Score items made by anyone (the extractor, a second labeller) against the texts' labels."""
    at_floor = score(texts, predicted, floor)
    all_candidates = score(texts, predicted, 0.0)
    return Evaluation(
        root,
        split,
        texts,
        predicted,
        at_floor,
        all_candidates,
        reliability(all_candidates),
        classify(texts, predicted, at_floor),
        classify(texts, predicted, all_candidates),
        seconds,
    )


def evaluate_folder(root: Path, split: str, ref: Reference, floor: float = DEFAULT_FLOOR) -> Evaluation:
    """Load the split of the corpus under root and evaluate it."""
    return evaluate(load_corpus(root, split), ref, root, split, floor)
