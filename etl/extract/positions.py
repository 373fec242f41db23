"""Statement items: a speaker's stated position on the cooperation, and the fallback statement of a
sentence that yields nothing else."""

from __future__ import annotations

import re
from functools import cache

from etl.extract.actions import on_record_status
from etl.extract.agents import BY_AGENT
from etl.extract.context import fill_from_context
from etl.extract.dates import DateMention
from etl.extract.mentions import THE_GAP, Span
from etl.extract.named_speakers import SPEAKER_ROLES, names_speaker
from etl.extract.position_speakers import PRONOUN_SUBJECT, reporter_before, speaker_of
from etl.extract.quotes import attribution_speaker
from etl.extract.reading import Candidate, Reading, make_candidate, relation_category
from etl.extract.reference import Reference, alternation
from etl.extract.roles import NON_PARTIES, Parties, passive_before
from etl.extract.speakers import list_head, lists

_SAID_REACH = 30  # characters between a speaker and the verb it says with ("President Putin said")


def position_about(reading: Reading, cue: Span, speaker: str, accusation: bool) -> str | None:
    """The monitored state the position is about: the first named after a condemnation or call (its
    object), the first named in the sentence for an accusation (its subject), else the document's."""
    ref = reading.ref
    core = ref.core_actors
    after = (
        _agent_of(reading, cue)
        if accusation
        else _called_on(reading, cue)
        or [s.value for s, r in reading.roles if s.start >= cue.end and s.value in core]
    )
    if not accusation and not after:
        # "We are also disappointed that the People's Republic of China decided to abstain": a third
        # state tied to the cooperation is what the position is about when no monitored state is.
        after = [s.value for s, r in reading.roles if s.start >= cue.end and s.value in ref.third_parties]
    # An accusation's subject may be a third state tied to the cooperation ("China's … support is propping
    # up the Russian defense industrial base").
    accusable = core | ref.third_parties if accusation else core
    anywhere = [s.value for s, r in reading.roles if s.value in accusable and r not in NON_PARTIES]
    # "We condemn this": a sentence that names no one is about the states the sentence before names.
    before = [] if reading.view.actors or not reading.context else reading.context[-1].states(ref)
    about = [
        a
        for a in after + anywhere + before + list(reading.dyad)
        if a != speaker and a in accusable | set(after)
    ]
    return about[0] if about else None


def _called_on(reading: Reading, cue: Span) -> list[str]:
    """The state a call is made on, the first named after it ("call on the DPRK's leaders"), but not
    one that only owns whom it calls on ("We call on Russia's supporters, including China, to …")."""
    ref, text = reading.ref, reading.text
    if not ref.cue_patterns["call_cues"].fullmatch(cue.text):
        return []
    after = [
        s
        for s, r in reading.roles
        if s.start >= cue.end and not (r == "possessor" and _owns_thing(text, s, ref))
    ]
    return [after[0].value] if after and after[0].value in ref.core_actors | ref.third_parties else []


_OWNED_HEAD = re.compile(r"(?:[’']s)?\s+([\w-]+)")


def _owns_thing(text: str, span: Span, ref: Reference) -> bool:
    """Does the state own a thing or people other than its own officials ("Russia's supporters"), not its
    speakers ("the DPRK's leaders")?"""
    head = _OWNED_HEAD.match(text, span.end)
    return head is not None and not names_speaker(head.group(1), ref.title_words)


# "a grave error by DPRK", "this violation by the Russian Federation": the accused after the accusation.
_BY_AGENT = re.compile(r"\s+(?:[\w-]+\s+){0,3}?by\s+(?:the\s+)?$")


def _agent_of(reading: Reading, cue: Span) -> list[str]:
    """The monitored state an accusation names as its agent right after it ("a grave error by DPRK")."""
    core = reading.ref.core_actors
    return [
        a.value
        for a in reading.view.actors
        if a.value in core and a.start >= cue.end and _BY_AGENT.fullmatch(reading.text, cue.end, a.start)
    ][:1]


