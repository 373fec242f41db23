"""`python -m etl evaluate DIR | --reviews`: score the extractor against hand-labelled texts or reviews."""

# No `from __future__ import annotations` in the command modules: Typer reads every command's
# signature on each start, and string annotations would cost it an eval per parameter.

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from etl.cli.output import print_json, reports_errors
from etl.settings import load_settings

if TYPE_CHECKING:
    from etl.extract.reference import Reference


@reports_errors
def evaluate(
    folder: Annotated[
        Path | None, typer.Argument(help="Corpus folder holding dev/ and test/ labelled texts.")
    ] = None,
    split: Annotated[str, typer.Option(help="Which half to score: dev, test or all.")] = "dev",
    min_confidence: Annotated[
        float, typer.Option(help="Confidence floor for the first set of scores (the dashboard's default).")
    ] = 0.5,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
    with_details: Annotated[
        bool, typer.Option("--details", help="List every miss and false item with its error class.")
    ] = False,
    reviews: Annotated[
        bool,
        typer.Option("--reviews", help="Score against the store's reviewed items instead of a folder."),
    ] = False,
    second_labels: Annotated[
        Path | None,
        typer.Option(
            help="Folder of a second labeller's labels of some corpus texts: score them, and the extractor"
            " on the same texts, against the corpus's labels."
        ),
    ] = None,
) -> None:
    """Run the extractor on labelled texts; print precision, recall, F1, accuracy and error classes."""
    from etl.extract.reference import load_reference

    if split not in ("dev", "test", "all"):
        raise typer.BadParameter(f"--split must be dev, test or all, not {split!r}")
    if (folder is None) == (not reviews):
        raise typer.BadParameter("give a corpus folder, or --reviews to score against the store's reviews")
    if reviews and second_labels is not None:
        raise typer.BadParameter("--second-labels scores a corpus folder's texts, not the store's reviews")
    settings = load_settings()
    ref = load_reference(settings.reference_dir)
    if reviews:
        _evaluate_reviews(ref, min_confidence, as_json)
        return
    from etl.evaluate.render import describe
    from etl.evaluate.report import as_dict
    from etl.evaluate.run import evaluate_folder

    assert folder is not None  # checked above
    if second_labels is not None:
        _evaluate_agreement(folder, split, second_labels, ref, min_confidence, as_json, with_details)
        return
    payload = as_dict(evaluate_folder(folder, split, ref, min_confidence), with_details=with_details)
    if as_json:
        print_json(payload)
    else:
        typer.echo(describe(payload))


def _evaluate_reviews(ref: "Reference", min_confidence: float, as_json: bool) -> None:
    from etl import store
    from etl.evaluate.reviews import describe_reviews, evaluate_reviews

    engine = store.make_engine(load_settings())
    try:
        store.ensure_schema(engine)
        payload = evaluate_reviews(engine, ref, min_confidence)
    finally:
        engine.dispose()
    if as_json:
        print_json(payload)
    else:
        typer.echo(describe_reviews(payload))


def _evaluate_agreement(
    folder: Path, split: str, second: Path, ref: "Reference", floor: float, as_json: bool, details: bool
) -> None:
    """A second labeller's labels and the extractor, scored on the same texts against the corpus's."""
    from etl.evaluate.agreement import evaluate_agreement
    from etl.evaluate.render import describe
    from etl.evaluate.report import as_dict

    runs = evaluate_agreement(folder, split, second, ref, floor)
    payloads = {who: as_dict(run, with_details=details) for who, run in runs.items()}
    if as_json:
        print_json(payloads)
    else:
        typer.echo("\n\n".join(f"== {who}\n{describe(payload)}" for who, payload in payloads.items()))
