"""A review follows its quote: find each subject's place in the current items and documents.

After a document changes, re-extraction may give an item a new id or new offsets. A subject attaches to
the item it was made on when that item still holds the same quote; else to an item of the same document
with the same quote text (the nearest to where it was), else to one whose quote contains it or lies
within it. An added item keeps its quote by finding the text again in the document. A subject with no
such place is orphaned, with the reason, and kept.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from etl.review.state import SubjectState


@dataclass(frozen=True)
class Anchor:
    """Where a subject sits now."""

    link: str  # attached, added, orphaned, withdrawn
    item_id: str
    char_start: int
    char_end: int
    reason: str | None = None


def _nearest(candidates: Iterable[dict[str, Any]], start: int) -> dict[str, Any] | None:
    return min(candidates, key=lambda item: (abs(item["char_start"] - start), item["item_id"]), default=None)


def _anchor_added(state: SubjectState, texts: dict[str, str]) -> Anchor:
    last = state.last
    assert last is not None
    if not state.in_force:
        return Anchor("withdrawn", last.item_id, last.char_start, last.char_end, "the addition was undone")
    text = texts.get(last.doc_id)
    if text is None:
        return Anchor("orphaned", last.item_id, last.char_start, last.char_end, "its document was removed")
    if text[last.char_start : last.char_end] == last.quote:
        return Anchor("added", last.item_id, last.char_start, last.char_end)
    starts, at = [], text.find(last.quote)
    while at >= 0 and last.quote:
        starts.append(at)
        at = text.find(last.quote, at + 1)
    if not starts:
        return Anchor(
            "orphaned", last.item_id, last.char_start, last.char_end, "its quote is no longer in the document"
        )
    start = min(starts, key=lambda s: abs(s - last.char_start))
    return Anchor("added", last.item_id, start, start + len(last.quote))


_MATCHERS: tuple[Callable[[dict[str, Any], str], bool], ...] = (
    lambda item, quote: item["quote"] == quote,
    lambda item, quote: quote in item["quote"] or item["quote"] in quote,
)


def anchor_all(
    states: list[SubjectState],
    items_by_doc: dict[str, list[dict[str, Any]]],
    texts: dict[str, str],
    taken: set[str] | None = None,
) -> dict[str, Anchor]:
    """Each subject's anchor; an item carries at most one subject (the first to claim it, oldest first).

    taken: items already carrying a subject not among these states.
    """
    anchors: dict[str, Anchor] = {}
    taken = set(taken or ())
    extracted = [s for s in states if not s.added and s.last is not None]
    for state in extracted:  # the same item, same quote: nothing moved
        last = state.last
        assert last is not None
        same = [i for i in items_by_doc.get(last.doc_id, []) if i["item_id"] == last.item_id]
        if same and same[0]["quote"] == last.quote:
            anchors[state.subject_id] = Anchor(
                "attached", last.item_id, same[0]["char_start"], same[0]["char_end"]
            )
            taken.add(last.item_id)
    for matcher in _MATCHERS:
        for state in extracted:
            last = state.last
            if state.subject_id in anchors or last is None:
                continue
            free = (
                i
                for i in items_by_doc.get(last.doc_id, [])
                if i["item_id"] not in taken and matcher(i, last.quote)
            )
            best = _nearest(free, last.char_start)
            if best is not None:
                anchors[state.subject_id] = Anchor(
                    "attached", best["item_id"], best["char_start"], best["char_end"]
                )
                taken.add(best["item_id"])
    for state in states:
        last = state.last
        if state.subject_id in anchors or last is None:
            continue
        if state.added:
            anchors[state.subject_id] = _anchor_added(state, texts)
            continue
        text = texts.get(last.doc_id)
        if text is None:
            reason = "its document was removed"
        elif last.quote in text:
            reason = "the extractor no longer takes an item from its quote"
        else:
            reason = "its quote is no longer in the document"
        anchors[state.subject_id] = Anchor("orphaned", last.item_id, last.char_start, last.char_end, reason)
    return anchors
