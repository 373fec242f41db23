"""Text → candidate items: actors, goods, cues and dates found per sentence, then read into items.

A rule-based reader driven entirely by the reference lexicons (datasets/reference): it knows no
document in particular. It reads direction from voice and prepositions, status from hedges, and keeps
candidates it is unsure of with a low confidence rather than dropping them.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from etl.dates import DateMention, find_dates
from etl.reference import Reference
from etl.text import Sentence, split_sentences

_PASSIVE_AUX = re.compile(r"\b(?:was|were|been|being|be|is|are|get|got)\s+(?:\w+ly\s+)?$", re.IGNORECASE)
_WORD = re.compile(r"[\w’'-]+")
# Words that may stand between a preposition and the actor it governs ("to the Russian military").
_FILLERS = frozenset(
    [
        "the",
        "a",
        "an",
        "its",
        "his",
        "her",
        "their",
        "president",
        "leader",
        "supreme",
        "prime",
        "minister",
        "foreign",
        "defence",
        "defense",
        "ministry",
        "government",
        "regime",
        "forces",
        "military",
        "army",
        "officials",
        "official",
        "state",
        "media",
        "authorities",
        "side",
        "counterpart",
        "chairman",
        "general",
        "secretary",
        "spokesman",
        "spokesperson",
        "intelligence",
        "agency",
        "ruling",
        "party",
        "navy",
        "air",
        "force",
        "troops",
        "soldiers",
        "units",
    ]
)
_POSSESSIVE = re.compile(r"^[’']s\b")
_DETERMINER_BEFORE = re.compile(r"\b(?:the|a|an|its|their|this|that|these|those|any|such)\s+$", re.IGNORECASE)
# One modifier word may stand between an actor adjective and the goods ("Iranian Shahed drones").
_MODIFIER_BEFORE_GOODS = re.compile(r"(?:-\w+)?\s+(?:[\w-]+\s+)?")
_COMPOUND_SUPPLIER = re.compile(r"^-(?:supplied|provided|sourced|delivered|origin)\b", re.IGNORECASE)
_COMPOUND_ORIGIN = re.compile(r"^-(?:made|built|produced|manufactured|designed)\b", re.IGNORECASE)
_NUMBER = re.compile(
    r"(?<![\w.-])(?:(?:about|around|approximately|roughly|nearly|almost|over|more than|at least|up to|some|"
    r"an estimated|some)\s+)?(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(\s+(?:million|billion|thousand))?"
    r"(?:\s+\d+\s?mm)?\s+([A-Za-z][\w-]*(?:\s+[A-Za-z][\w-]*)?)"
)
_SCALE = {" million": 1e6, " billion": 1e9, " thousand": 1e3}
TRANSFER_CATEGORIES = frozenset(
    {
        "arms_transfer",
        "luxury_goods_transfer",
        "technology_transfer",
        "commodity_transfer",
        "troop_deployment",
    }
)


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str
    value: str = ""  # actor id, goods class, or cue group


@dataclass
class Candidate:
    """One item read from a sentence, before normalisation and tagging."""

    category: str
    from_actor_id: str | None
    to_actor_id: str | None
    direction: str  # "from_to" or "between"
    goods: str | None
    goods_class: str | None
    quantity: float | None
    quantity_unit: str | None
    date: DateMention | None
    date_source: str  # "sentence", "context", "publication", "none"
    status: str
    quote: str
    char_start: int
    char_end: int
    confidence: float
    notes: list[str] = field(default_factory=list)


@dataclass
class SentenceView:
    """A sentence with everything the lexicons found in it (offsets relative to the sentence)."""

    sentence: Sentence
    actors: list[Span]
    goods: list[Span]
    dates: list[DateMention]
    cues: dict[str, list[Span]]

    def states(self, ref: Reference) -> list[str]:
        seen: list[str] = []
        for span in self.actors:
            if ref.actors[span.value].kind == "state" and span.value not in seen:
                seen.append(span.value)
        return seen


def _spans(pattern: re.Pattern[str], text: str, value_of: dict[str, str] | None = None) -> list[Span]:
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


def _outside(spans: list[Span], blocked: list[tuple[int, int]]) -> list[Span]:
    return [s for s in spans if not any(s.start < end and start < s.end for start, end in blocked)]


def read_sentence(sentence: Sentence, ref: Reference, published_on: date | None) -> SentenceView:
    """Find actors, goods, dates and cues in one sentence."""
    text = sentence.text
    dates = find_dates(text, published_on)
    date_spans = [(d.start, d.end) for d in dates]
    actors = _outside(_spans(ref.actor_pattern, text, ref.alias_to_actor), date_spans)
    actor_spans = [(a.start, a.end) for a in actors]
    goods = _outside(_spans(ref.goods_pattern, text, ref.term_to_goods), date_spans + actor_spans)
    blocked = date_spans + actor_spans
    cues = {name: _outside(_spans(p, text), blocked) for name, p in ref.cue_patterns.items()}
    return SentenceView(sentence, actors, [g for g in goods if g.value], dates, cues)


def _reports_after(text: str, span: Span, ref: Reference) -> bool:
    """Is the actor the subject of a reporting verb ("US officials said", "Seoul's defence ministry says")?"""
    rest = text[span.end : span.end + 60]
    rest = re.sub(r"^(?:[’']s)?(?:\s+(?:[A-Z][\w-]*|" + "|".join(_FILLERS) + r"))*\s+", "", rest)
    rest = re.sub(r"^(?:has|have|had)\s+", "", rest)
    match = ref.cue_patterns["reporting_verbs"].match(rest)
    return match is not None and match.start() == 0


def _ends_with(pattern: re.Pattern[str], text: str) -> bool:
    """Does text end with one of the pattern's words (ignoring trailing spaces)?"""
    return any(m.end() == len(text) for m in pattern.finditer(text.rstrip()))


