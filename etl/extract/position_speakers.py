"""Who states a position: the speaker named, the one a pronoun stands for, or the document's voice."""

from __future__ import annotations

import re

from etl.extract.mentions import Span
from etl.extract.named_speakers import named_speaker
from etl.extract.quotes import quoted_speaker
from etl.extract.reading import Reading
from etl.extract.roles import party_roles
from etl.extract.speakers import list_head

__all__ = ["PRONOUN_SUBJECT", "reporter_before", "speaker_of"]

PRONOUN_SUBJECT = re.compile(r"(?:^|\W)(?:they|he|she)\s+(?:[a-z]\w*\s+){0,2}$", re.IGNORECASE)
# "he said", "she stressed", "they also condemned": a pronoun and the verb it is the subject of.
_PRONOUN_VERB = re.compile(r"\b(?:he|she|they)\s+(?:(?:also|further|then|again)\s+)?([a-z]+)", re.IGNORECASE)
_SINGULAR = re.compile(r"\b(?:he|she)\b", re.IGNORECASE)
_SAYING = ("statement_cues", "reporting_verbs", "position_cues", "denial_cues")


# Unnamed states or delegates as the subject of a position ("over 140 countries have repeatedly called
# on …", "delegates condemned …", "Council members urged …").
_GROUP_SUBJECT = re.compile(
    r"\b(?:countries|states|members|delegates|delegations|nations|governments|speakers|participants)"
    r"\s+(?:(?:have|has|had|also|all|repeatedly|strongly|\w+ly)\s+){0,3}$",
    re.IGNORECASE,
)
_SHOULD = re.compile(
    r"\s+(?:should|must|needs to|need to|ought to)\s+(?:(?:all|also|now|be)\s+)*(?:\w+ly\s+)?$"
)


def _exhorted(reading: Reading, named: Span, cue: Span) -> bool:
    """Is the body named before the cue told what it should do ("The Council should be deeply
    concerned"), rather than speaking itself?"""
    kind = reading.ref.actors[named.value].kind
    return kind != "state" and bool(_SHOULD.fullmatch(reading.text, named.end, cue.start))


def reporter_before(reading: Reading) -> str | None:
    """The state whose speaker the sentences just before report ("The representative of Japan said …"):
    the one a pronoun speaker stands for ("He stressed that …"), within the paragraph or the sentence
    right before it."""
    view = reading.view
    if reading.speaker_before and _SINGULAR.search(reading.text):
        return reading.speaker_before  # meetings coverage: "he" is the delegate it last reported
    for distance, before in enumerate(reversed(reading.context)):
        if distance and before.sentence.paragraph != view.sentence.paragraph:
            break
        sources = [s for s, r in party_roles(before, reading.ref) if r == "source"]
        if sources:
            return list_head(before.sentence.text, before.actors, sources[0].value, reading.ref)
    return None


def _pronoun_says(reading: Reading, before: int | None = None) -> bool:
    """Is a pronoun the subject of a verb of saying in the sentence ("…, he said", "She stressed that"),
    before the position when one is given ("…, he recalled, strongly condemning …")?"""
    patterns = [reading.ref.cue_patterns[name] for name in _SAYING]
    return any(
        any(p.fullmatch(m.group(1)) for p in patterns)
        for m in _PRONOUN_VERB.finditer(reading.text, 0, len(reading.text) if before is None else before)
    )


def _reported_by(reading: Reading) -> tuple[bool, str | None]:
    """(the sentence reports someone's words, whose): the subject of a reporting verb named in it
    ("Japan's representative said that …"), or the speaker a pronoun stands for ("…, he said")."""
    sources = [s for s, r in reading.roles if r == "source"]
    if sources:
        return True, list_head(reading.text, reading.view.actors, sources[0].value, reading.ref)
    if _pronoun_says(reading):
        return True, reporter_before(reading)
    return False, None


def speaker_of(reading: Reading, cue: Span, accusation: bool) -> str | None:
    """Who states it. An accusation ("Russia has violated these resolutions") is the voice of the
    document (its publisher, or the group signing it), unless the sentence reports whose words it is
    ("Japan's representative said that Russia violated …"); its subject is the accused. "We" before the
    speaker named is that voice too, and so is a position no one is named for ("But let's be clear to
    Russia"). A named speaker stands for its list ("The United States, ROK, and Japan condemn"); a
    pronoun for the speaker named just before ("He condemned …")."""
    voice, core = reading.publisher, reading.ref.core_actors
    if (quoted := quoted_speaker(reading.view, reading.roles, cue.start)) is not None:
        return list_head(reading.text, reading.view.actors, quoted.value, reading.ref)  # "“…,” Kirby said"
    we = [p for p in reading.view.cues["first_person"] if p.end <= cue.start]
    if accusation:
        reported, reporter = _reported_by(reading)
        return reporter if reported and not we else voice
    named = named_speaker(reading, cue)
    if we and (named is None or named.value in core or we[0].start < named.start):
        return voice or (named.value if named else None)
    if named is not None and _exhorted(reading, named, cue):
        return voice  # "The Council should be deeply concerned that …": the voice exhorts the body
    if named is None:
        # "They called on the DPRK …": someone named before speaks, not the document's voice ("It is
        # regrettable that …" is the voice's); "over 140 countries have called on Russia" is no one's.
        start, _ = reading.view.clause(cue.start)
        if _GROUP_SUBJECT.search(reading.text, start, cue.start):
            return None
        pronoun = PRONOUN_SUBJECT.search(reading.text[start : cue.start]) or _pronoun_says(reading, cue.start)
        return reporter_before(reading) if pronoun else voice
    # A state the position is about ("the briefing on the DPRK and Nonproliferation, U.S. Ambassador …")
    # heads no list of speakers.
    speakers = [s for s, r in reading.roles if r != "target"]
    return list_head(reading.text, speakers, named.value, reading.ref)
