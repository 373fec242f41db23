"""The count of goods a sentence gives ("about 5,000 containers of munitions", "over 3 million shells")."""

from __future__ import annotations

import re
from functools import cache

from etl.extract.reference import Reference, alternation

__all__ = ["quantity_before"]


@cache
def _number_pattern(hedges: tuple[str, ...]) -> re.Pattern[str]:
    """A count, hedged or not, with up to three words after it: "about 5,000 containers of"."""
    return re.compile(
        rf"(?<![\w.-])(?:(?i:{alternation(hedges)})\s+)?(\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?)"
        r"(\s+(?:million|billion|thousand))?(?:\s+\d+\s?mm)?((?:\s+[A-Za-z][\w-]*){1,3})"
    )


_SCALE = {" million": 1e6, " billion": 1e9, " thousand": 1e3}


def quantity_before(text: str, goods_start: int, ref: Reference) -> tuple[float | None, str | None]:
    """The count nearest before the goods ("about 5,000 containers of munitions"), if one is written."""
    best: tuple[int, float, str] | None = None
    for m in _number_pattern(ref.cue_words["quantity_hedges"]).finditer(text):
        if m.start() > goods_start:
            break
        words = [w.lower() for w in m.group(3).split()]
        unit = next((ref.quantity_units[w] for w in words if w in ref.quantity_units), None)
        if unit is None and m.end() >= goods_start:
            unit = next(iter(words), None)  # "100 ballistic missiles": the goods word is the unit
            unit = ref.quantity_units.get(unit or "", None) if unit else None
        if unit is None or goods_start - m.end() > 60:
            continue
        number = float(m.group(1).replace(",", ""))
        if 1900 <= number <= 2099 and m.group(2) is None and "," not in m.group(1):
            continue  # a year, not a count
        best = (goods_start - m.end(), number * _SCALE.get(m.group(2) or "", 1.0), unit)
    return (best[1], best[2]) if best else (None, None)
