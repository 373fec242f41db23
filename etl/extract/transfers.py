"""Transfer candidates: goods, troops and know-how moving between states, one candidate per goods class
in a sentence, with the parties read from voice, prepositions, payment and the document around it."""

from __future__ import annotations

import re
from dataclasses import replace

from etl.contract import Category, Status
from etl.extract.aid import as_aid
from etl.extract.clauses import fielded, fielded_import, tested
from etl.extract.context import fill_from_context
from etl.extract.cooperation import a_topic, between_the_two
from etl.extract.denials import denied_by, not_denied
from etl.extract.goods_sides import (
    candidate_roles,
    carries_goods,
    describes_reporter,
    designated,
    maker_receives,
    parts_for,
)
from etl.extract.makers import family_maker
from etl.extract.mentions import THE_GAP, Span
from etl.extract.negated import called_off, conditions_of, denial_told, no_transfer
from etl.extract.quantities import quantity_before
from etl.extract.reading import Candidate, Reading, make_candidate
from etl.extract.roles import (
    NON_PARTIES,
    Parties,
    determiner_before,
    transfer_parties,
)
from etl.extract.suppliers import link_item, suppliers, support_link, third_state_supplier
from etl.extract.troops import (
    deployed,
    equipped,
    fought_beside,
    host,
    own_troops,
    sent_by_their_state,
    troops_own_training,
    without_training,
)

__all__ = ["transfers"]


# What may stand between a generic goods word and the specific one it names ("KN-23 missiles",
# "containers of munitions", "Hwasong-11-type missiles", "containers loaded with military munitions").
_GENERIC_GAP = re.compile(  # "containers of North Korean munitions": a name or two may stand between
    r"[\s-]*(?:(?:of|type|class|family|series)[\s-]+(?:[A-Z][\w.-]*\s+){0,2}"
    r"|(?:loaded with|filled with|packed with|full of|carrying|containing)\s+(?:[a-z]+\s+)?)?"
)


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

    def not_sent(span: Span) -> bool:
        """Troops named by their type ("MiG-29 fighters" are aircraft), naming a type ("infantry rockets"),
        or given goods ("provided the North Korean troops with uniforms": they receive, they are not sent)."""
        implied = reading.ref.goods_implying_transfer
        return span.value in implied and (
            any(g.value not in implied and _NAME_GAP.fullmatch(text, g.end, span.start) for g in goods)
            or any(g.value not in implied and _NAME_GAP.fullmatch(text, span.end, g.start) for g in goods)
            or equipped(reading, [span])
            or fought_beside(reading, span)
        )

    def targets_own(span: Span) -> bool:
        """Goods a state where weapons strike owns ("Ukraine's military assistance"): never the pair's."""
        targets = reading.ref.attack_targets
        return any(
            a.value in targets and _OWNED_BY.fullmatch(text, a.end, span.start) for a in reading.view.actors
        )

    modifiers = _modifiers(reading)
    by_class: dict[str, list[Span]] = {}
    for span in goods:
        if fielded(reading.view, reading.ref, reading.roles, span) or tested(
            reading.view, reading.ref, reading.roles, span
        ):
            continue  # "Russia deploys chemical weapons on the battlefield": its own, used
        if targets_own(span) or describes_reporter(reading, span) or parts_for(reading, span):
            continue  # "Ukraine's military assistance"; "The US, a supplier of arms to Ukraine, said"
        if carries_goods(reading, span) or designated(reading, span):
            continue  # "The vessel transported munitions from Rajin to Dunai": the ship carries them
        if not names_specific(span) and span not in modifiers and not not_sent(span):
            by_class.setdefault(span.value, []).append(span)
    return by_class


_NAME_GAP = re.compile(r"[\s-]+")
_OWNED_BY = re.compile(r"[’']s\s+(?:own\s+)?")  # "Ukraine's military assistance", "Ukraine's own drones"


# What joins goods to the technology word after them ("ballistic missile-related technology", "UAV and
# cruise-missile technology", "missile production technology"), and a technology to the goods it is for.
_MODIFIER_GAP = re.compile(r"[\s-]*(?:related[\s-]*)?(?:(?:production|manufacturing|development)\s+)?")
_MODIFIER_LIST = re.compile(r"\s*(?:,|,?\s+(?:and|or))\s+")
# "technology for missile production", "know-how on drone warfare", "expertise in building missiles".
_TECHNOLOGY_FOR = re.compile(r"\s+(?:for|on|about|in)\s+(?:the\s+)?(?:[\w-]+\s+)?")


