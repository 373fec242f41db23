"""The states of the people, firms or ships a sanctions action designates ("three DPRK individuals",
"two Russia-based entities"): the action's targets, never its actor."""

from __future__ import annotations

import re

from etl.extract.goods_sides import CARRIER_CLASS, designated
from etl.extract.mentions import Span
from etl.extract.reading import Reading
from etl.extract.roles import passive_before

# Between a state and the designees it names ("DPRK individuals", "Russia-based entities", "North Korean
# shipping companies"): a compound ending, then at most two modifiers.
_DESIGNEE_GAP = re.compile(r"(?:[’']s)?(?:-[a-z]+)?((?:\s+[A-Za-z][\w-]*){0,2})\s+")
_VERB_LIKE = re.compile(r"^[a-z]+(?:ed|es)$")


def _start_of(reading: Reading, actor: str) -> int:
    """Where the sentence first names the actor."""
    return next(a.start for a in reading.view.actors if a.value == actor)


def designees_of(reading: Reading) -> list[str]:
    """States whose people or firms the action designates ("placed three DPRK individuals on the SDN
    List"): the designees' state, when an actor named before it acts or the designees are the subject of
    a passive ("Two Russian companies were added …"); not the subject ("Russian officials condemned …").
    In the order the sentence names them: the first is the target, whatever the run."""
    ref, text = reading.ref, reading.text
    found: dict[str, None] = {}
    actors = reading.view.actors
    for index, span in enumerate(actors):
        if ref.actors[span.value].kind != "state":
            continue
        if index > 0 and _COUNTED.search(text, max(0, span.start - 20), span.start):
            if _counted_designees(reading, span):
                found[span.value] = None  # "sanctioned 15 North Koreans": people counted by their state
            continue
        # "two Russian and three North Korean entities": the noun the next state's designees name.
        shared = index + 1 < len(actors) and _SHARED_NOUN.fullmatch(text, span.end, actors[index + 1].start)
        end = actors[index + 1].end if shared else span.end
        for noun in reading.view.cues["designee_nouns"]:
            gap = _DESIGNEE_GAP.fullmatch(text, end, noun.start)
            if noun.start < end or gap is None:
                continue
            if any(_VERB_LIKE.match(w) or w in ("and", "or") for w in gap.group(1).split()):
                continue  # "Russia designates 11 entities", "Russia added five entities"
            after = _AUXILIARY_AFTER.match(text, noun.end)
            passive = after is not None and passive_before(ref, after.group(0) + " ")
            # "North Korean and Russian companies involved in the arms trade were designated": the
            # subject of an act told in the passive further on.
            passive = passive or any(
                c.start > noun.end and passive_before(ref, text[max(noun.end, c.start - 30) : c.start])
                for c in reading.view.cues["sanctions_action_cues"]
            )
            acted_on = any(c.end <= span.start for c in reading.view.cues["sanctions_action_cues"])
            if index > 0 or passive or acted_on:  # "We have sanctioned Russian and North Korean …"
                found[span.value] = None
    return list(found)


# A count right before a state's people ("15 North Koreans", "three Russians"), and the "and" with a
# count that joins two states sharing one designee noun ("two Russian and three North Korean entities").
_COUNT = r"(?:\d[\d,]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\w+teen)"
_COUNTED = re.compile(rf"\b{_COUNT}\s+$")
_SHARED_NOUN = re.compile(rf"\s+(?:and|or)\s+(?:(?:{_COUNT}|a|an)\s+)?")

# What ends the designees and opens what they did ("three Russian generals responsible for the deployment
# of 11,000 North Korean troops", "officials who oversaw the arrival of 10,000 North Koreans").
_REASON = re.compile(r"\b(?:who|which|that|responsible|involved|for|over)\b", re.IGNORECASE)


def _counted_designees(reading: Reading, span: Span) -> bool:
    """Are the people counted before the state's name designees: its people themselves ("15 North
    Koreans"), not goods it sent ("11,000 North Korean troops"), nor named in what designees did?"""
    # Goods right after the state's name ("11,000 North Korean troops"), unless ships, which are designated
    # like firms ("two Russian vessels"), or goods the act names as designees.
    sent = [g for g in reading.view.goods if 0 <= g.start - span.end <= 2 and g.value != CARRIER_CLASS]
    if any(not designated(reading, g) for g in sent):
        return False
    acts = [c.end for c in reading.view.cues["sanctions_action_cues"] if c.end <= span.start]
    return not acts or _REASON.search(reading.text, acts[-1], span.start) is None


# The auxiliary after the designees, if any ("were added", "have been designated", "had been").
_AUXILIARY_AFTER = re.compile(r"(?:\s+(?:have|has|had))?\s+\w+")


# "three Russian entities that bought weapons from North Korean companies": firms named after one of
# these are whom the designees dealt with, not designees.
_DEALT_WITH = re.compile(r"\b(?:from|with|of|by|to|involving)\s+(?:[\w-]+\s+){0,2}$", re.IGNORECASE)


# Where the designees are ("11 entities and 9 individuals in Russia and North Korea", "firms based in
# China"): the states named right after, and those listed with them.
_LOCATED = re.compile(r"\s+(?:(?:based|located|registered)\s+)?in\s+(?:the\s+)?")
_LISTED = re.compile(r"(?:\s*\([\w.]{1,10}\))?(?:,\s+(?:and\s+)?|\s+and\s+)(?:the\s+)?")  # "(DPRK) and"


def _located(reading: Reading) -> list[str]:
    """The states the designees are in, in the order named."""
    text, actors = reading.text, reading.view.actors
    found: dict[str, None] = {}
    for noun in reading.view.cues["designee_nouns"]:
        if any(a.end <= noun.start and _DESIGNEE_GAP.fullmatch(text, a.end, noun.start) for a in actors):
            continue  # "North Korean officials in Russia" are North Korea's designees
        gap = _LOCATED.match(text, noun.end)
        position = gap.end() if gap else -1
        for actor in actors:
            if actor.start != position or reading.ref.actors[actor.value].kind != "state":
                continue
            found[actor.value] = None
            joined = _LISTED.match(text, actor.end)
            position = joined.end() if joined else -1
    return list(found)


def listed_designees(reading: Reading, actor: str | None) -> list[str]:
    """The designees' states an action is on, one action each ("two DPRK entities and a Russian bank",
    "entities in Russia and North Korea"); not the actor's, nor the states of whom they dealt with."""
    located = [d for d in _located(reading) if d != actor]
    found = [d for d in designees_of(reading) if d != actor and d not in located]
    text = reading.text
    named = found[:1] + [d for d in found[1:] if not _DEALT_WITH.search(text, 0, _start_of(reading, d))]
    return sorted(set(named) | set(located), key=lambda d: _start_of(reading, d))
