"""Troops in a transfer: sent by their own state, deployed beside a host, given goods, trained as the
purpose of their deployment, or trained by another state (its know-how goes to theirs)."""

from __future__ import annotations

import re

from etl.extract.mentions import Span
from etl.extract.reading import Candidate, Reading, make_candidate
from etl.extract.roles import NON_PARTIES, Parties

__all__ = [
    "deployed",
    "equipped",
    "host",
    "sent_by_their_state",
    "split_training",
    "troops_own_training",
    "without_training",
]


def equipped(reading: Reading, troops: list[Span]) -> bool:
    """Are the troops only whom other goods are given to ("supplied North Korean soldiers with weapons",
    "provided the troops with Russian uniforms and equipment")? Troops sent with goods are still sent."""
    text, goods = reading.text, reading.view.goods
    others = [g for g in goods if g.value not in reading.ref.goods_implying_transfer]
    verbs = reading.view.cues["equipping_verbs"]
    return all(
        any(_EQUIPPED.fullmatch(text, v.end, t.start) for v in verbs if v.end <= t.start)
        and any(_WITH_GOODS.fullmatch(text, t.end, g.start) for g in others)
        for t in troops
    )


_EQUIPPED = re.compile(r"\s+(?:[\w’'-]+\s+){0,3}")  # "provided the North Korean troops"
_WITH_GOODS = re.compile(r"\s+with\s+(?:[\w-]+\s+){0,4}")  # "troops with Russian uniforms and equipment"

_HOST_BEFORE = re.compile(r"\b(?:in|inside|into|alongside|with)\s+(?:the\s+)?$", re.IGNORECASE)


def host(reading: Reading, supplier: str | None) -> str | None:
    """Where troops are, or whose forces they fight beside ("captured in the Kursk region", "alongside the
    Russian forces"): the host of a deployment."""
    text = reading.text
    for span, role in reading.roles:
        if role not in NON_PARTIES and span.value != supplier and _HOST_BEFORE.search(text, 0, span.start):
            return span.value
    return None


# "Pyongyang confirmed that its troops had been fighting in Kursk": whose troops "its" says.
_OWN = re.compile(r"\b(?:its|their)\s+(?:[\w-]+\s+)?$", re.IGNORECASE)


def own_troops(reading: Reading, anchor: int) -> str | None:
    """The state that owns the troops at anchor through "its" or "their": the nearest state named before,
    even the one that tells of them ("Pyongyang confirmed that its troops …")."""
    own = _OWN.search(reading.text, max(0, anchor - 30), anchor)
    if own is None:
        return None
    states = [
        s.value
        for s, r in reading.roles
        if s.end <= own.start() and r != "target" and reading.ref.actors[s.value].kind == "state"
    ]
    return states[-1] if states else None


def deployed(reading: Reading, goods_class: str, parties: Parties) -> bool:
    """Troops of one state named with their host in the sentence: a deployment without a transfer verb."""
    named = {s.value for s, r in reading.roles if r not in NON_PARTIES}
    return (
        goods_class in reading.ref.goods_implying_transfer
        and parties.supplier in named
        and parties.recipient in named
        and parties.supplier != parties.recipient
    )


def sent_by_their_state(reading: Reading, spans: list[Span], parties: Parties) -> bool:
    """Are the troops read as sent by the state they belong to, when the sentence names it ("DPRK
    troops", "North Korean soldiers")? Not so in "training to North Korean soldiers"."""
    text = reading.text
    owners = {
        s.value
        for s, role in reading.roles
        if role == "origin" and any(_OWNER_GAP.fullmatch(text, s.end, g.start) for g in spans)
    }
    return not owners or parties.supplier in owners


# An actor right before the troops it owns ("DPRK troops", "North Korean soldiers").
_OWNER_GAP = re.compile(r"(?:[’']s)?\s+")


