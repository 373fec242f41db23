"""Observations -> typed, checked series points, or the list of problems that keeps the file out.

Everything is vectorised over the observations (pyarrow compute and numpy); per-string Python work is
done once per distinct period string. Problems name the file, line, column, value and what was expected.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from etl.indicator_layout import Observations
from etl.indicator_parse import RawTable
from etl.indicator_reference import IndicatorFormats
from etl.indicator_values import GRANULARITIES, parse_numbers, parse_period_strings, period_to_iso

MAX_PROBLEMS = 50
PERIOD_EXPECTED = "a date (2024-06-30), month (2024-06, Jun 2024), quarter (2024Q1, 2024-Q1) or year (2024)"


@dataclass(frozen=True)
class SeriesKey:
    indicator: str
    entity: str
    unit: str
    granularity: str


@dataclass(frozen=True)
class SeriesSummary:
    indicator: str
    entity: str
    unit: str
    granularity: str
    points: int
    gaps: int
    first: str
    last: str


@dataclass
class Validated:
    """Points ready to store: series index, period start (days since 1970-01-01), value (NaN = gap)."""

    series: list[SeriesKey] = field(default_factory=list)
    series_idx: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    days: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    values: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.float64))
    summaries: list[SeriesSummary] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    questions: dict[str, str] = field(default_factory=dict)  # option name -> what to ask the user


class _Problems:
    """Cell problems gathered as arrays; only the first few are turned into lines and messages."""

    def __init__(self, table: RawTable) -> None:
        self.table = table
        self.cells: list[tuple[np.ndarray, np.ndarray, list[str], str]] = []
        self.general: list[str] = []

    def cells_at(self, mask: np.ndarray, obs: Observations, cols: np.ndarray, texts: pa.Array, expected: str) -> None:
        where = np.flatnonzero(mask)
        if len(where):
            shown = where[:MAX_PROBLEMS]
            self.cells.append((obs.rows[where], cols[where], texts.take(pa.array(shown)).to_pylist(), expected))

    def count(self) -> int:
        return len(self.general) + sum(len(rows) for rows, *_ in self.cells)

    def messages(self) -> list[str]:
        found: list[tuple[int, int, str]] = []
        for rows, cols, texts, expected in self.cells:
            lines = self.table.line_of(rows[: len(texts)])
            for line, col, text in zip(lines, cols, texts, strict=False):
                found.append((int(line), int(col), f"{self.table.filename}:{line}:{col + 1}: {text!r} — expected {expected}"))
        found.sort()
        listed = self.general + [message for *_, message in found]
        hidden = self.count() - len(listed)
        return listed[:MAX_PROBLEMS] + ([f"… and {hidden} more"] if hidden > 0 else [])


def _codes(array: pa.Array) -> tuple[np.ndarray, list[str]]:
    """Integer codes and the distinct strings they stand for."""
    encoded = array if isinstance(array, pa.DictionaryArray) else pc.dictionary_encode(array)
    return encoded.indices.to_numpy(zero_copy_only=False).astype(np.int64), encoded.dictionary.to_pylist()


def validate(
    table: RawTable,
    obs: Observations,
    formats: IndicatorFormats,
    *,
    day_first: bool | None,
    decimal: str | None,
    indicator: str | None,
    unit: str | None,
) -> Validated:
    """Check and convert every observation; a file with any problem yields problems and no points."""
    problems = _Problems(table)
    result = Validated()
    tokens = pa.array(sorted(formats.missing_tokens))
    missing = pc.is_in(pc.utf8_upper(obs.value), value_set=tokens)
    numbers = parse_numbers(pc.if_else(missing, pa.scalar(None, pa.string()), obs.value), decimal, table.dialect.delimiter)
    if numbers.problem:
        result.questions["decimal"] = f"{numbers.problem}; say whether the file uses a decimal comma or point"
        problems.general.append(f"{table.filename}: {result.questions['decimal']} (--decimal-comma or --decimal-point)")
    problems.cells_at(numbers.invalid, obs, obs.cols, obs.value, "a number or an empty cell")

    period_codes, period_texts = _codes(obs.period)
    parsed = parse_period_strings(period_texts, formats, day_first)
    if parsed.order_problem:
        result.questions["day_first"] = f"{parsed.order_problem}; say whether dates are day-first or month-first"
        problems.general.append(f"{table.filename}: {result.questions['day_first']} (--day-first or --month-first)")
    bad_period = np.array([d is None and g is None for d, g in zip(parsed.days, parsed.granularity, strict=True)])
    dated = np.array([d is not None for d in parsed.days], dtype=bool)[period_codes]
    problems.cells_at(bad_period[period_codes], obs, obs.period_cols, obs.period, PERIOD_EXPECTED)
    days = np.array([d if d is not None else 0 for d in parsed.days], dtype=np.int64)[period_codes]
    gran_of_text = np.array([GRANULARITIES.index(g) if g else 0 for g in parsed.granularity], dtype=np.int64)
    granularity = gran_of_text[period_codes]

    ind_codes, ind_names = _codes(obs.indicator)
    if "" in ind_names:
        empty_name = ind_codes == ind_names.index("")
        problems.cells_at(empty_name, obs, obs.cols, pc.cast(obs.indicator, pa.string()), "an indicator name")
    if indicator:
        if len(ind_names) > 1:
            problems.general.append(
                f"{table.filename}: holds {len(ind_names)} indicators; a new indicator name applies to one only"
            )
        ind_names = [indicator] * len(ind_names)
    ent_codes, ent_names = _codes(obs.entity)
    unit_codes, unit_names = _codes(obs.unit)
    if unit is not None:
        unit_names = [unit] * len(unit_names)

    pair = ind_codes * len(ent_names) + ent_codes
    rows = obs.rows
    if not dated.all():  # undated rows are already reported; check the others among themselves
        keep = np.flatnonzero(dated)
        rows, pair, days, granularity = rows[keep], pair[keep], days[keep], granularity[keep]
    _check_granularity(table, problems, pair, granularity, ind_names, ent_names)
    _check_duplicates(table, rows, problems, pair, days, granularity, ind_names, ent_names)
    if problems.count():
        result.problems = problems.messages()
        return result

    series_key = ((pair * len(unit_names)) + unit_codes) * len(GRANULARITIES) + granularity
    unique_keys, series_idx = np.unique(series_key, return_inverse=True)
    result.series = []
    for key in unique_keys.tolist():
        rest, g = divmod(key, len(GRANULARITIES))
        rest, u = divmod(rest, len(unit_names))
        i, e = divmod(rest, len(ent_names))
        result.series.append(SeriesKey(ind_names[i], ent_names[e], unit_names[u], GRANULARITIES[g]))
    values = numbers.values.to_numpy(zero_copy_only=False).astype(np.float64)  # nulls become NaN
    order = np.lexsort((days, series_idx))  # stored in key order: fast inserts, tidy summaries
    result.series_idx, result.days, result.values = series_idx[order], days[order], values[order]
    result.summaries = _summaries(result)
    return result


def _check_granularity(table: RawTable, problems: _Problems, pair: np.ndarray, granularity: np.ndarray,
                       ind_names: list[str], ent_names: list[str]) -> None:
    """One series, one granularity: 2024 and 2024-01 would otherwise both start on 1 January."""
    combos = np.unique(pair * len(GRANULARITIES) + granularity)
    pairs, counts = np.unique(combos // len(GRANULARITIES), return_counts=True)
    for p in pairs[counts > 1][:MAX_PROBLEMS].tolist():
        i, e = divmod(p, len(ent_names))
        kinds = sorted({GRANULARITIES[g] for g in np.unique(granularity[pair == p]).tolist()})
        problems.general.append(
            f"{table.filename}: indicator {ind_names[i]!r}{_entity_text(ent_names[e])} mixes "
            f"{' and '.join(kinds)} periods — expected one kind of period per series"
        )


def _check_duplicates(table: RawTable, rows: np.ndarray, problems: _Problems, pair: np.ndarray, days: np.ndarray,
                      granularity: np.ndarray, ind_names: list[str], ent_names: list[str]) -> None:
    """Each (indicator, entity, period) once per file; duplicates are listed with all their lines."""
    span = int(days.max() - days.min() + 1) if len(days) else 1
    key = pair * span + (days - (days.min() if len(days) else 0))
    order = np.argsort(key, kind="stable")
    ordered = key[order]
    repeated = np.flatnonzero(ordered[1:] == ordered[:-1])
    if not len(repeated):
        return
    groups: dict[int, list[int]] = {}
    for position in np.unique(np.concatenate([repeated, repeated + 1])).tolist():
        groups.setdefault(int(ordered[position]), []).append(int(order[position]))
    for members in list(groups.values())[:MAX_PROBLEMS]:
        lines = sorted({int(x) for x in table.line_of(rows[members])})
        first = members[0]
        i, e = divmod(int(pair[first]), len(ent_names))
        label = period_to_iso(int(days[first]), GRANULARITIES[int(granularity[first])])
        problems.general.append(
            f"{table.filename}: lines {', '.join(map(str, lines))}: indicator {ind_names[i]!r}"
            f"{_entity_text(ent_names[e])}, period {label} appears {len(members)} times — expected once"
        )


def _entity_text(entity: str) -> str:
    return f", entity {entity!r}" if entity else ""


def _summaries(v: Validated) -> list[SeriesSummary]:
    starts = np.flatnonzero(np.r_[True, v.series_idx[1:] != v.series_idx[:-1]]) if len(v.series_idx) else np.array([], dtype=np.int64)
    ends = np.r_[starts[1:], len(v.series_idx)]
    gaps = np.add.reduceat(np.isnan(v.values).astype(np.int64), starts) if len(starts) else []
    out = []
    for s, start, end, gap in zip(v.series_idx[starts].tolist(), starts.tolist(), ends.tolist(), list(gaps), strict=True):
        key = v.series[s]
        out.append(SeriesSummary(
            key.indicator, key.entity, key.unit, key.granularity, end - start, int(gap),
            period_to_iso(int(v.days[start]), key.granularity), period_to_iso(int(v.days[end - 1]), key.granularity),
        ))
    return out
