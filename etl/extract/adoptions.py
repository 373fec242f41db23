"""When the document's resolutions were adopted: the date a sentence gives a resolution, kept by its
number, so that a later provision of that resolution, and not of another one, takes it."""

from __future__ import annotations

import re

from etl.extract.dates import DateMention
from etl.extract.mentions import SentenceView

__all__ = ["Adoptions", "resolution_numbers"]

_NUMBER = re.compile(r"\s+(\d{3,4})\b(?:\s*\((\d{4})\))?")


def resolution_numbers(view: SentenceView) -> dict[str, int | None]:
    """The numbers of the resolutions a sentence names, in order, each with the year written after it
    ("resolution 2207 (2015)")."""
    text = view.sentence.text
    found = (_NUMBER.match(text, c.end) for c in view.cues["resolution_cues"])
    return {m.group(1): int(m.group(2)) if m.group(2) else None for m in found if m}


class Adoptions:
    """Adoption dates read so far: by resolution number, and the last one read."""

    def __init__(self) -> None:
        self._by_number: dict[str, DateMention] = {}
        self._last: DateMention | None = None
        self._last_unnumbered = False  # the last date was given to a resolution the sentence did not number

    def for_sentence(self, view: SentenceView) -> DateMention | None:
        """The adoption date that dates the sentence's provisions: its resolution's, else the last one
        read when the sentence numbers none (or numbers one of that year, and the last date was of a
        resolution not numbered where it was given)."""
        numbers = resolution_numbers(view)
        if not numbers:
            return self._last
        known = next((self._by_number[n] for n in numbers if n in self._by_number), None)
        # A resolution numbered here takes the last date given to no number only when its year, written
        # after it, is that date's ("adopting resolution 2356 (2017)"); "its resolution 2270" is older.
        year = self._last.date_start.year if self._last and self._last.date_start else None
        same_year = year is not None and year in numbers.values()
        return known or (self._last if self._last_unnumbered and same_year else None)

    def note(self, view: SentenceView, adopted: DateMention | None, numbered: bool = True) -> None:
        """Keep the adoption date a sentence gives, under the first resolution it numbers when the date
        is the resolution's own (numbered), not that of an act the sentence tells."""
        if adopted is None:
            return
        # A resolution written with another year ("under resolution 1718 (2006)" in a sentence on an act
        # of today) was adopted some other day.
        year = adopted.date_start.year if adopted.date_start else None
        numbers = [n for n, y in resolution_numbers(view).items() if numbered and y in (None, year)]
        if numbers:
            self._by_number.setdefault(numbers[0], adopted)
        self._last, self._last_unnumbered = adopted, not numbers
