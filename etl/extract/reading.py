"""One sentence being read: the candidate item it yields, and the document context it is read in."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import cache

from etl.contract import Category, Direction, Status
from etl.extract.dates import DateMention
from etl.extract.mentions import SentenceView, Span, outside, spans
from etl.extract.questions import asked
from etl.extract.quotes import quoted_speaker
from etl.extract.reference import Reference
from etl.extract.report_dates import dates_report
from etl.extract.roles import NON_PARTIES, Parties, Roles


@dataclass
class Candidate:
    """One item read from a sentence, before normalisation and tagging."""

    category: Category
    from_actor_id: str | None
    to_actor_id: str | None
    direction: Direction
    goods: str | None
    goods_class: str | None
    quantity: float | None
    quantity_unit: str | None
    date: DateMention | None
    # "sentence", "document" (another sentence dates the same event), "publication", "spoken" (the
    # publication day), "none"
    date_source: str
    status: Status
    quote: str
    char_start: int
    char_end: int
    confidence: float
    notes: list[str] = field(default_factory=list)
    evidence: tuple[str, ...] = ()  # what raised or lowered the confidence (cues.yml confidence_evidence)


@dataclass
class Reading:
    """One sentence being read: its mentions, roles, and what the document around it offers."""

    view: SentenceView
    roles: Roles
    context: list[SentenceView]
    dyad: tuple[str, ...]
    ref: Reference
    # The document's voice: who "we" are (the first state of the group signing a joint statement, else
    # the actor that publishes the document).
    publisher: str | None = None
    mentioned: frozenset[str] = frozenset()  # every actor the document names outside its reporters
    # The line a list item continues ("The provisions of the resolution include:"), if it is one.
    lead: SentenceView | None = None
    # The date of the resolution the document last dated ("Resolution 1874 was adopted … on 12 June").
    resolution_date: DateMention | None = None
    # The state whose speaker the document last reported in a sentence before this one.
    speaker_before: str | None = None
    # The document reports delegates speaking at a meeting: what they say is dated on its publication day.
    reports_delegates: bool = False

    @property
    def text(self) -> str:
        return self.view.sentence.text

    def status(self, position: int | None, parties: Parties, scope: tuple[int, int] | None = None) -> Status:
        """Status from the hedges in the clause holding position (else the sentence, or scope when
        given) that govern it; a claim someone else reports is alleged."""
        if scope is not None:
            start, end = scope
        else:
            start, end = self.view.clause(position) if position is not None else (0, len(self.text))
        blocked = [(d.start, d.end) for d in self.view.dates] + [(a.start, a.end) for a in self.view.actors]
        blocked += [(i.start, i.end) for i in self.view.cues["status_idioms"]]  # "strongest possible terms"
        for status, pattern in self.ref.status_patterns:
            hedges = [
                m for m in outside(spans(pattern, self.text), blocked) if m.start >= start and m.end <= end
            ]
            if [m for m in hedges if position is None or self._hedges(m, position)]:
                return status
            if status == "expected" and position is not None and self._attempted(position):
                return status
        quoted = quoted_speaker(self.view, self.roles, position) if position is not None else None
        if quoted is not None and quoted.value != self.publisher:
            return "alleged"  # "“We condemn the DPRK for providing Russia …,” Kirby told reporters."
        reporters = {s.value for s, r in self.roles if r == "source"}
        if self.publisher in reporters or self._first_person_reports():
            return "reported"  # the publisher's own finding, alone or with others ("We condemn …")
        if reporters - {parties.supplier, parties.recipient}:
            return "alleged"
        return "alleged" if self._told_by_another(parties) else "reported"

    def _told_by_another(self, parties: Parties) -> bool:
        """Does a reporting verb tell the sentence as the claim of someone who is not one of the parties
        (", the report found", ", officials said")?"""
        idioms = self.view.cues["status_idioms"]
        for verb in self.view.cues["reporting_verbs"]:
            if any(i.start <= verb.start < i.end for i in idioms):
                continue  # "All told, …" says nothing
            if verb.start and verb.text[:1].isupper():
                continue  # "Member States" names, it does not say
            if _HEDGE_TO.match(self.text, verb.end):
                continue  # "believed to be deploying": a hedge of its own clause, no reporter
            if self._noun_after_preposition(verb):
                continue  # "sanctions on states such as Iran": a noun, no one says
            # ", the report found" / ", officials said" / ",” he recalled": a reporter that is not one of
            # the parties.
            subject = self.text[max(0, verb.start - 60) : verb.start]
            said_by_party = any(
                a.value in (parties.supplier, parties.recipient)
                and verb.start - a.end <= 40
                and a.end <= verb.start
                and not re.search(r"[,;:]", self.text[a.end : verb.start])  # "…North Korea, experts found"
                for a in self.view.actors
            )
            own = self._own_officials(subject.rsplit(",", 1)[-1] + " " + self.text[verb.end : verb.end + 30])
            if _REPORTER_AFTER_COMMA.search(subject) and not said_by_party and not own:
                return True
        return False

    def _own_officials(self, subject: str) -> bool:
        """Is the unnamed reporter around the verb an official of the publisher, itself a state ("…, officials
        said", "said Ambassador Shea" in a Defense Department story or a government's editorial)? Not
        analysts or a report, nor a pronoun for a speaker of another state named before."""
        publisher = self.ref.actors.get(self.publisher) if self.publisher else None
        if publisher is None or publisher.kind != "state" or self.reports_delegates:
            return False
        words = {w.lower() for w in _REPORTER_WORDS.findall(subject)}
        officials = set(self.ref.cue_words["speaker_nouns"]) | {"official", "officials", "spokesperson"}
        pronoun = bool(words & {"he", "she", "they"}) and self.speaker_before in (None, self.publisher)
        return bool(words & officials) or pronoun

    def _noun_after_preposition(self, word: Span) -> bool:
        """Does a preposition of direction or target stand right before the word, making it a noun ("on
        states such as Iran", "to states")? ("the statement by Japan" still names a reporter.)"""
        before = _LAST_WORD.search(self.text, 0, word.start)
        cues = self.ref.cue_words
        prepositions = _single_words(cues["to_markers"] + cues["target_markers"])
        return before is not None and before.group(1).lower() in prepositions

    def paid_for(self, anchor: int) -> tuple[int, int] | None:
        """The phrase "in return for …" holding the goods at anchor, up to its comma or clause end: what
        is paid for is told as given ("will extract a high price in return for the transfer of its
        troops", "in return for the weapons, DPRK is seeking trade"), whatever hedges the payment."""
        start, end = self.view.clause(anchor)
        definite = [d.start for d in self.view.cues["definite_determiners"]]
        for marker in self.view.cues["exchange_markers"]:
            if not (start <= marker.start and marker.end <= anchor):
                continue
            if re.search(r"[,;:]", self.text[marker.end : anchor]):
                continue
            # Only a definite payment is told as given: "in exchange for materials to be sent" is not.
            if marker.end + 1 not in definite:
                continue
            comma = self.text.find(",", anchor, end)
            return marker.start, (comma if comma >= 0 else end)
        return None

    def _attempted(self, position: int) -> bool:
        """Is the transfer verb at position what an attempt opens ("efforts to unlawfully procure")?"""
        return any(_ATTEMPT_GAP.fullmatch(self.text, a.end, position) for a in self.view.cues["attempt_cues"])

    def _hedges(self, hedge: Span, position: int) -> bool:
        """Does the hedge govern the transfer word at position? Not when it follows it and only qualifies
        a purpose ("deploying troops, possibly to counter …", "potentially for use on the battlefield"),
        a relative clause ("sent soldiers that will probably augment …"), or another transfer word it
        stands right before ("its provision of arms, including Russia's possible provision of …")."""
        if hedge.start < position:
            return True
        cues = self.view.cues
        if any(position < p.start and p.end <= hedge.start for p in cues["relative_pronouns"]):
            return False
        after = self.text[hedge.end : hedge.end + 40]
        if any(p.start == hedge.end + len(after) - len(after.lstrip()) for p in cues["purpose_markers"]):
            return False
        transfer_words = cues["supplier_verbs"] + cues["recipient_verbs"] + cues["transfer_nouns"]
        return not any(_NEXT_WORD.fullmatch(self.text, hedge.end, w.start) for w in transfer_words)

    def _first_person_reports(self) -> bool:
        """Is "we" or "our …" the subject of a reporting verb ("We condemn", "Our governments assess")?"""
        for verb in self.view.cues["reporting_verbs"]:
            for person in self.view.cues["first_person"]:
                between = self.text[person.end : verb.start]
                if person.end <= verb.start and len(between) <= 20 and not re.search(r"[,;:]", between):
                    return True
        return False

    def negated(self, position: int) -> bool:
        """Is the transfer word at position negated? A hedging negation ("would not rule out") is not."""
        start, _ = self.view.clause(position)
        # A negation does not reach across a comma ("calls on countries not to prolong the conflict, China
        # is exporting …": the "not" is the prolonging's), nor is it a name ("Minister No Kwang Chol").
        text = self.text
        for a in (a for a in self.view.actors if position - 60 < a.end <= position):
            text = text[: a.start] + " " * (a.end - a.start) + text[a.end :]
        window = text[max(start, position - 40) : position].rsplit(",", 1)[-1]
        window = self.ref.cue_patterns["litotes"].sub(" ", window)
        return bool(self.ref.cue_patterns["negations"].search(window))

    def prohibited(self, position: int) -> bool:
        """Does a ban govern the transfer word at position ("bars the supply of luxury goods and the
        procurement of arms")? A ban someone breaks ("violated the ban by supplying") does not."""
        start, _ = self.view.clause(position)
        for ban in self.ref.cue_patterns["prohibition_cues"].finditer(self.text, start, position):
            breach = self.ref.cue_patterns["breach_words"]
            if position - ban.end() <= 80 and not breach.search(
                self.text, max(0, ban.start() - 25), ban.start()
            ):
                return True
        return False

    def excluded(self) -> set[str]:
        """Actors that are never parties here: targets, and reporters who play no other role."""
        others = {s.value for s, r in self.roles if r not in NON_PARTIES}
        return {s.value for s, r in self.roles if r in NON_PARTIES} - others

    def dated(self, anchor: int, parties: Parties, of_report: bool = True) -> tuple[DateMention | None, str]:
        """The event date nearest the anchor. None when the sentence gives none: a date in the sentences
        before is another event's as often as this one's (the labelling guide leaves such items undated).
        of_report False: a date that dates the reporting ("as we've heard today") is not the event's."""
        events = [d for d in self.view.dates if d.role == "event"]
        if not of_report:
            events = [d for d in events if not dates_report(self.view, d)]
        events = unbounded(events, self.ref)
        if events:
            return _joined(min(events, key=lambda d: abs(d.start - anchor)), events, self.text), "sentence"
        return None, "publication"


_ATTEMPT_GAP = re.compile(r"\s+(?:[\w-]+\s+)?")  # "efforts to unlawfully procure"
_HEDGE_TO = re.compile(r"\s+to\b")
_LAST_WORD = re.compile(r"\b(\w+)\s+$")
_REPORTER_WORDS = re.compile(r"[A-Za-z]+")
# ", the report found", ", the head of the regional prosecutor's office said": a reporter after a comma.
_REPORTER_AFTER_COMMA = re.compile(r"(?:^|,[”\"’']?)\s*(?:the\s+)?[\w\s'’-]{0,50}$")
_NEXT_WORD = re.compile(r"\s+")

# What joins the dates of one event: "and" ("in July and August"), or a comma in a list that ends with
# "and" ("on 30 December, 2 January and 6 January").
_AND = re.compile(r",?\s+and\s+")
_COMMA = re.compile(r",\s+")


def _joined(date: DateMention, events: list[DateMention], text: str) -> DateMention:
    """ "on 30 December 2023 and 2 January 2024", "in July and August", "on 30 December, 2 January and
    6 January": one event over every date of the list, so the range from the first to the last."""
    ordered = sorted(events, key=lambda d: d.start)
    # Each list of dates with how its last two are joined: "and" closes a list, a comma continues one.
    lists: list[tuple[list[DateMention], list[str]]] = [([ordered[0]], [])]
    for before, after in zip(ordered, ordered[1:], strict=False):
        link = "and" if _AND.fullmatch(text, before.end, after.start) else None
        link = link or ("comma" if _COMMA.fullmatch(text, before.end, after.start) else None)
        if link is None:
            lists.append(([after], []))
        else:
            lists[-1][0].append(after)
            lists[-1][1].append(link)
    group, links = next((g, links) for g, links in lists if date in g)
    if links and links[-1] != "and":
        return date  # "in 2023, 2024": a list of one event's dates ends with "and"
    first, last = group[0], group[-1]
    if len(group) == 1 or first.date_start is None or last.date_end is None or not first.resolved:
        return date
    if not last.resolved or last.date_end <= first.date_start:
        return date
    return replace(
        date,
        start=first.start,
        end=last.end,
        text=text[first.start : last.end],
        date_start=first.date_start,
        date_end=last.date_end,
        precision="range",
    )


@cache
def _single_words(words: tuple[str, ...]) -> frozenset[str]:
    """The one-word entries of a cue group, lower-cased."""
    return frozenset(w.lower() for w in words if " " not in w)


def unbounded(dates: list[DateMention], ref: Reference) -> list[DateMention]:
    """The dates that may date an event: one that ends a period or sets a deadline ("extended until 30
    April 2021") only when the sentence gives no other."""
    bounds = ref.date_words.bound_qualifiers
    return [d for d in dates if d.qualifier not in bounds] or dates


def make_candidate(
    reading: Reading,
    category: Category,
    parties: Parties,
    status: Status,
    confidence: float,
    dated: tuple[DateMention | None, str],
    goods: str | None = None,
    goods_class: str | None = None,
    quantity: tuple[float | None, str | None] = (None, None),
    signs: tuple[str, ...] = (),
) -> Candidate:
    """The candidate, its confidence moved by each sign of doubt its reading shows (signs: the caller's)."""
    found = evidence(reading, category, parties, goods_class) + list(signs)
    # A question tells nothing, unless it relays someone's claim ("… reports from South Korea that …").
    found += ["asked"] if status != "alleged" and asked(reading.view, reading.context, reading.ref) else []
    confidence += sum(reading.ref.confidence_evidence.get(tag, 0.0) for tag in found)
    sentence = reading.view.sentence
    return Candidate(
        category=category,
        from_actor_id=parties.supplier,
        to_actor_id=parties.recipient,
        direction=parties.direction,
        goods=goods,
        goods_class=goods_class,
        quantity=quantity[0],
        quantity_unit=quantity[1],
        date=dated[0],
        date_source=dated[1],
        status=status,
        quote=sentence.text,
        char_start=sentence.start,
        char_end=sentence.end,
        confidence=round(max(0.05, min(1.0, confidence)), 2),
        evidence=tuple(found),
    )


# Categories in which goods or troops move from a supplier to a recipient.
_TRANSFERS = frozenset(
    {"arms_transfer", "luxury_goods_transfer", "technology_transfer", "commodity_transfer"}
    | {"troop_deployment"}
)


def evidence(reading: Reading, category: Category, parties: Parties, goods_class: str | None) -> list[str]:
    """The general signs of a doubtful (or sure) reading, one tag per sign; their weights are data."""
    ref = reading.ref
    named = [p for p in (parties.supplier, parties.recipient) if p]
    in_sentence = {a.value for a in reading.view.actors}
    # A sanctions action's target and its actor (a speaker too: "the Government of Japan has decided to
    # freeze …") are its parties, not bystanders; a statement's speaker is its source ("the
    # representative of Russia rejected the allegations").
    bystanders = {"sanctions_action": (), "statement": ("target",)}.get(category, NON_PARTIES)
    party_roles = {s.value for s, r in reading.roles if r not in bystanders}
    tags = ["party_from_context"] * parties.filled_from_context
    tags += ["party_missing"] * (2 - len(named))
    tags += ["off_topic"] if off_topic(ref, category, parties) else []
    tags += ["no_core_party"] if named and not set(named) & ref.core_actors else []
    tags += ["party_not_in_sentence"] * len([p for p in named if p not in in_sentence])
    tags += ["reporter_only_sentence"] if reading.roles and not party_roles else []
    tags += ["crowded_sentence"] if len(in_sentence) >= 4 else []
    core_named = in_sentence & ref.core_actors
    cues = reading.view.cues
    # Russia's war alone ("Russia's invasion of Ukraine is a grave threat"), with no other core actor named.
    own_war = bool(cues["war_cues"]) and core_named <= set(ref.target_attackers.values())
    # Not "Such cooperation is …", "The transfer of these weapons supports …", nor "those who provide
    # support to Russia's aggression".
    on_own = (cues["own_programme_cues"] or own_war) and not (
        cues["cooperation_nouns"] or _names_transfer(reading) or _support_for_core(reading)
    )
    if category == "statement" and len(core_named) <= 1 and on_own:
        tags += ["own_programme"]
    # "Today I'd like to focus on China, the DPRK, and Iran's military support to Russia": a topic announced.
    tags += ["agenda_topic"] if category != "statement" and cues["agenda_phrases"] else []
    if category in _TRANSFERS:
        tags += ["body_in_transfer"] if any(ref.actors[p].kind != "state" for p in named) else []
        tags += ["publisher_in_transfer"] if reading.publisher in named else []
        tags += ["generic_goods"] if goods_class in ref.goods_generic else []
    return tags


def _names_transfer(reading: Reading) -> bool:
    """Does the sentence name a transfer ("The transfer of these weapons supports Russia's war of
    aggression"), not as part of a state's own programme ("any use of nuclear weapons")?"""
    cues = reading.view.cues
    own = [(c.start, c.end) for c in cues["own_programme_cues"]]
    return any(not any(s <= t.start < e for s, e in own) for t in cues["transfer_nouns"])


_SUPPORT_FOR = re.compile(r"\bsupport(?:ing)?\s+(?:for|to)\s+(?:the\s+)?$", re.IGNORECASE)


def _support_for_core(reading: Reading) -> bool:
    """Does the sentence name support for a monitored state ("your support for Russia's illegal war"),
    the cooperation, not that state's war alone?"""
    core = reading.ref.core_actors
    text = reading.text
    return any(
        a.value in core and _SUPPORT_FOR.search(text, max(0, a.start - 30), a.start)
        for a in reading.view.actors
    )


def relation_category(parties: Parties, default: Category, ref: Reference) -> Category:
    """A relation between a core actor and a third party is a third-party link, else the default."""
    pair = {parties.supplier, parties.recipient}
    if pair & ref.core_actors and pair & ref.third_parties:
        return "third_party_link"
    return default


def off_topic(ref: Reference, category: Category, parties: Parties) -> float:
    """Confidence lost by an item outside what this monitor follows: a transfer, visit or link between
    states of which neither is a core actor, or a visit with a body (a "Council meeting") for a party."""
    named = [p for p in (parties.supplier, parties.recipient) if p]
    if category in ("statement", "sanctions_action") or not named:
        return 0.0
    if category == "summit_or_visit" and any(ref.actors[p].kind != "state" for p in named):
        return 0.3
    return 0.0 if set(named) & ref.core_actors else 0.3
