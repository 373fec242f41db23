"""Cell values of indicator CSVs: periods (with their granularity) and numbers (decimal conventions).

Periods are parsed by hand from the formats in indicator_formats.yml because no library keeps the
granularity ("2024-06" is a month, not 1 June) or refuses to guess a day/month order. They are parsed
once per distinct string; the common forms (ISO days and months, years) as whole columns, the rest one
by one, so a daily series of 250,000 distinct dates costs no Python loop over them.
Numbers are converted with pyarrow's vectorised casts; separators are normalised first, and only when
the file's convention is unambiguous or declared.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from etl.indicators.formats import IndicatorFormats

EPOCH = date(1970, 1, 1)
GRANULARITIES = ("day", "month", "quarter", "year")


@dataclass
class PeriodColumn:
    """Periods parsed from distinct strings, as arrays with one entry per string.

    granularity is an index into GRANULARITIES, -1 where the string is not a period; dated is False
    where the start is unknown (not a period, or a day whose day/month order is not known).
    """

    days: np.ndarray  # int64 days since 1970-01-01 (0 where not dated)
    granularity: np.ndarray  # int64
    dated: np.ndarray  # bool
    order_problem: str | None = None  # a day/month order that is unknown or contradictory
    needs_order: bool = False  # True when the user should say day-first or month-first
    order_example: str | None = None  # a date whose order is in question, as written (03/04/2024)


def period_to_iso(days: int, granularity: str) -> str:
    """Readable label of a period start: 2024-06-01 (day), 2024-06 (month), 2024Q2, 2024."""
    start = date.fromordinal(EPOCH.toordinal() + days)
    if granularity == "day":
        return start.isoformat()
    if granularity == "month":
        return f"{start.year}-{start.month:02d}"
    if granularity == "quarter":
        return f"{start.year}Q{(start.month - 1) // 3 + 1}"
    return str(start.year)


def _match(text: str, formats: IndicatorFormats) -> tuple[str, dict[str, str]] | None:
    for fmt in formats.period_formats:
        found = fmt.pattern.fullmatch(text)
        if found:
            groups = {k: v for k, v in found.groupdict().items() if v is not None}
            if "mon" in groups and groups["mon"].lower() not in formats.month_by_name:
                continue
            return fmt.granularity, groups
    return None


def _order_evidence(matches: Sequence[tuple[str, dict[str, str]] | None]) -> tuple[str | None, str | None]:
    """Examples proving day-first (first number > 12) and month-first (second number > 12) order."""
    day_first = month_first = None
    for found in matches:
        if found and "a" in found[1]:
            a, b = int(found[1]["a"]), int(found[1]["b"])
            if a > 12 and day_first is None:
                day_first = f"{a}/{b}"
            if b > 12 and month_first is None:
                month_first = f"{a}/{b}"
    return day_first, month_first


def text_of(found: tuple[str, dict[str, str]]) -> str:
    g = found[1]
    return f"{int(g['a']):02d}/{int(g['b']):02d}/{g['y']}"


def parse_period_strings(
    texts: pa.Array | Sequence[str], formats: IndicatorFormats, day_first: bool | None
) -> PeriodColumn:
    """Parse distinct period strings; the day/month order comes from the user or from the column itself."""
    column = texts if isinstance(texts, pa.Array) else pa.array(list(texts), pa.string())
    days, codes = _parse_common(column, formats)
    rest = np.flatnonzero(codes < 0)
    each = _parse_each(column.take(pa.array(rest)).to_pylist(), formats, day_first)
    dated = codes >= 0
    known = np.array([d is not None for d in each.days], dtype=bool)
    days[rest[known]] = [d for d in each.days if d is not None]
    dated[rest[known]] = True
    codes[rest] = [GRANULARITIES.index(g) if g else -1 for g in each.granularity]
    return PeriodColumn(days, codes, dated, each.order_problem, each.needs_order, each.example)


@dataclass
class _Parsed:
    days: list[int | None]
    granularity: list[str | None]
    order_problem: str | None = None
    needs_order: bool = False
    example: str | None = None


def _parse_each(texts: Sequence[str], formats: IndicatorFormats, day_first: bool | None) -> _Parsed:
    """The per-string path, for the forms _parse_common leaves: None where a string is not a period."""
    matches = [_match(text.strip(), formats) for text in texts]
    result = _Parsed(days=[], granularity=[])
    example = ""
    order = day_first
    if order is None:
        proof_day, proof_month = _order_evidence(matches)
        if proof_day and proof_month:
            result.order_problem = (
                f"dates use both day-first ({proof_day}) and month-first ({proof_month}) order"
            )
        elif proof_day or proof_month:
            order = proof_day is not None
    for found in matches:
        if found is None:
            result.days.append(None)
            result.granularity.append(None)
            continue
        granularity, g = found
        if "a" in g:
            a, b = int(g["a"]), int(g["b"])
            if order is None and a != b:  # 03/04/2024 is 3 April or March 4; 05/05/2024 is either way
                result.needs_order = result.order_problem is None
                example = example or text_of(found)
                result.days.append(None)
                result.granularity.append(granularity)
                continue
            day, month_number = (a, b) if order in (None, True) else (b, a)
            g = {"y": g["y"], "d": str(day), "m": str(month_number)}
        month = int(g["m"]) if "m" in g else formats.month_by_name[g["mon"].lower()] if "mon" in g else 1
        if "q" in g:
            month = 3 * (int(g["q"]) - 1) + 1
        try:
            start = date(int(g["y"]), month, int(g.get("d", 1)))
        except ValueError:
            result.days.append(None)
            result.granularity.append(None)
            continue
        result.days.append(start.toordinal() - EPOCH.toordinal())
        result.granularity.append(granularity)
    if result.needs_order:
        result.order_problem = f"the day/month order of dates like {example} is ambiguous"
        result.example = example
    return result


# --- the common period formats, vectorised ---------------------------------------------------------

# ISO day, ISO month and year: the forms most downloads use, converted without a Python loop. Each is
# used only while the formats file reads it the same way (see _fast_forms_agree); other strings, and
# strings of these forms that are not real dates, take the per-string path.
_FAST_FORMS = (
    ("day", r"^\d{4}-\d{2}-\d{2}$", "2024-06-01"),
    ("month", r"^\d{4}-\d{2}$", "2024-06"),
    ("year", r"^\d{4}$", "2024"),
)


def _fast_forms_agree(formats: IndicatorFormats) -> bool:
    return all((_match(example, formats) or ("",))[0] == g for g, _, example in _FAST_FORMS)


def _digits(texts: pa.Array, start: int, stop: int) -> np.ndarray:
    part = pc.utf8_slice_codeunits(texts, start, stop)
    return np.asarray(pc.cast(part, pa.int64()).to_numpy(zero_copy_only=False), dtype=np.int64)


def _day_numbers(year: np.ndarray, month: np.ndarray, day: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Days since 1970-01-01, and which (year, month, day) triples are real dates."""
    real = (year >= 1) & (month >= 1) & (month <= 12) & (day >= 1)
    months = np.where(real, (year - 1970) * 12 + month - 1, 0).astype("datetime64[M]")
    first = months.astype("datetime64[D]").astype(np.int64)
    length = (months + 1).astype("datetime64[D]").astype(np.int64) - first
    real &= day <= length
    return first + day - 1, real


