"""The dashboard in a real headless Chromium: a shared link opens, the overview chart draws, menus work.

Uses the Chromium that Debian installs (chromium-headless-shell or chromium); nothing is downloaded.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from etl import store
from etl.settings import PROJECT_ROOT, Settings
from tests.e2e.browser import browser_page, find_chromium, streamlit_server, wait_rendered
from tests.fixtures.store_builder import build_store

pytestmark = pytest.mark.e2e

FIXTURES = PROJECT_ROOT / "tests" / "fixtures" / "indicators"


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
    with streamlit_server(PROJECT_ROOT / "dashboard" / "app.py", tmp_path / "streamlit.log") as url:
        yield url


def test_overview_chart_is_drawn_in_a_real_browser(chromium: str, dashboard_url: str, tmp_path: Path) -> None:
    with browser_page(chromium, height=1200) as page:
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


def test_indicator_panels_fit_the_page_in_a_real_browser(
    chromium: str, dashboard_url: str, settings: Settings, tmp_path: Path
) -> None:
    from etl.indicators.ingest import store_indicator_file

    engine = store.make_engine(settings)
    for path in sorted((PROJECT_ROOT / "datasets" / "indicators").glob("*.csv")):
        store_indicator_file(engine, path, "cli")
    engine.dispose()
    with browser_page(chromium, height=1200) as page:
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


def test_a_click_on_a_flow_opens_exactly_its_items_and_back_returns(
    chromium: str, dashboard_url: str
) -> None:
    with browser_page(chromium, height=1600) as page:
        # The whole period, and a confidence floor other than the default, so back must restore it.
        start = f"{dashboard_url}/?period=1961-01-01&period=2024-12-31&min_confidence=0.3"
        page.goto(start)
        wait_rendered(page)
        # The matrix is drawn when its tab is opened: wait for it and for that run to finish, as a
        # user sees the chart before clicking it.
        page.get_by_role("tab", name="Flow matrix").click()
        matrix = page.locator(".st-key-flow_matrix .vega-embed")
        matrix.locator("svg").wait_for(state="visible", timeout=30_000)
        wait_rendered(page)
        # The test store's flows: North Korea → Russia holds the two arms transfers (busiest row first).
        matrix.locator("g.mark-rect path").first.click(force=True)
        page.wait_for_url("**/items?*", timeout=30_000)
        wait_rendered(page)
        page.get_by_text("Showing the 2 items behind the chart mark you clicked").wait_for(timeout=30_000)
        page.get_by_text("flow: North Korea → Russia").wait_for(timeout=10_000)
        page.get_by_text("2 items", exact=False).first.wait_for(timeout=10_000)
        page.go_back()
        page.get_by_role("heading", name="Overview").wait_for(timeout=30_000)
        wait_rendered(page)
        assert "min_confidence=0.3" in page.url and "/items" not in page.url
        page.get_by_text("confidence 0.3 or more", exact=False).first.wait_for(timeout=10_000)


def test_a_click_on_a_sanctions_heatmap_cell_opens_exactly_its_items_and_back_returns(
    chromium: str, dashboard_url: str
) -> None:
    with browser_page(chromium, height=1600) as page:
        page.goto(f"{dashboard_url}/sanctions?tag_confidence=0.3")
        wait_rendered(page)
        heatmap = page.locator(".vega-embed").first
        heatmap.locator("svg").wait_for(state="visible", timeout=30_000)
        # Cells in the matrix's order (regime, instrument, provision, category): the third is
        # UNSCR 1718 OP 8(b) × Arms transfer, which tags the test store's two arms transfers.
        heatmap.locator("g.mark-rect path").nth(2).click(force=True)
        page.wait_for_url("**/items?*", timeout=30_000)
        wait_rendered(page)
        page.get_by_text("Showing the 2 items behind the chart mark you clicked").wait_for(timeout=30_000)
        page.get_by_text("UNSCR 1718 (2006) OP 8(b), Arms transfer", exact=False).first.wait_for(
            timeout=10_000
        )
        page.go_back()
        page.get_by_role("heading", name="Sanctions").wait_for(timeout=30_000)
        wait_rendered(page)
        assert "tag_confidence=0.3" in page.url and "/items" not in page.url


def test_a_world_bank_and_an_owid_upload_are_charted_in_two_unit_panels(
    chromium: str, dashboard_url: str
) -> None:
    with browser_page(chromium, height=1600) as page:
        for name, layout in (
            ("worldbank_military_expenditure_pct_gdp.csv", "wide"),
            ("owid_military_expenditure_usd.csv", "owid"),
        ):
            # Each file in a fresh session, as a user opening the page again: its uploader starts empty,
            # so the preview waited for below cannot be the one of the file before it.
            page.goto(f"{dashboard_url}/indicators")
            wait_rendered(page)
            page.get_by_role("tab", name="Upload").click()
            # The tab's rerun draws the uploader: a file given before it has drawn would be lost.
            page.get_by_text("Nothing is stored until you press Store").wait_for(timeout=30_000)
            wait_rendered(page)
            page.locator('input[type="file"]').set_input_files(str(FIXTURES / name))
            page.get_by_text(layout, exact=True).wait_for(timeout=30_000)
            wait_rendered(page)
            page.get_by_role("button", name="Store this upload").click()
            page.get_by_text(f"Stored {name} as upload", exact=False).wait_for(timeout=30_000)
            wait_rendered(page)
        page.goto(f"{dashboard_url}/indicators")
        wait_rendered(page)
        # The first two series by default: Russia in current US$ (OWID) and in % of GDP (World Bank).
        panels = page.locator(".vega-embed svg")
        panels.nth(1).wait_for(state="visible", timeout=30_000)
        assert panels.count() == 2
        titles = [panels.nth(i).locator("g.role-axis-title text").all_text_contents() for i in range(2)]
        assert sorted(t for texts in titles for t in texts) == ["% of GDP", "current US$"]
        # "Russian Federation" (World Bank) and "Russia" (OWID) are one actor, named alike.
        legends = " ".join(
            " ".join(panels.nth(i).locator("g.role-legend text").all_text_contents()) for i in range(2)
        )
        assert legends.count("Military expenditure · Russia") == 2 and "Russian Federation" not in legends
