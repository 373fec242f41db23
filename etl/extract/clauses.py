"""Who stands where around a transfer word: its subject right before it (or the clause's, for a
participle after a comma), the objects of the other transfer verbs, the actor modifying the goods."""

from __future__ import annotations

import re
from functools import cache

from etl.extract.agents import BY_AGENT
from etl.extract.mentions import THE_GAP, SentenceView, Span
from etl.extract.reference import Reference, alternation, ends_with_word

_Roles = list[tuple[Span, str]]

# An actor adjective directly before the goods, or before one designation ("North Korean KN-23 missiles").
MODIFIER_BEFORE_GOODS = re.compile(r"(?:[’']s)?(?:-\w+)?\s+(?:[A-Z0-9][\w-]*\s+)?")
# Between a verb and the actor right after it, its object ("supplying Russia with"); between a subject
# and its verb ("Iran potentially transferring", "the DPRK is providing", "Pyongyang has also sent").
_SUBJECT_GAP = re.compile(
    r"(?:[’']s)?\s+(?:(?:is|are|was|were|has|have|had|will|would|also|continues\s+to|continue\s+to)\s+)*"
    r"(?:[a-z]+ly\s+)?"
)
_PARTICIPLE_AFTER = re.compile(r",\s+(?:\w+ly\s+)?$")
_NOT_SUBJECTS = ("to", "target", "source", "between")
_SUBJECTS = ("bare", "possessor", "origin")


def modifies(text: str, span: Span, anchor: int) -> bool:
    """Does the actor stand right before the goods at anchor ("DPRK troops", "North Korean KN-23s")?"""
    modifier = MODIFIER_BEFORE_GOODS.match(text, span.end)
    return modifier is not None and modifier.end() == anchor


def own_goods_roles(text: str, roles: _Roles, anchor: int) -> _Roles:
    """The roles that can supply the goods at anchor after their transfer noun: a marker's, or an actor
    modifying these goods ("deployment of DPRK troops"); one modifying other goods owns those ("Russian
    missile technology transfers improving North Korea's missile capacity")."""
    return [(s, r) for s, r in roles if r != "origin" or modifies(text, s, anchor)]


@cache
def _fronted_clause(subordinators: tuple[str, ...], pronouns: tuple[str, ...]) -> re.Pattern[str]:
    """A sentence opening with a subordinate clause whose subject is a pronoun, up to its verb: "And as
    it", "While they continue to"."""
    return re.compile(
        rf"\s*(?:(?:and|but|yet|so)\s+)?(?:{alternation(subordinators)})\s+(?:{alternation(pronouns)})\s+"
        r"(?:[a-z][\w-]*\s+){0,3}",
        re.IGNORECASE,
    )


# What may stand between the comma closing an opening clause and the main clause's subject.
_MAIN_SUBJECT_GAP = re.compile(r",\s+(?:[\w-]+\s+){0,2}")


def fronted_subject(
    view: SentenceView, ref: Reference, roles: _Roles, verb: Span, excluded: set[str]
) -> str | None:
    """The subject of a transfer verb in an opening clause told with a pronoun ("As it sources weapons
    for its war, Russia is violating …"): the main clause's subject, right after the clause's comma."""
    text = view.sentence.text
    words = ref.cue_words
    if not _fronted_clause(words["fronted_subordinators"], words["subject_pronouns"]).fullmatch(
        text, 0, verb.start
    ):
        return None
    comma = text.find(",", verb.end)
    for span, role in roles:
        if comma < 0 or span.start <= comma:
            continue
        main = role in _SUBJECTS and _MAIN_SUBJECT_GAP.fullmatch(text, comma, span.start)
        return span.value if main and span.value not in excluded else None
    return None


def subject_before(view: SentenceView, roles: _Roles, verb: Span, excluded: set[str]) -> str | None:
    """The subject of an active transfer verb: the actor right before it, whatever word governs that actor
    ("the consequences of Iran potentially transferring missiles to Russia"), else the nearest actor
    before it that is no other transfer verb's object."""
    text = view.sentence.text
    for span, role in roles:
        right_before = span.end <= verb.start and _SUBJECT_GAP.fullmatch(text, span.end, verb.start)
        if right_before and role not in _NOT_SUBJECTS and span.value not in excluded:
            return span.value
    if verb.text.lower().endswith("ing") and _PARTICIPLE_AFTER.search(text, 0, verb.start):
        # A participle after a comma continues the clause's subject: "Iran is fuelling the war, providing
        # arms" (Iran, not the owner of the noun before the verb).
        return next(
            (s.value for s, r in roles if s.end <= verb.start and r == "bare" and s.value not in excluded),
            None,
        )
    excluded = excluded | objects_of_other_verbs(view, roles, verb)
    before = [s.value for s, r in roles if s.end <= verb.start and r in _SUBJECTS and s.value not in excluded]
    return before[-1] if before else None


