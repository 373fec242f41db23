"""The date vocabulary: read once from dates.yml and compiled into lookup tables, context checks and rules."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from etl.contract import DatePrecision
from etl.errors import ConfigError
from etl.extract.dates.model import (
    DASH,
    DATES_FILE,
    THE,
    UNITS,
    WORD,
    Builder,
    alt,
    as_precision,
    ends_with,
    mapping,
    norm,
    upper_variants,
    word_list,
)
from etl.extract.dates.rules import date_rules
from etl.yaml_io import read_yaml


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
    periods: dict[str, DatePrecision]
    anchored: dict[str, str]
    days: dict[str, int]
    number_words: dict[str, float]
    ago_periods: dict[str, str]
    weekend_words: dict[str, str]
    weekend_first_day: int
    ordinals: dict[str, int]
    year_parts: dict[str, tuple[int, DatePrecision]]
    letter_part: dict[str, str]
    parts: dict[str, dict[str, tuple[int, int]]]
    part_words: dict[str, str]
    qualifiers: dict[str, str]
    past_qualifiers: frozenset[str]
    bound_qualifiers: frozenset[str]  # a date they qualify ends a period or sets a deadline
    range_words: dict[str, str | None]
    quantity_words: frozenset[str]
    qualifier_re: re.Pattern[str]
    past_tense_re: re.Pattern[str]  # a sentence told in the past: its dates without a year are not ahead
    future_tense_re: re.Pattern[str]  # a sentence told in the future: its dates are not behind
    trigger_re: re.Pattern[str]
    listed_month_re: re.Pattern[str]  # a month listed after another ("in July and August")
    identifier_re: re.Pattern[str]
    identifier_list_re: re.Pattern[str]
    despite_re: re.Pattern[str]
    next_word_re: re.Pattern[str]
    bracket_citation_re: re.Pattern[str]
    of_citation_re: re.Pattern[str]
    manufacture_before_re: re.Pattern[str]
    manufacture_after_re: re.Pattern[str]
    word_cues: dict[str, frozenset[str]]  # lower-case word -> the kinds of cue it is ("end" -> part)
    name_cues: dict[str, frozenset[str]]  # month and weekday names as written, and digits -> their kinds
    rules: tuple[tuple[str, re.Pattern[str], Builder], ...]

    def year_ok(self, year: int) -> bool:
        return self.year_bounds[0] <= year <= self.year_bounds[1]

    def cues_in(self, text: str) -> set[str]:
        """Which kinds of date word the text holds: one pass over its words, far cheaper than running
        every rule over a sentence that holds no date at all."""
        words = WORD.findall(text)
        present: set[str] = set()
        for w in words:
            present.update(self.name_cues.get(w, ()))
            present.update(self.word_cues.get(w.lower(), ()))
        return present


@cache
def load_date_words(path: Path = DATES_FILE) -> DateWords:
    """Read dates.yml once and compile the rules from it; a bad file raises ConfigError naming it."""
    data = read_yaml(path)
    try:
        return _compile(data)
    except (KeyError, TypeError, ValueError, AttributeError, re.error) as exc:
        raise ConfigError(f"Reference file {path} is malformed: {type(exc).__name__}: {exc}") from None


def _compile(data: dict[str, Any]) -> DateWords:
    """Turn the YAML into lookup tables, context checks and rules."""
    periods = mapping(data, "periods")
    if not set(periods) <= set(UNITS) or not set(mapping(data, "ago_periods").values()) <= {"day", *UNITS}:
        raise ValueError(f"'periods' and 'ago_periods' may only name {', '.join(UNITS)} (and day)")
    rules = tuple((cue, re.compile(pattern), build) for cue, pattern, build in date_rules(data))
    return DateWords(**_tables(data), **_patterns(data), **_cues(data), rules=rules)


def _tables(data: dict[str, Any]) -> dict[str, Any]:
    """Word → value lookups."""
    month_names = {int(k): v for k, v in data["months"].items()}
    return dict(
        year_bounds=(int(data["year_bounds"][0]), int(data["year_bounds"][1])),
        year_wrap_months=int(data["year_wrap_months"]),
        month_of={n: k for k, ns in month_names.items() for n in upper_variants(ns)},
        full_months=frozenset(ns[0] for ns in month_names.values()),
        weekday_of={n: int(k) for k, name in data["weekdays"].items() for n in upper_variants([name])},
        weekday_pick={k: str(v["pick"]) for k, v in mapping(data, "weekday_words").items()},
        seasons={k: (int(v["first_month"]), int(v["months"])) for k, v in mapping(data, "seasons").items()},
        deictic=mapping(data, "deictic"),
        deictic_any=mapping(data, "deictic") | mapping(data, "deictic_after_part"),
        periods={k: as_precision(v) for k, v in mapping(data, "periods").items()},
        anchored=mapping(data, "anchored"),
        days=mapping(data, "days"),
        number_words=mapping(data, "number_words"),
        ago_periods=mapping(data, "ago_periods"),
        weekend_words=mapping(data, "weekend_words"),
        weekend_first_day=int(data["weekend_first_day"]),
        ordinals=mapping(data, "ordinals"),
        year_parts={
            k: (int(v["months"]), as_precision(v["precision"]))
            for k, v in mapping(data, "year_parts").items()
        },
        letter_part={str(v["letter"]): k for k, v in mapping(data, "year_parts").items()},
        parts={k: {n: tuple(v[n]) for n in v} for k, v in mapping(data, "parts").items()},
        part_words=mapping(data, "part_words"),
        qualifiers=_qualifiers(data),
        past_qualifiers=frozenset(word_list(data, "past_qualifiers")),
        bound_qualifiers=frozenset(word_list(data, "bound_qualifiers")),
        range_words=mapping(data, "range_words"),
        quantity_words=frozenset(w.lower() for w in word_list(data, "quantity_words")),
    )


def _qualifiers(data: dict[str, Any]) -> dict[str, str]:
    return {k.rstrip("-"): v for k, v in mapping(data, "qualifiers").items()}


def _patterns(data: dict[str, Any]) -> dict[str, Any]:
    """The checks run on the words around a mention."""
    qualifiers = _qualifiers(data)
    hyphened = {norm(k).rstrip("-") for k in data["qualifiers"] if k.endswith("-")}  # "pre-2014"
    citation = alt(word_list(data, "citation_words"))
    return dict(
        qualifier_re=re.compile(
            rf"(?<![\w])(?:(?P<q>{alt(w for w in qualifiers if w not in hyphened)})\s+(?:{THE}\s+)?"
            rf"|(?P<h>{alt(hyphened)}){DASH})\Z"
        ),
        trigger_re=ends_with(word_list(data, "month_triggers") + list(qualifiers)),
        # A month name after another, joined by "and", "or" or a comma ("in July and August", "in May,
        # June and July"): the list's first month had its trigger.
        listed_month_re=re.compile(
            rf"(?<![A-Za-z])(?:{alt(upper_variants(ns[0] for ns in data['months'].values()), True)})"
            rf"(?:,?\s+\d{{4}})?(?:\s*,|,?\s+(?:and|or))\s+\Z"
        ),
        # Any lower-case word ending in -ed marks the past too ("ended", "vetoed").
        past_tense_re=re.compile(
            rf"(?<![\w-])(?:{alt(word_list(data, 'past_tense_words'))}|[a-z]\w+ed)(?![\w-])"
        ),
        future_tense_re=re.compile(rf"(?<![\w-])(?i:{alt(word_list(data, 'future_tense_words'))})(?![\w-])"),
        identifier_re=ends_with(word_list(data, "identifier_words"), r"\s*"),
        identifier_list_re=re.compile(
            rf"(?<![\w])(?:{citation})\)?\s+(?:[\w/.]*\d+(?:\s*\(\d{{4}}\))?\s*"
            rf"(?:{alt(word_list(data, 'list_words'))})\s*)+\Z"
        ),
        despite_re=ends_with(word_list(data, "year_despite_quantity")),
        next_word_re=re.compile(rf"\s*(?:{DASH}\s*)?(%|[^\W\d_]+(?:/[^\W\d_]+)?)"),
        bracket_citation_re=re.compile(r"(?<![\d.,])\d{3,4}\s*\(\s*\Z"),
        of_citation_re=re.compile(rf"(?<![\w])(?:{citation})\s+[\w/.]*\d+\s+(?i:of)\s+\Z"),
        manufacture_before_re=ends_with(word_list(data, "manufacture_before")),
        manufacture_after_re=re.compile(
            rf"(?:\s+{alt(word_list(data, 'manufacture_after'))}"
            rf"|{DASH}{alt(word_list(data, 'manufacture_hyphen_after'))})(?![\w])"
        ),
    )


def _cues(data: dict[str, Any]) -> dict[str, Any]:
    """The words that tell which rules can match in a text at all."""
    month_names = {int(k): v for k, v in data["months"].items()}
    return dict(
        word_cues=cue_map(
            {
                "deictic": longest_words(mapping(data, "deictic")),
                "part": longest_words(mapping(data, "part_words")),
                "ordinal": longest_words(mapping(data, "year_parts")),
                "day": longest_words(mapping(data, "days")),
                "ago": longest_words(word_list(data, "ago_words")),
                "trailing": longest_words(word_list(data, "trailing_words")),
                "weekend": longest_words(mapping(data, "weekend_words")),
                "season": longest_words(mapping(data, "seasons")),
            }
        ),
        name_cues=cue_map(
            {
                "month": [n for ns in month_names.values() for n in upper_variants(ns)],
                "weekday": upper_variants(data["weekdays"].values()),
                "digits": [str(d) for d in range(10)],
            }
        ),
    )


def cue_map(cues: dict[str, Iterable[str]]) -> dict[str, frozenset[str]]:
    kinds: dict[str, set[str]] = {}
    for kind, words in cues.items():
        for word in words:
            kinds.setdefault(word, set()).add(kind)
    return {word: frozenset(found) for word, found in kinds.items()}


def longest_words(phrases: Iterable[str]) -> list[str]:
    """The longest word of each phrase, lower-cased ("end" for "the end of"): a rule for the phrase can
    only match where that word is."""
    return [max(reversed(WORD.findall(p.lower())), key=len) for p in phrases if WORD.search(p)]
