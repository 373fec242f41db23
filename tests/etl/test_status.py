"""`etl status`: last successful refresh and its age, failures since, next scheduled run, counts."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import timedelta

import pytest
from sqlalchemy.engine import Engine

from etl import store
from etl.settings import PROJECT_ROOT, Settings
from etl.status import describe_duration, freshness_report

NOW = store.utcnow().replace(microsecond=0)
DEAD_PID = 999_999_999


def add_run(
    engine: Engine, status: str, hours_ago: float, message: str | None = None, **extra: object
) -> None:
    started = NOW - timedelta(hours=hours_ago)
    finished = None if status == "running" else started + timedelta(seconds=5)
    with store.write_transaction(engine) as conn:
        conn.execute(
            store.etl_runs.insert().values(
                trigger="schedule",
                started_at=started,
                finished_at=finished,
                status=status,
                message=message,
                **extra,
            )
        )


def add_heartbeat(engine: Engine, beat_minutes_ago: float, next_in_hours: float | None) -> None:
    with store.write_transaction(engine) as conn:
        conn.execute(
            store.scheduler_heartbeat.insert().values(
                scheduler_id="ops-host:4321",
                host="ops-host",
                pid=4321,
                cron="0 */6 * * *",
                beat_at=NOW - timedelta(minutes=beat_minutes_ago),
                next_run_at=None if next_in_hours is None else NOW + timedelta(hours=next_in_hours),
            )
        )


def test_a_new_store_says_what_to_do_first(backend_engine: Engine) -> None:
    text = freshness_report(backend_engine, now=NOW).describe()
    assert "none has succeeded yet; run `python -m etl refresh`" in text
    assert "Scheduler       not running" in text


def test_failures_since_the_last_success_are_counted_with_the_latest_message(backend_engine: Engine) -> None:
    add_run(backend_engine, "failed", 30, "older failure, before the success")
    add_run(backend_engine, "succeeded", 3)
    add_run(backend_engine, "skipped", 2, "A refresh is already running")
    add_run(backend_engine, "failed", 1, "The store refused the write: database or disk is full")
    add_heartbeat(backend_engine, beat_minutes_ago=0.5, next_in_hours=2)

    report = freshness_report(backend_engine, now=NOW)
    text = report.describe()
    assert "Last refresh    succeeded 3 h ago (run 2," in text
    latest = "run 4 failed 1 h ago: The store refused the write: database or disk is full"
    assert f"Failures since  1 (latest: {latest})" in text
    assert "next refresh in 2 h" in text
    data = report.as_dict()
    assert data["failures_since_count"] == 1
    assert data["last_success_age_s"] == pytest.approx(3 * 3600 - 5)
    assert data["next_run_in_s"] == pytest.approx(2 * 3600)


def test_a_refresh_whose_process_died_is_shown_as_interrupted(backend_engine: Engine) -> None:
    add_run(backend_engine, "succeeded", 5)
    add_run(backend_engine, "running", 1, host=store.this_host(), pid=DEAD_PID)
    report = freshness_report(backend_engine, now=NOW)
    assert report.running is None
    assert [run.status for run in report.failures_since] == ["interrupted"]


def test_a_running_refresh_is_shown_while_it_holds_the_lock(
    backend_engine: Engine, backend_settings: Settings
) -> None:
    add_run(backend_engine, "running", 0.1, host=store.this_host(), pid=os.getpid())
    with store.refresh_lock(backend_engine, backend_settings):
        report = freshness_report(backend_engine, now=NOW)
    assert report.running is not None and report.running.pid == os.getpid()
    assert "Running now     run 1 on" in report.describe()


@pytest.mark.parametrize(
    ("beat_minutes_ago", "next_in_hours", "expected"),
    [
        (1, 4, "next refresh in 4 h"),
        (45, 4, "not responding: last heartbeat 45 min ago"),
        (10, None, "stopped 10 min ago"),
    ],
)
def test_scheduler_state_is_read_from_its_heartbeat(
    engine: Engine, beat_minutes_ago: float, next_in_hours: float | None, expected: str
) -> None:
    add_heartbeat(engine, beat_minutes_ago, next_in_hours)
    assert expected in freshness_report(engine, now=NOW).describe()


@pytest.mark.parametrize(
    ("seconds", "text"), [(42, "42 s"), (600, "10 min"), (3597, "1 h"), (7200, "2 h"), (3 * 86400, "3 d")]
)
def test_durations_read_naturally(seconds: float, text: str) -> None:
    assert describe_duration(seconds) == text


def test_status_command_prints_text_and_json(engine: Engine) -> None:
    add_run(engine, "succeeded", 2)
    env = dict(os.environ)
    text = subprocess.run(
        [sys.executable, "-m", "etl", "status"], cwd=PROJECT_ROOT, env=env, capture_output=True, text=True
    )
    assert text.returncode == 0 and "succeeded 2 h ago" in text.stdout
    as_json = subprocess.run(
        [sys.executable, "-m", "etl", "status", "--json"],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    report = json.loads(as_json.stdout)
    assert report["last_success"]["run_id"] == 1
    assert report["last_success"]["finished_at"].endswith("+00:00")
    assert report["counts"]["documents"] == 0
