"""The store behaves the same on SQLite and PostgreSQL: schema, atomic writes, the refresh lock, views."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
import uuid
from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from etl import store
from etl.errors import EXIT_LOCKED, RefreshLocked, StoreError
from etl.settings import PROJECT_ROOT, Settings


def _count(engine: Engine, table: sa.Table) -> int:
    with engine.connect() as conn:
        return int(conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one())


def _document(doc_id: str = "doc-1") -> dict[str, object]:
    return {
        "doc_id": doc_id,
        "title": "Synthetic test document",
        "kind": "analyst_note",
        "sha256": "0" * 64,
        "path": f"{doc_id}.md",
        "text": "Synthetic text.",
        "extracted_with": "test",
    }


def _item(item_id: str, doc_id: str = "doc-1", **overrides: object) -> dict[str, object]:
    values: dict[str, object] = {
        "item_id": item_id,
        "doc_id": doc_id,
        "category": "statement",
        "date_precision": "unknown",
        "status": "reported",
        "summary": "Synthetic item",
        "quote": "Synthetic text.",
        "char_start": 0,
        "char_end": 15,
        "confidence": 0.5,
    }
    values.update(overrides)
    return values


def test_schema_is_created_once_and_reopening_keeps_data(backend_engine: Engine) -> None:
    with store.write_transaction(backend_engine) as conn:
        conn.execute(store.documents.insert().values(**_document()))
    store.ensure_schema(backend_engine)  # a second start must not drop or duplicate anything
    inspector = sa.inspect(backend_engine)
    assert {"documents", "items", "etl_runs", "scheduler_heartbeat"} <= set(inspector.get_table_names())
    assert {"indicator_values", "indicator_latest"} <= set(inspector.get_view_names())
    assert _count(backend_engine, store.documents) == 1


def test_a_failed_write_leaves_nothing_behind(backend_engine: Engine) -> None:
    with pytest.raises(RuntimeError), store.write_transaction(backend_engine) as conn:
        conn.execute(store.documents.insert().values(**_document()))
        conn.execute(store.items.insert().values(**_item("item-1")))
        raise RuntimeError("stop half-way")
    assert _count(backend_engine, store.documents) == 0
    assert _count(backend_engine, store.items) == 0


def test_contracts_are_enforced_by_the_database(backend_engine: Engine) -> None:
    with store.write_transaction(backend_engine) as conn:
        conn.execute(store.documents.insert().values(**_document()))
    with pytest.raises(sa.exc.IntegrityError), store.write_transaction(backend_engine) as conn:
        conn.execute(store.items.insert().values(**_item("orphan", doc_id="no-such-document")))
    with pytest.raises(sa.exc.IntegrityError), store.write_transaction(backend_engine) as conn:
        conn.execute(
            store.items.insert().values(
                **_item("backwards", date_start=date(2024, 6, 30), date_end=date(2024, 6, 1))
            )
        )
    assert _count(backend_engine, store.items) == 0


def test_timestamps_come_back_as_utc(backend_engine: Engine) -> None:
    moment = datetime(2024, 6, 19, 12, 30, tzinfo=UTC)
    with store.write_transaction(backend_engine) as conn:
        conn.execute(store.etl_runs.insert().values(trigger="manual", started_at=moment, status="succeeded"))
    with backend_engine.connect() as conn:
        started = conn.execute(sa.select(store.etl_runs.c.started_at)).scalar_one()
    assert store.as_utc(started) == moment


def test_second_refresh_lock_is_refused_naming_the_running_refresh(
    backend_engine: Engine, backend_settings: Settings
) -> None:
    with store.write_transaction(backend_engine) as conn:
        conn.execute(
            store.etl_runs.insert().values(
                trigger="schedule", started_at=store.utcnow(), status="running", host="db-host", pid=4242
            )
        )
    with store.refresh_lock(backend_engine, backend_settings):
        with pytest.raises(RefreshLocked) as refused, store.refresh_lock(backend_engine, backend_settings):
            pass
        assert refused.value.exit_code == EXIT_LOCKED
        assert "db-host pid 4242" in str(refused.value)
    with store.refresh_lock(backend_engine, backend_settings):  # released: the next one gets it
        pass


def test_lock_probe_sees_a_held_postgresql_lock_without_taking_it(
    backend_engine: Engine, backend_settings: Settings
) -> None:
    with backend_engine.connect() as conn:
        before = store.refresh_lock_held(conn)
    with store.refresh_lock(backend_engine, backend_settings), backend_engine.connect() as conn:
        during = store.refresh_lock_held(conn)
    if backend_engine.dialect.name == "sqlite":
        assert before is None and during is None
    else:
        assert before is False and during is True


@pytest.mark.postgres
def test_a_monitor_in_another_database_does_not_look_like_a_running_refresh(pg_url: str) -> None:
    """Advisory locks belong to one database: another monitor's refresh on the same server is not ours."""
    other = sa.create_engine(sa.make_url(pg_url).set(database="postgres"))
    engine = sa.create_engine(pg_url)
    try:
        with other.connect() as elsewhere:
            key = {"key": store.lock._PG_REFRESH_LOCK_KEY}
            elsewhere.execute(sa.text("SELECT pg_advisory_lock(:key)"), key)
            with engine.connect() as conn:
                assert store.refresh_lock_held(conn) is False
            elsewhere.execute(sa.text("SELECT pg_advisory_unlock_all()"))
    finally:
        other.dispose()
        engine.dispose()


