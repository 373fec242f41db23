"""When a sanctions action happened: the date in its clause and near it, its resolution's adoption, or
the publication day for the publisher's act in progress or its stated position."""

from __future__ import annotations

from etl.extract.dates import DateMention
from etl.extract.mentions import Span
from etl.extract.reading import Reading
from etl.extract.reference import Reference, ends_with_word
from etl.extract.roles import Parties

__all__ = ["DATE_REACH", "action_date", "distance", "progressive_at", "said_on"]

DATE_REACH = 120  # characters between an action (or a resolution) and the date that dates it


def distance(mention: DateMention, span: Span) -> int:
    """How far a date trails the span; a date before it ("Today, …", "On 28 March, …") opens its clause."""
    return max(mention.start - span.end, 0)


def _dated(reading: Reading, cue: Span, parties: Parties) -> tuple[DateMention | None, str]:
    """The date in the cue's clause and near it; a date only in another clause, or far off in a
    phrase of its own ("in the aftermath of a nuclear test conducted on 25 May"), dates something else."""
    events = [d for d in reading.view.dates if d.role == "event"]
    if not events:
        return reading.dated(cue.start, parties)
    start, end = reading.view.clause(cue.start)
    bounds = reading.ref.date_words.bound_qualifiers
    # A date that ends a period ("extended until 5 April 2016 the mandate") or one in a relative clause
    # after the act ("the group that it established on 12 June 2009") dates something else.
    relatives = [r.start for r in reading.view.cues["relative_pronouns"] if r.start > cue.end]
    near = [
        d
        for d in events
        if start <= d.start < end
        and distance(d, cue) <= DATE_REACH
        and d.qualifier not in bounds
        and not any(r < d.start for r in relatives)
    ]
    if not near:
        return None, "publication"
    return min(near, key=lambda d: abs(d.start - cue.start)), "sentence"


def action_date(
    reading: Reading, first: Span, parties: Parties, one_resolution: bool
) -> tuple[DateMention | None, str]:
    """The act's date: its clause's, else its resolution's adoption, else the publication day for the
    publisher's act in progress."""
    ref, actor = reading.ref, parties.supplier
    dated = _dated(reading, first, parties)
    if dated[0] is None and one_resolution and actor == ref.cue_words["resolution_body"][0]:
        # A provision of the resolution the document dated before is dated by its adoption.
        dated = (reading.resolution_date, "context") if reading.resolution_date else dated
    if dated[0] is None and actor == reading.publisher and progressive_at(ref, reading.text, first):
        dated = (None, "spoken")  # "The United States is also sanctioning …": done as the text is published
    return dated


def progressive_at(ref: Reference, text: str, word: Span) -> bool:
    """Is the word an -ing verb after a present auxiliary ("is also sanctioning", "are designating")?"""
    before = text[max(0, word.start - 40) : word.start]
    return word.text.endswith("ing") and bool(
        ends_with_word(ref.cue_words["present_auxiliaries"], True).search(before)
    )


def said_on(
    reading: Reading, position: Parties, dated: tuple[DateMention | None, str]
) -> tuple[DateMention | None, str]:
    """The voice of the document, or a delegate at the meeting it reports, states a position on the day
    it is published."""
    spoken = position.supplier == reading.publisher or reading.reports_delegates
    return (None, "spoken") if spoken else dated
