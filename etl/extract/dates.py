"""Find dates in English text and say how precise each one is: day, month, quarter, year or range.

Written by hand because no library does this job: python-dateutil's fuzzy parser fills a missing day
with today's (a fake day for "September 2023") and knows no ranges, relative phrases, qualifiers or
citation years. Its vocabulary (month and weekday names, relative, part and qualifier words, units
that make a number a quantity) lives in datasets/reference/dates.yml; only the grammar is here.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import Any

from etl.errors import ConfigError
from etl.settings import PROJECT_ROOT
from etl.yaml_io import read_yaml

DATES_FILE = PROJECT_ROOT / "datasets" / "reference" / "dates.yml"

DASH = "[-\u2010\u2011\u2012\u2013\u2014\u2015\u2212]"  # hyphens, en and em dashes, minus
DAY = r"(?<![\d.,/])(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?!\d|[.,:]\d)"
YEAR = r"(?<![\d.,])\d{4}(?!\d|[.,]\d)"
THE = r"(?i:the)"
_WORD = re.compile(r"[^\W\d_]+|\d")  # words and single digits, for the quick cue test
_CONTEXT = 48  # characters either side of a mention that the qualifier and role checks read
_UNITS = ("week", "month", "quarter", "year")  # the periods _period() knows how to compute


@dataclass(frozen=True)
class DateMention:
    """One date written in a text, with the span of days it stands for."""

    start: int  # offset of the mention in the text passed in
    end: int  # exclusive
    text: str  # as written: "17–18 June", "next month"; qualifier words ("since") are not included
    date_start: date | None
    date_end: date | None
    precision: str  # day | month | quarter | year | range | unknown
    relative: bool  # needs the reference date: "next month", "in May", "19 June", "on Tuesday"
    resolved: bool  # False when relative and no reference was given (dates None, precision unknown)
    role: str  # event | citation (dates a document: "resolution 2397 (2017)") | manufacture
    qualifier: str | None  # since, until, by, before, after, around, early, mid, late


def find_dates(text: str, reference: date | None, words: DateWords | None = None) -> list[DateMention]:
    """All date mentions in text, left to right, non-overlapping (longest match wins).

    words: the compiled date vocabulary of a reference folder; the bundled dates.yml when omitted.
    """
    vocab = words or load_date_words()
    present = vocab.cues_in(text)
    found: list[tuple[int, int, _Read]] = []
    for cue, pattern, build in vocab.rules:
        if cue not in present:  # most sentences hold no date: skip the rules that cannot match
            continue
        for match in pattern.finditer(text):
            ctx = _Context(text, *match.span("x"), reference, vocab)
            try:
                read = build(match, ctx)
            except _NeedsReference:
                read = _UNRESOLVED
            if read is not None:
                found.append((ctx.start, ctx.end, read))
    return [_mention(text, start, end, read, vocab) for start, end, read in _longest_first(found)]


# --- what a rule reads, and the context it reads it in ------------------------------------------------


@dataclass(frozen=True)
class _Read:
    date_start: date | None
    date_end: date | None
    precision: str
    relative: bool
    part: str | None = None  # early / mid / late when the words said so
    role: str | None = None  # set when the form alone decides it ("2017/1509" cites a regulation)


_UNRESOLVED = _Read(None, None, "unknown", True)


class _NeedsReference(Exception):
    """A relative date met a missing reference: the mention is kept, unresolved."""


@dataclass(frozen=True)
class _Context:
    text: str
    start: int
    end: int
    reference: date | None
    vocab: DateWords

    @property
    def ref(self) -> date:
        if self.reference is None:
            raise _NeedsReference
        return self.reference

    @property
    def before(self) -> str:
        return self.text[max(0, self.start - _CONTEXT) : self.start]

    @property
    def after(self) -> str:
        return self.text[self.end : self.end + _CONTEXT]

    def qualifier(self) -> str | None:
        found = self.vocab.qualifier_re.search(self.before)
        return self.vocab.qualifiers[_norm(found.group("q") or found.group("h"))] if found else None


@dataclass(frozen=True)
class _Point:
    """Day, month and year as written; year None when the text leaves it to the reference."""

    day: int | None
    month: int
    year: int | None
    year_offset: int | None  # "May last year" -> -1
    abbreviated: bool


# --- calendar arithmetic ------------------------------------------------------------------------------


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _shift_month(year: int, month: int, by: int) -> tuple[int, int]:
    y, m = divmod(year * 12 + month - 1 + by, 12)
    return y, m + 1


def _months(year: int, first: int, count: int) -> tuple[date, date]:
    """First day of month `first` to the last day of the count-th month (may cross into next year)."""
    return date(year, first, 1), _month_end(*_shift_month(year, first, count - 1))


def _period(ref: date, unit: str, offset: int) -> tuple[date, date]:
    """The week / month / quarter / year containing ref, moved by offset of them."""
    if unit == "week":  # ISO weeks run Monday to Sunday
        monday = ref - timedelta(days=ref.weekday()) + timedelta(weeks=offset)
        return monday, monday + timedelta(days=6)
    size = {"month": 1, "quarter": 3, "year": 12}[unit]
    first = ref.month if unit == "month" else (ref.month - 1) // size * size + 1
    return _months(*_shift_month(ref.year, first, offset * size), size)


def _point_span(point: _Point, year: int) -> tuple[date, date] | None:
    if point.day is None:
        return date(year, point.month, 1), _month_end(year, point.month)
    try:
        day = date(year, point.month, point.day)
    except ValueError:  # 29 February outside a leap year
        return None
    return day, day


# --- rules: each regex has a group "x" spanning the mention, and a builder turning a match into a _Read --


def _point(m: re.Match[str], p: str, vocab: DateWords) -> _Point | None:
    """The day, month and year groups named with prefix p ("a", "b"; d1/m1 day-first, m2/d2 month-first)."""
    g = m.groupdict()
    day_text, token = g.get(p + "d1") or g.get(p + "d2"), (g.get(p + "m1") or g[p + "m2"]).rstrip(".")
    month = vocab.month_of[token]
    day = int(day_text.rstrip("stndrh")) if day_text else None
    if day is not None and day > calendar.monthrange(2000, month)[1]:
        return None  # 31 June
    year = int(g[p + "y"]) if g.get(p + "y") else None
    if year is not None and not vocab.year_ok(year):
        return None
    offset = vocab.deictic[_norm(g[p + "dx"])] if g.get(p + "dx") else None
    return _Point(day, month, year, offset, token.title() not in vocab.full_months)


def _year_of(point: _Point, ctx: _Context) -> int:
    if point.year is not None:
        return point.year
    ref = ctx.ref
    if point.year_offset is not None:
        return ref.year + point.year_offset
    # The reference year, unless the month is far enough from the reference's to mean the neighbouring
    # year, or a qualifier such as "since" puts a later date in the year before.
    months_ahead, wrap = point.month - ref.month, ctx.vocab.year_wrap_months
    if months_ahead >= wrap:
        return ref.year - 1
    if months_ahead <= -wrap:
        return ref.year + 1
    past = ctx.qualifier() in ctx.vocab.past_qualifiers
    return ref.year - 1 if past and (point.month, point.day or 1) > (ref.month, ref.day) else ref.year


def _single(m: re.Match[str], ctx: _Context) -> _Read | None:
    point = _point(m, "a", ctx.vocab)
    if point is None:
        return None
    # A month on its own ("in May") needs its full name and a word before it that makes it a date.
    alone = point.day is None and point.year is None and point.year_offset is None
    if alone and (point.abbreviated or not ctx.vocab.trigger_re.search(ctx.before)):
        return None
    span = _point_span(point, _year_of(point, ctx))
    if span is None:
        return None
    relative = point.year is None
    return _Read(*span, "day" if point.day else "month", relative)


def _connector_ok(m: re.Match[str], vocab: DateWords, adjacent: bool = False) -> bool:
    """A dash always joins a range; a word may need a lead ("between 17 and 18 June"), except between
    two adjacent days ("on 17 and 18 June" covers both days)."""
    word = _norm(m.group("conn").strip(" \u00a0-\u2010\u2011\u2012\u2013\u2014\u2015\u2212"))
    needed = vocab.range_words.get(word) if word else None
    return needed is None or adjacent or _norm(m.group("lead") or "") == needed


def _range(a: _Point, b: _Point, ctx: _Context) -> _Read | None:
    """Two ends of a range; an end without a year takes the other's, crossing a year end if needed."""
    relative = a.year is None and b.year is None
    if a.year is None and a.year_offset is None:
        a = replace(a, year=b.year, year_offset=b.year_offset)
        rolled = -1
    elif b.year is None and b.year_offset is None:
        b = replace(b, year=a.year, year_offset=a.year_offset)
        rolled = 1
    else:
        rolled = 0
    year_a, year_b = _year_of(a, ctx), _year_of(b, ctx)
    if rolled and (year_a, a.month, a.day or 1) > (year_b, b.month, b.day or 31):  # "November–February 2024"
        year_a, year_b = (year_a - 1, year_b) if rolled < 0 else (year_a, year_b + 1)
    first, last = _point_span(a, year_a), _point_span(b, year_b)
    if first is None or last is None or first[0] > last[1]:
        return None
    return _Read(first[0], last[1], "range", relative)


