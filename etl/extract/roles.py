"""Who is who in a sentence: each actor mention's role, and the parties of a transfer, visit or relation."""

from __future__ import annotations

import re
from dataclasses import dataclass

from etl.contract import Direction
from etl.extract.agents import (
    BY_AGENT,
    agents_of_nouns,
    judge_or_place,
    listed,
    owners_of_nouns,
    paired_roles,
    partner_of_noun,
    reports_after,
)
from etl.extract.agents import NON_PARTIES as NON_PARTIES
from etl.extract.clauses import (
    MODIFIER_BEFORE_GOODS,
    fronted_subject,
    given_to,
    modifies,
    own_goods_roles,
    subject_before,
)
from etl.extract.makers import compound_role, parts_before
from etl.extract.mentions import THE_GAP, SentenceView, Span
from etl.extract.reference import Reference, ends_with_word
from etl.extract.speakers import dealt_with, group_of, speaks_for

Roles = list[tuple[Span, str]]

_WORD = re.compile(r"[\w’'-]+")
_POSSESSIVE = re.compile(r"^[’']s\b")
_POSSESSIVE_END = re.compile(r"[’']s$")


def passive_before(ref: Reference, text: str) -> bool:
    """Does text end with a passive auxiliary ("shells were", "have been")?"""
    return bool(ends_with_word(ref.cue_words["passive_auxiliaries"], True).search(text))


def determiner_before(ref: Reference, text: str) -> bool:
    return bool(ends_with_word(ref.cue_words["determiners"]).search(text))


# A transcript's speaker label at the start of a line: "KIRBY: So, yesterday …".
_SPEAKER_LABEL = re.compile(r"\s*:")


def _ends_with(pattern: re.Pattern[str], text: str) -> bool:
    """Does text end with one of the pattern's words (ignoring trailing spaces)?"""
    return any(m.end() == len(text) for m in pattern.finditer(text.rstrip()))


def _role(text: str, span: Span, ref: Reference, actors: list[Span], goods: list[Span]) -> str:
    """How the words before and after an actor mention relate it to the sentence."""
    after = text[span.end : span.end + 16]
    made = compound_role(text, span, ref) or judge_or_place(text, span, ref, actors)
    if made is not None:
        return made
    if dealt_with(text[max(0, span.start - 40) : span.start], ref):
        return "bare"  # "the Special Envoy for North Korea said": not the one who speaks
    if reports_after(text, span, ref) or _SPEAKER_LABEL.match(text, span.end) and span.start == 0:
        return "source"
    modifier = MODIFIER_BEFORE_GOODS.match(text, span.end)
    if modifier is not None and any(g.start == modifier.end() for g in goods):
        if given_to(text, span, ref):
            return "to"  # "the DPRK providing Russia weapons": whom the goods are given
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
        if word.lower() in ref.title_words or word.lower() in other_actor_words or word[:1].isupper():
            before = before[: last.start()]
            continue
        break
    if speaks_for(before, ref):
        return "source"  # "the representative of Japan said", "the speaker for the Russian Federation"
    marked = _marker_role(before.rstrip(), ref)
    if marked == "origin" and parts_before(ref, before.rstrip()):
        return "component"  # "electronics manufactured in the United States"
    possessive = _POSSESSIVE.match(after) or _POSSESSIVE_END.search(span.text)  # alias "Russia's"
    if possessive and (marked is None or _governs_noun(text, span, marked, before, ref)):
        return "possessor"
    return marked or "bare"


# Origin before "to": "attributed to the DPRK" names where a weapon was made, not who received it.
_MARKER_GROUPS = (
    ("visitor", "visitor_markers"),
    ("origin", "origin_markers"),
    ("source", "source_markers"),
    ("target", "target_markers"),
    ("from", "seller_markers"),  # before "to": "sales for the DPRK" names the seller
    ("to", "to_markers"),
    ("from", "from_markers"),
)
_WORD_AFTER_POSSESSIVE = re.compile(r"[’']s\s+([\w-]+)")


