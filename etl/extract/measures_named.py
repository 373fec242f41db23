"""Sentences that name a sanctions measure without taking it: a pledge to go on taking it ("Australia
will continue to implement measures, including targeted financial sanctions"), a measure in force named
with the participle that made it ("the sanctions regime adopted with the intention of …"), and an act
judged ("Russia's veto was nothing more than an attempt to silence …"). A pledge and a judgement are
their speaker's stated positions."""

from __future__ import annotations

import re
from functools import cache

from etl.extract.mentions import Span, words_in
from etl.extract.reading import Reading
from etl.extract.reference import alternation
from etl.extract.roles import Parties
from etl.extract.speakers import list_head

__all__ = ["in_force", "stated_position"]

_PLEDGE_REACH = 80  # characters between a pledge and the action it promises
# The act as the subject of a judgement ("Russia's veto was nothing more than …", "its veto today was a
# self-interested effort"), not of a passive ("the veto was cast by Russia").
_JUDGED = re.compile(r"(?:\s+(?:today|yesterday))?\s+(?:was|is)\s+(?!cast\b|\w+ed\b)", re.IGNORECASE)


def in_force(reading: Reading) -> bool:
    """Is every action cue of the sentence a participle after the measure it made ("sanctions measures
    imposed by relevant resolutions")?"""
    text, words = reading.text, reading.ref.cue_words
    participles = {w.lower() for w in words["measure_participles"]}
    measure_before = _measure_before(words["measure_nouns"])
    return all(
        c.text.lower() in participles and measure_before.search(text, 0, c.start) is not None
        for c in reading.view.cues["sanctions_action_cues"]
    )


@cache
def _measure_before(nouns: tuple[str, ...]) -> re.Pattern[str]:
    """A measure noun right before the participle that made it ("sanctions measures imposed by")."""
    return re.compile(rf"\b(?:{alternation(nouns)})\s+$", re.IGNORECASE)


def _pledged(reading: Reading, cue: Span) -> bool:
    """Is the action what a pledge promises ("will continue to implement measures, including …
    sanctions", "remains committed to imposing sanctions")? Not a pledge in a relative clause, which
    says what the designees do ("Entities that continue to arm Russia were designated")."""
    text, cues = reading.text, reading.view.cues
    relative = [r.end for r in cues["relative_pronouns"]]
    return any(
        p.end <= cue.start
        and cue.start - p.end <= _PLEDGE_REACH
        and not any(_RELATIVE_GAP.fullmatch(text, end, p.start) for end in relative if end <= p.start)
        for p in cues["pledge_cues"]
    )


_RELATIVE_GAP = re.compile(r"\s+")  # "that continue to", "which continues to"


def _judged(reading: Reading, cue: Span) -> bool:
    """Is the act, named by a noun, the subject of a judgement ("Russia's veto was nothing more than")?"""
    nouns = words_in(reading.ref.cue_words["action_nouns"])
    return nouns.fullmatch(cue.text) is not None and _JUDGED.match(reading.text, cue.end) is not None


def stated_position(reading: Reading, first: Span, cue: Span, parties: Parties) -> Parties | None:
    """The parties of the statement the sentence makes of the action instead of taking it, if it does:
    a pledge is its actor's position about the target; a judgement is its reporter's (else the
    document's voice) about the actor."""
    if _pledged(reading, first):
        return parties
    if not _judged(reading, cue) or parties.supplier is None:
        return None
    sources = [s for s, r in reading.roles if r == "source"]
    speaker = list_head(reading.text, reading.view.actors, sources[0].value, reading.ref) if sources else None
    speaker = speaker or reading.publisher
    if speaker is None or speaker == parties.supplier:
        return None
    return Parties(speaker, parties.supplier, "from_to")
