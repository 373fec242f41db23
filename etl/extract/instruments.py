"""Sanctions instruments and who acts through them: the subject of an act ("The resolution bans …",
"The Decision outlaws …": who adopted it acts), a resolution written into a body's own law (that body
acts), and mentions of sanctions that are no act (a duty to transpose, sanctions broken)."""

from __future__ import annotations

import re
from functools import cache

from etl.extract.mentions import Span
from etl.extract.reading import Reading
from etl.extract.reference import alternation, ends_with_word
from etl.extract.roles import passive_before


def instrument_bans(reading: Reading) -> list[Span]:
    """Bans whose subject is an instrument ("The new restrictions ban …", "The resolution bans …"): acts,
    though "ban" alone ("violated the ban on launches") is none."""
    words = reading.ref.cue_words
    instruments = words["council_instruments"] + words["own_instruments"] + words["instrument_subjects"]
    pattern = ends_with_word(instruments, True)
    found = []
    for ban in reading.view.cues["prohibition_cues"]:
        subject = pattern.search(reading.text, 0, ban.start)
        if subject is not None and not _named_before(reading, ban, subject.start()):
            found.append(ban)
    return found + [b for b in _included_bans(reading, instruments) if b not in found]


def _included_bans(reading: Reading, instruments: tuple[str, ...]) -> list[Span]:
    """Ban nouns an instrument includes ("The measures introduced by resolution 2375 include a ban on …",
    "These include limitations on …" after a resolution): the sentence opens with the instrument, or with
    a pronoun for the one named in the sentence before."""
    text, cues = reading.text, reading.view.cues
    opening = _opening_instrument(instruments).match(text) or (
        _POINTING_BACK.match(text) and any(v.cues["resolution_cues"] for v in reading.context[-1:])
    )
    if not opening:
        return []
    return [n for n in cues["ban_nouns"] if included(reading, n)]


def included(reading: Reading, cue: Span) -> bool:
    """Does an instrument's "include" (or "contain", "introduce") stand right before the cue ("These
    include a ban …")? The ban is then a provision told anew, not an act pointed back to."""
    gap = _INCLUDED_GAP.fullmatch
    return any(gap(reading.text, v.end, cue.start) for v in reading.view.cues["inclusion_verbs"])


# What stands between "include" and the ban it includes: an article or a few adjectives ("a ban", "new
# limitations", "a full ban").
_INCLUDED_GAP = re.compile(r"\s+(?:(?:a|an|the|new|further|also|full|total|complete|partial)\s+){0,3}")
_POINTING_BACK = re.compile(r"(?:These|They|It)\s+(?:also\s+)?(?:include|includes|contain|contains)\b")


# What may stand between a verb that ends something and the Panel it ends ("killed the UN Panel of
# Experts", "put an end to the Panel's mandate").
_ENDED_GAP = re.compile(r"\s+(?:the\s+|its\s+)?(?:UN\s+|U\.N\.\s+)?$")


def panel_endings(reading: Reading) -> list[Span]:
    """Verbs that end the Panel of Experts or its mandate ("Russia killed the UN Panel of Experts", "chose
    to put an end to the Panel"): a veto told in other words. Such a verb ends nothing else here."""
    panel = reading.ref.cue_words["panel_actor"][0]
    objects = [a.start for a in reading.view.actors if a.value == panel]
    objects += [m.start() for m in re.finditer(r"\bmandate\b", reading.text)]
    return [
        verb
        for verb in reading.view.cues["panel_ending_verbs"]
        if any(_ENDED_GAP.fullmatch(reading.text, verb.end, start) for start in objects if start > verb.end)
    ]


def acted_in_passive_by_voice(reading: Reading, cue: Span) -> bool:
    """ "Primorsky Maritime was designated pursuant to E.O. 13382": an act in the passive with no agent in
    the release of a government is that government's."""
    transposed = reading.ref.cue_patterns["transposition_cues"].fullmatch(cue.text) is not None
    if _state_publisher(reading) is None or not cue.text.endswith("ed") or transposed:
        return False  # "… will be transposed into EU law": the body whose law it becomes acts
    # "… was designated by the United Nations", "… sanctioned under UN Security Council resolution 2397",
    # "… under Canadian sanctions regulations": someone else's act, named after it.
    if any(c.start > cue.end for c in reading.view.cues["resolution_cues"]) or any(
        _OTHERS_AFTER.match(reading.text, cue.end, a.start) for a in reading.view.actors if a.start > cue.end
    ):
        return False
    return passive_before(reading.ref, reading.text[max(0, cue.start - 30) : cue.start])


