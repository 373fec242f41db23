"""Words quoted first and attributed after ("“We condemn the DPRK …,” John Kirby told reporters."): the
speaker named after the closing quote says them, whoever "we" is inside."""

from __future__ import annotations

import re

from etl.extract.mentions import SentenceView, Span
from etl.extract.roles import Roles

__all__ = ["attribution_speaker", "quoted_speaker"]

_QUOTE = re.compile(r"[“\"]([^“”\"]+)[”\"]")
# Between the closing quote and the verb that attributes it: a comma, then the speaker's name and titles.
_TO_VERB = re.compile(r"\s*,?\s*(?:[\w’'.()-]+\s+){0,10}")
_SPEAKER_ROLES = ("source", "bare", "possessor")


def quoted_speaker(view: SentenceView, roles: Roles, position: int) -> Span | None:
    """The actor named in the attribution after the quotation holding position ("…,” Kirby said.", "…,”
    National Security Council spokesman John Kirby told reporters."); None when the quotation is a phrase
    inside the sentence ("called it “a grave threat”") or no verb of saying follows it."""
    text, cues = view.sentence.text, view.cues
    for quote in _QUOTE.finditer(text):
        if not quote.start(1) <= position < quote.end(1):
            continue
        if not (quote.group(1).rstrip().endswith(",") or text[quote.end() :].lstrip().startswith(",")):
            return None
        verbs = [
            v
            for v in cues["reporting_verbs"] + cues["speech_verbs"]
            if v.start >= quote.end() and _TO_VERB.fullmatch(text, quote.end(), v.start)
        ]
        if not verbs:
            return None
        verb = min(verbs, key=lambda v: v.start)
        speakers = [
            s for s, r in roles if quote.end() <= s.start and s.end <= verb.end + 60 and r in _SPEAKER_ROLES
        ]
        return speakers[0] if speakers else None
    return None


def attribution_speaker(view: SentenceView, roles: Roles) -> Span | None:
    """The speaker of the sentence's first quotation attributed after it, if any."""
    quote = _QUOTE.search(view.sentence.text)
    return quoted_speaker(view, roles, quote.start(1)) if quote else None