def _modifiers(reading: Reading) -> list[Span]:
    """Goods that only say what a technology is of, or modify another noun, not goods of their own:
    "nuclear or ballistic missile-related technology", "technology for missile and submarine production",
    "food security"."""
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
        if (
            tech.value in absorbing
            and span.value not in absorbing
            and _TECHNOLOGY_FOR.fullmatch(text, tech.end, span.start)
        ):
            found.append(span)
    heads = {h.start for h in reading.view.cues["goods_compound_heads"]}
    compound = re.compile(r"[\s-]+")
    found += [g for g in goods if any(compound.fullmatch(text, g.end, h) for h in heads if h > g.end)]
    return found


def transfers(reading: Reading, previous: Candidate | None) -> list[Candidate]:
    """One candidate per goods class named in the sentence."""
    view, ref = reading.view, reading.ref
    verbs = view.cues["supplier_verbs"] + view.cues["recipient_verbs"] + view.cues["transfer_nouns"]
    idle = [v for v in verbs if no_transfer(reading, v)]
    by_class, taught = without_training(reading, _goods_by_class(reading))
    found: list[tuple[int, Candidate]] = [(-1, candidate) for candidate in taught]
    troops: tuple[str | None, str | None] | None = None
    # Troops first: know-how read as moving with them goes to their state (_with_the_troops).
    for order, (goods_class, goods_spans) in sorted(
        enumerate(by_class), key=lambda e: e[1][0] not in ref.goods_implying_transfer
    ):
        anchor = goods_spans[0].start
        if (
            goods_class in ref.goods_absorbing
            and troops
            and troops_own_training(reading, goods_spans, troops)
        ):
            continue  # "soldiers sent to Russia for training": the training is the deployment's purpose
        verb = min(verbs, key=lambda c: abs(c.start - anchor)) if verbs else None
        verb = None if verb in idle else verb
        if verb is not None and (reading.prohibited(verb.start) or called_off(reading, verb)):
            continue  # "resolutions that ban the supply of …", "Russia must not transfer …": no transfer
        helped = _helped_to_make(reading, anchor)
        if helped is not None:
            goods_class, verb = min(ref.goods_absorbing), helped[2]  # know-how to make them
        parties = _parties_of(reading, goods_class, anchor, verb, previous)
        if parties.direction == "between" and verb is not None and a_topic(reading, verb):
            continue  # "monitoring the DPRK–Russia arms trade": the trade is what is watched, not told
        parties = as_aid(reading, parties, goods_class, anchor, verb)  # "the UK has supplied Ukraine with …"
        if helped is not None:
            parties = Parties(helped[0], helped[1], "from_to")
        if goods_class in ref.goods_implying_transfer and sent_by_their_state(reading, goods_spans, parties):
            troops = troops or (parties.supplier, parties.recipient)
        elif goods_class in ref.goods_implying_transfer:
            continue  # "training to North Korean soldiers", "Tehran has trained Russian personnel": no one
            # sends troops whose own state is named and is not their sender
        elif (
            goods_class in ref.goods_absorbing
            and parties.supplier
            and troops == (parties.supplier, parties.recipient)
        ):
            parties.supplier, parties.recipient = parties.recipient, parties.supplier
        found += [(order, c) for c in _items(reading, goods_class, goods_spans, verb, parties)]
    return [candidate for _, candidate in sorted(found, key=lambda f: f[0])]