@pytest.mark.postgres
def test_a_monitor_in_another_schema_of_the_same_database_refreshes_on_its_own(
    pg_url: str, settings: Settings
) -> None:
    """Two stores in two schemas of one database: one's refresh neither blocks nor shows in the other."""
    url = sa.make_url(pg_url)
    other_schema = f"other_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(url.set(query={}))
    with admin.begin() as conn:
        conn.exec_driver_sql(f"CREATE SCHEMA {other_schema}")
    ours = sa.create_engine(url)
    theirs = sa.create_engine(url.update_query_dict({"options": f"-csearch_path={other_schema}"}))
    try:
        with store.refresh_lock(theirs, settings):
            with ours.connect() as conn:
                assert store.refresh_lock_held(conn) is False
            with store.refresh_lock(ours, settings), ours.connect() as conn:
                assert store.refresh_lock_held(conn) is True
            with theirs.connect() as conn:
                assert store.refresh_lock_held(conn) is True
    finally:
        ours.dispose()
        theirs.dispose()
        with admin.begin() as conn:
            conn.exec_driver_sql(f"DROP SCHEMA {other_schema} CASCADE")
        admin.dispose()


_HOLD_LOCK = textwrap.dedent(
    """
    import time
    from etl import store
    from etl.settings import load_settings
    settings = load_settings()
    engine = store.make_engine(settings)
    with store.refresh_lock(engine, settings):
        print("locked", flush=True)
        time.sleep(120)
    """
)


def test_lock_of_a_killed_process_never_blocks_later_refreshes(
    backend_engine: Engine, backend_settings: Settings
) -> None:
    """Fault (c): a refresh killed with SIGKILL cannot release its lock; the next one must still get it."""
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLD_LOCK],
        cwd=PROJECT_ROOT,
        env=dict(os.environ),
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        with pytest.raises(RefreshLocked), store.refresh_lock(backend_engine, backend_settings):
            pass
        holder.send_signal(signal.SIGKILL)
        holder.wait()
    finally:
        holder.kill()
        holder.wait()
    # The kernel frees the file lock at once; PostgreSQL frees the advisory lock when it notices the
    # dropped connection, which can take a moment.
    for _attempt in range(100):
        try:
            with store.refresh_lock(backend_engine, backend_settings):
                return
        except RefreshLocked:
            time.sleep(0.1)
    pytest.fail("the lock of a killed process was still held 10 s later")


def _upload(conn: sa.Connection, upload_id: int, activated: datetime) -> None:
    conn.execute(
        store.indicator_uploads.insert().values(
            upload_id=upload_id,
            filename=f"upload-{upload_id}.csv",
            sha256=f"{upload_id:064d}",
            uploaded_at=activated,
            activated_at=activated,
            via="cli",
            rows=3,
            series=3,
        )
    )


def test_indicator_views_expand_periods_and_pick_the_newest_upload(backend_engine: Engine) -> None:
    june = (date(2024, 6, 1) - date(1970, 1, 1)).days
    with store.write_transaction(backend_engine) as conn:
        for series_id, granularity in enumerate(("day", "month", "quarter", "year"), start=1):
            conn.execute(
                store.indicator_series.insert().values(
                    series_id=series_id,
                    indicator=f"synthetic {granularity}",
                    entity="RUS",
                    unit="count",
                    granularity=granularity,
                )
            )
        _upload(conn, 1, datetime(2024, 7, 1, tzinfo=UTC))
        _upload(conn, 2, datetime(2024, 8, 1, tzinfo=UTC))
        for series_id in (1, 2, 3, 4):
            conn.execute(
                store.indicator_points.insert().values(
                    upload_id=1, series_id=series_id, period_start=june, value=1.0
                )
            )
        conn.execute(
            store.indicator_points.insert().values(upload_id=2, series_id=2, period_start=june, value=2.0)
        )

    with backend_engine.connect() as conn:
        values = conn.execute(
            sa.text("SELECT granularity, period_start, period_end FROM indicator_values WHERE upload_id = 1")
        ).all()
        latest = conn.execute(
            sa.text("SELECT upload_id, value FROM indicator_latest WHERE granularity = 'month'")
        ).one()
    assert sorted(values) == [
        ("day", "2024-06-01", "2024-06-01"),
        ("month", "2024-06-01", "2024-06-30"),
        ("quarter", "2024-06-01", "2024-08-31"),
        ("year", "2024-06-01", "2025-05-31"),
    ]
    assert tuple(latest) == (2, 2.0)


def test_data_version_moves_with_a_successful_refresh_and_an_upload(backend_engine: Engine) -> None:
    first = store.data_version(backend_engine)
    with store.write_transaction(backend_engine) as conn:
        conn.execute(
            store.etl_runs.insert().values(trigger="manual", started_at=store.utcnow(), status="failed")
        )
    assert store.data_version(backend_engine) == first  # a failed refresh changes no data
    with store.write_transaction(backend_engine) as conn:
        conn.execute(
            store.etl_runs.insert().values(trigger="manual", started_at=store.utcnow(), status="succeeded")
        )
    second = store.data_version(backend_engine)
    with store.write_transaction(backend_engine) as conn:
        _upload(conn, 1, store.utcnow())
    assert len({first, second, store.data_version(backend_engine)}) == 3


def test_an_unreachable_store_is_a_clear_error(settings: Settings, tmp_path: os.PathLike[str]) -> None:
    blocker = os.path.join(tmp_path, "not-a-folder")
    open(blocker, "w").close()
    broken = Settings(**{**settings.__dict__, "db_url": f"sqlite:///{blocker}/monitor.sqlite"})
    with pytest.raises(StoreError, match="not-a-folder"):
        store.make_engine(broken)
