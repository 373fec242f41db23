"""Military cooperation told between two states ("deepening military cooperation between Russia and the
DPRK", "Russia's military partnership with the DPRK"): the guide's undirected arms transfer between the
two, when the sentence tells no transfer between them that says more."""

from __future__ import annotations

import re

from etl.extract.mentions import Span
from etl.extract.reading import Candidate, Reading, make_candidate
from etl.extract.roles import Parties

__all__ = ["cooperation_transfers"]

_WITH = re.compile(r"\s+with\s+(?:the\s+)?", re.IGNORECASE)
# "Such unlawful, illegitimate and unacceptable military cooperation": a pointer back, a few words before.
_POINTED_BACK = re.compile(r"\b(?:such|this|these|that)\s+(?:[\w-]+,?\s+(?:and\s+)?){0,4}$", re.IGNORECASE)
_OWNER_REACH = 60  # how far before the relation its owner may stand ("Russia expands its …")


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


def _pair(reading: Reading, cue: Span) -> tuple[str, str] | None:
    """The two states the relation is between, in the order written."""
    between = [s.value for s, r in reading.roles if r == "between" and s.start > cue.end]
    distinct = list(dict.fromkeys(between))
    return (distinct[0], distinct[1]) if len(distinct) >= 2 else _with_pair(reading, cue)


def cooperation_transfers(reading: Reading, transfers: list[Candidate]) -> list[Candidate]:
    """One undirected arms transfer for military cooperation between the two monitored states, unless a
    transfer the sentence tells already joins them."""
    ref, view = reading.ref, reading.view
    for cue in view.cues["military_relations"]:
        pair = _pair(reading, cue)
        if pair is None or set(pair) != set(ref.core_actors):
            continue
        start, _ = view.clause(cue.start)
        if any(start <= t.start < cue.start for t in view.cues["topic_verbs"]):
            return []  # "The Council discussed the military cooperation between …": a topic, not a fact
        if _POINTED_BACK.search(reading.text, max(0, cue.start - 60), cue.start):
            return []  # "Such unlawful military cooperation between …": the transfers told before
        if any({c.from_actor_id, c.to_actor_id} == set(pair) for c in transfers):
            return []
        parties = Parties(pair[0], pair[1], "between")
        status = reading.status(cue.start, parties)
        return [
            make_candidate(reading, "arms_transfer", parties, status, 0.6, reading.dated(cue.start, parties))
        ]
    return []
