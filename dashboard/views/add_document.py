"""Sources & runs → "Add document": upload a file or give an address, check what was read, store it."""

from __future__ import annotations

import hashlib
from datetime import date
from typing import Any

import streamlit as st

from dashboard import actions, ui
from etl.errors import MonitorError
from etl.feeds.ingest import MAX_UPLOAD_MB
from etl.sources import DOCUMENT_KINDS

ADDED_MESSAGE = "_add_document_added"
URL_DRAFT = "_add_document_url_draft"
FIELDS_FOR = "_add_document_fields_for"
FILE_TYPES = ["pdf", "html", "htm", "docx", "txt", "md", "markdown"]


def render() -> None:
    """The panel; every write goes through dashboard.actions.

    Its contents run and are drawn only while it is open (kept in the address as `add_document`): a new
    session of the page does not load the file picker it does not show.
    """
    panel = st.expander(
        "Add document",
        icon=":material/note_add:",
        expanded=ADDED_MESSAGE in st.session_state,
        key="add_document",
        on_change="rerun",
        bind="query-params",
    )
    if not panel.open:
        return
    with panel:
        if ADDED_MESSAGE in st.session_state:
            st.success(st.session_state.pop(ADDED_MESSAGE), icon=":material/check_circle:")
        st.caption(
            "A report or statement you already have: its items are extracted at once and show on every page. "
            f"PDF (with a text layer), HTML, DOCX, TXT or Markdown, up to {MAX_UPLOAD_MB} MB."
        )
        if actions.read_only():
            st.info("This dashboard is read-only (MONITOR_READ_ONLY): documents cannot be added here.")
            return
        source = st.radio("From", ["File", "Address (URL)"], horizontal=True, key="add_doc_from")
        draft = _from_file() if source == "File" else _from_url()
        if draft is not None:
            _review(draft)


def _from_file() -> Any:
    uploaded = st.file_uploader(
        "Document", type=FILE_TYPES, key="add_doc_file", max_upload_size=MAX_UPLOAD_MB
    )
    if uploaded is None:
        return None
    try:
        return actions.read_document_file(uploaded.getvalue(), uploaded.name, uploaded.type or "")
    except MonitorError as exc:
        st.error(ui.plain(exc), icon=":material/error:")
        return None


def _from_url() -> Any:
    url = st.text_input("Address", key="add_doc_url", placeholder="https://…").strip()
    if url and st.button("Read the page", key="add_doc_read"):
        try:
            st.session_state[URL_DRAFT] = (url, actions.read_document_url(url))
        except MonitorError as exc:
            st.session_state.pop(URL_DRAFT, None)
            st.error(ui.plain(exc), icon=":material/error:")
    kept = st.session_state.get(URL_DRAFT)
    return kept[1] if kept and kept[0] == url else None


def _review(draft: Any) -> None:
    """What was read, with title, publisher, date and kind to correct before storing."""
    digest = hashlib.sha256(draft.raw).hexdigest()
    if st.session_state.get(FIELDS_FOR) != digest:  # a new document: start from what it says
        st.session_state[FIELDS_FOR] = digest
        st.session_state["add_doc_title"] = draft.title
        st.session_state["add_doc_publisher"] = draft.publisher or ""
        st.session_state["add_doc_published"] = draft.published_on
    text = draft.extracted.text
    st.caption(f"Read {len(text):,} characters from {ui.plain(draft.source_name)}. The start of the text:")
    st.text(text[:600] + ("…" if len(text) > 600 else ""))
    left, right = st.columns(2)
    title = left.text_input("Title", key="add_doc_title")
    publisher = right.text_input("Publisher", key="add_doc_publisher")
    published: date | None = left.date_input(
        "Published", key="add_doc_published", value=None, min_value=date(1945, 1, 1), format="YYYY-MM-DD"
    )
    kind = right.selectbox("Kind", DOCUMENT_KINDS, key="add_doc_kind")
    if not published:
        st.caption("No publication date found: relative dates in the text ('last month') stay unresolved.")
    if st.button("Store document", type="primary", key="add_doc_store", disabled=not title.strip()):
        try:
            result = actions.add_document(draft, title, publisher, published, kind)
        except MonitorError as exc:
            st.error(ui.plain(exc), icon=":material/error:")
            return
        if result.duplicate_of:
            message = f"This text is already stored as {result.duplicate_of}; nothing new stored."
        else:
            message = (
                f"Stored {ui.plain(result.title)}: {result.items_written} items, shown on every page now."
            )
        st.session_state[ADDED_MESSAGE] = message
        st.session_state.pop(URL_DRAFT, None)
        st.rerun()
