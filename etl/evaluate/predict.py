"""Run the refresh's own reading of a document (parse, extract, normalise) on each corpus text."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from etl.errors import MonitorError
from etl.evaluate.corpus import CorpusText
from etl.extract.reference import Reference


@dataclass(frozen=True)
class Predicted:
    """One item the extractor produced for a corpus text, as the items table would hold it."""

    text_id: str
    index: int
    row: Mapping[str, Any]

    @property
    def start(self) -> int:
        return int(self.row["char_start"])

    @property
    def end(self) -> int:
        return int(self.row["char_end"])

    @property
    def category(self) -> str:
        return str(self.row["category"])

    @property
    def confidence(self) -> float:
        return float(self.row["confidence"])


class ExtractionFailed(MonitorError):
    """The extractor raised on a corpus text; the refresh would have skipped it."""


def predict(text: CorpusText, ref: Reference) -> list[Predicted]:
    """The item rows a refresh would store for this text, in reading order."""
    from etl.pipeline import Issue, read_document

    issues: list[Issue] = []
    read = read_document(text.source, text.source.path.parent, ref, issues)
    if read is None:
        reasons = "; ".join(issue.message for issue in issues if issue.level == "error")
        raise ExtractionFailed(f"{text.source.path}: {reasons or 'could not be read'}")
    return [Predicted(text.text_id, index, row) for index, row in enumerate(read.items)]


def predict_document(text: CorpusText, ref: Reference) -> list[Predicted]:
    """The item rows a refresh would make from a document already parsed (one held in the store)."""
    from etl.pipeline import Issue, extract_document

    issues: list[Issue] = []
    read = extract_document(text.document, text.text_id, ref, issues)
    if read is None:
        reasons = "; ".join(issue.message for issue in issues if issue.level == "error")
        raise ExtractionFailed(f"document {text.text_id}: {reasons or 'could not be read'}")
    return [Predicted(text.text_id, index, row) for index, row in enumerate(read.items)]
