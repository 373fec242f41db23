"""Split document text into paragraphs and sentences, keeping character offsets."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

# Hand-written because sentence-splitting libraries either need downloaded models or cost
# milliseconds per sentence; news and policy prose needs only these abbreviation rules.
_ABBREVIATIONS = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Gen|Lt|Col|Adm|Sgt|Prof|St|No|Nos|Art|para|paras|Jan|Feb|Mar|Apr|Jun|Jul|Aug|"
    r"Sep|Sept|Oct|Nov|Dec|approx|est|vs|cf|e\.g|i\.e|etc|U\.S|U\.K|U\.N|D\.P\.R\.K)|\b[A-Z])\.$"
)
# An encyclopaedia's citation markers after a full stop ("… in 2006.[4][1] The …") belong to its sentence.
_CITATIONS = r"(?:\[(?:\d{1,3}|[a-z]|citation needed|note \d{1,3})\])*"
_BOUNDARY = re.compile(rf"[.!?…][’'\")\]]*{_CITATIONS}\s+(?=[\"“‘'(\[]?[A-Z0-9])")
# A line break ends a paragraph unless the next line continues the sentence in lower case (hard-wrapped
# prose): published pages put each paragraph, heading, caption and list item on its own line.
_PARAGRAPH = re.compile(r"\n(?![ \t]*[a-z])")
# Nor does it when the line ends with a word that cannot end a sentence, heading or caption (an article,
# a preposition, a conjunction): "delivered trainloads of weapons to\nRussia", "losses incurred by the\n
# Russian military".
_CONTINUED_LINE = re.compile(
    r"(?<![\w’'-])(?:a|an|the|of|to|by|for|from|with|in|into|on|onto|at|and|or|nor|than|as|that|its|their)"
    r"[ \t]*\Z"
)
_CONTINUED_WINDOW = 8  # characters before a line break that the continuation check reads
# A sentence of the story ends in sentence punctuation; a headline, byline, caption, navigation line or
# infobox field ("Date Signed: 2024-06-18") does not, and neither does a Markdown or wiki heading.
_STORY_END = re.compile(rf"[.!?…][’'\")\]”]*{_CITATIONS}\Z")
_HEADING = re.compile(r"\A(?:#|=)")
# Longer "sentences" (a list run together, a table flattened to text) are cut at clause punctuation, so
# that reading a sentence costs the same however the document is punctuated.
MAX_SENTENCE = 1500
_CUT = re.compile(r"[;:,]\s|\s")
_ABBREVIATION_WINDOW = 12  # characters before a full stop that the abbreviation check reads


@dataclass(frozen=True)
class Sentence:
    """A sentence's span in the document and the paragraph it belongs to."""

    start: int
    end: int
    paragraph: int
    text: str
    story: bool = True  # False for headlines, bylines, captions, navigation lines and infobox fields


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


# A headline written in title case ("Security Council Imposes Additional Sanctions on DPRK, Voting 15 in
# Favour"): every word but the short function words capitalised, verbs included, over enough words that a
# sentence dense with names ("Russian President Vladimir Putin met …") does not qualify.
_TITLE_SMALL_WORDS = frozenset(
    {"a", "an", "and", "as", "at", "but", "by", "for", "from", "in", "into", "nor", "of", "on", "or"}
    | {"over", "per", "than", "the", "to", "via", "vs", "with"}
)
_TITLE_WORD = re.compile(r"[^\W\d_][\w’'-]*")
_TITLE_MIN_WORDS = 6


def _title_case(text: str) -> bool:
    words = [w for w in _TITLE_WORD.findall(text) if w not in _TITLE_SMALL_WORDS]
    return len(words) >= _TITLE_MIN_WORDS and all(w[0].isupper() for w in words)


# A line of prose this long is a sentence whose full stop the page lost ("… and violates United Nations
# Security Council resolutions"), not a headline or a field; unless it leads into what follows (a colon)
# or opens with a dateline ("11 April 2024, New York – European Union Statement at …").
_PROSE_MIN_WORDS = 30
_LEADS_ON = re.compile(r":[’'\")\]”]*\Z")
_DATELINE_OPENER = re.compile(r"\A[^.!?]{0,40}?\d{4},\s+[^.!?–—]{1,40}?\s(?:--|[–—])\s")


def _prose(text: str) -> bool:
    return (
        len(_TITLE_WORD.findall(text)) >= _PROSE_MIN_WORDS
        and not _LEADS_ON.search(text)
        and not _DATELINE_OPENER.match(text)
    )


def _story(text: str) -> bool:
    ended = bool(_STORY_END.search(text)) or _prose(text)
    return ended and not _HEADING.match(text) and not _title_case(text)