def _parse_common(texts: pa.Array, formats: IndicatorFormats) -> tuple[np.ndarray, np.ndarray]:
    """Days since 1970 and granularity codes (-1: left to the per-string path) for each string."""
    days = np.zeros(len(texts), dtype=np.int64)
    codes = np.full(len(texts), -1, dtype=np.int64)
    if not len(texts) or not _fast_forms_agree(formats):
        return days, codes
    trimmed = pc.utf8_trim_whitespace(texts)
    for granularity, pattern, _example in _FAST_FORMS:
        hits = pc.fill_null(pc.match_substring_regex(trimmed, pattern), False)
        rows = np.flatnonzero(hits.to_numpy(zero_copy_only=False))
        if not len(rows):
            continue
        picked = trimmed.take(pa.array(rows))
        ones = np.ones(len(rows), dtype=np.int64)
        month = _digits(picked, 5, 7) if granularity != "year" else ones
        day = _digits(picked, 8, 10) if granularity == "day" else ones
        numbers, real = _day_numbers(_digits(picked, 0, 4), month, day)
        days[rows[real]] = numbers[real]
        codes[rows[real]] = GRANULARITIES.index(granularity)
    return days, codes


def looks_like_period(text: str, formats: IndicatorFormats) -> bool:
    return _match(text.strip(), formats) is not None


