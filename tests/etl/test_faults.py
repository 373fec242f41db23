"""Faults an unattended refresh must survive, each driven with real `python -m etl refresh` processes.

The corpus is synthetic: copies of the bundled source documents, each with a line "Synthetic revision X."
appended, so that switching the revision makes every document change and every refresh rewrite them all.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from etl import pipeline, store
from etl.extract import candidates
from etl.schedule import RefreshScheduler
from etl.settings import PROJECT_ROOT, Settings, load_settings

BUNDLED_SOURCES = PROJECT_ROOT / "datasets" / "sources"
KILL_TRIALS = 20  # on SQLite, where PRAGMA integrity_check also runs after every kill
PG_KILL_TRIALS = 10  # the server rolls back for us; fewer trials keep this file near a minute
EX_TEMPFAIL = 75


class Corpus:
    """A sources folder of synthetic copies of the bundled documents, rewritten per revision."""

    def __init__(self, root: Path, copies: int) -> None:
        self.root = root
        self.originals = sorted(p for p in BUNDLED_SOURCES.glob("*.md") if p.stem.lower() != "readme")
        self.copies = copies

    def write(self, revision: str) -> None:
        for copy in range(self.copies):
            folder = self.root / f"copy-{copy}"
            folder.mkdir(parents=True, exist_ok=True)
            for original in self.originals:
                text = original.read_text(encoding="utf-8").rstrip("\n")
                (folder / original.name).write_text(
                    f"{text}\n\nSynthetic revision {revision}.\n", encoding="utf-8"
                )


@pytest.fixture
def corpus(settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Corpus:
    root = tmp_path / "sources"
    monkeypatch.setenv("MONITOR_SOURCES_DIR", str(root))
    made = Corpus(root, copies=3)
    made.write("A")
    return made


def etl(*args: str, env: dict[str, str] | None = None, **popen: Any) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "etl", *args],
        cwd=PROJECT_ROOT,
        env=env or dict(os.environ),
        text=True,
        **popen,
    )


def refresh(env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "etl", "refresh"]
    return subprocess.run(
        command, cwd=PROJECT_ROOT, env=env or dict(os.environ), capture_output=True, text=True
    )


def snapshot(engine: Engine) -> str:
    """A digest of everything one refresh writes: which document versions, items and tags are stored."""
    queries = (
        sa.select(store.documents.c.doc_id, store.documents.c.sha256),
        sa.select(store.items.c.item_id, store.items.c.doc_id, store.items.c.quote),
        sa.select(store.item_measures.c.item_id, store.item_measures.c.measure_id),
    )
    digest = hashlib.sha256()
    with engine.connect() as conn:
        if conn.dialect.name != "sqlite":  # one snapshot for all three reads, as SQLite's read transaction is
            conn = conn.execution_options(isolation_level="REPEATABLE READ")
        for query in queries:
            for row in sorted(tuple(map(str, r)) for r in conn.execute(query)):
                digest.update("\x1f".join(row).encode())
            digest.update(b"\x1e")
    return digest.hexdigest()


def assert_sound(engine: Engine) -> None:
    """SQLite's own checks: the file is not corrupt and no row points at a missing one."""
    if engine.dialect.name != "sqlite":
        return
    assert engine.url.database
    with closing(sqlite3.connect(engine.url.database)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []


def wait_until_lock_free(engine: Engine) -> None:
    """PostgreSQL frees a killed client's advisory lock once it notices the closed connection."""
    for _attempt in range(100):
        with engine.connect() as conn:
            if not store.refresh_lock_held(conn):
                return
        time.sleep(0.1)
    pytest.fail("the refresh lock of a killed process was still held after 10 s")


def read_until(process: subprocess.Popen[str], marker: str) -> bool:
    """Read the process's stderr until a log line containing marker; False if it ended first."""
    assert process.stderr is not None
    return any(marker in line for line in process.stderr)


def runs(engine: Engine) -> list[Any]:
    with engine.connect() as conn:
        return conn.execute(sa.select(store.etl_runs).order_by(store.etl_runs.c.run_id)).all()


# -- (a) SIGKILL at random moments ----------------------------------------------------------------


def test_sigkill_at_random_moments_never_leaves_a_half_written_refresh(
    backend_engine: Engine, corpus: Corpus
) -> None:
    """Fault (a): refreshes killed at random moments; the store always holds one whole refresh or the other.

    Half the kills land anywhere in the process's life (start-up included), half inside the load
    transaction, just after the pipeline logs that it begins writing.
    """
    seed = random.randrange(1 << 32)
    rng = random.Random(seed)
    print(f"kill-moment seed: {seed}")
    versions, duration = {}, 0.0
    for revision in ("A", "B"):
        corpus.write(revision)
        began = time.monotonic()
        assert refresh().returncode == 0
        duration = max(duration, time.monotonic() - began)
        versions[revision] = snapshot(backend_engine)
    assert versions["A"] != versions["B"]

    stored = "B"
    for trial in range(KILL_TRIALS if backend_engine.dialect.name == "sqlite" else PG_KILL_TRIALS):
        target = "A" if stored == "B" else "B"
        corpus.write(target)
        if trial % 2:
            process = etl("refresh", stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            read_until(process, '"stage": "load"')
            time.sleep(rng.uniform(0, 0.2))
        else:
            process = etl("refresh", stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(rng.uniform(0, duration))
        process.send_signal(signal.SIGKILL)
        process.wait()
        if process.stderr:
            process.stderr.close()
        if backend_engine.dialect.name != "sqlite":
            # The server may still be finishing the killed session: a COMMIT it had already received
            # still lands. Once the session is gone (its lock freed), the outcome is final.
            wait_until_lock_free(backend_engine)
        assert_sound(backend_engine)
        state = snapshot(backend_engine)
        assert state in (versions[stored], versions[target]), (
            f"trial {trial} (seed {seed}): half-written refresh"
        )
        stored = target if state == versions[target] else stored

    final = refresh()
    assert final.returncode == 0, final.stdout + final.stderr
    assert snapshot(backend_engine) == versions[target]
    assert not [run for run in runs(backend_engine) if run.status == "running"]


# -- (b) two refreshes at once ----------------------------------------------------------------------


def test_two_refreshes_started_together_one_runs_the_other_exits_75(
    backend_engine: Engine, corpus: Corpus
) -> None:
    """Fault (b): exactly one runs; the other says a refresh is running and exits 75 (EX_TEMPFAIL)."""
    for attempt, revision in enumerate("BCD"):
        corpus.write(revision)  # every attempt has real work, so the winner holds the lock a while
        pair = [etl("refresh", stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(2)]
        outputs = [process.communicate(timeout=120) for process in pair]
        codes = sorted(process.returncode for process in pair)
        if codes == [0, EX_TEMPFAIL]:
            loser = next(
                out for process, out in zip(pair, outputs, strict=True) if process.returncode == EX_TEMPFAIL
            )
            assert "A refresh is already running" in loser[1]
            assert sum(run.status == "succeeded" for run in runs(backend_engine)) == attempt + 1
            return
        assert codes == [0, 0], outputs
        # Both succeeded: fine only if one started after the other had finished (they never met).
        first, second = runs(backend_engine)[-2:]
        assert store.as_utc(second.started_at) >= store.as_utc(first.finished_at), "two refreshes overlapped"
    pytest.skip("the two processes never overlapped in three attempts; the machine is too busy to race them")


def test_the_scheduler_logs_a_refresh_skipped_because_another_holds_the_lock(
    backend_settings: Settings, backend_engine: Engine, corpus: Corpus, data_dir: Path
) -> None:
    """Fault (b) seen from the scheduler: its refresh finds the lock taken, logs the skip, records it."""
    from etl.logs import configure_logging

    configure_logging(logs_dir=data_dir / "logs")
    try:
        with store.refresh_lock(backend_engine, backend_settings):  # a manual refresh is running
            RefreshScheduler(load_settings(), engine=backend_engine).refresh_once()
    finally:
        configure_logging()
    events = [json.loads(line) for line in (data_dir / "logs" / "etl.log").read_text().splitlines()]
    assert [e["event"] for e in events if e["event"].startswith("refresh.")] == ["refresh.skipped"]
    assert [run.status for run in runs(backend_engine)] == ["skipped"]


# -- (c) a lock left behind by a killed refresh -------------------------------------------------------


def test_a_refresh_killed_while_holding_the_lock_never_blocks_the_next(
    backend_engine: Engine, corpus: Corpus
) -> None:
    """Fault (c): SIGKILL just after a refresh took its lock; the next one runs and reports the kill."""
    process = etl("refresh", stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert read_until(process, '"event": "refresh.started"')
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert process.stderr is not None
    process.stderr.close()
    if backend_engine.dialect.name != "sqlite":
        wait_until_lock_free(backend_engine)
    after = refresh()
    assert after.returncode == 0, after.stdout + after.stderr
    killed, succeeded = runs(backend_engine)
    assert (killed.status, succeeded.status) == ("failed", "succeeded")
    assert "interrupted" in killed.message


# -- (d) a long read or an upload holding the store ---------------------------------------------------


def test_a_long_read_never_blocks_a_refresh_and_keeps_its_snapshot(
    backend_engine: Engine, corpus: Corpus
) -> None:
    """Fault (d), readers: a dashboard query held open across a refresh neither waits nor sees half of it."""
    assert refresh().returncode == 0
    corpus.write("B")
    reader_engine = store.make_engine(load_settings())
    query = sa.select(sa.func.count(), sa.func.min(store.documents.c.sha256))
    try:
        with reader_engine.connect() as reader:
            if reader.dialect.name != "sqlite":
                reader = reader.execution_options(isolation_level="REPEATABLE READ")
            with reader.begin():
                before = reader.execute(query).one()
                during = refresh()
                assert during.returncode == 0, during.stdout + during.stderr
                assert reader.execute(query).one() == before  # still the refresh it started with
            assert reader.execute(query).one() != before
    finally:
        reader_engine.dispose()
    assert_sound(backend_engine)


def test_a_refresh_blocked_by_a_writer_gives_up_in_bounded_time_and_says_why(
    backend_engine: Engine, corpus: Corpus, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Fault (d), writers: something holds the store past MONITOR_LOCK_TIMEOUT; the refresh gives up cleanly.

    SQLite: an open write transaction, as an indicator upload holds while it stores a file. PostgreSQL:
    uploads write other tables and never block a refresh, so the blocker is an exclusive table lock
    as a maintenance job (VACUUM FULL, a migration) takes.
    """
    assert refresh().returncode == 0
    before = snapshot(backend_engine)
    corpus.write("B")
    monkeypatch.setenv("MONITOR_LOCK_TIMEOUT", "1")
    blocker = store.make_engine(load_settings())
    try:
        # On SQLite a write connection's BEGIN is BEGIN IMMEDIATE: it takes the store's one write lock.
        with blocker.connect().execution_options(write=True) as conn, conn.begin() as transaction:
            if conn.dialect.name != "sqlite":
                conn.exec_driver_sql("LOCK TABLE documents IN ACCESS EXCLUSIVE MODE")
            blocked = refresh()
            transaction.rollback()
    finally:
        blocker.dispose()
    assert blocked.returncode == 1
    said = blocked.stdout + blocked.stderr
    assert "kept the store busy for longer than MONITOR_LOCK_TIMEOUT" in said
    assert_sound(backend_engine)
    assert snapshot(backend_engine) == before
    assert refresh().returncode == 0


# -- (e) a document whose extraction raises -----------------------------------------------------------


def test_a_document_whose_extraction_raises_becomes_an_issue_and_the_run_completes(
    backend_settings: Settings, backend_engine: Engine, corpus: Corpus, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Fault (e): one document crashes the extractor; it is recorded as an issue, the rest is loaded."""
    poison = corpus.root / "copy-0" / "synthetic-extractor-fault.md"
    poison.write_text(
        "---\ntitle: Synthetic document that trips the extractor\nkind: analyst_note\n---\nTRIP.\n"
    )
    real_extract = candidates.extract_items

    def extract(text: str, *args: Any, **kwargs: Any) -> Any:
        if "TRIP." in text:
            raise ZeroDivisionError("synthetic extractor fault")
        return real_extract(text, *args, **kwargs)

    monkeypatch.setattr(candidates, "extract_items", extract)
    result = pipeline.run_refresh(dataclasses.replace(backend_settings, sources_dir=corpus.root))
    assert result.status == "succeeded"
    assert result.documents_changed == len(corpus.originals) * corpus.copies
    with backend_engine.connect() as conn:
        issues = conn.execute(sa.select(store.etl_issues).where(store.etl_issues.c.level == "error")).all()
        stored = conn.execute(sa.select(sa.func.count()).select_from(store.documents)).scalar_one()
    assert stored == len(corpus.originals) * corpus.copies
    [issue] = issues
    assert issue.doc_id == "copy-0--synthetic-extractor-fault"
    assert "synthetic extractor fault" in issue.message


# -- (f) a full disk or a read-only data folder (SQLite: the server's disk is PostgreSQL's concern) ----


@cache
def can_mount() -> bool:
    """Whether this process may mount file systems (root with CAP_SYS_ADMIN, as in CI containers)."""
    if os.geteuid() != 0 or not shutil.which("mount"):
        return False
    with tempfile.TemporaryDirectory() as folder:
        made = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", folder], capture_output=True)
        if made.returncode != 0:
            return False
        subprocess.run(["umount", folder], check=True)
    return True


def unmount(folder: Path) -> None:
    if subprocess.run(["umount", str(folder)], capture_output=True).returncode != 0:
        subprocess.run(["umount", "-l", str(folder)], check=True)


@contextmanager
def read_only(folder: Path, env: dict[str, str]) -> Iterator[str]:
    """Make the data folder read-only for the refresh; yields which mechanism was used.

    Root ignores permission bits, so as root the folder is bind-mounted read-only (a real EROFS). A
    plain user gets chmod. Root without mount rights falls back to opening the database with SQLite's
    read-only URI, which only simulates the condition.
    """
    if os.geteuid() != 0:
        modes = {path: path.stat().st_mode for path in [folder, *folder.iterdir()]}
        for path in modes:
            path.chmod(0o555 if path.is_dir() else 0o444)
        try:
            yield "chmod"
        finally:
            for path, mode in modes.items():
                path.chmod(mode)
    elif can_mount():
        subprocess.run(["mount", "--bind", str(folder), str(folder)], check=True)
        try:
            subprocess.run(["mount", "-o", "remount,bind,ro", str(folder)], check=True)
            yield "read-only bind mount"
        finally:
            unmount(folder)
    else:
        env["MONITOR_DB_URL"] = f"sqlite:///file:{folder / 'monitor.sqlite'}?mode=ro&uri=true"
        yield "SQLite read-only URI (simulated)"


def test_a_read_only_data_folder_is_a_clear_error_and_keeps_the_data(
    settings: Settings, engine: Engine, corpus: Corpus
) -> None:
    """Fault (f), read-only: exit 1 with a message naming the problem; the stored data stays as it was."""
    assert refresh().returncode == 0
    before = snapshot(engine)
    engine.dispose()
    corpus.write("B")
    env = dict(os.environ)
    with read_only(settings.data_dir, env) as how:
        print(f"read-only by: {how}")
        failed = refresh(env)
    assert failed.returncode == 1, failed.stdout + failed.stderr
    last_line = failed.stderr.strip().splitlines()[-1]
    assert last_line.startswith("error: ") and ("read-only" in last_line or "readonly" in last_line), (
        last_line
    )
    assert_sound(engine)
    assert snapshot(engine) == before
    assert refresh().returncode == 0


def _fill(folder: Path) -> Path:
    filler = folder / "filler"
    # Unbuffered: a buffered writer keeps the bytes the full disk refused and fails again on closing.
    with filler.open("wb", buffering=0) as out:
        try:
            while True:
                out.write(b"\0" * 65536)
                out.flush()
        except OSError:
            pass
    return filler


_PAGE_LIMIT = (
    "import sqlalchemy, sys\n"
    "from etl.cli.app import main\n"
    "@sqlalchemy.event.listens_for(sqlalchemy.engine.Engine, 'connect')\n"
    "def _limit(dbapi_connection, _record):\n"
    "    pages = dbapi_connection.execute('PRAGMA page_count').fetchone()[0]\n"
    "    dbapi_connection.execute(f'PRAGMA max_page_count = {pages + 2}')\n"
    "sys.argv = ['etl', 'refresh']\n"
    "main()\n"
)


def test_a_full_disk_is_a_clear_error_and_keeps_the_data(
    settings: Settings, corpus: Corpus, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Fault (f), full disk: exit 1 with a message naming the problem; the stored data stays as it was.

    Where the test may mount (root in CI), the data folder is a small tmpfs filled to the last byte: a
    real ENOSPC. Elsewhere SQLite's max_page_count caps the database just above its current size,
    which makes SQLite report the same "database or disk is full" error a full disk gives.
    """
    data_dir = tmp_path / "small-disk"
    data_dir.mkdir()
    monkeypatch.setenv("MONITOR_DATA_DIR", str(data_dir))
    mounted = can_mount()
    if mounted:
        subprocess.run(["mount", "-t", "tmpfs", "-o", "size=32m", "tmpfs", str(data_dir)], check=True)
    engine = store.make_engine(load_settings())
    try:
        assert refresh().returncode == 0
        before = snapshot(engine)
        engine.dispose()
        corpus.write("B")
        if mounted:
            print("full disk by: tmpfs filled to the last byte")
            filler = _fill(data_dir)
            failed = refresh()
            filler.unlink()
        else:
            print("full disk by: SQLite max_page_count (simulated)")
            command = [sys.executable, "-c", _PAGE_LIMIT]
            failed = subprocess.run(
                command, cwd=PROJECT_ROOT, env=dict(os.environ), capture_output=True, text=True
            )
        assert failed.returncode == 1, failed.stdout + failed.stderr
        said = failed.stdout + failed.stderr
        assert "is full" in said, said
        assert "Traceback" not in failed.stderr.strip().splitlines()[-1]
        assert_sound(engine)
        assert snapshot(engine) == before
        assert refresh().returncode == 0
    finally:
        engine.dispose()
        if mounted:
            unmount(data_dir)
