"""The suppliers of a transfer when a third state is in play: one item per state of a list of suppliers,
a third state's vague support as a link, and the third state that supplies when the sentence names no
supplier of its own."""

from __future__ import annotations

from etl.contract import Category, Status
from etl.extract.agents import NON_PARTIES, listed_with
from etl.extract.mentions import Span
from etl.extract.reading import Candidate, Reading, make_candidate
from etl.extract.roles import Parties


def suppliers(reading: Reading, category: Category, parties: Parties) -> list[str | None]:
    """One supplier per item: every state listed with the sentence's supplier ("Iran and the DPRK supply
    Russia with drones" is a transfer from each), never the recipient; a denial or an undirected trade
    keeps its parties."""
    if category == "statement" or parties.direction == "between":
        return [parties.supplier]
    named = listed_with(reading.text, reading.roles, parties.supplier)
    listed: list[str | None] = [s for s in named if s != parties.recipient]
    # Only a list of the monitored pair and the third states tied to it: "Australia, Canada, …, the UK, the
    # USA, and the EU gave a statement" lists reporters, whatever verb stands after them.
    followed = reading.ref.core_actors | reading.ref.third_parties
    return listed if listed and all(s in followed for s in listed) else [parties.supplier]


def support_link(reading: Reading, category: Category, supplier: str | None, spans: list[Span]) -> bool:
    """Is the "supply" only support of unstated kind from a state whose backing is a link, not arms
    ("military support … provided by Iran, Belarus and the DPRK": Belarus is tied to the war)?"""
    ref = reading.ref
    vague = ref.cue_patterns["vague_support"].fullmatch
    return (
        category == "arms_transfer"
        and supplier in ref.cue_words["support_link_states"]
        and all(vague(" ".join(s.text.split())) for s in spans)
    )


def link_item(reading: Reading, parties: Parties, status: Status, anchor: int) -> Candidate:
    """The third state's tie to the recipient it backs, as a link item."""
    return make_candidate(
        reading, "third_party_link", parties, status, 0.65, reading.dated(anchor, parties, of_report=False)
    )


def third_state_supplier(parties: Parties, reading: Reading, previous: Candidate | None) -> None:
    """The missing supplier of goods sent to a named recipient when a third state is in play: the third
    state the sentence names ("Russia procures these UAVs thanks to its partnership with Iran"), else the
    supplier of the paragraph's last transfer to the same recipient ("Iran has provided drones … It has
    also transferred missiles to Russia"), before the document's other main state."""
    if parties.supplier is not None or parties.recipient is None:
        return
    ref = reading.ref
    named = [
        s.value
        for s, r in reading.roles
        if r not in NON_PARTIES and s.value in ref.third_parties and s.value != parties.recipient
    ]
    if named:
        parties.supplier = named[0]
        parties.filled_from_context += 1  # read from no verb or preposition of its own
    elif (
        previous is not None
        and previous.to_actor_id == parties.recipient
        and previous.from_actor_id in ref.third_parties
    ):
        parties.supplier = previous.from_actor_id
        parties.filled_from_context += 1
