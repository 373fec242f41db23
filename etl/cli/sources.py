"""`python -m etl sources add | list`: add a document by hand, list every source with its last fetch."""

# No `from __future__ import annotations` in the command modules: Typer reads every command's
# signature on each start, and string annotations would cost it an eval per parameter.

import re
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from etl.cli.output import print_json, reports_errors
from etl.settings import load_settings

_URL_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://")

app = typer.Typer(help="Add documents by hand; list feeds, pages, uploads and files.", no_args_is_help=True)


def _iso_date(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date as YYYY-MM-DD") from None


@app.command()
@reports_errors
def add(
    source: Annotated[
        str,
        typer.Argument(
            metavar="PATH_OR_URL", help="A PDF, HTML, DOCX, TXT or Markdown file of up to 20 MB, or a URL."
        ),
    ],
    title: Annotated[
        str | None, typer.Option(help="Title, instead of the one read from the document.")
    ] = None,
    publisher: Annotated[str | None, typer.Option(help="Publisher, instead of the one read from it.")] = None,
    published: Annotated[
        str | None, typer.Option(help="Publication date YYYY-MM-DD, instead of the one read from it.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
) -> None:
    """Read a document, extract its items now and store them (the same text is never stored twice)."""
    from etl.errors import MonitorError
    from etl.feeds.ingest import read_path, read_url, store_draft

    published_on = _iso_date(published)
    settings = load_settings()
    scheme = _URL_SCHEME.match(source)
    if scheme and scheme.group(1).lower() not in ("http", "https"):
        raise MonitorError(f"{source}: only http:// and https:// addresses can be fetched")
    draft = read_url(settings, source) if scheme else read_path(Path(source), source)
    result = store_draft(settings, draft, title=title, publisher=publisher, published_on=published_on)
    if as_json:
        print_json(result.__dict__)
    elif result.duplicate_of:
        typer.echo(f"{source}: already stored as {result.duplicate_of}; nothing changed")
    else:
        verb = "Updated" if result.replaced else "Added"
        items = f"{result.items_written} item" + ("" if result.items_written == 1 else "s")
        typer.echo(f"{verb} {result.doc_id}: {result.title} ({items})")
        for issue in result.issues:
            typer.echo(f"  {issue}")


@app.command("list")
@reports_errors
def list_sources(
    as_json: Annotated[bool, typer.Option("--json", help="Print the sources as JSON.")] = False,
) -> None:
    """Every feed and page (last fetch, status), every uploaded document and every file."""
    from etl import store
    from etl.feeds.overview import list_sources as overview

    settings = load_settings()
    engine = store.make_engine(settings)
    try:
        store.ensure_schema(engine)
        rows = overview(settings, engine)
    finally:
        engine.dispose()
    if as_json:
        print_json(rows)
        return
    width = max([len("source"), *(len(str(row["source"])) for row in rows)])
    typer.echo(f"{'source':<{width}} {'kind':<7} {'status':<13} {'last fetch':<20} {'docs':>4}  address")
    for row in rows:
        when = row["last_fetch"].strftime("%Y-%m-%d %H:%M UTC") if row.get("last_fetch") else "-"
        line = (
            f"{row['source']:<{width}} {row['kind']:<7} {row['status']:<13} {when:<20} "
            f"{row.get('documents', 0):>4}  {row.get('address') or ''}"
        )
        typer.echo(line.rstrip())
        if row.get("message") and row["kind"] != "file":  # a file is named by its path already
            typer.echo(f"{'':<{width}} {row['message']}")
