"""The Sources & runs page and the sidebar: documents, runs, issues, freshness, the scheduler."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

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
from etl import store


@dataclass(frozen=True)
class Freshness:
    """When the data last changed and how the latest refresh went."""

    last_success_at: datetime | None
    last_run_status: str | None
    last_run_at: datetime | None


@dataclass(frozen=True)
class SchedulerBeat:
    beat_at: datetime
    next_run_at: datetime | None


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


@st.cache_data(show_spinner=False, max_entries=4)
def freshness(snap: Snapshot) -> Freshness:
    """The last successful refresh, and the latest run whatever its outcome."""
    with engine_for(snap.db_url).connect() as conn:
        success = conn.execute(
            sa.select(sa.func.max(runs_t.c.finished_at)).where(runs_t.c.status == "succeeded")
        ).scalar()
        last = conn.execute(
            sa.select(runs_t.c.status, runs_t.c.started_at).order_by(runs_t.c.run_id.desc()).limit(1)
        ).first()
    return Freshness(
        last_success_at=store.as_utc(success),
        last_run_status=last.status if last else None,
        last_run_at=store.as_utc(last.started_at) if last else None,
    )


def scheduler_beat(db_url: str) -> SchedulerBeat | None:
    """The scheduler's latest heartbeat, if one has ever run.

    Not cached: it changes on the scheduler's clock, not with the data version, and it is one row.
    """
    try:
        with engine_for(db_url).connect() as conn:
            beats = store.scheduler_heartbeat.c
            row = conn.execute(
                sa.select(beats.beat_at, beats.next_run_at).order_by(beats.beat_at.desc()).limit(1)
            ).first()
    except sa.exc.SQLAlchemyError:
        return None
    if row is None:
        return None
    return SchedulerBeat(
        beat_at=store.as_utc(row.beat_at),
        next_run_at=store.as_utc(row.next_run_at),
    )
