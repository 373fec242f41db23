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
    opened = [i for i, v in enumerate(same) if _labelled(labels, v.sentence.text)]
    answered = [i for i, v in enumerate(same) if _ANSWER_LABEL.match(v.sentence.text)]
    return bool(opened) and not [i for i in answered if i > opened[-1]]


# Who speaks, before a question label in a parliamentary record ("Lord Pemberton: To ask …", "Gareth
# Pryce (Harlow Vale) (Con): What assessment …").
_SPEAKER_PREFIX = re.compile(r"[A-Z][^:.?!\n]{0,80}:\s*")


def _labelled(labels: re.Pattern[str], text: str) -> bool:
    """Does a question label open the line, or follow its speaker's name?"""
    prefix = _SPEAKER_PREFIX.match(text)
    return bool(labels.match(text) or (prefix and labels.match(text, prefix.end())))


# Who answers, after a question in the same line ("A: …", "MR MILLER: …").
_ANSWER_LABEL = re.compile(r"\A(?:A|ANSWER|Answer|(?:MR|MS|MRS|DR)\.?\s+[A-Z]+)\s*:")
