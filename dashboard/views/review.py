"""Review: unreviewed items to accept, reject or correct, and items the extractor missed to add."""

from __future__ import annotations

import streamlit as st

from dashboard import queries, reviewing, ui
from dashboard.labels import code_label
from etl.extract.sentences import split_sentences


def _queue(snap: queries.Snapshot, name: str | None) -> None:
    """The items no analyst has looked at yet, one at a time, with the decision panel."""
    order = st.radio(
        "Order",
        list(queries.QUEUE_ORDERS),
        format_func=lambda order: queries.QUEUE_ORDERS[order],
        horizontal=True,
        key="review_order",
        bind="query-params",
    )
    queue = queries.review_queue(snap, order)
    if queue.empty:
        st.success("Every item is reviewed.", icon=":material/task_alt:")
    else:
        queue_labels = {
            row.item_id: f"{row.summary} · {row.document} · confidence {row.confidence:.2f}"
            for row in queue.itertuples()
        }
        chosen = st.selectbox(
            "Item", list(queue_labels), format_func=queue_labels.__getitem__, key="review_item"
        )
        item = queue.set_index("item_id", drop=False).loc[chosen]
        with st.container(border=True):
            ui.item_details(item)
            reviewing.decision_panel(item, "queue", name)
        if len(queue) == queries.QUEUE_LIMIT:
            st.caption(f"The first {queries.QUEUE_LIMIT} items in this order are listed.")


def _reviewed(snap: queries.Snapshot, name: str | None) -> None:
    """The latest decisions, each item with its history and undo."""
    done = queries.review_queue(snap, reviewed=True)
    if done.empty:
        st.caption("No decisions yet.")
    else:
        done_labels = {
            row.item_id: f"{code_label(row.review_status)} by {row.reviewed_by} · {row.summary}"
            for row in done.itertuples()
        }
        chosen = st.selectbox(
            "Item", list(done_labels), format_func=done_labels.__getitem__, key="reviewed_item"
        )
        item = done.set_index("item_id", drop=False).loc[chosen]
        with st.container(border=True):
            ui.item_details(item)
            reviewing.decision_panel(item, "reviewed", name)


def _add_missed(snap: queries.Snapshot, name: str | None) -> None:
    """Add an item the extractor missed: a document, a sentence, the values."""
    documents = queries.document_list(snap)
    doc_id = st.selectbox("Document", list(documents), format_func=documents.__getitem__, key="add_doc")
    sentences = split_sentences(queries.document_text(snap, doc_id) if doc_id else "")
    if not sentences:
        ui.empty_state("This document has no text to quote.")
        st.stop()
    picked = st.selectbox(
        "Sentence holding the item",
        range(len(sentences)),
        format_func=lambda i: f"¶{sentences[i].paragraph + 1}: {sentences[i].text[:140]}",
        key="add_sentence",
    )
    reviewing.add_item_form(str(doc_id), sentences[picked].text, sentences[picked].start, name)


snap = ui.snapshot()
ui.page_title(
    "Review",
    "Accept, reject or correct what the extractor read, or add what it missed. Every decision is kept "
    "with its reviewer, time and note, and follows its quote when a document changes.",
)
name = reviewing.reviewer_bar()
reviewing.show_done()
counts = queries.review_counts(snap)
reviewed = {code_label(s).lower(): n for s, n in sorted(counts.items()) if s != "unreviewed"}
summary = f"**{counts.get('unreviewed', 0):,} items to review**, {sum(reviewed.values()):,} reviewed"
if reviewed:
    summary += " (" + ", ".join(f"{n:,} {label}" for label, n in reviewed.items()) + ")"
st.markdown(summary + ".")
# Only the open tab runs and is drawn; the choice is kept in the address.
queue_tab, reviewed_tab, add_tab = st.tabs(
    ["To review", "Reviewed", "Add a missed item"], key="review_tab", bind="query-params"
)
for tab, draw in ((queue_tab, _queue), (reviewed_tab, _reviewed), (add_tab, _add_missed)):
    if tab.open:
        with tab:
            draw(snap, name)
