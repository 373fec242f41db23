"""`python -m etl indicators …`: exit codes, messages with line and column, all or nothing per file."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from etl.cli.app import app
from etl.settings import Settings

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "indicators"
runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["indicators", *args])
    return result.exit_code, result.stdout, result.stderr


def test_add_stores_a_valid_file_and_exits_0(settings: Settings) -> None:
    code, out, _ = run("add", str(FIXTURES / "long.csv"))
    assert code == 0 and "stored as upload 1" in out
    code, out, _ = run("add", str(FIXTURES / "long.csv"))
    assert code == 0 and "already stored as upload 1" in out


def test_invalid_file_exits_65_lists_problems_and_stores_nothing(settings: Settings) -> None:
    code, _, err = run("add", str(FIXTURES / "bad_value.csv"))
    assert code == 65
    assert "bad_value.csv:4:3: 'abc' — expected a number" in err
    code, out, _ = run("history", "--json")
    assert code == 0 and json.loads(out) == []


def test_several_files_are_all_or_nothing_each(settings: Settings) -> None:
    code, out, err = run(
        "add", str(FIXTURES / "years.csv"), str(FIXTURES / "duplicates.csv"), str(FIXTURES / "owid.csv")
    )
    assert code == 65
    assert "years.csv: stored" in out and "owid.csv: stored" in out
    assert "duplicates.csv:4:1:" in err
    stored = {h["filename"] for h in json.loads(run("history", "--json")[1])}
    assert stored == {"years.csv", "owid.csv"}


def test_ambiguous_dates_are_rejected_with_the_reason_then_accepted_with_an_option(
    settings: Settings,
) -> None:
    code, _, err = run("add", str(FIXTURES / "ambiguous_dates.csv"))
    assert code == 65 and "--day-first or --month-first" in err and "ambiguous_dates.csv:2:1:" in err
    code, _, _ = run("add", str(FIXTURES / "ambiguous_dates.csv"), "--day-first")
    assert code == 0
    [series] = json.loads(run("list", "--json")[1])
    assert (series["first"], series["last"]) == ("2024-04-03", "2024-06-05")


def test_not_a_time_series_is_rejected_saying_so(settings: Settings) -> None:
    code, _, err = run("add", str(FIXTURES / "sanctions_list.csv"))
    assert code == 65 and "not a time series" in err


def test_corrections_as_options(settings: Settings) -> None:
    code, _, _ = run(
        "add",
        str(FIXTURES / "columns.csv"),
        "--ignore-column",
        "shells",
        "--indicator",
        "Containers (test)",
        "--unit",
        "containers",
    )
    assert code == 0
    [series] = json.loads(run("list", "--json")[1])
    assert (series["indicator"], series["unit"], series["granularity"]) == (
        "Containers (test)",
        "containers",
        "month",
    )


def test_decimal_comma_option(settings: Settings) -> None:
    assert run("add", str(FIXTURES / "ambiguous_number.csv"))[0] == 65
    assert run("add", str(FIXTURES / "ambiguous_number.csv"), "--decimal-comma")[0] == 0


def test_list_history_and_activate(settings: Settings, tmp_path: Path) -> None:
    v1, v2 = tmp_path / "v1.csv", tmp_path / "v2.csv"
    v1.write_text("date,indicator,value\n2024-01-01,troops,1500\n")
    v2.write_text("date,indicator,value\n2024-01-01,troops,3000\n")
    assert run("add", str(v1))[0] == 0 and run("add", str(v2))[0] == 0
    assert json.loads(run("list", "--json")[1])[0]["upload_id"] == 2
    code, out, _ = run("activate", "1")
    assert code == 0 and "upload 1 is current again" in out
    assert json.loads(run("list", "--json")[1])[0]["upload_id"] == 1
    history = json.loads(run("history", "--json", "--indicator", "troops")[1])
    assert [(h["upload_id"], h["current"]) for h in history] == [(2, False), (1, True)]
    code, out, _ = run("history")
    assert code == 0 and "v1.csv" in out and "current" in out
    code, out, _ = run("list")
    assert code == 0 and "troops" in out


def test_activate_an_unknown_upload_fails_with_a_message(settings: Settings) -> None:
    code, _, err = run("activate", "42")
    assert code == 1 and "No indicator upload has id 42" in err
