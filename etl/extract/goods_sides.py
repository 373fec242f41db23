"""Which actors of a sentence can be parties of the goods at one place in it: not those on the other
side of a contrast that tells a transfer of its own, nor those inside the payment named after them."""

from __future__ import annotations

import re

from etl.extract.clauses import modifies
from etl.extract.mentions import Span
from etl.extract.reading import Reading
from etl.extract.roles import Parties, Roles

# Clauses set against each other ("The DPRK has supplied Russia with shells, while Russia has transferred
# air defence systems to the DPRK"): each tells a transfer of its own.
_CONTRAST = re.compile(r";|,?\s+(?:while|whereas|but(?!\s+also))\s+")


def candidate_roles(reading: Reading, anchor: int) -> Roles:
    """The roles that can be parties of the goods at anchor: those of its side of a contrast when each
    side has a transfer verb of its own, and none inside the payment named after them."""
    roles, text = _before_payment(reading, anchor), reading.text
    roles = [(s, "to" if s.start > anchor and _needs(text, s) else r) for s, r in roles]
    cuts = [0, *(m.end() for m in _CONTRAST.finditer(text)), len(text) + 1]
    sides = list(zip(cuts, cuts[1:], strict=False))
    verbs = reading.view.cues["supplier_verbs"] + reading.view.cues["recipient_verbs"]
    with_verb = [
        (a, b)
        for a, b in sides
        if any(a <= v.start < b for v in verbs) and any(a <= s.start < b for s, _ in roles)
    ]
    own = next(((a, b) for a, b in with_verb if a <= anchor < b), None)
    if own is None or len(with_verb) < 2:
        return roles
    return [(s, r) for s, r in roles if own[0] <= s.start < own[1]]


# "the machine tools that Russian arms makers need": who needs the goods in a relative clause after them
# receives them.
_THAT_BEFORE = re.compile(r"\b(?:that|which)\s+(?:the\s+)?$", re.IGNORECASE)
_NEED_AFTER = re.compile(
    r"(?:[’']s)?(?:\s+[\w-]+){0,3}?\s+(?:need|needs|needed|require|requires|required|lack|lacks)\b"
)


def _needs(text: str, span: Span) -> bool:
    return bool(_THAT_BEFORE.search(text, max(0, span.start - 12), span.start)) and bool(
        _NEED_AFTER.match(text, span.end)
    )


def _before_payment(reading: Reading, anchor: int) -> Roles:
    """The roles that can be parties of the goods at anchor: none inside the payment named after them
    ("munitions from the DPRK in exchange for food to be shipped to North Korea": North Korea receives
    the food, not the munitions)."""
    after = [m.start for m in reading.view.cues["exchange_markers"] if m.start > anchor]
    return [(s, r) for s, r in reading.roles if s.start < after[0]] if after else reading.roles


# What a reporter is, set off by commas right after its name ("The United States, a major supplier of
# weapons to Ukraine, said …", "Japan, which has sent aid to Ukraine, condemned …").
_APPOSITION = re.compile(r",\s+(?:a|an|the|which|who|itself)\b[^,;:]{0,100},")


def describes_reporter(reading: Reading, goods: Span) -> bool:
    """Do the goods stand in what a reporter is, set off by commas after its name, given to the state
    attacked? They are no goods of the story the reporter tells."""
    text, says = reading.text, reading.ref.cue_patterns["reporting_verbs"]
    for actor in reading.view.actors:
        apposition = _APPOSITION.match(text, actor.end)
        if apposition is None or not apposition.start() <= goods.start < apposition.end():
            continue
        # Aid to the state attacked ("a major supplier of weapons to Ukraine"), not the reporter's own
        # part in the cooperation ("North Korea, which has supplied Russia with shells, said …").
        inside = [a.value for a in reading.view.actors if apposition.start() <= a.start < apposition.end()]
        if not set(inside) & reading.ref.attack_targets:
            continue
        verb = _VERB_AFTER.match(text, apposition.end())
        if verb is not None and says.match(text, verb.end()) is not None:
            return True
    return False


_VERB_AFTER = re.compile(r"\s+(?:(?:has|have|had|also|again|publicly|repeatedly)\s+)*")


