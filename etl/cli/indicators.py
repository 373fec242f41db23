"""`python -m etl indicators add | list | history | activate`: indicator uploads from the command line."""

# No `from __future__ import annotations` in the command modules: Typer reads every command's
# signature on each start, and string annotations would cost it an eval per parameter.

# The indicator stack (pyarrow, numpy, clevercsv) is imported inside each command, not here: every
# `python -m etl` command loads this module, and `status` or `refresh` must not pay for it.
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from sqlalchemy.engine import Engine

from etl.cli.output import echo_error, print_json, reports_errors
from etl.errors import EXIT_INVALID_DATA, InvalidData
from etl.settings import load_settings

UPLOAD_ID_MAX = 2**31 - 1  # the store's integer keys are 32-bit on PostgreSQL


class Via(StrEnum):
    """Where an upload came from, as recorded with it (ingest.VIA)."""

    cli = "cli"
    inbox = "inbox"
    dashboard = "dashboard"


app = typer.Typer(help="Upload indicator CSVs and manage their versions.", no_args_is_help=True)


def _engine() -> Engine:
    from etl.store import ensure_schema, make_engine  # not loaded for another command's --help

    engine = make_engine(load_settings())
    ensure_schema(engine)
    return engine


@app.command()
@reports_errors
def add(
    files: Annotated[list[Path], typer.Argument(help="CSV files; each is stored whole or not at all.")],
    indicator: Annotated[str | None, typer.Option(help="Name of the file's single indicator.")] = None,
    unit: Annotated[str | None, typer.Option(help="Unit of every value (e.g. containers, troops).")] = None,
    entity: Annotated[
        str | None, typer.Option(help="Entity of every row when the file has no entity column.")
    ] = None,
    date_column: Annotated[str | None, typer.Option(help="Column holding the dates.")] = None,
    value_column: Annotated[
        list[str] | None, typer.Option(help="Column holding values (repeatable).")
    ] = None,
    indicator_column: Annotated[
        str | None, typer.Option(help="Column naming the indicator of each row.")
    ] = None,
    entity_column: Annotated[str | None, typer.Option(help="Column naming the entity of each row.")] = None,
    unit_column: Annotated[str | None, typer.Option(help="Column giving the unit of each row.")] = None,
    ignore_column: Annotated[list[str] | None, typer.Option(help="Column to leave out (repeatable).")] = None,
    day_first: Annotated[
        bool | None, typer.Option("--day-first/--month-first", help="Order of dates like 03/04/2024.")
    ] = None,
    decimal_comma: Annotated[
        bool | None, typer.Option("--decimal-comma/--decimal-point", help="Decimal separator of the numbers.")
    ] = None,
    header_line: Annotated[
        int | None, typer.Option(help="Line number of the header row, if not detected.")
    ] = None,
    via: Annotated[Via, typer.Option(help="Recorded origin.")] = Via.cli,
    as_json: Annotated[bool, typer.Option("--json", help="Print the results as JSON.")] = False,
) -> None:
    """Validate and store indicator CSVs; an invalid file is reported with line and column and not stored."""
    roles: dict[str, str] = {}
    for role, names in (
        ("date", [date_column]),
        ("value", value_column or []),
        ("indicator", [indicator_column]),
        ("entity", [entity_column]),
        ("unit", [unit_column]),
        ("ignore", ignore_column or []),
    ):
        roles.update({name: role for name in names if name})
    from etl.indicators.ingest import IndicatorOptions

    options = IndicatorOptions(
        roles=roles,
        indicator=indicator,
        unit=unit,
        entity=entity,
        day_first=day_first,
        decimal=None if decimal_comma is None else ("comma" if decimal_comma else "point"),
        header_line=header_line,
    )
    failed = _store_files(files, via.value, options, as_json)
    if failed:
        raise typer.Exit(EXIT_INVALID_DATA)


def _store_files(files: list[Path], via: str, options: Any, as_json: bool) -> int:
    """Store each file (all or nothing per file), print what became of it; returns how many failed."""
    from etl.indicators.ingest import store_indicator_file

    engine = _engine()
    results: list[dict[str, Any]] = []
    failed = 0
    for path in files:
        try:
            result = store_indicator_file(engine, path, via, options)
        except InvalidData as exc:
            failed += 1
            echo_error(exc)
            results.append(
                {"filename": path.name, "stored": False, "error": str(exc), "problems": exc.problems}
            )
            continue
        results.append({"stored": True, **result.__dict__})
        if not as_json:
            if result.duplicate_of is not None:
                typer.echo(f"{path.name}: already stored as upload {result.duplicate_of}; nothing new stored")
            else:
                typer.echo(
                    f"{path.name}: stored as upload {result.upload_id} "
                    f"({result.rows} points in {result.series} series)"
                )
    if as_json:
        print_json(results)
    return failed


@app.command("list")
@reports_errors
def list_command(as_json: Annotated[bool, typer.Option("--json", help="Print as JSON.")] = False) -> None:
    """Every series, with the upload that is current for it."""
    from etl.indicators.ingest import list_series

    rows = list_series(_engine())
    if as_json:
        print_json(rows)
        return
    if not rows:
        typer.echo("No indicators stored yet; add some with `python -m etl indicators add FILE.csv`.")
        return
    for r in rows:
        entity = f" · {r['entity']}" if r["entity"] else ""
        unit = f" ({r['unit']})" if r["unit"] else ""
        typer.echo(
            f"{r['indicator']}{entity}{unit}: {r['points']} {r['granularity']} points "
            f"{r['first']}..{r['last']}, "
            f"upload {r['upload_id']} ({r['filename']}), {r['versions']} version(s)"
        )


@app.command()
@reports_errors
def history(
    as_json: Annotated[bool, typer.Option("--json", help="Print as JSON.")] = False,
    indicator: Annotated[str | None, typer.Option(help="Only uploads holding this indicator.")] = None,
) -> None:
    """Every upload, newest first; `current` marks the uploads charts use."""
    from etl.indicators.ingest import upload_history

    rows = upload_history(_engine(), indicator)
    if as_json:
        print_json(rows)
        return
    if not rows:
        typer.echo("No uploads yet.")
        return
    for r in rows:
        mark = "current" if r["current"] else "older"
        typer.echo(
            f"{r['upload_id']:>5}  {r['uploaded_at']:%Y-%m-%d %H:%M}  {mark:<7}  {r['via']:<9}  "
            f"{r['filename']}  "
            f"{r['rows']} points, {r['series']} series: {', '.join(r['indicators'])}"
        )


@app.command()
@reports_errors
def activate(
    upload_id: Annotated[int, typer.Argument(help="Upload to make current again.", min=1, max=UPLOAD_ID_MAX)],
) -> None:
    """Make an older upload current again (its values win in charts); nothing is deleted."""
    from etl.indicators.ingest import activate_upload

    when = activate_upload(_engine(), upload_id)
    typer.echo(f"upload {upload_id} is current again (activated {when:%Y-%m-%d %H:%M:%S} UTC)")
