"""Questions: a sentence that asks, or a line a question label opens ("QUESTION: …", "Q: …", "To ask
His Majesty's Government …"), tells nothing as fact; who asks states no position of the publisher."""

from __future__ import annotations

from etl.extract.mentions import SentenceView
from etl.extract.reference import Reference


def asked(view: SentenceView, context: list[SentenceView], ref: Reference) -> bool:
    """Is the sentence a question, or in a paragraph a question label opens?"""
    if view.sentence.text.rstrip(" \"”’'").endswith("?"):
        return True
    labels = ref.cue_patterns["question_labels"]
    same = [v for v in context if v.sentence.paragraph == view.sentence.paragraph]
    return any(labels.match(v.sentence.text) for v in [*same, view])
