"""Indicator uploads under hostile input and faults: wide headers, NUL bytes, races, a full disk, links.

All figures here are synthetic fixtures, made up for these tests.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from etl import store
from etl.errors import InvalidData
from etl.indicators import load
from etl.indicators.inbox import ingest_inbox
from etl.indicators.ingest import preview_indicator_bytes, store_indicator_bytes
from etl.settings import PROJECT_ROOT, Settings

LONG = "date,indicator,entity,value\n" + "".join(
    f"2024-{m:02d}-01,Synthetic shipments,PRK,{m * 10}\n" for m in range(1, 13)
)


def counts(engine: Engine) -> tuple[int, int, int]:
    with engine.connect() as conn:
        return tuple(  # type: ignore[return-value]
            conn.execute(sa.select(sa.func.count()).select_from(t)).scalar_one()
            for t in (store.indicator_uploads, store.indicator_series, store.indicator_points)
        )


def test_a_header_of_3000_columns_is_read_as_a_wide_table() -> None:
    header = "date," + ",".join(f"Synthetic series {i}" for i in range(3000)) + "\n"
    rows = "".join(f"2024-01-{d:02d}," + ",".join(str(i + d) for i in range(3000)) + "\n" for d in (1, 2, 3))
    preview = preview_indicator_bytes((header + rows).encode(), "wide.csv")
    assert preview.ok, preview.message
    assert (preview.layout, len(preview.series), preview.points) == ("columns", 3000, 9000)


@pytest.mark.parametrize("where", ["header", "after 8 KB", "utf-16"])
def test_a_nul_byte_anywhere_is_refused_with_its_line_on_every_backend(
    backend_engine: Engine, where: str
) -> None:
    if where == "header":
        data, line = b"date,ind\x00icator,value\n2024-01-01,x,1\n", 1
    elif where == "after 8 KB":
        data, line = (LONG * 60 + "2025-01-01,Synthetic ship\x00ments,PRK,5\n").encode(), 1 + 13 * 60
    else:
        data, line = ("date,value\n2024-01-01,1\x00\n").encode("utf-16"), 2
    with pytest.raises(InvalidData, match=rf"^bad.csv:{line}:\d+: a NUL byte; this is not a text CSV"):
        store_indicator_bytes(backend_engine, data, "bad.csv", "cli")
    assert counts(backend_engine) == (0, 0, 0)


def test_concurrent_uploads_creating_the_same_series_both_succeed(
    backend_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    both_ready = threading.Barrier(2, timeout=3)
    real_series_ids = load._series_ids

    def in_step(conn: sa.Connection, keys: list[load.SeriesKey]) -> list[int]:
        # Both look for the series before either creates it (SQLite serialises writers instead).
        with contextlib.suppress(threading.BrokenBarrierError):
            both_ready.wait()
        return real_series_ids(conn, keys)

    monkeypatch.setattr(load, "_series_ids", in_step)
    files = [LONG.encode(), LONG.replace(",10\n", ",11\n").encode()]
    results: list[object] = []

    def upload(data: bytes) -> None:
        try:
            results.append(store_indicator_bytes(backend_engine, data, "same.csv", "cli"))
        except Exception as exc:  # recorded, so the assertion below shows it
            results.append(exc)

    threads = [threading.Thread(target=upload, args=(data,)) for data in files]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert all(isinstance(r, load.UploadResult) for r in results), results
    assert counts(backend_engine) == (2, 1, 24)


_ADD_WITH_FULL_DISK = (
    "import sqlalchemy, sys\n"
    "from etl.cli.app import main\n"
    "@sqlalchemy.event.listens_for(sqlalchemy.engine.Engine, 'connect')\n"
    "def _limit(dbapi_connection, _record):\n"
    "    pages = dbapi_connection.execute('PRAGMA page_count').fetchone()[0]\n"
    "    dbapi_connection.execute(f'PRAGMA max_page_count = {pages + 2}')\n"
    "sys.argv = ['etl', *sys.argv[1:]]\n"
    "main()\n"
)


def big_file(folder: Path) -> Path:
    path = folder / "big.csv"
    days = [f"{2000 + d // 365}-{1 + d % 365 // 31 % 12:02d}-{1 + d % 28:02d}" for d in range(20_000)]
    path.write_text("date,value\n" + "".join(f"{day},{i}\n" for i, day in enumerate(sorted(set(days)))))
    return path


def test_a_full_disk_during_add_is_one_line_and_stores_nothing(
    settings: Settings, engine: Engine, tmp_path: Path
) -> None:
    """SQLite's max_page_count caps the store just above its size: the "database or disk is full" error."""
    before = counts(engine)
    engine.dispose()
    done = subprocess.run(
        [sys.executable, "-c", _ADD_WITH_FULL_DISK, "indicators", "add", str(big_file(tmp_path))],
        cwd=PROJECT_ROOT,
        env=dict(os.environ),
        capture_output=True,
        text=True,
    )
    assert done.returncode == 1, done.stdout + done.stderr
    assert "Traceback" not in done.stderr, done.stderr[-3000:]
    last = done.stderr.strip().splitlines()[-1]
    assert last.startswith("error: The store refused the write: database or disk is full"), last
    assert counts(engine) == before


def test_an_inbox_file_stays_in_the_inbox_when_the_store_fails(
    settings: Settings, engine: Engine, tmp_path: Path
) -> None:
    settings.inbox_dir.mkdir(parents=True)
    path = big_file(settings.inbox_dir)
    then = time.time() - 60
    os.utime(path, (then, then))

    @sa.event.listens_for(engine, "connect")
    def _full(dbapi_connection: object, _record: object) -> None:
        pages = dbapi_connection.execute("PRAGMA page_count").fetchone()[0]  # type: ignore[attr-defined]
        dbapi_connection.execute(f"PRAGMA max_page_count = {pages + 2}")  # type: ignore[attr-defined]

    engine.dispose()  # new connections get the cap
    result = ingest_inbox(engine, settings)
    assert (result.failed, result.rejected) == (["big.csv"], [])
    assert path.exists() and not (settings.inbox_dir / "rejected").exists()


def test_an_inbox_link_out_of_the_inbox_is_refused_and_its_content_never_shown(
    backend_settings: Settings, backend_engine: Engine, tmp_path: Path
) -> None:
    secret = tmp_path / "shadow"
    secret.write_text("root:SECRET-HASH:19000:0:99999:7:::\n")
    backend_settings.inbox_dir.mkdir(parents=True)
    (backend_settings.inbox_dir / "shadow.csv").symlink_to(secret)
    with store.write_transaction(backend_engine) as conn:
        run_id = conn.execute(
            store.etl_runs.insert().values(trigger="manual", started_at=store.utcnow(), status="running")
        ).inserted_primary_key[0]  # type: ignore[index]
    result = ingest_inbox(backend_engine, backend_settings, run_id=run_id, settle_seconds=0)
    assert result.rejected == ["shadow.csv"]
    [errors] = (backend_settings.inbox_dir / "rejected").glob("*.errors.txt")
    assert "a link to a file outside the inbox; refused" in errors.read_text()
    with backend_engine.connect() as conn:
        issues = " ".join(conn.execute(sa.select(store.etl_issues.c.message)).scalars())
    assert "refused" in issues
    for text in (errors.read_text(), issues):
        assert "SECRET" not in text and "root:" not in text
    assert counts(backend_engine) == (0, 0, 0)
