"""Observations -> typed, checked series points, or the list of problems that keeps the file out.

Everything is vectorised over the observations (pyarrow compute and numpy); per-string Python work is
done once per distinct period string. Problems name the file, line, column, value and what was expected.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from etl.indicators.formats import IndicatorFormats
from etl.indicators.layout import Observations
from etl.indicators.parse import RawTable
from etl.indicators.sample import ValueSample, sample_cells
from etl.indicators.units import with_header_unit
from etl.indicators.values import GRANULARITIES, parse_numbers, parse_period_strings, period_to_iso

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
    examples: dict[str, str] = field(default_factory=dict)  # option name -> a cell that raises the question
    decimal: str = "point"  # the decimal separator the numbers were read with
    sample: list[ValueSample] = field(default_factory=list)


class _Problems:
    """Cell problems gathered as arrays; only the first few are turned into lines and messages."""

    def __init__(self, table: RawTable, obs: Observations) -> None:
        self.table, self.obs = table, obs
        self.cells: list[tuple[np.ndarray, np.ndarray, list[str], str]] = []
        self.general: list[str] = []
        self.total = 0

    def at(self, where: np.ndarray, cols: np.ndarray, texts: pa.Array, expected: str) -> None:
        """Cells at observation indices `where` (in the given column per observation) are wrong."""
        if len(where):
            shown = where[:MAX_PROBLEMS]
            self.total += len(where)
            self.cells.append(
                (self.obs.rows[shown], cols[shown], texts.take(pa.array(shown)).to_pylist(), expected)
            )

    def count(self) -> int:
        return len(self.general) + self.total

    def messages(self) -> list[str]:
        found: list[tuple[int, int, str]] = []
        for rows, cols, texts, expected in self.cells:
            lines = self.table.line_of(rows)
            for line, col, text in zip(lines.tolist(), cols.tolist(), texts, strict=True):
                found.append(
                    (line, col, f"{self.table.filename}:{line}:{col + 1}: {text!r} — expected {expected}")
                )
        found.sort()
        listed = self.general + [message for *_, message in found]
        hidden = self.count() - len(listed)
        return listed[:MAX_PROBLEMS] + ([f"… and {hidden} more"] if hidden > 0 else [])


def _codes(array: pa.Array) -> tuple[np.ndarray, list[str]]:
    """Integer codes and the distinct strings they stand for, each string once and every one in use."""
    codes, distinct = _arrow_codes(array)
    return codes, distinct.to_pylist()


def _arrow_codes(array: pa.Array) -> tuple[np.ndarray, pa.Array]:
    """As _codes, with the distinct strings left as an arrow array (no Python string per value)."""
    if not isinstance(array, pa.DictionaryArray):
        encoded = pc.dictionary_encode(array)
        return encoded.indices.to_numpy(zero_copy_only=False).astype(np.int64), encoded.dictionary
    if len(array.dictionary) == 1:  # a constant (the file's single indicator, entity or unit)
        return np.zeros(len(array), dtype=np.int64), array.dictionary
    codes = array.indices.to_numpy(zero_copy_only=False).astype(np.int64)
    # A trimmed dictionary may name one text twice, or texts no row uses any more: encode it again.
    used = np.flatnonzero(np.bincount(codes, minlength=len(array.dictionary)))
    if len(used) == len(array.dictionary) and len(pc.unique(array.dictionary)) == len(used):
        return codes, array.dictionary
    again = pc.dictionary_encode(array.dictionary.take(pa.array(used)))
    remap = np.zeros(len(array.dictionary), dtype=np.int64)
    remap[used] = again.indices.to_numpy(zero_copy_only=False)
    return remap[codes], again.dictionary


def _dense(keys: np.ndarray, space: int) -> tuple[np.ndarray, np.ndarray]:
    """(distinct keys in order, index of each key among them); a lookup table when the key space is small."""
    if space <= 4_000_000:
        present = np.zeros(space, dtype=bool)
        present[keys] = True
        distinct = np.flatnonzero(present)
        position = np.cumsum(present) - 1
        return distinct, position[keys]
    distinct, index = np.unique(keys, return_inverse=True)
    return distinct, index


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
    problems = _Problems(table, obs)
    result = Validated()
    if len(obs.rows) == 0:
        result.problems = [f"{table.filename}: no rows of values below the header (line {table.header_line})"]
        return result
    numbers = _check_numbers(table, obs, formats, problems, result, decimal)
    days, granularity, dated = _check_periods(obs, formats, problems, result, day_first)
    result.sample = sample_cells(table, obs, numbers, days, granularity, dated)

    ind_codes, ind_names = _indicator_codes(table, obs, problems, indicator)
    ent_codes, ent_names = _codes(obs.entity)
    unit_codes, unit_names = _codes(obs.unit)
    if unit is not None:
        unit_names = [unit] * len(unit_names)

    pairs, series_idx = _dense(ind_codes * len(ent_names) + ent_codes, len(ind_names) * len(ent_names))
    kept = np.flatnonzero(dated)  # undated rows are already reported; check the others among themselves
    everything = len(kept) == len(dated)

    def dated_only(values: np.ndarray) -> np.ndarray:
        return values if everything else values[kept]

    for kind, cols, texts, expected in (
        (
            granularity,
            obs.period_cols,
            obs.period,
            "the same kind of period as the series' other rows (a day, month, quarter or year)",
        ),
        (unit_codes, obs.cols, obs.unit, "the same unit as the series' other rows"),
    ):
        _check_one_kind(problems, dated_only(series_idx), dated_only(kind), kept, cols, texts, expected)
    order = _check_duplicates(problems, obs, series_idx, days, kept)
    if problems.count():
        result.problems = problems.messages()
        return result

    first_row = np.zeros(len(pairs), dtype=np.int64)
    first_row[series_idx[::-1]] = np.arange(len(series_idx))[::-1]  # the first row of each series
    for p, row in zip(pairs.tolist(), first_row.tolist(), strict=True):
        i, e = divmod(p, len(ent_names))
        name, series_unit = with_header_unit(ind_names[i], unit_names[unit_codes[row]], formats.is_unit)
        result.series.append(SeriesKey(name, ent_names[e], series_unit, GRANULARITIES[granularity[row]]))
    values = np.asarray(numbers.to_numpy(zero_copy_only=False), dtype=np.float64)  # nulls become NaN
    if order is not None:
        series_idx, days, values = series_idx[order], days[order], values[order]
    result.series_idx, result.days, result.values = series_idx, days, values
    result.summaries = _summaries(result)
    return result


def _indicator_codes(
    table: RawTable, obs: Observations, problems: _Problems, indicator: str | None
) -> tuple[np.ndarray, list[str]]:
    """Indicator codes and names; a blank name is a problem, and a given name replaces the file's one."""
    ind_codes, ind_names = _codes(obs.indicator)
    if "" in ind_names:
        problems.at(
            np.flatnonzero(ind_codes == ind_names.index("")), obs.cols, obs.indicator, "an indicator name"
        )
    if indicator:
        if len(ind_names) > 1:
            problems.general.append(
                f"{table.filename}: holds {len(ind_names)} indicators; "
                "a new indicator name applies to one only"
            )
        ind_names = [indicator] * len(ind_names)
    return ind_codes, ind_names


