"""Write every table and view of the store to a folder as CSV, Parquet or JSON."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from etl import store
from etl.errors import ConfigError, StoreError

FORMATS = ("csv", "parquet", "json")
VIEWS = ("indicator_values", "indicator_latest")
# Internal columns that make no sense outside the store.
_SKIP_COLUMNS = {"documents": ["text"]}


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
    with engine.connect() as conn:
        names = [t.name for t in store.metadata.sorted_tables] + list(VIEWS)
        for name in names:
            frame = pd.read_sql(sa.text(f"SELECT * FROM {name}"), conn)  # names come from our own schema
            frame = frame.drop(columns=_SKIP_COLUMNS.get(name, []), errors="ignore")
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
