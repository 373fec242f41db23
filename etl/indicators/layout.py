"""Which column plays which role, which layout that makes, and the cells reshaped into observations.

Layouts (DOMAIN.md section 4):
- long: a date column, an indicator column and one value column (entity, unit, source optional);
- columns: a date column and one or more value columns, each a series (optionally per entity);
- owid: the same with Entity and Code columns (Our World in Data exports);
- wide: one row per entity with periods as column headers (SIPRI, World Bank), Total row/column left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from etl.errors import InvalidData
from etl.indicators.formats import ROLES, IndicatorFormats
from etl.indicators.parse import RawTable
from etl.indicators.values import looks_like_period

SAMPLE_ROWS = 200
_NUMBER_LIKE = re.compile(r"^[+-]?[\d.,' \u00a0\u202f]*\d[\d.,' \u00a0\u202f]*(?:[eE][+-]?\d+)?$")
_YEAR = re.compile(r"^\d{4}$")


@dataclass
class ColumnRole:
    index: int
    header: str
    role: str  # one of ROLES, or "period" (a wide table's date header) or "total" (left out)
    detected: str  # what the file alone suggested, before the user's corrections
    sample: list[str] = field(default_factory=list)
    empty: bool = False  # no header and no value in any row (spreadsheets end lines with a separator)


@dataclass
class Observations:
    """One entry per value cell: where it is, and its indicator, entity, unit, period and value text.

    Indicator, entity, unit and period are dictionary arrays with trimmed dictionaries (a trimmed
    dictionary may hold one text twice, or texts no row uses). Value cells keep pyarrow's chunks and
    are trimmed unless every one of them is a plain number, in which case `numbers` holds them
    already converted.
    """

    rows: np.ndarray
    cols: np.ndarray
    period_cols: np.ndarray
    indicator: pa.Array
    entity: pa.Array
    unit: pa.Array
    period: pa.Array
    value: pa.Array
    numbers: pa.Array | None = None  # float64 when every value cell is a plain number (no spaces)


@dataclass
class Plan:
    layout: str
    columns: list[ColumnRole]
    left_out: list[str]
    sources: list[str]

    def of(self, role: str) -> list[ColumnRole]:
        return [c for c in self.columns if c.role == role]


def _trim(column: pa.Array) -> pa.Array:
    return pc.utf8_trim_whitespace(column)


def _trimmed_labels(column: pa.ChunkedArray) -> pa.DictionaryArray:
    """A text column dictionary-encoded, with only its distinct texts trimmed (a few, not a million)."""
    encoded = pc.dictionary_encode(column).combine_chunks()  # the chunks share one dictionary
    return pa.DictionaryArray.from_arrays(encoded.indices, _trim(encoded.dictionary))


def _numbers_or_trimmed(value: pa.Array) -> tuple[pa.Array, pa.Array | None]:
    """The value cells and, when every one is a plain number, their float64 conversion.

    A cell with surrounding spaces, an empty cell or any other text fails the conversion, and only then
    are the cells trimmed; so a clean file pays for one conversion and no copy.
    """
    try:
        return value, pc.cast(value, pa.float64())
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return _trim(value), None


def _content_role(values: list[str], formats: IndicatorFormats) -> str:
    """A role from what the cells look like: value (numbers), date (periods), text or ignore (empty)."""
    present = [v for v in values if not formats.is_missing(v)]
    if not present:
        return "ignore"
    numeric = sum(1 for v in present if _NUMBER_LIKE.match(v.strip()))
    periods = sum(1 for v in present if looks_like_period(v, formats))
    years = sum(1 for v in present if _YEAR.match(v.strip()))
    if periods >= 0.9 * len(present) and years < len(present):
        return "date"
    if numeric >= 0.9 * len(present):
        return "value"
    return "text"


def detect_roles(table: RawTable, formats: IndicatorFormats, corrections: dict[str, str]) -> list[ColumnRole]:
    """Each column's role from its header, else its content; the user's corrections win."""
    columns = []
    for i, header in enumerate(table.headers):
        sample = table.columns[i].slice(0, SAMPLE_ROWS).to_pylist()
        role = _header_role(header, formats) or _content_role(sample, formats)
        empty = not header and role == "ignore" and _all_empty(table.columns[i])
        columns.append(ColumnRole(i, header, role, "", sample[:5], empty))
    dates = [c for c in columns if c.role == "date"]
    for extra in dates[1:]:
        extra.role = "ignore"  # an end date or a second date column: the first one dates the rows
    if not dates and not any(c.role == "period" for c in columns):
        _year_column_as_date(columns, formats)
    for c in columns:
        if c.role == "text":
            c.role = "entity" if not any(o.role == "entity" for o in columns) else "ignore"
    for c in columns:
        c.detected = c.role
    for name, role in corrections.items():
        target = _find_column(columns, name, table.filename)
        if role not in ROLES:
            raise InvalidData(f"{table.filename}: unknown role {role!r}; roles are {', '.join(ROLES)}")
        target.role = role
    return columns


def _all_empty(column: pa.ChunkedArray) -> bool:
    return len(column) == 0 or bool(pc.all(pc.equal(_trim(column), "")).as_py())


def _header_role(header: str, formats: IndicatorFormats) -> str | None:
    """The role a header names: a known name, a period (a wide table's column), or a total."""
    role = formats.role_for(header)
    if role is None and header and looks_like_period(header, formats):
        return "period"
    if role is None and header and formats.is_total(header):
        return "total"
    return role


def _year_column_as_date(columns: list[ColumnRole], formats: IndicatorFormats) -> None:
    """With no date column, the first value column of plain four-digit years (an unusual header) dates."""
    for c in columns:
        present = [v for v in c.sample if not formats.is_missing(v)]
        if present and all(_YEAR.match(v.strip()) for v in present) and c.role == "value":
            c.role = "date"
            return


def _find_column(columns: list[ColumnRole], name: str, filename: str) -> ColumnRole:
    for c in columns:
        if c.header == name or c.header.lower() == name.strip().lower() or str(c.index + 1) == name.strip():
            return c
    raise InvalidData(
        f"{filename}: no column named {name!r}; columns are {', '.join(c.header for c in columns)}"
    )


def choose_layout(table: RawTable, columns: list[ColumnRole]) -> str:
    """The layout the roles make, or InvalidData saying why the file is not a time series."""
    roles = [c.role for c in columns]
    names = ", ".join(repr(c.header) for c in columns)
    if "date" not in roles:
        if "period" in roles:
            return "wide"
        raise InvalidData(
            f"{table.filename}: not a time series: no column holds dates, months, quarters or years "
            f"(columns {names})"
        )
    values = [c for c in columns if c.role == "value"]
    if not values:
        raise InvalidData(f"{table.filename}: not a time series: no column holds numbers (columns {names})")
    if "indicator" in roles:
        if len(values) > 1:
            raise InvalidData(
                f"{table.filename}: an indicator column and several number columns "
                f"({', '.join(c.header for c in values)}); say which one holds the values"
            )
        return "long"
    if "entity" in roles and any(c.header.lower() == "code" for c in columns):
        return "owid"
    return "columns"


def _constant(text: str, n: int) -> pa.Array:
    """The same text n times, dictionary-encoded: one string, n small integers."""
    return pa.DictionaryArray.from_arrays(
        pa.array(np.zeros(n, dtype=np.int32)), pa.array([text], pa.string())
    )


def reshape(
    table: RawTable, plan: Plan, indicator_default: str, formats: IndicatorFormats, entity: str = ""
) -> Observations:
    """The value cells of the table as observations, whatever the layout."""
    n = table.rows
    first: dict[str, ColumnRole | None] = {
        role: next(iter(plan.of(role)), None) for role in ("date", "indicator", "entity", "unit")
    }

    def text(role: str, fallback: str) -> pa.Array:
        column = first[role]
        return _constant(fallback, n) if column is None else _trimmed_labels(table.columns[column.index])

    entity_cells, unit = text("entity", entity), text("unit", "")
    indicator = text("indicator", indicator_default)
    totals = _total_rows(table, plan, entity_cells, formats) if first["entity"] is not None else []
    value_columns = plan.of("period") if plan.layout == "wide" else plan.of("value")
    blocks: dict[str, list[Any]] = {
        k: [] for k in ("rows", "cols", "pcols", "indicator", "entity", "unit", "period", "value")
    }
    rows = np.delete(np.arange(n), totals) if totals else np.arange(n)
    date_col = first["date"]
    dates = _trimmed_labels(table.columns[date_col.index]) if date_col is not None else None

    def take(cells: pa.Array) -> pa.Array:
        return cells if len(rows) == n else cells.take(pa.array(rows))

    for column in value_columns:
        blocks["rows"].append(rows)
        blocks["cols"].append(np.full(len(rows), column.index, dtype=np.int32))
        blocks["entity"].append(take(entity_cells))
        blocks["unit"].append(take(unit))
        blocks["value"].append(take(table.columns[column.index]))
        if plan.layout == "wide":
            blocks["pcols"].append(np.full(len(rows), column.index, dtype=np.int32))
            blocks["period"].append(_constant(column.header, len(rows)))
            blocks["indicator"].append(take(indicator))
        else:
            assert date_col is not None and dates is not None
            blocks["pcols"].append(np.full(len(rows), date_col.index, dtype=np.int32))
            blocks["period"].append(take(dates))
            own_name = plan.layout != "long" and not _is_generic(column.header, formats)
            blocks["indicator"].append(_constant(column.header, len(rows)) if own_name else take(indicator))

    value, numbers = _numbers_or_trimmed(_joined(blocks["value"]))
    return Observations(
        rows=_stacked(blocks["rows"]),
        cols=_stacked(blocks["cols"]),
        period_cols=_stacked(blocks["pcols"]),
        indicator=_joined(blocks["indicator"]),
        entity=_joined(blocks["entity"]),
        unit=_joined(blocks["unit"]),
        period=_joined(blocks["period"]),
        value=value,
        numbers=numbers,
    )


def _total_rows(table: RawTable, plan: Plan, entity_cells: pa.Array, formats: IndicatorFormats) -> list[int]:
    """Rows of a wide table labelled as totals (left out, and said so in plan.left_out)."""
    if plan.layout != "wide":
        return []
    labels = entity_cells.to_pylist()
    totals = [i for i, label in enumerate(labels) if label and formats.is_total(label)]
    lines = table.line_of(np.array(totals, dtype=np.int64)).tolist() if totals else []
    plan.left_out += [
        f"line {line}: {labels[i]} (a sum of the rows above)" for line, i in zip(lines, totals, strict=True)
    ]
    return totals


def _joined(parts: list[Any]) -> pa.Array | pa.ChunkedArray:
    if len(parts) == 1:
        return parts[0]
    if isinstance(parts[0], pa.ChunkedArray):  # value cells: chained, not copied
        return pa.chunked_array([chunk for part in parts for chunk in part.chunks], parts[0].type)
    return pa.concat_arrays(parts)


def _stacked(parts: list[Any]) -> np.ndarray:
    return parts[0] if len(parts) == 1 else np.concatenate(parts)


def _is_generic(header: str, formats: IndicatorFormats) -> bool:
    """A value header that names no indicator ('value', 'obs_value'): the indicator comes from elsewhere."""
    return not header or formats.role_for(header) == "value"


def make_plan(table: RawTable, formats: IndicatorFormats, corrections: dict[str, str]) -> Plan:
    """Roles, layout, and the notes about what is left out."""
    columns = detect_roles(table, formats, corrections)
    layout = choose_layout(table, columns)
    left_out = list(table.left_out)
    left_out += [
        f"column {c.index + 1} {c.header!r} (a sum of the others)" for c in columns if c.role == "total"
    ]
    left_out += [
        f"column {c.index + 1} (no header and no values)" for c in columns if c.empty and c.role == "ignore"
    ]
    sources: list[str] = []
    for c in columns:
        if c.role == "source":
            sources += sorted({v.strip() for v in table.columns[c.index].unique().to_pylist() if v.strip()})
    return Plan(layout, columns, left_out, sources)


def default_indicator(table: RawTable, plan: Plan, formats: IndicatorFormats) -> str:
    """Name for a single series when the file names none: the export's title line, else the file name."""
    if plan.layout == "wide" and table.title:
        return table.title
    values = plan.of("value")
    if len(values) == 1 and not _is_generic(values[0].header, formats):
        return values[0].header
    return PurePath(table.filename).stem.replace("_", " ")


def drop_blank_rows(table: RawTable, obs: Observations) -> Observations:
    """Leave out rows whose every cell is empty (spreadsheets pad exports with them)."""
    if obs.numbers is not None:
        return obs  # every value cell is a number, so no row is blank
    candidates = np.flatnonzero(pc.equal(obs.value, "").to_numpy(zero_copy_only=False))
    if not len(candidates):
        return obs
    rows = pa.array(np.unique(obs.rows[candidates]))
    blank = np.ones(len(rows), dtype=bool)
    for column in table.columns:
        blank &= pc.equal(_trim(column.take(rows)), "").to_numpy(zero_copy_only=False)
    blank_rows = rows.to_numpy()[blank]
    if not len(blank_rows):
        return obs
    keep = np.logical_not(np.isin(obs.rows, blank_rows))
    mask = pa.array(keep)
    return Observations(
        rows=obs.rows[keep],
        cols=obs.cols[keep],
        period_cols=obs.period_cols[keep],
        indicator=obs.indicator.filter(mask),
        entity=obs.entity.filter(mask),
        unit=obs.unit.filter(mask),
        period=obs.period.filter(mask),
        value=obs.value.filter(mask),
    )