def _role(text: str, span: Span, ref: Reference, actors: list[Span], goods: list[Span]) -> str:
    """How the words before and after an actor mention relate it to the sentence."""
    after = text[span.end : span.end + 16]
    if _COMPOUND_SUPPLIER.match(after):
        return "supplier"
    if _COMPOUND_ORIGIN.match(after):
        return "origin"
    if _reports_after(text, span, ref):
        return "source"
    modifier = _MODIFIER_BEFORE_GOODS.match(text, span.end)
    if modifier is not None and any(g.start == modifier.end() for g in goods):
        return "origin"  # "North Korean troops", "North Korean KN-23 missiles": where the goods come from
    before = text[max(0, span.start - 60) : span.start]
    before = re.split(r"[,;:()–—\"“”]", before)[-1]  # a preposition never reaches across punctuation
    other_actor_words = {w.lower() for a in actors if a.end <= span.start for w in _WORD.findall(a.text)}
    # Drop titles, names and fillers between the preposition and the actor ("to the Russian military").
    while True:
        words = list(_WORD.finditer(before))
        if not words:
            break
        last = words[-1]
        word = last.group(0)
        if word.lower() in _FILLERS or word.lower() in other_actor_words or word[:1].isupper():
            before = before[: last.start()]
            continue
        break
    before = before.rstrip()
    groups = (
        ("source", "source_markers"),
        ("target", "target_markers"),
        ("to", "to_markers"),
        ("from", "from_markers"),
    )
    for role, group in groups:
        if before and _ends_with(ref.cue_patterns[group], before):
            return role
    if re.search(r"\bbetween\s*$", before, re.IGNORECASE) or (
        re.search(r"\band\s*$", before, re.IGNORECASE) and re.search(r"\bbetween\b", before, re.IGNORECASE)
    ):
        return "between"
    if _POSSESSIVE.match(after):
        return "possessor"
    return "bare"


def _party_roles(view: SentenceView, ref: Reference) -> list[tuple[Span, str]]:
    """Each actor mention with its role; "source" marks who reports a fact, never a party to it."""
    text = view.sentence.text
    return [(a, _role(text, a, ref, view.actors, view.goods)) for a in view.actors]


def _status(view: SentenceView, ref: Reference) -> str:
    text = view.sentence.text
    blocked = [(d.start, d.end) for d in view.dates] + [(a.start, a.end) for a in view.actors]
    for status, pattern in ref.status_patterns:
        if _outside(_spans(pattern, text), blocked):
            return status
    return "reported"


def _negated_before(text: str, position: int, ref: Reference) -> bool:
    window = text[max(0, position - 40) : position]
    return bool(ref.cue_patterns["negations"].search(window))


