"""Who states a position: the actor named before its cue that can be the subject of saying."""

from __future__ import annotations

import re
from functools import cache

from etl.extract.mentions import Span
from etl.extract.reading import Reading
from etl.extract.reference import alternation
from etl.extract.speakers import group_of

SPEAKER_ROLES = frozenset({"source", "bare", "possessor"})

# Whom a speaker addresses is not the speaker ("a senior United Nations official told the Security
# Council today, as delegates condemned …").
_ADDRESSED = re.compile(r"\b(?:told|tells|briefed|briefs|addressed|addresses)\s+(?:the\s+)?$", re.IGNORECASE)


def named_speaker(reading: Reading, cue: Span) -> Span | None:
    """The actor who states the position: the nearest before the cue in its clause ("…, while Putin
    praised it"), else the first before it in the sentence."""
    start, _ = reading.view.clause(cue.start)
    text = reading.text
    before = [
        s
        for s, r in reading.roles
        if s.end <= cue.start
        and r in SPEAKER_ROLES
        and not _ADDRESSED.search(text, 0, s.start)
        and _may_speak(reading, s, r, cue)
    ]
    in_clause = [s for s in before if s.start >= start]
    return in_clause[-1] if in_clause else (before[0] if before else None)


_OWNED = re.compile(r"(?:[’']s)?\s+([^,;:()–—\"“”]*)")


def _may_speak(reading: Reading, span: Span, role: str, cue: Span) -> bool:
    """Can the actor be the subject that states the position? Not the object of a preposition ("Russia's
    cooperation with the DPRK sends a clear message"), nor the owner of a thing ("Russia's deepening
    cooperation …"); the owner of a speaker is ("Russia's Ambassador Vassily Nebenzia said")."""
    text, ref = reading.text, reading.ref
    if role == "bare":
        marker = _object_of(ref.cue_words["object_markers"]).search(text, 0, span.start)
        return marker is None or group_of(ref).search(text, 0, marker.end()) is not None
    if role != "possessor":
        return True
    # A date between the speaker and its verb is no part of the name ("Russia's Foreign Ministry on
    # Friday denied …").
    between = [d for d in reading.view.dates if span.end <= d.start and d.end <= cue.start]
    for d in between:
        text = text[: d.start] + " " * (d.end - d.start) + text[d.end :]
    if between:
        text = _DATE_PREPOSITION.sub(lambda m: " " * len(m.group(0)), text)
    owned = _OWNED.match(text, span.end, cue.start)
    words = _WORD.findall(owned.group(1)) if owned else []
    return all(names_speaker(w, ref.title_words) for w in words)


_DATE_PREPOSITION = re.compile(r"\b(?:on|in|at|last|this|earlier|later)(?=\s{2,})")


def names_speaker(word: str, titles: frozenset[str]) -> bool:
    """A word of a speaker's name or title: capitalised, a title word, or the plural of one ("leaders",
    "officials")."""
    lower = word.lower()
    return (
        word[:1].isupper()
        or lower in titles
        or (len(lower) > 3 and lower.endswith("s") and lower[:-1] in titles)
    )


_WORD = re.compile(r"[\w’'-]+")


@cache
def _object_of(words: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(rf"\b(?:{alternation(words)})\s+(?:the\s+)?$", re.IGNORECASE)
