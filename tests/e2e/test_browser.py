"""The dashboard in a real headless Chromium: a shared link opens, the overview chart draws, menus work.

Uses the Chromium that Debian installs (chromium-headless-shell or chromium); nothing is downloaded.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from etl import store
from etl.settings import PROJECT_ROOT, Settings
from tests.fixtures.store_builder import build_store

pytestmark = pytest.mark.e2e

CHROMIUM_CANDIDATES = (
    "/usr/bin/chromium-headless-shell",
    "/usr/lib/chromium/chromium-headless-shell",
    "/usr/bin/chromium",
    "/usr/lib/chromium/chromium",
)
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def find_chromium() -> str | None:
    for candidate in CHROMIUM_CANDIDATES:
        if Path(candidate).is_file():
            return candidate
    return shutil.which("chromium-headless-shell") or shutil.which("chromium")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_healthy(url: str, process: subprocess.Popen[bytes], timeout_s: float = 90) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited early with code {process.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("streamlit did not become healthy in time")


@pytest.fixture
def chromium() -> str:
    path = find_chromium()
    if path is None:
        pytest.skip(
            "No Chromium binary found (install Debian's chromium-headless-shell or chromium; .ci/run does)"
        )
    return path


@pytest.fixture
def dashboard_url(settings: Settings, tmp_path: Path) -> Iterator[str]:
    engine = store.make_engine(settings)
    build_store(engine)
    engine.dispose()
    port = _free_port()
    log = (tmp_path / "streamlit.log").open("wb")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "dashboard/app.py",
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
            "--browser.gatherUsageStats",
            "false",
        ],
        cwd=PROJECT_ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url, process)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def test_overview_chart_is_drawn_in_a_real_browser(chromium: str, dashboard_url: str, tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1200})
            # A shared link as the fresh server's first request: the page still gets the app's frame.
            page.goto(f"{dashboard_url}/items?category=Arms+transfer")
            page.get_by_text("3 items").wait_for(timeout=60_000)
            page.get_by_text("Data freshness").wait_for(timeout=10_000)

            page.goto(dashboard_url)
            page.get_by_role("heading", name="Overview").wait_for(timeout=60_000)
            drawn = page.locator(".vega-embed canvas, .vega-embed svg").first
            drawn.wait_for(state="visible", timeout=60_000)
            box = drawn.bounding_box()
            assert box is not None and box["width"] > 200 and box["height"] > 100
            assert page.title() == "Sanctions Monitor"
            page.screenshot(path=str(tmp_path / "overview.png"))

            page.get_by_role("link", name="Sanctions").click()
            page.get_by_text("Tags are an analytical aid, not a legal finding").wait_for(timeout=60_000)
            assert "/sanctions" in page.url
        finally:
            browser.close()


def test_indicator_panels_fit_the_page_in_a_real_browser(
    chromium: str, dashboard_url: str, settings: Settings, tmp_path: Path
) -> None:
    from playwright.sync_api import sync_playwright

    from etl.indicators.ingest import store_indicator_file

    engine = store.make_engine(settings)
    for path in sorted((PROJECT_ROOT / "datasets" / "indicators").glob("*.csv")):
        store_indicator_file(engine, path, "cli")
    engine.dispose()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1200})
            page.goto(f"{dashboard_url}/indicators")
            page.get_by_role("heading", name="Indicators").wait_for(timeout=60_000)
            drawn = page.locator(".vega-embed svg, .vega-embed canvas")
            drawn.nth(1).wait_for(state="visible", timeout=60_000)  # the two default series have two units
            page.screenshot(path=str(tmp_path / "indicators.png"))
            # Each panel, axes and legends included, ends inside the column that holds it.
            overflow = page.evaluate(
                """() => [...document.querySelectorAll('.vega-embed')].map(embed => {
                    const chart = embed.querySelector('svg, canvas').getBoundingClientRect();
                    const column = embed.closest('[data-testid="stVerticalBlock"]').getBoundingClientRect();
                    return chart.right - column.right;
                })"""
            )
            assert len(overflow) == 2 and max(overflow) <= 1, overflow
        finally:
            browser.close()
