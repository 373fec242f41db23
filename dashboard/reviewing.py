"""Review widgets shared by the Review page and the Items detail: who reviews, the quote in its
paragraph, accept / reject / edit / undo with a note, and the item's history.

Document text is shown through ui.plain (every Markdown character escaped), never as HTML.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date
from typing import Any

import pandas as pd
import streamlit as st

from dashboard import actions, queries, ui
from dashboard.labels import code_label, format_utc
from etl.contract import CATEGORIES, DATE_PRECISIONS, DIRECTIONS, STATUSES
from etl.errors import MonitorError
from etl.review.fields import EDITABLE
from etl.settings import load_settings

REVIEWER_KEY = "_reviewer"
DONE_KEY = "_review_done"
FAILED_KEY = "_review_failed"
# The fields the edit form offers: every field a review may set (etl/review/fields.py), except the
# summary and the date as written, which follow from the others.
EDIT_FIELDS = tuple(name for name in EDITABLE if name not in ("date_text", "summary"))


def reviewer() -> str | None:
    """The signed-in user where st.login is set up, else MONITOR_REVIEWER, else the name given once."""
    try:
        if st.user.is_logged_in:
            name = st.user.get("name") or st.user.get("email")
            if name:
                return str(name)
    except (AttributeError, KeyError, st.errors.StreamlitAPIException):
        pass  # authentication is not configured for this dashboard
    return load_settings().reviewer or st.session_state.get(REVIEWER_KEY)


def reviewer_bar() -> str | None:
    """Who decisions are recorded as, asking for a name once per session when nobody is known."""
    if actions.read_only():
        st.info(
            "This dashboard is read-only: reviews, uploads and refreshes are turned off here.",
            icon=":material/lock:",
        )
        return None
    name = reviewer()
    if name:
        st.caption(f"Decisions are recorded as **{ui.plain(name)}**.")
        return name
    entered = st.text_input("Your name, recorded on each decision", key="reviewer_entry")
    if entered.strip():
        st.session_state[REVIEWER_KEY] = entered.strip()
        return entered.strip()
    st.caption("Enter your name to accept, reject, edit or add items.")
    return None


def show_done() -> None:
    """The outcome of the last decision: stored (and shown on this run), or refused and why."""
    if DONE_KEY in st.session_state:
        st.success(st.session_state.pop(DONE_KEY), icon=":material/check_circle:")
    if FAILED_KEY in st.session_state:
        st.error(ui.plain(st.session_state.pop(FAILED_KEY)), icon=":material/sync_problem:")


def quote_in_paragraph(text: str, quote: str, start: int, end: int) -> None:
    """The paragraph around the quote, with the quote highlighted; the quote alone if it has moved."""
    if not text or text[start:end] != quote:
        st.text(f"“{quote}”")
        return
    before = text.rfind("\n\n", 0, start)
    after = text.find("\n\n", end)
    head = " ".join(text[before + 2 if before >= 0 else 0 : start].split())
    tail = " ".join(text[end : after if after >= 0 else len(text)].split())
    marked = f"**:orange-background[{ui.plain(' '.join(quote.split()))}]**"
    st.markdown(" ".join(part for part in (ui.plain(head), marked, ui.plain(tail)) if part))


def record(action: Callable[[], Any], message: str) -> None:
    """Run one write from a widget callback; the next run shows what happened (a stale view: reload)."""
    try:
        action()
    except MonitorError as exc:
        st.session_state[FAILED_KEY] = str(exc)
        return
    st.session_state[DONE_KEY] = message


def _blank(value: Any) -> bool:
    return value is None or value is pd.NaT or (isinstance(value, float) and math.isnan(value)) or value == ""


def _as_date(value: Any) -> date | None:
    if _blank(value):
        return None
    return value.date() if isinstance(value, pd.Timestamp) else value


def _choice(label: str, options: list[Any], current: Any, key: str, blank: bool = False) -> Any:
    choices = ([None] if blank else []) + list(options)
    index = choices.index(current) if current in choices else 0
    shown = {None: "(none)"}
    return st.selectbox(
        label, choices, index=index, key=key, format_func=lambda v: shown.get(v, code_label(v))
    )


def _edit_fields(item: Any, key: str) -> None:
    """The edit form's widgets, one per editable field, keyed f"{key}_{field}"."""
    ref = actions.reference_data()
    actors = sorted(ref.actors)
    cols = st.columns(3)
    with cols[0]:
        _choice("Category", list(CATEGORIES), item["category"], f"{key}_category")
        _choice("From", actors, item.get("from_actor_id"), f"{key}_from_actor_id", True)
        _choice("To", actors, item.get("to_actor_id"), f"{key}_to_actor_id", True)
        _choice("Direction", list(DIRECTIONS), item.get("direction"), f"{key}_direction")
    with cols[1]:
        st.text_input("Goods", value=ui_text(item.get("goods")), key=f"{key}_goods")
        _choice(
            "Goods class", sorted(ref.goods_category), item.get("goods_class"), f"{key}_goods_class", True
        )
        quantity = item.get("quantity")
        st.text_input("Quantity", value="" if _blank(quantity) else f"{quantity:g}", key=f"{key}_quantity")
        units = sorted(set(ref.quantity_units.values()))
        _choice("Unit", units, item.get("quantity_unit"), f"{key}_quantity_unit", True)
    with cols[2]:
        st.date_input("From date", _as_date(item.get("date_start")), key=f"{key}_date_start")
        st.date_input("To date", _as_date(item.get("date_end")), key=f"{key}_date_end")
        _choice("Date precision", list(DATE_PRECISIONS), item.get("date_precision"), f"{key}_date_precision")
        _choice("Status", list(STATUSES), item["status"], f"{key}_status")


