"""Dashboard test helpers: a store filled by the shared builder, and AppTest runs of the real app."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import pandas as pd
import pyarrow as pa
import pytest
import streamlit as st
from sqlalchemy.engine import Engine
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest

from dashboard import queries
from etl.settings import PROJECT_ROOT, Settings
from tests.fixtures.store_builder import build_store

APP = PROJECT_ROOT / "dashboard" / "app.py"
PAGES = {
    "overview": "views/overview.py",
    "items": "views/items.py",
    "sanctions": "views/sanctions.py",
    "sources": "views/sources.py",
    "review": "views/review.py",
}


@pytest.fixture(autouse=True)
def _fresh_caches() -> Iterator[None]:
    """Each test starts with empty Streamlit caches (they are process-wide)."""
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.fixture
def filled_store(engine: Engine) -> Engine:
    build_store(engine)
    return engine


@pytest.fixture
def snap(engine: Engine, settings: Settings) -> queries.Snapshot:
    """The bundled test store's snapshot, for queries and charts called directly."""
    build_store(engine)
    snapshot = queries.current_snapshot()
    assert snapshot is not None
    return snapshot


@pytest.fixture
def open_page(filled_store: Engine) -> Callable[..., AppTest]:
    """Run the app on a page, optionally arriving with query parameters (a shared link)."""

    def run(page: str = "overview", query: dict[str, Any] | None = None) -> AppTest:
        return open_app(page, query)

    return run


def open_app(page: str = "overview", query: dict[str, Any] | None = None) -> AppTest:
    """Open the app the way a browser would: on a page, with the link's query parameters."""
    at = AppTest.from_file(str(APP), default_timeout=60)
    if page != "overview":
        at.run()  # registers the pages, so switch_page can find them
        at.switch_page(PAGES[page])
    at.query_params = dict(query or {})
    return at.run()


def metric(at: AppTest, label: str) -> str:
    """A key figure as the page's figures line says it ("Items **8** · Arms transfers **3** · …")."""
    for line in at.markdown:
        for part in line.value.split(" · "):
            name, _, value = part.partition(" **")
            if name == label and value.endswith("**"):
                return value[:-2]
    raise AssertionError(f"no figure {label!r} on the page")


def charts(at: AppTest) -> list[dict[str, Any]]:
    """The Vega-Lite specs the page sent to the browser."""
    return [json.loads(el.proto.spec) for el in at.get("vega_lite_chart")]


def chart_rows(at: AppTest) -> list[dict[str, pd.DataFrame]]:
    """Per chart, the rows of every dataset it shipped (Arrow tables and inline JSON alike)."""
    shipped = []
    for el in at.get("vega_lite_chart"):
        spec = json.loads(el.proto.spec)
        tables = {d.name or "data": pa.ipc.open_stream(d.data.data).read_pandas() for d in el.proto.datasets}
        if el.proto.data.data:
            tables["data"] = pa.ipc.open_stream(el.proto.data.data).read_pandas()
        for name, values in (spec.get("datasets") or {}).items():
            if isinstance(values, list):
                tables[name] = pd.DataFrame(values)
        shipped.append(tables)
    return shipped


def texts(at: AppTest) -> str:
    """Every piece of text on the page, for 'the user can read X' checks."""
    parts = [
        el.value
        for kind in (
            "markdown",
            "caption",
            "info",
            "warning",
            "error",
            "success",
            "text",
            "title",
            "subheader",
        )
        for el in at.get(kind)
        if isinstance(getattr(el, "value", None), str)
    ]
    return "\n".join(parts)


@pytest.fixture
def downloads(monkeypatch: pytest.MonkeyPatch) -> dict[str, bytes]:
    """Files the app offered for download, by the file name the user would save; a file the app makes
    only when its button is clicked is made here as the click would."""
    captured: dict[str, bytes] = {}
    original = MemoryMediaFileStorage.load_and_get_id
    original_deferred = MediaFileManager.add_deferred

    def record(
        self: MemoryMediaFileStorage, path_or_data: Any, mimetype: str, kind: Any, filename: str | None = None
    ) -> str:
        if filename and isinstance(path_or_data, bytes):
            captured[filename] = path_or_data
        return original(self, path_or_data, mimetype, kind, filename)

    def record_deferred(
        self: MediaFileManager,
        make: Callable[[], Any],
        mimetype: str | None,
        coordinates: str,
        *args: Any,
        **kw: Any,
    ) -> str:
        name = kw.get("file_name") or (args[0] if args else None)
        if name:
            data = make()
            captured[name] = data.encode() if isinstance(data, str) else data
        return original_deferred(self, make, mimetype, coordinates, *args, **kw)

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", record)
    monkeypatch.setattr(MediaFileManager, "add_deferred", record_deferred)
    return captured
