"""Versioned storage of indicator uploads: every upload kept, the newest activation wins, nothing deleted."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import numpy as np
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from etl.errors import MonitorError, StoreError
from etl.indicators.entities import entity_actor
from etl.indicators.validate import SeriesKey, Validated
from etl.settings import load_settings
from etl.store import (
    as_utc,
    describe_db_error,
    indicator_points,
    indicator_series,
    indicator_uploads,
    storage_problem,
    utcnow,
    write_transaction,
)

INSERT_CHUNK = 50_000
STORE_ATTEMPTS = 3
COPY_BLOCK_BYTES = 1 << 20
SQLITE_ROWS_PER_INSERT = 5_000
_COLUMNS = "(upload_id, series_id, period_start, value)"


@dataclass(frozen=True)
class UploadResult:
    """What one stored file became. duplicate_of is set (and nothing new stored) for a re-upload."""

    upload_id: int
    filename: str
    rows: int
    series: int
    duplicate_of: int | None = None


class UnknownUpload(MonitorError):
    """No upload has the id the user gave."""


def find_upload_by_sha256(conn: Connection, sha256: str) -> sa.Row[Any] | None:
    return conn.execute(sa.select(indicator_uploads).where(indicator_uploads.c.sha256 == sha256)).first()


def _as_result(row: sa.Row[Any]) -> UploadResult:
    return UploadResult(row.upload_id, row.filename, row.rows, row.series, duplicate_of=row.upload_id)


def duplicate_of(engine: Engine, sha256: str) -> UploadResult | None:
    """The earlier upload with exactly these bytes, if any."""
    with engine.connect() as conn:
        row = find_upload_by_sha256(conn, sha256)
    return _as_result(row) if row else None


def _new_id(inserted: sa.CursorResult[Any]) -> int:
    key = inserted.inserted_primary_key
    assert key is not None
    return int(key[0])


def _dialect_insert(conn: Connection) -> Any:
    """INSERT with ON CONFLICT for this dialect (SQLite and PostgreSQL spell it the same in SQLAlchemy)."""
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert  # type: ignore[assignment]
    return insert


def _series_ids(conn: Connection, keys: list[SeriesKey]) -> list[int]:
    """Ids for the series keys, creating the series that are new."""
    s = indicator_series.c
    indicators = sorted({k.indicator for k in keys})

    def known() -> dict[tuple[str, str, str, str], int]:
        found = {}
        for start in range(0, len(indicators), 500):  # bound the IN list for large uploads
            rows = conn.execute(
                sa.select(s.series_id, s.indicator, s.entity, s.unit, s.granularity).where(
                    s.indicator.in_(indicators[start : start + 500])
                )
            )
            found.update({(r.indicator, r.entity, r.unit, r.granularity): r.series_id for r in rows})
        return found

    ids = known()
    new = sorted({(k.indicator, k.entity, k.unit, k.granularity) for k in keys} - ids.keys())
    if new:
        # Another upload may create the same series at the same moment: keep whichever came first.
        columns = ("indicator", "entity", "unit", "granularity")
        reference_dir = load_settings().reference_dir
        insert = _dialect_insert(conn)(indicator_series).on_conflict_do_nothing(index_elements=list(columns))
        conn.execute(
            insert,
            [
                {**dict(zip(columns, key, strict=True)), "actor_id": entity_actor(key[1], reference_dir)}
                for key in new
            ],
        )
        ids = known()
    return [ids[(k.indicator, k.entity, k.unit, k.granularity)] for k in keys]


def _insert_points_sqlite(
    raw: Any, upload_id: int, series_ids: np.ndarray, days: np.ndarray, values: np.ndarray
) -> None:
    """Many rows per INSERT statement: the per-statement cost of executemany is paid 1/rows_per times."""
    import sqlite3

    per = max(1, min(SQLITE_ROWS_PER_INSERT, raw.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER) // 3))

    def rows(start: int, end: int) -> list[Any]:
        """Parameters of rows start..end as Python objects: series, period, value, series, ..."""
        flat: list[Any] = [None] * (3 * (end - start))
        flat[0::3] = series_ids[start:end].tolist()
        flat[1::3] = days[start:end].tolist()
        flat[2::3] = values[start:end].tolist()  # NaN binds as NULL, which is how gaps are kept
        return flat

    def statement(count: int) -> str:
        return f"INSERT INTO indicator_points {_COLUMNS} VALUES " + ", ".join(
            [f"({int(upload_id)}, ?, ?, ?)"] * count
        )

    whole = (len(days) // per) * per
    if whole:  # each statement's parameters are made when it is reached: no million-object lists
        raw.executemany(statement(per), (rows(start, start + per) for start in range(0, whole, per)))
    if whole < len(days):
        raw.execute(statement(len(days) - whole), rows(whole, len(days)))


# PostgreSQL's binary COPY: a signature, then per row a field count and (length, big-endian value) per
# field, a length of -1 for NULL, and a trailer. Rows are built as numpy records, not one by one.
_PG_COPY_SIGNATURE = b"PGCOPY\n\xff\r\n\x00" + bytes(8)
_PG_COPY_TRAILER = b"\xff\xff"
_PG_INT4 = [("upload_id", ">i4"), ("series_id", ">i4"), ("period_start", ">i4")]


def _pg_binary_copy(upload_id: int, series_ids: np.ndarray, days: np.ndarray, values: np.ndarray) -> bytes:
    """The points as a binary COPY stream: upload_id, series_id, period_start as int4, value as float8."""
    gap = np.isnan(values)
    blocks = [_PG_COPY_SIGNATURE]
    for rows, has_value in ((np.flatnonzero(~gap), True), (np.flatnonzero(gap), False)):
        fields = [("fields", ">i2")]
        for name, kind in _PG_INT4:
            fields += [(f"{name}_length", ">i4"), (name, kind)]
        fields += [("value_length", ">i4")] + ([("value", ">f8")] if has_value else [])
        block = np.empty(len(rows), dtype=fields)
        block["fields"] = 4
        block["upload_id_length"] = block["series_id_length"] = block["period_start_length"] = 4
        block["upload_id"] = upload_id
        block["series_id"] = series_ids[rows]
        block["period_start"] = days[rows]
        block["value_length"] = 8 if has_value else -1  # -1: NULL, how gaps are kept
        if has_value:
            block["value"] = values[rows]
        blocks.append(block.tobytes())
    blocks.append(_PG_COPY_TRAILER)
    return b"".join(blocks)


def _copy_points_postgresql(
    raw: Any, upload_id: int, series_ids: np.ndarray, days: np.ndarray, values: np.ndarray
) -> None:
    """COPY ... FROM STDIN in binary format on the transaction's own connection."""
    data = memoryview(_pg_binary_copy(upload_id, series_ids, days, values))
    with (
        raw.cursor() as cursor,
        cursor.copy(f"COPY indicator_points {_COLUMNS} FROM STDIN (FORMAT BINARY)") as copy,
    ):
        for start in range(0, len(data), COPY_BLOCK_BYTES):
            copy.write(data[start : start + COPY_BLOCK_BYTES])