def ui_text(value: Any) -> str:
    return "" if _blank(value) else str(value)


def changed_fields(item: Any, values: dict[str, Any]) -> dict[str, Any]:
    """The fields whose entered value differs from the item's."""
    changes = {}
    for name, value in values.items():
        old = item.get(name)
        if name in ("date_start", "date_end"):
            old = _as_date(old)
        elif name == "quantity":
            value = float(value) if str(value).strip() else None
            old = None if _blank(old) else float(old)
        elif _blank(old):
            old = None
        new = None if _blank(value) else value
        if new != old:
            changes[name] = value if name != "quantity" else ("" if value is None else value)
    return changes


def history_table(item_id: str) -> pd.DataFrame:
    """The item's decisions, newest first, as shown under it."""
    rows = queries.item_history(ui.snapshot(), item_id)
    if rows.empty:
        return rows

    def describe(changes: dict[str, list[Any]]) -> str:
        return "; ".join(
            f"{k}: {b if b is not None else '—'} → {a if a is not None else '—'}"
            for k, (b, a) in changes.items()
        )

    shown = rows.assign(
        reviewed_at=rows["reviewed_at"].map(format_utc), changes=rows["changes"].map(describe)
    )
    return shown.iloc[::-1]


def _decide(item_id: str, verdict: str, name: str, version: int, key: str, message: str) -> None:
    """Button callback: the item id and version are the ones the analyst was shown."""
    note = st.session_state.get(f"{key}_note")
    record(lambda: actions.review_item(item_id, verdict, name, version, note=note), message)


def _save_edit(item: dict[str, Any], name: str, key: str) -> None:
    """Form callback: store the fields the analyst changed, against the version they saw."""
    values = {field: st.session_state.get(f"{key}_{field}") for field in EDIT_FIELDS}
    changes = changed_fields(item, values)
    if not changes:
        st.session_state[FAILED_KEY] = "Nothing changed: every value is the item's current one."
        return
    item_id, version, note = (
        str(item["item_id"]),
        int(item["review_version"]),
        st.session_state.get(f"{key}_note"),
    )
    record(
        lambda: actions.review_item(item_id, "edited", name, version, note=note, changes=changes),
        f"Saved the edit of item {item_id} ({', '.join(changes)}).",
    )


def _decision_buttons(item: Any, name: str, key: str) -> None:
    """Accept, reject and edit with a note; a stale view is refused by the store, not overwritten."""
    item_id, version = str(item["item_id"]), int(item["review_version"])
    st.text_input("Note (kept with the decision)", key=f"{key}_note")
    row = st.container(horizontal=True)
    for label, verdict, icon, done in (
        ("Accept", "accepted", ":material/check:", f"Accepted item {item_id}."),
        ("Reject", "rejected", ":material/block:", f"Rejected item {item_id}; it is hidden from charts."),
    ):
        row.button(
            label,
            key=f"{key}_{verdict}",
            icon=icon,
            on_click=_decide,
            args=(item_id, verdict, name, version, key, done),
        )
    with st.expander("Edit values", icon=":material/edit:"), st.form(f"{key}_edit", border=False):
        _edit_fields(item, key)
        st.form_submit_button(
            "Save edit", icon=":material/save:", on_click=_save_edit, args=(dict(item), name, key)
        )