def _days_range(m: re.Match[str], ctx: _Context) -> _Read | None:
    """17–18 June [2024]; between 17 and 18 June."""
    end = _point(m, "b", ctx.vocab)
    first = int(m.group("ad").rstrip("stndrh"))
    if end is None or end.day is None or first >= end.day:
        return None
    if not _connector_ok(m, ctx.vocab, adjacent=end.day == first + 1):
        return None
    return _range(replace(end, day=first, year=None, year_offset=None), end, ctx)


def _month_days_range(m: re.Match[str], ctx: _Context) -> _Read | None:
    """June 17–18[, 2024]."""
    start, last = _point(m, "a", ctx.vocab), int(m.group("bd").rstrip("stndrh"))
    if (
        start is None
        or start.day is None
        or not m.group("ad2")
        or start.year
        or start.year_offset is not None
    ):
        return None
    if last <= start.day or not _connector_ok(m, ctx.vocab, adjacent=last == start.day + 1):
        return None
    year = int(m.group("by")) if m.group("by") else None
    end = replace(start, day=last, year=year)
    if year is not None and not ctx.vocab.year_ok(year):
        return None
    return _range(start, end, ctx)


def _points_range(m: re.Match[str], ctx: _Context) -> _Read | None:
    """30 June–2 July 2024; March–October 2024; March 2023 to January 2024; between March and May."""
    start, end = _point(m, "a", ctx.vocab), _point(m, "b", ctx.vocab)
    if start is None or end is None or not _connector_ok(m, ctx.vocab):
        return None
    if (start.day is None) != (end.day is None):
        return None
    return _range(start, end, ctx)


