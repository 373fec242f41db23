"""The unit a column header or indicator name carries at its end: "Exports [tonnes]", "GDP (current US$)"."""

from __future__ import annotations

import re
from collections.abc import Callable

# A last bracketed part, in parentheses or square brackets, after the name: that part is the unit.
_TRAILING_UNIT = re.compile(r"^(?P<name>.*\S)\s*(?:\((?P<paren>[^()]+)\)|\[(?P<square>[^\[\]]+)\])\s*$")


_UNIT_LIKE = re.compile(r"[^\W\d_]|[%$€£¥]")


def split_unit(name: str) -> tuple[str, str | None]:
    """("Military expenditure", "% of GDP") for "Military expenditure (% of GDP)"; (name, None) without."""
    match = _TRAILING_UNIT.match(name)
    if match is None:
        return name, None
    unit = (match["paren"] or match["square"] or "").strip()
    # A unit has a letter or a currency or percent sign; "(1)" is a footnote mark, not a unit.
    if not _UNIT_LIKE.search(unit):
        return name, None
    return match["name"].strip(), unit


def with_header_unit(
    indicator: str, unit: str, is_unit: Callable[[str], bool] = lambda _: True
) -> tuple[str, str]:
    """The series' (indicator, unit): a unit in the name's brackets moves to the unit when none is given
    (or the same one is), so "Exports [tonnes]" and "Exports" in tonnes are one indicator. A bracket
    that is_unit rejects ("(at least)") stays in the name."""
    name, from_header = split_unit(indicator)
    if from_header is None or (unit and unit != from_header) or not is_unit(from_header):
        return indicator, unit
    return name, from_header
