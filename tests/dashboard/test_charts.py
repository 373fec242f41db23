"""Chart builders and the queries that feed them: Vega-Lite specs checked without Streamlit running."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime, timedelta

import altair as alt
import pandas as pd
import streamlit as st
from sqlalchemy.engine import Engine

from dashboard import charts, exports, geo, queries
from dashboard.labels import code_label, format_age, format_until
from etl.settings import Settings
from tests.fixtures.store_builder import add_synthetic_items, build_store


def _layers(spec: dict) -> dict[str, dict]:
    return {layer["mark"]["type"]: layer for layer in spec["layer"]}


def _rows(spec: dict) -> list[list[dict]]:
    return [v for v in spec.get("datasets", {}).values() if isinstance(v, list)]


def test_one_theme_for_every_chart() -> None:
    assert alt.theme.active == charts.THEME_NAME
    config = charts.timeline_chart(
        pd.DataFrame(
            {
                "category_label": ["Arms transfer"],
                "precision": ["day"],
                "start": [date(2024, 1, 2)],
                "end": [date(2024, 1, 2)],
                "n": [1],
                "summary": ["s"],
                "date_text": ["2 January"],
                "status": ["reported"],
                "source": ["doc"],
            }
        )
    ).to_dict()["config"]
    assert config["font"] == charts.FONT and config["axis"]["labelFontSize"] >= 12


def test_timeline_draws_days_as_dots_and_coarser_dates_as_spans(snap: queries.Snapshot) -> None:
    period = (date(2023, 1, 1), date(2024, 12, 31))
    rows = queries.timeline(
        snap, queries.ItemFilter(date_from=period[0], date_to=period[1], include_undated=False)
    )
    spec = charts.timeline_chart(rows, period).to_dict()
    layers = _layers(spec)
    assert set(layers) == {"bar", "circle"}
    bar = layers["bar"]["encoding"]
    assert bar["x"]["field"] == "start" and bar["x"]["type"] == "temporal"
    assert bar["x2"]["field"] == "end_drawn"
    assert bar["y"]["field"] == "category_label"
    tooltip = {t["title"] for t in bar["tooltip"]}
    assert {"Summary", "Date as written", "Status", "Source"} <= tooltip
    [data] = _rows(spec)
    shapes = {(r["date_text"], r["shape"]) for r in data}
    assert ("19 June 2024", "dot") in shapes  # day precision
    assert ("June 2024", "span") in shapes  # month precision: a span, never a fake day
    assert ("later this year", "span") in shapes  # year precision
    assert ("17-18 June 2024", "dot") in shapes  # a two-day range is too short to see as a bar
    # A span ends after its last day.
    june = next(r for r in data if r["date_text"] == "June 2024")
    assert pd.Timestamp(june["end_drawn"]).date() == date(2024, 7, 1)


def test_timeline_groups_when_there_are_too_many_marks(engine: Engine, settings: Settings) -> None:
    add_synthetic_items(engine, 10_000)
    snapshot = queries.current_snapshot()
    assert snapshot is not None
    rows = queries.timeline(snapshot, queries.ItemFilter())
    assert 0 < len(rows) <= queries.TIMELINE_MAX_MARKS
    assert rows["n"].sum() == 10_000 - _undated(engine)  # every dated item is in one mark
    assert rows["date_text"].str.endswith("(grouped)").all()
    # Grouped marks are all bars: the legend explains bars and has no key for dots that are not drawn.
    legends = [layer["encoding"] for layer in charts.timeline_chart(rows).to_dict()["layer"]]
    assert (
        legends[0]["opacity"]["title"] == "Items per bar"
        and legends[0]["opacity"]["legend"]["format"] == ",d"
    )
    assert legends[1]["size"]["legend"] is None


def _undated(engine: Engine) -> int:
    with engine.connect() as conn:
        return conn.exec_driver_sql("SELECT count(*) FROM items WHERE date_start IS NULL").scalar_one()


def test_flows_are_transfers_with_a_direction_only(snap: queries.Snapshot, engine: Engine) -> None:
    flows = queries.flows(snap, queries.ItemFilter())
    prk_rus = flows[(flows.from_iso3 == "PRK") & (flows.to_iso3 == "RUS")].iloc[0]
    assert prk_rus["n"] == 2 and prk_rus["breakdown"] == "Arms transfer 2"
    rus_prk = flows[(flows.from_iso3 == "RUS") & (flows.to_iso3 == "PRK")].iloc[0]
    # The visit and the two agreements between the same states are on the timeline, not flows.
    assert rus_prk["n"] == 2 and rus_prk["breakdown"] == "Luxury goods transfer 1 · Technology transfer 1"
    assert set(flows["from_name"]) == {"Russia", "North Korea", "Iran"}
    assert queries.flows_left_out(snap, queries.ItemFilter()) == queries.FlowsLeftOut(4, 0, 0)
    with engine.begin() as conn:  # a transfer whose source names both states without a direction
        conn.exec_driver_sql("UPDATE items SET direction = 'between' WHERE item_id = 'it-car'")
    st.cache_data.clear()  # the raw update above does not change the data version
    fresh = snap
    flows = queries.flows(fresh, queries.ItemFilter())
    rus_prk = flows[(flows.from_iso3 == "RUS") & (flows.to_iso3 == "PRK")].iloc[0]
    assert rus_prk["breakdown"] == "Technology transfer 1"
    assert queries.flows_left_out(fresh, queries.ItemFilter()).undirected == 1


def test_a_denied_transfer_is_never_drawn_as_a_flow(snap: queries.Snapshot, engine: Engine) -> None:
    with engine.begin() as conn:  # "Moscow has denied receiving North Korean missiles"
        conn.exec_driver_sql("UPDATE items SET status = 'denied' WHERE item_id = 'it-missiles'")
    st.cache_data.clear()  # the raw update above does not change the data version
    flows = queries.flows(snap, queries.ItemFilter())
    prk_rus = flows[(flows.from_iso3 == "PRK") & (flows.to_iso3 == "RUS")].iloc[0]
    assert prk_rus["n"] == 1 and prk_rus["breakdown"] == "Arms transfer 1"
    assert queries.flow_item_ids(snap, queries.ItemFilter(), "PRK", "RUS") == ("it-shells",)
    assert queries.flows_left_out(snap, queries.ItemFilter()).denied == 1


def test_a_flow_and_a_timeline_mark_give_back_exactly_their_items(snap: queries.Snapshot) -> None:
    everything = queries.ItemFilter()
    assert queries.flow_item_ids(snap, everything, "PRK", "RUS") == ("it-missiles", "it-shells")
    assert queries.flow_item_ids(snap, everything, "RUS", "PRK") == ("it-car", "it-tech")
    marks = queries.timeline(snap, everything)
    visit = marks[marks["category"] == "summit_or_visit"].iloc[0]
    category, precision, start, end = visit["mark_key"].split("|")
    assert (category, precision, start, end) == ("summit_or_visit", "range", "2024-06-17", "2024-06-18")
    ids = queries.timeline_item_ids(
        snap, everything, category, precision, date.fromisoformat(start), date.fromisoformat(end)
    )
    assert ids == ("it-visit",)
    spec = charts.timeline_chart(marks).to_dict()
    assert {p["name"] for p in spec["params"]} == set(charts.TIMELINE_PICKS)
    assert all(p["select"]["fields"] == ["mark_key"] for p in spec["params"])


def test_flow_map_names_do_not_collide() -> None:
    anchors = geo.country_anchors().set_index("iso3")
    nodes = anchors.loc[["RUS", "PRK", "KOR", "JPN", "CHN"]].reset_index()
    spots = charts.label_spots(nodes)
    assert len(spots) == 5 and spots[1] != spots[2]  # Pyongyang and Seoul are 1.5 degrees apart
    from dashboard.charts.flows import _label_box, _overlaps

    scale = 900 / (float(nodes["lon"].max() - nodes["lon"].min()) + 40)
    boxes = [
        _label_box(lon * scale, -lat * scale, name, spot)
        for lon, lat, name, spot in zip(nodes["lon"], nodes["lat"], nodes["name"], spots, strict=True)
    ]
    assert not any(_overlaps(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1 :])


def test_flow_map_ships_the_world_once_and_one_line_per_flow(snap: queries.Snapshot) -> None:
    flows = queries.flows(snap, queries.ItemFilter())
    spec = charts.flow_map_spec(flows, geo.country_anchors(), geo.world_topology())
    world = spec["datasets"][charts.WORLD_DATASET]
    assert world["type"] == "Topology" and "countries" in world["objects"]
    marks = [layer["mark"]["type"] for layer in spec["layer"]]
    # One layer of shapes: the states the flows involve are a shade darker than the rest.
    assert marks.count("geoshape") == 1 and "line" in marks and "text" in marks
    fill = spec["layer"][0]["encoding"]["fill"]
    assert fill["condition"]["test"]["oneOf"] == sorted(
        geo.country_anchors()
        .set_index("iso3")
        .loc[sorted({*flows["from_iso3"], *flows["to_iso3"]}), "numeric"]
    )
    assert fill["condition"]["value"] != fill["value"]
    line = next(layer for layer in spec["layer"] if layer["mark"]["type"] == "line")
    assert line["encoding"]["strokeWidth"]["field"] == "n"
    assert line["encoding"]["detail"]["field"] == "flow_id"
    arcs = charts.flow_arcs(flows, geo.country_anchors())
    assert arcs["flow_id"].nunique() == len(flows)  # every state in the test data has a map position
    assert len(arcs) == len(flows) * (charts.ARC_STEPS + 1)
    assert spec["layer"][0]["projection"]["fit"]["geometry"]["type"] == "MultiPoint"


def _arc_refs(arcs: object) -> list[int]:
    return [arcs] if isinstance(arcs, int) else [i for part in arcs for i in _arc_refs(part)]  # type: ignore[attr-defined]


def test_the_map_ships_only_the_country_shapes_it_can_show(snap: queries.Snapshot) -> None:
    near_japan = geo.world_within((120.0, 30.0, 150.0, 45.0))
    ids = {g.get("id") for g in near_japan["objects"]["countries"]["geometries"]}
    assert {"392", "408", "410"} <= ids  # Japan and both Koreas
    assert not ids & {"076", "036", "010"}  # Brazil, Australia, Antarctica
    refs = [i for g in near_japan["objects"]["countries"]["geometries"] for i in _arc_refs(g["arcs"])]
    assert all(-len(near_japan["arcs"]) <= i < len(near_japan["arcs"]) for i in refs)
    assert len(near_japan["arcs"]) < len(geo.world_topology()["arcs"]) / 4

    flows = queries.flows(snap, queries.ItemFilter())
    anchors = geo.country_anchors().set_index("iso3")
    shown = geo.world_within(charts.map_shown_bounds(flows, anchors.reset_index()))
    ids = {g.get("id") for g in shown["objects"]["countries"]["geometries"]}
    assert set(anchors.loc[sorted({*flows["from_iso3"], *flows["to_iso3"]}), "numeric"]) <= ids
    assert "036" not in ids  # far south of every flow


def test_flow_matrix_is_from_by_to(snap: queries.Snapshot) -> None:
    spec = charts.flow_matrix_chart(queries.flows(snap, queries.ItemFilter())).to_dict()
    rect = _layers(spec)["rect"]["encoding"]
    assert (rect["x"]["field"], rect["y"]["field"], rect["color"]["field"]) == ("to_name", "from_name", "n")
    assert _layers(spec)["text"]["encoding"]["text"]["field"] == "n"


def test_sanctions_heatmap_counts_items_per_provision_and_category(snap: queries.Snapshot) -> None:
    matrix = queries.sanctions_matrix(snap, ())
    assert matrix.set_index(["measure_id", "category"])["n"].to_dict() == {
        ("un-1718-8a-iii", "luxury_goods_transfer"): 1,
        ("un-2094-23", "luxury_goods_transfer"): 1,
        ("eu-2017-1509-art10", "luxury_goods_transfer"): 1,
        ("un-1718-8b", "arms_transfer"): 2,
        ("us-eo-13722", "technology_transfer"): 1,
    }
    spec = charts.sanctions_heatmap(matrix).to_dict()
    rect = _layers(spec)["rect"]["encoding"]
    assert rect["y"]["field"] == "provision_label" and rect["x"]["field"] == "category_label"
    assert "UN · UNSCR 2094 (2013) OP 23 (unverified)" in rect["y"]["sort"]
    assert queries.sanctions_matrix(snap, ("EU",))["measure_id"].tolist() == ["eu-2017-1509-art10"]


def test_chart_rows_stay_within_the_mark_budget_at_ten_thousand_items(
    engine: Engine, settings: Settings
) -> None:
    build_store(engine)
    add_synthetic_items(engine, 10_000)
    snapshot = queries.current_snapshot()
    assert snapshot is not None
    everything = queries.ItemFilter()
    specs = [
        charts.timeline_chart(queries.timeline(snapshot, everything)).to_dict(),
        charts.flow_map_spec(
            queries.flows(snapshot, everything), geo.country_anchors(), geo.world_topology()
        ),
        charts.flow_matrix_chart(queries.flows(snapshot, everything)).to_dict(),
        charts.sanctions_heatmap(queries.sanctions_matrix(snapshot, ())).to_dict(),
        charts.runs_chart(queries.run_history(snapshot)).to_dict(),
    ]
    for spec in specs:
        assert max(len(rows) for rows in _rows(spec)) <= 5_000


def test_item_filter_search_is_literal_and_case_blind(snap: queries.Snapshot) -> None:
    def ids(**kwargs: object) -> list[str]:
        return sorted(queries.item_table(snap, queries.ItemFilter(**kwargs))["item_id"])  # type: ignore[arg-type]

    assert ids(text="SHIPPED containers") == ["it-shells"]
    assert ids(text="100%") == []
    assert ids(text="_") == []
    assert ids(measure_ids=("un-1718-8b",)) == ["it-missiles", "it-shells"]
    assert ids(date_from=date(1961, 6, 1), date_to=date(1961, 6, 30), include_undated=False) == ["it-1961"]


def test_csv_export_neutralises_formulas_but_not_numbers() -> None:
    frame = pd.DataFrame(
        {"text": ["=1+1", "+cmd", "-x", "@SUM(A1)", "plain", None], "n": [-1, 2, 3, 4, 5, 6]}
    )
    lines = exports.to_csv_bytes(frame).decode("utf-8-sig").splitlines()
    assert lines[1:5] == ["'=1+1,-1", "'+cmd,2", "'-x,3", "'@SUM(A1),4"]
    assert lines[5] == "plain,5"
    assert pd.read_parquet(io.BytesIO(exports.to_parquet_bytes(frame)))["text"][0] == "=1+1"


def test_labels_read_naturally() -> None:
    now = datetime(2024, 6, 27, 12, 0, tzinfo=UTC)
    assert code_label("luxury_goods_transfer") == "Luxury goods transfer"
    assert code_label(None) == "—"
    assert format_age(now - timedelta(seconds=20), now) == "just now"
    assert format_age(now - timedelta(hours=3, minutes=5), now) == "3 h 5 min ago"
    assert format_age(now - timedelta(days=3), now) == "3 days ago"
    assert format_age(now - timedelta(days=900), now) == "2 years ago"
    assert format_until(now + timedelta(hours=2, minutes=30), now) == "in 2 h 30 min"
    assert format_until(now - timedelta(minutes=12), now) == "overdue by 12 min"


def _points(granularity: str, starts: list[str], n: int = 1, unit: str = "t") -> pd.DataFrame:
    return pd.DataFrame(
        {
            "indicator": "Exports",
            "entity": "DPRK",
            "unit": unit,
            "granularity": granularity,
            "period_start": pd.to_datetime(starts),
            "period_end": pd.to_datetime(starts),
            "value": [float(k + 1) for k in range(len(starts))],
            "n": n,
        }
    )


def test_indicator_panel_draws_dots_on_lines_and_names_the_period() -> None:
    quarters = _points("quarter", ["2024-01-01", "2024-04-01"]).assign(
        period_end=pd.to_datetime(["2024-03-31", "2024-06-30"])
    )
    spec = charts.indicator_chart(quarters, pd.DataFrame()).to_dict()
    layers = _layers(spec)
    # A dot per value at the middle of its quarter, on its line, over a light bar spanning the quarter.
    assert set(layers) == {"line", "point", "rule"}
    assert layers["point"]["mark"]["filled"] is True
    assert layers["point"]["encoding"]["x"]["field"] == "mid"
    assert (layers["rule"]["encoding"]["x"]["field"], layers["rule"]["encoding"]["x2"]["field"]) == (
        "period_start",
        "covered_to",
    )
    assert spec["width"] == "container"  # the panel takes its container's width, never a fixed wider one
    [rows] = _rows(spec)
    assert [r["period"] for r in rows] == ["2024-Q1", "2024-Q2"]
    assert [r["mid"][:10] for r in rows] == ["2024-02-15", "2024-05-16"]
    assert {t["title"] for t in layers["point"]["encoding"]["tooltip"]} == {"Series", "Period", "t"}


def test_a_lone_point_on_the_first_day_is_inside_the_axis() -> None:
    spec = charts.indicator_chart(_points("year", ["2024-01-01"]), pd.DataFrame()).to_dict()
    low, high = (pd.Timestamp(d) for d in _layers(spec)["point"]["encoding"]["x"]["scale"]["domain"])
    assert low < pd.Timestamp("2024-01-01") < high
    [rows] = _rows(spec)
    assert rows[0]["period"] == "2024"
    assert charts.padded_domain(date(2024, 1, 1), date(2024, 1, 1))[0] < pd.Timestamp("2024-01-01")


def test_an_averaged_point_names_its_first_and_last_period() -> None:
    points = _points("month", ["2020-01-01"], n=12).assign(period_end=pd.Timestamp("2020-12-31"))
    [rows] = _rows(charts.indicator_chart(points, pd.DataFrame()).to_dict())
    assert rows[0]["period"] == "2020-01 to 2020-12 (average of 12 periods)"


def test_one_panel_per_unit_on_one_time_axis() -> None:
    points = pd.concat(
        [_points("year", ["2023-01-01"], unit="t"), _points("year", ["2024-01-01"], unit="USD")]
    )
    panels = charts.indicator_panels(points, pd.DataFrame())
    assert [unit for unit, _ in panels] == ["USD", "t"]  # never two units on one axis
    domains = {str(_layers(p.to_dict())["line"]["encoding"]["x"]["scale"]["domain"]) for _, p in panels}
    assert len(domains) == 1


def test_item_markers_are_light_rules_with_the_quote(snap: queries.Snapshot) -> None:
    markers = queries.item_markers(snap, date(2024, 1, 1), date(2024, 12, 31), ("arms_transfer",))
    assert set(markers["category"]) == {"arms_transfer"}
    spec = charts.indicator_chart(_points("day", ["2024-01-01", "2024-12-01"]), markers).to_dict()
    rule = spec["layer"][0]
    assert rule["mark"]["type"] == "rule" and rule["mark"]["opacity"] <= 0.5
    assert {"Date", "Item", "Quote", "Source"} <= {t["title"] for t in rule["encoding"]["tooltip"]}
    assert rule["encoding"]["color"]["legend"]["values"] == ["Arms transfer"]  # only what is drawn
    when = {r["when"] for rows in _rows(spec) for r in rows if "when" in r}
    assert "2 January (2024-01-02)" in when  # as written, and where it was placed
    assert queries.item_markers(snap, date(2024, 1, 1), date(2024, 12, 31), ()).empty


def test_minimum_confidence_hides_unsure_candidates(snap: queries.Snapshot, engine: Engine) -> None:
    with engine.begin() as conn:
        conn.exec_driver_sql("UPDATE items SET confidence = 0.3 WHERE item_id = 'it-missiles'")
    shown = queries.item_table(snap, queries.ItemFilter(min_confidence=queries.DEFAULT_MIN_CONFIDENCE))
    assert "it-missiles" not in set(shown["item_id"])
    assert len(queries.item_table(snap, queries.ItemFilter())) == len(shown) + 1  # kept, only hidden
    january = (date(2024, 1, 1), date(2024, 1, 31), ("arms_transfer",))
    assert queries.item_markers(snap, *january).empty  # markers hide it too, by default
    assert queries.item_markers(snap, *january, min_confidence=0.0)["summary"].tolist() == [
        "Ballistic missiles supplied and fired"
    ]
    # Fifteen slider steps of 0.05 make 0.7500000000000001 in floats; an item scored 0.75 must still count.
    with engine.begin() as conn:
        conn.exec_driver_sql("UPDATE items SET confidence = 0.75 WHERE item_id = 'it-missiles'")
    threshold = sum([0.05] * 15)
    assert threshold > 0.75
    assert "it-missiles" in set(
        queries.item_table(snap, queries.ItemFilter(min_confidence=threshold))["item_id"]
    )