def _years_range(m: re.Match[str], ctx: _Context) -> _Read | None:
    """2019–2021; 2023/24; between 2019 and 2021."""
    first, second = int(m.group("ay")), m.group("by")
    last = first // 100 * 100 + int(second) if len(second) == 2 else int(second)
    vocab = ctx.vocab
    if last <= first or not (vocab.year_ok(first) and vocab.year_ok(last)):
        return None
    if not m.group("slash") and not _connector_ok(m, vocab):
        return None
    if _is_identifier(ctx) or (_quantity_follows(ctx) and not vocab.despite_re.search(ctx.before)):
        return None
    return _Read(date(first, 1, 1), date(last, 12, 31), "range", False)


def _year(m: re.Match[str], ctx: _Context) -> _Read | None:
    """A bare four-digit year, unless it is an identifier ("resolution 2094") or a quantity ("2000 km")."""
    year = int(m.group("x"))
    if not ctx.vocab.year_ok(year) or _is_identifier(ctx):
        return None
    if _quantity_follows(ctx) and not ctx.vocab.despite_re.search(ctx.before):
        return None
    return _Read(date(year, 1, 1), date(year, 12, 31), "year", False)


def _cited_year(m: re.Match[str], ctx: _Context) -> _Read | None:
    """The year of a numbered act: "Regulation (EU) 2017/1509", "SI 2019/411"."""
    year = int(m.group("x"))
    if not ctx.vocab.year_ok(year):
        return None
    return _Read(date(year, 1, 1), date(year, 12, 31), "year", False, role="citation")


def _decade(m: re.Match[str], ctx: _Context) -> _Read | None:
    """the 1990s; the late 1990s."""
    first = int(m.group("dec"))
    part = _norm(m.group("part")) if m.group("part") else None
    lo, hi = ctx.vocab.parts[part]["decade_years"] if part else (0, 9)
    if not ctx.vocab.year_ok(first):
        return None
    return _Read(date(first + lo, 1, 1), date(first + hi, 12, 31), "range", False, part=part)


def _part(m: re.Match[str], ctx: _Context) -> _Read | None:
    """early 2024, mid-June, late last month, the end of the year: a stretch of a year or a month."""
    vocab = ctx.vocab
    part = vocab.part_words[_norm(m.group("part"))]
    spec = vocab.parts[part]
    if m.group("m2"):
        point = _point(m, "", vocab)
        if point is None:
            return None
        year, month, relative = _year_of(point, ctx), point.month, point.year is None
    elif m.group("yy"):
        year, month, relative = int(m.group("yy")), None, False
        if not vocab.year_ok(year):
            return None
    else:
        offset = vocab.deictic_any[_norm(m.group("pdx"))]
        unit = _norm(m.group("unit"))
        first, _ = _period(ctx.ref, unit, offset)
        year, month, relative = first.year, (first.month if unit == "month" else None), True
    if month is None:
        lo, hi = spec["year_months"]
        return _Read(date(year, lo, 1), _month_end(year, hi), "range", relative, part=part)
    lo, hi = spec["month_days"]
    last_day = calendar.monthrange(year, month)[1]
    return _Read(date(year, month, lo), date(year, month, min(hi, last_day)), "range", relative, part)


