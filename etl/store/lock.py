"""One refresh at a time: a file lock beside the SQLite store, an advisory lock on PostgreSQL; liveness."""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from etl.errors import RefreshLocked, StoreError
from etl.settings import Settings
from etl.store.engine import as_utc, describe_db_error
from etl.store.schema import etl_runs

# A plain stdlib logger: the handlers etl/logs.py installs format its records like every other event.
log = logging.getLogger("etl.store")

# Arbitrary but fixed key for pg_try_advisory_lock, paired with a hash of the store's schema: one refresh
# at a time per store, so monitors in other schemas of the same database do not turn each other away.
_PG_REFRESH_LOCK_KEY = 0x5A4E4354
_SCHEMA_KEY = "hashtext(current_schema())"


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


def sqlite_lock_path(engine: Engine, settings: Settings) -> Path:
    """The lock file of a SQLite store: beside the store file, so each store has its own lock."""
    database = engine.url.database or ""
    if engine.url.query.get("uri") == "true":
        database = database.removeprefix("file:").split("?", 1)[0]
    if not database or database == ":memory:":
        return settings.data_dir / "refresh.lock"
    path = Path(database).resolve()
    return path.with_name(path.name + ".refresh-lock")


@contextmanager
def refresh_lock(engine: Engine, settings: Settings) -> Iterator[None]:
    """Hold the one-refresh-at-a-time lock, or raise RefreshLocked at once.

    SQLite: an OS file lock (released by the kernel when the holder dies, so a killed refresh never
    blocks later ones). PostgreSQL: a session advisory lock, likewise released with its connection.
    """
    if engine.dialect.name == "sqlite":
        with _file_lock(engine, sqlite_lock_path(engine, settings)):
            yield
        return
    with _advisory_lock(engine):
        yield


@contextmanager
def _file_lock(engine: Engine, path: Path) -> Iterator[None]:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"Cannot create the store's folder {path.parent}: {exc}") from exc
    try:
        import fcntl
    except ImportError:  # Windows: filelock's lock, loaded only there (it costs a refresh 15 ms to import)
        with _portable_file_lock(engine, path):
            yield
        return
    try:
        fd = _open_lock_file(path)
    except OSError as exc:
        raise StoreError(f"Cannot take the refresh lock {path}: {exc}") from exc
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:  # another process (or another open of the file here) holds it
            raise RefreshLocked(_running_since(engine)) from None
        except OSError as exc:
            raise StoreError(f"Cannot take the refresh lock {path}: {exc}") from exc
        yield
    finally:
        os.close(fd)  # closing the file releases the lock, as the kernel does when the process dies


def _open_lock_file(path: Path) -> int:
    """The lock file, made if missing (permissions from the umask); read-only when another user made it."""
    try:
        return os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
    except PermissionError:
        return os.open(path, os.O_RDONLY)


@contextmanager
def _portable_file_lock(engine: Engine, path: Path) -> Iterator[None]:
    import filelock

    lock = filelock.FileLock(str(path), timeout=0)
    try:
        lock.acquire()
    except filelock.Timeout:
        raise RefreshLocked(_running_since(engine)) from None
    except OSError as exc:
        raise StoreError(f"Cannot take the refresh lock {path}: {exc}") from exc
    try:
        yield
    finally:
        lock.release()


@contextmanager
def _advisory_lock(engine: Engine) -> Iterator[None]:
    key = {"key": _PG_REFRESH_LOCK_KEY}
    try:
        conn = engine.connect()
        got = conn.execute(sa.text(f"SELECT pg_try_advisory_lock(:key, {_SCHEMA_KEY})"), key).scalar()
        conn.commit()
    except sa.exc.SQLAlchemyError as exc:
        raise StoreError(f"Cannot take the refresh lock: {describe_db_error(exc)}") from exc
    try:
        if not got:
            raise RefreshLocked(_running_since(engine))
        yield
    finally:
        try:
            if got:
                conn.execute(sa.text(f"SELECT pg_advisory_unlock(:key, {_SCHEMA_KEY})"), key)
                conn.commit()
            conn.close()
        except sa.exc.SQLAlchemyError as exc:
            # The server or the connection went away: the lock went with the session, nothing to free.
            log.warning("lock.release_failed: %s", describe_db_error(exc))
            conn.invalidate()


def refresh_lock_held(conn: Connection) -> bool | None:
    """Whether some session holds the PostgreSQL refresh lock, without taking it; None on SQLite."""
    if conn.dialect.name == "sqlite":
        return None  # probing a file lock means taking it, which could turn a starting refresh away
    held = conn.execute(
        # Advisory locks belong to one database, and the second key is this store's schema: a monitor in
        # another database or schema of the same server holds its own. A two-key lock shows as
        # (classid, objid) = (key1, key2) with objsubid 2.
        sa.text(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted AND objsubid = 2"
            f" AND classid = :key AND objid = {_SCHEMA_KEY}::oid"
            " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"
        ),
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
