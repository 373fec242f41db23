"""The readers: each turns one rule's regex match into the span of days it stands for (a Read)."""

from __future__ import annotations

import calendar
import re
from dataclasses import replace
from datetime import date, timedelta
from typing import TYPE_CHECKING

from etl.extract.dates.model import (
    Context,
    Point,
    Read,
    month_end,
    months_span,
    norm,
    period_span,
    point_span,
    shift_month,
)

if TYPE_CHECKING:
    from etl.extract.dates.words import DateWords

# --- rules: each regex has a group "x" spanning the mention, and a builder turning a match into a Read --


def _point(m: re.Match[str], p: str, vocab: DateWords) -> Point | None:
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
    offset = vocab.deictic[norm(g[p + "dx"])] if g.get(p + "dx") else None
    return Point(day, month, year, offset, token.title() not in vocab.full_months)


def _year_of(point: Point, ctx: Context) -> int:
    if point.year is not None:
        return point.year
    ref = ctx.ref
    if point.year_offset is not None:
        return ref.year + point.year_offset
    # A sentence told in the past dates nothing after the reference, one told in the future nothing
    # before it.
    tense = ctx.tense()
    if tense == "past":
        return ref.year if (point.month, point.day or 1) <= (ref.month, ref.day) else ref.year - 1
    if tense == "future":
        return ref.year if (point.month, point.day or 31) >= (ref.month, ref.day) else ref.year + 1
    # The reference year, unless the month is far enough from the reference's to mean the neighbouring
    # year, or a qualifier such as "since" puts a later date in the year before.
    months_ahead, wrap = point.month - ref.month, ctx.vocab.year_wrap_months
    if months_ahead >= wrap:
        return ref.year - 1
    if months_ahead <= -wrap:
        return ref.year + 1
    past = ctx.qualifier() in ctx.vocab.past_qualifiers
    return ref.year - 1 if past and (point.month, point.day or 1) > (ref.month, ref.day) else ref.year


def read_single(m: re.Match[str], ctx: Context) -> Read | None:
    point = _point(m, "a", ctx.vocab)
    if point is None:
        return None
    # A month on its own ("in May") needs its full name and a word before it that makes it a date.
    alone = point.day is None and point.year is None and point.year_offset is None
    if alone and (point.abbreviated or not _month_triggered(ctx)):
        return None
    span = point_span(point, _year_of(point, ctx))
    if span is None:
        return None
    relative = point.year is None
    return Read(*span, "day" if point.day else "month", relative)


def _month_triggered(ctx: Context) -> bool:
    """Does a word before a lone month name make it a date ("in May", "since May", "July and August")?"""
    return bool(ctx.vocab.trigger_re.search(ctx.before) or ctx.vocab.listed_month_re.search(ctx.before))


def _connector_ok(m: re.Match[str], vocab: DateWords, adjacent: bool = False) -> bool:
    """A dash always joins a range; a word may need a lead ("between 17 and 18 June"), except between
    two adjacent days ("on 17 and 18 June" covers both days)."""
    word = norm(m.group("conn").strip(" \u00a0-\u2010\u2011\u2012\u2013\u2014\u2015\u2212"))
    needed = vocab.range_words.get(word) if word else None
    return needed is None or adjacent or norm(m.group("lead") or "") == needed


def _range(a: Point, b: Point, ctx: Context) -> Read | None:
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
    first, last = point_span(a, year_a), point_span(b, year_b)
    if first is None or last is None or first[0] > last[1]:
        return None
    return Read(first[0], last[1], "range", relative)


def read_days_range(m: re.Match[str], ctx: Context) -> Read | None:
    """17–18 June [2024]; between 17 and 18 June."""
    end = _point(m, "b", ctx.vocab)
    first = int(m.group("ad").rstrip("stndrh"))
    if end is None or end.day is None or first >= end.day:
        return None
    if not _connector_ok(m, ctx.vocab, adjacent=end.day == first + 1):
        return None
    return _range(replace(end, day=first, year=None, year_offset=None), end, ctx)


