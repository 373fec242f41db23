"""Summit and visit items: a leader or minister visiting, or leaders of states meeting.

A summit is one by itself; any other visit or meeting word ("visited", "arrived in", "met", "talks")
makes one only when a leader, minister or envoy of a state stands in the sentence, and never when it is
the meeting of a body or of the day ("Today's meeting", "a Security Council meeting", "the Council
met"): such a candidate is kept below the default floor (`not_a_summit`).
"""

from __future__ import annotations

import re

from etl.extract.mentions import THE_GAP, SentenceView, Span
from etl.extract.reading import Candidate, Reading, make_candidate, relation_category
from etl.extract.roles import NON_PARTIES, Parties, Roles, first_after, nearest_before

# What may stand between a body and the meeting it holds ("Security Council meeting", "the Council's
# meeting", "the Council met"), or between a meeting and its body ("meeting of the Security Council").
_BODY_BEFORE = re.compile(r"(?:[’']s)?\s*(?:[\w-]+\s+)?$")
_BODY_AFTER = re.compile(r"^\s+(?:of|by|in)\s+(?:the\s+)?$")


def _uses_dyad(view: SentenceView, dyad: tuple[str, ...]) -> bool:
    return bool(view.cues["dyad_phrases"]) and len(dyad) == 2


def _body_at(reading: Reading, start: int, end: int) -> bool:
    """Is a body (a council, a committee) named right before or after the words at start..end?"""
    text, actors = reading.text, reading.ref.actors
    for actor in reading.view.actors:
        if actors[actor.value].kind == "state":
            continue
        if actor.end <= start and _BODY_BEFORE.fullmatch(text, actor.end, start):
            return True
        if actor.start >= end and _BODY_AFTER.match(text[end : actor.start]):
            return True
    return False


def _owned_meeting(reading: Reading, cue: Span) -> bool:
    """ "Today's meeting", "this meeting", "the Council met": a session, not leaders meeting."""
    before = reading.text[max(0, cue.start - 24) : cue.start]
    owners = reading.ref.cue_patterns["meeting_owners"]
    owned = any(m.end() == len(before.rstrip()) for m in owners.finditer(before.rstrip()))
    return owned or _body_at(reading, cue.start, cue.end)


def _dignitary(reading: Reading) -> bool:
    """A leader, minister or envoy of a state in the sentence; not the President of a council."""
    named = reading.ref.cue_patterns["dignitaries"].fullmatch
    people = [a for a in reading.view.actors if named(" ".join(a.text.split()))]
    return any(not _body_at(reading, d.start, d.end) for d in reading.view.cues["dignitaries"] + people)


def _summit_cue(reading: Reading) -> tuple[Span, tuple[str, ...]]:
    """The cue the visit is read from, and the sign of doubt it carries: a summit is one by itself; any
    other visit or meeting word needs a leader, minister or envoy of a state ("10,000 troops have
    arrived in Russia" is no visit), and the meeting of a body or of the day is none."""
    cues = reading.view.cues["visit_cues"]
    held = [c for c in cues if not _owned_meeting(reading, c)]
    summits = [c for c in held if reading.ref.cue_patterns["summit_words"].fullmatch(c.text)]
    if summits:
        return summits[0], ()
    if held and _dignitary(reading):
        return held[0], ()
    return cues[0], ("not_a_summit",)


_TO_BEFORE = re.compile(r"\bto\s+(?:the\s+)?$", re.IGNORECASE)
_FROM_BEFORE = re.compile(r"\b(?:from|of)\s+(?:the\s+)?$", re.IGNORECASE)
_VISITING_VERB = re.compile(r"\b(?:is|are|was|were|been|be)\s+visiting\s+(?:the\s+)?$", re.IGNORECASE)


def _place_verbs(view: SentenceView) -> list[Span]:
    """The visit cues whose object is the place visited ("visited Pyongyang"), not the other party ("met
    Putin")."""
    meetings = {(m.start, m.end) for m in view.cues["meeting_verbs"]}
    return [c for c in view.cues["visit_cues"] if (c.start, c.end) not in meetings]


def _hosts(view: SentenceView, roles: Roles, targets: set[str]) -> list[str]:
    """The states that host the visit: named after "to", as its place ("in", "at"), or as the object of a
    visit verb."""
    text = view.sentence.text
    # Only "to" names a host ("a visit to Pyongyang"); "for" does not ("thanked the North for its support
    # for Moscow's war").
    hosts = [
        s.value
        for s, r in roles
        if r == "to" and s.value not in targets and _TO_BEFORE.search(text, max(0, s.start - 12), s.start)
    ]
    # A place named after "in" or "at" hosts the visit (visits have no targets: "at" is a place here).
    hosts += [
        s.value
        for s, r in roles
        if r in ("bare", "target") and _AT_PLACE.search(text, max(0, s.start - 12), s.start)
    ]
    # "Belousov visited Pyongyang", "Lavrov is visiting North Korea": the place a visit verb takes as its
    # object hosts the visit ("the visiting Russian minister" is the visitor).
    hosts += [
        s.value
        for s, r in roles
        if (r == "bare" and any(THE_GAP.fullmatch(text, c.end, s.start) for c in _place_verbs(view)))
        or (r == "visitor" and _VISITING_VERB.search(text, max(0, s.start - 30), s.start))
    ]
    return hosts