# --- numbers -------------------------------------------------------------------------------------------

_SEP = "[ '\u00a0\u202f]"  # spaces and apostrophes group thousands in every convention
_NUMBER = {
    "point": re.compile(rf"^[+-]?(?:\d{{1,3}}(?:(?:,|{_SEP})\d{{3}})+|\d+)?(?:\.\d*)?(?:[eE][+-]?\d+)?$"),
    "comma": re.compile(rf"^[+-]?(?:\d{{1,3}}(?:(?:\.|{_SEP})\d{{3}})+|\d+)?(?:,\d*)?$"),
}
_EVIDENCE = {
    "comma": r"^[+-]?\d+,(?:\d{1,2}|\d{4,})$|^[+-]?\d{1,3}(?:\.\d{3})+,\d+$|^[+-]?\d{1,3}(?:\.\d{3}){2,}$",
    "point": r"^[+-]?\d*\.(?:\d{1,2}|\d{4,})$|^[+-]?\d{1,3}(?:,\d{3})+\.\d+$|^[+-]?\d{1,3}(?:,\d{3}){2,}$",
}
_AMBIGUOUS = {"comma": r"^[+-]?\d{1,3},\d{3}$", "point": r"^[+-]?\d{1,3}\.\d{3}$"}


@dataclass
class NumberColumn:
    values: pa.Array  # float64, null where missing or invalid
    invalid: np.ndarray  # bool mask: non-missing cells that are not numbers
    problem: str | None = None  # a file-level reason, e.g. an ambiguous decimal separator
    convention: str = "point"
    example: str | None = None  # a cell showing the problem


def _first_match(values: pa.Array, pattern: str) -> str | None:
    hits = values.filter(pc.match_substring_regex(values, pattern))
    return hits[0].as_py() if len(hits) else None


def decide_convention(
    values: pa.Array, declared: str | None, delimiter: str
) -> tuple[str, str | None, str | None]:
    """Decimal 'point' or 'comma' for a file's numbers; or a reason it cannot be told, with an example."""
    if declared:
        return declared, None, None
    comma = _first_match(values, _EVIDENCE["comma"])
    point = _first_match(values, _EVIDENCE["point"])
    if comma and point:
        return "point", f"numbers mix decimal commas ({comma}) and decimal points ({point})", comma
    if comma or point:
        return ("comma" if comma else "point"), None, None
    ambiguous = _first_match(values, _AMBIGUOUS["comma"])
    if ambiguous is None and delimiter == ";":  # ';' files usually come from decimal-comma locales
        ambiguous = _first_match(values, _AMBIGUOUS["point"])
    if ambiguous:
        return "point", f"{ambiguous} could use either a decimal or a thousands separator", ambiguous
    return "point", None, None


def parse_numbers(values: pa.Array, declared: str | None, delimiter: str) -> NumberColumn:
    """Convert trimmed cells (null = missing) to float64; mark cells that are not numbers."""
    present = pc.is_valid(values)
    if declared is None and delimiter != ";":
        try:  # the common case: plain numbers, converted at C speed
            cast = pc.cast(values, pa.float64())
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            pass
        else:
            finite = pc.fill_null(pc.is_finite(cast), True)
            return NumberColumn(cast, np.logical_not(finite.to_numpy(zero_copy_only=False)))
    convention, problem, example = decide_convention(values.filter(present), declared, delimiter)
    well_formed = pc.fill_null(pc.match_substring_regex(values, _NUMBER[convention].pattern), False)
    well_formed = pc.and_(well_formed, pc.match_substring_regex(values, r"\d"))
    grouping = _SEP[:-1] + ("," if convention == "point" else ".") + "]"
    plain = pc.replace_substring_regex(values, grouping, "")
    if convention == "comma":
        plain = pc.replace_substring(plain, ",", ".")
    cast = pc.cast(pc.if_else(well_formed, plain, pa.scalar(None, pa.string())), pa.float64())
    finite = pc.fill_null(pc.is_finite(cast), False)
    invalid = pc.and_(present, pc.invert(finite)).to_numpy(zero_copy_only=False)
    values = pc.if_else(finite, cast, pa.scalar(None, pa.float64()))
    return NumberColumn(values, invalid, problem, convention, example)