def _quantity(text: str, ref: Reference) -> tuple[float | None, str | None]:
    for m in _NUMBER.finditer(text):
        noun = m.group(3).lower()
        unit = ref.quantity_units.get(noun) or ref.quantity_units.get(noun.split()[0])
        if unit is None:
            continue
        number = float(m.group(1).replace(",", ""))
        if 1900 <= number <= 2099 and m.group(2) is None and "," not in m.group(1):
            continue  # a year, not a count
        return number * _SCALE.get(m.group(2) or "", 1.0), unit
    return None, None


@dataclass
class Parties:
    supplier: str | None = None
    recipient: str | None = None
    direction: str = "from_to"
    filled_from_context: int = 0


def _nearest_before(
    roles: list[tuple[Span, str]], position: int, wanted: set[str], exclude: set[str]
) -> str | None:
    best = None
    for span, role in roles:
        if span.end <= position and role in wanted and span.value not in exclude:
            best = span.value
    return best


def _first_after(
    roles: list[tuple[Span, str]], position: int, wanted: set[str], exclude: set[str]
) -> str | None:
    for span, role in roles:
        if span.start >= position and role in wanted and span.value not in exclude:
            return span.value
    return None


def _transfer_parties(
    view: SentenceView, roles: list[tuple[Span, str]], ref: Reference, anchor: int
) -> Parties:
    """Supplier and recipient of a transfer, read from voice, prepositions and compounds."""
    text = view.sentence.text
    parties = Parties()
    for span, role in roles:
        if role == "supplier" and parties.supplier is None:
            parties.supplier = span.value
    origin = next((span.value for span, role in roles if role == "origin"), None)
    between = [span.value for span, role in roles if role == "between"]
    # "the transfer of missiles" uses the word as a noun: no subject to read a direction from.
    supplier_verbs = [
        c for c in view.cues["supplier_verbs"] if not _DETERMINER_BEFORE.search(text[: c.start])
    ]
    recipient_verbs = [
        c for c in view.cues["recipient_verbs"] if not _DETERMINER_BEFORE.search(text[: c.start])
    ]
    verbs = sorted(supplier_verbs + recipient_verbs, key=lambda c: abs(c.start - anchor))
    verb = verbs[0] if verbs else None
    targets = {span.value for span, role in roles if role in ("target", "source")}
    if verb is not None and verb in supplier_verbs:
        # "were shipped" is passive; "is providing" is not.
        passive = bool(_PASSIVE_AUX.search(text[: verb.start])) and not verb.text.lower().endswith("ing")
        to = _first_after(roles, verb.end, {"to"}, targets) or _nearest_before(
            roles, verb.start, {"to"}, targets
        )
        parties.recipient = parties.recipient or to
        if passive:
            parties.supplier = parties.supplier or _first_after(roles, 0, {"from"}, targets | {to or ""})
        else:
            parties.supplier = (
                parties.supplier
                or _nearest_before(roles, verb.start, {"bare", "possessor", "origin"}, targets | {to or ""})
                or _first_after(roles, verb.end, {"from"}, targets | {to or ""})
            )
            if parties.recipient is None:
                parties.recipient = _first_after(
                    roles, verb.end, {"bare", "possessor"}, targets | {parties.supplier or ""}
                )
    elif verb is not None:
        parties.recipient = _nearest_before(roles, verb.start, {"bare", "possessor"}, targets)
        parties.supplier = parties.supplier or _first_after(
            roles, verb.end, {"from"}, targets | {parties.recipient or ""}
        )
        if parties.supplier is None and origin != parties.recipient:
            parties.supplier = origin
    elif len(between) >= 2 or (len(between) == 1 and parties.supplier is None):
        pair = [a for a in dict.fromkeys(between)]
        if len(pair) >= 2:
            parties.supplier, parties.recipient, parties.direction = pair[0], pair[1], "between"
    if parties.supplier is None and parties.recipient is None and not verb:
        nouns = sorted(view.cues["transfer_nouns"], key=lambda c: abs(c.start - anchor))
        if nouns and ref.cue_patterns["demand_nouns"].fullmatch(nouns[0].text):
            # "his need for munitions": whoever needs the goods is the recipient.
            parties.recipient = _nearest_before(roles, nouns[0].start, {"possessor", "bare", "from"}, targets)
        else:
            # "shipments to Russia from the DPRK", "the transfer of North Korean missiles"
            parties.recipient = _first_after(roles, 0, {"to"}, targets)
            parties.supplier = _first_after(
                roles, 0, {"from", "supplier", "origin"}, targets | {parties.recipient or ""}
            )
    if parties.supplier is None:
        parties.supplier = next(
            (s.value for s, r in roles if r == "origin" and s.value != parties.recipient), None
        )
    if parties.recipient is None:
        # "missiles supplied by Pyongyang have been launched ... by Russian forces": a second verb,
        # passive and of the recipient kind, names who received them.
        for other in recipient_verbs:
            if other is not verb and _PASSIVE_AUX.search(text[: other.start]):
                parties.recipient = _first_after(
                    roles, other.end, {"from"}, targets | {parties.supplier or ""}
                )
                if parties.recipient:
                    break
    return parties