def _items(
    reading: Reading, goods_class: str, goods_spans: list[Span], verb: Span | None, parties: Parties
) -> list[Candidate]:
    """The items the goods at goods_spans make: a transfer for each supplier (or a link, or a statement)."""
    anchor = goods_spans[0].start
    category, status, parties, sure, deniers = _category_and_status(
        reading, goods_class, anchor, verb, parties
    )
    goods = "; ".join(dict.fromkeys(" ".join(s.text.split()) for s in goods_spans))
    quantity = quantity_before(reading.text, anchor, reading.ref)
    made: list[Candidate] = []
    for supplier in suppliers(reading, category, parties):
        each = replace(parties, supplier=supplier)
        if support_link(reading, category, supplier, goods_spans):
            made.append(link_item(reading, each, status, anchor))
            continue
        signs = _transfer_signs(reading, each, verb, anchor) + _verb_apart(reading, goods_spans, verb)
        # A transfer told as a condition is kept as a statement, but neither it nor a position is on the
        # record.
        signs += ("hypothetical_transfer",) if category == "statement" and status == "speculative" else ()
        dated = reading.dated(anchor, each, of_report=False)
        read = (0.85 if sure else 0.35, dated, goods, goods_class, quantity, signs)
        made.append(make_candidate(reading, category, each, status, *read))
    for denier in deniers:
        dated = reading.dated(anchor, denier)
        made.append(make_candidate(reading, "statement", denier, "reported", 0.85, dated, goods, goods_class))
    return made


def _category_and_status(
    reading: Reading, goods_class: str, anchor: int, verb: Span | None, parties: Parties
) -> tuple[Category, Status, Parties, bool, tuple[Parties, ...]]:
    """The category and status of the goods at anchor, its parties, whether the reading is sure (a
    transfer verb, troops with their host, a maker and its user, or know-how offered "with" a state), and
    the statements of those who deny it."""
    position = verb.start if verb else anchor
    category: Category = reading.ref.goods_category[goods_class]
    paid_for = reading.paid_for(anchor)  # "in return for the transfer of its troops": told as given
    status: Status = reading.status(anchor if paid_for else position, parties, paid_for)
    if not_denied(reading, position):
        status = "reported" if status == "denied" else status  # "Moscow has never denied receiving …"
        negated = False
    else:
        negated = (verb is not None and reading.negated(verb.start)) or status == "denied"
    if negated:
        category, status = "statement", "denied"
    elif hypotheticals := conditions_of(reading, position):
        # "If Iran were to move forward with the transfer …" is a condition, kept as a statement; "Any
        # transfer of missile technology to the DPRK would be a violation" contemplates the transfer.
        would = reading.ref.cue_patterns["reported_future"].fullmatch
        conditional = any(not would(c.text) for c in hypotheticals)
        category, status = ("statement" if conditional else category), "speculative"
    if reading.text.rstrip().endswith("?") and status in ("reported", "alleged"):
        status = "speculative"  # "Did North Korea supply the missiles that hit Kharkiv?" asserts nothing
    sure = verb is not None or deployed(reading, goods_class, parties) or _made_by(reading, parties)
    sure = sure or _cooperation_with(reading, goods_class, anchor) == (parties.supplier, parties.recipient)
    # "Moscow has denied receiving …", "Both Moscow and Pyongyang have denied the weapons allegations":
    # the transfer, denied, and each denier's statement about the other party, on the record.
    denial = denied_by(reading, position, parties)
    if denial is not None and "denied" in (status, denial.status):
        deniers = [d.supplier for d in denial.statements]
        if not (parties.supplier or parties.recipient) and len(deniers) == 2:
            parties = Parties(deniers[0], deniers[1], "between")  # "Moscow and Pyongyang deny any arms deals"
        return reading.ref.goods_category[goods_class], "denied", parties, True, denial.statements
    if negated or (category == "statement" and status == "speculative"):
        # "China has not supplied weapons to Russia": a denial of the transfer, told by whoever reports
        # it (the document's voice when no one is named), about the state said not to have supplied; a
        # condition ("If North Korea were to receive jets from Russia, …") is its teller's too.
        parties = denial_told(reading, parties)
    return category, status, parties, sure, ()


_IN_RETURN = re.compile(r"\s*(?:in\s+(?:return|exchange)|in\s+turn)\b(?!\s+for)", re.IGNORECASE)


