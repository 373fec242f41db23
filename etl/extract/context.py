"""What the rest of a document supplies to a sentence: the two states it is mostly about, and the party a
one-sided relation lacks."""

from __future__ import annotations

from collections import Counter

from etl.extract.mentions import SentenceView
from etl.extract.reference import Reference
from etl.extract.roles import Parties, Roles


def document_dyad(roles_per_sentence: list[Roles], ref: Reference) -> tuple[str, ...]:
    """The two states a document is mostly about, used to resolve "the two states" and "his counterpart"."""
    counts: Counter[str] = Counter()
    for roles in roles_per_sentence:
        for span, role_name in roles:
            if ref.actors[span.value].kind == "state" and role_name != "source":
                counts[span.value] += 1
    return tuple(actor for actor, _ in counts.most_common(2))


def fill_from_context(
    parties: Parties, dyad: tuple[str, ...], context: list[SentenceView], ref: Reference, excluded: set[str]
) -> None:
    """Complete a one-sided relation with the document's other main state, else the previous sentences'."""
    known = parties.supplier or parties.recipient
    if known is None:
        return
    other: str | None = None
    if len(dyad) == 2 and known in dyad:
        other = dyad[1] if known == dyad[0] else dyad[0]
    if other is None or other in excluded:
        recent = [
            a for view in reversed(context) for a in view.states(ref) if a != known and a not in excluded
        ]
        other = recent[0] if recent else None
    if other is None:
        return
    if parties.supplier is None:
        parties.supplier = other
    else:
        parties.recipient = other
    parties.filled_from_context += 1
