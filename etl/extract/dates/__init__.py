"""Find dates in English text and say how precise each one is: day, month, quarter, year or range.

Written by hand because no library does this job: python-dateutil's fuzzy parser fills a missing day
with today's (a fake day for "September 2023") and knows no ranges, relative phrases, qualifiers or
citation years. Its vocabulary (month and weekday names, relative, part and qualifier words, units
that make a number a quantity) lives in datasets/reference/dates.yml (words.py compiles it); the
grammar is in rules.py and the readers that turn a match into days in readers.py.
"""

from __future__ import annotations

from datetime import date

from etl.extract.dates.model import DATES_FILE, UNRESOLVED, Context, DateMention, NeedsReference, Read
from etl.extract.dates.readers import mention_role
from etl.extract.dates.words import DateWords, load_date_words

__all__ = ["DATES_FILE", "DateMention", "DateWords", "find_dates", "load_date_words"]


def find_dates(text: str, reference: date | None, words: DateWords | None = None) -> list[DateMention]:
    """All date mentions in text, left to right, non-overlapping (longest match wins).

    words: the compiled date vocabulary of a reference folder; the bundled dates.yml when omitted.
    """
    vocab = words or load_date_words()
    present = vocab.cues_in(text)
    found: list[tuple[int, int, Read]] = []
    for cue, pattern, build in vocab.rules:
        if cue not in present:  # most sentences hold no date: skip the rules that cannot match
            continue
        for match in pattern.finditer(text):
            ctx = Context(text, *match.span("x"), reference, vocab)
            try:
                read = build(match, ctx)
            except NeedsReference:
                read = UNRESOLVED
            if read is not None:
                found.append((ctx.start, ctx.end, read))
    return [_mention(text, start, end, read, vocab) for start, end, read in _longest_first(found)]


def _mention(text: str, start: int, end: int, read: Read, vocab: DateWords) -> DateMention:
    ctx = Context(text, start, end, None, vocab)
    return DateMention(
        start=start,
        end=end,
        text=text[start:end],
        date_start=read.date_start,
        date_end=read.date_end,
        precision=read.precision,
        relative=read.relative,
        resolved=read.date_start is not None,
        role=read.role or mention_role(ctx),
        qualifier=ctx.qualifier() or read.part,
    )


def _longest_first(found: list[tuple[int, int, Read]]) -> list[tuple[int, int, Read]]:
    """Keep the longest of overlapping candidates (the earlier one on a tie), in text order."""
    kept: list[tuple[int, int, Read]] = []
    for start, end, read in sorted(found, key=lambda f: (f[0] - f[1], f[0])):
        if all(end <= s or start >= e for s, e, _ in kept):
            kept.append((start, end, read))
    return sorted(kept, key=lambda f: f[0])
