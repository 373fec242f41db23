"""Indicator CSVs as analysts bring them: one fixture per layout and per quirk, read without being told."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from etl.indicators.ingest import IndicatorOptions, Preview, preview_indicator_bytes

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "indicators"


def preview(name: str, **options: object) -> Preview:
    return preview_indicator_bytes((FIXTURES / name).read_bytes(), name, IndicatorOptions(**options))  # type: ignore[arg-type]


def values(p: Preview) -> dict[tuple[str, str, str], float | None]:
    """(indicator, entity, period label) -> value, gaps as None."""
    from etl.indicators.values import period_to_iso

    v = p._validated
    assert v is not None, p.problems
    out = {}
    for s, d, x in zip(v.series_idx.tolist(), v.days.tolist(), v.values.tolist(), strict=True):
        key = v.series[s]
        out[(key.indicator, key.entity, period_to_iso(d, key.granularity))] = None if math.isnan(x) else x
    return out


def test_long_layout_with_entity_unit_and_source_columns() -> None:
    p = preview("long.csv")
    assert p.ok and p.layout == "long"
    assert {c.header: c.role for c in p.columns} == {
        "date": "date",
        "indicator": "indicator",
        "entity": "entity",
        "value": "value",
        "unit": "unit",
        "source": "source",
    }
    assert [(s.indicator, s.unit, s.points, s.gaps) for s in p.series] == [
        ("containers shipped", "containers", 3, 0),
        ("shells shipped", "shells", 2, 1),
    ]
    assert values(p)[("containers shipped", "DPRK to Russia", "2024-03-31")] == 2500.5
    assert values(p)[("shells shipped", "DPRK to Russia", "2024-02-29")] is None  # a gap, not a zero
    assert p.sources == ["Test publisher A", "Test publisher B"]
    assert (p.first, p.last, p.granularities, p.rows) == ("2024-01-31", "2024-03-31", ["day"], 5)


def test_one_row_per_date_with_several_value_columns() -> None:
    p = preview("columns.csv")
    assert p.ok and p.layout == "columns"
    assert [s.indicator for s in p.series] == ["containers", "shells"]
    assert values(p)[("shells", "", "2024-02")] is None
    assert values(p)[("containers", "", "2024-03")] == 15


def test_wide_export_leaves_out_title_lines_and_total_row_and_column() -> None:
    p = preview("wide_sipri.csv")
    assert p.ok and p.layout == "wide" and p.header_line == 4
    assert {s.entity for s in p.series} == {"Russia", "North Korea"}
    assert all(s.indicator.startswith("Test export: trend indicator values") for s in p.series)
    got = values(p)
    assert got[("Test export: trend indicator values of arms exports 2021-2023", "North Korea", "2022")] == 5
    assert not any(entity == "Total" for _, entity, _ in got)
    # 2 entities x 3 years, the Total column left out, and North Korea's empty 2021 before its first value
    assert len(got) == 5
    assert ("Test export: trend indicator values of arms exports 2021-2023", "North Korea", "2021") not in got
    assert "1 empty period before a series' first value or after its last" in p.left_out
    assert any("Total" in note and "line 7" in note for note in p.left_out)
    assert any("'Total'" in note and "column 5" in note for note in p.left_out)


def test_our_world_in_data_layout() -> None:
    p = preview("owid.csv")
    assert p.ok and p.layout == "owid"
    assert {c.header: c.role for c in p.columns}["Code"] == "ignore"
    assert values(p) == {
        ("Missile launches", "North Korea", "2022"): 40,
        ("Missile launches", "North Korea", "2023"): 30,
        ("Missile launches", "South Korea", "2023"): 5,
    }
    # The header's bracketed ending is the series' unit, the name without it the indicator.
    assert {s.unit for s in p.series} == {"test figures"}


@pytest.mark.parametrize(
    ("name", "encoding", "entity"),
    [
        ("bom_utf8.csv", "utf-8-sig", "São Tomé"),
        ("cp1252.csv", "cp1252", "Côte d’Ivoire"),
        ("latin1.csv", "latin_1", "Genève \x81"),
    ],
)
def test_encodings_are_decoded_without_replacement_characters(name: str, encoding: str, entity: str) -> None:
    p = preview(name)
    assert p.ok and p.encoding == encoding
    assert entity in {s.entity for s in p.series}
    assert not any("\ufffd" in s.entity for s in p.series)
    assert p.columns[0].header == "date"  # the BOM is not part of the first header


@pytest.mark.parametrize(
    ("name", "delimiter"),
    [("semicolon_decimal_comma.csv", "semicolon"), ("tab_delimited.csv", "tab"), ("long.csv", "comma")],
)
def test_delimiters_are_detected(name: str, delimiter: str) -> None:
    assert preview(name).delimiter == delimiter


def test_decimal_commas_with_dot_thousands() -> None:
    got = values(preview("semicolon_decimal_comma.csv"))
    assert list(got.values()) == [1.5, 1234.25, -2.75]


def test_thousands_separators_when_unambiguous() -> None:
    got = values(preview("thousands_separators.csv"))
    assert list(got.values()) == [1234567, 12345.5, 7.25]


def test_declared_decimal_point_resolves_an_ambiguous_number() -> None:
    assert list(values(preview("ambiguous_number.csv", decimal="point")).values()) == [1234, 5678]
    assert list(values(preview("ambiguous_number.csv", decimal="comma")).values()) == [1.234, 5.678]


@pytest.mark.parametrize("name", ["cr_only.csv", "crlf_quoted_newline.csv"])
def test_line_endings(name: str) -> None:
    p = preview(name)
    assert p.ok and p.points in (2, 3)


def test_missing_value_tokens_are_gaps_never_zeros() -> None:
    got = values(preview("missing_tokens.csv"))
    assert list(got.values()) == [1, None, None, None, None, None, None, None, 0]


def test_months_in_several_spellings() -> None:
    p = preview("months.csv")
    assert p.granularities == ["month"]
    assert list(values(p)) == [("x", "", f"2024-0{m}") for m in (6, 7, 8, 9)]


def test_quarters() -> None:
    p = preview("quarters.csv")
    assert p.granularities == ["quarter"]
    assert [k[2] for k in values(p)] == ["2024Q1", "2024Q2", "2024Q3", "2024Q4"]


def test_years() -> None:
    p = preview("years.csv")
    assert (p.granularities, p.first, p.last) == (["year"], "2022", "2024")


def test_day_first_order_is_taken_from_an_unambiguous_date() -> None:
    assert list(values(preview("day_first.csv"))) == [("x", "", "2024-01-13"), ("x", "", "2024-03-02")]


def test_an_ambiguous_day_month_order_is_asked_about_never_guessed() -> None:
    p = preview("ambiguous_dates.csv")
    assert not p.ok and "day_first" in p.questions
    assert list(values(preview("ambiguous_dates.csv", day_first=True))) == [
        ("x", "", "2024-04-03"),
        ("x", "", "2024-06-05"),
    ]
    assert list(values(preview("ambiguous_dates.csv", day_first=False))) == [
        ("x", "", "2024-03-04"),
        ("x", "", "2024-05-06"),
    ]


def test_corrections_rename_the_indicator_and_set_unit_and_roles() -> None:
    p = preview("columns.csv", roles={"shells": "ignore"}, indicator="Containers (test)", unit="containers")
    assert p.ok
    assert [(s.indicator, s.unit) for s in p.series] == [("Containers (test)", "containers")]
    assert {c.header: (c.detected, c.role) for c in p.columns}["shells"] == ("value", "ignore")


def test_single_series_without_a_name_is_named_after_the_file() -> None:
    data = b"date,value\n2024-01-01,1\n2024-01-02,2\n"
    p = preview_indicator_bytes(data, "troops_estimate.csv")
    assert p.ok and [s.indicator for s in p.series] == ["troops estimate"]


def test_entity_option_applies_to_files_without_an_entity_column() -> None:
    p = preview("years.csv", entity="North Korea")
    assert {s.entity for s in p.series} == {"North Korea"}


def test_labels_with_surrounding_spaces_are_the_same_series() -> None:
    data = b"date,indicator,value\n2024-01-01, troops ,1\n2024-01-02,troops,2\n 2024-01-03 ,troops\t,3\n"
    p = preview_indicator_bytes(data, "padded.csv")
    assert [(s.indicator, s.points) for s in p.series] == [("troops", 3)]


def test_numbers_with_surrounding_spaces_are_read() -> None:
    data = b"date,indicator,value\n2024-01-01,troops, 1.5\n2024-01-02,troops,2 \n"
    assert list(values(preview_indicator_bytes(data, "padded.csv")).values()) == [1.5, 2]


def test_a_nan_among_plain_numbers_is_a_gap_and_infinity_is_refused() -> None:
    gap = b"date,indicator,value\n2024-01-01,troops,1\n2024-01-02,troops,NaN\n"
    assert list(values(preview_indicator_bytes(gap, "gap.csv")).values()) == [1, None]
    infinite = preview_indicator_bytes(b"date,indicator,value\n2024-01-01,troops,inf\n", "inf.csv")
    assert not infinite.ok and any("inf.csv:2:3: 'inf'" in p for p in infinite.problems)


def test_a_new_name_for_a_file_with_blank_rows_names_its_one_indicator() -> None:
    data = b"date,indicator,value\n2024-01-01,troops,1\n,,\n2024-01-02,troops,2\n"
    p = preview_indicator_bytes(data, "blank.csv", IndicatorOptions(indicator="Troops (estimate)"))
    assert p.ok, p.problems
    assert [(s.indicator, s.points) for s in p.series] == [("Troops (estimate)", 2)]


def test_the_vectorised_period_path_agrees_with_the_per_string_path() -> None:
    """ISO days, ISO months and years are parsed as columns; every other form, and every string of those
    forms that is not a real date, gives what the per-string path gives."""
    from etl.indicators.formats import indicator_formats
    from etl.indicators.values import GRANULARITIES, _parse_each, parse_period_strings

    texts = [
        "2024-02-29",
        "2023-02-29",
        "2024-02-30",
        "0000-01-01",
        "1700-01-01",
        "9999-12-31",
        " 2024-06 ",
        "2024",
        "2024-13",
        "2024-00",
        "2024-6-1",
        "Jun 2024",
        "2024Q3",
        "31/12/2024",
        "not a date",
        "",
    ]
    formats = indicator_formats()
    fast = parse_period_strings(texts, formats, None)
    each = _parse_each(texts, formats, None)
    for i, text in enumerate(texts):
        expected = (each.days[i], each.granularity[i])
        got = (
            int(fast.days[i]) if fast.dated[i] else None,
            GRANULARITIES[fast.granularity[i]] if fast.granularity[i] >= 0 else None,
        )
        assert got == expected, text
