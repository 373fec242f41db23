"""A press-release list page followed as a listing: each release its own document, served from 127.0.0.1."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from etl.errors import ConfigError
from etl.feeds.config import load_feeds
from etl.feeds.documents import canonical_url
from etl.feeds.listing import release_links
from etl.pipeline import run_refresh
from etl.settings import PROJECT_ROOT, Settings
from tests.etl.feeds.conftest import fixture_bytes, requests_to, run_issues, serve_versioned, web_documents

LIST_PATH = "/news/press-releases"
RELEASE = "/news/press-releases/sb01{:02d}"
ARMS_DEAL, NETWORK, BORROWING, MISSING = (RELEASE.format(n) for n in (1, 2, 3, 4))
OFF_HOST = "/news/press-releases/sb0199"


@pytest.fixture
def treasury_site(robots: HTTPServer) -> HTTPServer:
    """A Treasury-like press-release list and its releases; the fourth release is gone (404)."""
    base = robots.url_for("").rstrip("/")
    listing = (
        fixture_bytes("treasury_press_releases.html")
        .replace(b"{base}", base.encode())
        .replace(b"{other}", base.replace("127.0.0.1", "localhost").encode())
    )
    serve_versioned(robots, LIST_PATH, listing, "text/html; charset=utf-8")
    serve_versioned(robots, ARMS_DEAL, fixture_bytes("state_designation_mkrtychev.html"), "text/html")
    serve_versioned(robots, NETWORK, fixture_bytes("treasury_release_network.html"), "text/html")
    serve_versioned(robots, BORROWING, fixture_bytes("treasury_release_borrowing.html"), "text/html")
    robots.expect_request(MISSING).respond_with_data("Page not found", status=404)
    return robots


def _listing(server: HTTPServer, **extra: object) -> dict[str, object]:
    return {
        "id": "us_treasury_press_releases",
        "url": server.url_for(LIST_PATH),
        "kind": "listing",
        "links": "/news/press-releases/",
        "keywords": ["DPRK", "North Korea"],
        **extra,
    }


def test_each_on_topic_release_of_a_list_page_is_its_own_document(
    treasury_site: HTTPServer, feeds_settings: Callable[..., Settings]
) -> None:
    settings = feeds_settings(_listing(treasury_site))
    result = run_refresh(settings)
    assert result.status == "succeeded"
    documents = web_documents(settings)
    # The DPRK headline, and the release whose headline names no keyword but whose text does.
    assert set(documents) == {treasury_site.url_for(ARMS_DEAL), treasury_site.url_for(NETWORK)}
    arms_deal = documents[treasury_site.url_for(ARMS_DEAL)]
    assert arms_deal.title == "Designation of Facilitator Pursuing DPRK Arms Deal"
    assert arms_deal.origin == "us_treasury_press_releases"
    assert "Ashot Mkrtychev" in arms_deal.text
    assert "Marketable Borrowing" not in arms_deal.text  # no headline of the list in any document
    network = documents[treasury_site.url_for(NETWORK)]
    assert "artillery shells" in network.text and network.published_on.isoformat() == "2026-03-29"
    # The off-topic release was read once and left out; its menu's "North Korea" link is not its text.
    assert len(requests_to(treasury_site, BORROWING)) == 1
    # Linked twice (headline and "read more"): fetched once. Off-host, menu and pager links: never.
    assert len(requests_to(treasury_site, ARMS_DEAL)) == 1
    assert not requests_to(treasury_site, OFF_HOST)
    assert not requests_to(treasury_site, "/policy-issues/financial-sanctions")
    assert [r.args.get("page") for r in requests_to(treasury_site, LIST_PATH)] == [None]
    issues = run_issues(settings, result.run_id)
    # The release that is gone is a warning naming its address; the others were kept.
    [warning] = [i for i in issues if i.startswith("warning:")]
    assert treasury_site.url_for(MISSING) in warning and "HTTP 404" in warning
    assert any("4 releases listed, 2 on topic by their headline" in i for i in issues)


def test_an_unchanged_list_page_is_answered_304_and_no_release_is_fetched_again(
    treasury_site: HTTPServer, feeds_settings: Callable[..., Settings]
) -> None:
    settings = feeds_settings(_listing(treasury_site))
    run_refresh(settings)
    before = web_documents(settings)
    second = run_refresh(settings)
    assert second.status == "succeeded" and second.documents_changed == 0
    [first_list, second_list] = requests_to(treasury_site, LIST_PATH)
    assert "If-None-Match" not in first_list.headers and second_list.headers["If-None-Match"] == '"v1"'
    for path in (ARMS_DEAL, NETWORK, BORROWING):  # stored or found off topic: not asked for again
        assert len(requests_to(treasury_site, path)) == 1, path
    assert len(requests_to(treasury_site, MISSING)) == 2  # a release that failed is tried again
    assert web_documents(settings) == before
    assert any("list unchanged since the last fetch" in i for i in run_issues(settings, second.run_id))


def test_the_releases_fetched_per_refresh_are_bounded_and_the_rest_wait(
    treasury_site: HTTPServer, feeds_settings: Callable[..., Settings]
) -> None:
    settings = feeds_settings(_listing(treasury_site, max_entries=1))
    first = run_refresh(settings)
    assert set(web_documents(settings)) == {treasury_site.url_for(ARMS_DEAL)}  # on-topic headlines first
    assert not requests_to(treasury_site, NETWORK) and not requests_to(treasury_site, BORROWING)
    [note] = [i for i in run_issues(settings, first.run_id) if "wait for the next refresh" in i]
    assert "3 wait for the next refresh" in note and "max_entries" in note
    run_refresh(settings)  # the next one in line is the missing release: one more fetch, no more
    assert len(requests_to(treasury_site, MISSING)) == 1 and not requests_to(treasury_site, NETWORK)


def test_a_used_up_fetch_budget_is_one_warning_and_the_releases_wait(
    treasury_site: HTTPServer, feeds_settings: Callable[..., Settings]
) -> None:
    # The pause between requests to the host (2 s) leaves no time for a release once the list is read.
    settings = feeds_settings(_listing(treasury_site), MONITOR_FETCH_BUDGET="3", MONITOR_FETCH_PAUSE="2")
    result = run_refresh(settings)
    assert result.status == "succeeded" and web_documents(settings) == {}
    [warning] = [i for i in run_issues(settings, result.run_id) if i.startswith("warning:")]
    assert "MONITOR_FETCH_BUDGET" in warning and "4 releases not fetched" in warning
    assert not any(requests_to(treasury_site, path) for path in (ARMS_DEAL, NETWORK, BORROWING, MISSING))
    run_refresh(feeds_settings(_listing(treasury_site), MONITOR_FETCH_PAUSE="0"))
    assert set(web_documents(settings)) == {treasury_site.url_for(ARMS_DEAL), treasury_site.url_for(NETWORK)}


def test_a_list_page_without_releases_or_not_html_is_one_warning(
    treasury_site: HTTPServer, feeds_settings: Callable[..., Settings]
) -> None:
    treasury_site.expect_request("/feed.json").respond_with_data("{}", content_type="application/json")
    settings = feeds_settings(
        _listing(treasury_site, links="/press/release/"),
        _listing(treasury_site, id="json_list", url=treasury_site.url_for("/feed.json")),
    )
    result = run_refresh(settings)
    assert result.status == "succeeded" and web_documents(settings) == {}
    warnings = [i for i in run_issues(settings, result.run_id) if i.startswith("warning:")]
    [moved] = [w for w in warnings if "us_treasury_press_releases" in w]
    assert "links to no release whose address matches '/press/release/'" in moved
    [json] = [w for w in warnings if "json_list" in w]
    assert "the list page is application/json" in json
    assert len(warnings) == 2


def test_release_links_resolve_relative_addresses_and_keep_to_the_pattern() -> None:
    page = """<html><head><base href="/eng/brd/m_5676/"></head><body>
      <a href="list.do?page=2">2</a>
      <a href="view.do?seq=322472&amp;page=1">Statement on the DPRK's <b>Missile</b> Launch</a>
      <a href="view.do?seq=322472&amp;page=1"><img alt="photo"></a>
      <a href="/eng/brd/m_5679/view.do?seq=313172">Spokesperson's Press Briefing</a>
      <a href="https://www.mofa.go.kr/eng/brd/m_5676/view.do?seq=322471">Minister Meets Counterpart</a>
      <a href="https://example.org/eng/brd/m_5676/view.do?seq=1">Elsewhere</a>
    </body></html>"""
    board = "https://www.mofa.go.kr/eng/brd/m_5676/"
    links = release_links(page, board + "list.do", r"^/eng/brd/m_5676/view\.do\?")
    assert [(link.url, link.text) for link in links] == [
        (board + "view.do?seq=322472&page=1", "Statement on the DPRK's Missile Launch photo"),
        (board + "view.do?seq=322471", "Minister Meets Counterpart"),
    ]


def test_the_shipped_listings_match_their_sites_release_addresses_only() -> None:
    feeds = {feed.feed_id: feed for feed in load_feeds(PROJECT_ROOT / "datasets" / "feeds.yml")}
    # Release addresses as the sites use them (from stored copies), and their list pages' other links.
    cases = {
        "us_treasury_press_releases": (
            ["/news/press-releases/sm0119", "/news/press-releases/jy1435"],
            ["/news/press-releases", "/news/press-releases?page=2", "/news"],
        ),
        "us_treasury_ofac_recent_actions": (
            ["/recent-actions/20240523", "/recent-actions/20251119", "/recent-actions/20190502_33"],
            ["/recent-actions", "/recent-actions?page=1", "/faqs/1040"],
        ),
        "jp_mofa_press_releases": (
            ["/press/release/press4e_001719.html"],
            ["/press/release/index.html", "/press/kaiken/kaiken4e_000443.html"],
        ),
        "kr_mofa_press_releases": (
            [
                "/eng/brd/m_5676/view.do?seq=319652",
                "/eng/brd/m_5676/view.do?itm_seq_1=0&multi_itm_seq=0&seq=312120",
            ],
            ["/eng/brd/m_5676/list.do?page=2", "/eng/brd/m_5679/view.do?seq=313172"],
        ),
    }
    for feed_id, (releases, others) in cases.items():
        feed = feeds[feed_id]
        assert feed.kind == "listing" and feed.links, feed_id
        origin = "https://" + (feed.url.split("/")[2])
        page = "".join(f'<a href="{path}">Release</a>' for path in releases + others)
        found = [link.url for link in release_links(page, feed.url, feed.links)]
        assert found == [canonical_url(origin + path) for path in releases], feed_id


@pytest.mark.parametrize(
    ("entry", "problem"),
    [
        ({"kind": "page", "links": "/news/"}, "links is only for kind listing"),
        ({"kind": "listing", "links": "^/news/(["}, "links is not a valid regular expression"),
        ({"kind": "listing", "links": ""}, "links must be a path prefix"),
    ],
)
def test_a_bad_links_pattern_is_refused_naming_the_feed(
    tmp_path: Path, entry: dict[str, str], problem: str
) -> None:
    path = tmp_path / "feeds.yml"
    lines = [f"    {key}: {value!r}" for key, value in entry.items()]
    head = "feeds:\n  - id: a_list\n    url: https://example.org/list\n    publisher: X\n"
    path.write_text(head + "\n".join(lines) + "\n")
    with pytest.raises(ConfigError, match="feed 1 \\(a_list\\)") as raised:
        load_feeds(path)
    assert problem in str(raised.value)


def test_a_listing_fetches_at_most_ten_releases_unless_told(tmp_path: Path) -> None:
    path = tmp_path / "feeds.yml"
    path.write_text("feeds:\n  - {id: a_list, url: 'https://x.org/list', kind: listing, publisher: X}\n")
    assert load_feeds(path)[0].max_entries == 10
