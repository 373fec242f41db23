"""Groups that act or speak together: the first state of a list, and who "we" are in a joint statement."""

from __future__ import annotations

import re
from functools import cache

from etl.extract.agents import place_then_subject
from etl.extract.mentions import SentenceView, Span
from etl.extract.reference import Reference, alternation

Roles = list[tuple[Span, str]]

# Between two members of a list: commas, "and", "or" or "nor", with names and titles between them
# ("Australia, Canada, France", "the United Kingdom, the High Representative of the European Union, and the
# Secretary of State of the United States", "neither Moscow nor Pyongyang"). Lower-case words other than
# these end the list.
_GAP_WORD = re.compile(r"(?:[’']s\b)?\s*(?:,|\b(?:and|or|nor|the|of)\b|[A-Z][\w.’'&-]*)\s*")
_JOINER = re.compile(r",|\band\b|\bn?or\b")
_MAX_GAP = 90
# A joint statement names its signatories near its start, before the story proper.
_OPENING_SENTENCES = 6
_MIN_SIGNATORIES = 3


def _list_gap(text: str) -> bool:
    """Does the text between two actor mentions join them in one list?"""
    if len(text) > _MAX_GAP or not _JOINER.search(text):
        return False
    position = 0
    while position < len(text):
        word = _GAP_WORD.match(text, position)
        if word is None or word.end() == position:
            return False
        position = word.end()
    return True


def lists(text: str, actors: list[Span]) -> list[list[Span]]:
    """The actor mentions of a sentence grouped into lists (a mention alone is a list of one)."""
    groups: list[list[Span]] = []
    for span in actors:
        previous = groups[-1][-1] if groups else None
        if (
            previous
            and _list_gap(text[previous.end : span.start])
            and not place_then_subject(text, previous, span)
        ):
            groups[-1].append(span)
        else:
            groups.append([span])
    return groups


def head_of(members: list[Span], ref: Reference) -> str:
    """Who acts for a list of actors: the first state named, else the first member."""
    states = [s.value for s in members if ref.actors[s.value].kind == "state"]
    return states[0] if states else members[0].value


# "The UK, together with the US and Japan, has sanctioned …": states beside the one that acts.
_TOGETHER_WITH = re.compile(
    r"\b(?:(?:together|along|jointly|in\s+coordination)\s+with|alongside|joins|joined|join)\s+(?:the\s+)?$",
    re.IGNORECASE,
)


def acting_beside(text: str, actors: list[Span]) -> set[int]:
    """Where the states named "together with", "alongside" or joined by the actor start ("Japan joins the
    United States in designating …"), with those listed with them: they act beside the sentence's
    subject, which stays the actor."""
    beside = [a for a in actors if _TOGETHER_WITH.search(text, max(0, a.start - 30), a.start)]
    found = {a.start for a in beside}
    for members in lists(text, actors):
        if members[0] in beside:
            found |= {m.start for m in members}
    return found


def list_head(text: str, actors: list[Span], actor_id: str, ref: Reference) -> str:
    """The actor that stands for actor_id's list ("Russia and China blocked": Russia), or actor_id."""
    for members in lists(text, actors):
        if len(members) > 1 and any(s.value == actor_id for s in members):
            return head_of(members, ref)
    return actor_id


def document_voice(views: list[SentenceView], ref: Reference, publisher: str | None) -> str | None:
    """Who "we" are: the first state of a list of signatories opening a joint statement ("a statement
    from the Ministers of Foreign Affairs of Albania, Andorra, …"), else the publisher."""
    excluded = ref.core_actors | ref.third_parties
    for view in views[:_OPENING_SENTENCES]:
        for members in lists(view.sentence.text, view.actors):
            states = list(dict.fromkeys(s.value for s in members if ref.actors[s.value].kind == "state"))
            # A publisher that is not one of them speaks for itself ("The EU … Albania, Montenegro … align
            # themselves with this statement").
            signs = publisher is None or publisher in states
            if len(states) >= _MIN_SIGNATORIES and not excluded & set(states) and signs:
                return states[0]
    return publisher


@cache
def _speaker_noun_before(speakers: tuple[str, ...], portfolio: tuple[str, ...]) -> re.Pattern[str]:
    # "the speaker for Japan" speaks for Japan; "the Special Envoy for North Korea" deals with it.
    nouns = [n for n in speakers if n not in portfolio]
    return re.compile(
        rf"\b(?:(?:{alternation(nouns)})\s+(?:of|for)|(?:{alternation(portfolio)})\s+of)\s*$", re.IGNORECASE
    )


@cache
def _portfolio_before(portfolio: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(rf"\b(?:{alternation(portfolio)})\s+for\s+(?:the\s+)?$", re.IGNORECASE)


def dealt_with(before: str, ref: Reference) -> bool:
    """Is the actor what a speaker's portfolio is ("the Special Envoy for North Korea said"), neither
    the speaker's state nor the one who speaks?"""
    return _portfolio_before(ref.cue_words["portfolio_nouns"]).search(before) is not None


def speaks_for(before: str, ref: Reference) -> bool:
    """Does the text before an actor make it the state a speaker speaks for ("the representative of",
    "the speaker for"; not "the U.S. Senior Official for the DPRK")?"""
    words = ref.cue_words
    pattern = _speaker_noun_before(words["speaker_nouns"], words["portfolio_nouns"])
    return not dealt_with(before, ref) and pattern.search(before) is not None


def speakers_before(views: list[SentenceView], all_roles: list[Roles], ref: Reference) -> list[str | None]:
    """For each sentence, the state whose delegate the document last reported speaking before it
    ("Ambassador Hwang (Republic of Korea) said …"): who "he" or "she" is in meetings coverage several
    sentences on, whatever states the sentences between say or claim."""
    found: list[str | None] = []
    last: str | None = None
    for view, roles in zip(views, all_roles, strict=True):
        found.append(last)
        delegates = [s for s, r in roles if r == "source" and _delegate(view.sentence.text, s, ref)]
        if delegates:
            last = list_head(view.sentence.text, view.actors, delegates[0].value, ref)
    return found


def reports_delegates(views: list[SentenceView], all_roles: list[Roles], ref: Reference) -> bool:
    """Does the document report delegates speaking ("the representative of Japan said", "NAME (Russian
    Federation) said", "Japan's representative")? Such meetings coverage reports what was said at the
    meeting it is published on."""
    return any(
        r == "source" and _delegate(view.sentence.text, s, ref)
        for view, roles in zip(views, all_roles, strict=True)
        for s, r in roles
    )


def _delegate(text: str, span: Span, ref: Reference) -> bool:
    """Is the actor named as a delegate's state ("the representative of Japan", "NAME (Russian
    Federation)", "Japan's representative")?"""
    before = re.sub(r"\bthe\s*$", "", text[max(0, span.start - 60) : span.start], flags=re.IGNORECASE)
    noun_after = _speaker_noun_after(ref.cue_words["speaker_nouns"]).match(text, span.end)
    return text[span.start - 1 : span.start] == "(" or speaks_for(before, ref) or noun_after is not None


@cache
def _speaker_noun_after(nouns: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(rf"(?:[’']s)?\s+(?:{alternation(nouns)})\b", re.IGNORECASE)


def group_of(ref: Reference) -> re.Pattern[str]:
    """Text ending with a group noun and its "of" ("a bipartisan group of"), whose members act or speak."""
    return _group_of(ref.cue_words["group_nouns"])


@cache
def _group_of(nouns: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(rf"\b(?:{alternation(nouns)})\s+of\s*$", re.IGNORECASE)