def troops_own_training(reading: Reading, spans: list[Span], troops: tuple[str | None, str | None]) -> bool:
    """Is the know-how at spans only the training of troops sent abroad, with no trainer named ("10,000
    soldiers sent to Russia for training", "troops undergoing training in eastern Russia")? Then it is
    the deployment's purpose, not a transfer of its own. A trainer other than the troops' state, named
    as subject, possessor or source ("Russia's training of DPRK troops", "training from Russian
    instructors"), keeps it a technology transfer."""
    words = reading.ref.cue_patterns["troop_training_words"].fullmatch
    if not all(words(" ".join(s.text.split())) for s in spans):
        return False
    text = reading.text
    trainers = [
        s.value
        for s, role in reading.roles
        if role in ("bare", "possessor", "from", "origin")
        and s.value != troops[0]
        and not _WHERE_BEFORE.search(text, 0, s.start)
    ]
    return not trainers


# Where troops train rather than who trains them ("in eastern Russia", "at Russian bases", "to Russia").
_WHERE_BEFORE = re.compile(r"\b(?:in|inside|into|at|to)\s+(?:the\s+)?(?:[\w-]+\s+)?$", re.IGNORECASE)


# Troops right after a verb of training ("training North Korean troops", "trained those forces").
_TRAINED_GAP = re.compile(
    r"\s+(?:(?:the|those|these|its|their|some|about|around|nearly|over|[\d,]+)\s+){0,2}(?:[\w’'-]+\s+){0,2}"
)
# Training with no object ("troops training in Russia's Far East", "training alongside Russian forces").
_NO_OBJECT = re.compile(r"\s*(?:$|[,.;:]|(?:in|at|inside|alongside|with|for|near|on|under|together)\b)")
# Troops that do the training ("Russian troops are training …", "instructors have trained …").
_TRAINING_GAP = re.compile(r"\s+(?:(?:are|is|were|was|have|has|had|been|also|now)\s+){0,3}")


def split_training(reading: Reading, troops: list[Span]) -> tuple[list[Candidate], list[Span]]:
    """Troops a verb of training governs, taken out of a deployment: as its object, the know-how their
    trainer gives their state ("Russia is training North Korean troops": RUS → PRK); as its subject,
    trainers, sent nowhere by it ("Russian troops are training …"). The other troops stay."""
    text, verbs = reading.text, reading.view.cues["training_verbs"]
    trainers = [
        t
        for t in troops
        if any(
            _TRAINING_GAP.fullmatch(text, t.end, v.start)
            and not _passive(text[t.end : v.start], v)
            and not _NO_OBJECT.match(text, v.end)
            for v in verbs
            if v.start >= t.end
        )
    ]
    taught: list[Candidate] = []
    trained: list[Span] = []
    for t in troops:
        passive = _trained_by(reading, t)
        if passive is not None:
            taught.append(passive)
            trained.append(t)
            continue
        verb = next(
            (v for v in verbs if v.end <= t.start and _TRAINED_GAP.fullmatch(text, v.end, t.start)), None
        )
        candidate = _taught(reading, verb, t) if verb is not None and t not in trainers else None
        if candidate is not None:
            taught.append(candidate)
            trained.append(t)
    return taught[:1], [t for t in troops if t not in trainers and t not in trained]


# "Russian troops are being trained by North Korean instructors": the trainer after "by".
_PASSIVE_TRAINED = re.compile(
    r"\s+(?:(?:are|is|were|was|have|has|had|been|being)\s+){1,3}(\w+)\s+by\s+(?:the\s+)?"
)


def _passive(gap: str, verb: Span) -> bool:
    """ "were trained", "have been taught": the troops are trained, not training others."""
    participle = verb.text.lower().endswith("ed") or verb.text.lower() == "taught"
    return participle and re.search(r"\b(?:are|is|were|was|been|being)\b", gap, re.IGNORECASE) is not None


