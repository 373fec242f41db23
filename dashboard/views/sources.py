"""Sources & runs: the documents behind the items, the refresh history, and a button to refresh now."""

from __future__ import annotations

import streamlit as st

from dashboard import chart_specs, queries, ui
from dashboard.labels import code_label, format_age
from dashboard.views import add_document

_DOCUMENT_COUNTS = ["documents_seen", "documents_changed", "documents_skipped"]


def _documents_cell(seen: int, changed: int, skipped: int) -> str:
    """A run's document counts in one cell, so the history fits its column at 1280 px."""
    return f"{seen:,} / {changed:,} / {skipped:,}"


def _issues_cell(issues: int, warnings: int) -> str:
    return "none" if not issues else f"{issues:,} ({warnings:,} warn.)"


snap = ui.snapshot()
ui.page_title("Sources & runs", "Where the items come from, and how the refreshes that load them went.")
ui.refresh_panel()
add_document.render()

documents = queries.documents_overview(snap)
runs = queries.run_history(snap)
kinds = sorted(documents["kind"].dropna().unique().tolist())

st.subheader("Documents")
kind = st.columns([2, 3])[0].selectbox(
    "Kind",
    ["", *kinds],
    format_func=lambda k: code_label(k) if k else "All kinds",
    key="kind",
    bind="query-params",
)
shown = documents[documents["kind"] == kind] if kind else documents
ui.figures_line(
    [
        ("Documents", f"{len(shown):,}"),
        ("Items from them", f"{int(shown['items'].sum()):,}"),
        ("Without items", f"{int((shown['items'] == 0).sum()):,}"),
    ],
    help="Without items: documents the extractor found nothing sanctions-relevant in.",
)
if shown.empty:
    ui.empty_state("No documents match these filters.")
else:
    ui.table(
        shown.assign(
            kind=shown["kind"].map(code_label),
            url=shown["url"].fillna(""),
            updated_on=shown["updated_on"].map(lambda d: d.isoformat() if d else ""),
        ),
        {
            # Widths that fit a 1280 px window, the item count beside the title where it is seen.
            "title": st.column_config.TextColumn("Title", width=250),
            "items": st.column_config.NumberColumn("Items", format="%d", width=60),
            "publisher": st.column_config.TextColumn("Publisher", width=150),
            "kind": st.column_config.TextColumn("Kind", width=95),
            "published_on": st.column_config.DateColumn("Published", format="YYYY-MM-DD", width=90),
            "updated_on": st.column_config.TextColumn("Updated", width=90),
            "url": st.column_config.LinkColumn("Link", display_text="Open ↗", width="small"),
            "path": st.column_config.TextColumn("File"),
        },
    )

st.subheader("Refresh history")
if runs.empty:
    st.caption("No refresh has run yet.")
else:
    last = runs.iloc[0]
    when = f"{code_label(last['status']).lower()} {format_age(last['started_at'].to_pydatetime())}"
    st.caption(
        f"One refresh so far; it {when}."
        if len(runs) == 1
        else f"{len(runs):,} runs shown; the latest {when}. The chart shows the last {min(len(runs), 60)}."
    )
    st.vega_lite_chart(chart_specs.runs(runs.head(60)), theme=None, width="stretch", key="runs_chart")
    st.caption("Documents: read / changed / skipped in that run. Issues: all notes (of which warnings).")
    ui.table(
        runs.assign(
            status=runs["status"].map(code_label),
            trigger=runs["trigger"].map(code_label),
            documents=[_documents_cell(*row) for row in runs[_DOCUMENT_COUNTS].itertuples(index=False)],
            issues_text=[_issues_cell(*row) for row in runs[["issues", "warnings"]].itertuples(index=False)],
            message=runs["message"].fillna(""),
        ),
        {
            "run_id": st.column_config.NumberColumn("Run", format="%d", width=40),
            "status": st.column_config.TextColumn("Outcome", width=80),
            "trigger": st.column_config.TextColumn("Started by", width=75),
            "started_at": st.column_config.DatetimeColumn(
                "Started (UTC)", format="YYYY-MM-DD HH:mm", width=120
            ),
            "duration_s": st.column_config.NumberColumn("Seconds", format="%.1f", width=60),
            "documents": st.column_config.TextColumn(
                "Documents", width=110, help="Documents read / changed / skipped"
            ),
            "items_written": st.column_config.NumberColumn("Items", format="%d", width=50),
            "issues_text": st.column_config.TextColumn("Issues", width=100),
            "message": st.column_config.TextColumn("Message"),
        },
    )

st.subheader("Issues")
run_ids = runs.loc[runs["issues"] > 0, "run_id"].tolist() if not runs.empty else []
issue_row = st.columns([2, 3])
run_choice = issue_row[0].selectbox(
    "Run",
    [0, *run_ids],
    format_func=lambda r: f"Run {r}" if r else "All runs",
    key="run",
    bind="query-params",
)
issues = queries.run_issues(snap, run_choice or None)
level = issue_row[1].selectbox(
    "Level",
    ["", *sorted(set(issues["level"]))],
    format_func=lambda v: code_label(v) if v else "Every level",
    key="level",
    bind="query-params",
)
if level:
    issues = issues[issues["level"] == level]
if issues.empty:
    st.caption("No issues recorded." if not run_choice else "This run recorded no issues.")
else:
    ui.table(
        # Notes read as notes: only warnings and errors carry a mark that draws the eye.
        issues.assign(
            level=issues["level"].map(
                lambda v: {"error": "⛔ Error", "warning": "⚠ Warning"}.get(v, code_label(v))
            ),
            doc_id=issues["doc_id"].fillna(""),
        ),
        {
            "run_id": st.column_config.NumberColumn("Run", format="%d", width="small"),
            "level": st.column_config.TextColumn("Level", width="small"),
            "doc_id": "Document",
            "message": st.column_config.TextColumn("Message", width="large"),
        },
    )

st.subheader("Orphaned reviews")
orphans = queries.orphaned_reviews(snap)
if orphans.empty:
    st.caption("Every review has its place: each reviewed quote is still in its document.")
else:
    st.caption(
        (
            "1 review lost its place when its document changed. It is"
            if len(orphans) == 1
            else f"{len(orphans):,} reviews lost their place when their documents changed. They are"
        )
        + " kept, never dropped, and attach again if the quote comes back."
    )
    ui.table(
        orphans.assign(review_status=orphans["review_status"].map(code_label)),
        {
            "reviewed_at": st.column_config.DatetimeColumn("Last decision (UTC)", format="YYYY-MM-DD HH:mm"),
            "reviewed_by": st.column_config.TextColumn("Reviewer", width="small"),
            "review_status": st.column_config.TextColumn("Decision", width="small"),
            "doc_id": "Document",
            "quote": st.column_config.TextColumn("Quote", width="large"),
            "orphan_reason": st.column_config.TextColumn("Why", width="medium"),
            "item_id": st.column_config.TextColumn("Item id"),
        },
        key="orphans",
    )
