"""Bytes of an uploaded CSV -> a table of string columns, with the file's encoding, dialect and header.

Encoding: strict UTF-8 (with or without BOM) first, then charset-normalizer among the fallbacks in
indicator_formats.yml, so a Windows-1252 export decodes correctly instead of with replacement characters.
Dialect: clevercsv's detector, which scores candidate dialects by how consistent and well-typed the
resulting table is; csv.Sniffer guesses from character frequencies and is often fooled by decimal commas.
Body: pyarrow's multi-threaded CSV reader, all columns as strings so that nothing is converted before we
have decided how. Line numbers for messages come from a slower pass with the csv module, run only when a
message needs them.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import charset_normalizer
import clevercsv
import numpy as np
import pyarrow as pa
import pyarrow.csv as pv

from etl.errors import InvalidData
from etl.indicators.formats import indicator_formats

DELIMITERS = [",", ";", "\t", "|"]
SAMPLE_CHARS = 16_384  # enough for the detector and for finding the header; more only costs time
HEADER_SEARCH_RECORDS = 60
# The header search reads more than SAMPLE_CHARS when rows are long (3,000 columns make 30 KB a row).
MAX_SAMPLE_BYTES = 16 * 1024 * 1024


@dataclass(frozen=True)
class Dialect:
    delimiter: str
    quotechar: str = '"'

    @property
    def label(self) -> str:
        return {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}[self.delimiter]


@dataclass
class RawTable:
    """The CSV as string columns plus what is needed to name lines and columns in messages."""

    filename: str
    sha256: str
    encoding: str
    dialect: Dialect
    header_line: int  # 1-based line of the header row in the file
    body_line: int  # 1-based line where the rows below the header start
    headers: list[str]
    columns: list[pa.ChunkedArray]  # as pyarrow read them: one chunk per block, never copied into one
    title: str | None  # first title line above the header, if any
    left_out: list[str] = field(default_factory=list)
    # Rows whose number of cells differs from the header's: reported with the file's other problems.
    problems: list[str] = field(default_factory=list)
    _body: memoryview | bytes = b""  # UTF-8 bytes of the rows below the header
    quoted: bool = True
    _lines: np.ndarray | None = None

    @property
    def rows(self) -> int:
        return len(self.columns[0]) if self.columns else 0

    @property
    def body_text(self) -> str:
        return bytes(self._body).decode("utf-8")

    def line_of(self, rows: np.ndarray) -> np.ndarray:
        """File line numbers (1-based) of the given row indices, quoted line breaks included."""
        if self._lines is None:
            self._lines = np.array([line for line, _ in self._records()], dtype=np.int64)
        lines: np.ndarray = self._lines[rows]
        return lines

    def _records(self) -> Iterator[tuple[int, list[str]]]:
        """(first line, cells) of every full-width data row, in the order pyarrow returns them."""
        reader = _reader(self.body_text, self.dialect)
        start = self.body_line
        for record in reader:
            line, start = start, reader.line_num + self.body_line
            if len(record) == len(self.headers):
                yield line, record


def _reader(text: str, dialect: Dialect) -> Any:  # csv's reader type is private
    # newline="" keeps CR, LF and CRLF line ends apart from quoted line breaks, as the csv module wants.
    return csv.reader(
        io.StringIO(text, newline=""),
        delimiter=dialect.delimiter,
        quotechar=dialect.quotechar,
        strict=False,
    )


def decode(data: bytes, filename: str) -> tuple[str, str]:
    """The file's text and the encoding it was read with; never substitutes replacement characters."""
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[len(codecs.BOM_UTF8) :].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as exc:
            raise InvalidData(
                f"{filename}: starts with a UTF-8 mark but byte {exc.start} is not UTF-8"
            ) from None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    best = charset_normalizer.from_bytes(
        data, cp_isolation=list(indicator_formats().fallback_encodings)
    ).best()
    if best is None:
        raise InvalidData(f"{filename}: cannot tell the file's text encoding; save it as UTF-8")
    return str(best), best.encoding