def _ordinal_part(m: re.Match[str], ctx: _Context) -> _Read | None:
    """the first quarter of 2024, the second half of the year, in the first quarter."""
    vocab = ctx.vocab
    months, precision = vocab.year_parts[_norm(m.group("unit"))]
    count, number = 12 // months, vocab.ordinals[_norm(m.group("ord"))]
    number = count if number == -1 else number
    if number > count:
        return None
    if m.group("y"):
        year, relative = int(m.group("y")), False
        if not vocab.year_ok(year):
            return None
    elif m.group("pdx"):
        year, relative = ctx.ref.year + vocab.deictic_any[_norm(m.group("pdx"))], True
    else:
        # Without a year: "in the first quarter" means the reference year; "the last quarter" is left to
        # the deictic rule, where it means the quarter before the reference.
        if vocab.ordinals[_norm(m.group("ord"))] == -1 or not vocab.trigger_re.search(ctx.before):
            return None
        year, relative = ctx.ref.year, True
    return _Read(*_months(year, (number - 1) * months + 1, months), precision, relative)


def _lettered_part(m: re.Match[str], ctx: _Context) -> _Read | None:
    """Q1 2024, 2024Q1, 2024-Q1, H2 2023."""
    vocab = ctx.vocab
    months, precision = vocab.year_parts[vocab.letter_part[m.group("l1") or m.group("l2")]]
    number, year = int(m.group("n1") or m.group("n2")), int(m.group("y1") or m.group("y2"))
    if not 1 <= number <= 12 // months or not vocab.year_ok(year):
        return None
    return _Read(*_months(year, (number - 1) * months + 1, months), precision, False)


def _deictic_period(m: re.Match[str], ctx: _Context) -> _Read | None:
    """this week, next month, last year, the coming quarter."""
    unit = _norm(m.group("unit"))
    offset = ctx.vocab.deictic[_norm(m.group("dx"))]
    return _Read(*_period(ctx.ref, unit, offset), ctx.vocab.periods[unit], True)


def _anchored_period(m: re.Match[str], ctx: _Context) -> _Read | None:
    """later this year (reference to year end), earlier this month (month start to reference)."""
    if ctx.vocab.deictic[_norm(m.group("dx"))] != 0:
        return None
    first, last = _period(ctx.ref, _norm(m.group("unit")), 0)
    if ctx.vocab.anchored[_norm(m.group("anchor"))] == "after_reference":
        return _Read(ctx.ref, last, "range", True)
    return _Read(first, ctx.ref, "range", True)


def _named_day(m: re.Match[str], ctx: _Context) -> _Read | None:
    """today, yesterday, tomorrow."""
    day = ctx.ref + timedelta(days=ctx.vocab.days[_norm(m.group("x"))])
    return _Read(day, day, "day", True)


def _ago(m: re.Match[str], ctx: _Context) -> _Read | None:
    """two weeks ago, 3 months ago, a year ago."""
    count_text = _norm(m.group("n"))
    count = int(count_text) if count_text.isdigit() else ctx.vocab.number_words[count_text]
    unit = ctx.vocab.ago_periods[_norm(m.group("unit"))]
    if unit == "day":
        day = ctx.ref - timedelta(days=count)
        return _Read(day, day, "day", True)
    return _Read(*_period(ctx.ref, unit, -count), ctx.vocab.periods[unit], True)


def _weekday(m: re.Match[str], ctx: _Context) -> _Read | None:
    """on Tuesday (latest on or before the reference), last Tuesday, next Tuesday."""
    pick = ctx.vocab.weekday_pick[_norm(m.group("w"))]
    wanted, ref = ctx.vocab.weekday_of[m.group("wd")], ctx.ref
    if pick == "after":
        day = ref + timedelta(days=(wanted - ref.weekday()) % 7 or 7)
    else:
        back = (ref.weekday() - wanted) % 7
        day = ref - timedelta(days=back or (7 if pick == "before" else 0))
    return _Read(day, day, "day", True)


def _season(m: re.Match[str], ctx: _Context) -> _Read | None:
    """autumn 2023, the summer of 2024, last autumn, this winter."""
    first_month, length = ctx.vocab.seasons[_norm(m.group("s1") or m.group("s2"))]
    if m.group("y"):
        year = int(m.group("y"))
        return _Read(*_months(year, first_month, length), "range", False) if ctx.vocab.year_ok(year) else None
    ref, offset = ctx.ref, ctx.vocab.deictic[_norm(m.group("dx"))]
    spans = [_months(year, first_month, length) for year in range(ref.year - 2, ref.year + 2)]
    if offset < 0:
        span = [s for s in spans if s[1] < ref][-1]
    elif offset > 0:
        span = [s for s in spans if s[0] > ref][0]
    else:
        span = next((s for s in spans if s[0] <= ref <= s[1]), spans[2])
    return _Read(*span, "range", True)


def _iso_day(m: re.Match[str], ctx: _Context) -> _Read | None:
    try:
        day = date(int(m.group("y")), int(m.group("mo")), int(m.group("d")))
    except ValueError:
        return None
    return _Read(day, day, "day", False) if ctx.vocab.year_ok(day.year) else None


