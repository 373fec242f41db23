"""Turning stored codes and timestamps into words a reader expects; no Streamlit, no store access."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pandas as pd


def code_label(code: object) -> str:
    """'arms_transfer' -> 'Arms transfer': stored codes are snake_case, labels are sentence case."""
    if not isinstance(code, str) or not code:
        return "—"
    text = code.replace("_", " ").strip()
    return text[:1].upper() + text[1:]


def _span(seconds: float) -> str:
    seconds = abs(seconds)
    if seconds < 60:
        return "less than a minute"
    minutes = int(seconds // 60)
    if minutes < 60:
        return f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    if hours < 48:
        return f"{hours} h {minutes} min" if minutes and hours < 6 else f"{hours} h"
    days = hours // 24
    if days < 60:
        return f"{days} days"
    return f"{days // 30} months" if days < 730 else f"{days // 365} years"


def format_age(moment: datetime, now: datetime | None = None) -> str:
    """'5 min ago', '3 h ago', '4 days ago' for a past UTC moment."""
    now = now or datetime.now(UTC)
    seconds = (now - moment).total_seconds()
    return "just now" if seconds < 60 else f"{_span(seconds)} ago"


def format_until(moment: datetime, now: datetime | None = None) -> str:
    """'in 2 h 5 min' for a future moment; 'overdue by 10 min' for one already past."""
    now = now or datetime.now(UTC)
    seconds = (moment - now).total_seconds()
    return f"in {_span(seconds)}" if seconds >= 0 else f"overdue by {_span(seconds)}"


def format_utc(moment: datetime | None) -> str:
    return "—" if moment is None else f"{moment:%Y-%m-%d %H:%M} UTC"


# How a period of each indicator granularity is written: pandas period frequency and its format.
PERIOD_FORMATS = {
    "day": ("D", "%Y-%m-%d"),
    "month": ("M", "%Y-%m"),
    "quarter": ("Q", "%Y-Q%q"),
    "year": ("Y", "%Y"),
}


def format_period(start: datetime, granularity: object) -> str:
    """'2024' for a year, '2024-Q1' for a quarter, '2024-03' for a month, '2024-03-05' for a day."""
    key = granularity if isinstance(granularity, str) and granularity in PERIOD_FORMATS else "day"
    freq, pattern = PERIOD_FORMATS[key]
    return pd.Period(start, freq=freq).strftime(pattern)


def resolved_date(start: object, end: object, precision: object, written: object = "") -> str:
    """The date an item was placed at, in its precision: '2024-09 (month)', '2024-06-17 to 2024-06-18';
    an item the source gives no date for (written empty) is in its '2024-06 (publication month)'."""
    if not isinstance(start, date) or pd.isna(start):
        return "undated"
    last = end if isinstance(end, date) and not pd.isna(end) else start
    if not (isinstance(written, str) and written) and precision == "month":
        return f"{start:%Y-%m} (publication month)"
    if precision in ("month", "quarter", "year"):
        return f"{format_period(datetime(start.year, start.month, start.day), precision)} ({precision})"
    if precision == "day" or last == start:
        return f"{start:%Y-%m-%d} (day)"
    return f"{start:%Y-%m-%d} to {last:%Y-%m-%d} (range)"


def written_date(text: object, start: object) -> str:
    """The date as the source wrote it; an item the source gives no date for says where it was placed."""
    if isinstance(text, str) and text:
        return text
    if isinstance(start, date) and not pd.isna(start):
        return "none in the text"
    return "undated"