def read_month_days_range(m: re.Match[str], ctx: Context) -> Read | None:
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


def read_points_range(m: re.Match[str], ctx: Context) -> Read | None:
    """30 June–2 July 2024; March–October 2024; March 2023 to January 2024; between March and May."""
    start, end = _point(m, "a", ctx.vocab), _point(m, "b", ctx.vocab)
    if start is None or end is None or not _connector_ok(m, ctx.vocab):
        return None
    if (start.day is None) != (end.day is None):
        return None
    return _range(start, end, ctx)


def read_years_range(m: re.Match[str], ctx: Context) -> Read | None:
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
    return Read(date(first, 1, 1), date(last, 12, 31), "range", False)


def read_year(m: re.Match[str], ctx: Context) -> Read | None:
    """A bare four-digit year, unless it is an identifier ("resolution 2094") or a quantity ("2000 km")."""
    year = int(m.group("x"))
    if not ctx.vocab.year_ok(year) or _is_identifier(ctx):
        return None
    if _quantity_follows(ctx) and not ctx.vocab.despite_re.search(ctx.before):
        return None
    return Read(date(year, 1, 1), date(year, 12, 31), "year", False)


def read_cited_year(m: re.Match[str], ctx: Context) -> Read | None:
    """The year of a numbered act: "Regulation (EU) 2017/1509", "SI 2019/411"."""
    year = int(m.group("x"))
    if not ctx.vocab.year_ok(year):
        return None
    return Read(date(year, 1, 1), date(year, 12, 31), "year", False, role="citation")


def read_decade(m: re.Match[str], ctx: Context) -> Read | None:
    """the 1990s; the late 1990s."""
    first = int(m.group("dec"))
    part = norm(m.group("part")) if m.group("part") else None
    lo, hi = ctx.vocab.parts[part]["decade_years"] if part else (0, 9)
    if not ctx.vocab.year_ok(first):
        return None
    return Read(date(first + lo, 1, 1), date(first + hi, 12, 31), "range", False, part=part)


def read_part(m: re.Match[str], ctx: Context) -> Read | None:
    """early 2024, mid-June, late last month, the end of the year: a stretch of a year or a month."""
    vocab = ctx.vocab
    part = vocab.part_words[norm(m.group("part"))]
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
        offset = vocab.deictic_any[norm(m.group("pdx"))]
        unit = norm(m.group("unit"))
        first, _ = period_span(ctx.ref, unit, offset)
        year, month, relative = first.year, (first.month if unit == "month" else None), True
    if month is None:
        lo, hi = spec["year_months"]
        return Read(date(year, lo, 1), month_end(year, hi), "range", relative, part=part)
    lo, hi = spec["month_days"]
    last_day = calendar.monthrange(year, month)[1]
    return Read(date(year, month, lo), date(year, month, min(hi, last_day)), "range", relative, part)


def read_ordinal_part(m: re.Match[str], ctx: Context) -> Read | None:
    """the first quarter of 2024, the second half of the year, in the first quarter."""
    vocab = ctx.vocab
    months, precision = vocab.year_parts[norm(m.group("unit"))]
    count, number = 12 // months, vocab.ordinals[norm(m.group("ord"))]
    number = count if number == -1 else number
    if number > count:
        return None
    if m.group("y"):
        year, relative = int(m.group("y")), False
        if not vocab.year_ok(year):
            return None
    elif m.group("pdx"):
        year, relative = ctx.ref.year + vocab.deictic_any[norm(m.group("pdx"))], True
    else:
        # Without a year: "in the first quarter" means the reference year; "the last quarter" is left to
        # the deictic rule, where it means the quarter before the reference.
        if vocab.ordinals[norm(m.group("ord"))] == -1 or not vocab.trigger_re.search(ctx.before):
            return None
        year, relative = ctx.ref.year, True
    return Read(*months_span(year, (number - 1) * months + 1, months), precision, relative)


