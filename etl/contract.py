"""The data contract: item categories, statuses, date precisions, directions, and the typed item row.

Everything that names one of these values (the store schema, the extractor, the chart colours and order,
the test store builder, the docs) takes it from here, so a new category cannot be half-added.
"""

from __future__ import annotations

from datetime import date
from typing import Final, Literal, TypedDict, get_args

Category = Literal[
    "arms_transfer",
    "luxury_goods_transfer",
    "technology_transfer",
    "commodity_transfer",
    "agreement",
    "summit_or_visit",
    "troop_deployment",
    "third_party_link",
    "sanctions_action",
    "statement",
]
Status = Literal["reported", "alleged", "expected", "speculative", "denied"]
DatePrecision = Literal["day", "month", "quarter", "year", "range", "unknown"]
# "from_to": supplier, visitor or actor to recipient, host or target; "between": two parties, no direction.
Direction = Literal["from_to", "between"]

CATEGORIES: Final[tuple[Category, ...]] = get_args(Category)
STATUSES: Final[tuple[Status, ...]] = get_args(Status)
DATE_PRECISIONS: Final[tuple[DatePrecision, ...]] = get_args(DatePrecision)
DIRECTIONS: Final[tuple[Direction, ...]] = get_args(Direction)

# Items that move goods or people from one state to another: drawn as flows, marked on indicator charts.
TRANSFER_CATEGORIES: Final[tuple[Category, ...]] = (
    "arms_transfer",
    "luxury_goods_transfer",
    "technology_transfer",
    "commodity_transfer",
    "troop_deployment",
)


class ItemRow(TypedDict):
    """One row of the items table, as extraction produces it and the load step writes it."""

    item_id: str
    doc_id: str
    category: Category
    from_actor_id: str | None
    to_actor_id: str | None
    direction: Direction
    goods: str | None
    goods_class: str | None
    quantity: float | None
    quantity_unit: str | None
    date_start: date | None
    date_end: date | None
    date_precision: DatePrecision
    date_text: str | None
    status: Status
    summary: str
    quote: str
    char_start: int
    char_end: int
    confidence: float


class TagRow(TypedDict):
    """One row of item_measures: a provision an item may engage, and why."""

    item_id: str
    measure_id: str
    rationale: str