def _check_numbers(
    table: RawTable,
    obs: Observations,
    formats: IndicatorFormats,
    problems: _Problems,
    result: Validated,
    decimal: str | None,
) -> pa.Array:
    """Values as float64 (null for gaps); missing tokens are gaps, anything else must be a number."""
    tokens = pa.array(sorted(formats.missing_tokens))
    if obs.numbers is not None and decimal is None and table.dialect.delimiter != ";":
        return _plain_numbers(obs, obs.numbers, tokens, problems)
    missing = pc.is_in(pc.utf8_upper(obs.value), value_set=tokens)
    numbers = parse_numbers(
        pc.if_else(missing, pa.scalar(None, pa.string()), obs.value), decimal, table.dialect.delimiter
    )
    if numbers.problem:
        result.questions["decimal"] = (
            f"{numbers.problem}; does the file use a decimal comma or a decimal point?"
        )
        result.examples["decimal"] = numbers.example or ""
        first = np.flatnonzero(pc.equal(obs.value, numbers.example or "").to_numpy(zero_copy_only=False))[:1]
        problems.at(
            first,
            obs.cols,
            obs.value,
            f"a number whose decimal separator is clear: {numbers.problem}",
        )
    else:
        problems.at(np.flatnonzero(numbers.invalid), obs.cols, obs.value, "a number or an empty cell")
    result.decimal = numbers.convention
    return numbers.values


