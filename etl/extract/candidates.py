"""Text → candidate items: sentences read for transfers, visits, agreements, actions, links and statements.

A rule-based reader driven entirely by the reference lexicons (datasets/reference): it knows no
document in particular. It reads direction from voice and prepositions (etl/roles.py), status from
hedges within the clause, and keeps candidates it is unsure of with a low confidence rather than
dropping them. The sentence being read and the candidate it yields are in reading.py.
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache

from etl.contract import Category, Status
from etl.extract.actions import on_record_status, resolution_date, sanctions_actions
from etl.extract.dates import DateMention
from etl.extract.fields import agreement_fields
from etl.extract.mentions import SentenceView, Span, read_sentence
from etl.extract.positions import fallback_statement, positions
from etl.extract.reading import Candidate, Reading, make_candidate, relation_category
from etl.extract.reference import Reference, alternation
from etl.extract.roles import (
    NON_PARTIES,
    Parties,
    document_dyad,
    fill_from_context,
    pair_parties,
    party_roles,
    transfer_parties,
)
from etl.extract.sentences import split_sentences
from etl.extract.speakers import document_voice
from etl.extract.typography import Folded
from etl.extract.visits import visits

__all__ = ["Candidate", "extract_items", "publisher_actor"]


# A line of a list: "- Authorizing member states to inspect …", "• …", "2) …".
_LIST_ITEM = re.compile(r"(?:[-*•–]|\d+[.)])\s")


@cache
def _number_pattern(hedges: tuple[str, ...]) -> re.Pattern[str]:
    """A count, hedged or not, with up to three words after it: "about 5,000 containers of"."""
    return re.compile(
        rf"(?<![\w.-])(?:(?i:{alternation(hedges)})\s+)?(\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?)"
        r"(\s+(?:million|billion|thousand))?(?:\s+\d+\s?mm)?((?:\s+[A-Za-z][\w-]*){1,3})"
    )


_SCALE = {" million": 1e6, " billion": 1e9, " thousand": 1e3}


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


# What may stand between a generic goods word and the specific one it names ("KN-23 missiles",
# "containers of munitions", "Hwasong-11-type missiles").
_GENERIC_GAP = re.compile(r"[\s-]*(?:(?:of|type|class|family|series)[\s-]+)?")


def _goods_by_class(reading: Reading) -> dict[str, list[Span]]:
    goods, generic_for = reading.view.goods, reading.ref.goods_generic
    text = reading.text

    def names_specific(span: Span) -> bool:  # "KN-23 missiles" is one ballistic missile mention
        specifics = generic_for.get(span.value, frozenset())
        gap = _GENERIC_GAP.fullmatch
        return any(
            g.value in specifics and (gap(text, g.end, span.start) or gap(text, span.end, g.start))
            for g in goods
        )

    modifiers = _modifiers(reading)
    by_class: dict[str, list[Span]] = {}
    for span in goods:
        if not names_specific(span) and span not in modifiers:
            by_class.setdefault(span.value, []).append(span)
    return by_class


# What joins goods to the technology word after them ("ballistic missile-related technology", "UAV and
# cruise-missile technology", "missile production technology"), and a technology to the goods it is for.
_MODIFIER_GAP = re.compile(r"[\s-]*(?:related[\s-]*)?(?:(?:production|manufacturing|development)\s+)?")
_MODIFIER_LIST = re.compile(r"\s*(?:,|,?\s+(?:and|or))\s+")
_TECHNOLOGY_FOR = re.compile(r"\s+for\s+(?:the\s+)?(?:[\w-]+\s+)?")


def _modifiers(reading: Reading) -> list[Span]:
    """Goods that only say what a technology is of, not goods of their own: "nuclear or ballistic
    missile-related technology", "technology for missile and submarine production"."""
    goods, text = sorted(reading.view.goods, key=lambda g: g.start), reading.text
    absorbing = reading.ref.goods_absorbing
    found: list[Span] = []
    for index in range(len(goods) - 2, -1, -1):  # right to left: a list of modifiers ends at the technology
        span, after = goods[index], goods[index + 1]
        head = after.value in absorbing or (after in found and after.value not in absorbing)
        gap = _MODIFIER_GAP if after.value in absorbing else _MODIFIER_LIST
        if span.value not in absorbing and head and gap.fullmatch(text, span.end, after.start):
            found.append(span)
    for tech, span in zip(goods, goods[1:], strict=False):
        if tech.value in absorbing and span.value not in absorbing and _TECHNOLOGY_FOR.fullmatch(
            text, tech.end, span.start
        ):
            found.append(span)
    return found


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
            if goods_class in ref.goods_implying_transfer:
                parties.recipient = parties.recipient or _host(reading, parties.supplier)
            _complete_transfer(parties, reading)
        if _paid_in(reading, anchor):
            parties.supplier, parties.recipient = parties.recipient, parties.supplier
        category: Category = ref.goods_category[goods_class]
        status: Status
        status = reading.status(verb.start if verb else anchor, parties)
        if (verb is not None and reading.negated(verb.start)) or status == "denied":
            category, status = "statement", "denied"
        elif _hypothetical(reading, verb.start if verb else anchor):
            category, status = "statement", "speculative"
        goods = "; ".join(dict.fromkeys(" ".join(s.text.split()) for s in goods_spans))
        found.append(
            make_candidate(
                reading,
                category,
                parties,
                status,
                0.85
                if verb or _deployed(reading, goods_class, parties) or _made_by(reading, parties)
                else 0.35,
                reading.dated(anchor, parties, of_report=False),
                goods,
                goods_class,
                _quantity(reading.text, anchor, ref),
                _transfer_signs(reading, parties, verb),
            )
        )
    return found


