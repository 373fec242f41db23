"""The Indicators page's upload preview at scale, and its History tab's defaults."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy.engine import Engine
from streamlit.testing.v1 import AppTest

from etl.indicators.ingest import store_indicator_file
from etl.settings import PROJECT_ROOT
from tests.dashboard.conftest import texts
from tests.dashboard.test_indicators_page import metric, open_indicators, upload

FIXTURES = PROJECT_ROOT / "tests" / "fixtures" / "indicators"


@pytest.fixture
def some_upload(engine: Engine) -> Engine:
    store_indicator_file(engine, FIXTURES / "years.csv", "cli")  # the app needs some data to open
    return engine


def page_words(at: AppTest) -> str:
    """Every text a user reads on the page, widget labels and code blocks included."""
    labels = [w.label for kind in ("radio", "selectbox", "toggle", "text_input") for w in at.get(kind)]
    options = [str(o) for r in at.radio for o in r.options]
    words = "\n".join([texts(at), *labels, *options, *(c.value for c in at.code)])
    return re.sub(r"\\(.)", r"\1", words)  # as read: without the escapes that keep file text literal


def tables(at: AppTest) -> list[pd.DataFrame]:
    return [el.value for el in at.dataframe]


def test_a_wide_file_of_sixty_years_gets_one_period_control_and_says_what_it_left_out(
    some_upload: Engine,
) -> None:
    at = upload(open_indicators(), "worldbank_wide_60_years.csv")
    assert not at.exception
    assert metric(at, "Layout") == "wide" and metric(at, "Series found") == "3"
    [periods] = [t for t in at.toggle if t.label.startswith("Columns 1965")]
    assert periods.label == "Columns 1965 … 2024 (60) are periods, one value per row and period"
    # One control per other column: name, code, indicator name, indicator code; none for the empty one.
    roles = [s for s in at.selectbox if s.key.startswith("role_")]
    assert [s.label for s in roles] == ["Country Name", "Country Code", "Indicator Name", "Indicator Code"]
    words = page_words(at)
    assert "column 65 (no header and no values)" in words
    assert "Syldavia (test) (% of GDP): no value in any period" in words
    assert "Encoding utf-8 · comma-separated · header on line 4 · numbers with a decimal point" in words
    assert "?" not in next(c.value for c in at.caption if c.value.startswith("Encoding"))
    sample = next(t for t in tables(at) if "value_text" in t)
    assert len(sample) == 6 and sample["line"].between(5, 7).all()
    series = next(t for t in tables(at) if "points" in t)
    assert series.set_index("entity")["first"].to_dict() == {
        "Arcadia (test)": "1965",
        "Borduria (test)": "1985",  # the empty years before its first value are not points
        "Carpania (test)": "2010",
    }
    assert not at.button(key="store_upload").disabled

    periods.set_value(False)  # the one switch leaves all sixty out: no dates, so no time series
    at = at.run()
    assert at.button(key="store_upload").disabled
    assert any("not a time series" in e.value for e in at.error)
    [periods] = [t for t in at.toggle if t.label.startswith("Columns 1965")]  # still there to undo it
    periods.set_value(True)
    at = at.run()
    assert not at.button(key="store_upload").disabled


def test_the_sample_shows_how_decimal_commas_were_read(some_upload: Engine) -> None:
    at = upload(open_indicators(), "semicolon_decimal_comma.csv")
    assert "semicolon-separated" in page_words(at) and "numbers with a decimal comma" in page_words(at)
    sample = next(t for t in tables(at) if "value_text" in t)
    assert dict(zip(sample["value_text"], sample["value"], strict=True)) == {
        "1,5": "1.5",
        "1.234,25": "1234.25",
        "-2,75": "-2.75",
    }


def test_an_ambiguous_date_order_is_asked_in_words_without_command_line_options(
    some_upload: Engine,
) -> None:
    at = upload(open_indicators(), "ambiguous_dates.csv")
    assert at.button(key="store_upload").disabled
    [question] = at.radio
    assert question.label.startswith("How should dates like 03/04/2024 be read?")
    assert list(question.options) == ["3 April 2024 (day first)", "4 March 2024 (month first)"]
    assert "--" not in page_words(at)  # no option of the command line is named on the page
    assert not at.error  # an open question is not an error in the file
    assert [i.value for i in at.info] == [
        "Answer the question above to read the file; nothing is stored until then."
    ]
    question.set_value("day")
    at = at.run()
    assert not at.button(key="store_upload").disabled
    assert "Periods 2024-04-03 → 2024-06-05" in page_words(at)


def test_an_ambiguous_decimal_separator_is_asked_in_words(some_upload: Engine) -> None:
    at = upload(open_indicators(), "ambiguous_number.csv")
    [question] = at.radio
    assert question.label.startswith("What does 1,234 mean?")
    assert list(question.options) == ["1,234 is 1.234 (a decimal comma)", "1,234 is 1234 (a decimal point)"]
    assert "--" not in page_words(at)
    assert not at.error
    question.set_value("comma")
    at = at.run()
    assert not at.button(key="store_upload").disabled
    sample = next(t for t in tables(at) if "value_text" in t)
    assert sample["value"].iloc[0] == "1.234"


def test_a_ragged_row_does_not_hide_the_other_problems(some_upload: Engine) -> None:
    at = upload(open_indicators(), "ragged_and_bad_cells.csv")
    assert at.button(key="store_upload").disabled
    assert any("4 problems, nothing stored" in e.value for e in at.error)
    listed = at.code[0].value.splitlines()
    assert [line.split(": ", 1)[0] for line in listed] == [
        "ragged_and_bad_cells.csv:3:4",  # a cell too many
        "ragged_and_bad_cells.csv:4:3",  # 'abc' is no number
        "ragged_and_bad_cells.csv:5:1",  # 2024-13-45 is no date
        "ragged_and_bad_cells.csv:6:3",  # a cell too few
    ]
    assert "Encoding utf-8 · comma-separated · header on line 1" in page_words(at)


def test_a_file_that_is_no_text_says_so_in_words(some_upload: Engine) -> None:
    at = upload(open_indicators(), "binary.csv", b"PK\x03\x04\x00\x00binary")
    assert not at.exception
    caption = next(c.value for c in at.caption if "encoding" in c.value.lower())
    assert "no encoding, separator or header line is known" in caption and "NUL byte" in caption
    assert "Encoding ?" not in caption and "?-separated" not in caption


def store_versions(engine: Engine, tmp_path: Path) -> None:
    """Uploads 1 and 2 hold the same series (one value changed, one became a gap, one period new);
    upload 3 holds another series only."""
    versions = [
        ("troops_v1.csv", "troops (test figures)", {"2024-01-01": "1500", "2024-02-01": "1600"}),
        (
            "troops_v2.csv",
            "troops (test figures)",
            {"2024-01-01": "1500", "2024-02-01": "", "2024-03-01": "1800", "2024-04-01": "1900"},
        ),
        ("shells.csv", "shells (test figures)", {"2024-01-01": "10"}),
    ]
    for name, indicator, values in versions:
        path = tmp_path / name
        body = "".join(f"{day},{indicator},{value}\n" for day, value in values.items())
        path.write_text("date,indicator,value\n" + body)
        store_indicator_file(engine, path, "cli")


def test_history_compares_two_uploads_of_the_same_series_by_default_and_shows_no_none(
    engine: Engine, tmp_path: Path
) -> None:
    store_versions(engine, tmp_path)
    at = open_indicators({"indicators_tab": "History"})
    assert at.selectbox(key="compare_a").value == 1 and at.selectbox(key="compare_b").value == 2
    assert any("3 of 4 periods differ between uploads 1 and 2" in c.value for c in at.caption)
    compared = next(t for t in tables(at) if "change" in t)
    assert compared.set_index("period_start")[["upload 1", "upload 2"]].to_dict("index") == {
        "2024-02-01": {"upload 1": "1,600", "upload 2": "gap"},
        "2024-03-01": {"upload 1": "not in this upload", "upload 2": "1,800"},
        "2024-04-01": {"upload 1": "not in this upload", "upload 2": "1,900"},
    }
    for table in tables(at):
        assert not table.isna().any().any(), table
        assert not table.astype(str).isin(["None", "nan", "NaN"]).any().any(), table
    assert "None" not in page_words(at)

    at.selectbox(key="compare_a").set_value(3)  # a pair without a series in common says so
    at = at.run()
    assert any("hold no series in common" in c.value and "Uploads 1 and 2 do" in c.value for c in at.caption)


def test_the_upload_list_is_shown_a_page_at_a_time(engine: Engine, tmp_path: Path) -> None:
    for n in range(23):
        path = tmp_path / f"v{n}.csv"
        path.write_text(f"date,indicator,value\n2024-01-01,troops (test figures),{n}\n")
        store_indicator_file(engine, path, "cli")
    at = open_indicators({"indicators_tab": "History"})
    uploads = next(t for t in tables(at) if "filename" in t)
    assert len(uploads) == 20 and uploads["upload_id"].iloc[0] == 23
    assert any("Uploads 1–20 of 23, newest first." in c.value for c in at.caption)
    at.number_input(key="uploads_page").set_value(2)
    at = at.run()
    uploads = next(t for t in tables(at) if "filename" in t)
    assert uploads["upload_id"].tolist() == [3, 2, 1]
    assert any("Uploads 21–23 of 23" in c.value for c in at.caption)
