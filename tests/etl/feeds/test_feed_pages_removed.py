"""A list page stored as a document by an older feeds file (the entry read as a page) is removed once
the entry is a listing: with its items, an info issue naming it, reviews kept as orphans, and the
refresh's rule against removing most of the store."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import sqlalchemy as sa
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from etl import store
from etl.extract.reference import load_reference
from etl.pipeline import run_refresh
from etl.review import decide, orphaned_reviews
from etl.settings import Settings
from tests.etl.feeds.conftest import fixture_bytes, run_issues, web_documents

LIST_PATH = "/news/press-releases"
RELEASES = {
    "/news/press-releases/sb0101": "state_designation_mkrtychev.html",
    "/news/press-releases/sb0102": "treasury_release_network.html",
    "/news/press-releases/sb0103": "treasury_release_borrowing.html",
}


class _Site:
    """A site whose list page once answered with an article (as an older reading took it for a page)
    and now answers with the list of releases."""

    def __init__(self, server: HTTPServer) -> None:
        self.server = server
        self.base = server.url_for("").rstrip("/")
        self.list_is_article = True
        for path in ("/news/press-releases", "/news/sanctions"):
            server.expect_request(path).respond_with_handler(self._list)
        for path, name in RELEASES.items():
            server.expect_request(path).respond_with_data(fixture_bytes(name), content_type="text/html")
        server.expect_request("/news/press-releases/sb0104").respond_with_data("gone", status=404)

    def _list(self, request: Request) -> Response:
        if self.list_is_article:  # a different article on each list, as two pages of a site would be
            name = (
                "treasury_release_network.html"
                if request.path == LIST_PATH
                else "treasury_release_sinbad.html"
            )
            body = fixture_bytes(name)
        else:
            body = fixture_bytes("treasury_press_releases.html").replace(b"{base}", self.base.encode())
            body = body.replace(b"{other}", self.base.replace("127.0.0.1", "localhost").encode())
        return Response(body, content_type="text/html; charset=utf-8")

    def entry(self, kind: str, path: str = LIST_PATH, feed_id: str = "us_treasury_press_releases") -> dict:
        entry = {"id": feed_id, "url": self.server.url_for(path), "kind": kind, "keywords": ["DPRK"]}
        return {**entry, "links": "/news/press-releases/"} if kind == "listing" else entry


@pytest.fixture
def site(robots: HTTPServer) -> _Site:
    return _Site(robots)


def _count(settings: Settings, table: sa.Table, doc_id: str) -> int:
    engine = store.make_engine(settings)
    try:
        with engine.connect() as conn:
            return int(
                conn.execute(
                    sa.select(sa.func.count()).select_from(table).where(table.c.doc_id == doc_id)
                ).scalar_one()
            )
    finally:
        engine.dispose()


def test_a_list_page_once_stored_as_a_page_is_removed_when_its_entry_is_a_listing(
    site: _Site, feeds_backend_settings: Callable[..., Settings]
) -> None:
    list_url = site.server.url_for(LIST_PATH)
    settings = feeds_backend_settings(site.entry("page"))
    assert run_refresh(settings).status == "succeeded"
    [page] = web_documents(settings).values()
    assert page.url == list_url and _count(settings, store.items, page.doc_id) > 0
    # An analyst accepted one of its items.
    engine = store.make_engine(settings)
    with engine.connect() as conn:
        item_id = conn.execute(
            sa.select(store.items.c.item_id).where(store.items.c.doc_id == page.doc_id).limit(1)
        ).scalar_one()
    decide(engine, load_reference(settings.reference_dir), item_id, "accepted", "Ann")
    engine.dispose()

    site.list_is_article = False
    settings = feeds_backend_settings(site.entry("listing"))
    result = run_refresh(settings)
    assert result.status == "succeeded" and result.documents_removed == 1
    documents = web_documents(settings)
    assert list_url not in documents  # the list page is no document any more, nor are its items
    assert _count(settings, store.items, page.doc_id) == 0
    assert site.server.url_for("/news/press-releases/sb0101") in documents  # its releases are
    [note] = [i for i in run_issues(settings, result.run_id) if "removed" in i]
    assert note.startswith("info: feed us_treasury_press_releases: removed " + page.doc_id)
    assert list_url in note and "a listing entry's own page is no document" in note
    # The review is kept, as an orphan saying why.
    engine = store.make_engine(settings)
    [orphan] = orphaned_reviews(engine)
    engine.dispose()
    assert (orphan["item_id"], orphan["reviewed_by"]) == (item_id, "Ann")
    assert orphan["orphan_reason"] == "its document was removed"
    # Nothing more goes on the next refresh.
    assert run_refresh(settings).documents_removed == 0


def test_pages_of_entries_still_read_as_pages_or_no_longer_listed_stay(
    site: _Site, feeds_settings: Callable[..., Settings]
) -> None:
    settings = feeds_settings(site.entry("page"), site.entry("page", "/news/sanctions", "sanctions_page"))
    run_refresh(settings)
    assert len(web_documents(settings)) == 2
    # One entry is still a page; the other was taken out of the feeds file: both documents stay.
    result = run_refresh(feeds_settings(site.entry("page")))
    assert result.status == "succeeded" and result.documents_removed == 0
    assert len(web_documents(settings)) == 2


def test_removing_most_of_the_store_this_way_needs_allow_removals(
    site: _Site,
    feeds_settings: Callable[..., Settings],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sources = tmp_path / "sources"
    sources.mkdir()
    (sources / "note.md").write_text(
        "---\ntitle: A note\npublished: 2024-06-19\n---\nThe treaty was signed.\n"
    )
    monkeypatch.setenv("MONITOR_SOURCES_DIR", str(sources))
    pages = (site.entry("page"), site.entry("page", "/news/sanctions", "sanctions_list"))
    run_refresh(feeds_settings(*pages))
    before = web_documents(feeds_settings(*pages))
    assert len(before) == 2  # and the note: 3 documents

    site.list_is_article = False
    listings = (site.entry("listing"), site.entry("listing", "/news/sanctions", "sanctions_list"))
    settings = feeds_settings(*listings)
    stopped = run_refresh(settings)
    assert stopped.status == "failed"
    assert "2 of the 3 stored documents" in stopped.message and "--allow-removals" in stopped.message
    assert all(row.doc_id in stopped.message for row in before.values())
    assert web_documents(settings) == before  # nothing changed

    allowed = run_refresh(settings, allow_removals=True)
    assert allowed.status == "succeeded" and allowed.documents_removed == 2
    assert not set(before) & set(web_documents(settings))
