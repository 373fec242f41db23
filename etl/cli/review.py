"""`python -m etl review accept | reject | edit | add | list | export | import`: review from scripts."""

# No `from __future__ import annotations` in the command modules: Typer reads every command's
# signature on each start, and string annotations would cost it an eval per parameter.

import getpass
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from sqlalchemy.engine import Engine

from etl.cli.output import print_json, reports_errors
from etl.errors import InvalidData
from etl.settings import Settings, load_settings

app = typer.Typer(
    help="Accept, reject, correct and add items; list, export and import review decisions.",
    no_args_is_help=True,
)
T = TypeVar("T")

By = Annotated[
    str | None, typer.Option("--by", help="Reviewer name; default MONITOR_REVIEWER, else your login.")
]
Note = Annotated[str | None, typer.Option("--note", help="Why: kept with the decision.")]
Sets = Annotated[
    list[str] | None,
    typer.Option("--set", help="FIELD=VALUE, an items column and its new value; repeatable."),
]


@contextmanager
def _store() -> Iterator[tuple[Engine, Any, Settings]]:
    """The store (schema ensured) and the reference data, for one command."""
    from etl import store
    from etl.extract.reference import load_reference

    settings = load_settings()
    engine = store.make_engine(settings)
    try:
        store.ensure_schema(engine)
        yield engine, load_reference(settings.reference_dir), settings
    finally:
        engine.dispose()


def _reviewer(by: str | None, settings: Settings) -> str:
    return (by or settings.reviewer or getpass.getuser()).strip()


def _pairs(sets: list[str] | None) -> dict[str, str]:
    """--set FIELD=VALUE options as a mapping; a malformed one is invalid data."""
    pairs: dict[str, str] = {}
    for item in sets or []:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise InvalidData(f"--set {item!r} is not FIELD=VALUE")
        pairs[name.strip()] = value
    return pairs


def _decide(item_id: str, verdict: str, by: str | None, note: str | None, changes: dict[str, str]) -> None:
    from etl.review import decide

    with _store() as (engine, ref, settings):
        done = decide(engine, ref, item_id, verdict, _reviewer(by, settings), note=note, changes=changes)
    typer.echo(f"{done.verdict} {done.item_id} (review {done.review_id})")


@app.command()
@reports_errors
def accept(
    item_id: Annotated[str, typer.Argument(help="Item id.")], by: By = None, note: Note = None
) -> None:
    """Accept an item as extracted."""
    _decide(item_id, "accepted", by, note, {})


@app.command()
@reports_errors
def reject(
    item_id: Annotated[str, typer.Argument(help="Item id.")], by: By = None, note: Note = None
) -> None:
    """Reject an item: hidden from charts, counts and exports, kept in the store."""
    _decide(item_id, "rejected", by, note, {})


@app.command()
@reports_errors
def edit(
    item_id: Annotated[str, typer.Argument(help="Item id.")],
    sets: Sets = None,
    by: By = None,
    note: Note = None,
) -> None:
    """Correct an item's values (--set FIELD=VALUE; an empty VALUE clears an optional field)."""
    changes = _pairs(sets)
    if not changes:
        raise InvalidData("edit needs at least one --set FIELD=VALUE")
    _decide(item_id, "edited", by, note, changes)


@app.command()
@reports_errors
def add(
    doc_id: Annotated[str, typer.Argument(help="Document id.")],
    quote: Annotated[str, typer.Option("--quote", help="The words of the document the item rests on.")],
    category: Annotated[str, typer.Option("--category", help="Item category.")],
    from_actor: Annotated[str | None, typer.Option("--from", help="Supplier, visitor or actor id.")] = None,
    to_actor: Annotated[str | None, typer.Option("--to", help="Recipient, host or target id.")] = None,
    sets: Sets = None,
    by: By = None,
    note: Note = None,
) -> None:
    """Add an item the extractor missed, on a quote found in the document."""
    from etl.review import add_item

    values: dict[str, Any] = {**_pairs(sets), "category": category}
    values |= {k: v for k, v in (("from_actor_id", from_actor), ("to_actor_id", to_actor)) if v is not None}
    with _store() as (engine, ref, settings):
        done = add_item(engine, ref, doc_id, quote, values, _reviewer(by, settings), note=note)
    typer.echo(f"added {done.item_id} (review {done.review_id})")


@app.command("list")
@reports_errors
def list_(as_json: Annotated[bool, typer.Option("--json", help="Print as JSON.")] = False) -> None:
    """Every decision, oldest first, with the item it applies to now."""
    from etl.review import list_reviews

    with _store() as (engine, _ref, _settings):
        entries = list_reviews(engine)
    if as_json:
        print_json(entries)
        return
    if not entries:
        typer.echo("No reviews yet.")
    for e in entries:
        place = "" if e["link"] in ("attached", "added") else f" [{e['link']}]"
        changed = (
            ", ".join(f"{k}: {b} → {a}" for k, (b, a) in e["changes"].items())
            if e["verdict"] == "edited"
            else ""
        )
        line = (
            f"{e['review_id']:>5}  {e['reviewed_at']:%Y-%m-%d %H:%M}  {e['reviewer']:<12} {e['verdict']:<9}"
        )
        typer.echo(
            f"{line} {e['current_item_id'] or e['item_id']}{place}" + (f"  {changed}" if changed else "")
        )


def _file_command(action: Callable[[Engine, Any, Path], T], path: Path) -> T:
    with _store() as (engine, ref, _settings):
        return action(engine, ref, path)


@app.command("export")
@reports_errors
def export_(path: Annotated[Path, typer.Argument(help="YAML file to write.")]) -> None:
    """Write every decision to a YAML file (one entry per review, with its item_id)."""
    from etl.review import export_reviews

    count = _file_command(lambda engine, _ref, p: export_reviews(engine, p), path)
    typer.echo(f"Wrote {count} reviews to {path}")


@app.command("import")
@reports_errors
def import_(path: Annotated[Path, typer.Argument(help="YAML file written by `review export`.")]) -> None:
    """Store the decisions of a YAML file, all or nothing; ones already stored are skipped."""
    from etl.review import import_reviews

    stored, present = _file_command(import_reviews, path)
    typer.echo(f"Imported {stored} reviews from {path}" + (f" ({present} already stored)" if present else ""))
