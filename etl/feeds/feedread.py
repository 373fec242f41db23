"""RSS and Atom feeds read with feedparser: each entry's link, title, summary and dates."""

from __future__ import annotations

import calendar
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any
from urllib.parse import urljoin

import feedparser


class FeedError(ValueError):
    """Bytes that are not a usable RSS or Atom feed."""


@dataclass(frozen=True)
class Entry:
    link: str
    title: str
    summary: str
    published_on: date | None
    updated_at: datetime | None


def parse_feed(content: bytes, feed_url: str) -> list[Entry]:
    """The entries of a feed, newest first as the feed lists them; raise FeedError for a broken one."""
    # Bytes, never a str: feedparser would take a str for an address and go and fetch it.
    parsed = feedparser.parse(content, response_headers={"content-location": feed_url})
    if not parsed.get("version") and not parsed.entries:
        problem = parsed.get("bozo_exception")
        detail = f": {str(problem).splitlines()[0]}" if problem else ""
        raise FeedError(f"malformed feed, not RSS or Atom{detail}")
    entries = []
    for raw in parsed.entries:
        link = raw.get("link") or ""
        if not link:
            continue
        published = _stamp(raw, "published_parsed") or _stamp(raw, "updated_parsed")
        entries.append(
            Entry(
                link=urljoin(feed_url, link),
                title=str(raw.get("title") or "").strip(),
                summary=str(raw.get("summary") or "").strip(),
                published_on=published.date() if published else None,
                updated_at=_stamp(raw, "updated_parsed") or published,
            )
        )
    return entries


def _stamp(raw: Any, key: str) -> datetime | None:
    # `in` first: reading a missing updated_parsed makes feedparser warn and return published_parsed.
    value = raw[key] if key in raw else None  # noqa: SIM401
    if not isinstance(value, time.struct_time):
        return None
    return datetime.fromtimestamp(calendar.timegm(value), UTC)