def _marker_role(before: str, ref: Reference) -> str | None:
    """The role the preposition or marker just before an actor gives it, if any."""
    if group_of(ref).search(before):
        return None  # "a bipartisan group of U.S. senators said": its members, not what it comes from
    for role, group in _MARKER_GROUPS:
        if before and _ends_with(ref.cue_patterns[group], before):
            return role
    between = ref.cue_patterns["dyad_between"]
    if _ends_with(between, before) or (
        re.search(r"\band\s*$", before, re.IGNORECASE) and between.search(before)
    ):
        return "between"
    return None


def _governs_noun(text: str, span: Span, role: str, before: str, ref: Reference) -> bool:
    """In "in response to Russia's attempt" or "on Russia's use of" the preposition governs the noun the
    actor owns, not the actor; "to Russia's military" and "for Russia's war" still name the recipient."""
    if role not in ("to", "target") or span.value in ref.attack_targets:
        return False
    if re.search(r"\bfor(?:\s+use\s+(?:in|by))?\s*$", before, re.IGNORECASE):
        return False
    noun = _WORD_AFTER_POSSESSIVE.match(text, span.end - 2 if _POSSESSIVE_END.search(span.text) else span.end)
    return noun is None or noun.group(1).lower() not in ref.title_words


_PLACE_OF = re.compile(r",?\s+(?:of|in)\s+(?:the\s+)?")


def party_roles(view: SentenceView, ref: Reference) -> Roles:
    """Each actor mention with its role; "source" marks who reports a fact, never a party to it."""
    text = view.sentence.text
    roles = [(a, _role(text, a, ref, view.actors, view.goods)) for a in view.actors]
    # A state the weapons strike is their target, also where they are fired "into" it; what is sent "to"
    # it is aid to the state attacked (aid.py).
    roles = [(a, "target" if a.value in ref.attack_targets and r != "source" else r) for a, r in roles]
    for index in range(1, len(roles)):
        (previous, previous_role), (span, role) = roles[index - 1], roles[index]
        if previous_role in ("source", "target") and role == "bare" and listed(text, previous, span):
            roles[index] = (span, previous_role)  # "according to Seoul and Washington"
    for index in range(1, len(roles)):
        (previous, previous_role), (span, _) = roles[index - 1], roles[index]
        if span.value == previous.value and _PLACE_OF.fullmatch(text, previous.end, span.start):
            roles[index] = (span, previous_role)  # "to the Kursk region of Russia": one place, one role
    for index in range(len(roles) - 2, -1, -1):
        (span, role), (following, following_role) = roles[index], roles[index + 1]
        if following_role == "source" and role in ("bare", "possessor") and listed(text, span, following):
            roles[index] = (span, "source")  # "The United States, ROK, and Japan condemn"
    return paired_roles(text, roles, view)


@dataclass
class Parties:
    supplier: str | None = None
    recipient: str | None = None
    direction: Direction = "from_to"
    filled_from_context: int = 0


def nearest_before(roles: Roles, position: int, wanted: set[str], exclude: set[str]) -> str | None:
    best = None
    for span, role in roles:
        if span.end <= position and role in wanted and span.value not in exclude:
            best = span.value
    return best


def first_after(roles: Roles, position: int, wanted: set[str], exclude: set[str]) -> str | None:
    for span, role in roles:
        if span.start >= position and role in wanted and span.value not in exclude:
            return span.value
    return None


_GOODS_THEN_WORD = re.compile(r"[ \t-]*")
_OF_BEFORE = re.compile(r"\bof(?:\s+(?:the|[A-Z][\w.-]*))*\s*$")
_FROM_BEFORE = re.compile(r"\b[Ff]rom(?:\s+(?:the|[A-Z][\w.-]*))*\s*$")  # names, not any words


def _verbs(view: SentenceView, ref: Reference, name: str) -> list[Span]:
    # "the transfer of missiles" and "arms transfers" use the word as a noun: no subject to read a
    # direction from.
    text = view.sentence.text
    goods_ends = [g.end for g in view.goods]
    nouns = ref.cue_patterns["transfer_nouns"]

    def compound(cue: Span) -> bool:  # "arms transfers", "missile deliveries"; not "missiles supplied"
        return bool(nouns.fullmatch(cue.text)) and any(
            _GOODS_THEN_WORD.fullmatch(text, end, cue.start) for end in goods_ends if end <= cue.start
        )

    return [c for c in view.cues[name] if not determiner_before(ref, text[: c.start]) and not compound(c)]


