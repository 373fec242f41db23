"""The store a page reads and its data version: engine, snapshot, first-run checks, error text."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import NamedTuple

import pandas as pd
import sqlalchemy as sa
import streamlit as st
from sqlalchemy.engine import Engine

from etl import store
from etl.settings import load_settings

# Pages read items and tags with analysts' reviews applied: the items_current and item_measures_current
# views (rejected items carry no tags there).
items_t, actors_t, documents_t = store.items_current, store.actors, store.documents
measures_t, tags_t, runs_t, issues_t = (
    store.measures,
    store.item_measures_current,
    store.etl_runs,
    store.etl_issues,
)


class Snapshot(NamedTuple):
    """Which store and which state of it a cached answer belongs to."""

    db_url: str
    version: str


@st.cache_resource(show_spinner=False)
def engine_for(db_url: str) -> Engine:
    """One engine (and connection pool) per store URL for the whole server process."""
    return store.make_engine(replace(load_settings(), db_url=db_url))


def read_frame(snap: Snapshot, statement: sa.Executable) -> pd.DataFrame:
    with engine_for(snap.db_url).connect() as conn:
        result = conn.execute(statement)
        return pd.DataFrame(result.fetchall(), columns=list(result.keys()))


def _no_store_file(db_url: str) -> bool:
    """True for a SQLite store whose file does not exist yet: looking must not create an empty one."""
    url = sa.make_url(db_url)
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return False
    return not Path(url.database).exists()


def current_snapshot() -> Snapshot | None:
    """The store's current state, or None when it does not exist yet or holds no data (first run)."""
    db_url = load_settings().db_url
    if _no_store_file(db_url):
        return None
    try:
        engine = engine_for(db_url)
        version = store.data_version(engine)
        with engine.connect() as conn:
            runs = conn.execute(
                sa.select(sa.func.max(runs_t.c.run_id), sa.func.count(runs_t.c.finished_at))
            ).one()
            # Only a store without a successful refresh or an upload can be empty: look only then.
            empty = (
                version.startswith("0:0:")
                and conn.execute(sa.select(documents_t.c.doc_id).limit(1)).first() is None
            )
    except sa.exc.SQLAlchemyError:
        return None  # no schema yet
    if empty:
        return None
    return Snapshot(db_url, f"{version}|runs:{runs[0] or 0}:{runs[1]}")


def last_run_message() -> str | None:
    """The message of the newest failed run, for the first-run screen (the store may lack tables)."""
    db_url = load_settings().db_url
    if _no_store_file(db_url):
        return None
    try:
        with engine_for(db_url).connect() as conn:
            row = conn.execute(
                sa.select(runs_t.c.status, runs_t.c.message).order_by(runs_t.c.run_id.desc()).limit(1)
            ).first()
    except sa.exc.SQLAlchemyError:
        return None
    return row.message if row is not None and row.status == "failed" else None


def describe_error(exc: BaseException) -> str:
    """One line saying why the store refused a read, without the SQL statement."""
    return store.describe_db_error(exc)
