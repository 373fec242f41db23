"""The inbox: indicator CSVs dropped into MONITOR_INBOX_DIR are loaded by the next refresh.

A stored file moves to inbox/processed/, an invalid one to inbox/rejected/ beside a .errors.txt
saying why. A file still being written (its size or mtime moves while we watch) stays for the next run.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from etl import store
from etl.errors import InvalidData, MonitorError
from etl.logs import get_logger
from etl.settings import Settings

log = get_logger("etl.indicators.inbox")

# How long a freshly modified file must stay unchanged before we trust that its writer has finished.
SETTLE_SECONDS = 2.0
PROCESSED = "processed"
REJECTED = "rejected"
SUFFIXES = (".csv",)

Signature = tuple[int, int]  # (size, mtime_ns)


@dataclass
class InboxResult:
    """File names by outcome; `failed` ones hit a store problem and stay in the inbox for the next run."""

    stored: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)
    waiting: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, list[str]]:
        return asdict(self)

    def describe(self) -> str:
        parts = [f"{len(names)} {label}" for label, names in asdict(self).items() if names]
        return "inbox: " + (", ".join(parts) if parts else "empty")


def _signature(path: Path) -> Signature | None:
    try:
        info = path.stat()
    except FileNotFoundError:
        return None
    return info.st_size, info.st_mtime_ns


def _candidates(inbox: Path) -> list[Path]:
    """CSV files directly in the inbox; dot-files are the usual sign of a copy still in progress."""
    return sorted(
        path
        for path in inbox.iterdir()
        if path.is_file() and not path.name.startswith(".") and path.suffix.lower() in SUFFIXES
    )


def _settled(
    paths: list[Path], settle_seconds: float, pause: Callable[[float], None]
) -> tuple[list[Path], list[Path]]:
    """Split into files safe to read and files still changing; waits once, only if any file is fresh."""
    before = {path: _signature(path) for path in paths}
    newest = max((sig[1] for sig in before.values() if sig), default=0)
    if time.time_ns() - newest < settle_seconds * 1e9:
        pause(settle_seconds)
    ready: list[Path] = []
    waiting: list[Path] = []
    for path in paths:
        after = _signature(path)
        if after is None:
            continue  # taken away by whoever put it there
        (ready if after == before[path] else waiting).append(path)
    return ready, waiting


def _destination(folder: Path, name: str) -> Path:
    """inbox/<folder>/<UTC time>-<name>: keeps the user's file name and never overwrites."""
    folder.mkdir(parents=True, exist_ok=True)
    stamp = store.utcnow().strftime("%Y%m%dT%H%M%SZ")
    target = folder / f"{stamp}-{name}"
    counter = 1
    while target.exists():
        counter += 1
        target = folder / f"{stamp}-{counter}-{name}"
    return target


def _reject(path: Path, message: str, problems: list[str]) -> Path:
    target = _destination(path.parent / REJECTED, path.name)
    os.replace(path, target)
    lines = [f"{path.name} was not stored: {message}", *(f"  {problem}" for problem in problems)]
    target.with_name(target.name + ".errors.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return target


def _record_issue(engine: Engine, run_id: int | None, message: str) -> None:
    """Show a rejected file on the Sources & runs page next to the refresh that found it."""
    if run_id is None:
        return
    try:
        with store.write_transaction(engine) as conn:
            conn.execute(store.etl_issues.insert().values(run_id=run_id, level="warning", message=message))
    except (MonitorError, sa.exc.SQLAlchemyError) as exc:
        log.warning("inbox.issue_not_recorded", message=str(exc))


def ingest_inbox(
    engine: Engine,
    settings: Settings,
    run_id: int | None = None,
    settle_seconds: float = SETTLE_SECONDS,
    pause: Callable[[float], None] = time.sleep,
) -> InboxResult:
    """Store every settled CSV in the inbox, one upload per file (all or nothing per file)."""
    result = InboxResult()
    inbox = settings.inbox_dir
    try:
        inbox.mkdir(parents=True, exist_ok=True)  # so users find the folder where files go
        candidates = _candidates(inbox)
    except OSError as exc:
        log.error("inbox.unreadable", inbox=str(inbox), message=str(exc))
        return result
    ready, waiting = _settled(candidates, settle_seconds, pause)
    for path in waiting:
        log.info("inbox.waiting", filename=path.name, reason="the file is still being written")
        result.waiting.append(path.name)
    for path in ready:
        try:
            outcome = _ingest_one(engine, path, run_id)
        except OSError as exc:  # stored or not, it could not be moved; a re-run sees it as a duplicate
            log.error("inbox.move_failed", filename=path.name, message=str(exc))
            outcome = "failed"
        getattr(result, outcome).append(path.name)
    return result


def _outside(path: Path) -> bool:
    """Whether path is a link that leads out of its folder (to /etc/shadow, say)."""
    return path.is_symlink() and not path.resolve().is_relative_to(path.parent.resolve())


def _ingest_one(engine: Engine, path: Path, run_id: int | None) -> str:
    """Store or reject one file and move it; returns the InboxResult field it belongs to."""
    from etl.indicators.ingest import store_indicator_file

    if _outside(path):  # refused unread, so nothing of its target reaches a message or the store
        message = "a link to a file outside the inbox; refused"
        target = _reject(path, message, [])
        log.warning("inbox.refused", filename=path.name, moved_to=str(target))
        _record_issue(engine, run_id, f"Inbox file {path.name} rejected: {message}")
        return "rejected"
    try:
        upload = store_indicator_file(engine, path, via="inbox")
    except InvalidData as exc:
        target = _reject(path, str(exc), exc.problems)
        log.warning("inbox.rejected", filename=path.name, moved_to=str(target), problems=len(exc.problems))
        _record_issue(engine, run_id, f"Inbox file {path.name} rejected: {exc}")
        return "rejected"
    except (MonitorError, sa.exc.SQLAlchemyError) as exc:  # the store, not the file: try next run
        log.error("inbox.failed", filename=path.name, message=str(exc))
        return "failed"
    except Exception as exc:  # a parser bug must not block the rest of the inbox
        log.exception("inbox.crashed", filename=path.name)
        _reject(path, f"the file could not be processed ({type(exc).__name__}: {exc})", [])
        _record_issue(engine, run_id, f"Inbox file {path.name} could not be processed: {exc}")
        return "rejected"
    os.replace(path, _destination(path.parent / PROCESSED, path.name))
    if getattr(upload, "duplicate_of", None):
        log.info("inbox.duplicate", filename=path.name, duplicate_of=upload.duplicate_of)
        return "duplicates"
    log.info("inbox.stored", filename=path.name, upload_id=upload.upload_id, rows=upload.rows)
    return "stored"
