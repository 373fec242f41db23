"""'Refresh now' and the first-run screen: a refresh subprocess, its progress, and what happens after."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from streamlit.testing.v1 import AppTest

from dashboard import refresh_job
from etl.settings import Settings
from tests.dashboard.conftest import metric, open_app, texts


@pytest.fixture(autouse=True)
def fake_refresh(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Point the button at a stand-in refresh that keeps the CLI's output contract."""
    monkeypatch.setattr(
        refresh_job, "REFRESH_COMMAND", [sys.executable, "-m", "tests.dashboard.fake_refresh"]
    )
    monkeypatch.setattr(refresh_job, "_current", None)
    yield
    job = refresh_job.current_job()
    if job is not None and job.running:
        job.process.kill()
        job.finished.wait(10)


def _wait_for_the_job() -> refresh_job.RefreshJob:
    job = refresh_job.current_job()
    assert job is not None
    assert job.finished.wait(60), "the refresh subprocess did not finish"
    return job


def _progress(at: AppTest) -> list[str]:
    return [p.text for p in at.get("progress")]


def test_first_run_screen_runs_the_first_refresh_then_opens_the_pages(settings: Settings) -> None:
    at = open_app()
    at.button(key="refresh_now").click().run()
    _wait_for_the_job()
    at.run()
    assert not at.exception
    assert at.title[0].value == "Overview"
    assert metric(at, "Arms transfers") == "3"


def test_refresh_now_shows_progress_refuses_a_second_run_and_then_shows_new_data(
    filled_store: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    gate = tmp_path / "let-it-finish"
    monkeypatch.setenv("FAKE_REFRESH_GATE", str(gate))
    at = open_app("sources")
    at.button(key="refresh_now").click().run()
    job = refresh_job.current_job()
    assert job is not None and job.running
    for _ in range(100):  # the first progress line arrives within moments
        if job.stage == "extract":
            break
        job.finished.wait(0.05)
    at.run()
    assert _progress(at) == ["Refreshing: Extract (1 of 3)"]

    at.button(key="refresh_now").click().run()
    assert "A refresh is already running" in texts(at)
    assert refresh_job.current_job() is job  # no second subprocess

    gate.touch()
    _wait_for_the_job()
    at.run()
    assert "Refresh finished in 0.2 s: 3 documents read, 3 changed, 10 items written, 0 warnings." in texts(
        at
    )
    assert len(at.dataframe[1].value) == 4  # the new run, without a restart
    assert "Last refresh just now" in " ".join(c.value for c in at.sidebar.caption)


def test_refresh_held_elsewhere_says_so(filled_store: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FAKE_REFRESH_MODE", "locked")
    at = open_app("sources")
    at.button(key="refresh_now").click().run()
    _wait_for_the_job()
    at.run()
    assert "A refresh is already running (run 9 on test-host" in texts(at)
    assert not at.exception


def test_failed_refresh_shows_the_reason_and_keeps_the_data(
    filled_store: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FAKE_REFRESH_MODE", "failed")
    at = open_app("sources")
    at.button(key="refresh_now").click().run()
    _wait_for_the_job()
    at.run()
    assert "The refresh failed: Synthetic failure in a stage" in texts(at)
    assert metric(at, "Documents") == "3"