@cache
def _addressees(words: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(rf"\s+(?:{alternation(words)})\b", re.IGNORECASE)


def _to_everyone(reading: Reading, cue: Span) -> bool:
    """Is the position addressed to states in general ("urge all Member States to …")?"""
    return _addressees(reading.ref.cue_words["general_addressees"]).match(reading.text, cue.end) is not None


def _unnamed(reading: Reading, accused: str | None) -> bool:
    """Does an accusation name neither whom it accuses nor the cooperation ("This undermines the
    Council", "the transaction in violation of resolutions"; not "Such cooperation is a violation of …"),
    so the accused is only the document's?"""
    view = reading.view
    named = accused in {a.value for a in view.actors}
    # Goods alone, with no actor in the sentence ("the misuse of conventional arms undermines security"),
    # name no one's weapons.
    goods = bool(view.goods and view.actors)
    return not (named or goods or view.cues["transfer_nouns"] or view.cues["cooperation_nouns"])


_SAID_CONTENT = 20  # characters of what was said after the verb of saying, at least


def _said_by_party(reading: Reading) -> dict[Span, str]:
    """Verbs of saying whose subject, right before them, is a monitored state ("President Putin said that
    Russia would not rule out …"), with what was said after them: what a party says of the cooperation
    is its statement as well as the transfer it tells."""
    core, patterns = reading.ref.core_actors, reading.ref.cue_patterns["speech_verbs"]
    said: dict[Span, str] = {}
    for cue in reading.view.cues["statement_cues"]:
        speakers = [
            s
            for s, r in reading.roles
            if r == "source" and s.value in core and s.end <= cue.start and cue.start - s.end <= _SAID_REACH
        ]
        # Not an attribution trailing what was said (", Russia's foreign ministry said.").
        follows = len(reading.text[cue.end :].strip(" .,;:\"”’'")) >= _SAID_CONTENT
        if speakers and follows and patterns.fullmatch(cue.text):
            said[cue] = list_head(reading.text, reading.view.actors, speakers[-1].value, reading.ref)
    return said


_DEMAND_REACH = 30  # characters between the state a demand is made of and "must"


def _demand_on(reading: Reading, cue: Span) -> bool:
    """Is the demand made of a monitored state named right before it ("Russia and the DPRK must
    immediately cease …", "The DPRK's support for Russia must end")?"""
    start, _ = reading.view.clause(cue.start)
    core = reading.ref.core_actors
    return any(
        a.value in core and start <= a.start and a.end <= cue.start and cue.start - a.end <= _DEMAND_REACH
        for a in reading.view.actors
    )


def _names_nothing(reading: Reading, speaker: str) -> bool:
    """Does a stated position name no state but its speaker, and neither goods, a transfer, an act nor
    the cooperation ("The United States is deeply disappointed by the outcome of today's vote")?"""
    view, ref = reading.view, reading.ref
    others = [a for a in view.actors if a.value != speaker and ref.actors[a.value].kind == "state"]
    cues = view.cues
    named = cues["transfer_nouns"] or cues["cooperation_nouns"] or cues["sanctions_action_cues"]
    return not (others or view.goods or named)


_TEXT_REACH = 80  # characters between a text told of ("a press statement noting") and what it says
# A text and the participle that tells what it says ("a press statement noting", "a report finding").
_TEXT_SAYS = re.compile(r"(?:[’']s)?\s+(?:that\s+)?$")


def _in_a_text(reading: Reading, cue: Span) -> bool:
    """Is the accusation what a text the sentence tells of says ("blocked a press statement noting the
    DPRK's launch had violated …")? Its words are that text's, not the speaker's."""
    cues, text = reading.view.cues, reading.text
    nouns = [n.end for n in cues["text_nouns"]]
    return any(
        p.end <= cue.start
        and cue.start - p.end <= _TEXT_REACH
        and any(text[e : p.start].strip() == "" and e < p.start for e in nouns)
        for p in cues["content_participles"]
    )


def positions(reading: Reading) -> list[Candidate]:
    """A speaker's stated positions ("We condemn Russia's procurement", "the UK remains committed to
    holding North Korea to account"): speaker → the core state each is about, besides any transfer.
    One item per (speaker, state) in a sentence."""
    view, ref = reading.view, reading.ref
    accusations = [a for a in view.cues["accusation_cues"] if not _in_a_text(reading, a)] + [
        d for d in view.cues["demand_cues"] if _demand_on(reading, d)
    ]
    # "should be of grave concern" is an accusation, though "grave concern" inside it is a position cue.
    denials = view.cues["denial_cues"]
    said = _said_by_party(reading)
    spoken = [
        c
        for c in view.cues["position_cues"] + denials + list(said)
        if not any(a.start <= c.start < a.end for a in accusations)
    ]
    cues = [(c, False) for c in spoken] + [(c, True) for c in accusations]
    found: list[Candidate] = []
    seen: set[tuple[str, str | None]] = set()
    # A verb of saying only states a position no other cue of the sentence states ("… said that reports
    # of arms purchases were unfounded" is a denial).
    for cue, accusation in sorted(cues, key=lambda pair: (pair[0] in said, pair[0].start)):
        if _to_everyone(reading, cue):
            continue  # "calls on all other states to …": no position on the cooperation
        if _refused(reading, cue):
            continue  # "Russia refusing to condemn the launch": no condemnation was made
        passive = _passive_position(reading, cue)
        speaker = (
            said[cue] if cue in said else passive[0] if passive else speaker_of(reading, cue, accusation)
        )
        if speaker is None:
            continue
        about = passive[1] if passive else position_about(reading, cue, speaker, accusation)
        # "excoriated Russia and the PRC": a position on each state of the list that is its object.
        listed = _object_list(reading, cue, about, speaker)
        fresh = [a for a in listed if (speaker, a) not in seen]
        if not fresh:
            continue
        seen.update((speaker, a) for a in fresh)
        parties = Parties(speaker, fresh[0], "from_to")
        # A monitored state before a condemnation is more often what is condemned than who condemns.
        signs: tuple[str, ...] = (
            ("core_actor_speaker",) if speaker in ref.core_actors and speaker != reading.publisher else ()
        )
        # A denial needs no object: "rejected what he called baseless allegations".
        spoken_only = cue not in denials and _names_nothing(reading, speaker)
        unnamed = _unnamed(reading, parties.recipient) if accusation else spoken_only
        signs += ("accused_unnamed",) if unnamed else ()
        # The voice of the document states its position on the day it publishes it.
        dated = _spoken_date(reading, speaker, cue.start, parties)
        # A denial ("Russia rejected the accusations") is a position on the record like any other: what
        # it denies, when the sentence names it, is the transfer with status denied.
        for about in fresh:
            each = Parties(speaker, about, "from_to")
            found.append(make_candidate(reading, "statement", each, "reported", 0.75, dated, signs=signs))
    return found


def _passive_position(reading: Reading, cue: Span) -> tuple[str, str | None] | None:
    """(who states it, about whom) for a position told in the passive ("North Korea was accused by Seoul
    of …", "Minsk has been condemned by the EU"): the agent after "by" speaks of the subject before."""
    view, ref, text = reading.view, reading.ref, reading.text
    agent = BY_AGENT.match(text, cue.end)
    verb = ref.cue_patterns["passive_positions"].fullmatch(cue.text) is not None
    if agent is None or not verb or not passive_before(ref, text[: cue.start]):
        return None
    speaker = next((a.value for a in view.actors if a.start == agent.end()), None)
    start, _ = view.clause(cue.start)
    # After the words that report it ("South Korea said North Korea was condemned by Japan").
    start = max([start, *(c.end for c in view.cues["reporting_verbs"] if start <= c.start < cue.start)])
    subjects = [
        a.value for a in view.actors if start <= a.start and a.end <= cue.start and a.value != speaker
    ]
    return (speaker, subjects[0] if subjects else None) if speaker else None


def _object_list(reading: Reading, cue: Span, about: str | None, speaker: str) -> list[str | None]:
    """The states of the list right after the cue, when it starts with the state the position is about
    ("excoriated Russia and the PRC"); else that state alone. A call on a list ("call on the DPRK and
    Russia to cease …") is one position, on the first state called on."""
    text = reading.text
    first = next((s for s in reading.view.actors if THE_GAP.fullmatch(text, cue.end, s.start)), None)
    called = reading.ref.cue_patterns["call_cues"].fullmatch(cue.text) is not None
    if first is None or first.value != about or called:
        return [about]
    group = next((g for g in lists(text, reading.view.actors) if first in g), [first])
    return list(dict.fromkeys(s.value for s in group if s.value != speaker)) or [about]


def _refused(reading: Reading, cue: Span) -> bool:
    """Is the position cue withheld right before it ("refusing to condemn", "did not condemn"; not "not
    only condemns")?"""
    return _withheld(reading.ref.cue_words["refusal_cues"]).search(reading.text, 0, cue.start) is not None


@cache
def _withheld(words: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(rf"\b(?:{alternation(words)})\s+(?:\w+ly\s+)?$", re.IGNORECASE)


def fallback_statement(reading: Reading) -> list[Candidate]:
    """A sentence with a statement cue and nothing else: the first speaker, about the next party."""
    view, roles = reading.view, reading.roles
    if not (view.cues["statement_cues"] and view.actors):
        return []
    cue = view.cues["statement_cues"][0]
    start, _ = view.clause(cue.start)
    pronoun = PRONOUN_SUBJECT.search(reading.text[start : cue.start]) is not None
    # "He said that Russia …": the speaker named just before; "“…,” Kirby said": the one after the quote.
    quoted = attribution_speaker(view, roles)
    speaker = quoted.value if quoted else reporter_before(reading) if pronoun else _first_speaker(reading)
    if speaker is None:
        return []
    states = [s for s, r in roles if r not in NON_PARTIES and reading.ref.actors[s.value].kind == "state"]
    addressee = next((s.value for s in states if s.value != speaker), None)  # a state, not a body
    parties = Parties(speaker, addressee, "from_to")
    if addressee is None:
        fill_from_context(parties, reading.dyad, reading.context, reading.ref, reading.excluded())
    category = relation_category(parties, "statement", reading.ref)
    # The speaker is a party here, so its own words are reported, not alleged; a hedge on what they said
    # ("Putin said that Russia would not rule out …") is not one on the saying.
    status = on_record_status(reading, cue)[0]
    # A statement because nothing else was found, unless its speaker stands right before the verb.
    said = [
        s for s, r in roles if s.end <= cue.start and cue.start - s.end <= _SAID_REACH and r in SPEAKER_ROLES
    ]
    spoken = reading.ref.cue_patterns["speech_verbs"].fullmatch(cue.text) is not None
    right_before = pronoun or quoted is not None or (said and said[-1].value == speaker)
    signs = () if spoken and right_before else ("weak_category_cue",)
    return [
        make_candidate(
            reading, category, parties, status, 0.6, _spoken_date(reading, speaker, 0, parties), signs=signs
        )
    ]


def _first_speaker(reading: Reading) -> str:
    roles = reading.roles
    wanted = {"source", "bare", "possessor", "from"}
    return next((s.value for s, r in roles if r in wanted), reading.view.actors[0].value)


def _spoken_date(
    reading: Reading, speaker: str, anchor: int, parties: Parties
) -> tuple[DateMention | None, str]:
    """The voice of the document states its position on the day it publishes it, and so do the delegates
    meetings coverage reports; anyone else's statement is dated by its own sentence."""
    if speaker == reading.publisher or reading.reports_delegates:
        return None, "spoken"
    return _own_date(reading, anchor, parties)


def _own_date(reading: Reading, anchor: int, parties: Parties) -> tuple[DateMention | None, str]:
    """A statement's date is one its sentence gives: what was said is not dated by the event told
    before it ("… the 19 June summit. … Putin said that …"); said in the present tense ("Wood tells VOA
    that …"), it is said on the day the text is published."""
    dated = reading.dated(anchor, parties)
    if dated[0] is None and reading.view.cues["present_saying"]:
        return None, "spoken"
    return (None, "publication") if dated[1] == "context" else dated
