"""A stand-in for `python -m etl refresh --json` with the same output contract, for dashboard tests.

Behaviour is chosen by FAKE_REFRESH_MODE: ok (record a succeeded run, exit 0), locked (exit 75 with the
CLI's message), failed (exit 1). With FAKE_REFRESH_GATE set, it waits until that file exists before
finishing, so a test can click while it runs. Synthetic: it writes made-up runs only.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

from etl import store
from etl.settings import load_settings
from tests.fixtures.store_builder import build_store, record_run


def main() -> int:
    mode = os.environ.get("FAKE_REFRESH_MODE", "ok")
    if mode == "locked":
        print(
            "error: A refresh is already running (run 9 on test-host pid 1, running since 2024-06-27 "
            "08:00:00 UTC); try again when it has finished.",
            file=sys.stderr,
        )
        return 75
    print("a plain log line the dashboard must ignore", file=sys.stderr, flush=True)
    print(
        json.dumps({"event": "progress", "stage": "extract", "done": 1, "total": 3}),
        file=sys.stderr,
        flush=True,
    )
    gate = os.environ.get("FAKE_REFRESH_GATE")
    while gate and not Path(gate).exists():
        time.sleep(0.05)
    print(
        json.dumps({"event": "progress", "stage": "load", "done": 3, "total": 3}), file=sys.stderr, flush=True
    )
    if mode == "failed":
        print(json.dumps({"run_id": 0, "status": "failed", "message": "Synthetic failure in a stage"}))
        print("error: Synthetic failure in a stage", file=sys.stderr)
        return 1
    engine = store.make_engine(load_settings())
    store.ensure_schema(engine)
    with engine.connect() as conn:
        empty = conn.exec_driver_sql("SELECT count(*) FROM documents").scalar_one() == 0
    if empty:
        build_store(engine, with_runs=False)
    run_id = record_run(
        engine,
        status="succeeded",
        trigger="dashboard",
        documents_seen=3,
        documents_changed=3,
        items_written=10,
    )
    print(
        json.dumps(
            {
                "run_id": run_id,
                "status": "succeeded",
                "documents_seen": 3,
                "documents_changed": 3,
                "documents_skipped": 0,
                "items_written": 10,
                "warnings": 0,
                "duration_s": 0.2,
                "message": "",
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
