"""Sanctions actions: who acts (a state casting a veto before the body it blocks), on whom, with what
status and date."""

from __future__ import annotations

import re
from functools import cache

from etl.contract import Status
from etl.extract.action_dates import DATE_REACH, action_date, distance, said_on
from etl.extract.dates import DateMention
from etl.extract.designees import designees_of, listed_designees
from etl.extract.instruments import (
    acted_in_passive_by_voice,
    included,
    instrument_actor,
    instrument_bans,
    not_an_act,
    panel_endings,
    transposer,
)
from etl.extract.measures_named import in_force, stated_position
from etl.extract.mentions import THE_GAP, SentenceView, Span, words_in
from etl.extract.reading import Candidate, Reading, make_candidate
from etl.extract.reference import Reference, alternation
from etl.extract.roles import Parties
from etl.extract.speakers import acting_beside, list_head, lists

# "a veto cast by the Russian Federation", "sanctions imposed by the Council": "by" and up to four words.
_BY_AGENT = re.compile(r"\bby(?:\s+[\w'’.-]+){0,4}\s*$")
_AGENT_REACH = 40
_SOURCE_REACH = 60
_PUNCTUATION = re.compile(r"[,;:.()–—\"“”]")
# A speaker acts too ("The Government of Japan has decided to freeze …", "The UK condemned … and imposed").
_ACTOR_ROLES = frozenset({"bare", "possessor", "source"})
# After the cue, a possessive is rarely the target ("ended the mandate … with China's tacit support").
_TARGET_ROLES_AFTER = frozenset({"target", "bare", "to", "from", "origin"})
# The subject of an action stands near its verb; an actor further back belongs to another clause.
_ACTOR_REACH = 120
# An act pointed back to: "this veto", "that mandate renewal"; "its veto" when no actor stands before
# the pronoun in its clause ("By the use of its veto, Russia …", not "Russia used its Security Council veto").
_DEMONSTRATIVE = re.compile(
    r"\b(?:this|that|these|those|the same|today[’']s|yesterday[’']s)\s+(?!(?:the|a|an)\b)(?:[\w-]+\s+){0,2}$",
    re.IGNORECASE,
)  # "that the recent sanctions" is a conjunction, not a pointer; "Despite today's veto" points back
_POSSESSIVE_PRONOUN = re.compile(r"\b(?:its|their)\s+(?:[\w-]+\s+){0,2}$", re.IGNORECASE)


def _agent_after(reading: Reading, cue: Span, passive: frozenset[str]) -> Span | None:
    """The agent right after the cue ("a veto cast by the Russian Federation")."""
    for span, role in reading.roles:
        if span.start < cue.end or role != "from" or span.value in passive:
            continue
        between = reading.text[cue.end : span.start]
        if len(between) <= _AGENT_REACH and _BY_AGENT.search(between) and not _PUNCTUATION.search(between):
            # "vetoed the draft resolution tabled by the United States": the author of the text, not the
            # act's agent.
            authored = _authored_by(reading.ref.cue_words["sponsor_participles"]).search(between)
            return None if authored and _DRAFT.search(between) else span
    return None


