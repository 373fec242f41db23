"""Every write the dashboard makes: uploads, restoring an upload, review decisions, added documents.

In read-only mode (MONITOR_READ_ONLY) each of them refuses, whatever the page shows.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

import streamlit as st

from dashboard.queries.snapshot import engine_for
from etl.errors import MonitorError
from etl.settings import load_settings


class ReadOnly(MonitorError):
    """A write was attempted on a read-only dashboard."""


def read_only() -> bool:
    """True when MONITOR_READ_ONLY turns every write off."""
    return load_settings().read_only


def _writable() -> None:
    if read_only():
        raise ReadOnly("This dashboard is read-only (MONITOR_READ_ONLY); nothing was changed.")


@st.cache_resource(show_spinner=False)
def _reference(reference_dir: str) -> Any:
    from pathlib import Path

    from etl.extract.reference import load_reference

    return load_reference(Path(reference_dir))


def reference_data() -> Any:
    """The reference data (actors, goods) decisions are checked against, read once per folder."""
    return _reference(str(load_settings().reference_dir))


def _engine_and_reference() -> tuple[Any, Any]:
    return engine_for(load_settings().db_url), reference_data()


def store_indicator_preview(preview: Any) -> Any:
    """Store a previewed upload (a write: not cached); returns the etl UploadResult."""
    from etl.indicators.ingest import store_preview

    _writable()
    return store_preview(engine_for(load_settings().db_url), preview, "dashboard")


def make_upload_current(upload_id: int) -> datetime:
    """Make an older upload current again (a write: not cached)."""
    from etl.indicators.ingest import activate_upload

    _writable()
    return activate_upload(engine_for(load_settings().db_url), upload_id)


def review_item(
    item_id: str,
    verdict: str,
    reviewer: str,
    seen_version: int,
    *,
    note: str | None = None,
    changes: Mapping[str, Any] | None = None,
) -> Any:
    """Accept, reject, edit or undo an item as seen at seen_version; StaleReview when someone was first."""
    from etl.review import decide

    _writable()
    engine, ref = _engine_and_reference()
    return decide(
        engine, ref, item_id, verdict, reviewer, note=note, changes=changes, seen_version=seen_version
    )


def add_reviewed_item(
    doc_id: str, quote: str, values: Mapping[str, Any], reviewer: str, *, near: int | None, note: str | None
) -> Any:
    """Add an item on a quote of a document."""
    from etl.review import add_item

    _writable()
    engine, ref = _engine_and_reference()
    return add_item(engine, ref, doc_id, quote, values, reviewer, note=note, near=near)


def read_document_file(content: bytes, filename: str, content_type: str = "") -> Any:
    """Read an uploaded document into a draft to check before storing (raises InvalidData)."""
    from etl.feeds.ingest import read_upload

    return read_upload(content, filename, content_type)


def read_document_url(url: str) -> Any:
    """Fetch a page or document by its address into a draft (raises MonitorError or InvalidData)."""
    from etl.feeds.ingest import read_url

    return read_url(load_settings(), url)


def add_document(draft: Any, title: str, publisher: str, published_on: date | None, kind: str) -> Any:
    """Extract and store a draft now, under the refresh lock (a write: not cached); the etl AddResult."""
    from etl.feeds.ingest import store_draft

    _writable()
    return store_draft(
        load_settings(), draft, title=title, publisher=publisher, published_on=published_on, kind=kind
    )
