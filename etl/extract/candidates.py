"""Text → candidate items: sentences read for transfers, visits, agreements, actions, links and statements.

A rule-based reader driven entirely by the reference lexicons (datasets/reference): it knows no
document in particular. It reads direction from voice and prepositions (etl/roles.py), status from
hedges within the clause, and keeps candidates it is unsure of with a low confidence rather than
dropping them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import cache

from etl.contract import Category, Direction, Status
from etl.extract.dates import DateMention
from etl.extract.mentions import SentenceView, Span, outside, read_sentence, spans
from etl.extract.reference import Reference, alternation
from etl.extract.roles import (
    NON_PARTIES,
    Parties,
    Roles,
    action_parties,
    document_dyad,
    fill_from_context,
    pair_parties,
    party_roles,
    transfer_parties,
    visit_parties,
)
from etl.extract.sentences import split_sentences
from etl.extract.typography import Folded


@cache
def _number_pattern(hedges: tuple[str, ...]) -> re.Pattern[str]:
    """A count, hedged or not, with up to three words after it: "about 5,000 containers of"."""
    return re.compile(
        rf"(?<![\w.-])(?:(?i:{alternation(hedges)})\s+)?(\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?)"
        r"(\s+(?:million|billion|thousand))?(?:\s+\d+\s?mm)?((?:\s+[A-Za-z][\w-]*){1,3})"
    )


_SCALE = {" million": 1e6, " billion": 1e9, " thousand": 1e3}


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
    date_source: str  # "sentence", "context", "publication", "none"
    status: Status
    quote: str
    char_start: int
    char_end: int
    confidence: float
    notes: list[str] = field(default_factory=list)


@dataclass
class Reading:
    """One sentence being read: its mentions, roles, and what the document around it offers."""

    view: SentenceView
    roles: Roles
    context: list[SentenceView]
    dyad: tuple[str, ...]
    ref: Reference
    publisher: str | None = None  # the actor that publishes the document: who "we" are

    @property
    def text(self) -> str:
        return self.view.sentence.text

    def status(self, position: int | None, parties: Parties) -> Status:
        """Status from the hedges in the clause holding position (else the sentence); a claim someone
        else reports is alleged."""
        start, end = self.view.clause(position) if position is not None else (0, len(self.text))
        blocked = [(d.start, d.end) for d in self.view.dates] + [(a.start, a.end) for a in self.view.actors]
        for status, pattern in self.ref.status_patterns:
            if [m for m in outside(spans(pattern, self.text), blocked) if m.start >= start and m.end <= end]:
                return status
        reporters = {s.value for s, r in self.roles if r == "source"}
        if reporters - {parties.supplier, parties.recipient}:
            return "alleged"
        for verb in self.view.cues["reporting_verbs"]:
            # ", the report found" / ", officials said": a reporter that is not one of the parties.
            subject = self.text[max(0, verb.start - 40) : verb.start]
            said_by_party = any(
                a.value in (parties.supplier, parties.recipient)
                and verb.start - a.end <= 40
                and a.end <= verb.start
                for a in self.view.actors
            )
            if re.search(r"(?:^|,)\s*(?:the\s+)?[\w\s'’-]{0,30}$", subject) and not said_by_party:
                return "alleged"
        return "reported"

    def negated(self, position: int) -> bool:
        start, _ = self.view.clause(position)
        window = self.text[max(start, position - 40) : position]
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

    def dated(self, anchor: int, parties: Parties) -> tuple[DateMention | None, str]:
        """The event date nearest the anchor, else one from a neighbouring sentence about the same parties."""
        events = [d for d in self.view.dates if d.role == "event"]
        if events:
            return min(events, key=lambda d: abs(d.start - anchor)), "sentence"
        involved = {parties.supplier, parties.recipient} - {None}
        for view in reversed(self.context):
            if view.sentence.paragraph != self.view.sentence.paragraph:
                break
            if involved and not involved & {a.value for a in view.actors}:
                continue
            resolved = [d for d in view.dates if d.role == "event" and d.resolved]
            if resolved:
                return resolved[0], "context"
        return None, "publication"


def _quantity(text: str, goods_start: int, ref: Reference) -> tuple[float | None, str | None]:
    """The count nearest before the goods ("about 5,000 containers of munitions"), if one is written."""
    best: tuple[int, float, str] | None = None
    for m in _number_pattern(ref.cue_words["quantity_hedges"]).finditer(text):
        if m.start() > goods_start:
            break
        words = [w.lower() for w in m.group(3).split()]
        unit = next((ref.quantity_units[w] for w in words if w in ref.quantity_units), None)
        if unit is None and m.end() >= goods_start:
            unit = next(iter(words), None)  # "100 ballistic missiles": the goods word is the unit
            unit = ref.quantity_units.get(unit or "", None) if unit else None
        if unit is None or goods_start - m.end() > 60:
            continue
        number = float(m.group(1).replace(",", ""))
        if 1900 <= number <= 2099 and m.group(2) is None and "," not in m.group(1):
            continue  # a year, not a count
        best = (goods_start - m.end(), number * _SCALE.get(m.group(2) or "", 1.0), unit)
    return (best[1], best[2]) if best else (None, None)


def _candidate(
    reading: Reading,
    category: Category,
    parties: Parties,
    status: Status,
    confidence: float,
    dated: tuple[DateMention | None, str],
    goods: str | None = None,
    goods_class: str | None = None,
    quantity: tuple[float | None, str | None] = (None, None),
) -> Candidate:
    confidence -= 0.2 * parties.filled_from_context
    confidence -= 0.3 * ((parties.supplier is None) + (parties.recipient is None))
    confidence -= _off_topic(reading.ref, category, parties)
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
    )


def _off_topic(ref: Reference, category: Category, parties: Parties) -> float:
    """Confidence lost by an item outside what this monitor follows: a transfer, visit or link between
    states of which neither is a core actor, or a visit with a body (a "Council meeting") for a party."""
    named = [p for p in (parties.supplier, parties.recipient) if p]
    if category in ("statement", "sanctions_action") or not named:
        return 0.0
    if category == "summit_or_visit" and any(ref.actors[p].kind != "state" for p in named):
        return 0.3
    return 0.0 if set(named) & ref.core_actors else 0.3


def _goods_by_class(reading: Reading) -> dict[str, list[Span]]:
    by_class: dict[str, list[Span]] = {}
    for span in reading.view.goods:
        by_class.setdefault(span.value, []).append(span)
    for generic, specifics in reading.ref.goods_generic.items():
        if generic in by_class and specifics & by_class.keys():
            del by_class[generic]  # "KN-23 missiles" is one ballistic missile mention, not two goods
    return by_class


def _transfers(reading: Reading, previous: Candidate | None) -> list[Candidate]:
    """One candidate per goods class named in the sentence."""
    view, ref = reading.view, reading.ref
    verbs = view.cues["supplier_verbs"] + view.cues["recipient_verbs"] + view.cues["transfer_nouns"]
    found = []
    for goods_class, goods_spans in _goods_by_class(reading).items():
        anchor = goods_spans[0].start
        verb = min(verbs, key=lambda c: abs(c.start - anchor)) if verbs else None
        if verb is not None and reading.prohibited(verb.start):
            continue  # "resolutions that ban the supply of luxury goods" describes a ban, not a transfer
        parties = transfer_parties(view, reading.roles, ref, anchor)
        if parties.supplier is None and parties.recipient is None and previous is not None:
            # "It also supplied 100 missiles": the parties of the last transfer in the paragraph.
            parties = Parties(previous.from_actor_id, previous.to_actor_id, previous.direction, 1)
        elif not (parties.supplier and parties.recipient):
            fill_from_context(parties, reading.dyad, reading.context, ref, reading.excluded())
        category: Category = ref.goods_category[goods_class]
        status: Status
        status = reading.status(verb.start if verb else anchor, parties)
        if (verb is not None and reading.negated(verb.start)) or status == "denied":
            category, status = "statement", "denied"
        elif view.cues["hypothetical_cues"]:
            category, status = "statement", "speculative"
        goods = "; ".join(dict.fromkeys(" ".join(s.text.split()) for s in goods_spans))
        found.append(
            _candidate(
                reading,
                category,
                parties,
                status,
                0.85 if verb else 0.35,
                reading.dated(anchor, parties),
                goods,
                goods_class,
                _quantity(reading.text, anchor, ref),
            )
        )
    return found


def _relation_category(parties: Parties, default: Category, ref: Reference) -> Category:
    pair = {parties.supplier, parties.recipient}
    if pair & ref.core_actors and pair & ref.third_parties:
        return "third_party_link"
    return default


def _uses_dyad(view: SentenceView, dyad: tuple[str, ...]) -> bool:
    return bool(view.cues["dyad_phrases"]) and len(dyad) == 2


def _visit(reading: Reading) -> list[Candidate]:
    view = reading.view
    if not view.cues["visit_cues"] or not (view.actors or _uses_dyad(view, reading.dyad)):
        return []
    parties = visit_parties(view, reading.roles)
    if _uses_dyad(view, reading.dyad) and not (parties.supplier and parties.recipient):
        parties = Parties(reading.dyad[0], reading.dyad[1], "between")
    anchor = view.cues["visit_cues"][0].start
    category = _relation_category(parties, "summit_or_visit", reading.ref)
    return [
        _candidate(
            reading, category, parties, reading.status(None, parties), 0.8, reading.dated(anchor, parties)
        )
    ]


def _agreements(reading: Reading) -> list[Candidate]:
    """Agreements signed, in force or replaced; one per year when a sentence names several past ones."""
    view = reading.view
    years = [d for d in view.dates if d.role == "event" and d.precision == "year"]
    acted = bool(view.cues["agreement_acts"]) or bool(years)
    if not (view.cues["agreement_cues"] and acted and (view.actors or _uses_dyad(view, reading.dyad))):
        return []
    parties = pair_parties(reading.roles)
    if _uses_dyad(view, reading.dyad) and not (parties.supplier and parties.recipient):
        parties = Parties(reading.dyad[0], reading.dyad[1], "between")
    elif not (parties.supplier and parties.recipient):
        fill_from_context(parties, reading.dyad, reading.context, reading.ref, set())
    anchor = view.cues["agreement_cues"][0].start
    status = reading.status(None, parties)
    if len(years) > 1:
        return [_candidate(reading, "agreement", parties, status, 0.75, (year, "sentence")) for year in years]
    category = _relation_category(parties, "agreement", reading.ref)
    return [_candidate(reading, category, parties, status, 0.8, reading.dated(anchor, parties))]


def _sanctions_actions(reading: Reading) -> list[Candidate]:
    """Who acts and on whom; a resolution's provisions are the Council's, and its target the monitored
    state the sentence (or the document) is about."""
    view, ref = reading.view, reading.ref
    cues = view.cues["sanctions_action_cues"]
    if not cues:
        return []
    parties = action_parties(reading.roles, cues[0])
    found = (parties.supplier is not None) + (parties.recipient is not None)
    if parties.supplier is None and view.cues["resolution_cues"]:
        parties.supplier = ref.cue_words["resolution_body"][0]
    if parties.recipient is None or ref.actors[parties.recipient].kind != "state":
        core = [
            s.value for s, r in reading.roles if s.value in ref.core_actors and s.value != parties.supplier
        ]
        core += [a for a in reading.dyad if a in ref.core_actors and a != parties.supplier]
        parties.recipient = core[0] if core else parties.recipient
    if parties.supplier is None and parties.recipient is None:
        return []
    status = reading.status(None, parties)
    dated = reading.dated(cues[0].start, parties)
    # Parties named in the sentence itself are surer than ones inferred from the Council or the document.
    return [_candidate(reading, "sanctions_action", parties, status, 0.6 + 0.1 * found, dated)]


def _third_party_link(reading: Reading, involved: set[str]) -> list[Candidate]:
    view, ref = reading.view, reading.ref
    states = [a for a in view.states(ref) if a not in reading.excluded()]
    third = [a for a in states if a in ref.third_parties and a not in involved]
    core = [a for a in states if a in ref.core_actors] or [a for a in reading.dyad if a in ref.core_actors]
    if not (third and core and (view.cues["third_party_cues"] or len(states) >= 2)):
        return []
    parties = Parties(third[0], core[0], "between")
    return [
        _candidate(
            reading,
            "third_party_link",
            parties,
            reading.status(None, parties),
            0.65,
            reading.dated(0, parties),
        )
    ]


def _position(reading: Reading) -> list[Candidate]:
    """A speaker's stated position ("We condemn Russia's procurement", "the UK remains committed to
    holding North Korea to account"): speaker → the core state it is about, besides any transfer."""
    view, roles, ref = reading.view, reading.roles, reading.ref
    cues = view.cues["position_cues"]
    if not cues:
        return []
    cue = cues[0]
    speaker = next(
        (s.value for s, r in roles if s.end <= cue.start and r in {"source", "bare", "possessor"}), None
    )
    if view.cues["first_person"] and (speaker is None or speaker in ref.core_actors):
        speaker = reading.publisher or speaker
    if speaker is None:
        return []
    about = [s.value for s, r in roles if s.value != speaker and s.value in ref.core_actors]
    about += [a for a in reading.dyad if a != speaker and a in ref.core_actors]
    parties = Parties(speaker, about[0] if about else None, "from_to")
    return [_candidate(reading, "statement", parties, "reported", 0.75, reading.dated(cue.start, parties))]


