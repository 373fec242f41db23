"""Text → candidate items: sentences read for transfers, visits, agreements, actions, links and statements.

A rule-based reader driven entirely by the reference lexicons (datasets/reference): it knows no
document in particular. It reads direction from voice and prepositions (etl/roles.py), status from
hedges within the clause, and keeps candidates it is unsure of with a low confidence rather than
dropping them. The sentence being read and the candidate it yields are in reading.py.
"""

from __future__ import annotations

import re
from datetime import date

from etl.extract.actions import on_record_status, resolution_date, sanctions_actions
from etl.extract.adoptions import Adoptions
from etl.extract.agents import datelined
from etl.extract.context import document_dyad, fill_from_context
from etl.extract.cooperation import cooperation_transfers
from etl.extract.dates import DateMention
from etl.extract.designation_lists import ListLines
from etl.extract.events import date_single_events
from etl.extract.fields import agreement_fields
from etl.extract.mentions import THE_GAP, SentenceView, Span, read_sentence
from etl.extract.narrative_years import carry_years
from etl.extract.positions import fallback_statement, positions
from etl.extract.reading import Candidate, Reading, make_candidate, relation_category
from etl.extract.reference import Reference, aliases_of_publisher
from etl.extract.roles import (
    Parties,
    pair_parties,
    party_roles,
)
from etl.extract.sentences import split_sentences
from etl.extract.speakers import document_voice, reports_delegates, speakers_before
from etl.extract.transfers import transfers as transfer_candidates
from etl.extract.typography import Folded
from etl.extract.visits import visits

__all__ = ["Candidate", "extract_items", "publisher_actor"]


_SHOWN = 0.5  # the dashboard's default minimum confidence


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
    backer = next((a for a in third if _backs(reading, a)), None)
    if not (third and core and (view.cues["third_party_cues"] or len(states) >= 2 or backer)):
        return []
    # The third state → the partner it is tied to: the one it backs ("China, with its abstention, …") is
    # Russia, whose war and vetoes third states back, when the sentence or the document names it; else
    # the monitored state the sentence names first.
    preferred = ref.cue_words["third_party_partner"] if backer else ()
    partner = next((a for a in core + list(reading.dyad) if a in preferred), core[0])
    parties = Parties(backer or third[0], partner, "from_to")
    sure = backer is not None or bool(view.cues["third_party_cues"])
    return [
        make_candidate(
            reading,
            "third_party_link",
            parties,
            reading.status(None, parties),
            0.65 if sure else 0.5,  # two states merely named together are a weak tie
            reading.dated(0, parties),
            signs=() if sure else ("weak_category_cue",),
        )
    ]


def _backs(reading: Reading, state: str) -> bool:
    """Does the sentence make the third state the backer of what is told ("with China's tacit support",
    "China – with its abstention –", "with the backing of Iran", "backed by Iran", "China abstained")?"""
    view, text = reading.view, reading.text
    nouns, verbs = view.cues["third_party_support_nouns"], view.cues["third_party_support_verbs"]
    for mention in (a for a in view.actors if a.value == state):
        before, after = text[max(0, mention.start - 40) : mention.start], text[mention.end :]
        owned = [n for n in nouns if n.start >= mention.end and _OWNED.fullmatch(text, mention.end, n.start)]
        if owned and (_WITH_BEFORE.search(before) or _WITH_ITS.match(after)):
            return True  # "with China's tacit support", "China – with its abstention"
        if any(_OF_THE.fullmatch(text, n.end, mention.start) for n in nouns if n.end <= mention.start):
            return True  # "with the support of Belarus"
        if any(THE_GAP.fullmatch(text, v.end, mention.start) for v in verbs if v.end <= mention.start):
            return True  # "backed by Iran"
        if any(v.start >= mention.end and _VERB_GAP.fullmatch(text, mention.end, v.start) for v in verbs):
            return True  # "China abstained", "Iran is complicit"
    return False


_OWNED = re.compile(r"(?:[’']s|\s*[–—,-]+\s*with\s+its)\s+(?:[\w-]+\s+){0,2}")
_WITH_BEFORE = re.compile(r"\bwith\s+$", re.IGNORECASE)
_WITH_ITS = re.compile(r"\s*[–—,-]+\s*with\s+its\s")
_OF_THE = re.compile(r"\s+(?:of|from)\s+(?:the\s+)?")
_VERB_GAP = re.compile(r"\s+(?:(?:is|was|has|have|had|been|also|again|once|decided|chose|to)\s+){0,3}")


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
    """The actor a publisher speaks for ("UK Mission to the UN" → GBR), if the lexicon names it; a
    newsroom's name is no state's ("Voice of America")."""
    named = ref.cue_patterns["newsroom_names"].sub(" ", publisher or "")
    found = ref.actor_pattern.search(named)
    return ref.alias_to_actor.get(found.group(0)) if found else None


def extract_items(
    text: str, published_on: date | None, ref: Reference, publisher: str | None = None
) -> list[Candidate]:
    """Every candidate item in a document's text, in reading order; offsets and quotes index into text.
    publisher: who published it, so that "we" in the text can be read as that actor."""
    folded = Folded(text)
    aliases = aliases_of_publisher(ref, publisher)
    candidates = _extract(folded.text, published_on, ref, publisher_actor(publisher, ref), aliases)
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


