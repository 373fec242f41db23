"""Which item columns an analyst may change, and how a typed value is read, checked and stored as JSON."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any, Final

from etl.contract import CATEGORIES, DATE_PRECISIONS, DIRECTIONS, STATUSES
from etl.errors import InvalidData
from etl.extract.reference import Reference

# The items columns a review may set; the rest (ids, the quote and its offsets, the extractor's
# confidence) describe where an item came from, not what it says.
EDITABLE: Final[tuple[str, ...]] = (
    "category",
    "from_actor_id",
    "to_actor_id",
    "direction",
    "goods",
    "goods_class",
    "quantity",
    "quantity_unit",
    "date_start",
    "date_end",
    "date_precision",
    "date_text",
    "status",
    "summary",
)
FIXED: Final[tuple[str, ...]] = ("item_id", "doc_id", "quote", "char_start", "char_end", "confidence")
REQUIRED: Final[frozenset[str]] = frozenset({"category", "direction", "date_precision", "status"})
DATE_FIELDS: Final[frozenset[str]] = frozenset({"date_start", "date_end"})
_CHOICES: Final[dict[str, tuple[str, ...]]] = {
    "category": CATEGORIES,
    "status": STATUSES,
    "date_precision": DATE_PRECISIONS,
    "direction": DIRECTIONS,
}


def check_field(name: str) -> None:
    """Refuse a name that is not an editable items column, saying why."""
    if name in EDITABLE:
        return
    if name in FIXED:
        raise InvalidData(f"field {name!r} cannot be edited: it records where the item came from")
    raise InvalidData(f"unknown field {name!r}; editable fields: {', '.join(EDITABLE)}")


def _choices(name: str, ref: Reference) -> tuple[str, ...] | None:
    if name in _CHOICES:
        return _CHOICES[name]
    if name in ("from_actor_id", "to_actor_id"):
        return tuple(sorted(ref.actors))
    if name == "goods_class":
        return tuple(sorted(ref.goods_category))
    if name == "quantity_unit":
        return tuple(sorted(set(ref.quantity_units.values())))
    return None


def parse_value(name: str, raw: Any, ref: Reference) -> Any:
    """The typed value of one field from text or a plain value; '' or None clears an optional field."""
    check_field(name)
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        if name in REQUIRED:
            raise InvalidData(f"field {name!r} cannot be empty")
        return None
    if name in DATE_FIELDS:
        if isinstance(raw, date):
            return raw
        try:
            return date.fromisoformat(str(raw).strip())
        except ValueError:
            raise InvalidData(f"{name} {raw!r} is not a date (YYYY-MM-DD)") from None
    if name == "quantity":
        try:
            return float(raw)
        except (TypeError, ValueError):
            raise InvalidData(f"quantity {raw!r} is not a number") from None
    value = str(raw).strip()
    choices = _choices(name, ref)
    if choices is not None and value not in choices:
        raise InvalidData(f"unknown value {value!r} for {name}; choose from {', '.join(choices)}")
    return value


def check_item(values: Mapping[str, Any]) -> None:
    """Rules that hold across fields: a date span runs forwards."""
    start, end = values.get("date_start"), values.get("date_end")
    if start is not None and end is not None and start > end:
        raise InvalidData(f"date_start {start} is after date_end {end}")


def to_json(value: Any) -> Any:
    """A value as the changes JSON keeps it (dates as ISO text)."""
    return value.isoformat() if isinstance(value, date) else value


def from_json(name: str, value: Any) -> Any:
    """A value read back from the changes JSON, with its column's type."""
    if value is not None and name in DATE_FIELDS:
        return date.fromisoformat(value)
    return value
