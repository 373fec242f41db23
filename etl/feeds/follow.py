"""Following the feeds: fetch each feed and its new entries, read them, and record every answer.

A failing feed is a warning naming the feed and the reason; the others are still read. The raw bytes
of every answer are kept by sha256, so an answer of 304 (not modified) is read from that copy.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from etl import store
from etl.feeds.archive import keep_raw, read_raw
from etl.feeds.collect import Report
from etl.feeds.config import Feed
from etl.feeds.documents import Provenance, canonical_url, make_document, pick_canonical
from etl.feeds.feedread import Entry, FeedError, parse_feed
from etl.feeds.fetch import Fetched, Fetcher, FetchError, Validators
from etl.feeds.readers import ReadError, detect_format, read_content
from etl.settings import Settings
from etl.sources import Document


@dataclass
class _Known:
    """What the store already holds from the web, read once at the start."""

    by_url: dict[str, Any] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)  # content sha256 -> doc_id
    fetches: dict[str, Any] = field(default_factory=dict)


def follow_feeds(settings: Settings, engine: Engine, feeds: list[Feed], report: Report) -> list[Document]:
    """New and changed documents of these feeds, within the fetch budget; every answer is recorded."""
    run = _Run(settings, _read_known(engine), report)
    with Fetcher(settings.fetch_budget, settings.fetch_pause) as fetcher:
        run.fetcher = fetcher
        for feed in feeds:
            run.follow(feed)
    _record_fetches(engine, run.records)
    return run.documents


def _read_known(engine: Engine) -> _Known:
    known = _Known()
    docs = store.documents.c
    with engine.connect() as conn:
        for row in conn.execute(
            sa.select(docs.doc_id, docs.url, docs.sha256, docs.fetched_at, docs.raw_sha256)
        ):
            known.texts[row.sha256] = row.doc_id
            if row.url:
                known.by_url[row.url] = row
        for row in conn.execute(sa.select(store.source_fetches)):
            known.fetches[row.url] = row
    return known


class _Run:
    """One refresh's walk through the feeds: fetches, archives, reads and dedupes."""

    def __init__(self, settings: Settings, known: _Known, report: Report) -> None:
        self.settings, self.known, self.report = settings, known, report
        self.fetcher: Fetcher | None = None
        self.documents: list[Document] = []
        self.records: dict[str, dict[str, Any]] = {}

    def follow(self, feed: Feed) -> None:
        try:
            if feed.kind == "page":
                self.page(feed.url, feed, None)
            else:
                self.feed(feed)
        except (FetchError, FeedError, ReadError) as exc:
            self.report("warning", None, f"feed {feed.feed_id} ({feed.url}): {exc}")

    def feed(self, feed: Feed) -> None:
        fetched = self.fetch(feed.url, feed.feed_id, conditional=True)
        content = fetched.content
        if fetched.not_modified:
            content = read_raw(self.settings.raw_dir, self._last_raw(feed.url)) or b""
            if not content:  # the kept copy is gone: ask again for the whole feed
                fetched = self.fetch(feed.url, feed.feed_id, conditional=False)
                content = fetched.content
        entries = parse_feed(content, fetched.final_url)
        on_topic = [e for e in entries if feed.mentions_keyword(f"{e.title} {e.summary}")][: feed.max_entries]
        new = [e for e in on_topic if self._is_new(e)]
        self.report(
            "info",
            None,
            f"feed {feed.feed_id}: {len(entries)} entries, {len(on_topic)} on topic, {len(new)} new"
            + (" (unchanged since the last fetch)" if fetched.not_modified else ""),
        )
        for entry in new:
            try:
                self.page(entry.link, feed, entry)
            except (FetchError, ReadError) as exc:
                self.report("warning", None, f"feed {feed.feed_id}: {entry.link}: {exc}")

    def page(self, url: str, feed: Feed, entry: Entry | None) -> None:
        fetched = self.fetch(url, feed.feed_id, conditional=canonical_url(url) in self.known.by_url)
        if fetched.not_modified:
            return  # stored already, and the site says it has not changed
        fmt = detect_format(fetched.final_url, fetched.content_type, fetched.content)
        raw_sha256 = self.records[url]["raw_sha256"]
        extracted = read_content(fetched.content, fmt, fetched.charset, fetched.final_url)
        if entry is None and not feed.mentions_keyword(extracted.text):
            self.report("info", None, f"feed {feed.feed_id}: the page mentions none of its keywords")
            return
        document = make_document(
            extracted,
            Provenance(
                feed.feed_id,
                fetched.fetched_at,
                raw_sha256,
                pick_canonical(extracted.canonical_url, fetched.final_url),
            ),
            publisher=feed.publisher,
            published_on=extracted.published_on or (entry.published_on if entry else None),
            kind=feed.document_kind,
            fallback_title=(entry.title if entry else "") or fetched.final_url,
        )
        self._add(document, feed)

    def _add(self, document: Document, feed: Feed) -> None:
        if any(d.doc_id == document.doc_id for d in self.documents):
            return  # the same article through a second feed
        same_text = self.known.texts.get(document.sha256)
        if same_text is not None:
            if same_text != document.doc_id:
                self.report(
                    "info",
                    same_text,
                    f"feed {feed.feed_id}: {document.url} has the same text "
                    f"as stored document {same_text}; kept once",
                )
            return
        self.known.texts[document.sha256] = document.doc_id
        self.documents.append(document)

    def fetch(self, url: str, feed_id: str, conditional: bool) -> Fetched:
        assert self.fetcher is not None
        last = self.known.fetches.get(url)
        validators = Validators(last.etag, last.last_modified) if conditional and last is not None else None
        try:
            fetched = self.fetcher.get(url, validators)
        except FetchError as exc:
            self.records[url] = _record(url, feed_id, None, "failed", str(exc))
            raise
        self.records[url] = _record(
            url, feed_id, fetched, "not_modified" if fetched.not_modified else "fetched"
        )
        if fetched.not_modified and last is not None:
            self.records[url]["raw_sha256"] = last.raw_sha256
        elif not fetched.not_modified:
            self.records[url]["raw_sha256"] = keep_raw(self.settings.raw_dir, fetched.content)
        return fetched

    def _last_raw(self, url: str) -> str | None:
        return self.records.get(url, {}).get("raw_sha256")

    def _is_new(self, entry: Entry) -> bool:
        """An entry whose article is not stored yet, or that the feed says was updated since."""
        stored = self.known.by_url.get(canonical_url(entry.link))
        if stored is None:
            last = self.known.fetches.get(entry.link)
            if last is None or last.status == "failed" or not last.raw_sha256:
                return True
            stored = next((r for r in self.known.by_url.values() if r.raw_sha256 == last.raw_sha256), None)
            if stored is None:
                return True
        fetched_at = store.as_utc(stored.fetched_at)
        return entry.updated_at is not None and fetched_at is not None and entry.updated_at > fetched_at


def _record(
    url: str, feed_id: str, fetched: Fetched | None, status: str, message: str | None = None
) -> dict[str, Any]:
    return {
        "url": url,
        "feed_id": feed_id,
        "fetched_at": fetched.fetched_at if fetched else store.utcnow(),
        "status": status,
        "http_status": fetched.status if fetched else None,
        "etag": fetched.validators.etag if fetched else None,
        "last_modified": fetched.validators.last_modified if fetched else None,
        "raw_sha256": None,
        "message": message,
    }


def _record_fetches(engine: Engine, records: dict[str, dict[str, Any]]) -> None:
    """Keep each URL's last answer (validators, status) for the next refresh and `sources list`."""
    if not records:
        return
    rows = list(records.values())
    with store.write_transaction(engine) as conn:
        urls = [r["url"] for r in rows]
        for start in range(0, len(urls), 500):
            conn.execute(
                sa.delete(store.source_fetches).where(
                    store.source_fetches.c.url.in_(urls[start : start + 500])
                )
            )
        conn.execute(store.source_fetches.insert(), rows)
