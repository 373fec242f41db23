"""What every command prints: one-line errors with their exit code, and JSON payloads."""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

import typer

from etl.errors import MonitorError

F = TypeVar("F", bound=Callable[..., Any])


def echo_error(exc: MonitorError) -> None:
    """`error: <message>` on stderr, then each problem the error lists, indented."""
    typer.echo(f"error: {exc}", err=True)
    for problem in getattr(exc, "problems", []):
        typer.echo(f"  {problem}", err=True)


def reports_errors(command: F) -> F:
    """Turn MonitorError into a one-line message on stderr and the error's exit code."""

    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except MonitorError as exc:
            echo_error(exc)
            raise typer.Exit(exc.exit_code) from None

    return wrapper  # type: ignore[return-value]


def print_json(payload: Any) -> None:
    typer.echo(json.dumps(payload, indent=2, default=str))
