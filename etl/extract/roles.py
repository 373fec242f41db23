"""Who is who in a sentence: each actor mention's role, and the parties of a transfer, visit or relation."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from etl.extract.mentions import SentenceView, Span
from etl.extract.reference import Reference

Roles = list[tuple[Span, str]]

_PASSIVE_AUX = re.compile(r"\b(?:was|were|been|being|be|is|are|get|got)\s+(?:\w+ly\s+)?$", re.IGNORECASE)
_WORD = re.compile(r"[\w’'-]+")
_LIST_JOINER = re.compile(r"(?:[’']s)?\s*(?:,|,?\s+and|,?\s+or)\s+(?:the\s+)?")
_POSSESSIVE = re.compile(r"^[’']s\b")
_DETERMINER_BEFORE = re.compile(r"\b(?:the|a|an|its|their|this|that|these|those|any|such)\s+$", re.IGNORECASE)
# An actor adjective directly before the goods, or before one designation ("North Korean KN-23 missiles").
_MODIFIER_BEFORE_GOODS = re.compile(r"(?:-\w+)?\s+(?:[A-Z0-9][\w-]*\s+)?")
_COMPOUND_SUPPLIER = re.compile(r"^-(?:supplied|provided|sourced|delivered|origin)\b", re.IGNORECASE)
_COMPOUND_ORIGIN = re.compile(r"^-(?:made|built|produced|manufactured|designed)\b", re.IGNORECASE)
# Roles that never make an actor a party: the target of an attack, the source of a report.
NON_PARTIES = ("target", "source")


def _reports_after(text: str, span: Span, ref: Reference) -> bool:
    """Is the actor the subject of a reporting verb ("US officials said", "Seoul's defence ministry says")?"""
    rest = text[span.end : span.end + 60]
    rest = re.sub(r"^(?:[’']s)?(?:\s+(?:[A-Z][\w-]*|" + "|".join(ref.title_words) + r"))*\s+", "", rest)
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
        if word.lower() in ref.title_words or word.lower() in other_actor_words or word[:1].isupper():
            before = before[: last.start()]
            continue
        break
    before = before.rstrip()
    groups = (
        ("visitor", "visitor_markers"),
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


def party_roles(view: SentenceView, ref: Reference) -> Roles:
    """Each actor mention with its role; "source" marks who reports a fact, never a party to it."""
    text = view.sentence.text
    roles = [(a, _role(text, a, ref, view.actors, view.goods)) for a in view.actors]
    for index in range(1, len(roles)):
        (previous, previous_role), (span, role) = roles[index - 1], roles[index]
        if (
            previous_role in ("source", "target")
            and role == "bare"
            and _LIST_JOINER.fullmatch(text[previous.end : span.start])
        ):
            roles[index] = (span, previous_role)  # "according to Seoul and Washington"
    return roles


@dataclass
class Parties:
    supplier: str | None = None
    recipient: str | None = None
    direction: str = "from_to"
    filled_from_context: int = 0


def _nearest_before(roles: Roles, position: int, wanted: set[str], exclude: set[str]) -> str | None:
    best = None
    for span, role in roles:
        if span.end <= position and role in wanted and span.value not in exclude:
            best = span.value
    return best


def _first_after(roles: Roles, position: int, wanted: set[str], exclude: set[str]) -> str | None:
    for span, role in roles:
        if span.start >= position and role in wanted and span.value not in exclude:
            return span.value
    return None


def transfer_parties(  # noqa: C901, PLR0912  (long: listed in tests/test_layout.py)
    view: SentenceView, roles: Roles, ref: Reference, anchor: int
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


def visit_parties(view: SentenceView, roles: Roles) -> Parties:
    """Visitor → host: "Putin's visit to Pyongyang", "Kim hosted Putin", "talks at Vostochny"."""
    targets = {span.value for span, role in roles if role == "source"}
    host_cue = bool(view.cues["host_cues"])
    text = view.sentence.text
    hosts = [s.value for s, r in roles if r == "to" and s.value not in targets]
    # A place named after "in" or "at" hosts the visit (visits have no targets: "at" is a place here).
    hosts += [
        s.value
        for s, r in roles
        if r in ("bare", "target")
        and re.search(r"\b(?:in|at)(?:\s+the)?\s*$", text[max(0, s.start - 8) : s.start])
    ]
    visitors = [
        s.value
        for s, r in roles
        if r in {"from", "bare", "possessor", "between"} and s.value not in hosts and s.value not in targets
    ]
    parties = Parties()
    marked = [s.value for s, r in roles if r == "visitor"]
    if marked:
        # "showed the visiting Russian defence minister": the marked actor is the visitor.
        parties.supplier = marked[0]
        others = [s.value for s, r in roles if r not in NON_PARTIES and s.value != marked[0]]
        parties.recipient = next((h for h in hosts if h != marked[0]), None) or next(iter(others), None)
        return parties
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


def action_parties(roles: Roles, cue: Span) -> Parties:
    """Who acts and on whom: "Russia vetoed the renewal", "a veto cast by Russia", "sanctions on the DPRK"."""
    actor = _nearest_before(roles, cue.start, {"bare", "possessor"}, set()) or _first_after(
        roles, cue.end, {"from"}, set()
    )
    wanted = {"target", "bare", "possessor", "to", "from"}
    target = _first_after(roles, cue.end, wanted, {actor or ""}) or _first_after(
        roles, 0, wanted, {actor or ""}
    )
    return Parties(actor, target, "from_to")


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


def document_dyad(roles_per_sentence: list[Roles], ref: Reference) -> tuple[str, ...]:
    """The two states a document is mostly about, used to resolve "the two states" and "his counterpart"."""
    counts: Counter[str] = Counter()
    for roles in roles_per_sentence:
        for span, role_name in roles:
            if ref.actors[span.value].kind == "state" and role_name != "source":
                counts[span.value] += 1
    return tuple(actor for actor, _ in counts.most_common(2))


def fill_from_context(
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
