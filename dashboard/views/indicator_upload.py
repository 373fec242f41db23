"""Indicators → Upload: what was understood of a CSV, the few controls that correct it, and Store."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import actions, ui
from etl.indicators.formats import ROLES
from etl.indicators.ingest import IndicatorOptions, Preview, preview_indicator_bytes, question_choices
from etl.indicators.layout import ColumnRole

STORED_MESSAGE = "_indicator_stored_message"
# Roles whose columns come in numbers (60 years of a wide export, 40 series of one row per date): above
# this many, and always for periods, they get one control for the lot instead of one each.
GROUPED_ROLES = {"period": "are periods, one value per row and period", "value": "hold values, each a series"}
GROUP_FROM = 7


def _key(preview: Preview, what: str) -> str:
    """A widget's key, per file: the corrections made to one file never apply to the next one."""
    return f"{what}_{preview.sha256[:12]}"


def _grouped(columns: list[ColumnRole]) -> dict[str, list[ColumnRole]]:
    """The columns shown as one control per role: every period column, and many value columns."""
    groups: dict[str, list[ColumnRole]] = {}
    for role in GROUPED_ROLES:
        members = [c for c in columns if c.detected == role and not c.empty]
        if members and (role == "period" or len(members) >= GROUP_FROM):
            groups[role] = members
    return groups


def _options_from_state(preview: Preview) -> IndicatorOptions:
    """The corrections the user made on the preview, as uploader options."""
    state = st.session_state
    roles = {}
    grouped = _grouped(preview.columns)
    for role, members in grouped.items():
        if state.get(_key(preview, f"group_{role}"), True) is False:
            roles.update({c.header or str(c.index + 1): "ignore" for c in members})
    for column in preview.columns:
        chosen = state.get(_key(preview, f"role_{column.index}"))
        if chosen and chosen != column.detected:
            roles[column.header or str(column.index + 1)] = chosen
    order, decimal = state.get(_key(preview, "day_order")), state.get(_key(preview, "decimal"))
    return IndicatorOptions(
        roles=roles,
        indicator=state.get("indicator_name") or None,
        unit=state.get("indicator_unit") or None,
        day_first=None if order is None else order == "day",
        decimal=decimal,
    )


def _reading(preview: Preview) -> str:
    """How the file was read, in words; never a placeholder."""
    if not preview.encoding:
        return (
            "The file could not be read as a table, so no encoding, separator or header line is known: "
            + ui.plain(preview.message)
        )
    decimal = {"point": "numbers with a decimal point", "comma": "numbers with a decimal comma"}.get(
        preview.decimal, "decimal separator not known yet"
    )
    parts = [
        f"Encoding {preview.encoding}",
        f"{preview.delimiter}-separated",
        f"header on line {preview.header_line}",
        decimal,
    ]
    return " · ".join(parts)


def _questions(preview: Preview) -> None:
    """What the file leaves open, asked in words with the file's own example."""
    choices = question_choices(preview)
    example = preview.examples.get("day_first")
    if "day_first" in choices:
        st.radio(
            f"How should dates like {example} be read? The file does not show whether the day or the month "
            "comes first."
            if example
            else ui.plain(preview.questions["day_first"]),
            list(choices["day_first"]),
            format_func=choices["day_first"].get,
            index=None,
            key=_key(preview, "day_order"),
            horizontal=True,
        )
    if "decimal" in choices:
        cell = preview.examples.get("decimal", "")
        st.radio(
            f"What does {cell} mean? The file does not show whether the comma or the point is the decimal "
            "separator.",
            list(choices["decimal"]),
            format_func=choices["decimal"].get,
            index=None,
            key=_key(preview, "decimal"),
            horizontal=True,
        )


