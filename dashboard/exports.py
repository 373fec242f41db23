"""Filtered rows as downloadable files: CSV made safe for spreadsheets, and Parquet."""

from __future__ import annotations

import io

import pandas as pd

from etl.export import FORMULA_STARTS, neutralise_formulas

__all__ = ["FORMULA_STARTS", "neutralise_formulas", "to_csv_bytes", "to_parquet_bytes"]


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """UTF-8 CSV (with BOM, so spreadsheet programs read accents right), formulas neutralised."""
    return neutralise_formulas(frame).to_csv(index=False).encode("utf-8-sig")


def to_parquet_bytes(frame: pd.DataFrame) -> bytes:
    buffer = io.BytesIO()
    frame.to_parquet(buffer, index=False)
    return buffer.getvalue()
