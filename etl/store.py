"""The store: SQLAlchemy engine, schema, write transactions and the refresh lock.

SQLite in WAL mode is the embedded default (concurrent readers, one writer across processes);
PostgreSQL is the shared server for teams. The same Core statements run on both.
"""

from __future__ import annotations

import os
import shutil
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, overload

import filelock
import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine

from etl.errors import RefreshLocked, StoreError
from etl.settings import Settings

metadata = sa.MetaData()

documents = sa.Table(
    "documents",
    metadata,
    sa.Column("doc_id", sa.String, primary_key=True),
    sa.Column("title", sa.String, nullable=False),
    sa.Column("publisher", sa.String),
    sa.Column("url", sa.String),
    sa.Column("published_on", sa.Date),
    sa.Column("updated_on", sa.Date),
    sa.Column("kind", sa.String, nullable=False),
    sa.Column("sha256", sa.String(64), nullable=False),
    sa.Column("path", sa.String, nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    # Hash of the reference data and extractor version the items were made with: a change re-extracts.
    sa.Column("extracted_with", sa.String(64), nullable=False),
)

actors = sa.Table(
    "actors",
    metadata,
    sa.Column("actor_id", sa.String, primary_key=True),
    sa.Column("name", sa.String, nullable=False),
    sa.Column("kind", sa.String, nullable=False),
    sa.Column("country_iso3", sa.String(3)),
)

items = sa.Table(
    "items",
    metadata,
    sa.Column("item_id", sa.String, primary_key=True),
    sa.Column("doc_id", sa.String, sa.ForeignKey("documents.doc_id"), nullable=False, index=True),
    sa.Column("category", sa.String, nullable=False, index=True),
    sa.Column("from_actor_id", sa.String, sa.ForeignKey("actors.actor_id")),
    sa.Column("to_actor_id", sa.String, sa.ForeignKey("actors.actor_id")),
    # "from_to" when the text gives a direction; "between" when it names two parties without one.
    sa.Column("direction", sa.String, nullable=False, default="from_to"),
    sa.Column("goods", sa.String),
    sa.Column("goods_class", sa.String),
    sa.Column("quantity", sa.Float),
    sa.Column("quantity_unit", sa.String),
    sa.Column("date_start", sa.Date),
    sa.Column("date_end", sa.Date),
    sa.Column("date_precision", sa.String, nullable=False),
    sa.Column("date_text", sa.String),
    sa.Column("status", sa.String, nullable=False),
    sa.Column("summary", sa.Text, nullable=False),
    sa.Column("quote", sa.Text, nullable=False),
    sa.Column("char_start", sa.Integer, nullable=False),
    sa.Column("char_end", sa.Integer, nullable=False),
    sa.Column("confidence", sa.Float, nullable=False),
    sa.CheckConstraint(
        "date_start IS NULL OR date_end IS NULL OR date_start <= date_end", name="item_dates_ordered"
    ),
)

measures = sa.Table(
    "measures",
    metadata,
    sa.Column("measure_id", sa.String, primary_key=True),
    sa.Column("regime", sa.String, nullable=False),
    sa.Column("instrument", sa.String, nullable=False),
    sa.Column("provision", sa.String, nullable=False),
    sa.Column("adopted_on", sa.Date),
    sa.Column("in_force_from", sa.Date),
    sa.Column("in_force_to", sa.Date),
    sa.Column("summary", sa.Text, nullable=False),
    sa.Column("source_url", sa.String),
    sa.Column("provision_confidence", sa.String, nullable=False),
)

item_measures = sa.Table(
    "item_measures",
    metadata,
    sa.Column("item_id", sa.String, sa.ForeignKey("items.item_id"), primary_key=True),
    sa.Column("measure_id", sa.String, sa.ForeignKey("measures.measure_id"), primary_key=True),
    sa.Column("rationale", sa.Text, nullable=False),
)

indicator_uploads = sa.Table(
    "indicator_uploads",
    metadata,
    sa.Column("upload_id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("filename", sa.String, nullable=False),
    sa.Column("sha256", sa.String(64), nullable=False, unique=True),
    sa.Column("uploaded_at", sa.DateTime(timezone=True), nullable=False),
    # Raised when a user makes an older upload current again; the newest activation wins.
    sa.Column("activated_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("via", sa.String, nullable=False),
    sa.Column("rows", sa.Integer, nullable=False),
    sa.Column("series", sa.Integer, nullable=False),
    sa.Column("layout", sa.String),
    sa.Column("source", sa.String),
)

indicator_series = sa.Table(
    "indicator_series",
    metadata,
    sa.Column("series_id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("indicator", sa.String, nullable=False),
    sa.Column("entity", sa.String, nullable=False),
    sa.Column("unit", sa.String, nullable=False),
    sa.Column("granularity", sa.String, nullable=False),
    sa.UniqueConstraint("indicator", "entity", "unit", "granularity", name="indicator_series_key"),
)

# Points are integer-keyed: period_start is days since 1970-01-01, so no string repeats per row.
indicator_points = sa.Table(
    "indicator_points",
    metadata,
    sa.Column("upload_id", sa.Integer, sa.ForeignKey("indicator_uploads.upload_id"), primary_key=True),
    sa.Column("series_id", sa.Integer, sa.ForeignKey("indicator_series.series_id"), primary_key=True),
    sa.Column("period_start", sa.Integer, primary_key=True),
    sa.Column("value", sa.Float),
    # On SQLite the rows live in the primary-key b-tree itself, with no separate rowid table and key
    # index: half the writes per point and a smaller file. Other databases ignore the option.
    sqlite_with_rowid=False,
)

etl_runs = sa.Table(
    "etl_runs",
    metadata,
    sa.Column("run_id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("trigger", sa.String, nullable=False),
    sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("finished_at", sa.DateTime(timezone=True)),
    sa.Column("status", sa.String, nullable=False),
    sa.Column("documents_seen", sa.Integer, nullable=False, default=0),
    sa.Column("documents_changed", sa.Integer, nullable=False, default=0),
    sa.Column("documents_skipped", sa.Integer, nullable=False, default=0),
    sa.Column("items_written", sa.Integer, nullable=False, default=0),
    sa.Column("warnings", sa.Integer, nullable=False, default=0),
    sa.Column("message", sa.Text),
    sa.Column("host", sa.String),
    sa.Column("pid", sa.Integer),
)

etl_issues = sa.Table(
    "etl_issues",
    metadata,
    sa.Column("issue_id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("run_id", sa.Integer, sa.ForeignKey("etl_runs.run_id"), nullable=False, index=True),
    sa.Column("level", sa.String, nullable=False),
    sa.Column("doc_id", sa.String),
    sa.Column("message", sa.Text, nullable=False),
)

# A running scheduler rewrites its row this often; `status` calls it gone after a few missed beats.
HEARTBEAT_SECONDS = 60
scheduler_heartbeat = sa.Table(
    "scheduler_heartbeat",
    metadata,
    sa.Column("scheduler_id", sa.String, primary_key=True),
    sa.Column("host", sa.String, nullable=False),
    sa.Column("pid", sa.Integer, nullable=False),
    sa.Column("cron", sa.String, nullable=False),
    sa.Column("beat_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("next_run_at", sa.DateTime(timezone=True)),
)

_SQLITE_DAY = "date(p.period_start * 86400, 'unixepoch')"
_PG_DAY = "(DATE '1970-01-01' + p.period_start)"

_SQLITE_PERIOD_END = {
    "day": f"{_SQLITE_DAY}",
    "month": f"date({_SQLITE_DAY}, '+1 month', '-1 day')",
    "quarter": f"date({_SQLITE_DAY}, '+3 months', '-1 day')",
    "year": f"date({_SQLITE_DAY}, '+1 year', '-1 day')",
}
_PG_PERIOD_END = {
    "day": f"to_char({_PG_DAY}, 'YYYY-MM-DD')",
    "month": f"to_char({_PG_DAY} + interval '1 month' - interval '1 day', 'YYYY-MM-DD')",
    "quarter": f"to_char({_PG_DAY} + interval '3 months' - interval '1 day', 'YYYY-MM-DD')",
    "year": f"to_char({_PG_DAY} + interval '1 year' - interval '1 day', 'YYYY-MM-DD')",
}


def _view_statements(dialect: str) -> list[str]:
    """CREATE VIEW statements for indicator_values and indicator_latest in the given dialect."""
    if dialect == "sqlite":
        start, ends = _SQLITE_DAY, _SQLITE_PERIOD_END
    else:
        start, ends = f"to_char({_PG_DAY}, 'YYYY-MM-DD')", _PG_PERIOD_END
    end_case = "CASE s.granularity " + " ".join(f"WHEN '{g}' THEN {e}" for g, e in ends.items()) + " END"
    columns = (
        f"p.upload_id, s.indicator, s.entity, s.unit, s.granularity, {start} AS period_start, "
        f"{end_case} AS period_end, p.value"
    )
    values = (
        f"CREATE VIEW indicator_values AS SELECT {columns} "
        "FROM indicator_points p JOIN indicator_series s ON s.series_id = p.series_id"
    )
    latest = (
        "CREATE VIEW indicator_latest AS SELECT upload_id, indicator, entity, unit, granularity, "
        "period_start, period_end, value FROM ("
        f"SELECT {columns}, ROW_NUMBER() OVER (PARTITION BY s.indicator, s.entity, p.period_start "
        "ORDER BY u.activated_at DESC, u.upload_id DESC) AS rank_in_period "
        "FROM indicator_points p JOIN indicator_series s ON s.series_id = p.series_id "
        "JOIN indicator_uploads u ON u.upload_id = p.upload_id) ranked WHERE rank_in_period = 1"
    )
    return [values, latest]


def _configure_sqlite(engine: Engine, busy_timeout_s: float) -> None:
    """WAL, foreign keys, a busy timeout, and explicit BEGIN so transactions mean what they say."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # let SQLAlchemy's begin event own transactions
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {int(busy_timeout_s * 1000)}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        # A writer takes the write lock up front (IMMEDIATE) so it waits on busy_timeout instead of
        # failing half-way when it upgrades from a read lock.
        immediate = conn.get_execution_options().get("write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def make_engine(settings: Settings) -> Engine:
    """Create the engine for the configured store; SQLite files get their folder created."""
    url = sa.make_url(settings.db_url)
    if url.get_backend_name() == "sqlite":
        # A SQLite URI filename (sqlite:///file:/path?mode=ro&uri=true) names its file after "file:".
        database = url.database or ""
        if url.query.get("uri") == "true":
            database = database.removeprefix("file:")
        if database and database != ":memory:":
            try:
                Path(database).parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(f"Cannot create the store's folder {Path(database).parent}: {exc}") from exc
        engine = sa.create_engine(url, connect_args={"timeout": settings.lock_timeout})
        _configure_sqlite(engine, settings.lock_timeout)
        return engine
    engine = sa.create_engine(url, pool_pre_ping=True, connect_args={"connect_timeout": 10})
    _configure_postgresql(engine, settings.lock_timeout)
    return engine


def _configure_postgresql(engine: Engine, lock_timeout_s: float) -> None:
    """Bounded waits: a statement blocked by another session's lock gives up after MONITOR_LOCK_TIMEOUT."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        with dbapi_connection.cursor() as cursor:
            cursor.execute(f"SET lock_timeout = {int(lock_timeout_s * 1000)}")
        dbapi_connection.commit()


# Errors that mean "another process kept the store busy", explained in words a user can act on.
_BUSY_MARKERS = ("database is locked", "lock timeout")


def describe_db_error(exc: BaseException) -> str:
    """One line saying why the store refused, without the SQL statement and parameters."""
    original = getattr(exc, "orig", None) or exc
    text = str(original).strip().splitlines()[0] if str(original).strip() else type(original).__name__
    if any(marker in text for marker in _BUSY_MARKERS):
        text += (
            " (another process, such as an indicator upload or a maintenance job, kept the store busy for "
            "longer than MONITOR_LOCK_TIMEOUT; nothing was changed, try again later)"
        )
    return text


def ensure_schema(engine: Engine) -> None:
    """Create missing tables and the indicator views; safe to call on every start."""
    try:
        with engine.connect().execution_options(write=True) as conn, conn.begin():
            metadata.create_all(conn)
            inspector = sa.inspect(conn)
            views = set(inspector.get_view_names())
            if not {"indicator_values", "indicator_latest"} <= views:
                for name in ("indicator_latest", "indicator_values"):
                    conn.exec_driver_sql(f"DROP VIEW IF EXISTS {name}")
                for statement in _view_statements(engine.dialect.name):
                    conn.exec_driver_sql(statement)
    except sa.exc.SQLAlchemyError as exc:
        problem = describe_db_error(exc) + storage_problem(engine)
        raise StoreError(f"Cannot open the store at {engine.url!r}: {problem}") from exc


@contextmanager
def write_transaction(engine: Engine, *, check_foreign_keys: bool = True) -> Iterator[Connection]:
    """One atomic write: everything inside commits together or not at all.

    check_foreign_keys=False spares SQLite a lookup per inserted row for bulk inserts whose parent rows
    the caller writes or reads in the same transaction; PostgreSQL checks regardless.
    """
    try:
        with (
            engine.connect().execution_options(write=True) as conn,
            _sqlite_foreign_keys_off(conn, not check_foreign_keys),
            conn.begin(),
        ):
            yield conn
    except sa.exc.OperationalError as exc:
        problem = describe_db_error(exc) + storage_problem(engine)
        raise StoreError(f"The store refused the write: {problem}") from exc


@contextmanager
def _sqlite_foreign_keys_off(conn: Connection, off: bool) -> Iterator[None]:
    """Switch SQLite's foreign-key checks off around a transaction and back on before pooling."""
    if not off or conn.dialect.name != "sqlite":
        yield
        return
    # The pragma is ignored inside a transaction, so it goes to the driver connection before BEGIN.
    conn.connection.driver_connection.execute("PRAGMA foreign_keys = OFF")  # type: ignore[union-attr]
    try:
        yield
    finally:
        try:
            conn.connection.driver_connection.execute("PRAGMA foreign_keys = ON")  # type: ignore[union-attr]
        except Exception:  # never pool a connection that skips the checks
            conn.invalidate()


def storage_problem(engine: Engine) -> str:
    """For a SQLite store, name the usual cause of a failed write: a read-only folder or a full disk."""
    database = engine.url.database if engine.dialect.name == "sqlite" else None
    if not database or database == ":memory:":
        return ""
    path = Path(database)
    for target in (path.parent, path):
        if target.exists() and not os.access(target, os.W_OK):
            return f" ({target} is read-only; the store needs to write there)"
    try:
        free = shutil.disk_usage(path.parent).free
    except OSError:
        return ""
    if free < 1024 * 1024:
        return f" (the disk holding {path.parent} is full: {free // 1024} KB free)"
    return ""


def utcnow() -> datetime:
    return datetime.now(UTC)


@overload
def as_utc(value: datetime) -> datetime: ...
@overload
def as_utc(value: None) -> None: ...
def as_utc(value: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes; every timestamp we store is UTC."""
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=UTC)


# Arbitrary but fixed key for pg_try_advisory_lock: one refresh at a time per database.
_PG_REFRESH_LOCK_KEY = 0x5A4E4354


def _running_since(engine: Engine) -> str:
    """Describe the refresh holding the lock, from its etl_runs row when it has one."""
    try:
        with engine.connect() as conn:
            row = conn.execute(
                sa.select(etl_runs.c.run_id, etl_runs.c.started_at, etl_runs.c.host, etl_runs.c.pid)
                .where(etl_runs.c.status == "running")
                .order_by(etl_runs.c.run_id.desc())
                .limit(1)
            ).first()
    except sa.exc.SQLAlchemyError:
        row = None
    if row is None:
        return "started moments ago"
    started = as_utc(row.started_at)
    assert started is not None
    return f"run {row.run_id} on {row.host} pid {row.pid}, running since {started:%Y-%m-%d %H:%M:%S} UTC"


@contextmanager
def refresh_lock(engine: Engine, settings: Settings) -> Iterator[None]:
    """Hold the one-refresh-at-a-time lock, or raise RefreshLocked at once.

    SQLite: an OS file lock (released by the kernel when the holder dies, so a killed refresh never
    blocks later ones). PostgreSQL: a session advisory lock, likewise released with its connection.
    """
    if engine.dialect.name == "sqlite":
        try:
            settings.data_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"Cannot create the data folder {settings.data_dir}: {exc}") from exc
        lock = filelock.FileLock(str(settings.lock_path), timeout=0)
        try:
            lock.acquire()
        except filelock.Timeout:
            raise RefreshLocked(_running_since(engine)) from None
        except OSError as exc:
            raise StoreError(f"Cannot take the refresh lock {settings.lock_path}: {exc}") from exc
        try:
            yield
        finally:
            lock.release()
        return
    with engine.connect() as conn:
        key = {"key": _PG_REFRESH_LOCK_KEY}
        got = conn.execute(sa.text("SELECT pg_try_advisory_lock(:key)"), key).scalar()
        conn.commit()
        if not got:
            raise RefreshLocked(_running_since(engine))
        try:
            yield
        finally:
            conn.execute(sa.text("SELECT pg_advisory_unlock(:key)"), {"key": _PG_REFRESH_LOCK_KEY})
            conn.commit()


def refresh_lock_held(conn: Connection) -> bool | None:
    """Whether some session holds the PostgreSQL refresh lock, without taking it; None on SQLite."""
    if conn.dialect.name == "sqlite":
        return None  # probing a file lock means taking it, which could turn a starting refresh away
    held = conn.execute(
        sa.text("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND objid = :key AND granted"),
        {"key": _PG_REFRESH_LOCK_KEY},
    ).scalar()
    return bool(held)


def this_host() -> str:
    return socket.gethostname()


def pid_alive(pid: int) -> bool:
    """Whether a process with this id exists on this host (one we may not signal still counts)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def data_version(engine: Engine) -> str:
    """Changes whenever a refresh succeeds or an upload is stored or made current."""
    with engine.connect() as conn:
        run_id = conn.execute(
            sa.select(sa.func.max(etl_runs.c.run_id)).where(etl_runs.c.status == "succeeded")
        ).scalar()
        upload_id, activated = conn.execute(
            sa.select(
                sa.func.max(indicator_uploads.c.upload_id), sa.func.max(indicator_uploads.c.activated_at)
            )
        ).one()
    return f"{run_id or 0}:{upload_id or 0}:{activated or ''}"
