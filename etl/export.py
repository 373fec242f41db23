"""Write every table and view of the store to a folder as CSV, Parquet or JSON."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from etl import store
from etl.errors import ConfigError, StoreError

FORMATS = ("csv", "parquet", "json")
# A spreadsheet treats a cell starting with one of these as a formula (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Views: indicator values, and items and their tags with analysts' reviews applied.
VIEWS = ("indicator_values", "indicator_latest", "items_current", "item_measures_current")
# Internal columns that make no sense outside the store.
_SKIP_COLUMNS = {"documents": ("text",)}


def neutralise_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """Prefix text cells that a spreadsheet would run as a formula with an apostrophe."""
    safe = frame.copy()
    for column in safe.columns:
        if pd.api.types.is_string_dtype(safe[column]) or safe[column].dtype == object:
            safe[column] = safe[column].map(
                lambda v: "'" + v if isinstance(v, str) and v.startswith(FORMULA_STARTS) else v
            )
    return safe


def _write(frame: pd.DataFrame, path: Path, fmt: str) -> None:
    """One file; CSV cells a spreadsheet would run as formulas are neutralised, as in the dashboard."""
    try:
        if fmt == "csv":
            neutralise_formulas(frame).to_csv(path, index=False)
        elif fmt == "parquet":
            frame.to_parquet(path, index=False)
        else:
            frame.to_json(path, orient="records", date_format="iso", indent=1)
    except OSError as exc:
        raise StoreError(f"Cannot write the export file {path}: {exc.strerror or exc}") from None


def export_store(engine: Engine, folder: Path, formats: list[str]) -> list[Path]:
    """Export each table (documents without their text) and each indicator view; returns the files."""
    unknown = sorted(set(formats) - set(FORMATS))
    if unknown:
        raise ConfigError(f"Unknown export format(s) {', '.join(unknown)}; choose from {', '.join(FORMATS)}.")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"Cannot create the export folder {folder}: {exc.strerror or exc}") from None
    if not os.access(folder, os.W_OK):
        raise StoreError(f"Cannot write into the export folder {folder}: permission denied")
    written: list[Path] = []
    # Untyped columns, so values come out as the database holds them (dates as ISO text on SQLite).
    relations: list[tuple[str, list[sa.ColumnClause[Any]]]] = [
        (t.name, [sa.column(c.name) for c in t.columns if c.name not in _SKIP_COLUMNS.get(t.name, ())])
        for t in store.metadata.sorted_tables
    ] + [(name, [sa.literal_column("*")]) for name in VIEWS]
    with engine.connect() as conn:
        for name, columns in relations:
            frame = pd.read_sql(sa.select(*columns).select_from(sa.table(name)), conn)
            for fmt in formats:
                path = folder / f"{name}.{fmt}"
                _write(frame, path, fmt)
                written.append(path)
    return written
