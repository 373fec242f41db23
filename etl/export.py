"""Write every table and view of the store to a folder as CSV, Parquet or JSON."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from etl import store
from etl.errors import ConfigError, StoreError

FORMATS = ("csv", "parquet", "json")
# Views: indicator values, and items and their tags with analysts' reviews applied.
VIEWS = ("indicator_values", "indicator_latest", "items_current", "item_measures_current")
# Internal columns that make no sense outside the store.
_SKIP_COLUMNS = {"documents": ("text",)}


def export_store(engine: Engine, folder: Path, formats: list[str]) -> list[Path]:
    """Export each table (documents without their text) and each indicator view; returns the files."""
    unknown = sorted(set(formats) - set(FORMATS))
    if unknown:
        raise ConfigError(f"Unknown export format(s) {', '.join(unknown)}; choose from {', '.join(FORMATS)}.")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"Cannot create the export folder {folder}: {exc}") from exc
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
                if fmt == "csv":
                    frame.to_csv(path, index=False)
                elif fmt == "parquet":
                    frame.to_parquet(path, index=False)
                else:
                    frame.to_json(path, orient="records", date_format="iso", indent=1)
                written.append(path)
    return written
