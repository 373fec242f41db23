"""A refresh started from the dashboard: `python -m etl refresh` in a subprocess, watched from threads.

The CLI takes the same refresh lock as the scheduler, so a dashboard refresh can never overlap another.
One job at a time per dashboard process; every browser session sees the same job and its progress.
No Streamlit import: the pages render what this module reports.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import IO, Any

from etl.errors import EXIT_LOCKED, EXIT_OK
from etl.settings import PROJECT_ROOT

# The command a refresh runs; tests may point it at a stand-in script.
REFRESH_COMMAND: list[str] = [sys.executable, "-m", "etl", "refresh", "--json", "--trigger", "dashboard"]


@dataclass
class RefreshJob:
    """One refresh subprocess and what it has told us so far."""

    job_id: int
    started_at: datetime
    process: subprocess.Popen[str]
    stage: str = "starting"
    done: int = 0
    total: int = 0
    exit_code: int | None = None
    summary: dict[str, Any] | None = None
    other_lines: list[str] = field(default_factory=list)
    finished: threading.Event = field(default_factory=threading.Event)

    @property
    def running(self) -> bool:
        return not self.finished.is_set()

    @property
    def fraction(self) -> float | None:
        """Share of the current stage that is done, or None while the total is unknown."""
        return min(self.done / self.total, 1.0) if self.total else None

    @property
    def locked_elsewhere(self) -> bool:
        return self.exit_code == EXIT_LOCKED

    @property
    def succeeded(self) -> bool:
        return self.exit_code == EXIT_OK

    def error_message(self) -> str:
        """The CLI's own one-line reason (its 'error: …' line), else the last thing it said."""
        for line in reversed(self.other_lines):
            if line.startswith("error:"):
                return line.removeprefix("error:").strip()
        if self.summary and self.summary.get("message"):
            return str(self.summary["message"])
        return (
            self.other_lines[-1]
            if self.other_lines
            else f"The refresh ended with exit code {self.exit_code}."
        )


_lock = threading.Lock()
_current: RefreshJob | None = None
_next_id = 1


def current_job() -> RefreshJob | None:
    """The latest job this dashboard process started (running or finished), if any."""
    return _current


def start_refresh() -> tuple[RefreshJob, bool]:
    """Start a refresh unless this process already runs one; returns the job and whether it is new."""
    global _current, _next_id
    with _lock:
        if _current is not None and _current.running:
            return _current, False
        process = subprocess.Popen(
            REFRESH_COMMAND,
            cwd=PROJECT_ROOT,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            errors="replace",
        )
        job = RefreshJob(job_id=_next_id, started_at=datetime.now(UTC), process=process)
        _next_id += 1
        _current = job
    stdout_lines: list[str] = []
    readers = [
        threading.Thread(target=_read_progress, args=(job, process.stderr), daemon=True),
        threading.Thread(target=_collect, args=(process.stdout, stdout_lines), daemon=True),
    ]
    for reader in readers:
        reader.start()
    threading.Thread(target=_finish, args=(job, readers, stdout_lines), daemon=True).start()
    return job, True


def _read_progress(job: RefreshJob, stream: IO[str] | None) -> None:
    """Keep the newest progress event; other stderr lines are kept for the error message."""
    for raw in stream or []:
        line = raw.strip()
        if not line:
            continue
        event = _parse_json(line)
        if event is not None and event.get("event") == "progress":
            job.stage = str(event.get("stage") or job.stage)
            job.done, job.total = _as_int(event.get("done")), _as_int(event.get("total"))
        elif event is None:
            job.other_lines = [*job.other_lines[-49:], line]


def _collect(stream: IO[str] | None, lines: list[str]) -> None:
    lines.extend(stream or [])


def _finish(job: RefreshJob, readers: list[threading.Thread], stdout_lines: list[str]) -> None:
    for reader in readers:
        reader.join()
    job.exit_code = job.process.wait()
    summary = _parse_json("".join(stdout_lines).strip())
    job.summary = summary if isinstance(summary, dict) else None
    job.finished.set()


def _parse_json(text: str) -> dict[str, Any] | None:
    if not text.startswith("{"):
        return None
    try:
        value = json.loads(text)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def _as_int(value: Any) -> int:
    try:
        return max(int(value), 0)
    except (TypeError, ValueError):
        return 0
