"""`python -m etl sources add | list`: add a document by hand, list every source with its last fetch."""

# No `from __future__ import annotations` in the command modules: Typer reads every command's
# signature on each start, and string annotations would cost it an eval per parameter.

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from etl.cli.output import print_json, reports_errors
from etl.settings import load_settings

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
        str, typer.Argument(metavar="PATH_OR_URL", help="A PDF, HTML, DOCX, TXT or Markdown file, or a URL.")
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
    from etl.feeds.ingest import read_path, read_url, store_draft

    published_on = _iso_date(published)
    settings = load_settings()
    is_url = source.startswith(("http://", "https://"))
    draft = read_url(settings, source) if is_url else read_path(Path(source))
    result = store_draft(settings, draft, title=title, publisher=publisher, published_on=published_on)
    if as_json:
        print_json(result.__dict__)
    elif result.duplicate_of:
        typer.echo(f"{source}: already stored as {result.duplicate_of}; nothing changed")
    else:
        verb = "Updated" if result.replaced else "Added"
        typer.echo(f"{verb} {result.doc_id}: {result.title} ({result.items_written} items)")
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
    for row in rows:
        when = row["last_fetch"].strftime("%Y-%m-%d %H:%M UTC") if row.get("last_fetch") else "-"
        line = (
            f"{row['source']:<34} {row['kind']:<7} {row['status']:<13} {when:<21} {row.get('address') or ''}"
        )
        typer.echo(line.rstrip())
        if row.get("message") and row["kind"] not in ("file", "upload"):
            typer.echo(f"{'':<34} {row['message']}")
