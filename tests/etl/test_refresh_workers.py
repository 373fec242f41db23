"""The refresh's worker processes: spawned (safe from a threaded scheduler), dead with their parent,
and never holding the refresh lock."""

from __future__ import annotations

import logging
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from etl import pipeline, store
from etl.errors import RefreshLocked
from etl.extract import pool
from etl.logs import event_dict
from etl.schedule import RefreshScheduler
from etl.settings import PROJECT_ROOT, Settings

BUNDLED = PROJECT_ROOT / "datasets" / "sources"
# A refresh with the pool threshold lowered, so a small corpus uses the process pool.
_POOLED_REFRESH = (
    "import sys\n"
    "from etl import pipeline\n"
    "pipeline._PARALLEL_THRESHOLD = 2\n"
    "from etl.cli.app import main\n"
    "sys.argv = ['etl', 'refresh']\n"
    "main()\n"
)


def copies(folder: Path, count: int) -> Path:
    for copy in range(count):
        shutil.copytree(BUNDLED, folder / f"copy-{copy}")
    return folder


def children(pid: int) -> set[int]:
    """Processes whose parent is pid (read from /proc)."""
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.add(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc to find the workers")
def test_workers_of_a_killed_refresh_die_with_it_and_never_hold_the_lock(
    backend_settings: Settings, backend_engine: Engine, tmp_path: Path
) -> None:
    env = {
        **os.environ,
        "MONITOR_SOURCES_DIR": str(copies(tmp_path / "sources", 4)),
        "MONITOR_DB_URL": backend_settings.db_url,
    }
    parent = subprocess.Popen(
        [sys.executable, "-c", _POOLED_REFRESH], cwd=PROJECT_ROOT, env=env, stderr=subprocess.PIPE, text=True
    )
    assert parent.stderr is not None
    assert any("extract.pool" in line for line in parent.stderr), "the refresh never started its pool"
    workers: set[int] = set()
    for _attempt in range(100):
        workers = children(parent.pid)
        if len(workers) >= 2:
            break
        time.sleep(0.05)
    assert workers, "no worker process appeared"
    parent.send_signal(signal.SIGKILL)
    parent.wait()
    deadline = time.monotonic() + 10
    while any(alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not [pid for pid in workers if alive(pid)], "workers outlived their killed parent"
    for _attempt in range(100):  # PostgreSQL frees the lock once it notices the closed connection
        try:
            with store.refresh_lock(backend_engine, backend_settings):
                return  # the lock is free: no orphan holds it
        except RefreshLocked:
            time.sleep(0.1)
    pytest.fail("the refresh lock was still held 10 s after the refresh was killed")


def test_a_scheduled_refresh_runs_its_pool_from_the_scheduler_thread(
    settings: Settings,
    engine: Engine,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    import dataclasses

    monkeypatch.setattr(pipeline, "_PARALLEL_THRESHOLD", 2)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    scheduled = dataclasses.replace(settings, sources_dir=copies(tmp_path / "sources", 2))
    scheduler = RefreshScheduler(scheduled, engine=engine)
    busy = threading.Event()
    # Another thread holding a lock while the pool starts: what makes forking a threaded process unsafe.
    holder = threading.Thread(target=lambda: logging.getLogger().info("held") or busy.wait(60))
    holder.start()
    with caplog.at_level(logging.INFO):
        job = threading.Thread(target=scheduler.refresh_once, name="scheduler-job")
        job.start()
        job.join(timeout=240)
    busy.set()
    holder.join()
    assert not job.is_alive(), "the scheduled refresh hung"
    [started] = [event_dict(r) for r in caplog.records if r.getMessage() == "extract.pool"]
    assert (started["start_method"], started["workers"]) == (pool.START_METHOD, 2)
    assert pool.START_METHOD in ("spawn", "forkserver")
    with engine.connect() as conn:
        run = conn.execute(sa.select(store.etl_runs)).one()
        documents = conn.execute(sa.select(sa.func.count()).select_from(store.documents)).scalar()
    assert (run.trigger, run.status) == ("schedule", "succeeded"), run.message
    assert documents == 2 * len([p for p in BUNDLED.glob("*.md") if p.stem.lower() != "readme"])
