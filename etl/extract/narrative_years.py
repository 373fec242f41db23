"""The year a narrative gives a day it names without one: "Kim Jong Un travelled to Russia in September
2023. On 13 September, he met Putin …" is 13 September 2023, not the publication year's."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from etl.extract.dates import DateMention
from etl.extract.mentions import SentenceView

__all__ = ["carry_years"]

_YEAR = re.compile(r"\b\d{4}\b")
# A relative clause still open before the date ("The Panel, whose mandate the Council last renewed in
# March 2023, …"): background, which the narrative does not go on from.
_IN_RELATIVE = re.compile(r"\b(?:whose|which|who|whom)\b[^,;.]*$")
# A day and a month as written ("13 September", "September 13"), no deictic word ("last month").
_DAY_MONTH = re.compile(r"^(?:\d{1,2}(?:st|nd|rd|th)?\s+[A-Z][a-z]+|[A-Z][a-z]+\s+\d{1,2}(?:st|nd|rd|th)?)$")


def carry_years(views: list[SentenceView]) -> None:
    """Give a yearless day the year of the month-and-year the paragraph named just before it, when the day
    falls in that month or the next ("in September 2023 … On 13 September"); other dates keep theirs."""
    named: tuple[int, int, int] | None = None  # (paragraph, year, month) last written with its year
    for view in views:
        paragraph = view.sentence.paragraph
        if named is not None and named[0] != paragraph:
            named = None
        dates = list(view.dates)
        for index, mention in enumerate(dates):
            if mention.date_start is None:
                continue
            if _YEAR.search(mention.text) and mention.precision in ("month", "day"):
                if not _IN_RELATIVE.search(view.sentence.text, 0, mention.start):
                    named = (paragraph, mention.date_start.year, mention.date_start.month)
            elif named is not None and _carried(mention, named[1], named[2]):
                # "in December 2023 … On 2 January": the next month is in the next year.
                year = named[1] + (1 if mention.date_start.month < named[2] else 0)
                dates[index] = _in_year(mention, year)
        view.dates[:] = dates


def _carried(mention: DateMention, year: int, month: int) -> bool:
    start = mention.date_start
    return (
        start is not None
        and mention.relative
        and _DAY_MONTH.match(mention.text) is not None
        and (start.month - month) % 12 in (0, 1)
        and start.year != year + (1 if start.month < month else 0)
    )


def _in_year(mention: DateMention, year: int) -> DateMention:
    """The mention moved into the year, its span kept."""
    start, end = mention.date_start, mention.date_end
    assert start is not None and end is not None
    shift = year - start.year
    return replace(mention, date_start=_year_of(start, year), date_end=_year_of(end, end.year + shift))


def _year_of(day: date, year: int) -> date:
    """The same day in another year (29 February becomes 28 February)."""
    try:
        return day.replace(year=year)
    except ValueError:
        return day.replace(year=year, day=28)