def sniff(sample: str) -> Dialect:
    """The delimiter and quoting of a CSV sample; a comma when nothing else fits."""
    try:
        found = clevercsv.Detector().detect(sample, delimiters=DELIMITERS)
    except Exception:  # the detector has no documented exceptions; any failure means "not sure"
        found = None
    if found is None or found.delimiter not in DELIMITERS:
        return Dialect(",")
    # The detector may propose any character as a quote or escape. Spreadsheets only ever quote with
    # these and escape a quote by doubling it (RFC 4180), so a backslash is always data ("\~" stays).
    quote = found.quotechar if found.quotechar in ('"', "'") else '"'
    return Dialect(found.delimiter, quote)


@dataclass
class _Record:
    line: int
    last_line: int
    cells: list[str]
    end: int  # character offset just after the record


def _sample_records(text: str, dialect: Dialect) -> list[_Record]:
    """The first records of the text with their line numbers and end offsets."""
    lines = io.StringIO(text, newline="")
    offset = 0

    def tracked() -> Iterator[str]:
        nonlocal offset
        for line in lines:
            offset += len(line)
            yield line

    reader = csv.reader(tracked(), delimiter=dialect.delimiter, quotechar=dialect.quotechar, strict=False)
    records: list[_Record] = []
    start = 1
    for cells in reader:
        line, start = start, reader.line_num + 1
        if cells:
            records.append(_Record(line, reader.line_num, cells, offset))
        if len(records) >= HEADER_SEARCH_RECORDS:
            break
    return records


def find_header(records: list[_Record], header_line: int | None) -> int:
    """Index of the header record: the first with the table's width and two or more named cells."""
    if not records:
        raise InvalidData("the file is empty")
    if header_line is not None:
        for i, record in enumerate(records):
            if record.line == header_line:
                return i
        raise InvalidData(f"line {header_line} is not a row near the top of the file")
    width = Counter(len(r.cells) for r in records).most_common(1)[0][0]
    for i, record in enumerate(records):
        named = sum(1 for cell in record.cells if cell.strip())
        if len(record.cells) == width and named >= min(2, width):
            return i
    return 0


def refuse_nul(data: bytes | str, filename: str) -> None:
    """Reject a file holding a NUL anywhere, naming its line and column: text never holds one."""
    raw = data if isinstance(data, bytes) else data.encode("utf-8")
    at = raw.find(b"\x00")
    if at < 0:
        return
    line, column = raw.count(b"\n", 0, at) + 1, at - raw.rfind(b"\n", 0, at)
    raise InvalidData(
        f"{filename}:{line}:{column}: a NUL byte; this is not a text CSV file "
        "(is it a spreadsheet? save it as CSV)"
    )


class _NotUtf8(Exception):
    """The bytes past the sample are not UTF-8 after all: decode the whole file and read again."""


def read_table(
    data: bytes, filename: str, header_line: int | None = None, sha256: str | None = None
) -> RawTable:
    """Decode, sniff and read a CSV upload into string columns, leaving title lines above the header out."""
    sha256 = sha256 or hashlib.sha256(data).hexdigest()
    if not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        refuse_nul(data, filename)  # once, over the whole file: no backend ever sees one
        bom = data.startswith(codecs.BOM_UTF8)
        try:  # UTF-8 is checked by pyarrow as it reads, so the file is not decoded twice
            return _read(
                memoryview(data)[3 if bom else 0 :],
                "utf-8-sig" if bom else "utf-8",
                filename,
                header_line,
                sha256,
            )
        except _NotUtf8:
            if bom:
                raise InvalidData(
                    f"{filename}: starts with a UTF-8 mark but is not UTF-8 throughout"
                ) from None
    text, encoding = decode(data, filename)
    refuse_nul(text, filename)
    return _read(memoryview(text.encode("utf-8")), encoding, filename, header_line, sha256)


def _whole_lines(text: str) -> str:
    return text[: max(text.rfind("\n"), text.rfind("\r")) + 1] or text


def _sample(body: memoryview) -> str:
    """The top of the file, in whole lines: enough lines to find the header, however wide the rows."""
    size = SAMPLE_CHARS
    while True:
        final = len(body) <= size
        try:
            sample = codecs.getincrementaldecoder("utf-8")().decode(body[:size], final=final)
        except UnicodeDecodeError:
            raise _NotUtf8() from None
        lines = max(sample.count("\n"), sample.count("\r"))
        if final or lines > HEADER_SEARCH_RECORDS or size >= MAX_SAMPLE_BYTES:
            return sample if final else _whole_lines(sample)
        size *= 4