def _visit_parties(view: SentenceView, roles: list[tuple[Span, str]], ref: Reference) -> Parties:
    targets = {span.value for span, role in roles if role == "target"}
    host_cue = bool(view.cues["host_cues"])
    targets |= {span.value for span, role in roles if role == "source"}
    hosts = [s.value for s, r in roles if r == "to" and s.value not in targets]
    hosts += [
        s.value
        for s, r in roles
        if r == "bare" and view.sentence.text[max(0, s.start - 3) : s.start].strip().lower() == "in"
    ]
    visitors = [
        s.value
        for s, r in roles
        if r in {"from", "bare", "possessor", "between"} and s.value not in hosts and s.value not in targets
    ]
    parties = Parties()
    if host_cue:
        # "Kim hosted Putin in Pyongyang": the subject is the host, the object the visitor.
        cue = view.cues["host_cues"][0]
        parties.recipient = _nearest_before(roles, cue.start, {"bare", "possessor"}, targets)
        parties.supplier = _first_after(
            roles, cue.end, {"bare", "possessor"}, targets | {parties.recipient or ""}
        )
    else:
        parties.supplier = visitors[0] if visitors else None
        parties.recipient = hosts[0] if hosts else next((v for v in visitors if v != parties.supplier), None)
    if not hosts:
        parties.direction = "between"
    return parties


def _pair_parties(roles: list[tuple[Span, str]]) -> Parties:
    """The first two distinct parties of a relation (agreements, links, statements)."""
    ordered = [s.value for s, r in roles if r not in ("target", "source")]
    pair = list(dict.fromkeys(ordered))
    parties = Parties(direction="between")
    if pair:
        parties.supplier = pair[0]
    if len(pair) > 1:
        parties.recipient = pair[1]
    return parties


def document_dyad(roles_per_sentence: list[list[tuple[Span, str]]], ref: Reference) -> tuple[str, ...]:
    """The two states a document is mostly about, used to resolve "the two states" and "his counterpart"."""
    counts: Counter[str] = Counter()
    for roles in roles_per_sentence:
        for span, role_name in roles:
            if ref.actors[span.value].kind == "state" and role_name != "source":
                counts[span.value] += 1
    return tuple(actor for actor, _ in counts.most_common(2))


def _fill_from_context(
    parties: Parties, dyad: tuple[str, ...], context: list[SentenceView], ref: Reference, excluded: set[str]
) -> None:
    """Complete a one-sided relation with the document's other main state, else the previous sentences'."""
    known = parties.supplier or parties.recipient
    if known is None:
        return
    other: str | None = None
    if len(dyad) == 2 and known in dyad:
        other = dyad[1] if known == dyad[0] else dyad[0]
    if other is None or other in excluded:
        recent = [
            a for view in reversed(context) for a in view.states(ref) if a != known and a not in excluded
        ]
        other = recent[0] if recent else None
    if other is None:
        return
    if parties.supplier is None:
        parties.supplier = other
    else:
        parties.recipient = other
    parties.filled_from_context += 1


def _pick_date(view: SentenceView, anchor: int) -> DateMention | None:
    events = [d for d in view.dates if d.role == "event"]
    if not events:
        return None
    return min(events, key=lambda d: abs(d.start - anchor))