def objects_of_other_verbs(view: SentenceView, roles: _Roles, verb: Span) -> set[str]:
    """The actors right after another transfer verb: its objects ("supplying Russia with weapons, and even
    deploying its own troops"), who receive and do not supply."""
    text = view.sentence.text
    verbs = [v for v in view.cues["supplier_verbs"] if v is not verb]
    return {s.value for s, _ in roles for v in verbs if THE_GAP.fullmatch(text, v.end, s.start)}


# What may stand between a verb and the goods it governs ("deploys chemical weapons", "deployed its own
# drones"), and between those goods and a recipient after "to".
_OBJECT_WORDS = re.compile(r"\s+(?:[\w-]+\s+){0,2}")


def fielded(view: SentenceView, ref: Reference, roles: _Roles, goods: Span) -> bool:
    """Are goods other than troops the object of a verb of fielding with no recipient after "to" and no
    maker or supplier in their clause ("As Russia deploys chemical weapons on the battlefield, Iran … are
    providing Russia with …")? Its own weapons, used, not a transfer (`fielding_verbs`)."""
    if goods.value in ref.goods_implying_transfer:
        return False
    text = view.sentence.text
    fielding = ref.cue_patterns["fielding_verbs"].fullmatch
    governed = any(
        fielding(v.text) and _OBJECT_WORDS.fullmatch(text, v.end, goods.start)
        for v in view.cues["supplier_verbs"]
    )
    start, end = view.clause(goods.start)
    sent = any(r == "to" and goods.end <= s.start < end for s, r in roles)
    # Goods with their maker or supplier in the clause were made elsewhere ("deployed North Korean KN-23
    # missiles", "deploys missiles from North Korea"): a transfer told with their use.
    made_elsewhere = any(r in ("origin", "from") and start <= s.start < end for s, r in roles)
    return governed and not sent and not made_elsewhere


def tested(view: SentenceView, ref: Reference, roles: _Roles, goods: Span) -> bool:
    """Are the goods what a state launches or tests, with no maker or supplier in their clause ("the
    DPRK's recent launches of multiple ballistic missiles")? Its own, not a transfer (`test_nouns`)."""
    text = view.sentence.text
    launched = any(_OF_WORDS.fullmatch(text, t.end, goods.start) for t in view.cues["test_nouns"])
    # "an attempt to launch a satellite using ballistic missile technology": what the launch uses.
    launched = launched or (
        _USING.search(text, 0, goods.start) is not None
        and any(t.end <= goods.start for t in view.cues["test_nouns"])
    )
    start, end = view.clause(goods.start)
    made_elsewhere = any(r in ("origin", "from", "to") and start <= s.start < end for s, r in roles)
    return launched and not made_elsewhere


_USING = re.compile(r"\busing\s+(?:[\w-]+\s+){0,2}$", re.IGNORECASE)
_OF_WORDS = re.compile(r"\s+of\s+(?:[\w-]+\s+){0,2}")  # "launches of multiple ballistic missiles"


def fielded_import(
    ref: Reference,
    view: SentenceView,
    roles: _Roles,
    verb: Span | None,
    parties: tuple[str | None, str | None],
) -> bool:
    """Did the subject of a verb of fielding deploy goods another state made ("Russia has deployed North
    Korean KN-23 missiles")? Read as supplied by the deployer, the parties are the wrong way round: the
    maker supplied them and the deployer received them."""
    if verb is None or ref.cue_patterns["fielding_verbs"].fullmatch(verb.text) is None:
        return False
    supplier, recipient = parties
    # "troops deployed by Russia": the agent after the verb deploys them, it did not make them.
    agent = BY_AGENT.match(view.sentence.text, verb.end)
    makers = {
        s.value
        for s, r in roles
        if r in ("origin", "from") and s.start >= verb.end and not (agent and s.start == agent.end())
    }
    return recipient in makers and supplier not in makers


def given_to(text: str, span: Span, ref: Reference) -> bool:
    """Is a state, written as its own name ("Russia", not "DPRK" or "Russian"), the first object of a verb
    of giving ("providing Russia weapons"), with no "to" and a capitalised word further on? A state's
    name or adjective before goods otherwise names their maker ("sent DPRK soldiers")."""
    verb = ends_with_word(ref.cue_words["supplier_verbs"]).search(text, 0, span.start)
    fielding = verb is not None and ref.cue_patterns["fielding_verbs"].fullmatch(verb.group(1)) is not None
    named = span.text == ref.actors[span.value].name or _PERSON_OR_CITY.fullmatch(span.text) is not None
    return verb is not None and not fielding and named and not _TO_LATER.search(text, span.end)


# A leader's or a capital's name ("gave Putin artworks", "providing Moscow weapons"), not an adjective
# ("Russian", "Iranian", "Chinese") nor an acronym ("DPRK").
_PERSON_OR_CITY = re.compile(r"(?=.*[a-z])(?!.*(?:an|ese|ish)$)[A-Z][\w’'. -]*")
_TO_LATER = re.compile(r"\bto\s+(?:the\s+)?[A-Z]")  # "… missiles to Russia": the recipient comes later
