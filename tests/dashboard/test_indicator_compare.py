"""Comparing two uploads on the Indicators page: in SQL, real differences only, a bounded table."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
import streamlit as st
from sqlalchemy.engine import Engine

from dashboard.queries import indicators as indicator_queries
from dashboard.queries.snapshot import Snapshot
from etl import store
from etl.indicators.ingest import store_indicator_file


@pytest.fixture(autouse=True)
def _fresh_caches() -> Iterator[None]:
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


def write(path: Path, rows: list[tuple[str, int, str]]) -> Path:
    """A synthetic long CSV: (indicator, day number, value) rows from 2000-01-01."""
    start = date(2000, 1, 1)
    lines = [f"{start + timedelta(days=day)},{name},{value}" for name, day, value in rows]
    path.write_text("date,indicator,value\n" + "\n".join(lines) + "\n")
    return path


def test_only_real_differences_of_shared_series_are_counted_and_the_table_is_bounded(
    backend_engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    older = [("Synthetic X", d, str(d)) for d in range(3000)] + [("Synthetic Y", d, "1") for d in range(1000)]
    newer = {d: str(d) for d in range(3002)}
    newer.update({5: "-5", 6: "-6", 7: "-7", 10: ""})  # three changes, one value become a gap, two added
    rows = [("Synthetic X", d, v) for d, v in newer.items()] + [("Synthetic Z", d, "2") for d in range(500)]
    first = store_indicator_file(backend_engine, write(tmp_path / "a.csv", older), "cli").upload_id
    second = store_indicator_file(backend_engine, write(tmp_path / "b.csv", rows), "cli").upload_id
    snap = Snapshot(
        backend_engine.url.render_as_string(hide_password=False), store.data_version(backend_engine)
    )
    frame, differing, compared = indicator_queries.compare_uploads(snap, first, second)
    assert (differing, compared) == (6, 3002)  # Y and Z are in one upload only: not compared
    assert frame["period_start"].tolist() == [
        "2000-01-06",
        "2000-01-07",
        "2000-01-08",
        "2000-01-11",
        "2008-03-19",
        "2008-03-20",
    ]
    assert frame["change"].tolist()[:3] == [-10.0, -12.0, -14.0]
    st.cache_data.clear()
    monkeypatch.setattr(indicator_queries, "MAX_COMPARED_ROWS", 4)
    frame, differing, _ = indicator_queries.compare_uploads(snap, first, second)
    assert (len(frame), differing) == (4, 6)


def test_the_default_pair_is_the_newest_two_uploads_of_one_series(
    backend_engine: Engine, tmp_path: Path
) -> None:
    ids = [
        store_indicator_file(backend_engine, write(tmp_path / f"{n}.csv", rows), "cli").upload_id
        for n, rows in enumerate(
            [
                [("Synthetic X", 0, "1")],
                [("Synthetic X", 0, "2")],
                [("Synthetic Y", 0, "3")],  # the newest upload, but of a series no other upload holds
            ]
        )
    ]
    snap = Snapshot(
        backend_engine.url.render_as_string(hide_password=False), store.data_version(backend_engine)
    )
    assert indicator_queries.comparable_uploads(snap) == (ids[0], ids[1])
