"""Versioned storage: every upload kept, the newest activation wins, identical files stored once."""

from __future__ import annotations

import csv
import io
import math
import time
from datetime import date, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.engine import Engine

from etl.errors import InvalidData
from etl.indicators.ingest import (
    IndicatorOptions,
    activate_upload,
    list_series,
    store_indicator_bytes,
    store_indicator_file,
    upload_history,
)
from etl.store import indicator_points, indicator_uploads, write_transaction

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "indicators"


def latest(engine: Engine, indicator: str) -> dict[str, float | None]:
    with engine.connect() as conn:
        rows = conn.execute(
            sa.text(
                "SELECT period_start, value FROM indicator_latest WHERE indicator = :i ORDER BY period_start"
            ),
            {"i": indicator},
        )
        return {r.period_start: r.value for r in rows}


def count(engine: Engine, table: sa.Table) -> int:
    with engine.connect() as conn:
        return int(conn.execute(sa.select(sa.func.count()).select_from(table)).scalar() or 0)


V1 = b"date,indicator,value\n2024-01-01,troops,1500\n2024-01-02,troops,3000\n"
V2 = b"date,indicator,value\n2024-01-02,troops,3100\n2024-01-03,troops,10000\n"


def test_newest_upload_wins_and_an_older_one_can_be_made_current_again(backend_engine: Engine) -> None:
    first = store_indicator_bytes(backend_engine, V1, "troops.csv", "cli")
    second = store_indicator_bytes(backend_engine, V2, "troops.csv", "dashboard")
    assert (first.upload_id, second.upload_id) == (1, 2) and second.duplicate_of is None
    assert latest(backend_engine, "troops") == {"2024-01-01": 1500, "2024-01-02": 3100, "2024-01-03": 10000}

    time.sleep(0.01)  # activation times must differ from the second upload's
    activate_upload(backend_engine, first.upload_id)
    assert latest(backend_engine, "troops") == {"2024-01-01": 1500, "2024-01-02": 3000, "2024-01-03": 10000}
    assert count(backend_engine, indicator_points) == 4  # nothing deleted

    history = upload_history(backend_engine)
    assert [h["upload_id"] for h in history] == [2, 1]
    assert [h["via"] for h in history] == ["dashboard", "cli"]
    assert [h["current"] for h in history] == [False, True]  # the newest activation of the series
    [series] = list_series(backend_engine)
    assert (series["indicator"], series["upload_id"], series["versions"]) == ("troops", 1, 2)


def test_an_identical_reupload_is_recognised_and_not_stored_twice(backend_engine: Engine) -> None:
    first = store_indicator_file(backend_engine, FIXTURES / "long.csv", "cli")
    again = store_indicator_file(backend_engine, FIXTURES / "long.csv", "inbox")
    assert again.duplicate_of == first.upload_id and again.upload_id == first.upload_id
    assert count(backend_engine, indicator_uploads) == 1
    assert count(backend_engine, indicator_points) == 5


def test_gaps_are_stored_as_nulls_and_periods_keep_their_granularity(backend_engine: Engine) -> None:
    store_indicator_file(backend_engine, FIXTURES / "columns.csv", "cli")
    with backend_engine.connect() as conn:
        rows = conn.execute(
            sa.text(
                "SELECT indicator, granularity, period_start, period_end, value FROM indicator_values "
                "WHERE indicator = 'shells' ORDER BY period_start"
            )
        ).all()
    assert [tuple(r) for r in rows] == [
        ("shells", "month", "2024-01-01", "2024-01-31", 1000),
        ("shells", "month", "2024-02-01", "2024-02-29", None),
        ("shells", "month", "2024-03-01", "2024-03-31", 1500),
    ]


def test_upload_records_layout_source_rows_and_series(backend_engine: Engine) -> None:
    result = store_indicator_file(backend_engine, FIXTURES / "long.csv", "cli")
    assert (result.rows, result.series, result.filename) == (5, 2, "long.csv")
    [upload] = upload_history(backend_engine)
    assert upload["layout"] == "long" and upload["source"] == "Test publisher A; Test publisher B"
    assert upload["indicators"] == ["containers shipped", "shells shipped"]


def test_history_can_be_filtered_by_indicator(engine: Engine) -> None:
    store_indicator_bytes(engine, V1, "troops.csv", "cli")
    store_indicator_file(engine, FIXTURES / "years.csv", "cli")
    assert [h["filename"] for h in upload_history(engine, "troops")] == ["troops.csv"]


