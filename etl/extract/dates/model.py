"""The shapes every date reader shares: a mention, what a rule reads, its context, calendar arithmetic."""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from etl.contract import DATE_PRECISIONS, DatePrecision
from etl.settings import PROJECT_ROOT

if TYPE_CHECKING:
    from etl.extract.dates.words import DateWords

DATES_FILE = PROJECT_ROOT / "datasets" / "reference" / "dates.yml"

DASH = "[-\u2010\u2011\u2012\u2013\u2014\u2015\u2212]"  # hyphens, en and em dashes, minus
DAY = r"(?<![\d.,/])(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?!\d|[.,:]\d)"
YEAR = r"(?<![\d.,])\d{4}(?!\d|[.,]\d)"
THE = r"(?i:the)"
WORD = re.compile(r"[^\W\d_]+|\d")  # words and single digits, for the quick cue test
CONTEXT_CHARS = 48  # characters either side of a mention that the qualifier and role checks read
UNITS = ("week", "month", "quarter", "year")  # the periods period_span() knows how to compute


@dataclass(frozen=True)
class DateMention:
    """One date written in a text, with the span of days it stands for."""

    start: int  # offset of the mention in the text passed in
    end: int  # exclusive
    text: str  # as written: "17–18 June", "next month"; qualifier words ("since") are not included
    date_start: date | None
    date_end: date | None
    precision: DatePrecision
    relative: bool  # needs the reference date: "next month", "in May", "19 June", "on Tuesday"
    resolved: bool  # False when relative and no reference was given (dates None, precision unknown)
    role: str  # event | citation (dates a document: "resolution 2397 (2017)") | manufacture
    qualifier: str | None  # since, until, by, before, after, around, early, mid, late


# --- what a rule reads, and the context it reads it in ------------------------------------------------


@dataclass(frozen=True)
class Read:
    date_start: date | None
    date_end: date | None
    precision: DatePrecision
    relative: bool
    part: str | None = None  # early / mid / late when the words said so
    role: str | None = None  # set when the form alone decides it ("2017/1509" cites a regulation)


UNRESOLVED = Read(None, None, "unknown", True)


class NeedsReference(Exception):
    """A relative date met a missing reference: the mention is kept, unresolved."""


@dataclass(frozen=True)
class Context:
    text: str
    start: int
    end: int
    reference: date | None
    vocab: DateWords

    @property
    def ref(self) -> date:
        if self.reference is None:
            raise NeedsReference
        return self.reference

    @property
    def before(self) -> str:
        return self.text[max(0, self.start - CONTEXT_CHARS) : self.start]

    @property
    def after(self) -> str:
        return self.text[self.end : self.end + CONTEXT_CHARS]

    def tense(self) -> str | None:
        """ "future" or "past" when the clause holding the mention is told so, else None."""
        start, end = 0, len(self.text)
        for m in _CLAUSE_BREAK.finditer(self.text):
            if m.end() <= self.start:
                start = m.end()
            elif m.start() >= self.end:
                end = m.start()
                break
        clause = self.text[start:end]
        if self.vocab.future_tense_re.search(clause):
            return "future"
        return "past" if self.vocab.past_tense_re.search(clause) else None

    def qualifier(self) -> str | None:
        found = self.vocab.qualifier_re.search(self.before)
        return self.vocab.qualifiers[norm(found.group("q") or found.group("h"))] if found else None


# Where a clause ends, for the tense of the words around a date ("while the mandate expired on 30 April
# — the Committee will still oversee …" tells 30 April in the past).
_CLAUSE_BREAK = re.compile(r"[;:()\u2013\u2014]|,\s+(?:and|but|while|whereas)\s+|\s+(?:while|but)\s+")


@dataclass(frozen=True)
class Point:
    """Day, month and year as written; year None when the text leaves it to the reference."""

    day: int | None
    month: int
    year: int | None
    year_offset: int | None  # "May last year" -> -1
    abbreviated: bool


# --- calendar arithmetic ------------------------------------------------------------------------------


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def shift_month(year: int, month: int, by: int) -> tuple[int, int]:
    y, m = divmod(year * 12 + month - 1 + by, 12)
    return y, m + 1


def months_span(year: int, first: int, count: int) -> tuple[date, date]:
    """First day of month `first` to the last day of the count-th month (may cross into next year)."""
    return date(year, first, 1), month_end(*shift_month(year, first, count - 1))


def period_span(ref: date, unit: str, offset: int) -> tuple[date, date]:
    """The week / month / quarter / year containing ref, moved by offset of them."""
    if unit == "week":  # ISO weeks run Monday to Sunday
        monday = ref - timedelta(days=ref.weekday()) + timedelta(weeks=offset)
        return monday, monday + timedelta(days=6)
    size = {"month": 1, "quarter": 3, "year": 12}[unit]
    first = ref.month if unit == "month" else (ref.month - 1) // size * size + 1
    return months_span(*shift_month(ref.year, first, offset * size), size)


def point_span(point: Point, year: int) -> tuple[date, date] | None:
    if point.day is None:
        return date(year, point.month, 1), month_end(year, point.month)
    try:
        day = date(year, point.month, point.day)
    except ValueError:  # 29 February outside a leap year
        return None
    return day, day


def norm(words: str) -> str:
    return " ".join(words.lower().split())


def alt(words: Iterable[str], case_sensitive: bool = False) -> str:
    """Alternation of phrases, longest first, any run of spaces between words."""
    ordered = sorted({w for w in words if w}, key=len, reverse=True)
    body = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered)
    return f"(?:{body})" if case_sensitive else f"(?i:{body})"


def ends_with(words: Iterable[str], tail: str = r"\s+") -> re.Pattern[str]:
    """Matches when a text ends with one of the words (then `tail`): run on the text before a mention."""
    return re.compile(rf"(?<![\w])({alt(words)}){tail}\Z")


def upper_variants(names: Iterable[str]) -> list[str]:
    return [variant for name in names for variant in (name, name.upper())]


def word_list(data: dict[str, Any], key: str) -> list[str]:
    values = data[key]
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise ValueError(f"'{key}' must be a list of words (quote on/no/yes/off)")
    return values


def mapping(data: dict[str, Any], key: str) -> dict[str, Any]:
    values = data[key]
    if not isinstance(values, dict) or not all(isinstance(k, str) for k in values):
        raise ValueError(f"'{key}' must map words to values (quote on/no/yes/off)")
    return {norm(k): v for k, v in values.items()}


Builder = Callable[[re.Match[str], Context], Read | None]


def as_precision(value: object) -> DatePrecision:
    """A precision named in dates.yml, checked against the contract's."""
    for known in DATE_PRECISIONS:
        if value == known:
            return known
    raise ValueError(f"{value!r} is not a date precision ({', '.join(DATE_PRECISIONS)})")
