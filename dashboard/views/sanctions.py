"""Sanctions: which provisions the items may engage, why, and which items they are."""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from dashboard import chart_specs, charts, queries, ui
from dashboard.labels import code_label

snap = ui.snapshot()
options = queries.filter_options(snap)
ui.page_title("Sanctions", "Items set against the sanctions provisions they may engage.")
st.info(
    "Tags are an analytical aid, not a legal finding. Each tag says why an item may engage a provision, "
    "and a provision is only considered for items dated inside its in-force period. Provision numbers marked "
    "“unverified” have not been checked against the primary text.",
    icon=":material/balance:",
)

controls = st.columns([3, 1.4], vertical_alignment="bottom")
with controls[1]:
    min_confidence = ui.confidence_input("tag_confidence")
with controls[0]:
    # The regimes and review filters sit in a panel, said in words beside its button.
    panel, said = ui.more_filters("Regimes and review filters")
regimes = ui.choose_many(panel, "Regimes", options.regimes, "regime", "All regimes")
reviewed_only, show_rejected = ui.review_inputs(panel, ("tags_reviewed", "tags_rejected"))
said.caption(
    ui.filters_said([("Regimes", regimes)], "All regimes")
    + "; "
    + ui.review_said(reviewed_only, show_rejected)
    + "."
)
item_filter = queries.ItemFilter(
    min_confidence=min_confidence, reviewed_only=reviewed_only, show_rejected=show_rejected
)
matrix = queries.sanctions_matrix(snap, tuple(regimes), item_filter)
measures = queries.measures_overview(snap, item_filter)
if regimes:
    measures = measures[measures["regime"].isin(regimes)]
# Most-used provisions first, so the drill-down opens on the one with most items.
engaged = measures[measures["measure_id"].isin(matrix["measure_id"])].sort_values(
    "tagged_items", ascending=False
)
engaged_filter = replace(item_filter, measure_ids=tuple(engaged["measure_id"]))
tagged = queries.key_figures(snap, engaged_filter).items if not engaged.empty else 0
below = (
    queries.key_figures(snap, replace(engaged_filter, min_confidence=0.0)).items - tagged
    if not engaged.empty
    else 0
)
ui.figures_line(
    [
        ("Tagged items", f"{tagged:,}"),
        ("Provisions engaged", f"{len(engaged):,}"),
        ("Of which unverified", f"{int((engaged['provision_confidence'] != 'verified').sum()):,}"),
    ],
    help=(
        "Tagged items: items with at least one tag in these regimes. Provisions engaged: provisions with "
        "at least one tagged item. Unverified: provision numbers not yet confirmed against the primary text."
    ),
)
st.markdown(
    f"{ui.shown_count(tagged, tagged, 'tagged items')} at confidence {min_confidence:g} or more, all dates."
    + (f" {below:,} more tagged items are scored below it and hidden." if below else "")
)

st.subheader("Items by provision and category")
if matrix.empty:
    ui.empty_state("No tagged items match these filters.")
else:
    event = ui.clickable_chart(
        chart_specs.sanctions_heatmap(matrix), "sanctions_heatmap", [charts.SANCTIONS_PICK]
    )
    st.caption("Each cell counts the items of one category a provision tags. Click a cell to list them.")
    cell = ui.picked(event, [charts.SANCTIONS_PICK], "cell_key")
    if cell is not None:
        measure_id, category = cell.split("|", 1)
        picked_label = matrix.loc[matrix["measure_id"] == measure_id, "provision_label"].iloc[0]
        ui.open_items(
            queries.tagged_item_ids(snap, measure_id, category, item_filter),
            f"provision {picked_label}, {code_label(category)}",
            item_filter,
        )

st.subheader("Drill down")
if engaged.empty:
    st.caption("No provision has tagged items under these filters.")
else:
    labels = dict(zip(engaged["measure_id"], engaged["label"], strict=True))
    left, right = st.columns([3, 2])
    measure_id = left.selectbox(
        "Provision", list(labels), format_func=lambda m: labels[m], key="measure", bind="query-params"
    )
    in_matrix = matrix[matrix["measure_id"] == measure_id]["category"].tolist()
    category = right.selectbox(
        "Category",
        ["", *in_matrix],
        format_func=lambda c: code_label(c) if c else "All categories",
        key="measure_category",
        bind="query-params",
    )
    chosen = engaged[engaged["measure_id"] == measure_id].iloc[0]
    st.markdown(f"**{chosen['instrument']} {chosen['provision']}** ({chosen['regime']}): {chosen['summary']}")
    if chosen["provision_confidence"] != "verified":
        st.caption(":orange[Unverified provision number:] the paragraph cited here has not been confirmed.")
    items = queries.tagged_items(snap, measure_id, category or None, item_filter)
    if items.empty:
        ui.empty_state()
    else:
        ui.table(
            items.assign(
                category=items["category"].map(code_label),
                date_text=items["date_text"].fillna("undated"),
                document_url=items["document_url"].fillna(""),
            ),
            {
                "date_text": st.column_config.TextColumn("Date (as written)", width=130),
                "category": "Category",
                "summary": st.column_config.TextColumn("Summary", width=240),
                "rationale": st.column_config.TextColumn("Why tagged", width=260),
                "quote": st.column_config.TextColumn("Source quote", width=380),
                "status": "Status",
                "document": "Document",
                "document_url": st.column_config.LinkColumn("Link", display_text="Open ↗", width="small"),
            },
        )

st.subheader("Provisions")
if measures.empty:
    st.caption("No provisions are stored for these regimes.")
else:
    ui.table(
        measures.assign(
            provision_confidence=measures["provision_confidence"]
            .map({"verified": "Verified"})
            .fillna("Unverified"),
            in_force_to=measures["in_force_to"].map(lambda d: d.isoformat() if d else "still in force"),
            in_force_from=measures["in_force_from"].map(lambda d: d.isoformat() if d else ""),
            source_url=measures["source_url"].fillna(""),
        ),
        {
            "regime": st.column_config.TextColumn("Regime", width="small"),
            "instrument": st.column_config.TextColumn("Instrument", width="medium"),
            "provision": "Provision",
            "provision_confidence": st.column_config.TextColumn("Provision number", width="small"),
            "summary": st.column_config.TextColumn("What it covers", width="large"),
            "in_force_from": st.column_config.TextColumn("In force from", width="small"),
            "in_force_to": st.column_config.TextColumn("In force to", width="small"),
            "tagged_items": st.column_config.NumberColumn("Tagged items", format="%d"),
            "source_url": st.column_config.LinkColumn("Source", display_text="Text ↗"),
        },
    )