def _statement(reading: Reading) -> list[Candidate]:
    view, roles = reading.view, reading.roles
    if not (view.cues["statement_cues"] and view.actors):
        return []
    speaker = next(
        (s.value for s, r in roles if r in {"source", "bare", "possessor", "from"}), view.actors[0].value
    )
    addressee = next((s.value for s, r in roles if s.value != speaker and r not in NON_PARTIES), None)
    parties = Parties(speaker, addressee, "from_to")
    if addressee is None:
        fill_from_context(parties, reading.dyad, reading.context, reading.ref, reading.excluded())
    category = _relation_category(parties, "statement", reading.ref)
    # The speaker is a party here, so its own words are reported, not alleged.
    return [
        _candidate(reading, category, parties, reading.status(None, parties), 0.6, reading.dated(0, parties))
    ]


def _story(view: SentenceView, ref: Reference) -> bool:
    """A sentence of the story: not a headline or field (sentences.py), nor a byline or caption opener."""
    opener = ref.cue_patterns["byline_openers"].match(view.sentence.text)
    return view.sentence.story and opener is None


def publisher_actor(publisher: str | None, ref: Reference) -> str | None:
    """The actor a publisher speaks for ("UK Mission to the UN" → GBR), if the lexicon names it."""
    found = ref.actor_pattern.search(publisher or "")
    return ref.alias_to_actor.get(found.group(0)) if found else None