def maker_receives(reading: Reading, anchor: int, parties: Parties) -> bool:
    """Is the state whose goods these are ("North Korean ammunition") read as their recipient, beside
    another supplier ("A Russian shipping company delivered North Korean ammunition")? Its goods go the
    other way."""
    text = reading.text
    makers = {
        s.value
        for s, r in reading.roles
        if r == "origin" and modifies(text, s, anchor) and not _GIVEN_TO.search(text, 0, s.start)
    }
    return parties.supplier is not None and parties.recipient in makers - {parties.supplier}


_GIVEN_TO = re.compile(
    r"\b(?:to|into|for)\s+(?:the\s+)?$", re.IGNORECASE
)  # "exporting to Russia nitrocellulose"


# Parts and what they are for ("components for Russian missiles", "parts of KN-23 missiles"): the
# goods name the weapon the parts go into, not what is traded.
_PARTS_FOR = re.compile(r"\s+(?:for|of|used in)\s+(?:the\s+|its\s+|their\s+)?(?:[\w’'-]+\s+){0,3}$")


def parts_for(reading: Reading, goods: Span) -> bool:
    """Do parts stand before the goods as what they are for, with the weapon's maker named ("supplied
    components for Russian missiles")? Those goods are the maker's, not what is traded; parts of goods
    no maker is named for ("components of ballistic missiles") still are."""
    text = reading.text
    parts = [
        p
        for p in reading.view.cues["component_nouns"]
        if p.end <= goods.start and _PARTS_FOR.fullmatch(text, p.end, goods.start)
    ]
    if not parts:
        return False
    # The maker named in the weapon's own phrase ("Russian missiles", "North Korea's KN-23 missiles",
    # "Iranian-designed drones") or right after it ("missiles produced by North Korea").
    named = any(parts[-1].end <= a.start < goods.start for a in reading.view.actors)
    after = _SPACES.match(text, goods.end)
    return named or (
        after is not None and reading.ref.cue_patterns["origin_markers"].match(text, after.end()) is not None
    )


_SPACES = re.compile(r"\s+")


# A ship that carries the goods named with it: the subject of the verb of carrying ("The vessel
# transported munitions …", "DPRK-flagged vessels made deliveries of coal …") or what they travel on
# ("aboard Russian navy vessels", "by ship").
# Names and auxiliaries between a ship and its verb ("The vessel Angara has carried …", "The two vessels
# are assessed to have carried …").
_BEFORE_VERB = re.compile(
    r"\s+(?:[A-Z][\w-]*\s+){0,3}"
    r"(?:(?:has|have|had|was|were|is|are|also|reportedly|allegedly|assessed|believed|thought|said|to)\s+)*"
)
CARRIER_CLASS = "vessel"  # the goods class of ships (goods.yml)
_ABOARD = re.compile(
    r"\b(?:aboard|on\s+board|by|via|on)\s+(?:the\s+|a\s+)?(?:[\w’'-]+\s+){0,3}$", re.IGNORECASE
)


def carries_goods(reading: Reading, vessel: Span) -> bool:
    """Is the ship the carrier of other goods the sentence names, not goods itself?"""
    text = reading.text
    if vessel.value != CARRIER_CLASS:
        return False
    others = [g for g in reading.view.goods if g.value != vessel.value]
    gap = _BEFORE_VERB.match(text, vessel.end)
    patterns = reading.ref.cue_patterns
    verb = gap.end() if gap else vessel.end
    carried = any(patterns[g].match(text, verb) is not None for g in ("supplier_verbs", "carrier_verbs"))
    return bool(others) and (carried or _ABOARD.search(text, 0, vessel.start) is not None)


# What a sanctions verb names as its designees, up to the goods ("sanctioned 15 North Koreans and one
# Russian vessel"): numbers, names and adjectives only, no verb, clause or preposition between.
_DESIGNEES_GAP = re.compile(
    r"\s+(?:(?:the|a|an|one|two|three|\d[\d,]*|and|[A-Z][\w’'-]*|[\w-]+-based)\s+){0,8}"
)


def designated(reading: Reading, goods: Span) -> bool:
    """Is the goods word a designee of the sentence's sanctions act ("South Korea sanctioned … one Russian
    vessel involved in arms trade")? A ship designated is not a ship traded."""
    text = reading.text
    return any(
        c.end <= goods.start and _DESIGNEES_GAP.fullmatch(text, c.end, goods.start)
        for c in reading.view.cues["sanctions_action_cues"]
    )
