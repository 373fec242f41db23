"""`python -m etl evaluate DIR`: score the extractor against the hand-labelled corpus."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from etl.cli.output import print_json, reports_errors
from etl.settings import load_settings


@reports_errors
def evaluate(
    folder: Annotated[Path, typer.Argument(help="Corpus folder holding dev/ and test/ labelled texts.")],
    split: Annotated[str, typer.Option(help="Which half to score: dev, test or all.")] = "dev",
    min_confidence: Annotated[
        float, typer.Option(help="Confidence floor for the first set of scores (the dashboard's default).")
    ] = 0.5,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
    with_details: Annotated[
        bool, typer.Option("--details", help="List every miss and false item with its error class.")
    ] = False,
) -> None:
    """Run the extractor on labelled texts; print precision, recall, F1, accuracy and error classes."""
    from etl.evaluate.render import describe
    from etl.evaluate.report import as_dict
    from etl.evaluate.run import evaluate_folder
    from etl.extract.reference import load_reference

    if split not in ("dev", "test", "all"):
        raise typer.BadParameter(f"--split must be dev, test or all, not {split!r}")
    evaluation = evaluate_folder(folder, split, load_reference(load_settings().reference_dir), min_confidence)
    payload = as_dict(evaluation, with_details=with_details)
    if as_json:
        print_json(payload)
    else:
        typer.echo(describe(payload))