def _hypothetical(reading: Reading, position: int) -> bool:
    """Is the transfer at position told as a condition ("if Russia supplied …")? A conditional in another
    clause ("…, which would jeopardise …") is not its own, and "would" after a verb of saying is the
    future of what was said ("Putin said that Russia would …"), hedged by the status alone."""
    start, end = reading.view.clause(position)
    cues = reading.view.cues
    said = [v.end for v in cues["speech_verbs"] + cues["reporting_verbs"]]
    reported = reading.ref.cue_patterns["reported_future"].fullmatch
    return any(
        start <= cue.start < end and not (reported(cue.text) and any(e <= cue.start for e in said))
        for cue in cues["hypothetical_cues"]
    )


_HOST_BEFORE = re.compile(r"\b(?:in|inside|into|alongside|with)\s+(?:the\s+)?$", re.IGNORECASE)


def _host(reading: Reading, supplier: str | None) -> str | None:
    """Where troops are, or whose forces they fight beside ("captured in the Kursk region", "alongside the
    Russian forces"): the host of a deployment."""
    text = reading.text
    for span, role in reading.roles:
        if role not in NON_PARTIES and span.value != supplier and _HOST_BEFORE.search(text, 0, span.start):
            return span.value
    return None


def _deployed(reading: Reading, goods_class: str, parties: Parties) -> bool:
    """Troops of one state named with their host in the sentence: a deployment without a transfer verb."""
    named = {s.value for s, r in reading.roles if r not in NON_PARTIES}
    return (
        goods_class in reading.ref.goods_implying_transfer
        and parties.supplier in named
        and parties.recipient in named
        and parties.supplier != parties.recipient
    )


def _transfer_signs(reading: Reading, parties: Parties, verb: Span | None) -> tuple[str, ...]:
    """ "Russian forces fired missiles at Kyiv" with the DPRK taken from the sentences before: used, and
    perhaps the user's own."""
    uses = reading.ref.cue_patterns["use_verbs"]
    named = {s.value for s, r in reading.roles if r not in NON_PARTIES}
    used = verb is not None and uses.fullmatch(" ".join(verb.text.split())) is not None
    return ("use_without_supplier",) if used and parties.supplier not in named else ()


def _made_by(reading: Reading, parties: Parties) -> bool:
    """ "the missiles that hit Kharkiv were attributed to the DPRK": a weapon of a named maker used against
    a target, a transfer from the maker to the attacker without a transfer verb."""
    makers = {s.value for s, r in reading.roles if r == "origin"}
    attackers = {reading.ref.target_attackers.get(s.value) for s, r in reading.roles if r == "target"}
    return parties.supplier in makers and parties.recipient in attackers


def _paid_in(reading: Reading, anchor: int) -> bool:
    """Are the goods at anchor the payment for the transfer ("in return for its munitions")?"""
    start, _ = reading.view.clause(anchor)
    return any(
        start <= m.start and m.end <= anchor and anchor - m.end <= 40
        for m in reading.view.cues["exchange_markers"]
    )


def _complete_transfer(parties: Parties, reading: Reading) -> None:
    """The missing party of a transfer: whoever strikes the target the weapons were used against, else
    the other monitored state when the document names it, else the document's other main state."""
    ref, roles = reading.ref, reading.roles
    attackers = [ref.target_attackers.get(s.value) for s, r in roles if r == "target"]
    attacker = next((a for a in attackers if a and a != parties.supplier), None)
    if parties.recipient is None and attacker is not None:
        parties.recipient = attacker  # "missiles striking Kyiv ... manufactured in the DPRK"
        if parties.supplier:
            return
    known = parties.supplier or parties.recipient
    others = sorted(ref.core_actors - {known or ""})
    if known in ref.core_actors and len(others) == 1 and others[0] in reading.mentioned:
        if parties.supplier is None:
            parties.supplier = others[0]
        else:
            parties.recipient = others[0]
        parties.filled_from_context += 1
        return
    fill_from_context(parties, reading.dyad, reading.context, ref, reading.excluded() | ref.attack_targets)


def _uses_dyad(view: SentenceView, dyad: tuple[str, ...]) -> bool:
    return bool(view.cues["dyad_phrases"]) and len(dyad) == 2


