"""Which actors of a sentence can be parties of the goods at one place in it: not those on the other
side of a contrast that tells a transfer of its own, nor those inside the payment named after them."""

from __future__ import annotations

import re

from etl.extract.reading import Reading
from etl.extract.roles import Roles

# Clauses set against each other ("The DPRK has supplied Russia with shells, while Russia has transferred
# air defence systems to the DPRK"): each tells a transfer of its own.
_CONTRAST = re.compile(r";|,?\s+(?:while|whereas|but)\s+")


def candidate_roles(reading: Reading, anchor: int) -> Roles:
    """The roles that can be parties of the goods at anchor: those of its side of a contrast when each
    side has a transfer verb of its own, and none inside the payment named after them."""
    roles, text = _before_payment(reading, anchor), reading.text
    cuts = [0, *(m.end() for m in _CONTRAST.finditer(text)), len(text) + 1]
    sides = list(zip(cuts, cuts[1:], strict=False))
    verbs = reading.view.cues["supplier_verbs"] + reading.view.cues["recipient_verbs"]
    with_verb = [(a, b) for a, b in sides if any(a <= v.start < b for v in verbs)]
    own = next(((a, b) for a, b in with_verb if a <= anchor < b), None)
    if own is None or len(with_verb) < 2:
        return roles
    return [(s, r) for s, r in roles if own[0] <= s.start < own[1]]


def _before_payment(reading: Reading, anchor: int) -> Roles:
    """The roles that can be parties of the goods at anchor: none inside the payment named after them
    ("munitions from the DPRK in exchange for food to be shipped to North Korea": North Korea receives
    the food, not the munitions)."""
    after = [m.start for m in reading.view.cues["exchange_markers"] if m.start > anchor]
    return [(s, r) for s, r in reading.roles if s.start < after[0]] if after else reading.roles
