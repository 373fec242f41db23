"""Questions: a sentence that asks, or a line a question label opens ("QUESTION: …", "Q: …", "To ask
His Majesty's Government …"), tells nothing as fact; who asks states no position of the publisher."""

from __future__ import annotations

import re

from etl.extract.mentions import SentenceView
from etl.extract.reference import Reference

# A question that presupposes what it asks about ("Why did Russia veto the renewal …?"): it tells the act.
_PRESUPPOSING = re.compile(r"\A\W*Why\s+(?:did|does|do|has|have|had|was|were|is|are)\b", re.IGNORECASE)


def asked(view: SentenceView, context: list[SentenceView], ref: Reference) -> bool:
    """Is the sentence a question, or in a line a question label opens, before any answer's label?"""
    text = view.sentence.text
    if text.rstrip(" \"”’'").endswith("?"):
        return not _PRESUPPOSING.match(text)
    labels = ref.cue_patterns["question_labels"]
    same = [v for v in context if v.sentence.paragraph == view.sentence.paragraph] + [view]
    opened = [i for i, v in enumerate(same) if labels.match(v.sentence.text)]
    answered = [i for i, v in enumerate(same) if _ANSWER_LABEL.match(v.sentence.text)]
    return bool(opened) and not [i for i in answered if i > opened[-1]]


# Who answers, after a question in the same line ("A: …", "MR MILLER: …").
_ANSWER_LABEL = re.compile(r"\A(?:A|ANSWER|Answer|(?:MR|MS|MRS|DR)\.?\s+[A-Z]+)\s*:")