def read_lettered_part(m: re.Match[str], ctx: Context) -> Read | None:
    """Q1 2024, 2024Q1, 2024-Q1, H2 2023."""
    vocab = ctx.vocab
    months, precision = vocab.year_parts[vocab.letter_part[m.group("l1") or m.group("l2")]]
    number, year = int(m.group("n1") or m.group("n2")), int(m.group("y1") or m.group("y2"))
    if not 1 <= number <= 12 // months or not vocab.year_ok(year):
        return None
    return Read(*months_span(year, (number - 1) * months + 1, months), precision, False)


def read_deictic_period(m: re.Match[str], ctx: Context) -> Read | None:
    """this week, next month, last year, the coming quarter."""
    unit = norm(m.group("unit"))
    offset = ctx.vocab.deictic[norm(m.group("dx"))]
    return Read(*period_span(ctx.ref, unit, offset), ctx.vocab.periods[unit], True)


def read_anchored_period(m: re.Match[str], ctx: Context) -> Read | None:
    """later this year (reference to year end), earlier this month (month start to reference)."""
    if ctx.vocab.deictic[norm(m.group("dx"))] != 0:
        return None
    first, last = period_span(ctx.ref, norm(m.group("unit")), 0)
    if ctx.vocab.anchored[norm(m.group("anchor"))] == "after_reference":
        return Read(ctx.ref, last, "range", True)
    return Read(first, ctx.ref, "range", True)


def read_named_day(m: re.Match[str], ctx: Context) -> Read | None:
    """today, yesterday, tomorrow."""
    day = ctx.ref + timedelta(days=ctx.vocab.days[norm(m.group("x"))])
    return Read(day, day, "day", True)


# A fraction of a period counted in a smaller one ("half a year" is six months).
_SMALLER = {"year": ("month", 12), "week": ("day", 7)}


def _counted(ctx: Context, count_text: str | None, unit: str) -> tuple[int, str] | None:
    """How many of which period a count names ("two weeks", "half a year" = 6 months, none = 1)."""
    if count_text is None:
        return 1, unit
    words = ctx.vocab.number_words
    count = float(count_text) if count_text.isdigit() else float(words[count_text])
    if not count.is_integer():
        if unit not in _SMALLER or not (count * _SMALLER[unit][1]).is_integer():
            return None
        unit, count = _SMALLER[unit][0], count * _SMALLER[unit][1]
    return (int(count), unit) if count >= 1 else None


def read_ago(m: re.Match[str], ctx: Context) -> Read | None:
    """two weeks ago, 3 months ago, a year ago, half a year ago."""
    counted = _counted(ctx, norm(m.group("n")), ctx.vocab.ago_periods[norm(m.group("unit"))])
    if counted is None:
        return None
    count, unit = counted
    if unit == "day":
        day = ctx.ref - timedelta(days=count)
        return Read(day, day, "day", True)
    return Read(*period_span(ctx.ref, unit, -count), ctx.vocab.periods[unit], True)


def read_trailing(m: re.Match[str], ctx: Context) -> Read | None:
    """over the past year, in the last two months, the previous 12 months: up to the reference."""
    count_text = norm(m.group("n")) if m.group("n") else None
    counted = _counted(ctx, count_text, ctx.vocab.ago_periods[norm(m.group("unit"))])
    if counted is None:
        return None
    count, unit = counted
    ref = ctx.ref
    if unit in ("day", "week"):
        start = ref - timedelta(days=count * (7 if unit == "week" else 1))
    else:
        year, month = shift_month(ref.year, ref.month, -count * (12 if unit == "year" else 1))
        start = date(year, month, min(ref.day, calendar.monthrange(year, month)[1]))
    return Read(start, ref, "range", True)


def read_weekend(m: re.Match[str], ctx: Context) -> Read | None:
    """over the weekend, last weekend, next weekend, this weekend (as "next Tuesday": the first after)."""
    pick, ref = ctx.vocab.weekend_words[norm(m.group("x"))], ctx.ref
    if pick == "on_or_before" and ctx.tense() == "future":
        pick = "on_or_after"  # "will meet over the weekend"
    first = ref - timedelta(days=(ref.weekday() - ctx.vocab.weekend_first_day) % 7)  # latest weekend start
    holding = (ref - first).days < 2  # the reference is a Saturday or a Sunday
    if pick == "before" and holding:
        first -= timedelta(days=7)
    elif pick == "after" or (pick == "on_or_after" and not holding):
        first += timedelta(days=7)
    return Read(first, first + timedelta(days=1), "range", True)


