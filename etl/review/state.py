"""A subject's decisions → where it stands: its review status, the values analysts set, its version.

Pure functions over ledger rows. Undo pops the latest decision still in force, so undoing twice goes
back two decisions; the undo itself stays in the ledger and in the subject's history.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Final

from etl.review.fields import from_json

VERDICTS: Final[tuple[str, ...]] = ("accepted", "edited", "rejected", "added", "undone")
REVIEW_STATUSES: Final[tuple[str, ...]] = ("unreviewed", "accepted", "edited", "rejected", "added")


@dataclass(frozen=True)
class Decision:
    """One row of the reviews ledger."""

    review_id: int
    subject_id: str
    supersedes: int
    item_id: str
    doc_id: str
    verdict: str
    undoes: int | None
    changes: dict[str, list[Any]]
    quote: str
    char_start: int
    char_end: int
    doc_sha256: str
    reviewer: str
    reviewed_at: datetime
    note: str | None

    @classmethod
    def from_row(cls, row: Any) -> Decision:
        values = dict(row._mapping)
        values["changes"] = json.loads(values["changes"] or "{}")
        return cls(**values)


@dataclass
class SubjectState:
    """Where one subject stands after all its decisions."""

    subject_id: str
    status: str  # one of REVIEW_STATUSES
    added: bool  # an item an analyst added (its values live in the ledger, not in items)
    overrides: dict[str, Any] = field(default_factory=dict)
    last: Decision | None = None  # the newest decision, undo included: version, reviewer, time
    in_force: list[Decision] = field(default_factory=list)

    @property
    def version(self) -> int:
        return self.last.review_id if self.last else 0


def in_force(decisions: list[Decision]) -> list[Decision]:
    """The decisions still in force, oldest first, after applying every undo."""
    stack: list[Decision] = []
    for decision in decisions:
        if decision.verdict == "undone":
            if stack:
                stack.pop()
        else:
            stack.append(decision)
    return stack


def subject_state(decisions: list[Decision]) -> SubjectState:
    """Fold a subject's decisions (in review_id order) into its current state."""
    stack = in_force(decisions)
    overrides: dict[str, Any] = {}
    for decision in stack:
        if decision.verdict in ("edited", "added"):
            overrides.update({name: from_json(name, pair[1]) for name, pair in decision.changes.items()})
    added = bool(stack) and stack[0].verdict == "added"
    if not stack:
        status = "unreviewed"
    elif stack[-1].verdict == "rejected":
        status = "rejected"
    elif added:
        status = "added"
    elif any(d.verdict == "edited" for d in stack):
        status = "edited"
    else:
        status = "accepted"
    first_added = bool(decisions) and decisions[0].verdict == "added"
    return SubjectState(
        subject_id=decisions[0].subject_id,
        status=status,
        added=added or first_added,
        overrides=overrides,
        last=decisions[-1] if decisions else None,
        in_force=stack,
    )
