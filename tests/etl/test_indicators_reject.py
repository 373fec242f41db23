"""Every class of bad input is rejected with a message a person can act on, and nothing is stored."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from etl.errors import InvalidData
from etl.indicators.ingest import preview_indicator_bytes, store_indicator_file
from etl.store import indicator_points, indicator_uploads

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "indicators"


@pytest.mark.parametrize(
    ("name", "located", "expected"),
    [
        ("bad_value.csv", "bad_value.csv:4:3: 'abc'", "expected a number"),
        (
            "bad_value_after_quoted_newline.csv",
            "bad_value_after_quoted_newline.csv:5:3: 'oops'",
            "expected a number",
        ),
        ("bad_date.csv", "bad_date.csv:3:1: '2024-13-45'", "expected a date"),
        ("duplicates.csv", "duplicates.csv:4:1: '2024-01-01'", "line 2 has the same"),
        ("ragged.csv", "ragged.csv:3:4: 'surplus'", "expected 3 cells"),
        ("ambiguous_dates.csv", "ambiguous_dates.csv:2:1: '03/04/2024'", "day/month order"),
        ("ambiguous_number.csv", "ambiguous_number.csv:2:3: '1,234'", "decimal separator is clear"),
        ("mixed_granularity.csv", "mixed_granularity.csv:3:1: '2024-02'", "same kind of period"),
        ("empty_indicator.csv", "empty_indicator.csv:3:3: ''", "expected an indicator name"),
    ],
)
def test_cell_problems_name_file_line_column_value_and_expectation(
    engine: Engine, name: str, located: str, expected: str
) -> None:
    with pytest.raises(InvalidData) as caught:
        store_indicator_file(engine, FIXTURES / name, "cli")
    problems = caught.value.problems
    assert any(p.startswith(located) and expected in p for p in problems), problems
    assert "nothing stored" in str(caught.value)
    with engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(indicator_uploads)).scalar() == 0
        assert conn.execute(sa.select(sa.func.count()).select_from(indicator_points)).scalar() == 0


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("lookup_table.csv", "not a time series: no column holds dates"),
        ("sanctions_list.csv", "not a time series: no column holds numbers"),
        ("free_text.csv", "not a time series"),
        ("empty.csv", "empty"),
    ],
)
def test_files_that_are_not_time_series_are_rejected_saying_so(
    engine: Engine, name: str, reason: str
) -> None:
    with pytest.raises(InvalidData, match=reason):
        store_indicator_file(engine, FIXTURES / name, "cli")


def test_a_binary_file_is_not_read_as_text() -> None:
    p = preview_indicator_bytes(b"PK\x03\x04\x00\x00binary\x00", "book.xlsx")
    assert not p.ok and "not a text CSV file" in p.message


def test_many_bad_cells_are_listed_up_to_a_limit_with_a_count_of_the_rest() -> None:
    rows = "".join(f"2024-01-{d:02d},x,bad\n" for d in range(1, 29)) + "".join(
        f"2024-02-{d:02d},x,bad\n" for d in range(1, 29)
    )
    p = preview_indicator_bytes(("date,indicator,value\n" + rows).encode(), "many.csv")
    assert len(p.problems) == 51 and p.problems[-1] == "… and 6 more"
    assert p.problems[0].startswith("many.csv:2:3: 'bad'")


def test_a_missing_file_is_reported_not_raised(engine: Engine, tmp_path: Path) -> None:
    with pytest.raises(InvalidData, match="cannot read the file"):
        store_indicator_file(engine, tmp_path / "absent.csv", "cli")


def test_a_ragged_row_is_listed_with_every_other_problem_in_line_order(engine: Engine) -> None:
    with pytest.raises(InvalidData) as caught:
        store_indicator_file(engine, FIXTURES / "ragged_and_bad_cells.csv", "cli")
    assert str(caught.value) == "ragged_and_bad_cells.csv: 4 problems, nothing stored"
    assert [p.split(": ", 1)[0].split(":", 1)[1] for p in caught.value.problems] == [
        "3:4",
        "4:3",
        "5:1",
        "6:3",
    ]


def test_the_command_line_is_told_which_options_answer_a_question(engine: Engine) -> None:
    with pytest.raises(InvalidData) as caught:
        store_indicator_file(engine, FIXTURES / "ambiguous_dates.csv", "cli")
    assert caught.value.problems[-1].endswith("Say which with --day-first or --month-first.")
    preview = preview_indicator_bytes((FIXTURES / "ambiguous_dates.csv").read_bytes(), "ambiguous_dates.csv")
    assert not any("--" in p for p in preview.problems)  # the dashboard asks in words instead


def test_empty_series_and_a_wide_export_s_empty_years_are_left_out_and_said_so() -> None:
    name = "worldbank_wide_60_years.csv"
    preview = preview_indicator_bytes((FIXTURES / name).read_bytes(), name)
    assert preview.ok
    assert [(s.entity, s.first, s.last, s.points, s.gaps) for s in preview.series] == [
        ("Arcadia (test)", "1965", "2024", 60, 0),
        ("Borduria (test)", "1985", "2024", 40, 0),
        ("Carpania (test)", "2010", "2024", 15, 0),
    ]
    assert "Military expenditure · Syldavia (test) (% of GDP): no value in any period" in preview.left_out
    assert "column 65 (no header and no values)" in preview.left_out
    assert "65 empty periods before a series' first value or after its last" in preview.left_out