def extract_items(
    text: str, published_on: date | None, ref: Reference, publisher: str | None = None
) -> list[Candidate]:
    """Every candidate item in a document's text, in reading order; offsets and quotes index into text.
    publisher: who published it, so that "we" in the text can be read as that actor."""
    folded = Folded(text)
    candidates = _extract(folded.text, published_on, ref, publisher_actor(publisher, ref))
    for candidate in candidates:
        candidate.char_start, candidate.char_end = folded.span(candidate.char_start, candidate.char_end)
        candidate.quote = text[candidate.char_start : candidate.char_end]
    return candidates


def _resolve_coreference(views: list[SentenceView], ref: Reference) -> None:
    """ "the same country", "the regime": the last state named before, as an actor mention of its own."""
    last: str | None = None
    for view in views:
        phrases = view.cues["coreference_phrases"]
        if phrases and last is not None:
            view.actors = sorted(
                view.actors + [Span(p.start, p.end, p.text, last) for p in phrases], key=lambda a: a.start
            )
        named = [a for a in view.states(ref) if a not in ref.attack_targets]
        last = named[-1] if named else last


def _extract(text: str, published_on: date | None, ref: Reference, publisher: str | None) -> list[Candidate]:
    views = [read_sentence(s, ref, published_on) for s in split_sentences(text)]
    _resolve_coreference(views, ref)
    all_roles = [party_roles(view, ref) for view in views]
    dyad = document_dyad(all_roles, ref)
    candidates: list[Candidate] = []
    last_transfer: Candidate | None = None
    for index, (view, roles) in enumerate(zip(views, all_roles, strict=True)):
        if index and view.sentence.paragraph != views[index - 1].sentence.paragraph:
            last_transfer = None
        if not _story(view, ref):
            continue  # a headline, caption, byline or infobox field is no event of the story
        if not view.actors and not view.goods and not _uses_dyad(view, dyad):
            continue
        reading = Reading(view, roles, views[max(0, index - 2) : index], dyad, ref, publisher)
        transfers = _transfers(reading, last_transfer)
        relations = _visit(reading) + _agreements(reading) + _sanctions_actions(reading)
        involved = {p for c in transfers + relations for p in (c.from_actor_id, c.to_actor_id) if p}
        relations += _third_party_link(reading, involved)
        relations += _position(reading) if not any(c.category == "statement" for c in transfers) else []
        if not transfers and not relations:
            relations = _statement(reading)
        candidates += transfers + relations
        confident = [c for c in transfers if c.from_actor_id and c.to_actor_id and c.category != "statement"]
        last_transfer = confident[-1] if confident else last_transfer
    return candidates