@contextmanager
def _driver_errors(conn: Connection, errors: type[Exception]) -> Iterator[None]:
    """The driver's own errors (a full disk under a bulk insert) as a StoreError, like SQLAlchemy's."""
    try:
        yield
    except errors as exc:
        problem = describe_db_error(exc) + storage_problem(conn.engine)
        raise StoreError(f"The store refused the write: {problem}") from exc


def _insert_points(
    conn: Connection, upload_id: int, series_ids: np.ndarray, days: np.ndarray, values: np.ndarray
) -> None:
    """Bulk insert through the DBAPI connection: multi-row INSERTs on SQLite, COPY on PostgreSQL (psycopg)."""
    if len(series_ids) > 1 and not bool(np.all(series_ids[1:] >= series_ids[:-1])):
        # Points come ordered by series and period; in primary-key order they are appended to the end
        # of the key's b-tree instead of landing all over it.
        order = np.argsort(series_ids, kind="stable")
        series_ids, days, values = series_ids[order], days[order], values[order]
    raw = conn.connection.driver_connection
    if conn.dialect.name == "sqlite":
        import sqlite3

        with _driver_errors(conn, sqlite3.Error):
            _insert_points_sqlite(raw, upload_id, series_ids, days, values)
    elif conn.dialect.name == "postgresql" and conn.dialect.driver == "psycopg":
        import psycopg

        with _driver_errors(conn, psycopg.Error):
            _copy_points_postgresql(raw, upload_id, series_ids, days, values)
    else:
        for start in range(0, len(days), INSERT_CHUNK):
            end = start + INSERT_CHUNK
            chunk = [
                {"upload_id": upload_id, "series_id": s, "period_start": d, "value": None if v != v else v}
                for s, d, v in zip(
                    series_ids[start:end].tolist(),
                    days[start:end].tolist(),
                    values[start:end].tolist(),
                    strict=True,
                )
            ]
            conn.execute(indicator_points.insert(), chunk)


def store_validated(
    engine: Engine, v: Validated, *, filename: str, sha256: str, via: str, layout: str, source: str | None
) -> UploadResult:
    """Store one validated file as a new upload in one transaction, unless these bytes are already stored."""
    for attempt in range(1, STORE_ATTEMPTS + 1):
        try:
            return _store_once(engine, v, filename, sha256, via, layout, source)
        except sa.exc.IntegrityError as exc:
            # A concurrent upload of the same bytes or the same new series committed first; the next
            # attempt sees its rows (an identical file is then a duplicate).
            if attempt == STORE_ATTEMPTS:
                raise StoreError(f"The store refused the write: {describe_db_error(exc)}") from exc
    raise AssertionError("unreachable")


