"""Shared fixtures: an isolated data folder, settings and a fresh store per test."""

from __future__ import annotations

import os
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from etl import store
from etl.settings import PROJECT_ROOT, Settings, load_settings


@pytest.fixture(autouse=True)
def _keep_the_main_module() -> Iterator[None]:
    """Put pytest's own __main__ back after each test.

    AppTest runs the app script as __main__ and leaves it in sys.modules; a worker process spawned by a
    later test would then run the app's script again on start-up (spawn re-imports __main__) and die.
    """
    main = sys.modules.get("__main__")
    yield
    if main is not None:
        sys.modules["__main__"] = main


FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    path = tmp_path / "data"
    path.mkdir()
    return path


@pytest.fixture
def settings(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """Settings pointing at a private SQLite store; also exported so subprocesses see the same."""
    # Tests never reach the internet: no feeds unless a test serves its own from 127.0.0.1.
    feeds = data_dir.parent / "feeds.yml"
    feeds.write_text("feeds: []\n")
    env = {
        "MONITOR_FEEDS": str(feeds),
        "MONITOR_FETCH_PAUSE": "0",
        "MONITOR_DATA_DIR": str(data_dir),
        "MONITOR_SOURCES_DIR": str(PROJECT_ROOT / "datasets" / "sources"),
        "MONITOR_INBOX_DIR": str(data_dir / "inbox"),
    }
    for name in (
        "MONITOR_DB_URL",
        "MONITOR_REFERENCE_DIR",
        "MONITOR_SCHEDULE",
        "MONITOR_LOCK_TIMEOUT",
        "MONITOR_REVIEWER",
        "MONITOR_READ_ONLY",
        "MONITOR_FETCH_BUDGET",
    ):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return load_settings()


@pytest.fixture
def engine(settings: Settings) -> Iterator[Engine]:
    eng = store.make_engine(settings)
    store.ensure_schema(eng)
    yield eng
    eng.dispose()


@pytest.fixture
def pg_url() -> Iterator[str]:
    """URL of a private, empty schema on the test PostgreSQL server; dropped after the test."""
    base = os.environ.get("MONITOR_TEST_PG_URL")
    if not base:
        pytest.skip("PostgreSQL store tests need MONITOR_TEST_PG_URL (.ci/run sets it; see .ci/postgres.sh)")
    schema = f"test_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(base)
    with admin.begin() as conn:
        conn.exec_driver_sql(f"CREATE SCHEMA {schema}")
    # search_path in the URL, so subprocesses given MONITOR_DB_URL land in the same schema.
    url = sa.make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
    yield url.render_as_string(hide_password=False)
    with admin.begin() as conn:
        conn.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")
    admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def backend(request: pytest.FixtureRequest) -> str:
    """Run a test once per storage backend; the PostgreSQL run skips without MONITOR_TEST_PG_URL."""
    return str(request.param)


@pytest.fixture
def backend_settings(
    backend: str, settings: Settings, request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> Settings:
    """Like `settings`, but pointing MONITOR_DB_URL at the backend under test."""
    if backend == "sqlite":
        return settings
    monkeypatch.setenv("MONITOR_DB_URL", request.getfixturevalue("pg_url"))
    return load_settings()


@pytest.fixture
def backend_engine(backend_settings: Settings) -> Iterator[Engine]:
    eng = store.make_engine(backend_settings)
    store.ensure_schema(eng)
    yield eng
    eng.dispose()