def _plain_numbers(obs: Observations, numbers: pa.Array, tokens: pa.Array, problems: _Problems) -> pa.Array:
    """Cells that all converted as plain numbers: only the NaN and infinite ones need a second look."""
    odd = np.flatnonzero(np.logical_not(pc.is_finite(numbers).to_numpy(zero_copy_only=False)))
    if len(odd):
        texts = obs.value.take(pa.array(odd))
        gap = pc.is_in(pc.utf8_upper(texts), value_set=tokens).to_numpy(zero_copy_only=False)
        problems.at(odd[np.logical_not(gap)], obs.cols, obs.value, "a number or an empty cell")
    return numbers  # a missing token that converted ("NaN") is NaN, which is how gaps are kept


def _check_periods(
    obs: Observations,
    formats: IndicatorFormats,
    problems: _Problems,
    result: Validated,
    day_first: bool | None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Period start (days since 1970-01-01), granularity code and a 'dated' mask per observation."""
    period_codes, period_texts = _arrow_codes(obs.period)
    parsed = parse_period_strings(period_texts, formats, day_first)
    unknown = parsed.granularity < 0
    unordered = np.logical_and(np.logical_not(parsed.dated), parsed.granularity >= 0)
    text = obs.period
    problems.at(np.flatnonzero(unknown[period_codes]), obs.period_cols, text, PERIOD_EXPECTED)
    if parsed.order_problem:
        result.questions["day_first"] = f"{parsed.order_problem}; are dates day-first or month-first?"
        if parsed.order_example:
            result.examples["day_first"] = parsed.order_example
        problems.at(
            np.flatnonzero(unordered[period_codes])[:1],
            obs.period_cols,
            text,
            f"a date whose day/month order is known: {parsed.order_problem}",
        )
    days = parsed.days[period_codes]
    gran = np.maximum(parsed.granularity, 0)[period_codes]
    dated = parsed.dated[period_codes]
    return days, gran, dated


def _check_one_kind(
    problems: _Problems,
    series: np.ndarray,
    kind: np.ndarray,
    where: np.ndarray,
    cols: np.ndarray,
    texts: pa.Array,
    expected: str,
) -> None:
    """Every row of a series has the same kind (granularity, unit); report rows unlike the first."""
    if not len(series) or kind.min() == kind.max():
        return
    first = np.full(int(series.max()) + 1, -1, dtype=np.int64)
    first[series[::-1]] = kind[::-1]
    differs = np.flatnonzero(kind != first[series])
    problems.at(where[differs], cols, texts, expected)


def _check_duplicates(
    problems: _Problems, obs: Observations, series: np.ndarray, days: np.ndarray, kept: np.ndarray
) -> np.ndarray | None:
    """Each (indicator, entity, period) once; return the order that sorts points by series and period."""
    if not len(days):
        return None
    low = int(days.min())
    key = series * (int(days.max()) - low + 1)
    key += days - low
    if len(kept) == len(key) and bool(np.all(key[1:] > key[:-1])):
        return None  # already in order and therefore without repeats: the common case, at no sorting cost
    subset = key[kept]
    order = kept[np.argsort(subset, kind="stable")]
    ordered = key[order]
    repeats = np.flatnonzero(ordered[1:] == ordered[:-1]) + 1
    if len(repeats):
        group_start = np.maximum.accumulate(
            np.where(np.r_[True, ordered[1:] != ordered[:-1]], np.arange(len(ordered)), 0)
        )
        for position in repeats[:MAX_PROBLEMS].tolist():
            earlier = problems.table.line_of(
                obs.rows[order[group_start[position]] : order[group_start[position]] + 1]
            )[0]
            problems.at(
                order[position : position + 1],
                obs.period_cols,
                obs.period,
                f"each indicator, entity and period once, but line {earlier} has the same",
            )
        problems.total += max(0, len(repeats) - MAX_PROBLEMS)
    return np.argsort(key, kind="stable")


def _summaries(v: Validated) -> list[SeriesSummary]:
    if not len(v.series_idx):
        return []
    starts = np.flatnonzero(np.r_[True, v.series_idx[1:] != v.series_idx[:-1]])
    ends = np.r_[starts[1:], len(v.series_idx)]
    gaps = np.add.reduceat(np.isnan(v.values).astype(np.int64), starts)
    out = []
    for s, start, end, gap in zip(
        v.series_idx[starts].tolist(), starts.tolist(), ends.tolist(), gaps.tolist(), strict=True
    ):
        key = v.series[s]
        out.append(
            SeriesSummary(
                key.indicator,
                key.entity,
                key.unit,
                key.granularity,
                end - start,
                gap,
                period_to_iso(int(v.days[start]), key.granularity),
                period_to_iso(int(v.days[end - 1]), key.granularity),
            )
        )
    return out


def leave_out_empty(v: Validated, trim_ends: bool) -> list[str]:
    """Leave out series without a single value and, with trim_ends (wide exports have a column for every
    period, whether a series has a value there or not), the empty periods before a series' first value
    and after its last. Returns notes saying what was left out."""
    if not len(v.series_idx):
        return []
    valued = np.logical_not(np.isnan(v.values))
    position = np.arange(len(v.values))
    first = np.full(len(v.series), len(position), dtype=np.int64)
    last = np.full(len(v.series), -1, dtype=np.int64)
    # Points are ordered by series, then period: a series' first and last valued points bound its values.
    owner, where = v.series_idx[valued], position[valued]
    present, first_at = np.unique(owner, return_index=True)
    last_at = len(owner) - 1 - np.unique(owner[::-1], return_index=True)[1]
    first[present], last[present] = where[first_at], where[last_at]
    empty = last < 0
    if trim_ends:
        keep = np.logical_and(position >= first[v.series_idx], position <= last[v.series_idx])
    else:
        keep = np.logical_not(empty[v.series_idx])
    if keep.all():
        return []
    names = [_series_name(v.series[i]) for i in np.flatnonzero(empty).tolist()]
    notes = [f"{name}: no value in any period" for name in names[:10]]
    if len(names) > 10:
        notes.append(f"{len(names) - 10:,} more series with no value in any period")
    trimmed = int(np.logical_not(keep).sum()) - int(empty[v.series_idx].sum())
    if trimmed:
        notes.append(
            f"{trimmed:,} empty period{'s' * (trimmed != 1)} before a series' first value or after its last"
        )
    remap = np.cumsum(np.logical_not(empty)) - 1
    v.series = [key for key, none in zip(v.series, empty.tolist(), strict=True) if not none]
    v.series_idx, v.days, v.values = remap[v.series_idx[keep]], v.days[keep], v.values[keep]
    v.summaries = _summaries(v)
    return notes


def _series_name(key: SeriesKey) -> str:
    parts = " · ".join(p for p in (key.indicator, key.entity) if p)
    return parts + (f" ({key.unit})" if key.unit else "")
