"""Fuzzing front matter and CSV bytes: a one-line error or success, never a traceback, the store
unchanged on error. A bounded number of examples keeps it quick."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.engine import Engine

from etl import store
from etl.errors import MonitorError
from etl.indicators.ingest import store_indicator_bytes
from etl.sources import DocumentError, SourceFile, parse

BODY = b"\n---\nPyongyang shipped shells to Moscow.\n"
YAML_PIECES = st.sampled_from(
    [
        b"title: ",
        b"published: ",
        b"kind: ",
        b"&a ",
        b"*a",
        b"[",
        b"]",
        b"{",
        b"}",
        b"- ",
        b"\n",
        b"  ",
        b"2024-03-01",
        b"'",
        b'"',
        b"\x00",
        b"\xef\xbb\xbf",
        b"\xff",
        b":",
        b"!!python/object ",
        b"x",
    ]
)
FRONT_MATTER = st.one_of(st.binary(max_size=200), st.lists(YAML_PIECES, max_size=40).map(b"".join))
CSV_PIECES = st.sampled_from(
    [
        b"date",
        b"value",
        b"indicator",
        b",",
        b";",
        b"\t",
        b"\n",
        b"\r\n",
        b'"',
        b"2024-01-01",
        b"2024-13",
        b"1,5",
        b"1.5",
        b"NA",
        b"\x00",
        b"\xef\xbb\xbf",
        b"\xe9",
        b"x" * 20,
        b"-",
        b"=SUM(1)",
    ]
)
CSV = st.one_of(st.binary(max_size=300), st.lists(CSV_PIECES, max_size=60).map(b"".join))


@settings(max_examples=150, deadline=None)
@given(front_matter=FRONT_MATTER)
def test_front_matter_bytes_parse_or_give_a_one_line_reason(front_matter: bytes) -> None:
    raw = b"---\n" + front_matter + BODY
    source = SourceFile("fuzz", Path("fuzz.md"), "0" * 64, raw)
    try:
        document = parse(source, Path("."))
    except DocumentError as exc:
        assert str(exc) and "\n" not in str(exc)
    else:
        assert document.text and "\x00" not in document.text


def _counts(engine: Engine) -> tuple[int, ...]:
    with engine.connect() as conn:
        return tuple(
            conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()
            for table in (store.indicator_uploads, store.indicator_series, store.indicator_points)
        )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=CSV)
def test_csv_bytes_store_or_give_a_one_line_error_and_store_nothing(engine: Engine, data: bytes) -> None:
    before = _counts(engine)
    try:
        store_indicator_bytes(engine, data, "fuzz.csv", "cli")
    except MonitorError as exc:
        assert str(exc) and "\n" not in str(exc)
        assert _counts(engine) == before