def _store_once(
    engine: Engine, v: Validated, filename: str, sha256: str, via: str, layout: str, source: str | None
) -> UploadResult:
    # Foreign keys hold by construction: the upload row is inserted and the series ids are read or
    # created in this same transaction, so SQLite is spared a lookup per point.
    with write_transaction(engine, check_foreign_keys=False) as conn:
        earlier = find_upload_by_sha256(conn, sha256)
        if earlier is not None:
            return _as_result(earlier)
        now = utcnow()
        inserted = conn.execute(
            indicator_uploads.insert().values(
                filename=filename,
                sha256=sha256,
                uploaded_at=now,
                activated_at=now,
                via=via,
                rows=len(v.days),
                series=len(v.series),
                layout=layout,
                source=source,
            )
        )
        upload_id = _new_id(inserted)
        ids = np.array(_series_ids(conn, v.series), dtype=np.int64)
        _insert_points(conn, upload_id, ids[v.series_idx] if len(ids) else ids, v.days, v.values)
    return UploadResult(upload_id, filename, len(v.days), len(v.series))


def activate_upload(engine: Engine, upload_id: int) -> datetime:
    """Make an older upload current again: its points win until a newer upload or activation."""
    now = utcnow()
    with write_transaction(engine) as conn:
        done = conn.execute(
            indicator_uploads.update()
            .where(indicator_uploads.c.upload_id == upload_id)
            .values(activated_at=now)
        )
        if done.rowcount == 0:
            raise UnknownUpload(f"No indicator upload has id {upload_id}; `indicators history` lists them.")
    return now


def _series_versions(conn: Connection) -> list[sa.Row[Any]]:
    """One row per (series, upload) with its point count and period range, newest activation first."""
    s, p, u = indicator_series.c, indicator_points.c, indicator_uploads.c
    return list(
        conn.execute(
            sa.select(
                s.series_id,
                s.indicator,
                s.entity,
                s.unit,
                s.granularity,
                u.upload_id,
                u.filename,
                u.uploaded_at,
                u.activated_at,
                sa.func.count().label("points"),
                sa.func.min(p.period_start).label("first_day"),
                sa.func.max(p.period_start).label("last_day"),
            )
            .select_from(indicator_points.join(indicator_series).join(indicator_uploads))
            .group_by(s.series_id, u.upload_id)
            .order_by(s.indicator, s.entity, u.activated_at.desc(), u.upload_id.desc())
        )
    )


def list_series(engine: Engine) -> list[dict[str, Any]]:
    """Each series with the upload that is current for it (its newest activation)."""
    from etl.indicators.values import period_to_iso

    out: dict[int, dict[str, Any]] = {}
    versions: dict[int, int] = {}
    with engine.connect() as conn:
        rows = _series_versions(conn)
    for r in rows:
        versions[r.series_id] = versions.get(r.series_id, 0) + 1
        if r.series_id in out:
            continue
        out[r.series_id] = {
            "indicator": r.indicator,
            "entity": r.entity,
            "unit": r.unit,
            "granularity": r.granularity,
            "points": r.points,
            "first": period_to_iso(r.first_day, r.granularity),
            "last": period_to_iso(r.last_day, r.granularity),
            "upload_id": r.upload_id,
            "filename": r.filename,
            "activated_at": as_utc(r.activated_at),
        }
    for series_id, row in out.items():
        row["versions"] = versions[series_id]
    return sorted(out.values(), key=lambda r: (r["indicator"], r["entity"], r["unit"]))


def upload_history(engine: Engine, indicator: str | None = None) -> list[dict[str, Any]]:
    """Every upload, newest first, with the indicators it holds and whether it is current for any of them."""
    with engine.connect() as conn:
        rows = _series_versions(conn)
        uploads = {r.upload_id: r for r in conn.execute(sa.select(indicator_uploads))}
    holds: dict[int, set[str]] = {}
    current: set[int] = set()
    seen: set[int] = set()
    for r in rows:
        holds.setdefault(r.upload_id, set()).add(r.indicator)
        if r.series_id not in seen:
            seen.add(r.series_id)
            current.add(r.upload_id)
    out = []
    for upload_id in sorted(uploads, reverse=True):
        u = uploads[upload_id]
        names = sorted(holds.get(upload_id, set()))
        if indicator is not None and indicator not in names:
            continue
        out.append(
            {
                "upload_id": upload_id,
                "filename": u.filename,
                "uploaded_at": as_utc(u.uploaded_at),
                "activated_at": as_utc(u.activated_at),
                "via": u.via,
                "rows": u.rows,
                "series": u.series,
                "layout": u.layout,
                "source": u.source,
                "indicators": names,
                "current": upload_id in current,
                "sha256": u.sha256,
            }
        )
    return out
