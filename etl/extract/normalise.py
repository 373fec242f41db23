"""Candidates → item rows: dates with precision, one-line summaries, stable ids, duplicates merged."""

from __future__ import annotations

import calendar
import hashlib
from datetime import date
from typing import Any

from etl.contract import DatePrecision, ItemRow
from etl.extract.candidates import Candidate
from etl.extract.reference import Reference


def month_span(day: date) -> tuple[date, date]:
    """First and last day of the month containing day."""
    last = calendar.monthrange(day.year, day.month)[1]
    return day.replace(day=1), day.replace(day=last)


def item_dates(
    candidate: Candidate, published_on: date | None
) -> tuple[date | None, date | None, DatePrecision, str | None, str | None]:
    """(date_start, date_end, precision, date as written, sign of doubt) for a candidate: the sign names
    a date taken from another sentence or from the publication month (its weight is data)."""
    mention = candidate.date
    if mention is not None and mention.resolved and mention.date_start is not None:
        start, end, precision = mention.date_start, mention.date_end or mention.date_start, mention.precision
        if mention.qualifier == "since" and published_on is not None and published_on > end:
            end, precision = published_on, "range"
        sign = "date_from_document" if candidate.date_source == "document" else None
        return start, end, precision, mention.text, sign
    if candidate.date_source == "spoken" and published_on is not None:
        return published_on, published_on, "day", None, None  # a position stated in the document itself
    if mention is not None and not mention.resolved:
        return None, None, "unknown", mention.text, None
    if candidate.date_source == "publication" and published_on is not None:
        # Undated in the text: the event is reported as of the publication month, never a fake day.
        start, end = month_span(published_on)
        return start, end, "month", None, "date_from_publication"
    return None, None, "unknown", None, None


def summarise(candidate: Candidate, ref: Reference) -> str:
    """A one-line summary from the category's template in summaries.yml."""

    def name(actor_id: str | None) -> str:
        return ref.actors[actor_id].name if actor_id else "unstated party"

    template = ref.summaries.get(candidate.category, "{from} → {to} ({status})")
    if candidate.from_actor_id is None and candidate.to_actor_id is None:
        template = ref.summaries["no_parties"]
    goods = candidate.goods or ref.category_labels.get(candidate.category, candidate.category).lower()
    if candidate.quantity is not None:
        goods = f"{goods}, {candidate.quantity:,.0f} {candidate.quantity_unit}"
    return template.format(
        **{
            "from": name(candidate.from_actor_id),
            "to": name(candidate.to_actor_id),
            "goods": goods,
            "goods_clause": f" ({candidate.goods})" if candidate.goods else "",
            "status": candidate.status,
            "label": ref.category_labels.get(candidate.category, candidate.category),
        }
    )


def item_id(doc_id: str, candidate: Candidate, date_start: date | None) -> str:
    """Deterministic id: the same document gives the same ids on every refresh."""
    key = "|".join(
        str(part)
        for part in (
            doc_id,
            candidate.category,
            candidate.from_actor_id,
            candidate.to_actor_id,
            candidate.goods_class,
            candidate.char_start,
            candidate.char_end,
            date_start,
        )
    )
    return hashlib.sha256(key.encode()).hexdigest()[:20]


def to_item_row(candidate: Candidate, doc_id: str, published_on: date | None, ref: Reference) -> ItemRow:
    """One row for the items table."""
    start, end, precision, written, sign = item_dates(candidate, published_on)
    moved = ref.confidence_evidence.get(sign, 0.0) if sign else 0.0
    return {
        "item_id": item_id(doc_id, candidate, start),
        "doc_id": doc_id,
        "category": candidate.category,
        "from_actor_id": candidate.from_actor_id,
        "to_actor_id": candidate.to_actor_id,
        "direction": candidate.direction,
        "goods": candidate.goods,
        "goods_class": candidate.goods_class,
        "quantity": candidate.quantity,
        "quantity_unit": candidate.quantity_unit,
        "date_start": start,
        "date_end": end,
        "date_precision": precision,
        "date_text": written,
        "status": candidate.status,
        "summary": summarise(candidate, ref),
        "quote": candidate.quote,
        "char_start": candidate.char_start,
        "char_end": candidate.char_end,
        "confidence": round(max(0.05, min(1.0, candidate.confidence + moved)), 2),
    }


def _merge_key(row: ItemRow) -> tuple[Any, ...]:
    parties: tuple[Any, ...] = (row["from_actor_id"], row["to_actor_id"])
    if row["direction"] == "between":
        parties = tuple(sorted(p or "" for p in parties))
    year = row["date_start"].year if row["date_start"] else None
    # Per sentence: a transfer restated in another sentence is an item of that sentence too (the
    # labelling guide's one item per category and parties per sentence).
    span = (row["char_start"], row["char_end"])
    return (span, row["category"], parties, row["goods_class"], row["status"], year)


def merge_duplicates(rows: list[ItemRow]) -> list[ItemRow]:
    """Within one sentence, keep one row per (category, parties, goods class, status, year): the surest."""
    best: dict[tuple[Any, ...], ItemRow] = {}
    for row in rows:
        key = _merge_key(row)
        if key not in best or row["confidence"] > best[key]["confidence"]:
            best[key] = row
    kept = {id(r) for r in best.values()}
    return [r for r in rows if id(r) in kept]


def normalise_document(
    candidates: list[Candidate], doc_id: str, published_on: date | None, ref: Reference
) -> list[ItemRow]:
    """All item rows of one document, duplicates merged, in reading order."""
    rows = [to_item_row(c, doc_id, published_on, ref) for c in merge_goods(candidates, ref)]
    return merge_duplicates(rows)


def merge_goods(candidates: list[Candidate], ref: Reference) -> list[Candidate]:
    """One item per transfer a sentence states: the goods words of one quote with the same category,
    parties and status ("shells and missiles") are listed on the surest candidate; the others stay, one
    per goods class (for its filters and measure tags), lowered by the weight of "goods_listed_elsewhere"."""
    groups: dict[tuple[Any, ...], list[Candidate]] = {}
    for c in candidates:
        if c.goods is not None:
            parties = (c.from_actor_id, c.to_actor_id, c.direction)
            key = (c.char_start, c.char_end, c.category, *parties, c.status)
            groups.setdefault(key, []).append(c)
    weight = ref.confidence_evidence.get("goods_listed_elsewhere", 0.0)
    for group in groups.values():
        surest = max(group, key=lambda c: c.confidence)
        classes = {c.goods_class for c in group}
        # "ballistic missiles … these missiles": the generic word adds nothing to the specific one.
        named = [c for c in group if not ref.goods_generic.get(c.goods_class or "", frozenset()) & classes]
        names = [g for c in named for g in (c.goods or "").split("; ")]
        surest.goods = "; ".join(dict.fromkeys(names))
        for c in group:
            if c is not surest:
                c.confidence = round(max(0.05, c.confidence + weight), 2)
                c.evidence += ("goods_listed_elsewhere",)
    return candidates
