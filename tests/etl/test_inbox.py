"""The inbox: CSVs dropped into MONITOR_INBOX_DIR are stored, rejected with reasons, or left to settle."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from etl import store
from etl.indicators.inbox import ingest_inbox
from etl.settings import PROJECT_ROOT, Settings

# Synthetic figures, for tests only.
GOOD = (
    "date,indicator,entity,value\n"
    "2024-01-01,Synthetic containers shipped,PRK,100\n"
    "2024-02-01,Synthetic containers shipped,PRK,120\n"
)
BAD = "date,indicator,value\n2024-01-01,Synthetic count,abc\n2024-13-45,Synthetic count,5\n"


def drop(settings: Settings, name: str, text: str, age_s: float = 60) -> Path:
    """Put a file in the inbox as a user would; age_s back-dates it so it counts as settled."""
    settings.inbox_dir.mkdir(parents=True, exist_ok=True)
    path = settings.inbox_dir / name
    path.write_text(text, encoding="utf-8")
    then = time.time() - age_s
    os.utime(path, (then, then))
    return path


def no_pause(_seconds: float) -> None:
    raise AssertionError("settled files must not make the inbox wait")


def uploads(engine: Engine) -> list[sa.Row]:
    with engine.connect() as conn:
        return conn.execute(sa.select(store.indicator_uploads)).all()


def test_a_valid_file_is_stored_and_moved_to_processed(
    backend_settings: Settings, backend_engine: Engine
) -> None:
    drop(backend_settings, "containers.csv", GOOD)
    result = ingest_inbox(backend_engine, backend_settings, pause=no_pause)
    assert result.stored == ["containers.csv"]
    [upload] = uploads(backend_engine)
    assert (upload.filename, upload.via, upload.rows) == ("containers.csv", "inbox", 2)
    assert not (backend_settings.inbox_dir / "containers.csv").exists()
    [moved] = (backend_settings.inbox_dir / "processed").iterdir()
    assert moved.name.endswith("-containers.csv") and moved.read_text() == GOOD


def test_an_invalid_file_is_rejected_beside_its_errors(
    backend_settings: Settings, backend_engine: Engine
) -> None:
    drop(backend_settings, "typo.csv", BAD)
    result = ingest_inbox(backend_engine, backend_settings, run_id=None, pause=no_pause)
    assert result.rejected == ["typo.csv"]
    assert uploads(backend_engine) == []
    rejected = backend_settings.inbox_dir / "rejected"
    [errors] = rejected.glob("*.errors.txt")
    [moved] = rejected.glob("*-typo.csv")
    assert errors.name == moved.name + ".errors.txt"
    text = errors.read_text()
    assert text.startswith("typo.csv was not stored: ")
    assert "typo.csv:2:3: 'abc'" in text and "typo.csv:3:1: '2024-13-45'" in text


def test_a_rejection_shows_up_as_an_issue_of_the_refresh_that_found_it(
    settings: Settings, engine: Engine
) -> None:
    with store.write_transaction(engine) as conn:
        conn.execute(
            store.etl_runs.insert().values(
                run_id=9, trigger="schedule", started_at=store.utcnow(), status="succeeded"
            )
        )
    drop(settings, "typo.csv", BAD)
    ingest_inbox(engine, settings, run_id=9, pause=no_pause)
    with engine.connect() as conn:
        [issue] = conn.execute(sa.select(store.etl_issues)).all()
    assert issue.run_id == 9 and issue.message.startswith("Inbox file typo.csv rejected")


def test_a_file_still_being_written_waits_for_the_next_run(settings: Settings, engine: Engine) -> None:
    path = drop(settings, "arriving.csv", GOOD.splitlines()[0] + "\n", age_s=0)

    def writer_keeps_writing(_seconds: float) -> None:
        with path.open("a", encoding="utf-8") as out:
            out.write("\n".join(GOOD.splitlines()[1:]) + "\n")

    first = ingest_inbox(engine, settings, pause=writer_keeps_writing)
    assert first.waiting == ["arriving.csv"] and path.exists() and uploads(engine) == []
    second = ingest_inbox(engine, settings, pause=lambda _s: None)  # the writer has finished
    assert second.stored == ["arriving.csv"]
    assert uploads(engine)[0].rows == 2


def test_the_same_file_dropped_twice_is_stored_once(settings: Settings, engine: Engine) -> None:
    drop(settings, "containers.csv", GOOD)
    ingest_inbox(engine, settings, pause=no_pause)
    drop(settings, "containers.csv", GOOD)
    again = ingest_inbox(engine, settings, pause=no_pause)
    assert again.duplicates == ["containers.csv"]
    assert len(uploads(engine)) == 1
    assert len(list((settings.inbox_dir / "processed").iterdir())) == 2


def test_partial_copies_and_other_files_are_left_alone(settings: Settings, engine: Engine) -> None:
    drop(settings, ".containers.csv.part", GOOD)
    drop(settings, ".hidden.csv", GOOD)
    drop(settings, "notes.txt", "not a table")
    result = ingest_inbox(engine, settings, pause=no_pause)
    assert result.as_dict() == {"stored": [], "duplicates": [], "rejected": [], "waiting": [], "failed": []}
    assert sorted(p.name for p in settings.inbox_dir.iterdir()) == [
        ".containers.csv.part",
        ".hidden.csv",
        "notes.txt",
    ]


def test_a_busy_store_leaves_the_file_for_the_next_run(settings: Settings, engine: Engine) -> None:
    impatient = dataclasses.replace(settings, lock_timeout=0.2)
    inbox_engine = store.make_engine(impatient)
    drop(settings, "containers.csv", GOOD)
    try:
        with engine.connect().execution_options(write=True) as conn, conn.begin():  # another writer
            result = ingest_inbox(inbox_engine, impatient, pause=no_pause)
    finally:
        inbox_engine.dispose()
    assert result.failed == ["containers.csv"]
    assert (settings.inbox_dir / "containers.csv").exists()
    assert ingest_inbox(engine, settings, pause=no_pause).stored == ["containers.csv"]


def test_each_refresh_ingests_the_inbox_and_reports_it(
    backend_settings: Settings, backend_engine: Engine
) -> None:
    drop(backend_settings, "containers.csv", GOOD)
    drop(backend_settings, "typo.csv", BAD)
    done = subprocess.run(
        [sys.executable, "-m", "etl", "refresh"],
        cwd=PROJECT_ROOT,
        env=dict(os.environ),
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "inbox: 1 stored, 1 rejected" in done.stdout
    assert [u.via for u in uploads(backend_engine)] == ["inbox"]


@pytest.mark.parametrize("name", ["UPPER.CSV", "with space.csv"])
def test_file_names_are_kept_when_moved(settings: Settings, engine: Engine, name: str) -> None:
    drop(settings, name, GOOD)
    ingest_inbox(engine, settings, pause=no_pause)
    [moved] = (settings.inbox_dir / "processed").iterdir()
    assert moved.name.endswith("-" + name)
