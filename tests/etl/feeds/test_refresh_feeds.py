"""A refresh that follows feeds served from 127.0.0.1: what it stores, what it fetches again, what fails."""

from __future__ import annotations

import hashlib
import socket
from collections.abc import Callable
from pathlib import Path

import pytest
import sqlalchemy as sa
from pytest_httpserver import HTTPServer
from werkzeug import Response

from etl import store
from etl.feeds.config import load_feeds
from etl.pipeline import run_refresh
from etl.settings import PROJECT_ROOT, Settings, load_settings
from tests.etl.feeds.conftest import ARTICLE_PATH, fixture_bytes, requests_to, run_issues, slow, web_documents

FEED_PATH = "/rss-feed/press-releases/feed/"


def _state_feed(
    server: HTTPServer, feed_id: str = "us_state_press_releases", path: str = FEED_PATH
) -> dict[str, object]:
    return {"id": feed_id, "url": server.url_for(path), "kind": "rss", "keywords": ["DPRK", "North Korea"]}


def _web_documents(settings: Settings) -> list[sa.Row]:
    return list(web_documents(settings).values())


def test_a_feed_brings_in_its_on_topic_article_with_its_provenance(
    state_site: HTTPServer, feeds_backend_settings: Callable[..., Settings]
) -> None:
    settings = feeds_backend_settings(_state_feed(state_site))
    result = run_refresh(settings)
    assert result.status == "succeeded"
    [document] = _web_documents(settings)
    assert document.title == "Designation of Facilitator Pursuing DPRK Arms Deal"
    assert document.url == state_site.url_for(ARTICLE_PATH)
    assert document.origin == "us_state_press_releases"
    assert document.publisher == "Test publisher"
    assert document.author == "Antony J Blinken"  # the page's own metadata
    assert document.published_on.isoformat() == "2023-03-30"
    assert document.fetched_at is not None
    # The article's text, without the site's navigation, footer and related links.
    assert "Ashot Mkrtychev" in document.text
    for chrome in ("Here's how you know", "Privacy Policy", "Related Articles", "Bureaus & Offices"):
        assert chrome not in document.text
    # The raw response is kept under the data folder, named by its sha256.
    raw = (settings.raw_dir / document.raw_sha256).read_bytes()
    assert hashlib.sha256(raw).hexdigest() == document.raw_sha256
    assert raw == fixture_bytes("state_designation_mkrtychev.html")
    # Off-topic entries were never fetched.
    assert not requests_to(state_site, "/world-autism-awareness-day/")
    engine = store.make_engine(settings)
    with engine.connect() as conn:
        items = list(conn.execute(sa.select(store.items).where(store.items.c.doc_id == document.doc_id)))
    engine.dispose()
    assert items, "the designation names a DPRK-Russia arms deal"
    for item in items:
        assert document.text[item.char_start : item.char_end] == item.quote


def test_an_unchanged_feed_is_answered_304_and_nothing_is_downloaded_or_rewritten(
    state_site: HTTPServer, feeds_backend_settings: Callable[..., Settings]
) -> None:
    settings = feeds_backend_settings(_state_feed(state_site))
    run_refresh(settings)
    before = _web_documents(settings)
    second = run_refresh(settings)
    assert second.status == "succeeded" and second.documents_changed == 0 and second.items_written == 0
    [first_feed_fetch, second_feed_fetch] = requests_to(state_site, FEED_PATH)
    assert "If-None-Match" not in first_feed_fetch.headers
    assert second_feed_fetch.headers["If-None-Match"] == '"v1"'
    assert len(requests_to(state_site, ARTICLE_PATH)) == 1  # the stored article is not asked for again
    assert _web_documents(settings) == before
    assert any("unchanged since the last fetch" in i for i in run_issues(settings, second.run_id))