def _context_date(context: list[SentenceView], paragraph: int) -> DateMention | None:
    for view in reversed(context):
        if view.sentence.paragraph != paragraph:
            break
        events = [d for d in view.dates if d.role == "event" and d.resolved]
        if events:
            return events[0]
    return None


def _candidate(
    view: SentenceView,
    category: str,
    parties: Parties,
    status: str,
    confidence: float,
    date_mention: DateMention | None,
    date_source: str,
    goods: str | None = None,
    goods_class: str | None = None,
    ref: Reference | None = None,
) -> Candidate:
    quantity, unit = (None, None)
    if goods_class is not None and ref is not None:
        quantity, unit = _quantity(view.sentence.text, ref)
    confidence -= 0.2 * parties.filled_from_context
    confidence -= 0.3 * ((parties.supplier is None) + (parties.recipient is None))
    return Candidate(
        category=category,
        from_actor_id=parties.supplier,
        to_actor_id=parties.recipient,
        direction=parties.direction,
        goods=goods,
        goods_class=goods_class,
        quantity=quantity,
        quantity_unit=unit,
        date=date_mention,
        date_source=date_source,
        status=status,
        quote=view.sentence.text,
        char_start=view.sentence.start,
        char_end=view.sentence.end,
        confidence=round(max(0.05, min(1.0, confidence)), 2),
    )


def _dated(view: SentenceView, context: list[SentenceView], anchor: int) -> tuple[DateMention | None, str]:
    own = _pick_date(view, anchor)
    if own is not None:
        return own, "sentence"
    inherited = _context_date(context, view.sentence.paragraph)
    return (inherited, "context") if inherited is not None else (None, "publication")


def _transfers(
    view: SentenceView,
    roles: list[tuple[Span, str]],
    context: list[SentenceView],
    dyad: tuple[str, ...],
    status: str,
    ref: Reference,
) -> list[Candidate]:
    by_class: dict[str, list[Span]] = {}
    for span in view.goods:
        by_class.setdefault(span.value, []).append(span)
    for generic, specifics in ref.goods_generic.items():
        if generic in by_class and specifics & by_class.keys():
            del by_class[generic]  # "KN-23 missiles" is one ballistic missile mention, not two goods
    has_cue = any(view.cues[k] for k in ("supplier_verbs", "recipient_verbs", "transfer_nouns"))
    hypothetical = bool(view.cues["hypothetical_cues"])
    found = []
    for goods_class, spans in by_class.items():
        anchor = spans[0].start
        parties = _transfer_parties(view, roles, ref, anchor)
        verbs = view.cues["supplier_verbs"] + view.cues["recipient_verbs"] + view.cues["transfer_nouns"]
        verb = min(verbs, key=lambda c: abs(c.start - anchor)) if verbs else None
        negated = verb is not None and _negated_before(view.sentence.text, verb.start, ref)
        category, item_status = ref.goods_category[goods_class], status
        if negated or status == "denied":
            category, item_status = "statement", "denied"
        elif hypothetical:
            category, item_status = "statement", "speculative"
        if not (parties.supplier and parties.recipient):
            reporters = {s.value for s, r in roles if r == "source"} - {
                s.value for s, r in roles if r != "source"
            }
            _fill_from_context(
                parties, dyad, context, ref, {s.value for s, r in roles if r == "target"} | reporters
            )
        date_mention, source = _dated(view, context, anchor)
        goods = "; ".join(dict.fromkeys(" ".join(s.text.split()) for s in spans))
        found.append(
            _candidate(
                view,
                category,
                parties,
                item_status,
                0.85 if has_cue else 0.35,
                date_mention,
                source,
                goods,
                goods_class,
                ref,
            )
        )
    return found


def _relation_category(parties: Parties, default: str, ref: Reference) -> str:
    pair = {parties.supplier, parties.recipient}
    if pair & ref.core_actors and pair & ref.third_parties:
        return "third_party_link"
    return default


def _uses_dyad(view: SentenceView, dyad: tuple[str, ...]) -> bool:
    return bool(view.cues["dyad_phrases"]) and len(dyad) == 2


