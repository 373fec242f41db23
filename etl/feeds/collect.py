"""What a refresh adds from the web: new or changed articles of the feeds and pages in MONITOR_FEEDS,
and web or uploaded documents to read again after the reference data changed.

A failing feed is a warning naming the feed and the reason; the others are still read. The raw bytes
of every answer are kept by sha256, so an answer of 304 (not modified) is read from that copy.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from etl import store
from etl.errors import ConfigError
from etl.feeds.config import Feed, load_feeds
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


@dataclass(frozen=True)
class FeedPageStored:
    """A web document stored from the address of a configured feed or list page, which is no document:
    left by an older feeds file that read the entry as a page."""

    doc_id: str
    url: str
    feed: Feed
    items: int

    @property
    def message(self) -> str:
        items = f"{self.items} item" + ("" if self.items == 1 else "s")
        return (
            f"feed {self.feed.feed_id}: removed {self.doc_id} ({self.url}) and its {items}: the entry's own "
            f"page, stored when it was read as a page; a {self.feed.kind} entry's own page is no document"
        )


def feed_pages_stored(settings: Settings, engine: Engine) -> tuple[list[FeedPageStored], int]:
    """Web documents whose address is a configured rss, atom or listing entry's own, and how many
    documents from feeds and uploads the store holds. An unreadable feeds file finds none."""
    try:
        feeds = load_feeds(settings.feeds_path) if settings.feeds_path else []
    except ConfigError:
        feeds = []  # reported by collect_web_documents; nothing is removed on a file that cannot be read
    docs, items = store.documents.c, store.items.c
    from_feeds = sa.and_(docs.origin.is_not(None), docs.origin != "upload")
    with engine.connect() as conn:
        count = int(conn.execute(sa.select(sa.func.count()).where(docs.origin.is_not(None))).scalar_one())
        not_pages = [feed for feed in feeds if feed.kind != "page"]
        if not not_pages or not count:
            return [], count
        from etl.feeds.documents import canonical_url

        def key(url: str) -> str:  # "…/press-releases" and "…/press-releases/" are one list
            return canonical_url(url).rstrip("/")

        by_address = {key(feed.url): feed for feed in not_pages}
        rows = conn.execute(
            sa.select(docs.doc_id, docs.url, sa.func.count(items.item_id).label("items"))
            .outerjoin(store.items, items.doc_id == docs.doc_id)
            .where(from_feeds, docs.url.is_not(None))
            .group_by(docs.doc_id, docs.url)
            .order_by(docs.doc_id)
        )
        found = [
            FeedPageStored(row.doc_id, row.url, by_address[key(row.url)], int(row.items))
            for row in rows
            if key(row.url) in by_address
        ]
    return found, count
