"""The date rules: a cue word the text must hold, a regex with a group "x" spanning the mention, a reader."""

from __future__ import annotations

import re
from typing import Any

from etl.extract.dates.model import DASH, DAY, THE, YEAR, Builder, alt, mapping, upper_variants, word_list
from etl.extract.dates.readers import (
    read_ago,
    read_anchored_period,
    read_cited_year,
    read_days_range,
    read_decade,
    read_deictic_period,
    read_iso_day,
    read_iso_month,
    read_lettered_part,
    read_month_days_range,
    read_named_day,
    read_numeric_day,
    read_ordinal_part,
    read_part,
    read_points_range,
    read_season,
    read_single,
    read_trailing,
    read_weekday,
    read_weekend,
    read_year,
    read_years_range,
)

Rule = tuple[str, str, Builder]
_START, _END = r"(?<![\w])", r"(?![\w])"


def date_rules(data: dict[str, Any]) -> list[Rule]:
    """Every form, from dates.yml's vocabulary; the longest match wins later on."""
    words = _fragments(data)
    return _calendar_rules(words) + _numeric_rules(data, words) + _relative_rules(data, words)


def _fragments(data: dict[str, Any]) -> dict[str, str]:
    """Regex pieces the rules share: month and weekday names, deictic words, range connectors."""
    month_names = list(data["months"].values())
    full = upper_variants(ns[0] for ns in month_names)
    abbreviated = [re.escape(n) + r"\.?" for ns in month_names for n in upper_variants(ns[1:])]
    periods = mapping(data, "periods")
    names = "|".join(sorted(full + abbreviated, key=len, reverse=True))
    weekdays = alt(upper_variants(data["weekdays"].values()), case_sensitive=True)
    return {
        "month": rf"(?<![A-Za-z])(?:{names})(?![A-Za-z])",
        "weekday": rf"(?<![A-Za-z]){weekdays}(?![A-Za-z])",
        "deictic": alt(mapping(data, "deictic")),
        "any_deictic": alt(mapping(data, "deictic") | mapping(data, "deictic_after_part")),
        "year_word": alt(k for k, v in periods.items() if v == "year"),
        "part_units": alt(k for k, v in periods.items() if v in ("month", "year")),  # what part words split
        "periods": alt(periods),
        "conn": rf"(?P<conn>\s*{DASH}\s*|\s+{alt(mapping(data, 'range_words'))}\s+)",
        "lead": rf"(?:(?P<lead>{alt(word_list(data, 'range_leads'))})\s+)?",
        "sep": rf"(?:\s*{DASH}\s*|\s+)",
    }


def _point(words: dict[str, str], p: str, with_weekday: bool = True) -> str:
    """A day and/or month with an optional year: 17 June 2024, June 17, 2024, the 17th of June, May."""
    month, deictic = words["month"], words["deictic"]
    wd = rf"(?:{words['weekday']},?\s+)?" if with_weekday else ""
    return (
        rf"{wd}(?:(?:{THE}\s+)?(?P<{p}d1>{DAY})(?:\s+(?i:of))?\s+(?P<{p}m1>{month})"
        rf"|(?P<{p}m2>{month})(?:\s+(?P<{p}d2>{DAY}))?)"
        rf"(?:,?\s+(?P<{p}y>{YEAR})|\s+(?:(?i:of)\s+)?(?P<{p}dx>{deictic})\s+{words['year_word']})?"
    )


def _calendar_rules(words: dict[str, str]) -> list[Rule]:
    """Days and months by name, alone or as ranges."""
    lead, conn = words["lead"], words["conn"]
    a, b = _point(words, "a"), _point(words, "b")
    return [
        ("month", rf"{_START}(?P<x>{lead}(?P<ad>{DAY}){conn}{_point(words, 'b', False)})", read_days_range),
        (
            "month",
            rf"{_START}(?P<x>{lead}{a}{conn}(?P<bd>{DAY})(?:,?\s+(?P<by>{YEAR}))?)",
            read_month_days_range,
        ),
        ("month", rf"{_START}(?P<x>{lead}{a}{conn}{b})", read_points_range),
        ("month", rf"{_START}(?P<x>{a})", read_single),
    ]