_OTHERS_AFTER = re.compile(r"\s+(?:[\w-]+\s+){0,3}?(?:by|under|pursuant\s+to)\s+(?:the\s+)?(?:UN\s+)?$")


def _named_before(reading: Reading, cue: Span, position: int) -> bool:
    """Does an actor stand in the cue's clause before position ("Japan's new restrictions ban …", "North
    Korea said the sanctions ban …")? The instrument is then that actor's, or its words."""
    start, _ = reading.view.clause(cue.start)
    return any(start <= a.start < position for a in reading.view.actors)


def instrument_actor(
    reading: Reading, cue: Span, actor: str | None, by_resolution: bool
) -> tuple[str | None, tuple[str, ...]] | None:
    """Who adopted the instrument whose ban the cue is ("The new restrictions ban …"), or that opens
    the sentence of an act no one is named for ("The Decision strengthens restrictive measures …"), with
    the signs of how it was read; None when no such instrument stands before the cue."""
    ref, before = reading.ref, reading.text[: cue.start]
    words = ref.cue_words
    instruments = words["council_instruments"] + words["own_instruments"] + words["instrument_subjects"]
    # "a resolution adopted on 26 April": an instrument right before another act is what was acted on.
    bans = ref.cue_patterns["prohibition_cues"].fullmatch(cue.text) is not None
    subject = ends_with_word(instruments, True).search(before) if bans else None
    if subject is None and actor is None:
        # The instrument may open the cue itself ("The measures target …").
        subject = _opening_instrument(instruments).match(reading.text, 0, cue.end) or _listed_measure(
            instruments
        ).match(reading.text, 0, cue.end)
    if subject is None:
        return None
    if _named_before(reading, cue, subject.start()):
        return None
    word, council = subject.group(1).lower(), words["resolution_body"][0]
    if word in words["council_instruments"]:
        return council, ()
    if word in (w.lower() for w in words["own_instruments"]) and reading.publisher:
        return reading.publisher, ()
    if by_resolution:
        return council, ()
    named_before = reading.resolution_date is not None or any(
        v.cues["resolution_cues"] for v in reading.context
    )
    if named_before:
        return council, ("party_from_context",)
    # Sanctions or measures no resolution and no owner is named for: in a government's release, its own
    # ("The measures target 12 individuals …"); elsewhere whose they are is not known.
    publisher = _state_publisher(reading)
    return (publisher, ()) if publisher is not None else None


def _state_publisher(reading: Reading) -> str | None:
    """The document's publisher when it is a state's government, else None."""
    publisher = reading.ref.actors.get(reading.publisher) if reading.publisher else None
    return publisher.actor_id if publisher is not None and publisher.kind == "state" else None


@cache
def _listed_measure(words: tuple[str, ...]) -> re.Pattern[str]:
    """A numbered list item naming measures ("(1) Asset freeze and other measures against …", "(2) Export
    prohibition measures against …"), as a government's release lists what it has decided."""
    return re.compile(rf"\(?\d{{1,2}}[.)]\s+(?:[\w-]+\s+){{0,4}}?({alternation(words)})\b", re.IGNORECASE)


@cache
def _opening_instrument(words: tuple[str, ...]) -> re.Pattern[str]:
    """An instrument as the sentence's subject ("The Decision …", "In addition, the resolution …")."""
    return re.compile(
        rf"(?:(?:In addition|Furthermore|Moreover),\s+)?(?:the|this|these)\s+({alternation(words)})\b",
        re.IGNORECASE,
    )


def not_an_act(reading: Reading, cue: Span) -> bool:
    """Is the cue no act: a duty to transpose ("All Member States must transpose …"), sanctions broken
    ("in breach of UN sanctions on luxury goods") or undone ("removed … from the SDN List"), or a
    participle naming a kind ("the sanctioned firm")?"""
    ref, text = reading.ref, reading.text
    transposes = ref.cue_patterns["transposition_cues"].fullmatch(cue.text) is not None
    if transposes and _DUTY_BEFORE.search(text, max(0, cue.start - 20), cue.start) is not None:
        return True
    # The words of breaking stand right before the sanctions, at most a "the" and two words between.
    breaking = _broken_before(ref.cue_words["sanctions_broken"])
    broken = breaking.search(text, max(0, cue.start - 80), cue.start) is not None
    called_for = _called_for(ref.cue_words["sanctions_called_for"]).search(
        text, max(0, cue.start - 60), cue.start
    )
    return (
        broken
        or called_for is not None
        or _undone(reading, cue)
        or (
            cue.text.endswith("ed") and _THE_BEFORE.search(text, max(0, cue.start - 8), cue.start) is not None
        )
        or _described(reading, cue)
    )


