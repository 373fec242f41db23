"""Every page, driven through the real app entry with AppTest, against the shared synthetic store."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pandas as pd
import pytest
from sqlalchemy.engine import Engine
from streamlit.testing.v1 import AppTest

from etl.settings import Settings
from tests.dashboard.conftest import PAGES, chart_rows, charts, metric, open_app, texts
from tests.fixtures.store_builder import ITEMS, add_synthetic_items, record_run, set_heartbeat

OpenPage = Callable[..., AppTest]


@pytest.mark.parametrize("page", list(PAGES))
def test_every_page_renders_without_an_error(open_page: OpenPage, page: str) -> None:
    at = open_page(page)
    assert not at.exception
    assert not at.error
    assert at.title[0].value  # each page names itself


def test_sidebar_shows_last_refresh_and_only_then_the_next_one(filled_store: Engine) -> None:
    at = open_app()
    sidebar = " ".join(c.value for c in at.sidebar.caption)
    assert "Last refresh" in sidebar and "2024-06-27 20:00 UTC" in sidebar
    assert "Latest refresh failed" not in sidebar  # the failed run is not the latest one
    assert "Next refresh" not in sidebar

    set_heartbeat(filled_store, datetime.now(UTC) + timedelta(hours=2, minutes=30))
    at = open_app()
    assert "Next refresh in 2 h" in " ".join(c.value for c in at.sidebar.caption)


def test_a_link_to_a_page_gets_the_app_frame(filled_store: Engine) -> None:
    at = open_app("items", {"category": "Arms transfer"})
    assert at.title[0].value == "Items"
    assert any("Last refresh" in c.value for c in at.sidebar.caption)  # drawn by app.py
    assert at.multiselect(key="category").value == ["arms_transfer"]
    # The filters in the closed "More filters" panel still apply, and the words beside it say so.
    assert "Category: Arms transfer; undated items included" in texts(at)


def test_first_run_screen_when_the_store_does_not_exist(settings: Settings) -> None:
    at = open_app()
    assert not at.exception
    assert at.title[0].value == "Welcome to Sanctions Monitor"
    assert [b.label for b in at.button] == ["Run the first refresh"]
    assert not (settings.data_dir / "monitor.sqlite").exists()  # looking does not create the store


# --- Overview ---------------------------------------------------------------------------------------------


def test_overview_figures_and_charts(open_page: OpenPage) -> None:
    at = open_page("overview")
    # The default period starts two years before the latest item's year: the 1961 treaty is outside it.
    assert metric(at, "Items") == "8"
    assert metric(at, "Arms transfers") == "3"
    assert metric(at, "Provisions engaged") == "5"
    assert metric(at, "Source documents") == "3"
    assert metric(at, "Last refresh").endswith("ago")
    kinds = [{layer["mark"]["type"] for layer in spec["layer"]} for spec in charts(at)]
    assert kinds[0] == {"bar", "circle"}  # timeline: spans and dots
    assert "geoshape" in kinds[1] and "line" in kinds[1]  # map
    assert len(kinds) == 2  # the flow matrix is drawn when its tab is opened
    at.session_state["flows_view"] = "Flow matrix"
    kinds = [{layer["mark"]["type"] for layer in spec["layer"]} for spec in charts(at.run())]
    assert len(kinds) == 2 and kinds[1] == {"rect", "text"}


def test_overview_category_filter_changes_the_figures(open_page: OpenPage) -> None:
    at = open_page("overview")
    at.multiselect(key="categories").set_value(["luxury_goods_transfer"]).run()
    assert metric(at, "Items") == "1"
    assert metric(at, "Arms transfers") == "0"
    assert metric(at, "Provisions engaged") == "3"


def test_overview_period_from_a_link_and_an_empty_period(open_page: OpenPage) -> None:
    at = open_page("overview", {"period": ["1961-01-01", "2024-12-31"]})
    assert metric(at, "Items") == "9"  # now the 1961 treaty counts too
    at = open_page("overview", {"period": ["1970-01-01", "1980-12-31"]})
    assert metric(at, "Items") == "0"
    assert not at.exception
    assert "No items match these filters" in texts(at)


def test_overview_minimum_confidence_hides_unsure_items_and_comes_from_a_link(
    open_page: OpenPage, filled_store: Engine
) -> None:
    _set_confidence(filled_store, "it-missiles", 0.2)  # an arms transfer inside the default period
    at = open_page("overview")
    assert at.slider(key="min_confidence").value == 0.5
    assert metric(at, "Items") == "7"
    assert metric(at, "Arms transfers") == "2"
    assert "Ballistic missiles supplied and fired" not in _timeline_summaries(at)
    at.slider(key="min_confidence").set_value(0.0).run()
    assert metric(at, "Items") == "8"
    assert "Ballistic missiles supplied and fired" in _timeline_summaries(at)
    at = open_page("overview", {"min_confidence": "0.1"})
    assert at.slider(key="min_confidence").value == 0.1
    assert metric(at, "Arms transfers") == "3"


def _set_confidence(engine: Engine, item_id: str, confidence: float) -> None:
    with engine.begin() as conn:
        conn.exec_driver_sql("UPDATE items SET confidence = ? WHERE item_id = ?", (confidence, item_id))


def _timeline_summaries(at: AppTest) -> set[str]:
    return {s for rows in chart_rows(at)[0].values() for s in rows.get("summary", [])}


# --- Items ------------------------------------------------------------------------------------------------


def _count(at: AppTest) -> str:
    return next(m.value for m in at.markdown if "match these filters" in m.value)


def test_items_filters_narrow_the_table(open_page: OpenPage) -> None:
    at = open_page("items")
    assert _count(at) == f"**{len(ITEMS)} items** match these filters."
    at.multiselect(key="category").set_value(["arms_transfer"]).run()
    assert _count(at).startswith("**3 items**")
    at.multiselect(key="from").set_value(["PRK"]).run()
    assert _count(at).startswith("**2 items**")
    at.text_input(key="q").set_value("kharkiv MISSILES").run()
    table = at.dataframe[0].value
    assert table["item_id"].tolist() == ["it-missiles"]


def test_items_view_is_restored_from_a_shared_link(open_page: OpenPage) -> None:
    at = open_page("items", {"category": "Arms transfer", "status": "Alleged"})
    assert at.multiselect(key="category").value == ["arms_transfer"]
    assert at.dataframe[0].value["item_id"].tolist() == ["it-missiles"]


def test_items_date_range_and_undated_toggle(open_page: OpenPage) -> None:
    at = open_page("items", {"dates": ["2024-06-01", "2024-06-30"]})
    ids = set(at.dataframe[0].value["item_id"])
    # Overlapping spans count (treaty month, the year-long technology item); undated items stay by default.
    assert ids == {"it-visit", "it-treaty", "it-car", "it-tech", "it-china"}
    at.toggle(key="undated").set_value(False).run()
    assert "it-china" not in set(at.dataframe[0].value["item_id"])


def test_items_minimum_confidence_hides_candidates_and_is_restored_from_a_link(
    open_page: OpenPage, filled_store: Engine
) -> None:
    _set_confidence(filled_store, "it-china", 0.1)
    _set_confidence(filled_store, "it-statement", 0.45)
    at = open_page("items")
    slider = at.slider(key="confidence")
    assert slider.value == 0.5
    assert "kept in the store rather than dropped" in slider.help and "lower this to show them" in slider.help
    assert _count(at).startswith(f"**{len(ITEMS) - 2} items** match these filters. 2 more, scored below 0.5,")
    at.slider(key="confidence").set_value(0.4).run()
    assert _count(at).startswith(f"**{len(ITEMS) - 1} items**")
    at.slider(key="confidence").set_value(0.0).run()
    assert _count(at) == f"**{len(ITEMS)} items** match these filters."
    at = open_page("items", {"confidence": "0.4", "category": "Statement"})
    assert at.slider(key="confidence").value == 0.4
    assert at.dataframe[0].value["item_id"].tolist() == ["it-statement"]


def test_items_download_holds_exactly_the_filtered_rows(
    open_page: OpenPage, downloads: dict[str, bytes]
) -> None:
    at = open_page("items", {"category": "Arms transfer"})
    shown = set(at.dataframe[0].value["item_id"])
    as_csv = pd.read_csv(io.BytesIO(downloads["items.csv"]), encoding="utf-8-sig")
    as_parquet = pd.read_parquet(io.BytesIO(downloads["items.parquet"]))
    assert (
        set(as_csv["item_id"])
        == shown
        == set(as_parquet["item_id"])
        == {"it-shells", "it-missiles", "it-iran"}
    )
    # A quote starting with '=' must not run as a formula in a spreadsheet; Parquet keeps the text as is.
    csv_quote = as_csv.set_index("item_id").loc["it-shells", "quote"]
    assert csv_quote.startswith("'=HYPERLINK")
    assert as_parquet.set_index("item_id").loc["it-shells", "quote"].startswith("=HYPERLINK")


def test_a_long_items_table_comes_a_page_at_a_time_and_the_download_holds_every_row(
    filled_store: Engine, downloads: dict[str, bytes]
) -> None:
    add_synthetic_items(filled_store, 240)
    at = open_app("items", {"confidence": "0"})
    total = len(ITEMS) + 240
    assert _count(at) == f"**{total} items** match these filters."
    first = at.dataframe[0].value
    assert len(first) == 100
    (pager,) = at.get("pagination")
    assert pager.num_pages == 3
    assert f"1–100 of {total} items" in texts(at)
    pager.select(3).run()
    last = at.dataframe[0].value
    assert len(last) == total - 200 and f"201–{total} of {total} items" in texts(at)
    assert not set(last["item_id"]) & set(first["item_id"])
    assert len(pd.read_csv(io.BytesIO(downloads["items.csv"]), encoding="utf-8-sig")) == total
    # The page is in the link: opening it shows the same rows.
    again = open_app("items", {"confidence": "0", "page": "3"})
    assert again.dataframe[0].value["item_id"].tolist() == last["item_id"].tolist()


@pytest.mark.parametrize(
    "query",
    [
        {"q": "no-such-word-anywhere"},
        {"category": "Statement", "from": "Iran"},
        {"q": "100%_"},  # LIKE wildcards are searched for literally
        {"dates": ["2030-01-01", "2031-01-01"]},  # outside the data: ignored, not an error
        {"dates": "not-a-date", "category": "No such category", "status": ["Reported", "bogus"]},
        {"provision": "UN · UNSCR 1718 (2006) OP 8(b)", "undated": "false", "to": "Russia"},
    ],
)
def test_items_no_filter_combination_breaks_the_page(open_page: OpenPage, query: dict[str, object]) -> None:
    at = open_page("items", query)
    assert not at.exception
    if at.dataframe:
        assert len(at.dataframe[0].value) >= 1
    else:
        assert "No items match these filters" in texts(at)


# --- Sanctions --------------------------------------------------------------------------------------------


def test_sanctions_states_what_tags_are_and_marks_unverified_provisions(open_page: OpenPage) -> None:
    at = open_page("sanctions")
    page = texts(at)
    assert "Tags are an analytical aid, not a legal finding" in page
    assert metric(at, "Tagged items") == "4"
    assert metric(at, "Of which unverified") == "2"
    (heatmap,) = chart_rows(at)[:1]
    labels = {label for rows in heatmap.values() for label in rows.get("provision_label", [])}
    assert "UN · UNSCR 2094 (2013) OP 23 (unverified)" in labels
    assert "UN · UNSCR 1718 (2006) OP 8(b)" in labels


def test_sanctions_regime_filter_and_drill_down(open_page: OpenPage) -> None:
    at = open_page("sanctions")
    at.multiselect(key="regime").set_value(["EU"]).run()
    assert metric(at, "Tagged items") == "1"
    assert metric(at, "Provisions engaged") == "1"
    drill = at.dataframe[0].value
    assert drill["item_id"].tolist() == ["it-car"]
    assert drill["rationale"].tolist() == ["The EU luxury ban lists motor vehicles."]


def test_sanctions_honour_the_same_confidence_floor_and_say_what_they_hide(
    open_page: OpenPage, filled_store: Engine
) -> None:
    _set_confidence(filled_store, "it-missiles", 0.2)  # tagged under UNSCR 1718 OP 8(b)
    at = open_page("sanctions", {"measure": "UN · UNSCR 1718 (2006) OP 8(b)"})
    assert at.slider(key="tag_confidence").value == 0.5
    assert metric(at, "Tagged items") == "3"
    assert "1 more tagged items are scored below it and hidden" in texts(at)
    assert set(at.dataframe[0].value["item_id"]) == {"it-shells"}
    at = open_page("sanctions", {"measure": "UN · UNSCR 1718 (2006) OP 8(b)", "tag_confidence": "0"})
    assert metric(at, "Tagged items") == "4"
    assert set(at.dataframe[0].value["item_id"]) == {"it-shells", "it-missiles"}


def test_items_show_exactly_the_items_of_a_clicked_mark(open_page: OpenPage) -> None:
    at = open_page("items", {"ids": "it-shells,it-missiles", "mark": "flow: North Korea → Russia"})
    assert set(at.dataframe[0].value["item_id"]) == {"it-shells", "it-missiles"}
    assert "Showing the 2 items behind the chart mark you clicked" in texts(at)
    assert "North Korea → Russia" in texts(at)
    at.button(key="clear_ids").click().run()
    assert len(at.dataframe[0].value) == len(ITEMS)


def test_items_show_the_date_as_written_beside_the_date_as_read(open_page: OpenPage) -> None:
    at = open_page("items", {"ids": "it-visit,it-tech,it-china"})
    table = at.dataframe[0].value.set_index("item_id")
    assert table.loc["it-visit", "resolved"] == "2024-06-17 to 2024-06-18 (range)"
    assert table.loc["it-tech", "resolved"] == "2024 (year)"
    assert table.loc["it-china", "resolved"] == "undated"


def test_sanctions_drill_down_from_a_link(open_page: OpenPage) -> None:
    at = open_page("sanctions", {"measure": "UN · UNSCR 1718 (2006) OP 8(b)"})
    assert set(at.dataframe[0].value["item_id"]) == {"it-shells", "it-missiles"}


# --- Sources & runs ---------------------------------------------------------------------------------------


def test_sources_documents_runs_and_issues(open_page: OpenPage) -> None:
    at = open_page("sources")
    assert metric(at, "Documents") == "3"
    at.selectbox(key="kind").set_value("statement").run()
    assert metric(at, "Documents") == "1"
    assert metric(at, "Items from them") == "1"
    runs = at.dataframe[1].value
    assert runs["run_id"].tolist() == [3, 2, 1]
    assert runs["message"].str.contains("Synthetic failure").any()
    at.selectbox(key="run").set_value(2).run()
    assert at.dataframe[2].value["message"].tolist() == ["Synthetic issue: front matter has no title"]
    # Issues filtered by level: only the levels the run recorded are offered.
    assert at.selectbox(key="level").options == ["Every level", "Error"]
    at.selectbox(key="level").set_value("error").run()
    assert at.dataframe[2].value["level"].tolist() == ["⛔ Error"]


def test_new_data_shows_without_a_restart(open_page: OpenPage, filled_store: Engine) -> None:
    at = open_page("sources")
    assert len(at.dataframe[1].value) == 3
    record_run(filled_store, status="succeeded", items_written=10)
    at.run()
    assert len(at.dataframe[1].value) == 4
