"""Every write the dashboard makes: storing an upload, making an older upload current."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from dashboard.queries.snapshot import engine_for
from etl.settings import load_settings


def store_indicator_preview(preview: Any) -> Any:
    """Store a previewed upload (a write: not cached); returns the etl UploadResult."""
    from etl.indicators.ingest import store_preview

    return store_preview(engine_for(load_settings().db_url), preview, "dashboard")


def make_upload_current(upload_id: int) -> datetime:
    """Make an older upload current again (a write: not cached)."""
    from etl.indicators.ingest import activate_upload

    return activate_upload(engine_for(load_settings().db_url), upload_id)