# "…, capped at 500,000 barrels a year": a participle describing goods, not a cap being set.
_AT_AFTER = re.compile(r"\s+at\b")
_NAME_AFTER = re.compile(r"\s+[*_“\"]*[A-Z]")
# What an adoption must be of to be an act ("the adoption by the Council of new sanctions", not "the
# adoption by Russia and North Korea of the partnership treaty").
_ADOPTED_REACH = 100


def _described(reading: Reading, cue: Span) -> bool:
    """Is the cue a word that only describes: "capped at" a figure, or an adoption by someone of
    something other than a resolution or measures?"""
    text, cues = reading.text, reading.view.cues
    if cue.text.lower() == "capped" and _AT_AFTER.match(text, cue.end):
        return True
    if cue.text.lower() == "designation" and _NAME_AFTER.match(text, cue.end):
        return True  # "(North Korean designation Hwasong-11Ka)": a name, not a listing
    if cue.text.lower() != "adoption by":
        return False
    window = range(cue.end, cue.end + _ADOPTED_REACH)
    adopted = cues["resolution_cues"] + cues["measure_nouns"]
    return not any(a.start in window for a in adopted)


def _undone(reading: Reading, cue: Span) -> bool:
    """Does a word of undoing govern the cue ("removed Sovfracht … from the SDN List", "the lifting of
    sanctions"): close before it, in its clause, with no other act between?"""
    text = reading.text
    start, _ = reading.view.clause(cue.start)
    acts = reading.view.cues["sanctions_action_cues"]
    undoing = reading.ref.cue_patterns["delisting_cues"]
    for undo in undoing.finditer(text, max(start, cue.start - 80), cue.start):
        other = any(undo.end() <= a.start and a.end <= cue.start for a in acts if a != cue)
        between = text[undo.end() : cue.start]
        # Commas may set off the designees ("removed Ural Trading, …, from the SDN List"); one right
        # before the act ends the undoing's phrase ("which want to ease pressure on Pyongyang, vetoed").
        closed = "," in between and not between.rsplit(",", 1)[1].strip()
        if not other and not closed and not _PUNCTUATION.search(between):
            return True
    return False


_PUNCTUATION = re.compile(r"[;:]")


@cache
def _called_for(words: tuple[str, ...]) -> re.Pattern[str]:
    """A call a few words before the sanctions, in their clause ("urged its allies to impose")."""
    # Not across "and" ("urged Russia to stop and imposed sanctions": the sanctions are imposed).
    return re.compile(rf"\b(?:{alternation(words)})\s+(?:(?!and\b)[\w’'-]+\s+){{0,5}}$", re.IGNORECASE)


@cache
def _broken_before(words: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(rf"\b(?:{alternation(words)})\s+(?:the\s+)?(?:[\w.-]+\s+){{0,2}}$", re.IGNORECASE)


def transposer(reading: Reading, cue: Span, actor: str | None) -> str | None:
    """Who writes a resolution into its own law: the body whose law it becomes ("Resolution 2321 will
    now be transposed into EU law": the EU), else the document's voice when the Council is not named
    acting (a duty to transpose is no act at all: not_an_act)."""
    ref, text = reading.ref, reading.text
    council = ref.cue_words["resolution_body"][0]
    if actor not in (None, council) or not ref.cue_patterns["transposition_cues"].fullmatch(cue.text):
        return actor
    law = _INTO_LAW.search(text, cue.end)
    owners = [a.value for a in reading.view.actors if law and law.start() <= a.start < law.end()]
    if owners:
        return owners[0]
    named = any(a.value == council for a in reading.view.actors)
    return reading.publisher if reading.publisher and not named else actor


_THE_BEFORE = re.compile(r"\b(?:the|a|an)\s+$", re.IGNORECASE)
_INTO_LAW = re.compile(r"\binto\s+(?:the\s+)?[^,;.]{1,40}?\blaw\b", re.IGNORECASE)
_DUTY_BEFORE = re.compile(r"\b(?:shall|must|should|to)\s+(?:\w+\s+)?$", re.IGNORECASE)
