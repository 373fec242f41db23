"""Item → the sanctions provisions it may engage, each with a rationale.

An analytical aid, not a legal finding: a provision is suggested only when the item's category,
goods, parties and dates fit the rule written beside it in datasets/reference/measures.yml.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from etl.contract import ItemRow, TagRow
from etl.extract.reference import Measure, Reference


def _party_rule_holds(rule: dict[str, Any], item: ItemRow) -> bool:
    supplier, recipient = item["from_actor_id"], item["to_actor_id"]
    if item["direction"] == "between":
        # No direction in the text: either party may be the supplier.
        pair = {supplier, recipient}
        return all(pair & set(rule[key]) for key in ("to", "from", "parties") if key in rule)
    if "to" in rule and recipient not in rule["to"]:
        return False
    if "from" in rule and supplier not in rule["from"]:
        return False
    return not ("parties" in rule and not {supplier, recipient} & set(rule["parties"]))


def in_force(measure: Measure, start: date | None, end: date | None) -> bool:
    """True when the item's whole date span lies inside the measure's in-force period."""
    if start is None or end is None:
        return False
    if measure.in_force_from is not None and start < measure.in_force_from:
        return False
    return not (measure.in_force_to is not None and end > measure.in_force_to)


def engages(measure: Measure, item: ItemRow, ref: Reference) -> bool:
    """Does the measure's rule fit the item (category, goods, HS chapter, parties, dates)?"""
    rule = measure.rule
    if not rule or item["status"] == "denied":
        return False
    if "categories" in rule and item["category"] not in rule["categories"]:
        return False
    if "goods_classes" in rule and item["goods_class"] not in rule["goods_classes"]:
        return False
    if (
        "hs_chapters" in rule
        and ref.goods_hs_chapter.get(item["goods_class"] or "") not in rule["hs_chapters"]
    ):
        return False
    return _party_rule_holds(rule, item) and in_force(measure, item["date_start"], item["date_end"])


def rationale(measure: Measure, item: ItemRow, ref: Reference) -> str:
    """The measure's rationale filled in for this item, with its status and confidence caveats."""

    def name(actor_id: str | None) -> str:
        return ref.actors[actor_id].name if actor_id in ref.actors else "an unnamed party"

    goods = item["goods"] or item["category"].replace("_", " ")
    text = measure.rationale.format(
        **{
            "goods": goods[:1].upper() + goods[1:],
            "from": name(item["from_actor_id"]),
            "to": name(item["to_actor_id"]),
            "hs_chapter": ref.goods_hs_chapter.get(item["goods_class"] or ""),
        }
    )
    caveats = [f"Item status: {item['status']}."]
    if item["direction"] == "between":
        caveats.append("The source names both parties without saying which way the goods went.")
    if measure.provision_confidence == "unverified":
        caveats.append("Provision reference unverified.")
    return " ".join([text, *caveats])


def tag_items(items: list[ItemRow], ref: Reference) -> list[TagRow]:
    """item_measures rows for every (item, measure) pair whose rule fits."""
    return [
        {"item_id": item["item_id"], "measure_id": m.measure_id, "rationale": rationale(m, item, ref)}
        for item in items
        for m in ref.measures
        if engages(m, item, ref)
    ]
