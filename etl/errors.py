"""A small exception hierarchy; the CLI and the pipeline turn these into messages and exit codes."""

from __future__ import annotations

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_INVALID_DATA = 65  # sysexits EX_DATAERR
EXIT_LOCKED = 75  # sysexits EX_TEMPFAIL


class MonitorError(Exception):
    """Base for every error the project reports to a user as a message, not a traceback."""

    exit_code = EXIT_FAILED


class ConfigError(MonitorError):
    """A setting or a reference file is missing or malformed."""


class StoreError(MonitorError):
    """The store cannot be reached, is busy for too long, or refuses a write."""


class RefreshLocked(MonitorError):
    """Another refresh holds the lock."""

    exit_code = EXIT_LOCKED

    def __init__(self, holder: str) -> None:
        super().__init__(f"A refresh is already running ({holder}); try again when it has finished.")
        self.holder = holder


class InvalidData(MonitorError):
    """User-supplied data failed validation; nothing was stored."""

    exit_code = EXIT_INVALID_DATA

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or []