def decision_panel(item: Any, key: str, name: str | None) -> None:
    """An item's review: status, quote in its paragraph, decisions (when name is known) and history.

    name comes from reviewer_bar(), drawn once per page; None (read-only, or no name yet) hides the buttons.
    """
    status = str(item.get("review_status") or "unreviewed")
    by = item.get("reviewed_by")
    st.caption(
        f"Review status: **{code_label(status)}**"
        + (
            f" · last decision by {ui.plain(by)}, {format_utc(item.get('reviewed_at'))}"
            if not _blank(by)
            else ""
        )
    )
    text = queries.document_text(ui.snapshot(), str(item["doc_id"]))
    quote_in_paragraph(text, str(item["quote"]), int(item["char_start"]), int(item["char_end"]))
    key = f"{key}_{item['item_id']}"  # each item its own widgets: a note never carries over
    if name:
        _decision_buttons(item, name, key)
    history = history_table(str(item["item_id"]))
    if history.empty:
        st.caption("No decisions on this item yet.")
        return
    st.markdown("**History**")
    ui.table(
        history,
        {
            "reviewed_at": st.column_config.TextColumn("When (UTC)", width=150),
            "reviewer": st.column_config.TextColumn("Reviewer", width=120),
            "verdict": st.column_config.TextColumn("Decision", width=90),
            "changes": st.column_config.TextColumn("Changes", width=300),
            "note": st.column_config.TextColumn("Note", width=240),
        },
        key=f"{key}_history",
    )
    # Only while a decision is in force is there something to undo.
    if name and status != "unreviewed":
        item_id, version = str(item["item_id"]), int(item["review_version"])
        st.button(
            "Undo the latest decision",
            key=f"{key}_undo",
            icon=":material/undo:",
            on_click=_decide,
            args=(item_id, "undone", name, version, key, f"Undid the latest decision on item {item_id}."),
        )


ADD_FIELDS = ("category", "from_actor_id", "to_actor_id", "status", "goods_class", "goods", "date_start")


def _add(doc_id: str, near: int, name: str, key: str) -> None:
    """Form callback: add an item on the quote the analyst chose, found near the chosen sentence."""
    values = {field: st.session_state.get(f"{key}_{field}") for field in ADD_FIELDS}
    quote, note = st.session_state.get(f"{key}_quote") or "", st.session_state.get(f"{key}_note")
    record(
        lambda: actions.add_reviewed_item(doc_id, quote, values, name, near=near, note=note),
        f"Added a {code_label(values['category']).lower()} item on the chosen quote.",
    )


def add_item_form(doc_id: str, sentence: str, start: int, name: str | None) -> None:
    """Fields for an item the extractor missed, on the chosen sentence or a part of it."""
    key = f"add_{doc_id}_{start}"
    if not name:
        st.text(sentence)
        return
    ref = actions.reference_data()
    actors = [None, *sorted(ref.actors)]
    with st.form(key, border=False):
        st.text_area(
            "Quote: the sentence, or the part of it the item rests on", value=sentence, key=f"{key}_quote"
        )
        cols = st.columns(4)
        with cols[0]:
            _choice("Category", list(CATEGORIES), None, f"{key}_category")
        with cols[1]:
            _choice("From", actors[1:], None, f"{key}_from_actor_id", True)
        with cols[2]:
            _choice("To", actors[1:], None, f"{key}_to_actor_id", True)
        with cols[3]:
            _choice("Status", list(STATUSES), "reported", f"{key}_status")
        cols = st.columns(4)
        with cols[0]:
            _choice("Goods class", sorted(ref.goods_category), None, f"{key}_goods_class", True)
        cols[1].text_input("Goods", key=f"{key}_goods")
        cols[2].date_input("Date", value=None, key=f"{key}_date_start")
        cols[3].text_input("Note", key=f"{key}_note")
        st.form_submit_button(
            "Add this item",
            type="primary",
            icon=":material/add:",
            on_click=_add,
            args=(doc_id, start, name, key),
        )