def _pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """start..end cut into spans of at most MAX_SENTENCE characters, at clause punctuation or a space."""
    spans = []
    while end - start > MAX_SENTENCE:
        limit = start + MAX_SENTENCE
        cuts = [m.end() for m in _CUT.finditer(text, limit - MAX_SENTENCE // 3, limit)]
        punctuated = [c for c in cuts if text[c - 2] in ";:,"]
        cut = (punctuated or cuts or [limit])[-1]
        spans.append((start, cut))
        start = cut
    return [*spans, (start, end)]


def _append(sentences: list[Sentence], text: str, start: int, end: int, paragraph: int) -> None:
    start, end = _trimmed(text, start, end)
    if end <= start:
        return
    for a, b in _pieces(text, start, end):
        a, b = _trimmed(text, a, b)
        if b > a:
            sentences.append(Sentence(a, b, paragraph, text[a:b], _story(text[a:b])))


# A text copied from a page or PDF that wraps its lines ("… the important topic of involvement by\nthe
# Democratic People's Republic of Korea (DPRK) in Russia's\nillegal war …"): most of its long lines end
# mid-sentence. In such a text a line break ends a paragraph only after sentence punctuation.
_WRAP_LINE = 40  # characters: a shorter line is a heading, a field or a last line
_WRAP_MIN_LINES = 8
_WRAP_SHARE = 0.5
_LINE_END = re.compile(r"[.!?:;…][’'\")\]”]*[ \t\r]*\Z")
_WRAP_LOWER_SHARE = 0.25  # of the lines after a wrap, at least this many go on in lower case
_LIST_ITEM = re.compile(r"[ \t]*(?:[-*•]|\d+[.)])\s")


def _wrapped_breaks(text: str) -> set[int]:
    """The line breaks that only wrap a line, when the text is hard-wrapped; none otherwise."""
    open_ends, joined, lower, start = [], 0, 0, 0
    lines = text.split("\n")
    for line, after in zip(lines, lines[1:], strict=False):
        end = start + len(line)
        if line.strip() and after.strip():
            joined += 1
            if (
                len(line.rstrip("\r")) >= _WRAP_LINE
                and not _LINE_END.search(line)
                and not _LIST_ITEM.match(line)
                and not _LIST_ITEM.match(after)
            ):
                open_ends.append(end)
                lower += after.lstrip()[:1].islower()
        start = end + 1
    # A list of titles ("Related: …") ends its lines mid-sentence too, but none goes on in lower case.
    wrapped = (
        len(open_ends) >= _WRAP_MIN_LINES
        and len(open_ends) >= _WRAP_SHARE * joined
        and lower >= _WRAP_LOWER_SHARE * len(open_ends)
    )
    return set(open_ends) if wrapped else set()


# The heading of a list of works cited ("==References==", "## Further reading"): its lines are titles of
# other texts, no sentences of this one, up to the next heading.
_WORKS_CITED = re.compile(
    r"\A(?:#+|=+)\s*(?:References|Notes|Sources|Citations|Bibliography|Further reading|External links|"
    r"See also)\s*=*\s*\Z",
    re.IGNORECASE,
)


def split_sentences(text: str) -> list[Sentence]:
    """Sentences in document order; offsets index into text. Linear in the length of text. Those under a
    heading of works cited are no story."""
    cited = False
    sentences = []
    for sentence in _split(text):
        if _HEADING.match(sentence.text):
            cited = _WORKS_CITED.match(sentence.text) is not None
        sentences.append(replace(sentence, story=False) if cited else sentence)
    return sentences


def _split(text: str) -> list[Sentence]:
    sentences: list[Sentence] = []
    paragraph_start = 0
    wrapped = _wrapped_breaks(text)
    breaks = [m.start() for m in _PARAGRAPH.finditer(text) if m.start() not in wrapped]
    breaks = [b for b in breaks if not _CONTINUED_LINE.search(text, max(0, b - _CONTINUED_WINDOW), b)]
    paragraphs = [*breaks, len(text)]
    for index, paragraph_end in enumerate(paragraphs):
        cursor = paragraph_start
        for boundary in _BOUNDARY.finditer(text, paragraph_start, paragraph_end):
            head = text[max(cursor, boundary.start() + 1 - _ABBREVIATION_WINDOW) : boundary.start() + 1]
            if _ABBREVIATIONS.search(head):
                continue
            _append(sentences, text, cursor, boundary.end(), index)
            cursor = boundary.end()
        _append(sentences, text, cursor, paragraph_end, index)
        paragraph_start = paragraph_end
    return sentences