def _roles(preview: Preview) -> None:
    """One control per column, except the many columns of one kind, which get one control together."""
    grouped = _grouped(preview.columns)
    for role, members in grouped.items():
        first, last = members[0].header, members[-1].header
        span = f"{ui.plain(first)} … {ui.plain(last)}" if len(members) > 1 else ui.plain(first)
        st.toggle(
            f"Columns {span} ({len(members):,}) {GROUPED_ROLES[role]}",
            value=True,
            key=_key(preview, f"group_{role}"),
            help="Switch off to leave all of these columns out.",
        )
    inside = {c.index for members in grouped.values() for c in members}
    single = [c for c in preview.columns if c.index not in inside and not c.empty]
    if not single:
        return
    grid = st.columns(min(4, len(single)))
    for n, column in enumerate(single):
        choices = [*ROLES, *([column.detected] if column.detected not in ROLES else [])]
        current = st.session_state.get(_key(preview, f"role_{column.index}"), column.detected)
        grid[n % len(grid)].selectbox(
            ui.plain(column.header) if column.header else f"(column {column.index + 1})",
            choices,
            index=choices.index(current) if current in choices else 0,
            key=_key(preview, f"role_{column.index}"),
            help=ui.plain(
                f"Detected: {column.detected}. First values: {', '.join(map(str, column.sample[:3]))}"
            ),
        )


def _sample(preview: Preview) -> None:
    if not preview.sample:
        return
    st.markdown("**How values were read** (a sample from across the file)")
    ui.table(
        pd.DataFrame([c.__dict__ for c in preview.sample]).assign(
            value=lambda f: f["value"].map(repr)  # 2.0, 1234.25, 1.234: no grouping separator to misread
        ),
        {
            "line": st.column_config.NumberColumn("Line", format="%d", width="small"),
            "column": st.column_config.TextColumn("Column"),
            "period_text": st.column_config.TextColumn("Period as written"),
            "period": st.column_config.TextColumn("Period as read"),
            "value_text": st.column_config.TextColumn("Value as written"),
            "value": st.column_config.TextColumn("Value as read"),
        },
    )


def show_preview(preview: Preview, as_detected: Preview) -> None:
    """What was understood of the file, and the widgets to correct it (drawn from the file as detected,
    so they stay when a correction makes the file unreadable, and can be switched back)."""
    cells = st.columns(4)
    cells[0].metric("Layout", preview.layout or "not known")
    cells[1].metric("Rows read", f"{preview.rows:,}")
    cells[2].metric("Series found", f"{len(preview.series):,}")
    cells[3].metric("Points", f"{preview.points:,}")
    st.caption(_reading(preview))
    if preview.series:  # a line of its own: two days do not fit in a metric
        st.markdown(
            f"**Periods {preview.first} → {preview.last}** ({', '.join(preview.granularities)}), "
            f"{preview.points:,} points of which {preview.gaps:,} gaps"
        )
    _questions(preview)
    if as_detected.columns:
        st.markdown("**Columns and their roles** (change a role to correct it)")
        _roles(as_detected)
    names = st.columns(2)
    names[0].text_input("Indicator name (files with one indicator)", key="indicator_name")
    names[1].text_input("Unit", key="indicator_unit")
    if preview.left_out:
        st.markdown("**Left out**\n" + "\n".join(f"- {ui.plain(note)}" for note in preview.left_out))
    _sample(preview)
    if preview.series:
        ui.table(
            pd.DataFrame([s.__dict__ for s in preview.series]),
            {
                "indicator": st.column_config.TextColumn("Indicator"),
                "entity": st.column_config.TextColumn("Entity"),
                "unit": st.column_config.TextColumn("Unit"),
                "granularity": st.column_config.TextColumn("Granularity", width="small"),
                "points": st.column_config.NumberColumn("Points", format="%d", width="small"),
                "gaps": st.column_config.NumberColumn("Gaps", format="%d", width="small"),
                "first": st.column_config.TextColumn("First", width="small"),
                "last": st.column_config.TextColumn("Last", width="small"),
            },
        )
    if preview.awaits_answers:
        st.info("Answer the question above to read the file; nothing is stored until then.")
    elif preview.message:
        st.error(ui.plain(preview.message), icon=":material/error:")
        st.code("\n".join(preview.problems) or preview.message, language=None, wrap_lines=True)


def render() -> None:
    """The Upload tab; storing goes through dashboard.actions (the page shows the message it leaves)."""
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
        return
    data = uploaded.getvalue()
    first = preview_indicator_bytes(data, uploaded.name)
    options = _options_from_state(first)
    # Only the user's corrections call for a second reading; without any, the first one stands.
    preview = (
        first
        if options == IndicatorOptions()
        else preview_indicator_bytes(data, uploaded.name, options, sha256=first.sha256)
    )
    show_preview(preview, first)
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
