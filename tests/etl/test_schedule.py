"""The scheduler: cron parsing, heartbeat, skipped and failed runs, coalescing, clean stop on SIGTERM."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from tzlocal import get_localzone

from etl import store
from etl.errors import ConfigError, RefreshLocked, StoreError
from etl.logs import configure_logging
from etl.schedule import REFRESH_JOB_ID, RefreshScheduler, parse_cron
from etl.settings import PROJECT_ROOT, Settings


@pytest.fixture
def log_file(data_dir: Path) -> Iterator[Path]:
    """Log to data/logs/etl.log as the scheduler does, and read it back as events."""
    configure_logging(logs_dir=data_dir / "logs")
    yield data_dir / "logs" / "etl.log"
    configure_logging()


def events(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text().splitlines()]


class FakeResult:
    def __init__(self, status: str = "succeeded", message: str | None = None) -> None:
        self.status = status
        self.message = message

    def as_dict(self) -> dict[str, Any]:
        return {"run_id": 7, "status": self.status, "message": self.message}


def runs(engine: Engine) -> list[Any]:
    with engine.connect() as conn:
        return conn.execute(sa.select(store.etl_runs).order_by(store.etl_runs.c.run_id)).all()


def heartbeats(engine: Engine) -> list[Any]:
    with engine.connect() as conn:
        return conn.execute(sa.select(store.scheduler_heartbeat)).all()


@pytest.mark.parametrize("expression", ["every six hours", "61 * * * *", "0 */6 * *"])
def test_a_bad_cron_expression_is_explained(expression: str) -> None:
    with pytest.raises(ConfigError, match="five fields"):
        parse_cron(expression)


def test_the_default_schedule_is_every_six_hours(settings: Settings) -> None:
    trigger = parse_cron(settings.schedule)
    start = datetime(2024, 6, 19, 0, 30, tzinfo=get_localzone())
    first = trigger.get_next_fire_time(None, start)
    second = trigger.get_next_fire_time(first, first + timedelta(seconds=1))
    assert (first.hour, second.hour) == (6, 12)


def test_a_locked_refresh_is_logged_and_recorded_as_skipped(
    backend_settings: Settings, backend_engine: Engine, log_file: Path
) -> None:
    """Fault (b) as the scheduler sees it: another refresh holds the lock, so this one is skipped."""

    def locked(_settings: Settings, trigger: str) -> Any:
        raise RefreshLocked("run 3 on db-host pid 99, running since 2024-06-19 12:00:00 UTC")

    RefreshScheduler(backend_settings, engine=backend_engine, refresh=locked).refresh_once()
    skipped = [e for e in events(log_file) if e["event"] == "refresh.skipped"]
    assert len(skipped) == 1 and "already running" in skipped[0]["reason"]
    [row] = runs(backend_engine)
    assert (row.status, row.trigger, row.run_id) == ("skipped", "schedule", skipped[0]["run_id"])


@pytest.mark.parametrize(
    ("failure", "event"),
    [
        (StoreError("The store refused the write: disk I/O error"), "schedule.refresh_failed"),
        (KeyError("bug"), "schedule.refresh_crashed"),
    ],
)
def test_a_failing_refresh_never_stops_the_scheduler(
    settings: Settings, engine: Engine, log_file: Path, failure: Exception, event: str
) -> None:
    def failing(_settings: Settings, trigger: str) -> Any:
        raise failure

    scheduler = RefreshScheduler(settings, engine=engine, refresh=failing)
    scheduler.refresh_once()  # returns normally
    scheduler.refresh_once()
    assert [e["event"] for e in events(log_file)].count(event) == 2


def test_every_log_line_carries_a_run_id_key(settings: Settings, engine: Engine, log_file: Path) -> None:
    RefreshScheduler(settings, engine=engine, refresh=lambda _s, trigger: FakeResult()).refresh_once()
    lines = events(log_file)
    finished = [e for e in lines if e["event"] == "schedule.refresh_done"]
    assert finished and finished[0]["run_id"] == 7
    assert all("run_id" in e and "timestamp" in e for e in lines)


def test_runs_missed_while_asleep_are_coalesced_into_one(
    settings: Settings, engine: Engine, log_file: Path
) -> None:
    """A host that slept through three daily runs refreshes once when it wakes, not three times."""
    calls: list[str] = []
    scheduler: RefreshScheduler

    def refresh(_settings: Settings, trigger: str) -> FakeResult:
        calls.append(trigger)
        threading.Timer(1.0, scheduler.stop).start()  # leave time for any further (wrong) runs
        return FakeResult()

    scheduler = RefreshScheduler(settings, cron="0 3 * * *", engine=engine, refresh=refresh)
    scheduler.install()
    three_days_ago = datetime.now(get_localzone()) - timedelta(days=3, hours=1)
    scheduler.scheduler.modify_job(REFRESH_JOB_ID, next_run_time=three_days_ago)
    watchdog = threading.Timer(30, scheduler.stop)  # never hang the suite if the run does not come
    watchdog.start()
    try:
        scheduler.run()
    finally:
        watchdog.cancel()
    assert calls == ["schedule"]
    assert not [e for e in events(log_file) if e["event"] == "refresh.skipped"]
    [beat] = heartbeats(engine)
    assert beat.next_run_at is None  # stopped cleanly


def _wait_for(condition: Any, what: str, timeout: float = 30) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    pytest.fail(f"timed out waiting for {what}")


def test_scheduler_process_beats_reports_next_run_and_stops_on_sigterm(
    backend_settings: Settings, backend_engine: Engine
) -> None:
    env = dict(os.environ)
    command = [sys.executable, "-m", "etl", "schedule", "--cron", "0 3 * * *"]
    process = subprocess.Popen(command, cwd=PROJECT_ROOT, env=env, stderr=subprocess.PIPE, text=True)
    try:
        [beat] = _wait_for(lambda: heartbeats(backend_engine), "the first heartbeat")
        assert beat.pid == process.pid and beat.cron == "0 3 * * *"
        next_run = store.as_utc(beat.next_run_at)
        assert next_run is not None
        local = next_run.astimezone(get_localzone())
        assert (local.hour, local.minute) == (3, 0)
        assert timedelta(0) < next_run - store.utcnow() <= timedelta(days=1)

        status = subprocess.run(
            [sys.executable, "-m", "etl", "status", "--json"],
            cwd=PROJECT_ROOT,
            env=env,
            capture_output=True,
            text=True,
        )
        report = json.loads(status.stdout)
        assert report["scheduler"]["state"] == "running"
        assert 0 < report["next_run_in_s"] <= 86400

        process.send_signal(signal.SIGTERM)
        _out, stderr = process.communicate(timeout=30)
    finally:
        process.kill()
        process.wait()
    assert process.returncode == 0, stderr
    [beat] = heartbeats(backend_engine)
    assert beat.next_run_at is None  # marked stopped, so status does not promise a run
    logged = events(backend_settings.logs_dir / "etl.log")
    assert [e["event"] for e in logged] == ["scheduler.started", "scheduler.stopping", "scheduler.stopped"]
    assert [json.loads(line)["event"] for line in stderr.splitlines()] == [e["event"] for e in logged]


def test_a_scheduler_killed_outright_is_forgotten_by_the_next_one(settings: Settings, engine: Engine) -> None:
    with store.write_transaction(engine) as conn:
        conn.execute(
            store.scheduler_heartbeat.insert().values(
                scheduler_id=f"{store.this_host()}:999999999",
                host=store.this_host(),
                pid=999999999,
                cron="0 */6 * * *",
                beat_at=store.utcnow(),
                next_run_at=store.utcnow() + timedelta(hours=1),
            )
        )
    RefreshScheduler(settings, engine=engine, refresh=lambda _s, trigger: FakeResult()).install()
    assert heartbeats(engine) == []


def test_a_scheduled_refresh_loads_the_store_and_logs_each_line_with_its_run_id(
    settings: Settings, engine: Engine, log_file: Path
) -> None:
    RefreshScheduler(settings, engine=engine).refresh_once()
    [run] = runs(engine)
    assert (run.trigger, run.status) == ("schedule", "succeeded")
    in_run = [e for e in events(log_file) if e["logger"] == "etl.pipeline"]
    assert in_run and {e["run_id"] for e in in_run} == {run.run_id}
    done = [e for e in events(log_file) if e["event"] == "schedule.refresh_done"]
    assert done[0]["run_id"] == run.run_id and done[0]["status"] == "succeeded"
