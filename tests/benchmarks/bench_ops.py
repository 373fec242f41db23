"""Operations budget: scheduler idle cost, a no-op refresh and a 100,000-row upload, on SQLite and PostgreSQL.

Prints figures and ratios measured in this one run, against baselines taken in the same run (a bare
`SELECT 1` round-trip, a full refresh, pandas reading the same CSV); nothing passes or fails on time.
Run: `python -m pytest tests/benchmarks/bench_ops.py -s -o addopts=""`; the PostgreSQL rows appear
when MONITOR_TEST_PG_URL is set (`source .ci/postgres.sh && start_test_postgres`).
"""

from __future__ import annotations

import os
import resource
import signal
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from etl import store
from etl.indicators.ingest import store_indicator_file
from etl.pipeline import run_refresh
from etl.schedule import RefreshScheduler
from etl.settings import PROJECT_ROOT, Settings

IDLE_SECONDS = 20
UPLOAD_ROWS = 100_000


def median_seconds(action: Callable[[], object], repeats: int) -> float:
    timings = []
    for _ in range(repeats):
        began = time.perf_counter()
        action()
        timings.append(time.perf_counter() - began)
    return statistics.median(timings)


# The scheduler, plus a SIGUSR1 handler printing the process's CPU time (ns resolution, all threads);
# /proc's clock ticks are too coarse to see an idle wait at all.
_PROBED_SCHEDULER = (
    "import signal, sys, time\n"
    "signal.signal(signal.SIGUSR1, lambda *_: print(time.process_time(), flush=True))\n"
    "sys.argv = ['etl', 'schedule', '--cron', '0 0 1 1 *']  # next run months away\n"
    "from etl.cli.app import main\n"
    "main()\n"
)


def cpu_seconds_of(process: subprocess.Popen[str]) -> float:
    assert process.stdout is not None
    process.send_signal(signal.SIGUSR1)
    return float(process.stdout.readline())


def child_cpu_seconds(command: list[str]) -> float:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(command, cwd=PROJECT_ROOT, env=dict(os.environ), check=True, capture_output=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def select_one_seconds(engine: Engine) -> float:
    with engine.connect() as conn:
        return median_seconds(lambda: conn.execute(sa.text("SELECT 1")).scalar(), 200)


def _has_heartbeat(engine: Engine) -> bool:
    with engine.connect() as conn:
        return conn.execute(sa.select(store.scheduler_heartbeat.c.pid)).first() is not None


def test_scheduler_idle_cpu(settings: Settings, engine: Engine) -> None:
    refresh_cpu = child_cpu_seconds([sys.executable, "-m", "etl", "refresh"])
    scheduler = subprocess.Popen(
        [sys.executable, "-c", _PROBED_SCHEDULER],
        cwd=PROJECT_ROOT,
        env=dict(os.environ),
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        while not _has_heartbeat(engine):
            time.sleep(0.2)
        time.sleep(1)  # let start-up work finish before measuring
        cpu_before, began = cpu_seconds_of(scheduler), time.monotonic()
        time.sleep(IDLE_SECONDS)
        waiting_cpu = cpu_seconds_of(scheduler) - cpu_before
        elapsed = time.monotonic() - began
    finally:
        scheduler.send_signal(signal.SIGTERM)
        scheduler.wait(timeout=30)
    beat = RefreshScheduler(settings, engine=engine, refresh=lambda *_a, **_k: None)
    began_cpu = time.process_time()
    for _ in range(50):
        beat.beat()
    beat_cpu = (time.process_time() - began_cpu) / 50

    per_hour_waiting = waiting_cpu / elapsed * 3600
    per_hour_beats = beat_cpu * 60  # one heartbeat a minute
    total = per_hour_waiting + per_hour_beats
    print(
        f"\nscheduler idle: {total:.4f} CPU s per hour "
        f"(waiting {per_hour_waiting:.4f} s: {waiting_cpu * 1000:.2f} ms over {elapsed:.0f} s; "
        f"heartbeats 60 x {beat_cpu * 1000:.2f} ms)\n"
        f"baseline: one full refresh of the bundled corpus takes {refresh_cpu:.2f} CPU s; an idle hour costs "
        f"{total / refresh_cpu:.4f} of one refresh"
    )


def test_noop_refresh(backend: str, backend_settings: Settings, backend_engine: Engine) -> None:
    began = time.perf_counter()
    full = run_refresh(backend_settings)
    full_s = time.perf_counter() - began
    noop_s = median_seconds(lambda: run_refresh(backend_settings), 5)
    select_s = select_one_seconds(backend_engine)
    assert full.status == "succeeded"
    print(
        f"\n[{backend}] full refresh of the bundled corpus ({full.documents_seen} documents): "
        f"{full_s:.3f} s; "
        f"no-op refresh: {noop_s * 1000:.1f} ms (median of 5), "
        f"{full_s / noop_s:.1f}x faster than the full one, "
        f"{noop_s / select_s:.0f}x a SELECT 1 round-trip ({select_s * 1e6:.0f} us)"
    )


def write_upload(path: Path, rows: int) -> None:
    """Synthetic long-format CSV: 100 synthetic entities x daily values."""
    days = rows // 100
    start = date(2020, 1, 1)
    lines = ["date,indicator,entity,value"]
    for entity in range(100):
        for day in range(days):
            when = start + timedelta(days=day)
            lines.append(f"{when},Synthetic benchmark series,Synthetic entity {entity:03d},{day % 97}.5")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_upload_100k_rows(backend: str, backend_engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "synthetic-100k.csv"
    write_upload(path, UPLOAD_ROWS)
    read_s = median_seconds(lambda: pd.read_csv(path), 3)
    began = time.perf_counter()
    result = store_indicator_file(backend_engine, path, via="cli")
    upload_s = time.perf_counter() - began
    assert result.rows == UPLOAD_ROWS
    print(
        f"\n[{backend}] upload of {UPLOAD_ROWS:,} rows ({path.stat().st_size / 1e6:.1f} MB): "
        f"{upload_s:.2f} s, "
        f"{UPLOAD_ROWS / upload_s:,.0f} rows/s; {upload_s / read_s:.1f}x a plain pandas.read_csv of the file "
        f"({read_s:.3f} s)"
    )
