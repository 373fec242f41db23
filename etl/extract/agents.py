"""Who acts in a transfer told without a plain subject: the members of a list of states, the agent
after "by" of a transfer noun, who reports (the subject of a verb of saying), who judges an act in the
passive, and a state named after a place."""

from __future__ import annotations

import re
from functools import cache

from etl.extract.mentions import SentenceView, Span
from etl.extract.reference import Reference, alternation

# Roles that never make an actor a party: the target of an attack, the source of a report.
NON_PARTIES = ("target", "source", "component")

_LIST_JOINER = re.compile(r"(?:[’']s)?\s*(?:,|,?\s+and|,?\s+or)\s+(?:the\s+)?")
# An agent after "by": "provided by Iran", "the transfer by the DPRK".
BY_AGENT = re.compile(r"\s+by\s+(?:the\s+)?")


def listed(text: str, first: Span, second: Span) -> bool:
    """Are the two mentions next to each other in a list ("Seoul and Washington", "the US, ROK, and")?
    Not a place and the subject after its comma ("Speaking in Tokyo, the US Ambassador condemned …")."""
    joiner = text[first.end : second.start]
    return not place_then_subject(text, first, second) and bool(_LIST_JOINER.fullmatch(joiner))


def place_then_subject(text: str, first: Span, second: Span) -> bool:
    """Is the first a place ("in Seoul", "at Vostochny") and the second the subject after its comma ("In
    Seoul, Japan's Prime Minister …"), no list of two?"""
    return (
        _PLACE_BEFORE.search(text, max(0, first.start - 4), first.start) is not None
        and text[first.end : second.start].startswith(",")
        and not _LIST_GOES_ON.match(text, second.end)
    )


_PLACE_BEFORE = re.compile(r"\b(?:in|at)\s+$", re.IGNORECASE)
_LIST_GOES_ON = re.compile(r",|\s+(?:and|or)\s")


def listed_with(text: str, roles: list[tuple[Span, str]], value: str | None) -> list[str]:
    """The parties named in one list with a mention of value, in the order written ("Iran and the DPRK
    supply Russia", "provided by Iran, Belarus and the DPRK"); [value] when no list holds it."""
    parties = [(s, r) for s, r in roles if r not in NON_PARTIES]
    for index, (span, _) in enumerate(parties):
        if span.value != value:
            continue
        first = last = index
        while first > 0 and listed(text, parties[first - 1][0], parties[first][0]):
            first -= 1
        while last + 1 < len(parties) and listed(text, parties[last][0], parties[last + 1][0]):
            last += 1
        if last > first:
            return list(dict.fromkeys(s.value for s, _ in parties[first : last + 1]))
    return [value] if value else []


def agents_of_nouns(
    view: SentenceView, roles: list[tuple[Span, str]], targets: set[str]
) -> tuple[str | None, str | None]:
    """(supplier, recipient) from transfer nouns' agents after "by": the supplier of a transfer, sale or
    delivery, the recipient of a procurement, purchase or use ("the transfer by the DPRK, and procurement
    by Russia, of missiles")."""
    text = view.sentence.text
    supplier: str | None = None
    recipient: str | None = None
    receiving = {(c.start, c.end) for c in view.cues["recipient_nouns"]}
    for noun in sorted(view.cues["transfer_nouns"] + view.cues["recipient_nouns"], key=lambda c: c.start):
        by = BY_AGENT.match(text, noun.end)
        agent = by and next(
            (
                s.value
                for s, r in roles
                if s.start == by.end() and r not in NON_PARTIES and s.value not in targets
            ),
            None,
        )
        if not agent:
            continue
        if (noun.start, noun.end) in receiving:
            recipient = recipient or agent
        elif agent != recipient:
            supplier = supplier or agent
    return supplier, recipient


# Between an owner and its transfer noun: "the DPRK's continued transfer", "Russia's illegal procurement".
_OWNER_GAP = re.compile(r"(?:[’']s)?\s+(?:[\w-]+\s+){0,2}")


def owners_of_nouns(
    view: SentenceView, roles: list[tuple[Span, str]], anchor: int, targets: set[str]
) -> tuple[str | None, str | None]:
    """(supplier, recipient) from the owner of the transfer noun nearest the goods at anchor: the supplier
    of "North Korea's deployment of troops", the recipient of "Russia's procurement of arms"."""
    text = view.sentence.text
    nouns = view.cues["transfer_nouns"] + view.cues["recipient_nouns"]
    if not nouns:
        return None, None
    noun = min(nouns, key=lambda c: abs(c.start - anchor))
    owner = next(
        (
            s.value
            for s, r in roles
            if r == "possessor" and s.value not in targets and _OWNER_GAP.fullmatch(text, s.end, noun.start)
        ),
        None,
    )
    receiving = any((c.start, c.end) == (noun.start, noun.end) for c in view.cues["recipient_nouns"])
    return (None, owner) if receiving else (owner, None)


