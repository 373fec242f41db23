"""The Sources & runs page and the sidebar: documents, runs, issues, freshness, the scheduler."""

from __future__ import annotations

import pandas as pd
import sqlalchemy as sa
import streamlit as st

from dashboard.queries.snapshot import (
    Snapshot,
    documents_t,
    engine_for,
    issues_t,
    items_t,
    read_frame,
    runs_t,
)
from etl.status import StatusReport, freshness_report


@st.cache_data(show_spinner=False, max_entries=8)
def documents_overview(snap: Snapshot) -> pd.DataFrame:
    """Documents with their metadata and how many items each gave (the text itself stays in the store)."""
    counts = (
        sa.select(items_t.c.doc_id, sa.func.count().label("item_count"))
        .where(items_t.c.review_status != "rejected")
        .group_by(items_t.c.doc_id)
        .subquery()
    )
    d = documents_t.c
    statement = (
        sa.select(
            d.doc_id,
            d.title,
            d.publisher,
            d.kind,
            d.published_on,
            d.updated_on,
            d.url,
            d.path,
            d.sha256,
            sa.func.coalesce(counts.c.item_count, 0).label("items"),
        )
        .outerjoin(counts, counts.c.doc_id == d.doc_id)
        .order_by(d.published_on.desc().nulls_last(), d.title)
    )
    return read_frame(snap, statement)


@st.cache_data(show_spinner=False, max_entries=8)
def run_history(snap: Snapshot, limit: int = 200) -> pd.DataFrame:
    """The latest refreshes, newest first, with their duration and number of issues."""
    counts = (
        sa.select(issues_t.c.run_id, sa.func.count().label("issues")).group_by(issues_t.c.run_id).subquery()
    )
    statement = (
        sa.select(
            runs_t.c.run_id,
            runs_t.c.trigger,
            runs_t.c.status,
            runs_t.c.started_at,
            runs_t.c.finished_at,
            runs_t.c.documents_seen,
            runs_t.c.documents_changed,
            runs_t.c.documents_skipped,
            runs_t.c.items_written,
            runs_t.c.warnings,
            sa.func.coalesce(counts.c.issues, 0).label("issues"),
            runs_t.c.message,
        )
        .outerjoin(counts, counts.c.run_id == runs_t.c.run_id)
        .order_by(runs_t.c.run_id.desc())
        .limit(limit)
    )
    frame = read_frame(snap, statement)
    for column in ("started_at", "finished_at"):
        frame[column] = pd.to_datetime(frame[column], utc=True)
    frame["duration_s"] = (frame["finished_at"] - frame["started_at"]).dt.total_seconds()
    return frame


@st.cache_data(show_spinner=False, max_entries=16)
def run_issues(snap: Snapshot, run_id: int | None = None) -> pd.DataFrame:
    """Issues recorded by one run (or by all runs): level, document, message."""
    statement = (
        sa.select(issues_t.c.run_id, issues_t.c.level, issues_t.c.doc_id, issues_t.c.message)
        .where(issues_t.c.run_id == run_id if run_id is not None else sa.true())
        .order_by(issues_t.c.run_id.desc(), issues_t.c.issue_id)
    )
    return read_frame(snap, statement)


def freshness(snap: Snapshot) -> StatusReport:
    """The same freshness report `python -m etl status` prints: last success, failures since, scheduler.

    Not cached: the scheduler's heartbeat moves on its own clock, not with the data version, and the
    report is a few small reads.
    """
    return freshness_report(engine_for(snap.db_url), counts=False)