def _iso_month(m: re.Match[str], ctx: _Context) -> _Read | None:
    year, month = int(m.group("y")), int(m.group("mo"))
    # "2011-12" in prose is the years 2011 to 2012 (left to the year-range rule), not December 2011.
    if not 1 <= month <= 12 or month == (year + 1) % 100 or not ctx.vocab.year_ok(year):
        return None
    return _Read(date(year, month, 1), _month_end(year, month), "month", False)


def _numeric_day(m: re.Match[str], ctx: _Context) -> _Read | None:
    """17/06/2024 or 06/17/2024 only when one number is over 12; 05/06/2024 is ambiguous and skipped."""
    a, b, year = int(m.group("a")), int(m.group("b")), int(m.group("y"))
    if (a > 12) == (b > 12) or not ctx.vocab.year_ok(year):
        return None
    day, month = (a, b) if a > 12 else (b, a)
    try:
        found = date(year, month, day)
    except ValueError:
        return None
    return _Read(found, found, "day", False)


# --- checks on the words around a mention -------------------------------------------------------------


def _is_identifier(ctx: _Context) -> bool:
    before = ctx.before
    return bool(ctx.vocab.identifier_re.search(before) or ctx.vocab.identifier_list_re.search(before))


def _quantity_follows(ctx: _Context) -> bool:
    word = ctx.vocab.next_word_re.match(ctx.after)
    return word is not None and word.group(1).lower() in ctx.vocab.quantity_words


def _role(ctx: _Context) -> str:
    vocab, before, after = ctx.vocab, ctx.before, ctx.after
    if vocab.bracket_citation_re.search(before) and after.lstrip().startswith(")"):
        return "citation"
    if vocab.of_citation_re.search(before):
        return "citation"
    if vocab.manufacture_before_re.search(before) or vocab.manufacture_after_re.match(after):
        return "manufacture"
    return "event"


def _mention(text: str, start: int, end: int, read: _Read, vocab: DateWords) -> DateMention:
    ctx = _Context(text, start, end, None, vocab)
    return DateMention(
        start=start,
        end=end,
        text=text[start:end],
        date_start=read.date_start,
        date_end=read.date_end,
        precision=read.precision,
        relative=read.relative,
        resolved=read.date_start is not None,
        role=read.role or _role(ctx),
        qualifier=ctx.qualifier() or read.part,
    )


def _longest_first(found: list[tuple[int, int, _Read]]) -> list[tuple[int, int, _Read]]:
    """Keep the longest of overlapping candidates (the earlier one on a tie), in text order."""
    kept: list[tuple[int, int, _Read]] = []
    for start, end, read in sorted(found, key=lambda f: (f[0] - f[1], f[0])):
        if all(end <= s or start >= e for s, e, _ in kept):
            kept.append((start, end, read))
    return sorted(kept, key=lambda f: f[0])


# --- vocabulary: loaded once from dates.yml and compiled into the rules ------------------------------

Builder = Callable[[re.Match[str], _Context], _Read | None]


@dataclass(frozen=True)
class DateWords:
    year_bounds: tuple[int, int]
    year_wrap_months: int
    month_of: dict[str, int]
    full_months: frozenset[str]
    weekday_of: dict[str, int]
    weekday_pick: dict[str, str]
    seasons: dict[str, tuple[int, int]]
    deictic: dict[str, int]
    deictic_any: dict[str, int]
    periods: dict[str, str]
    anchored: dict[str, str]
    days: dict[str, int]
    number_words: dict[str, int]
    ago_periods: dict[str, str]
    ordinals: dict[str, int]
    year_parts: dict[str, tuple[int, str]]
    letter_part: dict[str, str]
    parts: dict[str, dict[str, tuple[int, int]]]
    part_words: dict[str, str]
    qualifiers: dict[str, str]
    past_qualifiers: frozenset[str]
    range_words: dict[str, str | None]
    quantity_words: frozenset[str]
    qualifier_re: re.Pattern[str]
    trigger_re: re.Pattern[str]
    identifier_re: re.Pattern[str]
    identifier_list_re: re.Pattern[str]
    despite_re: re.Pattern[str]
    next_word_re: re.Pattern[str]
    bracket_citation_re: re.Pattern[str]
    of_citation_re: re.Pattern[str]
    manufacture_before_re: re.Pattern[str]
    manufacture_after_re: re.Pattern[str]
    word_cues: dict[str, str]  # lower-case word -> the kind of cue it is ("end" -> part)
    name_cues: dict[str, str]  # month and weekday names as written, and digits -> their kind
    rules: tuple[tuple[str, re.Pattern[str], Builder], ...]

    def year_ok(self, year: int) -> bool:
        return self.year_bounds[0] <= year <= self.year_bounds[1]

    def cues_in(self, text: str) -> set[str]:
        """Which kinds of date word the text holds: one pass over its words, far cheaper than running
        every rule over a sentence that holds no date at all."""
        words = _WORD.findall(text)
        present = {self.name_cues[w] for w in words if w in self.name_cues}
        present.update(self.word_cues[w] for w in map(str.lower, words) if w in self.word_cues)
        return present