def _parties_of(
    reading: Reading, goods_class: str, anchor: int, verb: Span | None, previous: Candidate | None
) -> Parties:
    """Supplier and recipient of the goods at anchor: from the sentence, else the transfer before, the
    troops' host or the document; goods paid in return move the other way."""
    ref = reading.ref
    parties = transfer_parties(reading.view, candidate_roles(reading, anchor), ref, anchor)
    maker = family_maker(reading.ref, reading.view.goods, anchor)
    if parties.supplier is None and maker not in (None, parties.recipient):
        parties.supplier = maker  # "Russian forces fired KN-23 missiles": the family's maker supplied them
    partners = _cooperation_with(reading, goods_class, anchor)
    if partners is not None and parties.supplier is None and parties.recipient is None:
        parties.supplier, parties.recipient = partners
    pair = between_the_two(reading, anchor)
    if pair is not None:
        return Parties(pair[0], pair[1], "between")  # "the arms trade between the two countries"
    if parties.supplier is None and parties.recipient is None and previous is not None:
        # "It also supplied 100 missiles": the parties of the last transfer in the paragraph; "In return,
        # it has received oil": the other way round.
        back = _IN_RETURN.match(reading.text) is not None
        first, second = (
            (previous.to_actor_id, previous.from_actor_id)
            if back
            else (previous.from_actor_id, previous.to_actor_id)
        )
        parties = Parties(first, second, previous.direction, 1)
    elif not (parties.supplier and parties.recipient):
        if goods_class in ref.goods_implying_transfer:
            parties.supplier = parties.supplier or own_troops(reading, anchor)
            parties.recipient = parties.recipient or host(reading, parties.supplier)
        third_state_supplier(parties, reading, previous)
        if not (parties.supplier and parties.recipient) and not _attacker_alone(reading, parties):
            _complete_transfer(parties, reading)
    swapped = fielded_import(ref, reading.view, reading.roles, verb, (parties.supplier, parties.recipient))
    swapped = swapped or maker_receives(reading, anchor, parties)
    if _paid_in(reading, anchor, verb) or swapped:
        parties.supplier, parties.recipient = parties.recipient, parties.supplier
    return parties


def _transfer_signs(reading: Reading, parties: Parties, verb: Span | None, anchor: int) -> tuple[str, ...]:
    """ "Russian forces fired missiles at Kyiv" with the DPRK taken from the sentences before: used, and
    perhaps the user's own. "The transfer of these weapons supports Russia's war": a transfer told before,
    pointed back to by a transfer noun, with no verb of its own and its supplier named nowhere in the
    sentence."""
    uses = reading.ref.cue_patterns["use_verbs"]
    # The maker of a weapon family the sentence names ("KN-23") is named with it.
    named = {s.value for s, r in reading.roles if r not in NON_PARTIES}
    maker = family_maker(reading.ref, reading.view.goods, anchor)
    named |= {maker} if maker else set()
    used = verb is not None and uses.fullmatch(" ".join(verb.text.split())) is not None
    cues = reading.view.cues
    text = reading.text
    verbs = cues["supplier_verbs"] + cues["recipient_verbs"]
    acted = any(not determiner_before(reading.ref, text[: v.start]) for v in verbs)
    noun = verb is not None and (verb not in verbs or determiner_before(reading.ref, text[: verb.start]))
    restated = (
        noun
        and not acted
        and any(_ANAPHOR_GAP.fullmatch(text, d.end, anchor) for d in cues["anaphoric_determiners"])
    )
    signs = ("use_without_supplier",) if used and parties.supplier not in named else ()
    return signs + (("restated_transfer",) if restated and parties.supplier not in named else ())


def _verb_apart(reading: Reading, spans: list[Span], verb: Span | None) -> tuple[str, ...]:
    """The transfer word read for the goods stands in another clause than every mention of them ("…
    procurement of arms from the DPRK …; and through endangering cargo vessels in the Black Sea")."""
    clauses = [reading.view.clause(s.start) for s in spans]
    apart = verb is not None and not any(start <= verb.start < end for start, end in clauses)
    return ("verb_in_other_clause",) if apart else ()


# What may stand between "these" and the goods it points back to ("these arms transfers", "such weapons").
_ANAPHOR_GAP = re.compile(r"\s+(?:[\w-]+\s+)?")


def _made_by(reading: Reading, parties: Parties) -> bool:
    """ "the missiles that hit Kharkiv were attributed to the DPRK": a weapon of a named maker used against
    a target, a transfer from the maker to the attacker without a transfer verb."""
    makers = {s.value for s, r in reading.roles if r == "origin"}
    attackers = {reading.ref.target_attackers.get(s.value) for s, r in reading.roles if r == "target"}
    return parties.supplier in makers and parties.recipient in attackers


