"""Mentions in one sentence: actors, goods, dates and cue words found by the reference lexicons."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from functools import cache

from etl.extract.dates import DateMention, find_dates
from etl.extract.reference import Reference, alternation, words_pattern
from etl.extract.sentences import Sentence


@cache
def clause_breaks(conjunctions: tuple[str, ...]) -> re.Pattern[str]:
    """Where a clause ends inside a sentence: hedges and negations hold within their clause only."""
    return re.compile(rf";|:|,\s+(?:{alternation(conjunctions)})\s+|\s+but\s+|\s+while\s+")


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str
    value: str = ""  # actor id, goods class, or cue group


@dataclass
class SentenceView:
    """A sentence with everything the lexicons found in it (offsets relative to the sentence)."""

    sentence: Sentence
    actors: list[Span]
    goods: list[Span]
    dates: list[DateMention]
    cues: dict[str, list[Span]]
    clause_break: re.Pattern[str]

    def clause(self, position: int) -> tuple[int, int]:
        """Start and end of the clause holding position (offsets in the sentence)."""
        text = self.sentence.text
        start, end = 0, len(text)
        for m in self.clause_break.finditer(text):
            if m.end() <= position:
                start = m.end()
            elif m.start() >= position:
                end = m.start()
                break
        return start, end

    def states(self, ref: Reference) -> list[str]:
        seen: list[str] = []
        for span in self.actors:
            if ref.actors[span.value].kind == "state" and span.value not in seen:
                seen.append(span.value)
        return seen


@cache
def words_in(words: tuple[str, ...]) -> re.Pattern[str]:
    """The pattern of a cue group's words (cue_words), compiled once per group."""
    return words_pattern(list(words))


def spans(pattern: re.Pattern[str], text: str, value_of: dict[str, str] | None = None) -> list[Span]:
    found = []
    for m in pattern.finditer(text):
        value = _lookup(value_of, m.group(0)) if value_of is not None else ""
        found.append(Span(m.start(), m.end(), m.group(0), value))
    return found


def _lookup(value_of: dict[str, str], written: str) -> str:
    """The value for a matched word as written, lower-cased, or without its plural ending."""
    collapsed = " ".join(written.split())
    for key in (collapsed, collapsed.lower(), collapsed.lower()[:-1], collapsed.lower()[:-2]):
        if key in value_of:
            return value_of[key]
    return ""


def outside(spans: list[Span], blocked: list[tuple[int, int]]) -> list[Span]:
    return [s for s in spans if not any(s.start < end and start < s.end for start, end in blocked)]


# Between two words, whitespace and an optional "the" ("condemned the DPRK", "turned to the DPRK").
THE_GAP = re.compile(r"\s+(?:the\s+)?")
_WORDS = re.compile(r"[a-z0-9]+")


def _actor_spans(text: str, ref: Reference) -> list[Span]:
    """Actor mentions, with the second of two joined by a hyphen ("DPRK-Russia") found as well."""
    found = _longest(spans(ref.actor_pattern, text, ref.alias_to_actor), text, ref)
    joined = []
    for span in found:
        tail = ref.actor_after_hyphen.match(text, span.end) if text.startswith("-", span.end) else None
        if tail is not None:
            value = _lookup(ref.alias_to_actor, tail.group(1))
            joined.append(Span(tail.start(1), tail.end(1), tail.group(1), value))
    return sorted(found + [s for s in joined if s.value], key=lambda s: s.start) if joined else found


def _longest(found: list[Span], text: str, ref: Reference) -> list[Span]:
    """Where a longer alias starts inside a match and ends after it, the longer one: "the North Korean
    troops" names North Korea by "North Korean", not by "the North" (which leaves "Korean" unread)."""
    kept: list[Span] = []
    for span in found:
        if kept and span.start < kept[-1].end:
            continue  # inside the longer mention taken before
        for inner in _INNER_WORD.finditer(text, span.start + 1, span.end):
            longer = ref.actor_pattern.match(text, inner.start())
            if longer is not None and longer.end() > span.end:
                value = _lookup(ref.alias_to_actor, longer.group(0))
                span = Span(longer.start(), longer.end(), longer.group(0), value) if value else span
                break
        kept.append(span)
    return kept


