"""A few value cells of an indicator CSV as written and as read, for the user to check the reading."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from etl.indicators.layout import Observations
from etl.indicators.parse import RawTable
from etl.indicators.values import GRANULARITIES, period_to_iso

SAMPLE_SIZE = 6


@dataclass(frozen=True)
class ValueSample:
    """One value cell as written in the file and as read."""

    line: int
    column: str
    period_text: str
    period: str
    value_text: str
    value: float


def sample_cells(
    table: RawTable,
    obs: Observations,
    numbers: pa.Array,
    days: np.ndarray,
    granularity: np.ndarray,
    dated: np.ndarray,
) -> list[ValueSample]:
    """A few value cells as written and as read, spread over the file. Cells holding a separator come
    first: they show how a decimal comma or a thousands separator was understood."""
    finite = pc.fill_null(pc.is_finite(numbers), False).to_numpy(zero_copy_only=False)
    candidates = np.flatnonzero(np.logical_and(finite, dated))[:20_000]
    if not len(candidates):
        return []
    texts = obs.value.take(pa.array(candidates))
    separated = pc.fill_null(pc.match_substring_regex(texts, "[.,' \u00a0\u202f]\\d"), False)
    with_separator = candidates[np.asarray(separated.to_numpy(zero_copy_only=False), dtype=bool)]
    pool = with_separator if len(with_separator) >= SAMPLE_SIZE else candidates
    picked = pool[np.unique(np.linspace(0, len(pool) - 1, min(SAMPLE_SIZE, len(pool))).astype(np.int64))]
    picked = picked[np.lexsort((obs.cols[picked], obs.rows[picked]))]  # in file order: by line, then column
    chosen = pa.array(picked)
    lines = table.line_of(obs.rows[picked]).tolist()
    period_texts = obs.period.take(chosen).to_pylist()
    value_texts = obs.value.take(chosen).to_pylist()
    values = numbers.take(chosen).to_pylist()
    return [
        ValueSample(
            line,
            table.headers[int(col)] or f"column {int(col) + 1}",
            str(period_text),
            period_to_iso(int(days[i]), GRANULARITIES[int(granularity[i])]),
            str(value_text).strip(),
            float(value),
        )
        for line, col, i, period_text, value_text, value in zip(
            lines, obs.cols[picked], picked.tolist(), period_texts, value_texts, values, strict=True
        )
    ]
