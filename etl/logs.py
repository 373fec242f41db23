"""Log events: one JSON object per line in the log file, and on stderr readable lines on a terminal
or JSON lines otherwise (a pipe, a service, or `--log-format json`).

An event is a name and its fields: `log = get_logger("etl.pipeline")`, then
`log.info("refresh.started", trigger="manual")`. It travels as a stdlib logging record, so library
records (APScheduler, SQLAlchemy, a plain `logging.getLogger(...)`) go through the same formatters and
the stream stays one JSON object per line. Every line carries a `run_id` key: the refresh's id while
one is bound with bind_run_id, null otherwise. Only the standard library is imported here, so a
command pays nothing for its logging.
"""

from __future__ import annotations

import json
import logging
import logging.handlers
import sys
from contextvars import ContextVar
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from etl.errors import ConfigError

LOG_FILE_NAME = "etl.log"
LOG_FILE_MAX_BYTES = 10 * 1024 * 1024
LOG_FILE_BACKUPS = 5

# Marks the handlers this module installs, so configuring twice replaces them instead of doubling lines.
_OURS = "_monitor_handler"
# The record attribute holding an event's fields (one attribute: field names such as `filename` would
# clash with the record's own attributes).
_FIELDS = "event_fields"
LOG_FORMATS = ("auto", "json", "text")
# The stderr format the command line asked for; later calls (a command adding its log file) keep it.
_stderr_format = {"value": "auto"}
_run_id: ContextVar[int | None] = ContextVar("run_id", default=None)


def bind_run_id(run_id: int | None) -> None:
    """Tag the events that follow in this thread (or task) with run_id; None clears it."""
    _run_id.set(run_id)


class EventLogger:
    """Logs named events with fields: `log.warning("inbox.refused", filename=name)`."""

    def __init__(self, name: str) -> None:
        self._logger = logging.getLogger(name)

    def debug(self, event: str, **fields: Any) -> None:
        self._log(logging.DEBUG, event, fields)

    def info(self, event: str, **fields: Any) -> None:
        self._log(logging.INFO, event, fields)

    def warning(self, event: str, **fields: Any) -> None:
        self._log(logging.WARNING, event, fields)

    def error(self, event: str, **fields: Any) -> None:
        self._log(logging.ERROR, event, fields)

    def exception(self, event: str, **fields: Any) -> None:
        """An error with the traceback of the exception being handled."""
        self._log(logging.ERROR, event, fields, exc_info=True)

    def _log(self, level: int, event: str, fields: dict[str, Any], exc_info: bool = False) -> None:
        if self._logger.isEnabledFor(level):
            self._logger.log(level, event, exc_info=exc_info, extra={_FIELDS: fields})


def get_logger(name: str) -> EventLogger:
    return EventLogger(name)


def event_dict(record: logging.LogRecord) -> dict[str, Any]:
    """A record as the event a log line shows: its fields, then event, run_id, logger, level, timestamp
    (and the traceback as `exception`, if any)."""
    event: dict[str, Any] = dict(getattr(record, _FIELDS, None) or {})
    event["event"] = record.getMessage()
    event.setdefault("run_id", _run_id.get())
    event["logger"] = record.name
    event["level"] = record.levelname.lower()
    event["timestamp"] = datetime.fromtimestamp(record.created, tz=UTC).isoformat().replace("+00:00", "Z")
    if record.exc_info:
        event["exception"] = logging.Formatter().formatException(record.exc_info)
    return event


class JsonLines(logging.Formatter):
    """One JSON object per record: what the log file and a pipe get."""

    def format(self, record: logging.LogRecord) -> str:
        return json.dumps(event_dict(record), default=str)


def _shown(value: Any) -> str:
    return value if isinstance(value, str) else repr(value)


class ReadableLines(logging.Formatter):
    """One line per record for a person at a terminal:
    `2025-06-02T06:00:01.5Z [info     ] refresh.started    [etl.pipeline] trigger=manual run_id=3`."""

    def format(self, record: logging.LogRecord) -> str:
        event = event_dict(record)
        text = f"{event.pop('timestamp')} [{event.pop('level'):<9}] {event.pop('event'):<30} "
        text += f"[{event.pop('logger')}]"
        traceback = event.pop("exception", None)
        text += "".join(f" {key}={_shown(value)}" for key, value in event.items())
        return f"{text}\n{traceback}" if traceback else text


def set_log_format(log_format: str) -> None:
    """Choose how stderr shows events: 'json', 'text' (readable), or 'auto' (text on a terminal)."""
    if log_format not in LOG_FORMATS:
        raise ConfigError(f"--log-format must be one of {', '.join(LOG_FORMATS)}, not {log_format!r}")
    _stderr_format["value"] = log_format


def _stderr_is_text() -> bool:
    chosen = _stderr_format["value"]
    return chosen == "text" or (chosen == "auto" and sys.stderr.isatty())


def _file_handler(logs_dir: Path) -> logging.Handler:
    try:
        logs_dir.mkdir(parents=True, exist_ok=True)
        return logging.handlers.RotatingFileHandler(
            logs_dir / LOG_FILE_NAME,
            maxBytes=LOG_FILE_MAX_BYTES,
            backupCount=LOG_FILE_BACKUPS,
            encoding="utf-8",
        )
    except OSError as exc:
        raise ConfigError(f"Cannot write logs to {logs_dir}: {exc}") from exc


def configure_logging(level: int = logging.INFO, logs_dir: Path | None = None) -> None:
    """Send events to stderr (readable on a terminal, else JSON lines) and as JSON lines to
    logs_dir/etl.log (rotating) when given.

    stdout stays free for command output.
    """
    stderr = logging.StreamHandler(sys.stderr)
    stderr.setFormatter(ReadableLines() if _stderr_is_text() else JsonLines())
    handlers: list[logging.Handler] = [stderr]
    if logs_dir is not None:
        handlers.append(_file_handler(logs_dir))
        handlers[-1].setFormatter(JsonLines())

    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, _OURS, False)]:
        root.removeHandler(old)
        old.close()
    for handler in handlers:
        setattr(handler, _OURS, True)
        root.addHandler(handler)
    root.setLevel(level)
    # APScheduler narrates every job start and end at INFO; our own events already say that.
    logging.getLogger("apscheduler").setLevel(max(level, logging.WARNING))
