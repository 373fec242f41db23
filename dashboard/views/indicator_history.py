"""Indicators → History: the uploads, newest first and a page at a time; compare two; restore one."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd
import streamlit as st

from dashboard import actions, queries, ui
from dashboard.views.indicator_upload import STORED_MESSAGE

PER_PAGE = 20  # uploads listed at a time; the selectors still reach every upload


def _number(value: Any) -> str:
    return f"{float(value):,.10g}"


def comparison_text(frame: pd.DataFrame, first: int, second: int) -> pd.DataFrame:
    """The comparison in words where there is no number: a gap, or a period one upload does not hold."""
    out = frame[["indicator", "entity", "period_start"]].copy()
    out["entity"] = out["entity"].fillna("")
    for upload, held in ((first, "in_a"), (second, "in_b")):
        column = f"upload {upload}"
        out[column] = [
            "not in this upload" if not has else "gap" if pd.isna(value) else _number(value)
            for value, has in zip(frame[column], frame[held], strict=True)
        ]
    out["change"] = [
        "" if pd.isna(change) else ("+" if change > 0 else "") + _number(change) for change in frame["change"]
    ]
    return out


def _page(uploads: pd.DataFrame) -> pd.DataFrame:
    """The uploads of the page chosen (the newest PER_PAGE first), and a line saying which these are."""
    total = len(uploads)
    pages = max(1, -(-total // PER_PAGE))
    page = 1
    if pages > 1:
        page = int(
            st.number_input(
                f"Page (of {pages:,})", min_value=1, max_value=pages, value=1, step=1, key="uploads_page"
            )
        )
    shown = uploads.iloc[(page - 1) * PER_PAGE : page * PER_PAGE]
    if pages > 1:
        low = (page - 1) * PER_PAGE + 1
        st.caption(f"Uploads {low:,}–{low + len(shown) - 1:,} of {total:,}, newest first.")
    else:
        st.caption(f"{total:,} upload{'s' * (total != 1)}, newest first.")
    return shown


def _table(shown: pd.DataFrame) -> None:
    columns = {
        "upload_id": st.column_config.NumberColumn("Upload", format="%d", width="small"),
        "filename": st.column_config.TextColumn("File"),
        "uploaded_at": st.column_config.DatetimeColumn("Uploaded (UTC)", format="YYYY-MM-DD HH:mm"),
        "via": st.column_config.TextColumn("Via", width="small"),
        "rows": st.column_config.NumberColumn("Points", format="%d", width="small"),
        "series": st.column_config.NumberColumn("Series", format="%d", width="small"),
        "indicators": st.column_config.TextColumn("Indicators", width="large"),
        "current": st.column_config.CheckboxColumn("Current", width="small"),
    }
    # Only the columns shown travel to the browser (the others, such as an upload's source, may be empty).
    ui.table(shown[list(columns)].fillna({"filename": "", "indicators": "", "via": ""}), columns)


def _compare(
    snap: queries.Snapshot, uploads: pd.DataFrame, shown: pd.DataFrame, where: Sequence[Any]
) -> None:
    """Two uploads side by side; by default the newest two that hold a series in common."""
    pair = queries.comparable_uploads(snap)
    names = dict(zip(uploads["upload_id"], uploads["filename"], strict=True))
    ids = sorted({*shown["upload_id"].tolist(), *(pair or ())}, reverse=True)
    older, newer = pair or (ids[min(1, len(ids) - 1)], ids[0])

    def label(upload_id: int) -> str:
        return f"{upload_id} · {names.get(upload_id, '')}"

    first = where[0].selectbox(
        "Compare upload", ids, index=ids.index(older), format_func=label, key="compare_a"
    )
    second = where[1].selectbox(
        "with upload", ids, index=ids.index(newer), format_func=label, key="compare_b"
    )
    if pair is None:
        st.caption("No two uploads hold the same series yet, so there is nothing to compare.")
        return
    if first == second:
        st.caption("Choose two different uploads to compare.")
        return
    changed, differing, compared = queries.compare_uploads(snap, int(first), int(second))
    if not compared:
        st.caption(
            f"Uploads {first} and {second} hold no series in common, so there is nothing to compare. "
            f"Uploads {older} and {newer} do."
        )
        return
    shown_note = f" (the first {len(changed):,} shown)" if len(changed) < differing else ""
    st.caption(
        f"{differing:,} of {compared:,} periods differ between uploads {first} and {second}, over the "
        f"series both hold{shown_note}."
    )
    if differing:
        ui.table(
            comparison_text(changed, int(first), int(second)),
            {
                "indicator": st.column_config.TextColumn("Indicator"),
                "entity": st.column_config.TextColumn("Entity"),
                "period_start": st.column_config.TextColumn("Period"),
                f"upload {first}": st.column_config.TextColumn(f"Upload {first}"),
                f"upload {second}": st.column_config.TextColumn(f"Upload {second}"),
                "change": st.column_config.TextColumn("Change"),
            },
        )


def render(snap: queries.Snapshot) -> None:
    uploads = queries.indicator_uploads(snap)
    if uploads.empty:
        ui.empty_state("No uploads yet.")
        return
    shown = _page(uploads)
    _table(shown)
    cols = st.columns(3)
    _compare(snap, uploads, shown, cols)
    ids = shown["upload_id"].tolist()
    restore = cols[2].selectbox("Make current again", ids, index=None, key="restore", placeholder="Upload…")
    if restore is not None and st.button(
        f"Make upload {restore} current", key="make_current", disabled=actions.read_only()
    ):
        actions.make_upload_current(int(restore))
        st.session_state[STORED_MESSAGE] = f"Upload {restore} is current again; its values win in charts."
        st.rerun()