def transfer_parties(view: SentenceView, roles: Roles, ref: Reference, anchor: int) -> Parties:
    """Supplier and recipient of a transfer, read from voice, prepositions and compounds."""
    parties = Parties(supplier=next((s.value for s, r in roles if r == "supplier"), None))
    supplier_verbs, recipient_verbs = (
        _verbs(view, ref, "supplier_verbs"),
        _verbs(view, ref, "recipient_verbs"),
    )
    verbs = sorted(supplier_verbs + recipient_verbs, key=lambda c: abs(c.start - anchor))
    verb = verbs[0] if verbs else None
    demand = _nearest_demand_noun(view, ref, anchor)
    if verb is not None and demand is not None and abs(demand.start - anchor) < abs(verb.start - anchor):
        verb = None  # "Russia's use of DPRK missiles ... provides insights": the noun governs the goods
    targets = _bystanders(roles, ref)
    if (partner := partner_of_noun(view, roles, anchor, targets)) is not None:
        _traded_with(parties, view, roles, anchor, targets, partner)
    elif verb is not None and verb in supplier_verbs:
        _supplier_verb_parties(parties, view, roles, ref, verb, targets)
    elif verb is not None:
        _recipient_verb_parties(parties, view, roles, ref, verb, targets)
    else:
        _noun_parties(parties, view, roles, ref, anchor, targets)
        _between_parties(parties, roles)
    if parties.supplier is None:
        # "North Korean missiles and Iranian drones": the maker of these goods before any other's.
        origins = [s for s, r in roles if r == "origin" and s.value != parties.recipient]
        own = [s for s in origins if modifies(view.sentence.text, s, anchor)]
        parties.supplier = next((s.value for s in own + origins), None)
    if parties.recipient is None:
        # "missiles supplied by Pyongyang have been launched ... by Russian forces": a second verb,
        # passive and of the recipient kind, names who received them.
        for other in recipient_verbs:
            if other is not verb and passive_before(ref, view.sentence.text[: other.start]):
                parties.recipient = first_after(
                    roles, other.end, {"from"}, targets | {parties.supplier or ""}
                )
                if parties.recipient:
                    break
    if verb is None:
        _owner_parties(parties, view, roles, anchor, targets)
    return parties


def _traded_with(
    parties: Parties, view: SentenceView, roles: Roles, anchor: int, targets: set[str], partner: str
) -> None:
    """ "the DPRK's arms shipments with Russia": undirected, between the owner of the trade (or the state
    its goods come from) and its partner; the document supplies the owner when the sentence does not."""
    supplier, recipient = owners_of_nouns(view, roles, anchor, targets)
    owners = [s.value for s, r in roles if r in ("possessor", "origin") and s.value != partner]
    # "Russia expanded its arms trade with …": the subject owns the trade a pronoun points back to.
    subject = nearest_before(roles, anchor, {"bare"}, targets | {partner})
    parties.supplier = supplier or recipient or (owners[0] if owners else subject)
    parties.recipient, parties.direction = partner, "between"


def _owner_parties(
    parties: Parties, view: SentenceView, roles: Roles, anchor: int, targets: set[str]
) -> None:
    """A side still missing, from the owner of the transfer noun ("North Korea's deployment of troops")."""
    supplier, recipient = owners_of_nouns(view, roles, anchor, targets)
    if parties.supplier is None and supplier not in (None, parties.recipient):
        parties.supplier = supplier
    if parties.recipient is None and recipient not in (None, parties.supplier):
        parties.recipient = recipient


def _bystanders(roles: Roles, ref: Reference) -> set[str]:
    """Actors that are no party here: states named only as targets or reporters ("resolutions on the
    DPRK" does not stop "procurement of arms from the DPRK"), and where the weapons strike."""
    parties = {span.value for span, role in roles if role not in NON_PARTIES}
    bystanders = {span.value for span, role in roles if role in NON_PARTIES}
    # Where the weapons strike stays a target wherever it is one ("moved closer to Ukraine … against
    # Ukrainian forces"); only "supplying weapons to Ukraine" alone makes it a recipient.
    return (bystanders - parties) | (bystanders & ref.attack_targets)