def _council_act_date(
    candidates: list[Candidate], ref: Reference, published_on: date | None
) -> DateMention | None:
    """The day of the Council's meeting: its first act dated to the day, or its statement of the day
    the text is published ("The Security Council today condemned …"), which the resolutions it adopts
    there share."""
    council = ref.cue_words["resolution_body"][0]
    return next(
        (
            c.date
            for c in candidates
            if c.from_actor_id == council
            and c.date_source == "sentence"
            and c.date is not None
            and c.date.precision == "day"
            and (
                c.category == "sanctions_action"
                or (c.category == "statement" and c.date.date_start == published_on)
            )
        ),
        None,
    )


def _voice_points_back(view: SentenceView, voice: str | None) -> bool:
    """ "We condemn this in the strongest terms": the document's voice takes a position on what the
    sentences before told, though the sentence names no one."""
    cues = view.cues
    return voice is not None and bool(cues["first_person"]) and bool(cues["position_cues"])


def _told_once(transfers: list[Candidate]) -> list[Candidate]:
    """The sentence's transfers without an undirected one between two states it also tells a transfer
    between with its direction ("North Korea has supplied Russia with shells, the largest arms transfer
    between the two countries"): the directed one says more."""
    directed = {
        frozenset((c.from_actor_id, c.to_actor_id))
        for c in transfers
        if c.direction == "from_to" and c.category != "statement" and c.from_actor_id and c.to_actor_id
    }
    return [
        c
        for c in transfers
        if not (c.direction == "between" and frozenset((c.from_actor_id, c.to_actor_id)) in directed)
    ]


def _sentence_candidates(
    reading: Reading, last_transfer: Candidate | None, named: bool
) -> tuple[list[Candidate], list[Candidate]]:
    """One sentence's transfers, and its other items (visits, agreements, actions, links, positions);
    only the voice's position when it names no one ("We condemn this in the strongest terms.")."""
    if not named:
        return [], positions(reading)
    transfers = _told_once(transfer_candidates(reading, last_transfer))
    transfers += cooperation_transfers(reading, transfers)
    relations = visits(reading) + _agreements(reading) + sanctions_actions(reading)
    involved = {p for c in transfers + relations for p in (c.from_actor_id, c.to_actor_id) if p}
    relations += _third_party_link(reading, involved)
    # A statement read from a transfer (a denial, a condition) stands for the sentence's position, unless
    # it is too weak to show: then the position cues may read it surer.
    stated = any(c.category == "statement" and c.confidence >= _SHOWN for c in transfers)
    relations += [] if stated else positions(reading)
    if not transfers and not relations:
        relations = fallback_statement(reading)
    return transfers, relations


def _extract(
    text: str, published_on: date | None, ref: Reference, publisher: str | None, aliases: dict[str, str]
) -> list[Candidate]:
    views = [read_sentence(s, ref, published_on, aliases) for s in split_sentences(text)]
    _resolve_coreference(views, ref)
    carry_years(views)
    all_roles = [datelined(view.sentence.text, party_roles(view, ref)) for view in views]
    dyad = document_dyad(all_roles, ref)
    voice = document_voice(views, ref, publisher)
    speakers = speakers_before(views, all_roles, ref)
    delegates = reports_delegates(views, all_roles, ref)
    mentioned = frozenset(s.value for roles in all_roles for s, r in roles if r != "source")
    candidates: list[Candidate] = []
    last_transfer: Candidate | None = None
    lists = ListLines()
    adoptions = Adoptions()
    caption: int | None = None  # the paragraph of the photo caption last opened
    for index, (view, roles) in enumerate(zip(views, all_roles, strict=True)):
        if index and view.sentence.paragraph != views[index - 1].sentence.paragraph:
            last_transfer = None
        item_lead = lists.read(view, views[index + 1 : index + 2])
        if ref.cue_patterns["caption_openers"].match(view.sentence.text):
            caption = view.sentence.paragraph
        # A headline, caption, byline or infobox field is no event of the story; a list of designees is.
        if not (_story(view, ref) or lists.names_designees) or view.sentence.paragraph == caption:
            continue
        listed_action = item_lead is not None and bool(view.cues["sanctions_action_cues"])
        named = bool(view.actors or view.goods or _uses_dyad(view, dyad) or listed_action)
        if not named and not _voice_points_back(view, voice):
            adoptions.note(view, resolution_date(view, ref))
            continue
        context = views[max(0, index - 2) : index]
        reading = Reading(
            view,
            roles,
            context,
            dyad,
            ref,
            voice,
            mentioned,
            lead=item_lead,
            resolution_date=adoptions.for_sentence(view),
            speaker_before=speakers[index],
            reports_delegates=delegates,
        )
        adoptions.note(view, resolution_date(view, ref))
        transfers, relations = _sentence_candidates(reading, last_transfer, named)
        relations = lists.designations(reading, transfers + relations) or relations
        # "On 30 March 2020, the Security Council extended … . Unanimously adopting resolution 2515 (2020),
        # the Council also decided …": the Council's first act dated to the day dates its resolution.
        if adoptions.for_sentence(view) is None:
            adoptions.note(view, _council_act_date(relations, ref, published_on), numbered=False)
        candidates += transfers + relations
        confident = [c for c in transfers if c.from_actor_id and c.to_actor_id and c.category != "statement"]
        last_transfer = confident[-1] if confident else last_transfer
    date_single_events(views, candidates)
    fields = agreement_fields(views, all_roles, dyad, ref, candidates)
    return sorted(candidates + fields, key=lambda c: c.char_start) if fields else candidates