_WITH = re.compile(r"\s+with\s+(?:the\s+)?")
_NOUN_REACH = (
    30  # characters between goods and the trade noun that governs them ("arms trade", "trade in arms")
)


def partner_of_noun(
    view: SentenceView, roles: list[tuple[Span, str]], anchor: int, targets: set[str]
) -> str | None:
    """The state a transfer noun is told "with" ("arms shipments with Russia", "its arms trade with the
    DPRK"): a trade that names no direction."""
    text = view.sentence.text
    nouns = view.cues["transfer_nouns"]
    if not nouns:
        return None
    noun = min(nouns, key=lambda c: abs(c.start - anchor))
    if abs(noun.start - anchor) > _NOUN_REACH:
        return None  # the noun of other goods ("launches of missiles, … and arms shipments with Russia")
    return next(
        (
            s.value
            for s, r in roles
            if r not in NON_PARTIES and s.value not in targets and _WITH.fullmatch(text, noun.end, s.start)
        ),
        None,
    )


def paired_roles(text: str, roles: list[tuple[Span, str]], view: SentenceView) -> list[tuple[Span, str]]:
    """ "the Russia-DPRK arms trade", "DPRK–Russia arms deals": two states joined by a dash before a
    transfer word trade between them, neither way (three joined, "Russia–North Korea–Iran", are no pair)."""
    nouns = {c.start for c in view.cues["transfer_nouns"]}
    paired = list(roles)
    dashes = ("-", "–", "—")
    for index in range(1, len(roles)):
        (first, role), (second, other) = roles[index - 1], roles[index]
        joined = text[first.end : second.start] in dashes
        chained = index >= 2 and text[roles[index - 2][0].end : first.start] in dashes
        noun = _NOUN_AFTER_PAIR.match(text, second.end)
        if joined and not chained and noun and noun.end() in nouns and "source" not in (role, other):
            paired[index - 1], paired[index] = (first, "paired"), (second, "paired")
    return paired


_NOUN_AFTER_PAIR = re.compile(r"(?:\s+[\w-]+){0,2}?\s+")


# A wire story's dateline ("SEOUL, Nov 20 (Yonhap) - ", "MOSCOW, Sept. 14 (Reuters) — "): where it was
# filed and by whom, no party to what it tells.
_DATELINE = re.compile(
    r"[A-Z][A-Z .'-]{1,30},\s+"  # the city, in capitals
    r"(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}|\d{1,2}\s+[A-Z][a-z]{2,8})"  # the day
    r"\s*(?:\([^)]{1,40}\))?\s*[-–—]+\s+"  # the agency, the dash
)


def datelined(text: str, roles: list[tuple[Span, str]]) -> list[tuple[Span, str]]:
    """The roles, with the actors named in a dateline the sentence opens with made reporters."""
    line = _DATELINE.match(text)
    if line is None:
        return roles
    return [(s, "source" if s.end <= line.end() else r) for s, r in roles]


# A place and the state it is in, after a preposition ("from Najin, North Korea,", "to the port of Dunai,
# Russia"): the state takes the preposition's role.
_PLACE_THEN_STATE = re.compile(
    r"\b((?i:from|to|into))\s+(?:(?i:the\s+(?:port|city|town|region)\s+of)\s+)?"
    r"[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*){0,2},\s*$"
)


def judge_or_place(text: str, span: Span, ref: Reference, actors: list[Span]) -> str | None:
    """The role of an actor who judges an act in the passive ("Russia's veto was condemned by Japan": a
    source, no party), of a state sales are made for and to another ("sales for the DPRK to Russia": the
    seller), or of a state named after a place ("from Najin, North Korea,": the place's)."""
    if _judged_by(ref.cue_words["passive_positions"]).search(text, max(0, span.start - 40), span.start):
        return "source"
    if _SALES_FOR.search(text, max(0, span.start - 40), span.start) and _TO_NEXT.match(text, span.end):
        return "from"  # "arranged weapons sales for the DPRK to Russia": sold on the DPRK's behalf
    start = max(0, span.start - 60)
    place = _PLACE_THEN_STATE.search(text, start, span.start)
    # Not an actor and the next actor ("In a letter to Putin, Kim pledged …"), nor an opening phrase and
    # the subject after it ("Speaking to CNN, Kim said …"): the state closes the apposition.
    if place is None or any(place.start() <= a.start < span.start for a in actors):
        return None
    if not _CLOSES_APPOSITION.match(text, span.end):
        return None
    return "from" if place.group(1).lower() == "from" else "to"