@cache
def _authored_by(participles: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(rf"\b(?:{alternation(participles)})\s+by\b", re.IGNORECASE)


def _modifies(reading: Reading, span: Span, cue: Span) -> bool:
    """An organisation right before an action noun names its kind, not its actor ("its Security
    Council veto", "the UN Security Council resolution")."""
    ref = reading.ref
    if ref.actors[span.value].kind == "state" or reading.text[span.end : cue.start].strip():
        return False
    return bool(words_in(ref.cue_words["action_nouns"]).fullmatch(cue.text))


_OWN_ACT = re.compile(r"\b(?:its|our|their|new)\s+(?:[\w-]+\s+)?$", re.IGNORECASE)
# The speaker pointed back to after its verb of saying ("Nebenzia said his delegation had vetoed …").
_SPEAKER_BACK = re.compile(r"\b(?:his|her|its|their|our|we|it|he|she|they)\b", re.IGNORECASE)


def _only_says(reading: Reading, actor: Span, cue: Span) -> bool:
    """Does the actor only say something of the act ("The UK representative said the veto was …"), not
    say that it acted ("Nebenzia said his delegation had vetoed …")?"""
    # Not of the speaker's own act ("Britain said on Tuesday the new sanctions against … were a response").
    if _OWN_ACT.search(reading.text, max(0, cue.start - 20), cue.start) or _OWN_ACT.match(cue.text + " "):
        return False
    said = reading.ref.cue_patterns["saying_only"].search(reading.text, actor.end, cue.start)
    # "The UK condemned the launch and sanctioned …": a second verb of its own is an act.
    return (
        said is not None
        and not _SPEAKER_BACK.search(reading.text, said.end(), cue.start)
        and not _AND_VERB.search(reading.text, said.end(), cue.end)
    )


_AND_VERB = re.compile(r"\band\s+(?:(?:has|have|had|will|today|also|then)\s+)*[a-z]+ed\b")


def _actor(reading: Reading, cue: Span) -> str | None:
    """Who acts: the agent after the cue, else the nearest actor before it (never a body that only
    monitors or reports, such as the Panel of Experts), standing for its list."""
    passive = frozenset(reading.ref.cue_words["passive_bodies"])
    agent = _agent_after(reading, cue, passive)
    designees, sponsors = designees_of(reading), _sponsors(reading)
    beside = acting_beside(reading.text, reading.view.actors)
    before = [
        s
        for s, r in reading.roles
        if s.end <= cue.start
        and cue.start - s.end <= _ACTOR_REACH
        and r in _ACTOR_ROLES
        and s.value not in passive
        and s.value not in designees
        and s.value not in sponsors
        and s.start not in beside
        and not _modifies(reading, s, cue)
        and not _only_says(reading, s, cue)
    ]
    # Last, an actor the action comes from, close after it ("prohibits the exportation of goods from the
    # United States"; not "designation … in response to Russia's attempt to secure weapons from the DPRK").
    source = next(
        (
            s
            for s, r in reading.roles
            if cue.end <= s.start <= cue.end + _SOURCE_REACH and r == "from" and s.value not in passive
        ),
        None,
    )
    if _COORDINATED.search(reading.text, 0, cue.start):
        # "The UNSC reaffirmed that …, and imposed new measures", "Treasury targeted the Russian Financial
        # Society and blocked …": the sentence's subject, however far, not the first verb's object.
        subject = [s for s, r in reading.roles[:1] if s.start <= _SUBJECT_START and r in _ACTOR_ROLES]
        before = subject or before
    start, _ = reading.view.clause(cue.start)
    if (
        agent is None
        and not [s for s in before if s.start >= start]
        and _PRONOUN_START.match(reading.text, start)
    ):
        return reading.publisher  # "It also froze the assets of …" in a government's release: its act
    if agent is None and acted_in_passive_by_voice(reading, cue):
        return reading.publisher  # "Primorsky Maritime was designated pursuant to E.O. 13382"
    chosen = agent or _owner(reading, cue, passive) or (before[-1] if before else None) or source
    if agent is None and _we_act(reading, cue, before[-1] if before else None):
        return reading.publisher  # "We have today sanctioned …": the document's voice acts
    return list_head(reading.text, reading.view.actors, chosen.value, reading.ref) if chosen else None


_PRONOUN_START = re.compile(r"\s*(?:it|they)\s", re.IGNORECASE)  # "It also froze …", "They imposed …"
_DRAFT = re.compile(r"\b(?:draft|resolution|text)\b", re.IGNORECASE)  # what an author writes
_COORDINATED = re.compile(r"\band\s+(?:\w+ly\s+)?$")  # a verb sharing the sentence's subject
_SUBJECT_START = 12  # how far into the sentence its subject may start ("The UNSC", "Today, Japan")
_OWNS = re.compile(r"(?:[’']s)?\s*")
_ITS = re.compile(r"\b(?:its|their)\s+$", re.IGNORECASE)


def _owner(reading: Reading, cue: Span, passive: frozenset[str]) -> Span | None:
    """The state whose act the cue names by possession: "disappointed by Russia's veto" (Russia, though
    "by" stands before it), or "Moscow …, and its veto today was …" (the sentence's first state, for
    whom "its" stands)."""
    ref, text = reading.ref, reading.text
    states = [
        (s, r) for s, r in reading.roles if ref.actors[s.value].kind == "state" and s.value not in passive
    ]
    for span, _ in states:
        possessive = span.text.endswith(("'s", "’s")) or text.startswith(("'s", "’s"), span.end)
        if possessive and span.end <= cue.start and _OWNS.fullmatch(text, span.end, cue.start):
            return span
    if _ITS.search(text, 0, cue.start):
        subjects = [s for s, r in states if s.end <= cue.start and r in ("bare", "source")]
        return subjects[0] if subjects else None
    return None


def _we_act(reading: Reading, cue: Span, before: Span | None) -> bool:
    """Is "we" the subject of the act, nearer to it in its clause than any actor ("We have today
    designated …", "we imposed")?"""
    start, _ = reading.view.clause(cue.start)
    we = [p for p in reading.view.cues["first_person"] if start <= p.start and p.end <= cue.start]
    return bool(we) and (before is None or before.end <= we[-1].start)


def _sponsors(reading: Reading) -> set[str]:
    """States named right before a resolution as its author ("A United States resolution", "the
    US-drafted resolution"): it is their text, not their act nor their target (a body before it, "Security
    Council resolutions", adopts it and so acts)."""
    view, text, ref = reading.view, reading.text, reading.ref
    targeted = set(ref.regime_of.values())
    gap = _sponsor_gap(ref.cue_words["sponsor_participles"])
    named_before = {
        s.value
        for s in view.actors
        for r in view.cues["resolution_cues"]
        if ref.actors[s.value].kind == "state"
        and s.value not in targeted  # "the DPRK resolution" is one on the DPRK
        and r.start >= s.end
        and gap.fullmatch(text, s.end, r.start)
    }
    # "the draft resolution tabled by the United States"
    by_author = _authored_by(ref.cue_words["sponsor_participles"])
    named_after = {
        s.value
        for s in view.actors
        if ref.actors[s.value].kind == "state"
        and view.cues["resolution_cues"]
        and (m := by_author.search(text, max(0, s.start - 40), s.start)) is not None
        and THE_GAP.fullmatch(text, m.end(), s.start)
    }
    return named_before | named_after


@cache
def _sponsor_gap(participles: tuple[str, ...]) -> re.Pattern[str]:
    """What joins an author to its resolution: "'s", a participle ("US-drafted"), "draft"."""
    return re.compile(rf"(?:[’']s)?(?:-(?:{alternation(participles)}))?\s+(?:draft\s+)?")


def _acting_with(reading: Reading, cue: Span, actor: str | None) -> set[str]:
    """The states listed with the actor before the cue ("China and Russia vetoed"): they act too."""
    before = [a for a in reading.view.actors if a.end <= cue.start]
    subject = next((a for a in reversed(before) if a.value == actor), None)
    for members in lists(reading.text, before):
        if subject in members:
            return {m.value for m in members} - {actor or ""}
    return set()


def _target(reading: Reading, cue: Span, actor: str | None) -> str | None:
    """The state the action targets: named after the cue in its clause ("sanctions on the DPRK"), or
    before it as a target ("against North Korea"); else the state of the regime a body named serves (a
    veto ending the 1718 Panel's mandate targets the DPRK); else the monitored state the sentence or the
    document is about. A state in another clause ("…, and China abstained") is no target."""
    ref = reading.ref
    _, end = reading.view.clause(cue.start)
    states = [
        s.value
        for s, r in reading.roles
        if s.value != actor
        and ref.actors[s.value].kind == "state"
        and s.value not in ref.attack_targets  # "aggression against Ukraine" names no target of sanctions
        and (
            (cue.end <= s.start < end and r in _TARGET_ROLES_AFTER) or (s.end <= cue.start and r == "target")
        )
    ]
    # Neither the resolution's author nor a state acting with the actor ("China and Russia vetoed …").
    excluded = _sponsors(reading) | _acting_with(reading, cue, actor)
    states = [d for d in designees_of(reading) if d != actor] + [s for s in states if s not in excluded]
    regimes = [ref.regime_of[s.value] for s, _ in reading.roles if s.value in ref.regime_of]
    core = [s.value for s, _ in reading.roles if s.value in ref.core_actors]
    wanted = [a for a in states + regimes + core + list(reading.dyad) if a != actor and a not in excluded]
    return next((a for a in wanted if a in states or a in ref.core_actors), None)


def on_record_status(reading: Reading, cue: Span) -> tuple[Status, bool]:
    """A vote, a designation, a veto is on the record: only a hedge before the cue in its clause moves
    its status ("the resolution that would have extended the mandate" hedges the draft, not the veto).
    True when a conditional governs it ("If adopted, the resolution would have …")."""
    start, _ = reading.view.clause(cue.start)
    text = reading.text[start : cue.start]
    blocked = [(a.start - start, a.end - start) for a in reading.view.actors if a.start >= start]
    hypothetical = reading.ref.cue_patterns["hypothetical_cues"].search(text) is not None
    for status, pattern in reading.ref.status_patterns:
        for m in pattern.finditer(text):
            if not any(m.start() < end and b < m.end() for b, end in blocked):
                return status, hypothetical
    return ("speculative" if hypothetical else "reported"), hypothetical


_PRECISE = frozenset({"day", "month", "year"})


def _one_resolution(view: SentenceView) -> bool:
    """Does the sentence name one resolution ("Resolution 1718", "the resolution"), not several?"""
    return any(c.text.lower() == "resolution" for c in view.cues["resolution_cues"])


def resolution_date(view: SentenceView, ref: Reference) -> DateMention | None:
    """The date a sentence gives one resolution ("Resolution 1874 was adopted … on 12 June 2009"),
    by which the document's later provisions of that resolution are dated."""
    named = [c for c in view.cues["resolution_cues"] if c.text.lower() == "resolution"]
    dated = [
        d
        for d in view.dates
        if d.role == "event"
        and d.resolved
        and d.precision in _PRECISE
        and any(distance(d, c) <= DATE_REACH for c in named)
    ]
    return dated[0] if dated else None


def _council_by_resolution(reading: Reading) -> tuple[bool, bool]:
    """(a resolution is named for the action, in its own sentence or the line its list item continues;
    it is one resolution). A resolution named only in the sentences before is a guess."""
    own = [reading.view] + ([reading.lead] if reading.lead is not None else [])
    named = [v for v in own if v.cues["resolution_cues"]]
    return bool(named), any(_one_resolution(v) for v in named)


# An act told as the cause of what the sentence reports, in an opening phrase ("As a result of Russia's
# veto, the UN membership will no longer …").
_AS_CAUSE = re.compile(r"(?:As a result of|Because of|Owing to|Due to|In the wake of)\s[^,;]*$")
# The consequences of an act pointed back to in an opening phrase ("As a result of today's sanctions, any
# property of the designated persons … must be blocked"): the act is told elsewhere.
_AS_RESULT_OF_IT = re.compile(
    r"(?:As a result of|Because of|Owing to|Due to|In the wake of|Following)\s+"
    r"(?:today[’']s|this|these|that|those|such)\b[^,;]*,",
    re.IGNORECASE,
)


def _restated(reading: Reading, cue: Span) -> bool:
    """Does the sentence point back to an act told before ("this veto", "By the use of its veto")? An
    act whose agent follows it is told anew ("Its renewal was blocked by the Russian Federation")."""
    before = reading.text[: cue.start]
    if _DEMONSTRATIVE.search(before) or _AS_CAUSE.match(before) or _AS_RESULT_OF_IT.match(before):
        return True
    # "All property … of the designated persons … are blocked": what follows from an act told before.
    nouns = [n for n in reading.view.cues["designee_nouns"] if n.end <= cue.start]
    if any(_DESIGNATED_BEFORE.search(reading.text, 0, n.start) for n in nouns):
        return True
    # "Before adopting this resolution, North Korea had conducted …": the act is told elsewhere.
    if _TIME_OF_IT.match(before) and _DEMONSTRATIVE_AFTER.match(reading.text, cue.end):
        return True
    pronoun = _POSSESSIVE_PRONOUN.search(before)
    if pronoun is None:
        return False
    start, _ = reading.view.clause(cue.start)
    return not any(start <= a.start and a.end <= pronoun.start() for a in reading.view.actors)


_DESIGNATED_BEFORE = re.compile(
    r"\b(?:the|these|those)\s+(?:designated|sanctioned|listed|blocked)\s+(?:[\w-]+\s+)?$", re.IGNORECASE
)
_TIME_OF_IT = re.compile(r"(?:Before|After|Since|Prior to|Upon|On)\s+$", re.IGNORECASE)
_DEMONSTRATIVE_AFTER = re.compile(r"\s+(?:this|that|these|those|the)\s+(?:draft\s+)?resolutions?\b")
_VOTE_GAP = re.compile(r"\s+(?:(?:the|a|an|its|this|today[’']s)\s+)?(?:[\w’'-]+\s+){0,6}?$")


def _voted_on(reading: Reading, cue: Span) -> bool:
    """Is the cue what a member voted for or on ("voted in favour of the renewal of the mandate")?"""
    text = reading.text
    return any(
        v.end <= cue.start and _VOTE_GAP.fullmatch(text, v.end, cue.start)
        for v in reading.view.cues["vote_phrases"]
    )


def _reading_of(reading: Reading, ref: Reference) -> tuple[Span, str | None]:
    """The cue to read the action from: the first with its agent after it ("A United States resolution
    … was vetoed by Russia": Russia acts, not the resolution's sponsor), else the first whose actor is a
    state (a veto cast by Russia beats the Council failing to adopt), else the first with an actor, else
    the first."""
    cues = reading.view.cues["sanctions_action_cues"]
    actors = [(cue, _actor(reading, cue)) for cue in cues]
    passive = frozenset(ref.cue_words["passive_bodies"])
    agents = [(c, a) for c, a in actors if a is not None and _agent_after(reading, c, passive) is not None]
    states = [(c, a) for c, a in actors if a is not None and ref.actors[a].kind == "state"]
    named = [(c, a) for c, a in actors if a is not None]
    return (agents or states or named or actors)[0]


def sanctions_actions(reading: Reading) -> list[Candidate]:
    """Who acts and on whom; a resolution's provisions are the Council's, and its target the monitored
    state the sentence (or the document) is about."""
    view, ref = reading.view, reading.ref
    _add_instrument_bans(reading)
    view.cues["sanctions_action_cues"] = [
        c for c in view.cues["sanctions_action_cues"] if not not_an_act(reading, c)
    ]
    if not [c for c in view.cues["sanctions_action_cues"] if not _voted_on(reading, c)]:
        return []  # no cue, or only the act members voted for ("voted in favour of the renewal")
    cue, actor = _reading_of(reading, ref)
    signs: tuple[str, ...] = ()
    by_resolution, one_resolution = _council_by_resolution(reading)
    instrument = instrument_actor(reading, cue, actor, by_resolution)
    if instrument is not None:
        actor, signs = instrument
    actor = transposer(reading, cue, actor)
    target = _target(reading, cue, actor)
    found = (actor is not None) + (target is not None)
    if actor is None and not by_resolution and any(v.cues["resolution_cues"] for v in reading.context):
        by_resolution, signs = True, ("party_from_context",)  # "They … imposed sanctions"
    if actor is None and by_resolution:
        actor = ref.cue_words["resolution_body"][0]
    if actor is None and target is None:
        return []
    parties = Parties(actor, target, "from_to")
    # The first cue carries the sentence's act ("The Council today failed to adopt … due to a veto cast
    # by Russia"): its hedges and date are the action's.
    first = view.cues["sanctions_action_cues"][0]
    status, hypothetical = on_record_status(reading, first)
    signs += ("hypothetical_action",) if hypothetical else ()
    signs += ("measure_in_force",) if in_force(reading) else ()
    if (
        _restated(reading, cue)
        and not included(reading, cue)
        and _agent_after(reading, cue, frozenset(ref.cue_words["passive_bodies"])) is None
    ):
        signs += ("restated_action",)  # "this veto", "its veto": an action told before, not a new one
    # Parties named in the sentence itself are surer than ones inferred from the Council or the document.
    confidence = 0.6 + 0.1 * found
    dated = action_date(reading, first, parties, one_resolution)
    position = stated_position(reading, first, cue, parties)  # a pledge, or the act judged
    if position is not None:
        dated = said_on(reading, position, dated)
        return [make_candidate(reading, "statement", position, "reported", confidence, dated, signs=signs)]
    # "designated two DPRK and three Russian entities": one action on each designees' state.
    listed = listed_designees(reading, actor)
    targets = [target] + [d for d in listed if d != target]
    acts = [Parties(actor, each, "from_to") for each in targets]
    return [
        make_candidate(reading, "sanctions_action", a, status, confidence, dated, signs=signs) for a in acts
    ]


def _add_instrument_bans(reading: Reading) -> None:
    """ "The new restrictions ban …", "Russia killed the Panel": acts told without an act's word."""
    cues = reading.view.cues
    implied = instrument_bans(reading) + panel_endings(reading)
    if bans := [b for b in implied if b not in cues["sanctions_action_cues"]]:
        cues["sanctions_action_cues"] = sorted(cues["sanctions_action_cues"] + bans, key=lambda c: c.start)
