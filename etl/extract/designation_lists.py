"""Lists: the line a list continues ("The provisions of the resolution include:"), and designation
lists, whose lines name the entities sanctioned by the line before them ("Today we announce … sanctions
on three more entities" then "- Russian Financial Society (Russian entity)")."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from etl.extract.mentions import SentenceView
from etl.extract.reading import Candidate, Reading, make_candidate
from etl.extract.roles import NON_PARTIES, Parties

# A line of a list: "- Authorizing member states to inspect …", "• …", "2) …".
_LIST_ITEM = re.compile(r"(?:[-*•–]|\d+[.)])\s")


# The lead of a list of those acting together, not of designees ("… in coordination with the following
# partners:").
_PARTNERS_LISTED = re.compile(
    r"\b(?:partners|countries|governments|states|allies|members)\s*:\s*\Z", re.IGNORECASE
)
# A lead line that lost its full stop still reads as prose; a headline ("US sanctions on North Korea") not.
_LOWER_WORD = re.compile(r"\b[a-z][a-z’'-]*\b")
_PROSE_WORDS = 5
# What names a designee on a list line: an entity's kind or base, or a person's nationality.
_DESIGNEE = re.compile(
    r"\b(?:entit(?:y|ies)|compan(?:y|ies)|firms?|banks?|corporations?|organi[sz]ations?|nationals?|citizens?"
    r"|individuals?|persons?|vessels?|ships?)\b|-based\b|\b(?:based|located|registered)\s+in\b"
    r"|(?:Ltd|LLC|JSC|OOO|Co\.)|\([^()]*\)\s*[;.]?\s*\Z|,\s*[A-Z][\w’' -]*[;.]?\s*\Z",
    re.IGNORECASE,
)


def _opens_designations(view: SentenceView, after: list[SentenceView]) -> bool:
    """Does the line announce sanctions right before the lines of a list ("Today we announce … sanctions
    on three more entities." or "OFAC is designating the following entities:")? Not a headline, nor a
    list of partners."""
    text = view.sentence.text
    listed = bool(after) and _LIST_ITEM.match(after[0].sentence.text) is not None
    own_item = _LIST_ITEM.match(text) is not None
    lead = view.sentence.story or text.endswith(":") or len(_LOWER_WORD.findall(text)) >= _PROSE_WORDS
    acts = bool(view.cues["sanctions_action_cues"])
    return listed and lead and not own_item and acts and not _PARTNERS_LISTED.search(text)


@dataclass
class ListLines:
    """The list being read: the line its lines continue, and the sanctions actions that line announced."""

    lead: SentenceView | None = None
    item_lead: SentenceView | None = None  # the lead of the line being read, when it is a list line
    opens: bool = False  # the line being read announces sanctions on the list lines after it
    announced: list[Candidate] = field(default_factory=list)

    def read(self, view: SentenceView, after: list[SentenceView]) -> SentenceView | None:
        """Move on to the line view (after: the line that follows it, if any); the lead it continues."""
        self.item_lead = self.lead if _LIST_ITEM.match(view.sentence.text) else None
        self.opens = _opens_designations(view, after)
        self.lead = view if self.opens or view.sentence.text.endswith(":") else self.item_lead
        if self.item_lead is None:
            self.announced = []
        return self.item_lead

    @property
    def names_designees(self) -> bool:
        """Is the line being read the lead of a designation list, or one of its lines? Either is a line
        of the story, though it reads as a heading or a title ("- Korean Ungum Corporation")."""
        return self.opens or (self.item_lead is not None and bool(self.announced))

    def designations(self, reading: Reading, found: list[Candidate]) -> list[Candidate]:
        """The designation a list line with nothing else read from it names (found: what was read);
        for the lead of a list, keeps the actions it announced."""
        if self.lead is reading.view:
            self.announced = [c for c in found if c.category == "sanctions_action" and c.from_actor_id]
        if self.item_lead is None or found or not self.announced:
            return []
        return _designation(reading, self.announced[-1])


def _designation(reading: Reading, act: Candidate) -> list[Candidate]:
    """A list line that names a designee ("(Russian entity)", "a North Korea-based company") of a state,
    and no act or goods of its own: the announcing act's actor acts on that state, on the act's date and
    with its status."""
    view, ref = reading.view, reading.ref
    if view.cues["sanctions_action_cues"] or view.goods or not _DESIGNEE.search(view.sentence.text):
        return []
    states = [
        s.value
        for s, role in reading.roles
        if role not in NON_PARTIES and ref.actors[s.value].kind == "state" and s.value != act.from_actor_id
    ]
    if not states:
        return []
    parties = Parties(act.from_actor_id, states[0], "from_to")
    return [
        make_candidate(reading, "sanctions_action", parties, act.status, 0.75, (act.date, act.date_source))
    ]
