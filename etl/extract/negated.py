"""Transfers told as not happening: a transfer word that names none ("to give up its weapons", "capacity
to export"), what someone demands not be done ("Russia must not transfer …"), who tells that a
transfer did not happen ("China has not supplied weapons to Russia"), and the conditions a transfer is
told under ("If Iran were to transfer …")."""

from __future__ import annotations

import re

from etl.extract.mentions import Span
from etl.extract.reading import Reading
from etl.extract.roles import Parties

__all__ = ["called_off", "conditions_of", "denial_told", "no_transfer"]

_MUST_NOT = re.compile(r"\b(?:must|should|shall|ought)\s+(?:not|never)\s+(?:\w+\s+)?$", re.IGNORECASE)


def called_off(reading: Reading, verb: Span) -> bool:
    """Is the transfer word what someone demands not be done ("Russia must not transfer …", "We urge
    Russia not to transfer …")? A demand, the speaker's statement, not a transfer of any status."""
    if not reading.negated(verb.start):
        return False
    cues = reading.view.cues
    start, _ = reading.view.clause(verb.start)
    demands = [c for c in cues["demand_cues"] + cues["call_cues"] if start <= c.start < verb.start]
    return bool(demands) or _MUST_NOT.search(reading.text, max(0, verb.start - 40), verb.start) is not None


def denial_told(reading: Reading, parties: Parties) -> Parties:
    """Who tells that a transfer did not happen (a reporter named in the sentence, else the document's
    voice), about the state said not to have made it; no one, and so no item shown, when no teller is
    known (the state that did not supply is no speaker)."""
    reporters = [s.value for s, r in reading.roles if r == "source"]
    teller = reporters[0] if reporters else reading.publisher
    about = parties.supplier if parties.supplier != teller else parties.recipient
    return Parties(teller, about, "from_to") if teller and about else Parties(None, None, "from_to")


_CAPABILITY_GAP = re.compile(r"\s+")


def no_transfer(reading: Reading, verb: Span) -> bool:
    """Is the transfer word none: given up ("to give up its nuclear weapons"), or what a state could do
    ("enhanced capacity to export weapons")? It keeps the goods it governs from a transfer word farther
    off."""
    text = reading.text
    if text[verb.end : verb.end + 1] == " " and reading.ref.cue_patterns["non_transfer_particles"].match(
        text, verb.end + 1
    ):
        return True
    return any(
        _CAPABILITY_GAP.fullmatch(text, c.end, verb.start)
        for c in reading.view.cues["capability_markers"]
        if c.end <= verb.start
    )


def conditions_of(reading: Reading, position: int) -> list[Span]:
    """The hypothetical cues that govern the transfer at position ("if Russia supplied …", "would"). A
    conditional in another clause ("…, which would jeopardise …") or after a comma following it ("…, if
    it has not done so already") is not its own, and "would" after a verb of saying is the future of what
    was said ("Putin said that Russia would …"), hedged by the status alone."""
    start, end = reading.view.clause(position)
    cues = reading.view.cues
    said = [v.end for v in cues["speech_verbs"] + cues["reporting_verbs"]]
    reported = reading.ref.cue_patterns["reported_future"].fullmatch
    text = reading.text
    return [
        cue
        for cue in cues["hypothetical_cues"]
        if start <= cue.start < end
        and not (reported(cue.text) and any(e <= cue.start for e in said))
        and not (cue.start > position and _TRAILING.search(text, 0, cue.start))
    ]


# A condition after the transfer and a comma ("Russia could transfer technology to North Korea, if it
# has not done so already") qualifies the claim, not the transfer: it is no condition of its own.
_TRAILING = re.compile(r",\s*$")