def _nearest_demand_noun(view: SentenceView, ref: Reference, anchor: int) -> Span | None:
    demand = ref.cue_patterns["demand_nouns"]
    nouns = [c for c in view.cues["transfer_nouns"] if demand.fullmatch(c.text)]
    return min(nouns, key=lambda c: abs(c.start - anchor)) if nouns else None


def _between_parties(parties: Parties, roles: Roles) -> None:
    """ "the arms trade between Moscow and Pyongyang", "the Russia-DPRK arms trade": undirected;
    "transfers from Pyongyang" in a sentence about cooperation between the two: the other received them."""
    paired = list(dict.fromkeys(span.value for span, role in roles if role == "paired"))
    if len(paired) == 2:
        parties.supplier, parties.recipient, parties.direction = paired[0], paired[1], "between"
        return
    between = list(dict.fromkeys(span.value for span, role in roles if role == "between"))
    if len(between) < 2:
        return
    known = [p for p in (parties.supplier, parties.recipient) if p]
    if not known:
        parties.supplier, parties.recipient, parties.direction = between[0], between[1], "between"
    elif len(known) == 1 and known[0] in between[:2]:
        other = between[1] if known[0] == between[0] else between[0]
        if parties.supplier is None:
            parties.supplier = other
        else:
            parties.recipient = other


def _supplier_verb_parties(
    parties: Parties, view: SentenceView, roles: Roles, ref: Reference, verb: Span, targets: set[str]
) -> None:
    """ "Pyongyang shipped shells to Moscow"; "shells were shipped to Moscow by Pyongyang"."""
    text = view.sentence.text
    # "were shipped" and "support provided by Iran" are passive; "is providing" is not.
    passive = passive_before(ref, text[: verb.start]) or bool(BY_AGENT.match(text, verb.end))
    passive = passive and not verb.text.lower().endswith("ing")
    # A recipient before the verb stands in its clause ("to Russia, Iran has sent …"), not in another one
    # ("the DPRK providing Russia weapons … and whether Russia will provide Kim with technologies").
    start, _ = view.clause(verb.start)
    before = [(s, r) for s, r in roles if s.start >= start]
    to = first_after(roles, verb.end, {"to"}, targets) or nearest_before(before, verb.start, {"to"}, targets)
    parties.recipient = parties.recipient or to
    if passive:
        agent = BY_AGENT.match(text, verb.end)
        deployer = agent and next((s.value for s, _ in roles if s.start == agent.end()), None)
        origins = {s.value for s, r in roles if r == "origin"} - {deployer}
        if deployer and origins and ref.cue_patterns["fielding_verbs"].fullmatch(verb.text):
            # "North Korean troops deployed by Russia": the deployer received what their state sent.
            parties.recipient = parties.recipient or deployer
            targets = targets | {deployer}
        parties.supplier = parties.supplier or first_after(roles, 0, {"from", "origin"}, targets | {to or ""})
        return
    parties.supplier = (
        parties.supplier
        or fronted_subject(view, ref, roles, verb, targets | {to or ""})
        or subject_before(view, roles, verb, targets | {to or ""})
        or first_after(roles, verb.end, {"from"}, targets | {to or ""})
    )
    if parties.recipient is None:
        parties.recipient = first_after(
            roles, verb.end, {"bare", "possessor"}, targets | {parties.supplier or ""}
        )


