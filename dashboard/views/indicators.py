"""Indicators: chart uploaded series beside the items, upload new CSVs, and browse or restore versions."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from dashboard import actions, chart_specs, charts, queries, ui
from etl.indicators.formats import ROLES
from etl.indicators.ingest import IndicatorOptions, Preview, preview_indicator_bytes

STORED_MESSAGE = "_indicator_stored_message"

snap = ui.snapshot()
ui.page_title(
    "Indicators",
    "Time series uploaded as CSV files, charted with the items; every upload is kept as a version.",
)


SEP = "\u241f"  # a separator no indicator name contains


def _series_key(row: pd.Series) -> str:
    return f"{row['indicator']}{SEP}{row['entity']}{SEP}{row['unit']}"


def _markers(
    shown: tuple[date, date], categories: tuple[str, ...], actors: tuple[str, ...]
) -> tuple[pd.DataFrame, str]:
    """The item-marker filters (the same confidence floor and review filters as every page) and the
    items they mark, with a few words saying which."""
    more = st.columns([2, 3, 2.6], vertical_alignment="bottom")
    with more[0]:
        min_confidence = ui.confidence_input("mark_confidence")
    only_theirs = more[1].toggle(
        "Only items involving the charted states",
        value=False,
        key="involving",
        bind="query-params",
        disabled=not actors,
        help="Marks only the items whose supplier or recipient is a state these series are about.",
    )
    reviewed_only, show_rejected = ui.review_inputs(more[2], ("marks_reviewed", "marks_rejected"))
    markers = queries.item_markers(
        snap,
        shown[0],
        shown[1],
        categories,
        min_confidence,
        actor_ids=actors if only_theirs else (),
        reviewed_only=reviewed_only,
        show_rejected=show_rejected,
    )
    said = f"confidence {min_confidence:g} or more" + (", involving these states only" if only_theirs else "")
    return markers, said


def _chart(points: pd.DataFrame) -> None:
    """The period and item-marker controls, then one panel per unit, all on the same time axis."""
    first = points["period_start"].min().date()
    last = points["period_end"].fillna(points["period_start"]).max().date()
    categories = queries.filter_options(snap).categories
    actors = tuple(sorted(a for a in points.get("actor_id", pd.Series(dtype=str)).dropna().unique()))
    controls = st.columns([2, 3, 1.2, 1.4], vertical_alignment="bottom")
    with controls[0]:
        shown = ui.period_input("Period shown", "shown", first, last) or (first, last)
    marked = ui.choose_many(
        controls[1],
        "Mark items of these categories",
        categories,
        "marks",
        "No item markers",
        default=[c for c in charts.TRANSFER_CATEGORIES if c in categories],
        help="Each item is a light vertical line at its date; hover one for the item and its source quote.",
    )
    indexed = controls[2].toggle("Index to 100", value=False, key="indexed", bind="query-params")
    if indexed:
        at = controls[3].date_input(
            "Index date (= 100)", value=first, min_value=first, max_value=last, format="YYYY-MM-DD"
        )
        points = charts.index_to_100(points, at if isinstance(at, date) else first)
    inside = points["period_start"].between(pd.Timestamp(shown[0]), pd.Timestamp(shown[1]))
    if not inside.any():
        ui.empty_state("None of these series has a value in the period shown.")
        return
    points = points[inside]
    markers, said = _markers(shown, tuple(marked), actors)
    domain = charts.padded_domain(shown[0], shown[1])
    for unit, panel in chart_specs.indicator_panels(points, markers, domain):
        st.vega_lite_chart(panel, theme=None, width="stretch", key=f"indicator_chart_{unit}")
    averaged = int((points["n"] > 1).sum())
    notes = [f"{len(points):,} points shown"]
    if averaged:
        notes.append(f"{averaged:,} of them average runs of points, to keep the chart light")
    notes.append(f"{len(markers):,} items marked ({said})" if marked else "no items marked")
    st.caption(
        "; ".join(notes) + ". Each value sits at the middle of the period it covers (a year's value at "
        "mid-year), with a light bar spanning that period; series in different units get their own panel. "
        "Hover a point for its period and value."
    )


def _chart_tab() -> None:
    """Choose series and chart them, with the items marked."""
    catalogue = queries.indicator_catalogue(snap)
    if catalogue.empty:
        ui.empty_state("No indicators uploaded yet. Add a CSV on the Upload tab.")
    else:
        labels = {
            _series_key(r): f"{charts.series_label(r['indicator'], r['entity'], r['actor_name'])}"
            + (f" ({r['unit']})" if r["unit"] else "")
            for _, r in catalogue.iterrows()
        }
        keys = list(labels)
        chosen = st.multiselect(
            "Series",
            keys,
            default=keys[:2],
            format_func=lambda key: labels[key],
            key="series",
            bind="query-params",
            placeholder="Choose series to chart",
        )
        triples = tuple(tuple(k.split(SEP, 2)) for k in chosen)
        points = queries.indicator_points(snap, triples)  # type: ignore[arg-type]
        # Each series' actor, so that its label and the item markers can use it.
        points = points.merge(
            catalogue[["indicator", "entity", "unit", "actor_id", "actor_name"]].drop_duplicates(
                ["indicator", "entity", "unit"]
            ),
            on=["indicator", "entity", "unit"],
            how="left",
        )
        if points.empty:
            ui.empty_state("Choose one or more series to chart.")
        else:
            _chart(points)


def _role_key(preview: Preview, index: int) -> str:
    """A role widget's key, per file: the corrections made to one file never apply to the next one."""
    return f"role_{preview.sha256[:12]}_{index}"