def _norm(words: str) -> str:
    return " ".join(words.lower().split())


def _alt(words: Iterable[str], case_sensitive: bool = False) -> str:
    """Alternation of phrases, longest first, any run of spaces between words."""
    ordered = sorted({w for w in words if w}, key=len, reverse=True)
    body = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered)
    return f"(?:{body})" if case_sensitive else f"(?i:{body})"


def _ends_with(words: Iterable[str], tail: str = r"\s+") -> re.Pattern[str]:
    """Matches when a text ends with one of the words (then `tail`): run on the text before a mention."""
    return re.compile(rf"(?<![\w])({_alt(words)}){tail}\Z")


def _names(names: Iterable[str]) -> list[str]:
    return [variant for name in names for variant in (name, name.upper())]


@cache
def load_date_words(path: Path = DATES_FILE) -> DateWords:
    """Read dates.yml once and compile the rules from it; a bad file raises ConfigError naming it."""
    data = read_yaml(path)
    try:
        return _compile(data)
    except (KeyError, TypeError, ValueError, AttributeError, re.error) as exc:
        raise ConfigError(f"Reference file {path} is malformed: {type(exc).__name__}: {exc}") from None


def _words(data: dict[str, Any], key: str) -> list[str]:
    values = data[key]
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise ValueError(f"'{key}' must be a list of words (quote on/no/yes/off)")
    return values


def _mapping(data: dict[str, Any], key: str) -> dict[str, Any]:
    values = data[key]
    if not isinstance(values, dict) or not all(isinstance(k, str) for k in values):
        raise ValueError(f"'{key}' must map words to values (quote on/no/yes/off)")
    return {_norm(k): v for k, v in values.items()}


def _compile(data: dict[str, Any]) -> DateWords:
    """Turn the YAML into lookup tables, context checks and rules."""
    month_names = {int(k): v for k, v in data["months"].items()}
    weekday_words = _mapping(data, "weekday_words")
    periods = _mapping(data, "periods")
    if not set(periods) <= set(_UNITS) or not set(_mapping(data, "ago_periods").values()) <= {"day", *_UNITS}:
        raise ValueError(f"'periods' and 'ago_periods' may only name {', '.join(_UNITS)} (and day)")
    qualifiers = {k.rstrip("-"): v for k, v in _mapping(data, "qualifiers").items()}
    hyphened = {_norm(k).rstrip("-") for k in data["qualifiers"] if k.endswith("-")}  # "pre-2014"
    citation = _alt(_words(data, "citation_words"))
    weekday_names = _names(data["weekdays"].values())
    return DateWords(
        year_bounds=(int(data["year_bounds"][0]), int(data["year_bounds"][1])),
        year_wrap_months=int(data["year_wrap_months"]),
        month_of={n: k for k, ns in month_names.items() for n in _names(ns)},
        full_months=frozenset(ns[0] for ns in month_names.values()),
        weekday_of={n: int(k) for k, name in data["weekdays"].items() for n in _names([name])},
        weekday_pick={k: str(v["pick"]) for k, v in weekday_words.items()},
        seasons={k: (int(v["first_month"]), int(v["months"])) for k, v in _mapping(data, "seasons").items()},
        deictic=_mapping(data, "deictic"),
        deictic_any=_mapping(data, "deictic") | _mapping(data, "deictic_after_part"),
        periods=periods,
        anchored=_mapping(data, "anchored"),
        days=_mapping(data, "days"),
        number_words=_mapping(data, "number_words"),
        ago_periods=_mapping(data, "ago_periods"),
        ordinals=_mapping(data, "ordinals"),
        year_parts={
            k: (int(v["months"]), str(v["precision"])) for k, v in _mapping(data, "year_parts").items()
        },
        letter_part={str(v["letter"]): k for k, v in _mapping(data, "year_parts").items()},
        parts={k: {n: tuple(v[n]) for n in v} for k, v in _mapping(data, "parts").items()},
        part_words=_mapping(data, "part_words"),
        qualifiers=qualifiers,
        past_qualifiers=frozenset(_words(data, "past_qualifiers")),
        range_words=_mapping(data, "range_words"),
        quantity_words=frozenset(w.lower() for w in _words(data, "quantity_words")),
        qualifier_re=re.compile(
            rf"(?<![\w])(?:(?P<q>{_alt(w for w in qualifiers if w not in hyphened)})\s+(?:{THE}\s+)?"
            rf"|(?P<h>{_alt(hyphened)}){DASH})\Z"
        ),
        trigger_re=_ends_with(_words(data, "month_triggers") + list(qualifiers)),
        identifier_re=_ends_with(_words(data, "identifier_words"), r"\s*"),
        identifier_list_re=re.compile(
            rf"(?<![\w])(?:{citation})\s+(?:[\w/.]*\d+(?:\s*\(\d{{4}}\))?\s*"
            rf"(?:{_alt(_words(data, 'list_words'))})\s*)+\Z"
        ),
        despite_re=_ends_with(_words(data, "year_despite_quantity")),
        next_word_re=re.compile(rf"\s*(?:{DASH}\s*)?(%|[^\W\d_]+(?:/[^\W\d_]+)?)"),
        bracket_citation_re=re.compile(r"(?<![\d.,])\d{3,4}\s*\(\s*\Z"),
        of_citation_re=re.compile(rf"(?<![\w])(?:{citation})\s+[\w/.]*\d+\s+(?i:of)\s+\Z"),
        manufacture_before_re=_ends_with(_words(data, "manufacture_before")),
        manufacture_after_re=re.compile(
            rf"(?:\s+{_alt(_words(data, 'manufacture_after'))}"
            rf"|{DASH}{_alt(_words(data, 'manufacture_hyphen_after'))})(?![\w])"
        ),
        word_cues=_cue_map(
            {
                "deictic": _lower(_mapping(data, "deictic")),
                "part": _lower(_mapping(data, "part_words")),
                "ordinal": _lower(_mapping(data, "year_parts")),
                "day": _lower(_mapping(data, "days")),
                "ago": _lower(_words(data, "ago_words")),
                "season": _lower(_mapping(data, "seasons")),
            }
        ),
        name_cues=_cue_map(
            {
                "month": [n for ns in month_names.values() for n in _names(ns)],
                "weekday": weekday_names,
                "digits": [str(d) for d in range(10)],
            }
        ),
        rules=tuple((cue, re.compile(pattern), build) for cue, pattern, build in _rules(data)),
    )