def _numeric_rules(data: dict[str, Any], words: dict[str, str]) -> list[Rule]:
    """Years, year ranges, cited years, decades, Q1 2024, ISO and numeric days."""
    letters = alt([str(v["letter"]) for v in data["year_parts"].values()], case_sensitive=True)
    return [
        (
            "digits",
            rf"(?<![\w/])(?P<x>{words['lead']}(?P<ay>{YEAR})(?:{words['conn']}|(?P<slash>/))"
            rf"(?P<by>\d{{4}}|\d\d)(?!\d))",
            read_years_range,
        ),
        ("digits", rf"(?<![\w.,/$€£¥₩#])(?<!\d{DASH})(?P<x>\d{{4}})(?![\w%]|[.,/]\d|{DASH}\d)", read_year),
        ("digits", r"(?<![\w/])(?P<x>\d{4})/\d{3,5}(?!\d)", read_cited_year),
        (
            "digits",
            rf"(?<![\w.,])(?P<x>(?:(?P<part>{alt(data['parts'])}){words['sep']})?(?P<dec>\d{{3}}0)s){_END}",
            read_decade,
        ),
        (
            "digits",
            rf"{_START}(?P<x>(?P<l1>{letters})(?P<n1>\d)\s*[-/]?\s*(?P<y1>{YEAR})"
            rf"|(?P<y2>{YEAR})\s*[-/]?\s*(?P<l2>{letters})(?P<n2>\d)){_END}",
            read_lettered_part,
        ),
        ("digits", r"(?<![\w.-])(?P<x>(?P<y>\d{4})-(?P<mo>\d\d)-(?P<d>\d\d))(?!\d)", read_iso_day),
        ("digits", r"(?<![\w.-])(?P<x>(?P<y>\d{4})-(?P<mo>\d\d))(?![\w-]|[.,]\d)", read_iso_month),
        (
            "digits",
            r"(?<![\w./-])(?P<x>(?P<a>\d{1,2})(?P<sep>[./])(?P<b>\d{1,2})(?P=sep)(?P<y>\d{4}))"
            r"(?![\w]|[./]\d)",
            read_numeric_day,
        ),
    ]


def _relative_rules(data: dict[str, Any], words: dict[str, str]) -> list[Rule]:
    """Parts of periods, ordinals, deictic periods, named days, "ago", seasons and weekdays."""
    month, deictic, any_deictic = words["month"], words["deictic"], words["any_deictic"]
    year_word, periods = words["year_word"], words["periods"]
    seasons = alt(mapping(data, "seasons"))
    rules: list[Rule] = [
        (
            "part",
            rf"{_START}(?P<x>(?P<part>{alt(mapping(data, 'part_words'))}){words['sep']}"
            rf"(?:(?P<m2>{month})(?:,?\s+(?P<y>{YEAR})|\s+(?P<dx>{deictic})\s+{year_word})?"
            rf"|(?P<yy>{YEAR})|(?P<pdx>{any_deictic})\s+(?P<unit>{words['part_units']}))){_END}",
            read_part,
        ),
        (
            "ordinal",
            rf"{_START}(?P<x>(?:{THE}\s+)?(?P<ord>{alt(mapping(data, 'ordinals'))})\s+"
            rf"(?P<unit>{alt(mapping(data, 'year_parts'))})"
            rf"(?:\s+(?i:of)\s+(?:(?P<y>{YEAR})|(?P<pdx>{any_deictic})\s+{year_word}))?){_END}",
            read_ordinal_part,
        ),
        (
            "deictic",
            rf"{_START}(?P<x>(?P<anchor>{alt(mapping(data, 'anchored'))})\s+(?P<dx>{deictic})\s+"
            rf"(?P<unit>{periods})){_END}",
            read_anchored_period,
        ),
        ("deictic", rf"{_START}(?P<x>(?P<dx>{deictic})\s+(?P<unit>{periods})){_END}", read_deictic_period),
        ("day", rf"{_START}(?P<x>{alt(mapping(data, 'days'))}){_END}", read_named_day),
        (
            "ago",
            rf"{_START}(?P<x>(?P<n>\d{{1,2}}|{alt(mapping(data, 'number_words'))})\s+"
            rf"(?P<unit>{alt(mapping(data, 'ago_periods'))})\s+{alt(word_list(data, 'ago_words'))}){_END}",
            read_ago,
        ),
        (
            "trailing",
            rf"{_START}(?P<x>{THE}\s+(?P<tw>{alt(word_list(data, 'trailing_words'))})\s+"
            rf"(?:(?P<n>\d{{1,3}}|{alt(mapping(data, 'number_words'))})\s+)?"
            rf"(?P<unit>{alt(mapping(data, 'ago_periods'))})){_END}(?!\s+of\b)",
            read_trailing,
        ),
        ("weekend", rf"{_START}(?P<x>{alt(mapping(data, 'weekend_words'))}){_END}", read_weekend),
        (
            "season",
            rf"{_START}(?P<x>(?P<dx>{deictic})\s+(?P<s1>{seasons})"
            rf"|(?:{THE}\s+)?(?P<s2>{seasons})(?:\s+(?i:of))?\s+(?P<y>{YEAR})){_END}",
            read_season,
        ),
    ]
    for word, spec in mapping(data, "weekday_words").items():
        said = rf"(?P<w>{alt([word])})\s+"
        wd = words["weekday"]
        mention = rf"(?P<x>{said}(?P<wd>{wd}))" if spec["in_text"] else rf"{said}(?P<x>(?P<wd>{wd}))"
        rules.append(("weekday", _START + mention, read_weekday))
    return rules
