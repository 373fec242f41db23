"""Feeds served from 127.0.0.1 by pytest-httpserver, and settings that point a refresh at them."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
import yaml
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from etl import store
from etl.settings import Settings, load_settings
from tests.conftest import FIXTURES

FEED_FIXTURES = FIXTURES / "feeds"
ARTICLE_PATH = "/designation-of-facilitator-pursuing-dprk-arms-deal/"


def fixture_bytes(name: str) -> bytes:
    return (FEED_FIXTURES / name).read_bytes()


@pytest.fixture
def httpserver() -> Iterator[HTTPServer]:
    """A fresh server on 127.0.0.1 per test, answering requests in parallel (a slow one blocks no other)."""
    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    server.start()
    yield server
    server.clear()
    server.stop()


@pytest.fixture
def robots(httpserver: HTTPServer) -> HTTPServer:
    """A server whose robots.txt allows everything."""
    httpserver.expect_request("/robots.txt").respond_with_data("User-agent: *\nAllow: /\n")
    return httpserver


@pytest.fixture
def state_site(robots: HTTPServer) -> HTTPServer:
    """The State Department press-release feed and its on-topic article, answering 304 when unchanged."""
    feed = fixture_bytes("state_press_releases.xml").replace(
        b"{base}", robots.url_for("").rstrip("/").encode()
    )
    serve_versioned(robots, "/rss-feed/press-releases/feed/", feed, "application/rss+xml")
    serve_versioned(robots, ARTICLE_PATH, fixture_bytes("state_designation_mkrtychev.html"), "text/html")
    return robots


def serve_versioned(server: HTTPServer, path: str, body: bytes, content_type: str) -> None:
    """Serve body with an ETag and Last-Modified, and 304 to a request that sends either back."""

    def answer(request: Request) -> Response:
        if request.headers.get("If-None-Match") == '"v1"':
            return Response(status=304, headers={"ETag": '"v1"'})
        return Response(
            body,
            content_type=content_type,
            headers={"ETag": '"v1"', "Last-Modified": "Thu, 30 Mar 2023 17:15:00 GMT"},
        )

    server.expect_request(path).respond_with_handler(answer)


def slow(seconds: float) -> Callable[[Request], Response]:
    def answer(_request: Request) -> Response:
        time.sleep(seconds)
        return Response("<rss version='2.0'><channel></channel></rss>", content_type="application/rss+xml")

    return answer


def _feeds_factory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., Settings]:
    def make(*feeds: dict[str, object], **env: str) -> Settings:
        path = tmp_path / "test-feeds.yml"
        entries = [{"publisher": "Test publisher", **feed} for feed in feeds]
        path.write_text(yaml.safe_dump({"feeds": entries}))
        monkeypatch.setenv("MONITOR_FEEDS", str(path))
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        return load_settings()

    return make


@pytest.fixture
def feeds_settings(
    settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Callable[..., Settings]:
    """Settings whose feeds file lists the given feeds (id, url, kind, and optional keywords)."""
    return _feeds_factory(tmp_path, monkeypatch)


@pytest.fixture
def feeds_backend_settings(
    backend_settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Callable[..., Settings]:
    """The same, once per storage backend."""
    return _feeds_factory(tmp_path, monkeypatch)


def requests_to(server: HTTPServer, path: str) -> list[Request]:
    return [request for request, _response in server.log if request.path == path]


def run_issues(settings: Settings, run_id: int) -> list[str]:
    """The issues a refresh run recorded, as "level: message"."""
    engine = store.make_engine(settings)
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                sa.select(store.etl_issues.c.level, store.etl_issues.c.message).where(
                    store.etl_issues.c.run_id == run_id
                )
            )
            return [f"{r.level}: {r.message}" for r in rows]
    finally:
        engine.dispose()


def web_documents(settings: Settings) -> dict[str, sa.Row]:
    """The documents that came from the web or an upload, by address."""
    engine = store.make_engine(settings)
    try:
        with engine.connect() as conn:
            rows = conn.execute(sa.select(store.documents).where(store.documents.c.origin.is_not(None)))
            return {row.url: row for row in rows}
    finally:
        engine.dispose()