def test_the_same_article_through_two_feeds_and_a_redirect_is_one_document(
    state_site: HTTPServer, feeds_settings: Callable[..., Settings]
) -> None:
    base = state_site.url_for("").rstrip("/")
    mirror = fixture_bytes("state_press_releases.xml").replace(b"{base}", (base + "/old").encode())
    state_site.expect_request("/mirror/feed/").respond_with_data(mirror, content_type="application/rss+xml")
    state_site.expect_request("/old" + ARTICLE_PATH).respond_with_response(
        Response(status=301, headers={"Location": base + ARTICLE_PATH})
    )
    settings = feeds_settings(
        _state_feed(state_site), _state_feed(state_site, "mirror_feed", "/mirror/feed/")
    )
    assert run_refresh(settings).status == "succeeded"
    [document] = _web_documents(settings)
    assert document.url == base + ARTICLE_PATH  # where the redirect landed


def test_failing_feeds_are_warnings_and_the_rest_still_loads(
    state_site: HTTPServer, feeds_settings: Callable[..., Settings], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("etl.feeds.fetch.READ_TIMEOUT_S", 0.5)
    monkeypatch.setattr("etl.feeds.fetch.BACKOFF_S", 0.01)
    state_site.expect_request("/broken").respond_with_data("oops", status=500)
    state_site.expect_request("/malformed").respond_with_data(fixture_bytes("malformed_feed.xml"))
    state_site.expect_request("/slow").respond_with_handler(slow(2))
    state_site.expect_request("/gone").respond_with_data("not here", status=404)
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    settings = feeds_settings(
        {"id": "broken_feed", "url": state_site.url_for("/broken"), "kind": "rss"},
        {"id": "malformed_feed", "url": state_site.url_for("/malformed"), "kind": "atom"},
        {"id": "gone_feed", "url": state_site.url_for("/gone"), "kind": "rss"},
        {"id": "unreachable_feed", "url": f"http://127.0.0.1:{closed_port}/feed", "kind": "rss"},
        {"id": "slow_feed", "url": state_site.url_for("/slow"), "kind": "rss"},
        _state_feed(state_site),
    )
    result = run_refresh(settings)
    assert result.status == "succeeded"
    assert result.documents_seen > 20  # the sources folder was loaded as well
    warnings = [i for i in run_issues(settings, result.run_id) if i.startswith("warning: feed")]
    expected = {
        "broken_feed": "HTTP 500",
        "malformed_feed": "malformed feed",
        "slow_feed": "timed out",
        "gone_feed": "HTTP 404",
        "unreachable_feed": "cannot connect",
    }
    for feed_id, reason in expected.items():
        [warning] = [w for w in warnings if f"feed {feed_id} " in w]
        assert reason in warning
    assert len(requests_to(state_site, "/broken")) == 3  # retried twice with backoff, then given up
    assert len(requests_to(state_site, "/gone")) == 1  # a 404 is final: not asked again
    assert len(_web_documents(settings)) == 1
    # The summary a refresh prints names each failing feed and why.
    summary = result.describe()
    for feed_id, reason in expected.items():
        assert any(f"feed {feed_id} " in line and reason in line for line in summary.splitlines())


def test_the_fetch_budget_bounds_a_refresh_and_says_what_was_left(
    robots: HTTPServer, feeds_settings: Callable[..., Settings]
) -> None:
    robots.expect_request("/slow").respond_with_handler(slow(3))
    settings = feeds_settings(
        {"id": "slow_feed", "url": robots.url_for("/slow"), "kind": "rss"},
        {"id": "next_feed", "url": robots.url_for("/slow"), "kind": "rss"},
        MONITOR_FETCH_BUDGET="1",
    )
    result = run_refresh(settings)
    assert result.status == "succeeded"
    issues = run_issues(settings, result.run_id)
    assert any("feed slow_feed" in i and "timed out" in i for i in issues)
    assert any("feed next_feed" in i and "MONITOR_FETCH_BUDGET" in i for i in issues)


def test_robots_txt_is_respected(httpserver: HTTPServer, feeds_settings: Callable[..., Settings]) -> None:
    httpserver.expect_request("/robots.txt").respond_with_data("User-agent: *\nDisallow: /private/\n")
    settings = feeds_settings(
        {"id": "private_feed", "url": httpserver.url_for("/private/feed"), "kind": "rss"}
    )
    result = run_refresh(settings)
    assert any("robots.txt" in i and "private_feed" in i for i in run_issues(settings, result.run_id))
    assert not requests_to(httpserver, "/private/feed")


def test_requests_name_the_project(state_site: HTTPServer, feeds_settings: Callable[..., Settings]) -> None:
    run_refresh(feeds_settings(_state_feed(state_site)))
    assert all("SanctionsMonitor" in r.headers["User-Agent"] for r, _ in state_site.log)


def test_a_page_in_another_encoding_is_read_as_written(
    robots: HTTPServer, feeds_settings: Callable[..., Settings]
) -> None:
    page = (
        fixture_bytes("state_designation_mkrtychev.html")
        .decode("utf-8")
        .replace('<meta charset="UTF-8">\n', "")
    )
    robots.expect_request("/cp1252").respond_with_data(
        page.encode("cp1252"), content_type="text/html; charset=windows-1252"
    )
    settings = feeds_settings({"id": "a_page", "url": robots.url_for("/cp1252"), "kind": "page"})
    assert run_refresh(settings).status == "succeeded"
    [document] = _web_documents(settings)
    assert "Russia’s attempt to secure weapons" in document.text


def test_oversize_and_non_text_answers_are_refused_with_the_reason(
    robots: HTTPServer, feeds_settings: Callable[..., Settings], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("etl.feeds.fetch.MAX_BYTES", 10_000)
    robots.expect_request("/huge").respond_with_data(b"<html>" + b"x" * 20_000, content_type="text/html")
    robots.expect_request("/photo").respond_with_data(b"\x89PNG\r\n\x1a\n", content_type="image/png")
    settings = feeds_settings(
        {"id": "huge_page", "url": robots.url_for("/huge"), "kind": "page"},
        {"id": "photo_page", "url": robots.url_for("/photo"), "kind": "page"},
    )
    result = run_refresh(settings)
    assert result.status == "succeeded"
    issues = run_issues(settings, result.run_id)
    assert any("feed huge_page" in i and "over the cap of 10,000 bytes" in i for i in issues)
    assert any("feed photo_page" in i and "cannot read image/png" in i for i in issues)
    assert _web_documents(settings) == []


def test_a_broken_feeds_file_is_an_error_issue_naming_it_and_the_folder_still_loads(
    settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = tmp_path / "feeds.yml"
    broken.write_text(
        "feeds:\n  - id: Bad Id\n    url: ftp://example.org/feed\n    kind: rss\n    publisher: X\n"
    )
    monkeypatch.setenv("MONITOR_FEEDS", str(broken))
    result = run_refresh(load_settings())
    assert result.status == "succeeded" and result.documents_changed == 21
    [issue] = [i for i in run_issues(settings, result.run_id) if "feeds not read" in i]
    assert str(broken) in issue and "feed 1 (Bad Id): id must be snake_case" in issue


def test_the_shipped_feeds_file_follows_each_publisher_with_its_reuse_terms() -> None:
    path = PROJECT_ROOT / "datasets" / "feeds.yml"
    feeds = load_feeds(path)
    publishers = {feed.publisher for feed in feeds}
    for publisher in (
        "United Nations",
        "U.S. Department of State",
        "U.S. Department of the Treasury",
        "UK Foreign, Commonwealth & Development Office",
        "Council of the European Union",
        "Ministry of Foreign Affairs of Japan",
        "Ministry of Foreign Affairs, Republic of Korea",
    ):
        assert publisher in publishers
    assert all(feed.url.startswith("https://") and feed.keywords for feed in feeds)
    entries = [block for block in path.read_text(encoding="utf-8").split("\n\n") if "- id:" in block]
    assert len(entries) == len(feeds)
    for block in entries:
        comment = " ".join(line for line in block.splitlines() if line.strip().startswith("#")).lower()
        assert "reuse" in comment or "public domain" in comment, block


def test_requests_to_one_host_keep_the_pause_between_them(
    state_site: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    from etl.feeds import fetch

    pauses: list[float] = []
    monkeypatch.setattr(fetch.time, "sleep", pauses.append)  # record the pauses instead of waiting
    with fetch.Fetcher(budget_s=60, pause_s=5) as fetcher:
        fetcher.get(state_site.url_for(FEED_PATH))  # robots.txt first, then the feed: one pause
        fetcher.get(state_site.url_for(ARTICLE_PATH))  # one more
    assert len(pauses) == 2 and all(4 < pause <= 5 for pause in pauses)
    assert [r.path for r, _ in state_site.log] == ["/robots.txt", FEED_PATH, ARTICLE_PATH]


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("- id: a_feed\n  url: https://example.org/feed\n", "expected 'feeds:' with the list of feeds"),
        ("feed:\n  - id: a_feed\n", "unknown key(s) feed; expected 'feeds:'"),
        ("feeds: {id: a_feed}\n", "'feeds' must be a list of feeds"),
        (
            "feeds:\n  - {id: a_feed, url: 'https://x.org/f', kind: rss, publisher: X, max_entries: true}\n",
            "feed 1 (a_feed): max_entries must be a positive whole number",
        ),
        (
            "feeds:\n  - {id: a_feed, url: 'https://x.org/f', kind: rss}\n",
            "feed 1 (a_feed): missing publisher",
        ),
        ("feeds: [\n", "test-feeds.yml:2:1: not valid YAML"),
    ],
)
def test_a_feeds_file_of_the_wrong_shape_is_refused_naming_the_file(
    tmp_path: Path, text: str, problem: str
) -> None:
    from etl.errors import ConfigError

    path = tmp_path / "test-feeds.yml"
    path.write_text(text)
    with pytest.raises(ConfigError) as refused:
        load_feeds(path)
    assert str(refused.value).startswith(str(path)) and problem in str(refused.value)


def _network(monkeypatch: pytest.MonkeyPatch, answering: set[str]) -> list[str]:
    """No network at all: the HTTP client's transport answers for the hosts named, and for any other
    host fails as a machine without DNS does. Returns the hosts asked, in order."""
    import httpx

    asked: list[str] = []

    def answer(request: httpx.Request) -> httpx.Response:
        asked.append(request.url.host)
        if request.url.host not in answering:
            raise httpx.ConnectError("[Errno -2] Name or service not known", request=request)
        if request.url.path == "/robots.txt":
            return httpx.Response(404)
        return httpx.Response(200, text="<rss version='2.0'><channel></channel></rss>")

    client = httpx.Client
    monkeypatch.setattr(httpx, "Client", lambda **kw: client(transport=httpx.MockTransport(answer), **kw))
    return asked


def _feeds_on(*hosts: str) -> list[dict[str, object]]:
    return [{"id": f"feed_{n}", "url": f"https://{host}/feed", "kind": "rss"} for n, host in enumerate(hosts)]


def test_offline_a_refresh_stops_asking_after_two_hosts_cannot_be_reached(
    feeds_settings: Callable[..., Settings], monkeypatch: pytest.MonkeyPatch
) -> None:
    asked = _network(monkeypatch, answering=set())
    hosts = ("a.example", "b.example", "c.example", "d.example", "b.example")
    settings = feeds_settings(*_feeds_on(*hosts))
    result = run_refresh(settings)
    assert result.status == "succeeded"
    warnings = [i for i in run_issues(settings, result.run_id) if i.startswith("warning: feed")]
    assert len(warnings) == len(hosts)  # one per feed
    lookup, skipped = "could not be looked up", "not tried"
    for n, reason in enumerate([lookup, lookup, skipped, skipped, lookup]):
        [warning] = [w for w in warnings if f"feed feed_{n} " in w]
        assert reason in warning, warning
    assert "a.example and b.example could not be reached" in next(w for w in warnings if "feed_2" in w)
    assert asked == ["a.example", "b.example"]  # robots.txt of the first two hosts, nothing more


def test_hosts_that_cannot_be_reached_after_one_answered_are_each_tried(
    feeds_settings: Callable[..., Settings], monkeypatch: pytest.MonkeyPatch
) -> None:
    asked = _network(monkeypatch, answering={"a.example"})
    settings = feeds_settings(*_feeds_on("a.example", "b.example", "c.example", "d.example"))
    result = run_refresh(settings)
    assert result.status == "succeeded"
    assert asked == ["a.example", "a.example", "b.example", "c.example", "d.example"]
    warnings = [i for i in run_issues(settings, result.run_id) if i.startswith("warning: feed")]
    assert len(warnings) == 3 and all("could not be looked up" in w for w in warnings)