def visit_parties(view: SentenceView, roles: Roles) -> Parties:
    """Visitor → host: "Putin's visit to Pyongyang", "Kim hosted Putin", "talks at Vostochny"."""
    targets = {span.value for span, role in roles if role == "source"}
    host_cue = bool(view.cues["host_cues"])
    text = view.sentence.text
    hosts = _hosts(view, roles, targets)
    # A visitor comes "from" or is "of" a state ("a delegation from Russia", "the visit of Pyongyang’s
    # minister"); "threats posed by the DPRK" names none.
    visitors = [
        s.value
        for s, r in roles
        if r in {"from", "bare", "possessor", "between"}
        and s.value not in hosts
        and s.value not in targets
        and (r != "from" or _FROM_BEFORE.search(text, max(0, s.start - 12), s.start))
    ]
    parties = Parties()
    marked = [s.value for s, r in roles if r == "visitor" and s.value not in hosts]
    if marked:
        # "showed the visiting Russian defence minister": the marked actor is the visitor.
        parties.supplier = marked[0]
        others = [s.value for s, r in roles if r not in NON_PARTIES and s.value != marked[0]]
        parties.recipient = next((h for h in hosts if h != marked[0]), None) or next(iter(others), None)
        return parties
    guests = list(dict.fromkeys(visitors))
    if len(guests) >= 2 and hosts and view.cues["meeting_verbs"]:
        # "Putin and Kim Jong Un held talks in Beijing": two leaders meeting on a third state's ground.
        return Parties(guests[0], guests[1], "between")
    if host_cue:
        # "Kim hosted Putin in Pyongyang": the subject is the host, the object the visitor.
        cue = view.cues["host_cues"][0]
        parties.recipient = nearest_before(roles, cue.start, {"bare", "possessor"}, targets)
        parties.supplier = first_after(
            roles, cue.end, {"bare", "possessor"}, targets | {parties.recipient or ""}
        )
    else:
        parties.supplier = visitors[0] if visitors else None
        parties.recipient = hosts[0] if hosts else next((v for v in visitors if v != parties.supplier), None)
    if not hosts:
        parties.direction = "between"
    return parties


_RELATIVE = re.compile(r",\s+(?:where|which|who|whereas|while)\s")


def visits(reading: Reading) -> list[Candidate]:
    view = reading.view
    if not view.cues["visit_cues"] or not (view.actors or _uses_dyad(view, reading.dyad)):
        return []
    parties = visit_parties(view, reading.roles)
    if _uses_dyad(view, reading.dyad) and not (parties.supplier and parties.recipient):
        parties = Parties(reading.dyad[0], reading.dyad[1], "between")
    cue, signs = _summit_cue(reading)
    followed = reading.ref.core_actors | reading.ref.third_parties
    if any(p not in followed for p in (parties.supplier, parties.recipient) if p):
        signs += ("visit_outside",)  # "the day before dozens of countries travel to Switzerland"
    category = relation_category(parties, "summit_or_visit", reading.ref)
    # A hedge in a relative clause after the visit ("visited Vostochny, where Putin said Russia would
    # help …") is not the visit's; one on the sentence's verb is ("A meeting … should not be discounted").
    after = _RELATIVE.search(reading.text, view.cues["visit_cues"][0].end)
    status = reading.status(None, parties, (0, after.start() if after else len(reading.text)))
    # A visit or a summit is on the record: whoever tells of it, only a hedge ("reportedly") makes it alleged.
    if status == "alleged" and not any(
        p.search(reading.text) for s, p in reading.ref.status_patterns if s == "alleged"
    ):
        status = "reported"
    places = _places(reading)
    pair = {parties.supplier, parties.recipient}
    if len(places) == 2 and pair == {p.value for p in places}:
        # "summits in eastern Russia in September 2023 and in Pyongyang in June 2024": one visit to each
        # host, by the other, dated beside it.
        first, second = places
        hosted = [(Parties(second.value, first.value), first), (Parties(first.value, second.value), second)]
        return [
            make_candidate(reading, category, h, status, 0.8, reading.dated(at.start, h), signs=signs)
            for h, at in hosted
        ]
    dated = reading.dated(_where_hosted(reading, parties, cue), parties)
    return [make_candidate(reading, category, parties, status, 0.8, dated, signs=signs)]


# A state named as the place of a meeting: "in Pyongyang", "at the Kremlin", "in eastern Russia".
_PLACE_BEFORE = re.compile(r"\b(?:in|at)\s+(?:the\s+)?(?:[a-z][\w-]*\s+)?$")


def _places(reading: Reading) -> list[Span]:
    """The first mention of each state the sentence names as the place of a meeting, in order."""
    text, actors = reading.text, reading.ref.actors
    found: dict[str, Span] = {}
    for actor in reading.view.actors:
        if actors[actor.value].kind == "state" and _PLACE_BEFORE.search(
            text, max(0, actor.start - 30), actor.start
        ):
            found.setdefault(actor.value, actor)
    return list(found.values())


_AT_PLACE = re.compile(r"\b(?:in|at)\s+(?:the\s+)?$")


def _where_hosted(reading: Reading, parties: Parties, cue: Span) -> int:
    """Where the visit's date is read: beside its host named as the place ("summits in eastern Russia in
    September 2023 and in Pyongyang in June 2024": Putin's visit is the June one), else at its cue."""
    text = reading.text
    for actor in reading.view.actors:
        if actor.value == parties.recipient and _AT_PLACE.search(text, max(0, actor.start - 12), actor.start):
            return actor.start if parties.direction != "between" else cue.start
    return cue.start
