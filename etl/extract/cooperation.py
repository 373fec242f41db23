"""Military cooperation told between two states ("deepening military cooperation between Russia and the
DPRK", "Russia's military partnership with the DPRK"): the guide's undirected arms transfer between the
two, when the sentence tells no transfer between them that says more."""

from __future__ import annotations

import re

from etl.extract.mentions import Span
from etl.extract.reading import Candidate, Reading, make_candidate
from etl.extract.roles import Parties
from etl.extract.speakers import lists

__all__ = ["a_topic", "between_the_two", "cooperation_transfers"]

_BETWEEN = re.compile(r"\s+between\s+", re.IGNORECASE)
_WITH = re.compile(r"\s+with\s+(?:the\s+)?", re.IGNORECASE)
_PAIR_REACH = 80  # how far after "between" the second state may stand ("between Russia, a …, and the DPRK")
_OWNER_REACH = 60  # how far before the relation its owner may stand ("Russia expands its …")
# "such military cooperation", "Such unlawful, illegitimate and unacceptable military cooperation": a
# pointer back to the transfers told before ("This year, military cooperation …" points nowhere).
_POINTED_BACK = re.compile(
    r"\b(?:such|this|these)\s+(?:(?:[\w-]+,\s+)+[\w-]+\s+and\s+[\w-]+\s+|(?:[\w-]+\s+){0,3})$", re.IGNORECASE
)
_NO_RELATION = re.compile(
    r"\b(?:no|never|not)\s+(?!only\b|just\b)(?:[\w-]+\s+)?$", re.IGNORECASE
)  # "no (real) military …"
_TOPIC_GAP = re.compile(r"[^,;:]{0,30}")  # "discussed the issues on the": the talks' topic follows closely


def _with_pair(reading: Reading, cue: Span) -> tuple[str, str] | None:
    """ "Russia's military partnership with the DPRK", "Russia expands its military ties with the DPRK":
    the owner before the relation and the partner right after its "with"."""
    gap = _WITH.match(reading.text, cue.end)
    if gap is None:
        return None
    partner = next((s for s, _ in reading.roles if s.start == gap.end()), None)
    owners = [
        s
        for s, r in reading.roles
        if s.end <= cue.start and cue.start - s.end <= _OWNER_REACH and r in ("possessor", "bare")
    ]
    if partner is None or not owners or owners[-1].value == partner.value:
        return None
    return owners[-1].value, partner.value


# "North Korea and Russia have expanded their military cooperation": the relation the list before owns.
_THEIR = re.compile(r"\btheir\s+(?:[\w-]+\s+){0,2}$", re.IGNORECASE)


def _their_pair(reading: Reading, cue: Span) -> tuple[str, str] | None:
    """The two states listed as the subject of the clause whose "their" owns the relation."""
    if not _THEIR.search(reading.text, max(0, cue.start - 40), cue.start):
        return None
    start, _ = reading.view.clause(cue.start)
    before = [a for a in reading.view.actors if start <= a.start and a.end <= cue.start]
    groups = [g for g in lists(reading.text, before) if len({s.value for s in g}) == 2]
    return (groups[-1][0].value, groups[-1][-1].value) if groups else None


_BETWEEN_REACH = 40  # how far after the goods or relation its "between the two countries" may stand


def between_the_two(reading: Reading, position: int) -> tuple[str, str] | None:
    """ "the arms trade between the two countries": the two states the sentence names (as parties), else
    the two the document is mostly about, when "between" and a phrase for the pair follow position."""
    text = reading.text
    pointer = next(
        (
            p
            for p in reading.view.cues["dyad_phrases"]
            if position < p.start <= position + _BETWEEN_REACH
            and re.search(r"^[^,;:]*\bbetween\s+$", text[position : p.start], re.IGNORECASE)
        ),
        None,
    )
    if pointer is None:
        return None
    named = [s.value for s, r in reading.roles if r not in ("source", "target")]
    states = [a for a in dict.fromkeys(named) if reading.ref.actors[a].kind == "state"]
    pair = states if len(states) == 2 else list(reading.dyad)
    return (pair[0], pair[1]) if len(pair) == 2 else None


def _pair(reading: Reading, cue: Span) -> tuple[str, str] | None:
    """The two states the relation is between, in the order written: those of a "between" right after
    it, else its owner and its partner "with", else the pair whose "their" it is."""
    gap = _BETWEEN.match(reading.text, cue.end)
    if gap is None:
        return _with_pair(reading, cue) or _their_pair(reading, cue)
    if between_the_two(reading, cue.end - 1):
        return between_the_two(reading, cue.end - 1)
    named = [s.value for s, _ in reading.roles if gap.end() <= s.start <= gap.end() + _PAIR_REACH]
    distinct = list(dict.fromkeys(named))
    return (distinct[0], distinct[1]) if len(distinct) >= 2 else None


def a_topic(reading: Reading, cue: Span) -> bool:
    """Is the relation or transfer word the topic of talks, a watch or a report ("The Council discussed
    the military cooperation between …", "monitoring the DPRK–Russia arms trade"), not a fact told?"""
    text = reading.text
    return any(
        t.end <= cue.start and _TOPIC_GAP.fullmatch(text, t.end, cue.start)
        for t in reading.view.cues["topic_verbs"]
    )


def _told_as_fact(reading: Reading, cue: Span) -> bool:
    """Not a topic (a_topic), nor a pointer back to what was told before ("Such cooperation …")."""
    pointed_back = _POINTED_BACK.search(reading.text, max(0, cue.start - 60), cue.start) is not None
    return not a_topic(reading, cue) and not pointed_back


def cooperation_transfers(reading: Reading, transfers: list[Candidate]) -> list[Candidate]:
    """One undirected arms transfer for military cooperation between the two monitored states, unless a
    transfer the sentence tells already joins them; denied when the sentence says there is none."""
    core = set(reading.ref.core_actors)
    for cue in reading.view.cues["military_relations"]:
        pair = _pair(reading, cue)
        if pair is None or set(pair) != core or not _told_as_fact(reading, cue):
            continue
        if any({c.from_actor_id, c.to_actor_id} == core for c in transfers):
            return []
        parties = Parties(pair[0], pair[1], "between")
        # "Russia has no military cooperation with North Korea": the text says it does not exist ("not a
        # party to the military cooperation between …" negates something else).
        negated = _NO_RELATION.search(reading.text, max(0, cue.start - 30), cue.start) is not None
        status = "denied" if negated else reading.status(cue.start, parties)
        dated = reading.dated(cue.start, parties)
        return [make_candidate(reading, "arms_transfer", parties, status, 0.6, dated)]
    return []