def _helped_to_make(reading: Reading, anchor: int) -> tuple[str, str, Span] | None:
    """ "whether Russia would help North Korea launch its own satellites and rockets": the helper, the
    state helped to make or launch the goods at anchor, and the verb of helping; None when no state is
    helped to make them."""
    cues, text = reading.view.cues, reading.text
    start, _ = reading.view.clause(anchor)
    for helping in cues["help_verbs"]:
        if not start <= helping.start < anchor:
            continue
        after = [s for s, r in reading.roles if r not in NON_PARTIES and s.start >= helping.end]
        before = [s for s, r in reading.roles if r not in NON_PARTIES and s.end <= helping.start]
        if not (after and before) or not THE_GAP.fullmatch(text, helping.end, after[0].start):
            continue
        making = [m for m in cues["making_verbs"] if after[0].end <= m.start < anchor]
        if (
            making
            and _MAKING.fullmatch(text, after[0].end, making[0].start)
            and before[-1].value != after[0].value
        ):
            return before[-1].value, after[0].value, helping
    return None


_MAKING = re.compile(r"(?:[’']s\s+\w+)?\s+(?:to\s+|in\s+|with\s+)?")  # "helped Pyongyang (in) improving"


def _cooperation_with(reading: Reading, goods_class: str, anchor: int) -> tuple[str, str] | None:
    """ "Russia would not rule out developing military-technical cooperation with the DPRK": know-how
    offered "with" a state goes from the subject to that state."""
    if goods_class not in reading.ref.goods_absorbing:
        return None
    goods = next(g for g in reading.view.goods if g.start == anchor)
    roles, text = reading.roles, reading.text
    after = [s.value for s, r in roles if r not in NON_PARTIES and _WITH.fullmatch(text, goods.end, s.start)]
    partner = after[0] if after else None
    subject = [s.value for s, r in roles if s.end <= anchor and r in _SUBJECTS and s.value != partner]
    return (subject[-1], partner) if partner is not None and subject else None


_WITH = re.compile(r"\s+with\s+(?:the\s+)?")
_SUBJECTS = ("bare", "possessor")


def _paid_in(reading: Reading, anchor: int, verb: Span | None) -> bool:
    """Are the goods at anchor the payment for the transfer ("in return for its munitions"), read with
    the parties of the transfer they pay for? A verb of their own inside the payment ("in exchange for
    raw materials to be sent to the DPRK") has given them their own direction already."""
    start, _ = reading.view.clause(anchor)
    cues = reading.view.cues
    markers = [m for m in cues["exchange_markers"] if start <= m.start and m.end <= anchor <= m.end + 40]
    own = (
        verb is not None
        and verb in cues["supplier_verbs"] + cues["recipient_verbs"]
        and verb.start > anchor
        and not re.search(r"[,;:]", reading.text[anchor : verb.start])
    )
    return bool(markers) and not own


def _attacker_alone(reading: Reading, parties: Parties) -> bool:
    """Is the only state named the one that strikes a target the sentence names ("Russian missiles struck four
    ships in Odesa", "its destruction of Ukraine's export infrastructure")? What it uses or destroys there
    went to no one: no recipient is read from the sentences before."""
    ref = reading.ref
    attackers = {ref.target_attackers.get(s.value) for s, r in reading.roles if r == "target"}
    others = {s.value for s, r in reading.roles if r not in NON_PARTIES} - {parties.supplier}
    return parties.recipient is None and parties.supplier in attackers and not others


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
    named = [s.value for s, r in roles if r not in NON_PARTIES and s.value in ref.third_parties - {known}]
    if named and known in ref.core_actors and parties.supplier is None:
        # "Iran potentially transferring ballistic missiles to Russia": the third state the sentence
        # names, not the document's other partner. Never its recipient: in "Iran has supplied Russia
        # with drones, while North Korea has provided shells" the shells go to Russia.
        parties.supplier = named[0]
        return
    others = sorted(ref.core_actors - {known or ""})
    if known in ref.core_actors and len(others) == 1 and others[0] in reading.mentioned:
        if parties.supplier is None:
            parties.supplier = others[0]
        else:
            parties.recipient = others[0]
        parties.filled_from_context += 1
        return
    fill_from_context(parties, reading.dyad, reading.context, ref, reading.excluded() | ref.attack_targets)