def _read(body: memoryview, encoding: str, filename: str, header_line: int | None, sha256: str) -> RawTable:
    """Read UTF-8 bytes: sample, dialect, header, then the rows below the header with pyarrow."""
    sample = _sample(body)
    dialect = sniff(_whole_lines(sample[:SAMPLE_CHARS]) if len(sample) > SAMPLE_CHARS else sample)
    records = _sample_records(sample, dialect)
    try:
        h = find_header(records, header_line)
    except InvalidData as exc:
        raise InvalidData(f"{filename}: {exc}") from None
    header = records[h]
    titles = [", ".join(c.strip() for c in r.cells if c.strip()) for r in records[:h]]
    table = RawTable(
        filename=filename,
        sha256=sha256,
        encoding=encoding,
        dialect=dialect,
        header_line=header.line,
        body_line=header.last_line + 1,
        headers=[cell.strip() for cell in header.cells],
        columns=[],
        title=titles[0] if titles else None,
        left_out=[f"line {r.line}: {t}" for r, t in zip(records[:h], titles, strict=True)],
        _body=body[len(sample[: header.end].encode("utf-8")) :],
        quoted=dialect.quotechar.encode() in body.obj,  # type: ignore[operator]
    )
    table.columns = _read_body(table)
    return table


def _read_body(table: RawTable) -> list[pa.ChunkedArray]:
    names = [f"c{i}" for i in range(len(table.headers))]
    odd_rows: list[int] = []

    def on_invalid_row(row: pv.InvalidRow) -> str:
        odd_rows.append(row.actual_columns)
        return "skip"

    parse = pv.ParseOptions(
        delimiter=table.dialect.delimiter,
        quote_char=table.dialect.quotechar,
        escape_char=False,
        newlines_in_values=table.quoted,  # slower, so only when the file has quotes at all
        invalid_row_handler=on_invalid_row,
    )
    convert = pv.ConvertOptions(
        column_types={name: pa.string() for name in names},
        strings_can_be_null=False,
        quoted_strings_can_be_null=False,
    )
    try:
        arrow = pv.read_csv(
            pa.BufferReader(pa.py_buffer(table._body)),
            read_options=pv.ReadOptions(column_names=names),
            parse_options=parse,
            convert_options=convert,
        )
    except pa.ArrowInvalid as exc:
        if "UTF8" in str(exc) and table.encoding.startswith("utf-8"):
            raise _NotUtf8() from None
        raise InvalidData(f"{table.filename}: cannot read the rows below the header: {exc}") from None
    if odd_rows:
        _check_odd_rows(table)
    return [arrow.column(name) for name in names]


def _check_odd_rows(table: RawTable) -> None:
    """Rows with the wrong number of cells: empty ones and trailing notes are left out, the others are
    problems (pyarrow skipped them, so the rest of the file is still checked and every problem listed)."""
    width = len(table.headers)
    reader = _reader(table.body_text, table.dialect)
    start = table.body_line
    odd: list[tuple[int, list[str]]] = []
    last_full = 0
    for record in reader:
        line, start = start, reader.line_num + table.body_line
        if len(record) == width:
            last_full = line
        elif record and any(cell.strip() for cell in record):
            odd.append((line, record))
    problems = []
    for line, record in odd:
        named = [cell.strip() for cell in record if cell.strip()]
        if line > last_full and len(named) == 1:
            table.left_out.append(f"line {line}: {named[0]}")
        elif len(record) > width:
            problems.append(
                f"{table.filename}:{line}:{width + 1}: {record[width]!r} — expected {width} cells like "
                f"the header, found {len(record)}"
            )
        else:
            problems.append(
                f"{table.filename}:{line}:{len(record) + 1}: nothing — expected {width} cells like "
                f"the header, found {len(record)}"
            )
    table.problems = problems


def refuse_non_table(table: RawTable) -> None:
    """A file with more rows unlike the header than like it is no table at all: refuse it as a whole."""
    if not table.problems:
        return
    full = sum(1 for _ in table._records())
    if len(table.problems) > full:
        raise InvalidData(
            f"{table.filename}: not a time series: not even a table "
            "(its rows have differing numbers of cells)",
            table.problems[:20],
        )
