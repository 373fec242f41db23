"""Log events: readable on a terminal, JSON lines in the log file and on a pipe or with --log-format json."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from etl import logs


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture(autouse=True)
def _restore() -> Iterator[None]:
    yield
    logs.set_log_format("auto")
    logs.configure_logging()


def _emit(monkeypatch: pytest.MonkeyPatch, stream: io.StringIO, logs_dir: Path, log_format: str) -> str:
    monkeypatch.setattr("sys.stderr", stream)
    logs.set_log_format(log_format)
    logs.configure_logging(logs_dir=logs_dir)
    logs.get_logger("etl.test").info("refresh.finished", items_written=3)
    for handler in logging.getLogger().handlers:
        handler.flush()
    return stream.getvalue()


def test_a_terminal_gets_readable_lines_and_the_file_json(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    shown = _emit(monkeypatch, _Terminal(), tmp_path, "auto")
    assert "refresh.finished" in shown and "items_written=3" in shown
    assert not shown.lstrip().startswith("{")
    event = json.loads((tmp_path / logs.LOG_FILE_NAME).read_text().splitlines()[-1])
    assert event["event"] == "refresh.finished" and event["items_written"] == 3


def test_a_pipe_or_json_format_gets_json_lines(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for stream, log_format in ((io.StringIO(), "auto"), (_Terminal(), "json")):
        shown = _emit(monkeypatch, stream, tmp_path, log_format)
        assert json.loads(shown.splitlines()[-1])["event"] == "refresh.finished"
