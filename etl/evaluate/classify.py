"""Why an item was missed or is false: one error class each, so the next person sees where it fails."""

from __future__ import annotations

import re
from collections.abc import Sequence

from etl.evaluate.corpus import CorpusText, GoldItem
from etl.evaluate.matching import overlaps, parties_right
from etl.evaluate.metrics import Scoring
from etl.evaluate.predict import Predicted

NO_CANDIDATE = "no candidate in the sentence"
BELOW_FLOOR = "below the confidence floor"
WRONG_CATEGORY = "wrong category"
TAKEN = "sentence's candidate matched another item"
NON_STORY = "non-story line (headline, caption, byline)"
DUPLICATE = "duplicate of a matched item"
REPORTER = "reporter taken as party"
WRONG_PARTIES = "wrong parties"
SPURIOUS = "spurious"

MISS_CLASSES = (NO_CANDIDATE, BELOW_FLOOR, WRONG_CATEGORY, TAKEN)
FALSE_CLASSES = (NON_STORY, DUPLICATE, REPORTER, WRONG_PARTIES, WRONG_CATEGORY, SPURIOUS)

# A line of the story ends a sentence; headlines, bylines, captions and infobox fields do not.
_STORY_END = re.compile(r"[.!?;:\"”’»)\]]\s*$")
# The parties of these categories are the ones a state that merely speaks must not become.
_SPEAKER_CATEGORIES = ("statement", "sanctions_action")


def line_of(body: str, position: int) -> str:
    """The line of body holding position, without its line break."""
    start = body.rfind("\n", 0, position) + 1
    end = body.find("\n", position)
    return body[start : end if end >= 0 else len(body)]


def is_story_line(body: str, position: int, title: str) -> bool:
    """False for a headline (the title again, or a heading), a byline, caption or field without a stop."""
    line = line_of(body, position).strip()
    if line.startswith("#") or line.casefold() == title.strip().casefold():
        return False
    return bool(_STORY_END.search(line))


def classify_miss(gold: GoldItem, every: Sequence[Predicted], floor: float) -> str:
    """Why no prediction at the floor matched this gold item (every: all candidates of its text)."""
    around = [p for p in every if overlaps(gold, p)]
    if not around:
        return NO_CANDIDATE
    same = [p for p in around if p.category == gold.category]
    if not same:
        return WRONG_CATEGORY
    if all(p.confidence < floor for p in same):
        return BELOW_FLOOR
    return TAKEN


def classify_false(pred: Predicted, text: CorpusText, pairs: Sequence[tuple[GoldItem, Predicted]]) -> str:
    """Why this prediction matched no gold item (pairs: the matches made in its text)."""
    body = text.document.text
    if not is_story_line(body, pred.start, text.document.title):
        return NON_STORY
    around = [g for g in text.gold if overlaps(g, pred)]
    if not around:
        return SPURIOUS
    same = [g for g in around if g.category == pred.category]
    if not same:
        return WRONG_CATEGORY
    twins = [p for g, p in pairs if overlaps(g, pred) and p.category == pred.category]
    if any(parties_right(g, pred) for g in same) or any(_same_parties(p, pred) for p in twins):
        return DUPLICATE
    parties = {g.from_actor_id for g in same} | {g.to_actor_id for g in same}
    speakers = {g.from_actor_id for g in text.gold if g.category in _SPEAKER_CATEGORIES}
    extra = {pred.row["from_actor_id"], pred.row["to_actor_id"]} - parties - {None}
    if pred.category not in _SPEAKER_CATEGORIES and extra & speakers:
        return REPORTER
    return WRONG_PARTIES


def _same_parties(a: Predicted, b: Predicted) -> bool:
    keys = ("from_actor_id", "to_actor_id", "direction")
    return all(a.row[key] == b.row[key] for key in keys)


def classify(texts: Sequence[CorpusText], every: Sequence[Predicted], scoring: Scoring) -> dict[int, str]:
    """id(item) → error class for every miss and false item of scoring."""
    by_text = {t.text_id: t for t in texts}
    classes: dict[int, str] = {}
    for gold in scoring.misses:
        candidates = [p for p in every if p.text_id == gold.text_id]
        classes[id(gold)] = classify_miss(gold, candidates, scoring.floor)
    for pred in scoring.false:
        pairs = [(g, p) for g, p in scoring.pairs if g.text_id == pred.text_id]
        classes[id(pred)] = classify_false(pred, by_text[pred.text_id], pairs)
    return classes
