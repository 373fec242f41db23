"""Where goods were made, read from the words joined to an actor: "DPRK-supplied" names the supplier,
"North Korean-made" the origin, and "Japanese-made parts" or "electronics manufactured in the United
States" only where parts of a weapon were made, which makes that state no party to its transfer."""

from __future__ import annotations

import re
from functools import cache

from etl.extract.mentions import Span
from etl.extract.reference import Reference, alternation

__all__ = ["compound_role", "family_maker", "parts_before"]


@cache
def _compound(words: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(rf"^-(?:{alternation(words)})\b", re.IGNORECASE)


@cache
def _parts_pattern(words: tuple[str, ...], after: bool) -> re.Pattern[str]:
    parts = alternation(words)
    if after:  # "-made parts", "-made electronic components"
        return re.compile(rf"-[\w]+\s+(?:[\w-]+\s+)?(?:{parts})\b", re.IGNORECASE)
    return re.compile(rf"\b(?:{parts})\s+(?:[\w-]+\s+){{0,2}}[\w-]+(?:\s+[\w-]+)?$", re.IGNORECASE)


def _parts_after(ref: Reference) -> re.Pattern[str]:
    return _parts_pattern(ref.cue_words["component_nouns"], True)


def _parts_before(ref: Reference) -> re.Pattern[str]:
    return _parts_pattern(ref.cue_words["component_nouns"], False)


def compound_role(text: str, span: Span, ref: Reference) -> str | None:
    """ "DPRK-supplied": the supplier; "North Korean-made": the origin; "Japanese-made parts" in a North
    Korean missile: where its parts were made, no party."""
    after = text[span.end : span.end + 16]
    if _compound(ref.cue_words["supplier_compounds"]).match(after):
        return "supplier"
    if _compound(ref.cue_words["origin_compounds"]).match(after):
        return "component" if _parts_after(ref).match(text, span.end) else "origin"
    return None


def parts_before(ref: Reference, before: str) -> bool:
    """Do parts stand right before the origin marker that ends before ("electronics manufactured in")?
    Not parts of the goods themselves ("missile components made in Russia" are what is traded)."""
    found = _parts_before(ref).search(before)
    if found is None:
        return False
    head = before[: found.start()].rstrip()
    return not any(m.end() == len(head) for m in ref.goods_pattern.finditer(head[-40:]))


def family_maker(ref: Reference, goods: list[Span], anchor: int) -> str | None:
    """The state that builds the weapon family named at anchor ("KN-23"), if the lexicon knows it."""
    named = next((g for g in goods if g.start == anchor), None)
    return ref.family_makers.get(" ".join(named.text.split()).lower()) if named else None
