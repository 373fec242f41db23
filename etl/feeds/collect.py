"""What a refresh adds from the web: new or changed articles of the feeds and pages in MONITOR_FEEDS,
and web or uploaded documents to read again after the reference data changed.

A failing feed is a warning naming the feed and the reason; the others are still read. The raw bytes
of every answer are kept by sha256, so an answer of 304 (not modified) is read from that copy.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from etl import store
from etl.errors import ConfigError
from etl.feeds.config import load_feeds
from etl.settings import Settings
from etl.sources import Document

Report = Callable[[str, str | None, str], None]  # level, doc_id, message


def collect_web_documents(
    settings: Settings, engine: Engine, fingerprint: str, report: Report
) -> list[Document]:
    """Documents to (re)load from feeds, pages and earlier uploads; reports every failure and skips it."""
    try:
        feeds = load_feeds(settings.feeds_path) if settings.feeds_path else []
    except ConfigError as exc:
        report("error", None, f"feeds not read: {exc}")
        feeds = []
    fetched: list[Document] = []
    if feeds:
        # The HTTP client, feed parser and readers load only when there is a feed to follow.
        from etl.feeds.follow import follow_feeds

        fetched = follow_feeds(settings, engine, feeds, report)
    collected = {d.doc_id for d in fetched}
    return fetched + [d for d in _stale_documents(engine, fingerprint) if d.doc_id not in collected]


_DOCUMENT_FIELDS = tuple(Document.__dataclass_fields__)


def _stale_documents(engine: Engine, fingerprint: str) -> list[Document]:
    """Web and uploaded documents extracted with older reference data: read again from their stored text."""
    docs = store.documents
    with engine.connect() as conn:
        rows = conn.execute(
            sa.select(*[docs.c[name] for name in _DOCUMENT_FIELDS]).where(
                docs.c.origin.is_not(None), docs.c.extracted_with != fingerprint
            )
        ).mappings()
        return [Document(**{**row, "fetched_at": _utc(row["fetched_at"])}) for row in rows]


def _utc(value: datetime | None) -> datetime | None:
    return store.as_utc(value) if value is not None else None