def read_weekday(m: re.Match[str], ctx: Context) -> Read | None:
    """on Tuesday (latest on or before the reference), last Tuesday, next Tuesday."""
    pick = ctx.vocab.weekday_pick[norm(m.group("w"))]
    wanted, ref = ctx.vocab.weekday_of[m.group("wd")], ctx.ref
    if pick == "after":
        day = ref + timedelta(days=(wanted - ref.weekday()) % 7 or 7)
    else:
        back = (ref.weekday() - wanted) % 7
        day = ref - timedelta(days=back or (7 if pick == "before" else 0))
    return Read(day, day, "day", True)


def read_season(m: re.Match[str], ctx: Context) -> Read | None:
    """autumn 2023, the summer of 2024, last autumn, this winter."""
    first_month, length = ctx.vocab.seasons[norm(m.group("s1") or m.group("s2"))]
    if m.group("y"):
        year = int(m.group("y"))
        return (
            Read(*months_span(year, first_month, length), "range", False) if ctx.vocab.year_ok(year) else None
        )
    ref, offset = ctx.ref, ctx.vocab.deictic[norm(m.group("dx"))]
    spans = [months_span(year, first_month, length) for year in range(ref.year - 2, ref.year + 2)]
    if offset < 0:
        span = [s for s in spans if s[1] < ref][-1]
    elif offset > 0:
        span = [s for s in spans if s[0] > ref][0]
    else:
        span = next((s for s in spans if s[0] <= ref <= s[1]), spans[2])
    return Read(*span, "range", True)


def read_iso_day(m: re.Match[str], ctx: Context) -> Read | None:
    try:
        day = date(int(m.group("y")), int(m.group("mo")), int(m.group("d")))
    except ValueError:
        return None
    return Read(day, day, "day", False) if ctx.vocab.year_ok(day.year) else None


def read_iso_month(m: re.Match[str], ctx: Context) -> Read | None:
    year, month = int(m.group("y")), int(m.group("mo"))
    # "2011-12" in prose is the years 2011 to 2012 (left to the year-range rule), not December 2011.
    if not 1 <= month <= 12 or month == (year + 1) % 100 or not ctx.vocab.year_ok(year):
        return None
    return Read(date(year, month, 1), month_end(year, month), "month", False)


def read_numeric_day(m: re.Match[str], ctx: Context) -> Read | None:
    """17/06/2024 or 06/17/2024 only when one number is over 12; 05/06/2024 is ambiguous and skipped."""
    a, b, year = int(m.group("a")), int(m.group("b")), int(m.group("y"))
    if (a > 12) == (b > 12) or not ctx.vocab.year_ok(year):
        return None
    day, month = (a, b) if a > 12 else (b, a)
    try:
        found = date(year, month, day)
    except ValueError:
        return None
    return Read(found, found, "day", False)


# --- checks on the words around a mention -------------------------------------------------------------


def _is_identifier(ctx: Context) -> bool:
    before = ctx.before
    return bool(ctx.vocab.identifier_re.search(before) or ctx.vocab.identifier_list_re.search(before))


def _quantity_follows(ctx: Context) -> bool:
    word = ctx.vocab.next_word_re.match(ctx.after)
    return word is not None and word.group(1).lower() in ctx.vocab.quantity_words


def mention_role(ctx: Context) -> str:
    vocab, before, after = ctx.vocab, ctx.before, ctx.after
    if vocab.bracket_citation_re.search(before) and after.lstrip().startswith(")"):
        return "citation"
    if vocab.of_citation_re.search(before):
        return "citation"
    if vocab.manufacture_before_re.search(before) or vocab.manufacture_after_re.match(after):
        return "manufacture"
    return "event"
