"""Items: every extracted item with its source quote, filterable, shareable as a link, downloadable."""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from dashboard import exports, queries, reviewing, ui
from dashboard.labels import code_label

snap = ui.snapshot()
options = queries.filter_options(snap)
ui.page_title(
    "Items",
    "Each item is one claim in a source document, with the sentence it was taken from. "
    "Filters are kept in the address bar: copy it to share this view.",
)

# A click on a chart mark arrives with the ids of exactly its items and a line saying which mark it was.
picked_ids = tuple(i for i in st.query_params.get("ids", "").split(",") if i)
if picked_ids:
    banner = st.container(horizontal=True, vertical_alignment="center")
    banner.info(
        f"Showing the {len(picked_ids):,} items behind the chart mark you clicked "
        f"({ui.plain(st.query_params.get('mark', 'a chart'))}). The filters below still apply.",
        icon=":material/ads_click:",
    )
    if banner.button("Show all items", key="clear_ids", icon=":material/close:"):
        for name in ("ids", "mark"):
            st.query_params.pop(name, None)
        st.rerun()

with st.container(border=True):
    top = st.columns([1.9, 2.1, 1.5], vertical_alignment="bottom")
    with top[0]:
        period = ui.period_input("Date range", "dates", options.date_min, options.date_max)
    text = top[1].text_input(
        "Search summary and quote",
        key="q",
        bind="query-params",
        placeholder="Words that must all appear, e.g. missiles Kharkiv",
    )
    with top[2]:
        min_confidence = ui.confidence_input("confidence")
    # The other filters sit in a panel, said in words beside its button.
    panel, said = ui.more_filters()
    row = panel.columns(2)
    categories = ui.choose_many(row[0], "Category", options.categories, "category", "Any category")
    goods = ui.choose_many(row[1], "Goods class", options.goods_classes, "goods", "Any goods")
    from_actors = ui.choose_many(row[0], "From", options.actors, "from", "Any actor")
    to_actors = ui.choose_many(row[1], "To", options.actors, "to", "Any actor")
    statuses = ui.choose_many(row[0], "Status", options.statuses, "status", "Any status")
    provisions = ui.choose_many(row[1], "Provision", options.measures, "provision", "Any provision")
    undated = panel.toggle(
        "Include undated",
        value=True,
        key="undated",
        bind="query-params",
        help="Items whose source gives no date cannot be placed in a date range.",
    )
    reviewed_only, show_rejected = ui.review_inputs(panel)
    said.caption(
        ui.filters_said(
            [
                ("Category", [code_label(c) for c in categories]),
                ("From", [options.actors.get(a, a) for a in from_actors]),
                ("To", [options.actors.get(a, a) for a in to_actors]),
                ("Goods class", [code_label(g) for g in goods]),
                ("Status", [code_label(x) for x in statuses]),
                ("Provision", [options.measures.get(m, m) for m in provisions]),
            ],
            "Any category, parties, goods, status and provision",
        )
        + ("; undated items included" if undated else "; undated items left out")
        + "; "
        + ui.review_said(reviewed_only, show_rejected)
        + "."
    )

item_filter = queries.ItemFilter(
    categories=tuple(categories),
    from_actors=tuple(from_actors),
    to_actors=tuple(to_actors),
    goods_classes=tuple(goods),
    statuses=tuple(statuses),
    measure_ids=tuple(provisions),
    date_from=period[0] if period else None,
    date_to=period[1] if period else None,
    include_undated=undated,
    text=text.strip(),
    min_confidence=min_confidence,
    reviewed_only=reviewed_only,
    show_rejected=show_rejected,
    item_ids=picked_ids,
)
reviewing.show_done()
rows = queries.item_table(snap, item_filter)
hidden = queries.key_figures(snap, replace(item_filter, min_confidence=0.0)).items - len(rows)
st.markdown(
    f"**{len(rows):,} items** match these filters."
    + (
        f" {hidden:,} more, scored below {min_confidence:g}, are hidden: lower the minimum confidence to "
        "see them."
        if hidden
        else ""
    )
)
if rows.empty:
    ui.empty_state()
    st.stop()

# The table comes a page at a time, the pager under it; the downloads hold every matching row.
table_slot = st.container()
shown, page = ui.table_page(queries.item_table_shown(snap, item_filter), "page", "items, newest first")
event = ui.table(
    shown,
    {
        "date_text": st.column_config.TextColumn("Date (as written)", width=170),
        "resolved": st.column_config.TextColumn(
            "Date (as read)", width=200, help="The date the item was placed at, and how precise it is."
        ),
        "category": st.column_config.TextColumn("Category", width=150),
        "from_actor": st.column_config.TextColumn("From", width=110),
        "to_actor": st.column_config.TextColumn("To", width=110),
        "summary": st.column_config.TextColumn("Summary", width=240),
        "quote": st.column_config.TextColumn("Source quote", width=420),
        "status": st.column_config.TextColumn("Status", width="small"),
        "confidence": st.column_config.NumberColumn("Confidence", format="%.2f", width="small"),
        "goods": st.column_config.TextColumn("Goods"),
        "goods_class": st.column_config.TextColumn("Goods class"),
        "provisions": st.column_config.TextColumn("Provisions (tags)", width="medium"),
        "document": st.column_config.TextColumn("Document", width="medium"),
        "document_url": st.column_config.LinkColumn("Link", display_text="Open ↗", width="small"),
        "review_status": st.column_config.TextColumn("Review", width="small"),
        "reviewed_by": st.column_config.TextColumn("Reviewed by", width="small"),
        "item_id": st.column_config.TextColumn("Item id"),
    },
    where=table_slot,
    key=f"items_table_{page}",  # each page its own selection
    on_select="rerun",
    selection_mode="single-row",
    height=min(600, 38 + 35 * len(shown)),  # no empty rows under a short table
)
picked = event.selection.rows if event is not None else []
if picked:
    ui.item_details(shown.iloc[picked[0]])
    with st.container(border=True):
        reviewing.decision_panel(rows.loc[shown.index[picked[0]]], "items", reviewing.reviewer_bar())
else:
    st.caption("Select a row to read its full source quote.")

# The files are made when a button is clicked, not on every run of the page.
buttons = st.container(horizontal=True)
buttons.download_button(
    "Download CSV",
    lambda: exports.to_csv_bytes(rows),
    file_name="items.csv",
    mime="text/csv",
    icon=":material/download:",
    key="download_csv",
    on_click="ignore",
)
buttons.download_button(
    "Download Parquet",
    lambda: exports.to_parquet_bytes(rows),
    file_name="items.parquet",
    mime="application/vnd.apache.parquet",
    icon=":material/download:",
    key="download_parquet",
    on_click="ignore",
)
st.caption(
    "Downloads hold exactly the rows that match these filters, every page of them, with stored codes "
    "rather than display labels. In the CSV, cells that a spreadsheet would run as a formula start with "
    "an apostrophe."
)
