"""Bad arguments and settings are one line on stderr with the README's exit code, never a traceback."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

import pytest

from etl.settings import PROJECT_ROOT, Settings


def etl(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "etl", *args],
        cwd=PROJECT_ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
    )


@pytest.mark.parametrize(
    ("args", "env", "code", "says"),
    [
        (["indicators", "add", "--via", "evil", "x.csv"], {}, 2, "'evil' is not one of"),
        (["indicators", "activate", "99999999999999999999"], {}, 2, "2147483647"),
        (["indicators", "activate", "x"], {}, 2, "'upload_id'"),
        (["status", "--bogus"], {}, 2, "No such option: --bogus"),
        (["export", "/proc/1"], {}, 1, "/proc/1"),
        (["status"], {"MONITOR_LOCK_TIMEOUT": "abc"}, 1, "MONITOR_LOCK_TIMEOUT must be a number of seconds"),
        (["refresh"], {"MONITOR_LOCK_TIMEOUT": "-1"}, 1, "MONITOR_LOCK_TIMEOUT must be a number of seconds"),
        (["status"], {"MONITOR_DB_URL": "garbage"}, 1, "MONITOR_DB_URL is not a database URL"),
        (
            ["refresh"],
            {"MONITOR_DB_URL": "mysql://user:secret@db.example/monitor"},
            1,
            "names 'mysql', which is not supported; the supported drivers are sqlite:///PATH",
        ),
    ],
)
def test_bad_arguments_and_settings_are_one_line_with_their_exit_code(
    settings: Settings, args: list[str], env: dict[str, str], code: int, says: str
) -> None:
    done = etl(*args, **env)
    lines = [line for line in done.stderr.splitlines() if not line.startswith("{")]  # JSON log events
    assert done.returncode == code, done.stderr
    assert "Traceback" not in done.stderr
    assert len(lines) == 1 and lines[0].startswith("error: ") and says in lines[0], done.stderr
    assert "secret" not in done.stderr


def test_postgresql_without_a_driver_name_means_psycopg(settings: Settings) -> None:
    from etl.store.engine import store_url

    assert store_url("postgresql://u@h/db").drivername == "postgresql+psycopg"


def test_export_neutralises_formula_cells_in_csv_as_the_items_download_does(
    settings: Settings, tmp_path: Path
) -> None:
    from dashboard import exports
    from etl import export

    assert exports.neutralise_formulas is export.neutralise_formulas  # one function for both
    sources = tmp_path / "sources"
    sources.mkdir()
    (sources / "f.md").write_text(
        '---\ntitle: =HYPERLINK("http://evil.example","click")\npublisher: "+cmd|\' /C calc\'!A0"\n'
        "url: '@SUM(1+1)'\npublished: 2024-03-01\n---\nPyongyang shipped shells to Moscow.\n"
    )
    assert etl("refresh", MONITOR_SOURCES_DIR=str(sources)).returncode == 0
    assert etl("export", str(tmp_path / "out"), "--format", "csv,json").returncode == 0
    with (tmp_path / "out" / "documents.csv").open(newline="") as handle:
        [row] = list(csv.DictReader(handle))
    assert row["title"] == '\'=HYPERLINK("http://evil.example","click")'
    assert row["publisher"] == "'+cmd|' /C calc'!A0" and row["url"] == "'@SUM(1+1)"
    assert '"=HYPERLINK' in (tmp_path / "out" / "documents.json").read_text()  # JSON keeps the text as is
