"""Engines for SQLite (WAL) and PostgreSQL, schema creation, write transactions and the data version."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, overload

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine

from etl.errors import ConfigError, StoreError
from etl.settings import Settings
from etl.store.schema import (
    REVIEW_VIEWS,
    documents,
    etl_runs,
    indicator_series,
    indicator_uploads,
    items_current,
    metadata,
    review_current,
    review_tags,
    review_view_statements,
    reviews,
    view_statements,
)


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


SUPPORTED_URLS = "sqlite:///PATH (SQLite) or postgresql+psycopg://USER@HOST/DB (PostgreSQL through psycopg)"


def store_url(text: str) -> sa.URL:
    """MONITOR_DB_URL parsed and checked for a backend we support; postgresql:// means psycopg."""
    try:
        url = sa.make_url(text)
    except sa.exc.ArgumentError:
        raise ConfigError(f"MONITOR_DB_URL is not a database URL; use {SUPPORTED_URLS}.") from None
    if url.drivername == "postgresql":
        url = url.set(drivername="postgresql+psycopg")
    if url.drivername not in ("sqlite", "sqlite+pysqlite", "postgresql+psycopg"):
        raise ConfigError(
            f"MONITOR_DB_URL names {url.drivername!r}, which is not supported; the supported drivers are "
            f"{SUPPORTED_URLS}."
        )
    return url


def make_engine(settings: Settings) -> Engine:
    """Create the engine for the configured store; SQLite files get their folder created."""
    url = store_url(settings.db_url)
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
            lacks_actor = _lacks_series_actor(conn)
            metadata.create_all(conn)
            _add_missing_columns(conn)
            if lacks_actor:
                _fill_series_actors(conn)
            views = set(sa.inspect(conn).get_view_names())
            if not {"indicator_values", "indicator_latest"} <= views:
                for name in ("indicator_latest", "indicator_values"):
                    conn.exec_driver_sql(f"DROP VIEW IF EXISTS {name}")
                for statement in view_statements(engine.dialect.name):
                    conn.exec_driver_sql(statement)
            _ensure_review_views(conn, views)
    except sa.exc.SQLAlchemyError as exc:
        problem = describe_db_error(exc) + storage_problem(engine)
        raise StoreError(f"Cannot open the store at {engine.url!r}: {problem}") from exc


def _ensure_review_views(conn: Connection, views: set[str]) -> None:
    """(Re)create items_current and item_measures_current when missing or short of an items column."""
    wanted = {c.name for c in items_current.columns}
    if set(REVIEW_VIEWS) <= views:
        have = {c["name"] for c in sa.inspect(conn).get_columns("items_current")}
        if have == wanted:
            return
    for name in REVIEW_VIEWS:
        conn.exec_driver_sql(f"DROP VIEW IF EXISTS {name}")
    # review_current copies the items columns; when they changed, it is remade empty (it is derived:
    # the next decision or refresh that re-extracts fills it again from the ledger).
    have = {c["name"] for c in sa.inspect(conn).get_columns("review_current")}
    if have != {c.name for c in review_current.columns}:
        review_tags.drop(conn)
        review_current.drop(conn)
        metadata.create_all(conn, tables=[review_current, review_tags])
    for statement in review_view_statements():
        conn.exec_driver_sql(statement)


def _add_missing_columns(conn: Connection) -> None:
    """Add columns that newer versions introduced to the tables of an older store (all nullable)."""
    inspector = sa.inspect(conn)
    for table in metadata.sorted_tables:
        present = {c["name"] for c in inspector.get_columns(table.name)}
        for column in table.columns:
            if column.name not in present and column.nullable:
                kind = column.type.compile(dialect=conn.dialect)
                conn.exec_driver_sql(f'ALTER TABLE {table.name} ADD COLUMN "{column.name}" {kind}')


def _lacks_series_actor(conn: Connection) -> bool:
    """True for a store made before indicator_series had actor_id (its table exists without it)."""
    inspector = sa.inspect(conn)
    if not inspector.has_table("indicator_series"):
        return False
    return "actor_id" not in {c["name"] for c in inspector.get_columns("indicator_series")}


def _fill_series_actors(conn: Connection) -> None:
    """Fill the new indicator_series.actor_id of an older store from the reference data."""
    from etl.indicators.entities import entity_actor  # lazy: the store does not need it otherwise
    from etl.settings import load_settings

    # Views of that age ranked one value per indicator and entity, whatever the unit: made again below.
    for name in ("indicator_latest", "indicator_values"):
        conn.exec_driver_sql(f"DROP VIEW IF EXISTS {name}")
    reference_dir = load_settings().reference_dir
    s = indicator_series.c
    for series_id, entity in conn.execute(sa.select(s.series_id, s.entity)).all():
        actor_id = entity_actor(entity, reference_dir)
        if actor_id is not None:
            conn.execute(indicator_series.update().where(s.series_id == series_id).values(actor_id=actor_id))


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


def data_version(engine: Engine) -> str:
    """Changes whenever a refresh succeeds, an upload is stored or made current, or a review is made."""
    with engine.connect() as conn:
        run_id = conn.execute(
            sa.select(sa.func.max(etl_runs.c.run_id)).where(etl_runs.c.status == "succeeded")
        ).scalar()
        upload_id, activated = conn.execute(
            sa.select(
                sa.func.max(indicator_uploads.c.upload_id), sa.func.max(indicator_uploads.c.activated_at)
            )
        ).one()
        review_id = conn.execute(sa.select(sa.func.max(reviews.c.review_id))).scalar()
        # A document added between refreshes (an upload) changes the version too.
        added = conn.execute(sa.select(sa.func.max(documents.c.fetched_at))).scalar()
    return f"{run_id or 0}:{upload_id or 0}:{activated or ''}:{review_id or 0}:{added or ''}"