def _agreements(reading: Reading) -> list[Candidate]:
    """Agreements signed, in force or replaced; one per year when a sentence names several past ones."""
    view = reading.view
    years = [d for d in view.dates if d.role == "event" and d.precision == "year"]
    acted = bool(view.cues["agreement_acts"]) or bool(years)
    # "It was signed on 18 June 2024": an act whose agreement the sentence before names.
    before = reading.context[-1] if reading.context else None
    named_before = (
        before is not None
        and before.sentence.paragraph == view.sentence.paragraph
        and bool(before.cues["agreement_cues"])
        and bool(view.cues["agreement_acts"])
    )
    if not ((view.cues["agreement_cues"] or named_before) and acted):
        return []
    if not (view.actors or _uses_dyad(view, reading.dyad)):
        return []
    parties = pair_parties(reading.roles)
    if _uses_dyad(view, reading.dyad) and not (parties.supplier and parties.recipient):
        parties = Parties(reading.dyad[0], reading.dyad[1], "between")
    elif not (parties.supplier and parties.recipient):
        fill_from_context(parties, reading.dyad, reading.context, reading.ref, set())
    anchor = (view.cues["agreement_cues"] or view.cues["agreement_acts"])[0].start
    # A signing is on the record: only a hedge before the act moves its status.
    status = on_record_status(reading, (view.cues["agreement_acts"] or view.cues["agreement_cues"])[0])[0]
    if len(years) > 1:
        return [
            make_candidate(reading, "agreement", parties, status, 0.75, (year, "sentence")) for year in years
        ]
    category = relation_category(parties, "agreement", reading.ref)
    return [make_candidate(reading, category, parties, status, 0.8, reading.dated(anchor, parties))]


def _third_party_link(reading: Reading, involved: set[str]) -> list[Candidate]:
    view, ref = reading.view, reading.ref
    states = [a for a in view.states(ref) if a not in reading.excluded()]
    third = [a for a in states if a in ref.third_parties and a not in involved]
    core = [a for a in states if a in ref.core_actors] or [a for a in reading.dyad if a in ref.core_actors]
    if not (third and core and (view.cues["third_party_cues"] or len(states) >= 2)):
        return []
    parties = Parties(third[0], core[0], "from_to")  # the third state → the partner it is tied to
    return [
        make_candidate(
            reading,
            "third_party_link",
            parties,
            reading.status(None, parties),
            0.65,
            reading.dated(0, parties),
            signs=() if view.cues["third_party_cues"] else ("weak_category_cue",),
        )
    ]


def _story(view: SentenceView, ref: Reference) -> bool:
    """A sentence of the story: not a headline or field (sentences.py), nor a byline or caption opener."""
    text = view.sentence.text
    dateline = _DATELINE.match(text)
    openers = ref.cue_patterns["byline_openers"]
    opener = openers.match(text) or (openers.match(text, dateline.end()) if dateline else None)
    return view.sentence.story and opener is None


# "28 June 2024, New York -- ": a dateline before the byline of a delivered statement.
_DATELINE = re.compile(r"[^.!?]{0,80}?\s(?:--|[–—])\s+")


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
    voice = document_voice(views, ref, publisher)
    mentioned = frozenset(s.value for roles in all_roles for s, r in roles if r != "source")
    candidates: list[Candidate] = []
    last_transfer: Candidate | None = None
    lead: SentenceView | None = None
    adopted: DateMention | None = None
    for index, (view, roles) in enumerate(zip(views, all_roles, strict=True)):
        if index and view.sentence.paragraph != views[index - 1].sentence.paragraph:
            last_transfer = None
        item_lead = lead if _LIST_ITEM.match(view.sentence.text) else None
        lead = view if view.sentence.text.endswith(":") else item_lead
        if not _story(view, ref):
            continue  # a headline, caption, byline or infobox field is no event of the story
        listed_action = item_lead is not None and bool(view.cues["sanctions_action_cues"])
        if not view.actors and not view.goods and not _uses_dyad(view, dyad) and not listed_action:
            adopted = resolution_date(view, ref) or adopted
            continue
        context = views[max(0, index - 2) : index]
        reading = Reading(
            view, roles, context, dyad, ref, voice, mentioned, lead=item_lead, resolution_date=adopted
        )
        adopted = resolution_date(view, ref) or adopted
        transfers = _transfers(reading, last_transfer)
        relations = visits(reading) + _agreements(reading) + sanctions_actions(reading)
        involved = {p for c in transfers + relations for p in (c.from_actor_id, c.to_actor_id) if p}
        relations += _third_party_link(reading, involved)
        relations += positions(reading) if not any(c.category == "statement" for c in transfers) else []
        if not transfers and not relations:
            relations = fallback_statement(reading)
        candidates += transfers + relations
        confident = [c for c in transfers if c.from_actor_id and c.to_actor_id and c.category != "statement"]
        last_transfer = confident[-1] if confident else last_transfer
    fields = agreement_fields(views, all_roles, dyad, ref, candidates)
    return sorted(candidates + fields, key=lambda c: c.char_start) if fields else candidates