_SALES_FOR = re.compile(r"\b(?:sales?|exports?)\s+for\s+(?:the\s+)?$", re.IGNORECASE)
_TO_NEXT = re.compile(r"\s+to\s+(?:the\s+)?[A-Z]")
_CLOSES_APPOSITION = re.compile(r"\s*(?:[,.;:)]|\Z|\s(?:to|and|into)\b)")


@cache
def _judged_by(verbs: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(rf"\b(?:{alternation(verbs)})\s+by\s+(?:the\s+)?$", re.IGNORECASE)


# An auxiliary or an adverb before the verb of saying ("has stated", "can confirm", "strongly condemns").
_HAVE = re.compile(r"^(?:has|have|had|can|will|would|must)\s+(?:now\s+|also\s+)?(?:continue\s+to\s+)?")
_ADVERB = re.compile(r"^(?:also\s+)?[a-z]+ly\s+")


@cache
def _titles_after(titles: tuple[str, ...]) -> re.Pattern[str]:
    """Names and titles right after an actor: "Seoul's defence ministry", "US officials"."""
    return re.compile(rf"^(?:[’']s)?(?:\s+(?:[A-Z][\w-]*|(?i:{alternation(titles)})))*\s+")


@cache
def _agreement_object(cues: tuple[str, ...]) -> re.Pattern[str]:
    """An agreement as the object of a verb: " an agreement", " the treaty", " a new pact"."""
    return re.compile(rf"\s+(?:(?:an|a|the|its|their)\s+)?(?:[\w-]+\s+)?(?i:{alternation(cues)})\b")


# A speaker's name and the comma that opens an apposition naming the actor: "Jung Pak, the U.S. …".
_NAME_THEN_APPOSITION = re.compile(r"\b[A-Z][\w’'.-]*,\s+(?:the\s+)?$")
_APPOSITION_BODY = re.compile(r"([^,;:“”\"]{0,100}?),\s*")
_APPOSITION_FILLERS = frozenset({"for", "to", "of", "on", "the", "and", "at", "in"})


def _after_apposition(text: str, span: Span, titles: frozenset[str]) -> int:
    """Where the words after an actor resume when the actor stands in an apposition to a name made only
    of titles and names ("Jung Pak, the U.S. Senior Official for the DPRK, told VOA"), else its end."""
    if not _NAME_THEN_APPOSITION.search(text, max(0, span.start - 40), span.start):
        return span.end
    body = _APPOSITION_BODY.match(text, span.end)
    if body is None:
        return span.end
    words = re.findall(r"[\w’'-]+", re.sub(r"\([^)]*\)", " ", body.group(1)))
    if all(w[:1].isupper() or w.lower() in titles or w.lower() in _APPOSITION_FILLERS for w in words):
        return body.end()
    return span.end


_CONCERNED = re.compile(
    r"(?:is|are|was|were|remains|remain)\s+(?:\w+ly\s+)?(?:concerned|alarmed|worried|troubled)\s+(?:that|by|about|over|at)\b",
    re.IGNORECASE,
)


def reports_after(text: str, span: Span, ref: Reference) -> bool:
    """Does a verb of saying or sanctioning follow the actor ("US officials said", "the UK sanctioned"),
    or the apposition it stands in ("Jung Pak, the U.S. Senior Official for the DPRK, told VOA")?"""
    resume = _after_apposition(text, span, ref.title_words)
    rest = text[resume : resume + 60]
    if text[span.start - 1 : span.start] == "(" and rest.startswith(")"):
        rest = rest[1:]  # "VASSILY NEBENZIA (Russian Federation) said"
    rest = _titles_after(ref.cue_words["title_words"]).sub("", rest)
    rest = _ADVERB.sub("", _HAVE.sub("", rest))  # "The EU strongly condemns", "has publicly stated"
    verbs = ref.cue_patterns
    if _CONCERNED.match(rest):
        return True  # "Japan is seriously concerned that President Putin visited Pyongyang": it judges
    match = verbs["reporting_verbs"].match(rest) or verbs["sanctioning_verbs"].match(rest)
    if match is None or match.start() != 0:
        return False
    # "Russia and the DPRK concluded an agreement": an act on an agreement, not a report.
    acted = verbs["agreement_acts"].fullmatch(match.group(0))
    return not (acted and _agreement_object(ref.cue_words["agreement_cues"]).match(rest, match.end()))