def _cue_map(cues: dict[str, Iterable[str]]) -> dict[str, str]:
    return {word: kind for kind, words in cues.items() for word in words}


def _lower(phrases: Iterable[str]) -> list[str]:
    """The longest word of each phrase, lower-cased ("end" for "the end of"): a rule for the phrase can
    only match where that word is."""
    return [max(reversed(_WORD.findall(p.lower())), key=len) for p in phrases if _WORD.search(p)]


def _rules(data: dict[str, Any]) -> list[tuple[str, str, Builder]]:
    """(cue the text must hold, regex, builder) for every form; the longest match wins later on."""
    month_names = [ns for ns in data["months"].values()]
    full = _names(ns[0] for ns in month_names)
    abbreviated = [re.escape(n) + r"\.?" for ns in month_names for n in _names(ns[1:])]
    month = rf"(?<![A-Za-z])(?:{'|'.join(sorted(full + abbreviated, key=len, reverse=True))})(?![A-Za-z])"
    weekday = rf"(?<![A-Za-z]){_alt(_names(data['weekdays'].values()), case_sensitive=True)}(?![A-Za-z])"
    periods = _mapping(data, "periods")
    deictic = _alt(_mapping(data, "deictic"))
    any_deictic = _alt(_mapping(data, "deictic") | _mapping(data, "deictic_after_part"))
    year_word = _alt(k for k, v in periods.items() if v == "year")
    part_units = _alt(k for k, v in periods.items() if v in ("month", "year"))  # what part words split
    conn = rf"(?P<conn>\s*{DASH}\s*|\s+{_alt(_mapping(data, 'range_words'))}\s+)"
    lead = rf"(?:(?P<lead>{_alt(_words(data, 'range_leads'))})\s+)?"
    sep = rf"(?:\s*{DASH}\s*|\s+)"
    seasons = _alt(_mapping(data, "seasons"))
    letters = _alt([str(v["letter"]) for v in data["year_parts"].values()], case_sensitive=True)
    start, end = r"(?<![\w])", r"(?![\w])"

    def point(p: str, with_weekday: bool = True) -> str:
        """A day and/or month with an optional year: 17 June 2024, June 17, 2024, the 17th of June, May."""
        wd = rf"(?:{weekday},?\s+)?" if with_weekday else ""
        return (
            rf"{wd}(?:(?:{THE}\s+)?(?P<{p}d1>{DAY})(?:\s+(?i:of))?\s+(?P<{p}m1>{month})"
            rf"|(?P<{p}m2>{month})(?:\s+(?P<{p}d2>{DAY}))?)"
            rf"(?:,?\s+(?P<{p}y>{YEAR})|\s+(?:(?i:of)\s+)?(?P<{p}dx>{deictic})\s+{year_word})?"
        )

    rules: list[tuple[str, str, Builder]] = [
        ("month", rf"{start}(?P<x>{lead}(?P<ad>{DAY}){conn}{point('b', False)})", _days_range),
        (
            "month",
            rf"{start}(?P<x>{lead}{point('a')}{conn}(?P<bd>{DAY})(?:,?\s+(?P<by>{YEAR}))?)",
            _month_days_range,
        ),
        ("month", rf"{start}(?P<x>{lead}{point('a')}{conn}{point('b')})", _points_range),
        ("month", rf"{start}(?P<x>{point('a')})", _single),
        (
            "digits",
            rf"(?<![\w/])(?P<x>{lead}(?P<ay>{YEAR})(?:{conn}|(?P<slash>/))(?P<by>\d{{4}}|\d\d)(?!\d))",
            _years_range,
        ),
        ("digits", rf"(?<![\w.,/$€£¥₩#])(?<!\d{DASH})(?P<x>\d{{4}})(?![\w%]|[.,/]\d|{DASH}\d)", _year),
        ("digits", r"(?<![\w/])(?P<x>\d{4})/\d{3,5}(?!\d)", _cited_year),
        (
            "digits",
            rf"(?<![\w.,])(?P<x>(?:(?P<part>{_alt(data['parts'])}){sep})?(?P<dec>\d{{3}}0)s){end}",
            _decade,
        ),
        (
            "digits",
            rf"{start}(?P<x>(?P<l1>{letters})(?P<n1>\d)\s*[-/]?\s*(?P<y1>{YEAR})"
            rf"|(?P<y2>{YEAR})\s*[-/]?\s*(?P<l2>{letters})(?P<n2>\d)){end}",
            _lettered_part,
        ),
        ("digits", r"(?<![\w.-])(?P<x>(?P<y>\d{4})-(?P<mo>\d\d)-(?P<d>\d\d))(?!\d)", _iso_day),
        ("digits", r"(?<![\w.-])(?P<x>(?P<y>\d{4})-(?P<mo>\d\d))(?![\w-]|[.,]\d)", _iso_month),
        (
            "digits",
            r"(?<![\w./-])(?P<x>(?P<a>\d{1,2})(?P<sep>[./])(?P<b>\d{1,2})(?P=sep)(?P<y>\d{4}))"
            r"(?![\w]|[./]\d)",
            _numeric_day,
        ),
        (
            "part",
            rf"{start}(?P<x>(?P<part>{_alt(_mapping(data, 'part_words'))}){sep}"
            rf"(?:(?P<m2>{month})(?:,?\s+(?P<y>{YEAR})|\s+(?P<dx>{deictic})\s+{year_word})?"
            rf"|(?P<yy>{YEAR})|(?P<pdx>{any_deictic})\s+(?P<unit>{part_units}))){end}",
            _part,
        ),
        (
            "ordinal",
            rf"{start}(?P<x>(?:{THE}\s+)?(?P<ord>{_alt(_mapping(data, 'ordinals'))})\s+"
            rf"(?P<unit>{_alt(_mapping(data, 'year_parts'))})"
            rf"(?:\s+(?i:of)\s+(?:(?P<y>{YEAR})|(?P<pdx>{any_deictic})\s+{year_word}))?){end}",
            _ordinal_part,
        ),
        (
            "deictic",
            rf"{start}(?P<x>(?P<anchor>{_alt(_mapping(data, 'anchored'))})\s+(?P<dx>{deictic})\s+"
            rf"(?P<unit>{_alt(periods)})){end}",
            _anchored_period,
        ),
        ("deictic", rf"{start}(?P<x>(?P<dx>{deictic})\s+(?P<unit>{_alt(periods)})){end}", _deictic_period),
        ("day", rf"{start}(?P<x>{_alt(_mapping(data, 'days'))}){end}", _named_day),
        (
            "ago",
            rf"{start}(?P<x>(?P<n>\d{{1,2}}|{_alt(_mapping(data, 'number_words'))})\s+"
            rf"(?P<unit>{_alt(_mapping(data, 'ago_periods'))})\s+{_alt(_words(data, 'ago_words'))}){end}",
            _ago,
        ),
        (
            "season",
            rf"{start}(?P<x>(?P<dx>{deictic})\s+(?P<s1>{seasons})"
            rf"|(?:{THE}\s+)?(?P<s2>{seasons})(?:\s+(?i:of))?\s+(?P<y>{YEAR})){end}",
            _season,
        ),
    ]
    for word, spec in _mapping(data, "weekday_words").items():
        said = rf"(?P<w>{_alt([word])})\s+"
        mention = (
            rf"(?P<x>{said}(?P<wd>{weekday}))" if spec["in_text"] else rf"{said}(?P<x>(?P<wd>{weekday}))"
        )
        rules.append(("weekday", start + mention, _weekday))
    return rules
