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
from etl.feeds.fetch import BudgetUsedUp, Fetched, Fetcher, FetchError, Validators
from etl.feeds.listing import ReleaseLink, release_links
from etl.feeds.readers import ReadError, decode_html, detect_format, read_content
from etl.settings import Settings
from etl.sources import Document


@dataclass
class _Known:
    """What the store already holds from the web, read once at the start."""

    by_url: dict[str, Any] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)  # content sha256 -> doc_id
    raws: set[str] = field(default_factory=set)  # raw sha256 of every stored web document
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
            if row.raw_sha256:
                known.raws.add(row.raw_sha256)
            if row.url:
                known.by_url[row.url] = row
        for row in conn.execute(sa.select(store.source_fetches)):
            known.fetches[row.url] = row
    return known


# Kept as the fetch's message, so a release read once and found off topic is not fetched again.
OFF_TOPIC = "mentions none of the feed's keywords"


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
                if not self.page(feed.url, feed, None, check_topic=True):
                    self.report("info", None, f"feed {feed.feed_id}: the page mentions none of its keywords")
            elif feed.kind == "listing":
                self.listing(feed)
            else:
                self.feed(feed)
        except (FetchError, FeedError, ReadError) as exc:
            self.report("warning", None, f"feed {feed.feed_id} ({feed.url}): {exc}")

    def feed(self, feed: Feed) -> None:
        fetched, content = self._fetch_list(feed)
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

    def listing(self, feed: Feed) -> None:
        """A list page's releases, each its own document: on-topic headlines first, then the others,
        which are kept only when their text names a keyword; at most max_entries fetches a refresh."""
        fetched, content = self._fetch_list(feed)
        if not fetched.not_modified and _format(fetched) != "html":
            raise ReadError(f"the list page is {fetched.content_type or 'not HTML'}; a listing reads HTML")
        links = release_links(decode_html(content, fetched.charset), fetched.final_url, feed.links)
        if not links:
            matching = f" whose address matches {feed.links!r}" if feed.links else " on its own host"
            raise ReadError(
                f"the list page links to no release{matching}; has the site changed its addresses?"
            )
        by_headline = {link.url for link in links if feed.mentions_keyword(link.text)}
        ordered = [link for link in links if link.url in by_headline]
        ordered += [link for link in links if link.url not in by_headline]
        unread = [link for link in ordered if self._unread(link.url)]
        chosen = unread[: feed.max_entries]
        self.report(
            "info",
            None,
            f"feed {feed.feed_id}: {len(links)} releases listed, {len(by_headline)} on topic by their "
            f"headline, {len(unread)} not read yet"
            + (" (list unchanged since the last fetch)" if fetched.not_modified else "")
            + (
                f"; {len(unread) - len(chosen)} wait for the next refresh "
                f"(at most {feed.max_entries} are fetched per refresh, max_entries)"
                if len(chosen) < len(unread)
                else ""
            ),
        )
        for number, link in enumerate(chosen):
            try:
                self.page(link.url, feed, _entry(link), check_topic=link.url not in by_headline)
            except BudgetUsedUp as exc:
                left = len(chosen) - number
                self.report("warning", None, f"feed {feed.feed_id}: {exc}; {left} releases not fetched")
                return
            except (FetchError, ReadError) as exc:
                self.report("warning", None, f"feed {feed.feed_id}: {link.url}: {exc}")

    def _unread(self, url: str) -> bool:
        """A release neither stored nor read before and found off topic; a failed fetch is tried again."""
        if url in self.known.by_url:
            return False
        last = self.known.fetches.get(url)
        if last is None or last.status == "failed" or not last.raw_sha256:
            return True
        return last.message != OFF_TOPIC and last.raw_sha256 not in self.known.raws

    def _fetch_list(self, feed: Feed) -> tuple[Fetched, bytes]:
        """A feed or list page, conditionally; an answer of 304 is read from the copy kept last time."""
        fetched = self.fetch(feed.url, feed.feed_id, conditional=True)
        content = fetched.content
        if fetched.not_modified:
            content = read_raw(self.settings.raw_dir, self._last_raw(feed.url)) or b""
            if not content:  # the kept copy is gone: ask again for the whole feed
                fetched = self.fetch(feed.url, feed.feed_id, conditional=False)
                content = fetched.content
        return fetched, content

    def page(self, url: str, feed: Feed, entry: Entry | None, check_topic: bool = False) -> bool:
        """Fetch and read one page into a document; False when check_topic and it names no keyword."""
        fetched = self.fetch(url, feed.feed_id, conditional=canonical_url(url) in self.known.by_url)
        if fetched.not_modified:
            return True  # stored already, and the site says it has not changed
        fmt = detect_format(fetched.final_url, fetched.content_type, fetched.content)
        raw_sha256 = self.records[url]["raw_sha256"]
        extracted = read_content(fetched.content, fmt, fetched.charset, fetched.final_url)
        if check_topic and not feed.mentions_keyword(extracted.text):
            self.records[url]["message"] = OFF_TOPIC
            return False
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
        return True

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


def _format(fetched: Fetched) -> str | None:
    try:
        return detect_format(fetched.final_url, fetched.content_type, fetched.content)
    except ReadError:
        return None


def _entry(link: ReleaseLink) -> Entry:
    """A release link as a feed entry: its headline is the title when the page has none."""
    return Entry(link=link.url, title=link.text, summary="", published_on=None, updated_at=None)


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
