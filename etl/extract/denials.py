"""Transfers someone denies ("Moscow has denied receiving North Korean missiles", "Both Moscow and
Pyongyang have denied the weapons allegations"): the transfer, denied, and each denier's statement."""

from __future__ import annotations

from dataclasses import dataclass

from etl.contract import Status
from etl.extract.mentions import Span
from etl.extract.named_speakers import named_speaker
from etl.extract.positions import position_about
from etl.extract.reading import Reading
from etl.extract.roles import Parties
from etl.extract.speakers import list_head, lists

__all__ = ["Denial", "denied_by", "not_denied"]


@dataclass(frozen=True)
class Denial:
    """Who denies a transfer, each with the state their denial is about, and the transfer's status: denied
    when a party or a monitored state denies it; anyone else who says it did not happen reports so."""

    statements: tuple[Parties, ...]
    status: Status


def denied_by(reading: Reading, position: int, parties: Parties) -> Denial | None:
    """The denial of the transfer at position by whoever a denial verb before it in its clause names; None
    when no one named in the clause denies it."""
    start, _ = reading.view.clause(position)
    # Not owning up denies as much ("Moscow has not admitted receiving …"); not denying does not ("The
    # Kremlin did not deny that …").
    admissions = [c for c in reading.view.cues["admission_verbs"] if reading.negated(c.start)]
    negated = _negated_denials(reading)
    denials = [c for c in reading.view.cues["denial_verbs"] if c not in negated]
    verbs = sorted([*denials, *admissions], key=lambda c: c.start)
    cues = [c for c in verbs if start <= c.start and c.end <= position]
    if not cues:
        return None
    named = named_speaker(reading, cues[-1])
    if named is None or named.start < start:
        return None
    text, actors, ref = reading.text, reading.view.actors, reading.ref
    members = next((m for m in lists(text, actors) if named in m), [named])
    deniers = list(dict.fromkeys(m.value for m in members)) if len(members) > 1 else []
    deniers = deniers or [list_head(text, actors, named.value, ref)]
    statements = tuple(Parties(d, _about(reading, cues[-1], d, parties), "from_to") for d in deniers)
    party = any(d in (parties.supplier, parties.recipient) for d in deniers)
    return Denial(statements, "denied" if party or deniers[0] in ref.core_actors else "reported")


def _about(reading: Reading, cue: Span, denier: str, parties: Parties) -> str | None:
    """The state a denier's statement is about: the other party when the denier is one."""
    if denier == parties.supplier:
        return parties.recipient
    if denier == parties.recipient:
        return parties.supplier
    return position_about(reading, cue, denier, False)


def not_denied(reading: Reading, position: int) -> bool:
    """Is the negation before the transfer at position that of a denial ("The Kremlin did not deny that
    North Korean troops were fighting …")? Not denying a transfer does not say it did not happen."""
    start, _ = reading.view.clause(position)
    return any(start <= c.start and c.end <= position for c in _negated_denials(reading))


def _negated_denials(reading: Reading) -> list[Span]:
    """The sentence's denial verbs under a negation ("did not deny", "has never denied")."""
    return [c for c in reading.view.cues["denial_verbs"] if reading.negated(c.start)]