def _options_from_state(preview: Preview | None) -> IndicatorOptions:
    """The corrections the user made on the preview, as uploader options."""
    state = st.session_state
    roles = {}
    if preview is not None:
        for column in preview.columns:
            chosen = state.get(_role_key(preview, column.index))
            if chosen and chosen != column.detected:
                roles[column.header or str(column.index + 1)] = chosen
    order = state.get("day_order")
    decimal = state.get("decimal")
    return IndicatorOptions(
        roles=roles,
        indicator=state.get("indicator_name") or None,
        unit=state.get("indicator_unit") or None,
        day_first=None if not order else order == "Day first (31/12/2024)",
        decimal=None if not decimal else ("comma" if decimal.startswith("Comma") else "point"),
    )


def _show_preview(preview: Preview) -> None:
    """What was understood of the file, and the widgets to correct it."""
    cells = st.columns(4)
    cells[0].metric("Layout", preview.layout or "—")
    cells[1].metric("Rows read", f"{preview.rows:,}")
    cells[2].metric("Series found", f"{len(preview.series):,}")
    cells[3].metric("Periods", f"{preview.first} → {preview.last}" if preview.series else "—")
    st.caption(
        f"Encoding {preview.encoding or '?'} · {preview.delimiter or '?'}-separated · header on line "
        f"{preview.header_line} · granularity {', '.join(preview.granularities) or '—'} · "
        f"{preview.points:,} points, {preview.gaps:,} gaps"
    )
    if preview.columns:
        st.markdown("**Columns and their roles** (change a role to correct it)")
        role_choices = [*ROLES, "period", "total"]
        grid = st.columns(min(4, len(preview.columns)))
        for column in preview.columns:
            current = st.session_state.get(_role_key(preview, column.index), column.detected)
            grid[column.index % len(grid)].selectbox(
                ui.plain(column.header) if column.header else f"(column {column.index + 1})",
                role_choices,
                index=role_choices.index(current) if current in role_choices else 0,
                key=_role_key(preview, column.index),
                help=ui.plain(
                    f"Detected: {column.detected}. First values: {', '.join(map(str, column.sample[:3]))}"
                ),
            )
    names = st.columns(2)
    names[0].text_input("Indicator name (files with one indicator)", key="indicator_name")
    names[1].text_input("Unit", key="indicator_unit")
    if "day_first" in preview.questions:
        st.radio(
            preview.questions["day_first"],
            ["Day first (31/12/2024)", "Month first (12/31/2024)"],
            index=None,
            key="day_order",
        )
    if "decimal" in preview.questions:
        st.radio(preview.questions["decimal"], ["Comma (1,5)", "Point (1.5)"], index=None, key="decimal")
    if preview.series:
        found = pd.DataFrame([s.__dict__ for s in preview.series])
        st.dataframe(found, hide_index=True, width="stretch", height=220)
    for note in preview.left_out:
        st.caption(f"Left out: {ui.plain(note)}")
    if preview.message:
        st.error(ui.plain(preview.message), icon=":material/error:")
        st.code("\n".join(preview.problems) or preview.message, language=None)


