"""A second labeller's labels of some corpus texts, scored against the corpus's own labels.

Two careful analysts following the same guide do not list the same items; how far they agree is the
most any extractor can be expected to agree with either of them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from etl.errors import ConfigError, InvalidData
from etl.evaluate.corpus import LABELS_SUFFIX, CorpusText, GoldItem, load_corpus, read_labels
from etl.evaluate.predict import Predicted
from etl.evaluate.run import Evaluation, evaluate, score_predictions
from etl.extract.reference import Reference


def _as_row(item: GoldItem) -> dict[str, Any]:
    """A label in the shape of an item row, sure of itself (confidence 1)."""
    return {
        "category": item.category,
        "from_actor_id": item.from_actor_id,
        "to_actor_id": item.to_actor_id,
        "direction": item.direction,
        "status": item.status,
        "date_start": item.date_start,
        "date_end": item.date_end,
        "date_precision": item.date_precision,
        "date_text": None,
        "quote": item.quote,
        "char_start": item.start,
        "char_end": item.end,
        "confidence": 1.0,
    }


def _check_names(folder: Path, text_ids: set[str]) -> None:
    """Every file of the folder is the labels of a corpus text: a misnamed one would be left out unseen."""
    for path in sorted(folder.iterdir()):
        if not path.name.endswith(LABELS_SUFFIX):
            raise InvalidData(f"{path}: not a labels file (expected <text>{LABELS_SUFFIX})")
        if path.name[: -len(LABELS_SUFFIX)] not in text_ids:
            raise InvalidData(f"{path}: labels of no corpus text (no {path.name[: -len(LABELS_SUFFIX)]}.md)")


def second_labelling(root: Path, split: str, folder: Path) -> tuple[list[CorpusText], list[Predicted]]:
    """The corpus texts that folder holds labels for, and those labels as predictions."""
    if not folder.exists():
        raise ConfigError(f"second labels folder {folder} does not exist")
    if not folder.is_dir():
        raise ConfigError(f"second labels folder {folder} is not a folder")
    _check_names(folder, {text.text_id for text in load_corpus(root, "all")})
    texts: list[CorpusText] = []
    predicted: list[Predicted] = []
    for text in load_corpus(root, split):
        path = folder / f"{text.text_id}{LABELS_SUFFIX}"
        if not path.is_file():
            continue
        texts.append(text)
        labels = read_labels(path, text.text_id, text.document.text)
        predicted.extend(Predicted(text.text_id, index, _as_row(item)) for index, item in enumerate(labels))
    if not texts:
        raise ConfigError(f"{folder}: no labels for any text of the {split} split of {root}")
    return texts, predicted


def evaluate_agreement(
    root: Path, split: str, folder: Path, ref: Reference, floor: float
) -> dict[str, Evaluation]:
    """The second labeller and the extractor, each scored on the texts the second labeller labelled."""
    texts, predicted = second_labelling(root, split, folder)
    return {
        "second labeller": score_predictions(texts, predicted, root, split, floor, None),
        "extractor": evaluate(texts, ref, root, split, floor),
    }
