"""Split document text into paragraphs and sentences, keeping character offsets."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Hand-written because sentence-splitting libraries either need downloaded models or cost
# milliseconds per sentence; news and policy prose needs only these abbreviation rules.
_ABBREVIATIONS = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Gen|Lt|Col|Adm|Sgt|Prof|St|No|Nos|Art|para|paras|Jan|Feb|Mar|Apr|Jun|Jul|Aug|"
    r"Sep|Sept|Oct|Nov|Dec|approx|est|vs|cf|e\.g|i\.e|etc|U\.S|U\.K|U\.N|D\.P\.R\.K)|\b[A-Z])\.$"
)
_BOUNDARY = re.compile(r"[.!?…][’'\")\]]*\s+(?=[\"“‘'(\[]?[A-Z0-9])")
_PARAGRAPH = re.compile(r"\n\s*\n")


@dataclass(frozen=True)
class Sentence:
    """A sentence's span in the document and the paragraph it belongs to."""

    start: int
    end: int
    paragraph: int
    text: str


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def split_sentences(text: str) -> list[Sentence]:
    """Sentences in document order; offsets index into text."""
    sentences: list[Sentence] = []
    paragraph_start = 0
    paragraphs = [*(m.start() for m in _PARAGRAPH.finditer(text)), len(text)]
    for index, paragraph_end in enumerate(paragraphs):
        cursor = paragraph_start
        for boundary in _BOUNDARY.finditer(text, paragraph_start, paragraph_end):
            head = text[cursor : boundary.start() + 1]
            if _ABBREVIATIONS.search(head):
                continue
            start, end = _trimmed(text, cursor, boundary.end())
            if end > start:
                sentences.append(Sentence(start, end, index, text[start:end]))
            cursor = boundary.end()
        start, end = _trimmed(text, cursor, paragraph_end)
        if end > start:
            sentences.append(Sentence(start, end, index, text[start:end]))
        paragraph_start = paragraph_end
    return sentences
