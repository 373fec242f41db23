"""Refresh behaviour a user notices: incremental runs, stable ids, bad documents, clear errors."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

from etl import store
from etl.pipeline import run_refresh
from etl.settings import PROJECT_ROOT, Settings, load_settings

SOURCES = PROJECT_ROOT / "datasets" / "sources"
NOTE = "---\ntitle: {title}\npublisher: Test desk\npublished: 2024-03-01\nkind: analyst_note\n---\n{body}\n"


@pytest.fixture
def sources(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, settings: Settings) -> Path:
    folder = tmp_path / "sources"
    shutil.copytree(SOURCES, folder)
    monkeypatch.setenv("MONITOR_SOURCES_DIR", str(folder))
    return folder


def item_ids(settings: Settings) -> set[str]:
    engine = store.make_engine(settings)
    with engine.connect() as conn:
        ids = set(conn.execute(sa.select(store.items.c.item_id)).scalars())
    engine.dispose()
    return ids


def test_second_refresh_with_nothing_changed_keeps_every_id_and_writes_nothing(sources: Path) -> None:
    settings = load_settings()
    first = run_refresh(settings)
    ids = item_ids(settings)
    second = run_refresh(settings)
    assert first.status == second.status == "succeeded"
    assert first.documents_changed == first.documents_seen > 15 and first.items_written > 50
    assert (second.documents_changed, second.items_written) == (0, 0)
    assert item_ids(settings) == ids


def test_only_the_changed_document_is_read_again(sources: Path) -> None:
    settings = load_settings()
    run_refresh(settings)
    (sources / "note-extra.md").write_text(
        NOTE.format(title="Extra", body="Pyongyang shipped shells to Moscow.")
    )
    result = run_refresh(settings)
    assert (result.documents_changed, result.items_written) == (1, 1)
    (sources / "note-extra.md").unlink()
    assert run_refresh(settings).documents_removed == 1


def test_bad_documents_are_skipped_with_a_reason_and_the_rest_load(sources: Path, engine: sa.Engine) -> None:
    (sources / "latin1.md").write_bytes(NOTE.format(title="x", body="Caf\xe9 talk").encode("latin-1"))
    (sources / "broken.md").write_text("---\ntitle: [oops\n---\nText")
    (sources / "empty.md").write_text("---\ntitle: nothing here\n---\n\n")
    (sources / "undated.md").write_text("---\ntitle: undated\n---\nKim will visit Moscow next month.\n")
    result = run_refresh(load_settings())
    assert result.status == "succeeded" and result.documents_skipped == 3
    with engine.connect() as conn:
        issues = conn.execute(sa.select(store.etl_issues.c.level, store.etl_issues.c.message)).all()
        undated = conn.execute(sa.select(store.items).where(store.items.c.doc_id == "undated")).one()
    messages = " | ".join(m for _, m in issues)
    for expected in (
        "latin1.md: skipped, not UTF-8",
        "broken.md: skipped, broken front matter",
        "empty.md: skipped, the document has no text",
        "undated.md: no publication date",
    ):
        assert expected in messages
    assert (undated.date_start, undated.date_precision) == (None, "unknown")


def run_cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "etl", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=PROJECT_ROOT,
        timeout=120,
    )


def test_cli_summary_and_json(sources: Path) -> None:
    env = dict(os.environ)
    text = run_cli("refresh", env=env)
    assert text.returncode == 0 and "documents:" in text.stdout and "items written:" in text.stdout
    payload = json.loads(run_cli("refresh", "--json", env=env).stdout)
    assert payload["status"] == "succeeded" and payload["documents_changed"] == 0


def test_missing_sources_folder_is_one_line_and_exit_1(tmp_path: Path, settings: Settings) -> None:
    env = {**os.environ, "MONITOR_SOURCES_DIR": str(tmp_path / "nowhere")}
    done = run_cli("refresh", env=env)
    assert done.returncode == 1
    assert done.stderr.strip().splitlines()[-1].startswith("error: Sources folder")
    assert "Traceback" not in done.stderr


def test_unreachable_store_is_one_line_and_exit_1(tmp_path: Path, settings: Settings) -> None:
    env = {**os.environ, "MONITOR_DB_URL": "postgresql+psycopg://nobody@127.0.0.1:1/none"}
    done = run_cli("refresh", env=env)
    assert done.returncode == 1
    assert "error: Cannot open the store" in done.stderr and "Traceback" not in done.stderr


def test_export_writes_every_table(sources: Path, tmp_path: Path) -> None:
    env = dict(os.environ)
    run_cli("refresh", env=env)
    done = run_cli("export", str(tmp_path / "out"), "--format", "csv,parquet", env=env)
    assert done.returncode == 0
    written = {p.name for p in (tmp_path / "out").iterdir()}
    assert {
        "items.csv",
        "items.parquet",
        "measures.csv",
        "item_measures.parquet",
        "indicator_latest.csv",
    } <= written
    import pandas as pd

    items = pd.read_parquet(tmp_path / "out" / "items.parquet")
    assert len(items) > 50 and {"item_id", "quote", "date_precision"} <= set(items.columns)
