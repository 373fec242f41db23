"""Infobox fields that state a dated fact of an agreement ("Date Effective: 2024-12-04",
"Date Ratified: 6 November (Russia), 11 November (North Korea)").

A field is no sentence of the story, but it may be the only place a text dates the entry into force or
the ratifications: it becomes an agreement item unless a sentence of the story states a fact of the same
date.
"""

from __future__ import annotations

import re
from dataclasses import replace

from etl.extract.dates import DateMention
from etl.extract.mentions import SentenceView
from etl.extract.reading import Candidate, Reading, make_candidate
from etl.extract.reference import Reference
from etl.extract.roles import Parties, Roles, pair_parties

_FIELD = re.compile(r"\W*(?P<key>[A-Z][^:]{0,40}):\s*(?P<value>\S.*)")


def _field_date(view: SentenceView, value_start: int) -> DateMention | None:
    """The date the field's value gives; several dates of one act ("6 November …, 11 November …") span
    a range from the first to the last."""
    dates = [d for d in view.dates if d.resolved and d.date_start and d.start >= value_start]
    if len(dates) <= 1:
        return dates[0] if dates else None
    first, last = dates[0], dates[-1]
    starts = [d.date_start for d in dates if d.date_start is not None]
    ends = [d.date_end or d.date_start for d in dates if d.date_start is not None]
    ends = [e for e in ends if e is not None]
    text = view.sentence.text[first.start : last.end]
    return replace(
        first, end=last.end, text=text, date_start=min(starts), date_end=max(ends), precision="range"
    )


def _field(view: SentenceView, roles: Roles, dyad: tuple[str, ...], ref: Reference) -> Candidate | None:
    found = _FIELD.fullmatch(view.sentence.text)
    if found is None or not ref.cue_patterns["agreement_fields"].search(found.group("key")):
        return None
    mention = _field_date(view, found.start("value"))
    if mention is None:
        return None
    parties = pair_parties(roles)
    if not (parties.supplier and parties.recipient) and len(dyad) == 2:
        parties = Parties(dyad[0], dyad[1], "between")
    reading = Reading(view, roles, [], dyad, ref)
    return make_candidate(reading, "agreement", parties, "reported", 0.7, (mention, "sentence"))


def agreement_fields(
    views: list[SentenceView],
    roles: list[Roles],
    dyad: tuple[str, ...],
    ref: Reference,
    told: list[Candidate],
) -> list[Candidate]:
    """Agreement items from the infobox fields of a text that names an agreement, leaving out the dates
    a sentence of the story already gives an agreement (told: the story's candidates)."""
    if not any(v.cues["agreement_cues"] for v in views):
        return []
    dated = {c.date.date_start for c in told if c.category == "agreement" and c.date is not None}
    found = []
    for view, view_roles in zip(views, roles, strict=True):
        if view.sentence.story:
            continue
        candidate = _field(view, view_roles, dyad, ref)
        if candidate is not None and candidate.date is not None and candidate.date.date_start not in dated:
            found.append(candidate)
    return found
