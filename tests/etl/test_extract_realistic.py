"""Extraction on realistic prose the extractor has never seen: UN press releases, US and South Korean
government statements, KCNA dispatches, news wires and think-tank analysis.

The cases live in tests/fixtures/realistic_cases.yml (its header says how a case is written). A case
lists the items a careful analyst takes from the text (only the fields that matter), items that must never
come out (a prohibited, negated or hypothetical transfer; a resolution year as an event date) and items
that may come out without harm. Any other row at confidence 0.5 or above is spurious; rows below 0.5 are
the extractor's flagged guesses and count only when forbidden.

Cases the extractor gets wrong are strict xfails whose reason (`gap`) names the gap, so each flips to a
failure (and must be un-marked) as soon as the gap is fixed.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
import yaml

from etl.extract.candidates import extract_items
from etl.extract.normalise import normalise_document
from etl.extract.reference import Reference, load_reference
from etl.settings import PROJECT_ROOT

CASES_FILE = PROJECT_ROOT / "tests" / "fixtures" / "realistic_cases.yml"
Pattern = dict[str, Any]
_FIELDS = {"from": "from_actor_id", "to": "to_actor_id", "goods": "goods_class"}


def _when(written: Any) -> Pattern:
    """2024-03-28 (day), 2024-03 (month), 2024 (year), or 2023-09-01..2024-02-27 [precision]."""
    text = str(written)
    if ".." in text:
        ends, _, precision = text.partition(" ")
        first, last = ends.split("..")
        return {
            "date_start": date.fromisoformat(first),
            "date_end": date.fromisoformat(last),
            "date_precision": precision or "range",
        }
    parts = [int(p) for p in text.split("-")]
    if len(parts) == 3:
        day = date(*parts)
        return {"date_start": day, "date_end": day, "date_precision": "day"}
    if len(parts) == 2:
        last = calendar.monthrange(parts[0], parts[1])[1]
        return {
            "date_start": date(parts[0], parts[1], 1),
            "date_end": date(parts[0], parts[1], last),
            "date_precision": "month",
        }
    return {"date_start": date(parts[0], 1, 1), "date_end": date(parts[0], 12, 31), "date_precision": "year"}


def _pattern(written: dict[str, Any]) -> Pattern:
    pattern: Pattern = {}
    for key, value in written.items():
        if key == "when":
            pattern["when"] = tuple(_when(w) for w in value)
        elif key == "parties":
            pattern["parties"] = frozenset(value)
        elif isinstance(value, dict):
            pattern[_FIELDS.get(key, key)] = frozenset(value["one_of"])
        elif key == "date_start":
            pattern[key] = date.fromisoformat(str(value))
        else:
            pattern[_FIELDS.get(key, key)] = value
    return pattern


def matches(row: dict[str, Any], pattern: Pattern) -> bool:
    for key, wanted in pattern.items():
        if key == "when":
            if not any(matches(row, alternative) for alternative in wanted):
                return False
        elif key == "parties":
            if frozenset({row["from_actor_id"], row["to_actor_id"]}) != wanted:
                return False
        elif isinstance(wanted, frozenset):
            if row[key] not in wanted:
                return False
        elif row[key] != wanted:
            return False
    return True


@dataclass(frozen=True)
class Case:
    id: str
    style: str
    source: str  # where the facts in the text are on record
    published: date
    text: str
    expect: tuple[Pattern, ...] = ()
    forbid: tuple[Pattern, ...] = ()
    allow: tuple[Pattern, ...] = ()
    gap: str | None = None  # what the extractor gets wrong, when it does


def load_cases() -> list[Case]:
    entries = yaml.safe_load(CASES_FILE.read_text(encoding="utf-8"))
    return [
        Case(
            id=e["id"],
            style=e["style"],
            source=e["source"],
            published=e["published"],
            text=e["text"],
            expect=tuple(_pattern(p) for p in e.get("expect", [])),
            forbid=tuple(_pattern(p) for p in e.get("forbid", [])),
            allow=tuple(_pattern(p) for p in e.get("allow", [])),
            gap=e.get("gap"),
        )
        for e in entries
    ]


CASES = load_cases()


# --- the test ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def ref() -> Reference:
    return load_reference(PROJECT_ROOT / "datasets" / "reference")


def _shown(row: dict[str, Any]) -> str:
    return (
        f"{row['category']} {row['from_actor_id']} → {row['to_actor_id']} {row['goods_class']} "
        f"qty={row['quantity']} {row['quantity_unit']} {row['status']} "
        f"{row['date_start']}..{row['date_end']} ({row['date_precision']}) conf={row['confidence']}"
    )


def problems(case: Case, rows: list[dict[str, Any]]) -> list[str]:
    """What an analyst would object to in the rows: missing, forbidden and spurious items."""
    found: list[str] = []
    used: set[int] = set()
    for wanted in case.expect:
        hit = next((i for i, row in enumerate(rows) if i not in used and matches(row, wanted)), None)
        if hit is None:
            found.append(f"missing: {wanted}")
        else:
            used.add(hit)
    for i, row in enumerate(rows):
        if any(matches(row, pattern) for pattern in case.forbid):
            found.append(f"forbidden: {_shown(row)}")
        elif i not in used and row["confidence"] >= 0.5 and not any(matches(row, p) for p in case.allow):
            found.append(f"spurious: {_shown(row)}")
    return found


def _param(case: Case) -> Any:
    marks = [pytest.mark.xfail(strict=True, reason=case.gap)] if case.gap else []
    return pytest.param(case, id=case.id, marks=marks)


@pytest.mark.parametrize("case", [_param(c) for c in CASES])
def test_realistic_text(case: Case, ref: Reference) -> None:
    rows = normalise_document(extract_items(case.text, case.published, ref), case.id, case.published, ref)
    found = problems(case, rows)
    assert not found, "\n".join([*found, "rows:", *(_shown(r) for r in rows)])


def test_case_ids_are_unique_and_every_case_checks_something() -> None:
    ids = [c.id for c in CASES]
    assert len(ids) == len(set(ids))
    assert all(c.expect or c.forbid for c in CASES)