def test_examples_shipped_with_the_project_load(engine: Engine) -> None:
    folder = Path(__file__).resolve().parents[2] / "datasets" / "indicators"
    results = [store_indicator_file(engine, path, "cli") for path in sorted(folder.glob("*.csv"))]
    assert len(results) >= 3 and all(r.rows > 0 for r in results)
    layouts = {h["layout"] for h in upload_history(engine)}
    assert len(layouts) >= 2
    names = {s["indicator"] for s in list_series(engine)}
    assert any("Containers" in n for n in names) and any("Troops" in n for n in names)


def test_a_corrected_file_stores_what_the_user_said(engine: Engine) -> None:
    options = IndicatorOptions(roles={"shells": "ignore"}, indicator="Containers (test)", unit="containers")
    store_indicator_file(engine, FIXTURES / "columns.csv", "dashboard", options)
    [series] = list_series(engine)
    assert (series["indicator"], series["unit"], series["points"]) == ("Containers (test)", "containers", 3)


# --- property: any valid long CSV round-trips exactly -------------------------------------------------

_names = (
    st.text(
        alphabet=st.characters(
            # Brackets left out: a name's bracketed ending is its unit (see test_indicator_units_and_actors).
            codec="utf-8",
            categories=("L", "N", "Zs", "P", "S"),
            exclude_characters="\ufeff()[]",
        ),
        min_size=1,
        max_size=20,
    )
    .map(str.strip)
    .filter(bool)
)
_values = st.one_of(st.none(), st.floats(allow_nan=False, allow_infinity=False, width=64))
_rows = st.dictionaries(
    keys=st.tuples(_names, st.one_of(st.just(""), _names), st.integers(0, 60_000)),
    values=_values,
    min_size=1,
    max_size=40,
)


def _long_csv(rows: dict[tuple[str, str, int], float | None]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["date", "indicator", "entity", "value"])
    for (name, entity, day), value in rows.items():
        when = date(1900, 1, 1) + timedelta(days=day)
        writer.writerow([when.isoformat(), name, entity, "" if value is None else repr(value)])
    return out.getvalue().encode("utf-8")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=_rows)
def test_any_valid_long_csv_round_trips_exactly(
    backend_engine: Engine, rows: dict[tuple[str, str, int], float | None]
) -> None:
    # A series without a single value is left out (and said so); a file of nothing else is refused.
    valued = {(name, entity) for (name, entity, _), value in rows.items() if value is not None}
    if not valued:
        with pytest.raises(InvalidData) as caught:
            store_indicator_bytes(backend_engine, _long_csv(rows), "property.csv", "cli")
        assert "no value in any cell below the header" in caught.value.problems[0]
        return
    result = store_indicator_bytes(backend_engine, _long_csv(rows), "property.csv", "cli")
    rows = {key: value for key, value in rows.items() if key[:2] in valued}
    with backend_engine.connect() as conn:
        stored = conn.execute(
            sa.text(
                "SELECT indicator, entity, period_start, value FROM indicator_values WHERE upload_id = :u"
            ),
            {"u": result.upload_id},
        ).all()
    expected = {
        (name, entity, (date(1900, 1, 1) + timedelta(days=day)).isoformat()): value
        for (name, entity, day), value in rows.items()
    }
    got = {(r.indicator, r.entity, r.period_start): r.value for r in stored}
    assert got.keys() == expected.keys()
    for key, value in expected.items():
        assert (
            got[key] == value
            or (value is None and got[key] is None)
            or (math.isnan(value or 0) and got[key] is None)
        )


@pytest.mark.parametrize("name", ["long.csv", "wide_sipri.csv", "owid.csv", "columns.csv"])
def test_every_layout_stores(engine: Engine, name: str) -> None:
    assert store_indicator_file(engine, FIXTURES / name, "cli").rows > 0


def test_after_an_upload_the_store_still_refuses_points_of_unknown_series(engine: Engine) -> None:
    upload = store_indicator_bytes(engine, V1, "troops.csv", "cli")
    orphan = {"upload_id": upload.upload_id, "series_id": 999, "period_start": 0, "value": 1.0}
    for _ in range(3):  # whichever pooled connection the upload used
        with pytest.raises(sa.exc.IntegrityError), write_transaction(engine) as conn:
            conn.execute(indicator_points.insert().values(**orphan))
    assert count(engine, indicator_points) == 2


def test_series_named_out_of_alphabetical_order_keep_their_own_points(backend_engine: Engine) -> None:
    data = (
        b"date,indicator,value\n2024-01-01,zeta,1\n2024-01-02,zeta,2\n2024-01-01,alpha,3\n2024-01-02,alpha,\n"
    )
    store_indicator_bytes(backend_engine, data, "two.csv", "cli")
    assert latest(backend_engine, "zeta") == {"2024-01-01": 1, "2024-01-02": 2}
    assert latest(backend_engine, "alpha") == {"2024-01-01": 3, "2024-01-02": None}
