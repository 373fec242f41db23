"""Every source the monitor reads, with its last fetch and status: for `sources list` and the dashboard."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from etl import store
from etl.errors import ConfigError
from etl.feeds.config import load_feeds
from etl.settings import Settings


def list_sources(settings: Settings, engine: Engine) -> list[dict[str, Any]]:
    """Feeds and pages of the feeds file, then the sources folder's files, then uploaded documents."""
    with engine.connect() as conn:
        return _feed_rows(settings, conn) + _document_rows(conn)


def _feed_rows(settings: Settings, conn: Connection) -> list[dict[str, Any]]:
    docs, fetches = store.documents.c, store.source_fetches.c
    if settings.feeds_path is None:
        return []
    try:
        feeds = load_feeds(settings.feeds_path)
    except ConfigError as exc:
        return [
            {"source": str(settings.feeds_path), "kind": "feeds file", "status": "error", "message": str(exc)}
        ]
    last = {r.url: r for r in conn.execute(sa.select(store.source_fetches))}
    counts: dict[str | None, int] = {
        row[0]: row[1] for row in conn.execute(sa.select(docs.origin, sa.func.count()).group_by(docs.origin))
    }
    failed: dict[str | None, int] = {
        row[0]: row[1]
        for row in conn.execute(
            sa.select(fetches.feed_id, sa.func.count())
            .where(fetches.status == "failed")
            .group_by(fetches.feed_id)
        )
    }
    rows = []
    for feed in feeds:
        fetch = last.get(feed.url)
        articles = f"{failed[feed.feed_id]} address(es) failed" if failed.get(feed.feed_id) else None
        rows.append(
            {
                "source": feed.feed_id,
                "kind": feed.kind,
                "address": feed.url,
                "publisher": feed.publisher,
                "last_fetch": store.as_utc(fetch.fetched_at) if fetch else None,
                "status": fetch.status if fetch else "never fetched",
                "message": (fetch.message if fetch else None) or articles,
                "documents": counts.get(feed.feed_id, 0),
            }
        )
    return rows


def _document_rows(conn: Connection) -> list[dict[str, Any]]:
    docs = store.documents.c
    rows = conn.execute(
        sa.select(docs.doc_id, docs.title, docs.publisher, docs.url, docs.path, docs.origin, docs.fetched_at)
        .where(sa.or_(docs.origin.is_(None), docs.origin == "upload"))
        .order_by(docs.origin.is_not(None), docs.doc_id)
    )
    return [
        {
            "source": row.doc_id,
            "kind": "upload" if row.origin else "file",
            "address": row.url or row.path,
            "publisher": row.publisher,
            "last_fetch": store.as_utc(row.fetched_at) if row.fetched_at else None,
            "status": "stored",
            "message": row.title,
            "documents": 1,
        }
        for row in rows
    ]
