"""The command line: `python -m etl refresh | status | export | indicators … | review … | schedule`.

Every MonitorError is turned into a one-line message and its exit code here, and only here.
"""

# No `from __future__ import annotations` in the command modules: Typer reads every command's
# signature on each start, and string annotations would cost it an eval per parameter.

import sys
from collections.abc import Collection
from functools import cache
from importlib import import_module
from pathlib import Path
from typing import Annotated

import typer

from etl.cli.evaluate import evaluate
from etl.cli.output import print_json, reports_errors
from etl.errors import ConfigError, MonitorError
from etl.settings import load_settings

# The command groups, each in its own module. A command line loads only the group it names (`refresh`
# loads none); without a command, or with one that does not exist, it loads them all, so the help and
# the "No such command" message list every command.
GROUPS = {"indicators": "etl.cli.indicators", "review": "etl.cli.review", "sources": "etl.cli.sources"}

# The top-level commands; with_groups() adds the groups. `app` (below) is the whole command line.
cli = typer.Typer(
    name="etl",
    help="Sanctions Monitor: refresh the store from source documents, load indicators, report status.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    # Plain help and error text: the rich formatting would import rich (and markdown-it) on every --help.
    rich_markup_mode=None,
)


@cli.command()
@reports_errors
def refresh(
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
    trigger: Annotated[str, typer.Option(help="Who started it: manual, schedule or dashboard.")] = "manual",
    allow_removals: Annotated[
        bool, typer.Option(help="Remove the stored documents missing from the folder, even most of them.")
    ] = False,
) -> None:
    """Run one refresh of all sources: extract, normalise, tag and load in one transaction."""
    from etl.logs import configure_logging
    from etl.pipeline import run_refresh

    settings = load_settings()
    try:
        configure_logging(logs_dir=settings.logs_dir)  # JSON lines in the log file, whatever stderr shows
    except ConfigError as exc:
        # The log file is a record, not the refresh's job: without it the refresh still runs (and the
        # store, if it sits in the same unwritable folder, says so itself).
        configure_logging()
        typer.echo(f"warning: {exc}; logging to stderr only", err=True)
    result = run_refresh(settings, trigger=trigger, allow_removals=allow_removals)
    if as_json:
        print_json(result.as_dict())
    else:
        typer.echo(result.describe())
    if result.status == "failed":
        raise typer.Exit(1)


@cli.command()
@reports_errors
def schedule(
    cron: Annotated[
        str | None, typer.Option(help="Five-field cron expression; default MONITOR_SCHEDULE (every 6 hours).")
    ] = None,
) -> None:
    """Run a refresh on a cron schedule in the foreground until SIGTERM or Ctrl-C."""
    from etl.logs import configure_logging
    from etl.schedule import run_scheduler

    settings = load_settings()
    configure_logging(logs_dir=settings.logs_dir)
    run_scheduler(settings, cron=cron)


@cli.command()
@reports_errors
def status(
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Show data freshness: last successful refresh, failures since, next scheduled run, counts."""
    from etl import store
    from etl.status import freshness_report

    engine = store.make_engine(load_settings())
    try:
        report = freshness_report(engine)
    finally:
        engine.dispose()
    if as_json:
        print_json(report.as_dict())
    else:
        typer.echo(report.describe())


cli.command()(evaluate)


@cli.command()
@reports_errors
def export(
    folder: Annotated[Path, typer.Argument(help="Folder to write the files into (created if missing).")],
    formats: Annotated[str, typer.Option("--format", help="Comma-separated: csv, parquet, json.")] = "csv",
) -> None:
    """Write every table and indicator view to FOLDER."""
    from etl import store
    from etl.export import export_store

    engine = store.make_engine(load_settings())
    try:
        store.ensure_schema(engine)
        written = export_store(engine, folder, [f.strip() for f in formats.split(",") if f.strip()])
    finally:
        engine.dispose()
    typer.echo(f"Wrote {len(written)} files to {folder}")


# Commands that write no log events skip the logging setup, and with it the cost of importing it.
QUIET_COMMANDS = frozenset({"status"})


@cli.callback()
def _configure(
    ctx: typer.Context,
    log_format: Annotated[
        str,
        typer.Option(
            "--log-format",
            help="How stderr shows log events: auto (readable on a terminal, JSON lines otherwise), "
            "text or json. The log file always holds JSON lines.",
        ),
    ] = "auto",
) -> None:
    if ctx.invoked_subcommand not in QUIET_COMMANDS:
        from etl.logs import configure_logging, set_log_format

        try:
            set_log_format(log_format)
        except MonitorError as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(2) from exc
        configure_logging()  # events on stderr; `refresh` and `schedule` add the log file


def _usage_error(exc: typer.TyperException) -> int:
    """Print a command-line usage error in one line (help with no arguments as usual); its exit code."""
    code = int(getattr(exc, "exit_code", 2))
    if type(exc).__name__ == "NoArgsIsHelpError":  # the help, on stdout like `--help`
        typer.echo(exc.ctx.get_help())  # type: ignore[attr-defined]
        return code
    ctx = getattr(exc, "ctx", None)
    where = f" ({ctx.command_path} --help lists the options)" if ctx is not None else ""
    message = exc.format_message() if hasattr(exc, "format_message") else str(exc)
    typer.echo(f"error: {message}{where}", err=True)
    return code


def with_groups(names: Collection[str] = tuple(GROUPS)) -> typer.Typer:
    """The command line with the named command groups added (all of them by default)."""
    present = {info.name for info in cli.registered_groups}
    for name in GROUPS:
        if name in names and name not in present:
            cli.add_typer(import_module(GROUPS[name]).app, name=name)
    cli.registered_groups.sort(key=lambda info: list(GROUPS).index(str(info.name)))
    return cli


def _named_groups(args: list[str]) -> Collection[str]:
    """The groups a command line needs: the one it names, none for another command, else all."""
    words = iter(args)
    for word in words:
        if word == "--log-format":
            next(words, None)
        elif not word.startswith("-"):
            if word in GROUPS:
                return (word,)
            commands = {
                info.name or getattr(info.callback, "__name__", "").replace("_", "-")
                for info in cli.registered_commands
            }
            return () if word in commands else tuple(GROUPS)
    return tuple(GROUPS)


@cache
def __getattr__(name: str) -> typer.Typer:
    if name == "app":  # `from etl.cli.app import app`: every command, for tests and the docs check
        return with_groups()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def main() -> None:
    app = with_groups(_named_groups(sys.argv[1:]))
    try:
        code = app(prog_name="python -m etl", standalone_mode=False)
    except typer.Abort:
        typer.echo("error: aborted", err=True)
        raise SystemExit(1) from None
    except typer.TyperException as exc:  # usage errors: one line, like every other error
        raise SystemExit(_usage_error(exc)) from None
    raise SystemExit(code if isinstance(code, int) else 0)


if __name__ == "__main__":
    main()
