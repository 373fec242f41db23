"""Goods given to the state that is attacked ("the United Kingdom has supplied Ukraine with missiles",
"arms sent to Ukraine", "partners supporting Ukraine …, including the provision of arms"): aid to it,
outside the cooperation this monitor follows: the attacked state is the recipient, never its attacker,
and the supplier is only one the sentence names."""

from __future__ import annotations

import re

from etl.extract.mentions import THE_GAP, Span
from etl.extract.reading import Reading
from etl.extract.roles import Parties

__all__ = ["aided_target", "as_aid"]

# What may stand between a word of giving and the state given to ("supplied Ukraine", "support for the
# Ukrainian …" names no state).
_TO_BEFORE = re.compile(r"\bto\s+(?:the\s+)?$", re.IGNORECASE)


def _given_to(reading: Reading, target: Span) -> bool:
    """Does a word of giving or support govern the target as its receiver ("supplied Ukraine with",
    "supporting Ukraine", "assistance to Ukraine")?"""
    cues = reading.view.cues
    givers = cues["supplier_verbs"] + cues["aid_words"]
    return any(THE_GAP.fullmatch(reading.text, g.end, target.start) for g in givers if g.end <= target.start)


def aided_target(reading: Reading, anchor: int, verb: Span | None) -> str | None:
    """The attacked state the goods at anchor are given to: after a word that gives to it or supports it
    ("supplied Ukraine with missiles", "supporting Ukraine …, including the provision of arms"), or sent
    "to" it by a word of supplying ("sent arms to Ukraine"), not used against it ("fired at Ukraine")."""
    ref, text, cues = reading.ref, reading.text, reading.view.cues
    supplied = verb is not None and verb in cues["supplier_verbs"] + cues["transfer_nouns"]
    used = (
        verb is not None and ref.cue_patterns["use_verbs"].fullmatch(" ".join(verb.text.split())) is not None
    )
    _, clause_end = reading.view.clause(anchor)
    for span in reading.view.actors:
        if span.value not in ref.attack_targets:
            continue
        # Given to it before the goods, with no other verb of supplying between ("…, which has supplied
        # Ukraine with Patriot systems, said North Korea had shipped missiles": those are shipped).
        shipped = [v for v in cues["supplier_verbs"] if span.end <= v.start < anchor]
        if span.end <= anchor and _given_to(reading, span) and not shipped:
            return span.value
        # Sent "to" it in the goods' own clause, with no other state between ("the transfer of missiles
        # to Russia poses a threat to Ukraine" sends them to Russia).
        between = [a for a in reading.view.actors if anchor < a.start < span.start]
        sent_to = supplied and not used and _TO_BEFORE.search(text, 0, span.start) is not None
        if span.start > anchor and span.start < clause_end and not between and sent_to:
            return span.value
    return None


def as_aid(reading: Reading, parties: Parties, goods_class: str, anchor: int, verb: Span | None) -> Parties:
    """The parties of the goods at anchor, as aid when they are given to an attacked state: it receives,
    and a supplier counts only when the sentence names it and it is not the attacker ("the United Kingdom
    has supplied Ukraine with missiles": GBR → UKR). Troops sent "to" the front are no aid."""
    ref = reading.ref
    target = None if goods_class in ref.goods_implying_transfer else aided_target(reading, anchor, verb)
    if target is None:
        return parties
    supplier = parties.supplier
    if parties.filled_from_context or supplier == ref.target_attackers.get(target):
        supplier = None
    return Parties(supplier, target, "from_to")