def _relations(
    view: SentenceView,
    roles: list[tuple[Span, str]],
    context: list[SentenceView],
    dyad: tuple[str, ...],
    status: str,
    ref: Reference,
    taken: set[str],
) -> list[Candidate]:
    """Visits, agreements, sanctions actions, third-party links and (failing all else) statements."""
    found: list[Candidate] = []
    text_anchor = 0
    if view.cues["visit_cues"] and (view.actors or _uses_dyad(view, dyad)):
        parties = _visit_parties(view, roles, ref)
        if _uses_dyad(view, dyad) and not (parties.supplier and parties.recipient):
            parties = Parties(dyad[0], dyad[1], "between")
        anchor = view.cues["visit_cues"][0].start
        date_mention, source = _dated(view, context, anchor)
        found.append(
            _candidate(
                view,
                _relation_category(parties, "summit_or_visit", ref),
                parties,
                status,
                0.8,
                date_mention,
                source,
            )
        )
    years = [d for d in view.dates if d.role == "event" and d.precision == "year"]
    agreement_act = bool(view.cues["agreement_acts"]) or bool(years)
    if view.cues["agreement_cues"] and agreement_act and (view.actors or _uses_dyad(view, dyad)):
        parties = _pair_parties(roles)
        if _uses_dyad(view, dyad) and not (parties.supplier and parties.recipient):
            parties = Parties(dyad[0], dyad[1], "between")
        elif not (parties.supplier and parties.recipient):
            _fill_from_context(parties, dyad, context, ref, set())
        anchor = view.cues["agreement_cues"][0].start
        if len(years) > 1:
            for year in years:
                found.append(_candidate(view, "agreement", parties, status, 0.75, year, "sentence"))
        else:
            date_mention, source = _dated(view, context, anchor)
            found.append(
                _candidate(
                    view,
                    _relation_category(parties, "agreement", ref),
                    parties,
                    status,
                    0.8,
                    date_mention,
                    source,
                )
            )
    if view.cues["sanctions_action_cues"] and view.actors:
        parties = _pair_parties(roles)
        date_mention, source = _dated(view, context, view.cues["sanctions_action_cues"][0].start)
        found.append(_candidate(view, "sanctions_action", parties, status, 0.6, date_mention, source))
    states = view.states(ref)
    involved = taken | {p for c in found for p in (c.from_actor_id, c.to_actor_id) if p}
    third = [a for a in states if a in ref.third_parties and a not in involved]
    core = [a for a in states if a in ref.core_actors] or [a for a in dyad if a in ref.core_actors]
    if third and core and (view.cues["third_party_cues"] or len(states) >= 2):
        parties = Parties(third[0], core[0], "between")
        date_mention, source = _dated(view, context, 0)
        found.append(_candidate(view, "third_party_link", parties, status, 0.65, date_mention, source))
    if not found and not taken and view.cues["statement_cues"] and view.actors:
        speaker = next(
            (s.value for s, r in roles if r in {"source", "bare", "possessor", "from"}), view.actors[0].value
        )
        addressee = next(
            (s.value for s, r in roles if s.value != speaker and r not in ("target", "source")), None
        )
        parties = Parties(speaker, addressee, "from_to")
        if addressee is None:
            _fill_from_context(parties, dyad, context, ref, {s.value for s, r in roles if r == "target"})
        date_mention, source = _dated(view, context, text_anchor)
        found.append(
            _candidate(
                view,
                _relation_category(parties, "statement", ref),
                parties,
                status,
                0.6,
                date_mention,
                source,
            )
        )
    return found


def extract_items(text: str, published_on: date | None, ref: Reference) -> list[Candidate]:
    """Every candidate item in a document's text, in reading order."""
    views = [read_sentence(s, ref, published_on) for s in split_sentences(text)]
    all_roles = [_party_roles(view, ref) for view in views]
    dyad = document_dyad(all_roles, ref)
    candidates: list[Candidate] = []
    for index, (view, roles) in enumerate(zip(views, all_roles, strict=True)):
        if not view.actors and not view.goods and not _uses_dyad(view, dyad):
            continue
        context = views[max(0, index - 2) : index]
        status = _status(view, ref)
        transfers = _transfers(view, roles, context, dyad, status, ref)
        taken = {p for c in transfers for p in (c.from_actor_id, c.to_actor_id) if p}
        candidates += transfers
        candidates += _relations(view, roles, context, dyad, status, ref, taken)
    return candidates
