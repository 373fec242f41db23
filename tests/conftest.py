"""Shared fixtures: an isolated data folder, settings and a fresh store per test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from etl import store
from etl.settings import PROJECT_ROOT, Settings, load_settings

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    path = tmp_path / "data"
    path.mkdir()
    return path


@pytest.fixture
def settings(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """Settings pointing at a private SQLite store; also exported so subprocesses see the same."""
    env = {
        "MONITOR_DATA_DIR": str(data_dir),
        "MONITOR_SOURCES_DIR": str(PROJECT_ROOT / "datasets" / "sources"),
        "MONITOR_INBOX_DIR": str(data_dir / "inbox"),
    }
    for name in ("MONITOR_DB_URL", "MONITOR_REFERENCE_DIR", "MONITOR_SCHEDULE", "MONITOR_LOCK_TIMEOUT"):
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
