"""Indicator CSV uploads: what a file was understood to be (a preview), and storing it as a new version.

The stages live in their own modules: indicator_parse (bytes -> string table), indicator_layout
(roles, layout, reshaping), indicator_validate (typed, checked points) and indicator_load (versioned
storage). This module is the public face the CLI, the dashboard and the inbox call.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow as pa
from sqlalchemy.engine import Engine

from etl.errors import InvalidData
from etl.indicators.formats import indicator_formats
from etl.indicators.layout import ColumnRole, default_indicator, drop_blank_rows, make_plan, reshape
from etl.indicators.load import (
    UnknownUpload,
    UploadResult,
    activate_upload,
    duplicate_of,
    list_series,
    store_validated,
    upload_history,
)
from etl.indicators.parse import read_table, refuse_non_table
from etl.indicators.sample import ValueSample
from etl.indicators.validate import MAX_PROBLEMS, SeriesSummary, Validated, leave_out_empty, validate
from etl.indicators.values import parse_numbers

VIA = ("dashboard", "cli", "inbox")
# The options that answer a preview's questions on the command line (the dashboard asks in words).
CLI_ANSWERS = {"day_first": "--day-first or --month-first", "decimal": "--decimal-comma or --decimal-point"}

__all__ = [
    "IndicatorOptions",
    "Preview",
    "UnknownUpload",
    "UploadResult",
    "activate_upload",
    "list_series",
    "preview_indicator_bytes",
    "store_indicator_bytes",
    "store_indicator_file",
    "store_preview",
    "upload_history",
]


@dataclass(frozen=True)
class IndicatorOptions:
    """Corrections a user may give; None means "as detected"."""

    roles: Mapping[str, str] = field(default_factory=dict)  # column header (or 1-based number) -> role
    indicator: str | None = None  # name of the file's single indicator
    unit: str | None = None
    entity: str | None = None  # entity of every row when the file has no entity column
    day_first: bool | None = None
    decimal: str | None = None  # "comma" or "point"
    header_line: int | None = None  # 1-based line of the header when the detected one is wrong


@dataclass
class Preview:
    """What the uploader understood of a file, and whether it can be stored."""

    filename: str
    sha256: str
    encoding: str = ""
    delimiter: str = ""
    header_line: int = 0
    layout: str = ""
    columns: list[ColumnRole] = field(default_factory=list)
    series: list[SeriesSummary] = field(default_factory=list)
    rows: int = 0
    points: int = 0
    gaps: int = 0
    left_out: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    questions: dict[str, str] = field(default_factory=dict)
    examples: dict[str, str] = field(default_factory=dict)  # question -> a cell that raises it
    decimal: str = ""  # the decimal separator the numbers were read with ("point" or "comma")
    sample: list[ValueSample] = field(default_factory=list)
    message: str = ""  # the one-line reason when the file is rejected
    duplicate_of: int | None = None
    _validated: Validated | None = None

    @property
    def ok(self) -> bool:
        return not self.message and not self.problems

    @property
    def awaits_answers(self) -> bool:
        """Whether the only thing keeping the file out is a question the user has not answered yet."""
        return bool(self.questions) and len(self.problems) == len(self.questions)

    @property
    def first(self) -> str:
        return min((s.first for s in self.series), default="")

    @property
    def last(self) -> str:
        return max((s.last for s in self.series), default="")

    @property
    def granularities(self) -> list[str]:
        return sorted({s.granularity for s in self.series})

    def as_dict(self) -> dict[str, Any]:
        return {
            "filename": self.filename,
            "ok": self.ok,
            "message": self.message,
            "encoding": self.encoding,
            "delimiter": self.delimiter,
            "header_line": self.header_line,
            "layout": self.layout,
            "columns": [{"header": c.header, "role": c.role, "detected": c.detected} for c in self.columns],
            "series": [s.__dict__ for s in self.series],
            "rows": self.rows,
            "points": self.points,
            "gaps": self.gaps,
            "first": self.first,
            "last": self.last,
            "granularities": self.granularities,
            "left_out": self.left_out,
            "problems": self.problems,
            "questions": self.questions,
            "decimal": self.decimal,
            "sample": [c.__dict__ for c in self.sample],
            "duplicate_of": self.duplicate_of,
        }


def preview_indicator_bytes(
    data: bytes, filename: str, options: IndicatorOptions | None = None, *, sha256: str | None = None
) -> Preview:
    """Read, lay out and validate a file without storing anything; problems are in the preview.

    Every problem of the file is listed, in line order: a row with too many or too few cells is one of
    them, and the other rows are still checked. sha256 is the digest of data when the caller has it.
    """
    options = options or IndicatorOptions()
    formats = indicator_formats()
    preview = Preview(filename=filename, sha256=sha256 or hashlib.sha256(data).hexdigest())
    try:
        table = read_table(data, filename, options.header_line, preview.sha256)
        preview.encoding, preview.delimiter = table.encoding, table.dialect.label
        preview.header_line, preview.rows = table.header_line, table.rows
        refuse_non_table(table)
        plan = make_plan(table, formats, dict(options.roles))
        preview.layout, preview.columns, preview.sources = plan.layout, plan.columns, plan.sources
        name = default_indicator(table, plan, formats)
        obs = drop_blank_rows(table, reshape(table, plan, name, formats, entity=options.entity or ""))
        preview.left_out = plan.left_out
        checked = validate(
            table,
            obs,
            formats,
            day_first=options.day_first,
            decimal=options.decimal,
            indicator=options.indicator,
            unit=options.unit,
        )
    except InvalidData as exc:
        preview.message, preview.problems = str(exc), exc.problems
        return preview
    preview.questions, preview.examples = checked.questions, checked.examples
    # While the decimal separator is in question, no reading of the numbers can be shown as the one.
    preview.decimal = "" if "decimal" in checked.questions else checked.decimal
    preview.sample = [] if "decimal" in checked.questions else checked.sample
    if not checked.problems:
        preview.left_out += leave_out_empty(checked, trim_ends=plan.layout == "wide")
        if not checked.series:
            checked.problems = [
                f"{filename}: no value in any cell below the header (line {table.header_line})"
            ]
    preview.problems, count = _in_line_order(filename, table.problems + checked.problems)
    if preview.problems:
        preview.message = f"{filename}: {count:,} problem{'s' * (count != 1)}, nothing stored"
        return preview
    preview.series, preview._validated = checked.summaries, checked
    preview.points = len(checked.days)
    preview.gaps = sum(s.gaps for s in checked.summaries)
    return preview


def _in_line_order(filename: str, problems: list[str]) -> tuple[list[str], int]:
    """The problems found while reading and while checking, as one list in file order (those naming no
    line first), at most MAX_PROBLEMS of them; and how many there are in all."""
    hidden, located = 0, []
    for problem in problems:
        more = re.fullmatch(r"… and (\d+) more", problem)
        if more:
            hidden += int(more.group(1))
        else:
            located.append(problem)

    def position(problem: str) -> tuple[int, int]:
        found = (
            re.match(r"(\d+):(\d+):", problem[len(filename) + 1 :]) if problem.startswith(filename) else None
        )
        return (int(found.group(1)), int(found.group(2))) if found else (0, 0)

    located.sort(key=position)
    total = len(located) + hidden
    shown = located[:MAX_PROBLEMS]
    return shown + ([f"… and {total - len(shown):,} more"] if total > len(shown) else []), total


def question_choices(preview: Preview) -> dict[str, dict[str, str]]:
    """For each question the preview asks, its answers (option value -> words), with the file's own
    example: 'Is 03/04/2024 3 April 2024 or 4 March 2024?'."""
    choices: dict[str, dict[str, str]] = {}
    example = preview.examples.get("day_first")
    if "day_first" in preview.questions:
        found = re.fullmatch(r"(\d+)/(\d+)/(\d{4})", example or "")
        if found:
            a, b, y = (int(g) for g in found.groups())
            day_first, month_first = date(y, b, a), date(y, a, b)
            choices["day_first"] = {
                "day": f"{day_first.day} {day_first:%B %Y} (day first)",
                "month": f"{month_first.day} {month_first:%B %Y} (month first)",
            }
        else:
            choices["day_first"] = {"day": "Day first (31/12/2024)", "month": "Month first (12/31/2024)"}
    if "decimal" in preview.questions:
        cell = preview.examples.get("decimal") or "1,5"
        read = {
            kind: parse_numbers(pa.array([cell]), kind, ",").values[0].as_py() for kind in ("comma", "point")
        }
        choices["decimal"] = {
            kind: f"{cell} is {value:.10g} (a decimal {kind})" if value is not None else f"A decimal {kind}"
            for kind, value in read.items()
        }
    return choices


def store_preview(engine: Engine, preview: Preview, via: str) -> UploadResult:
    """Store a previewed file as a new upload; raise InvalidData with its problems when it has any."""
    if via not in VIA:
        raise ValueError(f"via must be one of {VIA}")
    if not preview.ok or preview._validated is None:
        answers = [
            f"{preview.filename}: {question} Say which with {CLI_ANSWERS[key]}."
            for key, question in preview.questions.items()
            if key in CLI_ANSWERS
        ]
        raise InvalidData(
            preview.message or f"{preview.filename}: cannot be stored", preview.problems + answers
        )
    return store_validated(
        engine,
        preview._validated,
        filename=preview.filename,
        sha256=preview.sha256,
        via=via,
        layout=preview.layout,
        source="; ".join(preview.sources) or None,
    )


def store_indicator_bytes(
    engine: Engine, data: bytes, filename: str, via: str, options: IndicatorOptions | None = None
) -> UploadResult:
    """Validate and store one file's bytes, all or nothing; an identical earlier upload is returned as is."""
    sha256 = hashlib.sha256(data).hexdigest()
    earlier = duplicate_of(engine, sha256)
    if earlier is not None:
        return earlier
    return store_preview(engine, preview_indicator_bytes(data, filename, options, sha256=sha256), via)


def store_indicator_file(
    engine: Engine, path: Path, via: str, options: IndicatorOptions | None = None
) -> UploadResult:
    """Validate and store one CSV file (CLI and inbox); raises InvalidData listing its problems."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InvalidData(f"{path.name}: cannot read the file: {exc.strerror or exc}") from None
    return store_indicator_bytes(engine, data, path.name, via, options)