def _trained_by(reading: Reading, troops: Span) -> Candidate | None:
    """Troops trained by a state named after "by": the know-how it gives the troops' state."""
    gap = _PASSIVE_TRAINED.match(reading.text, troops.end)
    words = reading.ref.cue_patterns["training_verbs"]
    if gap is None or not words.fullmatch(gap.group(1)):
        return None
    trainer = next((s.value for s, _ in reading.roles if s.start == gap.end()), None)
    trainee = _owner_of(reading, [troops])
    if trainer is None or trainee is None or trainer == trainee:
        return None
    parties = Parties(trainer, trainee, "from_to")
    verb = gap.start(1)
    status, dated = reading.status(verb, parties), reading.dated(verb, parties)
    return make_candidate(
        reading, "technology_transfer", parties, status, 0.8, dated, gap.group(1), "military_technology"
    )


def _taught(reading: Reading, verb: Span, troops: Span) -> Candidate | None:
    """The know-how the trainer before the verb gives the state the troops belong to."""
    trainee = _owner_of(reading, [troops])
    trainers = [
        s for s, r in reading.roles if s.end <= verb.start and s.value != trainee and r not in NON_PARTIES
    ]
    if trainee is None or not trainers:
        return None
    parties = Parties(trainers[-1].value, trainee, "from_to")
    # "Russian officers were not training North Korean soldiers": training said not to happen.
    status = "denied" if reading.negated(verb.start) else reading.status(verb.start, parties)
    dated = reading.dated(verb.start, parties)
    goods = " ".join(verb.text.split())
    return make_candidate(
        reading, "technology_transfer", parties, status, 0.8, dated, goods, "military_technology"
    )


def _owner_of(reading: Reading, troops: list[Span]) -> str | None:
    """The state the troops belong to ("North Korean troops", "the DPRK's soldiers")."""
    text = reading.text
    return next(
        (
            s.value
            for s, _ in reading.roles
            for t in troops
            if s.end <= t.start and _OWNER_GAP.fullmatch(text, s.end, t.start)
        ),
        None,
    )


def without_training(
    reading: Reading, by_class: dict[str, list[Span]]
) -> tuple[list[tuple[str, list[Span]]], list[Candidate]]:
    """The goods by class without the troops a verb of training governs, and the know-how their training
    is (troops that train others are sent nowhere by it)."""
    kept: list[tuple[str, list[Span]]] = []
    taught: list[Candidate] = []
    for goods_class, spans in by_class.items():
        if goods_class in reading.ref.goods_implying_transfer:
            trained, spans = split_training(reading, spans)
            taught += trained
        kept += [(goods_class, spans)] if spans else []
    return kept, taught


# Troops others fight beside ("fighting alongside Russian troops") are the host's own, sent nowhere.
_BESIDE = re.compile(
    r"\b(?:alongside|beside|together with)\s+(?:the\s+)?(?:[\w’'-]+\s+){0,2}$", re.IGNORECASE
)
_BESIDE_AFTER = re.compile(r"\s+(?:[\w’'-]+\s+){0,4}?(?:alongside|beside|together with)\s", re.IGNORECASE)
_PLACE = re.compile(r"\b(?:in|inside|into)\s+(?:the\s+)?$", re.IGNORECASE)


def fought_beside(reading: Reading, troops: Span) -> bool:
    """Are the troops the host's own, whom others fight beside? Those after "alongside", unless the
    troops before it are of the state where the fighting is ("Russian troops are fighting alongside North
    Korean soldiers in the Kursk region": the Russians are the host's, the North Koreans were sent)."""
    text, actors = reading.text, reading.view.actors
    places = {a.value for a in actors if _PLACE.search(text, max(0, a.start - 12), a.start)}
    beside = _BESIDE.search(text, max(0, troops.start - 50), troops.start)
    if beside is not None:
        before = [t for t in reading.view.goods if t.end <= beside.start() and t.value == troops.value]
        return not before or _state_of(actors, before[-1]) not in places
    # The troops before "alongside", of the state where the fighting is, are the host's.
    owner = _state_of(actors, troops)
    return owner is not None and owner in places and _BESIDE_AFTER.match(text, troops.end) is not None


def _state_of(actors: list[Span], troops: Span) -> str | None:
    """The state named right before the troops ("North Korean soldiers"), if any."""
    return next(
        (a.value for a in reversed(actors) if a.end <= troops.start and troops.start - a.end <= 2), None
    )
