"""One event a document tells in several sentences ("Russia's veto … its veto today"): the mentions it
leaves undated take the date its dated mention gives."""

from __future__ import annotations

from etl.extract.dates import DateMention
from etl.extract.mentions import SentenceView
from etl.extract.reading import Candidate

# Only acts of which a document tells one: a text on "the veto" means one veto, and the abstention it
# tells is cast in the same vote (a third state's link to the vetoing one).
_SINGLE_EVENT_CATEGORIES = frozenset({"sanctions_action", "third_party_link"})


def date_single_events(views: list[SentenceView], candidates: list[Candidate]) -> None:
    """Date every undated sanctions action or third-state link whose sentence names the document's single
    event (a veto, an abstention in its vote) with the one date the document gives that event; several
    dates for it mean several events: none."""
    given = _dates_given(views)
    if len({(d.date_start, d.date_end, d.precision) for d in given}) != 1:
        return
    for candidate, view in _undated(views, candidates):
        if view.cues["single_events"]:
            candidate.date, candidate.date_source = given[0], "document"


def _dates_given(views: list[SentenceView]) -> list[DateMention]:
    """The date nearest each mention of the event in its own clause, where the clause holds one."""
    found: list[DateMention] = []
    for view in views:
        for noun in view.cues["single_events"]:
            start, end = view.clause(noun.start)
            dated = [
                d
                for d in view.dates
                if d.role == "event" and d.resolved and d.date_start and start <= d.start and d.end <= end
            ]
            if dated:
                found.append(min(dated, key=lambda d: abs(d.start - noun.start)))
    return found


def _undated(views: list[SentenceView], candidates: list[Candidate]) -> list[tuple[Candidate, SentenceView]]:
    by_start = {view.sentence.start: view for view in views}
    return [
        (c, by_start[c.char_start])
        for c in candidates
        if c.category in _SINGLE_EVENT_CATEGORIES
        and c.date is None
        and c.date_source == "publication"
        and c.char_start in by_start
    ]