def _upload_tab() -> None:
    """Upload a CSV, check and correct what was understood, store it."""
    if actions.read_only():
        st.info("This dashboard is read-only: uploads are turned off here.", icon=":material/lock:")
    uploaded = st.file_uploader(
        "Indicator CSV",
        type=["csv", "tsv", "txt"],
        key="indicator_file",
        help="Long, wide or OWID layouts.",
        disabled=actions.read_only(),
    )
    if uploaded is None:
        st.caption(
            "Upload a CSV: long (date, indicator, value), one row per date with value columns, wide with "
            "years as columns, or Our World in Data style. Nothing is stored until you press Store."
        )
    else:
        data = uploaded.getvalue()
        first = preview_indicator_bytes(data, uploaded.name)
        options = _options_from_state(first)
        # Only the user's corrections call for a second reading; without any, the first one stands.
        preview = (
            first
            if options == IndicatorOptions()
            else preview_indicator_bytes(data, uploaded.name, options, sha256=first.sha256)
        )
        _show_preview(preview)
        if st.button("Store this upload", type="primary", disabled=not preview.ok, key="store_upload"):
            result = actions.store_indicator_preview(preview)
            if result.duplicate_of is not None:
                message = f"This file is already stored as upload {result.duplicate_of}; nothing new stored."
            else:
                message = (
                    f"Stored {ui.plain(uploaded.name)} as upload {result.upload_id}: "
                    f"{result.rows:,} points in {result.series:,} series. The Chart tab now offers it."
                )
            st.session_state[STORED_MESSAGE] = message
            st.rerun()  # the whole page again, so the chart and history read the new data version


def _history_tab() -> None:
    """Past uploads: compare two, make an older one current again."""
    uploads = queries.indicator_uploads(snap)
    if uploads.empty:
        ui.empty_state("No uploads yet.")
    else:
        ui.table(
            uploads,
            {
                "upload_id": st.column_config.NumberColumn("Upload", format="%d", width="small"),
                "filename": st.column_config.TextColumn("File"),
                "uploaded_at": st.column_config.DatetimeColumn("Uploaded (UTC)", format="YYYY-MM-DD HH:mm"),
                "via": st.column_config.TextColumn("Via", width="small"),
                "rows": st.column_config.NumberColumn("Points", format="%d", width="small"),
                "series": st.column_config.NumberColumn("Series", format="%d", width="small"),
                "indicators": st.column_config.TextColumn("Indicators", width="large"),
                "current": st.column_config.CheckboxColumn("Current", width="small"),
            },
        )
        ids = uploads["upload_id"].tolist()
        cols = st.columns(3)
        older = cols[0].selectbox("Compare upload", ids, index=min(1, len(ids) - 1), key="compare_a")
        newer = cols[1].selectbox("with upload", ids, index=0, key="compare_b")
        if older != newer:
            changed, differing, compared = queries.compare_uploads(snap, int(older), int(newer))
            shown = f" (the first {len(changed):,} shown)" if len(changed) < differing else ""
            st.caption(f"{differing:,} of {compared:,} periods differ between the two uploads{shown}.")
            st.dataframe(changed, hide_index=True, width="stretch", height=240)
        restore = cols[2].selectbox(
            "Make current again", ids, index=None, key="restore", placeholder="Upload…"
        )
        if restore is not None and st.button(
            f"Make upload {restore} current", key="make_current", disabled=actions.read_only()
        ):
            actions.make_upload_current(int(restore))
            st.session_state[STORED_MESSAGE] = f"Upload {restore} is current again; its values win in charts."
            st.rerun()


if STORED_MESSAGE in st.session_state:  # an upload stored or made current on the run before
    st.success(st.session_state.pop(STORED_MESSAGE), icon=":material/check_circle:")
# Only the open tab runs and is drawn; the choice is kept in the address.
tabs = st.tabs(["Chart", "Upload", "History"], key="indicators_tab", bind="query-params")
for tab, draw in zip(tabs, (_chart_tab, _upload_tab, _history_tab), strict=True):
    if tab.open:
        with tab:
            draw()