_INNER_WORD = re.compile(r"(?<=\s)\S")


class LazyCues(dict[str, list[Span]]):
    """A sentence's cue spans by group, each group searched the first time it is asked for: most
    sentences are read for a few of the groups only, and many are skipped after their actors are found."""

    def __init__(self, text: str, ref: Reference, blocked: list[tuple[int, int]]) -> None:
        super().__init__()
        self._text, self._ref, self._blocked = text, ref, blocked
        self._lowered: str | None = None
        self._words: set[str] | None = None

    def __missing__(self, name: str) -> list[Span]:
        pattern = self._ref.cue_patterns[name]  # an unknown group is a KeyError, as in a plain dict
        if self._lowered is None:
            self._lowered = self._text.lower()
            self._words = set(_WORDS.findall(self._lowered))
        first_words = self._ref.cue_first_words.get(name)
        # A group none of whose first words is in the sentence cannot match: no search needed.
        if first_words is not None and first_words.isdisjoint(self._words or ()):
            self[name] = []
            return []
        # Offsets in the lower-cased sentence are the sentence's unless lower-casing changed its length.
        if len(self._lowered) == len(self._text):
            found = [
                Span(m.start(), m.end(), self._text[m.start() : m.end()], "")
                for m in self._ref.cue_scan_patterns[name].finditer(self._lowered)
            ]
        else:
            found = spans(pattern, self._text)
        self[name] = found = outside(found, self._blocked)
        return found


def read_sentence(
    sentence: Sentence, ref: Reference, published_on: date | None, aliases: dict[str, str] | None = None
) -> SentenceView:
    """Find actors, goods, dates and cues in one sentence. aliases: names that stand for another actor in
    this publisher's texts ("the Council" in a release of the Council of the EU)."""
    text = sentence.text
    dates = find_dates(text, published_on, ref.date_words)
    date_spans = [(d.start, d.end) for d in dates]
    actors = outside(_actor_spans(text, ref), date_spans)
    if aliases:
        actors = [replace(a, value=aliases.get(a.text, a.value)) for a in actors]
    actor_spans = [(a.start, a.end) for a in actors]
    goods = outside(spans(ref.goods_pattern, text, ref.term_to_goods), date_spans + actor_spans)
    makers = _maker_after(ref.cue_words["goods_maker_nouns"])
    goods = [g for g in goods if not _in_a_name(text, g) and not makers.match(text, g.end)]
    cues = LazyCues(text, ref, date_spans + actor_spans)
    breaks = clause_breaks(ref.cue_words["clause_conjunctions"])
    return SentenceView(sentence, actors, [g for g in goods if _goods_word(g, ref)], dates, cues, breaks)


_CAPITALISED_BEFORE = re.compile(r"[A-Z][\w’'-]*\s+$")
_CAPITALISED_AFTER = re.compile(r"\s+[A-Z][\w’'-]*")


@cache
def _maker_after(nouns: tuple[str, ...]) -> re.Pattern[str]:
    """A maker noun right after a goods word ("arms makers", "the munitions industry")."""
    return re.compile(rf"\s+(?:{alternation(nouns)})\b", re.IGNORECASE)


def _in_a_name(text: str, span: Span) -> bool:
    """Is the goods word a capitalised word inside a name ("Korea Ryonha Machinery Joint Venture
    Corporation", "the Rason Vessel Agency")? A model name ("KN-23", "Hwasong-11") has a digit."""
    if not span.text[:1].isupper() or any(ch.isdigit() for ch in span.text):
        return False
    before = _CAPITALISED_BEFORE.search(text, 0, span.start)
    return before is not None and _CAPITALISED_AFTER.match(text, span.end) is not None


def _goods_word(span: Span, ref: Reference) -> bool:
    """A goods mention, not a capitalised acronym that spells a goods word ("CAR" for Conflict Armament
    Research is no car)."""
    if not span.value:
        return False
    written = span.text
    return not (written.isupper() and len(written) > 1 and written.lower() not in ref.goods_acronyms)
