"""Structured logging: one JSON event per line in the log file, and on stderr readable lines on a terminal
or JSON lines otherwise (a pipe, a service, or `--log-format json`).

Every line carries a `run_id` key: the refresh's id while one is bound with
structlog.contextvars, null otherwise. Library log records (APScheduler, SQLAlchemy) go through the
same renderer, so the stream stays one JSON object per line.
"""

from __future__ import annotations

import logging
import logging.handlers
import sys
from pathlib import Path
from typing import Any

import structlog

from etl.errors import ConfigError

LOG_FILE_NAME = "etl.log"
LOG_FILE_MAX_BYTES = 10 * 1024 * 1024
LOG_FILE_BACKUPS = 5

# Marks the handlers this module installs, so configuring twice replaces them instead of doubling lines.
_OURS = "_monitor_handler"
LOG_FORMATS = ("auto", "json", "text")
# The stderr format the command line asked for; later calls (a command adding its log file) keep it.
_stderr_format = {"value": "auto"}


def set_log_format(log_format: str) -> None:
    """Choose how stderr shows events: 'json', 'text' (readable), or 'auto' (text on a terminal)."""
    if log_format not in LOG_FORMATS:
        raise ConfigError(f"--log-format must be one of {', '.join(LOG_FORMATS)}, not {log_format!r}")
    _stderr_format["value"] = log_format


def _stderr_is_text() -> bool:
    chosen = _stderr_format["value"]
    return chosen == "text" or (chosen == "auto" and sys.stderr.isatty())


def _ensure_run_id(_logger: Any, _method: str, event_dict: dict[str, Any]) -> dict[str, Any]:
    """Give every event a run_id key so a line can always be grouped by run."""
    event_dict.setdefault("run_id", None)
    return event_dict


def _shared_processors() -> list[Any]:
    return [
        structlog.contextvars.merge_contextvars,
        _ensure_run_id,
        structlog.stdlib.add_logger_name,
        structlog.processors.add_log_level,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
    ]


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

    def formatter(renderer: Any) -> logging.Formatter:
        return structlog.stdlib.ProcessorFormatter(
            foreign_pre_chain=_shared_processors(),
            processors=[
                structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                structlog.processors.format_exc_info,
                renderer,
            ],
        )

    json_lines = formatter(structlog.processors.JSONRenderer())
    stderr = logging.StreamHandler(sys.stderr)
    stderr.setFormatter(
        formatter(structlog.dev.ConsoleRenderer(colors=False, sort_keys=False))
        if _stderr_is_text()
        else json_lines
    )
    handlers: list[logging.Handler] = [stderr]
    if logs_dir is not None:
        handlers.append(_file_handler(logs_dir))
        handlers[-1].setFormatter(json_lines)

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

    structlog.configure(
        processors=[*_shared_processors(), structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        wrapper_class=structlog.make_filtering_bound_logger(level),
        logger_factory=structlog.stdlib.LoggerFactory(),
        cache_logger_on_first_use=False,
    )