def _recipient_verb_parties(
    parties: Parties, view: SentenceView, roles: Roles, ref: Reference, verb: Span, targets: set[str]
) -> None:
    """ "Moscow received missiles from Pyongyang"; "obtain weapons for Russia" names whom they are for;
    "Russia has turned to the DPRK for munitions": the verb's own "to" names the supplier."""
    origin = next((span.value for span, role in roles if role == "origin"), None)
    if verb.text.lower().endswith((" to", " on")):  # "turned to", "relies on": the verb's own object supplies
        turned_to = next(
            (s for s, _ in roles if THE_GAP.fullmatch(view.sentence.text, verb.end, s.start)), None
        )
        if turned_to is not None and turned_to.value not in targets:
            parties.supplier = parties.supplier or turned_to.value
    beneficiary = first_after(roles, verb.end, {"to"}, targets | {parties.supplier or ""})
    # "North Korean missiles have been used on the battlefield": the goods are the subject, so no state
    # before the verb received them.
    passive = passive_before(ref, view.sentence.text[: verb.start]) and not verb.text.lower().endswith("ing")
    subject = fronted_subject(view, ref, roles, verb, targets) or nearest_before(
        roles, verb.start, {"bare", "possessor"}, targets
    )
    text = view.sentence.text
    # "shells procured by Russia": the agent of a passive verb of receiving is who received them.
    agent = BY_AGENT.match(text, verb.end) if passive else None
    received_by = next((s.value for s, _ in roles if agent and s.start == agent.end()), None)
    received_by = None if received_by in targets else received_by
    parties.recipient = beneficiary or received_by or (None if passive else subject)
    if beneficiary is not None and subject != beneficiary:
        parties.supplier = parties.supplier or subject
    # "from", or "by" after a supplier's verb ("weapons provided by the DPRK"), names the supplier of what
    # was received; another "by" ("hosted by President Yoon") or "of" ("Secretary of State") does not.
    by_supplier = {m.end() for c in view.cues["supplier_verbs"] if (m := BY_AGENT.match(text, c.end))}
    sources = [
        (s, r)
        for s, r in roles
        if r == "from" and (_FROM_BEFORE.search(text, 0, s.start) or s.start in by_supplier)
    ]
    parties.supplier = parties.supplier or first_after(
        sources, verb.end, {"from"}, targets | {parties.recipient or ""}
    )
    if parties.supplier is None and origin != parties.recipient:
        parties.supplier = origin


def _noun_parties(
    parties: Parties, view: SentenceView, roles: Roles, ref: Reference, anchor: int, targets: set[str]
) -> None:
    """No transfer verb: "his need for munitions", "shipments to Russia from the DPRK"."""
    by_supplier, by_recipient = agents_of_nouns(view, roles, targets)
    parties.supplier, parties.recipient = parties.supplier or by_supplier, parties.recipient or by_recipient
    if parties.supplier and parties.recipient:
        return
    nouns = sorted(view.cues["transfer_nouns"], key=lambda c: abs(c.start - anchor))
    supplier = {parties.supplier or ""}
    if nouns and ref.cue_patterns["demand_nouns"].fullmatch(nouns[0].text):
        # Whoever needs the goods is the recipient.
        wanted = {"possessor", "bare", "from"}
        parties.recipient = nearest_before(roles, nouns[0].start, wanted, targets | supplier)
        return
    # The markers after the transfer noun first: "the Joint Statement by Japan ..., arms transfers from
    # North Korea to Russia".
    start = nouns[0].start if nouns else 0
    parties.recipient = parties.recipient or (
        first_after(roles, start, {"to"}, targets | supplier)
        or first_after(roles, 0, {"to"}, targets | supplier)
    )
    # "in violation of Council resolutions", "the Kursk region of Russia": "of" names no supplier here.
    text = view.sentence.text
    sources = [(s, r) for s, r in roles if not (r == "from" and _OF_BEFORE.search(text, 0, s.start))]
    wanted, excluded = {"from", "supplier", "origin"}, targets | {parties.recipient or ""}
    own = own_goods_roles(text, sources, anchor)  # after the noun, no owner of other goods supplies
    parties.supplier = (
        parties.supplier
        or first_after(own, start, wanted, excluded)
        or first_after(sources, 0, wanted, excluded)
    )


def pair_parties(roles: Roles) -> Parties:
    """The first two distinct parties of a relation (agreements, links, statements)."""
    ordered = [s.value for s, r in roles if r not in ("target", "source")]
    pair = list(dict.fromkeys(ordered))
    parties = Parties(direction="between")
    if pair:
        parties.supplier = pair[0]
    if len(pair) > 1:
        parties.recipient = pair[1]
    return parties
