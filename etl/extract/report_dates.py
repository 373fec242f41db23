"""Dates that belong to the telling, not to what is told: a report's, a briefing's or a meeting's
("declassified last week", "as we've heard today"), the day a speaker spoke ("told the Security Council
today", "…, the ministry said on Monday."), and a report's publication ("a report published on Thursday")."""

from __future__ import annotations

import re

from etl.extract.dates import DateMention
from etl.extract.mentions import THE_GAP, SentenceView

__all__ = ["dates_report"]

# Between a report word and its date: "report published on", "Today's meeting", "meeting in".
_REPORT_GAP = re.compile(r"(?:[’']s)?\s+(?:(?:published|released|issued|presented)\s+)?(?:on\s+|in\s+)?")
_OPENING = re.compile(r"(?i:on|in)?\s*")  # what may stand before a date that opens a sentence
# "On May 29, the United States", "On Thursday, the ministry": a subject of a few words, no clause break.
_OPENING_SUBJECT = re.compile(r",?\s+(?:[\w’'.-]+\s+){1,8}")
# A news outlet told something ("told VOA", "told the Associated Press"): the addressee of the saying.
_OUTLET = re.compile(r"\s+(?:the\s+)?[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,3}")
# A trailing attribution: the speaker after the last comma, the verb, its date, then the sentence's end
# ("North Korea sent 3,000 more troops, Seoul's spy agency said on Monday.").
_ATTRIBUTION_BEFORE = re.compile(r"[,”\"]\s*(?:[\w’'.-]+\s+){1,6}$")
_SENTENCE_END = re.compile(r"[\s.”\"’']*$")


def dates_report(view: SentenceView, date: DateMention) -> bool:
    """Is the date that of a report, a briefing, a meeting or a saying rather than of the event told?"""
    text = view.sentence.text
    gap = _REPORT_GAP.fullmatch
    return (
        any(gap(text, w.end, date.start) or gap(text, date.end, w.start) for w in view.cues["report_events"])
        or _dates_speech(view, date)
        or _opens_report(view, date)
    )


def _opens_report(view: SentenceView, date: DateMention) -> bool:
    """Does the date open a sentence whose subject then reports or acts on sanctions ("On May 29, the
    United States published analytical material confirming …", "On Thursday, the ministry said …", "Today
    the UK sanctioned three vessels that carried …")? It dates the report or the act; what they tell of is
    dated by its own words or not at all."""
    text = view.sentence.text
    if not _OPENING.fullmatch(text, 0, date.start):
        return False
    verbs = view.cues["reporting_verbs"] + view.cues["speech_verbs"] + view.cues["publishing_verbs"]
    verbs += view.cues["sanctions_action_cues"]  # "Today the UK sanctioned vessels that carried …"
    # The subject's own verb, not one inside it: not a participle naming a kind ("In 2023 the sanctioned
    # vessel Angara carried …"), nor a verb in a relative clause ("the troops that Ukraine says number …").
    return any(
        _OPENING_SUBJECT.fullmatch(text, date.end, verb.start)
        and not _INSIDE_SUBJECT.search(text, date.end, verb.start)
        for verb in verbs
    )


_INSIDE_SUBJECT = re.compile(
    r"\b(?:that|which|who|whom|whose|the|a|an)\s+$|\b(?:that|which|who|whom)\b", re.IGNORECASE
)


def _dates_speech(view: SentenceView, date: DateMention) -> bool:
    """Is the date that of a verb of saying and its addressee ("told the Security Council today", "told
    VOA on Monday"), or of a trailing attribution ("…, the ministry said on Monday.")? A date right after
    the verb alone inside the sentence ("said on Monday that 10,000 troops have been sent") is as often the
    event's, as the news wires write it."""
    text = view.sentence.text
    addressees = view.actors + view.cues["speech_addressees"]
    for verb in view.cues["speech_verbs"]:
        heard_ends = [h.end for h in addressees if THE_GAP.fullmatch(text, verb.end, h.start)]
        outlet = _OUTLET.match(text, verb.end)
        heard_ends += [outlet.end()] if outlet and verb.text.lower() == "told" else []
        if any(_REPORT_GAP.fullmatch(text, end, date.start) for end in heard_ends):
            return True
        trailing = (
            _REPORT_GAP.fullmatch(text, verb.end, date.start)
            and _SENTENCE_END.fullmatch(text, date.end)
            and _ATTRIBUTION_BEFORE.search(text, max(0, verb.start - 60), verb.start)
        )
        if trailing:
            return True
    return False
